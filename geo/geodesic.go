package geo

import "math"

// Geodesics on the ellipsoid of revolution, after Karney, "Algorithms for
// geodesics", J. Geodesy 87 (2013) 43–55 (doi:10.1007/s00190-012-0578-z).
// Equation numbers below refer to that paper. The series are carried to
// sixth order in the third flattening n and in ε, which gives round-off
// accuracy (about 15 nm) for |F| ≤ 0.01; Earth models are well inside that.
// Beyond, the truncation shows: Direct after Inverse misses the target by
// about 0.1 mm at F = 0.05 and 100 m at F = 0.3.
// Unlike Vincenty's iteration, the inverse solution converges everywhere,
// nearly antipodal points included: Newton's method on α1 started from the
// astroid approximation (sec. 5), safeguarded by bisection, and bounded by
// maxIter2 iterations.

// Inverse solves the inverse geodesic problem: the length (m) of the
// shortest path on the ellipsoid between a and b, the azimuth at a and the
// forward azimuth at b (radians clockwise from north, [0, 2π)). Heights are
// ignored. For F == 0 it is GreatCircle with radius A.
//
// At a pole the azimuth is that of the limit approaching the pole along
// its meridian LonDeg. Between antipodal points many shortest paths may
// exist; one of them is returned. Latitudes outside [-90, 90] give NaN.
func (e Earth) Inverse(a, b LLA) (distM, az1Rad, az2Rad float64) {
	if e.F == 0 {
		return greatCircle(a, b, e.A)
	}
	g := newGeodesic(e.A, e.F)
	s12, azi1, azi2, _ := g.inverse(a.LatDeg, a.LonDeg, b.LatDeg, b.LonDeg)
	return s12, azRad(azi1), azRad(azi2)
}

// Direct solves the direct geodesic problem: the point reached from p by
// travelling distM (m, negative goes backwards) along the geodesic that
// starts at azimuth az1Rad (radians clockwise from north). The height of p
// is carried over unchanged; longitude is in (-180, 180]. For F == 0 it is
// DestinationSphere with radius A. A latitude outside [-90, 90] gives NaN.
func (e Earth) Direct(p LLA, az1Rad, distM float64) LLA {
	if e.F == 0 {
		return DestinationSphere(p, az1Rad, distM, e.A)
	}
	g := newGeodesic(e.A, e.F)
	lat, lon, _ := g.direct(p.LatDeg, p.LonDeg, az1Rad/degree, distM)
	return LLA{LatDeg: lat, LonDeg: lon, AltM: p.AltM}
}

const (
	nSeries = 6 // order of the series in ε (and n)

	geodTol0  = 0x1p-52 // machine epsilon
	geodTol1  = 200 * geodTol0
	geodTolb  = geodTol0 * 0x1p-26 // tol0·sqrt(tol0)
	geodTiny  = 0x1p-511           // sqrt of the smallest normal number
	xThresh   = 1000 * 0x1p-26     // 1000·sqrt(tol0)
	maxIter1  = 20                 // Newton steps before falling back to bisection
	maxIter2  = maxIter1 + 53 + 10 // hard cap on all iterations
	shortLine = 0.5
)

// geodesic holds the ellipsoid constants of one solution. It is built on the
// stack for every call (a few dozen flops), so Earth stays a plain value.
type geodesic struct {
	a, f, f1, e2, ep2, n, b float64
	etol2                   float64
	a3x                     [nSeries]float64 // A3 (eq. 24) coefficients of ε^0 … ε^5
	c3x                     [15]float64      // C3 (eq. 25) coefficients, by l then by power of ε
}

