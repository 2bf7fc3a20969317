package intercept

import (
	"math"
	"sync"

	"github.com/jrmd/jrmd/geo"
)

// The interceptor's boost is a gravity turn: a vertical rise, a pitch-over
// kick, then thrust along the velocity while gravity turns it over, in the
// vertical plane of the launch azimuth above a spherical Earth with
// inverse-square gravity. Its equations are the textbook ones (H. D.
// Curtis, Orbital Mechanics for Engineering Students, §11.3, eqs. 11.6):
//
//	dv/dt = T/m − g·sin γ
//	v·dγ/dt = −(g − v²/r)·cos γ
//	dr/dt = v·sin γ
//	dφ/dt = v·cos γ / r
//
// with γ the flight-path angle, r the radius, φ the angle travelled over
// the Earth's centre and g = μ/r². The thrust is programmed so that the
// speed grows at a constant rate to the type's burnout speed V at burnout,
// T/m = V/t_b + g·sin γ: the burnout speed stays the type's figure (what
// the boost delivers after its gravity losses), and gravity and the Earth's
// curvature decide where the boost ends and at what angle. No drag: the
// library has no aerodynamic data for its interceptors, and their losses
// are inside V. The boost is flown relative to the turning Earth without
// the Coriolis force (under 0.6 km over a 60 s boost to 6 km/s; the
// Earth's rotation enters as the site's motion and ω×r at burnout).
//
// Where a boost ends depends on V, the burn time t_b and the kick, which
// sets the direction of the burnout velocity; a fly-out knows its burnout
// velocity and asks where the boost that gives it ends. boostTable answers
// that, once per burn time and Earth: on a grid of p = g₀·t_b/V (g₀ = μ/a²,
// a the Earth's equatorial radius) and of ε, the burnout velocity's
// elevation above the site's horizon (ε = γ − φ), the kick that ends at ε
// is found by the secant method and its end recorded, in units of ½·V·t_b,
// the length of a straight constant-acceleration climb (to which it tends
// as V grows: p → 0). Its entries are interpolated by 4-point Lagrange
// polynomials in both variables; TestBoostMatchesReference checks them
// against an independent integration.

// riseFraction is the part of the burn flown straight up before the kick:
// 6 s of a GBI's 60 s, as the threat classes' 6–8 s rises (illustrative).
const riseFraction = 0.1

// The table's grid: p from boostMinP to boostMaxP in equal steps of ln p
// (burnout speeds from g₀·t_b/boostMaxP, 294 m/s for a 60 s burn, to
// g₀·t_b/boostMinP, 59 km/s; a faster one takes the fastest row's shape),
// ε from −4° to 94° (fly-outs use 0–90°; the outer nodes keep the
// interpolation inside the grid), and the fixed RK4 steps of each boost.
const (
	boostRows  = 54
	boostMinP  = 0.01
	boostMaxP  = 2.0
	boostCols  = 50
	boostEps0  = -4 * math.Pi / 180
	boostDEps  = 2 * math.Pi / 180
	boostSteps = 32
)

// boostDLnP is the row spacing in ln p.
var boostDLnP = math.Log(boostMaxP/boostMinP) / (boostRows - 1)

// boostTable holds the gravity-turn boosts of one burn time on one Earth.
type boostTable struct {
	burnS, radius, mu, g0 float64
	// x and z are the boost's end from the site, horizontally toward the
	// azimuth and up the site's vertical, in units of ½·V·t_b, at row
	// i (p = boostMinP·e^(i·boostDLnP)) and column j (ε = boostEps0 +
	// j·boostDEps); NaN where no gravity turn ends at that angle.
	x, z [boostRows * boostCols]float64
	// The turn's steps in τ = ln t: their length, and t² at their ends
	// and midpoints.
	dTau float64
	t2   [2*boostSteps + 1]float64
}

type boostKey struct{ burnS, radius, mu float64 }

var boostTables struct {
	sync.Mutex
	m map[boostKey]*boostTable
}

// boostTableFor returns the table of a burn time on an Earth, building it
// on first use (about 50 ms) and keeping it for the process.
func boostTableFor(e geo.Earth, burnS float64) *boostTable {
	k := boostKey{burnS: burnS, radius: e.A, mu: e.Mu}
	boostTables.Lock()
	defer boostTables.Unlock()
	if t, ok := boostTables.m[k]; ok {
		return t
	}
	if boostTables.m == nil {
		boostTables.m = map[boostKey]*boostTable{}
	}
	t := newBoostTable(burnS, e.A, e.Mu)
	boostTables.m[k] = t
	return t
}

