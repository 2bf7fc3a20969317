package ballistic

import (
	"errors"

	"github.com/jrmd/jrmd/internal/geo"
)

// Kind selects which of the trajectories through two points is flown.
type Kind string

const (
	MinimumEnergy Kind = "minimum-energy" // the lowest burnout speed that reaches the aim point
	Lofted        Kind = "lofted"         // steeper than minimum energy for a given burnout speed
	Depressed     Kind = "depressed"      // flatter than minimum energy for a given burnout speed
)

// Request is a targeting problem: fly from From to To.
type Request struct {
	From, To        geo.LLA   // launch and aim points; heights are ignored (surface)
	Kind            Kind      // zero value: MinimumEnergy
	BurnoutSpeedMps float64   // Earth-relative burnout speed for Lofted/Depressed; 0: the missile's full burn
	Earth           geo.Earth // shape, gravity, rotation (Omega 0: non-rotating)
	Missile         *Missile  // nil: impulsive launch at the surface, no atmosphere
	StepS           float64   // sample interval, s; 0: no samples
}

// Sample is one point of a flown trajectory.
type Sample struct {
	TS  float64 // time from launch, s
	Pos geo.LLA
}

// Trajectory is a solved and flown trajectory.
type Trajectory struct {
	RangeM             float64 // ground distance launch to aim point
	AzimuthDeg         float64 // launch azimuth (Earth-relative velocity at burnout), from north
	BurnoutTimeS       float64 // 0 for an impulsive launch
	BurnoutAltM        float64
	BurnoutSpeedMps    float64 // Earth-relative speed at burnout
	FlightPathAngleDeg float64 // Earth-relative flight-path angle at burnout, above local horizontal
	FlightTimeS        float64 // launch to impact
	ApogeeAltM         float64
	Impact             geo.LLA
	ImpactErrorM       float64 // distance from the impact point to the aim point
	Samples            []Sample
}

// Solve finds and flies the trajectory req asks for.
func Solve(req Request) (Trajectory, error) {
	return Trajectory{}, errors.New("ballistic: not implemented yet")
}
