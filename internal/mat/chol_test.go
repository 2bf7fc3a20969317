package mat

import (
	"math"
	"math/rand/v2"
	"testing"
)

// gamma is γ_k = k·u/(1 − k·u), the rounding factor of a k-term dot
// product (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd
// ed., 2002, §3.1).
func gamma(k int) float64 { return float64(k) * eps / (1 - float64(k)*eps) }

// checkFactor checks L·Lᵀ = a to the backward error of Cholesky: the
// computed factor satisfies L·Lᵀ = a + Δa with |Δa| ≤ γ_{n+1}·|L|·|Lᵀ|
// (Higham 2002, Theorem 10.3), and forming L·Lᵀ in the test adds up to
// γ_n·|L|·|Lᵀ|.
func checkFactor(t *testing.T, name string, a, l [][6]float64) {
	t.Helper()
	n := len(a)
	tol := gamma(n+1) + gamma(n)
	for i := range n {
		for j := range i + 1 {
			var s, abs float64
			for k := range n {
				s += l[i][k] * l[j][k]
				abs += math.Abs(l[i][k] * l[j][k])
			}
			if math.Abs(s-a[i][j]) > tol*abs {
				t.Fatalf("%s: (L·Lᵀ)[%d][%d] = %g, a = %g: residual %.3g > %.3g", name, i, j, s, a[i][j], math.Abs(s-a[i][j]), tol*abs)
			}
		}
	}
}

// l0 is an integer lower-triangular factor with zero columns 2 and 4:
// a = l0·l0ᵀ has integer entries, every step of the factorisation is
// exact, and a is positive semi-definite of rank 4.
var l0 = M6{
	{1},
	{2, 3},
	{-1, 1, 0},
	{4, -2, 0, 2},
	{1, 1, 0, -1, 0},
	{3, 0, 0, 1, 0, 5},
}

func outer(l *M6) (a M6) {
	for i := range 6 {
		for j := range 6 {
			for k := range 6 {
				a[i][j] += l[i][k] * l[j][k]
			}
		}
	}
	return a
}

// TestCholClosedForm checks Chol6 and Chol3 on matrices whose factors are
// known exactly: definite, semi-definite (zero columns), and what must be
// refused.
func TestCholClosedForm(t *testing.T) {
	// Semi-definite: the factor is l0 exactly, with its zero columns.
	a := outer(&l0)
	l, ok := Chol6(&a)
	if !ok || l != l0 || Definite6(&l) {
		t.Errorf("semi-definite: ok %v, definite %v, L =\n%v\nwant\n%v", ok, Definite6(&l), l, l0)
	}
	// Definite: the same with the zero pivots made 1 (their columns are
	// then still zero below the diagonal).
	ld := l0
	ld[2][2], ld[4][4] = 1, 1
	ad := outer(&ld)
	if l, ok := Chol6(&ad); !ok || l != ld || !Definite6(&l) {
		t.Errorf("definite: ok %v, L =\n%v", ok, l)
	}
	// Only the lower triangle is read.
	au := ad
	au[0][5], au[1][2] = math.NaN(), 1e300
	if l, ok := Chol6(&au); !ok || l != ld {
		t.Errorf("upper triangle read: ok %v", ok)
	}
	// A vanished pivot within PivotTol of zero is a zero column; beyond
	// it, the matrix is indefinite.
	az := a
	az[2][2] -= 0.1 * PivotTol * a[2][2]
	if l, ok := Chol6(&az); !ok || l[2][2] != 0 {
		t.Errorf("pivot −0.1·PivotTol·a22: ok %v, l22 = %g; want a zero column", ok, l[2][2])
	}
	az[2][2] = a[2][2] - 10*PivotTol*a[2][2]
	if _, ok := Chol6(&az); ok {
		t.Error("pivot −10·PivotTol·a22 accepted")
	}

	refuse := map[string]func(a *M6){
		"negative diagonal":      func(a *M6) { a[3][3] = -1 },
		"indefinite 2×2":         func(a *M6) { a[1][0], a[1][1] = 3, 8 }, // pivot 8 − 9 < 0
		"vanished pivot, column": func(a *M6) { a[3][2] += 1 },            // pivot 2 vanishes, its column does not
		"NaN diagonal":           func(a *M6) { a[5][5] = math.NaN() },
		"NaN below diagonal":     func(a *M6) { a[4][1] = math.NaN() },
		"NaN under zero pivot":   func(a *M6) { a[5][2] = math.NaN() },
		"+Inf diagonal":          func(a *M6) { a[0][0] = math.Inf(1) },
		"+Inf below diagonal":    func(a *M6) { a[3][0] = math.Inf(1) },
		"−Inf below diagonal":    func(a *M6) { a[5][4] = math.Inf(-1) },
		"−Inf diagonal":          func(a *M6) { a[1][1] = math.Inf(-1) },
	}
	for name, spoil := range refuse {
		b := outer(&l0)
		spoil(&b)
		if _, ok := Chol6(&b); ok {
			t.Errorf("%s: accepted", name)
		}
	}

	// 3×3: the leading block of l0 (a zero third column), and made definite.
	l3 := M3{{1}, {2, 3}, {-1, 1, 0}}
	a3 := M3{{1, 2, -1}, {2, 13, 1}, {-1, 1, 2}}
	if l, ok := Chol3(&a3); !ok || l != l3 || Definite3(&l) {
		t.Errorf("3×3 semi-definite: ok %v, L = %v", ok, l)
	}
	a3[2][2] = 3
	l3[2][2] = 1
	if l, ok := Chol3(&a3); !ok || l != l3 || !Definite3(&l) {
		t.Errorf("3×3 definite: ok %v, L = %v", ok, l)
	}
	for _, bad := range []M3{
		{{0}, {1, 1}, {0, 0, 1}},          // vanished pivot, non-zero column
		{{1}, {2, 1}, {0, 0, 1}},          // pivot 1 − 4 < 0
		{{1}, {0, 1}, {0, math.NaN(), 1}}, // NaN
		{{math.Inf(1)}, {0, 1}, {0, 0, 1}},
	} {
		if _, ok := Chol3(&bad); ok {
			t.Errorf("3×3 %v accepted", bad)
		}
	}
}

