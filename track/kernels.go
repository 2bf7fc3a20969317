package track

import "math"

// The filters' hand-written kernels: the EKF's covariance prediction,
// which exploits the structure of the ballistic transition, and a sine and
// cosine for measurement angles. General small linear algebra is package
// mat's.

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
