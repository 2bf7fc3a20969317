package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// execute runs one jrmd command line in-process.
func execute(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// checkOneLineError checks the promise every failing command keeps: one line
// "jrmd: <message>" on stderr, nothing on stdout, no usage dump, no panic.
func checkOneLineError(t *testing.T, stdout, stderr string) {
	t.Helper()
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing on error", stdout)
	}
	if !strings.HasPrefix(stderr, "jrmd: ") || !strings.HasSuffix(stderr, "\n") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr = %q, want one line \"jrmd: <message>\"", stderr)
	}
	for _, bad := range []string{"Usage:", "panic", "goroutine "} {
		if strings.Contains(stderr, bad) {
			t.Errorf("stderr = %q, contains %q", stderr, bad)
		}
	}
}

func TestBadInput(t *testing.T) {
	berlin := []string{"--to", "52.52,13.40"}
	traj := func(args ...string) []string { return append([]string{"trajectory"}, args...) }
	tests := []usageCase{
		{"latitude 95", traj(append([]string{"--from", "95,53.92"}, berlin...)...), []string{`--from "95,53.92"`, "latitude 95", "[-90, 90]"}},
		{"longitude 400", traj("--from", "35,400", "--to", "1,2"), []string{`--from "35,400"`, "longitude 400"}},
		{"malformed pair", traj(append([]string{"--from", "12;3"}, berlin...)...), []string{`--from "12;3"`, "LAT,LON"}},
		{"not a number", traj(append([]string{"--from", "abc"}, berlin...)...), []string{`--from "abc"`, "LAT,LON"}},
		{"latitude not a number", traj("--from", "x,3", "--to", "1,2"), []string{`--from "x,3"`, `latitude "x" is not a number`}},
		{"missing --from", traj(berlin...), []string{"--from is required", "LAT,LON"}},
		{"missing --to", traj("--from", "35.23,53.92"), []string{"--to is required"}},
		{"height given", traj("--from", "35.23,53.92,100", "--to", "1,2"), []string{`--from "35.23,53.92,100"`, "surface"}},
		{"same point", traj("--from", "10,-160", "--to", "10,200"), []string{"--from and --to are the same point"}},
		{"same pole", traj("--from", "90,20", "--to", "90,-70"), []string{"same point"}},
		{"unknown kind", traj("--from", "1,2", "--to", "3,4", "--kind", "ballistic"), []string{`--kind "ballistic"`, "minimum-energy, lofted or depressed"}},
		{"unknown earth", traj("--from", "1,2", "--to", "3,4", "--earth", "flat"), []string{`--earth "flat"`, "wgs84 or spherical"}},
		{"unknown boost class", traj("--from", "1,2", "--to", "3,4", "--boost", "v2"), []string{`--boost "v2"`, "unknown missile class", "none", "irbm", "icbm"}},
		{"step 0", traj("--from", "1,2", "--to", "3,4", "--step", "0"), []string{"--step 0", "at least 0.01 s"}},
		{"step negative", traj("--from", "1,2", "--to", "3,4", "--step", "-5"), []string{"--step -5"}},
		{"step tiny", traj("--from", "1,2", "--to", "3,4", "--step", "0.001"), []string{"--step 0.001"}},
		{"step NaN", traj("--from", "1,2", "--to", "3,4", "--step", "NaN"), []string{"--step NaN"}},
		{"step not a number", traj("--from", "1,2", "--to", "3,4", "--step", "ten"), []string{`--step "ten": not a number`}},
		{"negative speed", traj("--from", "1,2", "--to", "3,4", "--kind", "lofted", "--burnout-speed", "-1"), []string{"--burnout-speed -1", "above 0 m/s"}},
		{"NaN speed", traj("--from", "1,2", "--to", "3,4", "--kind", "lofted", "--burnout-speed", "NaN"), []string{"--burnout-speed NaN"}},
		{"infinite speed", traj("--from", "1,2", "--to", "3,4", "--kind", "depressed", "--burnout-speed", "+Inf"), []string{"--burnout-speed +Inf"}},
		{"lofted without speed", traj("--from", "1,2", "--to", "3,4", "--kind", "lofted"), []string{"--kind lofted needs --burnout-speed with --boost none"}},
		{"depressed without speed", traj("--from", "1,2", "--to", "3,4", "--kind", "depressed", "--boost", "none"), []string{"--kind depressed needs --burnout-speed with --boost none"}},
		{"speed with minimum energy", traj("--from", "1,2", "--to", "3,4", "--burnout-speed", "3000"), []string{"--burnout-speed applies to --kind lofted or depressed"}},
		{"every problem at once", traj("--from", "95,1", "--kind", "up", "--step", "0"), []string{"latitude 95", "--to is required", `--kind "up"`, "--step 0"}},
		{"unknown flag", traj("--form", "1,2"), []string{"unknown flag: --form"}},
		{"bad bool", traj("--from", "1,2", "--to", "3,4", "--json=maybe"), []string{`--json "maybe"`}},
		{"positional argument", traj("35,53"), []string{`unknown command "35,53"`}},
		{"unknown command", []string{"trajectroy"}, []string{`unknown command "trajectroy"`, "trajectory"}},
		{"demo argument", []string{"demo", "now"}, []string{`unknown command "now"`}},
	}
	checkUsageErrors(t, tests)
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"trajectory", "--help"}, {"demo", "-h"}, {"help", "trajectory"}, {}} {
		code, stdout, stderr := execute(args...)
		if code != exitOK || stderr != "" || !strings.Contains(stdout, "Usage:") {
			t.Errorf("jrmd %s: exit %d, stderr %q, stdout %.80q; want exit 0 and the usage on stdout", strings.Join(args, " "), code, stderr, stdout)
		}
	}
	_, stdout, _ := execute("trajectory", "--help")
	for _, flag := range []string{"--from", "--to", "--kind", "--burnout-speed", "--earth", "--no-rotation", "--boost", "--step", "--json"} {
		if !strings.Contains(stdout, flag) {
			t.Errorf("trajectory --help does not mention %s", flag)
		}
	}
}

