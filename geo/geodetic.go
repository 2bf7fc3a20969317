package geo

import "math"

// ToECEF converts a geodetic position to ECEF (closed form; exact up to
// rounding). On a sphere (F == 0) the latitude is geocentric.
func (e Earth) ToECEF(p LLA) ECEF {
	e2 := e.E2()
	sphi, cphi := sincosd(p.LatDeg)
	slam, clam := sincosd(p.LonDeg)
	n := e.A / math.Sqrt(1-e2*sphi*sphi) // prime-vertical radius of curvature
	r := (n + p.AltM) * cphi
	return ECEF{r * clam, r * slam, (n*(1-e2) + p.AltM) * sphi}
}

// ToLLA converts an ECEF position to geodetic latitude, longitude and height.
//
// It is the closed-form solution of Vermeille, "Direct transformation from
// geocentric coordinates to geodetic coordinates", J. Geodesy 76 (2002)
// 451–454, with the changes of Karney, "Geodesics on an ellipsoid of
// revolution" (2011, arXiv:1102.1215, appendix B) that keep it accurate at
// the poles, on the equator and inside the evolute near the centre. No
// iteration; accurate to a few nanometres for heights up to 1e8 m and more.
//
// Longitude is in (-180, 180]; on the polar axis it is 0. At the centre the
// nearest surface point is a pole: ToLLA(ECEF{}) is {90, 0, -B()}. On a
// sphere (F == 0) the latitude is geocentric and the height is |r| - A. F
// must be in [0, 1).
func (e Earth) ToLLA(r ECEF) LLA {
	x, y, z := r[0], r[1], r[2]
	rxy := math.Sqrt(x*x + y*y) // no overflow short of 1e154 m
	lon := 0.0
	if rxy != 0 {
		lon = atan2d(y, x)
		if lon == -180 {
			lon = 180
		}
	}
	if e.F == 0 {
		return LLA{LatDeg: atan2d(z, rxy), LonDeg: lon, AltM: math.Sqrt(rxy*rxy+z*z) - e.A}
	}
	a := e.A
	e2 := e.E2()
	e2m := sq(1 - e.F) // 1 - e²
	e4 := e2 * e2
	p := sq(rxy / a)
	q := e2m * sq(z/a)
	rr := (p + q - e4) / 6
	var sphi, cphi, h float64
	if !(e4*q == 0 && rr <= 0) {
		// Vermeille's cubic for u, solved by Cardano's method when the
		// discriminant is non-negative and trigonometrically otherwise.
		s := e4 * p * q / 4
		r2 := rr * rr
		r3 := rr * r2
		disc := s * (2*r3 + s)
		u := rr
		if disc >= 0 {
			t3 := s + r3
			// Pick the sign that avoids cancellation.
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
			u += 2 * rr * math.Cos(ang/3)
		}
		v := math.Sqrt(u*u + e4*q)
		var uv float64 // u + v, without cancellation when u < 0
		if u < 0 {
			uv = e4 * q / (v - u)
		} else {
			uv = u + v
		}
		w := math.Max(0, e2*(uv-q)/(2*v))
		k := uv / (math.Sqrt(uv+w*w) + w) // k > 0
		k1, k2 := k, k+e2
		d := k1 * rxy / k2
		hh := math.Hypot(z/k1, rxy/k2)
		sphi, cphi = (z/k1)/hh, (rxy/k2)/hh
		h = (1 - e2m/k1) * math.Hypot(d, z)
	} else {
		// On the equatorial plane inside the evolute (|r| < a·e²): the
		// nearest surface points are off the plane, symmetrically.
		zz := math.Sqrt((e4 - p) / e2m)
		xx := math.Sqrt(p)
		hh := math.Hypot(zz, xx)
		sphi, cphi = zz/hh, xx/hh
		if math.Signbit(z) {
			sphi = -sphi
		}
		h = -a * e2m * hh / e2
	}
	return LLA{LatDeg: atan2d(sphi, cphi), LonDeg: lon, AltM: h}
}
