package main

import (
	"encoding/json"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/report"
)

// The 2007 geometry in the textbook setting: interceptors at Redzikowo, an
// impulsive Semnan → Berlin threat over a non-rotating sphere.
const redzikowo = "54.48,17.10"

var textbookReach = []string{"reach", "--site", redzikowo, "--from", "35.23,53.92", "--to", "52.52,13.40",
	"--earth", "spherical", "--no-rotation", "--boost", "none", "--launch-delay", "120", "--min-intercept-alt", "100e3"}

type reachOut struct {
	Feasible           bool     `json:"feasible"`
	EarliestInterceptS *float64 `json:"earliest_intercept_s"`
	LatestInterceptS   *float64 `json:"latest_intercept_s"`
	Windows            []struct {
		StartS        float64 `json:"start_s"`
		EndS          float64 `json:"end_s"`
		ClosingMinMps float64 `json:"closing_min_mps"`
		ClosingMaxMps float64 `json:"closing_max_mps"`
	} `json:"windows"`
	MinBurnoutSpeedMps *float64 `json:"min_burnout_speed_mps"`
	MinSpeedInterceptS *float64 `json:"min_speed_intercept_s"`
	MinSpeedLaunchS    *float64 `json:"min_speed_launch_s"`
	MinSpeedIntercept  *struct {
		AltM float64 `json:"alt_m"`
	} `json:"min_speed_intercept"`
	MinSpeedClosingMps *float64 `json:"min_speed_closing_mps"`
	KinematicBound     bool     `json:"kinematic_bound"`
	LaunchDelayS       float64  `json:"launch_delay_s"`
	Interceptor        struct {
		Type               string   `json:"type"`
		BurnoutSpeedMps    float64  `json:"burnout_speed_mps"`
		BurnTimeS          float64  `json:"burn_time_s"`
		MinInterceptAltM   float64  `json:"min_intercept_alt_m"`
		MaxInterceptAltM   *float64 `json:"max_intercept_alt_m"`
		MaxRangeM          *float64 `json:"max_range_m"`
		MinClosingSpeedMps *float64 `json:"min_closing_speed_mps"`
	} `json:"interceptor"`
	Threat struct {
		FlightTimeS float64 `json:"flight_time_s"`
		Earth       string  `json:"earth"`
		Rotation    bool    `json:"rotation"`
		Boost       string  `json:"boost"`
	} `json:"threat"`
	Samples []struct {
		TS       float64 `json:"t_s"`
		AltM     float64 `json:"alt_m"`
		InWindow bool    `json:"in_window"`
	} `json:"samples"`
}

func runReachJSON(t *testing.T, args ...string) (reachOut, map[string]json.RawMessage) {
	t.Helper()
	return runJSON[reachOut](t, args...)
}

// withSpeed adds an interceptor speed to a reach command line.
func withSpeed(args []string, mps float64, more ...string) []string {
	return append(append(slices.Clone(args), "--burnout-speed", strconv.FormatFloat(mps, 'f', -1, 64)), more...)
}

