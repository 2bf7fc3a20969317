package fed

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

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
	// Log receives one line per rejected message, with the reason, and
	// per change of the connection to NATS.
	Log         io.Writer
	StepTimeout time.Duration
	// crashAtS (tests): the node dies, without a word, when told to step
	// at or after this time.
	crashAtS float64
	// extra (tests): messages the node sends at a step beyond its part's.
	extra func(*linkv1.Step) []*linkv1.Envelope
	// Faults the transport might cause (tests): the node ignores the first
	// lose messages from partners sent at or after loseFromS, and does not
	// send its first mute answers to steps after the first.
	loseFromS float64
	lose      int
	mute      int
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

// Re-requests: a node missing messages after resendAfter asks their
// senders for them again, and exercise control a node that has not
// answered a step sends the step again; each waits twice as long before
// asking once more, up to maxResendWait, until the step timeout.
const (
	resendAfter   = time.Second
	maxResendWait = 8 * time.Second
	minResendGap  = resendAfter * 9 / 10
)

// inbound is what a node holds of one partner's messages: of the
// partner's incarnation, all those numbered up to floor, and those
// numbered after it; floorN counts them with the messages of its earlier
// incarnations, as exercise control counts (Step.expect).
type inbound struct {
	incarnation   string
	floor, floorN uint64
	above         map[uint64]bool
}

// take records a message; false if it is held already. A message of a new
// incarnation (the partner rejoined) starts its numbering afresh.
func (in *inbound) take(env *linkv1.Envelope) bool {
	if inc := string(env.Incarnation); inc != in.incarnation {
		in.incarnation, in.floor, in.floorN = inc, 0, in.floorN+uint64(len(in.above))
		clear(in.above)
	}
	if env.Seq <= in.floor || in.above[env.Seq] {
		return false
	}
	in.above[env.Seq] = true
	return true
}

