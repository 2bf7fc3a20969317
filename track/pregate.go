package track

import (
	"math"
	"slices"

	"github.com/jrmd/jrmd/internal/optimize"
)

// preGate is the tracker's spatial pre-gate: for one scan, it finds the
// track–measurement pairs close enough in space to be worth scoring, so
// that the filter predicts and the chi-square gate scores those only. Each
// track is a ball around its position extrapolated in a straight line to
// the scan, each measurement a ball around its measured position (its
// model's Locator), with the radii of Tracker.PreGateSigma:
//
//	track:       σ·(√tr P_pos + dt·√tr P_vel) + A·dt²/2
//	measurement: σ·√tr R_pos
//
// and a pair is kept when the balls overlap. With σ ≥ √γ for a linear
// model this keeps every pair the gate of threshold γ keeps (see
// Tracker.PreGateSigma); New sets σ = PreGateMargin·√γ to cover the
// curvature of radar measurements. TestPreGateKeepsGatedPairs checks the
// claim against every pair of random scans scored by the full gate, with
// measurements on the gates' edges: with σ = √γ the radar scenes lose a
// few pairs of tracks tens of kilometres across, with PreGateMargin none.
//
// Finding the overlaps is a spatial join: tracks go in grids of cubic
// cells by radius, level by level (a track near its last update has a
// small ball, a coasting or young one a large one), and each measurement
// looks up the cells its ball reaches (or, for a level of few tracks, the
// reverse). Past MaxScanPairs pairs it keeps each measurement's nearest
// tracks instead (nearestPairs, a bound of the tracker's: Approximations).
//
// Its API is find (the pairs of a scan) and trig (the measurement angles
// it computed on the way, for the gate's linearisation). A preGate's zero
// value is ready; its memory is scratch reused from scan to scan, so a
// scene of fixed size allocates nothing after its first scans. It is not
// safe for concurrent use.
type preGate struct {
	pairs   []candidate
	tooMany bool // the scan has more than MaxScanPairs candidate pairs
	nearest bool // … and nearestPairs replaced them
	trigOK  bool // mtrig and mhasTrig are this scan's

	rad      []float64    // each track's pre-gate radius (NaN: deleted)
	radii    []float64    // the finite ones, for their median
	mtrig    [][4]float64 // sin, cos of each AER measurement's angles
	mhasTrig []bool       // mtrig[j] is set
	noPos    []int        // the measurements without a position
	mq       []gridPoint  // the measurements with a position
	big      []gridPoint  // the tracks beyond the last grid level
	grids    [gridLevels]grid
	lpts     [gridLevels][]gridPoint // each level's tracks
	mgrid    grid                    // of the measurements
	kd       kdTree
	near     nearestHeap
}

// gateScan is a scan as the pre-gate sees it.
type gateScan struct {
	tracks     []gateState // every track, the deleted ones marked dead
	live       int         // the tracks not dead
	ms         []Measurement
	idx        []int   // the scan's measurements are ms[idx[j]], j = 0, 1, …
	timeS      float64 // the scan's time
	sinT, cosT float64 // the Earth's rotation angle at timeS (theta)
	// sigma is Tracker.PreGateSigma (≤ 0: every pair), accelMps2
	// Tracker.PreGateAccelMps2 (0: DefaultPreGateAccelMps2).
	sigma, accelMps2 float64
}

// candidate is a track–measurement pair the pre-gate passes: indices into
// the tracks and into the scan's measurements.
type candidate struct{ i, j int32 }

const (
	// smallScene is the number of track–measurement pairs below which the
	// spatial pre-gate costs more than it saves.
	smallScene = 64
	// gridLevels is the number of pre-gate grid levels, each for radii 4×
	// those of the one before: 4⁸ ≈ 65,000 times the median radius.
	gridLevels = 8
	// cellScale is k, the pre-gate grid's cell size over the largest pair
	// radius of its level: a measurement's ball then spans at most two
	// cells on each axis (1 + 2/k on average). On the 1,000-target
	// benchmark k = 1, 1.5, 2 cost 45, 25, 10 % more time than k = 3
	// (more cells to lay out and rows to visit), k = 4 and 6 about the
	// same.
	cellScale = 3
)

// gateState is what the pre-gate needs of a track's State: its mean, time
// and the traces of its position and velocity covariance blocks.
type gateState struct {
	x            [6]float64
	timeS        float64
	trPos, trVel float64
	dead         bool // the track is deleted
}

