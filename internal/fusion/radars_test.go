package fusion_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/sensor"
	"github.com/jrmd/jrmd/track"
)

// Fused multi-radar tracks are more accurate than each
// single-radar track. An IRBM from Semnan to Berlin is seen in its
// descent by two radars of the reference architecture from different
// directions (the Fylingdales early-warning radar, far to the north-west,
// and the AN/TPY-2 near Warsaw), each with its own tracker; the two tracks
// are fused by covariance intersection. Over the time both track the missile, the fused position
// RMSE against the truth is below either radar's (seeded; 5 seeds pooled).
func TestFusedMoreAccurateThanEachRadar(t *testing.T) {
	e := geo.WGS84
	m, _ := ballistic.LookupMissile("irbm")
	tr, err := ballistic.Solve(ballistic.Request{From: geo.LLA{LatDeg: 35.23, LonDeg: 53.92}, To: geo.LLA{LatDeg: 52.52, LonDeg: 13.40}, Earth: e, Missile: &m})
	if err != nil {
		t.Fatal(err)
	}
	var radars []sensor.Radar
	for _, id := range []string{"fylingdales", "thaad-warsaw"} {
		r, err := sensor.LookupReferenceRadar(id)
		if err != nil {
			t.Fatal(err)
		}
		radars = append(radars, r)
	}
	var se [3]float64 // squared position errors: radar 0, radar 1, fused
	n := 0
	for seed := range uint64(5) {
		trackers := make([]*track.Tracker, len(radars))
		for i := range radars {
			tk, err := track.New(track.Config{Filter: track.NewBoostIMM(e, 1, 1000, false)})
			if err != nil {
				t.Fatal(err)
			}
			trackers[i] = tk
		}
		rngs := []*rand.Rand{rand.New(rand.NewPCG(seed, 1)), rand.New(rand.NewPCG(seed, 2))}
		f := &fusion.Fuser{Motion: track.NewBallistic(e, 1)}
		for ts := 0.0; ts < tr.FlightTimeS; ts += 1 {
			pos, vel, _ := tr.StateAt(ts)
			rcs, _ := sensor.RCS(sensor.ReentryVehicle, radars[0].Model.FrequencyHz)
			truth := []sensor.Truth{{ID: 0, Pos: pos, Vel: vel, RCSm2: rcs, Boosting: ts < tr.BurnoutTimeS}}
			var est [2]*[6]float64
			for i, r := range radars {
				// Each radar scans at its own revisit period.
				if math.Mod(ts, math.Max(1, math.Round(r.Model.RevisitS))) != 0 {
					continue
				}
				dets := r.Observe(e, ts, truth, rngs[i])
				ms := make([]track.Measurement, len(dets))
				for k, d := range dets {
					ms[k] = track.FromDetection(d)
				}
				if err := trackers[i].Step(ts, ms, r.ID); err != nil {
					t.Fatal(err)
				}
				for _, tk := range trackers[i].Tracks() {
					if tk.Status == track.Confirmed && tk.LastUpdateS == ts {
						f.Update(fusion.Report{Source: r.ID, ID: uint64(tk.ID), Nation: "X", TimeS: ts, X: tk.State.X, P: tk.State.P})
					}
				}
			}
			// Compare, at this second, each radar's latest confirmed track
			// and the fused estimate, all predicted to now.
			for i := range radars {
				for _, tk := range trackers[i].Tracks() {
					if tk.Status == track.Confirmed && ts-tk.LastUpdateS < 10 {
						s := trackers[i].Predicted(&tk, ts)
						x := s.X
						est[i] = &x
					}
				}
			}
			if est[0] == nil || est[1] == nil || ts < tr.BurnoutTimeS+30 || len(f.Tracks()) != 1 {
				continue
			}
			xf, _, ok := f.Estimate(f.Tracks()[0].STN, ts)
			if !ok || len(f.Tracks()[0].Reports) != 2 {
				continue
			}
			truthX := track.FromECEF(pos, vel, ts)
			for k, x := range [][6]float64{*est[0], *est[1], xf} {
				for j := range 3 {
					se[k] += (x[j] - truthX[j]) * (x[j] - truthX[j])
				}
			}
			n++
		}
	}
	if n < 100 {
		t.Fatalf("only %d seconds with both radars tracking", n)
	}
	r0, r1, rf := math.Sqrt(se[0]/float64(n)), math.Sqrt(se[1]/float64(n)), math.Sqrt(se[2]/float64(n))
	t.Logf("%d s with both tracks: position RMSE Fylingdales %.0f m, TPY-2 Warsaw %.0f m, fused %.0f m", n, r0, r1, rf)
	if !(rf < r0 && rf < r1) {
		t.Errorf("fused RMSE %.0f m is not below both radars' (%.0f m, %.0f m)", rf, r0, r1)
	}
}
