package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const referenceFile = "../../scenarios/joint-regional-2007.yaml"

type cueOut struct {
	Sensor            string   `json:"sensor"`
	Nation            string   `json:"nation"`
	FirstDetectionS   *float64 `json:"first_detection_s"`
	CuedS             float64  `json:"cued_s"`
	FireControlTrackS float64  `json:"fire_control_track_s"`
	EarliestLaunchS   float64  `json:"earliest_launch_s"`
	DecisionS         float64  `json:"decision_s"`
	ReactionS         float64  `json:"reaction_s"`
}

type reachCueOut struct {
	reachOut
	LaunchDelayS     *float64 `json:"launch_delay_s"`
	Battery          string   `json:"battery"`
	Integration      string   `json:"integration"`
	Cue              *cueOut  `json:"cue"`
	LaunchDelayBasis string   `json:"launch_delay_basis"`
	Radars           []struct {
		Sensor            string   `json:"sensor"`
		Nation            string   `json:"nation"`
		FirstDetectionS   *float64 `json:"first_detection_s"`
		FireControlTrackS *float64 `json:"fire_control_track_s"`
		LaunchTrackS      *float64 `json:"launch_track_s"`
		Use               string   `json:"use"`
	} `json:"radars"`
	Note        string `json:"note"`
	LaunchTrack *struct {
		MaxPositionSigmaM   float64 `json:"max_position_sigma_m"`
		MaxVelocitySigmaMps float64 `json:"max_velocity_sigma_mps"`
		MinUpdates          int     `json:"min_updates"`
	} `json:"launch_track"`
}

func cueArgs(area, target string, more ...string) []string {
	return append([]string{"reach", "--scenario", referenceFile, "--battery", "redzikowo", "--launch-area", area, "--target", target}, more...)
}

// The cued question, Semnan → Berlin at every level: the launch delay is
// the cue's earliest launch, which is bmc.Timing's rule on the cue's own
// times (the scenario's 30 s C2 decision, gbi's 10 s reaction); the cue's
// radar is one whose data the level lets the US launch on, and holds the
// threat in a track within the GBI's launch requirement (launch_track: its
// 20 km and 40 m/s) no later than the cue says; sharing makes no launch
// later. The reach answer is the one jrmd reach --site gives for the
// same threat with that launch delay.
func TestReachScenarioCue(t *testing.T) {
	launch := map[string]float64{}
	for _, level := range []string{"autonomous", "step1", "step2"} {
		out, raw := runJSON[reachCueOut](t, cueArgs("semnan", "berlin", "--integration", level)...)
		for _, key := range []string{"feasible", "windows", "min_burnout_speed_mps", "launch_delay_s", "interceptor", "threat", "samples", "cue", "launch_delay_basis", "radars", "launch_track"} {
			if _, ok := raw[key]; !ok {
				t.Errorf("%s: JSON lacks %q", level, key)
			}
		}
		c := out.Cue
		if c == nil || out.LaunchDelayS == nil {
			t.Fatalf("%s: no cue (note %q)", level, out.Note)
		}
		if lt := out.LaunchTrack; lt == nil || lt.MaxPositionSigmaM != 20e3 || lt.MaxVelocitySigmaMps != 40 || lt.MinUpdates != 10 {
			t.Errorf("%s: launch_track %+v, want gbi-6.3's 20 km, 40 m/s, 10 updates", level, lt)
		}
		if out.Integration != level || out.Threat.Boost != "irbm" || out.LaunchDelayBasis != "cue" || *out.LaunchDelayS != c.EarliestLaunchS {
			t.Errorf("%s: level %s, boost %s (want irbm, the smallest that reaches 3,700 km), delay %g (%s), cue's launch %g",
				level, out.Integration, out.Threat.Boost, *out.LaunchDelayS, out.LaunchDelayBasis, c.EarliestLaunchS)
		}
		if c.DecisionS != 30 || c.ReactionS != 10 || c.EarliestLaunchS != math.Max(c.FireControlTrackS+c.ReactionS, c.CuedS+c.DecisionS) {
			t.Errorf("%s: launch %g, fire control %g + %g s, cue %g + %g s", level, c.EarliestLaunchS, c.FireControlTrackS, c.ReactionS, c.CuedS, c.DecisionS)
		}
		firstUsable := math.Inf(1)
		found := false
		for _, s := range out.Radars {
			if s.Use != "none" && s.FirstDetectionS != nil {
				firstUsable = math.Min(firstUsable, *s.FirstDetectionS)
			}
			if s.Sensor == c.Sensor {
				found = s.Nation == c.Nation && s.Use == "fire_control" && s.LaunchTrackS != nil && *s.LaunchTrackS <= c.FireControlTrackS
			}
			if want := map[bool]string{true: "fire_control", false: "cue"}[s.Nation == "US" || level == "step2"]; level != "autonomous" && s.Nation != "RU" && s.Use != want ||
				level == "autonomous" && s.Nation != "US" && s.Use != "none" {
				t.Errorf("%s: %s (%s) used as %q", level, s.Sensor, s.Nation, s.Use)
			}
		}
		if !found || c.FirstDetectionS == nil || *c.FirstDetectionS != firstUsable {
			t.Errorf("%s: cue by %s (%s) at %g s, first detection %v; radars %+v", level, c.Sensor, c.Nation, c.FireControlTrackS, deref(c.FirstDetectionS), out.Radars)
		}
		for _, w := range out.Windows {
			if !(w.StartS > *out.LaunchDelayS) {
				t.Errorf("%s: window from %g s, before the launch at %g s", level, w.StartS, *out.LaunchDelayS)
			}
		}
		launch[level] = c.EarliestLaunchS

		site, _ := runReachJSON(t, "reach", "--site", redzikowo, "--interceptor", "gbi-6.3", "--launch-delay", strconv.FormatFloat(*out.LaunchDelayS, 'f', -1, 64),
			"--from", "35.23,53.92", "--to", "52.52,13.40", "--boost", "irbm")
		if site.Feasible != out.Feasible || len(site.Windows) != len(out.Windows) || (site.MinBurnoutSpeedMps == nil) != (out.MinBurnoutSpeedMps == nil) ||
			site.MinBurnoutSpeedMps != nil && math.Abs(*site.MinBurnoutSpeedMps-*out.MinBurnoutSpeedMps) > 1e-6 {
			t.Errorf("%s: --scenario feasible %v, %d windows, least %v; --site %v, %d windows, least %v", level,
				out.Feasible, len(out.Windows), deref(out.MinBurnoutSpeedMps), site.Feasible, len(site.Windows), deref(site.MinBurnoutSpeedMps))
		}
	}
	if !(launch["step2"] <= launch["step1"] && launch["step1"] <= launch["autonomous"]) {
		t.Errorf("earliest launches %v: sharing made one later", launch)
	}
}

