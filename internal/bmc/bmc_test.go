package bmc

import (
	"math"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/fusion"
)

// The integration levels' semantics (Level.MayLaunch): autonomous and step1
// need an own-sensor fire-control track, step2 accepts a partner's.
func TestMayLaunch(t *testing.T) {
	for _, tc := range []struct {
		level        Level
		own, partner bool
		want         bool
	}{
		{Autonomous, true, false, true}, {Autonomous, false, true, false},
		{Step1, true, false, true}, {Step1, false, true, false},
		{Step2, true, false, true}, {Step2, false, true, true}, {Step2, false, false, false},
	} {
		if got := tc.level.MayLaunch(Holding{OwnFireControl: tc.own, PartnerFireControl: tc.partner}); got != tc.want {
			t.Errorf("%v own=%v partner=%v: %v", tc.level, tc.own, tc.partner, got)
		}
	}
	for _, l := range Levels {
		if p, err := ParseLevel(l.String()); err != nil || p != l {
			t.Errorf("%v round trip: %v %v", l, p, err)
		}
	}
	if _, err := ParseLevel("step3"); err == nil {
		t.Error("step3 accepted")
	}
}

func TestPolicyApprove(t *testing.T) {
	e := geo.WGS84
	moscow := geo.LLA{LatDeg: 55.75, LonDeg: 37.62}
	for _, tc := range []struct {
		p     Policy
		asset string
		pip   geo.LLA
		want  bool
	}{
		{Policy{Kind: "automatic"}, "berlin", moscow, true},
		{Policy{Kind: "never"}, "berlin", moscow, false},
		{Policy{Kind: "assets-only", Assets: []string{"moscow"}}, "moscow", moscow, true},
		{Policy{Kind: "assets-only", Assets: []string{"moscow"}}, "berlin", moscow, false},
		{Policy{NoIntercept: []Zone{{Center: moscow, RadiusM: 500e3}}}, "berlin", geo.LLA{LatDeg: 56, LonDeg: 38}, false},
		{Policy{NoIntercept: []Zone{{Center: moscow, RadiusM: 500e3}}}, "berlin", geo.LLA{LatDeg: 50, LonDeg: 10}, true},
	} {
		if ok, why := tc.p.Approve(e, tc.asset, tc.pip); ok != tc.want {
			t.Errorf("%+v %s: %v (%s)", tc.p, tc.asset, ok, why)
		}
	}
}

// The deconfliction register: the earliest claim holds, ties by nation,
// whatever the order the claims arrive in; a claim after the holder's is
// answered with the holder; a nation's own later claim replaces its
// earlier one; a claim matched to its track late holds only if it came
// first; only the holder's release frees the threat.
func TestClaims(t *testing.T) {
	us, ru, de := Holder{"US", 100}, Holder{"RU", 100}, Holder{"DE", 90}
	for _, order := range [][]Holder{{us, ru, de}, {us, de, ru}, {ru, us, de}, {ru, de, us}, {de, us, ru}, {de, ru, us}} {
		c := Claims{}
		for _, h := range order {
			c.Answer(1, h)
		}
		if h, ok := c.Holder(1); !ok || h != de {
			t.Errorf("claims in the order %v: held by %v %v, want %v (the earliest)", order, h, ok, de)
		}
		c = Claims{}
		for _, h := range order {
			if h != de {
				c.Answer(1, h)
			}
		}
		if h, _ := c.Holder(1); h != ru {
			t.Errorf("US's and RU's claims of one time in the order %v: held by %v, want RU (ties by nation)", order, h)
		}
	}
	c := Claims{}
	c.Hold(2, Holder{"US", 50})
	if h := c.Answer(2, Holder{"RU", 60}); h.Nation != "US" {
		t.Errorf("RU's claim after US's is answered with %v, want US", h)
	}
	if h := c.Answer(2, Holder{"US", 70}); h != (Holder{"US", 70}) {
		t.Errorf("US's own later claim: %v", h)
	}
	c.Late(3, ru)
	c.Late(3, Holder{"DE", 200})
	if h, _ := c.Holder(3); h != ru {
		t.Errorf("a later claim matched late took the threat from %v: %v", ru, h)
	}
	c.Late(3, Holder{"DE", 10})
	c.Release(3, "RU")
	if h, _ := c.Holder(3); h.Nation != "DE" {
		t.Errorf("an earlier claim matched late, then RU's release: held by %v, want DE", h)
	}
	c.Release(3, "DE")
	if h, ok := c.Holder(3); ok {
		t.Errorf("released by its holder, still held by %v", h)
	}
}

