package sim

import (
	"container/heap"
	"math"
)

// action is something scheduled at a time. Ties run in the order they were
// scheduled, so a run is deterministic.
type action struct {
	t    float64
	seq  uint64
	kind reach
	run  func()
}

// reach is what an action can do to the other parts of a run, which bounds
// how far they may run ahead of it (see Conductor).
type reach uint8

const (
	local reach = iota // nothing: sensors, trackers, launches, the truth's own events
	sends              // may send messages, which take at least the lookahead to arrive
	kills              // may destroy a threat, which every part must know at once
)

type queue struct {
	items []action
	seq   uint64
}

func (q *queue) Len() int { return len(q.items) }
func (q *queue) Less(i, j int) bool {
	a, b := &q.items[i], &q.items[j]
	return a.t < b.t || (a.t == b.t && a.seq < b.seq)
}
func (q *queue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *queue) Push(x any)    { q.items = append(q.items, x.(action)) }
func (q *queue) Pop() any {
	x := q.items[len(q.items)-1]
	q.items = q.items[:len(q.items)-1]
	return x
}

func (q *queue) at(t float64, kind reach, run func()) {
	q.seq++
	heap.Push(q, action{t: t, seq: q.seq, kind: kind, run: run})
}

func (q *queue) next() action { return heap.Pop(q).(action) }

// earliest is the time of the earliest action of a kind (+Inf if none).
func (q *queue) earliest(kind reach) float64 {
	t := math.Inf(1)
	for i := range q.items {
		if q.items[i].kind == kind {
			t = math.Min(t, q.items[i].t)
		}
	}
	return t
}
