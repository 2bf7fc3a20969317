package sim

import "container/heap"

// action is something scheduled at a time. Ties run in the order they were
// scheduled, so a run is deterministic.
type action struct {
	t   float64
	seq uint64
	run func()
}

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

func (q *queue) at(t float64, run func()) {
	q.seq++
	heap.Push(q, action{t: t, seq: q.seq, run: run})
}

func (q *queue) next() action { return heap.Pop(q).(action) }
