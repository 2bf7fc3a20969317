package intercept

import (
	"errors"
	"fmt"
	"math"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/mat"
	"github.com/jrmd/jrmd/internal/optimize"
)

// TrackState is a threat track as battle management sees it: an estimate
// and its covariance at a time, and where it comes from.
type TrackState struct {
	TimeS float64
	Pos   geo.ECEF // m
	Vel   geo.ECEF // Earth-relative velocity in ECEF axes, m/s
	// Cov is the covariance of (Pos, Vel) in ECEF axes: m², m²/s.
	Cov [6][6]float64
	// Source is the nation whose sensors made the track; battle management
	// compares it with the battery's owner under the integration level.
	Source string
}

// Engagement describes a battery engaging a track.
type Engagement struct {
	Earth       geo.Earth
	Site        geo.LLA
	Interceptor Interceptor
	Track       TrackState
	// NowS is the current time (on the track's clock); DecisionS is the
	// time from now until an interceptor can leave the rail.
	NowS, DecisionS float64
	// ReentryBetaKgM2 is the ballistic coefficient assumed for prediction
	// (0: vacuum, adequate above the atmosphere).
	ReentryBetaKgM2 float64
	// KillAssessS is how long after an intercept its outcome is known
	// (sensor look, debris settling); 0 means no shoot-look-shoot.
	KillAssessS float64
	// StepS is the intercept-time grid of the searches (0: Reach's
	// default).
	StepS float64
}

// Plan is an engagement plan against a track.
type Plan struct {
	Feasible bool
	// Predicted impact point of the track, and the semi-major axis (1σ, m)
	// of its horizontal uncertainty.
	Impact       geo.LLA
	ImpactSigmaM float64
	ImpactS      float64
	// The planned intercept: the earliest feasible one, at the predicted
	// intercept point (PIP), and the launch that reaches it with least
	// speed.
	InterceptS                     float64
	PIP                            geo.LLA
	PIPSigmaM                      float64 // 1σ semi-major axis of the PIP uncertainty
	LaunchS                        float64
	ClosingMps                     float64
	Windows                        []Window
	EarliestLaunchS, LatestLaunchS float64
	// BattlespaceS is the time between the earliest and the latest launch
	// that still intercepts.
	BattlespaceS float64
	// Commit tells whether the track is good enough to launch on: the 3σ
	// PIP error must be within what the kill vehicle can divert after its
	// seeker acquires (DivertReachM). Windows, the launch window, the
	// battlespace and the second shot are filled in only when it commits.
	Commit       bool
	DivertReachM float64
	// Shoot-look-shoot: after the kill assessment of the first intercept,
	// can a second interceptor still intercept?
	KillAssessedS               float64
	SecondShot                  bool
	SecondLaunchS, SecondInterS float64
}

// sigmaPoints are the unscented transform's points for a 6-state mean and
// covariance (Julier and Uhlmann 2004, symmetric set with κ = 0: 12 points
// of weight 1/12 at ±√6 columns of the Cholesky factor).
func sigmaPoints(x [6]float64, p [6][6]float64) ([12][6]float64, error) {
	l, ok := mat.Chol6(&p)
	var pts [12][6]float64
	if !ok {
		return pts, errors.New("intercept: track covariance is not positive semi-definite")
	}
	s := math.Sqrt(6)
	for j := range 6 {
		for i := range 6 {
			pts[j][i] = x[i] + s*l[i][j]
			pts[j+6][i] = x[i] - s*l[i][j]
		}
	}
	return pts, nil
}

// horizontalSigma is the 1σ semi-major axis of the horizontal spread of
// points around a mean, in the local east-north plane at the mean.
func horizontalSigma(e geo.Earth, mean geo.LLA, pts []geo.ECEF) float64 {
	var see, snn, sen float64
	for _, p := range pts {
		v := e.ENU(mean, p)
		see += v[0] * v[0]
		snn += v[1] * v[1]
		sen += v[0] * v[1]
	}
	n := float64(len(pts))
	see, snn, sen = see/n, snn/n, sen/n
	// Largest eigenvalue of [[see, sen], [sen, snn]].
	tr, det := see+snn, see*snn-sen*sen
	return math.Sqrt(tr/2 + math.Sqrt(math.Max(0, tr*tr/4-det)))
}

