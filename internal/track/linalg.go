package track

import "math"

// Small fixed-size linear algebra for the filters. Everything works on
// arrays by value or by pointer, so nothing escapes to the heap and the
// compiler removes the bounds checks of the constant-size loops.

// spdFloor is the smallest eigenvalue, relative to the largest, that SPD
// repair leaves in a covariance: a condition number of at most 1e12, which
// keeps a Cholesky factorisation in float64 meaningful (ε·1e12 ≈ 2e-4).
const spdFloor = 1e-12

// symmetrize6 replaces p by (p + pᵀ)/2.
func symmetrize6(p *[6][6]float64) {
	for i := range 6 {
		for j := i + 1; j < 6; j++ {
			m := 0.5 * (p[i][j] + p[j][i])
			p[i][j], p[j][i] = m, m
		}
	}
}

// chol6 returns the lower Cholesky factor of a symmetric positive-definite
// a; ok is false if a is not (numerically) positive definite.
func chol6(a *[6][6]float64) (l [6][6]float64, ok bool) {
	for j := range 6 {
		d := a[j][j]
		for k := range j {
			d -= l[j][k] * l[j][k]
		}
		if !(d > 0) {
			return l, false
		}
		ljj := math.Sqrt(d)
		l[j][j] = ljj
		inv := 1 / ljj
		for i := j + 1; i < 6; i++ {
			s := a[i][j]
			for k := range j {
				s -= l[i][k] * l[j][k]
			}
			l[i][j] = s * inv
		}
	}
	return l, true
}

// chol3 is chol6 for 3×3.
func chol3(a *[3][3]float64) (l [3][3]float64, ok bool) {
	d0 := a[0][0]
	if !(d0 > 0) {
		return l, false
	}
	l00 := math.Sqrt(d0)
	l10 := a[1][0] / l00
	l20 := a[2][0] / l00
	d1 := a[1][1] - l10*l10
	if !(d1 > 0) {
		return l, false
	}
	l11 := math.Sqrt(d1)
	l21 := (a[2][1] - l20*l10) / l11
	d2 := a[2][2] - l20*l20 - l21*l21
	if !(d2 > 0) {
		return l, false
	}
	l[0][0], l[1][0], l[2][0] = l00, l10, l20
	l[1][1], l[2][1] = l11, l21
	l[2][2] = math.Sqrt(d2)
	return l, true
}

