package intercept

import (
	"errors"
	"fmt"
	"math"

	"github.com/jrmd/jrmd/internal/geo"
	"github.com/jrmd/jrmd/internal/optimize"
)

// Threat is what an interceptor engages: a position and Earth-relative
// velocity (ECEF) at a time since the threat's launch. *ballistic.Trajectory
// is one; a trajectory predicted from a track is another.
type Threat interface {
	StateAt(tS float64) (pos, vel geo.ECEF, ok bool)
}

// Reach asks whether interceptors at a site can engage a threat, and how
// fast they would have to be.
type Reach struct {
	Earth       geo.Earth
	Site        geo.LLA
	Threat      Threat
	ThreatEndS  float64     // impact time of the threat, s after its launch
	Interceptor Interceptor // its burnout speed, burn time and altitude/range limits apply
	// LaunchDelayS is the earliest interceptor launch after the threat's
	// launch: detection, tracking and decision time.
	LaunchDelayS float64
	// StepS is the intercept-time grid searched before refinement; 0 picks
	// 2 s (at most 2,000 points over the flight).
	StepS float64
}

// Window is an interval of intercept times, s after the threat's launch.
type Window struct {
	StartS, EndS float64
}

// Result answers a Reach question.
type Result struct {
	// Feasible: some intercept time is reachable at the interceptor's
	// burnout speed within every constraint.
	Feasible           bool
	EarliestInterceptS float64
	LatestInterceptS   float64
	Windows            []Window
	EarliestLaunchS    float64 // latest-possible launch for the earliest intercept is not unique; this is the least-speed one
	// MinBurnoutSpeedMps is the slowest interceptor that could engage under
	// the same constraints, with that engagement's intercept and launch
	// times. NaN when no intercept time satisfies the altitude and range
	// constraints at all.
	MinBurnoutSpeedMps float64
	MinSpeedInterceptS float64
	MinSpeedLaunchS    float64
}

// minCoastS is the shortest coast arc considered: shorter arcs need
// unbounded speed and only slow the search.
const minCoastS = 1.0

// Solve runs the search: on a grid of intercept times, the least burnout
// speed that reaches the threat there (Brent minimisation over the launch
// time); then window edges by bisection and the overall minimum by Brent.
func (q Reach) Solve() (Result, error) {
	if err := q.check(); err != nil {
		return Result{}, err
	}
	it := q.Interceptor
	s := newSearch(q)
	t0 := q.LaunchDelayS + it.BurnTimeS + minCoastS
	if t0 >= q.ThreatEndS {
		return Result{MinBurnoutSpeedMps: math.NaN()}, nil
	}
	step := q.step()
	n := int(math.Ceil((q.ThreatEndS-t0)/step)) + 1
	ts := make([]float64, n)
	vs := make([]float64, n)
	for k := range ts {
		ts[k] = math.Min(t0+float64(k)*step, q.ThreatEndS)
		vs[k], _ = s.minSpeed(ts[k])
	}
	res := Result{MinBurnoutSpeedMps: math.NaN()}
	// Windows: runs of feasible grid points, edges refined by bisection.
	feasible := func(t float64) bool { v, _ := s.minSpeed(t); return v <= it.BurnoutSpeedMps }
	for k := 0; k < n; k++ {
		if !(vs[k] <= it.BurnoutSpeedMps) {
			continue
		}
		start := ts[k]
		if k > 0 {
			start = bisect(ts[k-1], ts[k], feasible)
		}
		j := k
		for j+1 < n && vs[j+1] <= it.BurnoutSpeedMps {
			j++
		}
		end := ts[j]
		if j+1 < n {
			end = bisect(ts[j+1], ts[j], feasible)
		}
		res.Windows = append(res.Windows, Window{StartS: start, EndS: end})
		k = j
	}
	if len(res.Windows) > 0 {
		res.Feasible = true
		res.EarliestInterceptS = res.Windows[0].StartS
		res.LatestInterceptS = res.Windows[len(res.Windows)-1].EndS
	}
	// The least speed over every allowed intercept time: the best grid
	// point, refined by Brent between its neighbours.
	best := -1
	for k := range vs {
		if !math.IsInf(vs[k], 1) && (best < 0 || vs[k] < vs[best]) {
			best = k
		}
	}
	if best >= 0 {
		lo, hi := ts[max(best-1, 0)], ts[min(best+1, n-1)]
		t, v := optimize.Min(func(t float64) float64 { v, _ := s.minSpeed(t); return v }, lo, hi, 1e-6)
		if !(v < vs[best]) {
			t, v = ts[best], vs[best]
		}
		_, tl := s.minSpeed(t)
		res.MinBurnoutSpeedMps, res.MinSpeedInterceptS, res.MinSpeedLaunchS = v, t, tl
	}
	return res, nil
}

