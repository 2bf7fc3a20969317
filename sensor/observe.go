package sensor

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/optimize"
)

// Observe makes one scan at scenario time tS: every truth that is visible
// (Visible) and has a positive cross-section is detected with probability
// Pd(SNR) and reported with Gaussian noise of the Sigmas at its mean SNR,
// with its range rate (noise of RangeRateSigma); then false alarms are
// added. Detections are returned in order of measured range. A radar
// without a detection model returns nil.
//
// Every random draw comes from rng, in a fixed order (truths in the order
// given, then false alarms), so the same seed, radar and truths give
// identical detections. Each Detection's R is the diagonal covariance the
// noise was drawn from. When more objects are in view than TrackCapacity,
// the radar dwells on those it dwelt on at its previous scan (it holds
// tracks on them, and a missed detection does not drop one), then fills
// its capacity with the highest mean SNR (the lower TruthID on a tie); only
// the objects it dwells on can be detected.
//
// The caller schedules scans, normally every Model.RevisitS (ScanTimes), and
// supplies truths for time tS; the radar's own position is fixed on the
// Earth, so positions are ECEF.
func (r *Radar) Observe(e geo.Earth, tS float64, truths []Truth, rng *rand.Rand) []Detection {
	if !r.hasModel() {
		return nil
	}
	v := r.view(e)
	k := r.Model.constant() // SNR·R⁴/σ
	type hit struct {
		truth    int
		aer      geo.AER
		snr      float64
		detected bool
	}
	// rangeRate is the truth's range rate: the site is fixed in ECEF, so
	// it is the velocity's component along the line of sight.
	rangeRate := func(t *Truth) float64 {
		d := geo.Vec3(t.Pos).Sub(geo.Vec3(v.site))
		return d.Dot(geo.Vec3(t.Vel)) / d.Norm()
	}
	seen := make([]hit, 0, len(truths)) // in view, detected or not
	for i := range truths {
		t := &truths[i]
		if !(t.RCSm2 > 0) {
			continue
		}
		aer, ok := v.look(t.Pos)
		if !ok {
			continue
		}
		r2 := aer.RangeM * aer.RangeM
		snr := k * t.RCSm2 / (r2 * r2)
		seen = append(seen, hit{truth: i, aer: aer, snr: snr, detected: rng.Float64() < r.Pd(snr)})
	}
	if c := r.Model.TrackCapacity; c > 0 && len(seen) > c {
		// The c first by held, then SNR, then ID — a total order, so the
		// selection depends on nothing else — kept in truth order.
		ranks := make([]rank, len(seen))
		for i := range seen {
			h := &seen[i]
			ranks[i] = rank{new: !r.held[truths[h.truth].ID], snr: h.snr, id: truths[h.truth].ID}
		}
		last := optimize.Nth(slices.Clone(ranks), c-1, rank.before)
		kept := seen[:0]
		for i := range seen {
			if !last.before(ranks[i]) {
				kept = append(kept, seen[i])
			}
		}
		seen = kept
	}
	if r.Model.TrackCapacity > 0 {
		clear(r.held)
		if r.held == nil {
			r.held = map[int]bool{}
		}
		for _, h := range seen {
			r.held[truths[h.truth].ID] = true
		}
	}
	hits := seen[:0]
	for _, h := range seen {
		if h.detected {
			hits = append(hits, h)
		}
	}
	nFalse := poisson(rng, r.Model.FalseAlarmsPerScan)
	out := make([]Detection, 0, len(hits)+nFalse)
	for _, h := range hits {
		out = append(out, r.detection(tS, h.aer, rangeRate(&truths[h.truth]), h.snr, truths[h.truth].ID, rng))
	}
	if nFalse > 0 {
		// A false alarm is noise that crossed the threshold T = −ln Pfa:
		// its SNR, and so its measurement noise, is that of the threshold;
		// its Doppler is drawn uniformly over ±4 km/s, the closing and
		// opening speeds of ballistic targets.
		snr := -math.Log(r.Model.Pfa)
		for range nFalse {
			p := r.clutterPoint(rng)
			out = append(out, r.detection(tS, p, 4e3*(2*rng.Float64()-1), snr, -1, rng))
		}
	}
	return byRange(out)
}

// rank is an object's claim on a dwell of a radar at its track capacity:
// held objects (those dwelt on at the last scan) before new ones, then
// the stronger, then the lower ID.
type rank struct {
	new bool
	snr float64
	id  int
}

func (a rank) before(b rank) bool {
	if a.new != b.new {
		return b.new
	}
	if a.snr != b.snr {
		return a.snr > b.snr
	}
	return a.id < b.id
}

