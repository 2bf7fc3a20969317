package ballistic

import (
	"fmt"
	"math"

	"github.com/jrmd/jrmd/geo"
)

// boost is powered flight: gravity, thrust and drag on a staged rocket.
// Thrust points along the local vertical during the vertical rise, then
// along the Earth-relative velocity (a zero-lift gravity turn).
type boost struct {
	e      geo.Earth
	g      gravityField
	m      *Missile
	stage  int     // stage burning now
	t0     float64 // its ignition time
	mass0  float64 // total mass at its ignition, kg
	mdot   float64 // its propellant flow, kg/s
	thrust float64 // N
	rising bool    // still in the vertical rise
	area   float64 // reference area, m²
}

func (b *boost) ignite(stage int, t float64, mass float64) {
	s := b.m.Stages[stage]
	b.stage, b.t0, b.mass0 = stage, t, mass
	b.mdot = s.PropellantKg / s.BurnS
	b.thrust = b.mdot * s.IspS * StandardGravity
}

func (b *boost) deriv(t float64, y, dy *vec6) {
	ax, ay, az := b.g.accel(y[0], y[1], y[2])
	m := b.mass0 - b.mdot*(t-b.t0)
	vx, vy, vz := y[3]+b.e.Omega*y[1], y[4]-b.e.Omega*y[0], y[5]
	v := math.Sqrt(vx*vx + vy*vy + vz*vz)
	var ux, uy, uz float64
	if b.rising || v < 1 {
		ux, uy, uz = upInertial(&b.e, y)
	} else {
		ux, uy, uz = vx/v, vy/v, vz/v
	}
	k := b.thrust / m
	ax, ay, az = ax+k*ux, ay+k*uy, az+k*uz
	if h := approxAlt(&b.e, y[0], y[1], y[2]); h < dragTop && b.m.BoostCd > 0 {
		kd := -0.5 * Density(h) * v * b.m.BoostCd * b.area / m
		ax, ay, az = ax+kd*vx, ay+kd*vy, az+kd*vz
	}
	dy[0], dy[1], dy[2], dy[3], dy[4], dy[5] = y[3], y[4], y[5], ax, ay, az
}

// upInertial is the ellipsoid normal through the point (the local geodetic
// vertical), which is invariant under rotation about z.
func upInertial(e *geo.Earth, y *vec6) (float64, float64, float64) {
	b := e.B()
	nx, ny, nz := y[0]/(e.A*e.A), y[1]/(e.A*e.A), y[2]/(b*b)
	n := math.Sqrt(nx*nx + ny*ny + nz*nz)
	return nx / n, ny / n, nz / n
}

// boostControls steer a boost: the launch azimuth, the pitch-over kick and
// the thrust cut-off time.
type boostControls struct {
	azRad   float64 // azimuth of the kick, from north
	kickRad float64 // pitch-over from the vertical at the end of the rise
	cutoffS float64 // thrust termination, ≤ the missile's total burn time
	// speedMps, when set, also cuts thrust where the Earth-relative speed
	// reaches it.
	speedMps float64
}

// flyBoost flies the powered phase from the launch point and returns the
// burnout time and inertial state.
func flyBoost(e geo.Earth, m *Missile, launch geo.ECEF, c boostControls, rec *recorder) (float64, vec6, error) {
	if c.cutoffS <= m.VerticalRiseS || c.cutoffS > m.BurnTimeS()+1e-9 {
		return 0, vec6{}, fmt.Errorf("ballistic: cut-off %.1f s outside the burn (%.1f–%.1f s)", c.cutoffS, m.VerticalRiseS, m.BurnTimeS())
	}
	b := &boost{e: e, g: newGravity(&e), m: m, rising: true, area: math.Pi * m.DiameterM * m.DiameterM / 4}
	y := vec6{launch[0], launch[1], launch[2], -e.Omega * launch[1], e.Omega * launch[0], 0}
	b.ignite(0, 0, m.LaunchMassKg())
	d := newDopri(b, 0, y)
	d.hMax = 5
	// Vertical rise.
	if _, err := run(d, m.VerticalRiseS, impactEvent(&e), rec); err != nil {
		return 0, vec6{}, err
	}
	// Pitch-over kick: rotate the Earth-relative velocity by kick toward az.
	y = d.y
	ux, uy, uz := upInertial(&e, &y)
	up := geo.Vec3{ux, uy, uz}
	east := geo.Vec3{0, 0, 1}.Cross(up).Unit()
	north := up.Cross(east)
	w := geo.Vec3{-e.Omega * y[1], e.Omega * y[0], 0}
	vrel := geo.Vec3{y[3], y[4], y[5]}.Sub(w)
	dir := up.Scale(math.Cos(c.kickRad)).Add(north.Scale(math.Sin(c.kickRad) * math.Cos(c.azRad))).Add(east.Scale(math.Sin(c.kickRad) * math.Sin(c.azRad)))
	v := dir.Scale(vrel.Norm()).Add(w)
	y[3], y[4], y[5] = v[0], v[1], v[2]
	b.rising = false
	t := d.t
	d.reset(t, y)
	// One event stops the boost: reaching the cut-off speed, or hitting the
	// ground (a kick too steep for the rocket's thrust).
	speedLeft := func(y *vec6) float64 {
		if c.speedMps == 0 {
			return math.Inf(1)
		}
		vx, vy, vz := y[3]+e.Omega*y[1], y[4]-e.Omega*y[0], y[5]
		return c.speedMps - math.Sqrt(vx*vx+vy*vy+vz*vz)
	}
	cut := func(y *vec6) float64 { return math.Min(speedLeft(y), level(&e, y)*e.A) }
	for i, s := range m.Stages {
		end := math.Min(b.t0+s.BurnS, c.cutoffS)
		if end > t {
			fired, err := run(d, end, cut, rec)
			if err != nil {
				return 0, vec6{}, err
			}
			t = d.t
			if fired {
				if level(&e, &d.y) <= 1e-9 {
					return 0, vec6{}, fmt.Errorf("ballistic: the %s hits the ground during boost (kick %.1f° too steep)", m.Name, c.kickRad*180/math.Pi)
				}
				break
			}
		}
		if t >= c.cutoffS || i == len(m.Stages)-1 {
			break
		}
		b.ignite(i+1, t, b.mass0-s.PropellantKg-s.DryKg)
		d.reset(t, d.y)
	}
	if c.speedMps > 0 && speedLeft(&d.y) > 1e-6*c.speedMps {
		return 0, vec6{}, fmt.Errorf("ballistic: the %s cannot reach %.1f m/s on this arc (full burn gives %.1f m/s)", m.Name, c.speedMps, c.speedMps-speedLeft(&d.y))
	}
	return t, d.y, nil
}
