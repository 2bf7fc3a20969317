package track

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/cputime"
)

// filterFixture is a converged track of the single-radar scenario at
// t = 400 s and the next measurement, for the filter benchmarks.
func filterFixture(tb testing.TB, f Filter) (State, Measurement) {
	tb.Helper()
	tr := irbmTruth(tb)
	radar := NewAER(geo.WGS84, kurecik)
	rng := rand.New(rand.NewPCG(1, 1))
	r := aerCov(consSigmaR, consSigmaA)
	m := measureAER(radar, truthAt(tb, tr, 0, 300), 300, consSigmaR, consSigmaA, r, rng, "r", 0)
	s, _ := SinglePoint{}.Initiate(&m)
	var inn Innovation
	for ts := 301.0; ts <= 400; ts++ {
		f.Predict(&s, ts)
		m = measureAER(radar, truthAt(tb, tr, 0, ts), ts, consSigmaR, consSigmaA, r, rng, "r", 0)
		f.PredictMeasurement(&s, &m, &inn)
		f.Update(&s, &m, &inn)
	}
	f.Predict(&s, 401)
	m = measureAER(radar, truthAt(tb, tr, 0, 401), 401, consSigmaR, consSigmaA, r, rng, "r", 0)
	return s, m
}

// TestFilterAllocs asserts that EKF and UKF predict and update allocate
// nothing (a target: zero allocations in the update).
func TestFilterAllocs(t *testing.T) {
	for _, f := range []Filter{
		&EKF{Motion: NewBallistic(geo.WGS84, 1)},
		&UKF{Motion: NewBallistic(geo.WGS84, 1)},
		&EKF{Motion: ConstantGravity{G: 9.80665, Q: 1}},
	} {
		s0, m := filterFixture(t, f)
		var s State
		var inn Innovation
		allocs := testing.AllocsPerRun(200, func() {
			s = s0
			f.Predict(&s, s.TimeS+1)
			m.TimeS = s.TimeS
			f.PredictMeasurement(&s, &m, &inn)
			f.Update(&s, &m, &inn)
			f.Predict(&s, s.TimeS+60) // substeps
		})
		if allocs != 0 {
			t.Errorf("%T with %T: %g allocations per predict + update", f, f.(interface{}), allocs)
		}
	}
}

