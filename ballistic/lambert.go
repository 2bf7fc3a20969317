package ballistic

import (
	"fmt"
	"math"

	"github.com/jrmd/jrmd/geo"
)

// Lambert solves Lambert's problem the short way (transfer angle below 180°):
// the two-body arc from r1 to r2 (m, inertial) in dt seconds, returning the
// velocities at both ends. Universal-variable formulation (Bate, Mueller and
// White, Fundamentals of Astrodynamics, 1971, §5.3; Curtis, Orbital Mechanics
// for Engineering Students, Algorithm 5.2), solved by Newton's method kept
// inside a bracket, so it always converges for a valid input.
func Lambert(mu float64, r1, r2 geo.Vec3, dt float64) (v1, v2 geo.Vec3, err error) {
	v1, v2, _, err = LambertFrom(mu, r1, r2, dt, 0)
	return v1, v2, err
}

// LambertFrom is Lambert with Newton's method started at z0 (z = α·χ², the
// universal variable; 0 starts from the parabola) and returning the z it
// converged to: a sequence of nearby problems, each started from the last
// one's z, takes a step or two each.
func LambertFrom(mu float64, r1, r2 geo.Vec3, dt, z0 float64) (v1, v2 geo.Vec3, z float64, err error) {
	n1, n2 := r1.Norm(), r2.Norm()
	if !(dt > 0) || math.IsInf(dt, 0) {
		return v1, v2, z0, fmt.Errorf("ballistic: Lambert: time of flight %g s is not positive", dt)
	}
	if n1 == 0 || n2 == 0 {
		return v1, v2, z0, fmt.Errorf("ballistic: Lambert: endpoint at the origin")
	}
	cosdn := r1.Dot(r2) / (n1 * n2)
	cosdn = math.Max(-1, math.Min(1, cosdn))
	sindn := r1.Cross(r2).Norm() / (n1 * n2)
	// The short-way formulation degenerates as the transfer angle nears 180°
	// (the transfer plane is undefined) and as it nears 0 (rectilinear).
	if sindn < 1e-6 {
		if cosdn < 0 {
			return v1, v2, z0, fmt.Errorf("ballistic: Lambert: transfer angle %.4f° is too close to 180° (plane undefined)", math.Acos(cosdn)*180/math.Pi)
		}
		return v1, v2, z0, fmt.Errorf("ballistic: Lambert: endpoints are collinear with the Earth's centre")
	}
	a := sindn * math.Sqrt(n1*n2/(1-cosdn))
	sqmu := math.Sqrt(mu)
	tof := sqmu * dt
	yOf := func(z float64) (y, c, s float64) {
		c, s = stumpff(z)
		return n1 + n2 + a*(z*s-1)/math.Sqrt(c), c, s
	}
	// F(z) = √μ·t(z) − √μ·dt is increasing in z on (-∞, 4π²); where y ≤ 0
	// the arc does not exist and F is continued by its limit, −√μ·dt.
	const zMax = 4 * math.Pi * math.Pi
	lo, hi := math.Inf(-1), zMax
	z = z0
	if !(z < zMax) {
		z = 0
	}
	for range 100 {
		y, c, s := yOf(z)
		var f, df float64
		if y <= 0 {
			f, df = -tof, 0
		} else {
			yc := y / c
			f = yc*math.Sqrt(yc)*s + a*math.Sqrt(y) - tof
			if math.Abs(z) > 1e-3 {
				df = yc*math.Sqrt(yc)*((c-1.5*s/c)/(2*z)+0.75*s*s/c) + a/8*(3*s/c*math.Sqrt(y)+a*math.Sqrt(c/y))
			} else {
				df = math.Sqrt2/40*y*math.Sqrt(y) + a/8*(math.Sqrt(y)+a*math.Sqrt(1/(2*y)))
			}
		}
		// A time of flight right to 1e-11 of itself (a nanosecond in 100
		// s): any finer is below the rounding noise of F, where Newton
		// steps only dither.
		if math.Abs(f) <= 1e-11*tof {
			break
		}
		if f < 0 {
			lo = z
		} else {
			hi = z
		}
		next := z - f/df
		if df <= 0 || math.IsNaN(next) || next <= lo || next >= hi {
			switch {
			case math.IsInf(lo, -1):
				next = math.Min(2*z-1, -1) // walk down until bracketed
				if next >= hi {
					next = hi - 1
				}
			default:
				next = 0.5 * (lo + hi)
			}
		}
		if math.Abs(next-z) <= 1e-14*math.Max(1, math.Abs(z)) {
			z = next
			break
		}
		z = next
	}
	y, _, _ := yOf(z)
	if !(y > 0) {
		return v1, v2, z0, fmt.Errorf("ballistic: Lambert: no arc for %g s", dt)
	}
	f := 1 - y/n1
	g := a * math.Sqrt(y/mu)
	gd := 1 - y/n2
	v1 = r2.Sub(r1.Scale(f)).Scale(1 / g)
	v2 = r2.Scale(gd).Sub(r1).Scale(1 / g)
	return v1, v2, z, nil
}