func newGeodesic(a, f float64) geodesic {
	g := geodesic{a: a, f: f, f1: 1 - f}
	g.e2 = f * (2 - f)
	g.ep2 = g.e2 / sq(g.f1)
	g.n = f / (2 - f)
	g.b = a * g.f1
	// Threshold below which the short-line approximation is used as is
	// (Karney 2013, sec. 4 and eq. 55).
	g.etol2 = 0.1 * 0x1p-26 / math.Sqrt(math.Max(0.001, math.Abs(f))*math.Min(1, 1-f/2)/2)
	n := g.n
	// A3 = 1 − Σ a_j ε^j, eq. (24).
	g.a3x = [nSeries]float64{
		1,
		-(1 - n) / 2,
		-(2 + n - 3*n*n) / 8,
		-(1 + 3*n + n*n) / 16,
		-(3 + 2*n) / 64,
		-3.0 / 128,
	}
	// C3[l], l = 1 … 5, as polynomials in ε from ε^l to ε^5, eq. (25).
	g.c3x = [15]float64{
		(1 - n) / 4, (1 - n*n) / 8, (3 + 3*n - n*n) / 64, (5 + 2*n) / 128, 3.0 / 128, // l = 1
		(2 - 3*n + n*n) / 32, (3 - 2*n - 3*n*n) / 64, (3 + n) / 128, 5.0 / 256, // l = 2
		(5 - 9*n + 5*n*n) / 192, (9 - 10*n) / 384, 7.0 / 512, // l = 3
		(7 - 14*n) / 512, 7.0 / 512, // l = 4
		21.0 / 2560, // l = 5
	}
	return g
}

// a3f evaluates A3(ε).
func (g *geodesic) a3f(eps float64) float64 {
	v := 0.0
	for j := nSeries - 1; j >= 0; j-- {
		v = v*eps + g.a3x[j]
	}
	return v
}

// c3f fills c[1 … 5] with C3[l](ε).
func (g *geodesic) c3f(eps float64, c *[nSeries + 1]float64) {
	o := 0
	mult := 1.0
	for l := 1; l < nSeries; l++ {
		mult *= eps // ε^l
		m := nSeries - l
		v := 0.0
		for j := m - 1; j >= 0; j-- {
			v = v*eps + g.c3x[o+j]
		}
		c[l] = mult * v
		o += m
	}
}

// a1m1f is A1 − 1, eq. (17).
func a1m1f(eps float64) float64 {
	e2 := eps * eps
	t := e2 * (e2*(e2+4) + 64) / 256
	return (t + eps) / (1 - eps)
}

// c1f fills c[1 … 6] with C1[l](ε), eq. (18).
func c1f(eps float64, c *[nSeries + 1]float64) {
	e2 := eps * eps
	d := eps
	c[1] = d * ((6-e2)*e2 - 16) / 32
	d *= eps
	c[2] = d * ((64-9*e2)*e2 - 128) / 2048
	d *= eps
	c[3] = d * (9*e2 - 16) / 768
	d *= eps
	c[4] = d * (3*e2 - 5) / 512
	d *= eps
	c[5] = -7 * d / 1280
	d *= eps
	c[6] = -7 * d / 2048
}

// c1pf fills c[1 … 6] with C1'[l](ε), the coefficients of the reverted
// series, eq. (21).
func c1pf(eps float64, c *[nSeries + 1]float64) {
	e2 := eps * eps
	d := eps
	c[1] = d * (e2*(205*e2-432) + 768) / 1536
	d *= eps
	c[2] = d * (e2*(4005*e2-4736) + 3840) / 12288
	d *= eps
	c[3] = d * (116 - 225*e2) / 384
	d *= eps
	c[4] = d * (2695 - 7173*e2) / 7680
	d *= eps
	c[5] = 3467 * d / 7680
	d *= eps
	c[6] = 38081 * d / 61440
}

// a2m1f is A2 − 1, eq. (41).
func a2m1f(eps float64) float64 {
	e2 := eps * eps
	t := e2 * (e2*(25*e2+36) + 64) / 256
	return t*(1-eps) - eps
}

// c2f fills c[1 … 6] with C2[l](ε), eq. (43).
func c2f(eps float64, c *[nSeries + 1]float64) {
	e2 := eps * eps
	d := eps
	c[1] = d * (e2*(e2+2) + 16) / 32
	d *= eps
	c[2] = d * (e2*(35*e2+64) + 384) / 2048
	d *= eps
	c[3] = d * (15*e2 + 80) / 768
	d *= eps
	c[4] = d * (7*e2 + 35) / 512
	d *= eps
	c[5] = 63 * d / 1280
	d *= eps
	c[6] = 77 * d / 2048
}

