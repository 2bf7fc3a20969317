package intercept

import (
	"math"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// Fly-outs are computed in the threat's launch inertial frame: ECEF at the
// threat's launch (t = 0), the Earth turning at Omega, so a site's inertial
// position at time t is its ECEF position rotated by Omega·t.

// flyout is an interceptor launched from one site.
type flyout struct {
	e     geo.Earth
	site  geo.ECEF // surface point, m
	up    geo.Vec3 // local vertical (ellipsoid normal) in ECEF
	burnS float64
	boost *boostTable // the gravity turns of burnS; nil for an impulsive launch
	// z is the universal variable of the last coast arc solved: a search
	// solves many nearby arcs, and each starts Lambert's iteration there.
	z float64
	// u is the Earth-relative burnout velocity of the last fly-out found
	// (warm: there is one). A search solves fly-outs of nearby launch and
	// intercept times, and each fixed point starts from the last one's
	// (from the chord, should that not settle): about a fifth fewer
	// Lambert solves than from the chord each time.
	warm bool
	u    geo.Vec3
}

func newFlyout(e geo.Earth, site geo.LLA, burnS float64) flyout {
	s := geo.LLA{LatDeg: site.LatDeg, LonDeg: site.LonDeg}
	r := e.ToECEF(s)
	b := e.B()
	up := geo.Vec3{r[0] / (e.A * e.A), r[1] / (e.A * e.A), r[2] / (b * b)}.Unit()
	f := flyout{e: e, site: r, up: up, burnS: burnS}
	if burnS > 0 {
		f.boost = boostTableFor(e, burnS)
	}
	return f
}

// boostEnd is where the gravity-turn boost ends (ECEF, m) when its burnout
// velocity relative to the Earth is u (ECEF axes, m/s): it climbs in the
// vertical plane of u's azimuth, and the table gives its end from u's
// speed and elevation above the site's horizon. It also returns that
// elevation (rad); ok is false when no boost in the table ends so (a
// burnout speed under g₀·t_b/boostMaxP, or a turn that would hit the
// ground), though the end is still given where the table has one.
func (f *flyout) boostEnd(u geo.Vec3) (end geo.Vec3, eps float64, ok bool) {
	v := math.Sqrt(u[0]*u[0] + u[1]*u[1] + u[2]*u[2])
	c := u[0]*f.up[0] + u[1]*f.up[1] + u[2]*f.up[2]
	h := geo.Vec3{u[0] - c*f.up[0], u[1] - c*f.up[1], u[2] - c*f.up[2]}
	hn := math.Sqrt(h[0]*h[0] + h[1]*h[1] + h[2]*h[2])
	eps = math.Atan2(c, hn)
	p := f.boost.g0 * f.burnS / v
	x, z, ok := f.boost.at(p, eps)
	half := 0.5 * v * f.burnS
	kz, kx := z*half, 0.0
	if hn > 0 {
		kx = x * half / hn
	}
	end = geo.Vec3{f.site[0] + kz*f.up[0] + kx*h[0], f.site[1] + kz*f.up[1] + kx*h[1], f.site[2] + kz*f.up[2] + kx*h[2]}
	return end, eps, ok && p <= boostMaxP
}

// Arc is one interceptor fly-out: launch, burnout and intercept.
type Arc struct {
	LaunchS, BurnoutS, InterceptS float64
	BurnoutSpeedMps               float64  // Earth-relative speed needed at burnout
	BurnoutPos                    geo.Vec3 // inertial, m
	BurnoutVel                    geo.Vec3 // inertial, m/s
	InterceptVel                  geo.Vec3 // inertial velocity at the intercept point, m/s
}

// arc solves the fly-out that launches at tL and reaches the inertial point
// p at time tI. The coast from burnout is a Lambert arc; the boost is a
// gravity turn (boostEnd) whose end depends on the burnout velocity it
// gives, relative to the turning Earth, so where the boost ends depends on
// the arc it starts: the burnout velocity u solves u = F(u), F giving the
// Lambert arc's velocity (Earth-relative) from the boost's end, which the
// Earth carries round with the site. The end moves about ½·t_b per unit of
// u, as a straight constant-acceleration climb's would, so plain iteration
// converges with ratio about t_b/(2·coast), since F′ ≈ −½·t_b/coast·I (a
// Lambert arc's departure velocity changes by −δ/coast when its start
// moves by δ): 0.07 for long coasts, 0.4–0.8 for the short ones of late
// launches. Relaxed by 1/(1 + t_b/(2·coast)), which cancels that
// first-order term, it gains two to three digits an iteration on any
// coast, and stops when the boost it assumed ends within arcTolM of the
// one its burnout velocity gives. ok is false when no arc exists, it would leave
// the site downward (the burnout velocity below the site's horizon), or
// no gravity turn gives its burnout velocity.
func (f *flyout) arc(tL float64, p geo.Vec3, tI float64) (Arc, bool) {
	coast := tI - tL - f.burnS
	if !(coast > 0) {
		return Arc{}, false
	}
	theta := f.e.Omega * tL
	rs := geo.Vec3(geo.ECEFToECI(f.site, theta))
	// The rotation from ECEF at burnout to the inertial frame.
	sb, cb := math.Sincos(f.e.Omega * (tL + f.burnS))
	toECEF := func(v geo.Vec3) geo.Vec3 { return geo.Vec3{cb*v[0] + sb*v[1], -sb*v[0] + cb*v[1], v[2]} }
	toECI := func(v geo.Vec3) geo.Vec3 { return geo.Vec3{cb*v[0] - sb*v[1], sb*v[0] + cb*v[1], v[2]} }
	a := Arc{LaunchS: tL, BurnoutS: tL + f.burnS, InterceptS: tI, BurnoutPos: rs}
	u := p.Sub(rs).Scale(1 / coast) // the chord's mean velocity: a first guess
	warm := f.warm
	if warm {
		u = f.u
	}
	fail := func() (Arc, bool) {
		if warm {
			f.warm = false
			return f.arc(tL, p, tI) // from the chord after all
		}
		return Arc{}, false
	}
	relax := 1 / (1 + f.burnS/(2*coast))
	iterations := 1
	if f.burnS > 0 {
		iterations = arcIterations
	}
	var rel geo.Vec3
	var eps float64 // the burnout velocity's elevation above the site's horizon
	boosted := true
	for k := range iterations {
		if f.burnS > 0 {
			var end geo.Vec3
			end, eps, boosted = f.boostEnd(toECEF(u))
			a.BurnoutPos = toECI(end)
		}
		v1, v2, z, err := ballistic.LambertFrom(f.e.Mu, a.BurnoutPos, p, coast, f.z)
		if err != nil {
			return fail()
		}
		f.z = z
		wb := geo.Vec3{-f.e.Omega * a.BurnoutPos[1], f.e.Omega * a.BurnoutPos[0], 0}
		rel = v1.Sub(wb)
		a.BurnoutVel, a.InterceptVel, a.BurnoutSpeedMps = v1, v2, rel.Norm()
		// The boost's end moves about ½·t_b per unit of burnout velocity.
		if f.burnS == 0 || 0.5*f.burnS*rel.Sub(u).Norm() < arcTolM {
			break
		}
		if k == iterations-1 {
			return fail() // not settled: no consistent fly-out
		}
		u = u.Add(rel.Sub(u).Scale(relax))
	}
	f.warm, f.u = true, rel
	if f.burnS == 0 {
		up := geo.Vec3(geo.ECEFToECI(geo.ECEF(f.up), theta))
		if rel.Dot(up) <= 0 {
			return Arc{}, false // would leave downward
		}
	} else if !boosted || eps <= 0 {
		return Arc{}, false // downward, or no gravity turn gives it
	}
	return a, !math.IsNaN(a.BurnoutSpeedMps)
}

// The fly-out's fixed point: the boost assumed and the one the burnout
// velocity gives end within arcTolM (m) of each other (a relative 1e-5 in
// the burnout velocity at 6.3 km/s and a 60 s burn), within arcIterations
// Lambert solves (3–4 are typical).
const (
	arcTolM       = 2.0
	arcIterations = 8
)

// FanPoint is one point of a fly-out fan: where an interceptor is after
// flying TOFS seconds toward an azimuth, its burnout velocity GammaDeg
// above the site's horizon.
type FanPoint struct {
	TOFS, AzDeg, GammaDeg float64
	Pos                   geo.LLA
}

// Fan samples the fly-out fan of an interceptor launched at time 0 from
// site: for each time of flight, the points reached over nAz azimuths and
// nGamma burnout elevations in (0°, 90°). Its outer envelope per time of
// flight is the reachable region (Earth rotation included).
func Fan(e geo.Earth, site geo.LLA, it Interceptor, tofs []float64, nAz, nGamma int) []FanPoint {
	f := newFlyout(e, site, it.BurnTimeS)
	var pts []FanPoint
	for _, tof := range tofs {
		for i := range nAz {
			az := 2 * math.Pi * float64(i) / float64(nAz)
			for j := range nGamma {
				gamma := math.Pi / 2 * float64(j+1) / float64(nGamma+1)
				if p, ok := f.fanPoint(it.BurnoutSpeedMps, az, gamma, tof); ok {
					pts = append(pts, FanPoint{TOFS: tof, AzDeg: az * 180 / math.Pi, GammaDeg: gamma * 180 / math.Pi, Pos: e.ToLLA(p)})
				}
			}
		}
	}
	return pts
}

// fanPoint flies a burnout speed v toward azimuth az, the burnout velocity
// gamma (rad) above the site's horizon, from a launch at t = 0, and
// returns its ECEF position after tof seconds: the gravity-turn boost, then
// a Kepler coast.
func (f *flyout) fanPoint(v, az, gamma, tof float64) (geo.ECEF, bool) {
	if tof < f.burnS {
		return geo.ECEF{}, false
	}
	site := f.e.ToLLA(f.site)
	dir := geo.RotateFromENU(site, geo.FromAER(geo.AER{AzRad: az, ElRad: gamma, RangeM: 1}))
	end := geo.Vec3(f.site)
	if f.burnS > 0 {
		var ok bool
		if end, _, ok = f.boostEnd(dir.Scale(v)); !ok {
			return geo.ECEF{}, false
		}
	}
	theta := f.e.Omega * f.burnS
	rb := geo.Vec3(geo.ECEFToECI(geo.ECEF(end), theta))
	vb := geo.Vec3(geo.ECEFToECI(geo.ECEF(dir.Scale(v)), theta)).Add(geo.Vec3{-f.e.Omega * rb[1], f.e.Omega * rb[0], 0})
	r, _, err := ballistic.Kepler(f.e.Mu, rb, vb, tof-f.burnS)
	if err != nil {
		return geo.ECEF{}, false
	}
	return geo.ECIToECEF(geo.ECI(r), f.e.Omega*tof), true
}
