package bmc

import (
	"fmt"
	"strings"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/track"
)

// Decide is the battle-management cycle at time now: judge each system
// track by the batteries' launch rules under the level, evaluate the
// threats, assign batteries (its partners' too under step2), plan, apply
// the release policy, and launch or (under step2) claim first.
func (m *Manager) Decide(now float64) []Output {
	m.begin(now)
	for stn := range m.eval {
		// An ended track's evaluation (its predicted flight) is not asked
		// for again: system track numbers are not reused.
		if _, ok := m.pic.Track(stn); !ok {
			delete(m.eval, stn)
		}
	}
	type cand struct {
		stn   uint64
		ev    *evaluation
		value float64
		may   []bool // by battery of bats: it may launch on the track
	}
	level, assets := m.cfg.Level, m.cfg.Assets
	var bats []*Battery
	for _, b := range m.bats {
		if b.Inventory > 0 {
			bats = append(bats, b)
		}
	}
	own := len(bats)
	for _, b := range m.partners {
		if own > 0 && b.Inventory > 0 && !m.Lost(b.Nation) {
			bats = append(bats, b)
		}
	}
	var open []uint64
	var mays [][]bool
	var held holdings
	for _, st := range m.pic.Tracks() {
		stn := st.STN
		if m.dead[stn] || m.exhausted[stn] || m.engaged[stn] != nil || now-st.LastS() > m.cfg.Tuning.TrackAgeS {
			continue
		}
		held.of(st, m.cfg.Nation)
		if len(m.bats) > 0 {
			m.mayLaunch(st, &held)
		}
		if own == 0 {
			// Nothing left to engage with.
			if len(m.bats) > 0 && m.further(stn, InventoryExhausted) {
				m.find(Finding{Reason: InventoryExhausted, STN: stn, Detail: "no battery of " + m.cfg.Nation + " has interceptors left"})
			}
			continue
		}
		if h, ok := m.claims.Holder(stn); ok && h.Nation != m.cfg.Nation {
			if m.further(stn, AssignedToPartner) {
				m.find(Finding{Reason: AssignedToPartner, STN: stn, Detail: "claimed by " + h.Nation})
			}
			continue // a partner holds it
		}
		// Which batteries may launch on it: each by its own launch rule,
		// its own nation's tracks at every level, a partner's too under
		// step2 (a partner's battery, there only under step2, on any).
		may := make([]bool, len(bats))
		any, partnerOnly := false, false
		for j, b := range bats {
			h := held.judge(b.Rule)
			if j < own {
				may[j] = level.MayLaunch(h)
				partnerOnly = partnerOnly || h.PartnerFireControl
			} else {
				may[j] = h.OwnFireControl || h.PartnerFireControl
			}
			any = any || may[j]
		}
		if !any {
			var spent []string // batteries that may launch on it, with no interceptors left
			for _, b := range m.bats {
				if b.Inventory == 0 && level.MayLaunch(held.judge(b.Rule)) {
					spent = append(spent, b.ID)
				}
			}
			switch {
			case len(spent) > 0:
				if r := InventoryExhausted; m.further(stn, r) {
					m.find(Finding{Reason: r, STN: stn, Detail: "only " + strings.Join(spent, ", ") + " may launch on its track, with no interceptors left"})
				}
			case partnerOnly:
				if r := PartnerTrackOnly; m.further(stn, r) {
					m.find(Finding{Reason: r, STN: stn, Detail: m.partnerOnly(st, bats[:own])})
				}
			default:
				if r := NoFireControl; m.further(stn, r) {
					m.find(Finding{Reason: r, STN: stn})
				}
			}
			continue
		}
		open = append(open, stn)
		mays = append(mays, may)
	}
	if own == 0 {
		return m.out
	}
	var cands []cand
	for i, ev := range m.evaluateAll(open) {
		if ev != nil && ev.asset < 0 && m.further(open[i], NotThreatening) {
			m.find(Finding{Reason: NotThreatening, STN: open[i], Detail: m.harmless(ev)})
		}
		if ev == nil || ev.asset < 0 {
			continue
		}
		cands = append(cands, cand{stn: open[i], ev: ev, value: assets[ev.asset].Value, may: mays[i]})
	}
	if len(cands) == 0 {
		return m.out
	}
	values := make([]float64, len(cands))
	pk := make([][]float64, len(bats))
	inv := make([]int, len(bats))
	reach := make([]bool, len(cands)) // some battery that may launch on it can reach it
	for i, c := range cands {
		values[i] = c.value
	}
	for j, b := range bats {
		inv[j] = b.Inventory
		pk[j] = make([]float64, len(cands))
		for i, c := range cands {
			ok := c.may[j] && c.ev.feasible[b]
			reach[i] = reach[i] || ok
			if ok && !c.ev.refused[b] && !c.ev.waiting[b] && !m.passed(c.stn, b) {
				// Between batteries of equal Pk, the one nearest the
				// predicted impact (a shorter fly-out), so that every
				// nation's assignment breaks ties alike.
				d := geo.Vec3(b.Pos).Sub(geo.Vec3(c.ev.impact)).Norm()
				pk[j][i] = b.Interceptor.Pk * (1 - 1e-4*d/1e7)
			}
		}
	}
	for i, c := range cands {
		if !reach[i] && m.further(c.stn, OutOfReach) {
			var barred []*Battery
			for j, b := range bats {
				if !c.may[j] {
					barred = append(barred, b)
				}
			}
			m.find(Finding{Reason: OutOfReach, STN: c.stn, Asset: assets[c.ev.asset].ID, ev: c.ev, barred: barred})
		}
	}
	shots, err := Assign(values, pk, inv, m.cfg.Doctrine.Salvo)
	if err != nil {
		return m.out
	}
	count := map[[2]int]int{}
	var order [][2]int
	assigned := make([]bool, len(cands))
	for _, s := range shots {
		k := [2]int{s.Target, s.Weapon}
		if count[k] == 0 {
			order = append(order, k)
		}
		count[k]++
		assigned[s.Target] = true
	}
	for i, c := range cands {
		if reach[i] && !assigned[i] && m.further(c.stn, NotAssigned) {
			m.find(Finding{Reason: NotAssigned, STN: c.stn, Asset: assets[c.ev.asset].ID, Detail: unassigned(c.ev, bats, c.may)})
		}
	}
	// The plans of the own batteries' shots, worked out together (in
	// parallel: they are the cycle's costliest part, and independent).
	var mine []int // in order
	for i, k := range order {
		if k[1] < own && m.engaged[cands[k[0]].stn] == nil {
			mine = append(mine, i)
		}
	}
	plans := make([]planned, len(order))
	par.Each(len(mine), func(j int) {
		k := order[mine[j]]
		plans[mine[j]] = m.plan(cands[k[0]].stn, bats[k[1]])
	})
	for i, k := range order {
		c, b := cands[k[0]], bats[k[1]]
		if k[1] >= own {
			// The partner's to engage, by the assignment both compute.
			if o, ok := m.offered[c.stn]; !ok || o.nation != b.Nation {
				m.offered[c.stn] = offer{nation: b.Nation, sinceS: now}
			}
			if m.further(c.stn, AssignedToPartner) {
				m.find(Finding{Reason: AssignedToPartner, STN: c.stn, Battery: b.ID, Asset: assets[c.ev.asset].ID,
					Detail: fmt.Sprintf("the integrated assignment gave it to %s's %s, which did not engage it", b.Nation, b.ID)})
			}
			continue
		}
		if m.engaged[c.stn] != nil {
			continue // one battery per threat per cycle; the rest next time
		}
		m.engage(c.stn, c.ev, b, count[k], plans[i])
	}
	return m.out
}

