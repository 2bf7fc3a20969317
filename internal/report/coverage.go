package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/jrmd/jrmd/geo"
)

// Coverage is a sensor coverage map: a grid of cells, each the launch or
// aim point (its centre) of one trajectory whose other end is Fixed, and
// how long the sensor saw that trajectory.
type Coverage struct {
	Title    string // a line describing the map, drawn as its title
	SensorID string
	Site     geo.LLA // the sensor
	Fixed    geo.LLA // the common end of every trajectory
	// FixedRole is "launch" when every trajectory starts at Fixed and the
	// cells are aim points, "aim" when the cells are launch points.
	FixedRole string
	Cells     []Cell
}

// Cell is one cell of a coverage grid, a box in latitude and longitude
// that must not cross the antimeridian (LonMinDeg < LonMaxDeg, both in
// [-180, 180]).
type Cell struct {
	LatMinDeg, LatMaxDeg, LonMinDeg, LonMaxDeg float64
	// Solved is false when no trajectory joins the cell's centre and
	// Fixed (out of reach of the missile class, or the same point).
	Solved bool
	// Seen is whether the sensor sees the trajectory at all; SeenS is for
	// how long in all (s), FirstS when it first does (s from launch).
	Seen          bool
	SeenS, FirstS float64
	FlightS       float64 // flight time, s
}

// Centre returns the middle of the cell.
func (c Cell) Centre() geo.LLA {
	return geo.LLA{LatDeg: (c.LatMinDeg + c.LatMaxDeg) / 2, LonDeg: (c.LonMinDeg + c.LonMaxDeg) / 2}
}

// Validate reports every problem of the coverage's geometry at once.
func (c *Coverage) Validate() error {
	var problems []string
	bad := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	if c.FixedRole != "launch" && c.FixedRole != "aim" {
		bad("fixed role %q: want launch or aim", c.FixedRole)
	}
	for _, p := range []struct {
		name string
		p    geo.LLA
	}{{"site", c.Site}, {"fixed point", c.Fixed}} {
		if !(p.p.LatDeg >= -90 && p.p.LatDeg <= 90) || !(p.p.LonDeg >= -180 && p.p.LonDeg <= 360) {
			bad("%s (%g, %g) is not a latitude and longitude", p.name, p.p.LatDeg, p.p.LonDeg)
		}
	}
	for i, cell := range c.Cells {
		if !(cell.LatMinDeg >= -90 && cell.LatMinDeg < cell.LatMaxDeg && cell.LatMaxDeg <= 90) ||
			!(cell.LonMinDeg >= -180 && cell.LonMinDeg < cell.LonMaxDeg && cell.LonMaxDeg <= 180) {
			bad("cell %d: box lat [%g, %g], lon [%g, %g]: want min < max inside [-90, 90] × [-180, 180]",
				i+1, cell.LatMinDeg, cell.LatMaxDeg, cell.LonMinDeg, cell.LonMaxDeg)
		}
		if !(cell.SeenS >= 0) || math.IsInf(cell.SeenS, 0) {
			bad("cell %d: seen for %g s", i+1, cell.SeenS)
		}
		if len(problems) > 20 {
			bad("…")
			break
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("report: coverage: %s", strings.Join(problems, "; "))
}

// GeoJSON types (RFC 7946). Coordinates are [longitude, latitude].
type featureCollection struct {
	Type     string    `json:"type"`
	Features []feature `json:"features"`
}

type feature struct {
	Type       string         `json:"type"`
	Geometry   geometry       `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type geometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// coord rounds to 1e-7° (about 1 cm), enough for any cell edge, so that
// 0.1-step grids print as 52.3 and not 52.300000000000004.
func coord(v float64) float64 { return math.Round(v*1e7) / 1e7 }

// Lon180 brings a longitude into [-180, 180).
func Lon180(lon float64) float64 {
	l := math.Mod(lon+180, 360)
	if l < 0 {
		l += 360
	}
	return l - 180
}

func point(p geo.LLA) geometry {
	return geometry{Type: "Point", Coordinates: [2]float64{coord(Lon180(p.LonDeg)), coord(p.LatDeg)}}
}

// WriteGeoJSON writes the coverage as one GeoJSON FeatureCollection
// (RFC 7946): one Polygon feature per cell, its exterior ring closed and
// counter-clockwise, with properties kind "cell", lat_deg and lon_deg of the
// centre, role (the cell's role: "aim" or "launch"), solved, seen, seen_s,
// first_s (null when not seen) and flight_s (null when not solved); then a
// Point feature for the sensor (kind "sensor", id) and one for the fixed
// point (kind "launch" or "aim").
func WriteGeoJSON(w io.Writer, c *Coverage) error {
	if err := c.Validate(); err != nil {
		return err
	}
	cellRole := "aim"
	if c.FixedRole == "aim" {
		cellRole = "launch"
	}
	fc := featureCollection{Type: "FeatureCollection", Features: make([]feature, 0, len(c.Cells)+2)}
	for _, cell := range c.Cells {
		x0, x1, y0, y1 := coord(cell.LonMinDeg), coord(cell.LonMaxDeg), coord(cell.LatMinDeg), coord(cell.LatMaxDeg)
		// Counter-clockwise in (lon, lat): the right-hand rule of
		// RFC 7946 §3.1.6 for an exterior ring.
		ring := [][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
		centre := cell.Centre()
		props := map[string]any{
			"kind": "cell", "role": cellRole,
			"lat_deg": coord(centre.LatDeg), "lon_deg": coord(centre.LonDeg),
			"solved": cell.Solved, "seen": cell.Seen, "seen_s": round3(cell.SeenS),
			"first_s": nil, "flight_s": nil,
		}
		if cell.Seen {
			props["first_s"] = round3(cell.FirstS)
		}
		if cell.Solved {
			props["flight_s"] = round3(cell.FlightS)
		}
		fc.Features = append(fc.Features, feature{
			Type:       "Feature",
			Geometry:   geometry{Type: "Polygon", Coordinates: [][][2]float64{ring}},
			Properties: props,
		})
	}
	fc.Features = append(fc.Features,
		feature{Type: "Feature", Geometry: point(c.Site), Properties: map[string]any{"kind": "sensor", "id": c.SensorID}},
		feature{Type: "Feature", Geometry: point(c.Fixed), Properties: map[string]any{"kind": c.FixedRole}},
	)
	enc := json.NewEncoder(w)
	if err := enc.Encode(fc); err != nil {
		return fmt.Errorf("report: writing GeoJSON: %w", err)
	}
	return nil
}

// round3 keeps times to the millisecond the access search resolves.
func round3(v float64) float64 { return math.Round(v*1e3) / 1e3 }
