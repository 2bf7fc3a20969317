package ballistic

import (
	"math"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/geo"
)

// MaxRange is the line Solve draws: an aim point 0.5 % short of it on its
// bearing is solved, one 0.5 % beyond it is refused as out of reach (the
// margin covers Solve's own steering: see MaxRange). Checked for each class from
// the reference scenario's Semnan, westward (the 2007 threats' bearing)
// and eastward, where the Earth's rotation carries the missile farther.
func TestMaxRangeIsWhereSolveStops(t *testing.T) {
	const margin = 0.005
	semnan := geo.LLA{LatDeg: 35.23, LonDeg: 53.92}
	for _, name := range []string{"srbm", "mrbm", "irbm"} {
		m, _ := LookupMissile(name)
		reach := map[float64]float64{}
		for _, az := range []float64{290, 90} {
			r, err := MaxRange(geo.WGS84, &m, semnan, az, 0)
			if err != nil {
				t.Fatalf("%s az %g: %v", name, az, err)
			}
			reach[az] = r
			for _, k := range []float64{1 - margin, 1 + margin} {
				to := geo.WGS84.Direct(semnan, az*math.Pi/180, k*r)
				_, err := Solve(Request{From: semnan, To: to, Earth: geo.WGS84, Missile: &m})
				if k < 1 && err != nil {
					t.Errorf("%s az %g: %.0f km (%.0f %% of its reach %.0f km) refused: %v", name, az, k*r/1e3, 100*k, r/1e3, err)
				}
				if k > 1 && (err == nil || !strings.Contains(err.Error(), "beyond")) {
					t.Errorf("%s az %g: %.0f km (%.0f %% of its reach %.0f km) not refused as out of reach: %v", name, az, k*r/1e3, 100*k, r/1e3, err)
				}
			}
		}
		// Eastward the launch site's own speed, ω·R·cos φ ≈ 380 m/s at
		// Semnan, adds to the burnout speed: farther east than west.
		if !(reach[90] > reach[290]) {
			t.Errorf("%s: eastward reach %.0f km not beyond westward %.0f km", name, reach[90]/1e3, reach[290]/1e3)
		}
	}
}

// The classes' reach as their Source documents it (rounded): the figure a
// user reads in the library is what MaxRange finds.
func TestMaxRangeMatchesTheLibrary(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lo, hi float64 // km, from the class's Source
	}{
		{"srbm", 300, 400}, // "reach ~350 km"
		{"mrbm", 2400, 2600},
		{"irbm", 4600, 5400},
	} {
		m, _ := LookupMissile(tc.name)
		for _, az := range []float64{0, 90, 180, 270} {
			r, err := MaxRange(geo.WGS84, &m, geo.LLA{LatDeg: 35.23, LonDeg: 53.92}, az, 0)
			if err != nil || r/1e3 < tc.lo*0.97 || r/1e3 > tc.hi*1.03 {
				t.Errorf("%s az %g: %.0f km (%v), the library says %g–%g km", tc.name, az, r/1e3, err, tc.lo, tc.hi)
			}
		}
	}
}

func TestMaxRangeErrors(t *testing.T) {
	m, _ := LookupMissile("mrbm")
	if _, err := MaxRange(geo.Earth{}, &m, geo.LLA{}, 0, 0); err == nil {
		t.Error("no Earth accepted")
	}
	if _, err := MaxRange(geo.WGS84, nil, geo.LLA{}, 0, 0); err == nil {
		t.Error("no missile accepted")
	}
	if _, err := MaxRange(geo.WGS84, &m, geo.LLA{LatDeg: math.NaN()}, 0, 0); err == nil {
		t.Error("NaN latitude accepted")
	}
	// A burnout speed beyond the missile: no arc at all.
	if _, err := MaxRange(geo.WGS84, &m, geo.LLA{LatDeg: 35}, 0, 9000); err == nil {
		t.Error("9 km/s MRBM accepted")
	}
}
