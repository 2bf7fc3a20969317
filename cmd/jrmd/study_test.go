package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const studyFile = "testdata/reach-study.yaml"

// reachCSVColumns are the columns of study reach --csv, a public interface.
var reachCSVColumns = []string{"battery", "interceptor_type", "launch_area", "target", "threat_class", "range_km", "flight_time_s",
	"burnout_speed_mps", "feasible", "earliest_intercept_s", "latest_intercept_s",
	"min_burnout_speed_mps", "min_speed_launch_s", "min_speed_intercept_s", "note",
	"integration", "sensors", "cued_by", "earliest_launch_s", "launch_delay_s", "launch_delay_basis"}

type studyRow struct {
	Battery     string `json:"battery"`
	Interceptor struct {
		Type            string  `json:"type"`
		BurnoutSpeedMps float64 `json:"burnout_speed_mps"`
	} `json:"interceptor"`
	LaunchArea  string `json:"launch_area"`
	Target      string `json:"target"`
	Integration string `json:"integration"`
	Sensors     []struct {
		ID         string  `json:"id"`
		MaxRangeKm float64 `json:"max_range_km"`
	} `json:"sensors"`
	CuedBy             *string  `json:"cued_by"`
	EarliestLaunchS    *float64 `json:"earliest_launch_s"`
	LaunchDelayS       *float64 `json:"launch_delay_s"`
	LaunchDelayBasis   string   `json:"launch_delay_basis"`
	Cue                *cueOut  `json:"cue"`
	Flies              bool     `json:"flies"`
	ThreatClass        *string  `json:"threat_class"`
	RangeM             float64  `json:"range_m"`
	Feasible           *bool    `json:"feasible"`
	EarliestInterceptS *float64 `json:"earliest_intercept_s"`
	LatestInterceptS   *float64 `json:"latest_intercept_s"`
	MinBurnoutSpeedMps *float64 `json:"min_burnout_speed_mps"`
	Note               string   `json:"note"`
}

