package track

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
)

// Defaults of Config, used where a field is zero.
const (
	// DefaultGateProbability keeps the true measurement in the gate 99.9 %
	// of the time: threshold χ²(0.999, 3) ≈ 16.27.
	DefaultGateProbability = 0.999
	DefaultConfirmM        = 3
	DefaultConfirmN        = 5
	// DefaultDeleteMisses: at Pd = 0.9 six consecutive misses happen by
	// chance once in 10⁶ opportunities, so a true track survives a 30-minute
	// flight at 1 Hz with probability > 0.998.
	DefaultDeleteMisses = 6
	// DefaultPreGateAccelMps2 is the default of
	// Tracker.PreGateAccelMps2: gravity plus the thrust of a late boost
	// stage (~10 g), with room to spare.
	DefaultPreGateAccelMps2 = 100.0
	// PreGateMargin widens the spatial pre-gate beyond the bound that is
	// exact for linear measurement models, to cover the curvature of AER
	// measurements (see Tracker.PreGateSigma).
	PreGateMargin = 1.5
	// smallScene is the number of track–measurement pairs below which the
	// spatial pre-gate costs more than it saves.
	smallScene = 64
	// gridLevels is the number of pre-gate grid levels, each for radii 4×
	// those of the one before: 4⁸ ≈ 65,000 times the median radius.
	gridLevels = 8
	// cellScale is k, the pre-gate grid's cell size over the largest pair
	// radius of its level (≥ 2 for the two-cells-per-axis search to hold).
	// On the 1,000-target benchmark k = 2, 3, 4, 6 cost 13, 8, 6, 5 hash
	// lookups and 4, 7, 11, 24 distance checks per measurement; 3 is the
	// cheapest.
	cellScale = 3
)

// Config chooses a Tracker's standard components. Zero values mean the
// defaults above.
type Config struct {
	Filter Filter // required: EKF, UKF or IMM
	// GateProbability is the probability that the gate keeps the true
	// measurement; GateThreshold sets the chi-square threshold on d²
	// directly. At most one may be set.
	GateProbability float64
	GateThreshold   float64
	// ConfirmM of ConfirmN opportunities confirm a tentative track.
	ConfirmM, ConfirmN int
	// DeleteMisses consecutive missed opportunities delete a confirmed
	// track.
	DeleteMisses int
	// MaxPositionSigmaM deletes any track whose largest 1σ position
	// semi-axis exceeds it (0: no limit).
	MaxPositionSigmaM float64
	// InitialVelocitySigmaMps is the velocity prior of single-point
	// initiation (0: DefaultInitialVelocitySigmaMps).
	InitialVelocitySigmaMps float64
}

// Validate reports every problem of c at once.
func (c Config) Validate() error {
	var p []string
	bad := func(format string, a ...any) { p = append(p, fmt.Sprintf(format, a...)) }
	if c.Filter == nil {
		bad("Filter is required")
	}
	if c.GateProbability != 0 && !(c.GateProbability > 0 && c.GateProbability < 1) {
		bad("GateProbability %g: want a probability in (0, 1)", c.GateProbability)
	}
	if c.GateThreshold != 0 && !(c.GateThreshold > 0 && c.GateThreshold < math.Inf(1)) {
		bad("GateThreshold %g: want a positive chi-square value", c.GateThreshold)
	}
	if c.GateProbability != 0 && c.GateThreshold != 0 {
		bad("GateProbability and GateThreshold are both set; set one")
	}
	m, n := c.confirm()
	if m < 1 || n < 1 || m > n || n > 64 {
		bad("ConfirmM %d of ConfirmN %d: want 1 ≤ M ≤ N ≤ 64", m, n)
	}
	if c.DeleteMisses < 0 {
		bad("DeleteMisses %d: want at least 1", c.DeleteMisses)
	}
	if !(c.MaxPositionSigmaM >= 0 && c.MaxPositionSigmaM < math.Inf(1)) {
		bad("MaxPositionSigmaM %g: want a distance ≥ 0 m", c.MaxPositionSigmaM)
	}
	if !(c.InitialVelocitySigmaMps >= 0 && c.InitialVelocitySigmaMps < math.Inf(1)) {
		bad("InitialVelocitySigmaMps %g: want a speed ≥ 0 m/s", c.InitialVelocitySigmaMps)
	}
	if len(p) > 0 {
		return errors.New("track: " + strings.Join(p, "; "))
	}
	return nil
}

