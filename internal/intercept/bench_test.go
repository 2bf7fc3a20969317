package intercept

import (
	"testing"

	"github.com/jrmd/jrmd/internal/ballistic"
	"github.com/jrmd/jrmd/internal/geo"
)

// Issue 4 target: ≥ 300,000 Lambert solves per second on one core, here on
// interceptor-like geometry (site to a point 1,000 km up, 400 s).
func BenchmarkLambert(b *testing.B) {
	r1 := geo.Vec3(geo.WGS84.ToECEF(geo.LLA{LatDeg: 54.48, LonDeg: 17.10}))
	r2 := geo.Vec3(geo.WGS84.ToECEF(geo.LLA{LatDeg: 58, LonDeg: 30, AltM: 1000e3}))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ballistic.Lambert(geo.MuEarth, r1, r2, 400); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "solves/s")
}

// Issue 4 target: a full reach search for one threat in the textbook
// setting in < 50 ms (Kozelsk → Washington from Redzikowo).
func BenchmarkReachTextbook(b *testing.B) {
	tr := textbookThreat(b, geo.LLA{LatDeg: 53.97, LonDeg: 35.80}, geo.LLA{LatDeg: 38.90, LonDeg: -77.04})
	q := Reach{Earth: textbookEarth(), Site: geo.LLA{LatDeg: 54.48, LonDeg: 17.10}, Threat: tr, ThreatEndS: tr.FlightTimeS,
		Interceptor: speedInterceptor(6300, 100e3, 2000e3), LaunchDelayS: 120}
	for b.Loop() {
		if _, err := q.Solve(); err != nil {
			b.Fatal(err)
		}
	}
}
