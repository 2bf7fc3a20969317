package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A small defended footprint: Redzikowo's gbi-6.3, launches from Semnan and
// Tabriz, aim points in 4° cells over south-eastern Europe and Anatolia,
// where the footprint has its edge.
var footprintArgs = []string{"footprint", "--site", redzikowo, "--interceptor", "gbi-6.3", "--launch-delay", "120",
	"--launch", "35.23,53.92", "--launch", "38.08,46.29", "--map", "36,20,48,44", "--cell-deg", "4"}

type footprintOut struct {
	Battery     string `json:"battery"`
	Interceptor struct {
		Type      string  `json:"type"`
		BurnTimeS float64 `json:"burn_time_s"`
	} `json:"interceptor"`
	LaunchDelayS float64 `json:"launch_delay_s"`
	CellRole     string  `json:"cell_role"`
	Points       []struct {
		Name string `json:"name"`
	} `json:"points"`
	CellsTotal int `json:"cells_total"`
	CellsFlown int `json:"cells_flown"`
	CellsAll   int `json:"cells_defended_all"`
	CellsSome  int `json:"cells_defended_some"`
	CellsNone  int `json:"cells_defended_none"`
	Cells      []struct {
		LatDeg   float64 `json:"lat_deg"`
		LonDeg   float64 `json:"lon_deg"`
		Defended int     `json:"defended"`
		Total    int     `json:"total"`
	} `json:"cells"`
}

// runFootprintJSON is runJSON for footprint, which reports its progress
// on stderr.
func runFootprintJSON(t *testing.T, args ...string) footprintOut {
	t.Helper()
	args = append(slices.Clone(args), "--json")
	code, stdout, stderr := execute(args...)
	if code != exitOK {
		t.Fatalf("jrmd %s: exit %d, stderr %q", strings.Join(args, " "), code, stderr)
	}
	var out footprintOut
	dec := json.NewDecoder(strings.NewReader(stdout))
	if err := dec.Decode(&out); err != nil || dec.More() {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, stdout)
	}
	return out
}

