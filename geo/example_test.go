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