// sinCosSeries evaluates Σ_{l=1}^{n} c[l]·sin(2lσ) by Clenshaw summation,
// given sin σ and cos σ.
func sinCosSeries(sinx, cosx float64, c *[nSeries + 1]float64, n int) float64 {
	ar := 2 * (cosx - sinx) * (cosx + sinx) // 2 cos 2σ
	var b1, b2 float64
	for k := n; k >= 1; k-- {
		b1, b2 = c[k]+ar*b1-b2, b1
	}
	return 2 * sinx * cosx * b1
}

// epsOf returns ε for k² = e'²·cos²α0, eq. (16).
func epsOf(k2 float64) float64 {
	return k2 / (2*(1+math.Sqrt(1+k2)) + k2)
}

// direct solves the direct problem in degrees; sec. 3 of the paper.
func (g *geodesic) direct(lat1, lon1, azi1, s12 float64) (lat2, lon2, azi2 float64) {
	if math.Abs(lat1) > 90 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	azi1 = angNormalize(azi1)
	salp1, calp1 := sincosd(angRound(azi1))
	sbet1, cbet1 := sincosd(angRound(lat1))
	sbet1, cbet1 = norm2(g.f1*sbet1, cbet1) // reduced latitude β1
	cbet1 = math.Max(geodTiny, cbet1)       // keeps the pole off a singularity

	// Azimuth at the equator, eq. (10).
	salp0 := salp1 * cbet1
	calp0 := math.Hypot(calp1, salp1*sbet1)
	// σ1 and ω1, eq. (11) and (12); σ = 0 at the northward equator crossing.
	ssig1, somg1 := sbet1, salp0*sbet1
	csig1, comg1 := 1.0, 1.0
	if sbet1 != 0 || calp1 != 0 {
		csig1 = cbet1 * calp1
		comg1 = csig1
	}
	ssig1, csig1 = norm2(ssig1, csig1)

	k2 := sq(calp0) * g.ep2
	eps := epsOf(k2)
	a1m1 := a1m1f(eps)
	var c1a, c1pa, c3a [nSeries + 1]float64
	c1f(eps, &c1a)
	c1pf(eps, &c1pa)
	g.c3f(eps, &c3a)

	// τ1 = σ1 + B11 (distance of point 1 from the equator in units of b·A1).
	b11 := sinCosSeries(ssig1, csig1, &c1a, nSeries)
	s, c := math.Sincos(b11)
	stau1 := ssig1*c + csig1*s
	ctau1 := csig1*c - ssig1*s

	// σ2 from τ2 by the reverted series, eq. (20).
	tau12 := s12 / (g.b * (1 + a1m1))
	s, c = math.Sincos(tau12)
	b12 := -sinCosSeries(stau1*c+ctau1*s, ctau1*c-stau1*s, &c1pa, nSeries)
	sig12 := tau12 - (b12 - b11)
	ssig12, csig12 := math.Sincos(sig12)

	ssig2 := ssig1*csig12 + csig1*ssig12
	csig2 := csig1*csig12 - ssig1*ssig12
	sbet2 := calp0 * ssig2
	cbet2 := math.Hypot(salp0, calp0*csig2)
	if cbet2 == 0 { // point 2 at a pole
		cbet2 = geodTiny
		csig2 = geodTiny
	}
	somg2, comg2 := salp0*ssig2, csig2
	salp2, calp2 := salp0, calp0*csig2

	// λ12 = ω12 − f·sinα0·I3, eq. (8) and (23).
	omg12 := math.Atan2(somg2*comg1-comg2*somg1, comg2*comg1+somg2*somg1)
	b31 := sinCosSeries(ssig1, csig1, &c3a, nSeries-1)
	b32 := sinCosSeries(ssig2, csig2, &c3a, nSeries-1)
	lam12 := omg12 - g.f*g.a3f(eps)*salp0*(sig12+(b32-b31))

	lat2 = atan2d(sbet2, g.f1*cbet2)
	lon2 = angNormalize(angNormalize(lon1) + angNormalize(lam12/degree))
	azi2 = atan2d(salp2, calp2)
	return lat2, lon2, azi2
}

