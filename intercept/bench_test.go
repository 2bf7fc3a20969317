package intercept

import (
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// Performance target: ≥ 300,000 Lambert solves per second on one core, here on
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

// Performance target: a full reach search for one threat in the textbook
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

// The 2007 question as reach asks it: Kozelsk → Washington, the icbm class
// flown on the rotating WGS-84 Earth, gbi-6.3 at Redzikowo launching from
// 240 s: boosted fly-outs, and a least-speed engagement that is a stern
// chase.
func BenchmarkReach2007(b *testing.B) {
	tr := kozelskThreat(b)
	it, _ := LookupInterceptor("gbi-6.3")
	q := Reach{Earth: geo.WGS84, Site: geo.LLA{LatDeg: 54.48, LonDeg: 17.10}, Threat: tr, ThreatEndS: tr.FlightTimeS, Interceptor: it, LaunchDelayS: 240}
	for b.Loop() {
		if _, err := q.Solve(); err != nil {
			b.Fatal(err)
		}
	}
}

// Performance target: a 1°-grid footprint over Europe for one battery and 5
// launch points in < 10 s on 2 cores. This runs the cells of a 1° grid over
// 35–70°N, 10°W–40°E (1,836 cells) on one core; the command splits the cells
// over both cores.
func BenchmarkFootprintEurope(b *testing.B) {
	it, _ := LookupInterceptor("gbi-9")
	f := Footprint{Earth: geo.WGS84, Site: geo.LLA{LatDeg: 54.48, LonDeg: 17.10}, Interceptor: it, LaunchDelayS: 120}
	launches := []geo.LLA{{LatDeg: 35.23, LonDeg: 53.92}, {LatDeg: 36.20, LonDeg: 55.34}, {LatDeg: 38.08, LonDeg: 46.29}, {LatDeg: 32.65, LonDeg: 51.67}, {LatDeg: 34.64, LonDeg: 50.88}}
	cells, _ := Grid{LatMinDeg: 35, LatMaxDeg: 70, LonMinDeg: -10, LonMaxDeg: 40, StepDeg: 1}.Points()
	for b.Loop() {
		for _, c := range cells {
			if _, err := f.AimCell(c, launches); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(cells)), "cells")
}

// A battle-management engagement plan: an ICBM in midcourse (Kozelsk →
// Washington, 300 s after launch) from Redzikowo with the gbi-9, a
// fire-control track (100 m, 1 m/s), shoot-look-shoot: the impact spread,
// earliest intercept, window, latest launch and second shot, its flight
// predicted with drag on the 7,000 kg/m² battle management assumes by
// default. The stress raid makes one for every shot of every nation.
func BenchmarkPlan(b *testing.B) {
	tr := kozelskThreat(b)
	pos, vel, _ := tr.StateAt(300)
	it, _ := LookupInterceptor("gbi-9")
	g := Engagement{Earth: geo.WGS84, Site: geo.LLA{LatDeg: 54.48, LonDeg: 17.10}, Interceptor: it,
		Track: TrackState{TimeS: 300, Pos: pos, Vel: vel, Cov: diagCov(100, 1)}, NowS: 300, DecisionS: 30, ReentryBetaKgM2: 7000, KillAssessS: 10, StepS: 5}
	for b.Loop() {
		if p, err := g.Plan(); err != nil || !p.Commit {
			b.Fatalf("plan %+v, %v: want one that commits", p, err)
		}
	}
}
