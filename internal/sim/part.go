package sim

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sync"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/link"
	"github.com/jrmd/jrmd/internal/link/linkv1"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/scenario"
)

// Part is one participant of a run: exercise control (the truth of the
// raid: launches, impacts, leakers) or one nation's command node. A run is
// a sequence of steps in lockstep (see Conductor): at each, every part
// concerned takes the messages delivered to it since its last step and the
// kills of earlier steps, and runs what it has scheduled in the step's
// window of time. Parts share nothing else, so they may run in one process
// (Run) or each in its own (package fed) with the same results.
type Part struct {
	w *world
}

// Kill is a change of the truth: a threat destroyed.
type Kill struct {
	Threat int
	TimeS  float64
}

// Round is what the conductor tells a part at a step.
type Round struct {
	N     uint64
	TimeS float64
	// UntilS: the step runs everything scheduled before UntilS, or at
	// TimeS when UntilS is not after it.
	UntilS float64
	Kills  []Kill
	// Expect: messages each sender has sent the part since the start of
	// the run (a part in its own process waits for them before stepping).
	Expect map[string]uint64
}

// Report is what a part did in a step.
type Report struct {
	Events []Event
	Kills  []Kill
	// Messages to partners, each stamped with its arrival time (ArrivalS)
	// and addressee (ReleasableTo[0]); Sent and ArrivalS sum them up per
	// addressee (count, earliest arrival).
	Messages []*linkv1.Envelope
	Sent     map[string]uint64
	ArrivalS map[string]float64
	// NextS: when the part has something scheduled next; +Inf if never.
	NextS float64
	// The part's promises, which let the others run ahead of it (see
	// Conductor): SendS is the earliest time it may next send a message,
	// KillS the earliest it may next destroy a threat, +Inf if never.
	// ReplyArrivalS is, per addressee, the earliest arrival of the
	// messages sent in the step that may make the addressee send (claims,
	// which are answered).
	SendS, KillS  float64
	ReplyArrivalS map[string]float64
	// Err: the part broke its promise (a bug, not bad input).
	Err error
}

// NewPart builds one part of a run: nation "" is exercise control.
func NewPart(f *scenario.File, opt Options, nation string) (*Part, error) {
	w, err := build(f, opt, nation, 0)
	if err != nil {
		return nil, err
	}
	return &Part{w: w}, nil
}

// RejoinPart builds a nation's part that joins a run under way at time
// atS, after its node was lost: it knows the kills so far, and its own
// events of the run's log before (from which it takes its batteries'
// inventory and the threats it launched at); its sensors and trackers
// start afresh.
func RejoinPart(f *scenario.File, opt Options, nation string, atS float64, kills []Kill, history []Event) (*Part, error) {
	w, err := build(f, opt, nation, atS)
	if err != nil {
		return nil, err
	}
	for _, k := range kills {
		if k.Threat >= 0 && k.Threat < len(w.threats) {
			w.threats[k.Threat].deadS = k.TimeS
		}
	}
	idx := map[string]int{}
	for _, t := range w.threats {
		idx[t.id] = t.idx
	}
	for _, n := range w.nations {
		for _, ev := range history {
			for _, b := range n.bm.Batteries() {
				if ev.Type == EvLaunch && ev.Nation == n.id && ev.Battery == b.ID {
					b.Inventory -= ev.Count
					n.launches[b.ID]++ // a salvo's id counts its battery's launches
				}
			}
			if i, ok := idx[ev.Threat]; ok && ev.Type == EvLaunch && ev.Nation == n.id {
				n.fired[i] = true // engaged: nothing to explain at its end
			}
		}
	}
	return &Part{w: w}, nil
}

// Parts names the parts of a scenario's run in their fixed order: exercise
// control (""), then the nations sorted.
func Parts(f *scenario.File) []string {
	ids := []string{""}
	for _, n := range f.Nations {
		ids = append(ids, n.ID)
	}
	slices.Sort(ids[1:])
	return ids
}

// NextS is when the part has something scheduled next.
func (p *Part) NextS() float64 {
	if p.w.q.Len() == 0 {
		return math.Inf(1)
	}
	return p.w.q.items[0].t
}

// Promises returns the part's SendS and KillS (see Report) as they stand.
func (p *Part) Promises() (sendS, killS float64) {
	return p.w.q.earliest(sends), p.w.q.earliest(kills)
}

