package ballistic

import (
	"testing"

	"github.com/jrmd/jrmd/geo"
)

// Performance target: ≥ 3 million adaptive Runge–Kutta steps per second on one
// core with J2 gravity, zero allocations per step.
func BenchmarkDopriStepJ2(b *testing.B) {
	_, y := tenThousandKm(b)
	e := geo.WGS84
	f := newCoast(e, 0)
	d := newDopri(f, 0, y)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if d.t > 1800 {
			d.reset(0, y)
		}
		if err := d.step(1e9); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// Performance target: ≥ 200,000 closed-form textbook solves per second.
func BenchmarkTextbookArc(b *testing.B) {
	e := textbookEarth()
	ranges := []float64{500e3, 2000e3, 5000e3, 10000e3, 14000e3}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := TextbookArc(e.Mu, e.A, ranges[i%len(ranges)], MinimumEnergy, 0); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "solves/s")
}

// Reach searches need ≥ 300,000 Lambert solves per second.
func BenchmarkLambert(b *testing.B) {
	r1, r2 := geo.Vec3{6.4e6, 0, 0}, geo.Vec3{1e6, 6.3e6, 1e6}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Lambert(geo.MuEarth, r1, r2, 1500); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "solves/s")
}

// benchPairs are the reference threats' launch and aim points (Iran to
// Europe and the United States, 1,800–10,300 km).
var benchPairs = [][2]geo.LLA{
	{{LatDeg: 38.08, LonDeg: 46.29}, {LatDeg: 44.43, LonDeg: 26.10}},  // Tabriz → Bucharest
	{{LatDeg: 35.23, LonDeg: 53.92}, {LatDeg: 52.52, LonDeg: 13.40}},  // Semnan → Berlin
	{{LatDeg: 36.20, LonDeg: 55.34}, {LatDeg: 52.23, LonDeg: 21.01}},  // Shahroud → Warsaw
	{{LatDeg: 36.20, LonDeg: 55.34}, {LatDeg: 38.90, LonDeg: -77.04}}, // Shahroud → Washington
	{{LatDeg: 35.23, LonDeg: 53.92}, {LatDeg: 40.71, LonDeg: -74.01}}, // Semnan → New York
}

// Performance target: ≥ 5,000 minimum-energy targeting solves per second on the
// rotating WGS-84 Earth with J2, no boost: Lambert minimisation plus the
// numerical flights that correct the aim point for J2.
func BenchmarkTargetMinEnergyRotatingJ2(b *testing.B) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		pr := benchPairs[i%len(benchPairs)]
		p, err := newProblem(Request{From: pr[0], To: pr[1], Earth: geo.WGS84})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.solveImpulsive(); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "solves/s")
}

// A whole boosted minimum-energy solve: the cost of one `jrmd trajectory
// --boost CLASS` (no timing target).
func BenchmarkSolveBoosted(b *testing.B) {
	m, _ := LookupMissile("irbm")
	pr := benchPairs[1]
	for b.Loop() {
		if _, err := Solve(Request{From: pr[0], To: pr[1], Earth: geo.WGS84, Missile: &m}); err != nil {
			b.Fatal(err)
		}
	}
}
