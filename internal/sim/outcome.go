package sim

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/internal/intercept"
	"github.com/jrmd/jrmd/internal/track"
)

// Every outcome explains itself: a nation that knew of a threat and did not
// engage it says why, in a not_engaged event at the end of the threat's
// flight. The reason is the battle manager's own: each decision cycle notes
// where the decision chain stopped for each system track (bmc.Reason, in
// the chain's order), and a threat keeps the furthest gate any of its
// tracks reached, with what was found there the first time it got that
// far. The bookkeeping is one slice lookup per track and cycle; a record
// (and the object the track follows) is made only when a track gets
// further, and the costliest account, which constraint keeps each battery
// from reaching it, only when the event is logged.

// whyNot is how far a nation's battle management got with a threat: the
// furthest gate it never passed, when it first got there, on which system
// track and battery, and what was found.
type whyNot struct {
	reason  bmc.Reason
	atS     float64
	stn     uint64
	battery string
	asset   string // the asset it was predicted to threaten, if known
	detail  string
	ev      *evaluation // out of reach: the evaluation, explained when logged (reachDetail)
	barred  []*battery  // out of reach: the batteries with interceptors that may not launch on the track
	// earlier: the furthest gate an earlier, ended track of the object
	// reached, and when (0: none further than this one).
	earlier  bmc.Reason
	earlierS float64
}

// further tells whether reason r takes system track stn further along the
// decision chain than it has been noted to get, and notes it.
func (n *nation) further(stn uint64, r bmc.Reason) bool {
	if stn >= uint64(len(n.stage)) {
		n.stage = append(n.stage, make([]bmc.Reason, int(stn)+1-len(n.stage))...)
	}
	if !r.Further(n.stage[stn]) {
		return false
	}
	n.stage[stn] = r
	return true
}

// record keeps why, found now on system track stn, as the reason its
// object was not engaged, if it is further along than the object's
// record, or if the track of that record has ended: an object's later
// track is a new attempt (a fire-control radar's own track of what early
// warning lost), and its story is the one that ends the flight. The
// furthest gate of the tracks before it is kept beside (earlier).
func (n *nation) record(stn uint64, why whyNot) {
	truth := n.truthOf(stn)
	if truth < 0 {
		return
	}
	w := &n.why[truth]
	if !why.reason.Further(w.reason) {
		if _, live := n.fuser.Track(w.stn); live || w.stn == stn {
			return
		}
	}
	for _, e := range []whyNot{{reason: w.reason, atS: w.atS}, {reason: w.earlier, atS: w.earlierS}} {
		if e.reason.Further(why.reason) && e.reason.Further(why.earlier) {
			why.earlier, why.earlierS = e.reason, e.atS
		}
	}
	why.atS, why.stn = n.w.now, stn
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
	if n.fired[i] || !math.IsNaN(t.deadS) || len(n.batteries) == 0 {
		return
	}
	why := n.why[i]
	if why.reason == 0 {
		seen := n.seenBy(i)
		if len(seen) == 0 && !n.warned[i] {
			return // it never knew
		}
		why = whyNot{reason: bmc.NoTrack, atS: math.NaN(), detail: "no track of it entered the picture"}
		if len(seen) > 0 {
			why.detail = "detected by " + strings.Join(seen, ", ") + ", never tracked"
		} else {
			why.detail = "warned of its launch, no track of it entered the picture"
		}
	}
	detail := why.detail
	switch why.reason {
	case bmc.NoFireControl:
		detail = n.noFireControl(i)
	case bmc.OutOfReach:
		detail = n.reachDetail(why)
	}
	if !math.IsNaN(why.atS) {
		detail = fmt.Sprintf("at %.0f s: %s", why.atS, detail)
	}
	if why.earlier.Further(why.reason) {
		detail += fmt.Sprintf(" (an earlier track of it, since ended, got as far as %s at %.0f s)", why.earlier, why.earlierS)
	}
	ev := Event{TS: w.now, Type: EvNotEngaged, Nation: n.id, Threat: t.id, STN: why.stn, Battery: why.battery, Reason: why.reason.String(), Detail: detail}
	ev.Asset = why.asset
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
		strings.Join(held, " and "), requirements(n.batteries))
}

