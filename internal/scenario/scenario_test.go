package scenario

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

var update = flag.Bool("update", false, "rewrite golden files")

// The reference scenario decodes cleanly.
func TestReferenceScenarioDecodes(t *testing.T) {
	f, err := Load("../../scenarios/joint-regional-2007.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "joint-regional-2007" || len(f.Nations) != 3 || len(f.Batteries) == 0 || len(f.Threats) == 0 {
		t.Errorf("decoded %+v", f)
	}
	if f.Batteries[0].ID != "redzikowo" || f.Batteries[0].Inventory != 10 || f.Sensors[0].FacesAzDeg[1] != 57 {
		t.Errorf("redzikowo %+v, thule %+v", f.Batteries[0], f.Sensors[0])
	}
}

// Every broken fixture in testdata/bad gives exactly the problems in its
// golden file: file:line:col: field: what is wrong (go test -update to
// rewrite after a deliberate change; read the diff).
func TestBadScenarios(t *testing.T) {
	files, _ := filepath.Glob("testdata/bad/*.yaml")
	if len(files) < 7 {
		t.Fatalf("only %d fixtures", len(files))
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			_, err := Load(path)
			if err == nil {
				t.Fatal("no error")
			}
			if !IsInput(err) {
				t.Fatalf("not an input problem: %v", err)
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(path, ".yaml") + ".errors"
			if *update {
				os.WriteFile(golden, []byte(got), 0o644)
			}
			want, _ := os.ReadFile(golden)
			if got != string(want) {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
			for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
				if !strings.HasPrefix(line, path+":") {
					t.Errorf("line %q does not start with the file name", line)
				}
			}
		})
	}
}

// Specific messages a user must see, independent of the golden files.
func TestBadScenarioMessages(t *testing.T) {
	for file, wants := range map[string][]string{
		"missing-fields.yaml":   {"batteries[0].interceptor: missing (required)", "c2_nodes[0].site: missing (required)"},
		"wrong-units.yaml":      {`links[0].latency: unknown key "latency"`, "latency_ms", `assets[0].site.lat: unknown key "lat"`},
		"unknown-nation.yaml":   {`sensors[0].nation: unknown nation "FR"`},
		"battery-no-owner.yaml": {"batteries[0].nation: a battery needs an owning nation"},
		"negative-latency.yaml": {"links[0].latency_ms: -5 ms is outside [0, 3600000]", "links[0].loss: 1.5 is outside [0, 1]"},
		"syntax.yaml":           {"testdata/bad/syntax.yaml:"},
		"many.yaml":             {`nations[1].id: id "US" is already used`, `integration: "step3" is not one of`, "c2_nodes[0].site.lat_deg: 95° is outside [-90, 90]", "threats[0].count: -1 is outside [0, 10000]", `unknown missile class "zzz"`, `"sideways" is not one of`},
		"out-of-reach.yaml":     {"threats[1].to: rome is 2898 km from tabriz, beyond the mrbm's reach of", "threats[2].burnout_speed_mps: the mrbm cannot fly to moscow at this burnout speed"},
	} {
		_, err := Load(filepath.Join("testdata/bad", file))
		if err == nil {
			t.Errorf("%s: no error", file)
			continue
		}
		for _, w := range wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error lacks %q:\n%v", file, w, err)
			}
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, p := range []string{"../../scenarios/joint-regional-2007.yaml", "../../scenarios/custom-models.yaml"} {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	files, _ := filepath.Glob("testdata/bad/*.yaml")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte("&a [*a]"))
	f.Add([]byte("nations: {id: 1}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Decode("fuzz.yaml", data)
		if (s == nil) == (err == nil) {
			t.Fatalf("scenario %v and error %v", s, err)
		}
	})
}

// The published schema is generated from the Go types: the committed file
// must be what Schema produces (go test -update rewrites it), and it must
// describe every key the decoder accepts.
func TestSchemaIsCurrent(t *testing.T) {
	got, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	const path = "../../scenarios/schema.json"
	if *update {
		os.WriteFile(path, got, 0o644)
	}
	want, _ := os.ReadFile(path)
	if string(got) != string(want) {
		t.Errorf("%s is stale: run go test ./internal/scenario -update", path)
	}
	for _, key := range []string{`"latency_ms"`, `"faces_az_deg"`, `"burnout_speeds_mps"`, `"additionalProperties": false`, `"step2"`} {
		if !strings.Contains(string(got), key) {
			t.Errorf("schema lacks %s", key)
		}
	}
}