func newBoostTable(burnS, radius, mu float64) *boostTable {
	b := &boostTable{burnS: burnS, radius: radius, mu: mu, g0: mu / (radius * radius)}
	tau0 := math.Log(riseFraction * burnS)
	b.dTau = (math.Log(burnS) - tau0) / boostSteps
	for i := range b.t2 {
		b.t2[i] = math.Exp(2 * (tau0 + float64(i)*b.dTau/2))
	}
	for i := range boostRows {
		v := b.g0 * burnS / (boostMinP * math.Exp(float64(i)*boostDLnP))
		half := 0.5 * v * burnS
		// Straight up (ε = 90°: no kick) the climb is ½·V·t_b whatever
		// gravity does, the speed being programmed; the columns below are
		// found in turn, each from the kicks before it.
		var kicks []float64
		for j := boostCols - 1; j >= 0; j-- {
			eps := boostEps0 + float64(j)*boostDEps
			k := i*boostCols + j
			switch {
			case eps > math.Pi/2+1e-9:
				continue // mirrored below
			case eps > math.Pi/2-1e-9:
				b.x[k], b.z[k] = 0, 1
				kicks = append(kicks, 0)
				continue
			}
			d, x, z, ok := b.kickFor(v, eps, kicks)
			if !ok {
				// Lower angles hit the ground too.
				for ; j >= 0; j-- {
					b.x[i*boostCols+j], b.z[i*boostCols+j] = math.NaN(), math.NaN()
				}
				break
			}
			kicks = append(kicks, d)
			b.x[k], b.z[k] = x/half, z/half
		}
		// Beyond the vertical the boost leans back: the mirror image.
		for j := range boostCols {
			eps := boostEps0 + float64(j)*boostDEps
			if eps > math.Pi/2+1e-9 {
				m := i*boostCols + int(math.Round((math.Pi-eps-boostEps0)/boostDEps))
				b.x[i*boostCols+j], b.z[i*boostCols+j] = -b.x[m], b.z[m]
			}
		}
	}
	return b
}

// kickTol is how close (rad) the burnout velocity's elevation is brought
// to its node: 1e-10 rad moves a 190 km boost's end by 0.02 mm.
const kickTol = 1e-10

// kickFor finds the kick (rad) whose gravity turn at burnout speed v ends
// with its velocity at elevation eps above the site's horizon, and returns
// it with the boost's end from the site (m); kicks are those of the nodes
// above, in order (at least the vertical's 0). The secant method from their
// extrapolation usually settles in three boosts; should it not, the
// elevation falls as the kick grows, and a bracket (a boost that hits the
// ground counting as ending below) and bisection find it. ok is false when
// no kick ends at eps.
func (b *boostTable) kickFor(v, eps float64, kicks []float64) (float64, float64, float64, bool) {
	n := len(kicks)
	last := kicks[n-1]
	step := boostDEps * math.Pow(riseFraction, b.g0*b.burnS/v) // the linearised first step off the vertical
	d0 := last + step
	if n >= 2 {
		d0 = 2*kicks[n-1] - kicks[n-2]
	}
	if n >= 3 {
		d0 = 3*kicks[n-1] - 3*kicks[n-2] + kicks[n-3]
	}
	if e0, x, z, ok := b.turn(v, d0); ok {
		d1 := d0 + (e0 - eps) // ε falls about one for one with the kick
		for range 8 {
			if math.Abs(e0-eps) < kickTol {
				return d0, x, z, true
			}
			var e1 float64
			if e1, x, z, ok = b.turn(v, d1); !ok || e1 == e0 {
				break
			}
			d0, d1, e0 = d1, d1-(e1-eps)*(d1-d0)/(e1-e0), e1
		}
	}
	// The bracket: last ends above eps; steps up from it, doubling.
	lo, hi := last, last
	for {
		hi += step
		if hi > math.Pi {
			return 0, 0, 0, false
		}
		if e, _, _, ok := b.turn(v, hi); !ok || e < eps {
			break
		}
		lo = hi
		step *= 2
	}
	for hi-lo > 1e-13 {
		m := 0.5 * (lo + hi)
		e, x, z, ok := b.turn(v, m)
		if ok && math.Abs(e-eps) < kickTol {
			return m, x, z, true
		}
		if ok && e > eps {
			lo = m
		} else {
			hi = m
		}
	}
	return 0, 0, 0, false
}