// LookaheadS is the run's lookahead: the least time a message can take
// between two nations (every hop at its latency less three jitter
// deviations; bandwidth only adds), less a margin for rounding, and at
// most maxLookaheadS, so that a kill reaches exercise control well before
// the killed threat could have landed.
func (p *Part) LookaheadS() float64 { return p.w.lookahead }

// EndS is when the run ends.
func (p *Part) EndS() float64 { return p.w.end }

// Level and Seed are the run's, scenario defaults applied.
func (p *Part) Level() bmc.Level { return p.w.level }
func (p *Part) Seed() uint64     { return p.w.seed }

// Summary sums up a run's event log (exercise control's part knows the
// raid the log is about).
func (p *Part) Summary(events []Event) Summary { return summarize(p.w, events) }

// Deliver hands the part a message from a partner; it is taken into the
// part's schedule at its next step. It is checked first: every string,
// list and number within link's bounds, every id one of the scenario's,
// and of a kind a nation's part takes. A message that is not is refused:
// Deliver returns the reason, and the part's next step logs it (see
// Reject). Safe from any goroutine.
func (p *Part) Deliver(env *linkv1.Envelope) error {
	if err := p.w.check(env); err != nil {
		err = fmt.Errorf("sim: %s refused %s from %s: %w", p.w.partName(), link.Kind(env), env.Sender, err)
		p.Reject(err)
		return err
	}
	p.w.inboxMu.Lock()
	p.w.inbox = append(p.w.inbox, env)
	p.w.inboxMu.Unlock()
	return nil
}

// Reject notes a message refused on its way to the part (by Deliver, or
// by the transport: a bad signature, an unknown incarnation): the part's
// next step logs a message_rejected event, so a run's summary counts what
// each part refused. Safe from any goroutine.
func (p *Part) Reject(reason error) {
	p.w.inboxMu.Lock()
	p.w.rejected.add(reason.Error())
	p.w.inboxMu.Unlock()
}

// maxRejectionEvents bounds the message_rejected events of a step, and
// the reasons a part keeps until then: a flood of bad messages costs one
// event more, with its count, not a flood of events or of memory.
const maxRejectionEvents = 8

// rejections counts the messages refused since a part's last step, by
// reason: the first maxRejectionEvents reasons, then the rest together.
type rejections struct {
	reasons []string
	count   map[string]int
	others  int
}

func (r *rejections) add(reason string) {
	switch {
	case r.count[reason] > 0:
		r.count[reason]++
	case len(r.reasons) < maxRejectionEvents:
		if r.count == nil {
			r.count = map[string]int{}
		}
		r.reasons = append(r.reasons, reason)
		r.count[reason] = 1
	default:
		r.others++
	}
}

// log logs the refusals at time t, one event per reason with its count.
func (r *rejections) log(w *world, t float64) {
	for _, reason := range r.reasons {
		w.log(Event{TS: t, Type: EvMessageRejected, Nation: w.part, Count: r.count[reason], Detail: reason})
	}
	if r.others > 0 {
		w.log(Event{TS: t, Type: EvMessageRejected, Nation: w.part, Count: r.others, Detail: "for other reasons"})
	}
}

