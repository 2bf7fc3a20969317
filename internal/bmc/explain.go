package bmc

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/track"
)

// Every outcome explains itself: each decision cycle notes, for each
// system track, the gate of the decision chain it stopped at (Reason),
// and tells (a Finding) when a track gets further than it had. Its owner
// keeps, per threat, the furthest of its tracks' findings; the costliest
// account, which constraint keeps each battery from reaching a threat, is
// worked out only when asked for (Explain).

// Finding is a gate of the decision chain a system track reached, found
// at AtS: the reason it is not engaged if it gets no further, on which
// battery and for which asset, and what was found there.
type Finding struct {
	Reason  Reason
	AtS     float64
	STN     uint64
	Battery string
	Asset   string // the asset it was predicted to threaten, if known
	Detail  string
	// Out of reach: the evaluation, and the batteries with interceptors
	// that may not launch on the track (Explain).
	ev     *evaluation
	barred []*Battery
}

// further tells whether reason r takes system track stn further along the
// decision chain than it has been found to get, and notes it.
func (m *Manager) further(stn uint64, r Reason) bool {
	if stn >= uint64(len(m.stage)) {
		m.stage = append(m.stage, make([]Reason, int(stn)+1-len(m.stage))...)
	}
	if !r.Further(m.stage[stn]) {
		return false
	}
	m.stage[stn] = r
	return true
}

// find tells a finding, made now.
func (m *Manager) find(f Finding) {
	f.AtS = m.now
	m.emit(f)
}

// Explain is a finding's account: its Detail or, for a threat out of
// reach, battery by battery why none could reach it when it was found so.
func (m *Manager) Explain(f Finding) string {
	if f.Reason != OutOfReach || f.ev == nil {
		return f.Detail
	}
	ev := f.ev
	cue, ok := m.pic.CueS(f.STN)
	if !ok {
		cue = math.NaN()
	}
	var parts []string
	for _, bats := range [][]*Battery{m.bats, m.partners} {
		for _, b := range bats {
			_, evaluated := ev.feasible[b]
			_, held := ev.infeasibleS[b]
			if !evaluated && !held {
				parts = append(parts, b.ID+": no interceptors left")
				continue
			}
			if slices.Contains(f.barred, b) {
				parts = append(parts, fmt.Sprintf("%s: no track it may launch on (%s: %s)", b.ID, b.Interceptor.Name, b.Rule))
				continue
			}
			q := intercept.Reach{Earth: m.cfg.Earth, Site: b.Site, Threat: ev.pred, ThreatEndS: ev.pred.FlightTimeS, Interceptor: b.Interceptor,
				LaunchDelayS: b.Timing.EarliestLaunchS(cue, f.AtS)}
			c, d := q.Obstacle()
			parts = append(parts, fmt.Sprintf("%s: %s: %s", b.ID, c, d))
		}
	}
	return fmt.Sprintf("no battery could reach it on its flight as then predicted (impact at %.0f s): %s", ev.pred.FlightTimeS, strings.Join(parts, "; "))
}

// Requirements names the launch rules of batteries: each distinct rule
// once, with the batteries and interceptor types that have it.
func Requirements(bats []*Battery) string {
	var rules []track.FireControl
	var who [][]string
	for _, b := range bats {
		k := slices.Index(rules, b.Rule)
		if k < 0 {
			k = len(rules)
			rules, who = append(rules, b.Rule), append(who, nil)
		}
		who[k] = append(who[k], b.ID+" ("+b.Interceptor.Name+")")
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
func (m *Manager) partnerOnly(st *fusion.SystemTrack, own []*Battery) string {
	var who []string
	var by []*Battery
	for _, r := range st.Reports {
		for _, b := range own {
			if r.Nation != m.cfg.Nation && Meets(&r, b.Rule) {
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
		strings.Join(who, " and "), Requirements(by), m.cfg.Nation, m.cfg.Level)
}

// harmless says where an evaluation put a threat's impact, threatening no
// defended asset.
func (m *Manager) harmless(ev *evaluation) string {
	e := m.cfg.Earth
	at := e.ToLLA(ev.impact)
	s := fmt.Sprintf("predicted impact at %.2f°, %.2f° (±%.0f km) threatens no defended asset", at.LatDeg, at.LonDeg, ev.sigmaM/1e3)
	best, bestD := -1, math.Inf(1)
	for i, a := range m.cfg.Assets {
		if d, _, _ := e.Inverse(at, a.Pos); d < bestD {
			best, bestD = i, d
		}
	}
	if best >= 0 {
		s += fmt.Sprintf(" (nearest %s, %.0f km; a threat is one within %.0f km plus 3σ)", m.cfg.Assets[best].ID, bestD/1e3, LethalRadiusM/1e3)
	}
	return s
}

// unassigned names the batteries that could have engaged a threat the
// assignment left out: within reach, and allowed to launch on its track.
func unassigned(ev *evaluation, bats []*Battery, may []bool) string {
	var could []string
	for j, b := range bats {
		if may[j] && ev.feasible[b] {
			could = append(could, b.ID)
		}
	}
	return "within reach of " + strings.Join(could, ", ") + ", whose interceptors the assignment gave to other threats (or that had it in hand: planned, refused or waiting)"
}

// uncommitted says why a plan did not commit.
func uncommitted(b *Battery, p intercept.Plan) string {
	if m := b.Interceptor.MinClosingSpeedMps; m > 0 && p.ClosingMps < m {
		return fmt.Sprintf("%s's intercept at %.0f s would close at %.0f m/s, below the %s's %.0f m/s", b.ID, p.InterceptS, p.ClosingMps, b.Interceptor.Name, m)
	}
	return fmt.Sprintf("%s's predicted intercept point at %.0f s is uncertain to %.0f m (3σ), beyond the kill vehicle's divert reach of %.0f m",
		b.ID, p.InterceptS, 3*p.PIPSigmaM, p.DivertReachM)
}
