package track

import "math"

// The pre-gate's spatial index (see preGate).

// grid is a spatial index of points in cubic cells, rebuilt every scan —
// count each point's cell, lay the cells out, place the points — and
// allocating only when it grows. A cell's points lie together in pts, so
// checking them reads contiguous memory. When the box of occupied cells
// has at most denseCells(n) cells (a theatre-sized scene), the cells are a
// dense array in x-fastest order: a lookup is an index, and a row of
// neighbouring cells along x is one run of points. Otherwise (points
// scattered over the globe) an open-addressing hash table maps each
// occupied cell to its run.
type grid struct {
	inv float64 // 1 / cell size
	pts []gridPoint

	cellOf [][3]int64 // scratch of build: each point's cell and slot
	slotOf []int32

	dense  bool
	lo, hi [3]int64 // box of occupied cells
	dim    [3]int64
	// starts[c] and starts[c+1] bound the run of dense cell c (during the
	// build, they count and then place).
	starts []int32

	cells []gridCell // hash table
	shift uint
}

// denseCells is the most cells a grid of n points keeps as a dense array:
// clearing them costs little next to placing the points.
func denseCells(n int) int64 { return 32*int64(n) + 4096 }

// gridCell is a hash table slot: an occupied cell's key and its points'
// range pts[start:end] (end counts them until layout).
type gridCell struct {
	key        uint64
	start, end int32
}

// gridPoint is a position and pre-gate radius of item i (a track or a
// measurement).
type gridPoint struct {
	p [3]float64
	r float64
	i int32
}

// cellKey packs three cell indices (21 bits each, wrapping) and an
// occupied flag. Wrapping only aliases cells ~2 million cells apart, which
// costs a few extra distance checks, never a missed pair.
func cellKey(ix, iy, iz int64) uint64 {
	const m = 1<<21 - 1
	return uint64(ix)&m | (uint64(iy)&m)<<21 | (uint64(iz)&m)<<42 | 1<<63
}

// reset empties the grid for n points whose cells lie in the box lo–hi.
func (g *grid) reset(n int, inv float64, lo, hi [3]int64) {
	g.inv, g.lo, g.hi = inv, lo, hi
	if cap(g.pts) < n {
		g.pts = make([]gridPoint, n, 2*n)
	}
	g.pts = g.pts[:n]
	total, limit := int64(1), denseCells(n)
	for a := range 3 {
		// d ≤ 0: the span overflowed (points ~1e18 cells apart). Each
		// factor is checked before it multiplies, so the product stays
		// below limit².
		d := hi[a] - lo[a] + 1
		if d <= 0 || d > limit || total*d > limit {
			total = limit + 1
			break
		}
		g.dim[a] = d
		total *= d
	}
	g.dense = total <= limit
	if g.dense {
		if int64(cap(g.starts)) < total+2 {
			g.starts = make([]int32, total+2, 2*total+2)
		}
		g.starts = g.starts[:total+2]
		clear(g.starts)
		return
	}
	size, shift := 16, uint(60)
	for size < 2*n {
		size *= 2
		shift--
	}
	if cap(g.cells) < size {
		g.cells = make([]gridCell, size)
	}
	g.cells = g.cells[:size]
	clear(g.cells)
	g.shift = shift
}

// slot returns the hash table slot of key: where it is, or the empty slot
// where it would go.
func (g *grid) slot(key uint64) int {
	mask := len(g.cells) - 1
	s := int((key * 0x9E3779B97F4A7C15) >> g.shift)
	for g.cells[s].key != 0 && g.cells[s].key != key {
		s = (s + 1) & mask
	}
	return s
}

// count adds a point to the count of cell c and returns the cell's slot.
func (g *grid) count(c *[3]int64) int32 {
	if g.dense {
		s := ((c[2]-g.lo[2])*g.dim[1]+c[1]-g.lo[1])*g.dim[0] + c[0] - g.lo[0]
		g.starts[s+2]++
		return int32(s)
	}
	key := cellKey(c[0], c[1], c[2])
	s := g.slot(key)
	cl := &g.cells[s]
	cl.key = key
	cl.end++
	return int32(s)
}

// layout gives each cell its range of pts, to be filled by place.
func (g *grid) layout() {
	if g.dense {
		// starts[s+2] holds the count of cell s: the running sum makes
		// starts[s+1] the start of s, where place puts its points, after
		// which it is the end of s and the start of s+1.
		st := g.starts
		for s := 2; s < len(st); s++ {
			st[s] += st[s-1]
		}
		return
	}
	var n int32
	for s := range g.cells {
		c := &g.cells[s]
		if c.key != 0 {
			c.start, c.end, n = n, n, n+c.end
		}
	}
}

// place puts point p in the cell of slot s (from count).
func (g *grid) place(s int32, p *gridPoint) {
	var k int32
	if g.dense {
		k = g.starts[s+1]
		g.starts[s+1]++
	} else {
		c := &g.cells[s]
		k = c.end
		c.end++
	}
	g.pts[k] = *p
}

// build makes g the grid of pts with cells of size 1/inv.
func (g *grid) build(pts []gridPoint, inv float64) {
	n := len(pts)
	if cap(g.cellOf) < n {
		g.cellOf = make([][3]int64, n, 2*n)
		g.slotOf = make([]int32, n, 2*n)
	}
	g.cellOf, g.slotOf = g.cellOf[:n], g.slotOf[:n]
	lo := [3]int64{math.MaxInt64, math.MaxInt64, math.MaxInt64}
	hi := [3]int64{math.MinInt64, math.MinInt64, math.MinInt64}
	for k := range pts {
		p, c := &pts[k].p, &g.cellOf[k]
		for a := range 3 {
			c[a] = int64(math.Floor(p[a] * inv))
			lo[a], hi[a] = min(lo[a], c[a]), max(hi[a], c[a])
		}
	}
	g.reset(n, inv, lo, hi)
	for k := range pts {
		g.slotOf[k] = g.count(&g.cellOf[k])
	}
	g.layout()
	for k := range pts {
		g.place(g.slotOf[k], &pts[k])
	}
}

// cell returns the points of key's cell (hash table).
func (g *grid) cell(key uint64) []gridPoint {
	s := g.slot(key)
	c := &g.cells[s]
	if c.key == 0 {
		return nil
	}
	return g.pts[c.start:c.end]
}
