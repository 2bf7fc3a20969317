package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/internal/scenario"
)

// Every numeric flag has a range, named in its one-line error.
func TestFlagRanges(t *testing.T) {
	route := []string{"--from", "35.23,53.92", "--to", "52.52,13.40"}
	with := func(cmd string, args ...string) []string { return append(append([]string{cmd}, route...), args...) }
	reach := func(args ...string) []string {
		return with("reach", append([]string{"--site", "54.48,17.10"}, args...)...)
	}
	tests := []usageCase{
		{"trajectory speed", with("trajectory", "--kind", "lofted", "--burnout-speed", "1e9"), []string{"--burnout-speed 1e+09", "at most 11000 m/s"}},
		{"trajectory step", with("trajectory", "--step", "1e9"), []string{"--step 1e+09", "at most 3600 s"}},
		{"access range", with("access", "--sensor", "54.36,-0.67", "--max-range", "1e12"), []string{"--max-range 1e+12", "at most 5e+07"}},
		{"reach speed", reach("--burnout-speed", "1e9"), []string{"--burnout-speed 1e+09", "interceptor speed", "at most 11000 m/s"}},
		{"reach delay", reach("--burnout-speed", "6300", "--launch-delay", "1e300"), []string{"--launch-delay 1e+300", "at most 86400"}},
		{"reach altitudes", reach("--burnout-speed", "6300", "--min-intercept-alt", "1e12", "--max-intercept-alt", "1e12"), []string{"--min-intercept-alt 1e+12", "--max-intercept-alt 1e+12", "at most 1e+07"}},
		{"reach threat speed", reach("--burnout-speed", "6300", "--kind", "lofted", "--threat-burnout-speed", "20000"), []string{"20000", "at most 11000 m/s"}},
		{"footprint speed", []string{"footprint", "--site", "54.48,17.10", "--burnout-speed", "1e9", "--launch", "35.23,53.92", "--map", "40,0,60,30"}, []string{"--burnout-speed 1e+09", "at most 11000 m/s"}},
		{"compare runs", []string{"compare", refScenario, "--runs", "1000000"}, []string{"--runs 1000000", "want 1 to 100000"}},
		{"compare workers", []string{"compare", refScenario, "--workers", "100000"}, []string{"--workers 100000", "the CPUs here"}},
		{"federation speed", []string{"federation", "up", refScenario, "--realtime", "--speed", "1e300"}, []string{"--speed 1e+300", "at most 10000"}},
	}
	checkUsageErrors(t, tests)
}

// compare keeps a summary of every missile of every run: runs × missiles
// is bounded.
func TestCompareRunsTimesMissiles(t *testing.T) {
	f := filepath.Join(t.TempDir(), "raid.yaml")
	data, err := os.ReadFile(refScenario)
	if err != nil {
		t.Fatal(err)
	}
	// The reference raid's six rows as salvos of 10,000 and 1: 10,005
	// missiles.
	s := strings.Replace(string(data), "launch_s: 0}", "launch_s: 0, count: 10000, interval_s: 1}", 1)
	if err := os.WriteFile(f, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := execute("compare", f, "--runs", "100")
	if code != exitUsage {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	checkOneLineError(t, stdout, stderr)
	if want := fmt.Sprintf("--runs 100 × 10005 missiles: compare keeps every run's summary of every missile, at most %d", maxRunMissiles); !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
}

// Hostile scenario files get their problem, one line naming the file,
// line and column, and exit 2, from validate and from run; never a stack
// trace.
func TestHostileScenarios(t *testing.T) {
	dir := t.TempDir()
	head, err := os.ReadFile(refScenario)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var raid strings.Builder
	raid.WriteString(strings.Split(string(head), "threats:")[0] + "threats:\n")
	for i := range 100 {
		fmt.Fprintf(&raid, "  - {id: t%d, class: irbm, from: semnan, to: berlin, count: 10000, interval_s: 1}\n", i)
	}
	// One threat used 100,000 times through an alias (600,000 values).
	alias := strings.Split(string(head), "threats:")[0] + "threats: [&t {id: t, class: irbm, from: semnan, to: berlin}" + strings.Repeat(", *t", 100_000) + "]\n"
	for _, tc := range []struct {
		name, file, want string
	}{
		{"launch 1e300", write("late.yaml", strings.Replace(string(head), "launch_s: 0}", "launch_s: 1e300}", 1)), "threats[0].launch_s: 1e300 s is outside [0, 86400]"},
		{"second document", write("two.yaml", string(head)+"---\nname: other\n"), "(file): a second YAML document"},
		{"raid of a million", write("raid.yaml", raid.String()), fmt.Sprintf("threats: the raid has 1000000 missiles (counts summed); a scenario may have at most %d", scenario.MaxThreats)},
		{"aliases", write("alias.yaml", alias), fmt.Sprintf("the file holds more than %d values", scenario.MaxValues)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, cmd := range []string{"validate", "run"} {
				code, stdout, stderr := execute(cmd, tc.file)
				out := stdout + stderr
				if code != exitUsage || !strings.Contains(out, tc.file+":") || !strings.Contains(out, tc.want) || strings.Contains(out, "goroutine ") {
					t.Errorf("%s: exit %d, output\n%s\nwant exit 2 and %q", cmd, code, out, tc.want)
				}
			}
		})
	}
}
