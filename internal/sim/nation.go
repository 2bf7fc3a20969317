package sim

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/link/linkv1"
	"github.com/jrmd/jrmd/track"
)

// nation is a national command node: its sensors, trackers and fused
// picture (radar.go), what it shares and hears (share.go), and its battle
// manager (package bmc), which it runs on its schedule and whose messages,
// launches and kill assessments it carries out.
type nation struct {
	w         *world
	id        string
	shareWith []string
	radars    []*radarUnit
	irs       []*irUnit
	pic       *picture
	bm        *bmc.Manager
	// rng: each own battery's random stream (its intercepts' kills).
	rng map[*bmc.Battery]*rand.Rand
	// truth: the object each engagement's track followed when it was
	// planned (metrics bookkeeping, the event log).
	truth map[*bmc.Engagement]int
	// salvo: each engagement in flight's salvo id; launches: each own
	// battery's count of launches, which numbers them.
	salvo    map[*bmc.Engagement]string
	launches map[string]int
	// sized is the last message body sent, of encoded size bodySize.
	sized    any
	bodySize int
	sharedS  map[uint64]float64 // system track → newest own report already shared
	// Metrics bookkeeping: what a partner's track follows, the threats a
	// partner's track report has told of, and those a partner's launch
	// warning has.
	remoteTruth map[remoteKey]int
	sharedTold  map[int]bool
	warnedBy    map[int]bool
	seq         uint64
	// heardS: when each partner that shares with the nation was last heard
	// from.
	heardS map[string]float64
	// Why threats were not engaged (see explain). By threat: the furthest
	// gate of the decision chain it reached and what was found there
	// (why), whether the nation launched at it (fired), whether it was
	// warned of its launch (warned). The threats in the order their
	// flights end (ends), of which the first explained have been
	// explained.
	why       []whyNot
	fired     []bool
	warned    []bool
	ends      []int
	explained int
}

type remoteKey struct {
	nation string
	stn    uint64
}

// manage makes the nation's battle manager: cfg as build made it from the
// scenario, with the partners it deconflicts with (those it shares with
// that it can reach, each with the round trip of a claim and its answer)
// and, under step2, their batteries as the architecture tells them.
func (n *nation) manage(cfg bmc.Config) {
	w := n.w
	for _, p := range n.shareWith {
		if path := w.net.route(n.id, p); path != nil {
			cfg.Deconflict = append(cfg.Deconflict, bmc.Peer{Nation: p, RoundTripS: 2 * w.net.maxLatencyS(path)})
		}
	}
	if w.level == bmc.Step2 {
		for _, p := range cfg.Deconflict {
			for _, b := range w.batteries {
				if b.Nation == p.Nation {
					cfg.Partners = append(cfg.Partners, *b)
				}
			}
		}
	}
	n.bm = bmc.New(cfg)
}

// schedule starts the node's cycles at the first launch.
func (n *nation) schedule(first float64) {
	w := n.w
	n.sharedS = map[uint64]float64{}
	n.remoteTruth = map[remoteKey]int{}
	n.sharedTold = map[int]bool{}
	n.warnedBy = map[int]bool{}
	n.heardS = map[string]float64{}
	n.why = make([]whyNot, len(w.threats))
	n.fired, n.warned = make([]bool, len(w.threats)), make([]bool, len(w.threats))
	n.ends = make([]int, len(w.threats))
	for i := range n.ends {
		n.ends[i] = i
	}
	slices.SortStableFunc(n.ends, func(a, b int) int {
		return cmp.Compare(w.threats[a].launchS+w.threats[a].tr.FlightTimeS, w.threats[b].launchS+w.threats[b].tr.FlightTimeS)
	})
	for _, p := range n.sharers() {
		n.heardS[p] = first
	}
	for _, r := range n.radars {
		rev := r.r.Model.RevisitS // > 0: the scenario validated its type
		// Scans start at a phase set by the radar's own random stream.
		t0 := first + r.rng.Float64()*rev
		ru := r
		var scan func()
		scan = func() {
			n.scan(ru)
			ru.nextS = math.Inf(1)
			if w.now+rev <= w.end {
				ru.nextS = w.now + rev
				w.q.at(ru.nextS, local, scan)
			}
		}
		ru.nextS = t0
		w.q.at(t0, local, scan)
	}
	for _, ir := range n.irs {
		for _, t := range w.threats {
			rep, ok := ir.w.Report(w.e, t.tr, t.idx, ir.rng)
			if !ok {
				continue
			}
			if t.launchS+rep.TimeS < w.now {
				continue // before a rejoined node's time
			}
			th, r, unit := t, rep, ir
			w.q.at(t.launchS+rep.TimeS, n.sending(), func() { n.warning(unit, th, r) })
		}
	}
	cycleS := n.bm.Tuning().CycleS
	var decide, share func()
	decide = func() {
		n.decide()
		if w.now+cycleS <= w.end {
			w.q.at(w.now+cycleS, n.deciding(), decide)
		} else {
			n.explainEnded(true) // the run ends: the threats still in flight too
		}
	}
	share = func() {
		n.share()
		n.status()
		if w.now+shareS <= w.end {
			w.q.at(w.now+shareS, sends, share)
		}
	}
	w.q.at(first+cycleS, n.deciding(), decide)
	if w.level.Shares() && len(n.shareWith) > 0 {
		w.q.at(first+shareS, sends, share)
	}
}

