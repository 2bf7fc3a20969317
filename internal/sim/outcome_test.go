package sim

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/scenario"
)

// notEngaged returns a run's not_engaged events by nation and threat.
func notEngaged(r *Result) map[[2]string]Event {
	out := map[[2]string]Event{}
	for _, ev := range r.Events {
		if ev.Type == EvNotEngaged {
			out[[2]string{ev.Nation, ev.Threat}] = ev
		}
	}
	return out
}

// Every threat of the reference scenario that no nation engaged and none
// killed says why, at every level: a known reason, and the nation whose
// it is logged it; a nation explains no threat it launched at; every
// reason is one of bmc's.
func TestEveryOutcomeExplainsItself(t *testing.T) {
	f := load(t, reference)
	for _, l := range bmc.Levels {
		r, err := Run(f, Options{Level: l})
		if err != nil {
			t.Fatal(err)
		}
		launched := map[[2]string]bool{}
		for _, ev := range r.Events {
			if ev.Type == EvLaunch {
				launched[[2]string{ev.Nation, ev.Threat}] = true
			}
		}
		why := notEngaged(r)
		for k, ev := range why {
			if _, ok := bmc.ParseReason(ev.Reason); !ok || ev.Detail == "" {
				t.Errorf("%v %v: reason %q, detail %q", l, k, ev.Reason, ev.Detail)
			}
			if launched[k] {
				t.Errorf("%v: %s explains why it did not engage %s, at which it launched", l, k[0], k[1])
			}
		}
		for _, th := range r.Summary.Threats {
			engaged := th.Shots > 0 || th.Outcome == "killed"
			if engaged != (th.NotEngagedReason == "") {
				t.Errorf("%v %s: %d shots, %s, reason %q", l, th.ID, th.Shots, th.Outcome, th.NotEngagedReason)
				continue
			}
			if !engaged {
				if ev, ok := why[[2]string{th.NotEngagedNation, th.ID}]; !ok || ev.Reason != th.NotEngagedReason || ev.Detail != th.NotEngagedDetail {
					t.Errorf("%v %s: summary %q by %s, not that nation's event %+v", l, th.ID, th.NotEngagedReason, th.NotEngagedNation, ev)
				}
			}
		}
	}
}

var closest = regexp.MustCompile(`(\S+): range: inside its intercept altitudes after (\d+) s the threat comes no closer than (\d+) km`)
var earliest = regexp.MustCompile(`(\S+): altitude: after \d+ s \(earliest launch (\d+) s\)`)

