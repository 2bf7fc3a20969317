package mat

// M6 is a 6×6 matrix, row-major.
type M6 = [6][6]float64

// V6 is a 6-vector.
type V6 = [6]float64

// M3 is a 3×3 matrix, row-major.
type M3 = [3][3]float64

// V3 is a 3-vector.
type V3 = [3]float64

// The products below are written out term by term where they run in a
// filter's inner loop: the compiler neither unrolls nor vectorises loops,
// and their index arithmetic costs more than the multiply-adds.

// Mul6 returns a·b.
func Mul6(a, b *M6) (c M6) {
	for i := range 6 {
		ai := &a[i]
		for j := range 6 {
			c[i][j] = ai[0]*b[0][j] + ai[1]*b[1][j] + ai[2]*b[2][j] + ai[3]*b[3][j] + ai[4]*b[4][j] + ai[5]*b[5][j]
		}
	}
	return c
}

// Congruence6 returns a·p·aᵀ for a symmetric p, computing only the upper
// triangle of the product and mirroring it, so the result is exactly
// symmetric.
func Congruence6(a, p *M6) (c M6) {
	t := Mul6(a, p)
	for i := range 6 {
		ti := &t[i]
		for j := i; j < 6; j++ {
			aj := &a[j]
			s := ti[0]*aj[0] + ti[1]*aj[1] + ti[2]*aj[2] + ti[3]*aj[3] + ti[4]*aj[4] + ti[5]*aj[5]
			c[i][j], c[j][i] = s, s
		}
	}
	return c
}

// MulV6 returns a·v.
func MulV6(a *M6, v V6) (w V6) {
	for i := range 6 {
		for j := range 6 {
			w[i] += a[i][j] * v[j]
		}
	}
	return w
}

// Add6 returns a + b.
func Add6(a, b *M6) (c M6) {
	for i := range 6 {
		for j := range 6 {
			c[i][j] = a[i][j] + b[i][j]
		}
	}
	return c
}

// Scale6 returns s·a.
func Scale6(a *M6, s float64) (c M6) {
	for i := range 6 {
		for j := range 6 {
			c[i][j] = s * a[i][j]
		}
	}
	return c
}

// Trace6 returns the trace of a.
func Trace6(a *M6) float64 {
	return a[0][0] + a[1][1] + a[2][2] + a[3][3] + a[4][4] + a[5][5]
}

// Quad6 returns vᵀ·a·v.
func Quad6(a *M6, v V6) float64 {
	s := 0.0
	for i := range 6 {
		for j := range 6 {
			s += v[i] * a[i][j] * v[j]
		}
	}
	return s
}

// Quad3 returns vᵀ·a·v.
func Quad3(a *M3, v V3) float64 {
	v0, v1, v2 := v[0], v[1], v[2]
	return v0*(a[0][0]*v0+a[0][1]*v1+a[0][2]*v2) +
		v1*(a[1][0]*v0+a[1][1]*v1+a[1][2]*v2) +
		v2*(a[2][0]*v0+a[2][1]*v1+a[2][2]*v2)
}

// Symmetrize6 replaces p by (p + pᵀ)/2.
func Symmetrize6(p *M6) {
	for i := range 6 {
		for j := i + 1; j < 6; j++ {
			m := 0.5 * (p[i][j] + p[j][i])
			p[i][j], p[j][i] = m, m
		}
	}
}

// Block3 returns the 3×3 block of p whose first row and column are k (0:
// position, 3: velocity, for a position–velocity state).
func Block3(p *M6, k int) (b M3) {
	for i := range 3 {
		for j := range 3 {
			b[i][j] = p[k+i][k+j]
		}
	}
	return b
}
