package sim

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strconv"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/states"
	"github.com/jrmd/jrmd/track"
)

// The state table (Options.States, Result.States) samples every object
// every StateGridS from time 0 to the run's end, and at the time of every
// event about it (to the millisecond, as logged):
//
//   - a threat (the truth exercise control keeps) from its launch to its
//     intercept or impact, and at the events that name it;
//   - an interceptor salvo (as its nation flew it) from its launch to its
//     intercept, and at the events that name it;
//   - a nation's system track while it is in the nation's picture, and at
//     the nation's events that name its number (stn).
//
// Every event time for every object would grow as the raid's size
// squared (a 100-threat raid has 4,000 event times); these grow with it.
// Recording changes nothing of the run: a nation's part samples its
// picture between its actions, reading it only.

// StateGridS is the state table's regular sampling interval, s.
const StateGridS = 2.0

// stateRec is what a part records of the state table.
type stateRec struct {
	gridNext float64 // next grid time to sample
	// due: the times of the nation's events about its tracks not yet
	// sampled, in order.
	due    []dueTrack
	rows   []states.Sample
	salvos []salvo
	truth  truthCache // the threats at the last sample (a track's truth)
}

type dueTrack struct {
	t   float64
	stn uint64
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
			s = math.Min(s, st.due[0].t)
		}
		if !(s < t) || s > w.end {
			return
		}
		all := s == st.gridNext
		if all {
			st.gridNext += StateGridS
		}
		var stns []uint64
		for len(st.due) > 0 && st.due[0].t <= s {
			stns = append(stns, st.due[0].stn)
			st.due = st.due[1:]
		}
		if all {
			stns = nil
		}
		slices.Sort(stns)
		for _, n := range w.nations {
			n.sampleTracks(s, all, slices.Compact(stns))
		}
	}
}

// sampleTracks records the nation's system tracks at time s: all of
// them, or those numbered stns (sorted). The estimates are made on every
// core (they are most of the table's cost), the truths after, in order.
func (n *nation) sampleTracks(s float64, all bool, stns []uint64) {
	w := n.w
	var sts []*fusion.SystemTrack
	for _, st := range n.pic.Tracks() {
		if _, ok := slices.BinarySearch(stns, st.STN); all || ok {
			sts = append(sts, st)
		}
	}
	type estimate struct {
		row   states.Sample
		sigma float64 // of the position, m
		ok    bool
	}
	est := make([]estimate, len(sts))
	par.For(len(sts), 32, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			x, p, ok := n.pic.Estimate(sts[i].STN, s)
			if !ok {
				continue
			}
			pos, vel := track.ToECEF(x, s)
			c := track.CovToECEF(&p, s)
			row := sample(w.e, s, states.Track, strconv.FormatUint(sts[i].STN, 10), n.id, pos, vel)
			row.Cov = [6]float64{c[0][0], c[0][1], c[0][2], c[1][1], c[1][2], c[2][2]}
			est[i] = estimate{row, math.Sqrt(p[0][0] + p[1][1] + p[2][2]), true}
		}
	})
	for i, e := range est {
		if !e.ok {
			continue
		}
		k := n.votedTruth(sts[i])
		if k < 0 {
			// Searched with a cache of its own, so that samples between
			// the run's actions leave the run's cache be.
			k = w.st.truth.within(w, geo.ECEF{e.row.X, e.row.Y, e.row.Z}, s, e.sigma)
		}
		if k >= 0 {
			e.row.Truth = w.threats[k].id
		}
		w.st.rows = append(w.st.rows, e.row)
	}
}

func sample(e geo.Earth, t float64, kind states.Kind, id, nation string, pos, vel geo.ECEF) states.Sample {
	lla := e.ToLLA(pos)
	return states.Sample{TS: t, Kind: kind, ID: id, Nation: nation, X: pos[0], Y: pos[1], Z: pos[2], VX: vel[0], VY: vel[1], VZ: vel[2],
		LatDeg: lla.LatDeg, LonDeg: lla.LonDeg, AltM: lla.AltM}
}

