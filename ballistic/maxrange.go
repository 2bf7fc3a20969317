package ballistic

import (
	"fmt"
	"math"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/optimize"
)

// MaxRange is the farthest a missile flies from a launch point on a launch
// azimuth (degrees from north) over the given Earth: the ground distance
// (geodesic) from the launch point to the impact of full burn at the
// pitch-over kick that lands farthest, or, with burnoutSpeedMps > 0, of the
// burn cut off at that Earth-relative speed (as Solve flies lofted and
// depressed arcs). Earth rotation makes it depend on where the missile
// flies from and toward: eastward launches go farther.
//
// It is the test Solve applies before it aims: an aim point farther than
// MaxRange on its bearing is beyond the missile's reach, and Solve refuses
// it. Solve's own steering differs slightly (it turns the azimuth to take
// out the cross-range, and minimum-energy arcs cut the burn short), so an
// aim point within a fraction of a percent of MaxRange may go either way.
func MaxRange(e geo.Earth, m *Missile, from geo.LLA, azimuthDeg, burnoutSpeedMps float64) (float64, error) {
	r, err := MaxReach(e, m, from, azimuthDeg, burnoutSpeedMps)
	return r.RangeM, err
}

// Reach is a missile's farthest flight on a bearing (MaxReach).
type Reach struct {
	RangeM          float64 // ground distance launch to impact
	BurnoutSpeedMps float64 // Earth-relative speed at burnout
}

// MaxReach is MaxRange with the burnout speed of the farthest flight.
func MaxReach(e geo.Earth, m *Missile, from geo.LLA, azimuthDeg, burnoutSpeedMps float64) (Reach, error) {
	if e.A == 0 {
		return Reach{}, fmt.Errorf("ballistic: no Earth model given")
	}
	if m == nil || len(m.Stages) == 0 {
		return Reach{}, fmt.Errorf("ballistic: no missile given")
	}
	if math.IsNaN(from.LatDeg+from.LonDeg+azimuthDeg) || math.Abs(from.LatDeg) > 90 {
		return Reach{}, fmt.Errorf("ballistic: invalid launch point %+v or azimuth %g°", from, azimuthDeg)
	}
	launch := geo.LLA{LatDeg: from.LatDeg, LonDeg: from.LonDeg}
	p := &problem{e: e, launch: launch, r0: e.ToECEF(launch), coast: *newCoast(e, m.ReentryBetaKgM2), req: Request{Missile: m}}
	c := boostControls{azRad: azimuthDeg * math.Pi / 180, cutoffS: m.BurnTimeS(), speedMps: burnoutSpeedMps}
	var lastErr error
	flew := false
	var far Reach // the farthest flight found
	distance := func(logKick float64) float64 {
		c.kickRad = math.Exp(logKick)
		_, y, imp, err := p.flyMissile(c)
		if err != nil {
			lastErr = err
			return 10 * (10 + logKick) // crashed: gentler kicks are better
		}
		flew = true
		l := e.ToLLA(imp)
		d, _, _ := e.Inverse(launch, l)
		if d > far.RangeM {
			// Earth-relative: the inertial velocity less ω×r.
			far = Reach{RangeM: d, BurnoutSpeedMps: math.Sqrt(math.Pow(y[3]+e.Omega*y[1], 2) + math.Pow(y[4]-e.Omega*y[0], 2) + y[5]*y[5])}
		}
		return -d
	}
	// The same search over the kick as Solve's for lofted and depressed arcs.
	_, best := optimize.Min(distance, math.Log(kickMinRad), math.Log(kickMaxRad), 1e-7)
	if !flew {
		return Reach{}, lastErr
	}
	if far.RangeM != -best {
		return Reach{}, fmt.Errorf("ballistic: the farthest flight %g m is not the search's %g m", far.RangeM, -best) // a bug
	}
	return far, nil
}