// Step takes the messages and kills delivered since the last step, then
// runs everything the part has scheduled in the round's window.
func (p *Part) Step(r Round) Report {
	w := p.w
	for _, k := range r.Kills {
		if k.Threat >= 0 && k.Threat < len(w.threats) && math.IsNaN(w.threats[k.Threat].deadS) {
			w.threats[k.Threat].deadS = k.TimeS
		}
	}
	// Messages arrive in an order that depends on the transport; the
	// schedule must not, so they are taken in (sender, sequence) order.
	w.inboxMu.Lock()
	in, rejected := w.inbox, w.rejected
	w.inbox, w.rejected = nil, rejections{}
	w.inboxMu.Unlock()
	rejected.log(w, r.TimeS)
	slices.SortFunc(in, func(a, b *linkv1.Envelope) int {
		return cmp.Or(cmp.Compare(a.SenderNation, b.SenderNation), cmp.Compare(a.Seq, b.Seq))
	})
	if n := w.byNation[w.part]; n != nil {
		for _, env := range in {
			kind := local
			if answered(env) {
				kind = sends
			}
			w.q.at(math.Max(env.ArrivalS, w.now), kind, func() { n.receive(env) })
		}
	}
	var err error
	for w.q.Len() > 0 && (w.q.items[0].t <= r.TimeS || w.q.items[0].t < r.UntilS) {
		a := w.q.next()
		if err == nil && r.UntilS > r.TimeS && ((a.kind == sends && a.t < r.UntilS-w.lookahead-1e-6) || (a.kind == kills && a.t < r.UntilS)) {
			err = fmt.Errorf("sim: %s: an action at %.3f s that reaches other parts is inside the window [%.3f, %.3f) s it had promised not to be", w.partName(), a.t, r.TimeS, r.UntilS)
		}
		w.sampleBefore(a.t)
		w.now = a.t
		a.run()
	}
	// Nothing of the part's runs before the window's end any more (a
	// message sent to it arrives at the end at the earliest).
	w.sampleBefore(math.Max(r.UntilS, math.Nextafter(r.TimeS, math.Inf(1))))
	rep := Report{Events: w.events, Kills: w.kills, Messages: w.out, NextS: p.NextS(), Err: err}
	rep.SendS, rep.KillS = p.Promises()
	if len(w.out) > 0 {
		rep.Sent, rep.ArrivalS, rep.ReplyArrivalS = map[string]uint64{}, map[string]float64{}, map[string]float64{}
		for _, env := range w.out {
			to := env.ReleasableTo[0]
			rep.Sent[to]++
			if a, ok := rep.ArrivalS[to]; !ok || env.ArrivalS < a {
				rep.ArrivalS[to] = env.ArrivalS
			}
			if a, ok := rep.ReplyArrivalS[to]; answered(env) && (!ok || env.ArrivalS < a) {
				rep.ReplyArrivalS[to] = env.ArrivalS
			}
		}
	}
	w.events, w.kills, w.out = nil, nil, nil
	return rep
}

// scans counts the radar scans the part has in a round's window.
func (p *Part) scans(r Round) int {
	n := 0
	for _, nat := range p.w.nations {
		for _, ru := range nat.radars {
			if ru.nextS <= r.TimeS || ru.nextS < r.UntilS {
				n++
			}
		}
	}
	return n
}

// answered tells whether a message is one its addressee answers (a claim
// of an engagement), so that its arrival may make the addressee send.
func answered(env *linkv1.Envelope) bool {
	_, ok := env.Body.(*linkv1.Envelope_EngagementClaim)
	return ok
}

// partName names the part in errors.
func (w *world) partName() string {
	if w.part == "" {
		return "exercise control"
	}
	return w.part
}

// Conductor runs the lockstep of a run's parts and keeps its record: the
// event log and the interceptors in flight, from which it finds duplicate
// engagements.
//
// A step is a window of scenario time [T, U): T is the earliest action or
// message arrival of any part; U is as far as every part can run without
// hearing from another. Each part promises the earliest time it may next
// send a message (its next battle-management cycle, track report, kill
// assessment, or the arrival of a claim it must answer) and the earliest
// it may destroy a threat (its next intercept); U is the least send
// promise plus L, the run's lookahead (Part.LookaheadS: no message between
// nations is quicker), and no later than the least kill promise, nor than
// maxWindowS after T. Every part with something in the window runs all of
// it, in parallel with the others: no message sent in the window arrives
// before it ends, and a kill ends the window, so the others learn it
// before anything later happens (actions at the very time of a kill run
// without it). A window that would end at T runs only what is at T. The
// window's events are logged in time order (ties in part order).
type Conductor struct {
	ids     []string
	index   map[string]int
	next    []float64
	arrival []float64 // earliest undelivered message to each part
	// Each part's promises (see Report), and the earliest undelivered
	// message to it that it must answer.
	sendS, killS, replyArrival []float64
	kills                      [][]Kill            // kills not yet told to each part
	expect                     []map[string]uint64 // messages sent to each part, by sender
	events                     []Event
	pending                    []Event               // the current window's, not yet in order
	flying                     map[string][]inFlight // threat → salvos in the air
	round                      uint64
	end                        float64
	look                       float64 // lookahead L
	until                      float64 // end of the current window
	lost                       []bool
	killed                     []Kill // every kill so far
}

type inFlight struct {
	nation     string
	interceptS float64
}

