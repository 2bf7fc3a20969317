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
// Faults: a node that does not answer a step in time is dropped from the
// run (its partners notice the silence and degrade, see package sim); when
// it starts again it rejoins at the current step, its inventory restored
// from the run's event log, which exercise control keeps in JetStream.
package fed

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sync"
	"time"

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

// report turns a node's answer into the conductor's report.
func report(d *linkv1.StepDone) (sim.Report, error) {
	rep := sim.Report{NextS: nextOf(d), Kills: kills(d.Kills), Sent: d.Sent, ArrivalS: d.ArrivalS,
		SendS: orInf(d.SendS), KillS: orInf(d.KillS), ReplyArrivalS: d.ReplyArrivalS}
	evs, err := decodeEvents(d.EventsJsonl)
	if err != nil {
		return rep, err
	}
	rep.Events = evs
	for to := range d.Sent {
		if _, ok := d.ArrivalS[to]; !ok {
			return rep, fmt.Errorf("messages to %s without an arrival time", to)
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