// Rome's IRBM leaks at every level; the US, whose batteries are the only
// ones that could have tried, says no battery could reach it once it held
// a fire-control track (the Czech radar's, ~100 s before impact). Its
// account is checked against the threat's true flight: THAAD at Warsaw
// never has it within range inside its altitudes (the closest distance,
// computed here at 0.1 s steps, is the detail's to 1 %), and neither
// battery can reach it launched when the detail says (intercept.Reach on
// the truth).
func TestRomeIsOutOfReach(t *testing.T) {
	f := load(t, reference)
	r, err := Run(f, Options{Level: bmc.Autonomous})
	if err != nil {
		t.Fatal(err)
	}
	var rome ThreatSummary
	for _, th := range r.Summary.Threats {
		if th.ID == "irbm-rome" {
			rome = th
		}
	}
	if rome.Outcome != "leaked" || rome.NotEngagedReason != bmc.OutOfReach.String() || rome.NotEngagedNation != "US" {
		t.Fatalf("irbm-rome: %+v", rome)
	}
	w, err := build(f, Options{Level: bmc.Autonomous}, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var th *threat
	for _, x := range w.threats {
		if x.id == "irbm-rome" {
			th = x
		}
	}
	bat := map[string]*bmc.Battery{}
	for _, b := range w.batteries {
		bat[b.ID] = b
	}
	m := closest.FindStringSubmatch(rome.NotEngagedDetail)
	if m == nil || m[1] != "thaad-warsaw" {
		t.Fatalf("no range account of thaad-warsaw in %q", rome.NotEngagedDetail)
	}
	after, _ := strconv.ParseFloat(m[2], 64)
	said, _ := strconv.ParseFloat(m[3], 64)
	thaad := bat["thaad-warsaw"]
	best := math.Inf(1)
	for ts := after; ts <= th.launchS+th.tr.FlightTimeS; ts += 0.1 {
		p, _, ok := th.tr.StateAt(ts - th.launchS)
		if !ok {
			continue
		}
		l := w.e.ToLLA(p)
		if l.AltM >= thaad.Interceptor.MinInterceptAltM && l.AltM <= thaad.Interceptor.MaxInterceptAltM {
			d, _, _ := w.e.Inverse(thaad.Site, l)
			best = math.Min(best, d/1e3)
		}
	}
	if math.Abs(best-said) > 0.01*best {
		t.Errorf("thaad-warsaw: the detail says no closer than %g km, the true flight %.0f km", said, best)
	}
	e := earliest.FindStringSubmatch(rome.NotEngagedDetail)
	if e == nil || e[1] != "redzikowo" {
		t.Fatalf("no altitude account of redzikowo in %q", rome.NotEngagedDetail)
	}
	gbiLaunch, _ := strconv.ParseFloat(e[2], 64)
	for id, launch := range map[string]float64{"redzikowo": gbiLaunch, "thaad-warsaw": after - thaad.Interceptor.BurnTimeS - 1} {
		b := bat[id]
		q := intercept.Reach{Earth: w.e, Site: b.Site, Threat: th.tr, ThreatEndS: th.tr.FlightTimeS, Interceptor: b.Interceptor, LaunchDelayS: launch - th.launchS}
		if ok, err := q.Feasible(); ok || err != nil {
			t.Errorf("%s launched at %g s reaches the true flight (%v)", id, launch, err)
		}
	}
}

// Russia's reason for not engaging the MRBM falling on Moscow (see the
// reference scenario's notes): its S-400, whose release is delegated,
// plans an engagement 10 s after its own track reaches fire-control
// quality. Battle management predicts the flight with its assumed
// re-entry ballistic coefficient, so the predicted intercept falls where
// the true re-entry vehicle is inside the S-400's intercept altitudes (a
// vacuum prediction landed it 6 s early, and left nothing to intercept);
// but the predicted intercept point's 3σ error is beyond the kill
// vehicle's divert reach, so the plan does not commit. On the true flight
// that launch would intercept (intercept.Reach): the reason is the track's
// accuracy. And under step1 the US, holding Russia's track, may not
// launch on it.
func TestMoscowMRBMReasons(t *testing.T) {
	f := load(t, reference)
	for _, l := range []bmc.Level{bmc.Autonomous, bmc.Step1} {
		r, err := Run(f, Options{Level: l})
		if err != nil {
			t.Fatal(err)
		}
		why := notEngaged(r)
		ru := why[[2]string{"RU", "mrbm-moscow"}]
		m := regexp.MustCompile(`^at (\d+) s: s400-moscow's predicted intercept point at (\d+) s is uncertain to (\d+) m \(3σ\), beyond the kill vehicle's divert reach of (\d+) m$`).FindStringSubmatch(ru.Detail)
		if ru.Reason != bmc.NotCommitted.String() || m == nil {
			t.Fatalf("%v: RU: %+v", l, ru)
		}
		var x [4]float64
		for i := range x {
			x[i], _ = strconv.ParseFloat(m[i+1], 64)
		}
		at, interceptS, pip3, reach := x[0], x[1], x[2], x[3]
		if !(pip3 > reach) {
			t.Errorf("%v: 3σ %g m within the divert reach %g m, yet not committed", l, pip3, reach)
		}
		w, _ := build(f, Options{Level: l}, "", 0)
		var s400 *bmc.Battery
		for _, b := range w.batteries {
			if b.ID == "s400-moscow" {
				s400 = b
			}
		}
		tr := w.threats[0].tr
		launch := at + s400.Timing.ReactionS
		if s400.Timing.DecisionS != 0 {
			t.Errorf("%v: timing %+v: want the reaction only (delegated release)", l, s400.Timing)
		}
		// The intercept the drag-aware prediction found is where the true
		// re-entry vehicle is inside the S-400's altitudes, before impact.
		p, _, ok := tr.StateAt(interceptS)
		if alt := w.e.ToLLA(p).AltM; !ok || alt < s400.Interceptor.MinInterceptAltM || alt > s400.Interceptor.MaxInterceptAltM {
			t.Errorf("%v: planned intercept at %g s, where the true flight is %.0f m up (ok %v)", l, interceptS, alt, ok)
		}
		if ok, _ := (intercept.Reach{Earth: w.e, Site: s400.Site, Threat: tr, ThreatEndS: tr.FlightTimeS, Interceptor: s400.Interceptor, LaunchDelayS: launch}).Feasible(); !ok {
			t.Errorf("%v: the S-400 launched at %g s does not reach the true flight either", l, launch)
		}
		if us := why[[2]string{"US", "mrbm-moscow"}]; l == bmc.Step1 && (us.Reason != bmc.PartnerTrackOnly.String() || !strings.Contains(us.Detail, "RU's track")) {
			t.Errorf("step1: US: %+v", us)
		}
	}
}

// The later gates, each forced on the reference scenario under
// autonomous: the US holding fire (release denied on Berlin's IRBM, which
// it engages otherwise) and the US without interceptors (inventory
// exhausted on Warsaw's).
func TestReasonsOfPolicyAndInventory(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(f *scenario.File)
		threat string
		want   bmc.Reason
		says   string
	}{
		{"hold fire", func(f *scenario.File) { f.Nations[0].Release.Policy = "never" }, "irbm-berlin", bmc.ReleaseDenied, "release policy: hold fire"},
		{"no interceptors", func(f *scenario.File) {
			for i := range f.Batteries {
				if f.Batteries[i].Nation == "US" {
					f.Batteries[i].Inventory = 0
				}
			}
		}, "irbm-warsaw", bmc.InventoryExhausted, "no battery of US has interceptors left"},
	} {
		f := load(t, reference)
		f.Nations = append([]scenario.Nation(nil), f.Nations...)
		f.Batteries = append([]scenario.Battery(nil), f.Batteries...)
		tc.change(f)
		r, err := Run(f, Options{Level: bmc.Autonomous})
		if err != nil {
			t.Fatal(err)
		}
		us := notEngaged(r)[[2]string{"US", tc.threat}]
		if us.Reason != tc.want.String() || !strings.Contains(us.Detail, tc.says) {
			t.Errorf("%s: US on %s: %+v; want %v saying %q", tc.name, tc.threat, us, tc.want, tc.says)
		}
	}
}

