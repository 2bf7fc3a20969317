// Package wta solves static weapon-target assignment: which batteries'
// interceptors to fire at which threats to maximise the expected value
// saved, under inventory and salvo limits, with independent shots.
//
// It is a leaf: pure functions over matrices, no domain types. Exact solves
// small problems optimally (dynamic programming over inventory states);
// MaxMarginalReturn is the fast greedy heuristic for large raids.
package wta
