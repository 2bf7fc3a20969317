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
//
// Faults: NATS delivers at most once, and a message in flight when a
// connection or a server is lost is gone. So each step tells a node how
// many messages every partner has sent it and the sequence number of the
// last; a node missing some asks the sender for them again (the sender
// keeps what it sent until exercise control confirms it arrived, and the
// receiver takes each message once, by sequence number), and exercise
// control sends a step again to a node that has not answered it. A node
// that does not answer a step in time (or whose process is known to have
// ended) is dropped from the run (its partners notice the silence and
// degrade, see package sim); when it starts again it rejoins at the
// current step, its inventory restored from the run's event log, which
// exercise control keeps in JetStream, replicated on a cluster, checking
// the acknowledgements as the run goes.
//
// Trust: every envelope carries the run's identity (RunID) and its
// sender's incarnation (random per process start). Exercise control
// confirms one incarnation per node — the first to announce itself, or
// the one that rejoined after its predecessor was dropped — and tells the
// nodes (Step.incarnations); a node takes a partner's messages only from
// the confirmed incarnation, and exercise control takes step answers only
// from those. A second instance of a node (a standby, a node restarted
// while the first still answers, anyone else with its credentials) is
// reported and takes no part: it cannot make its nation's partners refuse
// the node that does. Every message is checked before use (see
// sim.Part.Deliver for the partners' messages, checkStep and report for
// exercise control's); what is refused is logged with the reason and
// counted in the run's summary (messages_rejected). docs/federation-security.md
// describes the whole model.
package fed

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
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

// DefaultStepTimeout bounds how long a node waits for a step's messages
// and exercise control for a node's answer.
const DefaultStepTimeout = 30 * time.Second

// Digest identifies a decoded scenario: the SHA-256 of its JSON encoding.
func Digest(f *scenario.File) ([]byte, error) {
	data, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	h := sha256.Sum256(data)
	return h[:], nil
}

// RunID is a run's identity on the network (Envelope.run): derived from
// what makes the run what it is — the scenario, the seed and the
// integration level — so that the same run gives the same bytes, and no
// node takes another run's traffic for its own.
func RunID(digest []byte, seed uint64, level string) []byte {
	h := sha256.New()
	h.Write([]byte("jrmd run\x00"))
	h.Write(digest)
	binary.Write(h, binary.BigEndian, seed) // a hash does not fail
	h.Write([]byte(level))
	return h.Sum(nil)[:link.IncarnationBytes]
}

func nextOf(d *linkv1.StepDone) float64 {
	if d.Idle {
		return math.Inf(1)
	}
	return d.NextS
}

// finiteOrNil and orInf carry a time that may be +Inf (never) in an
// optional field, absent for never.
func finiteOrNil(t float64) *float64 {
	if math.IsInf(t, 1) {
		return nil
	}
	return &t
}

func orInf(t *float64) float64 {
	if t == nil {
		return math.Inf(1)
	}
	return *t
}

// threatCount is how many threats a scenario's raid has (a kill names
// one by its index).
func threatCount(f *scenario.File) int {
	n := 0
	for _, t := range f.Threats {
		n += max(t.Count, 1)
	}
	return n
}

// checkKills checks the kills of a step or a step's answer (their number
// is bounded by the message's size).
func checkKills(c *link.Check, ks []*linkv1.Kill, threats int) {
	for _, k := range ks {
		if int64(k.Threat) >= int64(threats) {
			c.Failf("kills: threat %d: the raid has %d", k.Threat, threats)
		}
		c.Time("kills.time_s", k.TimeS)
	}
}

// checkNations checks a map keyed by nation: at most MaxNations, each a
// member of the run (nations, when given).
func checkNations(c *link.Check, field string, keys []string, nations []string) {
	c.Count(field, len(keys), link.MaxNations)
	for _, k := range keys {
		c.ID(field, k)
		if nations != nil && c.Err() == nil && !slices.Contains(nations, k) {
			c.Failf("%s: %q is not a nation of the run", field, k)
		}
	}
}

