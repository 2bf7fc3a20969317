package fusion

import (
	"math"
	"math/bits"
	"slices"
)

// grid indexes system tracks by where their newest contributions put them
// at a reference time, so that associating a new source track tests the
// tracks near it instead of every track of the picture. It only narrows
// the search: nearest applies to the tracks it returns exactly the tests
// of a full scan, and the region it returns holds every track that can
// pass far's pre-gate (see visit).
//
// A track's newest contribution at position p, velocity v and time t is
// filed at q = p + v·(refS − t). Where far lets it through for a query at
// x and tS, |p + v·(tS − t) − x| ≤ B (far's bound), so |q − x| ≤ B +
// |v|·|tS − refS|, and B is largest for the largest spreads and the
// largest |tS − t|: bounds over the filed tracks give a radius that holds
// for all of them. Tracks whose spreads would make that radius large
// (young ones, with a velocity prior of km/s) are kept in a list that
// every query tests.
//
// Cells are an open-addressing hash table of linked lists of tracks, so
// that filing all the tracks anew (every regridS of query time) and moving
// one (at each of its reports) allocate nothing.
type grid struct {
	built bool
	refS  float64 // positions are filed as at refS
	size  float64 // cell edge, m
	table []cell  // a power of two long
	gen   uint32  // table entries of another generation are empty
	used  int     // entries of this generation
	slots []slot  // slots[i]: where track i is filed
	wide  []int32 // tracks not filed in a cell: always tested
	// Over the filed tracks since the last filing (they only grow, which
	// keeps them bounds): spreads, speed, and the range of report times.
	sigP, sigV, speed, tMin, tMax float64
}

type cellKey [3]int64

type cell struct {
	key  cellKey
	gen  uint32
	head int32 // first track filed there, −1 for none
}

type slot struct {
	kind       uint8
	cell       int32 // its table entry, when in a cell
	prev, next int32 // its neighbours in the cell's list (−1: none)
}

const (
	unfiled = iota
	inCell
	inWide
)

const (
	// regridS: the tracks are filed anew when a query's time is this far
	// from refS (the speed term of the radius grows with it).
	regridS = 5.0
	// wideSigPM, wideSigVMps: tracks of larger position or velocity spread
	// go in the list instead of a cell.
	wideSigPM   = 20e3
	wideSigVMps = 300.0
	// minCellM: the smallest cell edge.
	minCellM = 20e3
)

// reach is far's bound (the query's spread included in sigP) for spreads
// sigP, sigV and a time difference of at most dt, plus a margin for the
// rounding of the positions filed and queried.
func reach(sqrtGate, sigP, sigV, dt float64) float64 {
	return 1.01*(sqrtGate*(sigP+dt*sigV)+5*dt*dt) + 1 + 10
}

func wide(b *brief) bool { return !(b.sigP <= wideSigPM && b.sigV <= wideSigVMps) }

// rebuild files every track anew, as at time tS.
func (f *Fuser) rebuild(tS, sqrtGate float64) {
	g := &f.grid
	g.built, g.refS = true, tS
	g.sigP, g.sigV, g.speed = 0, 0, 0
	g.tMin, g.tMax = math.Inf(1), math.Inf(-1)
	n := len(f.briefs)
	if size := max(64, 1<<bits.Len(uint(4*n))); len(g.table) != size {
		g.table, g.gen = make([]cell, size), 0
	}
	g.gen++
	g.used = 0
	g.wide = g.wide[:0]
	g.slots = slices.Grow(g.slots[:0], n)[:n]
	clear(g.slots)
	// The cell edge: about the radius of a typical query.
	for i := range f.briefs {
		if b := &f.briefs[i]; len(f.tracks[i].Reports) > 0 && !wide(b) {
			g.note(b)
		}
	}
	dt := math.Max(math.Abs(tS-g.tMin), math.Abs(tS-g.tMax))
	if !(dt < math.Inf(1)) {
		dt = 0
	}
	g.size = math.Max(minCellM, reach(sqrtGate, 2*g.sigP, g.sigV, dt+regridS)+g.speed*regridS)
	for i := range f.briefs {
		f.file(i)
	}
}

// note widens the bounds for a filed track.
func (g *grid) note(b *brief) {
	g.sigP, g.sigV = math.Max(g.sigP, b.sigP), math.Max(g.sigV, b.sigV)
	g.speed = math.Max(g.speed, math.Sqrt(b.vel[0]*b.vel[0]+b.vel[1]*b.vel[1]+b.vel[2]*b.vel[2]))
	g.tMin, g.tMax = math.Min(g.tMin, b.t), math.Max(g.tMax, b.t)
}

