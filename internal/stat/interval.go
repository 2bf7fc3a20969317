package stat

import "math"

// Names of the interval methods, as Interval.Method and the outputs of
// jrmd compare carry them.
const (
	// StudentT: the mean of n values ± t(1 − α/2, n − 1)·s/√n.
	StudentT = "student-t"
	// PairedT: StudentT on the differences of paired values.
	PairedT = "paired-t"
	// WilsonScore: Wilson's score interval for a binomial proportion.
	WilsonScore = "wilson-score"
	// Newcombe10: Newcombe's method 10 for the difference of two paired
	// proportions (square-and-add of Wilson score limits).
	Newcombe10 = "newcombe-10"
)

// Interval is an estimate with its confidence interval. Lo and Hi are NaN
// where the sample cannot give one (fewer than two values for a mean, no
// trials for a proportion); Estimate is NaN when there is nothing to
// estimate from.
type Interval struct {
	Estimate, Lo, Hi float64
	// N is the sample size: values, trials or pairs.
	N      int
	Method string
}

func nan() float64 { return math.NaN() }

// Mean returns the mean of xs with its Student t confidence interval at
// level conf (e.g. 0.95): x̄ ± t(1 − α/2, n − 1)·s/√n, s the sample standard
// deviation. It assumes the values independent and their mean nearly
// normal (Student, "The probable error of a mean", Biometrika 6 (1908)
// 1–25). With one value the interval is NaN; with values all equal it has
// zero width, which says only that the sample shows no spread.
func Mean(xs []float64, conf float64) Interval {
	n := len(xs)
	iv := Interval{Estimate: nan(), Lo: nan(), Hi: nan(), N: n, Method: StudentT}
	if n == 0 {
		return iv
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	m := s / float64(n)
	iv.Estimate = m
	if n < 2 {
		return iv
	}
	var v float64
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	half := StudentTQuantile(1-(1-conf)/2, float64(n-1)) * math.Sqrt(v/float64(n-1)/float64(n))
	iv.Lo, iv.Hi = m-half, m+half
	return iv
}

// PairedDiff returns the mean of the differences y[i] − x[i] of paired
// values with its paired t interval (Mean of the differences); x and y
// must have the same length.
func PairedDiff(x, y []float64, conf float64) Interval {
	if len(x) != len(y) {
		panic("stat: PairedDiff of unequal lengths")
	}
	d := make([]float64, len(x))
	for i := range x {
		d[i] = y[i] - x[i]
	}
	iv := Mean(d, conf)
	iv.Method = PairedT
	return iv
}

// Wilson returns the proportion k/n with its Wilson score interval at level
// conf (Wilson, "Probable inference, the law of succession, and statistical
// inference", JASA 22 (1927) 209–212; method 3 of Newcombe, "Two-sided
// confidence intervals for the single proportion: comparison of seven
// methods", Statistics in Medicine 17 (1998) 857–872):
//
//	(p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n).
//
// Unlike the normal approximation it stays inside [0, 1] and is never
// zero wide for n ≥ 1: 0 of n gives [0, z²/(n+z²)], n of n the mirror.
func Wilson(k, n int, conf float64) Interval {
	iv := Interval{Estimate: nan(), Lo: nan(), Hi: nan(), N: n, Method: WilsonScore}
	if n <= 0 || k < 0 || k > n {
		return iv
	}
	p, fn := float64(k)/float64(n), float64(n)
	z := NormalQuantile(1 - (1-conf)/2)
	z2 := z * z
	den := 1 + z2/fn
	c := (p + z2/(2*fn)) / den
	h := z * math.Sqrt(p*(1-p)/fn+z2/(4*fn*fn)) / den
	iv.Estimate, iv.Lo, iv.Hi = p, math.Max(0, c-h), math.Min(1, c+h)
	if k == 0 {
		iv.Lo = 0
	}
	if k == n {
		iv.Hi = 1
	}
	return iv
}

// PairedProportionDiff returns p₂ − p₁, the difference between the
// proportions of successes under condition 2 and condition 1 over n paired
// trials, with Newcombe's method 10 interval (Newcombe, "Improved
// confidence intervals for the difference between binomial proportions
// based on paired data", Statistics in Medicine 17 (1998) 2635–2650; as
// given by Fagerland, Lydersen and Laake, "Recommended tests and
// confidence intervals for paired binomial proportions", Statistics in
// Medicine 33 (2014) 2850–2875, §4.1.5). The pairs are counted as
// both (success under both), only1, only2 and neither. It combines the
// Wilson limits of each proportion, square-and-add, with the correlation
// φ of the paired table:
//
//	L = θ̂ − √((p̂₂ − l₂)² − 2φ(p̂₂ − l₂)(u₁ − p̂₁) + (u₁ − p̂₁)²)
//	U = θ̂ + √((u₂ − p̂₂)² − 2φ(u₂ − p̂₂)(p̂₁ − l₁) + (p̂₁ − l₁)²)
//
// with φ = (AD − BC − n/2)/√(product of the margins) if AD − BC > n/2,
// 0 if 0 ≤ AD − BC ≤ n/2, (AD − BC)/√(…) if negative, and 0 if a margin
// is empty. Like the Wilson interval it is never zero wide for n ≥ 1.
func PairedProportionDiff(both, only1, only2, neither int, conf float64) Interval {
	n := both + only1 + only2 + neither
	iv := Interval{Estimate: nan(), Lo: nan(), Hi: nan(), N: n, Method: Newcombe10}
	if n <= 0 || both < 0 || only1 < 0 || only2 < 0 || neither < 0 {
		return iv
	}
	k1, k2 := both+only1, both+only2
	w1, w2 := Wilson(k1, n, conf), Wilson(k2, n, conf)
	p1, p2 := w1.Estimate, w2.Estimate
	theta := p2 - p1
	var phi float64
	// The product of the margins, in float64: it may pass 2⁶³.
	margins := float64(k1) * float64(n-k1) * float64(k2) * float64(n-k2)
	if margins > 0 {
		ad := float64(both)*float64(neither) - float64(only1)*float64(only2)
		switch {
		case ad > float64(n)/2:
			phi = (ad - float64(n)/2) / math.Sqrt(margins)
		case ad < 0:
			phi = ad / math.Sqrt(margins)
		}
	}
	dl2, du2 := p2-w2.Lo, w2.Hi-p2
	dl1, du1 := p1-w1.Lo, w1.Hi-p1
	iv.Estimate = theta
	iv.Lo = theta - math.Sqrt(math.Max(0, dl2*dl2-2*phi*dl2*du1+du1*du1))
	iv.Hi = theta + math.Sqrt(math.Max(0, du2*du2-2*phi*du2*dl1+dl1*dl1))
	return iv
}
