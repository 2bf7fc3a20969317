package fusion

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/track"
)

// benchPicture is a national picture under a dense raid: n objects along a
// 2,000 km corridor, each reported by 8 sources (radar ellipsoids of
// σ 1 km along one axis), fused.
func benchPicture(b *testing.B, n int) (*Fuser, []Report) {
	rng := rand.New(rand.NewPCG(1, 2))
	f := &Fuser{Motion: track.NewBallistic(geo.WGS84, 10)}
	var reports []Report
	for k := range n {
		truth := [6]float64{6.9e6, 2e6 * rng.Float64(), 3e4 * rng.NormFloat64(), -10 * rng.Float64(), 5e3, 50 * rng.NormFloat64()}
		for s := range 8 {
			p := elongated(s % 3)
			r := Report{Source: fmt.Sprintf("s%d", s), ID: uint64(k), Nation: "A", TimeS: 100, X: draw(rng, truth, p), P: p}
			if _, _, err := f.Update(r); err != nil {
				b.Fatal(err)
			}
			reports = append(reports, r)
		}
	}
	return f, reports
}

// Update of a source track already in the picture (most reports).
func BenchmarkUpdate(b *testing.B) {
	f, reports := benchPicture(b, 1000)
	i := 0
	for b.Loop() {
		r := reports[i%len(reports)]
		r.TimeS += float64(1 + i/len(reports))
		if _, _, err := f.Update(r); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// Association of a new source track with a picture of 1,000 objects.
func BenchmarkAssociate(b *testing.B) {
	f, reports := benchPicture(b, 1000)
	for b.Loop() {
		r := reports[0]
		r.TimeS = 101
		f.nearest(r.X, r.P, r.TimeS, 0)
	}
}

// An estimate of a system track of 8 contributions, each predicted 2 s.
func BenchmarkEstimate(b *testing.B) {
	f, _ := benchPicture(b, 10)
	stn := f.tracks[0].STN
	for b.Loop() {
		if _, _, ok := f.Estimate(stn, 102); !ok {
			b.Fatal("no estimate")
		}
	}
}
