package track

import (
	"math"
	"testing"
)

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
