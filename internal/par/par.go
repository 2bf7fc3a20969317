// Package par is the one worker pool of JRMD: it runs the iterations of a
// loop on a budget of goroutines, each taking the next item, or chunk of
// items, as it finishes one, so that a core the rest of the program keeps
// busy takes fewer. The loops' bodies write only what is their own, so
// what they compute does not depend on the budget.
//
// main sets the budget once (Cores, or what the user asks for) and passes
// it down to the study, the comparison and the maps:
//
//	b := par.Cores()
//	b.Each(len(cells), func(i int) { cells[i] = solve(i) })
//
// The package-level Each and For run on the whole machine's budget, Cores;
// the engine's inner loops use them.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Budget is how many goroutines a loop may run on at once, the caller's
// included. The zero value, or any value below 1, means Cores.
type Budget int

// Cores is the whole machine's budget: GOMAXPROCS, one goroutine per core
// Go may use.
func Cores() Budget { return Budget(runtime.GOMAXPROCS(0)) }

// Workers returns the number of goroutines the budget allows, at least 1.
func (b Budget) Workers() int {
	if b < 1 {
		return int(Cores())
	}
	return int(b)
}

// Each calls f(0), …, f(n−1) on the machine's cores and returns when all
// are done.
func Each(n int, f func(i int)) { Cores().Each(n, f) }

// For calls f(c, lo, hi) on chunks of [0, n) on the machine's cores; see
// Budget.For.
func For(n, minChunk int, f func(c, lo, hi int)) { Cores().For(n, minChunk, f) }

// Split is Budget.Split on the machine's cores.
func Split(n, minChunk int) (workers, size int) { return Cores().Split(n, minChunk) }

// Each calls f(0), …, f(n−1) on at most b goroutines and returns when all
// are done.
func (b Budget) Each(n int, f func(i int)) {
	b.For(n, 1, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			f(i)
		}
	})
}

// For calls f(c, lo, hi) on chunks c = [lo, hi) covering [0, n), on at
// most b goroutines, and returns when all are done. A chunk holds at least
// minChunk items, the fewest worth handing to another goroutine, and is
// one of about four per goroutine so that they finish together; a loop of
// fewer than 2·minChunk items runs on the caller's goroutine.
func (b Budget) For(n, minChunk int, f func(c, lo, hi int)) {
	workers, size := b.Split(n, minChunk)
	if workers == 1 {
		if n > 0 {
			f(0, 0, n)
		}
		return
	}
	var next atomic.Int64
	work := func() {
		for {
			hi := int(next.Add(int64(size)))
			lo := hi - size
			if lo >= n {
				return
			}
			f(lo/size, lo, min(hi, n))
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

// Split returns how many goroutines For runs on n items, and the size of
// its chunks: For makes ⌈n/size⌉ chunks.
func (b Budget) Split(n, minChunk int) (workers, size int) {
	minChunk = max(minChunk, 1)
	workers = min(b.Workers(), n/minChunk)
	if workers <= 1 {
		return 1, max(n, 1)
	}
	if minChunk == 1 {
		return workers, 1
	}
	return workers, max(minChunk, n/(4*workers))
}