// lengths returns the distance s12/b and the reduced length m12/b of the
// arc σ1 … σ2 (eq. 7 and 38–42); dn = sqrt(1 + e'² sin²β).
func lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2 float64) (s12b, m12b float64) {
	var c1a, c2a [nSeries + 1]float64
	c1f(eps, &c1a)
	c2f(eps, &c2a)
	a1 := a1m1f(eps)
	a2 := a2m1f(eps)
	m0 := a1 - a2
	a1++
	a2++
	b1 := sinCosSeries(ssig2, csig2, &c1a, nSeries) - sinCosSeries(ssig1, csig1, &c1a, nSeries)
	b2 := sinCosSeries(ssig2, csig2, &c2a, nSeries) - sinCosSeries(ssig1, csig1, &c2a, nSeries)
	s12b = a1 * (sig12 + b1)
	j12 := m0*sig12 + (a1*b1 - a2*b2)
	m12b = dn2*(csig1*ssig2) - dn1*(ssig1*csig2) - csig1*csig2*j12
	return s12b, m12b
}

// astroid returns the positive root k of k⁴ + 2k³ − (x² + y² − 1)k² − 2y²k − y² = 0,
// eq. (55), which starts Newton's method for nearly antipodal points.
func astroid(x, y float64) float64 {
	p := x * x
	q := y * y
	r := (p + q - 1) / 6
	if q == 0 && r <= 0 {
		return 0 // y = 0 with |x| ≤ 1: the caller handles this directly
	}
	s := p * q / 4
	r2 := r * r
	r3 := r * r2
	disc := s * (s + 2*r3)
	u := r
	if disc >= 0 {
		t3 := s + r3
		if t3 < 0 {
			t3 -= math.Sqrt(disc)
		} else {
			t3 += math.Sqrt(disc)
		}
		t := math.Cbrt(t3)
		u += t
		if t != 0 {
			u += r2 / t
		}
	} else {
		ang := math.Atan2(math.Sqrt(-disc), -(s + r3))
		u += 2 * r * math.Cos(ang/3)
	}
	v := math.Sqrt(u*u + q)
	var uv float64
	if u < 0 {
		uv = q / (v - u)
	} else {
		uv = u + v
	}
	w := (uv - q) / (2 * v)
	return uv / (math.Sqrt(uv+w*w) + w)
}