func TestThreatenedAndAssign(t *testing.T) {
	e := geo.WGS84
	assets := []Asset{{ID: "berlin", Pos: geo.LLA{LatDeg: 52.52, LonDeg: 13.40}, Value: 10}, {ID: "warsaw", Pos: geo.LLA{LatDeg: 52.23, LonDeg: 21.01}, Value: 8}}
	if i := Threatened(e, geo.LLA{LatDeg: 52.6, LonDeg: 13.5}, 1000, assets); i != 0 {
		t.Errorf("near Berlin: %d", i)
	}
	if i := Threatened(e, geo.LLA{LatDeg: 45, LonDeg: 5}, 1000, assets); i != -1 {
		t.Errorf("open country: %d", i)
	}
	// Far away but very uncertain: threatened.
	if i := Threatened(e, geo.LLA{LatDeg: 53.5, LonDeg: 13.4}, 40e3, assets); i != 0 {
		t.Errorf("uncertain: %d", i)
	}
	shots, err := Assign([]float64{10, 8}, [][]float64{{0.8, 0}, {0.7, 0.7}}, []int{1, 1}, 2)
	if err != nil || len(shots) != 2 {
		t.Fatalf("%v %v", shots, err)
	}
	// The only battery that reaches threat 0... battery 0 must take it,
	// battery 1 the other.
	for _, s := range shots {
		if (s.Weapon == 0 && s.Target != 0) || (s.Weapon == 1 && s.Target != 1) {
			t.Errorf("shots %v", shots)
		}
	}
}

// The decision runs from the cue and the reaction from the fire-control
// track: the launch waits for whichever ends later.
func TestEarliestLaunch(t *testing.T) {
	tm := Timing{DecisionS: 30, ReactionS: 10}
	nan := math.NaN()
	for _, tc := range []struct {
		cue, fc, want float64
	}{
		{nan, 100, 130},   // no earlier cue: decision from the fire-control track
		{100, 100, 130},   // cued by the fire-control track itself
		{50, 100, 110},    // cued 50 s earlier: only the reaction remains
		{80, 100, 110},    // decision ends at 110 with the reaction
		{90, 100, 120},    // decision ends after the reaction
		{150, 100, 130},   // a "cue" after the fire-control track counts from the track
		{-1e9, 100, 110},  // long cued
		{100, 100.5, 130}, // decision from the cue
	} {
		if got := tm.EarliestLaunchS(tc.cue, tc.fc); got != tc.want {
			t.Errorf("cue %g fc %g: %g, want %g", tc.cue, tc.fc, got, tc.want)
		}
	}
	if got := (Timing{ReactionS: 8}).EarliestLaunchS(nan, 100); got != 108 {
		t.Errorf("delegated release: %g, want 108", got)
	}
}

// Delegated release drops the command chain's decision, whatever the cue;
// release by C2 keeps it.
func TestTimingFor(t *testing.T) {
	const cue, fc = 58.0, 749.0 // an early-warning cue long before the fire-control track
	if got := TimingFor(ByC2, 30, 10).EarliestLaunchS(fc, fc); got != fc+30 {
		t.Errorf("by C2, cued by the fire-control track: %g, want %g", got, fc+30)
	}
	if got := TimingFor("", 20, 10); got != (Timing{DecisionS: 20, ReactionS: 10}) {
		t.Errorf("default authority: %+v", got)
	}
	if got := TimingFor(ByC2, 0, 10); got != (Timing{DecisionS: DefaultDecisionS, ReactionS: 10}) {
		t.Errorf("no decision time given: %+v, want the default %g s", got, DefaultDecisionS)
	}
	for _, c := range []float64{cue, fc} {
		if got := TimingFor(Delegated, 30, 10).EarliestLaunchS(c, fc); got != fc+10 {
			t.Errorf("delegated, cue %g: %g, want %g", c, got, fc+10)
		}
	}
}

// Reason codes round-trip, are distinct, and keep the chain's order.
func TestReasonCodes(t *testing.T) {
	seen := map[string]bool{}
	for i, r := range Reasons {
		if p, ok := ParseReason(r.String()); !ok || p != r || seen[r.String()] || r.String() == "" {
			t.Errorf("%d: %q parses to %v %v", i, r, p, ok)
		}
		seen[r.String()] = true
		if i > 0 && !r.Further(Reasons[i-1]) {
			t.Errorf("%v is not further than %v", r, Reasons[i-1])
		}
	}
	if _, ok := ParseReason("bored"); ok || Reason(0).String() != "" || Reason(200).String() != "" {
		t.Error("unknown codes")
	}
}

