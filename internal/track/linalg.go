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
	v0, v1, v2 := v[0], v[1], v[2]
	return v0*(a[0][0]*v0+a[0][1]*v1+a[0][2]*v2) +
		v1*(a[1][0]*v0+a[1][1]*v1+a[1][2]*v2) +
		v2*(a[2][0]*v0+a[2][1]*v1+a[2][2]*v2)
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
// Rounding that breaks definiteness after an update shows up here first,
// as a correlation driven to ±1; the full test is repairSPD's.
func plausibleCov(p *[6][6]float64) bool {
	// Written out: it runs after every update.
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
// gradientStepper, Φ = [[I + a·G, h·I + b·G], [h·G, I + a·G]] (a = h²/2,
// b = h³/6) with G = κ₃·m·mᵀ − κ·I (gravityGradient), and Q the CWNA noise
// of density q over h. Substituting G, Φ is a 2×2 block matrix of scalar
// multiples of I plus a matrix of rank two:
//
//	Φ = Ψ + κ₃·W·Vᵀ,  Ψ = S⊗I,  S = [[α, β], [γ, α]],
//	α = 1 − a·κ, β = h − b·κ, γ = −h·κ,
//	W = [[a·m, b·m], [h·m, a·m]],  V = [[m, 0], [0, m]],
//
// so that, with Y = Ψ·p·V and N = Vᵀ·p·V (2×2),
//
//	Φ·p·Φᵀ = Ψ·p·Ψᵀ + Z·Wᵀ + W·Zᵀ,  Z = κ₃·Y + κ₃²/2·W·N.
//
// Ψ·p·Ψᵀ mixes the 3×3 blocks of p with scalars, and the rank-two terms
// are products of 6×2 matrices whose rows are multiples of m: some 230
// multiplications and 180 additions, where the blockwise product Φ·p·Φᵀ
// with a full G takes about 340 of each (BenchmarkPropagateCov: 2–2.5
// times faster, with the code written out entry by entry). The upper
// triangle is computed and mirrored, so the result is exactly symmetric.
// Exact, not an approximation in G (TestPropagateCovMatchesCongruence);
// the terms in G are ~|G|·h² of p, so their rounding is negligible.
func propagateCov(p *[6][6]float64, g *gravityGradient, h, q float64) {
	// Written out entry by entry: Go neither unrolls loops nor removes
	// the index arithmetic of variable indices, which cost more than the
	// multiply-adds here.
	a, b := h*h/2, h*h*h/6
	al, be, ga := 1-a*g.K, h-b*g.K, -h*g.K
	m0, m1, m2 := g.M[0], g.M[1], g.M[2]
	k3 := g.K3
	// c0 = p·(m; 0), c1 = p·(0; m), top and bottom halves: row r of p
	// dotted with m in its first and last three columns.
	p0, p1, p2, p3, p4, p5 := &p[0], &p[1], &p[2], &p[3], &p[4], &p[5]
	c0t0, c1t0 := p0[0]*m0+p0[1]*m1+p0[2]*m2, p0[3]*m0+p0[4]*m1+p0[5]*m2
	c0t1, c1t1 := p1[0]*m0+p1[1]*m1+p1[2]*m2, p1[3]*m0+p1[4]*m1+p1[5]*m2
	c0t2, c1t2 := p2[0]*m0+p2[1]*m1+p2[2]*m2, p2[3]*m0+p2[4]*m1+p2[5]*m2
	c0b0, c1b0 := p3[0]*m0+p3[1]*m1+p3[2]*m2, p3[3]*m0+p3[4]*m1+p3[5]*m2
	c0b1, c1b1 := p4[0]*m0+p4[1]*m1+p4[2]*m2, p4[3]*m0+p4[4]*m1+p4[5]*m2
	c0b2, c1b2 := p5[0]*m0+p5[1]*m1+p5[2]*m2, p5[3]*m0+p5[4]*m1+p5[5]*m2
	n00 := m0*c0t0 + m1*c0t1 + m2*c0t2
	n01 := m0*c1t0 + m1*c1t1 + m2*c1t2
	n11 := m0*c1b0 + m1*c1b1 + m2*c1b2
	hk := k3 * k3 / 2
	s0, s1 := hk*(a*n00+b*n01), hk*(a*n01+b*n11)
	t0, t1 := hk*(h*n00+a*n01), hk*(h*n01+a*n11)
	// Rows of Z·Wᵀ: row i is e_i·mᵀ in columns 0–2 and f_i·mᵀ in
	// columns 3–5, with Z = κ₃·Ψ·(c0 c1) + (s or t)·m.
	e0, f0 := zw(k3*(al*c0t0+be*c0b0)+s0*m0, k3*(al*c1t0+be*c1b0)+s1*m0, a, b, h)
	e1, f1 := zw(k3*(al*c0t1+be*c0b1)+s0*m1, k3*(al*c1t1+be*c1b1)+s1*m1, a, b, h)
	e2, f2 := zw(k3*(al*c0t2+be*c0b2)+s0*m2, k3*(al*c1t2+be*c1b2)+s1*m2, a, b, h)
	e3, f3 := zw(k3*(ga*c0t0+al*c0b0)+t0*m0, k3*(ga*c1t0+al*c1b0)+t1*m0, a, b, h)
	e4, f4 := zw(k3*(ga*c0t1+al*c0b1)+t0*m1, k3*(ga*c1t1+al*c1b1)+t1*m1, a, b, h)
	e5, f5 := zw(k3*(ga*c0t2+al*c0b2)+t0*m2, k3*(ga*c1t2+al*c1b2)+t1*m2, a, b, h)

	ah := math.Abs(h)
	q11, q12, q22 := q*ah*ah*ah*(1.0/3), q*ah*ah/2, q*ah
	aa, ab, bb := al*al, al*be, be*be
	ag, bg, gg := al*ga, be*ga, ga*ga
	// Ψ·p·Ψᵀ plus the rank-two terms E + Eᵀ, E = Z·Wᵀ, by 3×3 blocks (A,
	// B; Bᵀ, C), pair {i, j} by pair: the entries (i, j) of A, B, Bᵀ and C
	// make those of the result's four blocks and nothing else, so each
	// pair is read, then overwritten in place, and few values live at once.
	//	upper-left:  aa·A + ab·(B + Bᵀ) + bb·C + E + Eᵀ
	//	lower-right: gg·A + ag·(B + Bᵀ) + aa·C + E + Eᵀ
	//	upper-right: ag·A + aa·B + bg·Bᵀ + ab·C + E + Eᵀ
	{
		aij, cij, bij, bji := p[0][0], p[3][3], p[0][3], p[0][3]
		bs := bij + bji
		set6(p, 0, 0, aa*aij+ab*bs+bb*cij+(e0*m0+e0*m0)+q11)
		set6(p, 3, 3, gg*aij+ag*bs+aa*cij+(f3*m0+f3*m0)+q22)
		set6(p, 0, 3, ag*aij+aa*bij+bg*bji+ab*cij+(f0*m0+e3*m0)+q12)
	}
	{
		aij, cij, bij, bji := p[0][1], p[3][4], p[0][4], p[1][3]
		bs := bij + bji
		set6(p, 0, 1, aa*aij+ab*bs+bb*cij+(e0*m1+e1*m0))
		set6(p, 3, 4, gg*aij+ag*bs+aa*cij+(f3*m1+f4*m0))
		set6(p, 0, 4, ag*aij+aa*bij+bg*bji+ab*cij+(f0*m1+e4*m0))
		set6(p, 1, 3, ag*aij+aa*bji+bg*bij+ab*cij+(f1*m0+e3*m1))
	}
	{
		aij, cij, bij, bji := p[0][2], p[3][5], p[0][5], p[2][3]
		bs := bij + bji
		set6(p, 0, 2, aa*aij+ab*bs+bb*cij+(e0*m2+e2*m0))
		set6(p, 3, 5, gg*aij+ag*bs+aa*cij+(f3*m2+f5*m0))
		set6(p, 0, 5, ag*aij+aa*bij+bg*bji+ab*cij+(f0*m2+e5*m0))
		set6(p, 2, 3, ag*aij+aa*bji+bg*bij+ab*cij+(f2*m0+e3*m2))
	}
	{
		aij, cij, bij, bji := p[1][1], p[4][4], p[1][4], p[1][4]
		bs := bij + bji
		set6(p, 1, 1, aa*aij+ab*bs+bb*cij+(e1*m1+e1*m1)+q11)
		set6(p, 4, 4, gg*aij+ag*bs+aa*cij+(f4*m1+f4*m1)+q22)
		set6(p, 1, 4, ag*aij+aa*bij+bg*bji+ab*cij+(f1*m1+e4*m1)+q12)
	}
	{
		aij, cij, bij, bji := p[1][2], p[4][5], p[1][5], p[2][4]
		bs := bij + bji
		set6(p, 1, 2, aa*aij+ab*bs+bb*cij+(e1*m2+e2*m1))
		set6(p, 4, 5, gg*aij+ag*bs+aa*cij+(f4*m2+f5*m1))
		set6(p, 1, 5, ag*aij+aa*bij+bg*bji+ab*cij+(f1*m2+e5*m1))
		set6(p, 2, 4, ag*aij+aa*bji+bg*bij+ab*cij+(f2*m1+e4*m2))
	}
	{
		aij, cij, bij, bji := p[2][2], p[5][5], p[2][5], p[2][5]
		bs := bij + bji
		set6(p, 2, 2, aa*aij+ab*bs+bb*cij+(e2*m2+e2*m2)+q11)
		set6(p, 5, 5, gg*aij+ag*bs+aa*cij+(f5*m2+f5*m2)+q22)
		set6(p, 2, 5, ag*aij+aa*bij+bg*bji+ab*cij+(f2*m2+e5*m2)+q12)
	}
}

// zw returns a·z0 + b·z1 and h·z0 + a·z1: a row of Z times the
// coefficients of W.
func zw(z0, z1, a, b, h float64) (e, f float64) { return a*z0 + b*z1, h*z0 + a*z1 }

// set6 sets p[i][j] and p[j][i] to v.
func set6(p *[6][6]float64, i, j int, v float64) { p[i][j], p[j][i] = v, v }

// sincos returns sin x and cos x, as math.Sincos does to within an ulp or
// two, without its branches on the octant (a radar's azimuth falls in any
// of them at random, so they are mispredicted): x is reduced to z in
// [−π/4, π/4] by the nearest multiple q of π/2 in three-part Cody–Waite
// arithmetic (exact for |x| < 2²⁸·π/2), the minimax polynomials of math
// (Cephes) give sin z and cos z, and q mod 4 swaps and negates them by bit
// operations. |x| ≥ 1e5, NaN and ±Inf go to math.Sincos.
func sincos(x float64) (sin, cos float64) {
	if !(math.Abs(x) < 1e5) {
		return math.Sincos(x)
	}
	const (
		// π/2 in three parts: twice the π/4 split of math.Sincos.
		pio2A = 2 * 7.85398125648498535156e-1
		pio2B = 2 * 3.77489470793079817668e-8
		pio2C = 2 * 2.69515142907905952645e-15
	)
	y := math.Floor(x*(2/math.Pi) + 0.5)
	q := uint64(int64(y))
	z := ((x - y*pio2A) - y*pio2B) - y*pio2C
	zz := z * z
	s := z + z*zz*((((((1.58962301576546568060e-10*zz)+-2.50507477628578072866e-8)*zz+2.75573136213857245213e-6)*zz+-1.98412698295895385996e-4)*zz+8.33333333332211858878e-3)*zz+-1.66666666666666307295e-1)
	c := 1.0 - 0.5*zz + zz*zz*((((((-1.13585365213876817300e-11*zz)+2.08757008419747316778e-9)*zz+-2.75573141792967388112e-7)*zz+2.48015872888517045348e-5)*zz+-1.38888888888730564116e-3)*zz+4.16666666666665929218e-2)
	// x = z + q·π/2: quadrant 0 (s, c), 1 (c, −s), 2 (−s, −c), 3 (−c, s).
	sb, cb := math.Float64bits(s), math.Float64bits(c)
	swap := (sb ^ cb) & -(q & 1)
	sb, cb = sb^swap, cb^swap
	sb ^= (q & 2) << 62
	cb ^= ((q + 1) & 2) << 62
	return math.Float64frombits(sb), math.Float64frombits(cb)
}