// inverseStart returns a first estimate of α1 (sec. 4–5). For short lines it
// solves the problem outright and returns sig12 ≥ 0 together with α2 and
// dnm; otherwise sig12 is negative.
func (g *geodesic) inverseStart(sbet1, cbet1, dn1, sbet2, cbet2, dn2, lam12, slam12, clam12 float64) (
	sig12, salp1, calp1, salp2, calp2, dnm float64) {
	sig12 = -1
	sbet12 := sbet2*cbet1 - cbet2*sbet1  // sin(β2 − β1)
	cbet12 := cbet2*cbet1 + sbet2*sbet1  // cos(β2 − β1)
	sbet12a := sbet2*cbet1 + cbet2*sbet1 // sin(β2 + β1)
	short := cbet12 >= 0 && sbet12 < shortLine && cbet2*lam12 < shortLine
	var somg12, comg12 float64
	if short {
		// Mean-latitude sphere, eq. (48).
		sbetm2 := sq(sbet1 + sbet2)
		sbetm2 /= sbetm2 + sq(cbet1+cbet2)
		dnm = math.Sqrt(1 + g.ep2*sbetm2)
		somg12, comg12 = math.Sincos(lam12 / (g.f1 * dnm))
	} else {
		somg12, comg12 = slam12, clam12
	}
	// Great-circle azimuth on the auxiliary sphere, eq. (49).
	salp1 = cbet2 * somg12
	if comg12 >= 0 {
		calp1 = sbet12 + cbet2*sbet1*sq(somg12)/(1+comg12)
	} else {
		calp1 = sbet12a - cbet2*sbet1*sq(somg12)/(1-comg12)
	}
	ssig12 := math.Hypot(salp1, calp1)
	csig12 := sbet1*sbet2 + cbet1*cbet2*comg12

	switch {
	case short && ssig12 < g.etol2:
		// Really short line: the sphere solution is accurate, eq. (50).
		salp2 = cbet1 * somg12
		if comg12 >= 0 {
			calp2 = sbet12 - cbet1*sbet2*sq(somg12)/(1+comg12)
		} else {
			calp2 = sbet12 - cbet1*sbet2*(1-comg12)
		}
		salp2, calp2 = norm2(salp2, calp2)
		sig12 = math.Atan2(ssig12, csig12)
	case math.Abs(g.n) > 0.1 || csig12 >= 0 || ssig12 >= 6*math.Abs(g.n)*math.Pi*sq(cbet1):
		// The zeroth-order spherical estimate is good enough to start.
	default:
		// Nearly antipodal: scale to the astroid coordinates of sec. 5,
		// with the antipode at the origin, eq. (53)–(56). Prolate
		// ellipsoids (F < 0) never reach here because F ≥ 0 is assumed.
		lam12x := math.Atan2(-slam12, -clam12) // λ12 − π
		k2 := sq(sbet1) * g.ep2
		eps := epsOf(k2)
		lamscale := g.f * cbet1 * g.a3f(eps) * math.Pi
		betscale := lamscale * cbet1
		x := lam12x / lamscale
		y := sbet12a / betscale
		if y > -geodTol1 && x > -1-xThresh {
			salp1 = math.Min(1, -x)
			calp1 = -math.Sqrt(1 - sq(salp1))
		} else {
			k := astroid(x, y)
			omg12a := lamscale * (-x * k / (1 + k))
			somg12, comg12 = math.Sincos(omg12a)
			comg12 = -comg12
			salp1 = cbet2 * somg12
			calp1 = sbet12a - cbet2*sbet1*sq(somg12)/(1-comg12)
		}
	}
	if !(salp1 <= 0) {
		salp1, calp1 = norm2(salp1, calp1)
	} else {
		salp1, calp1 = 1, 0
	}
	return sig12, salp1, calp1, salp2, calp2, dnm
}

// lambdaResult is what lambda12 finds for one trial α1.
type lambdaResult struct {
	v, dv                           float64
	salp2, calp2, sig12             float64
	ssig1, csig1, ssig2, csig2, eps float64
}

