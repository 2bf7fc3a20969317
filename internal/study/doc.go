// Package study runs many simulations: the side-by-side comparison of
// integration levels with Monte Carlo replications (Compare), in parallel,
// with results independent of the number of workers.
package study
