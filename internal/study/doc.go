// Package study runs many simulations: the side-by-side comparison of
// integration levels with Monte Carlo replications (Compare), in parallel,
// with results independent of the number of workers, and its statistics
// (Comparison.Analyse).
//
// Run r of every level has the seed seed+r, so the levels are paired by
// seed and their differences are taken run by run. A per-threat time is
// compared like with like: over the threats for which it happened in every
// run at every level where it happened at all, a set the Analysis names;
// the threats outside it are counted (warned, engaged, …), not averaged.
// Means carry Student t intervals, proportions Wilson score intervals,
// paired differences paired t or Newcombe's method 10 intervals (package
// stat).
//
//	c, err := study.Compare(f, bmc.Levels, 2007, 20, par.Cores(), nil)
//	a := c.Analyse(0.95)
//	a.Levels[2].NoLeaker            // P(no leaker) under step2, Wilson score
//	a.Times[study.Launch].Diff[2]   // first launch, step2 − autonomous, paired t
package study
