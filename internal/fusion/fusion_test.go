package fusion

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/mat"
	"github.com/jrmd/jrmd/track"
)

// elongated is a covariance long (σ 1 km) along axis k and short (σ 10 m)
// across it — a radar's range-accurate, angle-poor ellipsoid — with small
// velocity uncertainty.
func elongated(k int) [6][6]float64 {
	var p [6][6]float64
	for i := range 3 {
		p[i][i] = 100
		p[i+3][i+3] = 1
	}
	p[k][k] = 1e6
	return p
}

// draw returns truth + a sample of N(0, p).
func draw(rng *rand.Rand, truth [6]float64, p [6][6]float64) [6]float64 {
	l, _ := mat.Chol6(&p)
	var z, x [6]float64
	for i := range z {
		z[i] = rng.NormFloat64()
	}
	for i := range 6 {
		x[i] = truth[i]
		for j := range 6 {
			x[i] += l[i][j] * z[j]
		}
	}
	return x
}

// Two radars seeing one object from different directions, with independent
// errors: their fused estimate is more accurate than either (RMSE over 2,000
// seeded draws), and its NEES lies inside its two-sided 95 % band.
//
// Covariance intersection gives P⁻¹ = ω·Pa⁻¹ + (1−ω)·Pb⁻¹ and x = P·(ω·Pa⁻¹a
// + (1−ω)·Pb⁻¹b), so with independent input errors the fused error has the
// covariance Σ = P·(ω²·Pa⁻¹ + (1−ω)²·Pb⁻¹)·P ≤ P: the NEES eᵀP⁻¹e is not
// chi-square(6) but a sum of chi-square(1) variables weighted by the
// eigenvalues of A = P⁻¹Σ, of mean tr A ≤ 6 (conservative, as CI must be).
// The sum of n such NEES is matched in its first two moments by c·χ²(ν) with
// c = tr A²/tr A and ν = n·(tr A)²/tr A² (Satterthwaite, "An approximate
// distribution of estimates of variance components", Biometrics Bulletin
// 2 (1946) 110–114), which gives the band of the mean NEES. The test finds ω
// from the fused P itself (not from the rule Intersect uses), so the band
// is the one of the covariance Intersect reports: a fused covariance too
// large or too small, or a mean combined with other weights than the
// covariance's, falls outside it. The NEES against Σ itself must lie in the
// chi-square(6n) band of BLK's §5.4.2 (track.NEESBand).
func TestIntersectImprovesAndStaysConsistent(t *testing.T) {
	pb := elongated(1)
	for _, tc := range []struct {
		name   string
		pa, pb [6][6]float64
	}{
		// Equal traces: ω = ½ and A = I/2 exactly, NEES ~ ½·χ²(6).
		{"equal traces", elongated(0), pb},
		// B four times as uncertain: ω = 0.8, A not a multiple of I.
		{"unequal traces", elongated(0), mat.Scale6(&pb, 4)},
	} {
		t.Run(tc.name, func(t *testing.T) { testIntersectConsistent(t, tc.pa, tc.pb) })
	}
}