func newGateState(s *State) gateState {
	return gateState{x: s.X, timeS: s.TimeS, trPos: s.P[0][0] + s.P[1][1] + s.P[2][2], trVel: s.P[3][3] + s.P[4][4] + s.P[5][5]}
}

// find returns the candidate pairs of scan q: those whose balls overlap,
// each once, in an order that depends on the scan only (not on the
// machine). nearest reports that there were more than MaxScanPairs and the
// pairs are each measurement's nearest tracks (nearestPairs). The pairs
// are valid until the next call.
func (pg *preGate) find(q *gateScan) (pairs []candidate, nearest bool) {
	pg.pairs, pg.tooMany, pg.nearest, pg.trigOK = pg.pairs[:0], false, false, false
	pg.gate(q)
	return pg.pairs, pg.nearest
}

// trig returns the sines and cosines of the angles of measurement j
// (AER.locateTrig's) if the last find computed them, else nil: the
// gate's linearisation of the same measurement reuses them.
func (pg *preGate) trig(j int) *[4]float64 {
	if pg.trigOK && pg.mhasTrig[j] {
		return &pg.mtrig[j]
	}
	return nil
}

// gate is find.
func (pg *preGate) gate(q *gateScan) {
	ms, idx := q.ms, q.idx
	nT, nM := len(q.tracks), len(idx)
	if q.sigma <= 0 || nT*nM <= smallScene {
		pg.all(q, false)
		return
	}
	k := q.sigma
	acc := q.accelMps2
	if acc == 0 {
		acc = DefaultPreGateAccelMps2
	}
	// Measurements: their positions and pre-gate radii.
	pg.mq, pg.noPos = pg.mq[:0], pg.noPos[:0]
	if cap(pg.mtrig) < nM {
		pg.mtrig = make([][4]float64, nM, 2*nM)
		pg.mhasTrig = make([]bool, nM, 2*nM)
	}
	pg.mtrig, pg.mhasTrig = pg.mtrig[:nM], pg.mhasTrig[:nM]
	rmMax := 0.0
	sinT, cosT := q.sinT, q.cosT
	for j := range nM {
		m := &ms[idx[j]]
		var p [3]float64
		var tr float64
		pg.mhasTrig[j] = false
		if aer, ok := m.Model.(*AER); ok {
			p, tr, pg.mtrig[j] = aer.locateTrig(&m.Z, &m.R, sinT, cosT)
			pg.mhasTrig[j] = true
		} else if p, tr, ok = locate(m, sinT, cosT); !ok {
			pg.noPos = append(pg.noPos, j)
			continue
		}
		r := k * math.Sqrt(tr)
		if !finite4(r, p[0], p[1], p[2]) {
			pg.noPos = append(pg.noPos, j)
			continue
		}
		pg.mq = append(pg.mq, gridPoint{p: p, r: r, i: int32(j)})
		rmMax = max(rmMax, r)
	}
	pg.trigOK = true
	// Tracks: their pre-gate radii, extrapolated over the time since their
	// states (NaN: deleted).
	pg.rad = grow(pg.rad, nT)
	for i := range q.tracks {
		s := &q.tracks[i]
		if s.dead {
			pg.rad[i] = math.NaN()
			continue
		}
		dt := q.timeS - s.timeS
		pg.rad[i] = k*(math.Sqrt(s.trPos)+dt*math.Sqrt(s.trVel)) + 0.5*acc*dt*dt
	}
	// Tracks go in spatial grids by pre-gate radius: level 0 holds those
	// up to r0 (twice the median radius, or the largest measurement radius
	// if that is more), level l those up to 4^l·r0. A level's cells have
	// size L = k·(R + rm), R its largest track radius and rm the largest
	// measurement radius, so a measurement's pairs lie in the cells its
	// ball of radius R + r_m ≤ L/k overlaps: its own and, on each axis, a
	// neighbour when the ball reaches past a face, (1 + 2/k)³ cells on
	// average. Larger cells mean fewer cells to visit and more tracks to
	// check by distance; k = cellScale balances the two. Young tracks
	// (velocity prior of km/s) and coasting ones thus sit in coarse levels
	// instead of being tried against every measurement; tracks beyond the
	// last level are.
	//
	// The median (the (n/2)-th smallest of the n finite radii) is at most
	// rmMax/2, and positive, when more than n/2 radii are at most rmMax/2
	// and at most n/2 are 0: then r0 = rmMax without selecting it.
	r0 := rmMax
	n, small, zero := 0, 0, 0
	for _, r := range pg.rad {
		if finite(r) {
			n++
			if r <= rmMax/2 {
				small++
			}
			if r <= 0 {
				zero++
			}
		}
	}
	if n > 0 && (small <= n/2 || zero > n/2) {
		pg.radii = pg.radii[:0]
		for _, r := range pg.rad {
			if finite(r) {
				pg.radii = append(pg.radii, r)
			}
		}
		r := 2 * median(pg.radii)
		if r <= 0 {
			r = slices.Max(pg.radii)
		}
		r0 = math.Max(r, rmMax)
	}
	if !(r0 > 0) || !finite(r0) {
		pg.all(q, true)
		return
	}
	pg.big = pg.big[:0]
	var rMax [gridLevels]float64
	for l := range pg.lpts {
		pg.lpts[l] = pg.lpts[l][:0]
	}
	for i := range q.tracks {
		s := &q.tracks[i]
		if s.dead {
			continue
		}
		dt, r := q.timeS-s.timeS, pg.rad[i]
		g := gridPoint{p: [3]float64{s.x[0] + dt*s.x[3], s.x[1] + dt*s.x[4], s.x[2] + dt*s.x[5]}, r: r, i: int32(i)}
		l := -1
		if finite4(r, g.p[0], g.p[1], g.p[2]) {
			l = 0
			for lim := r0; r > lim && l < gridLevels; lim *= 4 {
				l++
			}
			if l == gridLevels {
				l = -1
			}
		}
		if l < 0 {
			pg.big = append(pg.big, g)
			continue
		}
		pg.lpts[l] = append(pg.lpts[l], g)
		rMax[l] = max(rMax[l], r)
	}
	// Measurements without a position are tried against every track,
	// tracks beyond the last level against every measurement (by
	// distance: one with a NaN never pairs, one with an infinite radius
	// always).
	for _, j := range pg.noPos {
		for i := range nT {
			if !q.tracks[i].dead {
				pg.pair(int32(i), int32(j), false)
			}
		}
	}
	if len(pg.big) > 0 {
		for a := range pg.mq {
			if pg.tooMany {
				break
			}
			q := &pg.mq[a]
			for b := range pg.big {
				g := &pg.big[b]
				dx, dy, dz := g.p[0]-q.p[0], g.p[1]-q.p[1], g.p[2]-q.p[2]
				r := g.r + q.r
				if dx*dx+dy*dy+dz*dz <= r*r {
					pg.pair(g.i, q.i, false)
				}
			}
		}
	}
	// Level by level, the pairs whose balls overlap: each measurement
	// looked up in a grid of the level's tracks or, for a level of a few
	// hundred tracks (young and coasting ones), each track in a grid of the
	// measurements, which saves looking up every measurement. For a level
	// of a handful of tracks, most measurements fall outside its box and
	// cost little, less than gridding the measurements.
	for l := range gridLevels {
		pts := pg.lpts[l]
		if len(pts) == 0 {
			continue
		}
		inv := 1 / (cellScale * (rMax[l] + rmMax))
		if n := len(pg.mq); 2*len(pts) < n && 16*len(pts) > n {
			pg.mgrid.build(pg.mq, inv)
			pg.join(&pg.mgrid, rmMax, pts, true)
		} else {
			pg.grids[l].build(pts, inv)
			pg.join(&pg.grids[l], rMax[l], pg.mq, false)
		}
	}
	if pg.tooMany {
		pg.nearestPairs(q, true)
	}
}

