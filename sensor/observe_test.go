package sensor

import (
	"cmp"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/jrmd/jrmd/geo"
)

// testRadar is an S-band radar with one face looking east.
func testRadar() Radar {
	return Radar{
		ID: "test", Site: geo.LLA{LatDeg: 45, LonDeg: 30}, MinElevationDeg: 1, MaxRangeM: 2000e3,
		Faces: []Face{{BoresightAzDeg: 90, BoresightElDeg: 45, HalfAzDeg: 60, HalfElDeg: 45}},
		Model: DetectionModel{
			FrequencyHz: 3e9, AvgPowerW: 50e3, GainDBi: 42, DwellS: 0.05, NoiseTempK: 500, LossDB: 8,
			Pfa: 1e-6, Swerling: Swerling1, BandwidthHz: 2e6, BeamwidthDeg: 1.5,
			RangeFloorM: 5, AngleFloorDeg: 0.01, RevisitS: 2, TrackCapacity: 0, FalseAlarmsPerScan: 2,
		},
	}
}

// targets returns n objects in the face at ranges from 300 to 1,200 km.
func targets(e geo.Earth, r *Radar, n int, rcs float64) []Truth {
	ts := make([]Truth, n)
	for i := range ts {
		f := float64(i) / float64(max(n-1, 1))
		ts[i] = Truth{ID: 100 + i, Pos: at(e, r.Site, 60+60*f, 5+40*f, 300e3+900e3*f), RCSm2: rcs}
	}
	return ts
}

func TestObserveDeterministic(t *testing.T) {
	e := geo.WGS84
	r := testRadar()
	truths := targets(e, &r, 40, 0.5)
	scan := func(seed uint64) []Detection {
		return r.Observe(e, 12, truths, rand.New(rand.NewPCG(seed, 7)))
	}
	a, b := scan(1), scan(1)
	if len(a) == 0 {
		t.Fatal("no detections")
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed: different detections")
	}
	if reflect.DeepEqual(a, scan(2)) {
		t.Error("different seeds: identical detections")
	}
	for i, d := range a {
		if d.TimeS != 12 || d.SensorID != "test" || d.Site != r.Site {
			t.Errorf("detection %d: time %g, sensor %q, site %v", i, d.TimeS, d.SensorID, d.Site)
		}
		if i > 0 && d.Z.RangeM < a[i-1].Z.RangeM {
			t.Errorf("detections not in order of range at %d", i)
		}
		if d.Z.AzRad < 0 || d.Z.AzRad >= 2*math.Pi {
			t.Errorf("detection %d: azimuth %g outside [0, 2π)", i, d.Z.AzRad)
		}
	}
}

// The fraction of looks that detect a target must be Pd(SNR), and the
// normalised errors of the detections must be standard normal: R is the
// covariance the noise was drawn from, RangeRateVar the range rate's, about
// the true range rate (the velocity's component along the line of sight,
// here set by hand: 2 km/s at 60° from it).
func TestObservePdAndNoise(t *testing.T) {
	e := geo.WGS84
	r := testRadar()
	r.Model.FalseAlarmsPerScan = 0
	const rcs = 0.1
	// A range where Pd is about 0.6 (Swerling 1, Pfa 1e-6).
	snr, _ := RequiredSNR(Swerling1, 0.6, 1e-6)
	rangeM := math.Pow(r.Model.constant()*rcs/snr, 0.25)
	truth := Truth{ID: 7, Pos: at(e, r.Site, 100, 30, rangeM), RCSm2: rcs}
	trueAER, ok := r.Visible(e, truth.Pos)
	if !ok {
		t.Fatal("target not visible")
	}
	los := geo.Vec3(truth.Pos).Sub(geo.Vec3(e.ToECEF(r.Site))).Unit()
	across := los.Cross(geo.Vec3{0, 0, 1}).Unit()
	truth.Vel = geo.ECEF(los.Scale(2e3 * 0.5).Add(across.Scale(2e3 * math.Sqrt(3) / 2)))
	const trueRate = 1e3
	wantPd := r.Pd(r.SNR(trueAER.RangeM, rcs))
	rng := rand.New(rand.NewPCG(3, 4))
	const scans = 20000
	var hits int
	var sum, sumSq [4]float64
	for range scans {
		ds := r.Observe(e, 0, []Truth{truth}, rng)
		if len(ds) == 0 {
			continue
		}
		d := ds[0]
		if d.TruthID != 7 {
			t.Fatalf("TruthID %d, want 7", d.TruthID)
		}
		hits++
		res := [3]float64{d.Z.RangeM - trueAER.RangeM, math.Remainder(d.Z.AzRad-trueAER.AzRad, 2*math.Pi), d.Z.ElRad - trueAER.ElRad}
		sr, sa, se := r.Model.Sigmas(r.SNR(trueAER.RangeM, rcs), trueAER.ElRad)
		if want := [3]float64{sr * sr, sa * sa, se * se}; d.R[0][0] != want[0] || d.R[1][1] != want[1] || d.R[2][2] != want[2] ||
			d.R[0][1] != 0 || d.R[0][2] != 0 || d.R[1][2] != 0 {
			t.Fatalf("R = %v, want diag %v", d.R, want)
		}
		if want := r.Model.RangeRateSigma(r.SNR(trueAER.RangeM, rcs)); d.RangeRateVar != want*want {
			t.Fatalf("range-rate variance %g, want %g", d.RangeRateVar, want*want)
		}
		for k := range 4 {
			z := (d.RangeRateMps - trueRate) / math.Sqrt(d.RangeRateVar)
			if k < 3 {
				z = res[k] / math.Sqrt(d.R[k][k])
			}
			sum[k] += z
			sumSq[k] += z * z
		}
	}
	got := float64(hits) / scans
	if sd := math.Sqrt(wantPd * (1 - wantPd) / scans); math.Abs(got-wantPd) > 5*sd {
		t.Errorf("detected in %.4f of scans, Pd %.4f (σ %.4f)", got, wantPd, sd)
	}
	n := float64(hits)
	for k, name := range []string{"range", "azimuth", "elevation", "range rate"} {
		mean, variance := sum[k]/n, sumSq[k]/n-(sum[k]/n)*(sum[k]/n)
		// 5σ bounds of a sample mean (1/√n) and variance (√(2/n)).
		if math.Abs(mean) > 5/math.Sqrt(n) || math.Abs(variance-1) > 5*math.Sqrt(2/n) {
			t.Errorf("%s: normalised error mean %.4f, variance %.4f over %d detections; want 0 and 1", name, mean, variance, hits)
		}
	}
}