func testIntersectConsistent(t *testing.T, pa, pb [6][6]float64) {
	rng := rand.New(rand.NewPCG(11, 12))
	truth := [6]float64{7e6, 1e5, 2e5, 100, 7000, 300}
	const n = 2000
	_, pf, ok := Intersect(truth, pa, truth, pb)
	if !ok {
		t.Fatal("intersection failed")
	}
	sigma, omega := ciErrorCovariance(t, pa, pb, pf)
	infoF, _ := mat.InvSPD6(&pf)
	infoS, _ := mat.InvSPD6(&sigma)
	a := mat.Mul6(&infoF, &sigma)
	a2 := mat.Mul6(&a, &a)
	trA, trA2 := mat.Trace6(&a), mat.Trace6(&a2)
	c, nu := trA2/trA, int(math.Round(n*trA*trA/trA2))
	lo, hi := c*track.ChiSquareQuantile(0.025, nu)/n, c*track.ChiSquareQuantile(0.975, nu)/n
	sLo, sHi := track.NEESBand(n, 6, 0.95)
	var sa, sb, sf, nees, neesS float64
	for range n {
		a, b := draw(rng, truth, pa), draw(rng, truth, pb)
		x, p, ok := Intersect(a, pa, b, pb)
		if !ok {
			t.Fatal("intersection failed")
		}
		var e [6]float64
		for i := range 3 {
			sa += (a[i] - truth[i]) * (a[i] - truth[i])
			sb += (b[i] - truth[i]) * (b[i] - truth[i])
			sf += (x[i] - truth[i]) * (x[i] - truth[i])
		}
		for i := range 6 {
			e[i] = x[i] - truth[i]
		}
		inv, _ := mat.InvSPD6(&p)
		nees += mat.Quad6(&inv, e)
		neesS += mat.Quad6(&infoS, e)
	}
	nees, neesS = nees/n, neesS/n
	ra, rb, rf := math.Sqrt(sa/n), math.Sqrt(sb/n), math.Sqrt(sf/n)
	t.Logf("position RMSE fused %.0f m, A %.0f m, B %.0f m; ω %.4f; mean NEES %.3f in [%.3f, %.3f] (tr A %.3f); against Σ %.3f in [%.3f, %.3f]",
		rf, ra, rb, omega, nees, lo, hi, trA, neesS, sLo, sHi)
	if !(rf < ra && rf < rb) {
		t.Errorf("position RMSE fused %.0f m, radar A %.0f m, radar B %.0f m", rf, ra, rb)
	}
	if trA > 6 {
		t.Errorf("expected NEES tr(P⁻¹Σ) = %.3f > 6: the fused covariance is optimistic", trA)
	}
	if nees < lo || nees > hi {
		t.Errorf("mean NEES %.3f outside its 95 %% band [%.3f, %.3f] (mean %.3f)", nees, lo, hi, trA)
	}
	if neesS < sLo || neesS > sHi {
		t.Errorf("mean NEES against the true error covariance %.3f outside [%.3f, %.3f]", neesS, sLo, sHi)
	}
}

// ciErrorCovariance finds the ω of a covariance intersection from its
// result, P⁻¹ − Pb⁻¹ = ω·(Pa⁻¹ − Pb⁻¹) by least squares over the entries
// (failing the test if P⁻¹ is not such a combination to 1e-9), and returns
// the covariance of the fused error when the inputs' errors are
// independent: P·(ω²·Pa⁻¹ + (1−ω)²·Pb⁻¹)·P.
func ciErrorCovariance(t *testing.T, pa, pb, pf [6][6]float64) ([6][6]float64, float64) {
	t.Helper()
	ia, _ := mat.InvSPD6(&pa)
	ib, _ := mat.InvSPD6(&pb)
	if_, _ := mat.InvSPD6(&pf)
	var num, den, norm float64
	for i := range 6 {
		for j := range 6 {
			d := ia[i][j] - ib[i][j]
			num += (if_[i][j] - ib[i][j]) * d
			den += d * d
			norm += if_[i][j] * if_[i][j]
		}
	}
	w := num / den
	var res float64
	for i := range 6 {
		for j := range 6 {
			r := if_[i][j] - ib[i][j] - w*(ia[i][j]-ib[i][j])
			res += r * r
		}
	}
	if !(w >= 0 && w <= 1) || res > 1e-18*norm {
		t.Fatalf("fused information is not ω·Pa⁻¹ + (1−ω)·Pb⁻¹: ω %g, relative residual %.2g", w, math.Sqrt(res/norm))
	}
	sa, sb := mat.Scale6(&ia, w*w), mat.Scale6(&ib, (1-w)*(1-w))
	mid := mat.Add6(&sa, &sb)
	return mat.Congruence6(&pf, &mid), w
}

// Covariance intersection must stay consistent when the two inputs share
// their error entirely (the same estimate received twice): it may not
// shrink the covariance below either input's.
func TestIntersectOfIdenticalEstimates(t *testing.T) {
	p := elongated(2)
	x := [6]float64{1, 2, 3, 4, 5, 6}
	fx, fp, ok := Intersect(x, p, x, p)
	if !ok {
		t.Fatal("failed")
	}
	for i := range 6 {
		if math.Abs(fx[i]-x[i]) > 1e-9 || math.Abs(fp[i][i]/p[i][i]-1) > 1e-6 {
			t.Fatalf("fused %v / %v, want the input back", fx, fp)
		}
	}
}

