package fed

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/jrmd/jrmd/internal/link"
	"github.com/jrmd/jrmd/internal/link/linkv1"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
)

// ConductOptions configure exercise control.
type ConductOptions struct {
	Scenario    *scenario.File
	Sim         sim.Options
	Creds       Creds
	URL         string
	Log         io.Writer
	StepTimeout time.Duration
	// JoinTimeout bounds the wait for every node to announce itself.
	JoinTimeout time.Duration
	// Realtime paces the run to the wall clock, scaled by Speed (1: real
	// time); otherwise steps follow each other as fast as the nodes go.
	Realtime bool
	Speed    float64
	// Replicas of the event log's JetStream stream: 0 for three on a
	// cluster and one on a single server.
	Replicas int
	// Exits tells of nodes known to have ended (their process exited):
	// exercise control drops such a node at once rather than wait
	// StepTimeout for its answer.
	Exits <-chan Exit
}

// Exit is the end of a node's process.
type Exit struct {
	Node string // its nation or exchange center
	Err  error  // how it ended (nil: it exited cleanly)
}

// hello is a node's announcement: its name, nation and incarnation.
type hello struct {
	node, nation, incarnation string
}

// members are the nodes taking part in a run, each in the incarnation
// exercise control confirmed: the first to announce itself, or the one
// that rejoined after its predecessor was dropped. Each node learns the
// whole list when it changed (Step.incarnations) and takes messages from
// these incarnations only; exercise control takes step answers from them
// only. Safe for concurrent use.
type members struct {
	mu      sync.Mutex
	node    map[string]string // nation → its node taking part
	inc     map[string]string // node → its incarnation
	version uint64            // counts changes
	told    map[string]uint64 // nation → the version it was last told
	// dups: second instances reported (node and incarnation).
	dups map[string]bool
}

func newMembers() *members {
	return &members{node: map[string]string{}, inc: map[string]string{}, told: map[string]uint64{}, dups: map[string]bool{}}
}

// confirm makes a node's incarnation its nation's in the run.
func (m *members) confirm(h hello) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.node[h.nation]; ok {
		delete(m.inc, old)
	}
	m.node[h.nation], m.inc[h.node] = h.node, h.incarnation
	m.version++
}

// taking tells whether a node's incarnation is the one taking part.
func (m *members) taking(node string, incarnation []byte) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	inc, ok := m.inc[node]
	return ok && inc == string(incarnation)
}

// joined tells whether a nation has a node in the run, and whether it is
// the one announcing itself.
func (m *members) joined(h hello) (joined, same bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	node, ok := m.node[h.nation]
	return ok, ok && node == h.node && m.inc[node] == h.incarnation
}

// maxDuplicates bounds the second instances reported one by one (each
// new incarnation an impostor invents would otherwise cost memory).
const maxDuplicates = 64

// duplicate tells whether to report a second instance of a nation's node:
// once each, the first maxDuplicates.
func (m *members) duplicate(h hello) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := h.node + "\x00" + h.incarnation
	if m.dups[k] || len(m.dups) == maxDuplicates {
		return false
	}
	m.dups[k] = true
	return true
}

// news returns the list for a nation's next step, if it changed since the
// nation was last told (nil otherwise): the others' incarnations, not its
// own node's — a second process with the nation's credentials receives
// what is sent to the nation, and must not learn which incarnation takes
// part.
func (m *members) news(nation string) map[string][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.told[nation] == m.version {
		return nil
	}
	m.told[nation] = m.version
	out := map[string][]byte{}
	for node, inc := range m.inc {
		if node != m.node[nation] {
			out[node] = []byte(inc)
		}
	}
	return out
}

