package track

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/mat"
)

// runPreGate runs the pre-gate on tracker tk's tracks and the measurements
// ms of one scan at time tS, as Step would.
func runPreGate(tk *Tracker, tS float64, ms []Measurement) (pairs []candidate, nearest bool) {
	idx := make([]int, len(ms))
	for j := range idx {
		idx[j] = j
	}
	tk.scanS = tS
	tk.setFastPath(tS)
	q := tk.gateScan(ms, idx)
	return tk.pg.find(&q)
}

// gatePairs runs the tracker's pre-gate on measurements ms (one scan at
// time tS) and returns how many times it took each (track, measurement)
// pair for scoring, and the pairs that the pre-gate's bound keeps, found
// by checking every pair: their positions within the sum of their radii,
// less 1e-12 of it for rounding.
func gatePairs(tk *Tracker, tS float64, ms []Measurement) (scored map[[2]int]int, want [][2]int) {
	pairs, _ := runPreGate(tk, tS, ms)
	scored = map[[2]int]int{}
	for _, c := range pairs {
		scored[[2]int{int(c.i), int(c.j)}]++
	}
	pg := &tk.pg
	var tracks []gridPoint
	for l := range pg.lpts {
		tracks = append(tracks, pg.lpts[l]...)
	}
	tracks = append(tracks, pg.big...)
	for _, a := range tracks {
		for _, b := range pg.mq {
			dx, dy, dz := a.p[0]-b.p[0], a.p[1]-b.p[1], a.p[2]-b.p[2]
			r := (a.r + b.r) * (1 - 1e-12)
			if dx*dx+dy*dy+dz*dz <= r*r {
				want = append(want, [2]int{int(a.i), int(b.i)})
			}
		}
	}
	return scored, want
}

