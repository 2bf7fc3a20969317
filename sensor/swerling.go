package sensor

import (
	"fmt"
	"math"
)

// Swerling is a target fluctuation model (Swerling, "Probability of
// detection for fluctuating targets", IRE Trans. IT-6, 1960), named by its
// case number. JRMD detects on one look (one coherent dwell, square-law
// detected, no non-coherent integration), where the scan-to-scan cases 1 and
// 3 and the pulse-to-pulse cases 2 and 4 coincide; only 0, 1 and 3 are
// accepted.
type Swerling int

// The accepted fluctuation models.
const (
	Swerling0 Swerling = 0 // non-fluctuating (Marcum): a steady cross-section
	Swerling1 Swerling = 1 // many comparable scatterers: exponential power (chi-square, 2 dof)
	Swerling3 Swerling = 3 // one dominant scatterer plus small ones: chi-square, 4 dof
)

func (s Swerling) valid() bool { return s == Swerling0 || s == Swerling1 || s == Swerling3 }

// PdSwerling returns the single-look probability of detection of a target
// whose mean signal-to-noise ratio is snr (linear, not dB) with a square-law
// detector whose threshold gives the false-alarm probability pfa.
//
// The threshold is T = −ln pfa in units of the noise power (Pfa = e^−T,
// exponential noise). Then, with χ̄ = snr (Richards, "Fundamentals of Radar
// Signal Processing", McGraw-Hill 2005, ch. 6, the N = 1 cases; Skolnik,
// "Introduction to Radar Systems", 3rd ed. 2001, ch. 2):
//
//   - Swerling 1: Pd = exp(−T/(1+χ̄)) = pfa^(1/(1+χ̄)).
//   - Swerling 3: Pd = exp(−T/(1+χ̄/2))·(1 + (χ̄/2)·T/(1+χ̄/2)²).
//   - Swerling 0: Pd = Q₁(√(2χ̄), √(2T)), the Marcum Q function, summed as
//     the Poisson mixture of the non-central chi-square (see marcumPd).
//
// snr ≤ 0 gives pfa (the threshold is crossed by noise alone); pfa must be
// in (0, 1) and the model one of 0, 1, 3, or the result is NaN.
func PdSwerling(model Swerling, snr, pfa float64) float64 {
	if !(pfa > 0 && pfa < 1) || math.IsNaN(snr) {
		return math.NaN()
	}
	if snr <= 0 {
		return pfa
	}
	t := -math.Log(pfa)
	switch model {
	case Swerling1:
		return math.Exp(-t / (1 + snr))
	case Swerling3:
		h := snr / 2
		return math.Min(1, math.Exp(-t/(1+h))*(1+h*t/((1+h)*(1+h))))
	case Swerling0:
		return marcumPd(snr, t)
	}
	return math.NaN()
}

// marcumPd is the Swerling 0 detection probability for mean SNR chi and
// threshold t (noise-power units): the probability that |a + n|² > t with
// |a|² = chi and n complex Gaussian of unit power. That statistic is
// non-central chi-square, a Poisson(chi) mixture of Gamma(k+1, 1) laws, so
//
//	Pd = Σₖ P(K = k)·P(J ≤ k),  1 − Pd = Σₖ P(K = k)·P(J > k)
//
// with K ~ Poisson(chi), J ~ Poisson(t) (Johnson, Kotz & Balakrishnan,
// "Continuous Univariate Distributions", vol. 2, 2nd ed. 1995, ch. 29).
// Terms are formed in logarithms, so a large chi does not underflow; the
// miss probability is summed separately when Pd is near 1, so that Pd stays
// accurate (and monotone in chi) to rounding at both ends.
func marcumPd(chi, t float64) float64 {
	// Q₁(a, b) with a − b > 12 differs from 1 by less than Φ(−12) ≈ 2e-33.
	if math.Sqrt(2*chi)-math.Sqrt(2*t) > 12 {
		return 1
	}
	kMax := int(math.Max(chi+12*math.Sqrt(chi), t+12*math.Sqrt(t))) + 40
	lnChi, lnT := math.Log(chi), math.Log(t)
	term := func(k int) (wK, pJ float64) { // P(K = k), P(J = k)
		lgk, _ := math.Lgamma(float64(k + 1))
		return math.Exp(-chi + float64(k)*lnChi - lgk), math.Exp(-t + float64(k)*lnT - lgk)
	}
	pd, cdf := 0.0, 0.0
	for k := 0; k <= kMax; k++ {
		w, p := term(k)
		cdf += p
		pd += w * cdf
	}
	if pd <= 0.5 {
		return pd
	}
	miss, tail := 0.0, 0.0 // tail = P(J > k)
	for k := kMax; k >= 0; k-- {
		w, p := term(k)
		miss += w * tail
		tail += p
	}
	return 1 - miss
}

// RequiredSNR returns the mean SNR (linear) at which a target of the given
// fluctuation model is detected with probability pd at false-alarm
// probability pfa. Swerling 1 is closed form, SNR = ln pfa / ln pd − 1; the
// others are found by bisection on the decibel value to 1e-9 dB.
func RequiredSNR(model Swerling, pd, pfa float64) (float64, error) {
	if !model.valid() {
		return 0, fmt.Errorf("sensor: Swerling case %d: want 0, 1 or 3", model)
	}
	if !(pfa > 0 && pfa < 1) || !(pd > pfa && pd < 1) {
		return 0, fmt.Errorf("sensor: want 0 < pfa < pd < 1, have pfa %g, pd %g", pfa, pd)
	}
	if model == Swerling1 {
		return math.Log(pfa)/math.Log(pd) - 1, nil
	}
	lo, hi := -40.0, 200.0 // dB: far below and above any attainable pd
	for hi-lo > 1e-9 {
		mid := (lo + hi) / 2
		if PdSwerling(model, math.Pow(10, mid/10), pfa) < pd {
			lo = mid
		} else {
			hi = mid
		}
	}
	return math.Pow(10, (lo+hi)/20), nil
}
