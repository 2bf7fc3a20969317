package report

import (
	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/intercept"
)

// The JSON shapes several outputs share. SI units; the keys carry them.

// PointJSON is a place on the Earth's surface.
type PointJSON struct {
	LatDeg float64 `json:"lat_deg"`
	LonDeg float64 `json:"lon_deg"`
}

// IntervalJSON is a span of time, seconds after the threat's launch.
type IntervalJSON struct {
	StartS float64 `json:"start_s"`
	EndS   float64 `json:"end_s"`
}

// InterceptorJSON is an interceptor type with the limits applied.
type InterceptorJSON struct {
	Type             string   `json:"type"`
	BurnoutSpeedMps  float64  `json:"burnout_speed_mps"`
	BurnTimeS        float64  `json:"burn_time_s"`
	MinInterceptAltM float64  `json:"min_intercept_alt_m"`
	MaxInterceptAltM *float64 `json:"max_intercept_alt_m"` // null: no ceiling
	MaxRangeM        *float64 `json:"max_range_m"`         // null: no limit
	// MinClosingSpeedMps is the kill vehicle's minimum closing speed
	// applied; null: none.
	MinClosingSpeedMps *float64 `json:"min_closing_speed_mps"`
	Source             string   `json:"source,omitempty"`
}

// NewInterceptorJSON describes it.
func NewInterceptorJSON(it intercept.Interceptor) InterceptorJSON {
	return InterceptorJSON{
		Type: it.Name, BurnoutSpeedMps: it.BurnoutSpeedMps, BurnTimeS: it.BurnTimeS,
		MinInterceptAltM: it.MinInterceptAltM, MaxInterceptAltM: Positive(it.MaxInterceptAltM), MaxRangeM: Positive(it.MaxRangeM),
		MinClosingSpeedMps: Positive(it.MinClosingSpeedMps), Source: it.Source,
	}
}

// ResultJSON is what trajectory --json and demo --json print for a solved
// trajectory. SI units; the key names carry them.
type ResultJSON struct {
	RangeM             float64   `json:"range_m"`
	BurnoutSpeedMps    float64   `json:"burnout_speed_mps"`
	FlightPathAngleDeg float64   `json:"flight_path_angle_deg"`
	AzimuthDeg         float64   `json:"azimuth_deg"`
	BurnoutTimeS       float64   `json:"burnout_time_s"`
	BurnoutAltM        float64   `json:"burnout_alt_m"`
	FlightTimeS        float64   `json:"flight_time_s"`
	ApogeeAltM         float64   `json:"apogee_alt_m"`
	ImpactErrorM       float64   `json:"impact_error_m"`
	Impact             PointJSON `json:"impact"`
}

// NewResultJSON describes the solved trajectory tr.
func NewResultJSON(tr ballistic.Trajectory) ResultJSON {
	return ResultJSON{
		RangeM:             tr.RangeM,
		BurnoutSpeedMps:    tr.BurnoutSpeedMps,
		FlightPathAngleDeg: tr.FlightPathAngleDeg,
		AzimuthDeg:         tr.AzimuthDeg,
		BurnoutTimeS:       tr.BurnoutTimeS,
		BurnoutAltM:        tr.BurnoutAltM,
		FlightTimeS:        tr.FlightTimeS,
		ApogeeAltM:         tr.ApogeeAltM,
		ImpactErrorM:       tr.ImpactErrorM,
		Impact:             PointJSON{LatDeg: tr.Impact.LatDeg, LonDeg: tr.Impact.LonDeg},
	}
}

// ThreatJSON is a flown trajectory and the request it answers (reach's
// threat, access's trajectory).
type ThreatJSON struct {
	ResultJSON
	From     PointJSON `json:"from"`
	To       PointJSON `json:"to"`
	Kind     string    `json:"kind"`
	Earth    string    `json:"earth"`
	Rotation bool      `json:"rotation"`
	Boost    string    `json:"boost"`
}

// NewThreatJSON describes the trajectory tr flown for req.
func NewThreatJSON(req ballistic.Request, tr *ballistic.Trajectory) ThreatJSON {
	return ThreatJSON{
		ResultJSON: NewResultJSON(*tr),
		From:       PointJSON{LatDeg: req.From.LatDeg, LonDeg: req.From.LonDeg},
		To:         PointJSON{LatDeg: req.To.LatDeg, LonDeg: req.To.LonDeg},
		Kind:       string(req.Kind),
		Earth:      req.Earth.Name,
		Rotation:   req.Earth.Omega != 0,
		Boost:      BoostName(req.Missile),
	}
}
