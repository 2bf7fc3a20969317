package intercept

import (
	"math"
	"testing"

	"github.com/jrmd/jrmd/geo"
)

// referenceTurn flies the gravity turn a second way, for the test: in
// Cartesian coordinates of a non-rotating frame centred on a spherical
// Earth of the table's radius, the state (r, v) integrated by the classical
// RK4 method at a fixed step of t_b/20,000 — thrust up the local vertical
// during the rise, then along the velocity with the magnitude that makes
// the speed grow at V/t_b (V/t_b + g·sin γ), gravity −μ·r/|r|³ — and the
// kick found by bisection on the burnout velocity's elevation. It returns
// the boost's end relative to the site, horizontally toward the azimuth
// and up (m).
func referenceTurn(radius, mu, burnS, v, eps float64) (x, z float64) {
	fly := func(delta float64) (e float64, end geo.Vec3) {
		const n = 2000
		a := v / burnS
		tv := riseFraction * burnS
		up, east := geo.Vec3{0, 0, 1}, geo.Vec3{1, 0, 0}
		// The rise, at constant acceleration a against the vertical.
		r := up.Scale(radius + 0.5*a*tv*tv)
		vel := up.Scale(a * tv)
		vel = up.Scale(math.Cos(delta)).Add(east.Scale(math.Sin(delta))).Scale(vel.Norm())
		acc := func(r, vel geo.Vec3) geo.Vec3 {
			rn := r.Norm()
			g := r.Scale(-mu / (rn * rn * rn))
			u := vel.Unit()
			sinGam := u.Dot(r.Scale(1 / rn))
			return g.Add(u.Scale(a + mu/(rn*rn)*sinGam))
		}
		h := (burnS - tv) / n
		for range n {
			k1r, k1v := vel, acc(r, vel)
			k2r, k2v := vel.Add(k1v.Scale(h/2)), acc(r.Add(k1r.Scale(h/2)), vel.Add(k1v.Scale(h/2)))
			k3r, k3v := vel.Add(k2v.Scale(h/2)), acc(r.Add(k2r.Scale(h/2)), vel.Add(k2v.Scale(h/2)))
			k4r, k4v := vel.Add(k3v.Scale(h)), acc(r.Add(k3r.Scale(h)), vel.Add(k3v.Scale(h)))
			r = r.Add(k1r.Add(k2r.Scale(2)).Add(k3r.Scale(2)).Add(k4r).Scale(h / 6))
			vel = vel.Add(k1v.Add(k2v.Scale(2)).Add(k3v.Scale(2)).Add(k4v).Scale(h / 6))
		}
		return math.Asin(vel.Unit().Dot(up)), r.Sub(up.Scale(radius))
	}
	lo, hi := 0.0, math.Pi/2+0.2 // kicks ending above and below eps
	for hi-lo > 1e-9 {
		m := 0.5 * (lo + hi)
		if e, _ := fly(m); e > eps {
			lo = m
		} else {
			hi = m
		}
	}
	_, end := fly(0.5 * (lo + hi))
	return end[0], end[2]
}

// The tabulated gravity turns match an independent integration (Cartesian
// state, RK4 at 1/2,000 of the burn, kick by bisection; referenceTurn) to
// within boostTolRel of ½·V·t_b — 4 m of a GBI's 190 km boost at 6.3 km/s —
// at burnout speeds and angles between the table's nodes, for the burn
// times of the library.
func TestBoostMatchesReference(t *testing.T) {
	const boostTolRel = 1e-4
	e := geo.WGS84
	worst := 0.0
	for _, burnS := range []float64{60, 15, 5} {
		b := newBoostTable(burnS, e.A, e.Mu)
		for _, v := range []float64{0.6 * b.g0 * burnS, 3.7 * b.g0 * burnS, 43 * b.g0 * burnS} {
			for _, epsDeg := range []float64{1, 29, 61.7, 89.5} {
				eps := epsDeg * math.Pi / 180
				wx, wz := referenceTurn(e.A, e.Mu, burnS, v, eps)
				x, z, ok := b.at(b.g0*burnS/v, eps)
				if !ok {
					t.Errorf("burn %.0f s, %.0f m/s, ε %.1f°: no boost in the table", burnS, v, epsDeg)
					continue
				}
				half := 0.5 * v * burnS
				d := math.Hypot(x*half-wx, z*half-wz)
				worst = math.Max(worst, d/half)
				if d > boostTolRel*half {
					t.Errorf("burn %.0f s, %.0f m/s, ε %.1f°: the table's end is %.2f m from the reference's (%.0f, %.0f m); want ≤ %.2f m",
						burnS, v, epsDeg, d, wx, wz, boostTolRel*half)
				}
			}
		}
	}
	t.Logf("largest difference %.2g of ½·V·t_b", worst)
}
