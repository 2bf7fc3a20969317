package stat

import (
	"math"
	"testing"
)

// TestRegIncBetaClosedForms checks I_x(a, b) against its closed forms:
// I_x(a, 1) = xᵃ, I_x(1, b) = 1 − (1 − x)ᵇ, I_x(½, ½) = (2/π)·asin √x
// (Abramowitz and Stegun 26.5.x; the last is the arcsine distribution), and
// the symmetry I_x(a, b) = 1 − I_{1−x}(b, a), to 1e-13.
func TestRegIncBetaClosedForms(t *testing.T) {
	const tol = 1e-13
	for _, x := range []float64{1e-6, 0.01, 0.2, 0.5, 0.77, 0.999} {
		for _, a := range []float64{0.5, 1, 2.5, 7, 40} {
			if got, want := RegIncBeta(a, 1, x), math.Pow(x, a); math.Abs(got-want) > tol {
				t.Errorf("I_%g(%g, 1) = %.16g, want %.16g", x, a, got, want)
			}
			if got, want := RegIncBeta(1, a, x), -math.Expm1(a*math.Log1p(-x)); math.Abs(got-want) > tol {
				t.Errorf("I_%g(1, %g) = %.16g, want %.16g", x, a, got, want)
			}
			for _, b := range []float64{0.5, 3, 12.5} {
				if got, want := RegIncBeta(a, b, x), 1-RegIncBeta(b, a, 1-x); math.Abs(got-want) > tol {
					t.Errorf("I_%g(%g, %g) = %.16g, 1 − I_%g(%g, %g) = %.16g", x, a, b, got, 1-x, b, a, want)
				}
			}
		}
		if got, want := RegIncBeta(0.5, 0.5, x), 2/math.Pi*math.Asin(math.Sqrt(x)); math.Abs(got-want) > tol {
			t.Errorf("I_%g(½, ½) = %.16g, want %.16g", x, got, want)
		}
	}
	for _, bad := range [][3]float64{{0, 1, 0.5}, {1, -1, 0.5}, {1, 1, 1.5}, {1, 1, math.NaN()}} {
		if got := RegIncBeta(bad[0], bad[1], bad[2]); !math.IsNaN(got) {
			t.Errorf("RegIncBeta%v = %g, want NaN", bad, got)
		}
	}
}

// TestStudentTClosedForms checks the CDF and quantile against the closed
// forms for 1, 2 and 3 degrees of freedom (Abramowitz and Stegun 26.7.3–4:
// ν = 1 is the Cauchy distribution, F = ½ + atan(t)/π; ν = 2 has F = ½ +
// t/(2√(2 + t²)), whose inverse is t = (2p − 1)/√(2p(1 − p)); ν = 3 has
// F = ½ + (atan(t/√3) + (t/√3)/(1 + t²/3))/π) to 1e-12, and the round trip
// CDF(Quantile(p)) = p to 1e-12 from 1e-9 to 1 − 1e-9.
func TestStudentTClosedForms(t *testing.T) {
	const tol = 1e-12
	for _, x := range []float64{-40, -3, -1, -0.2, 0, 0.3, 1.5, 6, 100} {
		s3 := x / math.Sqrt(3)
		for _, tc := range []struct {
			df   float64
			want float64
		}{
			{1, 0.5 + math.Atan(x)/math.Pi},
			{2, 0.5 + x/(2*math.Sqrt(2+x*x))},
			{3, 0.5 + (math.Atan(s3)+s3/(1+s3*s3))/math.Pi},
		} {
			if got := StudentTCDF(x, tc.df); math.Abs(got-tc.want) > tol {
				t.Errorf("StudentTCDF(%g, %g) = %.16g, want %.16g", x, tc.df, got, tc.want)
			}
		}
	}
	for _, p := range []float64{1e-9, 1e-4, 0.025, 0.3, 0.5, 0.8, 0.975, 0.9999, 1 - 1e-9} {
		// tan(π(p − ½)) = −1/tan(πp), written with the nearer tail q so
		// that the reference keeps its digits near p = 0 and 1.
		q, sign := p, -1.0
		if p > 0.5 {
			q, sign = 1-p, 1
		}
		if got, want := StudentTQuantile(p, 1), sign/math.Tan(math.Pi*q); p != 0.5 && math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
			t.Errorf("StudentTQuantile(%g, 1) = %.16g, want %.16g", p, got, want)
		}
		if got, want := StudentTQuantile(p, 2), (2*p-1)/math.Sqrt(2*p*(1-p)); math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
			t.Errorf("StudentTQuantile(%g, 2) = %.16g, want %.16g", p, got, want)
		}
		for _, df := range []float64{1, 2.5, 4, 9, 19, 99, 1e4} {
			q := StudentTQuantile(p, df)
			if got := StudentTCDF(q, df); math.Abs(got-p) > tol {
				t.Errorf("StudentTCDF(StudentTQuantile(%g, %g) = %g) = %.16g", p, df, q, got)
			}
		}
	}
	for _, bad := range [][2]float64{{0, 3}, {1, 3}, {0.5, 0}, {math.NaN(), 2}} {
		if got := StudentTQuantile(bad[0], bad[1]); !math.IsNaN(got) {
			t.Errorf("StudentTQuantile%v = %g, want NaN", bad, got)
		}
	}
}

