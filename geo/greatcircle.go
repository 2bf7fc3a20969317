package geo

import "math"

// GreatCircle returns the great-circle distance (m) between a and b on a
// sphere of the given radius (m), and the initial azimuth at a (radians
// clockwise from north, [0, 2π)). Latitudes are taken as geocentric and
// heights are ignored.
//
// It uses the atan2 form of the central angle (Vincenty's formula on the
// sphere), which is accurate for all separations, antipodes included, where
// haversine and the spherical law of cosines lose digits. Between exactly
// antipodal points every azimuth is a shortest path; 0 (north) is returned.
func GreatCircle(a, b LLA, radius float64) (distM, az1Rad float64) {
	d, az1, _ := greatCircle(a, b, radius)
	return d, az1
}

// greatCircle is GreatCircle that also returns the forward azimuth at b.
func greatCircle(a, b LLA, radius float64) (distM, az1Rad, az2Rad float64) {
	s1, c1 := sincosd(a.LatDeg)
	s2, c2 := sincosd(b.LatDeg)
	sl, cl := sincosd(angDiff(a.LonDeg, b.LonDeg))
	y1, x1 := c2*sl, c1*s2-s1*c2*cl // azimuth at a: atan2(y1, x1)
	sig := math.Atan2(math.Hypot(y1, x1), s1*s2+c1*c2*cl)
	y2, x2 := c1*sl, c1*s2*cl-s1*c2 // forward azimuth at b
	return radius * sig, azRad(atan2d(y1, x1)), azRad(atan2d(y2, x2))
}

// DestinationSphere returns the point reached from p by travelling distM (m)
// along a great circle of a sphere of the given radius (m), starting at
// azimuth azRad (radians clockwise from north). Latitudes are geocentric;
// the height of p is carried over unchanged. At a pole the azimuth is
// measured as if from the pole's meridian p.LonDeg (the limit approaching
// the pole along it).
func DestinationSphere(p LLA, azRad, distM, radius float64) LLA {
	lat, lon, _ := destinationSphere(p, azRad, distM, radius)
	return LLA{LatDeg: lat, LonDeg: lon, AltM: p.AltM}
}

// destinationSphere also returns the forward azimuth at the destination.
func destinationSphere(p LLA, az, distM, radius float64) (latDeg, lonDeg, az2Rad float64) {
	s1, c1 := sincosd(p.LatDeg)
	sa, ca := math.Sincos(az)
	sd, cd := math.Sincos(distM / radius)
	// Destination unit vector in a frame with x toward (lat 0, lon of p),
	// y east, z north.
	x := c1*cd - s1*sd*ca
	y := sd * sa
	z := s1*cd + c1*sd*ca
	latDeg = atan2d(z, math.Hypot(x, y))
	lonDeg = angNormalize(p.LonDeg + atan2d(y, x))
	// The forward azimuth at the destination follows from Clairaut's
	// constant sin α·cos φ and the rotated start direction.
	az2Rad = azRad(atan2d(sa*c1, c1*cd*ca-s1*sd))
	return latDeg, lonDeg, az2Rad
}