// The summary takes the defending nation's reason, else the furthest (on
// a tie, the first nation in the scenario's order), from the events alone;
// a threat no nation knew of is not_detected.
func TestSummaryPicksReason(t *testing.T) {
	f := load(t, reference)
	p, err := NewPart(f, Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	ne := func(nation, threat string, r bmc.Reason) Event {
		return Event{Type: EvNotEngaged, Nation: nation, Threat: threat, Reason: r.String(), Detail: nation + " " + r.String()}
	}
	events := []Event{
		{Type: EvDetection, Nation: "RU", Threat: "mrbm-moscow"},
		{Type: EvDetection, Nation: "RU", Threat: "irbm-rome"},
		// Moscow's: Russia defends it, the US got further.
		ne("US", "mrbm-moscow", bmc.NotCommitted), ne("RU", "mrbm-moscow", bmc.NoFireControl),
		// Rome's (no nation's): the furthest, then the scenario's order
		// (US, RU, DE).
		ne("DE", "irbm-rome", bmc.OutOfReach), ne("RU", "irbm-rome", bmc.OutOfReach), ne("US", "irbm-rome", bmc.NoTrack),
		// Warsaw's IRBM: killed; Berlin's: launched at; the ICBMs: unknown.
		{Type: EvKill, Nation: "US", Threat: "irbm-warsaw"}, ne("DE", "irbm-warsaw", bmc.NoTrack),
		{Type: EvLaunch, Nation: "US", Threat: "irbm-berlin", Count: 2}, ne("DE", "irbm-berlin", bmc.OutOfReach),
	}
	want := map[string][2]string{
		"mrbm-moscow": {"no_fire_control", "RU"}, "irbm-rome": {"out_of_reach", "RU"},
		"irbm-warsaw": {"", ""}, "irbm-berlin": {"", ""},
		"icbm-washington": {"not_detected", ""}, "icbm-new-york": {"not_detected", ""},
	}
	s := p.Summary(events)
	for _, th := range s.Threats {
		if got := [2]string{th.NotEngagedReason, th.NotEngagedNation}; got != want[th.ID] {
			t.Errorf("%s: %v, want %v", th.ID, got, want[th.ID])
		}
	}
	if n := s.Totals.NotEngaged; n["not_detected"] != 2 || n["out_of_reach"] != 1 || n["no_fire_control"] != 1 || len(n) != 3 {
		t.Errorf("totals %v", n)
	}
}
