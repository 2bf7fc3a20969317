package globe

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/sensor"
)

// Tolerances of the positions written, against the samples they come
// from. CZML and GeoJSON/KML round to 1 cm and to 1e-7° (≤ 1.1 cm on the
// ground) with heights to 1 cm: 3 cm covers the three axes' rounding.
const (
	tolCZMLM = 0.0087 // half a centimetre on each axis: 0.005·√3 m
	tolLLAM  = 0.03
	tolTimeS = 1e-6
)

// semnanBerlin is an impulsive minimum-energy flight over the rotating
// WGS-84 Earth, sampled every 30 s (fast to solve).
func semnanBerlin(t *testing.T) (ballistic.Request, ballistic.Trajectory) {
	t.Helper()
	req := ballistic.Request{From: geo.LLA{LatDeg: 35.23, LonDeg: 53.92}, To: geo.LLA{LatDeg: 52.52, LonDeg: 13.40},
		Kind: ballistic.MinimumEnergy, Earth: geo.WGS84, StepS: 30}
	tr, err := ballistic.Solve(req)
	if err != nil {
		t.Fatal(err)
	}
	return req, tr
}

// synthetic is a scene with every kind of geometry, two layers and a
// track with covariance whose axes are known.
func synthetic() Scene {
	e := geo.WGS84
	site := e.ToECEF(geo.LLA{LatDeg: 54.36, LonDeg: -0.67})
	var track []Sample
	for i := range 5 {
		c := testCov
		track = append(track, Sample{TS: 100 + 10*float64(i), Pos: e.ToECEF(geo.LLA{LatDeg: 50 + float64(i), LonDeg: 10 + float64(i), AltM: 300e3}), Cov: &c})
	}
	return Scene{
		Name: "synthetic", Epoch: time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC), StopS: 600,
		Layers: []Layer{{ID: "nation-US", Name: "US"}, {ID: "nation-PL", Name: "PL"}},
		Entities: []Entity{
			{ID: "t1", Name: "T1", Kind: Track, Layer: "nation-US", Track: track, Properties: map[string]string{"nation": "US", "truth": "threat-1"}},
			{ID: "radar", Name: "radar", Kind: Sensor, Layer: "nation-PL", Point: &site},
			{ID: "link", Name: "link", Kind: Link, Line: []geo.ECEF{site, e.ToECEF(geo.LLA{LatDeg: 52, LonDeg: 21})}, Surface: true},
			{ID: "area", Name: "area", Kind: Coverage, Polygon: []geo.LLA{{LatDeg: 50, LonDeg: 10, AltM: 1e5}, {LatDeg: 50, LonDeg: 12, AltM: 1e5}, {LatDeg: 52, LonDeg: 11, AltM: 1e5}},
				Availability: []Interval{{0, 100}, {200, 300.5}}},
		},
	}
}

// testCov has 1σ semi-axes 3 km, 2 km and 1 km along the axes of a
// rotation of 30° about ECEF z: variances 9e6, 4e6, 1e6 m².
var testCov = func() [6]float64 {
	c, s := math.Cos(math.Pi/6), math.Sin(math.Pi/6)
	u := [3][3]float64{{c, -s, 0}, {s, c, 0}, {0, 0, 1}} // columns: the axes
	d := [3]float64{9e6, 4e6, 1e6}
	var m [3][3]float64
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				m[i][j] += u[i][k] * d[k] * u[j][k]
			}
		}
	}
	return [6]float64{m[0][0], m[0][1], m[0][2], m[1][1], m[1][2], m[2][2]}
}()

