package track

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteForce returns the least total cost over all assignments of the
// smaller dimension into the larger (every row if rows ≤ cols), by
// enumeration; ok is false if every complete assignment uses a +Inf pair.
func bruteForce(cost []float64, rows, cols int) (best float64, ok bool) {
	best = math.Inf(1)
	transposed := rows > cols
	r, c := rows, cols
	at := func(i, j int) float64 { return cost[i*cols+j] }
	if transposed {
		r, c = cols, rows
		at = func(i, j int) float64 { return cost[j*cols+i] }
	}
	used := make([]bool, c)
	var rec func(i int, sum float64)
	rec = func(i int, sum float64) {
		if i == r {
			if sum < best {
				best = sum
			}
			return
		}
		for j := range c {
			if !used[j] && !math.IsInf(at(i, j), 1) {
				used[j] = true
				rec(i+1, sum+at(i, j))
				used[j] = false
			}
		}
	}
	rec(0, 0)
	return best, !math.IsInf(best, 1)
}

// TestAssignerBruteForce compares Solve with enumeration on random
// matrices up to 7×7, square and rectangular both ways, with a share of
// forbidden (+Inf, gated-out) pairs that makes some problems infeasible,
// and with integer costs that make ties common. The optimum is unique in
// value, not in the assignment, so the totals are compared (to 1e-9) and
// the returned assignment is checked to be a valid one of that total.
func TestAssignerBruteForce(t *testing.T) {
	const tol = 1e-9
	rng := rand.New(rand.NewPCG(11, 12))
	var as Assigner // reused: also checks that stale work arrays do no harm
	var feasible, infeasible int
	for trial := range 4000 {
		rows, cols := 1+rng.IntN(7), 1+rng.IntN(7)
		pInf := []float64{0, 0.3, 0.6}[trial%3]
		integer := trial%2 == 0
		cost := make([]float64, rows*cols)
		for i := range cost {
			switch {
			case rng.Float64() < pInf:
				cost[i] = math.Inf(1)
			case integer:
				cost[i] = float64(rng.IntN(5))
			default:
				cost[i] = rng.Float64()*100 - 20 // negative costs too
			}
		}
		want, ok := bruteForce(cost, rows, cols)
		sol := make([]int, rows)
		got, err := as.Solve(cost, rows, cols, sol)
		if !ok {
			infeasible++
			if !errors.Is(err, ErrInfeasible) {
				t.Fatalf("%d×%d %v: infeasible by enumeration, Solve gave %g, %v", rows, cols, cost, got, err)
			}
			continue
		}
		feasible++
		if err != nil {
			t.Fatalf("%d×%d %v: Solve: %v; enumeration found %g", rows, cols, cost, err, want)
		}
		if math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
			t.Fatalf("%d×%d %v: Solve total %g, enumeration %g", rows, cols, cost, got, want)
		}
		// The assignment is valid and adds up to the total.
		var sum float64
		seen := map[int]bool{}
		assigned := 0
		for i, j := range sol {
			if j < 0 {
				continue
			}
			if j >= cols || seen[j] {
				t.Fatalf("invalid assignment %v", sol)
			}
			seen[j] = true
			assigned++
			sum += cost[i*cols+j]
		}
		if assigned != min(rows, cols) || math.Abs(sum-got) > tol*math.Max(1, math.Abs(got)) {
			t.Fatalf("%d×%d: assignment %v sums to %g over %d pairs, total %g", rows, cols, sol, sum, assigned, got)
		}
	}
	t.Logf("%d feasible, %d infeasible problems", feasible, infeasible)
	if infeasible < 100 {
		t.Errorf("only %d infeasible problems: the test does not exercise them", infeasible)
	}
}

func TestAssignerEdgeCases(t *testing.T) {
	var as Assigner
	sol := make([]int, 2)
	if _, err := as.Solve([]float64{1, math.NaN(), 2, 3}, 2, 2, sol); err == nil {
		t.Error("NaN cost accepted")
	}
	if _, err := as.Solve([]float64{1, 2, 3}, 2, 2, sol); err == nil {
		t.Error("wrong size accepted")
	}
	if total, err := as.Solve(nil, 2, 0, sol); err != nil || total != 0 || sol[0] != -1 || sol[1] != -1 {
		t.Errorf("2×0: %v %v %v", total, err, sol)
	}
	// The textbook 3×3 example (Kuhn 1955 style): optimum 5 on the anti-diagonal.
	sol = make([]int, 3)
	total, err := as.Solve([]float64{4, 1, 3, 2, 0, 5, 3, 2, 2}, 3, 3, sol)
	if err != nil || total != 5 || !slices.Equal(sol, []int{1, 0, 2}) {
		t.Errorf("3×3 example: total %g, %v, %v; want 5 with [1 0 2]", total, sol, err)
	}
}

// TestGNN checks the associator against enumeration of all partial
// assignments (each track takes one of its gated measurements or misses at
// MissCost), on random sparse scenes of several clusters.
func TestGNN(t *testing.T) {
	const tol = 1e-9
	rng := rand.New(rand.NewPCG(13, 14))
	var g GNN
	for trial := range 1500 {
		nT, nM := rng.IntN(7), rng.IntN(7)
		g.MissCost = []float64{9, 3, 0}[trial%3]
		var hyps []Hypothesis
		for i := range nT {
			for j := range nM {
				if rng.Float64() < 0.35 {
					hyps = append(hyps, Hypothesis{Track: i, Meas: j, Cost: rng.Float64() * 9})
				}
			}
		}
		chosen := make([]int, nT)
		g.Associate(hyps, nM, chosen)
		// Score of the choice.
		score := func(ch []int) (cost float64, pairs int) {
			for _, k := range ch {
				if k >= 0 {
					cost += hyps[k].Cost
					pairs++
				} else {
					cost += g.MissCost
				}
			}
			return cost, pairs
		}
		usedM := map[int]bool{}
		for i, k := range chosen {
			if k < 0 {
				continue
			}
			if hyps[k].Track != i || usedM[hyps[k].Meas] {
				t.Fatalf("invalid choice %v", chosen)
			}
			usedM[hyps[k].Meas] = true
		}
		// Enumerate.
		best, bestPairs := math.Inf(1), 0
		cur := make([]int, nT)
		taken := make([]bool, nM)
		var rec func(i int)
		rec = func(i int) {
			if i == nT {
				c, p := score(cur)
				if g.MissCost <= 0 {
					// Most pairs first, then least cost.
					if p > bestPairs || (p == bestPairs && c < best) {
						best, bestPairs = c, p
					}
				} else if c < best {
					best = c
				}
				return
			}
			cur[i] = -1
			rec(i + 1)
			for k := range hyps {
				if hyps[k].Track == i && !taken[hyps[k].Meas] {
					taken[hyps[k].Meas] = true
					cur[i] = k
					rec(i + 1)
					taken[hyps[k].Meas] = false
				}
			}
			cur[i] = -1
		}
		rec(0)
		got, gotPairs := score(chosen)
		if g.MissCost <= 0 {
			if gotPairs != bestPairs || math.Abs(got-best) > tol {
				t.Fatalf("MissCost 0: %d pairs cost %g, enumeration %d pairs cost %g", gotPairs, got, bestPairs, best)
			}
		} else if math.Abs(got-best) > tol {
			t.Fatalf("MissCost %g: cost %g, enumeration %g (hyps %v, chosen %v)", g.MissCost, got, best, hyps, chosen)
		}
	}
}