// join hypothesises the pairs of a point of gr and a query point within
// each other's pre-gate radius: tracks in gr and measurements as queries,
// or the reverse. rg bounds the radii in gr. For each query, the cells
// its ball of radius rg + r overlaps are visited; in a dense grid a row of
// cells along x is one run of points.
func (pg *preGate) join(gr *grid, rg float64, queries []gridPoint, reverse bool) {
	if !gr.dense {
		pg.joinHashed(gr, rg, queries, reverse)
		return
	}
	inv := gr.inv
	lo, hi, dim := gr.lo, gr.hi, gr.dim
	starts, pts := gr.starts, gr.pts
	for a := range queries {
		if pg.tooMany {
			return
		}
		q := &queries[a]
		rho := (rg + q.r) * inv
		x0, x1 := cellSpan(q.p[0]*inv, rho, lo[0], hi[0])
		if x0 > x1 {
			continue
		}
		y0, y1 := cellSpan(q.p[1]*inv, rho, lo[1], hi[1])
		if y0 > y1 {
			continue
		}
		z0, z1 := cellSpan(q.p[2]*inv, rho, lo[2], hi[2])
		px, py, pz, qr := q.p[0], q.p[1], q.p[2], q.r
		for iz := z0; iz <= z1; iz++ {
			for iy := y0; iy <= y1; iy++ {
				row := (iz*dim[1] + iy) * dim[0]
				for k, end := starts[row+x0], starts[row+x1+1]; k < end; k++ {
					g := &pts[k]
					dx, dy, dz := g.p[0]-px, g.p[1]-py, g.p[2]-pz
					r := g.r + qr
					if dx*dx+dy*dy+dz*dz <= r*r {
						pg.pair(g.i, q.i, reverse)
					}
				}
			}
		}
	}
}

