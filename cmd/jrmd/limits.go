package main

// Ranges of the numeric flags that several commands share; each command
// checks its flags against them and names the range in its message
// (docs/limits.md gives the reasons). Burnout speeds are bounded by
// ballistic.MaxBurnoutSpeedMps and intercept.MaxBurnoutSpeedMps.
const (
	// maxStepS is the longest sample interval of a trajectory's table.
	maxStepS = 3600
	// maxDelayS is the latest interceptor launch after the threat's: a
	// day, the longest flight JRMD flies.
	maxDelayS = 86400
	// maxInterceptAltM is the highest intercept altitude a question may
	// set: 10,000 km, far above any interceptor's reach.
	maxInterceptAltM = 1e7
	// maxSensorRangeM is the longest sensor range: 50,000 km, beyond the
	// geostationary orbit, as for scenario files.
	maxSensorRangeM = 5e7
	// maxRuns is the most Monte Carlo replications per level.
	maxRuns = 100_000
	// maxRunMissiles bounds runs × missiles: compare keeps each run's
	// summary, an entry per missile (about 400 bytes), until it reports.
	maxRunMissiles = 1_000_000
	// maxSpeedFactor is the fastest pace of a real-time federation,
	// scenario seconds per wall-clock second.
	maxSpeedFactor = 1e4
)