func TestObserveFalseAlarms(t *testing.T) {
	e := geo.WGS84
	r := testRadar()
	r.Model.FalseAlarmsPerScan = 3.5
	rng := rand.New(rand.NewPCG(5, 6))
	const scans = 5000
	total := 0
	box := r.Faces[0].rad()
	for range scans {
		for _, d := range r.Observe(e, 0, nil, rng) {
			total++
			if d.TruthID != -1 {
				t.Fatalf("detection without truths has TruthID %d", d.TruthID)
			}
			// Clutter is drawn inside the field of regard and then given
			// the noise of a threshold crossing: allow 6σ.
			sr, sa, se := math.Sqrt(d.R[0][0]), math.Sqrt(d.R[1][1]), math.Sqrt(d.R[2][2])
			if d.Z.RangeM < -6*sr || d.Z.RangeM > r.MaxRangeM+6*sr ||
				d.Z.ElRad < r.MinElevationDeg*deg-6*se || d.Z.ElRad > box.elHi+6*se ||
				math.Abs(math.Remainder(d.Z.AzRad-box.az, 2*math.Pi)) > box.halfAz+6*sa {
				t.Fatalf("false alarm %+v outside the field of regard", d.Z)
			}
			if want := 10 * math.Log10(-math.Log(1e-6)); math.Abs(d.SNRdB-want) > 1e-9 {
				t.Fatalf("false alarm SNR %g dB, want the threshold %g dB", d.SNRdB, want)
			}
		}
	}
	mean := float64(total) / scans
	// Poisson: the mean of 5,000 scans has σ = √(3.5/5000).
	if math.Abs(mean-3.5) > 5*math.Sqrt(3.5/scans) {
		t.Errorf("%.3f false alarms per scan, want 3.5", mean)
	}
	// Large means are drawn in chunks.
	big := 0
	for range 200 {
		big += poisson(rng, 1500)
	}
	if m := float64(big) / 200; math.Abs(m-1500) > 5*math.Sqrt(1500.0/200) {
		t.Errorf("Poisson(1500) sample mean %g", m)
	}
}

