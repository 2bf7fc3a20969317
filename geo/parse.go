package geo

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ParseLatLon parses "LAT,LON" or "LAT,LON,ALT_M" (decimal degrees, metres),
// as typed on a command line. Errors say what is wrong in one line.
func ParseLatLon(s string) (LLA, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 2 && len(parts) != 3 {
		return LLA{}, fmt.Errorf("geo: %q: want LAT,LON or LAT,LON,ALT_M (decimal degrees, metres)", s)
	}
	names := []string{"latitude", "longitude", "altitude"}
	var v [3]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return LLA{}, fmt.Errorf("geo: %q: %s %q is not a number", s, names[i], strings.TrimSpace(p))
		}
		v[i] = f
	}
	p := LLA{LatDeg: v[0], LonDeg: v[1], AltM: v[2]}
	if p.LatDeg < -90 || p.LatDeg > 90 {
		return LLA{}, fmt.Errorf("geo: %q: latitude %g is outside [-90, 90]", s, p.LatDeg)
	}
	if p.LonDeg < -180 || p.LonDeg > 360 {
		return LLA{}, fmt.Errorf("geo: %q: longitude %g is outside [-180, 360]", s, p.LonDeg)
	}
	if p.AltM < -12000 || p.AltM > 1e9 {
		return LLA{}, fmt.Errorf("geo: %q: altitude %g m is outside [-12000, 1e9]", s, p.AltM)
	}
	return p, nil
}