func TestReachJSON(t *testing.T) {
	out, raw := runReachJSON(t, withSpeed(textbookReach, 6300)...)
	for _, k := range []string{"feasible", "earliest_intercept_s", "latest_intercept_s", "windows", "min_burnout_speed_mps",
		"min_speed_intercept_s", "min_speed_launch_s", "min_speed_intercept", "min_speed_closing_mps", "kinematic_bound",
		"site", "launch_delay_s", "interceptor", "threat", "samples"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("no %q in %v", k, slices.Sorted(maps.Keys(raw)))
		}
	}
	if !out.Feasible || out.EarliestInterceptS == nil || out.LatestInterceptS == nil || len(out.Windows) == 0 {
		t.Fatalf("a 6.3 km/s interceptor at Redzikowo cannot engage Semnan–Berlin: %+v", out)
	}
	if *out.EarliestInterceptS != out.Windows[0].StartS || *out.LatestInterceptS != out.Windows[len(out.Windows)-1].EndS {
		t.Errorf("earliest %g, latest %g; windows %v", *out.EarliestInterceptS, *out.LatestInterceptS, out.Windows)
	}
	for i, w := range out.Windows {
		if !(w.EndS >= w.StartS && w.StartS > out.LaunchDelayS && w.EndS <= out.Threat.FlightTimeS) || (i > 0 && !(w.StartS > out.Windows[i-1].EndS)) {
			t.Errorf("window %d %+v: want ordered, disjoint, after the launch delay and before impact", i, w)
		}
		if !(w.ClosingMinMps > 0 && w.ClosingMaxMps >= w.ClosingMinMps) {
			t.Errorf("window %d %+v: want a closing-speed range", i, w)
		}
	}
	if it := out.Interceptor; it.Type != report.BareInterceptor || it.BurnoutSpeedMps != 6300 || it.BurnTimeS != 0 || it.MinInterceptAltM != 100e3 ||
		it.MaxInterceptAltM != nil || it.MaxRangeM != nil || it.MinClosingSpeedMps != nil || !out.KinematicBound {
		t.Errorf("interceptor %+v: want bare, 6,300 m/s, impulsive, from 100 km with no ceiling, range limit or closing floor: a kinematic bound", it)
	}
	if out.Threat.Earth != "spherical" || out.Threat.Rotation || out.Threat.Boost != "none" {
		t.Errorf("threat %+v: want the textbook setting", out.Threat)
	}
	m := out.MinBurnoutSpeedMps
	if m == nil || !(*m < 6300) || out.MinSpeedLaunchS == nil || *out.MinSpeedLaunchS < 120 || out.MinSpeedInterceptS == nil ||
		!(*out.MinSpeedInterceptS > *out.MinSpeedLaunchS) || out.MinSpeedIntercept == nil || out.MinSpeedIntercept.AltM < 100e3-1 {
		t.Errorf("least speed %v at launch %v, intercept %v (%v): want below 6.3 km/s, launching after 120 s, intercepting above 100 km",
			m, out.MinSpeedLaunchS, out.MinSpeedInterceptS, out.MinSpeedIntercept)
	}
	// Samples every --step (10 s) and at impact, flagged inside a window
	// (edges are bisected to 5 ms).
	if n := len(out.Samples); n < 3 || out.Samples[n-1].TS != out.Threat.FlightTimeS {
		t.Fatalf("%d samples", n)
	}
	for _, s := range out.Samples {
		in := false
		for _, w := range out.Windows {
			in = in || (s.TS >= w.StartS-1e-2 && s.TS <= w.EndS+1e-2)
		}
		if s.InWindow && !in || !s.InWindow && in && s.AltM > 100e3+1 {
			t.Errorf("sample at %g s: in_window %v, windows %v", s.TS, s.InWindow, out.Windows)
		}
	}
}

// bruteMinSpeed is an independent reference for the least burnout speed in
// the textbook setting: an exhaustive grid over launch time tL ≥ delay and
// intercept time tI (step dt), each fly-out an impulsive Lambert arc
// (ballistic.Lambert, universal variables) from the site's surface point
// that leaves upward, the threat inside the altitude limits; the slowest
// kept. A grid search over the two free times is the definition of the
// quantity, with no optimiser in it (the reference of
// internal/intercept's tests, rebuilt here on the command's own inputs).
// It can only overestimate: by second order in dtL over launch times (an
// interior minimum), by first order in dtI over intercept times (the least
// speed often sits on an edge, where the threat crosses the lowest
// intercept altitude).
func bruteMinSpeed(t *testing.T, site, from, to geo.LLA, delay, minAlt, maxAlt, dtI, dtL float64) float64 {
	e := geo.Sphere
	e.Omega = 0
	tr, err := ballistic.Solve(ballistic.Request{From: from, To: to, Earth: e})
	if err != nil {
		t.Fatal(err)
	}
	rs := geo.Vec3(e.ToECEF(site))
	best := math.Inf(1)
	for tI := delay + dtI; tI <= tr.FlightTimeS; tI += dtI {
		pos, _, ok := tr.StateAt(tI)
		if alt := e.ToLLA(pos).AltM; !ok || alt < minAlt || alt > maxAlt {
			continue
		}
		for tL := delay; tL < tI-1; tL += dtL {
			v1, _, err := ballistic.Lambert(e.Mu, rs, geo.Vec3(pos), tI-tL)
			if err != nil || v1.Dot(rs) <= 0 {
				continue
			}
			best = math.Min(best, v1.Norm())
		}
	}
	return best
}

