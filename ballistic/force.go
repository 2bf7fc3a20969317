package ballistic

import (
	"math"

	"github.com/jrmd/jrmd/geo"
)

// StandardGravity g0 converts specific impulse (s) to exhaust speed (m/s)
// (CGPM 1901 conventional value).
const StandardGravity = 9.80665

// gravityField is point-mass plus J2 gravity with its constants folded.
type gravityField struct {
	mu  float64 // GM, m³/s²
	j2c float64 // 1.5·J2·a², m²
}

func newGravity(e *geo.Earth) gravityField {
	return gravityField{mu: e.Mu, j2c: 1.5 * e.J2 * e.A * e.A}
}

// accel is the acceleration (m/s²) at r, in any frame whose z axis is the
// Earth's rotation axis (Vallado, Fundamentals of Astrodynamics and
// Applications, 4th ed., eq. 8-30). Branch-free and small so that it inlines
// into the integrator's force evaluations; with J2 = 0 it is exactly
// point-mass gravity.
func (g gravityField) accel(x, y, z float64) (ax, ay, az float64) {
	inv2 := 1 / (x*x + y*y + z*z)
	k := -g.mu * inv2 * math.Sqrt(inv2)
	q := g.j2c * inv2
	z2 := 5 * z * z * inv2
	kxy := k * (1 + q*(1-z2))
	return kxy * x, kxy * y, k * (1 + q*(3-z2)) * z
}

// approxAlt is the height above the ellipsoid to first order in flattening
// (error ≲ a·f², about 70 m on WGS-84): ample for atmospheric density, whose
// scale height is ~7 km.
func approxAlt(e *geo.Earth, x, y, z float64) float64 {
	r := math.Sqrt(x*x + y*y + z*z)
	s := z / r
	return r - e.A*(1-e.F*s*s)
}

// coast is free flight: gravity, plus drag of a body with ballistic
// coefficient beta (kg/m²) in the atmosphere co-rotating with the Earth.
type coast struct {
	e    geo.Earth
	g    gravityField
	beta float64 // 0: no drag
}

func newCoast(e geo.Earth, beta float64) *coast {
	return &coast{e: e, g: newGravity(&e), beta: beta}
}

// dragTop is where drag is switched off: above it the 1976 atmosphere's
// density is < 6e-10 kg/m³, far below anything that moves a warhead.
const dragTop = 200e3

func (c *coast) deriv(_ float64, y, dy *vec6) {
	ax, ay, az := c.g.accel(y[0], y[1], y[2])
	if c.beta > 0 {
		if h := approxAlt(&c.e, y[0], y[1], y[2]); h < dragTop {
			vx, vy, vz := y[3]+c.e.Omega*y[1], y[4]-c.e.Omega*y[0], y[5]
			v := math.Sqrt(vx*vx + vy*vy + vz*vz)
			k := -0.5 * Density(h) * v / c.beta
			ax, ay, az = ax+k*vx, ay+k*vy, az+k*vz
		}
	}
	dy[0], dy[1], dy[2], dy[3], dy[4], dy[5] = y[3], y[4], y[5], ax, ay, az
}