// requirements names the launch rules of batteries: each distinct rule
// once, with the batteries and interceptor types that have it.
func requirements(bats []*battery) string {
	var rules []track.FireControl
	var who [][]string
	for _, b := range bats {
		k := slices.Index(rules, b.rule)
		if k < 0 {
			k = len(rules)
			rules, who = append(rules, b.rule), append(who, nil)
		}
		who[k] = append(who[k], b.id+" ("+b.it.Name+")")
	}
	var out []string
	for k, r := range rules {
		out = append(out, strings.Join(who[k], ", ")+": "+r.String())
	}
	return strings.Join(out, "; ")
}

// partnerOnly names the partners whose track of a system track meets an
// own battery's launch rule, which the level does not let the nation
// launch on.
func (n *nation) partnerOnly(st *fusion.SystemTrack, own []*battery) string {
	var who []string
	var by []*battery
	for _, r := range st.Reports {
		for _, b := range own {
			if r.Nation != n.id && bmc.Meets(&r, b.rule) {
				if !slices.Contains(who, r.Nation) {
					who = append(who, r.Nation)
				}
				if !slices.Contains(by, b) {
					by = append(by, b)
				}
			}
		}
	}
	slices.Sort(who)
	return fmt.Sprintf("%s's track, within the launch requirement of %s, which %s may not launch on under %s (own sensors' tracks only)",
		strings.Join(who, " and "), requirements(by), n.id, n.w.level)
}

// harmless says where an evaluation put a threat's impact, threatening no
// defended asset.
func (n *nation) harmless(ev *evaluation) string {
	w := n.w
	at := w.e.ToLLA(ev.impact)
	s := fmt.Sprintf("predicted impact at %.2f°, %.2f° (±%.0f km) threatens no defended asset", at.LatDeg, at.LonDeg, ev.sigmaM/1e3)
	best, bestD := -1, math.Inf(1)
	for i, a := range w.assets {
		if d, _, _ := w.e.Inverse(at, a.Pos); d < bestD {
			best, bestD = i, d
		}
	}
	if best >= 0 {
		s += fmt.Sprintf(" (nearest %s, %.0f km; a threat is one within %.0f km plus 3σ)", w.assets[best].ID, bestD/1e3, bmc.LethalRadiusM/1e3)
	}
	return s
}

// unassigned names the batteries that could have engaged a threat the
// assignment left out: within reach, and allowed to launch on its track.
func (n *nation) unassigned(ev *evaluation, bats []*battery, may []bool) string {
	var could []string
	for j, b := range bats {
		if may[j] && ev.feasible[b] {
			could = append(could, b.id)
		}
	}
	return "within reach of " + strings.Join(could, ", ") + ", whose interceptors the assignment gave to other threats (or that had it in hand: planned, refused or waiting)"
}

// uncommitted says why a plan did not commit.
func uncommitted(b *battery, p intercept.Plan) string {
	if m := b.it.MinClosingSpeedMps; m > 0 && p.ClosingMps < m {
		return fmt.Sprintf("%s's intercept at %.0f s would close at %.0f m/s, below the %s's %.0f m/s", b.id, p.InterceptS, p.ClosingMps, b.it.Name, m)
	}
	return fmt.Sprintf("%s's predicted intercept point at %.0f s is uncertain to %.0f m (3σ), beyond the kill vehicle's divert reach of %.0f m",
		b.id, p.InterceptS, 3*p.PIPSigmaM, p.DivertReachM)
}

// reachDetail says, battery by battery, why none could reach a threat
// when it was found out of reach.
func (n *nation) reachDetail(why whyNot) string {
	w, ev := n.w, why.ev
	cue, ok := n.cuedS[why.stn]
	if !ok {
		cue = math.NaN()
	}
	var parts []string
	for _, bats := range [][]*battery{n.batteries, n.partnerBats} {
		for _, b := range bats {
			_, evaluated := ev.feasible[b]
			_, held := ev.infeasibleS[b]
			if !evaluated && !held {
				parts = append(parts, b.id+": no interceptors left")
				continue
			}
			if slices.Contains(why.barred, b) {
				parts = append(parts, fmt.Sprintf("%s: no track it may launch on (%s: %s)", b.id, b.it.Name, b.rule))
				continue
			}
			q := intercept.Reach{Earth: w.e, Site: b.site, Threat: ev.pred, ThreatEndS: ev.pred.FlightTimeS, Interceptor: b.it,
				LaunchDelayS: b.timing.EarliestLaunchS(cue, why.atS)}
			c, d := q.Obstacle()
			parts = append(parts, fmt.Sprintf("%s: %s: %s", b.id, c, d))
		}
	}
	return fmt.Sprintf("no battery could reach it on its flight as then predicted (impact at %.0f s): %s", ev.pred.FlightTimeS, strings.Join(parts, "; "))
}
