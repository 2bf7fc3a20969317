package intercept

import (
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// Footprint cells agree with the full reach search, pair by pair.
func TestFootprintCellsAgreeWithReach(t *testing.T) {
	it, _ := LookupInterceptor("gbi-6.3")
	f := Footprint{Earth: geo.WGS84, Site: geo.LLA{LatDeg: 54.48, LonDeg: 17.10}, Interceptor: it, LaunchDelayS: 120}
	launches := []geo.LLA{{LatDeg: 35.23, LonDeg: 53.92}, {LatDeg: 38.08, LonDeg: 46.29}}
	for _, aim := range []geo.LLA{{LatDeg: 52.52, LonDeg: 13.40}, {LatDeg: 41.90, LonDeg: 12.50}, {LatDeg: 51.51, LonDeg: -0.13}, {LatDeg: 40.4, LonDeg: -3.7}} {
		c, err := f.AimCell(aim, launches)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, l := range launches {
			tr, err := ballistic.Solve(ballistic.Request{From: l, To: aim, Earth: geo.WGS84})
			if err != nil {
				t.Fatal(err)
			}
			r, err := Reach{Earth: geo.WGS84, Site: f.Site, Threat: &tr, ThreatEndS: tr.FlightTimeS, Interceptor: it, LaunchDelayS: 120}.Solve()
			if err != nil {
				t.Fatal(err)
			}
			if r.Feasible {
				want++
			}
		}
		if c.Total != len(launches) || c.Defended != want {
			t.Errorf("aim %+v: cell %+v, reach search defends %d", aim, c, want)
		}
		t.Logf("aim %+v: defended against %d of %d", aim, c.Defended, c.Total)
	}
}

func TestGridPoints(t *testing.T) {
	pts, err := Grid{LatMinDeg: 35, LatMaxDeg: 37, LonMinDeg: -1, LonMaxDeg: 1, StepDeg: 1}.Points()
	if err != nil || len(pts) != 9 || pts[0] != (geo.LLA{LatDeg: 35, LonDeg: -1}) || pts[8] != (geo.LLA{LatDeg: 37, LonDeg: 1}) {
		t.Errorf("%v %v", pts, err)
	}
	for _, g := range []Grid{{StepDeg: 0}, {LatMinDeg: 10, LatMaxDeg: 0, StepDeg: 1}, {LatMinDeg: -95, LatMaxDeg: 0, StepDeg: 1}, {LatMaxDeg: 90, LonMaxDeg: 360, StepDeg: 1e-3}} {
		if _, err := g.Points(); err == nil {
			t.Errorf("%+v: no error", g)
		}
	}
}