// The Fuser keeps one system track per object with stable numbers: two
// sensors × two well-separated objects give two system tracks of two
// contributors each, whatever the order of reports; a late report older
// than one already held is ignored; Remove and Prune drop contributions.
func TestFuserAssociationAndNumbers(t *testing.T) {
	f := &Fuser{Motion: track.NewBallistic(geo.WGS84, 1)}
	obj := [][6]float64{{7e6, 0, 1e6, 0, 7000, 0}, {7e6, 5e5, 1e6, 0, 7000, 0}}
	var stn [2]uint64
	for i, o := range obj {
		s, isNew, err := f.Update(Report{Source: "thule", ID: uint64(10 + i), Nation: "US", TimeS: 100, X: o, P: elongated(0)})
		if err != nil || !isNew {
			t.Fatal(err, isNew)
		}
		stn[i] = s
	}
	for i := 1; i >= 0; i-- {
		o := obj[i]
		o[0] += 300
		s, isNew, err := f.Update(Report{Source: "qabala", ID: uint64(20 + i), Nation: "RU", TimeS: 100, X: o, P: elongated(1), FireControl: true})
		if err != nil || isNew || s != stn[i] {
			t.Fatalf("object %d: joined %d (new %v), want %d: %v", i, s, isNew, stn[i], err)
		}
	}
	if len(f.Tracks()) != 2 {
		t.Fatalf("%d system tracks", len(f.Tracks()))
	}
	st, _ := f.Track(stn[0])
	if !st.Has("US", false) || st.Has("US", true) || !st.HasOther("US", true) {
		t.Errorf("contributors %+v", st.Reports)
	}
	// A newer report replaces, an older one is ignored.
	f.Update(Report{Source: "thule", ID: 10, Nation: "US", TimeS: 110, X: obj[0], P: elongated(0)})
	f.Update(Report{Source: "thule", ID: 10, Nation: "US", TimeS: 105, X: obj[1], P: elongated(0)})
	if st, _ := f.Track(stn[0]); st.Reports[1].TimeS != 110 {
		t.Errorf("held report at %g s, want 110 s", st.Reports[1].TimeS)
	}
	f.Remove("qabala", 20)
	f.Prune(200) // everything is older than 60 s now
	if len(f.Tracks()) != 0 {
		t.Errorf("%d tracks left after pruning", len(f.Tracks()))
	}
	if _, _, err := f.Update(Report{Source: "x", X: [6]float64{math.NaN()}}); err == nil {
		t.Error("NaN report accepted")
	}
	for _, v := range []float64{math.NaN(), math.Inf(1)} {
		p := elongated(0)
		p[4][1], p[1][4] = v, v
		if _, _, err := f.Update(Report{Source: "x", X: obj[0], P: p}); err == nil || !strings.Contains(err.Error(), "not finite") {
			t.Errorf("covariance with %g: error %v, want one saying it is not finite", v, err)
		}
	}
}

// The fused estimate is the same whatever order the (in-sequence or late)
// reports of different sources arrive in.
func TestFuserOrderIndependent(t *testing.T) {
	reports := []Report{
		{Source: "a", ID: 1, Nation: "US", TimeS: 10, X: [6]float64{7e6, 0, 0, 0, 7000, 0}, P: elongated(0)},
		{Source: "b", ID: 1, Nation: "RU", TimeS: 12, X: [6]float64{7e6 + 20, 14000 + 900, 0, 0, 7000, 0}, P: elongated(1)},
		{Source: "c", ID: 7, Nation: "DE", TimeS: 11, X: [6]float64{7e6, 7000, 700, 0, 7000, 0}, P: elongated(2)},
	}
	est := func(order []int) [6]float64 {
		f := &Fuser{Motion: track.NewBallistic(geo.WGS84, 1)}
		var s uint64
		for _, i := range order {
			s, _, _ = f.Update(reports[i])
		}
		if len(f.Tracks()) != 1 {
			t.Fatalf("order %v: %d system tracks, want 1", order, len(f.Tracks()))
		}
		x, _, _ := f.Estimate(s, 15)
		return x
	}
	a, b := est([]int{0, 1, 2}), est([]int{2, 1, 0})
	for i := range 6 {
		if math.Abs(a[i]-b[i]) > 1e-6*math.Max(1, math.Abs(a[i])) {
			t.Fatalf("order matters: %v vs %v", a, b)
		}
	}
}

