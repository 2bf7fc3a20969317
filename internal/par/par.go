// Package par runs the iterations of a loop on all cores: one goroutine
// per core, each taking the next item, or chunk of items, as it finishes
// one, so that a core the rest of the program keeps busy takes fewer. The
// loops' bodies write only what is their own, so what they compute does
// not depend on the number of cores.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls f(0), …, f(n−1) on the machine's cores and returns when all
// are done.
func Each(n int, f func(i int)) {
	For(n, 1, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			f(i)
		}
	})
}

// For calls f(c, lo, hi) on chunks c = [lo, hi) covering [0, n), on the
// machine's cores, and returns when all are done. A chunk holds at least
// minChunk items, the fewest worth handing to another core, and is one of
// about four per core so that the cores finish together; a loop of fewer
// than 2·minChunk items runs on the caller's goroutine.
func For(n, minChunk int, f func(c, lo, hi int)) {
	workers, size := Split(n, minChunk)
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
func Split(n, minChunk int) (workers, size int) {
	minChunk = max(minChunk, 1)
	workers = min(runtime.GOMAXPROCS(0), n/minChunk)
	if workers <= 1 {
		return 1, max(n, 1)
	}
	if minChunk == 1 {
		return workers, 1
	}
	return workers, max(minChunk, n/(4*workers))
}
