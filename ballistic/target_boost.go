package ballistic

import (
	"fmt"
	"math"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/optimize"
)

// Boosted targeting. The controls are the launch azimuth, the pitch-over
// kick and the thrust cut-off (or, for lofted and depressed arcs, a fixed
// cut-off: full burn or a given burnout speed). Every trial flies the whole
// missile, boost and free flight with J2 and drag, so the solution needs no
// correction afterwards.
//   - Minimum energy: for each kick, the cut-off that reaches the aim
//     point's range; the kick that needs the earliest cut-off (least energy)
//     wins (Brent minimisation over the kick).
//   - Lofted and depressed: the kick of maximum range splits the kicks into a
//     steep (lofted) and a flat (depressed) side; the root of the range error
//     on the requested side is the arc.
// Newton's method on the azimuth and the free control then removes the
// cross-range and remaining range error.

const (
	kickMinRad = 0.1 * math.Pi / 180
	kickMaxRad = 70 * math.Pi / 180
	// cutoffNearS is how far from the last cut-off found the minimum-energy
	// search looks first for the next one, s.
	cutoffNearS = 0.1
)

// flyMissile flies boost and free flight; it returns the burnout time and
// state and the impact point.
func (p *problem) flyMissile(c boostControls) (float64, vec6, geo.ECEF, error) {
	tb, yb, err := flyBoost(p.e, p.req.Missile, p.r0, c, nil)
	if err != nil {
		return 0, vec6{}, geo.ECEF{}, err
	}
	ti, yi, err := p.flyCoast(tb, yb, nil)
	if err != nil {
		return 0, vec6{}, geo.ECEF{}, err
	}
	return tb, yb, p.toECEF(ti, yi), nil
}

// overshoot is the signed range error of an impact point (m, along the
// mean sphere): positive beyond the aim point.
func (p *problem) overshoot(impact geo.ECEF) float64 {
	l, i, a := geo.Vec3(p.r0).Unit(), geo.Vec3(impact).Unit(), geo.Vec3(p.aim0).Unit()
	angle := func(u, v geo.Vec3) float64 { return math.Atan2(u.Cross(v).Norm(), u.Dot(v)) }
	return (angle(l, i) - angle(l, a)) * p.e.A
}

func (p *problem) solveBoosted() (float64, vec6, error) {
	m := p.req.Missile
	burn := m.BurnTimeS()
	_, az, _ := p.e.Inverse(p.launch, p.target)
	c := boostControls{azRad: az, cutoffS: burn}
	var free *float64 // the control Newton adjusts with the azimuth
	switch p.kind {
	case MinimumEnergy:
		free = &c.cutoffS
		// Range error at full burn, then the cut-off that zeroes it; an
		// unreachable kick costs the full burn plus its shortfall. The
		// search's later kicks are close to each other, and so are their
		// cut-offs: the root is sought first within cutoffNearS of the last
		// one, then over the whole burn.
		lastTc := math.NaN()
		cost := func(logKick float64) float64 {
			c.kickRad, c.cutoffS = math.Exp(logKick), burn
			_, _, imp, err := p.flyMissile(c)
			if err != nil {
				return burn + 1e4 + 10*logKick // crashed: worse than any shortfall; gentler kicks are better
			}
			over := p.overshoot(imp)
			if over < 0 {
				return burn - over/1e4
			}
			g := func(tc float64) float64 {
				c.cutoffS = tc
				_, _, imp, err := p.flyMissile(c)
				if err != nil {
					return -p.e.A
				}
				return p.overshoot(imp)
			}
			at := func(tc float64) float64 {
				if tc == burn {
					return over
				}
				return g(tc)
			}
			lo := m.VerticalRiseS + 0.5
			if a, b := math.Max(lo, lastTc-cutoffNearS), math.Min(burn, lastTc+cutoffNearS); a < b {
				if fa, fb := at(a), at(b); fa < 0 && fb > 0 {
					lastTc = optimize.RootFrom(a, fa, b, fb, 1e-7, g)
					return lastTc
				}
			}
			lastTc = optimize.RootFrom(lo, g(lo), burn, over, 1e-7, g)
			return lastTc
		}
		logKick, tc := optimize.Min(cost, math.Log(kickMinRad), math.Log(kickMaxRad), 1e-5)
		kick := math.Exp(logKick)
		if tc >= burn*(1+1e-9) {
			return 0, vec6{}, fmt.Errorf("ballistic: the aim point (%.0f km) is beyond the %s's reach", p.groundRangeM()/1e3, m.Name)
		}
		c.kickRad, c.cutoffS = kick, tc
	case Lofted, Depressed:
		free = &c.kickRad
		c.speedMps = p.req.BurnoutSpeedMps
		var flew bool
		var lastErr error
		over := func(logKick float64) float64 {
			c.kickRad = math.Exp(logKick)
			_, _, imp, err := p.flyMissile(c)
			if err != nil {
				lastErr = err
				return -p.e.A * (10 + logKick) // crashed: gentler kicks are better
			}
			flew = true
			return p.overshoot(imp)
		}
		kMax, negMax := optimize.Min(func(k float64) float64 { return -over(k) }, math.Log(kickMinRad), math.Log(kickMaxRad), 1e-7)
		if !flew {
			return 0, vec6{}, lastErr // e.g. the burnout speed is beyond the missile
		}
		if -negMax < 0 {
			return 0, vec6{}, fmt.Errorf("ballistic: the aim point (%.0f km) is beyond the %s's reach at this burnout speed (%.0f km short)",
				p.groundRangeM()/1e3, m.Name, negMax/1e3)
		}
		lo, hi := math.Log(kickMinRad), kMax
		if p.kind == Depressed {
			lo, hi = kMax, math.Log(kickMaxRad)
		}
		edge := lo
		if p.kind == Depressed {
			edge = hi
		}
		if over(edge) > 0 {
			return 0, vec6{}, fmt.Errorf("ballistic: no %s arc to %.0f km at this burnout speed: every %s kick overshoots",
				p.kind, p.groundRangeM()/1e3, map[Kind]string{Lofted: "steep", Depressed: "flat"}[p.kind])
		}
		c.kickRad = math.Exp(optimize.Root(lo, hi, 1e-10, over))
	}
	if err := p.polish(&c, free); err != nil {
		return 0, vec6{}, err
	}
	p.controls = c
	tb, yb, _, err := p.flyMissile(c)
	return tb, yb, err
}