// BenchmarkEKFUpdate is one measurement update of a 6-state ballistic track
// with an AER radar measurement: linearisation, innovation covariance and
// gate distance (PredictMeasurement), then gain and standard-form covariance
// (Update). Performance target: ≥ 500,000 per second on one core, 0 allocs.
func BenchmarkEKFUpdate(b *testing.B) {
	f := &EKF{Motion: NewBallistic(geo.WGS84, 1)}
	s0, m := filterFixture(b, f)
	var inn Innovation
	s := s0
	b.ReportAllocs()
	for b.Loop() {
		s.X, s.P = s0.X, s0.P
		f.PredictMeasurement(&s, &m, &inn)
		f.Update(&s, &m, &inn)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
}

// BenchmarkEKFPredict is one 1 s prediction of a ballistic track (one RK4
// step with J2, the transition matrix and Φ·P·Φᵀ + Q): the tracker's hot
// path, run for every track at every scan.
func BenchmarkEKFPredict(b *testing.B) {
	f := &EKF{Motion: NewBallistic(geo.WGS84, 1)}
	s0, _ := filterFixture(b, f)
	s := s0
	b.ReportAllocs()
	for b.Loop() {
		s.X, s.P, s.TimeS = s0.X, s0.P, s0.TimeS
		f.Predict(&s, s0.TimeS+1)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "predicts/s")
}

func BenchmarkEKFPredict60s(b *testing.B) {
	f := &EKF{Motion: NewBallistic(geo.WGS84, 1)}
	s0, _ := filterFixture(b, f)
	s := s0
	b.ReportAllocs()
	for b.Loop() {
		s.X, s.P, s.TimeS = s0.X, s0.P, s0.TimeS
		f.Predict(&s, s0.TimeS+60)
	}
}

func BenchmarkUKFUpdate(b *testing.B) {
	f := &UKF{Motion: NewBallistic(geo.WGS84, 1)}
	s0, m := filterFixture(b, f)
	var inn Innovation
	s := s0
	b.ReportAllocs()
	for b.Loop() {
		s.X, s.P = s0.X, s0.P
		f.PredictMeasurement(&s, &m, &inn)
		f.Update(&s, &m, &inn)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
}

func BenchmarkUKFPredict(b *testing.B) {
	f := &UKF{Motion: NewBallistic(geo.WGS84, 1)}
	s0, _ := filterFixture(b, f)
	s := s0
	b.ReportAllocs()
	for b.Loop() {
		s.X, s.P, s.TimeS = s0.X, s0.P, s0.TimeS
		f.Predict(&s, s0.TimeS+1)
	}
}

// benchScene is a large synthetic raid for the tracker benchmark: targets
// in ballistic free flight (J2, integrated with the Ballistic model itself:
// cheap, and the benchmark measures the tracker, not the truth) criss-
// crossing a 25° × 50° box at 300–800 km altitude, 5–6.5 km/s in random
// directions, climbing at 0–1.5 km/s so that none lands within
// benchSceneS; radars on a grid below, each reporting every target with
// probability benchPd once a second, staggered by a tenth of a second per
// radar, with range rates (1 m/s), plus benchFalse uniform false alarms per
// scan.
type benchScene struct {
	truth  [][6]float64
	radars []*AER
	motion Ballistic
	rng    *rand.Rand
	tS     float64
	ms     []Measurement
	r      [3][3]float64
}

const (
	benchTargets = 1000
	benchRadars  = 10
	benchPd      = 0.9
	benchFalse   = 10
	benchSceneS  = 240 // the scene is rebuilt (timer stopped) after this
	benchWarmupS = 20
)

func newBenchScene(seed uint64) *benchScene {
	rng := rand.New(rand.NewPCG(seed, 99))
	sc := &benchScene{motion: NewBallistic(geo.WGS84, 0), rng: rng, r: aerCov(10, 1e-3)}
	for i := range benchRadars {
		site := geo.LLA{LatDeg: 35 + 10*float64(i/5), LonDeg: 15 + 10*float64(i%5)}
		sc.radars = append(sc.radars, NewAER(geo.WGS84, site))
	}
	for range benchTargets {
		p := geo.LLA{LatDeg: 30 + 25*rng.Float64(), LonDeg: 10 + 50*rng.Float64(), AltM: 3e5 + 5e5*rng.Float64()}
		pos := geo.WGS84.ToECEF(p)
		az := 2 * math.Pi * rng.Float64()
		speed := 5000 + 1500*rng.Float64()
		enu := geo.ENU{speed * math.Sin(az), speed * math.Cos(az), 1500 * rng.Float64()}
		vel := geo.ECEF(geo.RotateFromENU(p, enu))
		sc.truth = append(sc.truth, FromECEF(pos, vel, 0))
	}
	return sc
}

// scan returns radar k's measurements at time tS (truth moved there).
func (sc *benchScene) scan(k int, tS float64) []Measurement {
	for i := range sc.truth {
		sc.truth[i] = sc.motion.Propagate(sc.truth[i], tS-sc.tS)
	}
	sc.tS = tS
	sc.ms = sc.ms[:0]
	radar := sc.radars[k]
	id := fmtf("radar%d", k)
	for i, x := range sc.truth {
		if sc.rng.Float64() < benchPd {
			m := measureAER(radar, x, tS, 10, 1e-3, sc.r, sc.rng, id, i)
			rr, _ := radar.RangeRate(x, tS)
			m.RangeRate, m.RangeRateVar = rr+sc.rng.NormFloat64(), 1
			sc.ms = append(sc.ms, m)
		}
	}
	for range benchFalse {
		z := [3]float64{5e5 + 2e6*sc.rng.Float64(), 2 * math.Pi * sc.rng.Float64(), 0.5 * sc.rng.Float64()}
		sc.ms = append(sc.ms, Measurement{TimeS: tS, SensorID: id, Model: radar, Z: z, R: sc.r, TruthID: -1,
			RangeRate: 8e3 * (sc.rng.Float64() - 0.5), RangeRateVar: 1})
	}
	return sc.ms
}

// BenchmarkTracker runs the whole tracker — predict every track, pre-gate,
// gate, cluster and assign, update, confirm, delete, initiate — on 1,000
// targets seen by 10 radars at 1 Hz (9,000 detections and 100 false alarms
// per simulated second), after a warm-up that confirms the tracks. The
// radars report a tenth of a second apart, so every track is predicted
// ten times a second. Performance target (one core): x_realtime ≥ 100.
func BenchmarkTracker(b *testing.B) { benchTracker(b, benchRadars) }

// BenchmarkTrackerSync is BenchmarkTracker with the ten radars reporting
// at the same instants, as in a simulation stepping every sensor on a
// common 1 s clock: each track is predicted once a second and updated by
// ten radars.
func BenchmarkTrackerSync(b *testing.B) { benchTracker(b, 1) }

// benchTracker runs the benchmark scene with the radars' report times
// spread over 1/stagger s.
func benchTracker(b *testing.B, stagger int) {
	var sc *benchScene
	var tk *Tracker
	var simS float64
	at := func(s float64, k int) float64 { return s + float64(k%stagger)/float64(stagger) }
	reset := func(seed uint64) {
		sc = newBenchScene(seed)
		var err error
		tk, err = New(Config{Filter: &EKF{Motion: NewBallistic(geo.WGS84, 1)}})
		if err != nil {
			b.Fatal(err)
		}
		for s := range benchWarmupS {
			for k := range benchRadars {
				tS := at(float64(s), k)
				if err := tk.Step(tS, sc.scan(k, tS)); err != nil {
					b.Fatal(err)
				}
			}
		}
		simS = benchWarmupS
	}
	// The thread's CPU time over the timed steps, beside the wall clock:
	// on a shared machine the wall clock also counts time spent waiting
	// for a core.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var cpu time.Duration
	cpuOK := true
	seed := uint64(1)
	reset(seed)
	scans := make([][]Measurement, benchRadars)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		if simS >= benchSceneS {
			seed++
			reset(seed)
		}
		for k := range benchRadars {
			scans[k] = append(scans[k][:0], sc.scan(k, at(simS, k))...)
		}
		c0, ok0 := cputime.Thread()
		b.StartTimer()
		for k := range benchRadars {
			if err := tk.Step(at(simS, k), scans[k]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		c1, ok1 := cputime.Thread()
		cpu += c1 - c0
		cpuOK = cpuOK && ok0 && ok1
		b.StartTimer()
		simS++
	}
	b.StopTimer()
	confirmed := 0
	for _, t := range tk.Tracks() {
		if t.Status == Confirmed {
			confirmed++
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "x_realtime")
	if cpuOK && cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "x_realtime_cpu")
	}
	b.ReportMetric(float64(confirmed), "confirmed")
}

// BenchmarkCombine is the IMM's moment matching of two modes (twice per
// prediction, to mix, and once more after the update).
func BenchmarkCombine(b *testing.B) {
	var st [MaxModes]State
	for k := range 2 {
		for i := range 6 {
			st[k].X[i] = float64(i*7+k) + 0.5
			for j := range 6 {
				st[k].P[i][j] = float64((i+1)*(j+1)) + float64(k)
			}
		}
	}
	w := []float64{0.3, 0.7}
	var sink float64
	for b.Loop() {
		x, p := combine(&st, w)
		sink += x[0] + p[5][5]
	}
	_ = sink
}
