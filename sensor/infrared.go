package sensor

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// GeostationaryRadiusM is the radius of the geostationary orbit, m:
// (μ/ω²)^(1/3) with the WGS-84 μ and rotation rate, 42,164.17 km (Vallado,
// "Fundamentals of Astrodynamics and Applications", 4th ed. 2013, ch. 2).
const GeostationaryRadiusM = 42_164_170.0

// IRSatellite is one geostationary early-warning satellite, fixed over the
// equator at LonDeg.
type IRSatellite struct {
	ID     string
	LonDeg float64
}

// ECEF returns the satellite's position.
func (s IRSatellite) ECEF() geo.ECEF {
	sl, cl := math.Sincos(s.LonDeg * deg)
	return geo.ECEF{GeostationaryRadiusM * cl, GeostationaryRadiusM * sl, 0}
}

// InfraredWarning is a space-based infrared early-warning system: staring
// sensors on geostationary satellites that see the plume of a burning rocket
// motor, and a ground segment that declares a launch and reports its point,
// time and heading.
//
// The model is deliberately simple. Only geostationary satellites are
// modelled (no highly elliptical orbits: sites poleward of about 75° are
// out of view, as they are for real geostationary systems). A boosting
// object is seen when it has risen above MinPlumeAltM (the plume must clear
// cloud and water vapour before it stands out against the Earth) and at least
// one satellite stands MinElevationDeg above the horizon of the point
// beneath it. A launch is declared once the plume has been seen without a
// break for ConfirmS, and reported LatencyS later. The report's errors are
// drawn from independent Gaussians of the configured sizes, not derived from
// the viewing geometry.
type InfraredWarning struct {
	ID         string
	Nation     string
	Satellites []IRSatellite
	// MinElevationDeg is the lowest elevation of a satellite, seen from the
	// point beneath the missile, at which it sees the plume.
	MinElevationDeg float64
	MinPlumeAltM    float64 // height above which the plume is seen, m
	ConfirmS        float64 // continuous sighting before a launch is declared, s
	LatencyS        float64 // from declaration to the report's delivery, s
	// 1σ errors of the report: launch point per horizontal axis (m),
	// launch time (s), heading (degrees).
	LaunchPointSigmaM, LaunchTimeSigmaS, AzimuthSigmaDeg float64
	Source                                               string
}

// LaunchReport is an infrared early-warning report of one launch: an
// estimate of where, when and in which direction a missile was launched.
// Times are seconds from the true launch.
type LaunchReport struct {
	TimeS       float64 // when the report is delivered
	SensorID    string
	TruthID     int     // the launch it reports; for metrics and tests only
	LaunchPoint geo.LLA // estimated launch point (on the surface)
	LaunchTimeS float64 // estimated launch time
	AzimuthDeg  float64 // estimated heading, degrees clockwise from north
	// 1σ errors of the estimates, as in InfraredWarning.
	LaunchPointSigmaM, LaunchTimeSigmaS, AzimuthSigmaDeg float64
}

