package stat

import "math"

// The chi-square distribution, computed from the regularised incomplete
// gamma function rather than tabulated, so any probability and any number
// of degrees of freedom work: the gates and consistency bands of tracking
// take their thresholds from ChiSquareQuantile.

// ChiSquareCDF returns P(X ≤ x) for X chi-square distributed with k degrees
// of freedom: the regularised lower incomplete gamma function P(k/2, x/2)
// (Abramowitz and Stegun, "Handbook of Mathematical Functions", 1964,
// 26.4.19); 0 for x ≤ 0, a NaN x or k ≤ 0.
func ChiSquareCDF(x float64, k int) float64 {
	if !(x > 0) || k <= 0 {
		return 0
	}
	if math.IsInf(x, 1) {
		return 1
	}
	return gammaP(float64(k)/2, x/2)
}

// chiSquareLogPDF returns the log density of chi-square with k degrees of
// freedom at x > 0.
func chiSquareLogPDF(x float64, k int) float64 {
	h := float64(k) / 2
	lg, _ := math.Lgamma(h)
	return (h-1)*math.Log(x) - x/2 - h*math.Ln2 - lg
}

// ChiSquareQuantile returns the x with ChiSquareCDF(x, k) = p, for p in
// (0, 1) and k ≥ 1; NaN otherwise. It starts from the Wilson–Hilferty
// approximation (Wilson and Hilferty, "The distribution of chi-square",
// PNAS 17 (1931) 684–688: (X/k)^(1/3) is nearly normal with mean 1 − 2/(9k)
// and variance 2/(9k)) and refines it by Newton's method safeguarded by
// bisection, to a relative accuracy of about 1e-12.
func ChiSquareQuantile(p float64, k int) float64 {
	if !(p > 0 && p < 1) || k < 1 {
		return math.NaN()
	}
	fk := float64(k)
	z := math.Sqrt2 * math.Erfinv(2*p-1)
	v := 2 / (9 * fk)
	c := 1 - v + z*math.Sqrt(v)
	x := fk * c * c * c
	// Bracket: the CDF is increasing; grow hi until it passes p.
	lo, hi := 0.0, math.Max(2*fk, 10)
	for ChiSquareCDF(hi, k) < p {
		lo, hi = hi, 2*hi
	}
	if !(x > lo && x < hi) {
		x = (lo + hi) / 2
	}
	for range 200 {
		f := ChiSquareCDF(x, k) - p
		if f < 0 {
			lo = x
		} else {
			hi = x
		}
		step := f / math.Exp(chiSquareLogPDF(x, k))
		next := x - step
		if !(next > lo && next < hi) || math.IsNaN(next) {
			next = (lo + hi) / 2
		}
		if math.Abs(next-x) <= 1e-13*x || hi-lo <= 1e-14*hi {
			return next
		}
		x = next
	}
	return x
}