func (c Config) confirm() (m, n int) {
	m, n = c.ConfirmM, c.ConfirmN
	if m == 0 {
		m = DefaultConfirmM
	}
	if n == 0 {
		n = max(DefaultConfirmN, m)
	}
	return m, n
}

// GateThreshold returns the gate threshold c configures.
func (c Config) gateThreshold() float64 {
	if c.GateThreshold > 0 {
		return c.GateThreshold
	}
	p := c.GateProbability
	if p == 0 {
		p = DefaultGateProbability
	}
	return ChiSquareQuantile(p, 3)
}

// New returns a Tracker with the standard components c configures: the
// filter as Predictor and Updater, a ChiSquareGate, GNN association,
// SinglePoint initiation, M-of-N confirmation and MissDeleter. Replace any
// field afterwards to change one step.
func New(c Config) (*Tracker, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	gate := c.gateThreshold()
	m, n := c.confirm()
	misses := c.DeleteMisses
	if misses == 0 {
		misses = DefaultDeleteMisses
	}
	rule := MofN{M: m, N: n}
	return &Tracker{
		Predictor:    c.Filter,
		Hypothesiser: &ChiSquareGate{Predictor: c.Filter, Threshold: gate},
		Associator:   &GNN{MissCost: gate},
		Updater:      c.Filter,
		Initiator:    SinglePoint{VelocitySigmaMps: c.InitialVelocitySigmaMps},
		Confirmer:    rule,
		Deleter:      MissDeleter{Confirm: rule, Misses: misses, MaxPositionSigmaM: c.MaxPositionSigmaM},
		PreGateSigma: PreGateMargin * math.Sqrt(gate),
	}, nil
}

// Assignment records that a measurement went to a track in the last Step:
// an update, or the start of a new track.
type Assignment struct {
	TrackID   int
	Meas      int // index into the measurements given to Step
	Initiated bool
}

// Tracker is a multi-target tracker that only orchestrates: each step of a
// scan is one of its components, and a variant replaces one field.
//
// A scan is the measurements of one sensor at one time. Step processes
// each sensor's measurements of a time as a scan, in order of first
// appearance:
//
//  1. Pre-gating (PreGateSigma) finds the track–measurement pairs close
//     enough in space to be worth scoring, by extrapolating each track in
//     a straight line.
//  2. Predictor moves each track that has such a pair to the scan time;
//     Hypothesiser scores and gates its pairs. A track with no measurement
//     near it is not predicted: its State stays at its own TimeS (see
//     Predicted), which saves most of the work when each sensor sees a
//     part of the scene.
//  3. Associator assigns measurements to confirmed tracks first, then the
//     measurements left to tentative tracks, so that a false-alarm track
//     never takes a measurement from an established one.
//  4. Updater corrects each assigned track; an unassigned track whose
//     sensor has updated it before is charged a miss.
//  5. Initiator starts a tentative track on each measurement that fell in
//     no confirmed track's gate and went to no track.
//  6. Confirmer promotes tentative tracks; Deleter drops tracks.
//
// A Tracker is not safe for concurrent use.
type Tracker struct {
	Predictor    Predictor
	Hypothesiser Hypothesiser
	Associator   Associator
	Updater      Updater
	Initiator    Initiator
	Confirmer    Confirmer
	Deleter      Deleter
	// PreGateSigma sets the spatial pre-gate: a pair is scored only if the
	// distance between the track's position, extrapolated in a straight
	// line over the time dt since its state, and the measured position
	// (Locator) is at most
	//
	//	PreGateSigma·(√tr P_pos + dt·√tr P_vel + √tr R_pos) + A·dt²/2,
	//
	// with P_pos, P_vel and R_pos the 3×3 covariance blocks and A =
	// PreGateAccelMps2. For a linear model this never drops a pair the
	// chi-square gate γ would keep when PreGateSigma ≥ √γ: d² ≥
	// |Δp|²/λmax(S), λmax(S) ≤ tr P_pos(dt) + tr R_pos, and √tr P_pos(dt) ≤
	// √tr P_pos + dt·√tr P_vel (Cauchy–Schwarz). The process noise the
	// prediction adds, √(q·dt³) in position, is left to A·dt²/2 and the
	// margin: A = 100 m/s² covers q up to A²·dt/4 (2,500 m²/s³ at 1 s), and
	// the IMM's boost mode (its gate is the union of its modes', the
	// pre-gate sees the combined covariance) lies inside it. New sets
	// PreGateMargin·√γ. 0 scores every pair.
	PreGateSigma float64

	// PreGateAccelMps2 bounds the acceleration (gravity, thrust) of a
	// track between its last prediction and the scan, for the pre-gate's
	// straight-line extrapolation; 0: DefaultPreGateAccelMps2.
	PreGateAccelMps2 float64

	tracks  []Track
	nextID  int
	nowS    float64
	scanS   float64
	started bool
	sensors map[string]int

	assignments  []Assignment
	order        []int
	groupSensors []string
	tpt, mpt     []gatePoint
	radii        []float64
	big          []int
	level        []int8
	grids        [gridLevels]grid
	hypsC, hypsT []Hypothesis
	chosenC      []int
	chosenT      []int
	used         []uint8
}

