// Package intercept answers whether interceptors can engage a threat, and
// plans the engagement.
//
// An Interceptor is an illustrative type (two-stage GBI at 6.3 and ~9 km/s,
// THAAD, PAC-3, S-300, S-400, SM-3): burnout speed and burn time, divert,
// altitude and range limits, seeker acquisition, Pk, and the track it may
// be launched on (LaunchTrack: a terminal radar's 200 m and 20 m/s; for the
// midcourse types, derived from their kill vehicle's divert reach), each
// with its source.
// A fly-out is a boost then a Lambert coast (ballistic.Lambert) on the
// rotating Earth. The boost is a gravity turn — a vertical rise, a
// pitch-over kick, then thrust along the velocity under inverse-square
// gravity over a spherical Earth, its speed growing at a constant rate to
// the type's burnout speed — integrated once per burn time into a table of
// where it ends for each burnout speed and elevation (checked against an
// independent integration by TestBoostMatchesReference). Where the boost
// ends depends on the burnout velocity, which depends on where the coast
// starts: the fly-out is that fixed point, found by a relaxed iteration
// until the boost's end agrees to 2 m (TestArcIsConsistent checks the
// boost's end and the coast by Kepler). Fan samples the reachable region
// per time of flight.
//
// Reach answers the analyst's question for a threat trajectory: Solve finds
// the intercept windows at the interceptor's speed and the least burnout
// speed that could engage under the same constraints (on a grid of
// intercept times, the least speed over launch times by Brent's method;
// edges by bisection); Feasible only says yes or no, fast, for footprints
// and battle management. The constraints are the type's altitude and range
// limits and its kill vehicle's minimum closing speed, the speed of the
// interceptor relative to the threat where they meet (inertial): where the
// slowest fly-out to an intercept point is a stern chase closing too
// slowly, the least speed is where the closing speed reaches the floor,
// on either side of it. A type with no floor (MinClosingSpeedMps 0) gives
// the kinematic bound. Engagement.Plan does the same against a track — an
// estimate and its covariance propagated by the unscented transform — and
// adds the predicted impact and intercept points with their uncertainty,
// the launch window and battlespace, the commit decision (3σ PIP error
// within the kill vehicle's divert reach, which its seeker's acquisition
// range and the closing speed set; the closing speed at the floor or
// above) and whether a shoot-look-shoot second shot fits.
// Footprint maps which aim points a battery defends from launch points, and
// the dual.
//
// Times are on the threat's clock (its launch at 0 for a flown trajectory);
// the inertial frame coincides with ECEF at clock time 0.
package intercept