// Kozelsk → Washington, the 2007 question's geometry: Redzikowo's GBI is
// cued by Fylingdales' early-warning track, within the GBIs' launch
// requirement. Asked with --interceptor thaad at the same battery, whose
// requirement is a terminal radar's 200 m and 20 m/s, which no radar of
// the reference architecture meets on this missile, nothing cues a launch
// and the battery cannot engage; the text says why, naming the
// requirement. --launch-delay asks the kinematic question instead,
// labelled as an override.
func TestReachScenarioNoCue(t *testing.T) {
	gbi, _ := runJSON[reachCueOut](t, cueArgs("kozelsk", "washington")...)
	if gbi.Cue == nil || gbi.Cue.Sensor != "fylingdales" || gbi.LaunchDelayBasis != "cue" {
		t.Errorf("gbi-6.3: cue %+v (%s), note %q; want fylingdales's", gbi.Cue, gbi.LaunchDelayBasis, gbi.Note)
	}
	thaad := cueArgs("kozelsk", "washington", "--interceptor", "thaad")
	out, raw := runJSON[reachCueOut](t, thaad...)
	if string(raw["cue"]) != "null" || string(raw["launch_delay_s"]) != "null" || out.Feasible || len(out.Windows) != 0 || out.MinBurnoutSpeedMps != nil ||
		out.Integration != "step1" || !strings.Contains(out.Note, "a firm track within 1σ 200 m and 20 m/s (thaad's launch requirement)") {
		t.Errorf("cue %s, delay %s, feasible %v, %d windows, least %v, level %s, note %q", raw["cue"], raw["launch_delay_s"], out.Feasible, len(out.Windows),
			deref(out.MinBurnoutSpeedMps), out.Integration, out.Note)
	}
	code, stdout, stderr := execute(thaad...)
	if code != exitOK || stderr != "" || !strings.Contains(stdout, "cannot engage this missile at step1") || !strings.Contains(stdout, "fylingdales") {
		t.Errorf("exit %d, stderr %q:\n%s", code, stderr, stdout)
	}
	over, _ := runJSON[reachCueOut](t, append(thaad, "--launch-delay", "120")...)
	if over.LaunchDelayBasis != "override" || over.LaunchDelayS == nil || *over.LaunchDelayS != 120 || over.Cue != nil || over.Note != out.Note {
		t.Errorf("--launch-delay 120: basis %q, delay %v, cue %v, feasible %v", over.LaunchDelayBasis, deref(over.LaunchDelayS), over.Cue, over.Feasible)
	}
	_, stdout, _ = execute(append(thaad, "--launch-delay", "120")...)
	if !strings.Contains(stdout, "set by hand (--launch-delay overrides the cue; no cue)") || !strings.Contains(stdout, "cue: none: no radar whose tracks US may launch on") {
		t.Errorf("the override is not labelled:\n%s", stdout)
	}
}

