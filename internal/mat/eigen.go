package mat

import "math"

// EigSym6 returns the eigenvalues w and eigenvectors (the columns of v) of
// a symmetric 6×6 matrix, a = V·diag(w)·Vᵀ, by the cyclic Jacobi method
// (Golub and Van Loan, "Matrix Computations", 4th ed., 2013, §8.5.3):
// rotations annihilate each off-diagonal entry in turn until the
// off-diagonal mass is below 1e-30 of the diagonal's (Frobenius norms
// squared), which leaves every eigenvalue accurate to a few units of
// rounding of the largest. The eigenvalues come in the order the
// rotations leave them on the diagonal, not sorted.
func EigSym6(a M6) (w V6, v M6) {
	for i := range 6 {
		v[i][i] = 1
	}
	jacobi(a[:], v[:])
	for i := range 6 {
		w[i] = a[i][i]
	}
	return w, v
}

// EigSym3 is EigSym6 for a symmetric 3×3 matrix.
func EigSym3(a M3) (w V3, v M3) {
	for i := range 3 {
		v[i][i] = 1
	}
	jacobi(a[:], v[:])
	for i := range 3 {
		w[i] = a[i][i]
	}
	return w, v
}

// MaxEigSym3 returns the largest eigenvalue of a symmetric 3×3 matrix
// (EigSym3's, without the eigenvectors): for a covariance, the variance
// along the major axis of its error ellipsoid.
func MaxEigSym3(a M3) float64 {
	jacobi[[3]float64](a[:], nil)
	return max(a[0][0], a[1][1], a[2][2])
}

// jacobi diagonalises the symmetric a (rows) in place by cyclic Jacobi
// sweeps, accumulating the rotations into v unless v is nil: one solver
// for both sizes, compiled for each.
func jacobi[R ~[3]float64 | ~[6]float64](a, v []R) {
	n := len(a)
	const maxSweeps = 50 // quadratic convergence: 6×6 takes 6–10
	for range maxSweeps {
		var off, diag float64
		for i := range n {
			diag += a[i][i] * a[i][i]
			for j := i + 1; j < n; j++ {
				off += a[i][j] * a[i][j]
			}
		}
		if off <= 1e-30*diag || off == 0 {
			return
		}
		for p := range n {
			for q := p + 1; q < n; q++ {
				if a[p][q] == 0 {
					continue
				}
				// The rotation that zeroes a[p][q] (Golub and Van Loan
				// 2013, Algorithm 8.5.1, the smaller root t).
				theta := (a[q][q] - a[p][p]) / (2 * a[p][q])
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := range n {
					akp, akq := a[k][p], a[k][q]
					a[k][p] = c*akp - s*akq
					a[k][q] = s*akp + c*akq
				}
				for k := range n {
					apk, aqk := a[p][k], a[q][k]
					a[p][k] = c*apk - s*aqk
					a[q][k] = s*apk + c*aqk
				}
				if v == nil {
					continue
				}
				for k := range n {
					vkp, vkq := v[k][p], v[k][q]
					v[k][p] = c*vkp - s*vkq
					v[k][q] = s*vkp + c*vkq
				}
			}
		}
	}
}

// SPDFloor is the smallest eigenvalue, relative to the largest, that
// RepairSPD6 leaves in a covariance: a condition number of at most 1e12,
// which keeps a Cholesky factorisation in float64 meaningful (ε·1e12 ≈
// 2e-4).
const SPDFloor = 1e-12

// PlausibleSPD6 is a cheap necessary condition for a symmetric p to be
// positive definite: positive finite diagonal and every correlation
// coefficient below 1 in magnitude (each 2×2 principal minor positive).
// Rounding that breaks definiteness after a filter's update shows up here
// first, as a correlation driven to ±1; the full test is Chol6's.
func PlausibleSPD6(p *M6) bool {
	// Written out: a filter calls it after every update.
	d0, d1, d2, d3, d4, d5 := p[0][0], p[1][1], p[2][2], p[3][3], p[4][4], p[5][5]
	if !(d0 > 0 && d1 > 0 && d2 > 0 && d3 > 0 && d4 > 0 && d5 > 0) ||
		d0 > math.MaxFloat64 || d1 > math.MaxFloat64 || d2 > math.MaxFloat64 ||
		d3 > math.MaxFloat64 || d4 > math.MaxFloat64 || d5 > math.MaxFloat64 {
		return false
	}
	return corr2(p[0][1], d0, d1) && corr2(p[0][2], d0, d2) && corr2(p[0][3], d0, d3) &&
		corr2(p[0][4], d0, d4) && corr2(p[0][5], d0, d5) &&
		corr2(p[1][2], d1, d2) && corr2(p[1][3], d1, d3) && corr2(p[1][4], d1, d4) && corr2(p[1][5], d1, d5) &&
		corr2(p[2][3], d2, d3) && corr2(p[2][4], d2, d4) && corr2(p[2][5], d2, d5) &&
		corr2(p[3][4], d3, d4) && corr2(p[3][5], d3, d5) &&
		corr2(p[4][5], d4, d5)
}

// corr2 reports whether the 2×2 principal minor [[di, c], [c, dj]] is
// positive (false for a NaN).
func corr2(c, di, dj float64) bool { return c*c < di*dj }

// RepairSPD6 makes p symmetric and, if it is not positive definite,
// replaces its eigenvalues below SPDFloor·λmax by that floor: the nearest
// positive definite matrix in the Frobenius norm, up to the floor (Higham,
// "Computing a nearest symmetric positive semidefinite matrix", Linear
// Algebra Appl. 103 (1988) 103–118). It reports whether a repair was
// needed and whether p is positive definite after it; a p with a NaN or
// infinite entry is left alone with ok false.
func RepairSPD6(p *M6) (repaired, ok bool) {
	Symmetrize6(p)
	if l, psd := Chol6(p); psd && Definite6(&l) {
		return false, true
	}
	for i := range 6 {
		for j := range 6 {
			if math.IsNaN(p[i][j]) || math.IsInf(p[i][j], 0) {
				return true, false
			}
		}
	}
	w, v := EigSym6(*p)
	lmax := 0.0
	for _, l := range w {
		lmax = math.Max(lmax, math.Abs(l))
	}
	floor := SPDFloor * lmax
	if floor == 0 {
		floor = math.SmallestNonzeroFloat64
	}
	for i := range w {
		w[i] = math.Max(w[i], floor)
	}
	for i := range 6 {
		for j := i; j < 6; j++ {
			var s float64
			for k := range 6 {
				s += v[i][k] * w[k] * v[j][k]
			}
			p[i][j], p[j][i] = s, s
		}
	}
	l, psd := Chol6(p)
	return true, psd && Definite6(&l)
}
