package geo

import (
	"math/rand"
	"testing"
	"time"
)

// benchPoints returns n reproducible random positions up to 4e7 m high.
func benchPoints(n int) []LLA {
	rng := rand.New(rand.NewSource(6))
	p := make([]LLA, n)
	for i := range p {
		p[i] = LLA{rng.Float64()*180 - 90, rng.Float64()*360 - 180, rng.Float64() * 4e7}
	}
	return p
}

var (
	sinkECEF ECEF
	sinkLLA  LLA
	sinkAER  AER
	sinkF    float64
	sinkB    bool
)

func BenchmarkToECEF(b *testing.B) {
	pts := benchPoints(1024)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkECEF = WGS84.ToECEF(pts[i&1023])
	}
}

func BenchmarkToLLA(b *testing.B) {
	pts := benchPoints(1024)
	rs := make([]ECEF, len(pts))
	for i, p := range pts {
		rs[i] = WGS84.ToECEF(p)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkLLA = WGS84.ToLLA(rs[i&1023])
	}
}

func BenchmarkAER(b *testing.B) {
	pts := benchPoints(1024)
	rs := make([]ECEF, len(pts))
	for i, p := range pts {
		rs[i] = WGS84.ToECEF(p)
	}
	site := LLA{36, -75.5, 10}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkAER = WGS84.AER(site, rs[i&1023])
	}
}

func BenchmarkInverse(b *testing.B) {
	pts := benchPoints(1024)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkF, _, _ = WGS84.Inverse(pts[i&1023], pts[(i+1)&1023])
	}
}

// BenchmarkInverseAntipodal times the hard case: nearly antipodal points.
func BenchmarkInverseAntipodal(b *testing.B) {
	a, c := LLA{-30, 0, 0}, LLA{29.9, 179.8, 0} // Karney (2013) table 5
	b.ReportAllocs()
	for b.Loop() {
		sinkF, _, _ = WGS84.Inverse(a, c)
	}
}

func BenchmarkDirect(b *testing.B) {
	pts := benchPoints(1024)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkLLA = WGS84.Direct(pts[i&1023], float64(i&7), 1e6*float64(i&15))
	}
}

func BenchmarkLineOfSight(b *testing.B) {
	pts := benchPoints(1024)
	rs := make([]ECEF, len(pts))
	for i, p := range pts {
		rs[i] = WGS84.ToECEF(p)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkB = WGS84.LineOfSight(rs[i&1023], rs[(i+1)&1023])
	}
}

func BenchmarkGMST(b *testing.B) {
	t0 := time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		sinkF = GMST(t0)
	}
}

// TestNoAllocs keeps the hot paths allocation-free.
func TestNoAllocs(t *testing.T) {
	p, q := LLA{10, 20, 30}, LLA{-10.5, 200, 0}
	r := WGS84.ToECEF(q)
	tm := time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)
	for name, f := range map[string]func(){
		"ToECEF":      func() { sinkECEF = WGS84.ToECEF(p) },
		"ToLLA":       func() { sinkLLA = WGS84.ToLLA(r) },
		"AER":         func() { sinkAER = WGS84.AER(p, r) },
		"Inverse":     func() { sinkF, _, _ = WGS84.Inverse(p, q) },
		"Direct":      func() { sinkLLA = WGS84.Direct(p, 1, 1e7) },
		"LineOfSight": func() { sinkB = WGS84.LineOfSight(r, WGS84.ToECEF(p)) },
		"GMST":        func() { sinkF = GMST(tm) },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: %v allocations per call, want 0", name, n)
		}
	}
}
