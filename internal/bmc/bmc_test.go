package bmc

import (
	"math"
	"testing"

	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/internal/geo"
	"github.com/jrmd/jrmd/internal/intercept"
)

// The integration levels' semantics (architecture.md): autonomous and step1
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
		if got := tc.level.MayLaunch(Picture{OwnFireControl: tc.own, PartnerFireControl: tc.partner}); got != tc.want {
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

// The first claim holds, deterministically, whatever the order they arrive.
func TestClaims(t *testing.T) {
	a := Claim{Threat: 1, Nation: "US", Battery: "redzikowo", TimeS: 100}
	b := Claim{Threat: 1, Nation: "RU", Battery: "s400", TimeS: 100}
	c := Claim{Threat: 1, Nation: "DE", Battery: "patriot", TimeS: 90}
	var x, y Claims
	x.Add(a)
	x.Add(b)
	x.Add(c)
	y.Add(c)
	y.Add(b)
	y.Add(a)
	if x.Holder(1) != "DE" || y.Holder(1) != "DE" {
		t.Errorf("holders %q %q", x.Holder(1), y.Holder(1))
	}
	x.Release(1, "DE")
	if x.Holder(1) != "RU" { // same time as US: ties by nation name
		t.Errorf("after release: %q", x.Holder(1))
	}
	if x.Add(Claim{Threat: 2, Nation: "US", TimeS: 5}) != true || x.Holder(3) != "" {
		t.Error("fresh threat")
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
	if got := TimingFor("", 30, 10); got != (Timing{DecisionS: 30, ReactionS: 10}) {
		t.Errorf("default authority: %+v", got)
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
