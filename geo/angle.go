package geo

import "math"

// Angle helpers shared by the conversions and the geodesic solvers. They work
// in degrees where the public types do (LLA), and reduce arguments exactly so
// that the poles, the equator and the antimeridian come out exact: sin 90° is
// 1 and cos 90° is 0, not 6.1e-17. The technique follows Karney, "Algorithms
// for geodesics", J. Geodesy 87 (2013), sec. 7 (exact reduction of angles).

const (
	degree = math.Pi / 180 // radians per degree
	twoPi  = 2 * math.Pi
)

// sincosd returns the sine and cosine of x degrees, exact for multiples of
// 90° (the argument is reduced to [-45°, 45°] before conversion to radians).
func sincosd(x float64) (s, c float64) {
	r := x
	if !(math.Abs(r) < 360) { // math.Mod is slow; most arguments skip it
		r = math.Mod(r, 360) // exact
	}
	q := math.Floor(r/90 + 0.5)
	r -= 90 * q // exact (Sterbenz), |r| <= 45
	s, c = math.Sincos(r * degree)
	switch int(q) & 3 { // & 3 maps -1 to 3, -2 to 2 …
	case 0:
	case 1:
		s, c = c, -s
	case 2:
		s, c = -s, -c
	default:
		s, c = -c, s
	}
	// Turn -0 into +0 except for the sine of -0, which keeps its sign.
	c += 0
	if x != 0 {
		s += 0
	}
	return s, c
}

// atan2d is atan2(y, x) in degrees, in [-180, 180], exact for the axes.
func atan2d(y, x float64) float64 {
	q := 0
	if math.Abs(y) > math.Abs(x) {
		x, y = y, x
		q = 2
	}
	if math.Signbit(x) {
		x = -x
		q++
	}
	ang := math.Atan2(y, x) / degree // |ang| <= 45 here
	switch q {
	case 1:
		ang = math.Copysign(180, y) - ang
	case 2:
		ang = 90 - ang
	case 3:
		ang = -90 + ang
	}
	return ang
}

// angNormalize reduces x degrees to (-180, 180].
func angNormalize(x float64) float64 {
	y := math.Remainder(x, 360)
	if math.Abs(y) == 180 {
		return 180
	}
	return y
}

// angDiff returns y - x degrees reduced to (-180, 180]. Both arguments are
// reduced first so that large longitudes keep their precision.
func angDiff(x, y float64) float64 {
	return angNormalize(math.Remainder(y, 360) - math.Remainder(x, 360))
}

// angRound rounds tiny angles (|x| < 1/16 °) so that x + 1/16 is exact;
// without it an underflowing latitude could make the geodesic solver take
// the wrong branch (Karney 2013, sec. 7).
func angRound(x float64) float64 {
	const z = 1.0 / 16
	y := math.Abs(x)
	if y < z {
		y = z - (z - y)
	}
	return math.Copysign(y, x)
}

// azRad turns an azimuth in degrees (any range) into radians in [0, 2π).
func azRad(deg float64) float64 {
	r := math.Remainder(deg, 360) * degree
	if r < 0 {
		r += twoPi
		if r >= twoPi { // r was a tiny negative number
			r = 0
		}
	}
	if r == 0 {
		return 0 // no -0
	}
	return r
}

// norm2 scales (x, y) to unit length.
func norm2(x, y float64) (float64, float64) {
	r := math.Hypot(x, y)
	return x / r, y / r
}

func sq(x float64) float64 { return x * x }
