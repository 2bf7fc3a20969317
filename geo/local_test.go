package geo

import (
	"math"
	"math/rand"
	"testing"
)

// Tolerances for the local-frame tests.
const (
	enuTolM   = 1e-8  // closed-form ENU offsets, m (rounding of ~1e7 m coordinates)
	angTolRad = 1e-12 // closed-form angles, rad
)

func TestENUClosedForm(t *testing.T) {
	a := WGS84.A
	tests := []struct {
		name string
		site LLA
		r    ECEF
		want ENU
	}{
		{"equator: straight up", LLA{0, 0, 0}, ECEF{a + 100, 0, 0}, ENU{0, 0, 100}},
		{"equator: east is +y", LLA{0, 0, 0}, ECEF{a, 50, 0}, ENU{50, 0, 0}},
		{"equator: north is +z", LLA{0, 0, 0}, ECEF{a, 0, 70}, ENU{0, 70, 0}},
		{"equator 90E: east is -x", LLA{0, 90, 0}, ECEF{-30, a, 0}, ENU{30, 0, 0}},
		{"site above ground", LLA{0, 0, 500}, ECEF{a, 0, 0}, ENU{0, 0, -500}},
		// At the pole the frame follows the site's longitude: at lon 0,
		// north points along -x and east along +y.
		{"north pole lon 0", LLA{90, 0, 0}, ECEF{-10, 20, WGS84.B() + 30}, ENU{20, 10, 30}},
		{"north pole lon 90", LLA{90, 90, 0}, ECEF{-10, 20, WGS84.B() + 30}, ENU{10, -20, 30}},
		{"south pole lon 0", LLA{-90, 0, 0}, ECEF{10, 20, -WGS84.B() - 30}, ENU{20, 10, 30}},
	}
	for _, tt := range tests {
		got := WGS84.ENU(tt.site, tt.r)
		if d := Vec3(got).Sub(Vec3(tt.want)).Norm(); d > enuTolM {
			t.Errorf("%s: ENU = %v, want %v (off %.3g m, tol %g m)", tt.name, got, tt.want, d, enuTolM)
		}
		back := WGS84.FromENU(tt.site, got)
		if d := Vec3(back).Sub(Vec3(tt.r)).Norm(); d > enuTolM {
			t.Errorf("%s: FromENU(ENU(r)) = %v, want %v (off %.3g m)", tt.name, back, tt.r, d)
		}
	}
}

// TestENUUpIsNormal checks on the ellipsoid that "up" is the surface normal
// (geodetic), not the radial direction: a point raised along ENU up keeps the
// site's latitude and longitude.
func TestENUUpIsNormal(t *testing.T) {
	for _, lat := range []float64{-60, -10, 0, 33, 89} {
		site := LLA{lat, 17, 250}
		p := WGS84.ToLLA(WGS84.FromENU(site, ENU{0, 0, 12345}))
		if math.Abs(p.LatDeg-lat) > 1e-12 || math.Abs(p.LonDeg-17) > 1e-12 || math.Abs(p.AltM-12595) > enuTolM {
			t.Errorf("lat %v: raised point %+v, want {%v 17 12595}", lat, p, lat)
		}
	}
}