// TestCholRandom checks the factor of random definite matrices against
// Cholesky's backward error bound, and of random semi-definite ones built
// from integer factors with zero columns (every step exact) against their
// factor.
func TestCholRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for range 500 {
		a := randSPD6(rng)
		l, ok := Chol6(&a)
		if !ok || !Definite6(&l) {
			t.Fatalf("SPD matrix refused: %v", a)
		}
		checkFactor(t, "SPD", a[:], l[:])

		b3 := Block3(&a, 2)
		l3, ok := Chol3(&b3)
		if !ok || !Definite3(&l3) {
			t.Fatalf("SPD 3×3 refused: %v", b3)
		}
		var a6, l6 M6
		for i := range 3 {
			copy(a6[i][:3], b3[i][:])
			copy(l6[i][:3], l3[i][:])
		}
		checkFactor(t, "SPD 3×3", a6[:3], l6[:3])

		// An integer factor, each column zero with probability 1/3.
		var f M6
		zero := 0
		for j := range 6 {
			if rng.IntN(3) == 0 {
				zero++
				continue
			}
			f[j][j] = float64(1 + rng.IntN(9))
			for i := j + 1; i < 6; i++ {
				f[i][j] = float64(rng.IntN(19) - 9)
			}
		}
		s := outer(&f)
		if l, ok := Chol6(&s); !ok || l != f || Definite6(&l) != (zero == 0) {
			t.Fatalf("factor of l·lᵀ, l =\n%v\nok %v, L =\n%v", f, ok, l)
		}
		var f3 M3
		for i := range 3 {
			copy(f3[i][:], f[i+3][3:])
		}
		s3 := Block3(&s, 3)
		for i := range 3 {
			for j := range 3 {
				s3[i][j] = 0
				for k := range 3 {
					s3[i][j] += f3[i][k] * f3[j][k]
				}
			}
		}
		if l, ok := Chol3(&s3); !ok || l != f3 || Definite3(&l) != (f3[0][0]*f3[1][1]*f3[2][2] != 0) {
			t.Fatalf("factor of l·lᵀ, l = %v: ok %v, L = %v", f3, ok, l)
		}
	}
}

// l1 is a unit lower-triangular integer matrix: a = l1·l1ᵀ has det 1 and
// an integer inverse, l1⁻ᵀ·l1⁻¹, which InvSPD6 must return exactly (every
// step is on integers).
var l1 = M6{
	{1},
	{2, 1},
	{-1, 3, 1},
	{0, 1, -2, 1},
	{1, 0, 1, 2, 1},
	{-2, 1, 0, 1, -1, 1},
}

