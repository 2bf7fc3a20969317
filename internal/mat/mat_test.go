package mat

import (
	"math"
	"math/rand/v2"
	"testing"
)

// eps is the unit roundoff of float64, u = 2⁻⁵³.
const eps = 0x1p-53

// randSPD6 returns B·Bᵀ + 0.1·I for B with standard normal entries: a
// random symmetric positive-definite matrix (condition number up to ~10⁴).
func randSPD6(rng *rand.Rand) M6 {
	var b M6
	for i := range 6 {
		for j := range 6 {
			b[i][j] = rng.NormFloat64()
		}
	}
	var p M6
	for i := range 6 {
		for j := range 6 {
			for k := range 6 {
				p[i][j] += b[i][k] * b[j][k]
			}
		}
		p[i][i] += 0.1
	}
	return p
}

// randSym6 returns a random symmetric matrix with standard normal entries.
func randSym6(rng *rand.Rand) M6 {
	var a M6
	for i := range 6 {
		for j := i; j < 6; j++ {
			a[i][j] = rng.NormFloat64()
			a[j][i] = a[i][j]
		}
	}
	return a
}

func randV6(rng *rand.Rand) (v V6) {
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

// Mul6 and Congruence6 add their terms in index order, so they equal the
// textbook loops to the bit; the congruence is exactly symmetric and
// satisfies vᵀ(a·p·aᵀ)v = (aᵀv)ᵀ·p·(aᵀv) to congruenceTol.
func TestProducts(t *testing.T) {
	// Two evaluation orders of a sum of 36 products of O(1) terms of size
	// up to ~10: a few hundred units of rounding of the result.
	const congruenceTol = 1e-13
	rng := rand.New(rand.NewPCG(2, 2))
	for range 200 {
		a, p := randSym6(rng), randSPD6(rng)
		a[0][3] += 1 // not symmetric
		var want M6
		for i := range 6 {
			for j := range 6 {
				s := 0.0
				for k := range 6 {
					s += a[i][k] * p[k][j]
				}
				want[i][j] = s
			}
		}
		if got := Mul6(&a, &p); got != want {
			t.Fatalf("Mul6 differs from the triple loop:\n%v\n%v", got, want)
		}
		c := Congruence6(&a, &p)
		v := randV6(rng)
		var atv V6
		for i := range 6 {
			for j := range 6 {
				atv[i] += a[j][i] * v[j]
			}
		}
		got, ref := Quad6(&c, v), Quad6(&p, atv)
		if math.Abs(got-ref) > congruenceTol*math.Abs(ref) {
			t.Fatalf("vᵀ(apaᵀ)v = %g, (aᵀv)ᵀp(aᵀv) = %g", got, ref)
		}
		for i := range 6 {
			for j := range 6 {
				if c[i][j] != c[j][i] {
					t.Fatalf("Congruence6 not symmetric at %d,%d", i, j)
				}
			}
		}
		// Quad3 against the loop on the leading block.
		b := Block3(&p, 0)
		v3 := V3{v[0], v[1], v[2]}
		q := 0.0
		for i := range 3 {
			for j := range 3 {
				q += v3[i] * b[i][j] * v3[j]
			}
		}
		if got := Quad3(&b, v3); math.Abs(got-q) > congruenceTol*math.Abs(q) {
			t.Fatalf("Quad3 = %g, loop %g", got, q)
		}
	}
	// Small exact cases: integers, so every operation is exact.
	id := M6{}
	for i := range 6 {
		id[i][i] = 1
	}
	a := M6{{1, 2}, {0, 1}, {0, 0, 3}, {0, 0, 0, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 2}}
	if got := Mul6(&a, &id); got != a {
		t.Errorf("a·I = %v", got)
	}
	if got, want := MulV6(&a, V6{1, 1, 1, 1, 1, 1}), (V6{3, 1, 3, 1, 1, 2}); got != want {
		t.Errorf("a·1 = %v, want %v", got, want)
	}
	if got := Trace6(&a); got != 9 {
		t.Errorf("trace %g, want 9", got)
	}
	s := Scale6(&a, 2)
	if sum := Add6(&a, &a); sum != s {
		t.Errorf("a + a ≠ 2a")
	}
	Symmetrize6(&a)
	if a[0][1] != 1 || a[1][0] != 1 || a[2][2] != 3 {
		t.Errorf("symmetrised %v", a)
	}
	if b := Block3(&s, 3); b != (M3{{2, 0, 0}, {0, 2, 0}, {0, 0, 4}}) {
		t.Errorf("velocity block %v", b)
	}
}

// BenchmarkCongruence6 is the general covariance prediction Φ·P·Φᵀ (the
// EKF's path for motion models without their own, and fusion's).
func BenchmarkCongruence6(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	a, p := randSym6(rng), randSPD6(rng)
	var c M6
	for b.Loop() {
		c = Congruence6(&a, &p)
	}
	sink = c[0][0]
}

// BenchmarkMul6 is a 6×6 product (the ballistic transition matrix is a
// product of one per integration step).
func BenchmarkMul6(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	a, p := randSym6(rng), randSym6(rng)
	var c M6
	for b.Loop() {
		c = Mul6(&a, &p)
	}
	sink = c[0][0]
}

var sink float64