// mayLaunch tells, for each watched launch rule, the first time the
// nation holds a system track the rule lets its battery launch on under
// the level (Level.MayLaunch): when the track entered the picture (its
// cue) and whose track it is.
func (m *Manager) mayLaunch(st *fusion.SystemTrack, held *holdings) {
	done := m.launchable[st.STN]
	for k, l := range m.cfg.Watch {
		if done != nil && done[k] || !m.cfg.Level.MayLaunch(held.judge(l.Rule)) {
			continue
		}
		if done == nil {
			done = make([]bool, len(m.cfg.Watch))
			m.launchable[st.STN] = done
		}
		done[k] = true
		cue, ok := m.pic.CueS(st.STN)
		if !ok {
			cue = m.now
		}
		ml := MayLaunch{STN: st.STN, Launcher: l, CueS: cue}
		for i := range st.Reports {
			r := &st.Reports[i]
			if !Meets(r, l.Rule) {
				continue
			}
			if r.Nation == m.cfg.Nation {
				ml.Sensor, ml.Detail = r.Source, "own fire-control track"
				break
			}
			if ml.Detail == "" {
				ml.Detail = r.Nation + "'s fire-control track"
			}
		}
		m.emit(ml)
	}
}

// passed tells whether a partner's battery has let a threat the integrated
// assignment gave it go unclaimed for Tuning.ClaimGraceS: the partner's
// picture or plans differ, and the nation's own batteries take the threat
// over.
func (m *Manager) passed(stn uint64, b *Battery) bool {
	o, ok := m.offered[stn]
	return ok && b.Nation != m.cfg.Nation && o.nation == b.Nation && m.now-o.sinceS > m.cfg.Tuning.ClaimGraceS
}

