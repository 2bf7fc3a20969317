package track

import "math"

// Chi-square distribution functions for gates and consistency bands,
// computed here from the regularised incomplete gamma function rather than
// tabulated, so any probability and any number of degrees of freedom work.

// ChiSquareCDF returns P(X ≤ x) for X chi-square distributed with k degrees
// of freedom: the regularised lower incomplete gamma function P(k/2, x/2).
func ChiSquareCDF(x float64, k int) float64 {
	if !(x > 0) || k <= 0 {
		return 0
	}
	if math.IsInf(x, 1) {
		return 1
	}
	return gammaP(float64(k)/2, x/2)
}

// gammaP is the regularised lower incomplete gamma function P(a, x), by its
// series for x < a+1 and by the continued fraction of Q = 1 − P (Lentz's
// method) otherwise (Press et al., "Numerical Recipes", 3rd ed., §6.2).
func gammaP(a, x float64) float64 {
	const (
		eps   = 1e-16
		tiny  = 1e-300
		itmax = 10000
	)
	lg, _ := math.Lgamma(a)
	front := math.Exp(-x + a*math.Log(x) - lg)
	if x < a+1 {
		ap, sum, del := a, 1/a, 1/a
		for range itmax {
			ap++
			del *= x / ap
			sum += del
			if math.Abs(del) < math.Abs(sum)*eps {
				break
			}
		}
		return math.Min(1, sum*front)
	}
	b := x + 1 - a
	c := 1 / tiny
	d := 1 / b
	h := d
	for i := 1; i <= itmax; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < eps {
			break
		}
	}
	return math.Max(0, 1-front*h)
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
