package intercept

import (
	"math"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// Each of Obstacle's constraints on a case where it is the one that rules
// the intercept out: the MRBM from Tabriz to Moscow (impact at 778 s)
// against interceptors at Moscow and Warsaw. Every case is first checked
// to be out of reach (Reachable), as Obstacle assumes.
func TestObstacle(t *testing.T) {
	m, _ := ballistic.LookupMissile("mrbm")
	moscow, warsaw := geo.LLA{LatDeg: 55.75, LonDeg: 37.62}, geo.LLA{LatDeg: 52.23, LonDeg: 21.01}
	tr, err := ballistic.Solve(ballistic.Request{From: geo.LLA{LatDeg: 38.08, LonDeg: 46.29}, To: moscow, Earth: geo.WGS84, Missile: &m})
	if err != nil {
		t.Fatal(err)
	}
	s400, _ := LookupInterceptor("s-400")
	thaad, _ := LookupInterceptor("thaad")
	slow := s400
	slow.BurnoutSpeedMps = 300
	west50 := geo.WGS84.Direct(moscow, -math.Pi/2, 50e3)
	// A thin window, 2–5 km: the RV goes through it in under 5 s, between
	// two of Obstacle's samples (about 7 s apart over this flight).
	thin := s400
	thin.MinInterceptAltM, thin.MaxInterceptAltM = 2e3, 5e3
	for _, tc := range []struct {
		name       string
		site       geo.LLA
		it         Interceptor
		launchS    float64
		constraint string
		says       string
	}{
		// Launched at 778 s, the interceptor is still burning at impact.
		{"too late", moscow, s400, 778, "time", "before the flight ends at 778 s"},
		// After 761 s (launch 745 s, 15 s burn, 1 s coast) the RV is below
		// 32 km: under THAAD's 40 km floor.
		{"below the floor", moscow, thaad, 745, "altitude", "never in the intercept altitudes 40–150 km"},
		// THAAD at Warsaw: the MRBM passes its altitudes over 1,000 km east.
		{"far away", warsaw, thaad, 100, "range", "beyond its 200 km range"},
		// Far from Warsaw, whatever the altitude: the window crossed
		// between samples still counts as reached.
		{"thin window far away", warsaw, thin, 100, "range", "comes no closer than"},
		// A 0.3 km/s S-400 50 km west of Moscow: the RV enters its limits
		// (below 30 km, within 60 km) in its last 15 s, beyond a minute's
		// flight of so slow an interceptor.
		{"too slow", west50, slow, 600, "speed", "0.3 km/s interceptor cannot reach"},
	} {
		q := Reach{Earth: geo.WGS84, Site: tc.site, Threat: &tr, ThreatEndS: tr.FlightTimeS, Interceptor: tc.it, LaunchDelayS: tc.launchS}
		if _, ok, err := q.Reachable(0); ok || err != nil {
			t.Fatalf("%s: reachable (%v): not a case for Obstacle", tc.name, err)
		}
		c, detail := q.Obstacle()
		if c != tc.constraint || !strings.Contains(detail, tc.says) {
			t.Errorf("%s: %s: %s; want %s, saying %q", tc.name, c, detail, tc.constraint, tc.says)
		}
	}
}
