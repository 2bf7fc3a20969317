package track

import (
	"math"
	"math/rand/v2"
	"testing"
)

func pts(xs ...float64) [][3]float64 {
	var p [][3]float64
	for _, x := range xs {
		p = append(p, [3]float64{x, 0, 0})
	}
	return p
}

// TestOSPAGOSPAHand checks cases worked out by hand from the definitions
// (Schuhmacher et al. 2008 eq. 3; Rahmathullah et al. 2017 Prop. 1, α = 2).
func TestOSPAGOSPAHand(t *testing.T) {
	const tol = 1e-12
	tests := []struct {
		name       string
		x, y       [][3]float64
		c, p       float64
		ospa       float64
		gospa      float64
		miss, fals int
	}{
		// d = 5 (a 3-4-5 triangle).
		{"one pair", [][3]float64{{0, 0, 0}}, [][3]float64{{3, 4, 0}}, 10, 2, 5, 5, 0, 0},
		// Best pair d = 1; OSPA (1 + 10)/2; GOSPA 1 + 10/2 for the miss.
		{"cardinality", pts(0, 100), pts(1), 10, 1, 5.5, 6, 1, 0},
		{"both empty", nil, nil, 10, 2, 0, 0, 0, 0},
		// OSPA is c; GOSPA √(3·c²/2).
		{"no estimates", pts(0, 1, 2), nil, 10, 2, 10, math.Sqrt(150), 3, 0},
		{"no truths", nil, pts(5), 10, 2, 10, math.Sqrt(50), 0, 1},
		// d = 20 > c: OSPA cuts to c; GOSPA counts a miss and a false track.
		{"cut-off", pts(0), pts(20), 10, 2, 10, 10, 1, 1},
		// Greedy nearest neighbour pairs 2↔1.9 (0.01) then 0↔4 (16):
		// 16.01; the optimum is 0↔1.9, 2↔4: 3.61 + 4 = 7.61.
		{"greedy is not optimal", pts(0, 2), pts(1.9, 4), 10, 2, math.Sqrt(7.61 / 2), math.Sqrt(7.61), 0, 0},
	}
	for _, tc := range tests {
		if got := OSPA(tc.x, tc.y, tc.c, tc.p); math.Abs(got-tc.ospa) > tol {
			t.Errorf("%s: OSPA = %.15g, want %.15g", tc.name, got, tc.ospa)
		}
		g := GOSPA(tc.x, tc.y, tc.c, tc.p)
		if math.Abs(g.Distance-tc.gospa) > tol || g.Missed != tc.miss || g.False != tc.fals {
			t.Errorf("%s: GOSPA = %+v, want %.15g with %d missed, %d false", tc.name, g, tc.gospa, tc.miss, tc.fals)
		}
		want := g.LocalisationP + math.Pow(tc.c, tc.p)/2*float64(g.Missed+g.False)
		if math.Abs(math.Pow(g.Distance, tc.p)-want) > 1e-9 {
			t.Errorf("%s: GOSPA decomposition %g ≠ %g", tc.name, math.Pow(g.Distance, tc.p), want)
		}
	}
}

// TestOSPAIsAMetric checks symmetry, identity and the triangle inequality
// on random sets, properties both papers prove for p ≥ 1.
func TestOSPAIsAMetric(t *testing.T) {
	const tol = 1e-9
	rng := rand.New(rand.NewPCG(21, 22))
	set := func() [][3]float64 {
		s := make([][3]float64, rng.IntN(5))
		for i := range s {
			s[i] = [3]float64{rng.Float64() * 30, rng.Float64() * 30, 0}
		}
		return s
	}
	for range 500 {
		a, b, c := set(), set(), set()
		for _, p := range []float64{1, 2} {
			for name, d := range map[string]func(x, y [][3]float64) float64{
				"OSPA":  func(x, y [][3]float64) float64 { return OSPA(x, y, 10, p) },
				"GOSPA": func(x, y [][3]float64) float64 { return GOSPA(x, y, 10, p).Distance },
			} {
				if d(a, a) > tol {
					t.Fatalf("%s(a, a) = %g", name, d(a, a))
				}
				if math.Abs(d(a, b)-d(b, a)) > tol {
					t.Fatalf("%s not symmetric", name)
				}
				if d(a, c) > d(a, b)+d(b, c)+tol {
					t.Fatalf("%s p=%g violates the triangle inequality: %g > %g + %g", name, p, d(a, c), d(a, b), d(b, c))
				}
			}
		}
	}
}

func TestNEESAndRMSE(t *testing.T) {
	var p [6][6]float64
	for i := range 6 {
		p[i][i] = float64((i + 1) * (i + 1))
	}
	truth := [6]float64{1, 2, 3, 4, 5, 6}
	est := [6]float64{}
	// Σ (i+1)²/(i+1)² = 6.
	if got := NEES(truth, est, &p); math.Abs(got-6) > 1e-12 {
		t.Errorf("NEES = %g, want 6", got)
	}
	p[0][0] = -1
	if got := NEES(truth, est, &p); !math.IsNaN(got) {
		t.Errorf("NEES with an indefinite P = %g, want NaN", got)
	}
	var r RMSE
	r.Add([6]float64{3, 4, 0, 0, 0, 1}, [6]float64{})
	r.Add([6]float64{0, 0, 0, 0, 0, 0}, [6]float64{})
	if math.Abs(r.PositionM()-math.Sqrt(12.5)) > 1e-12 || math.Abs(r.VelocityMps()-math.Sqrt(0.5)) > 1e-12 {
		t.Errorf("RMSE = %g, %g", r.PositionM(), r.VelocityMps())
	}
}

// TestScorer scores a hand-made history: track 1 follows truth 0, is
// confirmed at t = 2, swaps to truth 1 at t = 4; truth 1 was first seen at
// t = 1 and reached by a confirmed track (1) at t = 4; track 2 takes truth 0
// at t = 5 (a break for truth 0), and one false alarm update.
func TestScorer(t *testing.T) {
	var s Scorer
	conf := func(ids ...int) []Track {
		var ts []Track
		for _, id := range ids {
			ts = append(ts, Track{ID: id, Status: Confirmed})
		}
		return ts
	}
	ms := func(truths ...int) []Measurement {
		var m []Measurement
		for _, id := range truths {
			m = append(m, Measurement{TruthID: id})
		}
		return m
	}
	s.Observe(0, ms(0), []Track{{ID: 1}}, []Assignment{{TrackID: 1, Meas: 0, Initiated: true}})
	s.Observe(1, ms(0, 1), []Track{{ID: 1}}, []Assignment{{TrackID: 1, Meas: 0}})
	s.Observe(2, ms(0), conf(1), []Assignment{{TrackID: 1, Meas: 0}})
	s.Observe(3, ms(0, -1), conf(1), []Assignment{{TrackID: 1, Meas: 1}})
	s.Observe(4, ms(1), conf(1), []Assignment{{TrackID: 1, Meas: 0}})
	s.Observe(5, ms(0), conf(1, 2), []Assignment{{TrackID: 2, Meas: 0}})
	got := s.Score()
	// Track 1 confirmed updates: truth 0 (t=2), false (t=3), truth 1 (t=4):
	// dominant 1 of 3; track 2: 1 of 1. Purity 2/4.
	want := Score{Purity: 0.5, Swaps: 1, Breaks: 1, Truths: 2, Firm: 2,
		MeanTimeToFirmS: (2 + 3) / 2.0, MaxTimeToFirmS: 3, ConfirmedUpdates: 4}
	if got != want {
		t.Errorf("Score = %+v\nwant    %+v", got, want)
	}
}