// geoJSON is an RFC 7946 FeatureCollection as decoded for checking.
type geoJSON struct {
	Type     string `json:"type"`
	Features []struct {
		Type     string `json:"type"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

// checkGeoJSON checks what any GIS tool needs (RFC 7946): a
// FeatureCollection of Features; Polygon rings closed (§3.1.6) and
// counter-clockwise, positions [longitude, latitude] in range; Points.
func checkGeoJSON(t *testing.T, b []byte) geoJSON {
	t.Helper()
	var fc geoJSON
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) == 0 {
		t.Fatalf("type %q with %d features", fc.Type, len(fc.Features))
	}
	for i, f := range fc.Features {
		if f.Type != "Feature" || f.Properties == nil {
			t.Fatalf("feature %d: type %q, properties %v", i, f.Type, f.Properties)
		}
		switch f.Geometry.Type {
		case "Polygon":
			var rings [][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &rings); err != nil || len(rings) != 1 || len(rings[0]) < 4 {
				t.Fatalf("feature %d: polygon %s", i, f.Geometry.Coordinates)
			}
			r := rings[0]
			area := 0.0
			for k := 0; k+1 < len(r); k++ {
				area += r[k][0]*r[k+1][1] - r[k+1][0]*r[k][1]
				if r[k][0] < -180 || r[k][0] > 180 || r[k][1] < -90 || r[k][1] > 90 {
					t.Fatalf("feature %d: position %v is not [lon, lat]", i, r[k])
				}
			}
			if r[0] != r[len(r)-1] || !(area > 0) {
				t.Errorf("feature %d: ring closed %v, signed area %g: want closed and counter-clockwise", i, r[0] == r[len(r)-1], area)
			}
		case "Point":
			var p [2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil || p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
				t.Errorf("feature %d: point %s", i, f.Geometry.Coordinates)
			}
		default:
			t.Errorf("feature %d: geometry %q", i, f.Geometry.Type)
		}
	}
	return fc
}

func TestFootprintFiles(t *testing.T) {
	dir := t.TempDir()
	gj, pn, sv := filepath.Join(dir, "f.geojson"), filepath.Join(dir, "f.png"), filepath.Join(dir, "f.svg")
	code, stdout, stderr := execute(append(slices.Clone(footprintArgs), "--geojson", gj, "--png", pn, "--svg", sv)...)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"battery", "site at 54.4800°N 17.1000°E", "gbi-6.3", "launch points", "35.23,53.92 (35.23°N 53.92°E)",
		"18 aim points of 4°", "defended against all", "geojson", gj, "png", pn, "svg", sv} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary does not contain %q:\n%s", want, stdout)
		}
	}
	if !strings.HasSuffix(stderr, "footprint: 18/18 cells\n") {
		t.Errorf("stderr %q, want a count ending at 18/18", stderr)
	}
	b, err := os.ReadFile(gj)
	if err != nil {
		t.Fatal(err)
	}
	fc := checkGeoJSON(t, b)
	if len(fc.Features) != 18+1+2 {
		t.Fatalf("%d features, want 18 cells, the battery and 2 launch points", len(fc.Features))
	}
	out := runFootprintJSON(t, footprintArgs...)
	some := 0
	for i, c := range out.Cells {
		p := fc.Features[i].Properties
		if p["kind"] != "cell" || p["role"] != "aim" || p["lat_deg"] != c.LatDeg || p["lon_deg"] != c.LonDeg ||
			p["defended"] != float64(c.Defended) || p["total"] != float64(c.Total) || c.Total != 2 {
			t.Errorf("cell %d: GeoJSON %v, --json %+v", i, p, c)
		}
		if c.Defended > 0 && c.Defended < c.Total {
			some++
		}
	}
	// The edge of the footprint crosses this box (see the reference map).
	if out.CellsAll == 0 || out.CellsAll+out.CellsSome+out.CellsNone != 18 || some != out.CellsSome {
		t.Errorf("all %d, some %d, none %d: want the footprint's edge inside the box", out.CellsAll, out.CellsSome, out.CellsNone)
	}
	if k := fc.Features[18].Properties; k["kind"] != "battery" || fc.Features[19].Properties["kind"] != "launch" || fc.Features[19].Properties["name"] != "35.23,53.92" {
		t.Errorf("point features: %v %v", k, fc.Features[19].Properties)
	}
	img, err := os.ReadFile(pn)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := png.Decode(bytes.NewReader(img)); err != nil || m.Bounds().Dx() != 1200 {
		t.Fatalf("PNG: %v", err)
	}
	if svg, err := os.ReadFile(sv); err != nil || !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("gbi-6.3")) {
		t.Errorf("SVG: %v, %.80q", err, svg)
	}
	// Deterministic: a second run writes the same bytes.
	gj2, pn2 := filepath.Join(dir, "g.geojson"), filepath.Join(dir, "g.png")
	execute(append(slices.Clone(footprintArgs), "--geojson", gj2, "--png", pn2)...)
	b2, _ := os.ReadFile(gj2)
	img2, _ := os.ReadFile(pn2)
	if !bytes.Equal(b, b2) || !bytes.Equal(img, img2) {
		t.Error("two runs of the same footprint differ")
	}
}

// A footprint cell says what jrmd reach says for each of its trajectories.
func TestFootprintAgreesWithReach(t *testing.T) {
	out := runFootprintJSON(t, footprintArgs...)
	checked := 0
	for _, c := range out.Cells {
		if checked == 4 || (c.Defended == c.Total && checked%2 == 1) || (c.Defended < c.Total && checked%2 == 0) {
			continue // two partly defended cells, two fully
		}
		want := 0
		for _, from := range []string{"35.23,53.92", "38.08,46.29"} {
			r, _ := runReachJSON(t, "reach", "--site", redzikowo, "--interceptor", "gbi-6.3", "--launch-delay", "120",
				"--from", from, "--to", fmt.Sprintf("%g,%g", c.LatDeg, c.LonDeg))
			if r.Feasible {
				want++
			}
		}
		if c.Defended != want {
			t.Errorf("cell (%g, %g): defended against %d, jrmd reach says %d", c.LatDeg, c.LonDeg, c.Defended, want)
		}
		checked++
	}
	if checked < 2 {
		t.Errorf("only %d cells checked", checked)
	}
}

// The dual, and the battery, launch areas, assets and defaults from a
// scenario file.
func TestFootprintScenario(t *testing.T) {
	base := []string{"footprint", "--scenario", studyFile, "--battery", "redzikowo", "--map", "30,40,40,60", "--cell-deg", "5"}
	out := runFootprintJSON(t, base...)
	if out.Battery != "redzikowo" || out.Interceptor.Type != "gbi-6.3" || out.Interceptor.BurnTimeS != 60 || out.LaunchDelayS != 120 ||
		out.CellRole != "aim" || len(out.Points) != 2 || out.Points[0].Name != "tabriz" || out.Points[1].Name != "semnan" || out.CellsTotal != 8 {
		t.Errorf("from the scenario: %+v; want redzikowo's gbi-6.3, the study's 120 s and every launch area", out)
	}
	out = runFootprintJSON(t, append(slices.Clone(base), "--launch-area", "semnan", "--launch-delay", "0", "--interceptor", "gbi-9")...)
	if len(out.Points) != 1 || out.Points[0].Name != "semnan" || out.LaunchDelayS != 0 || out.Interceptor.Type != "gbi-9" {
		t.Errorf("--launch-area semnan --launch-delay 0 --interceptor gbi-9: %+v", out)
	}
	// The dual: cells are launch points; assets by id or LAT,LON.
	dual := runFootprintJSON(t, append(slices.Clone(base), "--asset", "berlin", "--asset", "41.90,12.50")...)
	if dual.CellRole != "launch" || len(dual.Points) != 2 || dual.Points[0].Name != "berlin" || dual.Points[1].Name != "41.90,12.50" || dual.CellsFlown != 8 {
		t.Errorf("dual: %+v", dual)
	}
	dir := t.TempDir()
	gj := filepath.Join(dir, "dual.geojson")
	if code, _, stderr := execute(append(slices.Clone(base), "--asset", "berlin", "--geojson", gj)...); code != exitOK {
		t.Fatal(stderr)
	}
	b, _ := os.ReadFile(gj)
	fc := checkGeoJSON(t, b)
	if fc.Features[0].Properties["role"] != "launch" || fc.Features[len(fc.Features)-1].Properties["kind"] != "asset" {
		t.Errorf("dual GeoJSON: %v, %v", fc.Features[0].Properties, fc.Features[len(fc.Features)-1].Properties)
	}
	// The textbook setting makes the interceptor impulsive.
	tb := runFootprintJSON(t, append(slices.Clone(base), "--earth", "spherical", "--no-rotation")...)
	if tb.Interceptor.BurnTimeS != 0 {
		t.Errorf("textbook: burn time %g s", tb.Interceptor.BurnTimeS)
	}
}

func TestFootprintBadInput(t *testing.T) {
	fp := func(args ...string) []string { return append([]string{"footprint"}, args...) }
	site := []string{"--site", redzikowo, "--interceptor", "gbi-6.3"}
	box := []string{"--map", "35,-10,70,40"}
	ok := func(more ...string) []string {
		return fp(append(append(append(slices.Clone(site), box...), "--launch", "35.23,53.92"), more...)...)
	}
	sc := []string{"--scenario", studyFile, "--battery", "redzikowo"}
	tests := []usageCase{
		{"no map", fp(append(slices.Clone(site), "--launch", "35.23,53.92")...), []string{"--map is required"}},
		{"bad map", ok("--map", "70,40,35,-10"), []string{`--map "70,40,35,-10"`}},
		{"cells too small", ok("--cell-deg", "0.001"), []string{"--cell-deg 0.001"}},
		{"too many cells", ok("--cell-deg", "0.1"), []string{"--cell-deg 0.1", "cells; at most"}},
		{"no launch points", fp(append(slices.Clone(site), box...)...), []string{"give the launch points"}},
		{"bad launch point", ok("--launch", "95,1"), []string{`--launch "95,1"`, "latitude 95"}},
		{"no interceptor", fp(append(slices.Clone(box), "--site", redzikowo, "--launch", "1,2")...), []string{"give --burnout-speed M_PER_S"}},
		{"no site", fp(append(slices.Clone(box), "--interceptor", "gbi-9", "--launch", "1,2")...), []string{"--site is required"}},
		{"battery without scenario", ok("--battery", "redzikowo"), []string{"--battery needs --scenario FILE"}},
		{"site and battery", fp(append(append(slices.Clone(sc), box...), "--site", redzikowo)...), []string{"give --site or --battery, not both"}},
		{"unknown battery", fp(append(slices.Clone(box), "--scenario", studyFile, "--battery", "poland")...), []string{`--battery "poland"`, "redzikowo, thaad-warsaw"}},
		{"scenario without battery", fp(append(slices.Clone(box), "--scenario", studyFile)...), []string{"give --battery ID"}},
		{"unknown launch area", fp(append(append(slices.Clone(sc), box...), "--launch-area", "kozelsk")...), []string{`--launch-area "kozelsk"`, "semnan, tabriz"}},
		{"launch area without scenario", ok("--launch-area", "semnan"), []string{"--launch-area needs --scenario"}},
		{"unknown asset", fp(append(append(slices.Clone(sc), box...), "--asset", "paris")...), []string{`--asset "paris"`, "berlin, rome, tabriz-city"}},
		{"asset without scenario", fp(append(append(slices.Clone(site), box...), "--asset", "berlin")...), []string{`--asset "berlin"`}},
		{"asset with launches", ok("--asset", "52.52,13.40"), []string{"--asset makes the cells launch points"}},
		{"unknown boost", ok("--boost", "v2"), []string{`--boost "v2"`}},
		{"unknown earth", ok("--earth", "flat"), []string{`--earth "flat"`}},
		{"negative delay", ok("--launch-delay", "-1"), []string{"--launch-delay -1"}},
		{"unwritable png", ok("--cell-deg", "10", "--png", "/nonexistent/dir/f.png"), []string{"--png /nonexistent/dir/f.png"}},
		{"every problem at once", fp("--site", "x", "--map", "1", "--boost", "v2"), []string{"--site", "--map", "--boost", "give --burnout-speed", "give the launch points"}},
	}
	checkUsageErrors(t, tests)
	// A broken scenario: its problems, then one jrmd: line, exit 2.
	code, stdout, stderr := execute("footprint", "--scenario", "testdata/bad-study.yaml", "--battery", "redzikowo", "--map", "35,-10,70,40")
	if code != exitUsage || stdout != "" || !strings.Contains(stderr, "bad-study.yaml:8:") || !strings.Contains(stderr, "jrmd: testdata/bad-study.yaml: 5 problems") {
		t.Errorf("bad scenario: exit %d, stderr %q", code, stderr)
	}
}
