package fed

import (
	"testing"

	"github.com/jrmd/jrmd/internal/link/linkv1"
)

// A node's record of a partner's messages: each taken once, however often
// it comes; a step's expectation (n messages, the last numbered upTo) met
// only when every one up to upTo is held, whatever arrived after it; a
// partner that rejoined (a new incarnation) numbers afresh, its
// predecessor's messages still counted.
func TestInboundTakesEachMessageOnce(t *testing.T) {
	msg := func(inc string, seq uint64) *linkv1.Envelope {
		return &linkv1.Envelope{Incarnation: []byte(inc), Seq: seq}
	}
	in := &inbound{above: map[uint64]bool{}}
	for _, c := range []struct {
		inc  string
		seq  uint64
		want bool
	}{{"a", 1, true}, {"a", 3, true}, {"a", 1, false}, {"a", 4, true}, {"a", 3, false}} {
		if got := in.take(msg(c.inc, c.seq)); got != c.want {
			t.Errorf("take(%s, %d) = %v, want %v", c.inc, c.seq, got, c.want)
		}
	}
	// Three messages expected up to 3: 2 is missing, though 4 (sent later)
	// has come.
	if k := in.missing(3, 3); k != 1 {
		t.Errorf("missing(3, 3) = %d with 1, 3, 4 held, want 1", k)
	}
	in.take(msg("a", 2))
	if k := in.missing(3, 3); k != 0 {
		t.Errorf("missing(3, 3) = %d with 1-4 held, want 0", k)
	}
	if in.floor != 3 || in.floorN != 3 || len(in.above) != 1 {
		t.Errorf("after the step: floor %d (%d messages), %d above; want 3 (3), 1", in.floor, in.floorN, len(in.above))
	}
	if in.take(msg("a", 2)) {
		t.Errorf("a copy of a message below the floor was taken")
	}
	// An expectation with an older number does not lower the floor.
	if k := in.missing(3, 2); k != 0 || in.floor != 3 {
		t.Errorf("missing(3, 2) = %d, floor %d; want 0, 3", k, in.floor)
	}
	// The partner rejoined: its new incarnation numbers from 1 again; the
	// four of its predecessor still count.
	if !in.take(msg("b", 1)) || !in.take(msg("b", 2)) {
		t.Fatalf("the new incarnation's first messages were not taken")
	}
	if k := in.missing(6, 2); k != 0 {
		t.Errorf("missing(6, 2) = %d with the predecessor's 4 and 2 new, want 0", k)
	}
	if k := in.missing(7, 3); k != 1 {
		t.Errorf("missing(7, 3) = %d, want 1", k)
	}
	// Before exercise control knows a number of the new incarnation
	// (upTo 0), every message held counts.
	fresh := &inbound{above: map[uint64]bool{}}
	fresh.take(msg("c", 5))
	if k := fresh.missing(1, 0); k != 0 || fresh.floor != 0 {
		t.Errorf("missing(1, 0) = %d, floor %d; want 0, 0", k, fresh.floor)
	}
}