// spreadSigma is the 1σ semi-major axis of a 3-D spread of points.
func spreadSigma(mean geo.ECEF, pts []geo.ECEF) float64 {
	var c [3][3]float64
	for _, p := range pts {
		d := geo.Vec3(p).Sub(geo.Vec3(mean))
		for i := range 3 {
			for j := range 3 {
				c[i][j] += d[i] * d[j] / float64(len(pts))
			}
		}
	}
	return math.Sqrt(mat.MaxEigSym3(c))
}

// Plan predicts the track's flight and plans the earliest feasible
// intercept, its launch window, the commit decision and a second shot.
func (g Engagement) Plan() (Plan, error) {
	tk := g.Track
	mean, err := ballistic.Fly(g.Earth, tk.TimeS, tk.Pos, tk.Vel, g.ReentryBetaKgM2, 0)
	if err != nil {
		return Plan{}, fmt.Errorf("intercept: cannot predict the track: %w", err)
	}
	x := [6]float64{tk.Pos[0], tk.Pos[1], tk.Pos[2], tk.Vel[0], tk.Vel[1], tk.Vel[2]}
	sp, err := sigmaPoints(x, tk.Cov)
	if err != nil {
		return Plan{}, err
	}
	var spread [12]*ballistic.Trajectory
	impacts := make([]geo.ECEF, 0, 12)
	for i, s := range sp {
		tr, err := ballistic.Fly(g.Earth, tk.TimeS, geo.ECEF{s[0], s[1], s[2]}, geo.ECEF{s[3], s[4], s[5]}, g.ReentryBetaKgM2, 0)
		if err != nil {
			continue // a sigma point below ground or in orbit: it drops out of the spread
		}
		spread[i] = &tr
		impacts = append(impacts, g.Earth.ToECEF(tr.Impact))
	}
	p := Plan{Impact: mean.Impact, ImpactS: mean.FlightTimeS, ImpactSigmaM: horizontalSigma(g.Earth, mean.Impact, impacts)}

	start := math.Max(g.NowS, tk.TimeS) + g.DecisionS
	q := Reach{Earth: g.Earth, Site: g.Site, Threat: &mean, ThreatEndS: mean.FlightTimeS, Interceptor: g.Interceptor, LaunchDelayS: start, StepS: g.StepS}
	if err := q.check(); err != nil {
		return Plan{}, err
	}
	s := newSearch(q)
	step := q.step()
	// The earliest intercept first: whether to commit needs only it, and a
	// track not yet good enough is re-planned often.
	tI, ok := s.earliest(start+g.Interceptor.BurnTimeS+minCoastS, mean.FlightTimeS, step)
	if !ok {
		return p, nil
	}
	p.Feasible = true
	p.InterceptS = tI
	// The earliest intercept is where the least speed equals the burnout
	// speed: fly it with the least-speed launch.
	first := s.minSpeed(p.InterceptS)
	p.LaunchS, p.ClosingMps = first.launchS, first.closing
	pip, _, _ := mean.StateAt(p.InterceptS)
	p.PIP = g.Earth.ToLLA(pip)
	pts := make([]geo.ECEF, 0, 12)
	for _, tr := range spread {
		if tr == nil {
			continue
		}
		if pos, _, ok := tr.StateAt(p.InterceptS); ok {
			pts = append(pts, pos)
		}
	}
	p.PIPSigmaM = spreadSigma(pip, pts)
	// Divert reach: the kill vehicle acquires at SeekerAcqRangeM, closing at
	// ClosingMps, and spends its divert budget as a constant acceleration
	// over the time to go: δ = ½·(Δv/t)·t² = Δv·t/2 (a first-order bound).
	if p.ClosingMps > 0 && g.Interceptor.SeekerAcqRangeM > 0 {
		tgo := g.Interceptor.SeekerAcqRangeM / p.ClosingMps
		p.DivertReachM = g.Interceptor.DivertMps * tgo / 2
	}
	p.Commit = 3*p.PIPSigmaM <= p.DivertReachM && g.Interceptor.closes(p.ClosingMps)
	if !p.Commit {
		return p, nil // windows, launch window and second shot only for a plan that commits
	}
	// The window that opens at the earliest intercept: scan on to where it
	// closes (a later, separate window is not searched).
	w := Window{StartS: tI, EndS: mean.FlightTimeS}
	reach := func(t float64) bool { return s.reaches(t, g.Interceptor.BurnoutSpeedMps) }
	for t := tI + step; t < mean.FlightTimeS; t += step {
		if !reach(t) {
			w.EndS = bisect(t, t-step, reach)
			break
		}
	}
	p.Windows = []Window{w}
	p.EarliestLaunchS = start
	p.LatestLaunchS = s.latestLaunch(p.Windows, g.Interceptor.BurnoutSpeedMps, max(step, 2))
	p.BattlespaceS = math.Max(0, p.LatestLaunchS-p.EarliestLaunchS)
	if g.KillAssessS > 0 {
		p.KillAssessedS = p.InterceptS + g.KillAssessS
		q2 := q
		q2.LaunchDelayS = p.KillAssessedS
		s2 := newSearch(q2)
		if t, ok := s2.earliest(q2.LaunchDelayS+g.Interceptor.BurnTimeS+minCoastS, mean.FlightTimeS, step); ok {
			p.SecondShot = true
			p.SecondInterS = t
			p.SecondLaunchS = s2.minSpeed(t).launchS
		}
	}
	return p, nil
}

