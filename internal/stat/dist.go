package stat

import "math"

// StudentTCDF returns P(T ≤ t) for Student's t distribution with df > 0
// degrees of freedom (NaN otherwise): P(|T| > |t|) = I_x(df/2, ½) with
// x = df/(df + t²) (Abramowitz and Stegun, "Handbook of Mathematical
// Functions", 1964, 26.7.1 and 26.5.27).
func StudentTCDF(t, df float64) float64 {
	if !(df > 0) || math.IsNaN(t) {
		return math.NaN()
	}
	tail := studentTail(math.Abs(t), df)
	if t < 0 {
		return tail
	}
	return 1 - tail
}

// studentTail is P(T > t) for t ≥ 0.
func studentTail(t, df float64) float64 {
	if math.IsInf(t, 1) {
		return 0
	}
	// x = df/(df + t²) and 1 − x = t²/(df + t²), each computed directly.
	return 0.5 * incBeta(df/2, 0.5, df/(df+t*t), t*t/(df+t*t))
}

// studentPDF is the density of Student's t with df degrees of freedom.
func studentPDF(t, df float64) float64 {
	l1, _ := math.Lgamma((df + 1) / 2)
	l2, _ := math.Lgamma(df / 2)
	return math.Exp(l1-l2-0.5*math.Log(df*math.Pi)) * math.Pow(1+t*t/df, -(df+1)/2)
}

// StudentTQuantile returns the t with StudentTCDF(t, df) = p, for p in
// (0, 1) and df > 0; NaN otherwise. It solves on the tail nearer p (so a
// quantile near 1 keeps its accuracy) by Newton's method safeguarded by
// bisection, from the normal quantile, to a relative accuracy of about
// 1e-12.
func StudentTQuantile(p, df float64) float64 {
	if !(p > 0 && p < 1) || !(df > 0) {
		return math.NaN()
	}
	if p == 0.5 {
		return 0
	}
	// Solve P(T > t) = q for t > 0, then give t the sign of p − ½.
	q, sign := 1-p, 1.0
	if p < 0.5 {
		q, sign = p, -1
	}
	lo, hi := 0.0, 1.0
	for studentTail(hi, df) > q {
		lo, hi = hi, 2*hi
		if math.IsInf(hi, 1) {
			return sign * hi
		}
	}
	t := NormalQuantile(1 - q)
	if !(t > lo && t < hi) {
		t = (lo + hi) / 2
	}
	for range 300 {
		f := studentTail(t, df) - q
		if f > 0 {
			lo = t
		} else {
			hi = t
		}
		next := t + f/studentPDF(t, df)
		if !(next > lo && next < hi) {
			next = (lo + hi) / 2
		}
		if math.Abs(next-t) <= 1e-13*t || hi-lo <= 1e-14*hi {
			return sign * next
		}
		t = next
	}
	return sign * t
}

// NormalQuantile returns the standard normal quantile Φ⁻¹(p) for p in
// (0, 1); NaN otherwise.
func NormalQuantile(p float64) float64 {
	if !(p > 0 && p < 1) {
		return math.NaN()
	}
	return -math.Sqrt2 * math.Erfcinv(2*p)
}