// Measurement states within a scan.
const (
	measFree    = 0
	measInGate  = 1 // inside a confirmed track's gate, not assigned
	measUsed    = 2
	measAtTrack = 3 // started a track
)

// gatePoint is a position and pre-gate radius.
type gatePoint struct {
	p  [3]float64
	r  float64
	ok bool
}

// Tracks returns the current tracks, tentative and confirmed, in order of
// ID. The slice is the tracker's own: valid, and not to be modified, until
// the next Step. Each track's State is at its own TimeS, the last scan
// that had a measurement near it; Predicted gives it at another time.
func (t *Tracker) Tracks() []Track { return t.tracks }

// Predicted returns the state of tr predicted to time tS (≥ its
// State.TimeS) by the tracker's Predictor, leaving tr unchanged.
func (t *Tracker) Predicted(tr *Track, tS float64) State {
	s := tr.State.Clone()
	t.Predictor.Predict(&s, tS)
	return s
}

// Assignments returns what the last Step did with its measurements (valid
// until the next Step), for metrics.
func (t *Tracker) Assignments() []Assignment { return t.assignments }

// TimeS returns the time of the last Step.
func (t *Tracker) TimeS() float64 { return t.nowS }

// Step processes the measurements of time tS, which every measurement's
// TimeS must equal (group a stream by time first); time must not go
// backwards. Every sensor with a measurement in ms has scanned at tS;
// scanned names further sensors that scanned and saw nothing, so that
// their tracks are charged a miss.
func (t *Tracker) Step(tS float64, ms []Measurement, scanned ...string) error {
	if math.IsNaN(tS) || math.IsInf(tS, 0) {
		return fmt.Errorf("track: scan time %g is not finite", tS)
	}
	if t.started && tS < t.nowS {
		return fmt.Errorf("track: scan time %g s is before the previous scan's %g s", tS, t.nowS)
	}
	for i := range ms {
		if ms[i].TimeS != tS {
			return fmt.Errorf("track: measurement %d is at %g s, not at the scan's %g s", i, ms[i].TimeS, tS)
		}
		if ms[i].Model == nil {
			return fmt.Errorf("track: measurement %d has no measurement model", i)
		}
	}
	if t.sensors == nil {
		t.sensors = map[string]int{}
	}
	t.started, t.nowS = true, tS
	t.assignments = t.assignments[:0]
	// Group by sensor, in order of first appearance.
	t.groupSensors = t.groupSensors[:0]
	for i := range len(ms) + len(scanned) {
		var id string
		if i < len(ms) {
			id = ms[i].SensorID
		} else {
			id = scanned[i-len(ms)]
		}
		if !slices.Contains(t.groupSensors, id) {
			t.groupSensors = append(t.groupSensors, id)
		}
	}
	for _, id := range t.groupSensors {
		t.order = t.order[:0]
		for i := range ms {
			if ms[i].SensorID == id {
				t.order = append(t.order, i)
			}
		}
		k, ok := t.sensors[id]
		if !ok {
			k = len(t.sensors)
			t.sensors[id] = k
		}
		t.scan(tS, ms, t.order, k%64)
	}
	return nil
}