// byRange puts the detections in order of measured range (ties in the
// order given) and returns them: it sorts their ranges, not the large
// detections, then moves each detection once along the permutation's
// cycles.
func byRange(ds []Detection) []Detection {
	if slices.IsSortedFunc(ds, func(a, b Detection) int { return cmp.Compare(a.Z.RangeM, b.Z.RangeM) }) {
		return ds
	}
	type key struct {
		rangeM float64
		i      int
	}
	keys := make([]key, len(ds))
	for i := range ds {
		keys[i] = key{ds[i].Z.RangeM, i}
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(a.rangeM, b.rangeM), cmp.Compare(a.i, b.i)) })
	// Position j takes the detection at keys[j].i; a done slot is marked
	// by i = −1.
	for start := range keys {
		if keys[start].i < 0 || keys[start].i == start {
			continue
		}
		tmp := ds[start]
		j := start
		for {
			from := keys[j].i
			keys[j].i = -1
			if from == start {
				ds[j] = tmp
				break
			}
			ds[j] = ds[from]
			j = from
		}
	}
	return ds
}

// detection draws the noisy measurement of a true look direction and
// range rate.
func (r *Radar) detection(tS float64, truth geo.AER, rangeRate, snr float64, truthID int, rng *rand.Rand) Detection {
	sr, sa, se := r.Model.Sigmas(snr, truth.ElRad)
	z := geo.AER{
		RangeM: truth.RangeM + sr*rng.NormFloat64(),
		AzRad:  truth.AzRad + sa*rng.NormFloat64(),
		ElRad:  truth.ElRad + se*rng.NormFloat64(),
	}
	z.AzRad = math.Mod(z.AzRad, 2*math.Pi)
	if z.AzRad < 0 {
		z.AzRad += 2 * math.Pi
	}
	d := Detection{
		TimeS:    tS,
		SensorID: r.ID,
		Site:     r.Site,
		Z:        z,
		SNRdB:    10 * math.Log10(snr),
		TruthID:  truthID,
	}
	d.R[0][0], d.R[1][1], d.R[2][2] = sr*sr, sa*sa, se*se
	srr := r.Model.RangeRateSigma(snr)
	d.RangeRateMps, d.RangeRateVar = rangeRate+srr*rng.NormFloat64(), srr*srr
	return d
}

// clutterPoint draws a false alarm's position uniformly in range (0 to
// MaxRangeM), azimuth and elevation over the field of regard above
// MinElevationDeg; with several faces, a face is chosen in proportion to
// its angular area. Overlapping faces therefore count twice, as two faces
// searching the same directions would.
func (r *Radar) clutterPoint(rng *rand.Rand) geo.AER {
	minEl := r.MinElevationDeg * deg
	type box struct{ azLo, azW, elLo, elW float64 }
	clip := func(f faceRad) box {
		lo, hi := math.Max(f.elLo, minEl), math.Min(f.elHi, math.Pi/2)
		w := 2 * f.halfAz
		if f.allAz {
			w = 2 * math.Pi
		}
		return box{f.az - w/2, w, lo, math.Max(0, hi-lo)}
	}
	b := box{0, 2 * math.Pi, minEl, math.Pi/2 - minEl}
	if n := len(r.Faces); n > 0 {
		boxes := make([]box, n)
		total := 0.0
		for i, f := range r.Faces {
			boxes[i] = clip(f.rad())
			total += boxes[i].azW * boxes[i].elW
		}
		u := rng.Float64() * total
		b = boxes[n-1]
		for _, bx := range boxes {
			if u < bx.azW*bx.elW {
				b = bx
				break
			}
			u -= bx.azW * bx.elW
		}
	}
	az := math.Mod(b.azLo+rng.Float64()*b.azW, 2*math.Pi)
	if az < 0 {
		az += 2 * math.Pi
	}
	return geo.AER{
		AzRad:  az,
		ElRad:  b.elLo + rng.Float64()*b.elW,
		RangeM: rng.Float64() * r.MaxRangeM,
	}
}

// poisson draws a Poisson variate of the given mean by Knuth's product of
// uniforms (Knuth, TAOCP vol. 2, 3rd ed., §3.4.1), in chunks of mean at most
// 500 so that e^−mean never underflows; the sum of independent Poisson
// variates is Poisson. Cost is O(mean), fine for clutter rates.
func poisson(rng *rand.Rand, mean float64) int {
	n := 0
	for mean > 0 {
		m := math.Min(mean, 500)
		mean -= m
		limit := math.Exp(-m)
		p := rng.Float64()
		for p > limit {
			n++
			p *= rng.Float64()
		}
	}
	return n
}

// ScanTimes returns the scan times in [fromS, toS]: the multiples of
// Model.RevisitS (scans are aligned to scenario time 0). A radar without a
// model has none.
func (r *Radar) ScanTimes(fromS, toS float64) []float64 {
	p := r.Model.RevisitS
	if !(p > 0) || !(toS >= fromS) {
		return nil
	}
	var ts []float64
	for k := math.Ceil(fromS / p); k*p <= toS; k++ {
		ts = append(ts, k*p)
	}
	return ts
}