func TestVersion(t *testing.T) {
	code, stdout, stderr := execute("version")
	if code != exitOK || stderr != "" || !strings.HasPrefix(stdout, "jrmd ") || !strings.Contains(stdout, "go1.") {
		t.Errorf("jrmd version: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestOneLine(t *testing.T) {
	got := oneLine("unknown command \"x\" for \"jrmd\"\n\nDid you mean this?\n\ttrajectory\n")
	if want := `unknown command "x" for "jrmd" Did you mean this? trajectory`; got != want {
		t.Errorf("oneLine = %q, want %q", got, want)
	}
}

// usageCase is a command line that must fail as bad input: exit 2, one
// "jrmd: …" line holding every want.
type usageCase struct {
	name string
	args []string
	want []string // substrings of the error line
}

func checkUsageErrors(t *testing.T, tests []usageCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := execute(tc.args...)
			if code != exitUsage {
				t.Errorf("jrmd %s: exit code %d, want %d (stderr %q)", strings.Join(tc.args, " "), code, exitUsage, stderr)
			}
			checkOneLineError(t, stdout, stderr)
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("jrmd %s: stderr = %q, want it to contain %q", strings.Join(tc.args, " "), stderr, w)
				}
			}
		})
	}
}

// runJSON runs a command with --json: it must exit 0, print nothing on
// stderr and one JSON object on stdout, returned decoded and raw.
func runJSON[T any](t *testing.T, args ...string) (T, map[string]json.RawMessage) {
	t.Helper()
	args = append(slices.Clone(args), "--json")
	code, stdout, stderr := execute(args...)
	if code != exitOK || stderr != "" {
		t.Fatalf("jrmd %s: exit %d, stderr %q", strings.Join(args, " "), code, stderr)
	}
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(stdout))
	if err := dec.Decode(&raw); err != nil || dec.More() {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, stdout)
	}
	var out T
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	return out, raw
}
