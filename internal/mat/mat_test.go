package mat

import (
	"math"
	"math/rand/v2"
	"testing"
)

func randSPD(rng *rand.Rand) M6 {
	var a M6
	for i := range 6 {
		for j := range 6 {
			a[i][j] = rng.NormFloat64()
		}
	}
	var p M6
	for i := range 6 {
		for j := range 6 {
			for k := range 6 {
				p[i][j] += a[i][k] * a[j][k]
			}
		}
		p[i][i] += 0.1
	}
	return p
}

// Identities: L·Lᵀ = a, a·a⁻¹ = I (1e-9 relative on random SPD matrices).
func TestCholAndInverse(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for range 200 {
		a := randSPD(rng)
		l, ok := Chol6(&a)
		if !ok {
			t.Fatal("SPD matrix rejected")
		}
		var llt M6
		for i := range 6 {
			for j := range 6 {
				for k := range 6 {
					llt[i][j] += l[i][k] * l[j][k]
				}
			}
		}
		inv, ok := InvSPD6(&a)
		if !ok {
			t.Fatal("inverse failed")
		}
		id := Mul(&a, &inv)
		for i := range 6 {
			for j := range 6 {
				if math.Abs(llt[i][j]-a[i][j]) > 1e-9*math.Abs(a[i][i]) {
					t.Fatalf("LLᵀ[%d][%d] = %g, want %g", i, j, llt[i][j], a[i][j])
				}
				want := 0.0
				if i == j {
					want = 1
				}
				if math.Abs(id[i][j]-want) > 1e-8 {
					t.Fatalf("a·a⁻¹[%d][%d] = %g", i, j, id[i][j])
				}
			}
		}
	}
	neg := M6{}
	neg[0][0] = -1
	if _, ok := Chol6(&neg); ok {
		t.Error("negative definite accepted")
	}
	if _, ok := InvSPD6(&M6{}); ok {
		t.Error("singular inverted")
	}
}

func TestCongruenceQuad(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	a, p := randSPD(rng), randSPD(rng)
	c := Congruence(&a, &p)
	v := V6{1, -2, 0.5, 3, 0, 1}
	// vᵀ(a p aᵀ)v = (aᵀv)ᵀ p (aᵀv)
	var at M6
	for i := range 6 {
		for j := range 6 {
			at[i][j] = a[j][i]
		}
	}
	w := MulV(&at, v)
	if got, want := Quad(&c, v), Quad(&p, w); math.Abs(got/want-1) > 1e-12 {
		t.Errorf("%g vs %g", got, want)
	}
}

// dᵀ s⁻¹ d against the 6×6 inverse embedded: s = diag blocks.
func TestMahalanobisSq3(t *testing.T) {
	s := [3][3]float64{{4, 1, 0}, {1, 9, 2}, {0, 2, 16}}
	d := [3]float64{1, -2, 3}
	var a M6
	for i := range 3 {
		for j := range 3 {
			a[i][j] = s[i][j]
		}
		a[i+3][i+3] = 1
	}
	inv, _ := InvSPD6(&a)
	want := Quad(&inv, V6{d[0], d[1], d[2]})
	got, ok := MahalanobisSq3(&s, d)
	if !ok || math.Abs(got-want) > 1e-12*want {
		t.Errorf("%g, want %g", got, want)
	}
	if _, ok := MahalanobisSq3(&[3][3]float64{}, d); ok {
		t.Error("singular accepted")
	}
}