// lambda12 returns the longitude error v = λ12(α1) − λ12 and, when diffp,
// its derivative with respect to α1 (eq. 46), for the geodesic leaving
// point 1 at α1; also what the caller needs to finish the solution.
func (g *geodesic) lambda12(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam120, clam120 float64, diffp bool) lambdaResult {
	var r lambdaResult
	if sbet1 == 0 && calp1 == 0 {
		// Break the degeneracy of the equatorial line.
		calp1 = -geodTiny
	}
	salp0 := salp1 * cbet1
	calp0 := math.Hypot(calp1, salp1*sbet1)
	ssig1, somg1 := sbet1, salp0*sbet1
	csig1 := calp1 * cbet1
	comg1 := csig1
	ssig1, csig1 = norm2(ssig1, csig1)

	// Clairaut's relation gives α2; the forms below avoid cancellation.
	salp2 := salp1
	if cbet2 != cbet1 {
		salp2 = salp0 / cbet2
	}
	calp2 := math.Abs(calp1)
	if cbet2 != cbet1 || math.Abs(sbet2) != -sbet1 {
		var d float64
		if cbet1 < -sbet1 {
			d = (cbet2 - cbet1) * (cbet1 + cbet2)
		} else {
			d = (sbet1 - sbet2) * (sbet1 + sbet2)
		}
		calp2 = math.Sqrt(sq(calp1*cbet1)+d) / cbet2
	}
	ssig2, somg2 := sbet2, salp0*sbet2
	csig2 := calp2 * cbet2
	comg2 := csig2
	ssig2, csig2 = norm2(ssig2, csig2)

	sig12 := math.Atan2(math.Max(0, csig1*ssig2-ssig1*csig2), csig1*csig2+ssig1*ssig2)
	somg12 := math.Max(0, comg1*somg2-somg1*comg2)
	comg12 := comg1*comg2 + somg1*somg2
	eta := math.Atan2(somg12*clam120-comg12*slam120, comg12*clam120+somg12*slam120) // ω12 − λ12

	k2 := sq(calp0) * g.ep2
	eps := epsOf(k2)
	var c3a [nSeries + 1]float64
	g.c3f(eps, &c3a)
	b312 := sinCosSeries(ssig2, csig2, &c3a, nSeries-1) - sinCosSeries(ssig1, csig1, &c3a, nSeries-1)
	domg12 := -g.f * g.a3f(eps) * salp0 * (sig12 + b312)
	r.v = eta + domg12

	if diffp {
		if calp2 == 0 {
			r.dv = -2 * g.f1 * dn1 / sbet1
		} else {
			_, m12b := lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2)
			r.dv = m12b * g.f1 / (calp2 * cbet2)
		}
	}
	r.salp2, r.calp2, r.sig12 = salp2, calp2, sig12
	r.ssig1, r.csig1, r.ssig2, r.csig2, r.eps = ssig1, csig1, ssig2, csig2, eps
	return r
}

