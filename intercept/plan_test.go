package intercept

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// kozelskThreat is an ICBM from Kozelsk to Washington on the rotating
// WGS-84 Earth, with its boost.
func kozelskThreat(t testing.TB) *ballistic.Trajectory {
	m, _ := ballistic.LookupMissile("icbm")
	tr, err := ballistic.Solve(ballistic.Request{From: geo.LLA{LatDeg: 53.97, LonDeg: 35.80}, To: geo.LLA{LatDeg: 38.90, LonDeg: -77.04}, Earth: geo.WGS84, Missile: &m})
	if err != nil {
		t.Fatal(err)
	}
	return &tr
}

func diagCov(sp, sv float64) [6][6]float64 {
	var c [6][6]float64
	for i := range 3 {
		c[i][i] = sp * sp
		c[i+3][i+3] = sv * sv
	}
	return c
}

// A plan against a good track of the true flight predicts the true impact
// and PIP, and the unscented impact spread matches a Monte Carlo spread of
// the same covariance (400 seeded draws; 25 % on the 1σ axis, the sampling
// error of a standard deviation from 400 draws being ~4 %, plus the
// nonlinearity the unscented transform ignores).
func TestPlanAgainstTrack(t *testing.T) {
	tr := kozelskThreat(t)
	e := geo.WGS84
	tk := 300.0 // track time: after burnout
	pos, vel, _ := tr.StateAt(tk)
	cov := diagCov(500, 5)
	it, _ := LookupInterceptor("gbi-9")
	g := Engagement{Earth: e, Site: geo.LLA{LatDeg: 54.48, LonDeg: 17.10}, Interceptor: it,
		Track: TrackState{TimeS: tk, Pos: pos, Vel: vel, Cov: cov}, NowS: tk, DecisionS: 30,
		ReentryBetaKgM2: 10000, KillAssessS: 20}
	p, err := g.Plan()
	if err != nil {
		t.Fatal(err)
	}
	if d, _, _ := e.Inverse(p.Impact, tr.Impact); d > 1000 {
		t.Errorf("predicted impact %.0f m from the true one", d)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var impacts []geo.ECEF
	for range 400 {
		var s [6]float64
		for i := range 6 {
			s[i] = rng.NormFloat64() * math.Sqrt(cov[i][i])
		}
		f, err := ballistic.Fly(e, tk, geo.ECEF(geo.Vec3(pos).Add(geo.Vec3{s[0], s[1], s[2]})), geo.ECEF(geo.Vec3(vel).Add(geo.Vec3{s[3], s[4], s[5]})), 10000, 0)
		if err != nil {
			t.Fatal(err)
		}
		impacts = append(impacts, e.ToECEF(f.Impact))
	}
	mc := horizontalSigma(e, tr.Impact, impacts)
	if r := p.ImpactSigmaM / mc; r < 0.75 || r > 1.25 {
		t.Errorf("unscented impact σ %.0f m, Monte Carlo %.0f m", p.ImpactSigmaM, mc)
	}
	t.Logf("impact σ %.0f m (Monte Carlo %.0f m); plan %+v", p.ImpactSigmaM, mc, p)
	if !p.Feasible {
		t.Fatal("9 km/s interceptor cannot engage")
	}
	truePIP, _, _ := tr.StateAt(p.InterceptS)
	if d := geo.Vec3(e.ToECEF(p.PIP)).Sub(geo.Vec3(truePIP)).Norm(); d > 3*p.PIPSigmaM+100 {
		t.Errorf("PIP %.0f m from the truth (σ %.0f m)", d, p.PIPSigmaM)
	}
	if p.LaunchS < p.EarliestLaunchS || p.LaunchS > p.LatestLaunchS || p.BattlespaceS <= 0 {
		t.Errorf("launch %.1f outside [%.1f, %.1f]", p.LaunchS, p.EarliestLaunchS, p.LatestLaunchS)
	}
	if p.SecondShot && (p.SecondLaunchS < p.KillAssessedS || p.SecondInterS <= p.InterceptS) {
		t.Errorf("second shot launch %.1f before assessment %.1f or intercept %.1f not later", p.SecondLaunchS, p.KillAssessedS, p.SecondInterS)
	}
}

// Commit depends on track quality: the same geometry with a poor track (a
// 50 km position error) is not good enough to launch on, a good one is.
func TestPlanCommitNeedsQuality(t *testing.T) {
	tr := kozelskThreat(t)
	pos, vel, _ := tr.StateAt(300)
	it, _ := LookupInterceptor("gbi-9")
	g := Engagement{Earth: geo.WGS84, Site: geo.LLA{LatDeg: 54.48, LonDeg: 17.10}, Interceptor: it,
		Track: TrackState{TimeS: 300, Pos: pos, Vel: vel}, NowS: 300, DecisionS: 30}
	var commits [2]bool
	for i, sp := range []float64{100, 50e3} {
		g.Track.Cov = diagCov(sp, sp/100)
		p, err := g.Plan()
		if err != nil || !p.Feasible {
			t.Fatalf("σ %.0f: %v %+v", sp, err, p)
		}
		commits[i] = p.Commit
		t.Logf("σ %.0f m: PIP σ %.0f m, divert reach %.0f m, commit %v", sp, p.PIPSigmaM, p.DivertReachM, p.Commit)
	}
	if !commits[0] || commits[1] {
		t.Errorf("commit with a good track %v, with a poor one %v", commits[0], commits[1])
	}
}

// A kill assessment that takes longer than the window leaves no second shot.
func TestPlanShootLookShoot(t *testing.T) {
	tr := kozelskThreat(t)
	pos, vel, _ := tr.StateAt(300)
	it, _ := LookupInterceptor("gbi-9")
	g := Engagement{Earth: geo.WGS84, Site: geo.LLA{LatDeg: 54.48, LonDeg: 17.10}, Interceptor: it,
		Track: TrackState{TimeS: 300, Pos: pos, Vel: vel, Cov: diagCov(100, 1)}, NowS: 300, DecisionS: 30}
	g.KillAssessS = 10
	short, err := g.Plan()
	if err != nil {
		t.Fatal(err)
	}
	g.KillAssessS = 5000
	long, err := g.Plan()
	if err != nil {
		t.Fatal(err)
	}
	if !short.SecondShot || long.SecondShot {
		t.Errorf("second shot after 10 s assessment %v, after 5000 s %v", short.SecondShot, long.SecondShot)
	}
}

// A terminal interceptor's window can be shorter than the plan's grid
// step: the MRBM from Tabriz falls on Moscow, and an S-400 there launched
// no earlier than 759 s can meet it only below 30 km and above 2 km
// altitude, in its last seconds (Reach.Solve: a window of 3.6 s). With a
// 5 s grid neither grid point lies in it; the plan finds it at an edge of
// the allowed altitudes, as Reach.Reachable does, and its earliest
// intercept is Solve's to the bisection's 5 ms.
func TestPlanFindsWindowShorterThanStep(t *testing.T) {
	m, _ := ballistic.LookupMissile("mrbm")
	moscow := geo.LLA{LatDeg: 55.75, LonDeg: 37.62}
	tr, err := ballistic.Solve(ballistic.Request{From: geo.LLA{LatDeg: 38.08, LonDeg: 46.29}, To: moscow, Earth: geo.WGS84, Missile: &m})
	if err != nil {
		t.Fatal(err)
	}
	it, _ := LookupInterceptor("s-400")
	const now, launch, step = 749.0, 759.0, 5.0
	pos, vel, _ := tr.StateAt(now)
	g := Engagement{Earth: geo.WGS84, Site: moscow, Interceptor: it, Track: TrackState{TimeS: now, Pos: pos, Vel: vel, Cov: diagCov(10, 0.1)},
		NowS: now, DecisionS: launch - now, ReentryBetaKgM2: m.ReentryBetaKgM2, StepS: step}
	p, err := g.Plan()
	if err != nil {
		t.Fatal(err)
	}
	// The same prediction, searched by Solve on a fine grid.
	pred, _ := ballistic.Fly(geo.WGS84, now, pos, vel, m.ReentryBetaKgM2, 0)
	res, err := Reach{Earth: geo.WGS84, Site: moscow, Threat: &pred, ThreatEndS: pred.FlightTimeS, Interceptor: it, LaunchDelayS: launch, StepS: 0.25}.Solve()
	if err != nil || !res.Feasible {
		t.Fatalf("Solve: %+v %v", res, err)
	}
	w := res.Windows[0]
	if w.EndS-w.StartS >= step {
		t.Fatalf("window %.2f–%.2f s is not shorter than the step: the case tests nothing", w.StartS, w.EndS)
	}
	if !p.Feasible || math.Abs(p.InterceptS-res.EarliestInterceptS) > 0.01 {
		t.Errorf("plan: feasible %v, intercept %.3f s; Solve's window %.3f–%.3f s", p.Feasible, p.InterceptS, w.StartS, w.EndS)
	}
}

// The plan flies the same constrained question as Reach: with a closing
// floor above what the earliest kinematic intercept closes at (a gbi-9 at
// Redzikowo against the Kozelsk ICBM tracked at 400 s intercepts it first
// at ~809 s, closing at ~3.8 km/s; the floor here is 3.9 km/s, met from
// ~1,098 s on), the plan is feasible exactly when
// Reach.Reachable says so for the same earliest launch, its intercept is
// no earlier than Reachable's first reachable time less a grid step, and
// it commits with a closing speed at or above the floor. The closing
// speed is checked by a direct computation from the two trajectories: the
// interceptor's burnout state flown by Kepler to the intercept time, the
// threat's velocity from its own trajectory. Before the plan applied the
// floor in its search, it chose the kinematic intercept and did not
// commit.
func TestPlanMeetsClosingFloor(t *testing.T) {
	tr := kozelskThreat(t)
	e := geo.WGS84
	site := geo.LLA{LatDeg: 54.48, LonDeg: 17.10}
	it, _ := LookupInterceptor("gbi-9")
	it.MinClosingSpeedMps = 3900
	const tk, decision, step = 400.0, 30.0, 5.0
	pos, vel, _ := tr.StateAt(tk)
	g := Engagement{Earth: e, Site: site, Interceptor: it,
		Track: TrackState{TimeS: tk, Pos: pos, Vel: vel, Cov: diagCov(100, 1)}, NowS: tk, DecisionS: decision, StepS: step}
	p, err := g.Plan()
	if err != nil {
		t.Fatal(err)
	}
	q := Reach{Earth: e, Site: site, Threat: tr, ThreatEndS: tr.FlightTimeS, Interceptor: it, LaunchDelayS: tk + decision, StepS: step}
	tR, ok, err := q.Reachable(math.NaN())
	if err != nil {
		t.Fatal(err)
	}
	if p.Feasible != ok || !p.Commit {
		t.Fatalf("plan feasible %v, commit %v (closing %.0f m/s); Reachable %v", p.Feasible, p.Commit, p.ClosingMps, ok)
	}
	if p.InterceptS < tR-step {
		t.Errorf("plan intercepts at %.1f s, before Reach's first reachable time %.1f s less a step", p.InterceptS, tR)
	}
	// The direct closing speed.
	f := newFlyout(e, site, it.BurnTimeS)
	tpos, tvel, _ := tr.StateAt(p.InterceptS)
	theta := e.Omega * p.InterceptS
	a, ok := f.arc(p.LaunchS, geo.Vec3(geo.ECEFToECI(tpos, theta)), p.InterceptS)
	if !ok {
		t.Fatal("no fly-out for the plan's launch")
	}
	_, vI, err := ballistic.Kepler(e.Mu, a.BurnoutPos, a.BurnoutVel, p.InterceptS-a.BurnoutS)
	if err != nil {
		t.Fatal(err)
	}
	direct := vI.Sub(geo.Vec3(geo.ECEFToECIVel(tpos, tvel, theta, e.Omega))).Norm()
	if direct < it.MinClosingSpeedMps*(1-1e-6) || math.Abs(direct-p.ClosingMps) > 1 {
		t.Errorf("plan closes at %.1f m/s, directly %.1f m/s; want both ≥ %.0f m/s and equal to 1 m/s", p.ClosingMps, direct, it.MinClosingSpeedMps)
	}
	t.Logf("intercept %.1f s (Reachable %.1f s), launch %.1f s, closing %.0f m/s (direct %.0f m/s)", p.InterceptS, tR, p.LaunchS, p.ClosingMps, direct)
}

// A midcourse type's launch-track requirement is its kill vehicle's divert
// reach at a nominal engagement (LaunchTrack): for the GBIs, 8 km/s
// closing and 500 s from launch decision to intercept, for the SM-3 6 km/s
// and 200 s. Each limit is the closed form's, rounded down by under 10 %:
// σ_p ≤ R_d/3 and σ_v ≤ R_d/(3·T), R_d = Δv·(R_acq/v_c)/2. In the 2007
// geometry (Kozelsk → Washington, gbi-9 from Redzikowo, the track at
// 300 s) a plan on a track at the GBI's limits commits, as the rule says
// it should, and one at twice them does not.
func TestLaunchTrackFromDivertReach(t *testing.T) {
	for _, c := range []struct {
		name     string
		vcMps    float64
		tS       float64
		terminal bool
	}{{"gbi-6.3", 8000, 500, false}, {"gbi-9", 8000, 500, false}, {"sm-3", 6000, 200, false},
		{"thaad", 0, 0, true}, {"pac-3", 0, 0, true}, {"s-300", 0, 0, true}, {"s-400", 0, 0, true}} {
		it, err := LookupInterceptor(c.name)
		if err != nil {
			t.Fatal(err)
		}
		lt := it.LaunchTrack
		if lt.Basis == "" {
			t.Errorf("%s: no basis for its launch track", c.name)
		}
		if c.terminal {
			if lt.MaxPositionSigmaM != 200 || lt.MaxVelocitySigmaMps != 20 {
				t.Errorf("%s: launch track %+v, want the terminal 200 m and 20 m/s", c.name, lt)
			}
			continue
		}
		rd := it.DivertMps * (it.SeekerAcqRangeM / c.vcMps) / 2
		for _, x := range []struct {
			what, unit string
			got, want  float64
		}{
			{"position", "m", lt.MaxPositionSigmaM, rd / 3}, {"velocity", "m/s", lt.MaxVelocitySigmaMps, rd / 3 / c.tS},
		} {
			if !(x.got <= x.want && x.got >= 0.9*x.want) {
				t.Errorf("%s: %s limit %g %s, the closed form gives %.1f", c.name, x.what, x.got, x.unit, x.want)
			}
		}
	}
	tr := kozelskThreat(t)
	pos, vel, _ := tr.StateAt(300)
	it, _ := LookupInterceptor("gbi-9")
	for _, k := range []float64{1, 2} {
		g := Engagement{Earth: geo.WGS84, Site: geo.LLA{LatDeg: 54.48, LonDeg: 17.10}, Interceptor: it, NowS: 300, DecisionS: 30, StepS: 5,
			Track: TrackState{TimeS: 300, Pos: pos, Vel: vel, Cov: diagCov(k*it.LaunchTrack.MaxPositionSigmaM, k*it.LaunchTrack.MaxVelocitySigmaMps)}}
		p, err := g.Plan()
		if err != nil || !p.Feasible || p.Commit != (k == 1) {
			t.Errorf("%g× the limits: plan feasible %v, commit %v (3σ %.0f m, divert reach %.0f m), %v; want commit %v",
				k, p.Feasible, p.Commit, 3*p.PIPSigmaM, p.DivertReachM, err, k == 1)
		}
		t.Logf("%g× the limits: 3σ %.0f m against a divert reach of %.0f m, closing %.0f m/s, %.0f s to intercept", k, 3*p.PIPSigmaM, p.DivertReachM, p.ClosingMps, p.InterceptS-300)
	}
}