// sending is the reach of an action that tells the partners what it
// learns (when the level shares anything).
func (n *nation) sending() reach {
	if n.w.level.Shares() {
		return sends
	}
	return local
}

// deciding is the reach of the battle-management cycle: under step2 it
// claims engagements from its partners.
func (n *nation) deciding() reach {
	if n.bm.Deconflicts() {
		return sends
	}
	return local
}

// decide runs the battle-management cycle: the threats whose flights have
// ended explained, the picture's stale contributions dropped, then the
// battle manager's decisions.
func (n *nation) decide() {
	n.explainEnded(false)
	n.pic.Prune(n.w.now) // contributions not refreshed for fuseStaleS go
	n.do(n.bm.Decide(n.w.now))
}

// receive handles a message from a partner.
func (n *nation) receive(env *linkv1.Envelope) {
	from := env.SenderNation
	n.heard(from)
	switch b := env.Body.(type) {
	case *linkv1.Envelope_Track:
		n.onTrack(from, b.Track)
	case *linkv1.Envelope_LaunchWarning:
		n.onWarning(from, b.LaunchWarning)
	default:
		if msg, ok := decode(env); ok {
			n.do(n.bm.Receive(n.w.now, from, msg))
		}
	}
}

// do carries out what the battle manager decided, in order: it sends its
// messages, schedules its launches and deadlines, flies its interceptors,
// and logs its decisions and findings.
func (n *nation) do(outs []bmc.Output) {
	w := n.w
	for _, o := range outs {
		switch o := o.(type) {
		case bmc.Send:
			msg := encode(o.Msg)
			for _, p := range o.To {
				n.send(p, msg)
			}
		case bmc.Finding:
			n.record(o)
		case bmc.MayLaunch:
			n.mayLaunch(o)
		case bmc.Denied:
			w.log(Event{TS: w.now, Type: EvReleaseDenied, Nation: n.id, Battery: o.Battery, STN: o.STN, Asset: o.Asset, Detail: o.Why})
		case bmc.Planned:
			e := o.E
			n.truth[e] = n.truthOf(e.STN)
			w.log(Event{TS: w.now, Type: EvPlan, Nation: n.id, Battery: e.Battery.ID, STN: e.STN, Threat: n.threatID(e), Asset: e.Asset.ID,
				LaunchS: e.Plan.LaunchS, InterceptS: e.Plan.InterceptS, BattlespaceS: e.Plan.BattlespaceS, Count: e.Count,
				ClosingMps: round1(e.Plan.ClosingMps), Intercept: point(e.Plan.PIP)})
		case bmc.Claimed:
			w.log(Event{TS: w.now, Type: EvClaim, Nation: n.id, Battery: o.E.Battery.ID, STN: o.E.STN, Threat: n.threatID(o.E)})
		case bmc.ClaimRefused:
			w.log(Event{TS: w.now, Type: EvClaimRefused, Nation: n.id, Battery: o.E.Battery.ID, STN: o.E.STN, Detail: o.Why})
		case bmc.Degraded:
			w.log(Event{TS: w.now, Type: EvDegraded, Nation: n.id, Battery: o.E.Battery.ID, STN: o.E.STN, Detail: o.Why})
		case bmc.LaunchOrder:
			e := o.E
			w.q.at(o.AtS, local, func() { n.do(n.bm.Launch(w.now, e)) })
		case bmc.AckDeadline:
			e := o.E
			w.q.at(o.AtS, local, func() { n.do(n.bm.AckDeadline(w.now, e)) })
		case bmc.Launched:
			n.launched(o)
		case bmc.Assessed:
			w.log(Event{TS: w.now, Type: EvKillAssessment, Nation: n.id, Battery: o.E.Battery.ID, STN: o.E.STN, Detail: map[bool]string{true: "kill", false: "miss"}[o.Kill]})
			delete(n.truth, o.E)
		case bmc.Requested:
			w.log(Event{TS: w.now, Type: EvRequest, Nation: n.id, Battery: o.R.Battery, STN: o.R.STN, Detail: o.Detail})
		default:
			panic(fmt.Sprintf("sim: a battle manager's %T not carried out", o)) // a bug
		}
	}
}

