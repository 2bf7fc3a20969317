package ballistic_test

import (
	"fmt"
	"math"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// The textbook minimum-energy arc over a quarter of the Earth's circumference.
func ExampleTextbookArc() {
	arc, err := ballistic.TextbookArc(geo.MuEarth, geo.SphereRadius, math.Pi/2*geo.SphereRadius, ballistic.MinimumEnergy, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("burnout %.0f m/s at %.1f°, %.0f s, apogee %.0f km\n",
		arc.BurnoutSpeedMps, arc.FlightPathAngleRad*180/math.Pi, arc.FlightTimeS, arc.ApogeeAltM/1e3)
	// Output: burnout 7199 m/s at 22.5°, 1932 s, apogee 1319 km
}

// An IRBM from Semnan to Berlin on the rotating WGS-84 Earth.
func ExampleSolve() {
	irbm, _ := ballistic.LookupMissile("irbm")
	tr, err := ballistic.Solve(ballistic.Request{
		From:    geo.LLA{LatDeg: 35.23, LonDeg: 53.92},
		To:      geo.LLA{LatDeg: 52.52, LonDeg: 13.40},
		Earth:   geo.WGS84,
		Missile: &irbm,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("range %.0f km, burnout %.1f km/s, flight %.0f min, lands within 1 km: %v\n",
		tr.RangeM/1e3, tr.BurnoutSpeedMps/1e3, tr.FlightTimeS/60, tr.ImpactErrorM < 1000)
	// Output: range 3712 km, burnout 5.0 km/s, flight 18 min, lands within 1 km: true
}