// NewConductor starts the lockstep of the parts ids (in Parts order),
// each with its first scheduled time and promises (Part.NextS,
// Part.Promises), until end, with the lookahead s.
func NewConductor(ids []string, next, sendS, killS []float64, end, lookahead float64) *Conductor {
	n := len(ids)
	c := &Conductor{ids: ids, index: map[string]int{}, next: next, sendS: sendS, killS: killS, end: end, look: lookahead, flying: map[string][]inFlight{},
		arrival: make([]float64, n), replyArrival: make([]float64, n), kills: make([][]Kill, n), expect: make([]map[string]uint64, n), lost: make([]bool, n)}
	for i, id := range ids {
		c.index[id] = i
		c.arrival[i], c.replyArrival[i] = math.Inf(1), math.Inf(1)
		c.expect[i] = map[string]uint64{}
	}
	return c
}

// Plan returns the next step's start time and the parts that take part in
// it, or ok false when the run is over.
func (c *Conductor) Plan() (t float64, active []int, ok bool) {
	c.flush()
	t = math.Inf(1)
	for i := range c.ids {
		t = math.Min(t, math.Min(c.next[i], c.arrival[i]))
	}
	if math.IsInf(t, 1) || t > c.end {
		return t, nil, false
	}
	c.until = t + maxWindowS
	for i := range c.ids {
		c.until = math.Min(c.until, math.Min(c.sendS[i], c.replyArrival[i])+c.look)
		c.until = math.Min(c.until, c.killS[i])
	}
	for i := range c.ids {
		if c.inWindow(c.next[i], t) || c.inWindow(c.arrival[i], t) {
			active = append(active, i)
		}
	}
	c.round++
	return t, active, true
}

func (c *Conductor) inWindow(x, t float64) bool { return x == t || x < c.until }

// RoundFor returns part i's Round of the step at t.
func (c *Conductor) RoundFor(i int, t float64) Round {
	r := Round{N: c.round, TimeS: t, UntilS: c.until, Kills: c.kills[i], Expect: maps.Clone(c.expect[i])}
	c.kills[i] = nil
	c.arrival[i], c.replyArrival[i] = math.Inf(1), math.Inf(1)
	return r
}

// Record takes part i's report of a step: its events, its kills for every
// other part, its messages' counts and arrival times.
func (c *Conductor) Record(i int, rep Report) error {
	if rep.Err != nil {
		return rep.Err
	}
	c.next[i], c.sendS[i], c.killS[i] = rep.NextS, rep.SendS, rep.KillS
	c.pending = append(c.pending, rep.Events...)
	c.killed = append(c.killed, rep.Kills...)
	for j := range c.ids {
		if j != i && !c.lost[j] {
			c.kills[j] = append(c.kills[j], rep.Kills...)
		}
	}
	for to, n := range rep.Sent {
		j, ok := c.index[to]
		if !ok || j == 0 {
			return fmt.Errorf("sim: %s sent a message to unknown nation %q", c.ids[i], to)
		}
		if c.lost[j] {
			continue
		}
		c.expect[j][c.ids[i]] += n
		c.arrival[j] = math.Min(c.arrival[j], rep.ArrivalS[to])
		if a, ok := rep.ReplyArrivalS[to]; ok {
			c.replyArrival[j] = math.Min(c.replyArrival[j], a)
		}
	}
	return nil
}

// flush logs the window's events in time order, each launch at a threat
// another nation's interceptors are already flying at followed by a
// duplicate-engagement event.
func (c *Conductor) flush() {
	slices.SortStableFunc(c.pending, func(a, b Event) int { return cmp.Compare(a.TS, b.TS) })
	for _, ev := range c.pending {
		c.events = append(c.events, ev)
		if ev.Type != EvLaunch || ev.Threat == "" {
			continue
		}
		var fl []inFlight
		other := ""
		for _, f := range c.flying[ev.Threat] {
			if f.interceptS <= ev.TS {
				continue // over
			}
			fl = append(fl, f)
			if f.nation != ev.Nation && other == "" {
				other = f.nation
			}
		}
		c.flying[ev.Threat] = append(fl, inFlight{nation: ev.Nation, interceptS: ev.InterceptS})
		if other != "" {
			c.events = append(c.events, Event{TS: ev.TS, Type: EvDuplicate, Nation: ev.Nation, Battery: ev.Battery, Threat: ev.Threat,
				Count: ev.Count, Detail: "also engaged by " + other})
		}
	}
	c.pending = c.pending[:0]
}