// threatID is the threat an engagement's track followed when planned (""
// for a false track).
func (n *nation) threatID(e *bmc.Engagement) string {
	if t, ok := n.truth[e]; ok && t >= 0 {
		return n.w.threats[t].id
	}
	return ""
}

// mayLaunch logs the first time a system track meets a launch rule the
// nation watches: the track's object, when it entered the picture (its
// cue) and whose track it is.
func (n *nation) mayLaunch(m bmc.MayLaunch) {
	w := n.w
	truth := n.truthOf(m.STN)
	if truth < 0 {
		return // a false track
	}
	w.log(Event{TS: w.now, Type: EvMayLaunch, Nation: n.id, Threat: w.threats[truth].id, Battery: m.Launcher.Battery,
		Interceptor: m.Launcher.Interceptor, STN: m.STN, CueS: m.CueS, Sensor: m.Sensor, Detail: m.Detail})
}

// launched: an engagement's interceptors leave the rail, to intercept at
// the planned time.
func (n *nation) launched(l bmc.Launched) {
	w := n.w
	e := l.E
	if t, ok := n.truth[e]; ok && t >= 0 {
		n.fired[t] = true
	}
	n.launches[e.Battery.ID]++
	id := fmt.Sprintf("%s/%d", e.Battery.ID, n.launches[e.Battery.ID])
	n.salvo[e] = id
	w.log(Event{TS: w.now, Type: EvLaunch, Nation: n.id, Battery: e.Battery.ID, STN: e.STN, Threat: n.threatID(e), InterceptS: e.Plan.InterceptS, Count: e.Count,
		Salvo: id, ClosingMps: round1(e.Plan.ClosingMps), Launch: point(e.Battery.Site), Intercept: point(e.Plan.PIP)})
	if w.st != nil {
		p, _ := intercept.FlyPath(w.e, e.Battery.Site, e.Battery.Interceptor, w.now, w.e.ToECEF(e.Plan.PIP), e.Plan.InterceptS)
		w.st.salvos = append(w.st.salvos, salvo{id: id, nation: n.id, path: p})
	}
	w.q.at(e.Plan.InterceptS, kills, func() { n.intercept(e, l.AssessAfterS) })
}

// intercept resolves an engagement against the truth. The kill vehicles fly
// on the nation's track with in-flight updates and home on the object
// nearest their aim point — the track's latest estimate at the intercept
// time or, with the track lost, the launch-time predicted intercept point —
// if it is within their divert reach (whatever object the track was
// thought to follow: closely spaced objects swap between tracks); each
// then kills with probability Pk. The kill assessment reaches the nation
// assessS later.
func (n *nation) intercept(e *bmc.Engagement, assessS float64) {
	w := n.w
	aim := w.e.ToECEF(e.Plan.PIP)
	how := "launch-time PIP"
	if x, _, ok := n.pic.Estimate(e.STN, w.now); ok {
		aim, _ = track.ToECEF(x, w.now)
		how = "updated track"
	}
	target, miss := w.nearestInFlight(aim, w.now)
	kill := false
	thID := n.threatID(e)
	detail := fmt.Sprintf("%s: nothing within the divert reach of %.0f m", how, e.Plan.DivertReachM)
	ev := Event{TS: w.now, Nation: n.id, Battery: e.Battery.ID, Salvo: n.salvo[e], DivertReachM: round1(e.Plan.DivertReachM), Intercept: point(w.e.ToLLA(aim))}
	if target >= 0 {
		ev.PIPErrorM = round1(miss)
	}
	if target >= 0 && miss <= e.Plan.DivertReachM {
		t := w.threats[target]
		if pos, _, ok := t.tr.StateAt(w.now - t.launchS); ok {
			ev.Intercept = point(w.e.ToLLA(pos))
		}
		thID = t.id
		detail = fmt.Sprintf("%s error %.0f m, divert reach %.0f m", how, miss, e.Plan.DivertReachM)
		if truth, ok := n.truth[e]; !ok || target != truth {
			detail += "; homed on the object nearest its aim"
		}
		for range e.Count {
			if n.rng[e.Battery].Float64() < e.Battery.Interceptor.Pk {
				kill = true
			}
		}
		if kill {
			t.deadS = w.now
			w.kills = append(w.kills, Kill{Threat: t.idx, TimeS: w.now})
			ev.Type, ev.Threat, ev.Detail = EvKill, t.id, detail
			w.log(ev)
		}
	}
	if !kill {
		ev.Type, ev.Threat, ev.Detail = EvMiss, thID, detail
		w.log(ev)
	}
	delete(n.salvo, e)
	w.q.at(w.now+assessS, n.sending(), func() { n.do(n.bm.Assess(w.now, e, kill)) })
}
