// Package intercept answers whether interceptors can engage a threat, and
// plans the engagement.
//
// # Interceptor types
//
// An Interceptor is an illustrative type: burnout speed and burn time,
// divert, altitude and range limits, seeker acquisition, Pk, the kill
// vehicle's minimum closing speed, and the track it may be launched on
// (LaunchTrack: a terminal radar's 200 m and 20 m/s; for the midcourse types,
// derived from their kill vehicle's divert reach), each with its source.
// Interceptors and LookupInterceptor give the built-in types (two-stage GBI
// at 6.3 and ~9 km/s, THAAD, PAC-3, S-300, S-400, SM-3); Overrides changes a
// type's figures for one battery.
//
// # Fly-out
//
// A fly-out is a boost then a Lambert coast (ballistic.Lambert) on the
// rotating Earth. The boost is a gravity turn — a vertical rise, a
// pitch-over kick, then thrust along the velocity under inverse-square
// gravity over a spherical Earth, its speed growing at a constant rate to
// the type's burnout speed — tabulated once per burn time by where it ends
// for each burnout speed and elevation. Where the boost ends depends on the
// burnout velocity, which depends on where the coast starts: the fly-out is
// that fixed point, found by a relaxed iteration until the boost's end
// agrees to 2 m. Fan samples the reachable region per time of flight.
//
// # Reach
//
// Reach asks the analyst's question of a Threat — anything with a StateAt
// method giving ECEF position and Earth-relative velocity at a time, such
// as a *ballistic.Trajectory or a trajectory predicted from a track:
//
//	gbi, _ := intercept.LookupInterceptor("gbi-9")
//	res, err := intercept.Reach{
//		Earth:        geo.WGS84,
//		Site:         geo.LLA{LatDeg: 54.48, LonDeg: 17.10},
//		Threat:       &trajectory,
//		ThreatEndS:   trajectory.FlightTimeS,
//		Interceptor:  gbi,
//		LaunchDelayS: 300, // earliest interceptor launch, s after the threat's
//	}.Solve()
//	// res.Feasible, res.Windows, res.MinBurnoutSpeedMps
//
// Solve finds the intercept windows at the interceptor's speed and the
// least burnout speed that could engage under the same constraints (on a
// grid of intercept times, the least speed over launch times by Brent's
// method; edges by bisection); Feasible only says yes or no, fast, for
// footprints and battle management, and Obstacle says which constraint rules
// out a negative answer. The constraints are the type's altitude and range
// limits and its kill vehicle's minimum closing speed, the speed of the
// interceptor relative to the threat where they meet (inertial): where the
// slowest fly-out to an intercept point is a stern chase closing too
// slowly, the least speed is where the closing speed reaches the floor, on
// either side of it. A type with no floor (MinClosingSpeedMps 0) gives the
// kinematic bound.
//
// # Engagements and footprints
//
// Engagement.Plan asks the same against a track (TrackState: an estimate
// and its covariance, propagated by the unscented transform) and adds the
// predicted impact and intercept points with their uncertainty, the launch
// window and battlespace, the commit decision (3σ PIP error within the
// kill vehicle's divert reach, which its seeker's acquisition range and the
// closing speed set; the closing speed at the floor or above) and whether a
// shoot-look-shoot second shot fits. Footprint maps which aim points a
// battery defends from launch points (AimCell), and the dual, which launch
// points an asset is defended against (LaunchCell).
//
// # Units, clocks and examples
//
// SI units (m, s, m/s); angles carry Deg or Rad in their names. Times are on
// the threat's clock (its launch at 0 for a flown trajectory); the inertial
// frame coincides with ECEF at clock time 0. Library code is synchronous
// and deterministic. The Examples show Reach.Solve (gbi-6.3 and gbi-9
// against an ICBM) and Fan; docs/library.md has an outside program that
// asks Reach about a threat it tracked itself.
package intercept
