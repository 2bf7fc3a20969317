package geo

import (
	"math"
	"testing"
	"time"
)

func TestGMST(t *testing.T) {
	tests := []struct {
		name   string
		t      time.Time
		degree float64
		tolDeg float64
	}{
		// Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed.
		// (2013), Example 3-5, p. 188: 1992 Aug 20 12:14:00 UT1 → GMST =
		// 152.578787810°. (Earlier editions print 152.578787886°.) The
		// formula evaluated in exact arithmetic gives 152.5787878517°; the
		// book's last digits carry the rounding of a float64 Julian date
		// (4.7e-10 day ≈ 1.7e-7° of rotation), hence the tolerance.
		{"Vallado example 3-5", time.Date(1992, 8, 20, 12, 14, 0, 0, time.UTC), 152.578787810, 1e-7},
		// At J2000.0 (T = 0) GMST is the constant term, 67310.54841 s =
		// 18h41m50.54841s = 280.46061837500° (Aoki et al. 1982).
		{"J2000.0", time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC), 280.460618375, 1e-9},
		// Same instant written in another zone: GMST depends only on the instant.
		{"J2000.0 in UTC+2", time.Date(2000, 1, 1, 14, 0, 0, 0, time.FixedZone("x", 7200)), 280.460618375, 1e-9},
	}
	for _, tt := range tests {
		got := GMST(tt.t) / degree
		if math.Abs(got-tt.degree) > tt.tolDeg {
			t.Errorf("%s: GMST = %.10f°, want %.10f° (tol %g°)", tt.name, got, tt.degree, tt.tolDeg)
		}
	}
}

// TestGMSTRate checks that GMST advances by one sidereal rotation per
// sidereal day: over one solar day, 360° + 0.98564736629°, the daily excess
// implied by the coefficient 8640184.812866 s per century (Aoki et al. 1982:
// 8640184.812866 / 36525 s = 236.555367908 s of sidereal time per day).
func TestGMSTRate(t *testing.T) {
	// The T² and T³ terms change the daily advance by 0.186208 s·T per
	// century, < 1.1e-8° per day within half a century of J2000.
	const tolDeg = 2e-8
	excess := 8640184.812866 / 36525 * 360 / 86400
	for _, t0 := range []time.Time{
		time.Date(1950, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC),
		time.Date(2031, 12, 31, 23, 59, 59, 999999999, time.UTC),
	} {
		d := math.Remainder(GMST(t0.Add(24*time.Hour))-GMST(t0), twoPi) / degree
		if math.Abs(d-excess) > tolDeg {
			t.Errorf("%v: one-day advance %.10f°, want %.10f°", t0, d, excess)
		}
		g := GMST(t0)
		if g < 0 || g >= twoPi {
			t.Errorf("%v: GMST %v outside [0, 2π)", t0, g)
		}
	}
}

func TestECIECEF(t *testing.T) {
	const tol = 1e-8 // m, on 1e7 m vectors (a few ulps)
	// A quarter turn: the inertial x axis now lies over longitude −90°.
	got := ECIToECEF(ECI{1e7, 0, 5}, math.Pi/2)
	if d := Vec3(got).Sub(Vec3{0, -1e7, 5}).Norm(); d > tol {
		t.Errorf("ECIToECEF quarter turn = %v, want {0 -1e7 5}", got)
	}
	for _, th := range []float64{0, 0.3, 2, -1, 7} {
		r := ECI{1.1e7, -2.2e6, 3.3e6}
		if d := Vec3(ECEFToECI(ECIToECEF(r, th), th)).Sub(Vec3(r)).Norm(); d > tol {
			t.Errorf("θ = %v: ECI round trip off by %g m", th, d)
		}
	}
}

func TestECIECEFVelocity(t *testing.T) {
	const tol = 1e-9 // m/s
	w := OmegaEarth
	th := 1.234
	// A point fixed on the Earth (v_ECEF = 0) moves inertially at ω×r.
	re := ECEF{4e6, 3e6, 2e6}
	vi := ECEFToECIVel(re, ECEF{}, th, w)
	ri := ECEFToECI(re, th)
	want := Vec3{0, 0, w}.Cross(Vec3(ri))
	if d := Vec3(vi).Sub(want).Norm(); d > tol {
		t.Errorf("fixed point: v_ECI = %v, want ω×r = %v", vi, want)
	}
	if d := Vec3(ECIToECEFVel(ri, vi, th, w)).Norm(); d > tol {
		t.Errorf("fixed point: v_ECEF back = %v, want 0", d)
	}
	// A body at rest in inertial space appears to move at −ω×r in ECEF.
	ve := ECIToECEFVel(ri, ECI{}, th, w)
	wantE := Vec3{0, 0, w}.Cross(Vec3(re)).Scale(-1)
	if d := Vec3(ve).Sub(wantE).Norm(); d > tol {
		t.Errorf("inertial rest: v_ECEF = %v, want −ω×r = %v", ve, wantE)
	}
	// Round trip of a general state.
	v := ECI{-1200, 7100, 300}
	back := ECEFToECIVel(ECIToECEF(ri, th), ECIToECEFVel(ri, v, th, w), th, w)
	if d := Vec3(back).Sub(Vec3(v)).Norm(); d > tol {
		t.Errorf("velocity round trip off by %g m/s", d)
	}
}
