package globe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
	"github.com/jrmd/jrmd/internal/states"
	"github.com/jrmd/jrmd/sensor"
)

// cesiumDir holds the pinned npm cesium (package.json, package-lock.json)
// and check.mjs, which loads CZML with Cesium's CzmlDataSource in Node.
// make test installs the modules (npm ci) when they are missing.
const cesiumDir = "testdata/cesium"

// tolCesiumM is how far the position Cesium reads back at a sample's time
// may be from the sample: the CZML's 1 cm rounding (0.87 cm) and Cesium's
// JulianDate arithmetic (microseconds at ≤ 8 km/s: under 1 cm).
const tolCesiumM = 0.02

// needNode returns the node binary, or skips the test with the reason
// (fails under CI=true: CI installs node and the modules).
func needNode(t *testing.T) string {
	t.Helper()
	need := func(format string, a ...any) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf(format, a...)
		}
		t.Skipf(format, a...)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		need("node is not installed: this test loads the CZML with Cesium in Node (apt-get install nodejs npm)")
	}
	if _, err := os.Stat(filepath.Join(cesiumDir, "node_modules", "cesium", "package.json")); err != nil {
		need("npm cesium is not installed in %s: run make test, or npm ci there", cesiumDir)
	}
	return node
}

// cesiumEntity is what check.mjs reports of one entity.
type cesiumEntity struct {
	ID           string            `json:"id"`
	Name         *string           `json:"name"`
	Parent       *string           `json:"parent"`
	Properties   map[string]string `json:"properties"`
	Availability [][2]float64      `json:"availability"`
	Point        bool              `json:"point"`
	Label        bool              `json:"label"`
	Path         bool              `json:"path"`
	Ellipsoid    bool              `json:"ellipsoid"`
	Polyline     int               `json:"polyline"`
	Polygon      int               `json:"polygon"`
	Positions    [][]float64       `json:"positions"`
	Radii        [][]float64       `json:"radii"`
	Orientations [][]float64       `json:"orientations"`
}

type cesiumFile struct {
	CZML     string         `json:"czml"`
	Name     *string        `json:"name"`
	Clock    *[2]float64    `json:"clock"`
	Entities []cesiumEntity `json:"entities"`
}

// probeTimes are the times at which Cesium is asked an entity's position:
// a track's first, middle and last samples, as written (to the
// microsecond: a flight's end is not later than its last sample); a
// point's t = 0.
func probeTimes(e *Entity) []float64 {
	switch {
	case len(e.Track) > 0:
		n := len(e.Track)
		return []float64{round(e.Track[0].TS, perS), round(e.Track[n/2].TS, perS), round(e.Track[n-1].TS, perS)}
	case e.Point != nil:
		return []float64{0}
	}
	return nil
}

// probeSamples are the samples at probeTimes.
func probeSamples(e *Entity) []Sample {
	switch {
	case len(e.Track) > 0:
		n := len(e.Track)
		return []Sample{e.Track[0], e.Track[n/2], e.Track[n-1]}
	case e.Point != nil:
		return []Sample{{Pos: *e.Point}}
	}
	return nil
}

// loadInCesium writes each scene as CZML and loads them all in one run of
// check.mjs.
func loadInCesium(t *testing.T, node string, scenes map[string]*Scene, names []string) map[string]cesiumFile {
	t.Helper()
	dir := t.TempDir()
	type job struct {
		CZML   string               `json:"czml"`
		Epoch  string               `json:"epoch"`
		Probes map[string][]float64 `json:"probes"`
	}
	var jobs []job
	for _, name := range names {
		s := scenes[name]
		var b bytes.Buffer
		if err := s.WriteCZML(&b); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name+".czml")
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		j := job{CZML: path, Epoch: s.iso(0), Probes: map[string][]float64{}}
		for i := range s.Entities {
			if ts := probeTimes(&s.Entities[i]); ts != nil {
				j.Probes[s.Entities[i].ID] = ts
			}
		}
		jobs = append(jobs, j)
	}
	jobPath := filepath.Join(dir, "job.json")
	b, err := json.Marshal(jobs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jobPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "check.mjs", jobPath)
	cmd.Dir = cesiumDir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node check.mjs: %v\n%s", err, stderr.String())
	}
	var files []cesiumFile
	if err := json.Unmarshal(stdout.Bytes(), &files); err != nil {
		t.Fatalf("check.mjs output: %v", err)
	}
	out := map[string]cesiumFile{}
	for i, name := range names {
		out[name] = files[i]
	}
	return out
}

