package ballistic

import (
	"fmt"
	"math"
)

// Arc is a closed-form ballistic arc on a non-rotating spherical Earth with
// point-mass gravity and no atmosphere, launched impulsively from the
// surface and landing on it.
type Arc struct {
	RangeM             float64 // ground range along the surface
	BurnoutSpeedMps    float64
	FlightPathAngleRad float64 // above the local horizontal
	FlightTimeS        float64
	ApogeeAltM         float64
}

// TextbookArc solves the textbook problem in closed form (Bate, Mueller and
// White, Fundamentals of Astrodynamics, 1971, ch. 6; Wheelon, "Free Flight of
// a Ballistic Missile", ARS Journal 29, 1959): for the minimum-energy kind the
// speed is found, otherwise speedMps is given and the flight-path angle is
// the lofted (steeper) or depressed (flatter) root of the free-flight range
// equation sin(2γ + Ψ/2) = (2−Q)/Q · sin(Ψ/2), with Q = v²R/μ.
func TextbookArc(mu, radius, rangeM float64, kind Kind, speedMps float64) (Arc, error) {
	psi := rangeM / radius
	if !(psi > 0) || psi >= 2*math.Pi {
		return Arc{}, fmt.Errorf("ballistic: range %g m is not between 0 and the circumference", rangeM)
	}
	if psi >= math.Pi {
		return Arc{}, fmt.Errorf("ballistic: range %.0f km is beyond half the circumference; fly the other way", rangeM/1e3)
	}
	half := math.Sin(psi / 2)
	qMin := 2 * half / (1 + half)
	var q, gamma float64
	switch kind {
	case MinimumEnergy, "":
		q, gamma = qMin, (math.Pi-psi)/4
	case Lofted, Depressed:
		q = speedMps * speedMps * radius / mu
		if q < qMin*(1-1e-12) {
			return Arc{}, fmt.Errorf("ballistic: burnout speed %.0f m/s is too low for a %.0f km range (minimum %.0f m/s)",
				speedMps, rangeM/1e3, math.Sqrt(qMin*mu/radius))
		}
		if q >= 2 {
			return Arc{}, fmt.Errorf("ballistic: burnout speed %.0f m/s reaches escape speed (%.0f m/s); no ballistic arc",
				speedMps, math.Sqrt(2*mu/radius))
		}
		x := math.Min(1, (2-q)/q*half)
		if kind == Lofted {
			gamma = (math.Pi - math.Asin(x) - psi/2) / 2
		} else {
			gamma = (math.Asin(x) - psi/2) / 2
			if gamma <= 0 {
				return Arc{}, fmt.Errorf("ballistic: no depressed arc at %.0f m/s over %.0f km: at or above circular speed the flat root lies below the horizon",
					speedMps, rangeM/1e3)
			}
		}
	default:
		return Arc{}, fmt.Errorf("ballistic: unknown trajectory kind %q", kind)
	}
	v := math.Sqrt(q * mu / radius)
	// Orbit through burnout: semi-major axis a = R/(2−Q), eccentricity
	// e² = 1 − Q(2−Q)cos²γ; burnout and impact are symmetric about apogee.
	sma := radius / (2 - q)
	cg := math.Cos(gamma)
	ecc := math.Sqrt(math.Max(0, 1-q*(2-q)*cg*cg))
	tof := 0.0
	if ecc > 0 {
		// True anomaly at burnout, ascending: ν0 = π − Ψ/2 (apogee at ν = π).
		nu0 := math.Pi - psi/2
		e0 := 2 * math.Atan(math.Sqrt((1-ecc)/(1+ecc))*math.Tan(nu0/2))
		m0 := e0 - ecc*math.Sin(e0)
		tof = (2*math.Pi - 2*m0) * math.Sqrt(sma*sma*sma/mu)
	} else {
		tof = psi * radius / v // circular: never happens for a surface-to-surface arc
	}
	return Arc{
		RangeM:             rangeM,
		BurnoutSpeedMps:    v,
		FlightPathAngleRad: gamma,
		FlightTimeS:        tof,
		ApogeeAltM:         sma*(1+ecc) - radius,
	}, nil
}
