// Package wta solves static weapon-target assignment: which batteries'
// interceptors to fire at which threats to maximise the expected value
// saved, under inventory and salvo limits, with independent shots.
//
// It is a leaf: pure functions over matrices, no domain types. A Problem
// holds, per target, the Value saved if it is destroyed (any unit, as long
// as it is one unit); per weapon and target, the single-shot kill
// probability Pk (0: the weapon cannot engage the target); per weapon, its
// Inventory; and MaxShots, the largest salvo at one target (0: no cap). An
// answer is a list of Shots (weapon, target), one per interceptor fired.
//
//	p := wta.Problem{
//		Value:     []float64{10, 5, 8},
//		Pk:        [][]float64{{0.7, 0.7, 0.7}, {0, 0, 0.8}},
//		Inventory: []int{4, 2},
//		MaxShots:  2,
//	}
//	shots, err := wta.Exact(p)  // optimal; an error if p is too large
//	saved := p.Expected(shots)  // expected value destroyed
//
// Exact solves small problems optimally (dynamic programming over inventory
// states) and returns an error when a problem is beyond it;
// MaxMarginalReturn is the fast greedy heuristic, improved by local search,
// for large raids. Validate reports every problem of a malformed Problem at
// once. The Examples run both solvers on the problem above.
package wta
