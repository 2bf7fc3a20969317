package report

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/geo"
)

// europe is a synthetic coverage over Europe: 30 × 20 one-degree aim cells,
// time in view growing to the north-east, one column never seen and a
// diagonal of unsolved cells.
func europe() *Coverage {
	c := &Coverage{
		Title: "test: fylingdales, launches from semnan", SensorID: "fylingdales",
		Site: geo.LLA{LatDeg: 54.361, LonDeg: -0.67}, Fixed: geo.LLA{LatDeg: 35.23, LonDeg: 53.92}, FixedRole: "launch",
	}
	for i := range 20 {
		for j := range 30 {
			lat0, lon0 := 35+float64(i), -10+float64(j)
			c.Cells = append(c.Cells, Cell{
				LatMinDeg: lat0, LatMaxDeg: lat0 + 1, LonMinDeg: lon0, LonMaxDeg: lon0 + 1,
				Solved: (i+j)%13 != 0, Seen: j > 3, SeenS: float64(i * j), FirstS: 100, FlightS: 1000,
			})
		}
	}
	return c
}

func TestCoastlinesEmbedded(t *testing.T) {
	cs := Coastlines()
	points := 0
	lonMin, lonMax, latMin, latMax := 180.0, -180.0, 90.0, -90.0
	britain := false
	for _, pl := range cs {
		points += len(pl)
		for _, p := range pl {
			lonMin, lonMax = math.Min(lonMin, p[0]), math.Max(lonMax, p[0])
			latMin, latMax = math.Min(latMin, p[1]), math.Max(latMax, p[1])
			// The coast of Great Britain passes near Fylingdales.
			if p[0] > -1 && p[0] < 0.5 && p[1] > 53.5 && p[1] < 55.5 {
				britain = true
			}
		}
	}
	// Counts from gen_coastline.go's run on world-atlas 2.0.2 (COASTLINE.md).
	if len(cs) != 129 || points < 5000 || points > 5200 {
		t.Errorf("%d polylines, %d points; want 129 and about 5,100", len(cs), points)
	}
	// Natural Earth 110m land spans the globe in longitude, from the
	// Antarctic coast (its artificial closing edge at 85.6°S dropped; the
	// Ross Ice Shelf reaches 85.1°S) to northern Greenland (83.6°N).
	if lonMin > -179.9 || lonMax < 179.9 || math.Abs(latMin+85.14) > 0.1 || math.Abs(latMax-83.65) > 0.1 {
		t.Errorf("extent lon [%g, %g], lat [%g, %g]", lonMin, lonMax, latMin, latMax)
	}
	if !britain {
		t.Error("no coastline point on the Yorkshire coast")
	}
}

func TestParseCoastlinesErrors(t *testing.T) {
	good := "# comment\n\n1,2 3,4\n  -180,-90 180,90 \n"
	pls, err := ParseCoastlines(strings.NewReader(good))
	if err != nil || len(pls) != 2 || pls[1][1] != [2]float64{180, 90} {
		t.Fatalf("ParseCoastlines(good) = %v, %v", pls, err)
	}
	for _, tc := range []struct{ in, want string }{
		{"1,2\n", "line 1: 1 point"},
		{"# x\n1,2 3;4\n", "line 2, point 2: \"3;4\" is not LON,LAT"},
		{"1,2 a,4\n", "is not LON,LAT in degrees"},
		{"1,2 3,4\n\n181,0 1,1\n", "line 3, point 1: (181, 0) is outside"},
		{"1,2 3,NaN\n", "outside"},
		{"1,2 " + strings.Repeat("1", maxCoastlineLine) + "\n", "line 1"},
	} {
		_, err := ParseCoastlines(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "report: coastline") {
			t.Errorf("ParseCoastlines(%.30q): %v, want an error with %q", tc.in, err, tc.want)
		}
	}
}

func FuzzParseCoastlines(f *testing.F) {
	f.Add("1,2 3,4\n")
	f.Add("# c\n-180,-90 180,90\n")
	f.Add(coastlineText[:2000])
	f.Add("1,2 3,4,5\n")
	f.Fuzz(func(t *testing.T, in string) {
		pls, err := ParseCoastlines(strings.NewReader(in))
		if err != nil {
			if pls != nil || !strings.HasPrefix(err.Error(), "report: coastline line ") {
				t.Fatalf("error %q with result %v", err, pls)
			}
			return
		}
		for _, pl := range pls {
			if len(pl) < 2 {
				t.Fatalf("polyline of %d points accepted", len(pl))
			}
			for _, p := range pl {
				if !(p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90) {
					t.Fatalf("point %v accepted", p)
				}
			}
		}
	})
}

