package sensor

import "github.com/jrmd/jrmd/geo"

// Truth is a simulated object as sensors see it at one instant.
type Truth struct {
	ID       int      // stable object number
	Pos      geo.ECEF // position, m
	Vel      geo.ECEF // Earth-relative velocity in ECEF axes, m/s
	RCSm2    float64  // radar cross-section seen by the radar, m²
	Boosting bool     // engine burning: the plume is visible to infrared sensors
}

// Detection is one radar report: a measured range and look direction from
// the radar's site at a time, with its covariance.
type Detection struct {
	TimeS    float64 // scenario time, s
	SensorID string
	Site     geo.LLA // where the measurement is taken from
	Z        geo.AER // measured slant range (m), azimuth and elevation (rad)
	// R is the measurement covariance of (RangeM, AzRad, ElRad): m², rad².
	R [3][3]float64
	// RangeRateMps is the measured range rate (m/s, positive opening), from
	// the Doppler shift of the dwell, and RangeRateVar its variance (m²/s²).
	// The noise is independent of Z's.
	RangeRateMps, RangeRateVar float64
	SNRdB                      float64
	// TruthID is the object that caused the detection, −1 for a false
	// alarm. It exists for metrics and tests; trackers never read it.
	TruthID int
}