func TestInverses(t *testing.T) {
	a := outer(&l1)
	// l1⁻¹ by forward substitution, exact on integers.
	var li M6
	for c := range 6 {
		for i := range 6 {
			s := 0.0
			if i == c {
				s = 1
			}
			for k := range i {
				s -= l1[i][k] * li[k][c]
			}
			li[i][c] = s
		}
	}
	var want M6
	for i := range 6 {
		for j := range 6 {
			for k := range 6 {
				want[i][j] += li[k][i] * li[k][j]
			}
		}
	}
	if inv, ok := InvSPD6(&a); !ok || inv != want {
		t.Errorf("InvSPD6 of an integer matrix of det 1:\n%v\nwant\n%v", inv, want)
	}
	a3 := Block3(&a, 0)
	want3 := M3{{54, -23, 7}, {-23, 10, -3}, {7, -3, 1}} // l⁻ᵀ·l⁻¹, l⁻¹ = {{1}, {-2, 1}, {7, -3, 1}}
	if inv, ok := InvSPD3(&a3); !ok || inv != want3 {
		t.Errorf("InvSPD3 = %v, want %v", inv, want3)
	}
	// log det of l·lᵀ, l with diagonal 2, 3, 5: log 900.
	a3 = M3{{4, 2, -2}, {2, 10, 5}, {-2, 5, 30}} // l = {{2}, {1, 3}, {-1, 2, 5}}
	if got, want := LogDetSPD3(&a3), math.Log(900); math.Abs(got-want) > 4*eps*want {
		t.Errorf("LogDetSPD3 = %.17g, want log 900 = %.17g", got, want)
	}
	// Mahalanobis distances of a diagonal covariance: each term is 1.
	p := M6{{1}, {0, 4}, {0, 0, 9}, {0, 0, 0, 16}, {0, 0, 0, 0, 25}, {0, 0, 0, 0, 0, 36}}
	if d2, ok := MahalanobisSq6(&p, V6{1, -2, 3, -4, 5, -6}); !ok || d2 != 6 {
		t.Errorf("MahalanobisSq6 = %g, want 6", d2)
	}
	if d2, ok := MahalanobisSq3(&M3{{1}, {0, 4}, {0, 0, 9}}, V3{1, 2, -3}); !ok || d2 != 3 {
		t.Errorf("MahalanobisSq3 = %g, want 3", d2)
	}

	// Random: A·A⁻¹ = I to within invTol·κ(A) (Higham 2002, §14.3: the
	// residual of a computed inverse is of order u·κ), and the Mahalanobis
	// distances agree with the inverse's quadratic form.
	const invTol = 64 * eps
	rng := rand.New(rand.NewPCG(4, 4))
	for range 500 {
		a := randSPD6(rng)
		w, _ := EigSym6(a)
		wmin, wmax := w[0], w[0]
		for _, x := range w {
			wmin, wmax = min(wmin, x), max(wmax, x)
		}
		kappa := wmax / wmin
		inv, ok := InvSPD6(&a)
		if !ok {
			t.Fatal("SPD matrix not inverted")
		}
		checkIdentity(t, "InvSPD6", a[:], inv[:], invTol*kappa)
		e := randV6(rng)
		d2, ok := MahalanobisSq6(&a, e)
		if q := Quad6(&inv, e); !ok || math.Abs(d2-q) > invTol*kappa*q {
			t.Fatalf("MahalanobisSq6 = %g, eᵀ·A⁻¹·e = %g", d2, q)
		}
		a3 := Block3(&a, 1)
		inv3, ok := InvSPD3(&a3)
		if !ok {
			t.Fatal("SPD 3×3 not inverted")
		}
		var a6, i6 M6
		for i := range 3 {
			copy(a6[i][:3], a3[i][:])
			copy(i6[i][:3], inv3[i][:])
		}
		// The adjugate's residual grows with κ² in the worst case
		// (Cramer's rule is not backward stable): κ of a 3×3 block is
		// at most κ of a, and the residual stays within invTol·κ² here.
		checkIdentity(t, "InvSPD3", a6[:3], i6[:3], invTol*kappa*kappa)
		d3 := V3{e[0], e[1], e[2]}
		m3, ok := MahalanobisSq3(&a3, d3)
		if q := Quad3(&inv3, d3); !ok || math.Abs(m3-q) > invTol*kappa*kappa*q {
			t.Fatalf("MahalanobisSq3 = %g, dᵀ·A⁻¹·d = %g", m3, q)
		}
		if ld, det := LogDetSPD3(&a3), det3(&a3); math.Abs(ld-math.Log(det)) > invTol*kappa {
			t.Fatalf("LogDetSPD3 = %g, log det = %g", ld, math.Log(det))
		}
	}

	// Not positive definite: refused by each.
	semi := outer(&l0)
	if _, ok := InvSPD6(&semi); ok {
		t.Error("InvSPD6 inverted a singular matrix")
	}
	if _, ok := MahalanobisSq6(&semi, V6{1}); ok {
		t.Error("MahalanobisSq6 of a singular matrix")
	}
	for _, bad := range []M3{
		{{1, 2, 0}, {2, 1, 0}, {0, 0, 1}},    // indefinite
		{{1, 2, -1}, {2, 13, 1}, {-1, 1, 2}}, // semi-definite
		{{1, 0, 0}, {0, math.NaN(), 0}, {0, 0, 1}},
	} {
		if _, ok := InvSPD3(&bad); ok {
			t.Errorf("InvSPD3 inverted %v", bad)
		}
		if _, ok := MahalanobisSq3(&bad, V3{1, 1, 1}); ok {
			t.Errorf("MahalanobisSq3 of %v", bad)
		}
		if ld := LogDetSPD3(&bad); !math.IsNaN(ld) {
			t.Errorf("LogDetSPD3 of %v = %g, want NaN", bad, ld)
		}
	}
	if _, ok := InvSPD3(&M3{{1e300}, {0, 1e300}, {0, 0, 1e300}}); ok {
		t.Error("InvSPD3 inverted a matrix whose determinant overflows")
	}
}