// check reports what makes the question meaningless.
func (q Reach) check() error {
	if q.Threat == nil || !(q.ThreatEndS > 0) {
		return errors.New("intercept: no threat trajectory")
	}
	if q.LaunchDelayS < 0 || math.IsNaN(q.LaunchDelayS) {
		return fmt.Errorf("intercept: launch delay %g s is negative", q.LaunchDelayS)
	}
	it := q.Interceptor
	if !(it.BurnoutSpeedMps > 0) {
		return fmt.Errorf("intercept: burnout speed %g m/s is not positive", it.BurnoutSpeedMps)
	}
	if it.MaxInterceptAltM > 0 && it.MinInterceptAltM > it.MaxInterceptAltM {
		return fmt.Errorf("intercept: minimum intercept altitude %.0f m is above the maximum %.0f m", it.MinInterceptAltM, it.MaxInterceptAltM)
	}
	return nil
}

// step is the intercept-time grid: StepS, or 2 s with at most 2,000 points
// over the flight.
func (q Reach) step() float64 {
	if q.StepS > 0 {
		return q.StepS
	}
	return math.Max(2, q.ThreatEndS/2000)
}

// search evaluates the least burnout speed that intercepts at a given time.
type search struct {
	q  Reach
	f  flyout
	it Interceptor
}

func newSearch(q Reach) *search {
	return &search{q: q, f: newFlyout(q.Earth, q.Site, q.Interceptor.BurnTimeS), it: q.Interceptor}
}

// gMax bounds gravity's pull anywhere above the surface, m/s².
const gMax = 9.9

// near is a necessary condition for an interceptor of burnout speed v to
// reach the threat at time t: seen from the turning Earth, no flight
// covers more than v·(τ − ½·t_b) + ½·g·τ² in τ seconds — the boost, a
// constant acceleration to v over t_b, covers ½·v·t_b; the coast starts at
// v relative to the Earth and only gravity (with the centrifugal term,
// under g) speeds it up, the Coriolis force turning it without — plus 1 km
// for the boost's straight line in inertial space. It is cheap, and rules
// out most times without a Lambert solve.
func (s *search) near(t, v float64) bool {
	pos, _, ok := s.q.Threat.StateAt(t)
	if !ok {
		return false
	}
	tau := t - s.q.LaunchDelayS
	bound := v*math.Max(0, tau-0.5*s.it.BurnTimeS) + 0.5*gMax*tau*tau + 1e3
	return geo.Vec3(pos).Sub(geo.Vec3(s.f.site)).Norm() <= bound
}

// reaches tells whether an interceptor of burnout speed v can intercept
// at time t.
func (s *search) reaches(t, v float64) bool {
	if !s.near(t, v) {
		return false
	}
	m, _ := s.minSpeedBelow(t, v)
	return m <= v
}

// allowed checks the threat-side constraints at intercept time t and
// returns the threat's inertial position there.
func (s *search) allowed(t float64) (geo.Vec3, bool) {
	pos, _, ok := s.q.Threat.StateAt(t)
	if !ok {
		return geo.Vec3{}, false
	}
	e := &s.q.Earth
	lla := e.ToLLA(pos)
	if lla.AltM < s.it.MinInterceptAltM || (s.it.MaxInterceptAltM > 0 && lla.AltM > s.it.MaxInterceptAltM) {
		return geo.Vec3{}, false
	}
	if s.it.MaxRangeM > 0 {
		if d, _, _ := e.Inverse(s.q.Site, lla); d > s.it.MaxRangeM {
			return geo.Vec3{}, false
		}
	}
	return geo.Vec3(geo.ECEFToECI(pos, e.Omega*t)), true
}

