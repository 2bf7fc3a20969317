package stat

import "math"

// RegIncBeta returns the regularised incomplete beta function I_x(a, b)
// for a, b > 0 and x in [0, 1] (NaN otherwise): by its continued fraction,
// evaluated with the modified Lentz method, on whichever of I_x(a, b) and
// 1 − I_{1−x}(b, a) converges fast (Press et al., "Numerical Recipes", 3rd
// ed., 2007, §6.4).
func RegIncBeta(a, b, x float64) float64 {
	if !(a > 0 && b > 0 && x >= 0 && x <= 1) {
		return math.NaN()
	}
	return incBeta(a, b, x, 1-x)
}

// incBeta is I_x(a, b) given y = 1 − x as well, which a caller may know
// more accurately than 1 − x can be computed (x near 1).
func incBeta(a, b, x, y float64) float64 {
	switch {
	case x == 0:
		return 0
	case y == 0:
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log(y))
	if x < (a+1)/(a+b+2) {
		return front * betaCF(a, b, x) / a
	}
	return 1 - front*betaCF(b, a, y)/b
}

// betaCF is the continued fraction of the incomplete beta function
// (Numerical Recipes §6.4, eq. 6.4.5).
func betaCF(a, b, x float64) float64 {
	const (
		eps   = 1e-15
		tiny  = 1e-300
		itmax = 10000
	)
	qab, qap, qam := a+b, a+1, a-1
	c, d := 1.0, 1-qab*x/qap
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= itmax; m++ {
		fm := float64(m)
		m2 := 2 * fm
		aa := fm * (b - fm) * x / ((qam + m2) * (a + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		aa = -(a + fm) * (qab + fm) * x / ((a + m2) * (qap + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
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
	return h
}

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
