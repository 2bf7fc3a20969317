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

// Each missile class flown from the Semnan launch area toward Moscow
// (2,598 km), or to 95 % of its reach on that bearing when it falls short:
// its range, apogee and flight time on the rotating WGS-84 Earth with J2 and the standard
// atmosphere. The classes are illustrative fits to public figures
// (Missile.Source), not data on real missiles.
func ExampleLookupMissile() {
	semnan := geo.LLA{LatDeg: 35.23, LonDeg: 53.92}
	moscow := geo.LLA{LatDeg: 55.75, LonDeg: 37.62}
	dist, az, _ := geo.WGS84.Inverse(semnan, moscow)
	for _, name := range []string{"srbm", "mrbm", "irbm"} {
		m, err := ballistic.LookupMissile(name)
		if err != nil {
			fmt.Println(err)
			return
		}
		aim, to := moscow, "Moscow"
		if maxM, err := ballistic.MaxRange(geo.WGS84, &m, semnan, az*180/math.Pi, 0); err == nil && maxM < dist {
			aim, to = geo.WGS84.Direct(semnan, az, 0.95*maxM), "95 % of reach"
		}
		tr, err := ballistic.Solve(ballistic.Request{From: semnan, To: aim, Earth: geo.WGS84, Missile: &m})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %4.0f km (%s), apogee %3.0f km, flight %4.0f s\n",
			name, tr.RangeM/1e3, to, tr.ApogeeAltM/1e3, tr.FlightTimeS)
	}
	// Output:
	// srbm:  353 km (95 % of reach), apogee 105 km, flight  354 s
	// mrbm: 2342 km (95 % of reach), apogee 545 km, flight  833 s
	// irbm: 2598 km (Moscow), apogee 535 km, flight  909 s
}