// The association grid, the pre-gate (brief.far) and the source mask only
// skip work: on a dense corridor of tracks with spreads from metres to tens
// of kilometres, reports up to 30 s apart and more than 64 sources, at
// random times and then in time order among updates, removals and pruning,
// nearest returns what testing every track in the gate returns.
func TestNearestEqualsFullScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	f := &Fuser{}
	random := func(tS float64) Report {
		var p [6][6]float64
		sp, sv := math.Pow(10, 1+3.5*rng.Float64()), math.Pow(10, -1+3*rng.Float64())
		for i := range 3 {
			p[i][i], p[i+3][i+3] = sp*sp*(0.2+rng.Float64()), sv*sv*(0.2+rng.Float64())
			c := 0.6 * math.Sqrt(p[i][i]*p[i+3][i+3]) // correlated position and velocity
			p[i][i+3], p[i+3][i] = c, c
		}
		along := 2e6 * rng.Float64() // a 2,000 km corridor at 5 km/s, 600 km up
		x := [6]float64{6.9e6, along, 3e4 * rng.NormFloat64(), -10 * rng.Float64(), 5e3, 50 * rng.NormFloat64()}
		return Report{Source: fmt.Sprintf("s%d", rng.IntN(80)), ID: rng.Uint64N(1 << 20), Nation: "A", TimeS: tS, X: x, P: p}
	}
	update := func(r Report) {
		if _, _, err := f.Update(r); err != nil {
			t.Fatal(err)
		}
	}
	for range 1500 {
		update(random(100 + 30*rng.Float64()))
	}
	if len(f.srcs) <= overflowSource {
		t.Fatalf("%d sources: the overflow bit is not exercised", len(f.srcs))
	}
	found := 0
	check := func(r Report) {
		src := f.srcs[r.Source]
		want := fullScan(f, r)
		if got := f.nearest(r.X, r.P, r.TimeS, src); got != want {
			t.Fatalf("report %+v: nearest %d, a full scan %d", r, got, want)
		}
		checkGrid(t, f)
		if want >= 0 {
			found++
		}
	}
	// Reports at random times: the picture filed anew for most.
	for range 3000 {
		check(random(100 + 30*rng.Float64()))
	}
	if found < 300 || found > 2700 {
		t.Fatalf("%d of 3000 reports have a track in the gate: the case does not test the gate's edge", found)
	}
	// Reports in time order, among updates that move tracks (tracks filed
	// as they were up to two seconds before), removals and pruning.
	found = 0
	tS := 130.0
	for k := range 6000 {
		tS += 0.01 * rng.Float64()
		switch k % 4 {
		case 0:
			check(random(tS))
		case 1: // an existing source track reports again, moved
			st := f.tracks[rng.IntN(len(f.tracks))]
			r := st.Reports[rng.IntN(len(st.Reports))]
			r.TimeS = tS
			for a := range 3 {
				r.X[a] += r.X[a+3]*(tS-st.Reports[0].TimeS) + 2e3*rng.NormFloat64()
			}
			update(r)
		case 2:
			update(random(tS))
		case 3:
			if k%400 == 3 {
				f.Prune(tS)
			} else if k%40 == 3 {
				st := f.tracks[rng.IntN(len(f.tracks))]
				f.Remove(st.Reports[0].Source, st.Reports[0].ID)
			}
		}
	}
	if found < 150 || found > 1350 {
		t.Fatalf("%d of 1500 reports in time order have a track in the gate", found)
	}
}

