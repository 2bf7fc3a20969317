package fed

import (
	"bytes"
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

// NodeOptions configure one nation's node. The run's seed and integration
// level come from exercise control.
type NodeOptions struct {
	Scenario *scenario.File
	Creds    Creds
	URL      string
	// Log receives one line per rejected message, with the reason.
	Log         io.Writer
	StepTimeout time.Duration
	// crashAtS (tests): the node dies, without a word, when told to step
	// at or after this time.
	crashAtS float64
}

// errCrashed is how a node killed by a test ends.
var errCrashed = errors.New("fed: node crashed (test)")

// RunNode runs one nation's node until exercise control ends the run.
func RunNode(o NodeOptions) error {
	if o.StepTimeout == 0 {
		o.StepTimeout = DefaultStepTimeout
	}
	incarnation := float64(time.Now().UnixNano()) / 1e9
	digest, err := Digest(o.Scenario)
	if err != nil {
		return err
	}
	node, log, err := o.Creds.connect(o.URL, o.Log)
	if err != nil {
		return err
	}
	defer node.Close()
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
			log.rejected(fmt.Errorf("%s: %s before this node joined the run", env.Sender, link.Kind(env)))
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
	return serveControl(node, o.Creds, incarnation, steps, 10*o.StepTimeout, func(st *linkv1.Step) (*linkv1.StepDone, error) {
		if o.crashAtS > 0 && st.TimeS >= o.crashAtS && !st.Stop {
			return nil, errCrashed
		}
		done := &linkv1.StepDone{Round: st.Round}
		if part == nil {
			if st.Round != 0 && !st.Rejoin {
				return nil, nil // a step of a run this node is not in (yet)
			}
			p, err := setUp(o, st, digest)
			if err != nil {
				return nil, err
			}
			mu.Lock()
			part = p
			mu.Unlock()
		} else if st.Round > 0 && !st.Stop && !st.Rejoin {
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
					return nil, fmt.Errorf("fed: %s: step %d: still missing %s after %v", o.Creds.Nation, st.Round, missing, o.StepTimeout)
				}
			}
			rep := part.Step(sim.Round{N: st.Round, TimeS: st.TimeS, UntilS: st.UntilS, Kills: kills(st.Kills)})
			for _, env := range rep.Messages {
				if err := node.Send(env.ReleasableTo[0], env); err != nil {
					return nil, err
				}
			}
			if rep.Err != nil {
				return nil, rep.Err
			}
			done.Sent, done.ArrivalS, done.ReplyArrivalS, done.Kills = rep.Sent, rep.ArrivalS, rep.ReplyArrivalS, wireKills(rep.Kills)
			done.EventsJsonl = encodeEvents(rep.Events)
		}
		next := part.NextS()
		done.Idle = math.IsInf(next, 1)
		if !done.Idle {
			done.NextS = next
		}
		sendS, killS := part.Promises()
		done.SendS, done.KillS = finiteOrNil(sendS), finiteOrNil(killS)
		return done, nil
	})
}

// serveControl announces the node to exercise control until its first
// step, then answers every step until the last; with no word from
// exercise control for timeout, it gives up. answer returning nil skips a
// step.
func serveControl(node *link.Node, c Creds, incarnation float64, steps chan *linkv1.Step, timeout time.Duration, answer func(*linkv1.Step) (*linkv1.StepDone, error)) error {
	hello := time.NewTicker(500 * time.Millisecond)
	defer hello.Stop()
	announce := func() error {
		return node.Send(Control, &linkv1.Envelope{Body: &linkv1.Envelope_Heartbeat{Heartbeat: &linkv1.Heartbeat{Node: c.Node, Incarnation: incarnation}}})
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
		case <-time.After(timeout):
			return fmt.Errorf("fed: %s: no word from exercise control for %v", c.Nation, timeout)
		}
		done, err := answer(st)
		if err != nil {
			return err
		}
		if done == nil {
			continue
		}
		started = true
		if err := node.Send(Control, &linkv1.Envelope{TimeS: st.TimeS, Body: &linkv1.Envelope_StepDone{StepDone: done}}); err != nil {
			return err
		}
		if st.Stop {
			return node.Flush()
		}
	}
}

// setUp builds the node's part as exercise control's first step (or its
// rejoin step) says.
func setUp(o NodeOptions, st *linkv1.Step, digest []byte) (*sim.Part, error) {
	if !bytes.Equal(st.ScenarioSha256, digest) {
		return nil, fmt.Errorf("fed: %s: exercise control runs another scenario (SHA-256 %x, this node's %x)", o.Creds.Nation, st.ScenarioSha256, digest)
	}
	level, err := bmc.ParseLevel(st.Integration)
	if err != nil {
		return nil, fmt.Errorf("fed: %s: exercise control: %w", o.Creds.Nation, err)
	}
	opt := sim.Options{Level: level, Seed: st.Seed}
	if !st.Rejoin {
		return sim.NewPart(o.Scenario, opt, o.Creds.Nation)
	}
	history, err := decodeEvents(st.HistoryJsonl)
	if err != nil {
		return nil, fmt.Errorf("fed: %s: rejoin: %w", o.Creds.Nation, err)
	}
	return sim.RejoinPart(o.Scenario, opt, o.Creds.Nation, st.TimeS, kills(st.Kills), history)
}

// ExchangeOptions configure a data-exchange center's node.
type ExchangeOptions struct {
	Scenario *scenario.File
	Creds    Creds // the center's: its id as nation
	URL      string
	Log      io.Writer
	// Timeout: with no word from exercise control this long, the center
	// stops.
	Timeout time.Duration
}

// RunExchange runs a data-exchange center of the scenario: it relays the
// messages routed through it between the nations it serves (see
// link.Node.Relay) until exercise control ends the run.
func RunExchange(o ExchangeOptions) error {
	if o.Timeout == 0 {
		o.Timeout = 10 * DefaultStepTimeout
	}
	members := map[string]bool{}
	found := false
	for _, x := range o.Scenario.Exchanges {
		if x.ID == o.Creds.Nation {
			found = true
			for _, m := range x.Members {
				members[m] = true
			}
		}
	}
	if !found {
		return fmt.Errorf("fed: no exchange center %q in the scenario", o.Creds.Nation)
	}
	node, log, err := o.Creds.connect(o.URL, o.Log)
	if err != nil {
		return err
	}
	defer node.Close()
	steps := make(chan *linkv1.Step, 16)
	err = node.Relay(members, func(env *linkv1.Envelope) {
		if st, ok := env.Body.(*linkv1.Envelope_Step); ok && env.SenderNation == Control {
			steps <- st.Step
			return
		}
		log.rejected(fmt.Errorf("%s: %s addressed to an exchange center", env.Sender, link.Kind(env)))
	})
	if err != nil {
		return err
	}
	incarnation := float64(time.Now().UnixNano()) / 1e9
	return serveControl(node, o.Creds, incarnation, steps, o.Timeout, func(st *linkv1.Step) (*linkv1.StepDone, error) {
		return &linkv1.StepDone{Round: st.Round, Idle: true}, nil
	})
}