// find returns the table entry of a cell (with insert, made if missing),
// or −1.
func (g *grid) find(k cellKey, insert bool) int32 {
	h := uint64(k[0])*0x9e3779b97f4a7c15 ^ uint64(k[1])*0xc2b2ae3d27d4eb4f ^ uint64(k[2])*0x165667b19e3779f9
	mask := uint64(len(g.table) - 1)
	for s := (h ^ h>>29) & mask; ; s = (s + 1) & mask {
		c := &g.table[s]
		if c.gen != g.gen {
			if !insert {
				return -1
			}
			*c = cell{key: k, gen: g.gen, head: -1}
			g.used++
			return int32(s)
		}
		if c.key == k {
			return int32(s)
		}
	}
}

// file puts track i where its brief says, out of where it was (a track
// without reports is not filed: it has no brief).
func (f *Fuser) file(i int) {
	g := &f.grid
	if !g.built {
		return
	}
	if 2*g.used > len(g.table) {
		g.built = false // a crowded table: filed anew, larger, at the next query
		return
	}
	for len(g.slots) <= i { // a new track
		g.slots = append(g.slots, slot{})
	}
	b := &f.briefs[i]
	kind, at := uint8(unfiled), int32(-1)
	switch {
	case len(f.tracks[i].Reports) == 0:
	case wide(b):
		kind = inWide
	default:
		kind = inCell
		dt := g.refS - b.t
		var k cellKey
		for a := range 3 {
			k[a] = int64(math.Floor((b.pos[a] + b.vel[a]*dt) / g.size))
		}
		at = g.find(k, true)
		g.note(b)
	}
	s := &g.slots[i]
	if s.kind == kind && s.cell == at {
		return
	}
	switch s.kind {
	case inCell:
		if s.prev >= 0 {
			g.slots[s.prev].next = s.next
		} else {
			g.table[s.cell].head = s.next
		}
		if s.next >= 0 {
			g.slots[s.next].prev = s.prev
		}
	case inWide:
		for k, x := range g.wide {
			if x == int32(i) {
				g.wide[k] = g.wide[len(g.wide)-1]
				g.wide = g.wide[:len(g.wide)-1]
				break
			}
		}
	}
	*s = slot{kind: kind, cell: at, prev: -1, next: -1}
	switch kind {
	case inCell:
		c := &g.table[at]
		s.next = c.head
		if c.head >= 0 {
			g.slots[c.head].prev = int32(i)
		}
		c.head = int32(i)
	case inWide:
		g.wide = append(g.wide, int32(i))
	}
}

// visit calls test for every track that may pass far for a query at x,
// of position spread sigQ, at tS: those filed in the cells within reach
// of x, and the wide ones. It returns false, having called nothing, when
// that region is too large to be worth it (the caller scans every track).
func (f *Fuser) visit(x [6]float64, sqrtGate, sigQ, tS float64, test func(int)) bool {
	g := &f.grid
	if !g.built || math.Abs(tS-g.refS) > regridS {
		f.rebuild(tS, sqrtGate)
	}
	filed := g.tMin <= g.tMax
	var lo, hi [3]float64
	if filed {
		dt := math.Max(math.Abs(tS-g.tMin), math.Abs(tS-g.tMax))
		r := reach(sqrtGate, g.sigP+sigQ, g.sigV, dt) + g.speed*math.Abs(tS-g.refS)
		n := 1.0
		for a := range 3 {
			lo[a], hi[a] = math.Floor((x[a]-r)/g.size), math.Floor((x[a]+r)/g.size)
			n *= hi[a] - lo[a] + 1
		}
		if !(n <= float64(len(f.briefs))/4) {
			return false
		}
	}
	for _, i := range g.wide {
		test(int(i))
	}
	if !filed {
		return true
	}
	for ix := int64(lo[0]); ix <= int64(hi[0]); ix++ {
		for iy := int64(lo[1]); iy <= int64(hi[1]); iy++ {
			for iz := int64(lo[2]); iz <= int64(hi[2]); iz++ {
				c := g.find(cellKey{ix, iy, iz}, false)
				if c < 0 {
					continue
				}
				for i := g.table[c].head; i >= 0; i = g.slots[i].next {
					test(int(i))
				}
			}
		}
	}
	return true
}