func TestObserveCapacityAndGeometry(t *testing.T) {
	e := geo.WGS84
	r := testRadar()
	r.Model.FalseAlarmsPerScan = 0
	r.Model.TrackCapacity = 10
	truths := targets(e, &r, 50, 100) // big and close: Pd ≈ 1
	// Out of view: behind the face, below the horizon, too far; and a
	// target with no cross-section.
	truths = append(truths,
		Truth{ID: 1, Pos: at(e, r.Site, 270, 20, 500e3), RCSm2: 100},
		Truth{ID: 2, Pos: at(e, r.Site, 90, -2, 500e3), RCSm2: 100},
		Truth{ID: 3, Pos: at(e, r.Site, 90, 20, 2100e3), RCSm2: 100},
		Truth{ID: 4, Pos: at(e, r.Site, 90, 20, 500e3), RCSm2: 0},
	)
	ds := r.Observe(e, 0, truths, rand.New(rand.NewPCG(1, 1)))
	if len(ds) != 10 {
		t.Fatalf("%d detections, want the capacity 10", len(ds))
	}
	for _, d := range ds {
		// The ten highest SNR are the ten nearest: IDs 100–109.
		if d.TruthID < 100 || d.TruthID > 109 {
			t.Errorf("kept TruthID %d, want the ten nearest (100–109)", d.TruthID)
		}
	}
	// At capacity the radar keeps what it holds: the ten it reported stay
	// even when ten others come closer; one it no longer sees frees its
	// slot for the strongest of the rest.
	again := slices.Clone(truths)
	for i := range again {
		if id := again[i].ID; id >= 140 && id < 150 {
			again[i].Pos = at(e, r.Site, 90, 20, 200e3+float64(id-140)*1e3) // nearer than all held
		}
		if again[i].ID == 105 {
			again[i].RCSm2 = 0
		}
	}
	kept := map[int]bool{}
	for _, d := range r.Observe(e, 1, again, rand.New(rand.NewPCG(1, 2))) {
		kept[d.TruthID] = true
	}
	for id := 100; id <= 109; id++ {
		if kept[id] != (id != 105) {
			t.Errorf("second scan: TruthID %d kept %v", id, kept[id])
		}
	}
	if len(kept) != 10 || !kept[140] {
		t.Errorf("second scan kept %v: want the nine held and the strongest newcomer, 140", kept)
	}
	// A held object missed at one scan (too faint to detect: a fading
	// cross-section) keeps its dwell, and is seen again at the next, ahead
	// of stronger newcomers.
	faint := slices.Clone(again)
	for i := range faint {
		if faint[i].ID == 103 {
			faint[i].RCSm2 = 1e-12
		}
	}
	for scan, ts := range [][]Truth{faint, again} {
		kept := map[int]bool{}
		for _, d := range r.Observe(e, float64(2+scan), ts, rand.New(rand.NewPCG(1, uint64(3+scan)))) {
			kept[d.TruthID] = true
		}
		if kept[103] != (scan == 1) || len(kept) != 9+scan || kept[141] {
			t.Errorf("scan %d after the faint one: kept %v, want the held ones (103 only when not faint) and no newcomer", scan+3, kept)
		}
	}
	r.Model.TrackCapacity = 0
	ds = r.Observe(e, 0, truths, rand.New(rand.NewPCG(1, 1)))
	if len(ds) != 50 {
		t.Errorf("%d detections without a capacity limit, want the 50 visible", len(ds))
	}
	for _, d := range ds {
		if d.TruthID < 100 {
			t.Errorf("TruthID %d detected: it is out of view or has no cross-section", d.TruthID)
		}
	}
	var geometryOnly Radar = r
	geometryOnly.Model = DetectionModel{}
	if ds := geometryOnly.Observe(e, 0, truths, rand.New(rand.NewPCG(1, 1))); ds != nil {
		t.Errorf("geometry-only radar reported %d detections", len(ds))
	}
}

func TestScanTimes(t *testing.T) {
	r := testRadar() // revisit 2 s
	got := r.ScanTimes(3, 11)
	if want := []float64{4, 6, 8, 10}; !reflect.DeepEqual(got, want) {
		t.Errorf("ScanTimes(3, 11) = %v, want %v", got, want)
	}
	if got := r.ScanTimes(4, 4); !reflect.DeepEqual(got, []float64{4}) {
		t.Errorf("ScanTimes(4, 4) = %v", got)
	}
	if got := r.ScanTimes(5, 1); got != nil {
		t.Errorf("ScanTimes(5, 1) = %v, want none", got)
	}
}

// byRange orders detections as a stable sort by measured range would, ties
// included, moving them in place.
func TestByRange(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := range 40 {
		ds := make([]Detection, n)
		for i := range ds {
			ds[i].Z.RangeM = float64(rng.IntN(8)) // many ties
			ds[i].TruthID = i
		}
		want := slices.Clone(ds)
		slices.SortStableFunc(want, func(a, b Detection) int { return cmp.Compare(a.Z.RangeM, b.Z.RangeM) })
		if got := byRange(ds); !reflect.DeepEqual(got, want) {
			t.Fatalf("n=%d: byRange gave %v, want %v", n, got, want)
		}
	}
}