// validate's verdict on a threat's reach is run's: the threats it reports
// out of reach are those ballistic.Solve (which run flies) refuses, over
// the reference scenario and the out-of-reach fixture.
func TestReachAgreesWithSolve(t *testing.T) {
	ref, err := Load("../../scenarios/joint-regional-2007.yaml")
	if err != nil {
		t.Fatal(err)
	}
	bad, _ := os.ReadFile("testdata/bad/out-of-reach.yaml")
	_, problems := Decode("out-of-reach.yaml", bad)
	// The fixture decodes, problems aside, as the File its text says.
	fixture := &File{
		Assets:      []Asset{{ID: "moscow", Site: Position{LatDeg: 55.75, LonDeg: 37.62}}, {ID: "rome", Site: Position{LatDeg: 41.90, LonDeg: 12.50}}},
		LaunchAreas: []Place{{ID: "tabriz", Site: Position{LatDeg: 38.08, LonDeg: 46.29}}},
		Threats: []Threat{{ID: "fine", Class: "mrbm", From: "tabriz", To: "moscow"}, {ID: "too-far", Class: "mrbm", From: "tabriz", To: "rome"},
			{ID: "too-fast", Class: "mrbm", From: "tabriz", To: "moscow", Kind: "lofted", BurnoutSpeedMps: 9000}},
	}
	for _, f := range []*File{ref, fixture} {
		for i, th := range f.Threats {
			var from, to Position
			for _, a := range f.LaunchAreas {
				if a.ID == th.From {
					from = a.Site
				}
			}
			for _, a := range f.Assets {
				if a.ID == th.To {
					to = a.Site
				}
			}
			m, _ := ballistic.LookupMissile(th.Class)
			_, solveErr := ballistic.Solve(ballistic.Request{From: geo.LLA{LatDeg: from.LatDeg, LonDeg: from.LonDeg}, To: geo.LLA{LatDeg: to.LatDeg, LonDeg: to.LonDeg},
				Earth: geo.WGS84, Missile: &m, Kind: ballistic.Kind(th.Kind), BurnoutSpeedMps: th.BurnoutSpeedMps})
			reported := f == fixture && problems != nil && strings.Contains(problems.Error(), fmt.Sprintf("threats[%d].", i))
			if reported != (solveErr != nil) {
				t.Errorf("%s: validate reports it %v, Solve's error %v", th.ID, reported, solveErr)
			}
		}
	}
}

// The screen that spares most threats a flight is safe: no bearing from
// any latitude gives a class less reach than the due-west one on the
// equator (leastReach), to within the screen's 5 %.
func TestLeastReachScreens(t *testing.T) {
	for _, name := range []string{"mrbm", "irbm"} {
		m, _ := ballistic.LookupMissile(name)
		least := leastReach(geo.WGS84, &m)
		for _, lat := range []float64{-60, -20, 20, 60} {
			for _, az := range []float64{0, 135, 270, 315} {
				r, err := ballistic.MaxRange(geo.WGS84, &m, geo.LLA{LatDeg: lat}, az, 0)
				if err != nil || r < screenFraction*least || math.IsNaN(r) {
					t.Errorf("%s from %g° az %g: %.0f km (%v), below %.2f × the least reach %.0f km", name, lat, az, r/1e3, err, screenFraction, least/1e3)
				}
			}
		}
	}
}

// start_utc: absent is DefaultStartUTC; given with an offset, it is the
// same instant in UTC.
func TestStartUTC(t *testing.T) {
	const base = "name: s\nnations: [{id: US, c2: cs}]\nc2_nodes: [{id: cs, nation: US, site: {lat_deg: 38.8, lon_deg: -104.8}}]\n"
	for _, c := range []struct{ line, want string }{
		{"", "2007-10-10T00:00:00Z"},
		{"start_utc: 2007-10-10T00:00:00Z\n", "2007-10-10T00:00:00Z"},
		{"start_utc: 2007-10-10T03:00:00+03:00\n", "2007-10-10T00:00:00Z"},
		{"start_utc: 2026-01-02T03:04:05.5Z\n", "2026-01-02T03:04:05.5Z"},
	} {
		f, err := Decode("s.yaml", []byte(base+c.line))
		if err != nil {
			t.Fatalf("%q: %v", c.line, err)
		}
		if got := f.StartUTC.Format(time.RFC3339Nano); got != c.want || f.StartUTC.Location() != time.UTC {
			t.Errorf("%q: start %s (%v), want %s UTC", c.line, got, f.StartUTC.Location(), c.want)
		}
	}
}

// The schema's default of start_utc is DefaultStartUTC (one value, said
// twice: a tag cannot name a variable).
func TestStartUTCDefaultTag(t *testing.T) {
	fld, _ := reflect.TypeFor[File]().FieldByName("StartUTC")
	if got := fld.Tag.Get("default"); got != DefaultStartUTC.Format(time.RFC3339) {
		t.Errorf("default tag %q, DefaultStartUTC %s", got, DefaultStartUTC.Format(time.RFC3339))
	}
}
