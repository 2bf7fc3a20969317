package stat

import (
	"math"
	"testing"
)

// TestRegIncGammaClosedForms checks P(a, x) against its closed forms
// (Abramowitz and Stegun 1964, 6.5.13 and 6.5.17): P(n, x) = 1 −
// e^(−x)·Σ_{k<n} x^k/k! for a whole n, and P(½, x) = erf(√x); on both
// sides of x = a + 1, where the series gives way to the continued
// fraction.
func TestRegIncGammaClosedForms(t *testing.T) {
	const tol = 1e-14
	for _, x := range []float64{1e-3, 0.5, 1, 2.5, 4, 9, 30, 80} {
		for n := 1; n <= 12; n++ {
			sum, term := 0.0, 1.0
			for k := range n {
				if k > 0 {
					term *= x / float64(k)
				}
				sum += term
			}
			want := -math.Expm1(-x) // n = 1, without cancellation
			if n > 1 {
				want = 1 - math.Exp(-x)*sum
			}
			if got := RegIncGamma(float64(n), x); math.Abs(got-want) > tol {
				t.Errorf("P(%d, %g) = %.17g, want %.17g", n, x, got, want)
			}
		}
		if got, want := RegIncGamma(0.5, x), math.Erf(math.Sqrt(x)); math.Abs(got-want) > tol {
			t.Errorf("P(½, %g) = %.17g, want erf(√x) = %.17g", x, got, want)
		}
	}
	if RegIncGamma(3, 0) != 0 || RegIncGamma(3, math.Inf(1)) != 1 {
		t.Error("P(3, 0) ≠ 0 or P(3, ∞) ≠ 1")
	}
	for _, bad := range [][2]float64{{0, 1}, {-1, 1}, {1, -1}, {math.NaN(), 1}, {1, math.NaN()}} {
		if got := RegIncGamma(bad[0], bad[1]); !math.IsNaN(got) {
			t.Errorf("RegIncGamma%v = %g, want NaN", bad, got)
		}
	}
}

// TestChiSquareQuantileTable checks quantiles against the printed table of
// Abramowitz and Stegun, "Handbook of Mathematical Functions" (1964), Table
// 26.8 (percentage points of the χ² distribution), and the values
// Bar-Shalom, Li and Kirubarajan (2001) quote in §1.5.4 and §5.4.2, which
// are given to 3–4 significant figures: tolerance 6e-4 relative.
func TestChiSquareQuantileTable(t *testing.T) {
	const relTol = 6e-4
	tests := []struct {
		p    float64
		k    int
		want float64
	}{
		{0.95, 1, 3.841},
		{0.99, 1, 6.635},
		{0.95, 2, 5.991},
		{0.99, 3, 11.345},
		{0.999, 3, 16.266},
		{0.025, 6, 1.237},
		{0.975, 6, 14.449},
		{0.05, 10, 3.940},
		{0.95, 30, 43.773},
		{0.025, 100, 74.222},
		{0.975, 100, 129.561},
		{0.005, 100, 67.328},
		{0.995, 100, 140.169},
	}
	for _, tc := range tests {
		got := ChiSquareQuantile(tc.p, tc.k)
		if math.Abs(got-tc.want) > relTol*tc.want {
			t.Errorf("ChiSquareQuantile(%g, %d) = %.5f, table %.3f", tc.p, tc.k, got, tc.want)
		}
	}
}

// TestChiSquareRoundTrip checks that the quantile inverts the CDF to 1e-10
// over a wide range, including the far tails, and agrees with the closed
// forms for 2 degrees of freedom (CDF = 1 − exp(−x/2)).
func TestChiSquareRoundTrip(t *testing.T) {
	const tol = 1e-10
	for _, k := range []int{1, 2, 3, 5, 6, 17, 100, 600, 6000} {
		for _, p := range []float64{1e-9, 1e-4, 0.025, 0.3, 0.5, 0.9, 0.975, 0.9999, 1 - 1e-9} {
			x := ChiSquareQuantile(p, k)
			if got := ChiSquareCDF(x, k); math.Abs(got-p) > tol {
				t.Errorf("CDF(Quantile(%g, %d) = %g) = %.12g", p, k, x, got)
			}
		}
	}
	for _, x := range []float64{0.01, 1, 5, 30} {
		if got, want := ChiSquareCDF(x, 2), 1-math.Exp(-x/2); math.Abs(got-want) > 1e-14 {
			t.Errorf("CDF(%g, 2) = %.16g, want %.16g", x, got, want)
		}
	}
	for _, bad := range []struct {
		p float64
		k int
	}{{0, 3}, {1, 3}, {-1, 3}, {0.5, 0}, {math.NaN(), 2}} {
		if got := ChiSquareQuantile(bad.p, bad.k); !math.IsNaN(got) {
			t.Errorf("ChiSquareQuantile(%g, %d) = %g, want NaN", bad.p, bad.k, got)
		}
	}
}

// TestWilsonHilferty checks the large-k behaviour against the Wilson–
// Hilferty approximation, whose error at k = 600 is below 1e-4 relative.
func TestWilsonHilferty(t *testing.T) {
	const k = 600
	for _, z := range []float64{-1.959963984540054, 0, 1.959963984540054} {
		p := 0.5 * math.Erfc(-z/math.Sqrt2)
		v := 2.0 / (9 * k)
		c := 1 - v + z*math.Sqrt(v)
		wh := k * c * c * c
		if got := ChiSquareQuantile(p, k); math.Abs(got-wh) > 1e-4*wh {
			t.Errorf("k=%d, p=%g: %g, Wilson–Hilferty %g", k, p, got, wh)
		}
	}
}
