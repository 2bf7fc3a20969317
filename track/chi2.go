package track

import "github.com/jrmd/jrmd/internal/stat"

// ChiSquareCDF returns P(X ≤ x) for X chi-square distributed with k degrees
// of freedom (0 for x ≤ 0 or k ≤ 0): the probability that a gate of
// threshold x keeps the true measurement of a k-dimensional innovation.
func ChiSquareCDF(x float64, k int) float64 { return stat.ChiSquareCDF(x, k) }

// ChiSquareQuantile returns the x with ChiSquareCDF(x, k) = p, for p in
// (0, 1) and k ≥ 1 (NaN otherwise), to a relative accuracy of about 1e-12:
// the gate threshold that keeps the true measurement with probability p.
func ChiSquareQuantile(p float64, k int) float64 { return stat.ChiSquareQuantile(p, k) }

// NEESBand returns the two-sided probability-conf acceptance region of the
// average NEES of runs independent Monte Carlo runs of a dim-dimensional
// state: under consistency, runs·ε̄ is chi-square with runs·dim degrees of
// freedom, so the region is [χ²((1−conf)/2), χ²((1+conf)/2)]/runs
// (Bar-Shalom, Li and Kirubarajan 2001, §5.4.2, eq. 5.4.2-8 ff.). For
// conf = 0.95, runs = 100, dim = 6 it is about [5.34, 6.70].
func NEESBand(runs, dim int, conf float64) (lo, hi float64) {
	k := runs * dim
	r := float64(runs)
	return ChiSquareQuantile((1-conf)/2, k) / r, ChiSquareQuantile((1+conf)/2, k) / r
}
