package report

import "github.com/jrmd/jrmd/intercept"

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
