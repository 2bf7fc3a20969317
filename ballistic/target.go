package ballistic

import (
	"fmt"
	"math"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/optimize"
)

// Impulsive targeting. A launch from the surface point r0 that reaches the
// aim point after T seconds is a Lambert arc in the inertial frame (the aim
// point has turned by Omega·T); the missile supplies the velocity relative
// to the rotating Earth, v − ω×r0. Minimum energy minimises that speed over
// T; lofted and depressed arcs are the long and short roots in T of a given
// speed. The Lambert arc ignores J2 and drag: the aim point is then moved
// against the miss of the full numerical flight until the flight lands
// within impulsiveTolM of the real target.

// lambertLaunch returns the Earth-relative launch speed and the inertial
// launch velocity that reach aim (ECEF) after t seconds.
func (p *problem) lambertLaunch(aim geo.ECEF, t float64) (float64, geo.Vec3) {
	r2 := geo.ECEFToECI(aim, p.e.Omega*t)
	v1, _, err := Lambert(p.e.Mu, geo.Vec3(p.r0), geo.Vec3(r2), t)
	if err != nil {
		return math.Inf(1), v1
	}
	w := geo.Vec3{-p.e.Omega * p.r0[1], p.e.Omega * p.r0[0], 0}
	return v1.Sub(w).Norm(), v1
}

// minEnergyTime brackets and finds the flight time of least launch speed.
func (p *problem) minEnergyTime(aim geo.ECEF, guess float64) (float64, float64) {
	speed := func(t float64) float64 { s, _ := p.lambertLaunch(aim, t); return s }
	return optimize.Min(speed, 0.5*guess, 1.6*guess, 1e-6)
}

// textbookGuess is the flight time of the non-rotating spherical problem of
// the same central angle: a starting point for the bracket searches.
func (p *problem) textbookGuess(aim geo.ECEF) float64 {
	r0, r1 := geo.Vec3(p.r0), geo.Vec3(aim)
	psi := math.Acos(math.Max(-1, math.Min(1, r0.Dot(r1)/(r0.Norm()*r1.Norm()))))
	radius := r0.Norm()
	arc, err := TextbookArc(p.e.Mu, radius, psi*radius, MinimumEnergy, 0)
	if err != nil {
		return 1800
	}
	return arc.FlightTimeS
}

// impulsiveLaunch finds the launch velocity of the requested kind to aim.
func (p *problem) impulsiveLaunch(aim geo.ECEF, guess float64) (float64, geo.Vec3, error) {
	tMin, vMin := p.minEnergyTime(aim, guess)
	if math.IsInf(vMin, 1) {
		return 0, geo.Vec3{}, fmt.Errorf("ballistic: no ballistic arc between these points (antipodal?)")
	}
	if p.kind == MinimumEnergy {
		_, v := p.lambertLaunch(aim, tMin)
		return tMin, v, nil
	}
	want := p.req.BurnoutSpeedMps
	if want < vMin*(1-1e-9) {
		return 0, geo.Vec3{}, fmt.Errorf("ballistic: burnout speed %.0f m/s is too low for this %.0f km flight (minimum-energy speed %.0f m/s)",
			want, p.groundRangeM()/1e3, vMin)
	}
	excess := func(t float64) float64 { s, _ := p.lambertLaunch(aim, t); return s - want }
	var lo, hi float64
	if p.kind == Depressed {
		lo, hi = tMin/2, tMin
		for i := 0; excess(lo) <= 0; i++ {
			if i > 60 {
				return 0, geo.Vec3{}, fmt.Errorf("ballistic: no depressed arc at %.0f m/s", want)
			}
			lo /= 2
		}
	} else {
		lo, hi = tMin, tMin*1.5
		for i := 0; excess(hi) <= 0; i++ {
			if i > 30 || hi > maxFlightS {
				return 0, geo.Vec3{}, fmt.Errorf("ballistic: burnout speed %.0f m/s is too high for a lofted arc (near escape)", want)
			}
			hi *= 1.5
		}
		lo, hi = hi, lo // excess must go from positive to negative
	}
	t := optimize.Root(lo, hi, 1e-12, excess)
	_, v := p.lambertLaunch(aim, t)
	// A depressed arc must leave upward.
	if p.kind == Depressed {
		if up := geo.Vec3(p.r0).Unit(); v.Sub(geo.Vec3{-p.e.Omega * p.r0[1], p.e.Omega * p.r0[0], 0}).Dot(up) <= 0 {
			return 0, geo.Vec3{}, fmt.Errorf("ballistic: no depressed arc at %.0f m/s: the flat root leaves below the horizon (speed at or above circular)", want)
		}
	}
	return t, v, nil
}

func (p *problem) groundRangeM() float64 {
	d, _, _ := p.e.Inverse(p.launch, p.target)
	return d
}

// solveImpulsive returns the inertial launch state (t = 0).
func (p *problem) solveImpulsive() (vec6, error) {
	aim := p.aim0
	guess := p.textbookGuess(aim)
	var miss float64
	for range maxAimIter {
		t, v, err := p.impulsiveLaunch(aim, guess)
		if err != nil {
			return vec6{}, err
		}
		y := vec6{p.r0[0], p.r0[1], p.r0[2], v[0], v[1], v[2]}
		tImp, yImp, err := p.flyCoast(0, y, nil)
		if err != nil {
			return vec6{}, err
		}
		d := geo.Vec3(p.toECEF(tImp, yImp)).Sub(geo.Vec3(p.aim0))
		if miss = d.Norm(); miss < impulsiveTolM {
			return y, nil
		}
		aim = p.onSurface(geo.ECEF(geo.Vec3(aim).Sub(d)))
		guess = t
	}
	return vec6{}, fmt.Errorf("ballistic: targeting did not converge (miss %.0f m)", miss)
}
