package fed

import (
	"bytes"
	"errors"
	"fmt"
	"io"
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
	elog, err := newEventLog(node.Conn())
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	answers := make([]chan *linkv1.StepDone, len(ids))
	for i, id := range ids[1:] {
		index[id] = i + 1
		answers[i+1] = make(chan *linkv1.StepDone, 8)
	}
	// Data-exchange centers relay; they join and stop with the run.
	exchanges := map[string]chan *linkv1.StepDone{}
	for _, x := range o.Scenario.Exchanges {
		exchanges[x.ID] = make(chan *linkv1.StepDone, 1)
	}
	hellos := make(chan hello, 256)
	err = node.Subscribe(func(env *linkv1.Envelope) {
		answer := exchanges[env.SenderNation]
		if i, ok := index[env.SenderNation]; ok {
			answer = answers[i]
		}
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
	// Join: every node and exchange center announces itself; the first
	// incarnation of each takes part, a second is reported.
	joined := 0
	deadline := time.After(o.JoinTimeout)
	for joined < len(ids)-1+len(exchanges) {
		select {
		case h := <-hellos:
			if in, same := run.joined(h); !in {
				run.confirm(h)
				joined++
			} else if !same {
				duplicate(run, h, reject)
			}
		case <-deadline:
			var missing []string
			for _, id := range ids[1:] {
				if in, _ := run.joined(hello{nation: id}); !in {
					missing = append(missing, id)
				}
			}
			for id := range exchanges {
				if in, _ := run.joined(hello{nation: id}); !in {
					missing = append(missing, id)
				}
			}
			slices.Sort(missing)
			return nil, fmt.Errorf("fed: nodes did not join within %v: %v", o.JoinTimeout, missing)
		}
	}
	send := func(i int, st *linkv1.Step) error {
		st.Incarnations = run.news(ids[i])
		return node.Send(ids[i], &linkv1.Envelope{TimeS: st.TimeS, Body: &linkv1.Envelope_Step{Step: st}})
	}
	await := func(i int, round uint64) (*linkv1.StepDone, error) {
		timeout := time.After(o.StepTimeout)
		for {
			select {
			case d := <-answers[i]:
				if d.Round == round {
					return d, nil
				}
				// A late answer to an earlier step.
			case <-timeout:
				return nil, fmt.Errorf("no answer to step %d within %v", round, o.StepTimeout)
			}
		}
	}
	setup := func(round uint64) *linkv1.Step {
		return &linkv1.Step{Round: round, Seed: ctl.Seed(), Integration: ctl.Level().String(), ScenarioSha256: digest}
	}
	next, sendS, killS := make([]float64, len(ids)), make([]float64, len(ids)), make([]float64, len(ids))
	next[0] = ctl.NextS()
	sendS[0], killS[0] = ctl.Promises()
	for i := 1; i < len(ids); i++ {
		if err := send(i, setup(0)); err != nil {
			return nil, err
		}
	}
	for i := 1; i < len(ids); i++ {
		d, err := await(i, 0)
		if err != nil {
			return nil, fmt.Errorf("fed: %s: %w", ids[i], err)
		}
		rep, err := report(d, ids[i], nations, threats)
		if err != nil {
			return nil, fmt.Errorf("fed: %s: step 0: %w", ids[i], err)
		}
		next[i], sendS[i], killS[i] = rep.NextS, rep.SendS, rep.KillS
	}
	c := sim.NewConductor(ids, next, sendS, killS, ctl.EndS(), ctl.LookaheadS())
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
			if err := send(i, st); err != nil {
				return err
			}
			d, err := await(i, round)
			if err != nil {
				return err
			}
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
		for _, i := range active {
			r := c.RoundFor(i, t)
			if i == 0 {
				local = ctl.Step(r)
				continue
			}
			if err := send(i, &linkv1.Step{Round: round, TimeS: t, UntilS: r.UntilS, Kills: wireKills(r.Kills), Expect: r.Expect}); err != nil {
				return nil, err
			}
		}
		for _, i := range active {
			rep := local
			if i > 0 {
				d, err := await(i, round)
				if err != nil {
					log.printf("%s lost at %.1f s: %v", ids[i], t, err)
					c.Drop(i, t, err.Error())
					continue
				}
				if rep, err = report(d, ids[i], nations, threats); err != nil {
					// A node whose answer cannot be used is as one that
					// gave none.
					reject(fmt.Errorf("%s: step %d: %w", ids[i], round, err))
					log.printf("%s lost at %.1f s: its answer to step %d is refused", ids[i], t, round)
					c.Drop(i, t, "answer refused: "+err.Error())
					continue
				}
			}
			if err := c.Record(i, rep); err != nil {
				return nil, err
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
	round++
	for i := 1; i < len(ids); i++ {
		if !c.Lost(i) {
			if err := send(i, &linkv1.Step{Round: round, Stop: true}); err != nil {
				return nil, err
			}
		}
	}
	for i := 1; i < len(ids); i++ {
		if !c.Lost(i) {
			if _, err := await(i, round); err != nil {
				log.printf("%s did not stop cleanly: %v", ids[i], err)
			}
		}
	}
	for id, answer := range exchanges {
		st := &linkv1.Step{Round: round, Stop: true}
		if err := node.Send(id, &linkv1.Envelope{Body: &linkv1.Envelope_Step{Step: st}}); err != nil {
			return nil, err
		}
		select {
		case <-answer:
		case <-time.After(o.StepTimeout):
			log.printf("exchange center %s did not stop cleanly", id)
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