func TestRotateENURoundTrip(t *testing.T) {
	const tol = 1e-12 // relative, for unit-scale vectors
	rng := rand.New(rand.NewSource(2))
	for i := 0; i < 1000; i++ {
		site := LLA{rng.Float64()*180 - 90, rng.Float64()*360 - 180, 0}
		v := Vec3{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		u := RotateENU(site, v)
		if math.Abs(Vec3(u).Norm()-v.Norm()) > tol {
			t.Fatalf("RotateENU does not preserve length: %v → %v", v, u)
		}
		if d := RotateFromENU(site, u).Sub(v).Norm(); d > tol {
			t.Fatalf("RotateFromENU(RotateENU(v)) off by %g", d)
		}
	}
}

func TestToAER(t *testing.T) {
	tests := []struct {
		name string
		v    ENU
		want AER
	}{
		{"north", ENU{0, 1, 0}, AER{0, 0, 1}},
		{"east", ENU{2, 0, 0}, AER{math.Pi / 2, 0, 2}},
		{"south", ENU{0, -3, 0}, AER{math.Pi, 0, 3}},
		{"west", ENU{-4, 0, 0}, AER{3 * math.Pi / 2, 0, 4}},
		{"north-east, 45° up", ENU{1, 1, math.Sqrt2}, AER{math.Pi / 4, math.Pi / 4, 2}},
		{"north-west, 30° down", ENU{-1, 1, -math.Sqrt(2.0 / 3)}, AER{7 * math.Pi / 4, -math.Pi / 6, math.Sqrt(8.0 / 3)}},
		{"zenith: azimuth 0", ENU{0, 0, 5}, AER{0, math.Pi / 2, 5}},
		{"nadir", ENU{0, 0, -5}, AER{0, -math.Pi / 2, 5}},
		{"zero vector", ENU{}, AER{}},
		// atan2 gives -1e-300; adding 2π rounds to 2π, which must wrap to 0.
		{"hair west of north stays below 2π", ENU{-1e-300, 1, 0}, AER{0, 0, 1}},
	}
	for _, tt := range tests {
		got := ToAER(tt.v)
		if math.Abs(got.AzRad-tt.want.AzRad) > angTolRad || math.Abs(got.ElRad-tt.want.ElRad) > angTolRad ||
			math.Abs(got.RangeM-tt.want.RangeM) > 1e-12 {
			t.Errorf("%s: ToAER(%v) = %+v, want %+v", tt.name, tt.v, got, tt.want)
		}
		if got.AzRad < 0 || got.AzRad >= twoPi {
			t.Errorf("%s: azimuth %v outside [0, 2π)", tt.name, got.AzRad)
		}
		if d := Vec3(FromAER(got)).Sub(Vec3(tt.v)).Norm(); d > 1e-12 {
			t.Errorf("%s: FromAER(ToAER(v)) off by %g", tt.name, d)
		}
	}
}

// TestAERSphereChord checks Earth.AER against the chord geometry of a
// sphere: from a surface site, a surface point at central angle θ due north
// lies at elevation −θ/2 and slant range 2R·sin(θ/2).
func TestAERSphereChord(t *testing.T) {
	const (
		rangeTolM = 1e-6
		// The ENU vector is a difference of ~6e6 m coordinates (~1e-9 m
		// rounding), so short chords get angle errors of ~1e-9 m / range.
		chordTolRad = 1e-9
	)
	site := LLA{10, 20, 0}
	for _, thDeg := range []float64{0.01, 1, 10, 60, 120, 179} {
		th := thDeg * degree
		// Due north along the meridian, over the pole when θ > 80°: the
		// path still leaves the site heading north.
		r := Sphere.ToECEF(DestinationSphere(site, 0, th*SphereRadius, SphereRadius))
		got := Sphere.AER(site, r)
		if math.Abs(got.ElRad+th/2) > chordTolRad || math.Abs(got.RangeM-2*SphereRadius*math.Sin(th/2)) > rangeTolM ||
			math.Abs(math.Remainder(got.AzRad, twoPi)) > chordTolRad {
			t.Errorf("θ = %v°: AER = %+v, want az 0, el %v, range %v", thDeg, got, -th/2, 2*SphereRadius*math.Sin(th/2))
		}
	}
	// Due east along the equator.
	got := Sphere.AER(LLA{0, 0, 0}, Sphere.ToECEF(LLA{0, 30, 0}))
	if math.Abs(got.AzRad-math.Pi/2) > angTolRad || math.Abs(got.ElRad+15*degree) > angTolRad {
		t.Errorf("due east 30°: %+v, want az π/2, el -15°", got)
	}
	// Straight up from a site at 1 km.
	got = WGS84.AER(LLA{-33, 151, 1000}, WGS84.ToECEF(LLA{-33, 151, 401000}))
	if math.Abs(got.ElRad-math.Pi/2) > 1e-9 || math.Abs(got.RangeM-4e5) > rangeTolM {
		t.Errorf("zenith: %+v, want el π/2, range 400 km", got)
	}
}