// stateTable assembles a run's state table: the nations' track samples
// and salvos, and the threats' truth, at the grid and at their events'
// times.
func stateTable(parts []*Part, events []Event, kills []Kill) []states.Sample {
	ctl := parts[0].w
	var grid []float64
	for t := 0.0; t <= ctl.end; t += StateGridS {
		grid = append(grid, t)
	}
	about := map[string][]float64{} // "threat/ID", "salvo/NATION/ID" → event times
	for _, ev := range events {
		if ev.Threat != "" {
			about["threat/"+ev.Threat] = append(about["threat/"+ev.Threat], ev.TS)
		}
		if ev.Salvo != "" {
			k := "salvo/" + ev.Nation + "/" + ev.Salvo
			about[k] = append(about[k], ev.TS)
		}
	}
	// times is the sample times of a flight [a, b] (as logged), with the
	// events about the object.
	times := func(a, b float64, object string) []float64 {
		a, b = round(a), round(math.Min(b, ctl.end))
		i, _ := slices.BinarySearch(grid, a)
		j, _ := slices.BinarySearch(grid, math.Nextafter(b, math.Inf(1)))
		ts := append([]float64{a, b}, grid[i:j]...)
		for _, t := range about[object] {
			if t >= a && t <= b {
				ts = append(ts, t)
			}
		}
		slices.Sort(ts)
		return slices.Compact(ts)
	}
	killed := map[int]float64{}
	for _, k := range kills {
		if t, ok := killed[k.Threat]; !ok || k.TimeS < t {
			killed[k.Threat] = k.TimeS
		}
	}
	// The sample times of every flight first, to size the table once:
	// it is the largest thing a run keeps.
	threatTimes := make([][]float64, len(ctl.threats))
	threatAt := make([]int, len(ctl.threats)) // where each threat's rows start, from the first threat's
	ends := make([]float64, len(ctl.threats))
	nThreatRows := 0
	for i, th := range ctl.threats {
		end := th.launchS + th.tr.FlightTimeS
		if t, ok := killed[th.idx]; ok {
			end = math.Min(end, t)
		}
		ends[i] = end
		threatTimes[i] = times(th.launchS, end, "threat/"+th.id)
		threatAt[i] = nThreatRows
		nThreatRows += len(threatTimes[i])
	}
	n := nThreatRows
	var salvoTimes [][]float64
	for _, p := range parts[1:] {
		if p.w.st != nil {
			n += len(p.w.st.rows)
			for _, sv := range p.w.st.salvos {
				salvoTimes = append(salvoTimes, times(sv.path.LaunchS(), sv.path.InterceptS(), "salvo/"+sv.nation+"/"+sv.id))
				n += len(salvoTimes[len(salvoTimes)-1])
			}
		}
	}
	rows := make([]states.Sample, 0, n)
	for _, p := range parts[1:] {
		if p.w.st != nil {
			rows = append(rows, p.w.st.rows...)
			p.w.st.rows = nil
		}
	}
	// The threats' rows, each threat's in its own span, on every core;
	// a time outside a flight (none: they are clamped to it) leaves a
	// row with no kind, dropped after.
	at := len(rows)
	threatRows := rows[at : at+nThreatRows]
	par.Each(len(ctl.threats), func(i int) {
		th := ctl.threats[i]
		for j, s := range threatTimes[i] {
			pos, vel, ok := th.tr.StateAt(math.Max(th.launchS, math.Min(s, ends[i])) - th.launchS)
			if ok {
				threatRows[threatAt[i]+j] = sample(ctl.e, s, states.Threat, th.id, "", pos, vel)
			} else {
				threatRows[threatAt[i]+j] = states.Sample{}
			}
		}
	})
	rows = rows[:at+len(slices.DeleteFunc(threatRows, func(r states.Sample) bool { return r.Kind == "" }))]
	k := 0
	for _, p := range parts[1:] {
		if p.w.st == nil {
			continue
		}
		for _, sv := range p.w.st.salvos {
			for _, s := range salvoTimes[k] {
				pos, vel := sv.path.At(s)
				rows = append(rows, sample(p.w.e, s, states.Interceptor, sv.id, sv.nation, pos, vel))
			}
			k++
		}
	}
	return sortRows(rows)
}

// sortRows orders rows by states.Compare, ties in the order recorded,
// in place, and keeps the first of rows with one key: a track sampled
// twice at one logged time (an event logged within half a millisecond
// after a grid time rounds to it). It ranks the objects (kind, id,
// nation) once and sorts an index by time and rank, cheaper than
// comparing strings and moving rows, then moves each row once.
func sortRows(rows []states.Sample) []states.Sample {
	type object struct {
		kind       states.Kind
		id, nation string
	}
	of := func(r *states.Sample) object { return object{r.Kind, r.ID, r.Nation} }
	rankOf := map[object]int32{}
	for i := range rows {
		rankOf[of(&rows[i])] = 0
	}
	objects := slices.Collect(maps.Keys(rankOf))
	slices.SortFunc(objects, func(a, b object) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.id, b.id), cmp.Compare(a.nation, b.nation))
	})
	for i, o := range objects {
		rankOf[o] = int32(i)
	}
	// The keys side by side, not in the rows, for the sort to read.
	type key struct {
		t       float64
		rank, i int32
	}
	keys := make([]key, len(rows))
	for i := range rows {
		keys[i] = key{rows[i].TS, rankOf[of(&rows[i])], int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.rank, b.rank), cmp.Compare(a.i, b.i))
	})
	idx := make([]int32, len(keys))
	for i, k := range keys {
		idx[i] = k.i
	}
	keys = nil
	// Apply the permutation: position i takes rows[idx[i]], cycle by cycle.
	for i := range idx {
		if idx[i] < 0 {
			continue
		}
		tmp := rows[i]
		j := i
		for {
			k := int(idx[j])
			idx[j] = -1
			if k == i {
				rows[j] = tmp
				break
			}
			rows[j] = rows[k]
			j = k
		}
	}
	out := rows[:0]
	for i := range rows {
		if n := len(out); n > 0 && states.Compare(&out[n-1], &rows[i]) == 0 {
			continue
		}
		out = append(out, rows[i])
	}
	return out
}
