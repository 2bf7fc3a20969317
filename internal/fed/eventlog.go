package fed

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/jrmd/jrmd/internal/sim"
)

// LogStream is the JetStream stream that keeps federated runs' event logs,
// one subject per run and part: jrmd.control.log.<RUN>.<NATION|control>.
const LogStream = "JRMD_LOG"

// How long JetStream has to store an event: an event not acknowledged
// within ackTimeout is published again (the same message ID, so that
// JetStream keeps one copy); one not stored within logTimeout of its first
// failure ends the run. A replicated stream elects a new leader within
// seconds of losing one (the servers' Raft election timeouts, 4–9 s in
// nats-server 2.x).
const (
	ackTimeout = 5 * time.Second
	logTimeout = 30 * time.Second
)

// indexHeader carries an event's place in the run's log, by which it is
// read back in order whatever the order JetStream stored it in (an event
// published again lands after those published meanwhile).
const indexHeader = "Jrmd-Index"

// eventLog appends a run's events to JetStream (file storage, replicated
// on a cluster: durable and replayable) and reads them back.
type eventLog struct {
	js      jetstream.JetStream
	stream  jetstream.Stream
	run     string
	next    int // index of the next event appended
	pending []*logged
	failing time.Time // when the failures logged began; zero: none since the last recovery
	log     *logger
}

// logged is an event published and not yet acknowledged.
type logged struct {
	subject string
	index   int
	data    []byte
	ack     jetstream.PubAckFuture
	failed  time.Time // when it first failed to be stored; zero: never
	err     error     // why, the last time
}

// newEventLog opens the run's event log in the LogStream stream with
// the given replicas (0: three on a cluster, one on a single server).
func newEventLog(nc *nats.Conn, replicas int, log *logger) (*eventLog, error) {
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncTimeout(ackTimeout))
	if err != nil {
		return nil, fmt.Errorf("fed: JetStream: %w", err)
	}
	if replicas == 0 {
		replicas = 1
		if nc.ConnectedClusterName() != "" {
			replicas = 3
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), logTimeout)
	defer cancel()
	st, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: LogStream, Subjects: []string{"jrmd." + Control + ".log.>"},
		Storage: jetstream.FileStorage, Replicas: replicas, Description: "jrmd federated runs' event logs"})
	if err != nil {
		return nil, fmt.Errorf("fed: JetStream stream %s with %d replicas: %w (a single server keeps one replica, a cluster of three up to three)", LogStream, replicas, err)
	}
	return &eventLog{js: js, stream: st, run: strings.ToLower(rand.Text()[:13]), log: log}, nil
}

func (l *eventLog) subject(part string) string {
	if part == "" {
		part = Control
	}
	return "jrmd." + Control + ".log." + l.run + "." + part
}

// append publishes events and checks the acknowledgements received so far
// (see check).
func (l *eventLog) append(evs []sim.Event) error {
	for i := range evs {
		data, err := json.Marshal(&evs[i])
		if err != nil {
			return err
		}
		p := &logged{subject: l.subject(evs[i].Nation), index: l.next, data: data}
		l.next++
		l.publish(p)
		l.pending = append(l.pending, p)
	}
	if len(l.pending) > 4096 {
		return l.flush()
	}
	return l.check()
}

func (l *eventLog) publish(p *logged) {
	m := nats.NewMsg(p.subject)
	m.Data = p.data
	m.Header.Set(jetstream.MsgIDHeader, l.run+"."+strconv.Itoa(p.index))
	m.Header.Set(indexHeader, strconv.Itoa(p.index))
	ack, err := l.js.PublishMsgAsync(m)
	if err != nil {
		// Not even handed to the connection (closed, or too much pending):
		// a failure like a missing acknowledgement, tried again at the
		// next check.
		ack = failed{err}
	}
	p.ack = ack
}

// check takes the acknowledgements that have arrived, without waiting:
// an event JetStream refused or did not acknowledge in time is published
// again, and the first such failure is logged at once. It fails when an
// event has not been stored for logTimeout.
func (l *eventLog) check() error { return l.settle(nil) }