// TestStudentTQuantileTable checks the quantiles against the printed table
// of Abramowitz and Stegun, "Handbook of Mathematical Functions" (1964),
// Table 26.10 (percentage points of the t distribution), given to three
// decimals: tolerance 5e-4. A large df tends to the normal quantile.
func TestStudentTQuantileTable(t *testing.T) {
	const tol = 5e-4
	tests := []struct {
		p, df, want float64
	}{
		{0.975, 1, 12.706}, {0.975, 2, 4.303}, {0.975, 3, 3.182}, {0.975, 4, 2.776},
		{0.975, 5, 2.571}, {0.975, 9, 2.262}, {0.975, 10, 2.228}, {0.975, 19, 2.093},
		{0.975, 20, 2.086}, {0.975, 29, 2.045}, {0.975, 30, 2.042}, {0.975, 60, 2.000},
		{0.975, 120, 1.980}, {0.995, 1, 63.657}, {0.995, 5, 4.032}, {0.995, 10, 3.169},
		{0.995, 30, 2.750}, {0.95, 1, 6.314}, {0.95, 5, 2.015}, {0.95, 30, 1.697},
		{0.025, 10, -2.228},
	}
	for _, tc := range tests {
		if got := StudentTQuantile(tc.p, tc.df); math.Abs(got-tc.want) > tol {
			t.Errorf("StudentTQuantile(%g, %g) = %.5f, table %.3f", tc.p, tc.df, got, tc.want)
		}
	}
	// For large ν, t ≈ z + (z³ + z)/4ν + (5z⁵ + 16z³ + 3z)/96ν² (A&S 26.7.5),
	// whose next term is below 1e-11 at ν = 1e4. At ν = 1e6 the beta
	// function's normalisation, a difference of log-gammas near 6e6, leaves
	// about 1e-10 (tolerance 1e-9); compare never has a million runs.
	z := NormalQuantile(0.975)
	for _, tc := range []struct{ nu, tol float64 }{{1e4, 1e-11}, {1e6, 1e-9}} {
		nu := tc.nu
		want := z + (z*z*z+z)/(4*nu) + (5*math.Pow(z, 5)+16*z*z*z+3*z)/(96*nu*nu)
		if got := StudentTQuantile(0.975, nu); math.Abs(got-want) > tc.tol {
			t.Errorf("StudentTQuantile(0.975, %g) = %.14g, expansion %.14g", nu, got, want)
		}
	}
	// 1.959963984540054: Φ⁻¹(0.975) to 16 digits (A&S Table 26.5 gives 1.959964).
	if got := NormalQuantile(0.975); math.Abs(got-1.959963984540054) > 1e-14 {
		t.Errorf("NormalQuantile(0.975) = %.16g", got)
	}
}

// TestMean checks the Student t interval against a hand computation: 2, 4,
// 6, 8 has mean 5 and s = √(20/3); the half-width is t(0.975, 3)·s/2 with
// t(0.975, 3) = 3.182446305284263 (3.182 in A&S Table 26.10; the value is
// the closed form of ν = 3 solved to 16 digits by TestStudentTClosedForms's
// CDF). One value has no interval; none has no mean.
func TestMean(t *testing.T) {
	iv := Mean([]float64{2, 4, 6, 8}, 0.95)
	half := 3.182446305284263 * math.Sqrt(20.0/3) / 2
	if iv.Estimate != 5 || math.Abs(iv.Lo-(5-half)) > 1e-12 || math.Abs(iv.Hi-(5+half)) > 1e-12 || iv.N != 4 || iv.Method != StudentT {
		t.Errorf("Mean(2, 4, 6, 8) = %+v, want 5 ± %.12g", iv, half)
	}
	if iv := Mean([]float64{3}, 0.95); iv.Estimate != 3 || !math.IsNaN(iv.Lo) || !math.IsNaN(iv.Hi) || iv.N != 1 {
		t.Errorf("Mean(3) = %+v, want 3 without interval", iv)
	}
	if iv := Mean(nil, 0.95); !math.IsNaN(iv.Estimate) || iv.N != 0 {
		t.Errorf("Mean() = %+v, want NaN", iv)
	}
	d := PairedDiff([]float64{1, 2, 3, 4}, []float64{3, 6, 9, 12}, 0.95)
	if d.Estimate != 5 || math.Abs(d.Hi-(5+half)) > 1e-12 || d.Method != PairedT {
		t.Errorf("PairedDiff = %+v, want the differences' Mean, 5 ± %.12g", d, half)
	}
}

