package track

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestInvSym3(t *testing.T) {
	const tol = 1e-12
	rng := rand.New(rand.NewPCG(31, 32))
	for range 200 {
		p := randSPD6(rng, 1)
		a := block3(&p, 0)
		inv, ok := invSym3(&a)
		logDet := logDetSym3(&a)
		if !ok {
			t.Fatal("SPD matrix rejected")
		}
		for i := range 3 {
			for j := range 3 {
				var s float64
				for k := range 3 {
					s += a[i][k] * inv[k][j]
				}
				want := 0.0
				if i == j {
					want = 1
				}
				if math.Abs(s-want) > tol*1e3 {
					t.Fatalf("A·A⁻¹[%d][%d] = %g", i, j, s)
				}
			}
		}
		det := a[0][0]*(a[1][1]*a[2][2]-a[1][2]*a[2][1]) - a[0][1]*(a[1][0]*a[2][2]-a[1][2]*a[2][0]) + a[0][2]*(a[1][0]*a[2][1]-a[1][1]*a[2][0])
		if math.Abs(logDet-math.Log(det)) > 1e-9 {
			t.Fatalf("log det = %g, want %g", logDet, math.Log(det))
		}
	}
	if _, ok := invSym3(&[3][3]float64{{1, 2, 0}, {2, 1, 0}, {0, 0, 1}}); ok {
		t.Error("indefinite matrix accepted")
	}
}

// TestEigen checks the closed-form 3×3 eigenvalues against Jacobi, and
// Jacobi's decomposition against the matrix it came from.
func TestEigen(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	for range 200 {
		p := randSPD6(rng, 3)
		w, v := jacobiEigen6(p)
		for i := range 6 {
			for j := range 6 {
				var s float64
				for k := range 6 {
					s += v[i][k] * w[k] * v[j][k]
				}
				if math.Abs(s-p[i][j]) > 1e-12*(1+math.Abs(w[0])+math.Abs(w[5]))*100 {
					t.Fatalf("V·W·Vᵀ ≠ P: %g vs %g", s, p[i][j])
				}
			}
		}
		a := block3(&p, 0)
		e := eigSym3(a)
		b := [6][6]float64{}
		for i := range 3 {
			for j := range 3 {
				b[i][j] = a[i][j]
			}
		}
		w3, _ := jacobiEigen6(b)
		var ref []float64
		for _, x := range w3 {
			if math.Abs(x) > 1e-9 {
				ref = append(ref, x)
			}
		}
		sortDesc(ref)
		for i := range 3 {
			if math.Abs(e[i]-ref[i]) > 1e-9*ref[0] {
				t.Fatalf("eigSym3 = %v, Jacobi %v", e, ref)
			}
		}
	}
	if e := eigSym3([3][3]float64{{2, 0, 0}, {0, 5, 0}, {0, 0, 1}}); e != [3]float64{5, 2, 1} {
		t.Errorf("diagonal: %v", e)
	}
}

func sortDesc(v []float64) {
	for i := range v {
		for j := i + 1; j < len(v); j++ {
			if v[j] > v[i] {
				v[i], v[j] = v[j], v[i]
			}
		}
	}
}

func TestRepairSPD(t *testing.T) {
	p := randSPD6(rand.New(rand.NewPCG(35, 36)), 1)
	q := p
	if repaired, ok := repairSPD(&q); repaired || !ok || q != p {
		t.Errorf("an SPD matrix was changed")
	}
	// Break it: subtract more than its smallest eigenvalue along one
	// direction, and add asymmetry.
	w, v := jacobiEigen6(p)
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
	repaired, ok := repairSPD(&q)
	if !repaired || !ok {
		t.Fatalf("repairSPD = %v, %v", repaired, ok)
	}
	if _, pd := chol6(&q); !pd || q[0][1] != q[1][0] {
		t.Errorf("not repaired: %v", q)
	}
	q[2][2] = math.NaN()
	if _, ok := repairSPD(&q); ok {
		t.Error("NaN reported as repaired")
	}
}
