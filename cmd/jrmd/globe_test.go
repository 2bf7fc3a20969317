package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/internal/sim"
	"github.com/jrmd/jrmd/internal/states"
)

// czmlIDs reads a CZML file: its packets' ids, and the packets by id.
func czmlIDs(t *testing.T, path string) ([]string, map[string]map[string]any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ps []map[string]any
	if err := json.Unmarshal(b, &ps); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var ids []string
	byID := map[string]map[string]any{}
	for _, p := range ps {
		id, _ := p["id"].(string)
		ids = append(ids, id)
		byID[id] = p
	}
	return ids, byID
}

func TestTrajectoryGlobeFiles(t *testing.T) {
	dir := t.TempDir()
	czml, kml, gj := filepath.Join(dir, "t.czml"), filepath.Join(dir, "t.kml"), filepath.Join(dir, "t.geojson")
	args := append(append([]string{}, textbookArgs...), "--step", "60", "--json", "--czml", czml, "--kml", kml, "--geojson", gj)
	code, stdout, stderr := execute(args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res report.TrajectoryJSON
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	ids, byID := czmlIDs(t, czml)
	if strings.Join(ids, " ") != "document threat launch impact" {
		t.Errorf("CZML packets %v, want document threat launch impact", ids)
	}
	// The CZML's track is the --json samples, on the sphere the flight
	// used (1 cm rounding; --json's degrees carry ~1e-10°).
	c := byID["threat"]["position"].(map[string]any)["cartesian"].([]any)
	if len(c) != 4*len(res.Samples) {
		t.Fatalf("%d CZML numbers for %d samples", len(c), len(res.Samples))
	}
	for i, s := range res.Samples {
		want := geo.Sphere.ToECEF(geo.LLA{LatDeg: s.LatDeg, LonDeg: s.LonDeg, AltM: s.AltM})
		got := geo.Vec3{c[4*i+1].(float64), c[4*i+2].(float64), c[4*i+3].(float64)}
		if d := got.Sub(geo.Vec3(want)).Norm(); d > 0.01 || math.Abs(c[4*i].(float64)-s.TS) > 1e-6 {
			t.Fatalf("sample %d: CZML %v is %g m from --json's", i, got, d)
		}
	}
	b, err := os.ReadFile(kml)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b, new(struct{})); err != nil || !strings.Contains(string(b), "<gx:Track>") {
		t.Errorf("KML does not parse or has no gx:Track: %v", err)
	}
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	b, err = os.ReadFile(gj)
	if err != nil {
		t.Fatal(err)
	}
	var line [][]float64
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(fc.Features[0].Geometry.Coordinates, &line); err != nil || fc.Features[0].Geometry.Type != "LineString" ||
		len(line) != len(res.Samples) || len(line[1]) != 3 {
		t.Errorf("GeoJSON: %v; want the flight as a LineString of lon, lat, height", err)
	}
}

func TestGlobeFilesOfEveryCommand(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		ids  []string // packets that must be there
	}{
		{"access", []string{"access", "--radar", "fylingdales", "--from", "35.23,53.92", "--to", "52.52,13.40", "--step", "60"},
			[]string{"threat", "sensor-fylingdales", "coverage-fylingdales", "seen-1"}},
		{"reach", []string{"reach", "--site", "54.48,17.10", "--burnout-speed", "6300", "--launch-delay", "120", "--min-intercept-alt", "100e3",
			"--from", "35.23,53.92", "--to", "52.52,13.40", "--earth", "spherical", "--no-rotation", "--boost", "none", "--step", "60"},
			[]string{"threat", "battery", "window-1", "intercept-earliest", "flyout-slowest", "intercept-slowest"}},
		{"footprint", []string{"footprint", "--site", "54.48,17.10", "--burnout-speed", "6300", "--launch-delay", "120",
			"--launch", "35.23,53.92", "--map", "45,5,55,25", "--cell-deg", "5"},
			[]string{"battery", "launch-1", "cell-1"}},
	} {
		czml, kml := filepath.Join(dir, tc.name+".czml"), filepath.Join(dir, tc.name+".kml")
		code, _, stderr := execute(append(tc.args, "--czml", czml, "--kml", kml)...)
		if code != exitOK {
			t.Errorf("%s: exit %d: %s", tc.name, code, stderr)
			continue
		}
		_, byID := czmlIDs(t, czml)
		for _, id := range tc.ids {
			if byID[id] == nil {
				t.Errorf("%s: no CZML packet %q", tc.name, id)
			}
		}
		if b, err := os.ReadFile(kml); err != nil || xml.Unmarshal(b, new(struct{})) != nil {
			t.Errorf("%s: KML missing or not XML: %v", tc.name, err)
		}
	}
}

