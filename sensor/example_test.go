package sensor_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/sensor"
)

// When does the Fylingdales early-warning radar see an IRBM flying from
// Semnan to Berlin?
func ExampleAccess() {
	m, _ := ballistic.LookupMissile("irbm")
	tr, err := ballistic.Solve(ballistic.Request{
		From: geo.LLA{LatDeg: 35.23, LonDeg: 53.92}, To: geo.LLA{LatDeg: 52.52, LonDeg: 13.40},
		Earth: geo.WGS84, Missile: &m,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := sensor.LookupReferenceRadar("fylingdales")
	for _, iv := range sensor.Access(geo.WGS84, &r, &tr, sensor.AccessOptions{}) {
		fmt.Printf("seen from %.0f s to %.0f s after launch (impact at %.0f s)\n", iv.StartS, iv.EndS, tr.FlightTimeS)
	}
	// Output:
	// seen from 695 s to 1030 s after launch (impact at 1102 s)
}

// One scan of the Brdy midcourse radar over a reentry vehicle 800 km away:
// the same seed gives the same detection.
func ExampleRadar_Observe() {
	e := geo.WGS84
	r, _ := sensor.LookupReferenceRadar("brdy")
	rcs, _ := sensor.RCS(sensor.ReentryVehicle, r.Model.FrequencyHz)
	target := e.FromENU(r.Site, geo.FromAER(geo.AER{AzRad: 2.0, ElRad: 0.3, RangeM: 800e3}))
	truths := []sensor.Truth{{ID: 1, Pos: target, RCSm2: rcs}}
	fmt.Printf("SNR %.1f dB, Pd %.2f\n", 10*math.Log10(r.SNR(800e3, rcs)), r.Pd(r.SNR(800e3, rcs)))
	for _, d := range r.Observe(e, 0, truths, rand.New(rand.NewPCG(1, 2))) {
		fmt.Printf("truth %d at %.1f km, σ_range %.2f m\n", d.TruthID, d.Z.RangeM/1e3, math.Sqrt(d.R[0][0]))
	}
	// Output:
	// SNR 25.0 dB, Pd 0.96
	// truth 1 at 800.0 km, σ_range 1.00 m
}

// Which reference radars could look at a point 300 km above Ankara?
// Geometry only (faces, minimum elevation, instrumented range, Earth
// blockage); Observe decides whether a visible object is detected.
// Fylingdales and Thule see it below their horizon, Brdy beyond its
// instrumented 1,000 km (and under its 1° minimum elevation), Qabala
// behind its face (boresight ~160° ±60°); Armavir sees it.
func ExampleRadar_Visible() {
	e := geo.WGS84
	p := e.ToECEF(geo.LLA{LatDeg: 39.93, LonDeg: 32.86, AltM: 300e3})
	for _, id := range []string{"fylingdales", "brdy", "qabala", "armavir", "thule"} {
		r, err := sensor.LookupReferenceRadar(id)
		if err != nil {
			fmt.Println(err)
			return
		}
		a, ok := r.Visible(e, p)
		fmt.Printf("%-11s az %5.1f°, el %4.1f°, range %4.0f km: visible %v\n",
			id, a.AzRad*180/math.Pi, a.ElRad*180/math.Pi, a.RangeM/1e3, ok)
	}
	// Output:
	// fylingdales az 108.9°, el -7.8°, range 3021 km: visible false
	// brdy        az 118.6°, el  0.7°, range 1907 km: visible false
	// qabala      az 270.2°, el  7.2°, range 1332 km: visible false
	// armavir     az 233.1°, el 14.7°, range  937 km: visible true
	// thule       az  68.3°, el -24.4°, range 5937 km: visible false
}
