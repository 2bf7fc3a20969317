package track

import (
	"math"
	"slices"

	"github.com/jrmd/jrmd/internal/optimize"
)

// The pre-gate's bounded variant, for a scan with more candidate pairs
// than MaxScanPairs.

// nearestPairs replaces the candidate pairs of a scan that has more than
// MaxScanPairs by the pairs of each measurement with its k nearest live
// tracks (k = MaxScanPairs / measurements, from 1 to maxNearest): nearest
// by the distance from the measured position to the track's position
// extrapolated in a straight line, as the pre-gate reckons it, and kept
// only if the pre-gate would keep them (radii: pg.rad and the measurements'
// own, else no pre-gate). A measurement without a position is paired with
// the first k live tracks. Ties go the same way on every run: the search
// is a k-d tree built deterministically.
func (pg *preGate) nearestPairs(q *gateScan, radii bool) {
	pg.nearest = true
	ms, idx := q.ms, q.idx
	nM := len(idx)
	k := min(maxNearest, max(1, MaxScanPairs/max(nM, 1)))
	pg.pairs = pg.pairs[:0]
	// The live tracks with a finite extrapolated position.
	pg.kd.pts = pg.kd.pts[:0]
	for i := range q.tracks {
		s := &q.tracks[i]
		if s.dead {
			continue
		}
		dt := q.timeS - s.timeS
		g := gridPoint{p: [3]float64{s.x[0] + dt*s.x[3], s.x[1] + dt*s.x[4], s.x[2] + dt*s.x[5]}, r: math.Inf(1), i: int32(i)}
		if radii {
			g.r = pg.rad[i]
		}
		if finite4(g.p[0], g.p[1], g.p[2], 0) && !math.IsNaN(g.r) {
			pg.kd.pts = append(pg.kd.pts, g)
		}
	}
	pg.kd.build()
	sinT, cosT := q.sinT, q.cosT
	for j := range nM {
		m := &ms[idx[j]]
		p, tr, located := locate(m, sinT, cosT)
		r := math.Inf(1)
		if radii {
			r = q.sigma * math.Sqrt(tr)
		}
		if !located || !finite4(p[0], p[1], p[2], 0) || math.IsNaN(r) {
			n := 0
			for i := range q.tracks {
				if n == k {
					break
				}
				if !q.tracks[i].dead {
					pg.pairs = append(pg.pairs, candidate{int32(i), int32(j)})
					n++
				}
			}
			continue
		}
		pg.kd.nearest(p, k, &pg.near)
		slices.SortFunc(pg.near.items, func(a, b neighbour) int { return int(a.i - b.i) })
		for _, nb := range pg.near.items {
			g := &pg.kd.pts[nb.at]
			if rr := g.r + r; nb.d2 <= rr*rr || math.IsInf(rr, 1) {
				pg.pairs = append(pg.pairs, candidate{g.i, int32(j)})
			}
		}
	}
}

// kdTree is a k-d tree of points laid out in place: the node of the
// range [lo, hi) of pts is at its middle, split on axis[middle], the
// points before it no further along that axis, those after no nearer.
type kdTree struct {
	pts  []gridPoint
	axis []uint8
}

// build lays out the tree of kd.pts.
func (kd *kdTree) build() {
	if cap(kd.axis) < len(kd.pts) {
		kd.axis = make([]uint8, len(kd.pts), 2*len(kd.pts))
	}
	kd.axis = kd.axis[:len(kd.pts)]
	kd.split(0, len(kd.pts))
}

func (kd *kdTree) split(lo, hi int) {
	for hi-lo > 1 {
		// Split the longest side of the range's box at its median.
		var bmin, bmax [3]float64
		for a := range 3 {
			bmin[a], bmax[a] = math.Inf(1), math.Inf(-1)
		}
		for _, g := range kd.pts[lo:hi] {
			for a := range 3 {
				bmin[a], bmax[a] = min(bmin[a], g.p[a]), max(bmax[a], g.p[a])
			}
		}
		a := 0
		for b := 1; b < 3; b++ {
			if bmax[b]-bmin[b] > bmax[a]-bmin[a] {
				a = b
			}
		}
		mid := lo + (hi-lo)/2
		optimize.Nth(kd.pts[lo:hi], mid-lo, func(x, y gridPoint) bool {
			return x.p[a] < y.p[a] || x.p[a] == y.p[a] && x.i < y.i
		})
		kd.axis[mid] = uint8(a)
		kd.split(lo, mid)
		lo = mid + 1
	}
}

// neighbour is a point of a k-d tree found near a query: its index in
// pts (at), its item (i) and its squared distance.
type neighbour struct {
	d2 float64
	at int32
	i  int32
}

// nearestHeap keeps the k nearest neighbours found so far, farthest first
// (a max-heap on distance, then on item).
type nearestHeap struct {
	k     int
	items []neighbour
}

func farther(a, b neighbour) bool { return a.d2 > b.d2 || a.d2 == b.d2 && a.i > b.i }

func (h *nearestHeap) offer(n neighbour) {
	if len(h.items) < h.k {
		h.items = append(h.items, n)
		for c := len(h.items) - 1; c > 0; {
			p := (c - 1) / 2
			if !farther(h.items[c], h.items[p]) {
				break
			}
			h.items[c], h.items[p] = h.items[p], h.items[c]
			c = p
		}
		return
	}
	if !farther(h.items[0], n) {
		return
	}
	h.items[0] = n
	for p := 0; ; {
		c := 2*p + 1
		if c >= len(h.items) {
			return
		}
		if c+1 < len(h.items) && farther(h.items[c+1], h.items[c]) {
			c++
		}
		if !farther(h.items[c], h.items[p]) {
			return
		}
		h.items[c], h.items[p] = h.items[p], h.items[c]
		p = c
	}
}

// nearest finds the k points of the tree nearest q into h (in no order).
func (kd *kdTree) nearest(q [3]float64, k int, h *nearestHeap) {
	h.k, h.items = k, h.items[:0]
	kd.search(q, 0, len(kd.pts), h)
}

func (kd *kdTree) search(q [3]float64, lo, hi int, h *nearestHeap) {
	for lo < hi {
		mid := lo + (hi-lo)/2
		g := &kd.pts[mid]
		dx, dy, dz := g.p[0]-q[0], g.p[1]-q[1], g.p[2]-q[2]
		h.offer(neighbour{d2: dx*dx + dy*dy + dz*dz, at: int32(mid), i: g.i})
		if hi-lo == 1 {
			return
		}
		d := q[kd.axis[mid]] - g.p[kd.axis[mid]]
		nearLo, nearHi, farLo, farHi := lo, mid, mid+1, hi
		if d >= 0 {
			nearLo, nearHi, farLo, farHi = mid+1, hi, lo, mid
		}
		kd.search(q, nearLo, nearHi, h)
		if len(h.items) == h.k && !(d*d < h.items[0].d2) {
			return // the far side is no nearer than the k found
		}
		lo, hi = farLo, farHi
	}
}
