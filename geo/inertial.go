package geo

import (
	"math"
	"time"
)

const (
	// j2000Unix is the Unix time of the J2000.0 epoch, 2000-01-01 12:00:00
	// (JD 2451545.0), taken here on the UT1 ≈ UTC scale.
	j2000Unix = 946728000
	// secondsPerCentury is one Julian century of 36525 days of 86400 s.
	secondsPerCentury = 36525 * 86400
)

// GMST returns the Greenwich mean sidereal time at t, radians in [0, 2π):
// the Earth rotation angle that ECIToECEF expects.
//
// It is the IAU-1982 expression (Aoki et al., Astron. Astrophys. 105 (1982)
// 359–361), as Vallado, "Fundamentals of Astrodynamics and Applications",
// 4th ed. (2013), eq. 3-47:
//
//	θ = 67310.54841 s + (876600 h + 8640184.812866 s)·T + 0.093104 s·T² − 6.2e-6 s·T³
//
// with T the Julian centuries of UT1 since J2000.0. UT1 is taken equal to
// UTC (|UT1 − UTC| < 0.9 s, up to 0.4 km of rotation at the equator), and
// leap seconds are ignored as time.Time ignores them.
func GMST(t time.Time) float64 {
	// 876600 h·T is exactly the elapsed UT1 seconds since J2000, so that
	// term is reduced modulo one day in integers before going to floating
	// point; that keeps sub-microsecond resolution at any date.
	sec := t.Unix() - j2000Unix
	frac := float64(t.Nanosecond()) * 1e-9
	tc := (float64(sec) + frac) / secondsPerCentury
	day := sec % 86400
	if day < 0 {
		day += 86400
	}
	g := 67310.54841 + float64(day) + frac + tc*(8640184.812866+tc*(0.093104-6.2e-6*tc))
	g = math.Mod(g, 86400)
	if g < 0 {
		g += 86400
	}
	th := g * (twoPi / 86400)
	if th >= twoPi {
		th = 0
	}
	return th
}

// ECIToECEF rotates an ECI position or direction into ECEF, where theta is
// the Earth rotation angle (radians; GMST(t), or Omega·t for a simulation
// epoch at which the frames coincide): r_ECEF = R3(θ)·r_ECI.
func ECIToECEF(r ECI, theta float64) ECEF {
	s, c := math.Sincos(theta)
	return ECEF{c*r[0] + s*r[1], -s*r[0] + c*r[1], r[2]}
}

// ECEFToECI is the inverse of ECIToECEF.
func ECEFToECI(r ECEF, theta float64) ECI {
	s, c := math.Sincos(theta)
	return ECI{c*r[0] - s*r[1], s*r[0] + c*r[1], r[2]}
}

// ECIToECEFVel converts an inertial velocity v at inertial position r to the
// Earth-fixed velocity, v_ECEF = R3(θ)·v_ECI − ω×r_ECEF, where omega is the
// rotation rate (rad/s, usually Earth.Omega) about z.
func ECIToECEFVel(r, v ECI, theta, omega float64) ECEF {
	re := ECIToECEF(r, theta)
	ve := ECIToECEF(v, theta)
	return ECEF{ve[0] + omega*re[1], ve[1] - omega*re[0], ve[2]}
}

// ECEFToECIVel is the inverse of ECIToECEFVel: v_ECI = R3(θ)ᵀ·(v_ECEF + ω×r_ECEF)
// for an Earth-fixed position r and velocity v.
func ECEFToECIVel(r, v ECEF, theta, omega float64) ECI {
	return ECEFToECI(ECEF{v[0] - omega*r[1], v[1] + omega*r[0], v[2]}, theta)
}