// polish drives the impact onto the aim point by Newton's method on the
// azimuth and one other control, with a finite-difference Jacobian and a
// halving line search.
func (p *problem) polish(c *boostControls, free *float64) error {
	burn := p.req.Missile.BurnTimeS()
	miss := func() (float64, float64, error) {
		_, _, imp, err := p.flyMissile(*c)
		if err != nil {
			return 0, 0, err
		}
		enu := p.e.ENU(p.target, imp)
		return enu[0], enu[1], nil
	}
	e0, n0, err := miss()
	if err != nil {
		return err
	}
	for range 25 {
		if math.Hypot(e0, n0) < boostTolM {
			return nil
		}
		const hAz = 1e-7
		hFree := 1e-7
		if free == &c.cutoffS {
			hFree = -1e-4 // backward: the cut-off may sit at full burn
		}
		c.azRad += hAz
		e1, n1, err1 := miss()
		c.azRad -= hAz
		*free += hFree
		e2, n2, err2 := miss()
		*free -= hFree
		if err1 != nil || err2 != nil {
			return firstErr(err1, err2) // e.g. the burnout speed is just out of reach on this arc
		}
		j11, j12 := (e1-e0)/hAz, (e2-e0)/hFree
		j21, j22 := (n1-n0)/hAz, (n2-n0)/hFree
		det := j11*j22 - j12*j21
		if det == 0 || math.IsNaN(det) {
			return fmt.Errorf("ballistic: targeting is singular (the aim point is at the edge of reach)")
		}
		dAz := -(j22*e0 - j12*n0) / det
		dFree := -(-j21*e0 + j11*n0) / det
		az0, free0 := c.azRad, *free
		improved := false
		for step := 1.0; step > 1e-3; step /= 2 {
			c.azRad, *free = az0+step*dAz, free0+step*dFree
			if free == &c.cutoffS && *free > burn {
				*free = burn
			}
			e, n, err := miss()
			if err == nil && math.Hypot(e, n) < math.Hypot(e0, n0) {
				e0, n0, improved = e, n, true
				break
			}
		}
		if !improved {
			c.azRad, *free = az0, free0
			break
		}
	}
	if d := math.Hypot(e0, n0); d >= boostTolM {
		return fmt.Errorf("ballistic: targeting did not converge (miss %.0f m): the aim point may be out of reach", d)
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
