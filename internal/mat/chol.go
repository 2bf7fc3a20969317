package mat

import "math"

// PivotTol is the relative size within which a non-positive Cholesky
// pivot counts as a vanished one rather than proof of indefiniteness: a
// pivot d of column j with −PivotTol·|a[j][j]| ≤ d ≤ 0. 1e-12 is some
// 4,500 units of rounding of a[j][j].
const PivotTol = 1e-12

// Chol6 returns the lower Cholesky factor L of a symmetric a, a = L·Lᵀ,
// reading only a's lower triangle (Golub and Van Loan, "Matrix
// Computations", 4th ed., 2013, Algorithm 4.2.2, without pivoting), and
// whether it could:
//
//   - Positive definite a, every pivot positive: ok, and every l[j][j] > 0
//     (Definite6).
//   - A pivot in [−PivotTol·|a[j][j]|, 0], a vanished pivot of a
//     semi-definite a: column j of L is zero, provided the rest of column j
//     of the eliminated matrix vanishes too, to within √PivotTol of the
//     geometric mean of its diagonal entries (a semi-definite matrix's
//     must: |s_ij|² ≤ s_ii·s_jj); ok. A covariance that is singular by
//     construction (a component known exactly, a low-rank sum) factors so.
//   - Otherwise — a pivot below −PivotTol·|a[j][j]|, a vanished pivot whose
//     column does not vanish, or a NaN or infinite entry in the lower
//     triangle — ok is false, and l is unspecified.
//
// Without pivoting, rounding may leave a vanished pivot slightly positive
// instead; the columns after it then come out large and a later pivot
// negative, and a semi-definite a is reported not ok. Telling a numerical
// rank reliably needs pivoting (Higham, "Accuracy and Stability of
// Numerical Algorithms", 2nd ed., 2002, §10.3), which no caller needs: a
// covariance singular to rounding is one to repair (RepairSPD6).
//
//go:noinline
func Chol6(a *M6) (l M6, ok bool) {
	ok = chol(a[:], l[:])
	return l, ok
}

// Chol3 is Chol6 for a 3×3 matrix.
//
//go:noinline
func Chol3(a *M3) (l M3, ok bool) {
	ok = chol(a[:], l[:])
	return l, ok
}

// chol is Chol6 and Chol3 (rows a, into the zeroed rows l): one algorithm
// for both sizes, compiled for each. Chol6 and Chol3 are not inlined:
// inlined into another package, their call of the generic chol loses its
// escape information and l moves to the heap (TestFilterAllocs in track).
func chol[R ~[3]float64 | ~[6]float64](a, l []R) bool {
	n := len(a)
	for j := range n {
		ajj := a[j][j]
		d := ajj
		for k := range j {
			d -= l[j][k] * l[j][k]
		}
		// A non-finite entry in row j reaches d as NaN or ±Inf, through
		// l[j][k] if it is off the diagonal.
		if !(math.Abs(d) <= math.MaxFloat64) || d < -PivotTol*math.Abs(ajj) {
			return false
		}
		if d > 0 {
			ljj := math.Sqrt(d)
			l[j][j] = ljj
			for i := j + 1; i < n; i++ {
				s := a[i][j]
				for k := range j {
					s -= l[i][k] * l[j][k]
				}
				l[i][j] = s / ljj
			}
			continue
		}
		// A vanished pivot: the column of the eliminated matrix must
		// vanish with it (|s_ij|² ≤ d_i·d_j for a semi-definite one); L's
		// column stays zero.
		for i := j + 1; i < n; i++ {
			s := a[i][j]
			for k := range j {
				s -= l[i][k] * l[j][k]
			}
			if !(math.Abs(s) <= math.Sqrt(PivotTol*math.Abs(a[i][i]*ajj))) {
				return false
			}
		}
	}
	return true
}

// Definite6 reports whether a Cholesky factor l (from Chol6) has no zero
// column: whether L·Lᵀ is positive definite.
func Definite6(l *M6) bool {
	return l[0][0] > 0 && l[1][1] > 0 && l[2][2] > 0 && l[3][3] > 0 && l[4][4] > 0 && l[5][5] > 0
}

// Definite3 is Definite6 for a factor from Chol3.
func Definite3(l *M3) bool { return l[0][0] > 0 && l[1][1] > 0 && l[2][2] > 0 }