// In the textbook setting min_burnout_speed_mps matches an
// independent brute-force search over launch and intercept times to 1 %.
func TestReachMinSpeedMatchesBruteForce(t *testing.T) {
	const tolRel = 0.01 // the agreement asked of the search
	site := geo.LLA{LatDeg: 54.48, LonDeg: 17.10}
	for _, tc := range []struct {
		name           string
		from, to       geo.LLA
		delay          float64
		minAlt, maxAlt float64
	}{
		{"semnan-berlin", geo.LLA{LatDeg: 35.23, LonDeg: 53.92}, geo.LLA{LatDeg: 52.52, LonDeg: 13.40}, 120, 100e3, 2000e3},
		{"kozelsk-washington", geo.LLA{LatDeg: 53.97, LonDeg: 35.80}, geo.LLA{LatDeg: 38.90, LonDeg: -77.04}, 120, 100e3, 2000e3},
		{"kozelsk-washington-late", geo.LLA{LatDeg: 53.97, LonDeg: 35.80}, geo.LLA{LatDeg: 38.90, LonDeg: -77.04}, 300, 100e3, 2000e3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
			out, _ := runReachJSON(t, "reach", "--site", redzikowo, "--burnout-speed", "6300",
				"--from", f(tc.from.LatDeg)+","+f(tc.from.LonDeg), "--to", f(tc.to.LatDeg)+","+f(tc.to.LonDeg),
				"--earth", "spherical", "--no-rotation", "--boost", "none", "--launch-delay", f(tc.delay),
				"--min-intercept-alt", f(tc.minAlt), "--max-intercept-alt", f(tc.maxAlt))
			want := bruteMinSpeed(t, site, tc.from, tc.to, tc.delay, tc.minAlt, tc.maxAlt, 1, 4)
			if out.MinBurnoutSpeedMps == nil || math.Abs(*out.MinBurnoutSpeedMps-want) > tolRel*want {
				t.Fatalf("min_burnout_speed_mps %v, brute force %.1f m/s", deref(out.MinBurnoutSpeedMps), want)
			}
			t.Logf("min_burnout_speed_mps %.1f, brute force %.1f m/s", *out.MinBurnoutSpeedMps, want)
			// The brute force can only overestimate (its grid is a subset).
			if *out.MinBurnoutSpeedMps > want*(1+1e-6) {
				t.Errorf("min_burnout_speed_mps %.2f is above the brute-force %.2f", *out.MinBurnoutSpeedMps, want)
			}
		})
	}
}