// invSym3 returns the inverse of a symmetric positive-definite 3×3 matrix
// by its adjugate; ok is false unless the leading principal minors are all
// positive (Sylvester's criterion for positive definiteness). Cramer's rule
// loses about log10(cond) digits, 8 of 16 for a radar innovation
// covariance of 10 m and 1 mrad at 1000 km, and needs no square roots.
func invSym3(a *[3][3]float64) (inv [3][3]float64, ok bool) {
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

// logDetSym3 returns log det a of a symmetric positive-definite 3×3
// matrix (NaN if it is not).
func logDetSym3(a *[3][3]float64) float64 {
	l, ok := chol3(a)
	if !ok {
		return math.NaN()
	}
	return 2 * math.Log(l[0][0]*l[1][1]*l[2][2])
}

// quad3 returns vᵀ·A·v.
func quad3(a *[3][3]float64, v [3]float64) float64 {
	var s float64
	for i := range 3 {
		var r float64
		for j := range 3 {
			r += a[i][j] * v[j]
		}
		s += v[i] * r
	}
	return s
}

// mahalanobis6 returns eᵀ·P⁻¹·e through the Cholesky factor of P; ok is
// false if P is not positive definite.
func mahalanobis6(p *[6][6]float64, e [6]float64) (float64, bool) {
	l, ok := chol6(p)
	if !ok {
		return 0, false
	}
	// Solve L·y = e; then eᵀP⁻¹e = |y|².
	var y [6]float64
	var s float64
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

// mul66 returns a·b.
func mul66(a, b *[6][6]float64) (c [6][6]float64) {
	for i := range 6 {
		ai := &a[i]
		for j := range 6 {
			c[i][j] = ai[0]*b[0][j] + ai[1]*b[1][j] + ai[2]*b[2][j] + ai[3]*b[3][j] + ai[4]*b[4][j] + ai[5]*b[5][j]
		}
	}
	return c
}

// congruence6 returns a·p·aᵀ for a symmetric p, computing only the upper
// triangle of the product and mirroring it, so the result is exactly
// symmetric. The dot products are written out: the compiler neither
// unrolls nor vectorises, and this is the prediction's inner loop.
func congruence6(a, p *[6][6]float64) (c [6][6]float64) {
	t := mul66(a, p)
	for i := range 6 {
		ti := &t[i]
		for j := i; j < 6; j++ {
			aj := &a[j]
			s := ti[0]*aj[0] + ti[1]*aj[1] + ti[2]*aj[2] + ti[3]*aj[3] + ti[4]*aj[4] + ti[5]*aj[5]
			c[i][j] = s
			c[j][i] = s
		}
	}
	return c
}

// plausibleCov is a cheap necessary condition for a symmetric p to be
// positive definite: positive finite diagonal and every correlation
// coefficient below 1 in magnitude (each 2×2 principal minor positive).
// Rounding that breaks definiteness after a Joseph-form update shows up
// here first, as a correlation driven to ±1; the full test is repairSPD's.
func plausibleCov(p *[6][6]float64) bool {
	for i := range 6 {
		d := p[i][i]
		if !(d > 0) || d > math.MaxFloat64 {
			return false
		}
		pi := &p[i]
		for j := i + 1; j < 6; j++ {
			if !(pi[j]*pi[j] < d*p[j][j]) {
				return false
			}
		}
	}
	return true
}

// repairSPD makes p symmetric and, if it is not positive definite, replaces
// its eigenvalues below spdFloor·λmax by that floor (the nearest SPD matrix
// in the Frobenius norm up to the floor; Higham, "Computing a nearest
// symmetric positive semidefinite matrix", Linear Algebra Appl. 103 (1988)).
// It reports whether a repair was needed. A matrix with a NaN is left
// alone and reported as repaired-and-failed through ok = false.
func repairSPD(p *[6][6]float64) (repaired, ok bool) {
	symmetrize6(p)
	if _, pd := chol6(p); pd {
		return false, true
	}
	for i := range 6 {
		for j := range 6 {
			if math.IsNaN(p[i][j]) || math.IsInf(p[i][j], 0) {
				return true, false
			}
		}
	}
	w, v := jacobiEigen6(*p)
	lmax := 0.0
	for _, l := range w {
		lmax = math.Max(lmax, math.Abs(l))
	}
	floor := spdFloor * lmax
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
	_, pd := chol6(p)
	return true, pd
}

// jacobiEigen6 returns the eigenvalues w and eigenvectors (columns of v) of
// a symmetric 6×6 matrix by the cyclic Jacobi method (Golub and Van Loan,
// "Matrix Computations", 4th ed., §8.5.3), accurate to a few ulps of the
// largest eigenvalue. It runs only when a covariance needs repair, so
// clarity beats speed here.
func jacobiEigen6(a [6][6]float64) (w [6]float64, v [6][6]float64) {
	for i := range 6 {
		v[i][i] = 1
	}
	const maxSweeps = 50
	for range maxSweeps {
		var off, diag float64
		for i := range 6 {
			diag += a[i][i] * a[i][i]
			for j := i + 1; j < 6; j++ {
				off += a[i][j] * a[i][j]
			}
		}
		if off <= 1e-30*diag || off == 0 {
			break
		}
		for p := range 6 {
			for q := p + 1; q < 6; q++ {
				if a[p][q] == 0 {
					continue
				}
				theta := (a[q][q] - a[p][p]) / (2 * a[p][q])
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := range 6 {
					akp, akq := a[k][p], a[k][q]
					a[k][p] = c*akp - s*akq
					a[k][q] = s*akp + c*akq
				}
				for k := range 6 {
					apk, aqk := a[p][k], a[q][k]
					a[p][k] = c*apk - s*aqk
					a[q][k] = s*apk + c*aqk
				}
				for k := range 6 {
					vkp, vkq := v[k][p], v[k][q]
					v[k][p] = c*vkp - s*vkq
					v[k][q] = s*vkp + c*vkq
				}
			}
		}
	}
	for i := range 6 {
		w[i] = a[i][i]
	}
	return w, v
}

// eigSym3 returns the eigenvalues of a symmetric 3×3 matrix in descending
// order by the closed-form trigonometric solution of the characteristic
// cubic (Smith, "Eigenvalues of a symmetric 3×3 matrix", Comm. ACM 4(4)
// (1961) 168).
func eigSym3(a [3][3]float64) [3]float64 {
	p1 := a[0][1]*a[0][1] + a[0][2]*a[0][2] + a[1][2]*a[1][2]
	q := (a[0][0] + a[1][1] + a[2][2]) / 3
	if p1 == 0 {
		e := [3]float64{a[0][0], a[1][1], a[2][2]}
		if e[0] < e[1] {
			e[0], e[1] = e[1], e[0]
		}
		if e[1] < e[2] {
			e[1], e[2] = e[2], e[1]
		}
		if e[0] < e[1] {
			e[0], e[1] = e[1], e[0]
		}
		return e
	}
	d0, d1, d2 := a[0][0]-q, a[1][1]-q, a[2][2]-q
	p2 := d0*d0 + d1*d1 + d2*d2 + 2*p1
	p := math.Sqrt(p2 / 6)
	// B = (A − qI)/p; r = det(B)/2, in [−1, 1] up to rounding.
	b00, b11, b22 := d0/p, d1/p, d2/p
	b01, b02, b12 := a[0][1]/p, a[0][2]/p, a[1][2]/p
	r := 0.5 * (b00*(b11*b22-b12*b12) - b01*(b01*b22-b12*b02) + b02*(b01*b12-b11*b02))
	r = math.Max(-1, math.Min(1, r))
	phi := math.Acos(r) / 3
	e0 := q + 2*p*math.Cos(phi)
	e2 := q + 2*p*math.Cos(phi+2*math.Pi/3)
	return [3]float64{e0, 3*q - e0 - e2, e2}
}

// block3 returns the 3×3 block of p starting at row and column k.
func block3(p *[6][6]float64, k int) (b [3][3]float64) {
	for i := range 3 {
		for j := range 3 {
			b[i][j] = p[k+i][k+j]
		}
	}
	return b
}

// propagateCov sets p ← Φ·p·Φᵀ + Q for the block transition of
// gradientStepper, Φ = [[I + a·G, h·I + b·G], [h·G, I + a·G]], and Q the
// CWNA noise of density q over h. Writing Φ = Φ0 + D·K with Φ0 = [[I, h·I],
// [0, I]] (constant velocity), D = diag(G, G) and K = [[a·I, b·I], [h·I,
// a·I]], T = Φ·p = Φ0·p + D·(K·p) and Φ·p·Φᵀ = T·Φ0ᵀ + (T·Kᵀ)·D: the
// products with Φ0 and K are sums of scaled rows or columns, and only the
// two with D multiply, 108 + 63 (upper triangle) multiply-adds instead of
// the 342 of a general congruence. A zero G (flat-Earth and constant-
// velocity motion) skips both. Exact, not an approximation in G.
func propagateCov(p *[6][6]float64, g *[3][3]float64, h, q float64) {
	a, b := h*h/2, h*h*h/6
	zeroG := *g == [3][3]float64{}
	var t [6][6]float64
	for i := range 3 {
		pi, pv := &p[i], &p[i+3]
		for j := range 6 {
			t[i][j] = pi[j] + h*pv[j]
			t[i+3][j] = pv[j]
		}
	}
	if !zeroG {
		var kp [6][6]float64
		for i := range 3 {
			pi, pv := &p[i], &p[i+3]
			for j := range 6 {
				kp[i][j] = a*pi[j] + b*pv[j]
				kp[i+3][j] = h*pi[j] + a*pv[j]
			}
		}
		for i := range 3 {
			gi := &g[i]
			for j := range 6 {
				t[i][j] += gi[0]*kp[0][j] + gi[1]*kp[1][j] + gi[2]*kp[2][j]
				t[i+3][j] += gi[0]*kp[3][j] + gi[1]*kp[4][j] + gi[2]*kp[5][j]
			}
		}
	}
	ah := math.Abs(h)
	q11, q12, q22 := q*ah*ah*ah/3, q*ah*ah/2, q*ah
	var tk [6][6]float64
	if !zeroG {
		for i := range 6 {
			ti := &t[i]
			for j := range 3 {
				tk[i][j] = a*ti[j] + b*ti[j+3]
				tk[i][j+3] = h*ti[j] + a*ti[j+3]
			}
		}
	}
	for i := range 6 {
		ti, tki := &t[i], &tk[i]
		for j := i; j < 6; j++ {
			var v float64
			if j < 3 {
				v = ti[j] + h*ti[j+3]
				if !zeroG {
					v += tki[0]*g[0][j] + tki[1]*g[1][j] + tki[2]*g[2][j]
				}
				if i == j {
					v += q11
				}
			} else {
				v = ti[j]
				if !zeroG {
					v += tki[3]*g[0][j-3] + tki[4]*g[1][j-3] + tki[5]*g[2][j-3]
				}
				if i == j {
					v += q22
				} else if i == j-3 {
					v += q12
				}
			}
			p[i][j], p[j][i] = v, v
		}
	}
}
