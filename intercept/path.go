package intercept

import (
	"math"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// Path is one interceptor's flight from its launch to its intercept, for
// drawing and state tables: the fly-out a plan solves (the same Lambert
// coast from the same gravity-turn burnout), sampled in time.
//
// The coast, from burnout to intercept, is exact two-body motion (the
// arc the fly-out solved, propagated with ballistic.Kepler). The boost is
// drawn as the cubic that leaves the site with the Earth's velocity and
// reaches the burnout point with the burnout velocity: the fly-out model
// knows where a gravity turn ends, not each point of it, so boost
// positions are an interpolation, not a solution.
type Path struct {
	e                   geo.Earth
	launchS, interceptS float64
	burnoutS            float64
	// Inertial (ECEF at scenario time 0) launch and burnout states.
	r0, v0, rb, vb geo.Vec3
	// chord: no fly-out reaches the point at that time (or the type
	// burns longer than the flight): the path is the straight line from
	// the site to the point, at constant speed.
	chord bool
	pip   geo.Vec3
}

// FlyPath is the flight of an interceptor of type it launched from site
// at launchS to reach the ECEF point pip at interceptS (scenario times:
// the inertial frame is ECEF at time 0, the Earth turning at e.Omega).
// When no fly-out reaches the point at that time, the path is the
// straight chord from the site, and ok is false.
func FlyPath(e geo.Earth, site geo.LLA, it Interceptor, launchS float64, pip geo.ECEF, interceptS float64) (p Path, ok bool) {
	f := newFlyout(e, site, it.BurnTimeS)
	p = Path{e: e, launchS: launchS, interceptS: interceptS}
	p.pip = geo.Vec3(geo.ECEFToECI(pip, e.Omega*interceptS))
	p.r0 = geo.Vec3(geo.ECEFToECI(f.site, e.Omega*launchS))
	p.v0 = geo.Vec3{-e.Omega * p.r0[1], e.Omega * p.r0[0], 0}
	a, ok := f.arc(launchS, p.pip, interceptS)
	if !ok {
		p.chord = true
		return p, false
	}
	p.burnoutS, p.rb, p.vb = a.BurnoutS, a.BurnoutPos, a.BurnoutVel
	if it.BurnTimeS == 0 {
		p.rb, p.vb = p.r0, a.BurnoutVel
	}
	return p, true
}

// LaunchS and InterceptS bound the path in time.
func (p Path) LaunchS() float64    { return p.launchS }
func (p Path) InterceptS() float64 { return p.interceptS }

// At is the interceptor's ECEF position (m) and Earth-relative velocity
// (m/s, ECEF axes) at scenario time t, clamped to the flight.
func (p Path) At(t float64) (geo.ECEF, geo.ECEF) {
	t = math.Max(p.launchS, math.Min(t, p.interceptS))
	var r, v geo.Vec3
	switch {
	case p.chord:
		d := p.interceptS - p.launchS
		if d <= 0 {
			r = p.pip
			break
		}
		v = p.pip.Sub(p.r0).Scale(1 / d)
		r = p.r0.Add(v.Scale(t - p.launchS))
	case t < p.burnoutS:
		r, v = hermite(p.r0, p.v0, p.rb, p.vb, p.burnoutS-p.launchS, t-p.launchS)
	default:
		var err error
		if r, v, err = ballistic.Kepler(p.e.Mu, p.rb, p.vb, t-p.burnoutS); err != nil {
			r, v = p.rb, p.vb // from the origin only: not a burnout point
		}
	}
	th := p.e.Omega * t
	return geo.ECIToECEF(geo.ECI(r), th), geo.ECIToECEFVel(geo.ECI(r), geo.ECI(v), th, p.e.Omega)
}

// hermite is the cubic from (r0, v0) to (r1, v1) over a time d, and its
// derivative, at time s into it.
func hermite(r0, v0, r1, v1 geo.Vec3, d, s float64) (geo.Vec3, geo.Vec3) {
	u := s / d
	h00, h10, h01, h11 := 2*u*u*u-3*u*u+1, u*u*u-2*u*u+u, -2*u*u*u+3*u*u, u*u*u-u*u
	d00, d10, d01, d11 := (6*u*u-6*u)/d, 3*u*u-4*u+1, (-6*u*u+6*u)/d, 3*u*u-2*u
	var r, v geo.Vec3
	for i := range 3 {
		r[i] = h00*r0[i] + h10*d*v0[i] + h01*r1[i] + h11*d*v1[i]
		v[i] = d00*r0[i] + d10*v0[i] + d01*r1[i] + d11*v1[i]
	}
	return r, v
}
