package track

import "math"

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

// Hypothesise implements Hypothesiser.
func (g *ChiSquareGate) Hypothesise(s *State, m *Measurement, inn *Innovation) (float64, bool) {
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
// as possible, then the cheapest".
type GNN struct {
	MissCost float64

	as                 Assigner
	parent             []int
	count, start, hord []int
	rowOf, colOf       []int
	rows, cols         []int
	cost               []float64
	hypAt              []int
	sol                []int
}

func (g *GNN) find(i int) int {
	for g.parent[i] != i {
		g.parent[i] = g.parent[g.parent[i]]
		i = g.parent[i]
	}
	return i
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
	nodes := nTracks + nMeas
	g.parent = growInt(g.parent, nodes)
	for i := range g.parent {
		g.parent[i] = i
	}
	for k := range hyps {
		a, b := g.find(hyps[k].Track), g.find(nTracks+hyps[k].Meas)
		if a != b {
			g.parent[a] = b
		}
	}
	// Counting sort of the hypotheses by cluster root.
	g.count = growInt(g.count, nodes+1)
	clear(g.count)
	for k := range hyps {
		g.count[g.find(hyps[k].Track)+1]++
	}
	for i := 1; i <= nodes; i++ {
		g.count[i] += g.count[i-1]
	}
	g.start = append(g.start[:0], g.count...)
	g.hord = growInt(g.hord, len(hyps))
	for k := range hyps {
		r := g.find(hyps[k].Track)
		g.hord[g.count[r]] = k
		g.count[r]++
	}
	g.rowOf = growInt(g.rowOf, nTracks)
	g.colOf = growInt(g.colOf, nMeas)
	for i := range g.rowOf {
		g.rowOf[i] = -1
	}
	for i := range g.colOf {
		g.colOf[i] = -1
	}
	for r := range nodes {
		lo, hi := g.start[r], g.start[r+1]
		switch {
		case hi == lo:
			continue
		case hi-lo == 1:
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
	for _, t := range g.rows {
		g.rowOf[t] = -1
	}
	for _, m := range g.cols {
		g.colOf[m] = -1
	}
}