// missing returns how many of the partner's messages numbered up to upTo
// are not held, n being expected (upTo 0: exercise control knows no
// number of the partner's incarnation, and all held count); with none
// missing, the floor moves up to upTo.
func (in *inbound) missing(n, upTo uint64) uint64 {
	have := in.floorN
	for s := range in.above {
		if s <= upTo || upTo == 0 {
			have++
		}
	}
	if have < n {
		return n - have
	}
	if upTo > in.floor {
		in.floor, in.floorN = upTo, n
		for s := range in.above {
			if s <= upTo {
				delete(in.above, s)
			}
		}
	}
	return 0
}

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
	node.OnStatus(func(s string) { log.printf("%s", s) })
	// Keep what is sent to partners until exercise control confirms it
	// arrived, so that a partner missing some can have them again.
	for _, p := range sim.Parts(o.Scenario)[1:] {
		if p != o.Creds.Nation {
			node.Retain(p)
		}
	}
	threats := threatCount(o.Scenario)
	var (
		part *sim.Part
		mu   sync.Mutex // guards part, from, confirmed, held, lose
		from = map[string]*inbound{}
		// confirmed: each node's incarnation as exercise control confirmed
		// it; held: partners' messages of other incarnations.
		confirmed map[string][]byte
		held      []*linkv1.Envelope
		signal    = make(chan struct{}, 1)
		steps     = make(chan *linkv1.Envelope, 64)
		lose      = o.lose
		// When each partner's last request for messages was answered (on
		// the subscription's goroutine).
		resent = map[string]time.Time{}
	)
	inboundOf := func(nation string) *inbound {
		in := from[nation]
		if in == nil {
			in = &inbound{above: map[uint64]bool{}}
			from[nation] = in
		}
		return in
	}
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
	// (mu held), once however often it comes. It counts among those the
	// partner sent, whether the part accepts it or not.
	take := func(env *linkv1.Envelope) {
		if !inboundOf(env.SenderNation).take(env) {
			return // a copy of a message held already
		}
		if err := part.Deliver(env); err != nil {
			log.rejected(err)
		}
	}
	err = node.Subscribe(func(env *linkv1.Envelope) {
		if env.SenderNation == Control {
			if st, ok := env.Body.(*linkv1.Envelope_Step); ok {
				select {
				case steps <- env:
				default:
					log.rejected(fmt.Errorf("%s: step %d: %d steps not yet taken", env.Sender, st.Step.GetRound(), len(steps)))
				}
				return
			}
			mu.Lock()
			reject(fmt.Errorf("%s: %s: exercise control sends a node only steps", env.Sender, link.Kind(env)))
			mu.Unlock()
			return
		}
		if req, ok := env.Body.(*linkv1.Envelope_ResendRequest); ok {
			// From the partner's confirmed incarnation, at most about once a
			// second (the partner asks no more often), so that requests
			// cannot make the node flood.
			mu.Lock()
			ok := bytes.Equal(confirmed[env.Sender], env.Incarnation)
			mu.Unlock()
			if !ok || time.Since(resent[env.SenderNation]) < minResendGap {
				return
			}
			resent[env.SenderNation] = time.Now()
			n, err := node.Resend(env.SenderNation, req.ResendRequest.AfterSeq)
			if err != nil {
				log.printf("sending %s its messages again: %v", env.SenderNation, err)
				return
			}
			log.printf("%s asked for its messages again: sent %d", env.SenderNation, n)
			return
		}
		mu.Lock()
		if lose > 0 && part != nil && env.TimeS >= o.loseFromS {
			lose--
			mu.Unlock()
			return
		}
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
	// awaitMessages waits until the node holds every message its partners
	// sent it before the step, asking again for those that do not come.
	awaitMessages := func(st *linkv1.Step) error {
		deadline := time.NewTimer(o.StepTimeout)
		defer deadline.Stop()
		wait := resendAfter
		again := time.NewTimer(wait)
		defer again.Stop()
		type gap struct {
			from        string
			missing, of uint64
			after       uint64 // the sender's messages after this are asked for again
		}
		for {
			var gaps []gap
			var what []string
			mu.Lock()
			for _, p := range slices.Sorted(maps.Keys(st.Expect)) {
				in := inboundOf(p)
				if k := in.missing(st.Expect[p], st.ExpectSeq[p]); k > 0 {
					gaps = append(gaps, gap{p, k, st.Expect[p] - in.floorN, in.floor})
					what = append(what, fmt.Sprintf("%d of %d messages from %s", k, st.Expect[p]-in.floorN, p))
				}
			}
			mu.Unlock()
			if len(gaps) == 0 {
				return nil
			}
			select {
			case <-signal:
			case <-again.C:
				log.printf("step %d: still missing %s after %v: asking again", st.Round, strings.Join(what, ", "), wait)
				for _, g := range gaps {
					req := &linkv1.Envelope{TimeS: st.TimeS, Body: &linkv1.Envelope_ResendRequest{ResendRequest: &linkv1.ResendRequest{AfterSeq: g.after}}}
					if err := node.Send(g.from, req); err != nil {
						log.printf("asking %s again: %v", g.from, err)
					}
				}
				wait = min(2*wait, maxResendWait)
				again.Reset(wait)
			case <-deadline.C:
				return fmt.Errorf("fed: %s: step %d: still missing %s after %v", o.Creds.Nation, st.Round, strings.Join(what, ", "), o.StepTimeout)
			}
		}
	}
	return serveControl(node, o.Creds, log, steps, 10*o.StepTimeout, func(env *linkv1.Envelope) (*linkv1.StepDone, error) {
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
			// A node that rejoins holds nothing sent before.
			for sender, seq := range st.ExpectSeq {
				inboundOf(sender).floor = seq
			}
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
			for to, seq := range st.Delivered {
				node.Delivered(to, seq)
			}
			if err := awaitMessages(st); err != nil {
				return nil, err
			}
			rep := part.Step(sim.Round{N: st.Round, TimeS: st.TimeS, UntilS: st.UntilS, Kills: kills(st.Kills)})
			for _, env := range append(rep.Messages, o.inject(st)...) {
				if err := node.Send(env.ReleasableTo[0], env); err != nil {
					if errors.Is(err, nats.ErrConnectionClosed) {
						return nil, err
					}
					// Kept all the same: the partner will ask for it again.
					log.printf("sending to %s: %v", env.ReleasableTo[0], err)
				}
			}
			if rep.Err != nil {
				return nil, rep.Err
			}
			done.Sent, done.ArrivalS, done.ReplyArrivalS, done.Kills = rep.Sent, rep.ArrivalS, rep.ReplyArrivalS, wireKills(rep.Kills)
			done.EventsJsonl = encodeEvents(rep.Events)
			if len(rep.Sent) > 0 {
				done.LastSeq = map[string]uint64{}
				for to := range rep.Sent {
					done.LastSeq[to] = node.LastKept(to)
				}
			}
		}
		next := part.NextS()
		done.Idle = math.IsInf(next, 1)
		if !done.Idle {
			done.NextS = next
		}
		sendS, killS := part.Promises()
		done.SendS, done.KillS = finiteOrNil(sendS), finiteOrNil(killS)
		return done, nil
	}, o.mute)
}

