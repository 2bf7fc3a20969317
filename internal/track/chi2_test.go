package track

import (
	"math"
	"testing"
)

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

// TestNEESBand checks the band of the acceptance test: for 100 runs of a
// 6-state, [χ²₆₀₀(0.025), χ²₆₀₀(0.975)]/100. The reference is Wilson–
// Hilferty with z = ±1.95996 (by hand: 534.02/100 and 669.77/100), good to
// ~1e-4 relative at 600 degrees of freedom; and BLK §5.4.2's example of 50
// runs of a 2-state, whose band is Table 26.8's χ²₁₀₀ values over 50
// (74.222/50, 129.561/50; the book prints it rounded, [1.5, 2.6]).
func TestNEESBand(t *testing.T) {
	lo, hi := NEESBand(100, 6, 0.95)
	if math.Abs(lo-5.3402) > 1e-3 || math.Abs(hi-6.6977) > 1e-3 {
		t.Errorf("NEESBand(100, 6) = [%.4f, %.4f], want [5.3402, 6.6977]", lo, hi)
	}
	lo, hi = NEESBand(50, 2, 0.95)
	if math.Abs(lo-1.48444) > 1e-4 || math.Abs(hi-2.59122) > 1e-4 {
		t.Errorf("NEESBand(50, 2) = [%.5f, %.5f], want [1.48444, 2.59122]", lo, hi)
	}
}
