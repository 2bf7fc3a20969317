package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// twoNations is the plots package's fixture: a small raid, 0.2 s a run.
const twoNations = "../../internal/plots/testdata/two-nations.yaml"

// checkFigures checks that dir holds exactly the figures names, each as
// a PNG that decodes and an SVG.
func checkFigures(t *testing.T, dir string, names []string, also ...string) {
	t.Helper()
	var want []string
	for _, n := range names {
		want = append(want, n+".png", n+".svg")
	}
	want = append(want, also...)
	slices.Sort(want)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s holds %v, want %v", dir, got, want)
	}
	for _, n := range names {
		b, _ := os.ReadFile(filepath.Join(dir, n+".png"))
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("%s.png: %v", n, err)
		}
		s, _ := os.ReadFile(filepath.Join(dir, n+".svg"))
		if !bytes.Contains(s, []byte("<svg")) || !bytes.HasSuffix(bytes.TrimSpace(s), []byte("</svg>")) {
			t.Errorf("%s.svg is not a whole SVG document", n)
		}
	}
}

// jrmd run --out DIR --plots adds the timeline and the altitudes to DIR,
// the same bytes from two runs.
func TestRunPlots(t *testing.T) {
	var dirs [2]string
	for i := range dirs {
		dirs[i] = t.TempDir()
		if code, _, stderr := execute("run", twoNations, "--out", dirs[i], "--plots"); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	checkFigures(t, dirs[0], []string{"altitude", "timeline"}, "events.jsonl", "scene.czml", "states.parquet", "summary.json")
	for _, name := range []string{"timeline.png", "timeline.svg", "altitude.png", "altitude.svg"} {
		a, _ := os.ReadFile(filepath.Join(dirs[0], name))
		b, _ := os.ReadFile(filepath.Join(dirs[1], name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// jrmd compare --plots DIR draws one figure per metric of compare --json,
// named by its key (times: time_ and the key of time_sets).
func TestComparePlots(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "figures") // made by compare
	code, stdout, stderr := execute("compare", twoNations, "--runs", "3", "--json", "--plots", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var c struct {
		TimeSets map[string]any `json:"time_sets"`
		Levels   []struct {
			Difference *struct {
				PerRun map[string]any `json:"per_run"`
			} `json:"difference_from_baseline"`
		} `json:"levels"`
	}
	if err := json.Unmarshal([]byte(stdout), &c); err != nil || len(c.Levels) < 2 || c.Levels[1].Difference == nil {
		t.Fatalf("compare --json: %v", err)
	}
	names := []string{"compare-p_no_leaker"}
	for k := range c.Levels[1].Difference.PerRun {
		names = append(names, "compare-"+k)
	}
	for k := range c.TimeSets {
		names = append(names, "compare-time_"+k)
	}
	checkFigures(t, dir, names)
}

// jrmd trajectory --png FILE --svg FILE draws the profile in each format.
func TestTrajectoryPlots(t *testing.T) {
	dir := t.TempDir()
	p, s := filepath.Join(dir, "irbm.png"), filepath.Join(dir, "irbm.svg")
	code, stdout, stderr := execute("trajectory", "--from", "35.23,53.92", "--to", "52.52,13.40", "--boost", "irbm", "--png", p, "--svg", s)
	if code != exitOK || !strings.Contains(stdout, "apogee") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkFigures(t, dir, []string{"irbm"})
}

func TestPlotsBadInput(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	checkUsageErrors(t, []usageCase{
		{"run --plots without --out", []string{"run", twoNations, "--plots"}, []string{"--plots", "--out DIR"}},
		{"compare --plots onto a file", []string{"compare", twoNations, "--plots", filepath.Join(file, "figures")}, []string{"--plots", "not a directory"}},
		{"trajectory --png in no directory", []string{"trajectory", "--from", "35,53", "--to", "52,13", "--png", filepath.Join(file, "t.png")}, []string{"--png", "not a directory"}},
		{"trajectory --svg in no directory", []string{"trajectory", "--from", "35,53", "--to", "52,13", "--svg", filepath.Join(file, "t.svg")}, []string{"--svg", "not a directory"}},
	})
}