func write(t *testing.T, s *Scene, fn func(*Scene, *bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := fn(s, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func czmlOf(s *Scene, b *bytes.Buffer) error    { return s.WriteCZML(b) }
func kmlOf(s *Scene, b *bytes.Buffer) error     { return s.WriteKML(b) }
func geojsonOf(s *Scene, b *bytes.Buffer) error { return s.WriteGeoJSON(b) }

// packets decodes a CZML document into its packets by id.
func packets(t *testing.T, b []byte) ([]map[string]any, map[string]map[string]any) {
	t.Helper()
	var ps []map[string]any
	if err := json.Unmarshal(b, &ps); err != nil {
		t.Fatalf("CZML is not a JSON array: %v", err)
	}
	byID := map[string]map[string]any{}
	for _, p := range ps {
		byID[p["id"].(string)] = p
	}
	return ps, byID
}

func floats(t *testing.T, v any) []float64 {
	t.Helper()
	a, ok := v.([]any)
	if !ok {
		t.Fatalf("%v is not an array", v)
	}
	out := make([]float64, len(a))
	for i, x := range a {
		out[i] = x.(float64)
	}
	return out
}

func dist(a, b geo.ECEF) float64 { return geo.Vec3(a).Sub(geo.Vec3(b)).Norm() }

func TestCZMLTrajectory(t *testing.T) {
	req, tr := semnanBerlin(t)
	s := TrajectoryScene(req, &tr)
	ps, byID := packets(t, write(t, &s, czmlOf))
	doc := ps[0]
	if doc["id"] != "document" || doc["version"] != "1.0" {
		t.Fatalf("first packet %v: want the document, version 1.0", doc)
	}
	clock := doc["clock"].(map[string]any)
	wantInterval := "2000-01-01T12:00:00Z/" + DefaultEpoch.Add(time.Duration(math.Round(tr.FlightTimeS*1e6))*time.Microsecond).Format(time.RFC3339Nano)
	if clock["interval"] != wantInterval {
		t.Errorf("clock interval %v, want %s", clock["interval"], wantInterval)
	}
	th := byID["threat"]
	if th == nil {
		t.Fatal("no threat packet")
	}
	if th["availability"] != wantInterval {
		t.Errorf("threat availability %v, want %s", th["availability"], wantInterval)
	}
	if th["path"] == nil || th["point"] == nil {
		t.Error("threat has no path or no point")
	}
	pos := th["position"].(map[string]any)
	if pos["referenceFrame"] != "FIXED" || pos["epoch"] != "2000-01-01T12:00:00Z" {
		t.Errorf("threat position frame %v, epoch %v: want FIXED, the scene's epoch", pos["referenceFrame"], pos["epoch"])
	}
	c := floats(t, pos["cartesian"])
	if len(c) != 4*len(tr.Samples) {
		t.Fatalf("%d numbers for %d samples, want 4 per sample", len(c), len(tr.Samples))
	}
	for i, sm := range tr.Samples {
		want := req.Earth.ToECEF(sm.Pos)
		got := geo.ECEF{c[4*i+1], c[4*i+2], c[4*i+3]}
		if math.Abs(c[4*i]-sm.TS) > tolTimeS || dist(got, want) > tolCZMLM {
			t.Fatalf("sample %d: t %g, %v; want t %g, %v (within %g s, %g m)", i, c[4*i], got, sm.TS, want, tolTimeS, tolCZMLM)
		}
	}
	for id, p := range map[string]geo.LLA{"launch": req.From, "impact": tr.Impact} {
		got := floats(t, byID[id]["position"].(map[string]any)["cartesian"])
		if d := dist(geo.ECEF{got[0], got[1], got[2]}, req.Earth.ToECEF(p)); d > tolCZMLM {
			t.Errorf("%s %v is %g m from %v", id, got, d, p)
		}
	}
}

func TestCZMLCovarianceLayersAvailability(t *testing.T) {
	s := synthetic()
	_, byID := packets(t, write(t, &s, czmlOf))
	for _, l := range s.Layers {
		if p := byID[l.ID]; p == nil || p["name"] != l.Name {
			t.Errorf("layer %s: packet %v, want one named %s", l.ID, p, l.Name)
		}
	}
	tk := byID["t1"]
	if tk["parent"] != "nation-US" {
		t.Errorf("track parent %v, want nation-US", tk["parent"])
	}
	props := tk["properties"].(map[string]any)
	if props["nation"] != "US" || props["truth"] != "threat-1" || props["kind"] != "track" {
		t.Errorf("track properties %v", props)
	}
	radii := floats(t, tk["ellipsoid"].(map[string]any)["radii"].(map[string]any)["cartesian"])
	q := floats(t, tk["orientation"].(map[string]any)["unitQuaternion"])
	if len(radii) != 4*5 || len(q) != 5*5 {
		t.Fatalf("%d radii numbers, %d quaternion numbers; want 4 and 5 per sample", len(radii), len(q))
	}
	for i, want := range []float64{3000, 2000, 1000} {
		if math.Abs(radii[1+i]-want) > 0.01 {
			t.Errorf("radius %d = %g m, want %g (1σ)", i, radii[1+i], want)
		}
	}
	// The quaternion turns the ellipsoid's x axis (the 3 km one) onto
	// (cos 30°, sin 30°, 0), up to sign.
	x := rotate([4]float64{q[1], q[2], q[3], q[4]}, [3]float64{1, 0, 0})
	if math.Abs(math.Abs(x[0]*math.Cos(math.Pi/6)+x[1]*math.Sin(math.Pi/6))-1) > 1e-6 {
		t.Errorf("major axis %v, want ±(cos 30°, sin 30°, 0)", x)
	}
	av := byID["area"]["availability"].([]any)
	if len(av) != 2 || av[1] != "2026-03-01T06:03:20Z/2026-03-01T06:05:00.5Z" {
		t.Errorf("area availability %v, want two intervals, the second 200–300.5 s", av)
	}
	if byID["link"]["polyline"].(map[string]any)["arcType"] != "GEODESIC" {
		t.Error("a surface link is not geodesic")
	}
	poly := floats(t, byID["area"]["polygon"].(map[string]any)["positions"].(map[string]any)["cartographicDegrees"])
	if len(poly) != 9 || poly[0] != 10 || poly[1] != 50 || poly[2] != 1e5 {
		t.Errorf("polygon positions %v, want lon, lat, height ×3 from 10, 50, 100000", poly)
	}
}

// rotate applies the unit quaternion (x, y, z, w) to v.
func rotate(q [4]float64, v [3]float64) [3]float64 {
	x, y, z, w := q[0], q[1], q[2], q[3]
	r := [3][3]float64{
		{1 - 2*(y*y+z*z), 2 * (x*y - z*w), 2 * (x*z + y*w)},
		{2 * (x*y + z*w), 1 - 2*(x*x+z*z), 2 * (y*z - x*w)},
		{2 * (x*z - y*w), 2 * (y*z + x*w), 1 - 2*(x*x+y*y)},
	}
	var out [3]float64
	for i := range 3 {
		out[i] = r[i][0]*v[0] + r[i][1]*v[1] + r[i][2]*v[2]
	}
	return out
}

// wgs84 converts geodetic coordinates to ECEF by the closed form
// (NIMA TR8350.2, 3rd ed., eq. 4-14), independently of package geo.
func wgs84(lonDeg, latDeg, h float64) geo.ECEF {
	const a, f = 6378137.0, 1 / 298.257223563
	e2 := f * (2 - f)
	lat, lon := latDeg*math.Pi/180, lonDeg*math.Pi/180
	n := a / math.Sqrt(1-e2*math.Sin(lat)*math.Sin(lat))
	return geo.ECEF{(n + h) * math.Cos(lat) * math.Cos(lon), (n + h) * math.Cos(lat) * math.Sin(lon), (n*(1-e2) + h) * math.Sin(lat)}
}

// The KML 2.2 structure the test reads back, with namespaces: an element
// in the wrong namespace, or out of place, is not found.
type xKML struct {
	XMLName  xml.Name `xml:"http://www.opengis.net/kml/2.2 kml"`
	Document struct {
		Name       string       `xml:"http://www.opengis.net/kml/2.2 name"`
		Styles     []xStyle     `xml:"http://www.opengis.net/kml/2.2 Style"`
		Placemarks []xPlacemark `xml:"http://www.opengis.net/kml/2.2 Placemark"`
		Folders    []struct {
			Name       string       `xml:"http://www.opengis.net/kml/2.2 name"`
			Placemarks []xPlacemark `xml:"http://www.opengis.net/kml/2.2 Placemark"`
		} `xml:"http://www.opengis.net/kml/2.2 Folder"`
	} `xml:"http://www.opengis.net/kml/2.2 Document"`
}

type xStyle struct {
	ID string `xml:"id,attr"`
}

type xPlacemark struct {
	ID       string `xml:"id,attr"`
	StyleURL string `xml:"http://www.opengis.net/kml/2.2 styleUrl"`
	TimeSpan *struct {
		Begin string `xml:"http://www.opengis.net/kml/2.2 begin"`
		End   string `xml:"http://www.opengis.net/kml/2.2 end"`
	} `xml:"http://www.opengis.net/kml/2.2 TimeSpan"`
	Data []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"http://www.opengis.net/kml/2.2 value"`
	} `xml:"http://www.opengis.net/kml/2.2 ExtendedData>Data"`
	Point *struct {
		AltitudeMode string `xml:"http://www.opengis.net/kml/2.2 altitudeMode"`
		Coordinates  string `xml:"http://www.opengis.net/kml/2.2 coordinates"`
	} `xml:"http://www.opengis.net/kml/2.2 Point"`
	LineString *struct {
		Coordinates string `xml:"http://www.opengis.net/kml/2.2 coordinates"`
	} `xml:"http://www.opengis.net/kml/2.2 LineString"`
	Polygon *struct {
		AltitudeMode string `xml:"http://www.opengis.net/kml/2.2 altitudeMode"`
		Coordinates  string `xml:"http://www.opengis.net/kml/2.2 outerBoundaryIs>LinearRing>coordinates"`
	} `xml:"http://www.opengis.net/kml/2.2 Polygon"`
	Track *struct {
		AltitudeMode string   `xml:"http://www.opengis.net/kml/2.2 altitudeMode"`
		When         []string `xml:"http://www.opengis.net/kml/2.2 when"`
		Coord        []string `xml:"http://www.google.com/kml/ext/2.2 coord"`
	} `xml:"http://www.google.com/kml/ext/2.2 Track"`
}

func readKML(t *testing.T, b []byte) xKML {
	t.Helper()
	var k xKML
	if err := xml.Unmarshal(b, &k); err != nil {
		t.Fatalf("KML does not parse: %v", err)
	}
	return k
}

// tuple parses a KML coordinate tuple "lon,lat,alt" (or gx:coord's
// "lon lat alt") into ECEF.
func tuple(t *testing.T, s, sep string) geo.ECEF {
	t.Helper()
	parts := strings.Split(strings.TrimSpace(s), sep)
	if len(parts) != 3 {
		t.Fatalf("coordinate %q: want lon%slat%salt", s, sep, sep)
	}
	var v [3]float64
	for i, p := range parts {
		var err error
		if v[i], err = strconv.ParseFloat(p, 64); err != nil {
			t.Fatalf("coordinate %q: %v", s, err)
		}
	}
	if !(v[0] >= -180 && v[0] <= 180 && v[1] >= -90 && v[1] <= 90) {
		t.Fatalf("coordinate %q: not lon,lat", s)
	}
	return wgs84(v[0], v[1], v[2])
}

func TestKMLTrajectory(t *testing.T) {
	req, tr := semnanBerlin(t)
	s := TrajectoryScene(req, &tr)
	k := readKML(t, write(t, &s, kmlOf))
	styles := map[string]bool{}
	for _, st := range k.Document.Styles {
		styles[st.ID] = true
	}
	byID := map[string]xPlacemark{}
	for _, p := range k.Document.Placemarks {
		byID[p.ID] = p
		if !styles[strings.TrimPrefix(p.StyleURL, "#")] {
			t.Errorf("placemark %s: styleUrl %q names no Style of the document", p.ID, p.StyleURL)
		}
	}
	th, ok := byID["threat"]
	if !ok || th.Track == nil {
		t.Fatal("no gx:Track for the threat")
	}
	// Google Earth's rule: as many when as gx:coord.
	if len(th.Track.When) != len(th.Track.Coord) || len(th.Track.When) != len(tr.Samples) {
		t.Fatalf("%d when, %d gx:coord, %d samples: want equal", len(th.Track.When), len(th.Track.Coord), len(tr.Samples))
	}
	if th.Track.AltitudeMode != "absolute" {
		t.Errorf("altitudeMode %q, want absolute", th.Track.AltitudeMode)
	}
	for i, sm := range tr.Samples {
		when, err := time.Parse(time.RFC3339Nano, th.Track.When[i])
		if err != nil {
			t.Fatal(err)
		}
		if d := when.Sub(DefaultEpoch).Seconds() - sm.TS; math.Abs(d) > tolTimeS {
			t.Fatalf("sample %d: when %s is %g s off", i, th.Track.When[i], d)
		}
		if d := dist(tuple(t, th.Track.Coord[i], " "), req.Earth.ToECEF(sm.Pos)); d > tolLLAM {
			t.Fatalf("sample %d: gx:coord %q is %g m from the sample, want ≤ %g", i, th.Track.Coord[i], d, tolLLAM)
		}
	}
	for id, p := range map[string]geo.LLA{"launch": req.From, "impact": tr.Impact} {
		pm := byID[id]
		if pm.Point == nil || pm.Point.AltitudeMode != "absolute" {
			t.Fatalf("%s: no Point with absolute altitude", id)
		}
		if d := dist(tuple(t, pm.Point.Coordinates, ","), req.Earth.ToECEF(p)); d > tolLLAM {
			t.Errorf("%s %q is %g m from %v", id, pm.Point.Coordinates, d, p)
		}
	}
}

func TestKMLLayersAndTimes(t *testing.T) {
	s := synthetic()
	k := readKML(t, write(t, &s, kmlOf))
	if len(k.Document.Folders) != 2 || k.Document.Folders[0].Name != "US" || k.Document.Folders[1].Name != "PL" {
		t.Fatalf("folders %+v, want US and PL", k.Document.Folders)
	}
	us := k.Document.Folders[0].Placemarks
	if len(us) != 1 || us[0].ID != "t1" || us[0].Track == nil {
		t.Fatalf("US folder %+v, want the track t1", us)
	}
	data := map[string]string{}
	for _, d := range us[0].Data {
		data[d.Name] = d.Value
	}
	if data["nation"] != "US" || data["truth"] != "threat-1" {
		t.Errorf("track data %v", data)
	}
	var areas []xPlacemark
	for _, p := range k.Document.Placemarks {
		if strings.HasPrefix(p.ID, "area") {
			areas = append(areas, p)
		}
	}
	if len(areas) != 2 || areas[1].TimeSpan == nil || areas[1].TimeSpan.End != "2026-03-01T06:05:00.5Z" {
		t.Fatalf("area placemarks %+v: want one per availability interval, the second ending at 300.5 s", areas)
	}
	ring := strings.Fields(areas[0].Polygon.Coordinates)
	if len(ring) != 4 || ring[0] != ring[3] || ring[0] != "10,50,100000" {
		t.Errorf("polygon ring %v: want 4 tuples, closed, lon,lat,alt from 10,50,100000", ring)
	}
}

func TestGeoJSONTrajectory(t *testing.T) {
	req, tr := semnanBerlin(t)
	s := TrajectoryScene(req, &tr)
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			ID       string `json:"id"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(write(t, &s, geojsonOf), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) == 0 || fc.Features[0].ID != "threat" {
		t.Fatalf("want a FeatureCollection starting with the threat")
	}
	f := fc.Features[0]
	var line [][]float64
	if err := json.Unmarshal(f.Geometry.Coordinates, &line); err != nil || f.Geometry.Type != "LineString" {
		t.Fatalf("threat geometry %s: want a LineString (%v)", f.Geometry.Type, err)
	}
	ts := floats(t, f.Properties["t_s"])
	if len(line) != len(tr.Samples) || len(ts) != len(line) {
		t.Fatalf("%d positions, %d times for %d samples", len(line), len(ts), len(tr.Samples))
	}
	for i, sm := range tr.Samples {
		if len(line[i]) != 3 {
			t.Fatalf("position %d has %d numbers, want lon, lat, height", i, len(line[i]))
		}
		if d := dist(wgs84(line[i][0], line[i][1], line[i][2]), req.Earth.ToECEF(sm.Pos)); d > tolLLAM || math.Abs(ts[i]-sm.TS) > tolTimeS {
			t.Fatalf("position %d %v at %g s is %g m from the sample at %g s", i, line[i], ts[i], d, sm.TS)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for name, fn := range map[string]func(*Scene, *bytes.Buffer) error{"czml": czmlOf, "kml": kmlOf, "geojson": geojsonOf} {
		a, b := synthetic(), synthetic()
		if !bytes.Equal(write(t, &a, fn), write(t, &b, fn)) {
			t.Errorf("%s: two writes of the same scene differ", name)
		}
	}
}

func TestValidate(t *testing.T) {
	p := geo.ECEF{1, 2, 3}
	for name, tc := range map[string]struct {
		mutate func(*Scene)
		want   string
	}{
		"duplicate id":   {func(s *Scene) { s.Entities[1].ID = "t1" }, `entity 2 ("t1"): want a unique`},
		"two geometries": {func(s *Scene) { s.Entities[1].Line = []geo.ECEF{p, p} }, "exactly one of"},
		"unknown layer":  {func(s *Scene) { s.Entities[0].Layer = "nation-XX" }, `no layer "nation-XX"`},
		"time backwards": {func(s *Scene) { s.Entities[0].Track[2].TS = 0 }, "is not after"},
		"NaN point":      {func(s *Scene) { s.Entities[1].Point = &geo.ECEF{math.NaN(), 0, 0} }, "point is not finite"},
		"no epoch":       {func(s *Scene) { s.Epoch = time.Time{} }, "no epoch"},
		"bad interval":   {func(s *Scene) { s.Entities[3].Availability[0] = Interval{5, 1} }, "availability [5, 1]"},
	} {
		s := synthetic()
		tc.mutate(&s)
		for format, fn := range map[string]func(*Scene, *bytes.Buffer) error{"czml": czmlOf, "kml": kmlOf, "geojson": geojsonOf} {
			var b bytes.Buffer
			err := fn(&s, &b)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s, %s: error %v, want one containing %q", name, format, err, tc.want)
			}
		}
	}
}

func TestCoverageRing(t *testing.T) {
	e := geo.WGS84
	site := geo.LLA{LatDeg: 49.65, LonDeg: 13.8}
	const altM, rangeM = 100e3, 1000e3
	// All azimuths, range-limited: every point of the ring is at the
	// maximum range (to the bisection's 10 m along the ground).
	omni := sensor.Radar{ID: "x", Site: site, MaxRangeM: rangeM}
	ring := CoverageRing(e, &omni, altM)
	if len(ring) != 360 {
		t.Fatalf("%d points, want one per degree of azimuth", len(ring))
	}
	for _, p := range ring {
		if r := dist(e.ToECEF(p), e.ToECEF(site)); math.Abs(r-rangeM) > 20 || p.AltM != altM {
			t.Fatalf("point %v is %g m from the site at %g m up, want %g m at %g m", p, r, p.AltM, rangeM, altM)
		}
	}
	// One face, 90° ± 30°: the ring is a fan through the site.
	fan := omni
	fan.Faces = []sensor.Face{{BoresightAzDeg: 90, HalfAzDeg: 30, HalfElDeg: 90}}
	ring = CoverageRing(e, &fan, altM)
	sites := 0
	for _, p := range ring {
		if p.LatDeg == site.LatDeg && p.LonDeg == site.LonDeg {
			sites++
			continue
		}
		_, az, _ := e.Inverse(site, p)
		// The face bounds the look azimuth, which differs from the
		// geodesic's by a fraction of a degree at 100 km up.
		if d := az * 180 / math.Pi; d < 60-0.5 || d > 120+0.5 {
			t.Errorf("point %v at azimuth %g°, outside the face", p, d)
		}
	}
	if sites != 1 || len(ring) < 60 || len(ring) > 62 {
		t.Errorf("fan of %d points with %d at the site, want 59 to 61 azimuths and the site once", len(ring), sites)
	}
}

func TestFilesOpenNamesTheFlag(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "a.czml")
	_, err := Files{CZML: good, KML: filepath.Join(dir, "no", "such", "a.kml")}.Open()
	if err == nil || !strings.HasPrefix(err.Error(), "--kml "+filepath.Join(dir, "no")) {
		t.Fatalf("error %v, want one naming --kml and its path", err)
	}
	out, err := Files{CZML: good, GeoJSON: filepath.Join(dir, "a.geojson")}.Open()
	if err != nil {
		t.Fatal(err)
	}
	s := synthetic()
	if err := out.Write(&s); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{good, filepath.Join(dir, "a.geojson")} {
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v, size %v; want a written file", p, err, fi)
		}
	}
}

func TestReachFlyout(t *testing.T) {
	req, tr := semnanBerlin(t)
	site := geo.LLA{LatDeg: 54.48, LonDeg: 17.10}
	gbi, err := intercept.LookupInterceptor("gbi-9")
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range []intercept.Interceptor{{Name: "bare", BurnoutSpeedMps: 6300, MinInterceptAltM: 100e3}, gbi} {
		q := intercept.Reach{Earth: req.Earth, Site: site, Threat: &tr, ThreatEndS: tr.FlightTimeS, Interceptor: it, LaunchDelayS: 120}
		res, err := q.Solve()
		if err != nil || !res.Feasible {
			t.Fatalf("%s: reach: %v, feasible %v", it.Name, err, res.Feasible)
		}
		s := ReachScene(req, &tr, q, res)
		var fly *Entity
		for i := range s.Entities {
			if s.Entities[i].ID == "flyout-slowest" {
				fly = &s.Entities[i]
			}
		}
		if fly == nil {
			t.Fatalf("%s: no fly-out of the slowest interceptor", it.Name)
		}
		// It leaves the site at the answer's launch time and meets the
		// threat at its intercept time: the fly-out propagated to its end
		// lands within 1 m of the threat (a frame mixed up would miss by
		// kilometres); it never goes underground.
		first, last := fly.Track[0], fly.Track[len(fly.Track)-1]
		hit, _, _ := tr.StateAt(res.MinSpeedInterceptS)
		if first.TS != res.MinSpeedLaunchS || dist(first.Pos, req.Earth.ToECEF(site)) > 1e-3 {
			t.Errorf("%s: fly-out starts at %g s, %v; want %g s at the site", it.Name, first.TS, first.Pos, res.MinSpeedLaunchS)
		}
		if last.TS != res.MinSpeedInterceptS || dist(last.Pos, hit) > 1 {
			t.Errorf("%s: fly-out ends at %g s, %g m from the threat at %g s", it.Name, last.TS, dist(last.Pos, hit), res.MinSpeedInterceptS)
		}
		for _, sm := range fly.Track {
			if alt := req.Earth.ToLLA(sm.Pos).AltM; alt < -1 {
				t.Errorf("%s: fly-out %g m underground at %g s", it.Name, -alt, sm.TS)
				break
			}
		}
	}
}