// Validate reports every problem of the configuration at once, or nil.
func (w *InfraredWarning) Validate() error {
	var problems []string
	bad := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	nonNeg := func(v float64) bool { return v >= 0 && !math.IsInf(v, 1) }
	if strings.TrimSpace(w.ID) == "" {
		bad("ID is empty")
	}
	if len(w.Satellites) == 0 {
		bad("no satellites")
	}
	for i, s := range w.Satellites {
		if !(s.LonDeg >= -180 && s.LonDeg <= 360) {
			bad("satellite %d: longitude %g: want [-180, 360]", i+1, s.LonDeg)
		}
	}
	if !(w.MinElevationDeg >= 0 && w.MinElevationDeg < 90) {
		bad("minimum elevation %g°: want [0, 90)", w.MinElevationDeg)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"plume height (m)", w.MinPlumeAltM}, {"confirmation time (s)", w.ConfirmS}, {"latency (s)", w.LatencyS},
		{"launch point sigma (m)", w.LaunchPointSigmaM}, {"launch time sigma (s)", w.LaunchTimeSigmaS},
		{"azimuth sigma (°)", w.AzimuthSigmaDeg},
	} {
		if !nonNeg(f.v) {
			bad("%s %g: want ≥ 0", f.name, f.v)
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("sensor: infrared warning %q: %s", w.ID, strings.Join(problems, "; "))
}

// Sees reports whether the system sees t at this instant: t is boosting,
// above MinPlumeAltM, and some satellite is at least MinElevationDeg above
// the horizon of the point beneath it, with a clear line of sight.
func (w *InfraredWarning) Sees(e geo.Earth, t Truth) bool {
	if !t.Boosting {
		return false
	}
	p := e.ToLLA(t.Pos)
	if p.AltM < w.MinPlumeAltM {
		return false
	}
	sub := geo.LLA{LatDeg: p.LatDeg, LonDeg: p.LonDeg}
	for _, s := range w.Satellites {
		sat := s.ECEF()
		if e.AER(sub, sat).ElRad >= w.MinElevationDeg*deg && e.LineOfSight(t.Pos, sat) {
			return true
		}
	}
	return false
}

// Declared returns the time from launch at which the system declares the
// trajectory's launch: the start of the first unbroken sighting (Sees) of
// at least ConfirmS before burnout, plus ConfirmS. It is false for an
// impulsive trajectory (no boost) or a plume never seen that long.
func (w *InfraredWarning) Declared(e geo.Earth, tr *ballistic.Trajectory) (float64, bool) {
	if !(tr.BurnoutTimeS > 0) {
		return 0, false
	}
	seen := func(tS float64) bool {
		p, v, ok := tr.StateAt(tS)
		return ok && w.Sees(e, Truth{Pos: p, Vel: v, Boosting: tS <= tr.BurnoutTimeS})
	}
	for _, iv := range Intervals(0, tr.BurnoutTimeS, seen, AccessOptions{}) {
		if iv.DurationS() >= w.ConfirmS {
			return iv.StartS + w.ConfirmS, true
		}
	}
	return 0, false
}

// Report returns the launch report the system makes of a trajectory,
// delivered LatencyS after Declared, and false if the launch goes
// unreported. Errors are drawn from rng (launch point north and east,
// launch time, heading, in that order). The true heading is the
// trajectory's burnout azimuth.
func (w *InfraredWarning) Report(e geo.Earth, tr *ballistic.Trajectory, truthID int, rng *rand.Rand) (LaunchReport, bool) {
	declared, ok := w.Declared(e, tr)
	if !ok {
		return LaunchReport{}, false
	}
	return w.report(e, tr, declared, truthID, rng), true
}

// report draws the errors of a declared launch.
func (w *InfraredWarning) report(e geo.Earth, tr *ballistic.Trajectory, declaredS float64, truthID int, rng *rand.Rand) LaunchReport {
	p0, _, _ := tr.StateAt(0)
	launch := e.ToLLA(p0)
	launch.AltM = 0
	dn := w.LaunchPointSigmaM * rng.NormFloat64()
	de := w.LaunchPointSigmaM * rng.NormFloat64()
	est := launch
	if d := math.Hypot(dn, de); d > 0 {
		est = e.Direct(launch, math.Atan2(de, dn), d)
	}
	az := math.Mod(tr.AzimuthDeg+w.AzimuthSigmaDeg*rng.NormFloat64(), 360)
	if az < 0 {
		az += 360
	}
	return LaunchReport{
		TimeS:             declaredS + w.LatencyS,
		SensorID:          w.ID,
		TruthID:           truthID,
		LaunchPoint:       est,
		LaunchTimeS:       w.LaunchTimeSigmaS * rng.NormFloat64(),
		AzimuthDeg:        az,
		LaunchPointSigmaM: w.LaunchPointSigmaM,
		LaunchTimeSigmaS:  w.LaunchTimeSigmaS,
		AzimuthSigmaDeg:   w.AzimuthSigmaDeg,
	}
}
