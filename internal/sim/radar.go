package sim

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/sensor"
	"github.com/jrmd/jrmd/track"
)

// A nation's sensors and picture: its radars, each with its own tracker,
// whose confirmed tracks feed the nation's fused picture, and its
// infrared early warning.

// radarUnit is a radar with its own tracker.
type radarUnit struct {
	r       sensor.Radar
	nation  *nation
	tracker *track.Tracker
	rng     *rand.Rand
	// By tracker track ID (the tracker numbers its tracks 1, 2, …):
	// truthCount, each track's measurements' truths (metrics bookkeeping);
	// aliveS, the last scan a track fed to the nation's fuser was alive at
	// (NaN: not fed), the fed ones listed in published.
	truthCount []tally
	aliveS     []float64
	published  []int
	// Threats this radar has detected, holds a confirmed track on, and
	// holds a fire-control track on (first-time events).
	detected, confirmed, fireControl map[int]bool
	// cueMet: in a cue's run, the (threat, rule of world.cueRules) pairs
	// whose rule its track has met (first-time events).
	cueMet map[[2]int]bool
	ms     []track.Measurement // scan's, reused
	nextS  float64             // its next scan (+Inf: none)
}

type irUnit struct {
	w   sensor.InfraredWarning
	rng *rand.Rand
}

// scan runs one radar scan: detections, the radar's tracker, and the
// confirmed tracks into the national picture.
func (n *nation) scan(ru *radarUnit) {
	w := n.w
	truths := w.truthsFor(ru.r.Model.FrequencyHz)
	dets := ru.r.Observe(w.e, w.now, truths, ru.rng)
	ms := ru.ms[:0] // the tracker keeps none of a scan's measurements
	for _, d := range dets {
		ms = append(ms, track.FromDetection(d))
		if d.TruthID >= 0 && !ru.detected[d.TruthID] {
			ru.detected[d.TruthID] = true
			w.log(Event{TS: w.now, Type: EvDetection, Nation: n.id, Sensor: ru.r.ID, Threat: w.threats[d.TruthID].id})
		}
	}
	ru.ms = ms
	if err := ru.tracker.Step(w.now, ms, ru.r.ID); err != nil {
		return // a tracker error drops the scan; the tracks carry on
	}
	for _, a := range ru.tracker.Assignments() {
		for len(ru.truthCount) <= a.TrackID {
			ru.truthCount = append(ru.truthCount, nil)
			ru.aliveS = append(ru.aliveS, math.NaN())
		}
		ru.truthCount[a.TrackID].add(dets[a.Meas].TruthID)
	}
	for i := range ru.tracker.Tracks() {
		tk := &ru.tracker.Tracks()[i]
		if !math.IsNaN(ru.aliveS[tk.ID]) {
			ru.aliveS[tk.ID] = w.now
		}
		if tk.Status != track.Confirmed || tk.LastUpdateS != w.now {
			continue
		}
		fc := track.DefaultFireControl.Ready(tk, w.now)
		if _, err := n.pic.fuse(w.now, fusion.Report{Source: ru.r.ID, ID: uint64(tk.ID), Nation: n.id, TimeS: tk.State.TimeS,
			X: tk.State.X, P: tk.State.P, FireControl: fc, Firm: track.DefaultFireControl.Firm(tk, w.now)}); err != nil {
			continue
		}
		if math.IsNaN(ru.aliveS[tk.ID]) {
			ru.published = append(ru.published, tk.ID)
		}
		ru.aliveS[tk.ID] = w.now
		truth := ru.truthCount[tk.ID].dominant()
		if truth >= 0 && !ru.confirmed[truth] {
			ru.confirmed[truth] = true
			w.log(Event{TS: w.now, Type: EvTrackConfirmed, Nation: n.id, Sensor: ru.r.ID, Threat: w.threats[truth].id})
		}
		if truth >= 0 && fc && !ru.fireControl[truth] {
			ru.fireControl[truth] = true
			w.log(Event{TS: w.now, Type: EvTrackFireControl, Nation: n.id, Sensor: ru.r.ID, Threat: w.threats[truth].id})
		}
		if truth >= 0 {
			n.cueRulesMet(ru, tk, truth)
		}
	}
	ru.published = slices.DeleteFunc(ru.published, func(id int) bool {
		if ru.aliveS[id] == w.now {
			return false
		}
		n.pic.Remove(ru.r.ID, uint64(id))
		ru.aliveS[id] = math.NaN()
		return true
	})
}

// tally counts by truth: a track's measurements, or a system track's
// radar tracks (a few truths each).
type tally []struct{ truth, n int }