// Drop takes a part that stopped answering out of the run at time t: it
// is stepped no more, and what was addressed to it is lost.
func (c *Conductor) Drop(i int, t float64, why string) {
	c.lost[i] = true
	c.next[i], c.arrival[i], c.kills[i] = math.Inf(1), math.Inf(1), nil
	c.sendS[i], c.killS[i], c.replyArrival[i] = math.Inf(1), math.Inf(1), math.Inf(1)
	c.pending = append(c.pending, Event{TS: round(t), Type: EvNodeLost, Nation: c.ids[i], Detail: why})
}

// Lost tells whether part i is out of the run.
func (c *Conductor) Lost(i int) bool { return c.lost[i] }

// Kills is every kill so far.
func (c *Conductor) Kills() []Kill { return slices.Clone(c.killed) }

// Rejoin takes a lost part back at time t (see RejoinPart), with its
// first scheduled time and promises; it counts its partners' messages
// afresh.
func (c *Conductor) Rejoin(i int, t, next, sendS, killS float64) {
	c.lost[i] = false
	c.next[i], c.sendS[i], c.killS[i] = next, sendS, killS
	c.expect[i] = map[string]uint64{}
	c.pending = append(c.pending, Event{TS: round(t), Type: EvNodeRejoined, Nation: c.ids[i]})
}

// Steps is how many steps the run has taken.
func (c *Conductor) Steps() uint64 { return c.round }

// Events is the run's event log so far (up to the last window).
func (c *Conductor) Events() []Event {
	c.flush()
	return c.events
}

// Progress is the fraction of the run's time done by the step at t.
func (c *Conductor) Progress(t float64) float64 { return math.Min(1, t/c.end) }

// Run simulates the scenario in this process: every part in lockstep,
// the parts of a step in parallel.
func Run(f *scenario.File, opt Options) (*Result, error) {
	ids := Parts(f)
	parts := make([]*Part, len(ids))
	errs := make([]error, len(ids))
	// Exercise control first: it flies the raid (in parallel), which the
	// nations then find memoised.
	var wg sync.WaitGroup
	if parts[0], errs[0] = NewPart(f, opt, ids[0]); errs[0] != nil {
		return nil, errs[0]
	}
	for i, id := range ids[1:] {
		wg.Go(func() { parts[i+1], errs[i+1] = NewPart(f, opt, id) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	next, sendS, killS := make([]float64, len(parts)), make([]float64, len(parts)), make([]float64, len(parts))
	for i, p := range parts {
		next[i] = p.NextS()
		sendS[i], killS[i] = p.Promises()
	}
	c := NewConductor(ids, next, sendS, killS, parts[0].EndS(), parts[0].LookaheadS())
	reps := make([]Report, len(parts))
	for {
		t, active, ok := c.Plan()
		if !ok {
			break
		}
		rounds := make([]Round, len(active))
		for k, i := range active {
			rounds[k] = c.RoundFor(i, t)
		}
		// The parts with the most radar scans in the window first, so
		// that no large one is left to run alone at the end.
		order, scans := make([]int, len(active)), make([]int, len(active))
		for k, i := range active {
			order[k], scans[k] = k, parts[i].scans(rounds[k])
		}
		slices.SortStableFunc(order, func(a, b int) int { return scans[b] - scans[a] })
		par.Each(len(order), func(k int) { i := active[order[k]]; reps[i] = parts[i].Step(rounds[order[k]]) })
		for _, i := range active {
			for _, env := range reps[i].Messages {
				if j, ok := c.index[env.ReleasableTo[0]]; ok && j > 0 {
					if err := parts[j].Deliver(env); err != nil {
						return nil, err // a part sent what its partner refuses: a bug
					}
				}
			}
			if err := c.Record(i, reps[i]); err != nil {
				return nil, err
			}
		}
		if opt.Progress != nil {
			opt.Progress(c.Progress(t))
		}
		if opt.afterStep != nil {
			opt.afterStep(t, parts)
		}
	}
	ctl := parts[0]
	res := &Result{Level: ctl.Level(), Seed: ctl.Seed(), Events: c.Events(), Summary: ctl.Summary(c.Events()), StartUTC: f.StartUTC}
	if opt.States {
		for _, p := range parts {
			p.w.sampleBefore(math.Nextafter(p.w.end, math.Inf(1)))
		}
		res.States = stateTable(parts, res.Events, c.Kills())
	}
	return res, nil
}
