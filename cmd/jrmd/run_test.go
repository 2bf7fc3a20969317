package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const refScenario = "../../scenarios/joint-regional-2007.yaml"

// jrmd run --out writes events.jsonl and summary.json; two runs with one
// seed write the same bytes, and every event line is JSON with a time and a
// type.
func TestRunOutputsDeterministic(t *testing.T) {
	var files [2][2][]byte
	for i := range 2 {
		dir := t.TempDir()
		code, stdout, stderr := execute("run", refScenario, "--integration", "step2", "--seed", "11", "--out", dir)
		if code != exitOK || !strings.Contains(stdout, "leakers") {
			t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
		}
		files[i][0], _ = os.ReadFile(filepath.Join(dir, "events.jsonl"))
		files[i][1], _ = os.ReadFile(filepath.Join(dir, "summary.json"))
	}
	if !bytes.Equal(files[0][0], files[1][0]) || !bytes.Equal(files[0][1], files[1][1]) || len(files[0][0]) == 0 {
		t.Fatal("outputs differ between two runs with one seed (or are empty)")
	}
	for _, line := range strings.Split(strings.TrimSpace(string(files[0][0])), "\n") {
		var ev struct {
			TS   *float64 `json:"t_s"`
			Type string   `json:"type"`
		}
		if err := json.Unmarshal([]byte(line), &ev); err != nil || ev.TS == nil || ev.Type == "" {
			t.Fatalf("event line %q: %v", line, err)
		}
	}
	var sum struct {
		Integration string `json:"integration"`
		Seed        uint64 `json:"seed"`
		Threats     []struct{ Outcome string }
	}
	if err := json.Unmarshal(files[0][1], &sum); err != nil || sum.Integration != "step2" || sum.Seed != 11 || len(sum.Threats) != 6 {
		t.Errorf("summary %+v: %v", sum, err)
	}
}

// demo compares the three levels on the embedded scenario, from any
// directory; --json has one entry per level with the headline metrics. With
// one run it has no intervals and prints none.
func TestDemoJSON(t *testing.T) {
	code, stdout, _ := execute("demo", "--json")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var c struct {
		Runs   int
		Levels []struct {
			Integration string
			Leakers     struct{ Mean *float64 }
			Duplicates  struct{ Mean *float64 } `json:"duplicate_engagements"`
			PNoLeaker   struct {
				Mean, CILow, CIHigh *float64
			} `json:"p_no_leaker"`
			Killed struct {
				CILow *float64 `json:"ci_low"`
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Levels) != 3 || c.Levels[0].Integration != "autonomous" || c.Levels[2].Integration != "step2" {
		t.Fatalf("levels %+v", c.Levels)
	}
	if d := c.Levels[2].Duplicates.Mean; d == nil || *d != 0 {
		t.Errorf("step2 duplicate engagements %v, want 0", d)
	}
	if c.Levels[0].Killed.CILow != nil {
		t.Errorf("one run: killed has an interval (ci_low %v)", *c.Levels[0].Killed.CILow)
	}
	code, stdout, _ = execute("demo")
	if code != exitOK || !strings.Contains(stdout, "battlespace") || !strings.Contains(stdout, "step2") || !strings.Contains(stdout, "no intervals from one run") {
		t.Errorf("demo table: exit %d\n%s", code, stdout)
	}
	if strings.ContainsAny(stdout, "[±") {
		t.Errorf("demo with one run prints an interval:\n%s", stdout)
	}
}

const analyticScenario = "../../internal/sim/testdata/analytic.yaml"

// compare --json gives, for each level and metric, the estimate with its
// interval and method, keeps every key of its first release, and has the
// per-run rows; --csv writes the same rows. Every interval names its
// method, and no proportion's interval is zero wide.
func TestCompareJSONAndCSV(t *testing.T) {
	csvPath := filepath.Join(t.TempDir(), "runs.csv")
	code, stdout, stderr := execute("compare", analyticScenario, "--runs", "3", "--seed", "5", "--json", "--csv", csvPath)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var c map[string]any
	if err := json.Unmarshal([]byte(stdout), &c); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"scenario", "seed", "runs", "levels", "confidence", "baseline", "time_sets", "threats", "per_run"} {
		if _, ok := c[k]; !ok {
			t.Errorf("no key %q", k)
		}
	}
	interval := func(where string, v any, methods ...string) {
		t.Helper()
		m, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s: %v is not an object", where, v)
			return
		}
		for _, k := range []string{"mean", "ci_low", "ci_high", "n", "method"} {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: no key %q in %v", where, k, m)
			}
		}
		if s, _ := m["method"].(string); !slices.Contains(methods, s) {
			t.Errorf("%s: method %v, want one of %v", where, m["method"], methods)
		}
		if m["method"] == "wilson-score" || m["method"] == "newcombe-10" {
			lo, ok1 := m["ci_low"].(float64)
			hi, ok2 := m["ci_high"].(float64)
			if !ok1 || !ok2 || !(hi > lo) {
				t.Errorf("%s: proportion's interval [%v, %v] is missing or zero wide", where, m["ci_low"], m["ci_high"])
			}
		}
	}
	levels := c["levels"].([]any)
	if len(levels) != 3 {
		t.Fatalf("%d levels", len(levels))
	}
	for i, lv := range levels {
		l := lv.(map[string]any)
		name := l["integration"].(string)
		for _, k := range []string{"warning_after_launch_s", "first_firm_track_after_launch_s", "first_shared_track_after_launch_s",
			"first_interceptor_launch_after_launch_s", "battlespace_s", "killed", "leakers", "interceptors_spent", "duplicate_engagements"} {
			m, ok := l[k].(map[string]any)
			if !ok {
				t.Errorf("%s: first-release key %q missing", name, k)
				continue
			}
			if _, ok := m["ci95"]; !ok {
				t.Errorf("%s.%s: no ci95", name, k)
			}
			interval(name+"."+k, m, "student-t")
		}
		for _, k := range []string{"leakers_by_asset", "first_run"} {
			if _, ok := l[k]; !ok {
				t.Errorf("%s: first-release key %q missing", name, k)
			}
		}
		interval(name+".p_no_leaker", l["p_no_leaker"], "wilson-score")
		for _, k := range []string{"threats_warned", "threats_firm_track", "threats_shared_track", "threats_engaged"} {
			interval(name+"."+k, l[k], "student-t")
		}
		times := l["times_s"].(map[string]any)
		for _, k := range []string{"warning", "first_firm_track", "first_shared_track", "first_interceptor_launch", "battlespace"} {
			interval(name+".times_s."+k, times[k], "student-t")
		}
		d, _ := l["difference_from_baseline"].(map[string]any)
		if (i == 0) != (d == nil) {
			t.Errorf("%s: difference_from_baseline %v", name, l["difference_from_baseline"])
		}
		if d != nil {
			interval(name+" difference p_no_leaker", d["p_no_leaker"], "newcombe-10")
			for k, v := range d["per_run"].(map[string]any) {
				interval(name+" difference "+k, v, "paired-t")
			}
		}
	}
	for _, th := range c["threats"].([]any) {
		for lvl, v := range th.(map[string]any)["p_kill"].(map[string]any) {
			interval("p_kill "+lvl, v, "wilson-score")
		}
	}
	rows := c["per_run"].([]any)
	if len(rows) != 9 {
		t.Fatalf("%d per-run rows, want 3 levels × 3 runs", len(rows))
	}
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) != 10 {
		t.Fatalf("CSV: %d records, %v", len(recs), err)
	}
	head := recs[0]
	col := func(name string) int { return slices.Index(head, name) }
	for _, k := range []string{"integration", "seed", "no_leaker", "killed", "leakers", "interceptors_spent", "threats_warned", "threats_engaged", "t#1.outcome", "t#3.first_interceptor_launch_after_launch_s"} {
		if col(k) < 0 {
			t.Errorf("CSV header %v has no %q", head, k)
		}
	}
	for i, r := range rows {
		row := r.(map[string]any)
		rec := recs[i+1]
		seed := strconv.FormatFloat(row["seed"].(float64), 'f', 0, 64)
		killed := strconv.FormatFloat(row["killed"].(float64), 'f', 0, 64)
		if rec[col("integration")] != row["integration"] || rec[col("seed")] != seed || rec[col("killed")] != killed {
			t.Errorf("CSV row %d %v differs from JSON %v", i, rec, row)
		}
		if want := strconv.Itoa(5 + i%3); seed != want {
			t.Errorf("row %d: seed %s, want %s (runs paired by seed at every level)", i, seed, want)
		}
	}
	code, _, stderr = execute("compare", analyticScenario, "--csv", filepath.Join(t.TempDir(), "no", "such", "dir.csv"))
	if code != exitUsage || !strings.Contains(stderr, "--csv") {
		t.Errorf("bad --csv path: exit %d, %q", code, stderr)
	}
}