// turn flies the gravity turn of burnout speed v (m/s) with a pitch-over
// kick of delta (rad) from the vertical: the vertical rise in closed form
// (constant acceleration a = v/t_b), then the turn by the classical RK4
// method in boostSteps equal steps of τ = ln t, in which the turn is
// smooth from the kick on. In the launch plane, Cartesian about the
// Earth's centre, with the speed a·t programmed, the position r and the
// velocity's direction u obey dr/dτ = a·t²·u and du/dτ = g⊥/a, g⊥ being
// gravity across u: the equations above, without trigonometry. It returns
// the burnout velocity's elevation above the site's horizon and the end
// point from the site, horizontally toward the azimuth and up (m); ok is
// false if the boost hits the ground.
func (b *boostTable) turn(v, delta float64) (eps, x, z float64, ok bool) {
	a := v / b.burnS
	ia := 1 / a
	R, mu := b.radius, b.mu
	// State: r = (rx, rz), u = (ux, uz); z up the site's vertical.
	type state [4]float64
	deriv := func(t2 float64, y state) state {
		r2 := y[0]*y[0] + y[1]*y[1]
		k := -mu / (r2 * math.Sqrt(r2))
		gx, gz := k*y[0], k*y[1]
		gu := gx*y[2] + gz*y[3]
		at2 := a * t2
		return state{at2 * y[2], at2 * y[3], (gx - gu*y[2]) * ia, (gz - gu*y[3]) * ia}
	}
	sd, cd := math.Sincos(delta)
	tv := riseFraction * b.burnS
	y := state{0, R + 0.5*a*tv*tv, sd, cd}
	h := b.dTau
	for i := range boostSteps {
		t2 := b.t2[2*i : 2*i+3]
		k1 := deriv(t2[0], y)
		var y2, y3, y4 state
		for n := range y {
			y2[n] = y[n] + h/2*k1[n]
		}
		k2 := deriv(t2[1], y2)
		for n := range y {
			y3[n] = y[n] + h/2*k2[n]
		}
		k3 := deriv(t2[1], y3)
		for n := range y {
			y4[n] = y[n] + h*k3[n]
		}
		k4 := deriv(t2[2], y4)
		for n := range y {
			y[n] += h / 6 * (k1[n] + 2*k2[n] + 2*k3[n] + k4[n])
		}
		if y[0]*y[0]+y[1]*y[1] < R*R {
			return 0, 0, 0, false
		}
	}
	return math.Atan2(y[3], y[2]), y[0], y[1] - R, true
}

// at interpolates the table at p and eps (rad), clamped to the grid, and
// returns the end of the boost in units of ½·V·t_b. Next to nodes where
// no boost ends (shallow angles at low speed, or below the horizon on a
// short burn) the cubic moves one node over, away from them; ok is false
// when it cannot.
func (b *boostTable) at(p, eps float64) (x, z float64, ok bool) {
	fi := math.Log(min(max(p, boostMinP), boostMaxP)/boostMinP) / boostDLnP
	fj := (min(max(eps, boostEps0), boostEps0+(boostCols-1)*boostDEps) - boostEps0) / boostDEps
	i, j := int(fi)-1, int(fj)-1
	if x, z, ok = b.cubic(i, j, fi, fj); ok {
		return x, z, true
	}
	for _, si := range [3]int{0, 1, -1} {
		for _, sj := range [3]int{0, 1, -1} {
			if x, z, ok = b.cubic(i+si, j+sj, fi, fj); ok {
				return x, z, true
			}
		}
	}
	return 0, 0, false
}

// cubic is the bicubic through the 4×4 nodes from (i0, j0), moved inside
// the grid, at (fi, fj).
func (b *boostTable) cubic(i0, j0 int, fi, fj float64) (x, z float64, ok bool) {
	i0, j0 = min(max(i0, 0), boostRows-4), min(max(j0, 0), boostCols-4)
	wi, wj := lagrange4(fi-float64(i0)), lagrange4(fj-float64(j0))
	for di, w := range wi {
		row := (i0+di)*boostCols + j0
		x += w * (wj[0]*b.x[row] + wj[1]*b.x[row+1] + wj[2]*b.x[row+2] + wj[3]*b.x[row+3])
		z += w * (wj[0]*b.z[row] + wj[1]*b.z[row+1] + wj[2]*b.z[row+2] + wj[3]*b.z[row+3])
	}
	return x, z, !math.IsNaN(x + z)
}

// lagrange4 are the weights of the cubic through nodes 0, 1, 2, 3 at t.
func lagrange4(t float64) [4]float64 {
	t1, t2, t3 := t-1, t-2, t-3
	return [4]float64{-t1 * t2 * t3 / 6, t * t2 * t3 / 2, -t * t1 * t3 / 2, t * t1 * t2 / 6}
}
