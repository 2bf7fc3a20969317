package stat

import "math"

// The regularised incomplete gamma and beta functions, behind the
// chi-square distribution (gates, consistency bands) and Student's t
// (confidence intervals): each by its series or continued fraction, the
// continued fractions both evaluated by the modified Lentz method.

// lentzTiny stands in for a zero denominator in the modified Lentz method
// (Press et al., "Numerical Recipes", 3rd ed., 2007, §5.2: "a small number
// like 1e-30"; here 1e-300, far below any term of these fractions).
const lentzTiny = 1e-300

// lentz advances the modified Lentz evaluation of a continued fraction
// b₀ + a₁/(b₁ + a₂/(b₂ + …)) by the term a/(b + …) (Press et al. 2007,
// §5.2, eq. 5.2.8): it updates Lentz's ratios c and d and returns the
// factor del that multiplies the fraction's value; the evaluation has
// converged when del is within rounding of 1.
func lentz(a, b, c, d float64) (c2, d2, del float64) {
	d = b + a*d
	if math.Abs(d) < lentzTiny {
		d = lentzTiny
	}
	c = b + a/c
	if math.Abs(c) < lentzTiny {
		c = lentzTiny
	}
	d = 1 / d
	return c, d, d * c
}

// RegIncGamma returns the regularised lower incomplete gamma function
// P(a, x) = γ(a, x)/Γ(a) for a > 0 and x ≥ 0 (NaN otherwise): by its
// series for x < a + 1, and otherwise as 1 − Q(a, x) with Q by its
// continued fraction (Press et al. 2007, §6.2, eqs. 6.2.5 and 6.2.7).
func RegIncGamma(a, x float64) float64 {
	if !(a > 0 && x >= 0) {
		return math.NaN()
	}
	if x == 0 {
		return 0
	}
	if math.IsInf(x, 1) {
		return 1
	}
	return gammaP(a, x)
}

// gammaP is RegIncGamma for a > 0 and finite x > 0.
func gammaP(a, x float64) float64 {
	const (
		eps   = 1e-16
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
	// Q = front/(b₁ − 1·(1 − a)/(b₂ − 2·(2 − a)/(b₃ − …))), b_i = x + 2i − 1 − a,
	// started at its first term: c = 1/tiny, d = 1/b₁.
	b := x + 1 - a
	c := 1 / lentzTiny
	d := 1 / b
	h := d
	for i := 1; i <= itmax; i++ {
		b += 2
		var del float64
		c, d, del = lentz(-float64(i)*(float64(i)-a), b, c, d)
		h *= del
		if math.Abs(del-1) < eps {
			break
		}
	}
	return math.Max(0, 1-front*h)
}

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
		itmax = 10000
	)
	qab, qap, qam := a+b, a+1, a-1
	c, d := 1.0, 1-qab*x/qap
	if math.Abs(d) < lentzTiny {
		d = lentzTiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= itmax; m++ {
		fm := float64(m)
		m2 := 2 * fm
		// Even and odd terms (eq. 6.4.6), the convergence test after the
		// odd one.
		var del float64
		c, d, del = lentz(fm*(b-fm)*x/((qam+m2)*(a+m2)), 1, c, d)
		h *= del
		c, d, del = lentz(-(a+fm)*(qab+fm)*x/((a+m2)*(qap+m2)), 1, c, d)
		h *= del
		if math.Abs(del-1) < eps {
			break
		}
	}
	return h
}
