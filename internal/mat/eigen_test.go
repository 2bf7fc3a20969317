package mat

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// reflect returns H·diag(λ)·H for the Householder reflection H = I −
// 2·u·uᵀ/(uᵀu): a symmetric matrix with eigenvalues λ (to the rounding of
// forming it, a few units of max|λ|) and eigenvectors the columns of H.
func reflect(u []float64, lambda []float64) [][6]float64 {
	n := len(u)
	uu := 0.0
	for _, x := range u {
		uu += x * x
	}
	h := make([][6]float64, n)
	for i := range n {
		for j := range n {
			h[i][j] = -2 * u[i] * u[j] / uu
		}
		h[i][i]++
	}
	a := make([][6]float64, n)
	for i := range n {
		for j := range n {
			for k := range n {
				a[i][j] += h[i][k] * lambda[k] * h[j][k]
			}
		}
	}
	return a
}

// TestEigClosedForm checks the eigenvalues of matrices with known ones:
// repeated, negative, zero and twelve orders of magnitude apart, and the
// nearly repeated largest eigenvalues on which the trigonometric closed
// form (acos near ±1) and power iteration (convergence as (λ₂/λ₁)^k) lose
// digits.
func TestEigClosedForm(t *testing.T) {
	// The matrix is formed with rounding of a few units of max|λ| per
	// entry, which moves each eigenvalue by at most its spectral norm
	// (Weyl): eigTol of max|λ| covers both.
	const eigTol = 64 * eps
	cases := []struct {
		u, lambda []float64
	}{
		{[]float64{1, 2, 3, 4, 5, 6}, []float64{1e6, 3, 3, -2, 1e-6, 0}},
		{[]float64{1, -1, 0, 2, 0.5, 3}, []float64{1, 1, 1, 1, 1, 1}},
		{[]float64{3, 1, 4, 1, 5, 9}, []float64{2, 1 - 1e-9, 1e-12, -7, 5, 5}},
		{[]float64{1, 2, 3}, []float64{5, 5, 1}},
		{[]float64{1, 2, 3}, []float64{1 + 1e-8, 1, 1}},
		{[]float64{2, -1, 1}, []float64{1, 0.999, 0}},
		{[]float64{1, 1, 1}, []float64{4e6, 1, 1e-3}},
	}
	for _, c := range cases {
		a := reflect(c.u, c.lambda)
		want := slices.Clone(c.lambda)
		slices.Sort(want)
		scale := max(math.Abs(want[0]), math.Abs(want[len(want)-1]))
		var got []float64
		if len(c.u) == 6 {
			w, v := EigSym6(M6(a))
			got = w[:]
			checkEigenvectors(t, a, got, v[:], scale)
		} else {
			var a3 M3
			for i := range 3 {
				copy(a3[i][:], a[i][:3])
			}
			w, v3 := EigSym3(a3)
			got = w[:]
			var v [3][6]float64
			for i := range 3 {
				copy(v[i][:3], v3[i][:])
			}
			checkEigenvectors(t, a, got, v[:], scale)
			if m := MaxEigSym3(a3); math.Abs(m-want[2]) > eigTol*scale {
				t.Errorf("MaxEigSym3 = %.17g, want %.17g", m, want[2])
			}
		}
		got = slices.Clone(got)
		slices.Sort(got)
		for i := range got {
			if math.Abs(got[i]-want[i]) > eigTol*scale {
				t.Errorf("λ = %v: eigenvalue %d = %.17g, want %.17g", c.lambda, i, got[i], want[i])
			}
		}
	}
	// A diagonal matrix is its own decomposition, exactly.
	if w, v := EigSym3(M3{{2}, {0, -5}, {0, 0, 1}}); w != (V3{2, -5, 1}) || v != (M3{{1}, {0, 1}, {0, 0, 1}}) {
		t.Errorf("diagonal: %v, %v", w, v)
	}
	if m := MaxEigSym3(M3{{2}, {0, 5}, {0, 0, 1}}); m != 5 {
		t.Errorf("MaxEigSym3 of diag(2, 5, 1) = %g", m)
	}
}

// checkEigenvectors checks that v is orthogonal and a·v = v·diag(w), each
// to eigTol of scale.
func checkEigenvectors(t *testing.T, a [][6]float64, w []float64, v [][6]float64, scale float64) {
	t.Helper()
	// Each Jacobi rotation is orthogonal to a few units of rounding; some
	// 30 to 60 of them touch each entry.
	const vecTol = 256 * eps
	n := len(a)
	for i := range n {
		for j := range n {
			var vtv, av, vw float64
			for k := range n {
				vtv += v[k][i] * v[k][j]
				av += a[i][k] * v[k][j]
			}
			vw = v[i][j] * w[j]
			if i == j {
				vtv--
			}
			if math.Abs(vtv) > vecTol {
				t.Fatalf("(VᵀV − I)[%d][%d] = %.3g", i, j, vtv)
			}
			if math.Abs(av-vw) > vecTol*scale {
				t.Fatalf("(A·V − V·W)[%d][%d] = %.3g, scale %g", i, j, av-vw, scale)
			}
		}
	}
}

