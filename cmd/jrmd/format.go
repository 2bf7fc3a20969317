package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// resultJSON is what trajectory --json and demo --json print for a solved
// trajectory. SI units; the key names carry them.
type resultJSON struct {
	RangeM             float64   `json:"range_m"`
	BurnoutSpeedMps    float64   `json:"burnout_speed_mps"`
	FlightPathAngleDeg float64   `json:"flight_path_angle_deg"`
	AzimuthDeg         float64   `json:"azimuth_deg"`
	BurnoutTimeS       float64   `json:"burnout_time_s"`
	BurnoutAltM        float64   `json:"burnout_alt_m"`
	FlightTimeS        float64   `json:"flight_time_s"`
	ApogeeAltM         float64   `json:"apogee_alt_m"`
	ImpactErrorM       float64   `json:"impact_error_m"`
	Impact             pointJSON `json:"impact"`
}

type pointJSON struct {
	LatDeg float64 `json:"lat_deg"`
	LonDeg float64 `json:"lon_deg"`
}

func newResultJSON(tr ballistic.Trajectory) resultJSON {
	return resultJSON{
		RangeM:             tr.RangeM,
		BurnoutSpeedMps:    tr.BurnoutSpeedMps,
		FlightPathAngleDeg: tr.FlightPathAngleDeg,
		AzimuthDeg:         tr.AzimuthDeg,
		BurnoutTimeS:       tr.BurnoutTimeS,
		BurnoutAltM:        tr.BurnoutAltM,
		FlightTimeS:        tr.FlightTimeS,
		ApogeeAltM:         tr.ApogeeAltM,
		ImpactErrorM:       tr.ImpactErrorM,
		Impact:             pointJSON{LatDeg: tr.Impact.LatDeg, LonDeg: tr.Impact.LonDeg},
	}
}

// writeJSON prints v as one indented JSON document.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return &failure{fmt.Errorf("encoding JSON: %w", err)}
	}
	_, err = w.Write(append(b, '\n'))
	return writeErr(err)
}

// writeErr marks an error writing the output as jrmd's failure.
func writeErr(err error) error {
	if err == nil {
		return nil
	}
	return &failure{fmt.Errorf("writing output: %w", err)}
}

// grouped formats v with prec decimals and a space between groups of three
// digits: grouped(3718.24, 1) is "3 718.2".
func grouped(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return s
	}
	sign := ""
	if s[0] == '-' {
		s = s[1:]
		if strings.Trim(s, "0.") != "" { // no "-0.0" for a tiny negative
			sign = "-"
		}
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(d)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// minSec formats a duration in seconds as minutes and seconds, "17:03".
func minSec(s float64) string {
	if math.IsNaN(s) || math.IsInf(s, 0) || s < 0 {
		return strconv.FormatFloat(s, 'f', 0, 64) + " s"
	}
	n := int64(math.Round(s))
	return fmt.Sprintf("%d:%02d", n/60, n%60)
}

// latLon formats a point as "35.2300°N 53.9200°E".
func latLon(p geo.LLA) string { return latLonPrec(p, 4) }

// latLon2 is latLon to two decimals, for map titles: "49.65°N 13.80°E".
func latLon2(p geo.LLA) string { return latLonPrec(p, 2) }

func latLonPrec(p geo.LLA, prec int) string {
	ns, ew := "N", "E"
	lat, lon := p.LatDeg, math.Remainder(p.LonDeg, 360)
	if lat < 0 {
		ns, lat = "S", -lat
	}
	if lon < 0 {
		ew, lon = "W", -lon
	}
	return fmt.Sprintf("%.*f°%s %.*f°%s", prec, lat, ns, prec, lon, ew)
}
