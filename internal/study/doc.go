// Package study runs many simulations: the side-by-side comparison of
// integration levels with Monte Carlo replications (Compare), in parallel
// on a par.Budget, with results independent of it, and its statistics
// (Comparison.Analyse); and the reach study (NewReach, Reach.Run), which
// asks of a scenario's architecture whether its batteries can engage every
// launch area × target when its sensors cue them, and the same question
// for one battery, area and target, answered in full (Cued.Answer). Each
// result writes its own tables, JSON and CSV (WriteComparison,
// WriteReachTable, WriteCued, …).
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