// checkStep checks exercise control's step before a node acts on it.
func checkStep(st *linkv1.Step, threats int) error {
	var c link.Check
	c.Time("time_s", st.TimeS)
	c.Time("until_s", st.UntilS)
	checkKills(&c, st.Kills, threats)
	checkNations(&c, "expect", slices.Collect(maps.Keys(st.Expect)), nil)
	checkNations(&c, "expect_seq", slices.Collect(maps.Keys(st.ExpectSeq)), nil)
	checkNations(&c, "delivered", slices.Collect(maps.Keys(st.Delivered)), nil)
	c.ID("integration", st.Integration)
	if n := len(st.ScenarioSha256); n != 0 && n != sha256.Size {
		c.Failf("scenario_sha256: %d bytes, want %d", n, sha256.Size)
	}
	c.Count("incarnations", len(st.Incarnations), 2*link.MaxNations+1)
	for node, inc := range st.Incarnations {
		c.ID("incarnations", node)
		if len(inc) != link.IncarnationBytes {
			c.Failf("incarnations: %s: %d bytes, want %d", node, len(inc), link.IncarnationBytes)
		}
	}
	return c.Err()
}

// checkHello checks a node's announcement: its own.
func checkHello(env *linkv1.Envelope) error {
	var c link.Check
	c.ID("node", env.GetHeartbeat().GetNode())
	if n := env.GetHeartbeat().GetNode(); c.Err() == nil && n != env.Sender {
		c.Failf("node %q: the sender is %s", n, env.Sender)
	}
	c.Time("time_s", env.GetHeartbeat().GetTimeS())
	return c.Err()
}

// report checks a nation's answer to a step and turns it into the
// conductor's report: its maps name nations of the run, its kills threats
// of the raid, and its events are the nation's own, of kinds a nation's
// part logs.
func report(d *linkv1.StepDone, nation string, nations []string, threats int) (sim.Report, error) {
	rep := sim.Report{NextS: nextOf(d), Kills: kills(d.Kills), Sent: d.Sent, ArrivalS: d.ArrivalS,
		SendS: orInf(d.SendS), KillS: orInf(d.KillS), ReplyArrivalS: d.ReplyArrivalS}
	var c link.Check
	checkNations(&c, "sent", slices.Collect(maps.Keys(d.Sent)), nations)
	checkNations(&c, "arrival_s", slices.Collect(maps.Keys(d.ArrivalS)), nations)
	checkNations(&c, "reply_arrival_s", slices.Collect(maps.Keys(d.ReplyArrivalS)), nations)
	checkNations(&c, "last_seq", slices.Collect(maps.Keys(d.LastSeq)), nations)
	checkKills(&c, d.Kills, threats)
	if err := c.Err(); err != nil {
		return rep, err
	}
	evs, err := decodeEvents(d.EventsJsonl)
	if err != nil {
		return rep, err
	}
	for _, ev := range evs {
		if ev.Nation != nation || !sim.NationEvent(ev.Type) {
			return rep, fmt.Errorf("%w: events: a %q event of %q: not one %s's part logs", link.ErrInvalid, ev.Type, ev.Nation, nation)
		}
	}
	rep.Events = evs
	for to := range d.Sent {
		if _, ok := d.ArrivalS[to]; !ok {
			return rep, fmt.Errorf("messages to %s without an arrival time", to)
		}
		if d.LastSeq[to] == 0 {
			return rep, fmt.Errorf("messages to %s without the last one's sequence number", to)
		}
	}
	// A time that is not a number would bound no window and, in the
	// conductor's minima, hide every other.
	if math.IsNaN(rep.NextS) {
		return rep, fmt.Errorf("next_s is not a number")
	}
	if math.IsNaN(rep.SendS) || math.IsNaN(rep.KillS) {
		return rep, fmt.Errorf("promises send_s %v, kill_s %v: not numbers", rep.SendS, rep.KillS)
	}
	for to, t := range d.ArrivalS {
		if math.IsNaN(t) {
			return rep, fmt.Errorf("arrival_s of messages to %s is not a number", to)
		}
	}
	for to, t := range d.ReplyArrivalS {
		if math.IsNaN(t) {
			return rep, fmt.Errorf("reply_arrival_s of messages to %s is not a number", to)
		}
	}
	return rep, nil
}

func encodeEvents(evs []sim.Event) []byte {
	var buf bytes.Buffer
	sim.WriteJSONL(&buf, evs) // a bytes.Buffer does not fail
	return buf.Bytes()
}

func decodeEvents(data []byte) ([]sim.Event, error) {
	var out []sim.Event
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	for dec.More() {
		var ev sim.Event
		if err := dec.Decode(&ev); err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		out = append(out, ev)
	}
	return out, nil
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

// logger writes rejected messages and faults, one line each.
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

func (l *logger) rejected(err error) { l.printf("rejected: %v", err) }

func (l *logger) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s: %s\n", l.node, fmt.Sprintf(format, args...))
}
