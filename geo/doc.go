// Package geo holds JRMD's Earth: the reference models, the coordinate frames
// and the conversions between them, time to Earth rotation, distances and
// geodesics, and bald-Earth line of sight. Everything is a small value type or
// a free function; nothing allocates, nothing is global except the two model
// values WGS84 and Sphere.
//
// A typical use converts a site and a target to look angles, and measures
// the ground distance between two points:
//
//	site := geo.LLA{LatDeg: 54.36, LonDeg: -0.67, AltM: 30}
//	aer := geo.WGS84.AER(site, target)             // target is a geo.ECEF
//	distM, azRad, _ := geo.WGS84.Inverse(site, aim) // geodesic on the ellipsoid
//	visible := geo.WGS84.LineOfSight(geo.WGS84.ToECEF(site), target)
//
// The package's Examples do this with checked output: Earth.ToLLA, Earth.AER,
// Earth.Inverse and Earth.LineOfSight (the radar horizon).
//
// # Frames and units
//
// SI units throughout (metres, seconds, radians), except that LLA carries
// latitude and longitude in degrees, as people type them. The frame is in the
// type, so a vector cannot silently change frame:
//
//   - ECEF: Earth-centred, Earth-fixed, z along the rotation axis, x through
//     the prime meridian.
//   - ECI: Earth-centred inertial sharing ECEF's z axis; ECIToECEF and
//     ECEFToECI rotate between the two by an Earth rotation angle θ, and
//     ECIToECEFVel / ECEFToECIVel convert velocities (v_ECEF = R·v_ECI − ω×r).
//   - LLA: geodetic latitude, longitude (output in (−180°, 180°]) and height
//     above the ellipsoid. Earth.ToECEF and Earth.ToLLA convert exactly
//     (closed form, Vermeille 2002), from the centre out to 1e8 m and beyond.
//   - ENU: a site's local east-north-up axes; "up" is the ellipsoid normal.
//     Earth.ENU/FromENU convert positions (with the site as origin),
//     RotateENU/RotateFromENU directions and velocities (no translation).
//   - AER: azimuth clockwise from north in [0, 2π), elevation, slant range;
//     ToAER/FromAER convert ENU vectors, Earth.AER gives the look angles from
//     a site to an ECEF point.
//
// # Models
//
// An Earth is an ellipsoid of revolution (A, F) with the constants the flight
// physics needs. WGS84 is the World Geodetic System 1984; Sphere is the
// textbook sphere of radius 6371 km, on which latitudes are geocentric. Make
// other models by copying a value and changing a field.
//
// # Time and Earth rotation
//
// GMST(t) is the Greenwich mean sidereal time by the IAU-1982 formula
// (Vallado, "Fundamentals of Astrodynamics and Applications", eq. 3-47),
// taking UT1 equal to UTC (|UT1 − UTC| < 0.9 s, at most 0.4 km of rotation at
// the equator). Pass it as θ to ECIToECEF; or use θ = Omega·t in a simulation
// whose epoch aligns the two frames.
//
// Omitted, deliberately: precession, nutation and polar motion, the equation
// of the equinoxes (GAST − GMST, up to about 1.1 s of time) and leap seconds.
// The ECI frame here therefore has the rotation axis as z and the mean
// equinox of date as x; it is not J2000/GCRF, from which it drifts by
// precession (about 50" a year since 2000) and nutation (up to about 17").
// Inside JRMD that is harmless: ECI serves as the integration frame while
// sites, sensors and impacts are Earth-fixed, so only the rotation angle and
// its rate matter. States exchanged with outside systems in J2000/GCRF
// (ephemerides, TLEs) need an IERS-grade conversion, which this package does
// not provide.
//
// # Distances
//
// GreatCircle and DestinationSphere work on a sphere of any radius, accurate
// for all separations including antipodes. Earth.Inverse and Earth.Direct
// solve the geodesic problems on the ellipsoid by Karney's algorithm
// (J. Geodesy 2013): accurate to about 15 nm, convergent for every pair of
// points including nearly antipodal ones, with bounded iteration. For F == 0
// they return exactly the great-circle results. Heights are ignored by both.
//
// # Line of sight
//
// Earth.LineOfSight reports whether the straight segment between two ECEF
// points stays above the ellipsoid: no terrain, no atmospheric refraction.
// (For the usual 4/3-Earth radar-horizon approximation, convert the positions
// and test on an Earth whose A is scaled by 4/3.) A point within SurfaceTolM
// of the surface counts as on it. Earth.Inside tests a single point.
package geo