// The test study: redzikowo × {tabriz, semnan} × {berlin, rome, tabriz-city}
// × {2000, 6300} m/s, threats boost auto, launch delay 120 s.
func TestStudyReach(t *testing.T) {
	dir := t.TempDir()
	csvPath, jsonPath := filepath.Join(dir, "reach.csv"), filepath.Join(dir, "reach.json")
	code, stdout, stderr := execute("study", "reach", studyFile, "--csv", csvPath, "--json", jsonPath)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	// Not a terminal: a plain count on stderr, ending with the total.
	if !strings.HasSuffix(stderr, "study reach: 12/12 cells\n") {
		t.Errorf("stderr %q, want a count ending at 12/12", stderr)
	}

	// The JSON: every cell, in the order battery, launch area, target, speed.
	b, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Scenario         string     `json:"scenario"`
		Boost            string     `json:"boost"`
		LaunchDelayS     float64    `json:"launch_delay_s"`
		LaunchDelayBasis string     `json:"launch_delay_basis"`
		Rows             []studyRow `json:"rows"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Scenario != "reach-test" || doc.Boost != "auto" || doc.LaunchDelayS != 120 || doc.LaunchDelayBasis != "override" || len(doc.Rows) != 12 {
		t.Fatalf("scenario %q, boost %q, delay %g (%s), %d rows", doc.Scenario, doc.Boost, doc.LaunchDelayS, doc.LaunchDelayBasis, len(doc.Rows))
	}
	// launch_delay_s is a hand-set override of the cue, labelled as such.
	for i, r := range doc.Rows {
		if r.Flies && (r.LaunchDelayS == nil || *r.LaunchDelayS != 120 || r.LaunchDelayBasis != "override") {
			t.Errorf("row %d: delay %v (%s), want 120 s set by hand", i, deref(r.LaunchDelayS), r.LaunchDelayBasis)
		}
	}
	if !strings.Contains(stdout, "set by hand (launch_delay_s overrides the cue") {
		t.Errorf("the override is not labelled:\n%s", stdout)
	}
	i := 0
	for _, area := range []string{"tabriz", "semnan"} {
		for _, target := range []string{"berlin", "rome", "tabriz-city"} {
			for _, speed := range []float64{2000, 6300} {
				r := doc.Rows[i]
				if r.Battery != "redzikowo" || r.LaunchArea != area || r.Target != target || r.Interceptor.BurnoutSpeedMps != speed || r.Interceptor.Type != "gbi-6.3" {
					t.Errorf("row %d: %s %s %s %g, want redzikowo %s %s %g", i, r.Battery, r.LaunchArea, r.Target, r.Interceptor.BurnoutSpeedMps, area, target, speed)
				}
				i++
			}
		}
	}
	classes := map[string]string{}
	for _, r := range doc.Rows {
		key := r.LaunchArea + "→" + r.Target
		switch {
		case r.Target == "tabriz-city" && r.LaunchArea == "tabriz":
			// The same place: nothing flies; reported, not dropped.
			if r.Flies || r.ThreatClass != nil || r.Feasible != nil || !strings.Contains(r.Note, "no missile class") {
				t.Errorf("%s: flies %v, class %v, feasible %v, note %q; want no trajectory", key, r.Flies, r.ThreatClass, r.Feasible, r.Note)
			}
			continue
		case !r.Flies || r.ThreatClass == nil || r.Feasible == nil:
			t.Fatalf("%s: nothing flies", key)
		}
		classes[key] = *r.ThreatClass
		// Feasible exactly when the least speed is below the speed tried
		// (the windows' edges and the least speed are refined separately:
		// allow 0.5 m/s).
		if m := r.MinBurnoutSpeedMps; m != nil && math.Abs(*m-r.Interceptor.BurnoutSpeedMps) > 0.5 && *r.Feasible != (*m < r.Interceptor.BurnoutSpeedMps) {
			t.Errorf("%s at %g m/s: feasible %v, least speed %.1f", key, r.Interceptor.BurnoutSpeedMps, *r.Feasible, *m)
		}
		if *r.Feasible != (r.EarliestInterceptS != nil && r.LatestInterceptS != nil) {
			t.Errorf("%s: feasible %v, earliest %v, latest %v", key, *r.Feasible, r.EarliestInterceptS, r.LatestInterceptS)
		}
	}
	// auto: the smallest class that reaches (Semnan–Tabriz is 752 km,
	// beyond the srbm's ~350 km; Iran–Berlin ~3,000-3,700 km, beyond the
	// mrbm's ~2,500 km).
	for key, want := range map[string]string{"semnan→tabriz-city": "mrbm", "tabriz→berlin": "irbm", "semnan→rome": "irbm"} {
		if classes[key] != want {
			t.Errorf("%s flown by %q, want %s", key, classes[key], want)
		}
	}

	// The CSV says the same, with a header.
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 13 || !slices.Equal(recs[0], reachCSVColumns) {
		t.Fatalf("%d CSV records, header %v", len(recs), recs[0])
	}
	for k, rec := range recs[1:] {
		r := doc.Rows[k]
		if rec[0] != r.Battery || rec[2] != r.LaunchArea || rec[3] != r.Target || rec[7] != strconv.FormatFloat(r.Interceptor.BurnoutSpeedMps, 'f', 1, 64) {
			t.Errorf("CSV row %d %v, JSON %+v", k, rec, r)
		}
		if r.Feasible == nil && (rec[8] != "" || rec[4] != "" || rec[14] == "") || r.Feasible != nil && rec[8] != strconv.FormatBool(*r.Feasible) {
			t.Errorf("CSV row %d feasible %q class %q note %q", k, rec[8], rec[4], rec[14])
		}
	}

	// The terminal table: a header, then the 12 rows in the same order.
	var lines []string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "redzikowo ") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 12 || !strings.Contains(stdout, "launch area") || !strings.Contains(stdout, "min speed km/s") ||
		!strings.Contains(lines[4], "tabriz-city") || !strings.Contains(lines[4], "none reaches") || !strings.Contains(stdout, "12 cells: ") {
		t.Errorf("table:\n%s", stdout)
	}

	// Deterministic: a second run writes the same bytes.
	csv2 := filepath.Join(dir, "again.csv")
	_, stdout2, _ := execute("study", "reach", studyFile, "--csv", csv2)
	b1, _ := os.ReadFile(csvPath)
	b2, _ := os.ReadFile(csv2)
	tableOnly := func(s string) string { return s[:strings.Index(s, "Times are")] }
	if !bytes.Equal(b1, b2) || tableOnly(stdout) != tableOnly(stdout2) {
		t.Error("two runs of the same study differ")
	}
}

// A row of the study is the answer jrmd reach gives for the same question.
func TestStudyReachAgreesWithReach(t *testing.T) {
	dir := t.TempDir()
	jsonPath := filepath.Join(dir, "reach.json")
	if code, _, stderr := execute("study", "reach", studyFile, "--json", jsonPath); code != exitOK {
		t.Fatal(stderr)
	}
	b, _ := os.ReadFile(jsonPath)
	var doc struct{ Rows []studyRow }
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	r := doc.Rows[2] // tabriz → rome at 2,000 m/s
	out, _ := runReachJSON(t, "reach", "--site", redzikowo, "--interceptor", "gbi-6.3", "--burnout-speed", "2000", "--launch-delay", "120",
		"--from", "38.08,46.29", "--to", "41.90,12.50", "--boost", *r.ThreatClass)
	if out.Feasible != *r.Feasible || out.MinBurnoutSpeedMps == nil || r.MinBurnoutSpeedMps == nil || *out.MinBurnoutSpeedMps != *r.MinBurnoutSpeedMps {
		t.Errorf("reach: feasible %v, least %v; study: feasible %v, least %v", out.Feasible, deref(out.MinBurnoutSpeedMps), *r.Feasible, deref(r.MinBurnoutSpeedMps))
	}
}

// A scenario with problems: each printed, one per line with its place, and
// exit 2 without running anything.
func TestStudyReachBadScenario(t *testing.T) {
	code, stdout, stderr := execute("study", "reach", "testdata/bad-study.yaml")
	if code != exitUsage || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	want := []string{
		`testdata/bad-study.yaml:8:`, `unknown interceptor "gbi-7"`,
		`testdata/bad-study.yaml:12:`, `lat_deg: 95° is outside [-90, 90]`,
		`study.reach.batteries[0]: unknown battery "poland"`,
		`study.reach.burnout_speeds_mps[0]`,
		`study.reach.boost: unknown missile class "v2"`,
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr does not contain %q:\n%s", w, stderr)
		}
	}
	if len(lines) != 6 || !strings.HasPrefix(lines[5], "jrmd: testdata/bad-study.yaml: 5 problems") || strings.Contains(stderr, "cells") {
		t.Errorf("stderr:\n%s\nwant 5 problem lines and one jrmd: line", stderr)
	}
}

func TestStudyBadInput(t *testing.T) {
	tests := []usageCase{
		{"no study", []string{"study"}, []string{"name the study", "reach"}},
		{"unknown study", []string{"study", "montecarlo"}, []string{`unknown command "montecarlo"`}},
		{"no file", []string{"study", "reach"}, []string{"needs one scenario FILE"}},
		{"two files", []string{"study", "reach", "a.yaml", "b.yaml"}, []string{"needs one scenario FILE (got 2"}},
		{"missing file", []string{"study", "reach", "testdata/nothing.yaml"}, []string{"testdata/nothing.yaml", "no such file"}},
		{"unwritable csv", []string{"study", "reach", studyFile, "--csv", "/nonexistent/dir/r.csv"}, []string{"--csv /nonexistent/dir/r.csv"}},
		{"unknown flag", []string{"study", "reach", studyFile, "--cvs", "x"}, []string{"unknown flag: --cvs"}},
	}
	checkUsageErrors(t, tests)
}

func TestProgress(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, "work", "items", 20)
	for range 20 {
		p.add(1)
	}
	p.done()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 11 || lines[0] != "work: 0/20 items" || lines[10] != "work: 20/20 items" {
		t.Errorf("plain progress:\n%s\nwant 11 lines from 0/20 to 20/20", b.String())
	}
	if isTerminal(&b) {
		t.Error("a buffer is not a terminal")
	}
}

// Without a study.reach section: every battery, launch area and asset at
// each battery's own speed, boost auto, at the scenario's level, each
// launch cued by the scenario's sensors — of which this one has none, so
// nothing cues a launch and no cell is feasible, each saying why.
func TestStudyReachDefaults(t *testing.T) {
	b, err := os.ReadFile(studyFile)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	path := filepath.Join(t.TempDir(), "defaults.yaml")
	if err := os.WriteFile(path, []byte(text[:strings.Index(text, "study:")]), 0o644); err != nil {
		t.Fatal(err)
	}
	jsonPath := filepath.Join(t.TempDir(), "r.json")
	code, stdout, stderr := execute("study", "reach", path, "--json", jsonPath)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Boost            string     `json:"boost"`
		LaunchDelayS     *float64   `json:"launch_delay_s"`
		LaunchDelayBasis string     `json:"launch_delay_basis"`
		Integration      []string   `json:"integration"`
		Rows             []studyRow `json:"rows"`
	}
	b, _ = os.ReadFile(jsonPath)
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Boost != "auto" || doc.LaunchDelayS != nil || doc.LaunchDelayBasis != "cue" || !slices.Equal(doc.Integration, []string{"autonomous"}) || len(doc.Rows) != 2*2*3 {
		t.Fatalf("boost %q, delay %v (%s), levels %v, %d rows; want auto, null (cue), [autonomous], 12",
			doc.Boost, deref(doc.LaunchDelayS), doc.LaunchDelayBasis, doc.Integration, len(doc.Rows))
	}
	for i, r := range doc.Rows {
		wantBattery, wantSpeed := "redzikowo", 6300.0
		if i >= 6 {
			wantBattery, wantSpeed = "thaad-warsaw", 2800
		}
		if r.Battery != wantBattery || r.Interceptor.BurnoutSpeedMps != wantSpeed || r.Integration != "autonomous" {
			t.Errorf("row %d: %s at %g m/s, %s; want %s at %g, autonomous", i, r.Battery, r.Interceptor.BurnoutSpeedMps, r.Integration, wantBattery, wantSpeed)
		}
		if r.Flies && (*r.Feasible || r.CuedBy != nil || r.LaunchDelayS != nil || r.MinBurnoutSpeedMps != nil || !strings.HasPrefix(r.Note, "no radar whose tracks US may launch on")) {
			t.Errorf("row %d: feasible %v, cued by %v, delay %v, least speed %v, note %q; want nothing cued", i, *r.Feasible, r.CuedBy, deref(r.LaunchDelayS), deref(r.MinBurnoutSpeedMps), r.Note)
		}
	}
	if !strings.Contains(stdout, "battery thaad-warsaw (US) at") || !strings.Contains(stdout, "10 of them with no track the battery's nation may launch on") {
		t.Errorf("table:\n%s", stdout)
	}
}
