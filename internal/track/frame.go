package track

import (
	"math"

	"github.com/jrmd/jrmd/internal/geo"
)

// The scenario inertial frame is the ECI frame that coincides with ECEF at
// scenario time 0 and in which the Earth turns by θ(t) = geo.OmegaEarth·t.
// Ballistic filters run in it, so Earth rotation needs no fictitious forces:
// it enters only through where the Earth-fixed sites are at each time.

// theta is the Earth rotation angle at scenario time tS.
func theta(tS float64) float64 { return geo.OmegaEarth * tS }

// FromECEF returns the scenario-inertial state (position m, velocity m/s)
// of an object at scenario time tS from its ECEF position and Earth-relative
// velocity in ECEF axes (as sensor.Truth and ballistic.Trajectory.StateAt
// give them).
func FromECEF(pos, vel geo.ECEF, tS float64) [6]float64 {
	th := theta(tS)
	r := geo.ECEFToECI(pos, th)
	v := geo.ECEFToECIVel(pos, vel, th, geo.OmegaEarth)
	return [6]float64{r[0], r[1], r[2], v[0], v[1], v[2]}
}

// ToECEF is the inverse of FromECEF: the ECEF position and Earth-relative
// velocity of the scenario-inertial state x at scenario time tS.
func ToECEF(x [6]float64, tS float64) (pos, vel geo.ECEF) {
	th := theta(tS)
	r := geo.ECI{x[0], x[1], x[2]}
	return geo.ECIToECEF(r, th), geo.ECIToECEFVel(r, geo.ECI{x[3], x[4], x[5]}, th, geo.OmegaEarth)
}

// CovToECEF returns the covariance, in ECEF axes, of the ECEF position and
// Earth-relative velocity (the order of intercept.TrackState.Cov) of a
// scenario-inertial state with covariance p at scenario time tS. The map of
// ToECEF is linear in the state, so this is exact: with R the rotation and
// Ω = [ω×], J = [[R, 0], [−ΩR, R]] and the result is J·p·Jᵀ.
func CovToECEF(p *[6][6]float64, tS float64) [6][6]float64 {
	s, c := math.Sincos(theta(tS))
	w := geo.OmegaEarth
	var j [6][6]float64
	rot := [3][3]float64{{c, s, 0}, {-s, c, 0}, {0, 0, 1}}
	for i := range 3 {
		for k := range 3 {
			j[i][k] = rot[i][k]
			j[3+i][3+k] = rot[i][k]
		}
	}
	// −Ω·R: Ω·a = (−w·a1, w·a0, 0) for the rows of R.
	for k := range 3 {
		j[3][k] = w * rot[1][k]
		j[4][k] = -w * rot[0][k]
	}
	return congruence6(&j, p)
}