// A contribution meets a launch rule when it is firm and its covariance is
// within the rule's limits (largest 1σ semi-axes, not the traces): an
// early-warning track long along one axis (2 km, 1σ; 10 m/s) meets the
// GBIs' rule and not a terminal type's; a track of 150 m and 15 m/s on
// every axis meets both; neither counts until it is firm. Judge sorts the
// contributions into the nation's own and its partners'.
func TestJudgeByLaunchRule(t *testing.T) {
	gbi, _ := intercept.LookupInterceptor("gbi-6.3")
	thaad, _ := intercept.LookupInterceptor("thaad")
	cov := func(sp [3]float64, sv float64) (p [6][6]float64) {
		for i := range 3 {
			p[i][i], p[i+3][i+3] = sp[i]*sp[i], sv*sv
		}
		return p
	}
	ew, fc := cov([3]float64{2000, 100, 100}, 10), cov([3]float64{150, 150, 150}, 15)
	for _, tc := range []struct {
		p         [6][6]float64
		firm      bool
		gbi, term bool
	}{
		{ew, true, true, false}, {fc, true, true, true}, {fc, false, false, false},
	} {
		r := fusion.Report{Nation: "US", P: tc.p, Firm: tc.firm}
		if got := Meets(&r, LaunchRule(gbi.LaunchTrack)); got != tc.gbi {
			t.Errorf("firm %v, P diag %v: meets the GBI's rule %v, want %v", tc.firm, [3]float64{tc.p[0][0], tc.p[1][1], tc.p[3][3]}, got, tc.gbi)
		}
		if got := Meets(&r, LaunchRule(thaad.LaunchTrack)); got != tc.term {
			t.Errorf("firm %v, P diag %v: meets THAAD's rule %v, want %v", tc.firm, [3]float64{tc.p[0][0], tc.p[1][1], tc.p[3][3]}, got, tc.term)
		}
	}
	st := &fusion.SystemTrack{Reports: []fusion.Report{{Nation: "RU", P: ew, Firm: true}, {Nation: "US", P: ew, Firm: false}}}
	if p := Judge(st, "US", LaunchRule(gbi.LaunchTrack)); p.OwnFireControl || !p.PartnerFireControl || Autonomous.MayLaunch(p) || !Step2.MayLaunch(p) {
		t.Errorf("Russia's firm early-warning track, the US's own not firm: %+v", p)
	}
}

// A zero configuration stands for the documented defaults; what is set
// stays, and the derived defaults follow what is set.
func TestConfigDefaults(t *testing.T) {
	m := New(Config{})
	if got, want := m.Doctrine(), (Doctrine{Salvo: DefaultSalvo, KillAssessS: DefaultKillAssessS, ReentryBetaKgM2: DefaultReentryBetaKgM2}); got != want {
		t.Errorf("doctrine %+v, want %+v", got, want)
	}
	want := Tuning{CycleS: DefaultCycleS, EvalS: DefaultEvalS, ClaimGraceS: 2*DefaultEvalS + DefaultCycleS, InfeasibleHoldS: 4 * DefaultEvalS,
		PlanStepS: DefaultPlanStepS, AckTimeoutS: DefaultAckTimeoutS, TrackAgeS: DefaultTrackAgeS, TakeOverMargin: DefaultTakeOverMargin}
	if got := m.Tuning(); got != want {
		t.Errorf("tuning %+v, want %+v", got, want)
	}
	if m.cfg.Level != Autonomous || m.cfg.Earth != geo.WGS84 {
		t.Errorf("level %v, earth %q: want autonomous on WGS 84", m.cfg.Level, m.cfg.Earth.Name)
	}
	m = New(Config{Doctrine: Doctrine{Salvo: 2, KillAssessS: 4}, Tuning: Tuning{EvalS: 2, ClaimGraceS: 30}})
	if d, tu := m.Doctrine(), m.Tuning(); d.Salvo != 2 || d.KillAssessS != 4 || tu.EvalS != 2 || tu.ClaimGraceS != 30 || tu.InfeasibleHoldS != 8 {
		t.Errorf("set: doctrine %+v, tuning %+v", d, tu)
	}
}
