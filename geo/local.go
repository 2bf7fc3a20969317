package geo

import "math"

// enuBasis returns the site's east, north and up unit vectors in ECEF. Up is
// the ellipsoid normal (geodetic latitude); on a sphere, the radial direction.
// At a pole, east and north follow the site's longitude: at {90, 0, 0} east
// is +y and north is -x.
func enuBasis(site LLA) (east, north, up Vec3) {
	sphi, cphi := sincosd(site.LatDeg)
	slam, clam := sincosd(site.LonDeg)
	east = Vec3{-slam, clam, 0}
	north = Vec3{-sphi * clam, -sphi * slam, cphi}
	up = Vec3{cphi * clam, cphi * slam, sphi}
	return east, north, up
}

// RotateENU expresses an ECEF direction or velocity v in the site's local
// east-north-up axes (rotation only, no translation).
func RotateENU(site LLA, v Vec3) ENU {
	east, north, up := enuBasis(site)
	return ENU{east.Dot(v), north.Dot(v), up.Dot(v)}
}

// RotateFromENU is the inverse of RotateENU: it expresses a local
// east-north-up vector in ECEF axes.
func RotateFromENU(site LLA, v ENU) Vec3 {
	east, north, up := enuBasis(site)
	return east.Scale(v[0]).Add(north.Scale(v[1])).Add(up.Scale(v[2]))
}

// ENU returns the vector from site to r in the site's east-north-up frame, m.
func (e Earth) ENU(site LLA, r ECEF) ENU {
	s := e.ToECEF(site)
	return RotateENU(site, Vec3(r).Sub(Vec3(s)))
}

// FromENU is the inverse of ENU: the ECEF position at offset v from site.
func (e Earth) FromENU(site LLA, v ENU) ECEF {
	s := e.ToECEF(site)
	return ECEF(Vec3(s).Add(RotateFromENU(site, v)))
}

// ToAER converts a local east-north-up vector to azimuth (clockwise from
// north, [0, 2π)), elevation ([-π/2, π/2]) and range. Straight up or down the
// azimuth is undefined and reported as 0; the zero vector gives AER{}.
func ToAER(v ENU) AER {
	horiz := math.Hypot(v[0], v[1])
	az := 0.0
	if horiz != 0 {
		az = math.Atan2(v[0], v[1])
		if az < 0 {
			az += twoPi
			if az >= twoPi {
				az = 0
			}
		}
	}
	return AER{AzRad: az, ElRad: math.Atan2(v[2], horiz), RangeM: math.Hypot(horiz, v[2])}
}

// FromAER is the inverse of ToAER.
func FromAER(a AER) ENU {
	saz, caz := math.Sincos(a.AzRad)
	sel, cel := math.Sincos(a.ElRad)
	h := a.RangeM * cel
	return ENU{h * saz, h * caz, a.RangeM * sel}
}

// AER returns the look angles and slant range from site to r (geometric
// line of sight: no refraction).
func (e Earth) AER(site LLA, r ECEF) AER {
	return ToAER(e.ENU(site, r))
}