// With a library type reach applies its kill vehicle's minimum closing
// speed, and --kinematic gives the pure-kinematic bound, labelled as one:
// the 2007 stern chase (Kozelsk → Washington, gbi-6.3 at Redzikowo from
// 240 s), whose kinematic least speed closes at about 1 km/s, needs more
// speed to close at 2 km/s; every window closes at 2 km/s or more.
func TestReachClosingFloor(t *testing.T) {
	args := []string{"reach", "--site", redzikowo, "--interceptor", "gbi-6.3", "--launch-delay", "240",
		"--from", "53.97,35.80", "--to", "38.90,-77.04", "--boost", "icbm"}
	hit, _ := runReachJSON(t, args...)
	bound, _ := runReachJSON(t, append(slices.Clone(args), "--kinematic")...)
	if hit.KinematicBound || hit.Interceptor.MinClosingSpeedMps == nil || *hit.Interceptor.MinClosingSpeedMps != 2000 {
		t.Errorf("gbi-6.3: kinematic_bound %v, min_closing_speed_mps %v; want false and 2000", hit.KinematicBound, deref(hit.Interceptor.MinClosingSpeedMps))
	}
	if !bound.KinematicBound || bound.Interceptor.MinClosingSpeedMps != nil {
		t.Errorf("--kinematic: kinematic_bound %v, min_closing_speed_mps %v; want true and null", bound.KinematicBound, deref(bound.Interceptor.MinClosingSpeedMps))
	}
	if hit.MinBurnoutSpeedMps == nil || bound.MinBurnoutSpeedMps == nil || hit.MinSpeedClosingMps == nil || bound.MinSpeedClosingMps == nil {
		t.Fatalf("no least speed: %v, %v", deref(hit.MinBurnoutSpeedMps), deref(bound.MinBurnoutSpeedMps))
	}
	if !(*bound.MinSpeedClosingMps < 2000) || !(*hit.MinSpeedClosingMps >= 2000*(1-1e-9)) || !(*hit.MinBurnoutSpeedMps > *bound.MinBurnoutSpeedMps) {
		t.Errorf("least speed %.0f m/s closing at %.0f m/s; kinematic bound %.0f m/s closing at %.0f m/s: want the bound a stern chase under 2 km/s, the answer closing at 2 km/s or more and faster",
			*hit.MinBurnoutSpeedMps, *hit.MinSpeedClosingMps, *bound.MinBurnoutSpeedMps, *bound.MinSpeedClosingMps)
	}
	gbi9, _ := runReachJSON(t, append(slices.Clone(args), "--interceptor", "gbi-9")...)
	if len(gbi9.Windows) == 0 {
		t.Fatal("gbi-9 cannot engage")
	}
	for _, w := range gbi9.Windows {
		if w.ClosingMinMps < 2000*(1-1e-9) {
			t.Errorf("gbi-9 window %+v closes below 2 km/s", w)
		}
	}
	code, stdout, _ := execute(append(slices.Clone(args), "--kinematic")...)
	if code != exitOK || !strings.Contains(stdout, "This is a kinematic bound (--kinematic)") {
		t.Errorf("--kinematic text: exit %d\n%s", code, stdout)
	}
	if _, stdout, _ = execute(args...); !strings.Contains(stdout, "Every intercept closes at 2 km/s or more") || !strings.Contains(stdout, ", closing at 2.00 km/s.") {
		t.Errorf("text:\n%s", stdout)
	}
}

// The least speed brackets the yes/no answer: 1 % faster engages, 1 %
// slower does not.
func TestReachSpeedBracketsFeasibility(t *testing.T) {
	out, _ := runReachJSON(t, withSpeed(textbookReach, 6300)...)
	v := *out.MinBurnoutSpeedMps
	if fast, _ := runReachJSON(t, withSpeed(textbookReach, v*1.01)...); !fast.Feasible {
		t.Errorf("%.1f m/s (1 %% above the least) cannot engage", v*1.01)
	}
	if slow, _ := runReachJSON(t, withSpeed(textbookReach, v*0.99)...); slow.Feasible || len(slow.Windows) != 0 || slow.EarliestInterceptS != nil {
		t.Errorf("%.1f m/s (1 %% below the least) engages: %+v", v*0.99, slow.Windows)
	}
}

// Properties: a later launch delay never lowers the required
// speed; a higher minimum intercept altitude never widens the window.
func TestReachConstraintProperties(t *testing.T) {
	base := []string{"reach", "--site", redzikowo, "--burnout-speed", "6300", "--from", "35.23,53.92", "--to", "52.52,13.40",
		"--earth", "spherical", "--no-rotation", "--boost", "none"}
	// Window edges are bisected to 5 ms and the least speed refined to
	// millimetres per second; these tolerances absorb that.
	const tolS, tolMps = 1e-2, 0.01
	prev := 0.0
	for _, d := range []string{"0", "60", "120", "240", "400", "600"} {
		out, _ := runReachJSON(t, append(slices.Clone(base), "--launch-delay", d, "--min-intercept-alt", "100e3")...)
		if out.MinBurnoutSpeedMps == nil {
			t.Fatalf("delay %s s: no least speed", d)
		}
		if *out.MinBurnoutSpeedMps < prev-tolMps {
			t.Errorf("delay %s s: least speed %.2f m/s, below %.2f m/s at a shorter delay", d, *out.MinBurnoutSpeedMps, prev)
		}
		prev = *out.MinBurnoutSpeedMps
	}
	var prevW [][2]float64
	for i, alt := range []string{"0", "50e3", "100e3", "300e3", "600e3", "900e3"} {
		out, _ := runReachJSON(t, append(slices.Clone(base), "--launch-delay", "120", "--min-intercept-alt", alt)...)
		var ws [][2]float64
		for _, w := range out.Windows {
			ws = append(ws, [2]float64{w.StartS, w.EndS})
		}
		// Every window lies inside one of the lower altitude's windows.
		for _, w := range ws {
			inside := i == 0
			for _, p := range prevW {
				inside = inside || (w[0] >= p[0]-tolS && w[1] <= p[1]+tolS)
			}
			if !inside {
				t.Errorf("min altitude %s m: window %v is outside the windows %v of a lower limit", alt, w, prevW)
			}
		}
		prevW = ws
	}
}