// scan processes one sensor's measurements ms[idx[j]] at time tS; sensor
// is the sensor's slot in Track.sensors.
func (t *Tracker) scan(tS float64, ms []Measurement, idx []int, sensor int) {
	bit := uint64(1) << uint(sensor)
	t.scanS = tS
	nT, nM := len(t.tracks), len(idx)
	t.hypsC, t.hypsT = t.hypsC[:0], t.hypsT[:0]
	t.gate(ms, idx)

	// Stage 1: confirmed tracks.
	t.chosenC = growInt(t.chosenC, nT)
	t.Associator.Associate(t.hypsC, nM, t.chosenC)
	if cap(t.used) < nM {
		t.used = make([]uint8, nM)
	}
	t.used = t.used[:nM]
	clear(t.used)
	for k := range t.hypsC {
		t.used[t.hypsC[k].Meas] = measInGate
	}
	for _, k := range t.chosenC {
		if k >= 0 {
			t.used[t.hypsC[k].Meas] = measUsed
		}
	}
	// Stage 2: tentative tracks, on what is left.
	n := 0
	for k := range t.hypsT {
		if t.used[t.hypsT[k].Meas] != measUsed {
			if n != k {
				t.hypsT[n] = t.hypsT[k]
			}
			n++
		}
	}
	t.hypsT = t.hypsT[:n]
	t.chosenT = growInt(t.chosenT, nT)
	t.Associator.Associate(t.hypsT, nM, t.chosenT)

	for i := range t.tracks {
		tr := &t.tracks[i]
		var h *Hypothesis
		if k := t.chosenC[i]; k >= 0 {
			h = &t.hypsC[k]
		} else if k := t.chosenT[i]; k >= 0 {
			h = &t.hypsT[k]
		}
		if h == nil {
			if tr.sensors&bit != 0 {
				tr.miss(sensor)
			}
			continue
		}
		m := &ms[idx[h.Meas]]
		t.Updater.Update(&tr.State, m, &h.Inn)
		t.used[h.Meas] = measUsed
		tr.Updates++
		tr.Misses = 0
		tr.missesBy[sensor] = 0
		tr.History = tr.History<<1 | 1
		tr.Opportunities++
		tr.LastUpdateS = tS
		tr.sensors |= bit
		t.assignments = append(t.assignments, Assignment{TrackID: tr.ID, Meas: idx[h.Meas]})
	}

	for j, u := range t.used {
		if u != measFree {
			continue
		}
		s, ok := t.Initiator.Initiate(&ms[idx[j]])
		if !ok {
			continue
		}
		t.nextID++
		t.tracks = append(t.tracks, Track{
			ID: t.nextID, Status: Tentative, State: s,
			BornS: tS, LastUpdateS: tS, Updates: 1,
			History: 1, Opportunities: 1, sensors: bit,
		})
		t.used[j] = measAtTrack
		t.assignments = append(t.assignments, Assignment{TrackID: t.nextID, Meas: idx[j], Initiated: true})
	}

	keep := 0
	for i := range t.tracks {
		tr := &t.tracks[i]
		if tr.Status == Tentative && t.Confirmer.Confirm(tr) {
			tr.Status = Confirmed
			tr.ConfirmedS = tS
		}
		if t.Deleter.Delete(tr, tS) {
			continue
		}
		if keep != i {
			t.tracks[keep] = *tr
		}
		keep++
	}
	clear(t.tracks[keep:]) // drop the deleted tracks' mode pointers
	t.tracks = t.tracks[:keep]
}

// miss charges the track a missed opportunity by sensor k: Misses becomes
// the fewest consecutive misses among its sensors.
func (tr *Track) miss(k int) {
	if tr.missesBy[k] < math.MaxUint8 {
		tr.missesBy[k]++
	}
	fewest := math.MaxInt
	for b := tr.sensors; b != 0; b &= b - 1 {
		fewest = min(fewest, int(tr.missesBy[bits.TrailingZeros64(b)]))
	}
	tr.Misses = fewest
	tr.History <<= 1
	tr.Opportunities++
}

// hypothesise predicts track i to the scan time if it is not there yet,
// scores it against measurement j (m) and keeps the pair if it passes the
// gate.
func (t *Tracker) hypothesise(i, j int, m *Measurement) {
	tr := &t.tracks[i]
	if tr.State.TimeS != t.scanS {
		t.Predictor.Predict(&tr.State, t.scanS)
	}
	hs := &t.hypsT
	if tr.Status == Confirmed {
		hs = &t.hypsC
	}
	n := len(*hs)
	if n < cap(*hs) {
		*hs = (*hs)[:n+1]
	} else {
		*hs = append(*hs, Hypothesis{})
	}
	h := &(*hs)[n]
	cost, ok := t.Hypothesiser.Hypothesise(&tr.State, m, &h.Inn)
	if !ok {
		*hs = (*hs)[:n]
		return
	}
	h.Track, h.Meas, h.Cost = i, j, cost
}