// Conduct runs exercise control: it waits for every nation's node, runs
// the lockstep, keeps the event log in JetStream, drops nodes that stop
// answering and takes them back when they restart, stops the nodes at the
// end and returns the run's result, its events read back from JetStream.
// A node lost is part of the result (node_lost events, and the summary's
// lost_nodes); Conduct fails only when exercise control itself cannot go
// on (NATS or JetStream unusable, a node missing at the start).
func Conduct(o ConductOptions) (*sim.Result, error) {
	if o.StepTimeout == 0 {
		o.StepTimeout = DefaultStepTimeout
	}
	if o.JoinTimeout == 0 {
		o.JoinTimeout = time.Minute
	}
	if o.Speed <= 0 {
		o.Speed = 1
	}
	ids := sim.Parts(o.Scenario)
	ctl, err := sim.NewPart(o.Scenario, o.Sim, "")
	if err != nil {
		return nil, err
	}
	digest, err := Digest(o.Scenario)
	if err != nil {
		return nil, err
	}
	node, log, err := o.Creds.connect(o.URL, o.Log)
	if err != nil {
		return nil, err
	}
	defer node.Close()
	node.OnStatus(func(s string) { log.printf("%s", s) })
	node.SetRun(RunID(digest, ctl.Seed(), ctl.Level().String()))
	// What exercise control refuses is logged, and counted in the run's
	// event log by its own part.
	reject := func(err error) {
		log.rejected(err)
		if !errors.Is(err, link.ErrServer) {
			ctl.Reject(err)
		}
	}
	node.Rejected = reject
	nations := ids[1:]
	threats := threatCount(o.Scenario)
	run := newMembers()
	run.confirm(hello{node: o.Creds.Node, nation: Control, incarnation: string(node.Incarnation())})
	elog, err := newEventLog(node.Conn(), o.Replicas, log)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	// Every node's answers, nations' and data-exchange centers' (which
	// relay; they join and stop with the run).
	answers := map[string]chan *linkv1.StepDone{}
	for i, id := range ids[1:] {
		index[id] = i + 1
		answers[id] = make(chan *linkv1.StepDone, 32)
	}
	var exchanges []string
	for _, x := range o.Scenario.Exchanges {
		exchanges = append(exchanges, x.ID)
		answers[x.ID] = make(chan *linkv1.StepDone, 32)
	}
	hellos := make(chan hello, 256)
	err = node.Subscribe(func(env *linkv1.Envelope) {
		answer := answers[env.SenderNation]
		if answer == nil {
			reject(fmt.Errorf("%s: not a member of the scenario's federation", env.Sender))
			return
		}
		switch b := env.Body.(type) {
		case *linkv1.Envelope_Heartbeat:
			if err := checkHello(env); err != nil {
				reject(fmt.Errorf("%s: heartbeat: %w", env.Sender, err))
				return
			}
			select {
			case hellos <- hello{node: env.Sender, nation: env.SenderNation, incarnation: string(env.Incarnation)}:
			default:
			}
		case *linkv1.Envelope_StepDone:
			if !run.taking(env.Sender, env.Incarnation) {
				reject(fmt.Errorf("%s: a step answer from incarnation %x, not the one taking part in the run", env.Sender, env.Incarnation))
				return
			}
			select {
			case answer <- b.StepDone:
			default:
				reject(fmt.Errorf("%s: unasked step answers", env.Sender))
			}
		default:
			reject(fmt.Errorf("%s: exercise control takes only heartbeats and step answers, not %s", env.Sender, link.Kind(env)))
		}
	})
	if err != nil {
		return nil, err
	}
	// Nodes whose process ended, and why.
	exited := map[string]error{}
	noteExit := func(e Exit) {
		if e.Err == nil {
			e.Err = errors.New("exited")
		}
		exited[e.Node] = fmt.Errorf("its process ended: %w", e.Err)
	}
	// Join: every node and exchange center announces itself; the first
	// incarnation of each takes part, a second is reported.
	joined := 0
	deadline := time.After(o.JoinTimeout)
	for joined < len(answers) {
		select {
		case h := <-hellos:
			if in, same := run.joined(h); !in {
				run.confirm(h)
				joined++
			} else if !same {
				duplicate(run, h, reject)
			}
		case e := <-o.Exits:
			noteExit(e)
			if in, _ := run.joined(hello{nation: e.Node}); !in {
				return nil, fmt.Errorf("fed: %s did not join: %w", e.Node, exited[e.Node])
			}
		case <-deadline:
			var missing []string
			for id := range answers {
				if in, _ := run.joined(hello{nation: id}); !in {
					missing = append(missing, id)
				}
			}
			slices.Sort(missing)
			return nil, fmt.Errorf("fed: nodes did not join within %v: %v", o.JoinTimeout, missing)
		}
	}
	send := func(to string, st *linkv1.Step) {
		if st.Incarnations == nil {
			st.Incarnations = run.news(to)
		}
		if err := node.Send(to, &linkv1.Envelope{TimeS: st.TimeS, Body: &linkv1.Envelope_Step{Step: st}}); err != nil {
			// Like a step lost on the way: asked again (await).
			log.printf("step %d to %s: %v", st.Round, to, err)
		}
	}
	// await waits for a node's answer to the step sent to it, sending the
	// step again while none comes (the step or its answer may have been
	// lost with a connection or a server).
	await := func(to string, st *linkv1.Step) (*linkv1.StepDone, error) {
		timeout := time.NewTimer(o.StepTimeout)
		defer timeout.Stop()
		wait := resendAfter
		again := time.NewTimer(wait)
		defer again.Stop()
		for {
			if err := exited[to]; err != nil {
				return nil, err
			}
			select {
			case d := <-answers[to]:
				if d.Round == st.Round {
					return d, nil
				}
				// A late or repeated answer to an earlier step.
			case e := <-o.Exits:
				noteExit(e)
			case <-again.C:
				log.printf("no answer from %s to step %d after %v: sending it again", to, st.Round, wait)
				send(to, st)
				wait = min(2*wait, maxResendWait)
				again.Reset(wait)
			case <-timeout.C:
				return nil, fmt.Errorf("no answer to step %d within %v", st.Round, o.StepTimeout)
			}
		}
	}
	seqs := newDeliveries()
	setup := func(round uint64) *linkv1.Step {
		return &linkv1.Step{Round: round, Seed: ctl.Seed(), Integration: ctl.Level().String(), ScenarioSha256: digest}
	}
	next, sendS, killS := make([]float64, len(ids)), make([]float64, len(ids)), make([]float64, len(ids))
	next[0] = ctl.NextS()
	sendS[0], killS[0] = ctl.Promises()
	var lostAtStart []int
	var whyLost []string
	first := make([]*linkv1.Step, len(ids))
	for i, id := range ids[1:] {
		first[i+1] = setup(0)
		send(id, first[i+1])
	}
	for i := 1; i < len(ids); i++ {
		d, err := await(ids[i], first[i])
		if err == nil {
			var rep sim.Report
			if rep, err = report(d, ids[i], nations, threats); err == nil {
				next[i], sendS[i], killS[i] = rep.NextS, rep.SendS, rep.KillS
				continue
			}
			reject(fmt.Errorf("%s: step 0: %w", ids[i], err))
		}
		next[i], sendS[i], killS[i] = math.Inf(1), math.Inf(1), math.Inf(1)
		lostAtStart, whyLost = append(lostAtStart, i), append(whyLost, err.Error())
	}
	c := sim.NewConductor(ids, next, sendS, killS, ctl.EndS(), ctl.LookaheadS())
	lost := func(id string) bool {
		i, ok := index[id]
		return ok && c.Lost(i)
	}
	drop := func(i int, t float64, why string) {
		log.printf("%s lost at %.1f s: %s", ids[i], t, why)
		c.Drop(i, t, why)
	}
	for k, i := range lostAtStart {
		drop(i, 0, whyLost[k])
	}
	var round uint64
	logged := 0
	t0 := time.Now()
	lastT := 0.0
	for {
		// Lost nodes that started again rejoin between steps.
		if err := rejoin(c, hellos, run, index, reject, func(i int, h hello) error {
			round++
			run.confirm(h)
			st := setup(round)
			st.Rejoin, st.TimeS, st.Kills = true, lastT, wireKills(c.Kills())
			history, err := elog.read(ids[i])
			if err != nil {
				return err
			}
			st.HistoryJsonl = encodeEvents(history)
			st.ExpectSeq = seqs.rejoining(ids[i])
			delete(exited, ids[i])
			send(ids[i], st)
			d, err := await(ids[i], st)
			if err != nil {
				log.printf("%s could not rejoin: %v", ids[i], err)
				return nil
			}
			seqs.answered(ids[i])
			c.Rejoin(i, lastT, nextOf(d), orInf(d.SendS), orInf(d.KillS))
			log.printf("%s rejoined at %.1f s", ids[i], lastT)
			return nil
		}); err != nil {
			return nil, err
		}
		t, active, ok := c.Plan()
		if !ok {
			break
		}
		if o.Realtime {
			// Paced to the wall clock; after a stall (a lost node) the run
			// resumes at pace rather than racing to catch up.
			at := t0.Add(time.Duration(t / o.Speed * float64(time.Second)))
			if late := time.Since(at); late > time.Second {
				t0 = t0.Add(late)
			}
			time.Sleep(time.Until(at))
		}
		round++
		lastT = t
		var local sim.Report
		steps := make([]*linkv1.Step, len(ids))
		for _, i := range active {
			r := c.RoundFor(i, t)
			if i == 0 {
				local = ctl.Step(r)
				continue
			}
			steps[i] = &linkv1.Step{Round: round, TimeS: t, UntilS: r.UntilS, Kills: wireKills(r.Kills), Expect: r.Expect,
				ExpectSeq: seqs.asking(ids[i]), Delivered: seqs.delivered(ids[i], lost)}
			send(ids[i], steps[i])
		}
		for _, i := range active {
			rep := local
			if i > 0 {
				d, err := await(ids[i], steps[i])
				if err != nil {
					drop(i, t, err.Error())
					continue
				}
				if rep, err = report(d, ids[i], nations, threats); err != nil {
					// A node whose answer cannot be used is as one that
					// gave none.
					reject(fmt.Errorf("%s: step %d: %w", ids[i], round, err))
					drop(i, t, fmt.Sprintf("its answer to step %d is refused: %v", round, err))
					continue
				}
				seqs.answered(ids[i])
				seqs.reported(ids[i], d, lost)
			}
			if err := c.Record(i, rep); err != nil {
				if i == 0 {
					return nil, err
				}
				drop(i, t, fmt.Sprintf("step %d: %v", round, err))
			}
		}
		evs := c.Events()
		if err := elog.append(evs[logged:]); err != nil {
			return nil, err
		}
		logged = len(evs)
		if o.Sim.Progress != nil {
			o.Sim.Progress(c.Progress(t))
		}
	}
	// The end, told to lost nodes too (one still running, unheard, stops
	// with the others); only those in the run are expected to answer.
	round++
	var stopping []string
	stop := map[string]*linkv1.Step{}
	for _, id := range slices.Concat(ids[1:], exchanges) {
		stop[id] = &linkv1.Step{Round: round, Stop: true}
		send(id, stop[id])
		if !lost(id) && exited[id] == nil {
			stopping = append(stopping, id)
		}
	}
	for _, id := range stopping {
		if _, err := await(id, stop[id]); err != nil {
			log.printf("%s did not stop cleanly: %v", id, err)
		}
	}
	if err := elog.append(c.Events()[logged:]); err != nil {
		return nil, err
	}
	events, err := elog.readAll()
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(encodeEvents(events), encodeEvents(c.Events())) {
		return nil, fmt.Errorf("fed: the JetStream event log (%d events) differs from the run's (%d)", len(events), len(c.Events()))
	}
	return &sim.Result{Level: ctl.Level(), Seed: ctl.Seed(), Events: events, Summary: ctl.Summary(events)}, nil
}

