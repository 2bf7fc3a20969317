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
	// extra (tests): messages the node sends at a step beyond its part's.
	extra func(*linkv1.Step) []*linkv1.Envelope
}

func (o NodeOptions) inject(st *linkv1.Step) []*linkv1.Envelope {
	if o.extra == nil {
		return nil
	}
	return o.extra(st)
}

// errCrashed is how a node killed by a test ends.
var errCrashed = errors.New("fed: node crashed (test)")

// maxHeld bounds the partners' messages a node holds until exercise
// control confirms their sender's incarnation (a node that rejoined may be
// heard before exercise control's word of it arrives).
const maxHeld = 256

// RunNode runs one nation's node until exercise control ends the run.
//
// It takes a partner's message only from the incarnation of the partner's
// node that exercise control confirmed (Step.incarnations); one of
// another incarnation is held until the next step, which may confirm it
// (a partner that rejoined), and refused then if it does not (a second
// instance of a node, or one exercise control dropped). Every message is
// checked before use (sim.Part.Deliver); each one refused is logged and
// counted in the run's event log (message_rejected).
func RunNode(o NodeOptions) error {
	if o.StepTimeout == 0 {
		o.StepTimeout = DefaultStepTimeout
	}
	digest, err := Digest(o.Scenario)
	if err != nil {
		return err
	}
	node, log, err := o.Creds.connect(o.URL, o.Log)
	if err != nil {
		return err
	}
	defer node.Close()
	threats := threatCount(o.Scenario)
	var (
		part *sim.Part
		mu   sync.Mutex // guards part, recv, confirmed, held
		recv = map[string]uint64{}
		// confirmed: each node's incarnation as exercise control confirmed
		// it; held: partners' messages of other incarnations.
		confirmed map[string][]byte
		held      []*linkv1.Envelope
		signal    = make(chan struct{}, 1)
		steps     = make(chan *linkv1.Envelope, 64)
	)
	// reject logs a refused message, and (mu held) has the part count it.
	reject := func(err error) {
		log.rejected(err)
		if part != nil {
			part.Reject(err)
		}
	}
	node.Rejected = func(err error) {
		if errors.Is(err, link.ErrServer) {
			log.rejected(err)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		reject(err)
	}
	// take hands a partner's message of a confirmed incarnation to the part
	// (mu held). It counts among those the partner sent, whether the part
	// accepts it or not.
	take := func(env *linkv1.Envelope) {
		recv[env.SenderNation]++
		if err := part.Deliver(env); err != nil {
			log.rejected(err)
		}
	}
	err = node.Subscribe(func(env *linkv1.Envelope) {
		if env.SenderNation == Control {
			if _, ok := env.Body.(*linkv1.Envelope_Step); ok {
				steps <- env
				return
			}
			mu.Lock()
			reject(fmt.Errorf("%s: %s: exercise control sends a node only steps", env.Sender, link.Kind(env)))
			mu.Unlock()
			return
		}
		mu.Lock()
		switch {
		case part == nil:
			reject(fmt.Errorf("%s: %s before this node joined the run", env.Sender, link.Kind(env)))
		case bytes.Equal(confirmed[env.Sender], env.Incarnation):
			take(env)
		case len(held) < maxHeld:
			held = append(held, env)
		default:
			reject(fmt.Errorf("%s: %s of incarnation %x, which exercise control has not confirmed (%d such messages held already)", env.Sender, link.Kind(env), env.Incarnation, maxHeld))
		}
		mu.Unlock()
		select {
		case signal <- struct{}{}:
		default:
		}
	})
	if err != nil {
		return err
	}
	return serveControl(node, o.Creds, steps, 10*o.StepTimeout, func(env *linkv1.Envelope) (*linkv1.StepDone, error) {
		st := env.GetStep()
		if err := checkStep(st, threats); err != nil {
			mu.Lock()
			reject(fmt.Errorf("%s: step: %w", env.Sender, err))
			mu.Unlock()
			return nil, nil
		}
		if o.crashAtS > 0 && st.TimeS >= o.crashAtS && !st.Stop {
			return nil, errCrashed
		}
		done := &linkv1.StepDone{Round: st.Round}
		mu.Lock()
		joined := part != nil
		ctl := confirmed[env.Sender]
		mu.Unlock()
		if joined && !bytes.Equal(ctl, env.Incarnation) {
			mu.Lock()
			reject(fmt.Errorf("%s: step from incarnation %x, not the exercise control this node joined (%x)", env.Sender, env.Incarnation, ctl))
			mu.Unlock()
			return nil, nil
		}
		if !joined {
			if st.Round != 0 && !st.Rejoin {
				return nil, nil // a step of a run this node is not in (yet)
			}
			p, err := setUp(o, env, digest, node)
			if err != nil {
				return nil, err
			}
			mu.Lock()
			part = p
			mu.Unlock()
		}
		// Exercise control's word on its members' incarnations: held
		// messages of confirmed ones are taken, the others refused.
		mu.Lock()
		if len(st.Incarnations) > 0 {
			confirmed = st.Incarnations
		}
		for _, h := range held {
			if bytes.Equal(confirmed[h.Sender], h.Incarnation) {
				take(h)
				continue
			}
			reject(fmt.Errorf("%s: %s of incarnation %x, which exercise control has not confirmed: a second instance of the node, or one that was dropped", h.Sender, link.Kind(h), h.Incarnation))
		}
		held = nil
		mu.Unlock()
		if joined && st.Round > 0 && !st.Stop && !st.Rejoin {
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
			for _, env := range o.inject(st) {
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
func serveControl(node *link.Node, c Creds, steps chan *linkv1.Envelope, timeout time.Duration, answer func(*linkv1.Envelope) (*linkv1.StepDone, error)) error {
	hello := time.NewTicker(500 * time.Millisecond)
	defer hello.Stop()
	announce := func() error {
		return node.Send(Control, &linkv1.Envelope{Body: &linkv1.Envelope_Heartbeat{Heartbeat: &linkv1.Heartbeat{Node: c.Node}}})
	}
	if err := announce(); err != nil {
		return err
	}
	started := false
	for {
		var env *linkv1.Envelope
		select {
		case env = <-steps:
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
		done, err := answer(env)
		if err != nil {
			return err
		}
		if done == nil {
			continue
		}
		started = true
		st := env.GetStep()
		if err := node.Send(Control, &linkv1.Envelope{TimeS: st.TimeS, Body: &linkv1.Envelope_StepDone{StepDone: done}}); err != nil {
			return err
		}
		if st.Stop {
			return node.Flush()
		}
	}
}

// setUp builds the node's part as exercise control's first step (or its
// rejoin step) says, and binds the node to the run.
func setUp(o NodeOptions, env *linkv1.Envelope, digest []byte, node *link.Node) (*sim.Part, error) {
	st := env.GetStep()
	if !bytes.Equal(st.ScenarioSha256, digest) {
		return nil, fmt.Errorf("fed: %s: exercise control runs another scenario (SHA-256 %x, this node's %x)", o.Creds.Nation, st.ScenarioSha256, digest)
	}
	level, err := bmc.ParseLevel(st.Integration)
	if err != nil {
		return nil, fmt.Errorf("fed: %s: exercise control: %w", o.Creds.Nation, err)
	}
	if run := RunID(digest, st.Seed, st.Integration); !bytes.Equal(env.Run, run) {
		return nil, fmt.Errorf("fed: %s: exercise control's step is of run %x, not %x (scenario, seed %d, %s)", o.Creds.Nation, env.Run, run, st.Seed, st.Integration)
	}
	if !bytes.Equal(st.Incarnations[env.Sender], env.Incarnation) {
		return nil, fmt.Errorf("fed: %s: exercise control's first step does not confirm its own incarnation", o.Creds.Nation)
	}
	node.SetRun(env.Run)
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
	steps := make(chan *linkv1.Envelope, 16)
	err = node.Relay(members, func(env *linkv1.Envelope) {
		if _, ok := env.Body.(*linkv1.Envelope_Step); ok && env.SenderNation == Control {
			steps <- env
			return
		}
		log.rejected(fmt.Errorf("%s: %s addressed to an exchange center", env.Sender, link.Kind(env)))
	})
	if err != nil {
		return err
	}
	return serveControl(node, o.Creds, steps, o.Timeout, func(env *linkv1.Envelope) (*linkv1.StepDone, error) {
		if len(env.Run) == link.IncarnationBytes {
			node.SetRun(env.Run) // its answer is of the run
		}
		return &linkv1.StepDone{Round: env.GetStep().Round, Idle: true}, nil
	})
}
