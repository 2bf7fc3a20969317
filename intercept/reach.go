package intercept

import (
	"errors"
	"fmt"
	"math"

	"github.com/jrmd/jrmd/geo"
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
	Earth      geo.Earth
	Site       geo.LLA
	Threat     Threat
	ThreatEndS float64 // impact time of the threat, s after its launch
	// Interceptor's burnout speed, burn time, altitude and range limits and
	// minimum closing speed apply (a zero MinClosingSpeedMps: the
	// kinematic bound).
	Interceptor Interceptor
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
	// ClosingMinMps and ClosingMaxMps are the range of the closing speed
	// over the window of the fly-out that needs the least burnout speed at
	// each intercept time (Solve fills them; 0 from Plan).
	ClosingMinMps, ClosingMaxMps float64
}

// Result answers a Reach question.
type Result struct {
	// Feasible: some intercept time is reachable at the interceptor's
	// burnout speed within every constraint: the altitude and range limits
	// and the kill vehicle's minimum closing speed.
	Feasible           bool
	EarliestInterceptS float64
	LatestInterceptS   float64
	Windows            []Window
	EarliestLaunchS    float64 // latest-possible launch for the earliest intercept is not unique; this is the least-speed one
	// MinBurnoutSpeedMps is the slowest interceptor that could engage under
	// the same constraints (altitude, range, minimum closing speed), with
	// that engagement's intercept and launch times and closing speed. NaN
	// when no intercept time satisfies them at all.
	MinBurnoutSpeedMps float64
	MinSpeedInterceptS float64
	MinSpeedLaunchS    float64
	MinSpeedClosingMps float64 // the closing speed of that engagement
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
	shots := make([]shot, n)
	for k := range ts {
		ts[k] = math.Min(t0+float64(k)*step, q.ThreatEndS)
		shots[k] = s.minSpeed(ts[k])
	}
	res := Result{MinBurnoutSpeedMps: math.NaN(), MinSpeedInterceptS: math.NaN(), MinSpeedLaunchS: math.NaN(), MinSpeedClosingMps: math.NaN()}
	// Windows: runs of feasible grid points, edges refined by bisection.
	v := it.BurnoutSpeedMps
	feasible := func(t float64) bool { return s.minSpeed(t).speed <= v }
	for k := 0; k < n; k++ {
		if !(shots[k].speed <= v) {
			continue
		}
		w := Window{StartS: ts[k], ClosingMinMps: math.Inf(1), ClosingMaxMps: math.Inf(-1)}
		if k > 0 {
			w.StartS = bisect(ts[k-1], ts[k], feasible)
		}
		j := k
		for j+1 < n && shots[j+1].speed <= v {
			j++
		}
		w.EndS = ts[j]
		if j+1 < n {
			w.EndS = bisect(ts[j+1], ts[j], feasible)
		}
		for _, sh := range append([]shot{s.minSpeed(w.StartS), s.minSpeed(w.EndS)}, shots[k:j+1]...) {
			if sh.speed <= v {
				w.ClosingMinMps, w.ClosingMaxMps = math.Min(w.ClosingMinMps, sh.closing), math.Max(w.ClosingMaxMps, sh.closing)
			}
		}
		res.Windows = append(res.Windows, w)
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
	for k := range shots {
		if !math.IsInf(shots[k].speed, 1) && (best < 0 || shots[k].speed < shots[best].speed) {
			best = k
		}
	}
	if best >= 0 {
		lo, hi := ts[max(best-1, 0)], ts[min(best+1, n-1)]
		t, _ := optimize.Min(func(t float64) float64 { return s.minSpeed(t).speed }, lo, hi, 1e-6)
		sh := s.minSpeed(t)
		if !(sh.speed < shots[best].speed) {
			t, sh = ts[best], shots[best]
		}
		res.MinBurnoutSpeedMps, res.MinSpeedInterceptS, res.MinSpeedLaunchS, res.MinSpeedClosingMps = sh.speed, t, sh.launchS, sh.closing
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
	// hintS is the launch time of the last fly-out that answered yes to
	// "within speed v?" (NaN: none). Nearby intercept times are often
	// reached from the same launch, which then answers in one fly-out.
	hintS float64
	// edgeS is the launch time of the last closing-speed edge found (NaN:
	// none): the next intercept time's edge is usually near it.
	edgeS float64
}

func newSearch(q Reach) *search {
	return &search{q: q, f: newFlyout(q.Earth, q.Site, q.Interceptor.BurnTimeS), it: q.Interceptor, hintS: math.NaN(), edgeS: math.NaN()}
}

// gMax bounds gravity's pull anywhere above the surface, m/s².
const gMax = 9.9

// near is a necessary condition for an interceptor of burnout speed v to
// reach the threat at time t: seen from the turning Earth, no flight
// covers more than v·(τ − ½·t_b) + ½·g·τ² in τ seconds — the boost, a
// constant acceleration to v over t_b, covers ½·v·t_b; the coast starts at
// v relative to the Earth and only gravity (with the centrifugal term,
// under g) speeds it up, the Coriolis force turning it without — plus 1 km
// for the boost being flown relative to the turning Earth. It is cheap, and
// rules out most times without a Lambert solve.
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
	return s.minSpeedBelow(t, v).speed <= v
}

// aim is the threat where it could be intercepted: time, and inertial
// position and velocity.
type aim struct {
	t    float64
	p, v geo.Vec3
}

// allowed checks the threat-side constraints at intercept time t and
// returns the threat there.
func (s *search) allowed(t float64) (aim, bool) {
	pos, vel, ok := s.q.Threat.StateAt(t)
	if !ok {
		return aim{}, false
	}
	e := &s.q.Earth
	lla := e.ToLLA(pos)
	if lla.AltM < s.it.MinInterceptAltM || (s.it.MaxInterceptAltM > 0 && lla.AltM > s.it.MaxInterceptAltM) {
		return aim{}, false
	}
	if s.it.MaxRangeM > 0 {
		if d, _, _ := e.Inverse(s.q.Site, lla); d > s.it.MaxRangeM {
			return aim{}, false
		}
	}
	theta := e.Omega * t
	return aim{t: t, p: geo.Vec3(geo.ECEFToECI(pos, theta)), v: geo.Vec3(geo.ECEFToECIVel(pos, vel, theta, e.Omega))}, true
}

// closingSpeed is an intercept's closing speed (m/s): the interceptor's
// velocity relative to the threat's where they meet, |v_I − v_T|, both
// inertial. Reach's constraint, the plan's ClosingMps and its commit all
// use it.
func closingSpeed(interceptorVel, threatVel geo.Vec3) float64 {
	return interceptorVel.Sub(threatVel).Norm()
}

// shot is one fly-out against an aim: its launch time, the burnout speed
// it needs (+Inf: none flies) and its closing speed (NaN: none).
type shot struct {
	launchS, speed, closing float64
}

var noShot = shot{launchS: math.NaN(), speed: math.Inf(1), closing: math.NaN()}

// fly solves the fly-out launched at tl against a.
func (s *search) fly(tl float64, a aim) shot {
	arc, ok := s.f.arc(tl, a.p, a.t)
	if !ok {
		return shot{launchS: tl, speed: math.Inf(1), closing: math.NaN()}
	}
	return shot{launchS: tl, speed: arc.BurnoutSpeedMps, closing: closingSpeed(arc.InterceptVel, a.v)}
}

// minSpeed is the fly-out that intercepts at time t with the least burnout
// speed among those closing fast enough for the kill vehicle; noShot where
// t is not allowed or none does.
func (s *search) minSpeed(t float64) shot {
	return s.minSpeedBelow(t, math.Inf(-1))
}

// minSpeedBelow is minSpeed that may stop at any fly-out needing no more
// than speed v: whether the least speed is within v is answered alike,
// with fewer fly-outs.
//
// Over launch times the speed needed has one minimum, which Brent's method
// finds. Should that fly-out close too slowly (a stern chase), the answer
// is where the closing speed first reaches the floor on either side of it,
// the speed rising away from the minimum: after it, where later, faster
// launches meet the threat harder; before it, only if the earliest launch
// closes fast enough (the closing speed has one trough over launch times,
// and a slow-closing minimum is in it).
func (s *search) minSpeedBelow(t, v float64) shot {
	a, ok := s.allowed(t)
	if !ok {
		return noShot
	}
	lo, hi := s.q.LaunchDelayS, t-s.it.BurnTimeS-minCoastS
	if hi <= lo {
		return noShot
	}
	best := noShot
	speed := func(tl float64) float64 {
		sh := s.fly(tl, a)
		if sh.speed < best.speed {
			best = sh
		}
		return sh.speed
	}
	// Brent explores the interior; the least speed may sit on an end, the
	// earliest launch, which is often fast enough on its own (the earliest
	// intercept asks for the earliest launch).
	speed(lo)
	first := best
	if first.speed <= v && s.it.closes(first.closing) {
		return first
	}
	if !math.IsInf(v, -1) && s.hintS > lo && s.hintS < hi {
		if sh := s.fly(s.hintS, a); sh.speed <= v && s.it.closes(sh.closing) {
			return sh
		}
	}
	ans := s.leastSpeed(a, lo, hi, v, first, speed, &best)
	if ans.speed <= v && !math.IsInf(v, -1) {
		s.hintS = ans.launchS
	}
	return ans
}

// leastSpeed is the rest of minSpeedBelow, from Brent's method on: speed
// flies a launch time and keeps the slowest fly-out in best.
func (s *search) leastSpeed(a aim, lo, hi, v float64, first shot, speed func(float64) float64, best *shot) shot {
	// The speed is flat at its minimum: half a second in launch time
	// changes it by millimetres per second. It is often least at the
	// earliest launch (a threat flying away from the site), which a launch
	// half a second later tells without the search: the speed has one
	// minimum over launch times.
	if lo+0.5 >= hi || !(speed(lo+0.5) >= first.speed) {
		optimize.MinBelow(speed, lo, hi, 0.5, v)
	}
	if s.it.closes(best.closing) || math.IsInf(best.speed, 1) {
		return *best
	}
	ans := s.closingEdge(a, *best, hi, v)
	if ans.speed <= v || !s.it.closes(first.closing) {
		return ans
	}
	if left := s.closingEdge(a, *best, lo, v); left.speed < ans.speed {
		return left
	}
	return ans
}

// closingScan is how many launch times closingEdge tries between a
// fly-out that closes too slowly and the end of the launch times.
const closingScan = 8

// closingEdge looks from the fly-out from, which closes too slowly, toward
// launch time to for the nearest fly-out that closes fast enough: launch
// times in closingScan steps, then the crossing refined by regula falsi
// (the Illinois variant) on the closing speed, to 10 ms, keeping the side
// that closes fast enough; noShot if none does. The speed needed grows
// away from from, so the crossing needs between the speeds on either side
// of it: asked whether it is within v (finite), the search stops once
// they answer.
func (s *search) closingEdge(a aim, from shot, to float64, v float64) shot {
	floor := s.it.MinClosingSpeedMps
	prev := from
	// The last edge found, if it lies this way, narrows the search: past
	// the edge here, it brackets it with from; short of it, the scan
	// starts there.
	if e := s.edgeS; (e-from.launchS)*(to-e) > 0 {
		if sh := s.fly(e, a); s.it.closes(sh.closing) {
			to = e
		} else if !math.IsNaN(sh.closing) {
			prev, from = sh, sh
		}
	}
	for k := 1; k <= closingScan; k++ {
		sh := s.fly(from.launchS+(to-from.launchS)*float64(k)/closingScan, a)
		if !s.it.closes(sh.closing) {
			if !math.IsNaN(sh.closing) {
				prev = sh
			}
			continue
		}
		// prev closes too slowly, sh fast enough: refine between them.
		bad, good := prev, sh
		side := 0
		fb, fg := bad.closing-floor, good.closing-floor
		for range 30 {
			answered := !math.IsInf(v, -1) && (good.speed <= v || bad.speed > v)
			if answered || math.Abs(good.launchS-bad.launchS) < 0.01 {
				break
			}
			tl := good.launchS - fg*(good.launchS-bad.launchS)/(fg-fb)
			if !(math.Min(bad.launchS, good.launchS) < tl && tl < math.Max(bad.launchS, good.launchS)) {
				tl = 0.5 * (bad.launchS + good.launchS)
			}
			m := s.fly(tl, a)
			switch {
			case math.IsNaN(m.closing):
				s.edgeS = good.launchS
				return good
			case s.it.closes(m.closing):
				good, fg = m, m.closing-floor
				if side == 1 {
					fb /= 2
				}
				side = 1
			default:
				bad, fb = m, m.closing-floor
				if side == -1 {
					fg /= 2
				}
				side = -1
			}
		}
		s.edgeS = good.launchS
		return good
	}
	return noShot
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