func TestReachText(t *testing.T) {
	code, stdout, stderr := execute(withSpeed(textbookReach, 6300)...)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"site", "interceptor", "bare: 6.3 km/s burnout, impulsive launch", "textbook setting", "launch delay",
		"A 6.3 km/s interceptor at 54.48,17.10 can engage this missile", "The slowest that could is ", " km/s, launching at ", "window"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output does not contain %q:\n%s", want, stdout)
		}
	}
	_, stdout, _ = execute(withSpeed(textbookReach, 1000)...)
	if !strings.Contains(stdout, "A 1 km/s interceptor at 54.48,17.10 cannot engage this missile.") || !strings.Contains(stdout, "The slowest that could is") {
		t.Errorf("1 km/s:\n%s", stdout)
	}
	// Nothing to reach: PAC-3's ceiling is 20 km, its range 35 km.
	_, stdout, _ = execute("reach", "--site", redzikowo, "--interceptor", "pac-3", "--from", "35.23,53.92", "--to", "52.52,13.40")
	if !strings.Contains(stdout, "cannot engage") || !strings.Contains(stdout, "No interceptor could, however fast") || !strings.Contains(stdout, "between 1 and 20 km altitude within 35 km of the site") {
		t.Errorf("pac-3:\n%s", stdout)
	}
	out, raw := runReachJSON(t, "reach", "--site", redzikowo, "--interceptor", "pac-3", "--from", "35.23,53.92", "--to", "52.52,13.40")
	if out.Feasible || string(raw["min_burnout_speed_mps"]) != "null" || string(raw["windows"]) != "[]" || string(raw["earliest_intercept_s"]) != "null" {
		t.Errorf("pac-3: %s", raw["min_burnout_speed_mps"])
	}
}

// --interceptor takes a library type; --burnout-speed and the altitude
// flags override it; the textbook setting makes it impulsive.
func TestReachInterceptorType(t *testing.T) {
	gbi := []string{"reach", "--site", redzikowo, "--interceptor", "gbi-6.3", "--from", "35.23,53.92", "--to", "52.52,13.40", "--launch-delay", "120"}
	out, _ := runReachJSON(t, gbi...)
	if it := out.Interceptor; it.Type != "gbi-6.3" || it.BurnoutSpeedMps != 6300 || it.BurnTimeS != 60 || it.MinInterceptAltM != 100e3 ||
		it.MaxInterceptAltM == nil || *it.MaxInterceptAltM != 2000e3 {
		t.Errorf("gbi-6.3 on WGS-84: %+v", it)
	}
	out, _ = runReachJSON(t, append(slices.Clone(gbi), "--burnout-speed", "9000", "--min-intercept-alt", "150e3", "--max-intercept-alt", "1500e3")...)
	if it := out.Interceptor; it.BurnoutSpeedMps != 9000 || it.BurnTimeS != 60 || it.MinInterceptAltM != 150e3 || *it.MaxInterceptAltM != 1500e3 {
		t.Errorf("gbi-6.3 overridden: %+v", it)
	}
	out, _ = runReachJSON(t, append(slices.Clone(gbi), "--earth", "spherical", "--no-rotation", "--boost", "none")...)
	if out.Interceptor.BurnTimeS != 0 {
		t.Errorf("textbook setting: burn time %g s, want an impulsive interceptor", out.Interceptor.BurnTimeS)
	}
}

