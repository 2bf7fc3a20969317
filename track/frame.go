package track

import (
	"math"

	"github.com/jrmd/jrmd/geo"
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
	// −Ω·R: Ω·a = (−w·a1, w·a0, 0) for the rows a of R.
	j := frameMap([3][3]float64{{c, s, 0}, {-s, c, 0}, {0, 0, 1}}, [2][2]float64{{-w * s, w * c}, {-w * c, -w * s}})
	return frameCongruence(&j, p)
}

// CovFromECEF is the inverse of CovToECEF: the scenario-inertial
// covariance of a state whose ECEF position and Earth-relative velocity
// have covariance p at scenario time tS. J⁻¹ = [[Rᵀ, 0], [RᵀΩ, Rᵀ]].
func CovFromECEF(p *[6][6]float64, tS float64) [6][6]float64 {
	s, c := math.Sincos(theta(tS))
	w := geo.OmegaEarth
	// Rᵀ·Ω: the rows a of Rᵀ times Ω = [[0, −w, 0], [w, 0, 0], [0, 0, 0]]
	// are (w·a1, −w·a0, 0).
	j := frameMap([3][3]float64{{c, -s, 0}, {s, c, 0}, {0, 0, 1}}, [2][2]float64{{-w * s, -w * c}, {w * c, -w * s}})
	return frameCongruence(&j, p)
}

// frameMap is the map [[r, 0], [k, r]] between the inertial and the
// Earth-fixed state, for a rotation r about the z axis, and k (the Earth
// rotation's term) zero but in its upper left 2×2 block.
func frameMap(r [3][3]float64, k [2][2]float64) (j [6][6]float64) {
	for i := range 3 {
		for m := range 3 {
			j[i][m] = r[i][m]
			j[3+i][3+m] = r[i][m]
		}
	}
	for i := range 2 {
		for m := range 2 {
			j[3+i][m] = k[i][m]
		}
	}
	return j
}

// frameCols are the columns where a frameMap row may be nonzero.
var frameCols = [6][]int{{0, 1}, {0, 1}, {2}, {0, 1, 3, 4}, {0, 1, 3, 4}, {5}}

// frameCongruence is j·p·jᵀ for a frameMap j: mat.Congruence6's sums without
// the terms j's zeros make zero, in the same order, so the same to the bit
// (for a finite p) at a third of the work. Sharing track reports converts
// every report both ways.
func frameCongruence(j, p *[6][6]float64) (c [6][6]float64) {
	var t [6][6]float64 // j·p
	for i := range 6 {
		for l := range 6 {
			s := 0.0
			for _, k := range frameCols[i] {
				s += j[i][k] * p[k][l]
			}
			t[i][l] = s
		}
	}
	for i := range 6 {
		for m := i; m < 6; m++ {
			s := 0.0
			for _, k := range frameCols[m] {
				s += t[i][k] * j[m][k]
			}
			c[i][m], c[m][i] = s, s
		}
	}
	return c
}
