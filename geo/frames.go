package geo

// ECEF is a position (m) or velocity (m/s) in the Earth-centred, Earth-fixed
// frame: z along the rotation axis, x through the prime meridian at the equator.
type ECEF Vec3

// ECI is a position (m) or velocity (m/s) in an Earth-centred inertial frame
// sharing ECEF's z axis; it coincides with ECEF when the Earth rotation angle
// is zero (see ECIToECEF, GMST).
type ECI Vec3

// ENU is a local east-north-up vector (m) at a site.
type ENU Vec3

// LLA is a geodetic position: latitude and longitude in degrees (north and
// east positive), height above the ellipsoid in metres. On a spherical Earth
// the latitude is geocentric.
type LLA struct {
	LatDeg, LonDeg, AltM float64
}

// AER is a look direction from a site: azimuth clockwise from true north and
// elevation above the local horizontal plane (both radians), slant range (m).
type AER struct {
	AzRad, ElRad, RangeM float64
}