// settle is check, waiting for the oldest pending acknowledgement until
// wait fires (nil: not at all).
func (l *eventLog) settle(wait <-chan time.Time) error {
	keep := l.pending[:0]
	var oldest *logged // the event not stored that failed first
	for k, p := range l.pending {
		var w <-chan time.Time
		if k == 0 {
			w = wait
		}
		var err error
		if w == nil {
			select {
			case <-p.ack.Ok():
				continue
			case err = <-p.ack.Err():
			default:
			}
		} else {
			select {
			case <-p.ack.Ok():
				continue
			case err = <-p.ack.Err():
			case <-w:
			}
		}
		if err != nil {
			p.err = err
			if p.failed.IsZero() {
				p.failed = time.Now()
			}
			if l.failing.IsZero() {
				l.failing = p.failed
				l.log.printf("event log: JetStream did not store event %d: %v; publishing it again", p.index, err)
			}
			l.publish(p)
		}
		if !p.failed.IsZero() && (oldest == nil || p.failed.Before(oldest.failed)) {
			oldest = p
		}
		keep = append(keep, p)
	}
	clear(l.pending[len(keep):])
	l.pending = keep
	switch {
	case l.failing.IsZero():
	case oldest == nil:
		l.log.printf("event log: JetStream stores events again (after %v)", time.Since(l.failing).Round(time.Millisecond))
		l.failing = time.Time{}
	case time.Since(oldest.failed) > logTimeout:
		return fmt.Errorf("fed: event log: JetStream has not stored event %d for %v: %v", oldest.index, logTimeout, oldest.err)
	}
	return nil
}

// flush waits until JetStream has stored everything appended.
func (l *eventLog) flush() error {
	for len(l.pending) > 0 {
		if err := l.settle(time.After(100 * time.Millisecond)); err != nil {
			return err
		}
	}
	return nil
}

// failed is the acknowledgement of a message that could not be published.
type failed struct{ err error }

func (f failed) Ok() <-chan *jetstream.PubAck { return nil }
func (f failed) Err() <-chan error {
	c := make(chan error, 1)
	c <- f.err
	return c
}
func (f failed) Msg() *nats.Msg { return nil }

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
	// The stream, or JetStream's meta group, may be electing a new leader
	// and not answer: ask again until logTimeout.
	deadline := time.Now().Add(logTimeout)
	for {
		evs, err := l.fetchOnce(filter)
		if err == nil || time.Now().After(deadline) {
			return evs, err
		}
		l.log.printf("event log: reading it back: %v; asking again", err)
		time.Sleep(250 * time.Millisecond)
	}
}

func (l *eventLog) fetchOnce(filter string) ([]sim.Event, error) {
	ctx, cancel := context.WithTimeout(context.Background(), ackTimeout)
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
	type indexed struct {
		index int
		ev    sim.Event
	}
	var got []indexed
	for len(got) < want {
		batch, err := cons.Fetch(min(want-len(got), 1000), jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			return nil, fmt.Errorf("fed: event log: %w", err)
		}
		n := 0
		for m := range batch.Messages() {
			i, err := strconv.Atoi(m.Headers().Get(indexHeader))
			if err != nil {
				return nil, fmt.Errorf("fed: event log: %s: no index: %w", m.Subject(), err)
			}
			var ev sim.Event
			if err := json.Unmarshal(m.Data(), &ev); err != nil {
				return nil, fmt.Errorf("fed: event log: %s: %w", m.Subject(), err)
			}
			got = append(got, indexed{i, ev})
			n++
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) {
			return nil, fmt.Errorf("fed: event log: %w", err)
		}
		if n == 0 {
			return nil, fmt.Errorf("fed: event log: %d of %d events could not be read back", want-len(got), want)
		}
	}
	// In the order of the run; an event stored twice (published again
	// after its acknowledgement was lost, past JetStream's duplicate
	// window) is read once.
	slices.SortStableFunc(got, func(a, b indexed) int { return cmp.Compare(a.index, b.index) })
	got = slices.CompactFunc(got, func(a, b indexed) bool { return a.index == b.index })
	out := make([]sim.Event, len(got))
	for k, g := range got {
		out[k] = g.ev
	}
	return out, nil
}