// TestWilsonPublished checks Wilson score intervals against Newcombe, "Two-
// sided confidence intervals for the single proportion: comparison of seven
// methods", Statistics in Medicine 17 (1998) 857–872, Table I, method 3,
// printed to four decimals (tolerance 5e-5): 81/263, 15/148, 0/20, 1/29.
// At 0 of n and n of n it must not be zero wide: [0, z²/(n + z²)] and its
// mirror, exactly.
func TestWilsonPublished(t *testing.T) {
	const tol = 5e-5
	for _, tc := range []struct {
		k, n   int
		lo, hi float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0.0000, 0.1611},
		{1, 29, 0.0061, 0.1718},
	} {
		iv := Wilson(tc.k, tc.n, 0.95)
		if math.Abs(iv.Lo-tc.lo) > tol || math.Abs(iv.Hi-tc.hi) > tol || iv.Method != WilsonScore {
			t.Errorf("Wilson(%d, %d) = [%.5f, %.5f], Newcombe [%.4f, %.4f]", tc.k, tc.n, iv.Lo, iv.Hi, tc.lo, tc.hi)
		}
	}
	z := NormalQuantile(0.975)
	for _, n := range []int{1, 2, 5, 20, 100, 10000} {
		edge := z * z / (float64(n) + z*z)
		lo, hi := Wilson(0, n, 0.95), Wilson(n, n, 0.95)
		if lo.Lo != 0 || math.Abs(lo.Hi-edge) > 1e-15 || hi.Hi != 1 || math.Abs(hi.Lo-(1-edge)) > 1e-15 {
			t.Errorf("n = %d: 0 of n %+v, n of n %+v; want [0, %.6g] and [%.6g, 1]", n, lo, hi, edge, 1-edge)
		}
		if !(lo.Hi-lo.Lo > 0 && hi.Hi-hi.Lo > 0) {
			t.Errorf("n = %d: a zero-wide interval", n)
		}
	}
	if iv := Wilson(1, 0, 0.95); !math.IsNaN(iv.Estimate) {
		t.Errorf("Wilson(1, 0) = %+v, want NaN", iv)
	}
}

// TestPairedProportionDiffPublished checks Newcombe's method 10 against the
// worked example of Fagerland, Lydersen and Laake, "Recommended tests and
// confidence intervals for paired binomial proportions", Statistics in
// Medicine 33 (2014) 2850–2875 (also in their "Statistical Analysis of
// Contingency Tables", 2017, ch. 8): complete response before and after
// consolidation therapy (Cavo et al. 2012), 59 both, 6 before only, 16
// after only, 80 neither: −0.0621 (95 % CI −0.1186 to −0.0046), printed to
// four decimals (tolerance 5e-5). With every pair alike (20 both, or 20
// neither) the difference is 0 and the interval still has the width of the
// Wilson limits of 20 of 20: ±z²/(20 + z²).
func TestPairedProportionDiffPublished(t *testing.T) {
	const tol = 5e-5
	// Condition 2 is "before": p₂ − p₁ = (59+6)/161 − (59+16)/161.
	iv := PairedProportionDiff(59, 16, 6, 80, 0.95)
	if math.Abs(iv.Estimate-(-0.0621)) > tol || math.Abs(iv.Lo-(-0.1186)) > tol || math.Abs(iv.Hi-(-0.0046)) > tol || iv.N != 161 || iv.Method != Newcombe10 {
		t.Errorf("Cavo et al.: %+v, want −0.0621 [−0.1186, −0.0046]", iv)
	}
	// Swapping the conditions mirrors the interval.
	m := PairedProportionDiff(59, 6, 16, 80, 0.95)
	if math.Abs(m.Estimate+iv.Estimate) > 1e-15 || math.Abs(m.Lo+iv.Hi) > 1e-15 || math.Abs(m.Hi+iv.Lo) > 1e-15 {
		t.Errorf("swapped: %+v, want the mirror of %+v", m, iv)
	}
	z := NormalQuantile(0.975)
	edge := z * z / (20 + z*z)
	for _, c := range [][4]int{{20, 0, 0, 0}, {0, 0, 0, 20}} {
		iv := PairedProportionDiff(c[0], c[1], c[2], c[3], 0.95)
		if iv.Estimate != 0 || math.Abs(iv.Lo+edge) > 1e-15 || math.Abs(iv.Hi-edge) > 1e-15 {
			t.Errorf("%v: %+v, want 0 [−%.6g, %.6g]", c, iv, edge, edge)
		}
	}
	// All 20 discordant one way: θ = 1, limits inside [−1, 1].
	if iv := PairedProportionDiff(0, 0, 20, 0, 0.95); iv.Estimate != 1 || !(iv.Lo > 0 && iv.Lo < 1) || iv.Hi != 1 {
		t.Errorf("all only2: %+v", iv)
	}
	if iv := PairedProportionDiff(0, 0, 0, 0, 0.95); !math.IsNaN(iv.Estimate) {
		t.Errorf("no pairs: %+v, want NaN", iv)
	}
}