// TestEigRandom checks the decomposition of random symmetric matrices,
// and that the 3×3 solver agrees with the 6×6 one on a block embedded in
// zeros.
func TestEigRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	for range 300 {
		a := randSym6(rng)
		w, v := EigSym6(a)
		scale := 0.0
		for _, x := range w {
			scale = max(scale, math.Abs(x))
		}
		checkEigenvectors(t, a[:], w[:], v[:], scale)

		b := Block3(&a, 0)
		w3, _ := EigSym3(b)
		var e M6
		for i := range 3 {
			copy(e[i][:3], b[i][:])
		}
		we, _ := EigSym6(e)
		got, ref := w3[:], []float64{}
		for _, x := range we {
			if math.Abs(x) > 1e-12*scale {
				ref = append(ref, x)
			}
		}
		got = slices.Clone(got)
		slices.Sort(got)
		slices.Sort(ref)
		if !slices.EqualFunc(got, ref, func(x, y float64) bool { return math.Abs(x-y) <= 64*eps*scale }) {
			t.Fatalf("EigSym3 %v, EigSym6 of the embedded block %v", got, ref)
		}
		if m := MaxEigSym3(b); m != slices.Max(w3[:]) {
			t.Fatalf("MaxEigSym3 = %g, EigSym3's largest %g", m, slices.Max(w3[:]))
		}
	}
}

func TestRepairSPD6(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 36))
	for range 100 {
		p := randSPD6(rng)
		q := p
		if repaired, ok := RepairSPD6(&q); repaired || !ok || q != p {
			t.Fatalf("an SPD matrix was changed")
		}
		if !PlausibleSPD6(&p) {
			t.Fatalf("an SPD matrix is implausible")
		}
		// Break it: subtract more than its smallest eigenvalue along one
		// direction, and add asymmetry.
		w, v := EigSym6(p)
		k := 0
		for i := range w {
			if w[i] < w[k] {
				k = i
			}
		}
		for i := range 6 {
			for j := range 6 {
				q[i][j] = p[i][j] - 2*w[k]*v[i][k]*v[j][k]
			}
		}
		q[0][1] += 1e-9
		qs := q
		Symmetrize6(&qs)
		wq, _ := EigSym6(qs)
		repaired, ok := RepairSPD6(&q)
		if !repaired || !ok {
			t.Fatalf("RepairSPD6 = %v, %v", repaired, ok)
		}
		l, psd := Chol6(&q)
		if !psd || !Definite6(&l) || q[0][1] != q[1][0] {
			t.Fatalf("not repaired: %v", q)
		}
		// The negative eigenvalue is floored at SPDFloor of the largest;
		// the others are kept (to the rounding of V·W·Vᵀ).
		wr, _ := EigSym6(q)
		lmax := slices.Max(wq[:])
		want := slices.Clone(wq[:])
		for i := range want {
			want[i] = max(want[i], SPDFloor*lmax)
		}
		slices.Sort(want)
		got := slices.Clone(wr[:])
		slices.Sort(got)
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e3*eps*lmax {
				t.Fatalf("repaired eigenvalues %v, want %v", got, want)
			}
		}
	}
	var q M6
	q[2][2] = math.NaN()
	if _, ok := RepairSPD6(&q); ok {
		t.Error("NaN reported as repaired")
	}
	// Plausibility: a correlation of ±1 or a bad diagonal fails it.
	p := M6{{1}, {0, 1}, {0, 0, 1}, {0, 0, 0, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 1}}
	for name, spoil := range map[string]func(*M6){
		"correlation 1":  func(p *M6) { p[1][4], p[4][1] = 1, 1 },
		"zero variance":  func(p *M6) { p[3][3] = 0 },
		"NaN covariance": func(p *M6) { p[0][5], p[5][0] = math.NaN(), math.NaN() },
		"infinite":       func(p *M6) { p[2][2] = math.Inf(1) },
	} {
		b := p
		spoil(&b)
		if PlausibleSPD6(&b) {
			t.Errorf("%s: plausible", name)
		}
	}
}

// BenchmarkMaxEigSym3 is the largest 1σ semi-axis of a position or velocity
// error ellipsoid (fire-control quality, track deletion, the predicted
// intercept point's spread).
func BenchmarkMaxEigSym3(b *testing.B) {
	p := randSPD6(rand.New(rand.NewPCG(5, 5)))
	a := Block3(&p, 0)
	var s float64
	for b.Loop() {
		s += MaxEigSym3(a)
	}
	sink = s
}

// BenchmarkEigSym6 is the decomposition behind RepairSPD6.
func BenchmarkEigSym6(b *testing.B) {
	a := randSPD6(rand.New(rand.NewPCG(5, 5)))
	var w V6
	for b.Loop() {
		w, _ = EigSym6(a)
	}
	sink = w[0]
}
