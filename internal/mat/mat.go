// Package mat has the fixed-size linear algebra of 6-state estimation:
// symmetric positive-definite 6×6 and 3×3 matrices as arrays, without
// allocation. It is a leaf: tracking, fusion and engagement planning share
// it.
package mat

import "math"

// M6 is a 6×6 matrix, row-major.
type M6 = [6][6]float64

// V6 is a 6-vector.
type V6 = [6]float64

// Chol6 returns the lower Cholesky factor L of a symmetric positive
// semi-definite a (a = L·Lᵀ); ok is false when a is not PSD to a relative
// 1e-12 (a zero pivot of a PSD matrix gives a zero column).
func Chol6(a *M6) (l M6, ok bool) {
	for j := range 6 {
		d := a[j][j]
		for k := range j {
			d -= l[j][k] * l[j][k]
		}
		if d < 0 {
			if d < -1e-12*math.Abs(a[j][j]) {
				return l, false
			}
			d = 0
		}
		l[j][j] = math.Sqrt(d)
		for i := j + 1; i < 6; i++ {
			s := a[i][j]
			for k := range j {
				s -= l[i][k] * l[j][k]
			}
			if l[j][j] > 0 {
				l[i][j] = s / l[j][j]
			}
		}
	}
	return l, true
}

// InvSPD6 inverts a symmetric positive-definite a by Cholesky; ok is false
// when a is not positive definite.
func InvSPD6(a *M6) (inv M6, ok bool) {
	l, ok := Chol6(a)
	if !ok {
		return inv, false
	}
	// Invert L (lower triangular), then a⁻¹ = L⁻ᵀ·L⁻¹.
	var li M6
	for i := range 6 {
		if l[i][i] == 0 {
			return inv, false
		}
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

// Mul returns a·b.
func Mul(a, b *M6) (c M6) {
	for i := range 6 {
		for k := range 6 {
			if aik := a[i][k]; aik != 0 {
				for j := range 6 {
					c[i][j] += aik * b[k][j]
				}
			}
		}
	}
	return c
}

// Congruence returns a·p·aᵀ, symmetrised.
func Congruence(a, p *M6) M6 {
	ap := Mul(a, p)
	var c M6
	for i := range 6 {
		for j := i; j < 6; j++ {
			s := 0.0
			for k := range 6 {
				s += ap[i][k] * a[j][k]
			}
			c[i][j], c[j][i] = s, s
		}
	}
	return c
}

// MulV returns a·v.
func MulV(a *M6, v V6) (w V6) {
	for i := range 6 {
		for j := range 6 {
			w[i] += a[i][j] * v[j]
		}
	}
	return w
}

// Add returns a + b.
func Add(a, b *M6) (c M6) {
	for i := range 6 {
		for j := range 6 {
			c[i][j] = a[i][j] + b[i][j]
		}
	}
	return c
}

// Scale returns s·a.
func Scale(a *M6, s float64) (c M6) {
	for i := range 6 {
		for j := range 6 {
			c[i][j] = s * a[i][j]
		}
	}
	return c
}

// Trace returns the trace of a.
func Trace(a *M6) float64 {
	return a[0][0] + a[1][1] + a[2][2] + a[3][3] + a[4][4] + a[5][5]
}

// Quad returns vᵀ·a·v.
func Quad(a *M6, v V6) float64 {
	s := 0.0
	for i := range 6 {
		for j := range 6 {
			s += v[i] * a[i][j] * v[j]
		}
	}
	return s
}

// MahalanobisSq3 returns dᵀ·s⁻¹·d for a symmetric positive-definite 3×3 s
// (Cholesky and forward substitution; ok false if s is not positive
// definite).
func MahalanobisSq3(s *[3][3]float64, d [3]float64) (float64, bool) {
	// Cholesky of s, then forward substitution: d² = |L⁻¹d|².
	var l [3][3]float64
	for j := range 3 {
		v := s[j][j]
		for k := range j {
			v -= l[j][k] * l[j][k]
		}
		if !(v > 0) {
			return 0, false
		}
		l[j][j] = math.Sqrt(v)
		for i := j + 1; i < 3; i++ {
			w := s[i][j]
			for k := range j {
				w -= l[i][k] * l[j][k]
			}
			l[i][j] = w / l[j][j]
		}
	}
	var y [3]float64
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
