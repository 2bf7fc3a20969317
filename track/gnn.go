package track

import (
	"cmp"
	"math"
	"slices"
)

// ChiSquareGate is the Hypothesiser of a Mahalanobis gate: a pair passes if
// d² = νᵀS⁻¹ν ≤ Threshold, and its cost is d². With d² chi-square on 3
// degrees of freedom for the true pair, Threshold = ChiSquareQuantile(PG, 3)
// keeps the true measurement with probability PG (Bar-Shalom, Li and
// Kirubarajan 2001, §2.5.3; Blackman and Popoli, "Design and Analysis of
// Modern Tracking Systems" (1999), §6.3.2).
type ChiSquareGate struct {
	Predictor MeasurementPredictor // normally the tracker's filter
	Threshold float64
}

// d2Bounder is a predictor that can bound the Mahalanobis distance of a
// measurement from below more cheaply than it computes it.
type d2Bounder interface {
	d2Below(s *State, m *Measurement) float64
}

// Hypothesise implements Hypothesiser.
func (g *ChiSquareGate) Hypothesise(s *State, m *Measurement, inn *Innovation) (float64, bool) {
	if b, ok := g.Predictor.(d2Bounder); ok && b.d2Below(s, m) > (1+1e-3)*g.Threshold {
		return 0, false // out of the gate on the bound alone (a margin for rounding)
	}
	if !g.Predictor.PredictMeasurement(s, m, inn) {
		return 0, false
	}
	return inn.D2, inn.D2 <= g.Threshold
}

// GNN is the global nearest neighbour associator (Blackman and Popoli 1999,
// §6.4): among the gated hypotheses it takes the set, at most one per track
// and per measurement, of least total cost, where leaving a track without
// a measurement costs MissCost. That is an optimal 2-D assignment on the
// matrix of tracks × (measurements + one private "miss" column per track),
// solved by Assigner (Jonker–Volgenant / Crouse). A pair costlier than
// MissCost is never taken; with the cost d² of ChiSquareGate, MissCost is
// normally the gate threshold.
//
// Tracks and measurements linked by hypotheses form independent clusters
// (connected components); each is solved on its own, and a cluster of one
// pair needs no solver. So the work grows with the size of the clusters,
// not with the square of the scene. MissCost ≤ 0 means "take as many pairs
// as possible, then the cheapest". A cluster whose cost matrix would have
// more than MaxClusterCells cells is assigned greedily instead (see
// greedy), and counted (Tracker.Approximations).
type GNN struct {
	MissCost float64

	as     Assigner
	parent []int // union-find over tracks, then measurements (nTracks + j)
	// cluster maps a root node to its cluster's index (−1: none yet);
	// like rowOf and colOf, it is −1 everywhere between calls, so that a
	// call costs in proportion to its hypotheses, not to the scene.
	cluster            []int
	nHypT, nHypM       []int // hypotheses of each track, measurement, less one
	multi              []int // the hypotheses not alone in their cluster
	count, start, hord []int
	roots              []int
	rowOf, colOf       []int
	rows, cols         []int
	cost               []float64
	hypAt              []int
	sol                []int
	usedRow, usedCol   []bool
	// greedyClusters counts the clusters assigned greedily.
	greedyClusters int
}

func (g *GNN) find(i int) int {
	for g.parent[i] != i {
		g.parent[i] = g.parent[g.parent[i]]
		i = g.parent[i]
	}
	return i
}

// growMinus1 returns s with length n, every element it did not hold
// before set to −1.
func growMinus1(s []int, n int) []int {
	if n <= len(s) {
		return s
	}
	old := len(s)
	if cap(s) < n {
		s = append(s[:cap(s)], make([]int, n-cap(s))...)
	}
	s = s[:n]
	for i := old; i < n; i++ {
		s[i] = -1
	}
	return s
}

// Associate implements Associator.
func (g *GNN) Associate(hyps []Hypothesis, nMeas int, chosen []int) {
	nTracks := len(chosen)
	for i := range chosen {
		chosen[i] = -1
	}
	if len(hyps) == 0 {
		return
	}
	// A hypothesis whose track and measurement have no other is a cluster
	// of its own, decided on the spot; most are, in a tracker whose
	// pre-gate keeps only the pairs that can gate. The others go to the
	// clustering below.
	g.nHypT = growMinus1(g.nHypT, nTracks) // −1 marks zero hypotheses
	g.nHypM = growMinus1(g.nHypM, nMeas)
	for k := range hyps {
		g.nHypT[hyps[k].Track]++
		g.nHypM[hyps[k].Meas]++
	}
	g.multi = g.multi[:0]
	for k := range hyps {
		h := &hyps[k]
		if g.nHypT[h.Track] == 0 && g.nHypM[h.Meas] == 0 {
			if g.MissCost <= 0 || h.Cost <= g.MissCost {
				chosen[h.Track] = k
			}
		} else {
			g.multi = append(g.multi, k)
		}
	}
	for k := range hyps {
		g.nHypT[hyps[k].Track], g.nHypM[hyps[k].Meas] = -1, -1
	}
	multi := g.multi
	if len(multi) == 0 {
		return
	}
	nodes := nTracks + nMeas
	if len(g.parent) < nodes {
		g.parent = growInt(g.parent, nodes)
	}
	// Union-find over the nodes the hypotheses touch.
	for _, k := range multi {
		t, m := hyps[k].Track, nTracks+hyps[k].Meas
		g.parent[t], g.parent[m] = t, m
	}
	for _, k := range multi {
		a, b := g.find(hyps[k].Track), g.find(nTracks+hyps[k].Meas)
		if a != b {
			g.parent[a] = b
		}
	}
	// Number the clusters in order of first appearance and counting-sort
	// the hypotheses by cluster (stably: each cluster's hypotheses keep
	// their order).
	g.cluster = growMinus1(g.cluster, nodes)
	g.roots = g.roots[:0]
	g.hord = growInt(g.hord, len(multi))
	for a, k := range multi {
		r := g.find(hyps[k].Track)
		c := g.cluster[r]
		if c < 0 {
			c = len(g.roots)
			g.cluster[r] = c
			g.roots = append(g.roots, r)
		}
		g.hord[a] = c // cluster of multi[a], for now
	}
	nc := len(g.roots)
	g.count = growInt(g.count, nc+1)
	clear(g.count)
	for a := range multi {
		g.count[g.hord[a]+1]++
	}
	for c := 1; c <= nc; c++ {
		g.count[c] += g.count[c-1]
	}
	g.start = append(g.start[:0], g.count...)
	g.sol = growInt(g.sol, len(multi)) // scratch: the sorted order
	for a, k := range multi {
		c := g.hord[a]
		g.sol[g.count[c]] = k
		g.count[c]++
	}
	g.hord, g.sol = g.sol, g.hord
	for _, r := range g.roots {
		g.cluster[r] = -1
	}
	g.rowOf = growMinus1(g.rowOf, nTracks)
	g.colOf = growMinus1(g.colOf, nMeas)
	for c := range nc {
		lo, hi := g.start[c], g.start[c+1]
		if hi-lo == 1 {
			k := g.hord[lo]
			if g.MissCost <= 0 || hyps[k].Cost <= g.MissCost {
				chosen[hyps[k].Track] = k
			}
			continue
		}
		g.solveCluster(hyps, g.hord[lo:hi], chosen)
	}
}

