package geo

import (
	"math"
	"math/rand"
	"testing"
)

// dms converts degrees, minutes and seconds (sign taken from d; write
// -dms(0, m, s) for a negative angle under 1°) to degrees.
func dms(d, m, s float64) float64 {
	return math.Copysign(math.Abs(d)+m/60+s/3600, d)
}

// Ellipsoids of Vincenty (1975), "Direct and inverse solutions of geodesics
// on the ellipsoid with application of nested equations", Survey Review
// 23(176) 88–93, Table II.
var (
	bessel1841 = Earth{Name: "bessel", A: 6377397.155, F: 1 / 299.1528128}
	intl1924   = Earth{Name: "international", A: 6378388, F: 1.0 / 297}
)

type geodLine struct {
	name                  string
	e                     Earth
	lat1, lat2, lon12     float64 // deg; point 1 at longitude 0
	az1, az2              float64 // deg; az2 is the forward azimuth at point 2
	s                     float64 // m
	sTolM, angTol, posTol float64 // m, deg (azimuths), deg (positions)
}

// vincentyLines are the five test lines of Vincenty (1975), Table II,
// printed to 1 mm and 0.00001". Vincenty's series are good to about 0.1 mm
// and his endpoints are rounded to 0.00001" (0.3 mm); this solver differs
// from the printed distances by at most 0.8 mm. Line (d) is nearly
// antipodal: there, moving an endpoint by its rounding (0.000005") turns
// the azimuths by up to 0.004", hence its wider azimuth tolerance.
func vincentyLines() []geodLine {
	const sTol, angTol = 1e-3, 1e-4 / 3600 // 1 mm, 0.0001"
	const antipodalAngTol = 5e-3 / 3600    // 0.005"
	return []geodLine{
		{"Vincenty (a)", bessel1841, dms(55, 45, 0), dms(-33, 26, 0), dms(108, 13, 0),
			dms(96, 36, 8.79960), dms(137, 52, 22.01454), 14110526.170, sTol, angTol, angTol},
		{"Vincenty (b)", intl1924, dms(37, 19, 54.95367), dms(26, 7, 42.83946), dms(41, 28, 35.50729),
			dms(95, 27, 59.63089), dms(118, 5, 58.96161), 4085966.703, sTol, angTol, angTol},
		{"Vincenty (c)", intl1924, dms(35, 16, 11.24862), dms(67, 22, 14.77638), dms(137, 47, 28.31435),
			dms(15, 44, 23.74850), dms(144, 55, 39.92147), 8084823.839, sTol, angTol, angTol},
		{"Vincenty (d)", intl1924, dms(1, 0, 0), -dms(0, 59, 53.83076), dms(179, 17, 48.02997),
			dms(89, 0, 0), dms(91, 0, 6.11733), 19960000.000, sTol, antipodalAngTol, angTol},
		{"Vincenty (e)", intl1924, dms(1, 0, 0), dms(1, 1, 15.18952), dms(179, 46, 17.84244),
			dms(4, 59, 59.99995), dms(174, 59, 59.88481), 19780006.558, sTol, angTol, angTol},
	}
}

// karneyLines are the worked examples of Karney, "Algorithms for
// geodesics", J. Geodesy 87 (2013) 43–55, on WGS-84: Table 2 (direct),
// Table 3 (a short inverse, printed to 1e-6° and 1e-6 m) and Table 5 (a
// nearly antipodal inverse, 1e-11° and 1e-6 m).
func karneyLines() []geodLine {
	return []geodLine{
		{"Karney table 2", WGS84, 40, 41.79331020506, 137.84490004377, 30, 149.09016931807, 10e6, 1e-6, 1e-11, 1e-11},
		{"Karney table 3", WGS84, -30.12345, -30.12344, 0.00005, 77.043533, 77.043508, 4.944208, 1e-6, 1e-6, 1e-11},
		{"Karney table 5", WGS84, -30, 29.9, 179.8, 161.89052473633, 18.09073724574, 19989832.827610, 1e-6, 1e-11, 1e-11},
	}
}

