package report

import (
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"

	"github.com/jrmd/jrmd/geo"
)

// Footprint is a defended-footprint map: a grid of cells and, for each,
// against how many of the map's Points a battery can engage the threat
// that flies between the cell's centre and the point.
type Footprint struct {
	Title     string // a line describing the map, drawn as its title
	BatteryID string
	Site      geo.LLA // the battery
	// CellRole is "aim" when the cells are aim points and Points are
	// launch points (the battery's defended footprint), "launch" when the
	// cells are launch points and Points are defended assets (the dual:
	// from where is the asset defended).
	CellRole string
	Points   []Place
	Cells    []FootprintCell
}

// Place is a named point on a map.
type Place struct {
	Name string
	Pos  geo.LLA
}

// FootprintCell is one cell of a footprint grid, a box in latitude and
// longitude that must not cross the antimeridian.
type FootprintCell struct {
	LatMinDeg, LatMaxDeg, LonMinDeg, LonMaxDeg float64
	// Defended counts the points against which the threat is engageable;
	// Total those from (or to) which a threat flies at all. Total 0: no
	// trajectory joins the cell to any point.
	Defended, Total int
}

// Centre returns the middle of the cell.
func (c FootprintCell) Centre() geo.LLA {
	return geo.LLA{LatDeg: (c.LatMinDeg + c.LatMaxDeg) / 2, LonDeg: (c.LonMinDeg + c.LonMaxDeg) / 2}
}

// Fraction is Defended/Total, NaN when Total is 0.
func (c FootprintCell) Fraction() float64 {
	if c.Total == 0 {
		return math.NaN()
	}
	return float64(c.Defended) / float64(c.Total)
}

// pointRole is what the points of a footprint are, given its cells' role.
func (f *Footprint) pointRole() string {
	if f.CellRole == "launch" {
		return "asset"
	}
	return "launch"
}

// Validate reports every problem of the footprint's geometry at once.
func (f *Footprint) Validate() error {
	var problems []string
	bad := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	if f.CellRole != "launch" && f.CellRole != "aim" {
		bad("cell role %q: want aim or launch", f.CellRole)
	}
	okPoint := func(p geo.LLA) bool {
		return p.LatDeg >= -90 && p.LatDeg <= 90 && p.LonDeg >= -180 && p.LonDeg <= 360
	}
	if !okPoint(f.Site) {
		bad("site (%g, %g) is not a latitude and longitude", f.Site.LatDeg, f.Site.LonDeg)
	}
	if len(f.Points) == 0 {
		bad("no %s points", f.pointRole())
	}
	for i, p := range f.Points {
		if !okPoint(p.Pos) {
			bad("point %d (%s): (%g, %g) is not a latitude and longitude", i+1, p.Name, p.Pos.LatDeg, p.Pos.LonDeg)
		}
	}
	for i, c := range f.Cells {
		if !(c.LatMinDeg >= -90 && c.LatMinDeg < c.LatMaxDeg && c.LatMaxDeg <= 90) ||
			!(c.LonMinDeg >= -180 && c.LonMinDeg < c.LonMaxDeg && c.LonMaxDeg <= 180) {
			bad("cell %d: box lat [%g, %g], lon [%g, %g]: want min < max inside [-90, 90] × [-180, 180]",
				i+1, c.LatMinDeg, c.LatMaxDeg, c.LonMinDeg, c.LonMaxDeg)
		}
		if c.Defended < 0 || c.Total < 0 || c.Defended > c.Total {
			bad("cell %d: defended against %d of %d", i+1, c.Defended, c.Total)
		}
		if len(problems) > 20 {
			bad("…")
			break
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("report: footprint: %s", strings.Join(problems, "; "))
}

// WriteFootprintGeoJSON writes the footprint as one GeoJSON
// FeatureCollection (RFC 7946): one Polygon feature per cell, its exterior
// ring closed and counter-clockwise, with properties kind "cell", role
// ("aim" or "launch"), lat_deg and lon_deg of the centre, defended, total
// and fraction (null when no trajectory flies); then a Point for the
// battery (kind "battery", id) and one per point (kind "launch" or "asset",
// name).
func WriteFootprintGeoJSON(w io.Writer, f *Footprint) error {
	if err := f.Validate(); err != nil {
		return err
	}
	fc := featureCollection{Type: "FeatureCollection", Features: make([]feature, 0, len(f.Cells)+1+len(f.Points))}
	for _, c := range f.Cells {
		x0, x1, y0, y1 := coord(c.LonMinDeg), coord(c.LonMaxDeg), coord(c.LatMinDeg), coord(c.LatMaxDeg)
		// Counter-clockwise in (lon, lat): RFC 7946 §3.1.6.
		ring := [][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
		centre := c.Centre()
		props := map[string]any{
			"kind": "cell", "role": f.CellRole,
			"lat_deg": coord(centre.LatDeg), "lon_deg": coord(centre.LonDeg),
			"defended": c.Defended, "total": c.Total, "fraction": nil,
		}
		if c.Total > 0 {
			props["fraction"] = math.Round(c.Fraction()*1e6) / 1e6
		}
		fc.Features = append(fc.Features, feature{
			Type:       "Feature",
			Geometry:   geometry{Type: "Polygon", Coordinates: [][][2]float64{ring}},
			Properties: props,
		})
	}
	fc.Features = append(fc.Features, feature{Type: "Feature", Geometry: point(f.Site), Properties: map[string]any{"kind": "battery", "id": f.BatteryID}})
	for _, p := range f.Points {
		fc.Features = append(fc.Features, feature{Type: "Feature", Geometry: point(p.Pos), Properties: map[string]any{"kind": f.pointRole(), "name": p.Name}})
	}
	if err := json.NewEncoder(w).Encode(fc); err != nil {
		return fmt.Errorf("report: writing GeoJSON: %w", err)
	}
	return nil
}

// Colours of the footprint maps: the defended fraction on ColorBrewer's
// sequential YlGn scheme, classes 3 to 7 of 9 (Cynthia Brewer, colorbrewer2.org,
// Apache License 2.0), light for a few launch points to dark green for all;
// grey where no launch point is defended against.
var (
	colUndefended = color.NRGBA{0xcc, 0xcc, 0xcc, 0xff}
	ylgn          = [...]color.NRGBA{
		{0xd9, 0xf0, 0xa3, 0xff}, {0xad, 0xdd, 0x8e, 0xff}, {0x78, 0xc6, 0x79, 0xff}, {0x41, 0xab, 0x5d, 0xff}, {0x23, 0x84, 0x43, 0xff},
	}
)

// DefendedColour is the colour of a cell defended against a fraction f of
// its points: grey for none (f ≤ 0), then light to dark green up to all
// (f ≥ 1), linear between the five tabulated stops.
func DefendedColour(f float64) color.NRGBA {
	if !(f > 0) {
		return colUndefended
	}
	// f in (0, 1] maps onto the scale: the lightest green is "a little",
	// never "none".
	return onScale(ylgn[:], f)
}