// solveCluster assigns one connected cluster of hypotheses.
func (g *GNN) solveCluster(hyps []Hypothesis, ks []int, chosen []int) {
	g.rows, g.cols = g.rows[:0], g.cols[:0]
	maxCost := 0.0
	for _, k := range ks {
		h := &hyps[k]
		if g.rowOf[h.Track] < 0 {
			g.rowOf[h.Track] = len(g.rows)
			g.rows = append(g.rows, h.Track)
		}
		if g.colOf[h.Meas] < 0 {
			g.colOf[h.Meas] = len(g.cols)
			g.cols = append(g.cols, h.Meas)
		}
		maxCost = math.Max(maxCost, math.Abs(h.Cost))
	}
	nr, nc := len(g.rows), len(g.cols)
	w := nc + nr
	if nr*w > MaxClusterCells {
		g.greedy(hyps, ks, chosen)
		g.forget()
		return
	}
	miss := g.MissCost
	if miss <= 0 {
		// Larger than any sum of real costs: every extra pair wins.
		miss = (maxCost + 1) * float64(nr+1)
	}
	g.cost = grow(g.cost, nr*w)
	g.hypAt = growInt(g.hypAt, nr*nc)
	for i := range g.cost {
		g.cost[i] = math.Inf(1)
	}
	for i := range g.hypAt {
		g.hypAt[i] = -1
	}
	for i := range nr {
		g.cost[i*w+nc+i] = miss
	}
	for _, k := range ks {
		h := &hyps[k]
		i, j := g.rowOf[h.Track], g.colOf[h.Meas]
		if h.Cost < g.cost[i*w+j] {
			g.cost[i*w+j] = h.Cost
			g.hypAt[i*nc+j] = k
		}
	}
	g.sol = growInt(g.sol, nr)
	if _, err := g.as.Solve(g.cost, nr, w, g.sol); err == nil {
		for i, j := range g.sol {
			if j >= 0 && j < nc {
				chosen[g.rows[i]] = g.hypAt[i*nc+j]
			}
		}
	}
	g.forget()
}

// forget resets rowOf and colOf after a cluster.
func (g *GNN) forget() {
	for _, t := range g.rows {
		g.rowOf[t] = -1
	}
	for _, m := range g.cols {
		g.colOf[m] = -1
	}
}

// greedy assigns a cluster whose cost matrix would pass MaxClusterCells:
// its pairs in order of cost (then of track and measurement), each taken
// when its track and its measurement are both still free and it costs no
// more than a miss. This is the greedy approximation of the assignment
// (Blackman and Popoli 1999, §6.4): a pair it takes may rule out two
// others of smaller total cost, which the optimal solver would prefer.
// It costs O(h log h) for h pairs, where the solver's matrix grows with
// the square of the cluster and its time with the cube.
func (g *GNN) greedy(hyps []Hypothesis, ks []int, chosen []int) {
	g.greedyClusters++
	order := append(g.sol[:0], ks...)
	slices.SortFunc(order, func(a, b int) int {
		ha, hb := &hyps[a], &hyps[b]
		switch {
		case ha.Cost != hb.Cost:
			return cmp.Compare(ha.Cost, hb.Cost)
		case ha.Track != hb.Track:
			return ha.Track - hb.Track
		}
		return ha.Meas - hb.Meas
	})
	g.sol = order
	g.usedRow = growBool(g.usedRow, len(g.rows))
	g.usedCol = growBool(g.usedCol, len(g.cols))
	clear(g.usedRow)
	clear(g.usedCol)
	for _, k := range order {
		h := &hyps[k]
		if g.MissCost > 0 && h.Cost > g.MissCost {
			break
		}
		r, c := g.rowOf[h.Track], g.colOf[h.Meas]
		if !g.usedRow[r] && !g.usedCol[c] {
			g.usedRow[r], g.usedCol[c] = true, true
			chosen[h.Track] = k
		}
	}
}
