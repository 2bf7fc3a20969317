package sim

import (
	"math"
	"slices"
	"strconv"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/states"
	"github.com/jrmd/jrmd/track"
)

// The state table (Options.States, Result.States) samples the run every
// StateGridS from time 0 to the run's end, and at the time of every event:
//
//   - threats (the truth exercise control keeps) and interceptor salvos
//     (as each nation flew them) at every grid and event time of their
//     flight, from launch to intercept or impact;
//   - each nation's system tracks at every grid time and at the times of
//     the nation's own events. Its part runs ahead of the others within a
//     step (see Conductor), so its picture at the time of another part's
//     event is gone by the time that event is known.
//
// Event times are the logged ones (to the millisecond). Recording changes
// nothing of the run: a part samples its picture between its actions,
// reading it only.

// StateGridS is the state table's regular sampling interval, s.
const StateGridS = 2.0

// stateRec is what a part records of the state table.
type stateRec struct {
	gridNext float64   // next grid time to sample
	due      []float64 // own event times not yet sampled, in order
	rows     []states.Sample
	salvos   []salvo
}

// salvo is an engagement's interceptors in flight.
type salvo struct {
	id, nation string
	path       intercept.Path
}

func newStateRec(atS float64) *stateRec {
	return &stateRec{gridNext: math.Ceil(atS/StateGridS) * StateGridS}
}

// sampleBefore samples the part's tracks at every due time before t: all
// of the part's actions up to that time have run, none after.
func (w *world) sampleBefore(t float64) {
	st := w.st
	if st == nil || len(w.nations) == 0 {
		return
	}
	for {
		s := st.gridNext
		if len(st.due) > 0 {
			s = math.Min(s, st.due[0])
		}
		if !(s < t) || s > w.end {
			return
		}
		if s == st.gridNext {
			st.gridNext += StateGridS
		}
		for len(st.due) > 0 && st.due[0] <= s {
			st.due = st.due[1:]
		}
		for _, n := range w.nations {
			n.sampleTracks(s)
		}
	}
}

// sampleTracks records the nation's system tracks at time s.
func (n *nation) sampleTracks(s float64) {
	w := n.w
	for _, st := range n.pic.Tracks() {
		x, p, ok := n.pic.Estimate(st.STN, s)
		if !ok {
			continue
		}
		pos, vel := track.ToECEF(x, s)
		c := track.CovToECEF(&p, s)
		row := sample(w.e, s, states.Track, strconv.FormatUint(st.STN, 10), n.id, pos, vel)
		row.Cov = [6]float64{c[0][0], c[0][1], c[0][2], c[1][1], c[1][2], c[2][2]}
		if i := n.truthAt(st.STN, s); i >= 0 {
			row.Truth = w.threats[i].id
		}
		w.st.rows = append(w.st.rows, row)
	}
}

func sample(e geo.Earth, t float64, kind states.Kind, id, nation string, pos, vel geo.ECEF) states.Sample {
	lla := e.ToLLA(pos)
	return states.Sample{TS: t, Kind: kind, ID: id, Nation: nation, X: pos[0], Y: pos[1], Z: pos[2], VX: vel[0], VY: vel[1], VZ: vel[2],
		LatDeg: lla.LatDeg, LonDeg: lla.LonDeg, AltM: lla.AltM}
}

// stateTable assembles a run's state table: the nations' track samples
// and salvos, and the threats' truth, at the grid and every event time.
func stateTable(parts []*Part, events []Event, kills []Kill) []states.Sample {
	ctl := parts[0].w
	var times []float64
	for t := 0.0; t <= ctl.end; t += StateGridS {
		times = append(times, t)
	}
	for _, ev := range events {
		times = append(times, ev.TS)
	}
	slices.Sort(times)
	times = slices.Compact(times)
	// within is the sample times of a flight [a, b], as logged.
	within := func(a, b float64) []float64 {
		i, _ := slices.BinarySearch(times, round(a))
		j, _ := slices.BinarySearch(times, math.Nextafter(round(math.Min(b, ctl.end)), math.Inf(1)))
		return times[i:j]
	}
	killed := map[int]float64{}
	for _, k := range kills {
		if t, ok := killed[k.Threat]; !ok || k.TimeS < t {
			killed[k.Threat] = k.TimeS
		}
	}
	rows := []states.Sample{} // recorded, if empty
	for _, th := range ctl.threats {
		end := th.launchS + th.tr.FlightTimeS
		if t, ok := killed[th.idx]; ok {
			end = math.Min(end, t)
		}
		for _, s := range within(th.launchS, end) {
			pos, vel, ok := th.tr.StateAt(math.Max(th.launchS, math.Min(s, end)) - th.launchS)
			if ok {
				rows = append(rows, sample(ctl.e, s, states.Threat, th.id, "", pos, vel))
			}
		}
	}
	for _, p := range parts[1:] {
		if p.w.st == nil {
			continue
		}
		rows = append(rows, p.w.st.rows...)
		for _, sv := range p.w.st.salvos {
			for _, s := range within(sv.path.LaunchS(), sv.path.InterceptS()) {
				pos, vel := sv.path.At(s)
				rows = append(rows, sample(p.w.e, s, states.Interceptor, sv.id, sv.nation, pos, vel))
			}
		}
	}
	slices.SortFunc(rows, func(a, b states.Sample) int { return states.Compare(&a, &b) })
	return rows
}