func TestInverseReference(t *testing.T) {
	for _, l := range append(vincentyLines(), karneyLines()...) {
		s, az1, az2 := l.e.Inverse(LLA{l.lat1, 0, 0}, LLA{l.lat2, l.lon12, 0})
		if math.Abs(s-l.s) > l.sTolM {
			t.Errorf("%s: s = %.6f m, want %.6f (off %.3g m, tol %g m)", l.name, s, l.s, s-l.s, l.sTolM)
		}
		if d := math.Abs(math.Remainder(az1/degree-l.az1, 360)); d > l.angTol {
			t.Errorf("%s: az1 = %.11f°, want %.11f° (off %.3g\", tol %.3g\")", l.name, az1/degree, l.az1, d*3600, l.angTol*3600)
		}
		if d := math.Abs(math.Remainder(az2/degree-l.az2, 360)); d > l.angTol {
			t.Errorf("%s: az2 = %.11f°, want %.11f° (off %.3g\", tol %.3g\")", l.name, az2/degree, l.az2, d*3600, l.angTol*3600)
		}
	}
}

func TestDirectReference(t *testing.T) {
	for _, l := range append(vincentyLines(), karneyLines()...) {
		if l.name == "Karney table 3" {
			continue // azimuth printed to 1e-6° only: too coarse to aim a direct solution
		}
		p := l.e.Direct(LLA{l.lat1, 0, 42}, l.az1*degree, l.s)
		if math.Abs(p.LatDeg-l.lat2) > l.posTol || math.Abs(angDiff(l.lon12, p.LonDeg)) > l.posTol || p.AltM != 42 {
			t.Errorf("%s: Direct = %+v, want {%.11f %.11f 42} (tol %.3g°)", l.name, p, l.lat2, l.lon12, l.posTol)
		}
	}
	// The forward azimuth at the end of Karney's table 2 line.
	g := newGeodesic(WGS84.A, WGS84.F)
	if _, _, azi2 := g.direct(40, 0, 30, 10e6); math.Abs(azi2-149.09016931807) > 1e-11 {
		t.Errorf("Karney table 2: azi2 = %.11f, want 149.09016931807", azi2)
	}
}

