package intercept_test

import (
	"fmt"
	"slices"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
)

// Could the ground-based interceptors at Redzikowo, Poland, engage an ICBM
// flying from Kozelsk, western Russia, to Washington, launching 300 s
// after it (a hand-set delay for detection, tracking and decision), and
// how fast would they have to be? The 2007 argument was over 6.3 against
// ~9 km/s.
func ExampleReach_Solve() {
	e := geo.WGS84
	icbm, _ := ballistic.LookupMissile("icbm")
	threat, err := ballistic.Solve(ballistic.Request{
		From: geo.LLA{LatDeg: 53.97, LonDeg: 35.80}, To: geo.LLA{LatDeg: 38.90, LonDeg: -77.04},
		Earth: e, Missile: &icbm,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var res intercept.Result
	for _, name := range []string{"gbi-6.3", "gbi-9"} {
		gbi, _ := intercept.LookupInterceptor(name)
		res, err = intercept.Reach{
			Earth:        e,
			Site:         geo.LLA{LatDeg: 54.48, LonDeg: 17.10},
			Threat:       &threat,
			ThreatEndS:   threat.FlightTimeS,
			Interceptor:  gbi,
			LaunchDelayS: 300,
		}.Solve()
		if err != nil {
			fmt.Println(err)
			return
		}
		if res.Feasible {
			fmt.Printf("%s can engage: intercepts from %.0f s to %.0f s after the threat's launch\n",
				name, res.EarliestInterceptS, res.LatestInterceptS)
		} else {
			fmt.Printf("%s cannot engage\n", name)
		}
	}
	// The slowest interceptor that could engage does not depend on the
	// interceptor's own speed: ask either.
	fmt.Printf("the slowest that could: %.2f km/s, closing at %.1f km/s\n", res.MinBurnoutSpeedMps/1e3, res.MinSpeedClosingMps/1e3)
	// Output:
	// gbi-6.3 cannot engage
	// gbi-9 can engage: intercepts from 510 s to 1648 s after the threat's launch
	// the slowest that could: 7.19 km/s, closing at 2.0 km/s
}

// The fly-out fan of a 6.3 km/s ground-based interceptor at Redzikowo: how
// far along the surface, and how high, it can be 100, 200 and 400 s after
// its launch (the outer envelope of 36 azimuths × 9 burnout elevations).
func ExampleFan() {
	e := geo.WGS84
	site := geo.LLA{LatDeg: 54.48, LonDeg: 17.10}
	gbi, _ := intercept.LookupInterceptor("gbi-6.3")
	tofs := []float64{100, 200, 400}
	far := make([]float64, len(tofs))
	high := make([]float64, len(tofs))
	for _, p := range intercept.Fan(e, site, gbi, tofs, 36, 9) {
		i := slices.Index(tofs, p.TOFS)
		d, _, _ := e.Inverse(site, p.Pos)
		far[i] = max(far[i], d)
		high[i] = max(high[i], p.Pos.AltM)
	}
	for i, t := range tofs {
		fmt.Printf("after %3.0f s: up to %4.0f km away, %4.0f km high\n", t, far[i]/1e3, high[i]/1e3)
	}
	// Output:
	// after 100 s: up to  427 km away,  429 km high
	// after 200 s: up to 1026 km away,  977 km high
	// after 400 s: up to 2203 km away, 1863 km high
}