func (t *tally) add(truth int) {
	for i := range *t {
		if (*t)[i].truth == truth {
			(*t)[i].n++
			return
		}
	}
	*t = append(*t, struct{ truth, n int }{truth, 1})
}

// dominant is the truth counted most (−1 for none or false alarms), ties
// to the lower index.
func (t *tally) dominant() int {
	best, bn := -1, 0
	if t == nil {
		return best
	}
	for _, c := range *t {
		if c.truth >= 0 && (c.n > bn || (c.n == bn && c.truth < best)) {
			best, bn = c.truth, c.n
		}
	}
	return best
}

// picture is a nation's fused picture (bmc.Picture): its fuser, with
// when each system track entered it.
type picture struct {
	*fusion.Fuser
	// cuedS: when each system track entered the picture (the first track
	// of its object the nation held, own or, when the level shares, a
	// partner's): the cue its command chain decides from (bmc.Timing).
	cuedS map[uint64]float64
}

func newPicture(motion fusion.Motion) *picture {
	return &picture{Fuser: &fusion.Fuser{Motion: motion, StaleS: fuseStaleS}, cuedS: map[uint64]float64{}}
}

// fuse takes a report into the picture at time now, noting when a system
// track it starts entered it.
func (p *picture) fuse(now float64, r fusion.Report) (uint64, error) {
	stn, isNew, err := p.Update(r)
	if err == nil && isNew {
		p.cuedS[stn] = now
	}
	return stn, err
}

// CueS is when a system track entered the picture.
func (p *picture) CueS(stn uint64) (float64, bool) {
	t, ok := p.cuedS[stn]
	return t, ok
}

// PartnerTrack is the system track a partner's track (by the partner's
// number) feeds.
func (p *picture) PartnerTrack(nation string, stn uint64) (uint64, bool) {
	return p.Lookup(partnerSource(nation), stn)
}

// partnerSource is the picture's source of a partner's track reports.
func partnerSource(nation string) string { return "nation:" + nation }

// truthOf is the object a system track follows, for metrics and for the
// physical outcome of an engagement (the interceptor flies at what the
// track follows): the object most of the nation's own measurements in it
// came from or, for a track made only of partners' reports, the object
// nearest its estimate.
func (n *nation) truthOf(stn uint64) int {
	st, ok := n.pic.Track(stn)
	if !ok {
		return -1
	}
	if i := n.votedTruth(st); i >= 0 {
		return i
	}
	x, p, ok := n.pic.Estimate(stn, n.w.now)
	if !ok {
		return -1
	}
	pos, _ := track.ToECEF(x, n.w.now)
	return n.w.nearestTruth(pos, n.w.now, math.Sqrt(p[0][0]+p[1][1]+p[2][2]))
}

// votedTruth is the object most of the nation's own measurements in a
// system track came from, −1 if none.
func (n *nation) votedTruth(st *fusion.SystemTrack) int {
	var votes tally
	for _, r := range st.Reports {
		if r.Nation != n.id {
			continue
		}
		for _, ru := range n.radars {
			if ru.r.ID == r.Source {
				if id := int(r.ID); id < len(ru.truthCount) {
					if k := ru.truthCount[id].dominant(); k >= 0 {
						votes.add(k)
					}
				}
			}
		}
	}
	return votes.dominant()
}

// warning: an infrared launch report reaches the nation (and, when it
// shares, its partners).
func (n *nation) warning(ir *irUnit, t *threat, rep sensor.LaunchReport) {
	w := n.w
	w.log(Event{TS: w.now, Type: EvWarning, Nation: n.id, Sensor: ir.w.ID, Threat: t.id})
	n.warned[t.idx] = true
	if !w.level.Shares() {
		return
	}
	msg := warningEnvelope(ir.w.ID, t, rep)
	for _, p := range n.shareWith {
		n.send(p, msg)
	}
}

// cueRulesMet logs, in a cue's run, the first time a radar's track of a
// threat meets each launch rule of world.cueRules: a track_fire_control
// event per battery and interceptor type with that rule.
func (n *nation) cueRulesMet(ru *radarUnit, tk *track.Track, truth int) {
	w := n.w
	for k, cr := range w.cueRules {
		key := [2]int{truth, k}
		if ru.cueMet[key] || !cr.rule.Ready(tk, w.now) {
			continue
		}
		ru.cueMet[key] = true
		for _, l := range cr.who {
			w.log(Event{TS: w.now, Type: EvTrackFireControl, Nation: n.id, Sensor: ru.r.ID, Threat: w.threats[truth].id,
				Battery: l.Battery, Interceptor: l.Interceptor})
		}
	}
}