// TestGeodesicSphere checks that F == 0 gives the great-circle results
// exactly, and the great-circle functions against closed forms.
func TestGeodesicSphere(t *testing.T) {
	const (
		distTolM = 1e-6
		azTol    = 1e-12 // rad
	)
	R := SphereRadius
	tests := []struct {
		name     string
		a, b     LLA
		dist, az float64
	}{
		{"quarter of the equator", LLA{0, 0, 0}, LLA{0, 90, 0}, R * math.Pi / 2, math.Pi / 2},
		{"pole to equator", LLA{90, 0, 0}, LLA{0, 0, 0}, R * math.Pi / 2, math.Pi},
		{"equator to pole", LLA{0, 37, 0}, LLA{90, 0, 0}, R * math.Pi / 2, 0},
		{"westward across the antimeridian", LLA{0, -179, 0}, LLA{0, 179, 0}, R * 2 * degree, 3 * math.Pi / 2},
		{"antipodes: azimuth 0 by convention", LLA{0, 0, 0}, LLA{0, 180, 0}, R * math.Pi, 0},
		{"nearly antipodal keeps its digits", LLA{0, 0, 0}, LLA{1e-7, 180, 0}, R * (math.Pi - 1e-7*degree), 0},
		{"coincident", LLA{12, 34, 0}, LLA{12, 34, 0}, 0, 0},
	}
	for _, tt := range tests {
		d, az := GreatCircle(tt.a, tt.b, R)
		if math.Abs(d-tt.dist) > distTolM || math.Abs(az-tt.az) > azTol {
			t.Errorf("%s: GreatCircle = %.9f m, %v rad; want %.9f, %v", tt.name, d, az, tt.dist, tt.az)
		}
		d2, az2, _ := Sphere.Inverse(tt.a, tt.b)
		if d2 != d || az2 != az {
			t.Errorf("%s: Sphere.Inverse = %v, %v differs from GreatCircle %v, %v", tt.name, d2, az2, d, az)
		}
	}
	// Rosetta Code, "Haversine formula": Nashville BNA (36.12°, −86.67°) to
	// Los Angeles LAX (33.94°, −118.40°) on a 6372.8 km sphere is
	// 2887.25995060711033944886 km (extended-precision value).
	if d, _ := GreatCircle(LLA{36.12, -86.67, 0}, LLA{33.94, -118.40, 0}, 6372.8e3); math.Abs(d-2887259.95060711034) > distTolM {
		t.Errorf("BNA–LAX: %.6f m, want 2887259.950607 m", d)
	}
	// A nearly spherical ellipsoid takes the general path and must agree
	// with the sphere to within about F·distance.
	const tinyF = 1e-12
	nearSphere := Earth{A: R, F: tinyF}
	rng0 := rand.New(rand.NewSource(7))
	for i := 0; i < 1000; i++ {
		a := LLA{rng0.Float64()*180 - 90, rng0.Float64()*360 - 180, 0}
		b := LLA{rng0.Float64()*180 - 90, rng0.Float64()*360 - 180, 0}
		d, _ := GreatCircle(a, b, R)
		if s, _, _ := nearSphere.Inverse(a, b); math.Abs(s-d) > 10*tinyF*R+distTolM {
			t.Fatalf("F = %g: Inverse(%+v, %+v) = %.9f m, sphere %.9f m", tinyF, a, b, s, d)
		}
	}
	// Direct on a sphere is DestinationSphere, and inverts GreatCircle.
	rng := rand.New(rand.NewSource(3))
	for i := 0; i < 1000; i++ {
		a := LLA{rng.Float64()*180 - 90, rng.Float64()*360 - 180, 0}
		b := LLA{rng.Float64()*180 - 90, rng.Float64()*360 - 180, 0}
		d, az := GreatCircle(a, b, R)
		p := Sphere.Direct(a, az, d)
		if p != DestinationSphere(a, az, d, R) {
			t.Fatalf("Sphere.Direct differs from DestinationSphere")
		}
		if x := Vec3(Sphere.ToECEF(p)).Sub(Vec3(Sphere.ToECEF(b))).Norm(); x > distTolM {
			t.Fatalf("DestinationSphere(%+v, GreatCircle(a, %+v)) = %+v, off %.3g m", a, b, p, x)
		}
	}
}