// latestLaunch is the latest launch time that still intercepts somewhere in
// the windows at burnout speed v: for each intercept time, the launch time
// where the needed speed climbs back to v (later launches are faster). It
// is searched on a coarse grid of intercept times (about a dozen per
// window, at least step apart), then refined by golden-section search
// around the best grid point.
func (s *search) latestLaunch(ws []Window, v, step float64) float64 {
	latestFor := func(t float64) float64 {
		if !s.near(t, v) {
			return math.Inf(-1)
		}
		// Any launch time that will do starts the search for the latest:
		// past it the speed needed falls to its least and climbs for good,
		// so the last launch fast enough is one switch away. Should that
		// launch close too slowly, it is in the closing speed's trough, and
		// the latest launch is where the trough begins.
		first := s.minSpeedBelow(t, v)
		if !(first.speed <= v) {
			return math.Inf(-1)
		}
		a, _ := s.allowed(t)
		last := t - s.it.BurnTimeS - minCoastS
		if slow := func(tl float64) bool { return !(s.fly(tl, a).speed <= v) }; slow(last) {
			last = bisect(first.launchS, last, slow)
		}
		if s.it.closes(s.fly(last, a).closing) {
			return last
		}
		return bisect(first.launchS, last, func(tl float64) bool { return !s.it.closes(s.fly(tl, a).closing) })
	}
	latest := math.Inf(-1)
	for _, w := range ws {
		h := math.Max(step, (w.EndS-w.StartS)/12)
		bestT, best := w.StartS, math.Inf(-1)
		for t := w.StartS; ; t += h {
			t = math.Min(t, w.EndS)
			if l := latestFor(t); l > best {
				bestT, best = t, l
			}
			if t >= w.EndS {
				break
			}
		}
		lo, hi := math.Max(w.StartS, bestT-h), math.Min(w.EndS, bestT+h)
		if _, negL := optimize.Min(func(t float64) float64 { return -latestFor(t) }, lo, hi, 0.5); -negL > best {
			best = -negL
		}
		latest = math.Max(latest, best)
	}
	return latest
}

// earliest is the first intercept time reachable at the interceptor's
// speed: a forward scan of the grid stopping at the first reachable time,
// its start refined by bisection; ok is false when there is none. As in
// Reach.Reachable, an edge of the allowed intercept times (altitude and
// range) found between two grid points is tried too: a low-altitude
// window can be shorter than the grid step (a terminal interceptor's last
// seconds before impact) and fall between two points.
func (s *search) earliest(t0, end, step float64) (float64, bool) {
	reach := func(t float64) bool { return s.reaches(t, s.it.BurnoutSpeedMps) }
	inside := func(t float64) bool { _, ok := s.allowed(t); return ok }
	prev, prevIn := t0, inside(t0)
	for t := t0; ; t += step {
		t = math.Min(t, end)
		if in := inside(t); in != prevIn {
			edge := bisect(prev, t, inside) // entering: the first allowed time
			if !in {
				edge = bisect(t, prev, inside) // leaving: the last allowed time
			}
			if reach(edge) {
				if edge == t0 {
					return edge, true
				}
				return bisect(prev, edge, reach), true
			}
			prevIn = in
		}
		if reach(t) {
			if t == t0 {
				return t, true
			}
			return bisect(prev, t, reach), true
		}
		if t >= end {
			return 0, false
		}
		prev = t
	}
}