// gate finds and scores the candidate pairs of a scan.
func (t *Tracker) gate(ms []Measurement, idx []int) {
	nT, nM := len(t.tracks), len(idx)
	if t.PreGateSigma <= 0 || nT*nM <= smallScene {
		t.gateAll(ms, idx)
		return
	}
	k := t.PreGateSigma
	acc := t.PreGateAccelMps2
	if acc == 0 {
		acc = DefaultPreGateAccelMps2
	}
	if cap(t.tpt) < nT {
		t.tpt = make([]gatePoint, nT, 2*nT)
	}
	t.tpt = t.tpt[:nT]
	t.radii = t.radii[:0]
	for i := range t.tracks {
		s := &t.tracks[i].State
		dt := t.scanS - s.TimeS
		r := k*(math.Sqrt(s.P[0][0]+s.P[1][1]+s.P[2][2])+dt*math.Sqrt(s.P[3][3]+s.P[4][4]+s.P[5][5])) + 0.5*acc*dt*dt
		g := &t.tpt[i]
		g.p = [3]float64{s.X[0] + dt*s.X[3], s.X[1] + dt*s.X[4], s.X[2] + dt*s.X[5]}
		g.r = r
		g.ok = finite(r) && finite(g.p[0]) && finite(g.p[1]) && finite(g.p[2])
		if g.ok {
			t.radii = append(t.radii, r)
		}
	}
	if cap(t.mpt) < nM {
		t.mpt = make([]gatePoint, nM, 2*nM)
	}
	t.mpt = t.mpt[:nM]
	rmMax := 0.0
	sinT, cosT := math.Sincos(theta(t.scanS))
	for j := range nM {
		m := &ms[idx[j]]
		g := &t.mpt[j]
		g.ok = false
		var p [3]float64
		var tr float64
		switch loc := m.Model.(type) {
		case traceLocator:
			p, tr = loc.locateTrace(m.Z, &m.R, sinT, cosT)
		case Locator:
			var cov [3][3]float64
			p, cov = loc.Locate(m.Z, m.R, m.TimeS)
			tr = cov[0][0] + cov[1][1] + cov[2][2]
		default:
			continue
		}
		r := k * math.Sqrt(tr)
		if finite(r) && finite(p[0]) && finite(p[1]) && finite(p[2]) {
			g.p, g.r, g.ok = p, r, true
			rmMax = math.Max(rmMax, r)
		}
	}
	// Tracks go in spatial hash grids by pre-gate radius: level 0 holds
	// those up to r0 (twice the median radius, or the largest measurement
	// radius if that is more: below it the cell size hardly changes), level
	// l those up to 4^l·r0. A level's cells have size L = k·(R + rm), R
	// its largest track radius and rm the largest measurement radius, so a
	// measurement's pairs lie in the cells its ball of radius R + r_m ≤ L/k
	// overlaps: its own and, on each axis, a neighbour only when it is
	// within that radius of the face: (1 + 2/k)³ cells on average. Larger
	// cells mean fewer lookups and more tracks to check by distance; k =
	// cellScale balances the two. Young
	// tracks (velocity prior of km/s) and coasting ones thus sit in coarse
	// levels instead of being tried against every measurement; tracks
	// beyond the last level are.
	r0 := 0.0
	if len(t.radii) > 0 {
		r0 = 2 * median(t.radii)
		if r0 <= 0 {
			r0 = slices.Max(t.radii)
		}
	}
	r0 = math.Max(r0, rmMax)
	if !(r0 > 0) || !finite(r0) {
		t.gateAll(ms, idx)
		return
	}
	t.big = t.big[:0]
	t.level = t.level[:0]
	var count [gridLevels]int
	var rMax [gridLevels]float64
	for i := range nT {
		g := &t.tpt[i]
		l := -1
		if g.ok {
			l = 0
			for lim := r0; g.r > lim && l < gridLevels; lim *= 4 {
				l++
			}
			if l == gridLevels {
				l = -1
			}
		}
		if l < 0 {
			t.big = append(t.big, i)
		} else {
			count[l]++
			rMax[l] = math.Max(rMax[l], g.r)
		}
		t.level = append(t.level, int8(l))
	}
	for l := range gridLevels {
		if count[l] > 0 {
			t.grids[l].reset(count[l], 1/(cellScale*(rMax[l]+rmMax)))
		}
	}
	for i := range nT {
		if l := t.level[i]; l >= 0 {
			t.grids[l].insert(t.tpt[i].p, int32(i))
		}
	}
	for j := range nM {
		mp := &t.mpt[j]
		m := &ms[idx[j]]
		if !mp.ok {
			for i := range nT {
				t.hypothesise(i, j, m)
			}
			continue
		}
		for l := range gridLevels {
			if count[l] == 0 {
				continue
			}
			gr := &t.grids[l]
			rho := (rMax[l] + mp.r) * gr.inv // ≤ half a cell
			var lo, hi [3]int64
			for a := range 3 {
				f := mp.p[a] * gr.inv
				fl := math.Floor(f)
				c := int64(fl)
				lo[a], hi[a] = c, c
				if f-fl < rho {
					lo[a] = c - 1
				} else if fl+1-f < rho {
					hi[a] = c + 1
				}
			}
			for ix := lo[0]; ix <= hi[0]; ix++ {
				for iy := lo[1]; iy <= hi[1]; iy++ {
					for iz := lo[2]; iz <= hi[2]; iz++ {
						for i := gr.head(cellKey(ix, iy, iz)); i >= 0; i = gr.next[i] {
							t.tryPair(int(i), j, mp, m)
						}
					}
				}
			}
		}
		for _, i := range t.big {
			t.tryPair(i, j, mp, m)
		}
	}
}