func TestReachBadInput(t *testing.T) {
	threat := []string{"--from", "35.23,53.92", "--to", "52.52,13.40"}
	reach := func(args ...string) []string { return append([]string{"reach"}, args...) }
	ok := func(more ...string) []string {
		return reach(append(append([]string{"--site", redzikowo, "--burnout-speed", "6300"}, threat...), more...)...)
	}
	tests := []usageCase{
		{"no site", reach(append([]string{"--burnout-speed", "6300"}, threat...)...), []string{"--site is required"}},
		{"site latitude", reach(append([]string{"--site", "95,17", "--burnout-speed", "6300"}, threat...)...), []string{`--site "95,17"`, "latitude 95"}},
		{"site height", reach(append([]string{"--site", "54,17,100", "--burnout-speed", "6300"}, threat...)...), []string{`--site "54,17,100"`, "surface"}},
		{"no interceptor", reach(append([]string{"--site", redzikowo}, threat...)...), []string{"give --burnout-speed M_PER_S", "--interceptor TYPE", "gbi-6.3"}},
		{"unknown type", reach(append([]string{"--site", redzikowo, "--interceptor", "gbi-7"}, threat...)...), []string{`--interceptor "gbi-7"`, "gbi-9", "thaad"}},
		{"zero speed", reach(append([]string{"--site", redzikowo, "--burnout-speed", "0"}, threat...)...), []string{"--burnout-speed 0", "above 0 m/s"}},
		{"NaN speed", reach(append([]string{"--site", redzikowo, "--burnout-speed", "NaN"}, threat...)...), []string{"--burnout-speed NaN"}},
		{"speed not a number", reach(append([]string{"--site", redzikowo, "--burnout-speed", "fast"}, threat...)...), []string{`--burnout-speed "fast": not a number`}},
		{"negative delay", ok("--launch-delay", "-1"), []string{"--launch-delay -1"}},
		{"infinite delay", ok("--launch-delay", "+Inf"), []string{"--launch-delay +Inf"}},
		{"negative min alt", ok("--min-intercept-alt", "-5"), []string{"--min-intercept-alt -5"}},
		{"zero max alt", ok("--max-intercept-alt", "0"), []string{"--max-intercept-alt 0"}},
		{"min above max", ok("--min-intercept-alt", "300e3", "--max-intercept-alt", "200e3"), []string{"300 000 m", "not below", "200 000 m"}},
		{"min above the type's max", reach(append([]string{"--site", redzikowo, "--interceptor", "thaad", "--min-intercept-alt", "200e3"}, threat...)...), []string{"200 000 m", "150 000 m"}},
		{"threat problems", reach("--site", redzikowo, "--burnout-speed", "6300", "--from", "95,1", "--boost", "v2"), []string{"latitude 95", "--to is required", `--boost "v2"`}},
		{"threat speed renamed", ok("--kind", "lofted"), []string{"--kind lofted needs --threat-burnout-speed"}},
		{"threat speed with minimum energy", ok("--threat-burnout-speed", "3000"), []string{"--threat-burnout-speed applies to --kind lofted or depressed"}},
		{"no trajectory", reach("--site", redzikowo, "--burnout-speed", "6300", "--from", "35.23,53.92", "--to", "38.9,-77.04", "--boost", "srbm"), []string{"no trajectory from", "srbm"}},
		{"every problem at once", reach("--site", "x", "--burnout-speed", "-3", "--to", "1,2"), []string{"--site", "--burnout-speed -3", "--from is required"}},
		{"positional argument", reach("54,17"), []string{`unknown command "54,17"`}},
	}
	checkUsageErrors(t, tests)
}

// deref prints a nullable number.
func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// The public interface: the interceptor flags, then every threat flag
// of jrmd trajectory (its --burnout-speed as --threat-burnout-speed).
func TestReachHelp(t *testing.T) {
	code, stdout, stderr := execute("reach", "--help")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, flag := range []string{"--site", "--burnout-speed", "--interceptor", "--launch-delay", "--min-intercept-alt", "--max-intercept-alt",
		"--kinematic", "--from", "--to", "--kind", "--threat-burnout-speed", "--earth", "--no-rotation", "--boost", "--step", "--json",
		"--scenario", "--battery", "--launch-area", "--target", "--integration"} {
		if !strings.Contains(stdout, flag+" ") {
			t.Errorf("reach --help does not mention %s", flag)
		}
	}
	for _, args := range [][]string{{"study", "reach", "--help"}, {"footprint", "--help"}, {"study", "--help"}} {
		if code, stdout, _ := execute(args...); code != exitOK || !strings.Contains(stdout, "Usage:") {
			t.Errorf("jrmd %s: exit %d", strings.Join(args, " "), code)
		}
	}
}
