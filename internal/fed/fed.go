// Package fed runs a scenario as a federation: each nation's command node
// in its own process (or goroutine), exercise control as the coordinator,
// all over NATS with signed messages.
//
// The federation runs the very lockstep of sim.Run (see sim.Part): the
// coordinator keeps the truth of the raid (exercise control's part) and
// the conductor; at each step it tells the nodes concerned the time, the
// kills since their last step, and how many messages each partner has sent
// them; a node waits until it holds all of those, steps its part, sends
// its partner messages straight to the partners (signed, on its own
// subjects), and answers with its events, kills and message counts. So a
// federated run gives the same event log and summary as the in-process run
// of the same scenario and seed, whatever the network's timing.
package fed

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"time"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/link"
	"github.com/jrmd/jrmd/internal/link/linkv1"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
)

// DefaultStepTimeout bounds how long a node waits for a step's messages
// and the coordinator for a node's answer.
const DefaultStepTimeout = 30 * time.Second

// NodeOptions configure one nation's node. The run's seed and integration
// level come from exercise control.
type NodeOptions struct {
	Scenario *scenario.File
	Creds    Creds
	URL      string
	// Log receives one line per rejected message, with the reason.
	Log         io.Writer
	StepTimeout time.Duration
}

// RunNode runs one nation's node until exercise control ends the run.
func RunNode(o NodeOptions) error {
	if o.StepTimeout == 0 {
		o.StepTimeout = DefaultStepTimeout
	}
	digest, err := Digest(o.Scenario)
	if err != nil {
		return err
	}
	node, err := o.Creds.dial(o.URL)
	if err != nil {
		return err
	}
	defer node.Close()
	log := newLogger(o.Log, o.Creds.Nation)
	node.Rejected = log.rejected
	var (
		part   *sim.Part
		mu     sync.Mutex
		recv   = map[string]uint64{}
		signal = make(chan struct{}, 1)
		steps  = make(chan *linkv1.Step, 64)
	)
	err = node.Subscribe(func(env *linkv1.Envelope) {
		if env.SenderNation == Control {
			if st, ok := env.Body.(*linkv1.Envelope_Step); ok {
				steps <- st.Step
			}
			return
		}
		switch env.Body.(type) {
		case *linkv1.Envelope_Step, *linkv1.Envelope_StepDone:
			log.rejected(fmt.Errorf("%s: time management from a nation is refused", env.Sender))
			return
		}
		mu.Lock()
		if part == nil {
			mu.Unlock()
			log.rejected(fmt.Errorf("%s: %s before the run started", env.Sender, link.Kind(env)))
			return
		}
		part.Deliver(env)
		recv[env.SenderNation]++
		mu.Unlock()
		select {
		case signal <- struct{}{}:
		default:
		}
	})
	if err != nil {
		return err
	}
	// Announce the node until exercise control starts the run.
	hello := time.NewTicker(500 * time.Millisecond)
	defer hello.Stop()
	announce := func() error {
		return node.Send(Control, &linkv1.Envelope{Body: &linkv1.Envelope_Heartbeat{Heartbeat: &linkv1.Heartbeat{Node: o.Creds.Node}}})
	}
	if err := announce(); err != nil {
		return err
	}
	started := false
	for {
		var st *linkv1.Step
		select {
		case st = <-steps:
		case <-hello.C:
			if !started {
				if err := announce(); err != nil {
					return err
				}
			}
			continue
		case <-time.After(10 * o.StepTimeout):
			return fmt.Errorf("fed: %s: no word from exercise control for %v", o.Creds.Nation, 10*o.StepTimeout)
		}
		started = true
		done := &linkv1.StepDone{Round: st.Round}
		if st.Round == 0 && part == nil {
			if !bytes.Equal(st.ScenarioSha256, digest) {
				return fmt.Errorf("fed: %s: exercise control runs another scenario (SHA-256 %x, this node's %x)", o.Creds.Nation, st.ScenarioSha256, digest)
			}
			level, err := bmc.ParseLevel(st.Integration)
			if err != nil {
				return fmt.Errorf("fed: %s: exercise control: %w", o.Creds.Nation, err)
			}
			p, err := sim.NewPart(o.Scenario, sim.Options{Level: level, Seed: st.Seed}, o.Creds.Nation)
			if err != nil {
				return err
			}
			mu.Lock()
			part = p
			mu.Unlock()
		}
		if part == nil {
			return fmt.Errorf("fed: %s: step %d before the run was set up", o.Creds.Nation, st.Round)
		}
		if st.Round > 0 && !st.Stop {
			// Wait for every message the partners sent before this step.
			deadline := time.After(o.StepTimeout)
			for {
				mu.Lock()
				missing := ""
				for from, n := range st.Expect {
					if recv[from] < n {
						missing = fmt.Sprintf("%d of %d messages from %s", n-recv[from], n, from)
						break
					}
				}
				mu.Unlock()
				if missing == "" {
					break
				}
				select {
				case <-signal:
				case <-deadline:
					return fmt.Errorf("fed: %s: step %d: still missing %s after %v", o.Creds.Nation, st.Round, missing, o.StepTimeout)
				}
			}
			rep := part.Step(sim.Round{N: st.Round, TimeS: st.TimeS, Kills: kills(st.Kills)})
			for _, env := range rep.Messages {
				if err := node.Send(env.ReleasableTo[0], env); err != nil {
					return err
				}
			}
			done.Sent, done.ArrivalS, done.Kills = rep.Sent, rep.ArrivalS, wireKills(rep.Kills)
			var buf bytes.Buffer
			if err := sim.WriteJSONL(&buf, rep.Events); err != nil {
				return err
			}
			done.EventsJsonl = buf.Bytes()
		}
		next := part.NextS()
		done.Idle = math.IsInf(next, 1)
		if !done.Idle {
			done.NextS = next
		}
		if err := node.Send(Control, &linkv1.Envelope{TimeS: st.TimeS, Body: &linkv1.Envelope_StepDone{StepDone: done}}); err != nil {
			return err
		}
		if st.Stop {
			return node.Flush()
		}
	}
}

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
}