// pair notes the pair of grid point gi and query point qi for scoring,
// or that the scan has more than MaxScanPairs.
func (pg *preGate) pair(gi, qi int32, reverse bool) {
	if reverse {
		gi, qi = qi, gi
	}
	if len(pg.pairs) == MaxScanPairs {
		pg.tooMany = true
		return
	}
	pg.pairs = append(pg.pairs, candidate{gi, qi})
}

// cellSpan returns the cells, relative to lo and clipped to lo–hi, that
// the interval f ± rho (coordinates in cells) overlaps.
func cellSpan(f, rho float64, lo, hi int64) (int64, int64) {
	return max(int64(math.Floor(f-rho)), lo) - lo, min(int64(math.Floor(f+rho)), hi) - lo
}

// joinHashed is join for a grid whose cells are in a hash table.
func (pg *preGate) joinHashed(gr *grid, rg float64, queries []gridPoint, reverse bool) {
	for a := range queries {
		if pg.tooMany {
			return
		}
		q := &queries[a]
		rho := (rg + q.r) * gr.inv
		var clo, chi [3]int64
		for a := range 3 {
			f := q.p[a] * gr.inv
			clo[a], chi[a] = int64(math.Floor(f-rho)), int64(math.Floor(f+rho))
		}
		for ix := clo[0]; ix <= chi[0]; ix++ {
			for iy := clo[1]; iy <= chi[1]; iy++ {
				for iz := clo[2]; iz <= chi[2]; iz++ {
					for _, g := range gr.cell(cellKey(ix, iy, iz)) {
						dx, dy, dz := g.p[0]-q.p[0], g.p[1]-q.p[1], g.p[2]-q.p[2]
						r := g.r + q.r
						if dx*dx+dy*dy+dz*dz <= r*r {
							pg.pair(g.i, q.i, reverse)
						}
					}
				}
			}
		}
	}
}

// all takes every pair, or each measurement's nearest tracks if that
// is more than MaxScanPairs (radii: pg.rad holds the tracks' pre-gate
// radii).
func (pg *preGate) all(q *gateScan, radii bool) {
	nM := len(q.idx)
	if q.live*nM > MaxScanPairs {
		pg.nearestPairs(q, radii)
		return
	}
	for i := range q.tracks {
		if q.tracks[i].dead {
			continue
		}
		for j := range nM {
			pg.pairs = append(pg.pairs, candidate{int32(i), int32(j)})
		}
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// finite4 reports whether a, b, c and d are all finite: x − x is 0 for a
// finite x and NaN otherwise.
func finite4(a, b, c, d float64) bool { return (a-a)+(b-b)+(c-c)+(d-d) == 0 }

// median returns the median of v, reordering v.
func median(v []float64) float64 {
	return optimize.Nth(v, len(v)/2, func(a, b float64) bool { return a < b })
}

// locate is a measurement's position and the trace of its position
// covariance, for the pre-gate (ok is false for a model that cannot
// locate one); sinT and cosT are the scan's Earth rotation.
func locate(m *Measurement, sinT, cosT float64) (p [3]float64, tr float64, ok bool) {
	switch loc := m.Model.(type) {
	case traceLocator:
		p, tr = loc.locateTrace(m.Z, &m.R, sinT, cosT)
	case Locator:
		var cov [3][3]float64
		p, cov = loc.Locate(m.Z, m.R, m.TimeS)
		tr = cov[0][0] + cov[1][1] + cov[2][2]
	default:
		return p, 0, false
	}
	return p, tr, true
}