// TestGeodesicConsistency runs random and awkward pairs on WGS-84: no NaN,
// Direct(Inverse) returns to the target, distances are symmetric, the
// azimuths are in [0, 2π), and the iteration converges well before its cap
// (so the cap is a guard, never the way out).
func TestGeodesicConsistency(t *testing.T) {
	const (
		posTolM = 1e-6 // Direct after Inverse lands within this of the target
		symTolM = 1e-7 // |s(a,b) − s(b,a)|
	)
	rng := rand.New(rand.NewSource(4))
	var pairs [][2]LLA
	special := []float64{-90, -89.99999999, -45, -1e-12, 0, 1e-12, 30, 89.99999999, 90}
	for _, la := range special {
		for _, lb := range special {
			for _, dl := range []float64{0, 1e-9, 90, 179, 179.5, 179.9999, 180, -180, -0.5} {
				pairs = append(pairs, [2]LLA{{la, 10, 0}, {lb, 10 + dl, 0}})
			}
		}
	}
	for i := 0; i < 3000; i++ {
		a := LLA{rng.Float64()*180 - 90, rng.Float64()*360 - 180, 0}
		b := LLA{rng.Float64()*180 - 90, rng.Float64()*360 - 180, 0}
		if i%3 == 0 { // nearly antipodal, where Vincenty's iteration fails
			b = LLA{-a.LatDeg + rng.NormFloat64()*0.3, a.LonDeg + 180 + rng.NormFloat64()*0.3, 0}
			b.LatDeg = math.Max(-90, math.Min(90, b.LatDeg))
		}
		pairs = append(pairs, [2]LLA{a, b})
	}
	g := newGeodesic(WGS84.A, WGS84.F)
	maxIters := 0
	for _, pr := range pairs {
		a, b := pr[0], pr[1]
		s, az1, az2 := WGS84.Inverse(a, b)
		if _, _, _, n := g.inverse(a.LatDeg, a.LonDeg, b.LatDeg, b.LonDeg); n >= maxIter2 {
			t.Errorf("Inverse(%+v, %+v) hit the iteration cap (%d)", a, b, n)
		} else if n > maxIters {
			maxIters = n
		}
		if math.IsNaN(s+az1+az2) || s < 0 {
			t.Fatalf("Inverse(%+v, %+v) = %v, %v, %v", a, b, s, az1, az2)
		}
		for _, az := range []float64{az1, az2} {
			if az < 0 || az >= twoPi {
				t.Errorf("Inverse(%+v, %+v): azimuth %v outside [0, 2π)", a, b, az)
			}
		}
		if sr, _, _ := WGS84.Inverse(b, a); math.Abs(sr-s) > symTolM {
			t.Errorf("Inverse not symmetric for %+v, %+v: %.9f vs %.9f", a, b, s, sr)
		}
		p := WGS84.Direct(a, az1, s)
		if d := Vec3(WGS84.ToECEF(p)).Sub(Vec3(WGS84.ToECEF(b))).Norm(); !(d <= posTolM) {
			t.Errorf("Direct(%+v, %v, %v) = %+v, %.3g m from %+v", a, az1, s, p, d, b)
		}
	}
	t.Logf("%d pairs; at most %d evaluations of λ12(α1)", len(pairs), maxIters)
}

// TestGeodesicMeridianAndEquator checks closed forms: the meridian quadrant
// and the equator.
func TestGeodesicMeridianAndEquator(t *testing.T) {
	// WGS-84 meridian quadrant, equator to pole: 10001965.72931272 m
	// (GeographicLib GeodSolve; PyGeodesy's Ellipsoid WGS84 "L" prints the
	// same digits).
	const (
		quadM    = 10001965.72931272
		quadTolM = 1e-6
	)
	s, az1, az2 := WGS84.Inverse(LLA{0, 0, 0}, LLA{90, 0, 0})
	if math.Abs(s-quadM) > quadTolM || az1 != 0 || az2 != 0 {
		t.Errorf("meridian quadrant: %.8f m, az %v, %v; want %.8f, 0, 0", s, az1, az2, quadM)
	}
	// At a pole azimuths are referred to the pole's own longitude label:
	// arriving along meridian 5°E at {90, 0}, the heading is −5°.
	_, _, az2 = WGS84.Inverse(LLA{0, 5, 0}, LLA{90, 0, 0})
	if math.Abs(az2-(2*math.Pi-5*degree)) > 1e-12 {
		t.Errorf("arrival azimuth at the pole: %v°, want 355°", az2/degree)
	}
	// Along the equator the geodesic is the equator while λ12 ≤ (1 − f)·180°.
	s, az1, az2 = WGS84.Inverse(LLA{0, 0, 0}, LLA{0, 100, 0})
	if math.Abs(s-WGS84.A*100*degree) > 1e-6 || az1 != math.Pi/2 || az2 != math.Pi/2 {
		t.Errorf("equator 100°: %.6f m, %v, %v", s, az1, az2)
	}
	// Exactly antipodal points on the equator: the shortest path runs over
	// a pole, twice the quadrant.
	s, _, _ = WGS84.Inverse(LLA{0, 0, 0}, LLA{0, 180, 0})
	if math.Abs(s-2*quadM) > 2*quadTolM {
		t.Errorf("equatorial antipodes: %.8f m, want %.8f", s, 2*quadM)
	}
}
