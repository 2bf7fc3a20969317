package report

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/geo"
)

// europeFootprint is a synthetic footprint over Europe: 30 × 20 one-degree
// aim cells against three launch points, defended against more of them to
// the west, and a diagonal where no trajectory flies.
func europeFootprint() *Footprint {
	f := &Footprint{
		Title: "test: redzikowo, launches from semnan, shahroud, tabriz", BatteryID: "redzikowo",
		Site: geo.LLA{LatDeg: 54.48, LonDeg: 17.10}, CellRole: "aim",
		Points: []Place{
			{Name: "semnan", Pos: geo.LLA{LatDeg: 35.23, LonDeg: 53.92}},
			{Name: "shahroud", Pos: geo.LLA{LatDeg: 36.20, LonDeg: 55.34}},
			{Name: "tabriz", Pos: geo.LLA{LatDeg: 38.08, LonDeg: 46.29}},
		},
	}
	for i := range 20 {
		for j := range 30 {
			lat0, lon0 := 35+float64(i), -10+float64(j)
			c := FootprintCell{LatMinDeg: lat0, LatMaxDeg: lat0 + 1, LonMinDeg: lon0, LonMaxDeg: lon0 + 1, Total: 3, Defended: 3 - j/8}
			if (i+j)%17 == 0 {
				c.Defended, c.Total = 0, 0
			}
			f.Cells = append(f.Cells, c)
		}
	}
	return f
}

// The footprint GeoJSON is RFC 7946: a FeatureCollection; positions
// [longitude, latitude]; polygon rings closed (§3.1.6) and counter-clockwise.
func TestFootprintGeoJSONRFC7946(t *testing.T) {
	f := europeFootprint()
	var buf bytes.Buffer
	if err := WriteFootprintGeoJSON(&buf, f); err != nil {
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
	if want := len(f.Cells) + 1 + len(f.Points); fc.Type != "FeatureCollection" || len(fc.Features) != want {
		t.Fatalf("type %q with %d features, want a FeatureCollection of %d", fc.Type, len(fc.Features), want)
	}
	for i, cell := range f.Cells {
		ft := fc.Features[i]
		var rings [][][2]float64
		if ft.Type != "Feature" || ft.Geometry.Type != "Polygon" || json.Unmarshal(ft.Geometry.Coordinates, &rings) != nil || len(rings) != 1 || len(rings[0]) != 5 {
			t.Fatalf("feature %d: %s %s %s", i, ft.Type, ft.Geometry.Type, ft.Geometry.Coordinates)
		}
		ring := rings[0]
		area := 0.0
		for k := 0; k+1 < len(ring); k++ {
			area += ring[k][0]*ring[k+1][1] - ring[k+1][0]*ring[k][1]
			if ring[k][0] != cell.LonMinDeg && ring[k][0] != cell.LonMaxDeg || ring[k][1] != cell.LatMinDeg && ring[k][1] != cell.LatMaxDeg {
				t.Fatalf("feature %d: position %v is not a [lon, lat] corner of the cell", i, ring[k])
			}
		}
		if ring[0] != ring[4] || !(area > 0) {
			t.Errorf("feature %d: ring closed %v, twice the signed area %g; want closed and counter-clockwise", i, ring[0] == ring[4], area)
		}
		p := f.Cells[i]
		props := ft.Properties
		if props["kind"] != "cell" || props["role"] != "aim" || props["defended"] != float64(p.Defended) || props["total"] != float64(p.Total) {
			t.Errorf("feature %d: properties %v for %+v", i, props, p)
		}
		frac, ok := props["fraction"]
		if !ok || (p.Total == 0 && frac != nil) || (p.Total > 0 && math.Abs(frac.(float64)-p.Fraction()) > 1e-6) {
			t.Errorf("feature %d: fraction %v for %d of %d", i, frac, p.Defended, p.Total)
		}
	}
	bat := fc.Features[len(f.Cells)]
	var pt [2]float64
	if json.Unmarshal(bat.Geometry.Coordinates, &pt) != nil || bat.Geometry.Type != "Point" || pt != [2]float64{17.10, 54.48} || bat.Properties["kind"] != "battery" || bat.Properties["id"] != "redzikowo" {
		t.Errorf("battery feature: %s %v %v", bat.Geometry.Type, pt, bat.Properties)
	}
	for k, p := range f.Points {
		ft := fc.Features[len(f.Cells)+1+k]
		if json.Unmarshal(ft.Geometry.Coordinates, &pt) != nil || pt != [2]float64{p.Pos.LonDeg, p.Pos.LatDeg} || ft.Properties["kind"] != "launch" || ft.Properties["name"] != p.Name {
			t.Errorf("point feature %d: %v %v", k, pt, ft.Properties)
		}
	}
}

func TestFootprintValidate(t *testing.T) {
	f := europeFootprint()
	f.CellRole = "target"
	f.Cells[2].Defended = 5
	f.Cells[4].LatMaxDeg = 95
	f.Points[1].Pos.LatDeg = 100
	err := f.Validate()
	for _, want := range []string{`cell role "target"`, "cell 3: defended against 5 of 3", "cell 5: box", "point 2 (shahroud)"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate: %v, want it to contain %q", err, want)
		}
	}
	if err := WriteFootprintGeoJSON(&bytes.Buffer{}, &Footprint{CellRole: "aim"}); err == nil || !strings.Contains(err.Error(), "no launch points") {
		t.Errorf("no points: %v", err)
	}
}

func TestDefendedColour(t *testing.T) {
	// The ends are ColorBrewer YlGn classes 3 and 7 of 9 (#d9f0a3 for the
	// least defended above none, #238443 for all); none is grey.
	if DefendedColour(0) != colUndefended || DefendedColour(math.NaN()) != colUndefended || DefendedColour(-1) != colUndefended {
		t.Error("none defended is not grey")
	}
	if c := DefendedColour(1); c != (ylgn[4]) || c.R != 0x23 || c.G != 0x84 || c.B != 0x43 {
		t.Errorf("all defended: %v", c)
	}
	if c := DefendedColour(0.5); c != ylgn[2] {
		t.Errorf("half: %v, want the middle stop %v", c, ylgn[2])
	}
	// Darker (less green-light) as the fraction grows.
	prev := 1e9
	for k := 1; k <= 10; k++ {
		c := DefendedColour(float64(k) / 10)
		lum := 0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)
		if !(lum < prev) {
			t.Errorf("fraction %g: luminance %g not below %g", float64(k)/10, lum, prev)
		}
		prev = lum
	}
}
