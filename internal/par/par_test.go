package par

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// TestForCoversOnce: every item of the range is visited exactly once, in
// the chunks Split promises, on one core and on several.
func TestForCoversOnce(t *testing.T) {
	for _, cores := range []int{1, 2, 7} {
		prev := runtime.GOMAXPROCS(cores)
		for _, n := range []int{0, 1, 15, 31, 32, 33, 100, 1000, 4097} {
			for _, minChunk := range []int{1, 16} {
				seen := make([]atomic.Int32, n)
				_, size := Split(n, minChunk)
				chunks := 0
				var calls atomic.Int32
				For(n, minChunk, func(c, lo, hi int) {
					calls.Add(1)
					if lo != c*size || hi != min(lo+size, n) || lo >= hi {
						t.Errorf("cores %d, n %d: chunk %d is [%d, %d), want [%d, %d)", cores, n, c, lo, hi, c*size, min(c*size+size, n))
					}
					for i := lo; i < hi; i++ {
						seen[i].Add(1)
					}
				})
				if n > 0 {
					chunks = (n + size - 1) / size
				}
				if int(calls.Load()) != chunks {
					t.Errorf("cores %d, n %d, min %d: %d chunks, want %d", cores, n, minChunk, calls.Load(), chunks)
				}
				for i := range seen {
					if v := seen[i].Load(); v != 1 {
						t.Fatalf("cores %d, n %d, min %d: item %d visited %d times", cores, n, minChunk, i, v)
					}
				}
			}
		}
		runtime.GOMAXPROCS(prev)
	}
}

// TestSplit: a goroutine per core while each gets minChunk items, chunks
// of about a quarter of a goroutine's share.
func TestSplit(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, c := range []struct{ n, min, workers, size int }{
		{10, 16, 1, 10}, {31, 16, 1, 31}, {32, 16, 2, 16}, {1000, 16, 4, 62}, {3, 1, 3, 1}, {0, 16, 1, 1},
	} {
		if w, s := Split(c.n, c.min); w != c.workers || s != c.size {
			t.Errorf("Split(%d, %d) = %d, %d; want %d, %d", c.n, c.min, w, s, c.workers, c.size)
		}
	}
}

// TestBudget: a budget caps the goroutines of a loop, the caller's
// included; a budget below 1 is the machine's.
func TestBudget(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, c := range []struct {
		b          Budget
		n, workers int
	}{
		{0, 100, 4}, {-3, 100, 4}, {1, 100, 1}, {2, 100, 2}, {8, 100, 8}, {8, 3, 3},
	} {
		if w, _ := c.b.Split(c.n, 1); w != c.workers {
			t.Errorf("Budget(%d).Split(%d, 1): %d goroutines, want %d", c.b, c.n, w, c.workers)
		}
	}
	// One goroutine: the items run in order on the caller's.
	var got []int
	Budget(1).Each(5, func(i int) { got = append(got, i) })
	if len(got) != 5 || got[0] != 0 || got[4] != 4 {
		t.Errorf("Budget(1).Each(5): visited %v, want 0 … 4 in order", got)
	}
	// At most b bodies run at once.
	var running, most atomic.Int32
	Budget(2).Each(64, func(int) {
		r := running.Add(1)
		for {
			m := most.Load()
			if r <= m || most.CompareAndSwap(m, r) {
				break
			}
		}
		runtime.Gosched()
		running.Add(-1)
	})
	if m := most.Load(); m > 2 {
		t.Errorf("Budget(2).Each: %d bodies at once, want at most 2", m)
	}
}
