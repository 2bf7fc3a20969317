package ballistic

import (
	"errors"
	"fmt"
	"math"

	"github.com/jrmd/jrmd/geo"
)

// stumpff returns the Stumpff functions C(z) and S(z) (Bate, Mueller and
// White, Fundamentals of Astrodynamics, 1971, §4.5), with series near 0.
func stumpff(z float64) (c, s float64) {
	switch {
	case z > 1e-3:
		sz := math.Sqrt(z)
		return (1 - math.Cos(sz)) / z, (sz - math.Sin(sz)) / (sz * z)
	case z < -1e-3:
		sz := math.Sqrt(-z)
		return (math.Cosh(sz) - 1) / -z, (math.Sinh(sz) - sz) / (sz * -z)
	default:
		return 1.0/2 - z/24 + z*z/720 - z*z*z/40320, 1.0/6 - z/120 + z*z/5040 - z*z*z/362880
	}
}

// Kepler propagates a two-body state (inertial, m and m/s) by dt seconds
// with universal variables
// (Vallado, 4th ed., Algorithm 8; Curtis, Orbital Mechanics for Engineering
// Students, Algorithm 3.4). Valid for every conic.
func Kepler(mu float64, r0, v0 geo.Vec3, dt float64) (geo.Vec3, geo.Vec3, error) {
	if dt == 0 {
		return r0, v0, nil
	}
	rn := r0.Norm()
	vn := v0.Norm()
	if rn == 0 {
		return r0, v0, errors.New("ballistic: Kepler propagation from the origin")
	}
	sqmu := math.Sqrt(mu)
	rdotv := r0.Dot(v0)
	alpha := 2/rn - vn*vn/mu // 1/a
	// Initial guesses from Vallado, Algorithm 8. Ellipses first drop whole
	// periods, which changes nothing but the iteration count.
	var chi float64
	switch {
	case alpha > 1e-12:
		period := 2 * math.Pi / (sqmu * alpha * math.Sqrt(alpha))
		dt = math.Mod(dt, period)
		chi = sqmu * alpha * dt
	case alpha < -1e-12:
		a := 1 / alpha
		sg := math.Copysign(1, dt)
		chi = sg * math.Sqrt(-a) * math.Log(-2*mu*alpha*dt/(rdotv+sg*math.Sqrt(-mu*a)*(1-rn*alpha)))
		if math.IsNaN(chi) || math.IsInf(chi, 0) {
			chi = sqmu * dt / rn
		}
	default:
		chi = sqmu * dt / rn
	}
	// F(χ) = t(χ)·√μ − √μ·dt increases with χ (dF/dχ = r > 0), so Newton's
	// method is kept inside a bracket that shrinks with every evaluation and
	// falls back to bisection: nearly rectilinear orbits converge too.
	kepF := func(chi float64) (f, r float64) {
		z := alpha * chi * chi
		c, s := stumpff(z)
		chi2 := chi * chi
		r = chi2*c + rdotv/sqmu*chi*(1-z*s) + rn*(1-z*c)
		f = rdotv/sqmu*chi2*c + (1-alpha*rn)*chi2*chi*s + rn*chi - sqmu*dt
		return f, r
	}
	lo, hi := math.Inf(-1), math.Inf(1)
	if alpha > 1e-12 {
		lo, hi = 0, 2*math.Pi/math.Sqrt(alpha) // dt ∈ [0, period)
		if dt < 0 {
			lo, hi = -hi, 0
		}
	}
	converged := false
	for range 200 {
		f, r := kepF(chi)
		if f < 0 {
			lo = chi
		} else {
			hi = chi
		}
		next := chi - f/r
		if f == 0 || math.Abs(next-chi) <= 1e-12*math.Max(1, math.Abs(chi)) {
			chi, converged = next, true
			break
		}
		if !(next > lo && next < hi) {
			switch {
			case math.IsInf(hi, 1):
				next = 2*math.Abs(chi) + 1
			case math.IsInf(lo, -1):
				next = -2*math.Abs(chi) - 1
			default:
				next = 0.5 * (lo + hi)
			}
		}
		chi = next
	}
	if !converged || math.IsNaN(chi) {
		return r0, v0, fmt.Errorf("ballistic: Kepler propagation over %g s did not converge", dt)
	}
	var c, s, z float64
	z = alpha * chi * chi
	c, s = stumpff(z)
	chi2 := chi * chi
	f := 1 - chi2/rn*c
	g := dt - chi2*chi/sqmu*s
	r := r0.Scale(f).Add(v0.Scale(g))
	rn1 := r.Norm()
	fd := sqmu / (rn1 * rn) * chi * (z*s - 1)
	gd := 1 - chi2/rn1*c
	return r, r0.Scale(fd).Add(v0.Scale(gd)), nil
}
