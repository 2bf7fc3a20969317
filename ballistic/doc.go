// Package ballistic flies threat missiles from launch to impact: boost,
// free flight and reentry, and finds the trajectory that reaches an aim
// point.
//
// The entry point is Solve: a launch point, an aim point, an Earth model and
// optionally a missile class give a flown Trajectory.
//
//	irbm, _ := ballistic.LookupMissile("irbm")
//	tr, err := ballistic.Solve(ballistic.Request{
//		From:    geo.LLA{LatDeg: 35.23, LonDeg: 53.92},
//		To:      geo.LLA{LatDeg: 52.52, LonDeg: 13.40},
//		Earth:   geo.WGS84,
//		Missile: &irbm,
//	})
//	// tr.RangeM, tr.ApogeeAltM, tr.FlightTimeS; tr.StateAt(t) for any t.
//
// Units are SI (m, s, m/s, kg); angles carry Deg or Rad in their names.
// Times count from launch. Trajectory.StateAt gives the ECEF position and
// Earth-relative velocity at any time of the flight, the form the sensor
// and intercept packages take. The Examples (Solve, LookupMissile,
// TextbookArc) print ranges, apogees and flight times.
//
// # Physics
//
// Flights are integrated in the launch inertial frame, which coincides with
// ECEF at launch (t = 0) while the Earth turns under it at geo.Earth.Omega;
// Earth rotation is therefore exact, entering through the launch velocity
// ω×r, the co-rotating atmosphere and the final rotation to ECEF. Gravity is
// point mass plus J2 (geo.Earth.J2; zero on the textbook sphere). The
// atmosphere is the U.S. Standard Atmosphere 1976 (Density). The integrator is
// the adaptive Dormand–Prince 5(4) method with dense output, which locates
// impact, apogee and samples inside a step without extra force evaluations.
//
// A Missile is an illustrative multi-stage rocket: per-stage propellant and
// dry mass, specific impulse and burn time; a vertical rise, a pitch-over
// kick, then a zero-lift gravity turn with drag; after burnout its reentry
// vehicle coasts with a ballistic coefficient. The built-in classes
// (MissileNames) are rounded public figures fitted to each class's range, with
// their sources in Missile.Source: analysis inputs, not data on real weapons.
//
// # Solving
//
// Solve takes a Request (launch and aim points, trajectory Kind, Earth model,
// optional Missile) and returns the flown Trajectory: burnout speed and
// flight-path angle, flight time, apogee, impact error and samples.
//
//   - Without a missile the launch is impulsive from the surface. A Lambert
//     arc (Lambert) in the inertial frame reaches the aim point after time T;
//     minimum energy minimises the Earth-relative launch speed over T, lofted
//     and depressed arcs are the long and short roots in T of a given speed.
//     The numerical flight with J2 then misses slightly; the aim point is
//     moved against the miss until the impact is within 1 m.
//   - With a missile every trial flies the whole missile. Minimum energy
//     picks the pitch-over kick that needs the earliest thrust cut-off;
//     lofted and depressed arcs use full burn (or cut off at a given speed)
//     and pick the steep or flat kick that reaches the aim point. Newton's
//     method on azimuth and that control removes the last metres.
//
// MaxRange is the farthest a missile flies from a launch point on a
// bearing, over the rotating Earth: the line beyond which Solve refuses an
// aim point, which scenario validation checks threats against.
//
// TextbookArc is the closed form of the idealised setting — a non-rotating
// sphere, point-mass gravity, no atmosphere, impulsive launch — used as the
// reference the numerical machinery is tested against.
//
// Library code here is synchronous and deterministic: the same Request
// gives bit-identical results.
package ballistic
