package study

import (
	"bytes"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/scenario"
)

// reachScenario is a small reach study: one battery at Redzikowo, the
// Semnan launch area, Berlin and a target at Semnan itself (nothing flies
// there), two speeds, impulsive threats launched on by hand so that no run
// of the scenario is needed. Sites as in scenarios/joint-regional-2007.yaml.
const reachScenario = `name: reach-unit
earth: wgs84
nations:
  - {id: US, c2: c2-us}
c2_nodes:
  - {id: c2-us, nation: US, site: {lat_deg: 38.83, lon_deg: -104.82}}
batteries:
  - {id: redzikowo, nation: US, site: {lat_deg: 54.48, lon_deg: 17.10}, interceptor: gbi-6.3, inventory: 10}
assets:
  - {id: berlin, site: {lat_deg: 52.52, lon_deg: 13.40}}
  - {id: semnan-city, site: {lat_deg: 35.23, lon_deg: 53.92}}
launch_areas:
  - {id: semnan, site: {lat_deg: 35.23, lon_deg: 53.92}}
study:
  reach:
    burnout_speeds_mps: [2000, 6300]
    boost: none
    launch_delay_s: 120
`

func decodeReach(t *testing.T, text string) *scenario.File {
	t.Helper()
	f, err := scenario.Decode("reach.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestReachRun: one row per battery × area × target × speed in the
// table's order, the same rows and CSV bytes on one goroutine and on
// several, a target nothing flies to reported as such, and a speed
// feasible exactly when it is at least the row's minimum speed.
func TestReachRun(t *testing.T) {
	f := decodeReach(t, reachScenario)
	s, err := NewReach("reach.yaml", f)
	if err != nil {
		t.Fatal(err)
	}
	if s.Cells() != 4 {
		t.Fatalf("Cells() = %d, want 4 (1 battery × 1 area × 2 targets × 2 speeds)", s.Cells())
	}
	var csvs [2]bytes.Buffer
	for i, b := range []par.Budget{1, 2} {
		var done atomic.Int64 // progress comes from several goroutines at once
		rows, err := s.Run(b, func(n int) { done.Add(int64(n)) })
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 4 || done.Load() != 4 {
			t.Fatalf("budget %d: %d rows, progress %d; want 4", b, len(rows), done.Load())
		}
		if err := WriteReachCSV(&csvs[i], rows); err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			continue
		}
		for k, want := range []struct {
			target string
			speed  float64
			flies  bool
		}{{"berlin", 2000, true}, {"berlin", 6300, true}, {"semnan-city", 2000, false}, {"semnan-city", 6300, false}} {
			r := rows[k]
			if r.target.ID != want.target || r.interceptor.BurnoutSpeedMps != want.speed || r.pair.Flies != want.flies {
				t.Errorf("row %d: %s at %g m/s, flies %v; want %+v", k, r.target.ID, r.interceptor.BurnoutSpeedMps, r.pair.Flies, want)
			}
			if r.pair.Flies && r.res.Feasible != (want.speed >= r.res.MinBurnoutSpeedMps) {
				t.Errorf("row %d: feasible %v at %g m/s, minimum speed %g m/s", k, r.res.Feasible, want.speed, r.res.MinBurnoutSpeedMps)
			}
			if r.pair.Flies && (r.basis != DelayOverride || r.delayS != 120) {
				t.Errorf("row %d: launch delay %g s (%s), want 120 s (override)", k, r.delayS, r.basis)
			}
		}
		if !rows[1].res.Feasible {
			t.Error("6.3 km/s from Redzikowo cannot engage an impulsive Semnan–Berlin flight launched on at 120 s")
		}
		if note := rows[2].note(); note != "no impulsive trajectory" {
			t.Errorf("nothing flies to the launch area itself: note %q", note)
		}
	}
	if !bytes.Equal(csvs[0].Bytes(), csvs[1].Bytes()) {
		t.Errorf("the CSV depends on the budget:\n%s\n%s", csvs[0].String(), csvs[1].String())
	}
}

// TestNewReachProblems: every problem of the study section at once, each
// naming the file and the key.
func TestNewReachProblems(t *testing.T) {
	text := strings.Replace(reachScenario, "    launch_delay_s: 120\n", "    min_intercept_alt_m: 3000000\n    max_intercept_alt_m: 1000000\n", 1)
	f := decodeReach(t, text)
	_, err := NewReach("reach.yaml", f)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		"reach.yaml: study.reach.boost none flies impulsive threats",
		"reach.yaml: battery redzikowo (gbi-6.3): lowest intercept altitude 3 000 000 m is not below the highest 1 000 000 m",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
