package optimize

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// Closed-form extrema and roots: the minimum of (x−a)² + b at x = a, of
// −sin on [0, π] at π/2; roots of cos at π/2 and of x³ − 2 at 2^(1/3).
func TestMin(t *testing.T) {
	for _, tc := range []struct {
		f          func(float64) float64
		lo, hi, at float64
	}{
		{func(x float64) float64 { return (x-1.234)*(x-1.234) + 5 }, -10, 10, 1.234},
		{func(x float64) float64 { return -math.Sin(x) }, 0, math.Pi, math.Pi / 2},
		{func(x float64) float64 { return math.Abs(x - 0.3) }, 0, 1, 0.3}, // not smooth
		{func(x float64) float64 { return x }, 2, 3, 2},                   // on the edge
	} {
		x, _ := Min(tc.f, tc.lo, tc.hi, 1e-9)
		if math.Abs(x-tc.at) > 1e-6 {
			t.Errorf("minimum at %.9f, want %.9f", x, tc.at)
		}
	}
}

func TestRoot(t *testing.T) {
	if x := Root(0, 3, 1e-12, math.Cos); math.Abs(x-math.Pi/2) > 1e-9 {
		t.Errorf("cos root %.12f", x)
	}
	if x := Root(3, 0, 1e-12, func(x float64) float64 { return x*x*x - 2 }); math.Abs(x-math.Cbrt(2)) > 1e-9 {
		t.Errorf("cube root %.12f", x)
	}
	if x := Root(0, 1, 1e-12, func(x float64) float64 { return 1 }); x != 1 {
		t.Errorf("no sign change: %g, want the right end", x)
	}
}

// MinBelow answers "does f reach stop?" as Min does, with no more
// evaluations, and stops early when the answer is yes.
func TestMinBelowAnswersAsMin(t *testing.T) {
	saved := 0
	for k := range 200 {
		c := float64(k%20) / 20           // the minimum's place in [0, 1]
		f0 := 1 + float64(k/20)*0.1 - 0.5 // its value, −0.5…0.4
		f := func(x float64) float64 { return f0 + (x-c)*(x-c) + 0.3*math.Abs(x-c) }
		for _, stop := range []float64{-1, 0, 0.2, 1} {
			n, m := 0, 0
			_, fx := Min(func(x float64) float64 { n++; return f(x) }, 0, 1, 1e-6)
			_, fb := MinBelow(func(x float64) float64 { m++; return f(x) }, 0, 1, 1e-6, stop)
			if (fx <= stop) != (fb <= stop) || m > n {
				t.Fatalf("case %d, stop %g: Min %g in %d evaluations, MinBelow %g in %d", k, stop, fx, n, fb, m)
			}
			saved += n - m
		}
	}
	if saved == 0 {
		t.Fatal("MinBelow never stopped early")
	}
}

// TestNth checks the selection against a sort on random slices, with many
// ties and with none.
func TestNth(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	less := func(a, b float64) bool { return a < b }
	for trial := range 4000 {
		n := 1 + rng.IntN(300)
		v := make([]float64, n)
		for i := range v {
			if trial%2 == 0 {
				v[i] = float64(rng.IntN(10)) // ties
			} else {
				v[i] = rng.NormFloat64()
			}
		}
		sorted := slices.Clone(v)
		slices.Sort(sorted)
		k := rng.IntN(n)
		if got := Nth(slices.Clone(v), k, less); got != sorted[k] {
			t.Fatalf("trial %d: Nth(%d of %d) = %g, want %g", trial, k, n, got, sorted[k])
		}
	}
}