func TestReachScenarioBadInput(t *testing.T) {
	tests := []usageCase{
		{"unknown battery", []string{"reach", "--scenario", referenceFile, "--battery", "gdansk", "--launch-area", "semnan", "--target", "berlin"},
			[]string{`--battery "gdansk": not one of the batteries of`, "redzikowo"}},
		{"unknown area and target", []string{"reach", "--scenario", referenceFile, "--battery", "redzikowo", "--launch-area", "pyongyang", "--target", "tokyo"},
			[]string{`--launch-area "pyongyang"`, "kozelsk", `--target "tokyo"`, "washington"}},
		{"missing ids", []string{"reach", "--scenario", referenceFile}, []string{"--battery is required", "--launch-area is required", "--target is required"}},
		{"level", cueArgs("semnan", "berlin", "--integration", "step3"), []string{`--integration "step3"`, "autonomous, step1 or step2"}},
		{"site with scenario", cueArgs("semnan", "berlin", "--site", redzikowo), []string{"--site does not go with --scenario"}},
		{"points with scenario", cueArgs("semnan", "berlin", "--from", "1,2", "--to", "3,4"), []string{"--from does not go with --scenario", "--to does not go"}},
		{"battery without scenario", []string{"reach", "--battery", "redzikowo", "--launch-area", "semnan"}, []string{"--battery needs --scenario FILE", "--launch-area needs --scenario"}},
		{"impulsive threat", cueArgs("semnan", "berlin", "--boost", "none"), []string{"--boost none", "nothing cues the launch"}},
		{"unknown class", cueArgs("semnan", "berlin", "--boost", "v2"), []string{`--boost "v2"`}},
		{"class too short", cueArgs("kozelsk", "washington", "--boost", "srbm"), []string{"no trajectory from kozelsk to washington", "srbm does not reach"}},
		{"same place", []string{"reach", "--scenario", "testdata/reach-study.yaml", "--battery", "redzikowo", "--launch-area", "tabriz", "--target", "tabriz-city"},
			[]string{"are the same point"}},
		{"bad interceptor", cueArgs("semnan", "berlin", "--interceptor", "gbi-12"), []string{`--interceptor "gbi-12"`}},
		{"negative delay", cueArgs("semnan", "berlin", "--launch-delay", "-1"), []string{"--launch-delay -1"}},
	}
	checkUsageErrors(t, tests)
}