// deliveries follows, by sequence number, the messages between nodes:
// what each node is to expect from each partner, and what each can forget
// having sent (see linkv1.Step's expect_seq and delivered).
type deliveries struct {
	// sent[from][to]: the last message reported sent; confirmed[from][to]:
	// the last the addressee holds (it answered a step expecting it);
	// expect[to][from]: the last counted in the addressee's expect; asked:
	// expect as told to each node at its current step.
	sent, confirmed, expect, asked map[string]map[string]uint64
}

func newDeliveries() *deliveries {
	return &deliveries{sent: map[string]map[string]uint64{}, confirmed: map[string]map[string]uint64{},
		expect: map[string]map[string]uint64{}, asked: map[string]map[string]uint64{}}
}

func set(t map[string]map[string]uint64, a, b string, seq uint64) {
	if t[a] == nil {
		t[a] = map[string]uint64{}
	}
	t[a][b] = seq
}

// asking returns a node's expect_seq for its next step.
func (d *deliveries) asking(node string) map[string]uint64 {
	d.asked[node] = maps.Clone(d.expect[node])
	return d.asked[node]
}

// answered records that a node answered its step: it holds what it was
// asked to expect.
func (d *deliveries) answered(node string) {
	for from, seq := range d.asked[node] {
		set(d.confirmed, from, node, seq)
	}
}

