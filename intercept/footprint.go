package intercept

import (
	"fmt"
	"math"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// Grid is a latitude-longitude grid of cell centres, degrees.
type Grid struct {
	LatMinDeg, LatMaxDeg, LonMinDeg, LonMaxDeg, StepDeg float64
}

// Points lists the grid's cell centres, row by row from the south-west.
func (g Grid) Points() ([]geo.LLA, error) {
	if !(g.StepDeg > 0) || !(g.LatMaxDeg >= g.LatMinDeg) || !(g.LonMaxDeg >= g.LonMinDeg) ||
		g.LatMinDeg < -90 || g.LatMaxDeg > 90 {
		return nil, fmt.Errorf("intercept: bad grid %+v", g)
	}
	nLat := math.Floor((g.LatMaxDeg-g.LatMinDeg)/g.StepDeg+1e-9) + 1
	nLon := math.Floor((g.LonMaxDeg-g.LonMinDeg)/g.StepDeg+1e-9) + 1
	if nLat*nLon > 1_000_000 {
		return nil, fmt.Errorf("intercept: grid of %.0f cells is too fine (limit 1,000,000)", nLat*nLon)
	}
	var pts []geo.LLA
	for lat := g.LatMinDeg; lat <= g.LatMaxDeg+1e-9; lat += g.StepDeg {
		for lon := g.LonMinDeg; lon <= g.LonMaxDeg+1e-9; lon += g.StepDeg {
			pts = append(pts, geo.LLA{LatDeg: lat, LonDeg: lon})
		}
	}
	return pts, nil
}

// Footprint is the defended-footprint question for one battery: for each
// cell, against how many of the launch points a threat flying there is
// engageable.
type Footprint struct {
	Earth        geo.Earth
	Site         geo.LLA
	Interceptor  Interceptor
	LaunchDelayS float64
	// Missile flies the threats (nil: impulsive minimum-energy launches).
	Missile *ballistic.Missile
}

// Cell is one footprint cell's answer.
type Cell struct {
	Point    geo.LLA
	Defended int // pairs the battery can engage
	Total    int // pairs that fly (a pair out of the missile's reach does not count)
}

// Covered reports whether every flying pair is engageable (and one flies).
func (c Cell) Covered() bool { return c.Total > 0 && c.Defended == c.Total }

// AimCell answers one aim point against every launch point: the battery's
// defended footprint when run over a grid of aim points.
func (f Footprint) AimCell(aim geo.LLA, launches []geo.LLA) (Cell, error) {
	c := Cell{Point: aim}
	for _, l := range launches {
		ok, flew, err := f.engage(l, aim)
		if err != nil {
			return c, err
		}
		if flew {
			c.Total++
			if ok {
				c.Defended++
			}
		}
	}
	return c, nil
}

// LaunchCell answers one launch point against every defended asset: the dual
// question, "from which launch areas is this asset defended?".
func (f Footprint) LaunchCell(launch geo.LLA, assets []geo.LLA) (Cell, error) {
	c := Cell{Point: launch}
	for _, a := range assets {
		ok, flew, err := f.engage(launch, a)
		if err != nil {
			return c, err
		}
		if flew {
			c.Total++
			if ok {
				c.Defended++
			}
		}
	}
	return c, nil
}

// engage flies the minimum-energy threat from launch to aim and asks
// whether the battery can engage it. flew is false when the threat cannot
// reach (out of the missile's range, or too close to fly).
func (f Footprint) engage(launch, aim geo.LLA) (ok, flew bool, err error) {
	tr, err := ballistic.Solve(ballistic.Request{From: launch, To: aim, Earth: f.Earth, Missile: f.Missile})
	if err != nil {
		return false, false, nil
	}
	q := Reach{Earth: f.Earth, Site: f.Site, Threat: &tr, ThreatEndS: tr.FlightTimeS, Interceptor: f.Interceptor, LaunchDelayS: f.LaunchDelayS}
	ok, err = q.Feasible()
	if math.IsNaN(tr.FlightTimeS) {
		return false, false, nil
	}
	return ok, true, err
}
