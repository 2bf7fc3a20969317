package sensor

import (
	"math/rand/v2"
	"testing"

	"github.com/jrmd/jrmd/geo"
)

func BenchmarkVisible(b *testing.B) {
	e := geo.WGS84
	r, _ := LookupReferenceRadar("fylingdales")
	p := at(e, r.Site, 100, 20, 2000e3)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := r.Visible(e, p); !ok {
			b.Fatal("not visible")
		}
	}
}

// BenchmarkObserve scans 100 targets per op; ns/target is the figure.
func BenchmarkObserve(b *testing.B) {
	e := geo.WGS84
	r := testRadar()
	truths := targets(e, &r, 100, 0.5)
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		r.Observe(e, 0, truths, rng)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(truths)), "ns/target")
}

// BenchmarkObserveOverCapacity scans 600 targets, listed in no order of
// range or SNR, with room for 300 (an early-warning radar in a large
// raid): the dwell selection, held objects first, runs at every scan.
func BenchmarkObserveOverCapacity(b *testing.B) {
	e := geo.WGS84
	r := testRadar()
	r.Model.TrackCapacity = 300
	truths := targets(e, &r, 600, 0.5)
	rng := rand.New(rand.NewPCG(1, 2))
	// In the order a raid lists them, not by range or SNR.
	rng.Shuffle(len(truths), func(i, j int) { truths[i], truths[j] = truths[j], truths[i] })
	b.ReportAllocs()
	for b.Loop() {
		r.Observe(e, 0, truths, rng)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(truths)), "ns/target")
}

// BenchmarkAccessICBM is Fylingdales against Semnan–Washington (1,980 s of
// flight: ~19,800 samples at 0.1 s and the edge bisections).
func BenchmarkAccessICBM(b *testing.B) {
	tr := icbmTrajectory(b)
	r, _ := LookupReferenceRadar("fylingdales")
	b.ReportAllocs()
	for b.Loop() {
		if len(Access(geo.WGS84, &r, &tr, AccessOptions{})) == 0 {
			b.Fatal("no access")
		}
	}
}
