package geo

import (
	"math"
	"math/rand"
	"testing"
)

// TestLineOfSightHorizon checks the radar-horizon geometry of a sphere: a site
// at height h sees a target at height H exactly out to the ground angle
// θmax = acos(R/(R+h)) + acos(R/(R+H)) (the two tangent lengths meet at the
// tangent point).
func TestLineOfSightHorizon(t *testing.T) {
	const (
		// Ground-angle margin on each side of θmax, rad (6.4 m of ground
		// distance): the sight line then clears, or dips below, the surface
		// by centimetres, well beyond SurfaceTolM.
		marginRad = 1e-6
		// For a site on the surface the line grazes at the site itself and
		// the dip grows only quadratically; 1e-4 rad (640 m) dips it by
		// about 0.1 m.
		grazingMarginRad = 1e-4
	)
	R := SphereRadius
	for _, hs := range []struct{ h, H float64 }{
		{10, 0}, {10, 100}, {30, 10e3}, {1000, 1000}, {1e5, 1e6}, {0, 1e4}, {0, 1e6}, {3.6e7, 0},
	} {
		thMax := math.Acos(R/(R+hs.h)) + math.Acos(R/(R+hs.H))
		m := marginRad
		if hs.h == 0 || hs.H == 0 {
			m = grazingMarginRad
		}
		for _, az := range []float64{0, 1, 4} {
			site := LLA{12, 34, hs.h}
			a := Sphere.ToECEF(site)
			in := Sphere.ToECEF(withAlt(DestinationSphere(site, az, (thMax-m)*R, R), hs.H))
			out := Sphere.ToECEF(withAlt(DestinationSphere(site, az, (thMax+m)*R, R), hs.H))
			if !Sphere.LineOfSight(a, in) || !Sphere.LineOfSight(in, a) {
				t.Errorf("h %v, H %v, az %v: blocked just inside the horizon (θmax %.6f rad)", hs.h, hs.H, az, thMax)
			}
			if Sphere.LineOfSight(a, out) || Sphere.LineOfSight(out, a) {
				t.Errorf("h %v, H %v, az %v: visible just beyond the horizon (θmax %.6f rad)", hs.h, hs.H, az, thMax)
			}
		}
	}
}

func withAlt(p LLA, h float64) LLA { p.AltM = h; return p }

// TestLineOfSightEllipsoid checks cases where the ellipsoid's shape matters.
func TestLineOfSightEllipsoid(t *testing.T) {
	a, b := WGS84.A, WGS84.B()
	// Pole versus equator, in the x–z plane. Scaled by (a, a, b) a point
	// above the pole at height h and one above the equator at height H map to
	// (0, 0, 1+h/b) and (1+H/a, 0, 0); the chord between them is tangent to
	// the unit circle when both coordinates are √2. With H = (√2−1)·a the
	// limiting pole height is (√2−1)·b, 8.8 km less than a sphere of radius
	// a would need.
	const stepM = 100 // m either side of the limit
	eq := ECEF{math.Sqrt2 * a, 0, 0}
	hLim := (math.Sqrt2 - 1) * b
	above := ECEF{0, 0, b + hLim + stepM}
	below := ECEF{0, 0, b + hLim - stepM}
	if !WGS84.LineOfSight(above, eq) {
		t.Errorf("pole at limit + %v m should see the equatorial point", stepM)
	}
	if WGS84.LineOfSight(below, eq) {
		t.Errorf("pole at limit − %v m should not see the equatorial point", stepM)
	}
	sphereA := Earth{Name: "sphere a", A: a}
	if sphereA.LineOfSight(above, eq) {
		t.Errorf("a sphere of radius a should block what the flatter pole lets through")
	}
	// Along the equator the section is a circle of radius a: the sphere
	// formula holds with R = a.
	const H = 5e5
	thMax := 2 * math.Acos(a/(a+H))
	const margin = 1e-6
	p := WGS84.ToECEF(LLA{0, 0, H})
	if !WGS84.LineOfSight(p, WGS84.ToECEF(LLA{0, (thMax - margin) / degree, H})) {
		t.Errorf("equator: blocked inside the horizon")
	}
	if WGS84.LineOfSight(p, WGS84.ToECEF(LLA{0, (thMax + margin) / degree, H})) {
		t.Errorf("equator: visible beyond the horizon")
	}
	// The polar section is flatter near the pole (radius of curvature a²/b
	// > a), so the same heights see farther along a meridian at the pole
	// than along the equator.
	pole := WGS84.ToECEF(LLA{90, 0, H})
	farther := WGS84.Direct(LLA{90, 0, H}, math.Pi, (thMax+margin)*a)
	if !WGS84.LineOfSight(pole, WGS84.ToECEF(farther)) {
		t.Errorf("pole: should see beyond the equatorial horizon distance")
	}
}