// delivered returns, per addressee, up to which sequence number a node
// may forget its messages: those the addressee holds, or all to a lost
// one (what was sent to it is lost with it).
func (d *deliveries) delivered(node string, lost func(string) bool) map[string]uint64 {
	out := map[string]uint64{}
	for to, seq := range d.sent[node] {
		if lost(to) {
			out[to] = seq
		} else if s := d.confirmed[node][to]; s > 0 {
			out[to] = s
		}
	}
	return out
}

// reported takes a node's answer: its last message to each addressee,
// which the addressee (if in the run) is to expect.
func (d *deliveries) reported(node string, done *linkv1.StepDone, lost func(string) bool) {
	for to, seq := range done.LastSeq {
		if _, ok := done.Sent[to]; !ok {
			continue
		}
		set(d.sent, node, to, seq)
		if !lost(to) {
			set(d.expect, to, node, seq)
		}
	}
}

// rejoining returns the expect_seq of a node that rejoins, a new
// incarnation: it holds none of the messages sent to it before, and is to
// expect none of them; its partners are to expect its messages numbered
// afresh, and it keeps none of its predecessor's.
func (d *deliveries) rejoining(node string) map[string]uint64 {
	prior := map[string]uint64{}
	for from, m := range d.sent {
		if seq, ok := m[node]; ok {
			prior[from] = seq
		}
	}
	d.expect[node], d.asked[node] = prior, prior
	delete(d.sent, node)
	delete(d.confirmed, node)
	for _, m := range d.expect {
		delete(m, node)
	}
	return prior
}

// rejoin takes back every lost node that announced a new incarnation,
// and reports a second instance of a node still in the run.
func rejoin(c *sim.Conductor, hellos chan hello, run *members, index map[string]int, reject func(error), take func(int, hello) error) error {
	for {
		select {
		case h := <-hellos:
			if _, same := run.joined(h); same {
				continue // the node taking part, announcing itself again
			}
			i, isNation := index[h.nation]
			if !isNation || !c.Lost(i) {
				duplicate(run, h, reject) // its nation's node is in the run
				continue
			}
			if err := take(i, h); err != nil {
				return fmt.Errorf("fed: %s: rejoin: %w", h.nation, err)
			}
		default:
			return nil
		}
	}
}

// duplicate reports a node announcing itself while another incarnation
// of its nation's node takes part: a second process with the nation's
// credentials (a standby, a restarted node the first of which still
// answers, or an impostor). It takes no part: the one taking part is not
// disturbed.
func duplicate(run *members, h hello, reject func(error)) {
	if run.duplicate(h) {
		reject(fmt.Errorf("%s: a second instance of %s's node (incarnation %x) announced itself while another takes part: ignored", h.node, h.nation, h.incarnation))
	}
}