// planned is a battery's plan to engage a system track, made from the
// track's estimate (ok is false without one).
type planned struct {
	ok       bool
	pos, vel geo.ECEF
	plan     intercept.Plan
	err      error
}

// plan plans a battery's engagement of a system track. It changes nothing
// of the manager's.
func (m *Manager) plan(stn uint64, b *Battery) planned {
	now := m.now
	x, p, ok := m.pic.Estimate(stn, now)
	if !ok {
		return planned{}
	}
	pos, vel := track.ToECEF(x, now)
	g := intercept.Engagement{Earth: m.cfg.Earth, Site: b.Site, Interceptor: b.Interceptor,
		Track: intercept.TrackState{TimeS: now, Pos: pos, Vel: vel, Cov: track.CovToECEF(&p, now), Source: m.cfg.Nation},
		NowS:  now, DecisionS: m.launchS(stn, b) - now, ReentryBetaKgM2: m.cfg.Doctrine.ReentryBetaKgM2,
		KillAssessS: m.cfg.Doctrine.KillAssessS, StepS: m.cfg.Tuning.PlanStepS}
	plan, err := g.Plan()
	return planned{ok: true, pos: pos, vel: vel, plan: plan, err: err}
}

// engage takes a battery's plan to engage a track and, if the plan commits
// and the nation's release policy approves, launches or (under step2)
// claims the engagement first.
func (m *Manager) engage(stn uint64, ev *evaluation, b *Battery, count int, pl planned) {
	if !pl.ok {
		return
	}
	asset := m.cfg.Assets[ev.asset]
	plan, err := pl.plan, pl.err
	if err != nil || !plan.Feasible {
		ev.refused[b] = true
		if m.further(stn, PlanInfeasible) {
			m.find(Finding{Reason: PlanInfeasible, STN: stn, Battery: b.ID, Asset: asset.ID,
				Detail: fmt.Sprintf("%s's plan found no intercept from its earliest launch at %.0f s", b.ID, m.launchS(stn, b))})
		}
		return
	}
	if !plan.Commit {
		// Not yet good enough to launch on: wait for the track to firm up
		// (re-planned with the next evaluation).
		ev.waiting[b] = true
		if m.further(stn, NotCommitted) {
			m.find(Finding{Reason: NotCommitted, STN: stn, Battery: b.ID, Asset: asset.ID, Detail: uncommitted(b, plan)})
		}
		return
	}
	if ok, why := m.cfg.Policy.Approve(m.cfg.Earth, asset.ID, plan.PIP); !ok {
		ev.refused[b] = true
		m.emit(Denied{STN: stn, Battery: b.ID, Asset: asset.ID, Why: why})
		if m.further(stn, ReleaseDenied) {
			m.find(Finding{Reason: ReleaseDenied, STN: stn, Battery: b.ID, Asset: asset.ID, Detail: why})
		}
		return
	}
	e := &Engagement{STN: stn, Battery: b, Count: min(count, b.Inventory), Plan: plan, Asset: asset}
	m.engaged[stn] = e
	m.emit(Planned{E: e})
	if !m.Deconflicts() {
		m.ready(e)
		return
	}
	m.claim(e, ev, pl.pos, pl.vel)
}