// withStudy writes the reference scenario with another study.reach section
// (and sed-like replacements of its text) to a temporary file.
func withStudy(t *testing.T, study string, replace ...string) string {
	t.Helper()
	b, err := os.ReadFile(referenceFile)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	text = text[:strings.Index(text, "\nstudy:")+1] + study
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(text, replace[i]) {
			t.Fatalf("the reference scenario has no %q", replace[i])
		}
		text = strings.Replace(text, replace[i], replace[i+1], 1)
	}
	path := filepath.Join(t.TempDir(), "study.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A cued study over two levels, two interceptors and the Czech radar at two
// ranges: the rows come in the order variant, level, interceptor; each
// row's cue and answer is what jrmd reach --scenario gives for the same
// question on the scenario with that radar's range; the CSV carries the
// cue's columns; the sensitivity table sums up each combination.
func TestStudyReachCued(t *testing.T) {
	const study = `study:
  reach:
    batteries: [redzikowo]
    launch_areas: [semnan]
    targets: [berlin]
    integration: [autonomous, step2]
    interceptors: [gbi-6.3, gbi-9]
    sensors:
      - {id: brdy, max_range_km: [1000, 2000]}
`
	path := withStudy(t, study)
	dir := t.TempDir()
	csvPath, jsonPath := filepath.Join(dir, "r.csv"), filepath.Join(dir, "r.json")
	code, stdout, stderr := execute("study", "reach", path, "--csv", csvPath, "--json", jsonPath)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		LaunchDelayS     *float64   `json:"launch_delay_s"`
		LaunchDelayBasis string     `json:"launch_delay_basis"`
		Rows             []studyRow `json:"rows"`
	}
	b, _ := os.ReadFile(jsonPath)
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.LaunchDelayS != nil || doc.LaunchDelayBasis != "cue" || len(doc.Rows) != 8 {
		t.Fatalf("delay %v (%s), %d rows; want the cue, 8 rows", deref(doc.LaunchDelayS), doc.LaunchDelayBasis, len(doc.Rows))
	}
	// The 2,000 km variant as a scenario of its own.
	far := withStudy(t, "", "{id: brdy, type: emr, nation: US,", "{id: brdy, type: emr, nation: US, max_range_km: 2000,")
	i := 0
	for _, km := range []float64{1000, 2000} {
		file := map[float64]string{1000: referenceFile, 2000: far}[km]
		for _, level := range []string{"autonomous", "step2"} {
			for _, typ := range []string{"gbi-6.3", "gbi-9"} {
				r := doc.Rows[i]
				i++
				what := fmt.Sprintf("brdy %g km, %s, %s", km, level, typ)
				if len(r.Sensors) != 1 || r.Sensors[0].ID != "brdy" || r.Sensors[0].MaxRangeKm != km || r.Integration != level || r.Interceptor.Type != typ {
					t.Fatalf("row %d is %+v, want %s", i-1, r, what)
				}
				one, _ := runJSON[reachCueOut](t, "reach", "--scenario", file, "--battery", "redzikowo", "--launch-area", "semnan", "--target", "berlin",
					"--integration", level, "--interceptor", typ)
				if one.Cue == nil || r.Cue == nil || r.CuedBy == nil || r.EarliestLaunchS == nil || r.LaunchDelayS == nil {
					t.Fatalf("%s: reach cue %v, study cue %v", what, one.Cue, r.Cue)
				}
				if *r.CuedBy != one.Cue.Sensor || *r.EarliestLaunchS != one.Cue.EarliestLaunchS || *r.LaunchDelayS != *r.EarliestLaunchS || r.LaunchDelayBasis != "cue" ||
					*r.Feasible != one.Feasible || deref(r.MinBurnoutSpeedMps) != deref(one.MinBurnoutSpeedMps) {
					t.Errorf("%s: study cued by %s at %g s (delay %g, %s), feasible %v, least %v; reach cued by %s at %g s, feasible %v, least %v", what,
						*r.CuedBy, *r.EarliestLaunchS, *r.LaunchDelayS, r.LaunchDelayBasis, *r.Feasible, deref(r.MinBurnoutSpeedMps),
						one.Cue.Sensor, one.Cue.EarliestLaunchS, one.Feasible, deref(one.MinBurnoutSpeedMps))
				}
			}
		}
	}
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int { return slices.Index(recs[0], name) }
	if len(recs) != 9 || col("cued_by") < 0 || col("earliest_launch_s") < 0 || col("sensors") < 0 || col("integration") < 0 {
		t.Fatalf("%d records, header %v", len(recs), recs[0])
	}
	for k, rec := range recs[1:] {
		r := doc.Rows[k]
		if rec[col("cued_by")] != *r.CuedBy || rec[col("earliest_launch_s")] != strconv.FormatFloat(*r.EarliestLaunchS, 'f', 1, 64) ||
			rec[col("sensors")] != fmt.Sprintf("brdy.max_range_km=%g", r.Sensors[0].MaxRangeKm) || rec[col("integration")] != r.Integration ||
			rec[col("launch_delay_basis")] != "cue" {
			t.Errorf("CSV row %d %v, JSON %+v", k, rec, r)
		}
	}
	if !strings.Contains(stdout, "brdy 2 000 km") || !strings.Contains(stdout, "of cells") || !strings.Contains(stdout, "cued launch s") {
		t.Errorf("table:\n%s", stdout)
	}
}

// A sensor override outside its physical limits (a range must be
// positive), of an unknown or an infrared sensor: each problem on its own
// line with its place, then one summary line, exit 2, nothing run.
func TestStudyReachBadSweep(t *testing.T) {
	path := withStudy(t, `study:
  reach:
    sensors:
      - {id: brdy, max_range_km: [-1000]}
      - {id: sbirs, max_range_km: [2000]}
      - {id: gabala, max_range_km: [2000]}
`)
	code, stdout, stderr := execute("study", "reach", path)
	if code != exitUsage || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	for _, want := range []string{
		"study.reach.sensors[0].max_range_km[0]: -1000 km is outside (0, 50000]",
		`study.reach.sensors[1].id: sensor "sbirs" is infrared`,
		`study.reach.sensors[2].id: unknown sensor "gabala"`,
		"jrmd: " + path + ": 3 problems in the scenario (above); nothing was run",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}
