package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
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
// directory; --json has one entry per level with the headline metrics.
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
	code, stdout, _ = execute("demo")
	if code != exitOK || !strings.Contains(stdout, "battlespace") || !strings.Contains(stdout, "step2") {
		t.Errorf("demo table: exit %d\n%s", code, stdout)
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
