package sim

import (
	"fmt"
	"math"
	"strings"

	"github.com/jrmd/jrmd/internal/bmc"
)

// Every outcome explains itself: a nation that knew of a threat and did not
// engage it says why, in a not_engaged event at the end of the threat's
// flight. The reason is the battle manager's own: it tells, for each
// system track, each gate of its decision chain the track gets further to
// (bmc.Finding), and a threat keeps the furthest gate any of its tracks
// reached, with what was found there the first time it got that far. A
// record (and the object the track follows) is made only when a track
// gets further, and the costliest account, which constraint keeps each
// battery from reaching it, only when the event is logged
// (bmc.Manager.Explain).

// whyNot is how far a nation's battle management got with a threat: the
// furthest gate it never passed, when it first got there, on which system
// track and battery, and what was found.
type whyNot struct {
	bmc.Finding
	// earlier: the furthest gate an earlier, ended track of the object
	// reached, and when (0: none further than this one).
	earlier  bmc.Reason
	earlierS float64
}

// record keeps a finding on a system track as the reason its object was
// not engaged, if it is further along than the object's record, or if the
// track of that record has ended: an object's later track is a new
// attempt (a fire-control radar's own track of what early warning lost),
// and its story is the one that ends the flight. The furthest gate of the
// tracks before it is kept beside (earlier).
func (n *nation) record(f bmc.Finding) {
	truth := n.truthOf(f.STN)
	if truth < 0 {
		return
	}
	w := &n.why[truth]
	if !f.Reason.Further(w.Reason) {
		if _, live := n.pic.Track(w.STN); live || w.STN == f.STN {
			return
		}
	}
	why := whyNot{Finding: f}
	for _, e := range []whyNot{{Finding: bmc.Finding{Reason: w.Reason, AtS: w.AtS}}, {Finding: bmc.Finding{Reason: w.earlier, AtS: w.earlierS}}} {
		if e.Reason.Further(why.Reason) && e.Reason.Further(why.earlier) {
			why.earlier, why.earlierS = e.Reason, e.AtS
		}
	}
	*w = why
}

// explainEnded explains the threats whose flights have ended (all: every
// threat left, at the run's end).
func (n *nation) explainEnded(all bool) {
	w := n.w
	for ; n.explained < len(n.ends); n.explained++ {
		t := w.threats[n.ends[n.explained]]
		if !all && t.launchS+t.tr.FlightTimeS > w.now {
			return
		}
		n.explain(t.idx)
	}
}

// explain logs why the nation did not engage a threat it knew of: neither
// launched at nor killed by anyone, with batteries to engage it.
func (n *nation) explain(i int) {
	w := n.w
	t := w.threats[i]
	if n.fired[i] || !math.IsNaN(t.deadS) || len(n.bm.Batteries()) == 0 {
		return
	}
	why := n.why[i]
	if why.Reason == 0 {
		seen := n.seenBy(i)
		if len(seen) == 0 && !n.warned[i] {
			return // it never knew
		}
		why = whyNot{Finding: bmc.Finding{Reason: bmc.NoTrack, AtS: math.NaN(), Detail: "no track of it entered the picture"}}
		if len(seen) > 0 {
			why.Detail = "detected by " + strings.Join(seen, ", ") + ", never tracked"
		} else {
			why.Detail = "warned of its launch, no track of it entered the picture"
		}
	}
	detail := n.bm.Explain(why.Finding)
	if why.Reason == bmc.NoFireControl {
		detail = n.noFireControl(i)
	}
	if !math.IsNaN(why.AtS) {
		detail = fmt.Sprintf("at %.0f s: %s", why.AtS, detail)
	}
	if why.earlier.Further(why.Reason) {
		detail += fmt.Sprintf(" (an earlier track of it, since ended, got as far as %s at %.0f s)", why.earlier, why.earlierS)
	}
	ev := Event{TS: w.now, Type: EvNotEngaged, Nation: n.id, Threat: t.id, STN: why.STN, Battery: why.Battery, Reason: why.Reason.String(), Detail: detail}
	ev.Asset = why.Asset
	w.log(ev)
}

// seenBy lists the nation's radars that detected a threat.
func (n *nation) seenBy(i int) []string {
	var out []string
	for _, ru := range n.radars {
		if ru.detected[i] {
			out = append(out, ru.r.ID)
		}
	}
	return out
}

// noFireControl says which tracks of a threat the nation held, none
// meeting the launch rule of any of its batteries.
func (n *nation) noFireControl(i int) string {
	var own []string
	for _, ru := range n.radars {
		if ru.confirmed[i] {
			own = append(own, ru.r.ID)
		}
	}
	var held []string
	if len(own) > 0 {
		held = append(held, "its own "+strings.Join(own, ", "))
	}
	if n.sharedTold[i] || len(own) == 0 {
		held = append(held, "partners' reports")
	}
	return fmt.Sprintf("tracked by %s, never to the launch requirement of any of its batteries (%s)",
		strings.Join(held, " and "), bmc.Requirements(n.bm.Batteries()))
}