// inverse solves the inverse problem in degrees; sec. 4 of the paper. iters
// counts the evaluations of λ12(α1) (0 when a closed form applied).
func (g *geodesic) inverse(lat1, lon1, lat2, lon2 float64) (s12, azi1, azi2 float64, iters int) {
	if math.Abs(lat1) > 90 || math.Abs(lat2) > 90 || math.IsNaN(lat1+lat2+lon1+lon2) {
		return math.NaN(), math.NaN(), math.NaN(), 0
	}
	// Canonical configuration: lon12 in [0, 180], lat1 ≤ 0, |lat1| ≥ |lat2|.
	lon12 := angDiff(lon1, lon2)
	lonsign := 1.0
	if math.Signbit(lon12) {
		lonsign = -1
	}
	lon12 = math.Abs(lon12)
	slam12, clam12 := sincosd(lon12)
	lam12 := lon12 * degree

	lat1, lat2 = angRound(lat1), angRound(lat2)
	swapp := 1.0
	if math.Abs(lat1) < math.Abs(lat2) {
		swapp = -1
		lonsign = -lonsign
		lat1, lat2 = lat2, lat1
	}
	latsign := -1.0
	if lat1 < 0 {
		latsign = 1
	}
	lat1 *= latsign
	lat2 *= latsign

	sbet1, cbet1 := sincosd(lat1)
	sbet1, cbet1 = norm2(g.f1*sbet1, cbet1)
	cbet1 = math.Max(geodTiny, cbet1)
	sbet2, cbet2 := sincosd(lat2)
	sbet2, cbet2 = norm2(g.f1*sbet2, cbet2)
	cbet2 = math.Max(geodTiny, cbet2)

	// Make |β1| = |β2| exactly when the latitudes are equal in magnitude,
	// using whichever of sin and cos measures the difference better.
	if cbet1 < -sbet1 {
		if cbet2 == cbet1 {
			sbet2 = math.Copysign(sbet1, sbet2)
		}
	} else if math.Abs(sbet2) == -sbet1 {
		cbet2 = cbet1
	}
	dn1 := math.Sqrt(1 + g.ep2*sq(sbet1))
	dn2 := math.Sqrt(1 + g.ep2*sq(sbet2))

	var salp1, calp1, salp2, calp2, sig12, s12x float64
	meridian := lat1 == -90 || slam12 == 0
	if meridian {
		// Along a meridian: α1 = λ12, α2 = 0, and σ12 follows directly.
		calp1, salp1 = clam12, slam12
		calp2, salp2 = 1, 0
		ssig1, csig1 := sbet1, calp1*cbet1
		ssig2, csig2 := sbet2, calp2*cbet2
		sig12 = math.Atan2(math.Max(0, csig1*ssig2-ssig1*csig2), csig1*csig2+ssig1*ssig2)
		s12b, m12b := lengths(g.n, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2) // k² = e'² on a meridian: ε = n
		if sig12 < 1 || m12b >= 0 {
			if sig12 < 3*geodTiny || (sig12 < geodTol0 && s12b < 0) {
				s12b = 0 // no tiny negative lengths
			}
			s12x = s12b * g.b
		} else {
			meridian = false // past the conjugate point: not the shortest path
		}
	}
	switch {
	case meridian:
	case sbet1 == 0 && 180-lon12 >= g.f*180:
		// Along the equator, which is shortest while λ12 ≤ (1 − f)π.
		calp1, calp2 = 0, 0
		salp1, salp2 = 1, 1
		s12x = g.a * lam12
	default:
		var dnm float64
		sig12, salp1, calp1, salp2, calp2, dnm = g.inverseStart(sbet1, cbet1, dn1, sbet2, cbet2, dn2, lam12, slam12, clam12)
		if sig12 >= 0 {
			s12x = sig12 * g.b * dnm
			break
		}
		// Newton's method on α1, safeguarded by a bracket [α1a, α1b]
		// on which v changes sign; bisection when Newton misbehaves.
		salp1a, calp1a := geodTiny, 1.0
		salp1b, calp1b := geodTiny, -1.0
		tripn, tripb := false, false
		var r lambdaResult
		for numit := 0; ; numit++ {
			iters++
			r = g.lambda12(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam12, clam12, numit < maxIter1)
			tol := geodTol0
			if tripn {
				tol *= 8
			}
			if tripb || !(math.Abs(r.v) >= tol) || numit >= maxIter2 {
				break
			}
			if r.v > 0 && (numit > maxIter1 || calp1/salp1 > calp1b/salp1b) {
				salp1b, calp1b = salp1, calp1
			} else if r.v < 0 && (numit > maxIter1 || calp1/salp1 < calp1a/salp1a) {
				salp1a, calp1a = salp1, calp1
			}
			if numit < maxIter1 && r.dv > 0 {
				dalp1 := -r.v / r.dv
				if math.Abs(dalp1) < math.Pi {
					sd, cd := math.Sincos(dalp1)
					nsalp1 := salp1*cd + calp1*sd
					if nsalp1 > 0 {
						calp1 = calp1*cd - salp1*sd
						salp1 = nsalp1
						salp1, calp1 = norm2(salp1, calp1)
						tripn = math.Abs(r.v) <= 16*geodTol0
						continue
					}
				}
			}
			// Bisection.
			salp1, calp1 = norm2((salp1a+salp1b)/2, (calp1a+calp1b)/2)
			tripn = false
			tripb = math.Abs(salp1a-salp1)+(calp1a-calp1) < geodTolb ||
				math.Abs(salp1-salp1b)+(calp1-calp1b) < geodTolb
		}
		salp2, calp2, sig12 = r.salp2, r.calp2, r.sig12
		s12b, _ := lengths(r.eps, sig12, r.ssig1, r.csig1, dn1, r.ssig2, r.csig2, dn2)
		s12x = s12b * g.b
	}
	s12 = s12x
	if s12 == 0 {
		s12 = 0 // no -0
	}

	// Undo the canonical transformation.
	if swapp < 0 {
		salp1, salp2 = salp2, salp1
		calp1, calp2 = calp2, calp1
	}
	salp1 *= swapp * lonsign
	calp1 *= swapp * latsign
	salp2 *= swapp * lonsign
	calp2 *= swapp * latsign
	return s12, atan2d(salp1, calp1), atan2d(salp2, calp2), iters
}