// cesiumScenes are a scene of each command's kind, the synthetic one with
// layers and a track's covariance, and a run's over the reference
// scenario.
func cesiumScenes(t *testing.T) (map[string]*Scene, []string) {
	t.Helper()
	req, tr := semnanBerlin(t)
	fyl, err := sensor.LookupReferenceRadar("fylingdales")
	if err != nil {
		t.Fatal(err)
	}
	access := AccessScene(req, &tr, &fyl, sensor.Access(req.Earth, &fyl, &tr, sensor.AccessOptions{}))
	it := intercept.Interceptor{Name: "bare", BurnoutSpeedMps: 6300, MinInterceptAltM: 100e3}
	q := intercept.Reach{Earth: req.Earth, Site: geo.LLA{LatDeg: 54.48, LonDeg: 17.10}, Threat: &tr, ThreatEndS: tr.FlightTimeS, Interceptor: it, LaunchDelayS: 120}
	res, err := q.Solve()
	if err != nil {
		t.Fatal(err)
	}
	reach := ReachScene(req, &tr, q, res)
	fp := FootprintScene(&report.Footprint{BatteryID: "b", Site: q.Site, CellRole: "aim",
		Points: []report.Place{{Name: "semnan", Pos: req.From}},
		Cells: []report.FootprintCell{{LatMinDeg: 50, LatMaxDeg: 51, LonMinDeg: 10, LonMaxDeg: 11, Defended: 1, Total: 1},
			{LatMinDeg: 51, LatMaxDeg: 52, LonMinDeg: 10, LonMaxDeg: 11, Total: 1}, {LatMinDeg: 52, LatMaxDeg: 53, LonMinDeg: 10, LonMaxDeg: 11}}})
	trajectory := TrajectoryScene(req, &tr)
	syn := synthetic()
	run := RunScene(runFixture(t))
	// The reference scenario's run, its state table through Parquet and
	// back as jrmd run --out writes and states.ReadParquet reads it.
	f, err := scenario.Load("../../scenarios/joint-regional-2007.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sr, err := sim.Run(f, sim.Options{States: true})
	if err != nil {
		t.Fatal(err)
	}
	var pq bytes.Buffer
	if err := states.WriteParquet(&pq, sr.States); err != nil {
		t.Fatal(err)
	}
	rows, err := states.ReadParquet(bytes.NewReader(pq.Bytes()), int64(pq.Len()))
	if err != nil {
		t.Fatal(err)
	}
	ref := RunScene(f, rows, sr.Events)
	return map[string]*Scene{"trajectory": &trajectory, "access": &access, "reach": &reach, "footprint": &fp, "synthetic": &syn, "run": &run, "reference": &ref},
		[]string{"trajectory", "access", "reach", "footprint", "synthetic", "run", "reference"}
}

func TestCesiumLoadsTheCZML(t *testing.T) {
	node := needNode(t)
	scenes, names := cesiumScenes(t)
	if !res(scenes["reach"], "flyout-slowest") || !res(scenes["access"], "seen-1") {
		t.Fatal("the reach and access scenes lack the fly-out or the seen segment this test reads back")
	}
	files := loadInCesium(t, node, scenes, names)
	for _, name := range names {
		s, f := scenes[name], files[name]
		t.Run(name, func(t *testing.T) { checkCesium(t, s, f) })
	}
}

func res(s *Scene, id string) bool {
	for _, e := range s.Entities {
		if e.ID == id {
			return true
		}
	}
	return false
}

func checkCesium(t *testing.T, s *Scene, f cesiumFile) {
	if f.Name == nil || *f.Name != s.Name {
		t.Errorf("document name %v, want %q", f.Name, s.Name)
	}
	if f.Clock == nil || math.Abs(f.Clock[0]-s.StartS) > 1e-5 || math.Abs(f.Clock[1]-s.StopS) > 1e-5 {
		t.Errorf("clock %v, want [%g, %g] s", f.Clock, s.StartS, s.StopS)
	}
	// Per kind, as many entities as the scene has (layers have no kind).
	want, got := map[string]int{}, map[string]int{}
	if len(s.Layers) > 0 {
		want[""] = len(s.Layers)
	}
	for _, e := range s.Entities {
		want[string(e.Kind)]++
	}
	byID := map[string]cesiumEntity{}
	for _, e := range f.Entities {
		got[e.Properties["kind"]]++
		byID[e.ID] = e
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("entities by kind: Cesium read %v, the scene has %v", got, want)
	}
	for i := range s.Entities {
		e := &s.Entities[i]
		c, ok := byID[e.ID]
		if !ok {
			t.Errorf("%s: not loaded", e.ID)
			continue
		}
		if c.Name == nil || *c.Name != e.Name {
			t.Errorf("%s: name %v, want %q", e.ID, c.Name, e.Name)
		}
		if (c.Parent == nil && e.Layer != "") || (c.Parent != nil && *c.Parent != e.Layer) {
			t.Errorf("%s: parent %v, want %q", e.ID, c.Parent, e.Layer)
		}
		for k, v := range e.Properties {
			if c.Properties[k] != v {
				t.Errorf("%s: property %s = %q, want %q", e.ID, k, c.Properties[k], v)
			}
		}
		av := e.availability()
		if len(c.Availability) != len(av) {
			t.Errorf("%s: %d availability intervals, want %d", e.ID, len(c.Availability), len(av))
		} else {
			for j, iv := range av {
				if math.Abs(c.Availability[j][0]-iv.StartS) > 1e-5 || math.Abs(c.Availability[j][1]-iv.EndS) > 1e-5 {
					t.Errorf("%s: availability %v, want [%g, %g] s", e.ID, c.Availability[j], iv.StartS, iv.EndS)
				}
			}
		}
		switch {
		case e.Track != nil:
			if !c.Path || !c.Point {
				t.Errorf("%s: path %v, point %v; want both", e.ID, c.Path, c.Point)
			}
		case e.Point != nil:
			if !c.Point {
				t.Errorf("%s: no point", e.ID)
			}
		case e.Line != nil:
			if c.Polyline != len(e.Line) {
				t.Errorf("%s: polyline of %d positions, want %d", e.ID, c.Polyline, len(e.Line))
			}
		case e.Polygon != nil:
			if c.Polygon != len(e.Polygon) {
				t.Errorf("%s: polygon of %d positions, want %d", e.ID, c.Polygon, len(e.Polygon))
			}
		}
		want := probeSamples(e)
		if len(c.Positions) != len(want) {
			t.Errorf("%s: %d positions read, want %d", e.ID, len(c.Positions), len(want))
			continue
		}
		for j, p := range c.Positions {
			if len(p) != 3 {
				t.Errorf("%s: no position at %g s", e.ID, probeTimes(e)[j])
				continue
			}
			if d := dist(geo.ECEF{p[0], p[1], p[2]}, want[j].Pos); d > tolCesiumM {
				t.Errorf("%s: position at %g s is %g m from the sample, want ≤ %g m", e.ID, probeTimes(e)[j], d, tolCesiumM)
			}
		}
		if len(e.Track) > 0 && e.Track[0].Cov != nil {
			if !c.Ellipsoid || len(c.Radii) != len(want) || len(c.Orientations) != len(want) {
				t.Fatalf("%s: ellipsoid %v, %d radii, %d orientations; want one per probe", e.ID, c.Ellipsoid, len(c.Radii), len(c.Orientations))
			}
			for j := range c.Radii {
				checkEllipsoid(t, e.ID, probeTimes(e)[j], c.Radii[j], c.Orientations[j], *want[j].Cov)
			}
		}
	}
}

// checkEllipsoid checks that the ellipsoid Cesium read (1σ radii along
// its axes, turned by the quaternion x, y, z, w) is the covariance's:
// R·diag(r²)·Rᵀ equals it to the radii's 1 cm rounding (2·r·1 cm on a
// variance) and 1e-5 of the largest variance (the quaternion's 1e-6).
func checkEllipsoid(t *testing.T, id string, ts float64, r, q []float64, cov [6]float64) {
	t.Helper()
	var cols [3][3]float64 // the ellipsoid's axes in ECEF
	for k, unit := range [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}} {
		cols[k] = rotate([4]float64{q[0], q[1], q[2], q[3]}, unit)
	}
	c := [3][3]float64{{cov[0], cov[1], cov[2]}, {cov[1], cov[3], cov[4]}, {cov[2], cov[4], cov[5]}}
	rmax := math.Max(r[0], math.Max(r[1], r[2]))
	tol := 2*rmax*0.01 + 1e-5*rmax*rmax + 1e-9
	for i := range 3 {
		for j := range 3 {
			m := 0.0
			for k := range 3 {
				m += cols[k][i] * r[k] * r[k] * cols[k][j]
			}
			if math.Abs(m-c[i][j]) > tol {
				t.Errorf("%s at %g s: ellipsoid's covariance [%d][%d] = %g m², the track's %g (±%g)", id, ts, i, j, m, c[i][j], tol)
				return
			}
		}
	}
}