// A source that renumbers an object (a partner's system track made anew)
// hands its old track over: the new number joins the object's system track
// once the old one is HandoverS stale, in place of it; before that it is
// another object of the same source.
func TestHandover(t *testing.T) {
	f := &Fuser{}
	x := [6]float64{7e6, 0, 0, 0, 5e3, 0}
	p := elongated(0)
	mustUpdate := func(r Report) uint64 {
		stn, _, err := f.Update(r)
		if err != nil {
			t.Fatal(err)
		}
		return stn
	}
	at := func(tS float64) [6]float64 { // straight-line motion is enough over seconds here
		y := x
		y[1] += 5e3 * (tS - 100)
		return y
	}
	radar := mustUpdate(Report{Source: "radar", ID: 1, Nation: "A", TimeS: 100, X: at(100), P: p})
	old := mustUpdate(Report{Source: "nation:B", ID: 7, Nation: "B", TimeS: 100, X: at(100), P: p})
	if old != radar {
		t.Fatalf("B's first track made system track %d, want %d", old, radar)
	}
	mustUpdate(Report{Source: "radar", ID: 1, Nation: "A", TimeS: 105, X: at(105), P: p})
	if soon := mustUpdate(Report{Source: "nation:B", ID: 8, Nation: "B", TimeS: 105, X: at(105), P: p}); soon == radar {
		t.Fatalf("B's second track joined %d while B's first (5 s old) still fed it", radar)
	}
	mustUpdate(Report{Source: "radar", ID: 1, Nation: "A", TimeS: 120, X: at(120), P: p})
	if late := mustUpdate(Report{Source: "nation:B", ID: 9, Nation: "B", TimeS: 120, X: at(120), P: p}); late != radar {
		t.Fatalf("B's renumbered track made %d, want it to take over %d", late, radar)
	}
	if _, ok := f.Lookup("nation:B", 7); ok {
		t.Error("the handed-over track is still indexed")
	}
	st, _ := f.Track(radar)
	if len(st.Reports) != 2 {
		t.Errorf("system track %d has %d reports, want the radar's and B's new one", radar, len(st.Reports))
	}
}

// A new source track that names a system track (Report.Join) joins it if
// it lies in that track's gate, though another is nearer; a name out of the
// gate, of a track its source already feeds, or of no track, leaves the
// nearest.
func TestJoinNamedTrack(t *testing.T) {
	f := &Fuser{}
	p := elongated(0) // σ 1 km along x
	at := func(dx float64) [6]float64 { return [6]float64{7e6 + dx, 0, 0, 0, 5e3, 0} }
	update := func(r Report) uint64 {
		t.Helper()
		stn, _, err := f.Update(r)
		if err != nil {
			t.Fatal(err)
		}
		return stn
	}
	// One radar's tracks: none joins another's system track.
	near := update(Report{Source: "r", ID: 1, Nation: "A", TimeS: 100, X: at(0), P: p})
	named := update(Report{Source: "r", ID: 2, Nation: "A", TimeS: 100, X: at(4000), P: p})
	far := update(Report{Source: "r", ID: 3, Nation: "A", TimeS: 100, X: at(40000), P: p})
	if near == named || named == far {
		t.Fatalf("setup: tracks %d, %d, %d should differ", near, named, far)
	}
	// 1.5 km from near, 2.5 km from named: both in the gate (d² 1.1 and 3.1
	// against 21.1 at σ² = 2 km²).
	x := at(1500)
	cases := []struct {
		name   string
		source string
		join   uint64
		want   uint64
	}{
		{"none named", "nation:B", 0, near},
		{"named, in the gate", "nation:C", named, named},
		{"named, out of the gate", "nation:D", far, near},
		{"named, no such track", "nation:E", 999, near},
		{"named, fed by the source already", "nation:C", named, near},
	}
	for i, c := range cases {
		if got := update(Report{Source: c.source, ID: uint64(10 + i), Nation: "B", TimeS: 100, X: x, P: p, Join: func() uint64 { return c.join }}); got != c.want {
			t.Errorf("%s: joined %d, want %d", c.name, got, c.want)
		}
	}
}

