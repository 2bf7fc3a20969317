package fed

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/jrmd/jrmd/internal/sim"
)

// LogStream is the JetStream stream that keeps federated runs' event logs,
// one subject per run and part: jrmd.control.log.<RUN>.<NATION|control>.
const LogStream = "JRMD_LOG"

const logTimeout = 30 * time.Second

// eventLog appends a run's events to JetStream (file storage: durable and
// replayable) and reads them back.
type eventLog struct {
	js      jetstream.JetStream
	stream  jetstream.Stream
	run     string
	pending []jetstream.PubAckFuture
}

func newEventLog(nc *nats.Conn) (*eventLog, error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("fed: JetStream: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), logTimeout)
	defer cancel()
	st, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: LogStream, Subjects: []string{"jrmd." + Control + ".log.>"},
		Storage: jetstream.FileStorage, Description: "jrmd federated runs' event logs"})
	if err != nil {
		return nil, fmt.Errorf("fed: JetStream stream %s: %w", LogStream, err)
	}
	return &eventLog{js: js, stream: st, run: strings.ToLower(rand.Text()[:13])}, nil
}

func (l *eventLog) subject(part string) string {
	if part == "" {
		part = Control
	}
	return "jrmd." + Control + ".log." + l.run + "." + part
}

// append publishes events (acknowledged asynchronously; flush waits).
func (l *eventLog) append(evs []sim.Event) error {
	for i := range evs {
		data, err := json.Marshal(&evs[i])
		if err != nil {
			return err
		}
		f, err := l.js.PublishAsync(l.subject(evs[i].Nation), data)
		if err != nil {
			return fmt.Errorf("fed: event log: %w", err)
		}
		l.pending = append(l.pending, f)
	}
	if len(l.pending) > 4096 {
		return l.flush()
	}
	return nil
}

// flush waits until JetStream has stored everything appended.
func (l *eventLog) flush() error {
	timeout := time.After(logTimeout)
	for _, f := range l.pending {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return fmt.Errorf("fed: event log: %w", err)
		case <-timeout:
			return fmt.Errorf("fed: event log: JetStream did not acknowledge within %v", logTimeout)
		}
	}
	l.pending = l.pending[:0]
	return nil
}

// read returns one part's events of the run, in order.
func (l *eventLog) read(part string) ([]sim.Event, error) { return l.fetch(l.subject(part)) }

// readAll returns the run's whole log, in order.
func (l *eventLog) readAll() ([]sim.Event, error) {
	return l.fetch("jrmd." + Control + ".log." + l.run + ".>")
}

func (l *eventLog) fetch(filter string) ([]sim.Event, error) {
	if err := l.flush(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), logTimeout)
	defer cancel()
	cons, err := l.stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{FilterSubjects: []string{filter}})
	if err != nil {
		return nil, fmt.Errorf("fed: event log: %w", err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("fed: event log: %w", err)
	}
	want := int(info.NumPending)
	var out []sim.Event
	for len(out) < want {
		batch, err := cons.Fetch(min(want-len(out), 1000), jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			return nil, fmt.Errorf("fed: event log: %w", err)
		}
		n := 0
		for m := range batch.Messages() {
			var ev sim.Event
			if err := json.Unmarshal(m.Data(), &ev); err != nil {
				return nil, fmt.Errorf("fed: event log: %s: %w", m.Subject(), err)
			}
			out = append(out, ev)
			n++
		}
		if err := batch.Error(); err != nil {
			return nil, fmt.Errorf("fed: event log: %w", err)
		}
		if n == 0 {
			return nil, fmt.Errorf("fed: event log: %d of %d events could not be read back", want-len(out), want)
		}
	}
	return out, nil
}
