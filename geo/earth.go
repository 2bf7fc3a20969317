package geo

import "fmt"

// Earth is a reference Earth model: the shape (an ellipsoid of revolution,
// or a sphere when F is 0) and the constants the flight physics needs.
// Copy and modify a value to change one constant, e.g. e := WGS84; e.Omega = 0
// gives a non-rotating Earth (ECI and ECEF then coincide).
type Earth struct {
	Name  string
	A     float64 // equatorial radius, m
	F     float64 // flattening (0 for a sphere)
	Mu    float64 // gravitational parameter GM, m³/s²
	J2    float64 // second zonal harmonic (0: point-mass gravity)
	Omega float64 // rotation rate, rad/s (0: non-rotating)
}

// Constants shared by both models.
const (
	// MuEarth is GM of the Earth including the atmosphere (NIMA TR8350.2, 3rd
	// ed., 2000, table 3.1).
	MuEarth = 3.986004418e14
	// J2Earth is the WGS-84 second zonal harmonic as used by JRMD (NIMA
	// TR8350.2 table 3.x gives C̄20 = -0.484166774985e-3 normalised).
	J2Earth = 1.08262668e-3
	// OmegaEarth is the nominal mean angular velocity of the Earth (NIMA
	// TR8350.2 table 3.1).
	OmegaEarth = 7.292115e-5
	// SphereRadius is the mean Earth radius of the textbook spherical model.
	SphereRadius = 6371000.0
)

var (
	// WGS84 is the World Geodetic System 1984 ellipsoid (NIMA TR8350.2,
	// 3rd ed., 2000: a = 6378137 m, 1/f = 298.257223563) with J2 gravity and
	// Earth rotation.
	WGS84 = Earth{Name: "wgs84", A: 6378137.0, F: 1 / 298.257223563, Mu: MuEarth, J2: J2Earth, Omega: OmegaEarth}
	// Sphere is the textbook spherical Earth: radius 6,371 km, point-mass
	// gravity, rotating (set Omega to 0 for the fully idealised setting).
	Sphere = Earth{Name: "spherical", A: SphereRadius, F: 0, Mu: MuEarth, J2: 0, Omega: OmegaEarth}
)

// B is the polar radius, m.
func (e Earth) B() float64 { return e.A * (1 - e.F) }

// E2 is the first eccentricity squared.
func (e Earth) E2() float64 { return e.F * (2 - e.F) }

// Names lists the Earth models ParseEarth knows.
func (Earth) Names() []string { return []string{WGS84.Name, Sphere.Name} }

// ParseEarth returns the Earth model of a name: wgs84 or spherical.
func ParseEarth(name string) (Earth, error) {
	for _, e := range []Earth{WGS84, Sphere} {
		if e.Name == name {
			return e, nil
		}
	}
	return Earth{}, fmt.Errorf("geo: unknown Earth model %q (want wgs84 or spherical)", name)
}

// UnmarshalText reads an Earth model's name (ParseEarth): a scenario's
// earth key.
func (e *Earth) UnmarshalText(b []byte) error {
	v, err := ParseEarth(string(b))
	if err == nil {
		*e = v
	}
	return err
}
