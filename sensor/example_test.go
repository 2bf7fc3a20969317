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