// InvSPD6 inverts a symmetric positive-definite a by its Cholesky factor:
// a⁻¹ = L⁻ᵀ·L⁻¹ (Golub and Van Loan 2013, §4.2.3), exactly symmetric; ok
// is false when a is not positive definite (Chol6 and Definite6).
func InvSPD6(a *M6) (inv M6, ok bool) {
	l, ok := Chol6(a)
	if !ok || !Definite6(&l) {
		return inv, false
	}
	// Invert L (lower triangular), then a⁻¹ = L⁻ᵀ·L⁻¹.
	var li M6
	for i := range 6 {
		li[i][i] = 1 / l[i][i]
		for j := range i {
			s := 0.0
			for k := j; k < i; k++ {
				s -= l[i][k] * li[k][j]
			}
			li[i][j] = s / l[i][i]
		}
	}
	for i := range 6 {
		for j := i; j < 6; j++ {
			s := 0.0
			for k := j; k < 6; k++ {
				s += li[k][i] * li[k][j]
			}
			inv[i][j], inv[j][i] = s, s
		}
	}
	return inv, true
}

// InvSPD3 returns the inverse of a symmetric positive-definite 3×3 matrix
// by its adjugate, exactly symmetric; ok is false unless the leading
// principal minors are all positive and finite (Sylvester's criterion for
// positive definiteness). Cramer's rule loses about log10(cond) digits, 8
// of 16 for a radar innovation covariance of 10 m and 1 mrad at 1000 km,
// and needs no square roots: this is the gate's inverse, taken for every
// track–measurement pair scored.
func InvSPD3(a *M3) (inv M3, ok bool) {
	a00, a01, a02 := a[0][0], a[0][1], a[0][2]
	a11, a12, a22 := a[1][1], a[1][2], a[2][2]
	c00 := a11*a22 - a12*a12
	c01 := a02*a12 - a01*a22
	c02 := a01*a12 - a02*a11
	det := a00*c00 + a01*c01 + a02*c02
	if !(a00 > 0 && a00*a11-a01*a01 > 0 && det > 0) || math.IsInf(det, 1) {
		return inv, false
	}
	r := 1 / det
	inv[0][0] = c00 * r
	inv[1][1] = (a00*a22 - a02*a02) * r
	inv[2][2] = (a00*a11 - a01*a01) * r
	inv[0][1] = c01 * r
	inv[0][2] = c02 * r
	inv[1][2] = (a01*a02 - a00*a12) * r
	inv[1][0], inv[2][0], inv[2][1] = inv[0][1], inv[0][2], inv[1][2]
	return inv, true
}

// LogDetSPD3 returns log det a of a symmetric positive-definite 3×3 matrix
// through its Cholesky factor, 2·log(l00·l11·l22); NaN if a is not
// positive definite.
func LogDetSPD3(a *M3) float64 {
	l, ok := Chol3(a)
	if !ok || !Definite3(&l) {
		return math.NaN()
	}
	return 2 * math.Log(l[0][0]*l[1][1]*l[2][2])
}

// MahalanobisSq6 returns eᵀ·p⁻¹·e for a symmetric positive-definite p,
// as |L⁻¹e|² by forward substitution through p's Cholesky factor; ok is
// false if p is not positive definite.
func MahalanobisSq6(p *M6, e V6) (float64, bool) {
	l, ok := Chol6(p)
	if !ok || !Definite6(&l) {
		return 0, false
	}
	var y V6
	s := 0.0
	for i := range 6 {
		v := e[i]
		for k := range i {
			v -= l[i][k] * y[k]
		}
		y[i] = v / l[i][i]
		s += y[i] * y[i]
	}
	return s, true
}

// MahalanobisSq3 is MahalanobisSq6 for a 3×3 s.
func MahalanobisSq3(s *M3, d V3) (float64, bool) {
	l, ok := Chol3(s)
	if !ok || !Definite3(&l) {
		return 0, false
	}
	var y V3
	d2 := 0.0
	for i := range 3 {
		v := d[i]
		for k := range i {
			v -= l[i][k] * y[k]
		}
		y[i] = v / l[i][i]
		d2 += y[i] * y[i]
	}
	return d2, true
}