func TestLineOfSightEdgeCases(t *testing.T) {
	site := WGS84.ToECEF(LLA{45, 45, 0})
	zenith := WGS84.ToECEF(LLA{45, 45, 1e6})
	under := WGS84.ToECEF(LLA{45, 45, -10})
	tests := []struct {
		name string
		a, b ECEF
		want bool
	}{
		{"surface site to zenith", site, zenith, true},
		{"surface site to itself", site, site, true},
		{"through the Earth", WGS84.ToECEF(LLA{0, 0, 100}), WGS84.ToECEF(LLA{0, 180, 100}), false},
		{"endpoint below the surface", under, zenith, false},
		{"both at the centre", ECEF{}, ECEF{}, false},
		{"far apart in space", ECEF{1e8, 0, 0}, ECEF{0, 1e8, 0}, true},
		{"far apart, Earth between", ECEF{1e8, 0, 0}, ECEF{-1e8, 1, 0}, false},
	}
	for _, tt := range tests {
		if got := WGS84.LineOfSight(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: LineOfSight = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestLineOfSightSampled compares LineOfSight with a dense walk along the
// segment testing Inside, skipping pairs whose closest approach is within
// the walk's resolution of the surface.
func TestLineOfSightSampled(t *testing.T) {
	const steps = 1000
	rng := rand.New(rand.NewSource(5))
	var seen [2]int // pairs compared: visible, blocked
	for i := 0; i < 600; i++ {
		pa := LLA{rng.Float64()*180 - 90, rng.Float64()*360 - 180, rng.Float64() * 2e6}
		pb := LLA{rng.Float64()*180 - 90, rng.Float64()*360 - 180, rng.Float64() * 2e6}
		a, b := WGS84.ToECEF(pa), WGS84.ToECEF(pb)
		blocked := false
		minAlt := math.Inf(1)
		for k := 0; k <= steps; k++ {
			r := ECEF(Vec3(a).Add(Vec3(b).Sub(Vec3(a)).Scale(float64(k) / steps)))
			if WGS84.Inside(r) {
				blocked = true
			}
			minAlt = math.Min(minAlt, WGS84.ToLLA(r).AltM)
		}
		seg := Vec3(b).Sub(Vec3(a)).Norm() / steps
		if math.Abs(minAlt) < seg*seg/WGS84.B() { // sag between samples
			continue
		}
		if got := WGS84.LineOfSight(a, b); got == blocked {
			t.Errorf("%+v → %+v: LineOfSight %v, sampled blocked %v (min height %.1f m)", pa, pb, got, blocked, minAlt)
		}
		if blocked {
			seen[1]++
		} else {
			seen[0]++
		}
	}
	if seen[0] < 50 || seen[1] < 50 {
		t.Errorf("too few cases compared: %d visible, %d blocked", seen[0], seen[1])
	}
}

func TestInside(t *testing.T) {
	a, b := WGS84.A, WGS84.B()
	tests := []struct {
		r    ECEF
		want bool
	}{
		{ECEF{}, true},
		{ECEF{a - 1e-3, 0, 0}, true},
		{ECEF{a + 1e-3, 0, 0}, false},
		{ECEF{0, 0, b - 1e-3}, true},
		{ECEF{0, 0, b + 1e-3}, false},
		{ECEF{0, 0, -b - 1e-3}, false},
		// Between the polar and equatorial radii: inside near the equator,
		// outside at the pole.
		{ECEF{0, a - 1e3, 0}, true},
		{ECEF{0, 0, a - 1e3}, false},
	}
	for _, tt := range tests {
		if got := WGS84.Inside(tt.r); got != tt.want {
			t.Errorf("Inside(%v) = %v, want %v", tt.r, got, tt.want)
		}
	}
}
