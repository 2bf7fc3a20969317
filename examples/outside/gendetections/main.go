// Command gendetections writes the detections.csv that the outside program
// reads: one radar's noisy range, azimuth and elevation of an IRBM flying
// from Semnan to Berlin, every 4 s for three minutes of its midcourse,
// and a few false alarms. It stands in for the outside user's own sensor;
// rerun it with
//
//	go run ./gendetections > detections.csv
package main

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

func main() {
	e := geo.WGS84
	irbm, err := ballistic.LookupMissile("irbm")
	if err != nil {
		panic(err)
	}
	tr, err := ballistic.Solve(ballistic.Request{
		From: geo.LLA{LatDeg: 35.23, LonDeg: 53.92}, To: geo.LLA{LatDeg: 52.52, LonDeg: 13.40},
		Earth: e, Missile: &irbm,
	})
	if err != nil {
		panic(err)
	}
	site := geo.LLA{LatDeg: 38.35, LonDeg: 37.79, AltM: 2000}
	rng := rand.New(rand.NewPCG(2007, 1))
	const sigmaRangeM, sigmaAngleRad = 30.0, 0.5e-3
	fmt.Println("time_s,range_m,az_deg,el_deg")
	for ts := 240.0; ts <= 420; ts += 4 {
		pos, _, ok := tr.StateAt(ts)
		if !ok {
			panic("no state")
		}
		a := e.AER(site, pos)
		if a.ElRad < 2*math.Pi/180 || !e.LineOfSight(e.ToECEF(site), pos) {
			panic("out of view")
		}
		fmt.Printf("%.0f,%.0f,%.3f,%.3f\n", ts, a.RangeM+sigmaRangeM*rng.NormFloat64(),
			(a.AzRad+sigmaAngleRad*rng.NormFloat64())*180/math.Pi,
			(a.ElRad+sigmaAngleRad*rng.NormFloat64())*180/math.Pi)
		if rng.Float64() < 0.1 { // a false alarm, anywhere in the sector
			fmt.Printf("%.0f,%.0f,%.3f,%.3f\n", ts, 500e3+1000e3*rng.Float64(),
				20+100*rng.Float64(), 2+40*rng.Float64())
		}
	}
}
