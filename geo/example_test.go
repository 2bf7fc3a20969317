package geo_test

import (
	"fmt"
	"math"

	"github.com/jrmd/jrmd/geo"
)

// Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed.,
// Example 3-3: an Earth-fixed position in km, converted on WGS-84.
func ExampleEarth_ToLLA() {
	r := geo.ECEF{6524.834e3, 6862.875e3, 6448.296e3}
	p := geo.WGS84.ToLLA(r)
	fmt.Printf("lat %.6f°, lon %.4f°, height %.2f km\n", p.LatDeg, p.LonDeg, p.AltM/1000)
	// Output:
	// lat 34.352495°, lon 46.4464°, height 5085.22 km
}

// A radar on the coast looks at a target 300 km north-east at 100 km
// altitude. (Check on a sphere: central angle θ = 300/6371 rad gives
// el = atan((6471·cos θ − 6371)/(6471·sin θ)) ≈ 16.95°.)
func ExampleEarth_AER() {
	site := geo.LLA{LatDeg: 36.0, LonDeg: -75.5, AltM: 10}
	e := geo.WGS84
	p := e.Direct(site, 45*math.Pi/180, 300e3) // 300 km along the surface, heading NE
	p.AltM = 100e3
	a := e.AER(site, e.ToECEF(p))
	fmt.Printf("az %.2f°, el %.2f°, range %.1f km\n", a.AzRad*180/math.Pi, a.ElRad*180/math.Pi, a.RangeM/1000)
	// Output:
	// az 45.00°, el 16.95°, range 318.4 km
}

// The geodesic from the Semnan launch area to Berlin on the WGS-84
// ellipsoid, and the great circle on the textbook sphere for comparison
// (the haversine formula gives the same 3705.0 km and 313.97°).
func ExampleEarth_Inverse() {
	semnan := geo.LLA{LatDeg: 35.23, LonDeg: 53.92}
	berlin := geo.LLA{LatDeg: 52.52, LonDeg: 13.40}
	d, az, _ := geo.WGS84.Inverse(semnan, berlin)
	fmt.Printf("WGS-84: %.1f km, initial azimuth %.2f°\n", d/1e3, az*180/math.Pi)
	d, az = geo.GreatCircle(semnan, berlin, geo.SphereRadius)
	fmt.Printf("sphere: %.1f km, initial azimuth %.2f°\n", d/1e3, az*180/math.Pi)
	// Output:
	// WGS-84: 3711.6 km, initial azimuth 313.89°
	// sphere: 3705.0 km, initial azimuth 313.97°
}

// The radar horizon: how far along the surface a radar 30 m up sees an
// object at 100 km altitude over the bald ellipsoid (no refraction). On a
// sphere of radius R the horizon is R·(acos(R/(R+h₁)) + acos(R/(R+h₂))):
// 1141.0 km for R = 6371 km, 1142.8 km for the ellipsoid's radius of
// curvature there (6390.6 km at 54.36°N, azimuth 110°).
func ExampleEarth_LineOfSight() {
	e := geo.WGS84
	radar := geo.LLA{LatDeg: 54.36, LonDeg: -0.67, AltM: 30} // Fylingdales
	site := e.ToECEF(radar)
	lo, hi := 0.0, 5000e3 // seen at lo, hidden at hi: bisect to 100 m
	for hi-lo > 100 {
		mid := (lo + hi) / 2
		p := e.Direct(radar, 110*math.Pi/180, mid) // towards the south-east
		p.AltM = 100e3
		if e.LineOfSight(site, e.ToECEF(p)) {
			lo = mid
		} else {
			hi = mid
		}
	}
	fmt.Printf("horizon for a 100 km object: %.0f km\n", lo/1e3)
	// Output:
	// horizon for a 100 km object: 1143 km
}
