package track

import (
	"math"
	"sync"
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// qabala is the Daryal early-warning radar site in Azerbaijan offered for
// joint use in 2007 (public location, rounded): ~340 km from Tabriz, it sees
// an MRBM from Tabriz rise above its horizon ~33 s into the 84 s burn.
var qabala = geo.LLA{LatDeg: 40.87, LonDeg: 47.79, AltM: 500}

// mrbm is the Tabriz → Bucharest MRBM of the demo with its powered ascent:
// burnout at 84 s after 30–70 m/s² of thrust acceleration, then free
// flight (drag only below ~100 km on the way down).
var mrbm = sync.OnceValues(func() (ballistic.Trajectory, error) {
	m, err := ballistic.LookupMissile("mrbm")
	if err != nil {
		return ballistic.Trajectory{}, err
	}
	return ballistic.Solve(ballistic.Request{
		From: geo.LLA{LatDeg: 38.08, LonDeg: 46.29}, To: geo.LLA{LatDeg: 44.43, LonDeg: 26.10},
		Earth: geo.WGS84, Missile: &m,
	})
})

// boostOutcome is how a tracker fared on the boosting MRBM.
type boostOutcome struct {
	breaks   int  // times the target's measurements moved to another confirmed track
	postVel  RMSE // confirmed-track errors from burnout to 120 s after
	boostPos RMSE // confirmed-track errors before burnout
}

// trackBoost tracks the MRBM from first sight (0.5° elevation at Qabala) to
// 120 s after burnout at 1 Hz, σR = 10 m, σ = 1 mrad.
func trackBoost(t *testing.T, f Filter, seed uint64) boostOutcome {
	t.Helper()
	tr, err := mrbm()
	if err != nil {
		t.Fatal(err)
	}
	radar := NewAER(geo.WGS84, qabala)
	tk, err := New(Config{Filter: f})
	if err != nil {
		t.Fatal(err)
	}
	rng := newRand(seed)
	var sc Scorer
	var out boostOutcome
	for ts := 0.0; ts < tr.BurnoutTimeS+120; ts++ {
		x := truthAt(t, &tr, 0, ts)
		if !visible(radar, x, ts, 0.5*math.Pi/180) {
			continue
		}
		ms := []Measurement{measureAER(radar, x, ts, 10, 1e-3, aerCov(10, 1e-3), rng, "qabala", 0)}
		if err := tk.Step(ts, ms); err != nil {
			t.Fatal(err)
		}
		sc.Observe(ts, ms, tk.Tracks(), tk.Assignments())
		for _, trk := range tk.Tracks() {
			if trk.Status != Confirmed || trk.LastUpdateS != ts {
				continue
			}
			if ts < tr.BurnoutTimeS {
				out.boostPos.Add(x, trk.State.X)
			} else {
				out.postVel.Add(x, trk.State.X)
			}
		}
	}
	out.breaks = sc.Score().Breaks
	return out
}

// TestBoostIMMKeepsTrack compares the boost-phase-aware IMM (ballistic q =
// 1 m²/s³, boost q = 3000 m²/s³) with the plain ballistic EKF (q = 1
// m²/s³, tuned for midcourse) on the MRBM seen from its boost through
// burnout, over ten noise seeds. The plain filter cannot follow 30–70 m/s²
// of unmodelled thrust: its gate loses the target and new tracks are
// started, again and again. The IMM must keep one confirmed track (no
// breaks in at least 8 of the 10 runs, fewer breaks in total than the plain
// filter) and come out of burnout with a better velocity.
func TestBoostIMMKeepsTrack(t *testing.T) {
	const seeds = 10
	var immBreaks, plainBreaks, immClean int
	var immVel, plainVel float64
	for seed := range uint64(seeds) {
		imm := trackBoost(t, NewBoostIMM(geo.WGS84, 1, 3000, false), seed)
		plain := trackBoost(t, &EKF{Motion: NewBallistic(geo.WGS84, 1)}, seed)
		immBreaks += imm.breaks
		plainBreaks += plain.breaks
		if imm.breaks == 0 {
			immClean++
		}
		immVel += imm.postVel.VelocityMps() / seeds
		plainVel += plain.postVel.VelocityMps() / seeds
	}
	t.Logf("IMM: %d breaks (%d/%d runs clean), post-burnout velocity RMSE %.1f m/s; plain EKF: %d breaks, %.1f m/s",
		immBreaks, immClean, seeds, immVel, plainBreaks, plainVel)
	if immClean < 8 || immBreaks >= plainBreaks || immVel >= plainVel {
		t.Errorf("the IMM does not keep track through boost better than the plain filter")
	}
}

// TestBoostIMMModeProbability checks that the IMM knows what the target is
// doing: the boost mode is the likelier one in the last 20 s of the burn,
// and the ballistic one from 60 s after burnout on.
func TestBoostIMMModeProbability(t *testing.T) {
	tr, err := mrbm()
	if err != nil {
		t.Fatal(err)
	}
	f := NewBoostIMM(geo.WGS84, 1, 3000, false)
	radar := NewAER(geo.WGS84, qabala)
	rng := newRand(3)
	var s State
	var inn Innovation
	started := false
	var boostLate, boostTotal, coastLate, coastTotal int
	for ts := 0.0; ts < tr.BurnoutTimeS+150; ts++ {
		x := truthAt(t, &tr, 0, ts)
		if !visible(radar, x, ts, 0.5*math.Pi/180) {
			continue
		}
		m := measureAER(radar, x, ts, 10, 1e-3, aerCov(10, 1e-3), rng, "qabala", 0)
		if !started {
			s, _ = SinglePoint{}.Initiate(&m)
			started = true
			continue
		}
		f.Predict(&s, ts)
		if f.PredictMeasurement(&s, &m, &inn) {
			f.Update(&s, &m, &inn)
		}
		p := s.Modes.Prob[BoostMode]
		switch {
		case ts >= tr.BurnoutTimeS-20 && ts < tr.BurnoutTimeS:
			boostTotal++
			if p > 0.5 {
				boostLate++
			}
		case ts >= tr.BurnoutTimeS+60:
			coastTotal++
			if p < 0.5 {
				coastLate++
			}
		}
	}
	t.Logf("boost mode likelier in %d/%d late-burn steps; ballistic likelier in %d/%d coast steps", boostLate, boostTotal, coastLate, coastTotal)
	if boostLate < boostTotal*3/4 || coastLate < coastTotal*9/10 {
		t.Errorf("mode probabilities do not follow the flight")
	}
}

// The IMM's range bound (d2Below), with which the gate rules pairs out
// before working their innovations out, is never above the least
// Mahalanobis distance over the modes, whatever the spreads: positions
// known to metres or to tens of kilometres, velocities to 1–500 m/s,
// correlated, the modes apart. And it rules out most measurements of
// objects a few kilometres off.
func TestD2BelowBoundsTheDistance(t *testing.T) {
	tr, err := mrbm()
	if err != nil {
		t.Fatal(err)
	}
	radar := NewAER(geo.WGS84, qabala)
	f := NewBoostIMM(geo.WGS84, 1, 3000, false)
	rng := newRand(11)
	gate := Config{}.gateThreshold()
	ruledOut, far := 0, 0
	for k := range 4000 {
		ts := tr.BurnoutTimeS + 200*rng.Float64()
		x := truthAt(t, &tr, 0, ts)
		var l [6][6]float64 // P = L·Lᵀ with random correlations
		sp, sv := math.Pow(10, 1+3.5*rng.Float64()), math.Pow(10, 2.7*rng.Float64())
		for i := range 6 {
			for j := range i + 1 {
				l[i][j] = 0.3 * rng.NormFloat64()
			}
			if i < 3 {
				l[i][i] = sp
			} else {
				l[i][i] = sv
			}
		}
		var p [6][6]float64
		for i := range 6 {
			for j := range 6 {
				for k := range 6 {
					p[i][j] += l[i][k] * l[j][k]
				}
			}
		}
		s := State{TimeS: ts, X: x, P: p}
		md := f.modes(&s)
		for a := range 3 { // the boost mode a little apart
			md.States[1].X[a] += 0.3 * sp * rng.NormFloat64()
		}
		obj := x
		off := 5e3 * float64(k%2) // half the measurements are of an object a few km off
		for a := range 3 {
			obj[a] += off * rng.NormFloat64()
		}
		m := measureAER(radar, obj, ts, 20, 3e-4, aerCov(20, 3e-4), rng, "qabala", 0)
		lo := f.d2Below(&s, &m)
		var inn Innovation
		if !f.PredictMeasurement(&s, &m, &inn) {
			continue
		}
		if lo > inn.D2*(1+1e-9) {
			t.Fatalf("case %d: bound %g above the distance %g", k, lo, inn.D2)
		}
		if off > 0 && inn.D2 > gate {
			far++
			if lo > (1+1e-3)*gate {
				ruledOut++
			}
		}
	}
	if ruledOut < far/2 {
		t.Errorf("the bound rules out %d of %d measurements outside the gate, want at least half", ruledOut, far)
	}
	t.Logf("ruled out %d of %d measurements outside the gate", ruledOut, far)
}

// TestCombine2IsCombine: the two-mode combination gives the general one's
// numbers exactly, on random mixtures (the general loop runs for three
// modes, the third of weight 0, which adds nothing).
func TestCombine2IsCombine(t *testing.T) {
	rng := newRand(11)
	for trial := range 1000 {
		var st [MaxModes]State
		for k := range 2 {
			for i := range 6 {
				st[k].X[i] = 1e6 * rng.NormFloat64()
				for j := range 6 {
					st[k].P[i][j] = 1e3 * rng.NormFloat64()
				}
			}
		}
		w0 := rng.Float64()
		x, p := combine(&st, []float64{w0, 1 - w0})
		gx, gp := combine(&st, []float64{w0, 1 - w0, 0})
		if x != gx || p != gp {
			t.Fatalf("trial %d: the two-mode combination differs from the general one", trial)
		}
	}
}
