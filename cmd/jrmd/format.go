package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/internal/report"
)

// resultJSON is what trajectory --json and demo --json print for a solved
// trajectory. SI units; the key names carry them.
type resultJSON struct {
	RangeM             float64          `json:"range_m"`
	BurnoutSpeedMps    float64          `json:"burnout_speed_mps"`
	FlightPathAngleDeg float64          `json:"flight_path_angle_deg"`
	AzimuthDeg         float64          `json:"azimuth_deg"`
	BurnoutTimeS       float64          `json:"burnout_time_s"`
	BurnoutAltM        float64          `json:"burnout_alt_m"`
	FlightTimeS        float64          `json:"flight_time_s"`
	ApogeeAltM         float64          `json:"apogee_alt_m"`
	ImpactErrorM       float64          `json:"impact_error_m"`
	Impact             report.PointJSON `json:"impact"`
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
		Impact:             report.PointJSON{LatDeg: tr.Impact.LatDeg, LonDeg: tr.Impact.LonDeg},
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