// serveControl announces the node to exercise control until its first
// step, then answers every step until the last; with no word from
// exercise control for timeout, it gives up. answer returning nil skips a
// step. A step asked again (its answer was lost, or is late) gets the
// same answer; an earlier one none. The first mute answers to steps after
// the first (tests) are not sent.
func serveControl(node *link.Node, c Creds, log *logger, steps chan *linkv1.Envelope, timeout time.Duration,
	answer func(*linkv1.Envelope) (*linkv1.StepDone, error), mute int) error {
	hello := time.NewTicker(500 * time.Millisecond)
	defer hello.Stop()
	// A message not published is logged: exercise control asks again.
	// Only a closed connection ends the node.
	send := func(env *linkv1.Envelope) error {
		err := node.Send(Control, env)
		if err != nil && !errors.Is(err, nats.ErrConnectionClosed) {
			log.printf("to exercise control: %v", err)
			return nil
		}
		return err
	}
	announce := func() error {
		return send(&linkv1.Envelope{Body: &linkv1.Envelope_Heartbeat{Heartbeat: &linkv1.Heartbeat{Node: c.Node}}})
	}
	if err := announce(); err != nil {
		return err
	}
	started := false
	var last *linkv1.StepDone
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
		st := env.GetStep()
		done := last
		switch {
		case last != nil && st.Round < last.Round:
			continue
		case last == nil || st.Round > last.Round:
			var err error
			done, err = answer(env)
			if err != nil {
				return err
			}
			if done == nil {
				continue
			}
			if started && mute > 0 {
				mute--
				last = done
				continue
			}
			started, last = true, done
		}
		if err := send(&linkv1.Envelope{TimeS: st.TimeS, Body: &linkv1.Envelope_StepDone{StepDone: done}}); err != nil {
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
	node.OnStatus(func(s string) { log.printf("%s", s) })
	steps := make(chan *linkv1.Envelope, 16)
	err = node.Relay(members, func(env *linkv1.Envelope) {
		if st, ok := env.Body.(*linkv1.Envelope_Step); ok && env.SenderNation == Control {
			select {
			case steps <- env:
			default:
				log.rejected(fmt.Errorf("%s: step %d: %d steps not yet taken", env.Sender, st.Step.GetRound(), len(steps)))
			}
			return
		}
		log.rejected(fmt.Errorf("%s: %s addressed to an exchange center", env.Sender, link.Kind(env)))
	})
	if err != nil {
		return err
	}
	return serveControl(node, o.Creds, log, steps, o.Timeout, func(env *linkv1.Envelope) (*linkv1.StepDone, error) {
		if len(env.Run) == link.IncarnationBytes {
			node.SetRun(env.Run) // its answer is of the run
		}
		return &linkv1.StepDone{Round: env.GetStep().Round, Idle: true}, nil
	}, 0)
}
