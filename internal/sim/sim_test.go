package sim

import (
	"bytes"
	"flag"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/scenario"
)

var update = flag.Bool("update", false, "rewrite golden files")

func load(t testing.TB, path string) *scenario.File {
	t.Helper()
	f, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

const reference = "../../scenarios/joint-regional-2007.yaml"

// parallelRuns runs seeds 1..n on every core and returns the summaries in
// seed order.
func parallelRuns(t *testing.T, f *scenario.File, level bmc.Level, n int) []Summary {
	out := make([]Summary, n)
	errs := make([]error, n)
	par.Each(n, func(i int) {
		r, err := Run(f, Options{Level: level, Seed: uint64(i + 1)})
		if err != nil {
			errs[i] = err
			return
		}
		out[i] = r.Summary
	})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// A statistical check: in a scenario built to meet the assumptions of
// the classic analytic raid model — every threat engaged with n
// independent shots of known Pk — the fraction of runs with no leaker
// matches P = (1 − (1−Pk)^n)^N over 2,000 replications within 3 standard
// errors; with shoot-look-shoot (a second salvo after a miss) P =
// (1 − (1−Pk)^(2n))^N. The scenario's own check: every threat is engaged,
// and only shots decide (shots = N without SLS, N + misses with it).
func TestAnalyticRaidModel(t *testing.T) {
	const nThreats, salvo, pk = 3, 1, 0.6
	runs := 2000
	switch {
	case raceDetector:
		runs = 100 // the same check, at a twentieth of the power
	case testing.Short():
		runs = 300 // make check's edit loop: SE 0.024 against 0.009
	}
	for _, sls := range []bool{false, true} {
		f := load(t, "testdata/analytic.yaml")
		f.Nations[0].Doctrine.ShootLookShoot = sls
		shotsPer := salvo
		if sls {
			shotsPer = 2 * salvo
		}
		want := math.Pow(1-math.Pow(1-pk, float64(shotsPer)), nThreats)
		se := math.Sqrt(want * (1 - want) / float64(runs))
		clean := 0
		for i, s := range parallelRuns(t, f, bmc.Autonomous, runs) {
			if s.Totals.Leakers == 0 {
				clean++
			}
			shots := 0
			for _, th := range s.Threats {
				shots += th.Shots
				if th.Shots == 0 || (!sls && th.Shots != salvo) || th.Shots > shotsPer*salvo {
					t.Fatalf("SLS %v seed %d: threat %s got %d shots: the scenario does not meet the model's assumptions", sls, i+1, th.ID, th.Shots)
				}
				if sls && th.Shots == salvo && th.Outcome != "killed" {
					t.Fatalf("SLS %v seed %d: %s missed and was not re-engaged", sls, i+1, th.ID)
				}
			}
		}
		got := float64(clean) / float64(runs)
		if math.Abs(got-want) > 3*se {
			t.Errorf("shoot-look-shoot %v: P(no leaker) %.4f over %d runs, analytic %.4f ± %.4f (3 SE)", sls, got, runs, want, 3*se)
		}
		t.Logf("shoot-look-shoot %v: P(no leaker) %.4f over %d runs, analytic %.4f (SE %.4f)", sls, got, runs, want, se)
	}
}

// Determinism: the same scenario and seed give byte-identical event logs
// and summaries; the reference scenario's summary at its seed is a golden
// file (go test -update rewrites it; read the diff).
func TestDeterministicAndGolden(t *testing.T) {
	f := load(t, reference)
	var logs [2]bytes.Buffer
	var sums [2]bytes.Buffer
	for i := range 2 {
		r, err := Run(f, Options{Level: bmc.Step2})
		if err != nil {
			t.Fatal(err)
		}
		WriteJSONL(&logs[i], r.Events)
		r.Summary.WriteJSON(&sums[i])
	}
	if !bytes.Equal(logs[0].Bytes(), logs[1].Bytes()) || !bytes.Equal(sums[0].Bytes(), sums[1].Bytes()) {
		t.Fatal("two runs with one seed differ")
	}
	const golden = "testdata/reference-step2.summary.json"
	if *update {
		os.WriteFile(golden, sums[0].Bytes(), 0o644)
	}
	want, _ := os.ReadFile(golden)
	if !bytes.Equal(sums[0].Bytes(), want) {
		t.Errorf("summary differs from %s:\n%s", golden, sums[0].String())
	}
	// A different seed gives a different run (the draws matter).
	r, _ := Run(f, Options{Level: bmc.Step2, Seed: 99})
	var other bytes.Buffer
	WriteJSONL(&other, r.Events)
	if bytes.Equal(other.Bytes(), logs[0].Bytes()) {
		t.Error("seed 99 gives the same events as the scenario's seed")
	}
}

// The integration levels on the reference scenario, as physics makes it,
// compared like with like (threat by threat, one seed at every level):
// sharing (step1) warns every defender no later than autonomous and at
// least one threat's defender earlier or at all; integrated fire control
// (step2) launches earlier, with more battlespace, on the threats engaged
// under both step1 and step2, and engages at least as many; step2's
// deconfliction leaves no duplicate engagement. The totals count the
// threats whose events happened. Checked on three seeds (one under the race
// detector).
func TestReferenceIntegrationLevels(t *testing.T) {
	f := load(t, reference)
	seeds := []uint64{2007, 1, 2}
	if raceDetector {
		seeds = seeds[:1]
	}
	for _, seed := range seeds {
		res := map[bmc.Level]Summary{}
		for _, l := range bmc.Levels {
			r, err := Run(f, Options{Level: l, Seed: seed})
			if err != nil {
				t.Fatal(err)
			}
			res[l] = r.Summary
			checkCounts(t, r.Summary)
		}
		a, s1, s2 := res[bmc.Autonomous], res[bmc.Step1], res[bmc.Step2]
		better := 0
		for i, th := range a.Threats {
			w0, w1 := th.WarningS, s1.Threats[i].WarningS
			switch {
			case w0 != nil && (w1 == nil || *w1 > *w0):
				t.Errorf("seed %d, %s: warned at %v under step1, %.0f s autonomous", seed, th.ID, w1, *w0)
			case w1 != nil && (w0 == nil || *w1 < *w0):
				better++
			}
		}
		if better == 0 {
			t.Errorf("seed %d: step1 warns no defender earlier than autonomous (%d and %d threats warned)", seed, s1.Totals.ThreatsWarned, a.Totals.ThreatsWarned)
		}
		var l1, l2, b1, b2 float64
		both := 0
		for i, th := range s1.Threats {
			u := s2.Threats[i]
			if th.EarliestLaunchS != nil && u.EarliestLaunchS != nil {
				l1 += *th.EarliestLaunchS - th.LaunchS
				l2 += *u.EarliestLaunchS - u.LaunchS
				b1 += *th.BattlespaceS
				b2 += *u.BattlespaceS
				both++
			}
		}
		if both == 0 || !(l2 < l1) || !(b2 > b1) || s2.Totals.ThreatsEngaged < s1.Totals.ThreatsEngaged {
			t.Errorf("seed %d: over the %d threats engaged at both, step2 first launch %.1f s, battlespace %.1f s; step1 %.1f s, %.1f s; engaged %d and %d",
				seed, both, l2/float64(both), b2/float64(both), l1/float64(both), b1/float64(both), s2.Totals.ThreatsEngaged, s1.Totals.ThreatsEngaged)
		}
		if s2.Totals.DuplicateEngagements != 0 {
			t.Errorf("seed %d: %d duplicate engagements under step2", seed, s2.Totals.DuplicateEngagements)
		}
		t.Logf("seed %d: warned %d/%d/%d threats (earlier under step1: %d); over the %d engaged at step1 and step2, first launch %.0f/%.0f s, battlespace %.0f/%.0f s; engaged %d/%d/%d; leakers %d/%d/%d, duplicates %d/%d/%d",
			seed, a.Totals.ThreatsWarned, s1.Totals.ThreatsWarned, s2.Totals.ThreatsWarned, better, both, l1/float64(both), l2/float64(both),
			b1/float64(both), b2/float64(both), a.Totals.ThreatsEngaged, s1.Totals.ThreatsEngaged, s2.Totals.ThreatsEngaged,
			a.Totals.Leakers, s1.Totals.Leakers, s2.Totals.Leakers, a.Totals.DuplicateEngagements, s1.Totals.DuplicateEngagements, s2.Totals.DuplicateEngagements)
	}
}

// checkCounts checks a summary's counts of threats against its per-threat
// fields: each counts the threats whose time is not null, and outcomes add
// up.
func checkCounts(t *testing.T, s Summary) {
	t.Helper()
	var want [5]int
	killed, leaked := 0, 0
	for _, th := range s.Threats {
		for k, x := range []*float64{th.FirstDetectionS, th.FirstFirmTrackS, th.WarningS, th.FirstSharedTrackS, th.EarliestLaunchS} {
			if x != nil {
				want[k]++
			}
		}
		if (th.EarliestLaunchS != nil) != (th.Shots > 0) {
			t.Errorf("%s %s: earliest launch %v with %d shots", s.Integration, th.ID, th.EarliestLaunchS, th.Shots)
		}
		switch th.Outcome {
		case "killed":
			killed++
		case "leaked":
			leaked++
		}
	}
	tt := s.Totals
	got := [5]int{tt.ThreatsDetected, tt.ThreatsFirmTrack, tt.ThreatsWarned, tt.ThreatsSharedTrack, tt.ThreatsEngaged}
	if got != want || tt.Threats != len(s.Threats) || tt.Killed != killed || tt.Leakers != leaked {
		t.Errorf("%s seed %d: totals %+v; per threat: detected, firm, warned, shared, engaged %v, %d killed, %d leaked", s.Integration, s.Seed, tt, want, killed, leaked)
	}
}

// A fault: the link between the US and Russia is cut mid-run under
// step2. Both sides notice the silence (contact lost), no threat is
// engaged twice through the outage, contact and the partner's tracks
// come back after it.
func TestPartitionedLinkDegradesAndResumes(t *testing.T) {
	const cutS, healS = 150.0, 450.0
	f := load(t, reference)
	for i, l := range f.Links {
		if l.From == "colorado-springs" && l.To == "moscow-jdec" {
			f.Links[i].Outages = append(f.Links[i].Outages, scenario.Outage{StartS: cutS, EndS: healS})
		}
	}
	for _, seed := range []uint64{2007, 1, 2} {
		resumedS := math.NaN()
		opt := Options{Level: bmc.Step2, Seed: seed, afterStep: func(now float64, parts []*Part) {
			if now < healS || !math.IsNaN(resumedS) {
				return
			}
			for _, p := range parts {
				if n := p.w.byNation["US"]; n != nil {
					for _, st := range n.pic.Tracks() {
						for _, r := range st.Reports {
							if r.Nation == "RU" && r.TimeS > healS {
								resumedS = now
							}
						}
					}
				}
			}
		}}
		r, err := Run(f, opt)
		if err != nil {
			t.Fatal(err)
		}
		lost := map[string]float64{}
		restored := map[string]float64{}
		for _, ev := range r.Events {
			switch ev.Type {
			case EvContactLost:
				lost[ev.Nation+"<"+ev.To] = ev.TS
			case EvContactRestored:
				restored[ev.Nation+"<"+ev.To] = ev.TS
			}
		}
		for _, k := range []string{"US<RU", "RU<US"} {
			if !(lost[k] > cutS && lost[k] <= cutS+contactTimeoutS+shareS+1) {
				t.Errorf("seed %d: %s contact lost at %v, want within %v s of the cut at %v", seed, k, lost[k], contactTimeoutS+shareS+1, cutS)
			}
			if !(restored[k] >= healS && restored[k] <= healS+shareS+1) {
				t.Errorf("seed %d: %s contact restored at %v, want within %v s of the repair at %v", seed, k, restored[k], shareS+1, healS)
			}
		}
		if _, ok := lost["US<DE"]; ok {
			t.Errorf("seed %d: US lost contact with DE, whose link was never cut", seed)
		}
		if r.Summary.Totals.DuplicateEngagements != 0 {
			t.Errorf("seed %d: %d duplicate engagements through the outage", seed, r.Summary.Totals.DuplicateEngagements)
		}
		if !(resumedS <= healS+2*shareS) {
			t.Errorf("seed %d: Russian tracks back in the US picture at %v, want within %v s of the repair", seed, resumedS, 2*shareS)
		}
		t.Logf("seed %d: lost %v, restored %v, RU tracks back at %.1f s; %d killed, %d leakers, 0 duplicates",
			seed, lost, restored, resumedS, r.Summary.Totals.Killed, r.Summary.Totals.Leakers)
	}
}

// Russia's node falls silent at 200 s for the rest of the run under step2
// (its only link cut: alive or lost, the US cannot tell). The US cannot
// confirm its engagements with Russia, and takes over the missiles bound
// for Berlin and Warsaw, which Russia's batteries around Moscow and St
// Petersburg could not reach: it engages both (claimed from Germany, still
// in contact), where it used to refuse them every second ("no contact
// with RU") and let them leak; no threat is engaged twice.
func TestLostPartnersThreatsTakenOverInARun(t *testing.T) {
	f := load(t, reference)
	for i, l := range f.Links {
		if l.From == "moscow" && l.To == "moscow-jdec" {
			f.Links[i].Outages = append(f.Links[i].Outages, scenario.Outage{StartS: 200, EndS: 1e6})
		}
	}
	for _, seed := range []uint64{2007, 7} {
		r, err := Run(f, Options{Level: bmc.Step2, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		launched, takenOver := map[string]bool{}, 0
		for _, ev := range r.Events {
			switch {
			case ev.Type == EvLaunch && ev.Nation == "US":
				launched[ev.Threat] = true
			case ev.Type == EvDegraded && ev.Nation == "US" && strings.Contains(ev.Detail, "taken over from RU"):
				takenOver++
			}
		}
		if !launched["irbm-berlin"] || !launched["irbm-warsaw"] || takenOver == 0 {
			t.Errorf("seed %d: the US launched at %v, took %d engagements over: want Berlin's and Warsaw's missiles taken over from Russia", seed, launched, takenOver)
		}
		if d := r.Summary.Totals.DuplicateEngagements; d != 0 {
			t.Errorf("seed %d: %d duplicate engagements", seed, d)
		}
		t.Logf("seed %d: %d killed, %d leakers; the US took %d engagements over", seed, r.Summary.Totals.Killed, r.Summary.Totals.Leakers, takenOver)
	}
}

// Windows follow the parts' promises: with no sharing (autonomous) only
// intercepts and the longest window bound them; under step2 the
// battle-management cycles (every decisionS) and the messages they answer
// do. A conductor stepping in windows of the lookahead (50 ms here) would
// take some 40,000 steps.
func TestWindowsFollowPromises(t *testing.T) {
	f := load(t, reference)
	for _, c := range []struct {
		level    bmc.Level
		perCycle float64 // steps per decision cycle allowed
	}{{bmc.Autonomous, 1.1 / maxWindowS}, {bmc.Step2, 3}} {
		steps := 0
		r, err := Run(f, Options{Level: c.level, afterStep: func(float64, []*Part) { steps++ }})
		if err != nil {
			t.Fatal(err)
		}
		intercepts := 0
		for _, ev := range r.Events {
			if ev.Type == EvKill || ev.Type == EvMiss {
				intercepts++
			}
		}
		dur := r.Events[len(r.Events)-1].TS
		if limit := int(c.perCycle*dur/bmc.DefaultCycleS) + 2*intercepts + 10; steps > limit {
			t.Errorf("%v: %d steps for %.0f s and %d intercepts, want ≤ %d", c.level, steps, dur, intercepts, limit)
		}
	}
}

// Step2's integrated assignment shares the raid out: on the stress raid's
// 100 threats the nations engage those nearest their batteries (the
// westernmost, A, is nearest none of the cities), few claims meet an
// earlier one (each nation assigns every battery it knows of, its
// partners' too, and engages only what falls to its own), and almost no
// threat is engaged twice (closely spaced objects can still confuse claims
// with tracks).
func TestIntegratedAssignmentSharesTheRaid(t *testing.T) {
	r, err := Run(stressScenario(t, 1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	claims, refused, launches := 0, 0, map[string]int{}
	for _, ev := range r.Events {
		switch ev.Type {
		case EvClaim:
			claims++
		case EvClaimRefused:
			refused++
		case EvLaunch:
			launches[ev.Nation]++
		}
	}
	t.Logf("%d claims, %d refused; launches by nation %v; %+v", claims, refused, launches, r.Summary.Totals)
	if len(launches) < 4 {
		t.Errorf("launches by nation %v: want the four nations nearest the cities engaging", launches)
	}
	if refused*5 > claims {
		t.Errorf("%d of %d claims refused: want under a fifth", refused, claims)
	}
	if d := r.Summary.Totals.DuplicateEngagements; d*20 > r.Summary.Totals.InterceptorsSpent {
		t.Errorf("%d duplicate engagements of %d interceptors: want under 5 %%", d, r.Summary.Totals.InterceptorsSpent)
	}
}

// The kill vehicle homes on the object in flight nearest its aim point,
// whatever object the track was attributed to; with nothing in flight
// within its divert reach it misses.
func TestKillVehicleHomesOnNearestObject(t *testing.T) {
	f := load(t, "testdata/analytic.yaml")
	w, err := build(f, Options{}, "A", 0)
	if err != nil {
		t.Fatal(err)
	}
	n := w.byNation["A"]
	b := n.bm.Batteries()[0]
	b.Interceptor.Pk = 1
	w.now = 60 // three threats launched at 0, 20, 40 s
	at := func(i int) geo.LLA {
		th := w.threats[i]
		p, _, _ := th.tr.StateAt(w.now - th.launchS)
		return w.e.ToLLA(p)
	}
	for _, c := range []struct {
		aim       geo.LLA
		reachM    float64
		wantKills []int
	}{
		{at(1), 500, []int{1}}, // attributed to threat 0, aimed at 1
		{geo.LLA{LatDeg: 10, LonDeg: 10}, 500, nil},
	} {
		w.kills = nil
		eng := &bmc.Engagement{STN: 999, Battery: b, Count: 1, Plan: intercept.Plan{PIP: c.aim, DivertReachM: c.reachM}}
		n.truth[eng] = 0
		n.intercept(eng, 10)
		var got []int
		for _, k := range w.kills {
			got = append(got, k.Threat)
		}
		if !slices.Equal(got, c.wantKills) {
			t.Errorf("aim %+v: kills %v, want %v (events %+v)", c.aim, got, c.wantKills, w.events)
		}
	}
}

// A battery's timing follows its release authority: by its nation's C2
// node (the reference's moscow node: 30 s) unless release is delegated to
// it, and its own reaction time when it gives one.
func TestBatteryTiming(t *testing.T) {
	f := load(t, reference)
	it, _ := intercept.LookupInterceptor("s-400")
	b := scenario.Battery{ID: "s400", Nation: "RU", Interceptor: "s-400"}
	for _, tc := range []struct {
		release   bmc.Authority
		reactionS float64
		want      bmc.Timing
	}{
		{"", 0, bmc.Timing{DecisionS: 30, ReactionS: it.ReactionS}},
		{"c2", 8, bmc.Timing{DecisionS: 30, ReactionS: 8}},
		{"delegated", 0, bmc.Timing{DecisionS: 0, ReactionS: it.ReactionS}},
		{"delegated", 8, bmc.Timing{DecisionS: 0, ReactionS: 8}},
	} {
		b.Release, b.ReactionS = tc.release, tc.reactionS
		if got := batteryTiming(f, b, it); got != tc.want {
			t.Errorf("release %q, reaction %g s: %+v, want %+v", tc.release, tc.reactionS, got, tc.want)
		}
	}
}