// The GeoJSON must be RFC 7946: a FeatureCollection; positions
// [longitude, latitude]; polygon rings closed (first = last, §3.1.6) and
// exterior rings counter-clockwise (positive shoelace area in lon/lat).
func TestGeoJSONRFC7946(t *testing.T) {
	c := europe()
	var buf bytes.Buffer
	if err := WriteGeoJSON(&buf, c); err != nil {
		t.Fatal(err)
	}
	var fc struct {
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
	if err := json.Unmarshal(buf.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != len(c.Cells)+2 {
		t.Fatalf("type %q with %d features, want a FeatureCollection of %d", fc.Type, len(fc.Features), len(c.Cells)+2)
	}
	for i, cell := range c.Cells {
		f := fc.Features[i]
		if f.Type != "Feature" || f.Geometry.Type != "Polygon" {
			t.Fatalf("feature %d: %s %s", i, f.Type, f.Geometry.Type)
		}
		var rings [][][2]float64
		if err := json.Unmarshal(f.Geometry.Coordinates, &rings); err != nil {
			t.Fatal(err)
		}
		if len(rings) != 1 || len(rings[0]) < 4 {
			t.Fatalf("feature %d: %d rings", i, len(rings))
		}
		ring := rings[0]
		if ring[0] != ring[len(ring)-1] {
			t.Errorf("feature %d: ring not closed", i)
		}
		area := 0.0
		for k := 0; k+1 < len(ring); k++ {
			area += ring[k][0]*ring[k+1][1] - ring[k+1][0]*ring[k][1]
			// [lon, lat]: the first coordinate is the cell's longitude.
			if ring[k][0] != cell.LonMinDeg && ring[k][0] != cell.LonMaxDeg || ring[k][1] != cell.LatMinDeg && ring[k][1] != cell.LatMaxDeg {
				t.Fatalf("feature %d: position %v is not a corner of lon [%g, %g] lat [%g, %g]", i, ring[k], cell.LonMinDeg, cell.LonMaxDeg, cell.LatMinDeg, cell.LatMaxDeg)
			}
		}
		if want := 2 * (cell.LonMaxDeg - cell.LonMinDeg) * (cell.LatMaxDeg - cell.LatMinDeg); math.Abs(area-want) > 1e-9 {
			t.Errorf("feature %d: twice the signed area %g, want +%g (counter-clockwise)", i, area, want)
		}
		p := f.Properties
		if p["kind"] != "cell" || p["role"] != "aim" || p["solved"] != cell.Solved || p["seen"] != cell.Seen || p["seen_s"] != cell.SeenS {
			t.Errorf("feature %d: properties %v for %+v", i, p, cell)
		}
		if first, ok := p["first_s"]; !ok || (cell.Seen && first != cell.FirstS) || (!cell.Seen && first != nil) {
			t.Errorf("feature %d: first_s %v, seen %v", i, first, cell.Seen)
		}
		if ctr := cell.Centre(); p["lat_deg"] != ctr.LatDeg || p["lon_deg"] != ctr.LonDeg {
			t.Errorf("feature %d: centre (%v, %v), want (%g, %g)", i, p["lat_deg"], p["lon_deg"], ctr.LatDeg, ctr.LonDeg)
		}
	}
	for k, want := range map[int][2]float64{len(c.Cells): {-0.67, 54.361}, len(c.Cells) + 1: {53.92, 35.23}} {
		f := fc.Features[k]
		var pt [2]float64
		if err := json.Unmarshal(f.Geometry.Coordinates, &pt); err != nil || f.Geometry.Type != "Point" || pt != want {
			t.Errorf("feature %d: %s %v, want Point %v", k, f.Geometry.Type, pt, want)
		}
	}
	if fc.Features[len(c.Cells)].Properties["kind"] != "sensor" || fc.Features[len(c.Cells)+1].Properties["kind"] != "launch" {
		t.Error("point features: want the sensor then the launch point")
	}

	bad := europe()
	bad.Cells[3].LonMaxDeg = 190
	bad.FixedRole = "target"
	err := WriteGeoJSON(&buf, bad)
	if err == nil || !strings.Contains(err.Error(), "cell 4") || !strings.Contains(err.Error(), `fixed role "target"`) {
		t.Errorf("bad coverage: %v, want both problems", err)
	}
}

func TestViridis(t *testing.T) {
	// The ends and the middle are the tabulated stops (#440154, #21918c,
	// #fde725, matplotlib's viridis).
	for _, tc := range []struct {
		v    float64
		want [3]uint8
	}{{0, [3]uint8{0x44, 0x01, 0x54}}, {0.5, [3]uint8{0x21, 0x91, 0x8c}}, {1, [3]uint8{0xfd, 0xe7, 0x25}}, {-3, [3]uint8{0x44, 0x01, 0x54}}, {7, [3]uint8{0xfd, 0xe7, 0x25}}} {
		c := Viridis(tc.v)
		if [3]uint8{c.R, c.G, c.B} != tc.want || c.A != 0xff {
			t.Errorf("Viridis(%g) = %v, want %v", tc.v, c, tc.want)
		}
	}
}