// The association grid files tracks as they were when it was last built
// (up to regridS before) and moves them as they report: on a corridor of
// fast, precisely known objects, where the grid's bounds are tight, with
// tracks that jump to another object (a swap) and reports that come late,
// every new source track still finds the track a full scan finds.
func TestGridFollowsMovingTracks(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	f := &Fuser{}
	var p [6][6]float64
	for i := range 3 {
		p[i][i] = 30 * 30
		p[i+3][i+3] = 1
	}
	const n = 400
	at := func(k int, tS float64) [6]float64 {
		along := 4e5 * float64(k) / n // 1 km apart, at 5 km/s
		return [6]float64{6.9e6, along + 5e3*(tS-100), 2e3 * float64(k%7), 0, 5e3, 0}
	}
	follows := make([]int, n) // the object r1's track k follows
	for k := range n {
		follows[k] = k
		if _, _, err := f.Update(Report{Source: "r1", ID: uint64(k), Nation: "A", TimeS: 100, X: at(k, 100), P: p}); err != nil {
			t.Fatal(err)
		}
	}
	found := 0
	for step := range 400 {
		tS := 100 + 0.05*float64(step+1)
		if step%5 == 0 {
			follows[rng.IntN(n)] = rng.IntN(n)
		}
		for k := step % 10; k < n; k += 10 { // every track reports every half second
			if _, _, err := f.Update(Report{Source: "r1", ID: uint64(k), Nation: "A", TimeS: tS, X: at(follows[k], tS), P: p}); err != nil {
				t.Fatal(err)
			}
		}
		k := follows[rng.IntN(n)]
		qS := tS - 1.5*float64(step%2) // every other report 1.5 s late
		x := at(k, qS)
		x[1] += 30 * rng.NormFloat64()
		want := fullScan(f, Report{Source: "r2", TimeS: qS, X: x, P: p})
		if got := f.nearest(x, p, qS, 0); got != want {
			t.Fatalf("at %.2f s, object %d: nearest %d, a full scan %d", qS, k, got, want)
		}
		checkGrid(t, f)
		if want >= 0 {
			found++
		}
	}
	if found < 380 {
		t.Fatalf("%d of 400 reports found their object's track", found)
	}
}

// fullScan is what association finds by testing every track: the one
// nearest r in the gate whose contributions from r's source (if the fuser
// knows it) are all HandoverS older than r (−1 if none).
func fullScan(f *Fuser, r Report) int {
	_, known := f.srcs[r.Source]
	want, wantD2 := -1, math.Inf(1)
	for i, st := range f.tracks {
		if known && slices.ContainsFunc(st.Reports, func(x Report) bool { return x.Source == r.Source && r.TimeS-x.TimeS <= DefaultHandoverS }) {
			continue
		}
		if d2, ok := gateD2(&st.Reports[f.briefs[i].newest], &r.X, &r.P, r.TimeS); ok && d2 <= DefaultGateD2 && d2 < wantD2 {
			want, wantD2 = i, d2
		}
	}
	return want
}

// checkGrid verifies the grid's bookkeeping: each track with reports is
// filed once, where its brief puts it, and the cells' lists link both
// ways.
func checkGrid(t *testing.T, f *Fuser) {
	t.Helper()
	g := &f.grid
	if !g.built {
		return
	}
	seen := make([]int, len(f.tracks))
	for c := range g.table {
		if g.table[c].gen != g.gen {
			continue
		}
		prev := int32(-1)
		for i := g.table[c].head; i >= 0; i = g.slots[i].next {
			if s := g.slots[i]; s.kind != inCell || s.cell != int32(c) || s.prev != prev {
				t.Fatalf("track %d in cell entry %d: slot %+v, previous %d", i, c, s, prev)
			}
			seen[i]++
			prev = i
		}
	}
	for _, i := range g.wide {
		seen[i]++
	}
	for i := range f.tracks {
		want := 1
		if len(f.tracks[i].Reports) == 0 {
			want = 0
		}
		if seen[i] != want {
			t.Fatalf("track %d filed %d times, want %d", i, seen[i], want)
		}
		if s := g.slots[i]; s.kind == inCell {
			b := &f.briefs[i]
			var k cellKey
			for a := range 3 {
				k[a] = int64(math.Floor((b.pos[a] + b.vel[a]*(g.refS-b.t)) / g.size))
			}
			if g.table[s.cell].key != k {
				t.Fatalf("track %d filed in cell %v, its brief says %v", i, g.table[s.cell].key, k)
			}
		}
	}
}