// With runs, the text names every table's sample size and interval method.
func TestCompareTextNamesMethods(t *testing.T) {
	code, stdout, _ := execute("compare", analyticScenario, "--runs", "3")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"n = 3 runs", "Student t", "Wilson score", "paired t", "Newcombe's method 10", "n = 3 pairs", "over all threats"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("compare text lacks %q:\n%s", want, stdout)
		}
	}
}

func TestValidateAndSchema(t *testing.T) {
	code, stdout, _ := execute("validate", refScenario)
	if code != exitOK || !strings.Contains(stdout, ": ok") {
		t.Errorf("reference: exit %d, %q", code, stdout)
	}
	bad := "../../internal/scenario/testdata/bad/many.yaml"
	code, stdout, stderr := execute("validate", bad)
	if code != exitUsage || strings.Count(stdout, bad+":") < 5 || !strings.Contains(stderr, "problem") {
		t.Errorf("bad: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, stdout, _ = execute("schema")
	var schema map[string]any
	if code != exitOK || json.Unmarshal([]byte(stdout), &schema) != nil || schema["$schema"] == nil {
		t.Errorf("schema: exit %d", code)
	}
}

// Bad input to run and compare: one line, exit 2.
func TestRunBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"run"},
		{"run", "nope.yaml"},
		{"run", refScenario, "--integration", "step3"},
		{"run", "../../internal/scenario/testdata/bad/syntax.yaml"},
		{"compare", refScenario, "--runs", "0"},
		{"compare", refScenario, "--workers", "-1"},
		{"run", refScenario, "--seed", "-4"},
	} {
		code, stdout, stderr := execute(args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
		if stdout != "" || !strings.Contains(stderr, "jrmd: ") || strings.Contains(stderr, "goroutine") {
			t.Errorf("%v: stdout %q, stderr %q", args, stdout, stderr)
		}
	}
}
