package track

import (
	"errors"
	"math"
)

// ErrInfeasible is returned by Assigner.Solve when no complete assignment
// of finite cost exists.
var ErrInfeasible = errors.New("track: no feasible assignment")

// Assigner solves the rectangular linear sum assignment problem: given an
// r×c cost matrix, find the assignment of every row to a distinct column
// (if r ≤ c; of every column to a distinct row otherwise) of least total
// cost. +Inf marks a forbidden pair.
//
// It is the shortest augmenting path algorithm in the form of Crouse, "On
// implementing 2D rectangular assignment algorithms", IEEE Trans. Aerospace
// and Electronic Systems 52(4) (2016) 1679–1696, Algorithm 1 — the
// Jonker–Volgenant method (Jonker and Volgenant, "A shortest augmenting
// path algorithm for dense and sparse linear assignment problems",
// Computing 38 (1987) 325–340) without its initialisation heuristics, which
// handles rectangular matrices directly: each row in turn is joined by a
// Dijkstra search over reduced costs, which dual variables u, v keep
// non-negative. O(r²·c) time.
//
// An Assigner keeps its work arrays between calls, so repeated solves of
// similar sizes allocate nothing; it is not safe for concurrent use.
type Assigner struct {
	u, v, spc       []float64
	path, row4col   []int
	sr, sc          []bool
	remaining       []int
	transposed      []float64
	transposeResult []int
}

// Solve fills rowSol (len rows) with the column assigned to each row, or −1
// for a row left out (only when rows > cols), and returns the total cost.
// cost is row-major, len rows·cols. It returns ErrInfeasible if every
// complete assignment uses a forbidden pair; NaN or −Inf costs are an error.
func (a *Assigner) Solve(cost []float64, rows, cols int, rowSol []int) (float64, error) {
	if len(cost) != rows*cols || len(rowSol) != rows {
		return 0, errors.New("track: assignment: cost matrix and solution sizes do not match")
	}
	for _, c := range cost {
		if math.IsNaN(c) || math.IsInf(c, -1) {
			return 0, errors.New("track: assignment: cost is NaN or -Inf")
		}
	}
	if rows == 0 || cols == 0 {
		for i := range rowSol {
			rowSol[i] = -1
		}
		return 0, nil
	}
	if rows <= cols {
		return a.solve(cost, rows, cols, rowSol)
	}
	// More rows than columns: solve the transpose, then invert.
	a.transposed = grow(a.transposed, rows*cols)
	for i := range rows {
		for j := range cols {
			a.transposed[j*rows+i] = cost[i*cols+j]
		}
	}
	a.transposeResult = growInt(a.transposeResult, cols)
	total, err := a.solve(a.transposed, cols, rows, a.transposeResult)
	if err != nil {
		return 0, err
	}
	for i := range rowSol {
		rowSol[i] = -1
	}
	for j, i := range a.transposeResult {
		rowSol[i] = j
	}
	return total, nil
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

func growInt(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}

func growBool(s []bool, n int) []bool {
	if cap(s) < n {
		return make([]bool, n)
	}
	return s[:n]
}

// solve is Crouse's Algorithm 1 for rows ≤ cols.
func (a *Assigner) solve(cost []float64, rows, cols int, col4row []int) (float64, error) {
	a.u = grow(a.u, rows)
	a.v = grow(a.v, cols)
	a.spc = grow(a.spc, cols)
	a.path = growInt(a.path, cols)
	a.row4col = growInt(a.row4col, cols)
	a.sr = growBool(a.sr, rows)
	a.sc = growBool(a.sc, cols)
	a.remaining = growInt(a.remaining, cols)
	u, v := a.u, a.v
	for i := range u {
		u[i] = 0
	}
	for j := range v {
		v[j] = 0
		a.row4col[j] = -1
		a.path[j] = -1
	}
	for i := range col4row {
		col4row[i] = -1
	}
	for cur := range rows {
		sink, minVal := a.augment(cost, cols, cur, col4row)
		if sink < 0 {
			return 0, ErrInfeasible
		}
		// Update the dual variables (Crouse 2016, Algorithm 1, steps 19–21).
		u[cur] += minVal
		for i := range rows {
			if a.sr[i] && i != cur {
				u[i] += minVal - a.spc[col4row[i]]
			}
		}
		for j := range cols {
			if a.sc[j] {
				v[j] -= minVal - a.spc[j]
			}
		}
		// Augment along the path back from the sink.
		j := sink
		for {
			i := a.path[j]
			a.row4col[j] = i
			col4row[i], j = j, col4row[i]
			if i == cur {
				break
			}
		}
	}
	var total float64
	for i, j := range col4row {
		total += cost[i*cols+j]
	}
	return total, nil
}

// augment finds the shortest augmenting path from row cur to a free
// column by Dijkstra's method on the reduced costs; it returns the free
// column reached (−1 if none is reachable at finite cost) and the path
// length.
func (a *Assigner) augment(cost []float64, cols, cur int, col4row []int) (sink int, minVal float64) {
	for i := range a.sr {
		a.sr[i] = false
	}
	for j := range cols {
		a.sc[j] = false
		a.spc[j] = math.Inf(1)
		// Scanned in reverse so that ties resolve to the lowest column.
		a.remaining[j] = cols - 1 - j
	}
	nRemaining := cols
	i := cur
	sink = -1
	for sink < 0 {
		a.sr[i] = true
		index := -1
		lowest := math.Inf(1)
		row := cost[i*cols : (i+1)*cols]
		ui := a.u[i]
		for it := range nRemaining {
			j := a.remaining[it]
			r := minVal + row[j] - ui - a.v[j]
			if r < a.spc[j] {
				a.path[j] = i
				a.spc[j] = r
			}
			if a.spc[j] < lowest || (a.spc[j] == lowest && a.row4col[j] < 0) {
				lowest = a.spc[j]
				index = it
			}
		}
		minVal = lowest
		if math.IsInf(minVal, 1) {
			return -1, 0
		}
		j := a.remaining[index]
		if a.row4col[j] < 0 {
			sink = j
		} else {
			i = a.row4col[j]
		}
		a.sc[j] = true
		nRemaining--
		a.remaining[index] = a.remaining[nRemaining]
	}
	return sink, minVal
}