func TestGlobeBadPaths(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "no", "such", "dir", "x")
	traj := []string{"--from", "35.23,53.92", "--to", "52.52,13.40"}
	checkUsageErrors(t, []usageCase{
		{"trajectory czml", append([]string{"trajectory", "--czml", bad + ".czml"}, traj...), []string{"--czml " + bad + ".czml", "no such file or directory"}},
		{"trajectory kml and geojson", append([]string{"trajectory", "--kml", bad + ".kml", "--geojson", bad + ".geojson"}, traj...),
			[]string{"--kml " + bad + ".kml", "--geojson " + bad + ".geojson"}},
		{"access kml", append([]string{"access", "--radar", "fylingdales", "--kml", bad}, traj...), []string{"--kml " + bad}},
		{"reach czml", append([]string{"reach", "--site", "54.48,17.10", "--burnout-speed", "6300", "--czml", bad}, traj...), []string{"--czml " + bad}},
		{"footprint czml", []string{"footprint", "--site", "54.48,17.10", "--burnout-speed", "6300", "--launch", "35.23,53.92", "--map", "45,5,55,25", "--cell-deg", "5", "--czml", bad},
			[]string{"--czml " + bad}},
		{"access map czml", []string{"access", "--radar", "fylingdales", "--from", "35.23,53.92", "--map", "45,5,55,25", "--czml", "x.czml"},
			[]string{"--czml applies to one trajectory, not to --map"}},
	})
}

// jrmd run --out writes scene.czml: every threat, interceptor and track
// it samples is, row for row, where states.parquet (read back with
// states.ReadParquet) puts it, to the CZML's 1 cm; its clock starts at
// the scenario's start_utc. Two runs write the same bytes (not under
// -short, which the race pass uses: the second run only repeats).
func TestRunScene(t *testing.T) {
	runs := 2
	if testing.Short() {
		runs = 1
	}
	var scenes [2][]byte
	var dir string
	for i := range runs {
		dir = t.TempDir()
		if code, _, stderr := execute("run", refScenario, "--integration", "step2", "--out", dir); code != exitOK {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
		scenes[i], _ = os.ReadFile(filepath.Join(dir, "scene.czml"))
	}
	if runs == 2 && !bytes.Equal(scenes[0], scenes[1]) {
		t.Error("scene.czml differs between two runs with one seed")
	}
	pq, err := os.ReadFile(filepath.Join(dir, "states.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := states.ReadParquet(bytes.NewReader(pq), int64(len(pq)))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]states.Sample{}
	for _, r := range rows {
		id := map[states.Kind]string{states.Threat: "threat-" + r.ID, states.Interceptor: "interceptor-" + r.ID, states.Track: "track-" + r.Nation + "-" + r.ID}[r.Kind]
		want[id] = append(want[id], r)
	}
	ids, byID := czmlIDs(t, filepath.Join(dir, "scene.czml"))
	clock := byID["document"]["clock"].(map[string]any)
	if !strings.HasPrefix(clock["interval"].(string), "2007-10-10T00:00:00Z/") {
		t.Errorf("clock %v, want it from start_utc 2007-10-10T00:00:00Z", clock["interval"])
	}
	sampled := 0
	for _, id := range ids {
		pos, ok := byID[id]["position"].(map[string]any)
		if !ok || pos["epoch"] == nil {
			continue
		}
		sampled++
		rs := want[id]
		c := pos["cartesian"].([]any)
		if len(c) != 4*len(rs) {
			t.Errorf("%s: %d samples, states.parquet has %d rows", id, len(c)/4, len(rs))
			continue
		}
		for j, r := range rs {
			got := geo.Vec3{c[4*j+1].(float64), c[4*j+2].(float64), c[4*j+3].(float64)}
			if d := got.Sub(geo.Vec3{r.X, r.Y, r.Z}).Norm(); d > 0.0087 || math.Abs(c[4*j].(float64)-r.TS) > 1e-6 {
				t.Fatalf("%s sample %d: %v at %v s is %g m from the row at %g s", id, j, got, c[4*j], d, r.TS)
			}
		}
		// Shown while sampled: one interval per run of rows with no gap
		// over 2.5 grid steps.
		spans := 1
		for j := 1; j < len(rs); j++ {
			if rs[j].TS-rs[j-1].TS > 2.5*sim.StateGridS {
				spans++
			}
		}
		av := byID[id]["availability"]
		if n, ok := av.([]any); (ok && len(n) != spans) || (!ok && spans != 1) {
			t.Errorf("%s: availability %v, want %d interval(s)", id, av, spans)
		}
		if id[:5] == "track" {
			if props := byID[id]["properties"].(map[string]any); props["believed_by"] != rs[0].Nation || byID[id]["parent"] != "nation-"+rs[0].Nation {
				t.Errorf("%s: believed_by %v, parent %v; want %s", id, props["believed_by"], byID[id]["parent"], rs[0].Nation)
			}
		}
	}
	if sampled != len(want) || sampled == 0 {
		t.Errorf("%d sampled entities, states.parquet has %d objects", sampled, len(want))
	}
}
