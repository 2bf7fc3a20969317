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
