package intercept

import (
	"fmt"
	"math"

	"github.com/jrmd/jrmd/geo"
)

// obstacleSamples bounds the points of the flight Obstacle looks at.
const obstacleSamples = 100

// Obstacle explains a question Reachable answers no: which of the
// interceptor's constraints rules out every intercept from the earliest
// launch, and a sentence with the figures. The constraint is the first of
//
//   - "time": no flight time is left after the earliest launch, the burn
//     and the shortest coast;
//   - "altitude": the threat is never inside the interceptor's intercept
//     altitudes after that;
//   - "range": it is, but never within the interceptor's range of the site
//     meanwhile;
//   - "speed": it is inside both at some times, which an interceptor
//     launched no earlier than LaunchDelayS cannot reach at its burnout
//     speed.
//
// It looks at the flight at up to obstacleSamples times: a short account
// of a negative answer, not a search (a window shorter than the sampling
// step reads as the constraint that closes it).
func (q Reach) Obstacle() (constraint, detail string) {
	it := q.Interceptor
	t0 := q.LaunchDelayS + it.BurnTimeS + minCoastS
	if t0 >= q.ThreatEndS {
		return "time", fmt.Sprintf("launched no earlier than %.0f s, it cannot intercept before the flight ends at %.0f s", q.LaunchDelayS, q.ThreatEndS)
	}
	h := math.Max(1, (q.ThreatEndS-t0)/obstacleSamples)
	lo, hi := math.Inf(1), math.Inf(-1) // altitudes after t0
	closest := math.Inf(1)              // ground range inside the altitude window
	first, last := math.NaN(), math.NaN()
	// side of the altitude window: −1 below, 0 inside, +1 above.
	side := func(alt float64) int {
		switch {
		case alt < it.MinInterceptAltM:
			return -1
		case it.MaxInterceptAltM > 0 && alt > it.MaxInterceptAltM:
			return 1
		}
		return 0
	}
	at := func(t float64) (geo.LLA, bool) {
		pos, _, ok := q.Threat.StateAt(t)
		return q.Earth.ToLLA(pos), ok
	}
	inside := func(t float64, lla geo.LLA) {
		d, _, _ := q.Earth.Inverse(q.Site, lla)
		closest = math.Min(closest, d)
		if it.MaxRangeM == 0 || d <= it.MaxRangeM {
			if math.IsNaN(first) {
				first = t
			}
			last = t
		}
	}
	prevT, prevSide := math.NaN(), 0
	for t := t0; ; t += h {
		t = math.Min(t, q.ThreatEndS)
		if lla, ok := at(t); ok {
			lo, hi = math.Min(lo, lla.AltM), math.Max(hi, lla.AltM)
			sd := side(lla.AltM)
			if sd == 0 {
				inside(t, lla)
			} else if !math.IsNaN(prevT) && sd == -prevSide {
				// Through the whole window between two samples (a steep
				// re-entry): bisect to a time inside it.
				a, b := prevT, t
				for range 40 {
					m := 0.5 * (a + b)
					l, _ := at(m)
					if ms := side(l.AltM); ms == 0 {
						inside(m, l)
						break
					} else if ms == prevSide {
						a = m
					} else {
						b = m
					}
				}
			}
			prevT, prevSide = t, sd
		}
		if t >= q.ThreatEndS {
			break
		}
	}
	switch {
	case math.IsInf(closest, 1):
		window := fmt.Sprintf("above %.0f km", it.MinInterceptAltM/1e3)
		if it.MaxInterceptAltM > 0 {
			window = fmt.Sprintf("%.0f–%.0f km", it.MinInterceptAltM/1e3, it.MaxInterceptAltM/1e3)
		}
		return "altitude", fmt.Sprintf("after %.0f s (earliest launch %.0f s) the threat flies at %.0f–%.0f km, never in the intercept altitudes %s",
			t0, q.LaunchDelayS, math.Max(0, lo)/1e3, hi/1e3, window)
	case math.IsNaN(first):
		return "range", fmt.Sprintf("inside its intercept altitudes after %.0f s the threat comes no closer than %.0f km, beyond its %.0f km range",
			t0, closest/1e3, it.MaxRangeM/1e3)
	}
	return "speed", fmt.Sprintf("launched no earlier than %.0f s, a %.1f km/s interceptor cannot reach the threat while it is inside its altitude and range limits (%.0f–%.0f s)",
		q.LaunchDelayS, it.BurnoutSpeedMps/1e3, first, last)
}