// TestPreGateGrid checks the pre-gate's grids against every pair: on the
// benchmark scene (dense grids, a level of tentative tracks looked up in a
// grid of measurements, a level of a few looked up the other way), and on
// tracks scattered over the globe (hash grids), every pair whose balls
// overlap is scored, and none twice.
func TestPreGateGrid(t *testing.T) {
	check := func(name string, tk *Tracker, tS float64, ms []Measurement) {
		t.Helper()
		scored, want := gatePairs(tk, tS, ms)
		for _, p := range want {
			if scored[p] == 0 {
				t.Errorf("%s: pair %v within the pre-gate not scored", name, p)
			}
		}
		for p, n := range scored {
			if n > 1 {
				t.Errorf("%s: pair %v scored %d times", name, p, n)
			}
		}
		pg := &tk.pg
		var levels []string
		for l := range pg.lpts {
			n := len(pg.lpts[l])
			switch {
			case n == 0:
				continue
			case 2*n < len(pg.mq) && 16*n > len(pg.mq):
				levels = append(levels, fmtf("%d tracks in measurement grid (dense %v)", n, pg.mgrid.dense))
			default:
				levels = append(levels, fmtf("%d tracks in track grid (dense %v)", n, pg.grids[l].dense))
			}
		}
		t.Logf("%s: %d tracks, %d measurements, %d pairs scored, %d within the bound; levels: %v", name, len(tk.tracks), len(ms), len(scored), len(want), levels)
	}

	sc := newBenchScene(3)
	tk, err := New(Config{Filter: &EKF{Motion: NewBallistic(geo.WGS84, 1)}})
	if err != nil {
		t.Fatal(err)
	}
	for s := range 25 {
		for k := range benchRadars {
			tS := float64(s) + float64(k)/10
			if err := tk.Step(tS, sc.scan(k, tS)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for k := range 3 {
		tS := 25 + float64(k)/10
		check(fmtf("benchmark scene, radar %d", k), tk, tS, sc.scan(k, tS))
	}

	// Tracks all over the globe, 10 km apart from their measurements at
	// most: the grids' boxes are too large to be dense.
	rng := newRand(5)
	tk2, err := New(Config{Filter: &EKF{Motion: NearlyConstantVelocity{Q: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	var ms []Measurement
	r := [3][3]float64{{1e6}, {0, 1e6}, {0, 0, 1e6}}
	for range 300 {
		var p [3]float64
		for a := range p {
			p[a] = 1.4e7 * (rng.Float64() - 0.5)
		}
		ms = append(ms, Measurement{TimeS: 0, SensorID: "s", Model: Position{}, Z: p, R: r})
	}
	if err := tk2.Step(0, ms); err != nil {
		t.Fatal(err)
	}
	for j := range ms {
		for a := range 3 {
			ms[j].Z[a] += 1e4 * rng.NormFloat64()
		}
		ms[j].TimeS = 0.5
	}
	check("scattered tracks", tk2, 0.5, ms)
}

// gateScene is a random scan for TestPreGateKeepsGatedPairs: tracks of
// every kind the tracker holds, each last updated some time before the
// scan, and measurements on the edge of their gates, inside them, and
// clutter.
type gateScene struct {
	states []State
	ms     []Measurement
	edge   int // measurements built on the gate's edge
}

// newGateScene draws a scene of nT tracks over site for filter f and gate
// threshold gamma, measured by radar (AER measurements) or, if it is nil,
// as positions (30 m per axis, in the filter's frame).
func newGateScene(rng *rand.Rand, f Filter, gamma float64, site geo.LLA, radar *AER, nT int) gateScene {
	tS := 1000 + 100*rng.Float64()
	var sc gateScene
	for range nT {
		// An object 100–1,500 km from the radar, 80–900 km up, moving
		// at 1–7 km/s.
		p := geo.LLA{LatDeg: site.LatDeg + 12*(rng.Float64()-0.5), LonDeg: site.LonDeg + 16*(rng.Float64()-0.5), AltM: 8e4 + 8.2e5*rng.Float64()}
		az, el := 2*math.Pi*rng.Float64(), 0.6*(rng.Float64()-0.5)
		speed := 1000 + 6000*rng.Float64()
		enu := geo.ENU{speed * math.Cos(el) * math.Sin(az), speed * math.Cos(el) * math.Cos(az), speed * math.Sin(el)}
		dt := []float64{0, 0.05, 0.1, 1, 3, 10}[rng.IntN(6)]
		t0 := tS - dt
		x := FromECEF(geo.WGS84.ToECEF(p), geo.ECEF(geo.RotateFromENU(p, enu)), t0)
		// Its estimate: settled (5–300 m, 0.5–30 m/s), young (single-
		// point initiation: 10–2,000 m, 3 km/s) or coasting (1–20 km,
		// 50–500 m/s), with random correlations.
		var sp, sv float64
		switch rng.IntN(3) {
		case 0:
			sp, sv = 5*math.Pow(60, rng.Float64()), 0.5*math.Pow(60, rng.Float64())
		case 1:
			sp, sv = 10*math.Pow(200, rng.Float64()), 3000
		default:
			sp, sv = 1e3*math.Pow(20, rng.Float64()), 50*math.Pow(10, rng.Float64())
		}
		// Half of them long and thin (correlations near ±1), where the
		// largest eigenvalue is nearly the trace the pre-gate reckons
		// with.
		c := randSPD6(rng, 1)
		if rng.IntN(2) == 0 {
			var w [6]float64
			for i := range w {
				w[i] = rng.NormFloat64()
			}
			for i := range 6 {
				for j := range 6 {
					c[i][j] = w[i] * w[j]
				}
				c[i][i] += 0.02 * w[i] * w[i]
			}
		}
		var pm [6][6]float64
		for i := range 6 {
			for j := range 6 {
				si, sj := sp, sp
				if i >= 3 {
					si = sv
				}
				if j >= 3 {
					sj = sv
				}
				pm[i][j] = si * sj * c[i][j] / math.Sqrt(c[i][i]*c[j][j])
			}
		}
		sc.states = append(sc.states, State{X: x, P: pm, TimeS: t0})
	}
	r := aerCov(10, 1e-3)
	if radar == nil {
		r = [3][3]float64{{900}, {0, 900}, {0, 0, 900}}
	}
	meas := func(z [3]float64) Measurement {
		if radar == nil {
			return Measurement{TimeS: tS, SensorID: "s", Model: Position{}, Z: z, R: r, TruthID: -1}
		}
		return Measurement{TimeS: tS, SensorID: "s", Model: radar, Z: z, R: r, TruthID: -1}
	}
	var inn Innovation
	for _, s0 := range sc.states {
		s := s0.Clone()
		f.Predict(&s, tS)
		var z0 [3]float64
		if radar == nil {
			z0 = [3]float64{s.X[0], s.X[1], s.X[2]}
		} else {
			z0 = radar.Measure(s.X, tS)
		}
		m := meas(z0)
		if !f.PredictMeasurement(&s, &m, &inn) {
			continue
		}
		l, ok := mat.Chol3(&inn.S)
		if !ok || !mat.Definite3(&l) {
			continue
		}
		// ẑ = z0 − ν; a measurement ẑ + c·L·u, |u| = 1, has d² = c²: on
		// the edge along S's major axis (u the top eigenvector of LᵀL, the
		// farthest from ẑ), on the edge in a random direction, and inside.
		var ltl mat.M3
		for i := range 3 {
			for j := range 3 {
				for k := range 3 {
					ltl[i][j] += l[k][i] * l[k][j]
				}
			}
		}
		w, v := mat.EigSym3(ltl)
		top := 0
		for i := range w {
			if w[i] > w[top] {
				top = i
			}
		}
		for k := range 3 {
			var u [3]float64
			for a := range u {
				u[a] = rng.NormFloat64()
				if k == 0 {
					u[a] = v[a][top]
				}
			}
			n := math.Sqrt(u[0]*u[0] + u[1]*u[1] + u[2]*u[2])
			c := math.Sqrt(gamma * (1 - 1e-9)) // on the edge
			if k == 2 {
				c = math.Sqrt(gamma) * rng.Float64() // inside
			} else {
				sc.edge++
			}
			z := z0
			for i := range 3 {
				z[i] -= inn.Nu[i]
				for j := range i + 1 {
					z[i] += c * l[i][j] * u[j] / n
				}
			}
			sc.ms = append(sc.ms, meas(z))
		}
	}
	// Clutter.
	for range nT {
		if radar == nil {
			x := sc.states[rng.IntN(nT)].X
			sc.ms = append(sc.ms, meas([3]float64{x[0] + 5e4*rng.NormFloat64(), x[1] + 5e4*rng.NormFloat64(), x[2] + 5e4*rng.NormFloat64()}))
			continue
		}
		sc.ms = append(sc.ms, meas([3]float64{1e5 + 1.4e6*rng.Float64(), 2 * math.Pi * rng.Float64(), 0.8 * rng.Float64()}))
	}
	return sc
}

// TestPreGateKeepsGatedPairs is the pre-gate's contract: it never drops a
// pair the full chi-square gate keeps. On random scans of tracks of every
// kind (settled, young, coasting, half of them long and thin; 0–10 s
// since their last update) and measurements on the very edge of their
// gates (d² = γ(1 − 1e-9), along the major axis and in a random
// direction), inside them and clutter, every pair is scored by the filter's own prediction
// and ChiSquareGate; each that passes must be among the pre-gate's pairs.
// Radar (AER) measurements are nonlinear: the margin of New's PreGateSigma
// covers their curvature. Each case scores some 150,000 pairs, 3,500 of
// them in a gate (a quarter of that with -short).
func TestPreGateKeepsGatedPairs(t *testing.T) {
	gamma := ChiSquareQuantile(DefaultGateProbability, 3)
	site := geo.LLA{LatDeg: 50, LonDeg: 20, AltM: 300}
	cases := []struct {
		name   string
		filter Filter
		radar  bool
	}{
		{"EKF, radar", &EKF{Motion: NewBallistic(geo.WGS84, 1)}, true},
		{"UKF, radar", &UKF{Motion: NewBallistic(geo.WGS84, 1)}, true},
		{"boost IMM, radar", NewBoostIMM(geo.WGS84, 1, 1000, false), true},
		{"EKF, positions", &EKF{Motion: NewBallistic(geo.WGS84, 1)}, false},
	}
	const nT = 30
	scenes := 40
	if testing.Short() {
		scenes = 10
	}
	for ci, c := range cases {
		rng := newRand(uint64(700 + ci))
		gate := &ChiSquareGate{Predictor: c.filter, Threshold: gamma}
		var pg preGate
		checked, edge := 0, 0
		for range scenes {
			var radar *AER
			if c.radar {
				radar = NewAER(geo.WGS84, site)
			}
			sc := newGateScene(rng, c.filter, gamma, site, radar, nT)
			tS := sc.ms[0].TimeS
			gs := make([]gateState, len(sc.states))
			for i := range sc.states {
				gs[i] = newGateState(&sc.states[i])
			}
			idx := make([]int, len(sc.ms))
			for j := range idx {
				idx[j] = j
			}
			sinT, cosT := math.Sincos(theta(tS))
			q := gateScan{tracks: gs, live: len(gs), ms: sc.ms, idx: idx, timeS: tS, sinT: sinT, cosT: cosT,
				sigma: PreGateMargin * math.Sqrt(gamma)}
			pairs, nearest := pg.find(&q)
			if nearest {
				t.Fatalf("%s: the scene passed MaxScanPairs", c.name)
			}
			kept := map[candidate]bool{}
			for _, p := range pairs {
				kept[p] = true
			}
			if len(pairs) == len(sc.states)*len(sc.ms) {
				t.Fatalf("%s: the pre-gate kept every pair", c.name)
			}
			var inn Innovation
			for i := range sc.states {
				s := sc.states[i].Clone()
				c.filter.Predict(&s, tS)
				for j := range sc.ms {
					if _, ok := gate.Hypothesise(&s, &sc.ms[j], &inn); !ok {
						continue
					}
					checked++
					if !kept[candidate{int32(i), int32(j)}] {
						g := &gs[i]
						dt := tS - g.timeS
						t.Errorf("%s: pair (%d, %d) with d² = %.4g ≤ γ = %.4g dropped by the pre-gate (dt %g s, √tr P_pos %.3g m, √tr P_vel %.3g m/s)",
							c.name, i, j, inn.D2, gamma, dt, math.Sqrt(g.trPos), math.Sqrt(g.trVel))
					}
				}
			}
			edge += sc.edge
		}
		// Most edge measurements pass their own track's gate (a few fall
		// out where the filter's prediction of a measurement is not the
		// linear one, the UKF's).
		if checked < edge {
			t.Errorf("%s: %d gated pairs checked, fewer than the %d edge measurements", c.name, checked, edge)
		}
		t.Logf("%s: %d gated pairs, all kept (%d measurements on a gate's edge)", c.name, checked, edge)
	}
}

// TestPreGateBounded checks the pre-gate past MaxScanPairs on a dense
// cluster (every track within the pre-gate of nearly every measurement):
// each measurement is paired with those of its k nearest live tracks (k =
// MaxScanPairs/measurements, at most maxNearest; by the distance from its
// position to each track's extrapolated one, ties to the lower index) that
// are within its pre-gate, so a few measurements 1 km off the cluster get
// none; the pairs are a subset of the exact pre-gate's; a measurement that has
// no position is paired with the first k live tracks; deleted tracks never
// pair; and the result is the same on a second run.
func TestPreGateBounded(t *testing.T) {
	const nT, nM = 700, 1500
	rng := newRand(41)
	var states []State
	for range nT {
		x := [6]float64{30 * rng.Float64(), 30 * rng.Float64(), 2e4 + 30*rng.Float64(), 10 * rng.NormFloat64(), 10 * rng.NormFloat64(), 10 * rng.NormFloat64()}
		var p [6][6]float64
		for i := range 6 {
			p[i][i] = 100
		}
		states = append(states, State{X: x, P: p, TimeS: 9.5})
	}
	gs := make([]gateState, nT)
	for i := range states {
		gs[i] = newGateState(&states[i])
	}
	dead := map[int]bool{3: true, 100: true, 699: true}
	for i := range dead {
		gs[i].dead = true
	}
	r := [3][3]float64{{100}, {0, 100}, {0, 0, 100}}
	ms := make([]Measurement, nM)
	for j := range ms {
		ms[j] = Measurement{TimeS: 10, SensorID: "s", Model: Position{}, Z: [3]float64{30 * rng.Float64(), 30 * rng.Float64(), 2e4 + 30*rng.Float64()}, R: r}
	}
	ms[7].Model = noLocate{Position{}} // no position
	for j := nM - 20; j < nM; j++ {
		ms[j].Z[0] += 1000 // its nearest tracks are beyond its pre-gate
	}
	idx := make([]int, nM)
	for j := range idx {
		idx[j] = j
	}
	sinT, cosT := math.Sincos(theta(10))
	sigma := PreGateMargin * math.Sqrt(ChiSquareQuantile(DefaultGateProbability, 3))
	q := gateScan{tracks: gs, live: nT - len(dead), ms: ms, idx: idx, timeS: 10, sinT: sinT, cosT: cosT, sigma: sigma}

	// The exact pre-gate's pairs, by brute force over the radii.
	within := func(i, j int) bool {
		g := &gs[i]
		dt := q.timeS - g.timeS
		rt := sigma*(math.Sqrt(g.trPos)+dt*math.Sqrt(g.trVel)) + 0.5*DefaultPreGateAccelMps2*dt*dt
		rm := sigma * math.Sqrt(r[0][0]+r[1][1]+r[2][2])
		d := dist(extrapolated(g, dt), ms[j].Z)
		return d <= rt+rm
	}
	var pg preGate
	pairs, nearest := pg.find(&q)
	if !nearest {
		t.Fatalf("%d pairs and no nearest-pairs scan: the cluster is not dense enough", len(pairs))
	}
	first := slices.Clone(pairs)
	k := min(maxNearest, MaxScanPairs/nM)
	byMeas := map[int][]int{}
	for _, c := range pairs {
		if dead[int(c.i)] {
			t.Fatalf("deleted track %d paired", c.i)
		}
		byMeas[int(c.j)] = append(byMeas[int(c.j)], int(c.i))
	}
	if len(pairs) > MaxScanPairs {
		t.Errorf("%d pairs, more than MaxScanPairs", len(pairs))
	}
	var live []int
	d := make([]float64, nT)
	for j := range nM {
		got := byMeas[j]
		if j == 7 {
			want := []int{0, 1, 2, 4} // the first live tracks
			for i := 5; len(want) < k; i++ {
				want = append(want, i)
			}
			if !slices.Equal(got, want[:k]) {
				t.Errorf("measurement without a position: tracks %v, want %v", got, want[:k])
			}
			continue
		}
		live = live[:0]
		for i := range nT {
			if !dead[i] {
				live = append(live, i)
				d[i] = dist(extrapolated(&gs[i], q.timeS-gs[i].timeS), ms[j].Z)
			}
		}
		slices.SortStableFunc(live, func(a, b int) int { return cmp.Compare(d[a], d[b]) })
		var want []int
		for _, i := range live[:k] {
			if within(i, j) {
				want = append(want, i)
			}
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("measurement %d: tracks %v, want its %d nearest within the pre-gate %v", j, got, k, want)
		}
	}
	if again, _ := pg.find(&q); !slices.Equal(again, first) {
		t.Error("a second run pairs differently")
	}
}

// noLocate is a measurement model that cannot locate a position (it
// hides Position's Locator).
type noLocate struct{ MeasurementModel }

func extrapolated(g *gateState, dt float64) [3]float64 {
	return [3]float64{g.x[0] + dt*g.x[3], g.x[1] + dt*g.x[4], g.x[2] + dt*g.x[5]}
}

func dist(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}

// The k-d tree finds the same k nearest points as a brute-force sort,
// ties (none here: random coordinates) apart.
func TestNearestMatchesBruteForce(t *testing.T) {
	rng := newRand(3)
	var kd kdTree
	for range 300 {
		kd.pts = append(kd.pts, gridPoint{p: [3]float64{rng.NormFloat64(), rng.NormFloat64(), 0.1 * rng.NormFloat64()}, i: int32(len(kd.pts))})
	}
	all := slices.Clone(kd.pts)
	kd.build()
	var h nearestHeap
	for range 200 {
		q := [3]float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		for _, k := range []int{1, 5, 64, 300} {
			kd.nearest(q, k, &h)
			got := make([]int32, 0, k)
			for _, n := range h.items {
				got = append(got, n.i)
			}
			slices.Sort(got)
			d2 := func(g gridPoint) float64 {
				dx, dy, dz := g.p[0]-q[0], g.p[1]-q[1], g.p[2]-q[2]
				return dx*dx + dy*dy + dz*dz
			}
			byDist := slices.Clone(all)
			slices.SortFunc(byDist, func(a, b gridPoint) int { return cmp.Compare(d2(a), d2(b)) })
			want := make([]int32, 0, k)
			for _, g := range byDist[:k] {
				want = append(want, g.i)
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("k=%d: got %v, want %v", k, got, want)
			}
		}
	}
}

// BenchmarkPreGate is the tracker's spatial pre-gate alone (grids built,
// every pair within the bound found; the pairs not scored) on one scan of
// the benchmark scene, per measurement.
func BenchmarkPreGate(b *testing.B) {
	sc := newBenchScene(1)
	tk, err := New(Config{Filter: &EKF{Motion: NewBallistic(geo.WGS84, 1)}})
	if err != nil {
		b.Fatal(err)
	}
	for s := range 30 {
		for k := range benchRadars {
			tS := float64(s) + float64(k)/10
			if err := tk.Step(tS, sc.scan(k, tS)); err != nil {
				b.Fatal(err)
			}
		}
	}
	// The scan of radar 0 at 30 s: every track is 0.1 s from its state,
	// as in the benchmark.
	ms := append([]Measurement(nil), sc.scan(0, 30)...)
	idx := make([]int, len(ms))
	for j := range idx {
		idx[j] = j
	}
	tk.scanS = 30
	tk.setFastPath(30)
	q := tk.gateScan(ms, idx)
	b.ReportAllocs()
	for b.Loop() {
		tk.pg.find(&q)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ms)), "ns/meas")
}