// minSpeed is the least burnout speed (m/s) that intercepts at time t and
// the launch time that achieves it; +Inf where t is not allowed.
func (s *search) minSpeed(t float64) (float64, float64) {
	return s.minSpeedBelow(t, math.Inf(-1))
}

// minSpeedBelow is minSpeed that may stop at any launch time needing no
// more than speed v: whether the least speed is within v is answered
// alike, with fewer fly-outs.
func (s *search) minSpeedBelow(t, v float64) (float64, float64) {
	p, ok := s.allowed(t)
	if !ok {
		return math.Inf(1), math.NaN()
	}
	lo, hi := s.q.LaunchDelayS, t-s.it.BurnTimeS-minCoastS
	if hi <= lo {
		return math.Inf(1), math.NaN()
	}
	speed := func(tl float64) float64 {
		a, ok := s.f.arc(tl, p, t)
		if !ok {
			return math.Inf(1)
		}
		return a.BurnoutSpeedMps
	}
	// Brent explores the interior; the least speed may sit on an end, the
	// earliest launch, which is often fast enough on its own (the earliest
	// intercept asks for the earliest launch).
	vl := speed(lo)
	if vl <= v {
		return vl, lo
	}
	// The speed is flat at its minimum: half a second in launch time
	// changes it by millimetres per second.
	tl, vmin := optimize.MinBelow(speed, lo, hi, 0.5, v)
	if vl < vmin {
		tl, vmin = lo, vl
	}
	return vmin, tl
}

// bisect finds the switch of a boolean between a (false) and b (true), to
// 5 ms: far finer than any time these answers are quoted to.
func bisect(a, b float64, f func(float64) bool) float64 {
	for range 40 {
		if math.Abs(b-a) < 5e-3 {
			break
		}
		m := 0.5 * (a + b)
		if f(m) {
			b = m
		} else {
			a = m
		}
	}
	return b
}

// Feasible answers only whether the interceptor can engage, as fast as
// possible: intercept times on a coarse grid (StepS, default 10 s), each
// first screened by a necessary condition — no coast arc covers more than
// v·τ + ½·g·τ² in τ seconds, g bounding gravity's help — and stopping at the
// first reachable time. A window shorter than the grid step can be missed;
// Solve does not skip.
func (q Reach) Feasible() (bool, error) {
	_, ok, err := q.Reachable(math.NaN())
	return ok, err
}

// Reachable is Feasible that also returns the reachable intercept time it
// found, and tries hintS and the two grid points after it first (e.g. the
// time an earlier question about the same threat found; NaN for none): a
// reachable time proves feasibility wherever it is, so a repeated question
// is often answered at once.
func (q Reach) Reachable(hintS float64) (float64, bool, error) {
	if err := q.check(); err != nil {
		return 0, false, err
	}
	it := q.Interceptor
	s := newSearch(q)
	step := q.StepS
	if step <= 0 {
		step = 10
	}
	if math.IsNaN(q.LaunchDelayS) || q.LaunchDelayS < 0 {
		return 0, false, fmt.Errorf("intercept: launch delay %g s is negative", q.LaunchDelayS)
	}
	t0 := q.LaunchDelayS + it.BurnTimeS + minCoastS
	reachable := func(t float64) bool { return s.reaches(t, it.BurnoutSpeedMps) }
	// An earlier answer is often the window's opening, which moves later
	// with the launch: try it and the two grid points after it.
	for k := range 3 {
		if t := hintS + float64(k)*step; t >= t0 && t <= q.ThreatEndS && reachable(t) {
			return t, true, nil
		}
	}
	// The least speed is often at an edge of the allowed intercept times
	// (the lowest altitude allowed, the end of the flight): check each edge
	// found between grid points as well as the grid itself.
	inside := func(t float64) bool { _, ok := s.allowed(t); return ok }
	prevT, prevIn := t0, inside(t0)
	for t := t0; ; t += step {
		t = math.Min(t, q.ThreatEndS)
		in := inside(t)
		if in != prevIn {
			var edge float64
			if in {
				edge = bisect(prevT, t, inside)
			} else {
				edge = bisect(t, prevT, inside)
			}
			if reachable(edge) {
				return edge, true, nil
			}
		}
		if in && reachable(t) {
			return t, true, nil
		}
		prevT, prevIn = t, in
		if t >= q.ThreatEndS {
			break
		}
	}
	return 0, false, nil
}