func det3(a *M3) float64 {
	return a[0][0]*(a[1][1]*a[2][2]-a[1][2]*a[2][1]) - a[0][1]*(a[1][0]*a[2][2]-a[1][2]*a[2][0]) + a[0][2]*(a[1][0]*a[2][1]-a[1][1]*a[2][0])
}

// checkIdentity checks a·inv = I to tol (max norm).
func checkIdentity(t *testing.T, name string, a, inv [][6]float64, tol float64) {
	t.Helper()
	n := len(a)
	for i := range n {
		for j := range n {
			s := 0.0
			for k := range n {
				s += a[i][k] * inv[k][j]
			}
			if i == j {
				s--
			}
			if math.Abs(s) > tol {
				t.Fatalf("%s: (A·A⁻¹ − I)[%d][%d] = %.3g > %.3g", name, i, j, s, tol)
			}
		}
	}
}

// BenchmarkChol6 is the factorisation of a 6×6 covariance (the UKF's sigma
// points, twice per prediction and update).
func BenchmarkChol6(b *testing.B) {
	a := randSPD6(rand.New(rand.NewPCG(5, 5)))
	var l M6
	for b.Loop() {
		l, _ = Chol6(&a)
	}
	sink = l[5][5]
}

// BenchmarkInvSPD6 is fusion's information matrix of a report.
func BenchmarkInvSPD6(b *testing.B) {
	a := randSPD6(rand.New(rand.NewPCG(5, 5)))
	var inv M6
	for b.Loop() {
		inv, _ = InvSPD6(&a)
	}
	sink = inv[5][5]
}

// BenchmarkInvSPD3 is the gate's inverse innovation covariance, taken for
// every track–measurement pair scored.
func BenchmarkInvSPD3(b *testing.B) {
	p := randSPD6(rand.New(rand.NewPCG(5, 5)))
	a := Block3(&p, 0)
	var inv M3
	for b.Loop() {
		inv, _ = InvSPD3(&a)
	}
	sink = inv[2][2]
}

// BenchmarkLogDetSPD3 is an IMM mode's likelihood normaliser, once per mode
// per update.
func BenchmarkLogDetSPD3(b *testing.B) {
	p := randSPD6(rand.New(rand.NewPCG(5, 5)))
	a := Block3(&p, 0)
	var s float64
	for b.Loop() {
		s += LogDetSPD3(&a)
	}
	sink = s
}

// BenchmarkMahalanobisSq6 is a track's NEES.
func BenchmarkMahalanobisSq6(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 5))
	a, e := randSPD6(rng), randV6(rng)
	var s float64
	for b.Loop() {
		d, _ := MahalanobisSq6(&a, e)
		s += d
	}
	sink = s
}
