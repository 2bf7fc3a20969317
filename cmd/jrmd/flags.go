package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/jrmd/jrmd/internal/report"
)

// Helpers of the commands' flag checks.

// box is the --map area.
type box struct{ lat0, lon0, lat1, lon1 float64 }

// parseBox parses "LAT0,LON0,LAT1,LON1": the south-west and north-east
// corners, inside [-90, 90] × [-180, 180], not crossing the antimeridian.
func parseBox(s string) (box, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return box{}, fmt.Errorf("--map %q: want LAT0,LON0,LAT1,LON1 (south-west and north-east corners, degrees)", s)
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return box{}, fmt.Errorf("--map %q: %q is not a number", s, strings.TrimSpace(p))
		}
		v[i] = f
	}
	b := box{v[0], v[1], v[2], v[3]}
	switch {
	case b.lat0 < -90 || b.lat1 > 90:
		return box{}, fmt.Errorf("--map %q: latitudes must lie in [-90, 90]", s)
	case b.lon0 < -180 || b.lon1 > 180:
		return box{}, fmt.Errorf("--map %q: longitudes must lie in [-180, 180] (a box may not cross the antimeridian)", s)
	case !(b.lat0 < b.lat1):
		return box{}, fmt.Errorf("--map %q: the first latitude must be south of the second", s)
	case !(b.lon0 < b.lon1):
		return box{}, fmt.Errorf("--map %q: the first longitude must be west of the second (a box may not cross the antimeridian)", s)
	}
	return b, nil
}

// cells divides the box into cells of size deg (the last row and column
// cut at the box), south to north and west to east. Edges are computed from
// their index, so neighbours share them exactly.
func (b box) cells(deg float64) []report.Cell {
	nLat := int(math.Ceil((b.lat1-b.lat0)/deg - 1e-9))
	nLon := int(math.Ceil((b.lon1-b.lon0)/deg - 1e-9))
	edge := func(lo, hi float64, i int) float64 { return math.Min(lo+float64(i)*deg, hi) }
	out := make([]report.Cell, 0, nLat*nLon)
	for i := range nLat {
		for j := range nLon {
			out = append(out, report.Cell{
				LatMinDeg: edge(b.lat0, b.lat1, i), LatMaxDeg: edge(b.lat0, b.lat1, i+1),
				LonMinDeg: edge(b.lon0, b.lon1, j), LonMaxDeg: edge(b.lon0, b.lon1, j+1),
			})
		}
	}
	return out
}

func (b box) count(deg float64) float64 {
	return math.Ceil((b.lat1-b.lat0)/deg-1e-9) * math.Ceil((b.lon1-b.lon0)/deg-1e-9)
}
