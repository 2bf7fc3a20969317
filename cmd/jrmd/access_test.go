package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The textbook flight of docs/commands/access.md (Semnan to Berlin, impulsive, over a
// non-rotating sphere) seen from Fylingdales' site.
var accessArgs = []string{"access", "--sensor", "54.361,-0.670", "--from", "35.23,53.92", "--to", "52.52,13.40",
	"--earth", "spherical", "--no-rotation", "--boost", "none"}

type accessOut struct {
	Sensor struct {
		ID              string           `json:"id"`
		LatDeg          float64          `json:"lat_deg"`
		LonDeg          float64          `json:"lon_deg"`
		AltM            float64          `json:"alt_m"`
		MinElevationDeg float64          `json:"min_elevation_deg"`
		MaxRangeM       *float64         `json:"max_range_m"`
		Faces           []map[string]any `json:"faces"`
	} `json:"sensor"`
	Trajectory struct {
		FlightTimeS float64 `json:"flight_time_s"`
		Kind        string  `json:"kind"`
		Boost       string  `json:"boost"`
	} `json:"trajectory"`
	Intervals []struct {
		StartS *float64 `json:"start_s"`
		EndS   *float64 `json:"end_s"`
	} `json:"intervals"`
	TotalS          float64  `json:"total_s"`
	FirstDetectionS *float64 `json:"first_detection_s"`
	Samples         []struct {
		TS      float64 `json:"t_s"`
		AltM    float64 `json:"alt_m"`
		ElDeg   float64 `json:"el_deg"`
		RangeM  float64 `json:"range_m"`
		Visible bool    `json:"visible"`
	} `json:"samples"`
}

func runAccessJSON(t *testing.T, args ...string) (accessOut, map[string]json.RawMessage) {
	t.Helper()
	return runJSON[accessOut](t, args...)
}

func TestAccessJSON(t *testing.T) {
	out, raw := runAccessJSON(t, append(slices.Clone(accessArgs), "--min-elevation", "3", "--step", "5")...)
	wantKeys := []string{"sensor", "trajectory", "intervals", "total_s", "first_detection_s", "samples"}
	if got := slices.Sorted(maps.Keys(raw)); !slices.Equal(got, slices.Sorted(slices.Values(wantKeys))) {
		t.Errorf("keys %v, want %v", got, wantKeys)
	}
	if out.Sensor.ID != "sensor" || out.Sensor.LatDeg != 54.361 || out.Sensor.LonDeg != -0.670 || out.Sensor.MinElevationDeg != 3 ||
		out.Sensor.MaxRangeM != nil || len(out.Sensor.Faces) != 0 {
		t.Errorf("sensor %+v: want the --sensor site, 3°, no range limit, all azimuths", out.Sensor)
	}
	if out.Trajectory.Kind != "minimum-energy" || out.Trajectory.Boost != "none" || !(out.Trajectory.FlightTimeS > 0) {
		t.Errorf("trajectory %+v", out.Trajectory)
	}
	if len(out.Intervals) == 0 {
		t.Fatal("Fylingdales' site does not see Semnan–Berlin")
	}
	total, prevEnd := 0.0, -1.0
	for i, iv := range out.Intervals {
		if iv.StartS == nil || iv.EndS == nil {
			t.Fatalf("interval %d lacks start_s or end_s", i)
		}
		if !(*iv.StartS > prevEnd && *iv.EndS >= *iv.StartS && *iv.EndS <= out.Trajectory.FlightTimeS) {
			t.Errorf("interval %d [%g, %g]: want ordered, disjoint, within the flight", i, *iv.StartS, *iv.EndS)
		}
		total += *iv.EndS - *iv.StartS
		prevEnd = *iv.EndS
	}
	if math.Abs(total-out.TotalS) > 1e-9 || out.FirstDetectionS == nil || *out.FirstDetectionS != *out.Intervals[0].StartS {
		t.Errorf("total_s %g (intervals sum to %g), first_detection_s %v (first interval starts %g)", out.TotalS, total, out.FirstDetectionS, *out.Intervals[0].StartS)
	}
	// Every sample's visibility agrees with the intervals, and with its
	// own elevation: edges are within 1 ms of the true crossing, so only
	// samples that close to an edge may disagree.
	const tolS = 1e-3
	for _, s := range out.Samples {
		in, near := false, false
		for _, iv := range out.Intervals {
			in = in || (s.TS >= *iv.StartS && s.TS <= *iv.EndS)
			near = near || math.Abs(s.TS-*iv.StartS) < tolS || math.Abs(s.TS-*iv.EndS) < tolS
		}
		if s.Visible != in && !near {
			t.Errorf("sample at %g s: visible %v, but the intervals say %v", s.TS, s.Visible, in)
		}
		if s.Visible && s.ElDeg < 3 {
			t.Errorf("sample at %g s visible at elevation %g°, below the 3° minimum", s.TS, s.ElDeg)
		}
	}
	if n := len(out.Samples); n < 3 || out.Samples[n-1].TS != out.Trajectory.FlightTimeS {
		t.Errorf("%d samples, the last at %v; want every 5 s and the impact", n, out.Samples)
	}

	// A range limit shortens the access; a field of regard facing away
	// removes it: intervals is then [] and first_detection_s null.
	limited, _ := runAccessJSON(t, append(slices.Clone(accessArgs), "--min-elevation", "3", "--max-range", "1500e3")...)
	if !(limited.TotalS < out.TotalS) || limited.Sensor.MaxRangeM == nil || *limited.Sensor.MaxRangeM != 1500e3 {
		t.Errorf("with a 1,500 km range: %g s in view (%g s without), max_range_m %v", limited.TotalS, out.TotalS, limited.Sensor.MaxRangeM)
	}
	away, raw := runAccessJSON(t, append(slices.Clone(accessArgs), "--boresight", "270", "--half-width", "30")...)
	if len(away.Intervals) != 0 || away.FirstDetectionS != nil || away.TotalS != 0 || string(raw["intervals"]) != "[]" ||
		len(away.Sensor.Faces) != 1 {
		t.Errorf("facing west: intervals %s, first %v, total %g, faces %v; want none", raw["intervals"], away.FirstDetectionS, away.TotalS, away.Sensor.Faces)
	}
	toward, _ := runAccessJSON(t, append(slices.Clone(accessArgs), "--min-elevation", "3", "--boresight", "100", "--half-width", "60")...)
	if math.Abs(toward.TotalS-out.TotalS) > 1e-9 {
		t.Errorf("facing the flight (100° ±60°): %g s in view, want the all-azimuth %g s", toward.TotalS, out.TotalS)
	}
}

func TestAccessText(t *testing.T) {
	code, stdout, stderr := execute(accessArgs...)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"sensor", "54.3610°N 0.6700°W", "all azimuths", "visible", "interval", "start s", "end s",
		"duration s", "first seen", "az °", "el °", "range km", "yes", "no"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	// A reference radar by ID.
	code, stdout, _ = execute("access", "--radar", "fylingdales", "--from", "35.23,53.92", "--to", "52.52,13.40")
	if code != exitOK || !strings.Contains(stdout, "fylingdales (uewr)") || !strings.Contains(stdout, "range 4 800.0 km") {
		t.Errorf("--radar fylingdales: exit %d\n%s", code, stdout)
	}
}

func TestAccessBadInput(t *testing.T) {
	route := []string{"--from", "35.23,53.92", "--to", "52.52,13.40"}
	acc := func(args ...string) []string { return append([]string{"access"}, args...) }
	withRoute := func(args ...string) []string { return append(acc(route...), args...) }
	tests := []usageCase{
		{"no sensor", acc(route...), []string{"--sensor is required", "LAT,LON[,ALT_M]"}},
		{"sensor latitude", withRoute("--sensor", "91,0"), []string{`--sensor "91,0"`, "latitude 91"}},
		{"sensor malformed", withRoute("--sensor", "abc"), []string{`--sensor "abc"`}},
		{"sensor below ground", withRoute("--sensor", "50,10,-20"), []string{`--sensor "50,10,-20"`, "below the ellipsoid"}},
		{"sensor and radar", withRoute("--sensor", "50,10", "--radar", "thule"), []string{"--sensor or --radar, not both"}},
		{"unknown radar", withRoute("--radar", "nowhere"), []string{`--radar "nowhere"`, "fylingdales", "brdy"}},
		{"min elevation 90", withRoute("--sensor", "50,10", "--min-elevation", "90"), []string{"--min-elevation 90"}},
		{"min elevation NaN", withRoute("--sensor", "50,10", "--min-elevation", "NaN"), []string{"--min-elevation NaN"}},
		{"min elevation not a number", withRoute("--sensor", "50,10", "--min-elevation", "low"), []string{`--min-elevation "low": not a number`}},
		{"negative range", withRoute("--sensor", "50,10", "--max-range", "-1"), []string{"--max-range -1", "≥ 0"}},
		{"infinite range", withRoute("--sensor", "50,10", "--max-range", "+Inf"), []string{"--max-range +Inf"}},
		{"boresight alone", withRoute("--sensor", "50,10", "--boresight", "90"), []string{"--boresight needs --half-width"}},
		{"half-width alone", withRoute("--sensor", "50,10", "--half-width", "30"), []string{"--half-width needs --boresight"}},
		{"boresight 360", withRoute("--sensor", "50,10", "--boresight", "360", "--half-width", "30"), []string{"--boresight 360", "[0, 360)"}},
		{"half-width 0", withRoute("--sensor", "50,10", "--boresight", "90", "--half-width", "0"), []string{"--half-width 0", "(0, 180]"}},
		{"half-width 200", withRoute("--sensor", "50,10", "--boresight", "90", "--half-width", "200"), []string{"--half-width 200"}},
		{"trajectory flags checked", acc("--sensor", "50,10", "--from", "95,0", "--kind", "up"), []string{"latitude 95", "--to is required", `--kind "up"`}},
		{"every problem at once", acc("--sensor", "x", "--max-range", "-5", "--from", "1,2", "--to", "1,2", "--step", "0"),
			[]string{`--sensor "x"`, "--max-range -5", "same point", "--step 0"}},
		{"map flag without map", withRoute("--sensor", "50,10", "--png", "x.png"), []string{"--png applies to --map"}},
		{"svg without map", withRoute("--sensor", "50,10", "--svg", "x.svg"), []string{"--svg applies to --map"}},
		{"map with both ends", withRoute("--sensor", "50,10", "--map", "40,0,50,10"), []string{"--map: give --from", "not both"}},
		{"map with neither end", acc("--sensor", "50,10", "--map", "40,0,50,10"), []string{"--map needs --from"}},
		{"map box malformed", acc("--sensor", "50,10", "--from", "1,2", "--map", "40,0,50"), []string{`--map "40,0,50"`, "LAT0,LON0,LAT1,LON1"}},
		{"map box reversed", acc("--sensor", "50,10", "--from", "1,2", "--map", "50,0,40,10"), []string{"south of the second"}},
		{"map box across the antimeridian", acc("--sensor", "50,10", "--from", "1,2", "--map", "40,170,50,-170"), []string{"antimeridian"}},
		{"map box off the globe", acc("--sensor", "50,10", "--from", "1,2", "--map", "40,170,50,190"), []string{"[-180, 180]"}},
		{"map cells too small", acc("--sensor", "50,10", "--from", "1,2", "--map", "0,0,50,50", "--cell-deg", "0.1"), []string{"250000 cells", "at most 10000"}},
		{"map cell size 0", acc("--sensor", "50,10", "--from", "1,2", "--map", "0,0,5,5", "--cell-deg", "0"), []string{"--cell-deg 0"}},
		{"map output unwritable", acc("--sensor", "50,10", "--from", "1,2", "--map", "0,0,2,2", "--png", "/nonexistent/dir/x.png"), []string{"--png /nonexistent/dir/x.png"}},
		{"positional argument", acc("fylingdales"), []string{`unknown command "fylingdales"`}},
	}
	checkUsageErrors(t, tests)
}

// A small map of impulsive flights from Semnan: every cell flown, the
// files valid and the same on a second run.
func TestAccessMap(t *testing.T) {
	dir := t.TempDir()
	args := func(tag string) []string {
		return []string{"access", "--radar", "brdy", "--from", "35.23,53.92", "--map", "36,-10,56,30", "--cell-deg", "4",
			"--geojson", filepath.Join(dir, tag+".geojson"), "--png", filepath.Join(dir, tag+".png"), "--svg", filepath.Join(dir, tag+".svg"), "--json"}
	}
	code, stdout, stderr := execute(args("a")...)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var out struct {
		Fixed struct {
			Role string `json:"role"`
		} `json:"fixed"`
		CellsTotal  int     `json:"cells_total"`
		CellsSolved int     `json:"cells_solved"`
		CellsSeen   int     `json:"cells_seen"`
		MaxSeenS    float64 `json:"max_seen_s"`
		SVG         *string `json:"svg"`
		Cells       []struct {
			LatDeg, LonDeg float64
			Solved, Seen   bool
			SeenS          float64  `json:"seen_s"`
			FirstS         *float64 `json:"first_s"`
		} `json:"cells"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	// 20° × 40° in 4° cells: 5 × 10, all within impulsive reach.
	if out.Fixed.Role != "launch" || out.CellsTotal != 50 || len(out.Cells) != 50 || out.CellsSolved != 50 {
		t.Errorf("role %q, %d cells (%d listed), %d solved; want launch, 50, 50", out.Fixed.Role, out.CellsTotal, len(out.Cells), out.CellsSolved)
	}
	// Brdy (49.65°N 13.80°E, 1,000 km, facing 115° ±60°) sees the flights
	// to the aim points around it, not all.
	if out.CellsSeen == 0 || out.CellsSeen == 50 || !(out.MaxSeenS > 0) {
		t.Errorf("%d of 50 cells seen, longest %g s", out.CellsSeen, out.MaxSeenS)
	}
	for _, c := range out.Cells {
		if c.Seen != (c.FirstS != nil) || (c.Seen && !(c.SeenS > 0)) {
			t.Errorf("cell %+v: seen, seen_s and first_s disagree", c)
		}
	}
	gj, err := os.ReadFile(filepath.Join(dir, "a.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(gj, &fc); err != nil || fc.Type != "FeatureCollection" || len(fc.Features) != 52 {
		t.Errorf("GeoJSON: %v, type %q, %d features; want 50 cells and 2 points", err, fc.Type, len(fc.Features))
	}
	pngA, err := os.ReadFile(filepath.Join(dir, "a.png"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(pngA)); err != nil {
		t.Errorf("PNG: %v", err)
	}
	if code, _, stderr := execute(args("b")...); code != exitOK {
		t.Fatalf("second run: exit %d, %s", code, stderr)
	}
	// The SVG is the same map: an SVG document with the map's title, and
	// named in the summary.
	svgA, err := os.ReadFile(filepath.Join(dir, "a.svg"))
	if err != nil || !bytes.HasPrefix(svgA, []byte("<?xml")) || !bytes.Contains(svgA, []byte("<svg")) || !bytes.Contains(svgA, []byte("brdy")) {
		t.Errorf("SVG: %v, %.80q", err, svgA)
	}
	if out.SVG == nil || *out.SVG != filepath.Join(dir, "a.svg") {
		t.Errorf("summary svg %v, want %s", out.SVG, filepath.Join(dir, "a.svg"))
	}
	pngB, _ := os.ReadFile(filepath.Join(dir, "b.png"))
	gjB, _ := os.ReadFile(filepath.Join(dir, "b.geojson"))
	svgB, _ := os.ReadFile(filepath.Join(dir, "b.svg"))
	if !bytes.Equal(pngA, pngB) || !bytes.Equal(gj, gjB) || !bytes.Equal(svgA, svgB) {
		t.Error("the same map twice: different files")
	}
	// Text summary.
	code, stdout, _ = execute("access", "--radar", "brdy", "--to", "52.52,13.40", "--map", "30,40,36,50", "--cell-deg", "3")
	if code != exitOK || !strings.Contains(stdout, "launch points of 3°") || !strings.Contains(stdout, "--geojson FILE") {
		t.Errorf("text map: exit %d\n%s", code, stdout)
	}
}

func FuzzAccessParseBox(f *testing.F) {
	for _, s := range []string{"35,-10,60,30", "0,0,1,1", "-90,-180,90,180", "1,2,3", "a,b,c,d", "50,0,40,10", " 1 , 2 , 3 , 4 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := parseBox(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "--map ") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q: want one line naming --map", err)
			}
			return
		}
		if !(b.lat0 >= -90 && b.lat0 < b.lat1 && b.lat1 <= 90 && b.lon0 >= -180 && b.lon0 < b.lon1 && b.lon1 <= 180) {
			t.Fatalf("parseBox(%q) accepted %+v", s, b)
		}
	})
}