// gateAll scores every pair.
func (t *Tracker) gateAll(ms []Measurement, idx []int) {
	for i := range t.tracks {
		for j := range idx {
			t.hypothesise(i, j, &ms[idx[j]])
		}
	}
}

// tryPair hypothesises track i and measurement j if they are within the
// pre-gate.
func (t *Tracker) tryPair(i, j int, mp *gatePoint, m *Measurement) {
	tp := &t.tpt[i]
	dx, dy, dz := tp.p[0]-mp.p[0], tp.p[1]-mp.p[1], tp.p[2]-mp.p[2]
	r := tp.r + mp.r
	if dx*dx+dy*dy+dz*dz <= r*r {
		t.hypothesise(i, j, m)
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// median returns the median of v, reordering v (Hoare's selection).
func median(v []float64) float64 {
	k := len(v) / 2
	lo, hi := 0, len(v)-1
	for lo < hi {
		pivot := v[lo+(hi-lo)/2]
		i, j := lo, hi
		for i <= j {
			for v[i] < pivot {
				i++
			}
			for v[j] > pivot {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return v[k]
		}
	}
	return v[k]
}

// grid is a spatial hash of points in cubic cells: an open-addressing table
// from cell to a linked list of the items in it. It is rebuilt every scan
// and allocates only when it grows.
type grid struct {
	inv   float64 // 1 / cell size
	keys  []uint64
	heads []int32
	next  []int32
	shift uint
}

// cellKey packs three cell indices (21 bits each, wrapping) and an
// occupied flag. Wrapping only aliases cells ~2 million cells apart, which
// costs a few extra distance checks, never a missed pair.
func cellKey(ix, iy, iz int64) uint64 {
	const m = 1<<21 - 1
	return uint64(ix)&m | (uint64(iy)&m)<<21 | (uint64(iz)&m)<<42 | 1<<63
}

// reset empties the grid for up to n occupied cells, items indexed below
// the tracker's track count.
func (g *grid) reset(n int, inv float64) {
	size, shift := 16, uint(60)
	for size < 2*n {
		size *= 2
		shift--
	}
	if cap(g.keys) < size {
		g.keys = make([]uint64, size)
		g.heads = make([]int32, size)
	}
	g.keys = g.keys[:size]
	g.heads = g.heads[:size]
	clear(g.keys)
	g.inv, g.shift = inv, shift
}

// slot returns the table slot of key: where it is, or the empty slot where
// it would go.
func (g *grid) slot(key uint64) int {
	mask := len(g.keys) - 1
	s := int((key * 0x9E3779B97F4A7C15) >> g.shift)
	for g.keys[s] != 0 && g.keys[s] != key {
		s = (s + 1) & mask
	}
	return s
}

func (g *grid) insert(p [3]float64, item int32) {
	key := cellKey(int64(math.Floor(p[0]*g.inv)), int64(math.Floor(p[1]*g.inv)), int64(math.Floor(p[2]*g.inv)))
	s := g.slot(key)
	if g.keys[s] == 0 {
		g.keys[s] = key
		g.heads[s] = -1
	}
	for int(item) >= len(g.next) {
		g.next = append(g.next, 0)
	}
	g.next[item] = g.heads[s]
	g.heads[s] = item
}

// head returns the first item of key's cell, or −1.
func (g *grid) head(key uint64) int32 {
	s := g.slot(key)
	if g.keys[s] == 0 {
		return -1
	}
	return g.heads[s]
}