// Conduct runs exercise control: it waits for every nation's node, runs
// the lockstep, stops the nodes and returns the run's result.
func Conduct(o ConductOptions) (*sim.Result, error) {
	if o.StepTimeout == 0 {
		o.StepTimeout = DefaultStepTimeout
	}
	if o.JoinTimeout == 0 {
		o.JoinTimeout = time.Minute
	}
	ids := sim.Parts(o.Scenario)
	ctl, err := sim.NewPart(o.Scenario, o.Sim, "")
	if err != nil {
		return nil, err
	}
	node, err := o.Creds.dial(o.URL)
	if err != nil {
		return nil, err
	}
	defer node.Close()
	log := newLogger(o.Log, Control)
	node.Rejected = log.rejected
	index := map[string]int{}
	answers := make([]chan *linkv1.StepDone, len(ids))
	for i, id := range ids[1:] {
		index[id] = i + 1
		answers[i+1] = make(chan *linkv1.StepDone, 4)
	}
	hello := make(chan string, 64)
	err = node.Subscribe(func(env *linkv1.Envelope) {
		i, ok := index[env.SenderNation]
		if !ok {
			log.rejected(fmt.Errorf("%s: not a nation of the scenario", env.Sender))
			return
		}
		switch b := env.Body.(type) {
		case *linkv1.Envelope_Heartbeat:
			select {
			case hello <- env.SenderNation:
			default:
			}
		case *linkv1.Envelope_StepDone:
			answers[i] <- b.StepDone
		default:
			log.rejected(fmt.Errorf("%s: exercise control takes only heartbeats and step answers, not %s", env.Sender, link.Kind(env)))
		}
	})
	if err != nil {
		return nil, err
	}
	joined := map[string]bool{}
	deadline := time.After(o.JoinTimeout)
	for len(joined) < len(ids)-1 {
		select {
		case n := <-hello:
			joined[n] = true
		case <-deadline:
			var missing []string
			for _, id := range ids[1:] {
				if !joined[id] {
					missing = append(missing, id)
				}
			}
			return nil, fmt.Errorf("fed: nodes did not join within %v: %v", o.JoinTimeout, missing)
		}
	}
	step := func(i int, st *linkv1.Step) error {
		return node.Send(ids[i], &linkv1.Envelope{TimeS: st.TimeS, Body: &linkv1.Envelope_Step{Step: st}})
	}
	await := func(i int, round uint64) (*linkv1.StepDone, error) {
		timeout := time.After(o.StepTimeout)
		for {
			select {
			case d := <-answers[i]:
				if d.Round != round {
					continue // a late answer to an earlier step
				}
				return d, nil
			case <-timeout:
				return nil, fmt.Errorf("fed: %s did not answer step %d within %v", ids[i], round, o.StepTimeout)
			}
		}
	}
	digest, err := Digest(o.Scenario)
	if err != nil {
		return nil, err
	}
	next := make([]float64, len(ids))
	next[0] = ctl.NextS()
	for i := 1; i < len(ids); i++ {
		if err := step(i, &linkv1.Step{Round: 0, Seed: ctl.Seed(), Integration: ctl.Level().String(), ScenarioSha256: digest}); err != nil {
			return nil, err
		}
	}
	for i := 1; i < len(ids); i++ {
		d, err := await(i, 0)
		if err != nil {
			return nil, err
		}
		next[i] = nextOf(d)
	}
	c := sim.NewConductor(ids, next, ctl.EndS())
	var round uint64
	for {
		t, active, ok := c.Plan()
		if !ok {
			break
		}
		round++
		var local sim.Report
		for _, i := range active {
			r := c.RoundFor(i, t)
			if i == 0 {
				local = ctl.Step(r)
				continue
			}
			if err := step(i, &linkv1.Step{Round: round, TimeS: t, Kills: wireKills(r.Kills), Expect: r.Expect}); err != nil {
				return nil, err
			}
		}
		for _, i := range active {
			rep := local
			if i > 0 {
				d, err := await(i, round)
				if err != nil {
					return nil, err
				}
				if rep, err = report(d); err != nil {
					return nil, fmt.Errorf("fed: %s: step %d: %w", ids[i], round, err)
				}
			}
			if err := c.Record(i, rep); err != nil {
				return nil, err
			}
		}
		if o.Sim.Progress != nil {
			o.Sim.Progress(c.Progress(t))
		}
	}
	round++
	var errs []error
	for i := 1; i < len(ids); i++ {
		if err := step(i, &linkv1.Step{Round: round, Stop: true}); err != nil {
			errs = append(errs, err)
		}
	}
	for i := 1; i < len(ids); i++ {
		if _, err := await(i, round); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &sim.Result{Level: ctl.Level(), Seed: ctl.Seed(), Events: c.Events(), Summary: ctl.Summary(c.Events())}, nil
}

// Digest identifies a decoded scenario: the SHA-256 of its JSON encoding.
func Digest(f *scenario.File) ([]byte, error) {
	data, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	h := sha256.Sum256(data)
	return h[:], nil
}

func nextOf(d *linkv1.StepDone) float64 {
	if d.Idle {
		return math.Inf(1)
	}
	return d.NextS
}

// report turns a node's answer into the conductor's report.
func report(d *linkv1.StepDone) (sim.Report, error) {
	rep := sim.Report{NextS: nextOf(d), Kills: kills(d.Kills), Sent: d.Sent, ArrivalS: d.ArrivalS}
	dec := json.NewDecoder(bytes.NewReader(d.EventsJsonl))
	dec.DisallowUnknownFields()
	for dec.More() {
		var ev sim.Event
		if err := dec.Decode(&ev); err != nil {
			return rep, fmt.Errorf("events: %w", err)
		}
		rep.Events = append(rep.Events, ev)
	}
	for to := range d.Sent {
		if _, ok := d.ArrivalS[to]; !ok {
			return rep, fmt.Errorf("messages to %s without an arrival time", to)
		}
	}
	return rep, nil
}

func kills(ks []*linkv1.Kill) []sim.Kill {
	var out []sim.Kill
	for _, k := range ks {
		out = append(out, sim.Kill{Threat: int(k.Threat), TimeS: k.TimeS})
	}
	return out
}

func wireKills(ks []sim.Kill) []*linkv1.Kill {
	var out []*linkv1.Kill
	for _, k := range ks {
		out = append(out, &linkv1.Kill{Threat: uint32(k.Threat), TimeS: k.TimeS})
	}
	return out
}

// logger writes rejected messages, one line each.
type logger struct {
	mu   sync.Mutex
	w    io.Writer
	node string
}

func newLogger(w io.Writer, node string) *logger {
	if w == nil {
		w = io.Discard
	}
	return &logger{w: w, node: node}
}

func (l *logger) rejected(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s: rejected: %v\n", l.node, err)
}
