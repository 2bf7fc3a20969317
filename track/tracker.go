package track

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/internal/par"
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
)

// Config chooses a Tracker's standard components. Zero values mean the
// defaults above. The keys are those of a tracker configuration file
// (jrmd track).
type Config struct {
	Filter Filter `yaml:"-"` // required: EKF, UKF or IMM
	// GateProbability is the probability that the gate keeps the true
	// measurement; GateThreshold sets the chi-square threshold on d²
	// directly. At most one may be set.
	GateProbability float64 `yaml:"gate_probability" doc:"probability that the gate keeps the true measurement; or gate_threshold" range:"(0, 1)" default:"0.999"`
	GateThreshold   float64 `yaml:"gate_threshold" doc:"chi-square threshold on the squared Mahalanobis distance (3 degrees of freedom), in place of gate_probability" range:"(0, 1e6]"`
	// ConfirmM of ConfirmN opportunities confirm a tentative track.
	ConfirmM int `yaml:"confirm_m" doc:"M of N opportunities confirm a tentative track" range:"[1, 64]" default:"3"`
	ConfirmN int `yaml:"confirm_n" doc:"the N of M-of-N confirmation (default: 5, or M if larger)" range:"[1, 64]"`
	// DeleteMisses consecutive missed opportunities delete a confirmed
	// track.
	DeleteMisses int `yaml:"delete_misses" doc:"consecutive misses that delete a confirmed track" range:"[1, 255]" default:"6"`
	// MaxPositionSigmaM deletes any track whose largest 1σ position
	// semi-axis exceeds it (0: no limit).
	MaxPositionSigmaM float64 `yaml:"delete_position_sigma_m" doc:"delete a track whose largest 1σ position error exceeds this, m (0: no limit)" range:"[0, 1e9]" default:"0"`
	// InitialVelocitySigmaMps is the velocity prior of single-point
	// initiation (0: DefaultInitialVelocitySigmaMps).
	InitialVelocitySigmaMps float64 `yaml:"initial_velocity_sigma_mps" doc:"1σ velocity prior of a new track, m/s" range:"(0, 1e5]" default:"3000"`
}

// maxDeleteMisses bounds DeleteMisses: a track coasting longer than 255
// missed opportunities is not a track.
const maxDeleteMisses = 255

// Validate reports every problem of c at once (a *config.Invalid, each
// problem naming its key; 0 means the default wherever it is allowed).
func (c Config) Validate() error {
	var p config.Problems
	if c.Filter == nil {
		p.Add("", "Filter is required")
	}
	if c.GateProbability != 0 && !(c.GateProbability > 0 && c.GateProbability < 1) {
		p.Add("gate_probability", "%g: want a probability in (0, 1)", c.GateProbability)
	}
	if c.GateThreshold != 0 && !(c.GateThreshold > 0 && c.GateThreshold <= maxGateThreshold) {
		p.Add("gate_threshold", "%g: want a chi-square value in (0, %g]", c.GateThreshold, float64(maxGateThreshold))
	}
	if c.GateProbability != 0 && c.GateThreshold != 0 {
		p.Add("gate_threshold", "set gate_probability or gate_threshold, not both")
	}
	m, n := c.confirm()
	if m < 1 || n < 1 || m > n || n > 64 {
		key := "confirm_m"
		if m >= 1 && m <= 64 && (n < 1 || n > 64) {
			key = "confirm_n"
		}
		p.Add(key, "%d of %d: want 1 ≤ M ≤ N ≤ 64", m, n)
	}
	if c.DeleteMisses < 0 || c.DeleteMisses > maxDeleteMisses {
		p.Add("delete_misses", "%d: want 1 to %d", c.DeleteMisses, maxDeleteMisses)
	}
	if !(c.MaxPositionSigmaM >= 0 && c.MaxPositionSigmaM <= maxSigmaM) {
		p.Add("delete_position_sigma_m", "%g m: want 0 to %g m", c.MaxPositionSigmaM, float64(maxSigmaM))
	}
	if !(c.InitialVelocitySigmaMps >= 0 && c.InitialVelocitySigmaMps <= maxVelocitySigmaMps) {
		p.Add("initial_velocity_sigma_mps", "%g m/s: want 0 to %g m/s", c.InitialVelocitySigmaMps, float64(maxVelocitySigmaMps))
	}
	return p.Err("track")
}

// Bounds of Config's figures: far past any use, they keep a typo from
// reaching the filters (a 1e6 chi-square gate keeps everything; 1e9 m is
// beyond the Moon; 1e5 m/s is ten times the escape speed).
const (
	maxGateThreshold    = 1e6
	maxSigmaM           = 1e9
	maxVelocitySigmaMps = 1e5
)

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
		// The same probability on one degree of freedom.
		RangeRateGate: ChiSquareQuantile(ChiSquareCDF(gate, 3), 1),
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
//  3. Associator assigns measurements to confirmed tracks first, then to
//     tentative tracks the measurements in no confirmed track's gate (those
//     a new track may start from, step 5), so that a false-alarm track
//     never takes a measurement from an established one, and a confirmed
//     track's object, its measurement lost to a neighbour's track among
//     closely spaced objects, does not grow a second track.
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

	// RangeRateGate is the chi-square threshold (one degree of freedom) on
	// the d² of a measurement's range rate (RangeRateD2), a second gate
	// after Hypothesiser's: a pair that passes Z's gate but whose range
	// rate does not fit the track's velocity is dropped. It does not add
	// to the pair's cost (objects close enough to compete for a
	// measurement fly alike). New sets it at the gate's probability; 0
	// does not gate on range rate.
	RangeRateGate float64

	tracks []Track
	// nDead counts the deleted tracks still in tracks (Track.dead): they
	// are dropped in bulk (compact) rather than one by one at every scan,
	// which would move the tracks behind them each time.
	nDead int
	// gs mirrors what the pre-gate reads of each track's State, kept
	// together so that the pre-gate's pass over all tracks reads a few
	// contiguous bytes per track instead of five cache lines of Track.
	gs      []gateState
	nextID  int
	nowS    float64
	scanS   float64
	started bool
	sensors map[string]int

	assignments  []Assignment
	order        []int
	groupSensors []string
	groupIdx     map[string]int // sensor → its group in this Step
	groupOf      []int          // each measurement's group
	groupSlot    []int          // each group's sensor slot
	groupStart   []int          // group g's measurements are order[groupStart[g]:groupStart[g+1]]
	groupFill    []int
	slotGroup    []int
	approx       Approximations
	pg           preGate
	pairs        []candidate // the pre-gate's, for this scan
	hypsC, hypsT []Hypothesis
	chosenC      []int
	chosenT      []int
	predicted    []int   // tracks predicted in this scan
	jobs         []int32 // tracks to update or settle
	byTrack      trackWork
	used         []uint8
	fast         fastPath
}

// fastPath holds, for one scan, the concrete standard components that the
// inner loops call directly instead of through their interfaces (an EKF as
// Predictor and Updater, a ChiSquareGate over an EKF as Hypothesiser, MofN
// and MissDeleter), and the sine and cosine of the Earth's rotation angle
// at the scan time, which every radar measurement of the scan shares. The
// calls are the very ones the interfaces would make: a variant that
// replaces a component simply takes the interface path.
type fastPath struct {
	predictor  *EKF
	imm        *IMM // Predictor, Updater and the gate's predictor (see setFastPath)
	updater    *EKF
	gate       *EKF
	threshold  float64
	sinT, cosT float64
	// The standard Confirmer and Deleter, called directly (they are
	// called for every track at every scan).
	confirmer   MofN
	mofn        bool
	deleter     MissDeleter
	missDeleter bool
	// lean: the hypotheses' only readers are a GNN (Track, Meas, Cost)
	// and an EKF's Update (Nu, SInv, Pxz), so their S and H need not be
	// stored.
	lean bool
}

// setFastPath sets t.fast for a scan at time tS.
func (t *Tracker) setFastPath(tS float64) {
	t.fast = fastPath{}
	t.fast.predictor, _ = t.Predictor.(*EKF)
	// An IMM that also updates and gates (on its modes) may leave the
	// combination of a prediction to after the update.
	if f, ok := t.Predictor.(*IMM); ok && t.Updater == Updater(f) {
		if g, ok := t.Hypothesiser.(*ChiSquareGate); ok && g.Predictor == MeasurementPredictor(f) {
			t.fast.imm = f
		}
	}
	if g, ok := t.Hypothesiser.(*ChiSquareGate); ok {
		if e, ok := g.Predictor.(*EKF); ok {
			t.fast.gate, t.fast.threshold = e, g.Threshold
		}
	}
	t.fast.sinT, t.fast.cosT = math.Sincos(theta(tS))
	t.fast.confirmer, t.fast.mofn = t.Confirmer.(MofN)
	t.fast.deleter, t.fast.missDeleter = t.Deleter.(MissDeleter)
	_, gnn := t.Associator.(*GNN)
	t.fast.updater, _ = t.Updater.(*EKF)
	t.fast.lean = gnn && t.fast.updater != nil
}

// Measurement states within a scan.
const (
	measFree    = 0
	measInGate  = 1 // inside a confirmed track's gate, not assigned
	measUsed    = 2
	measAtTrack = 3 // started a track
)

// Tracks returns the current tracks, tentative and confirmed, in order of
// ID. The slice is the tracker's own: valid, and not to be modified, until
// the next Step. Each track's State is at its own TimeS, the last scan
// that had a measurement near it; Predicted gives it at another time.
func (t *Tracker) Tracks() []Track {
	t.compact()
	return t.tracks
}

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
	// Group by sensor, in order of first appearance. A sensor's
	// measurements usually come together, so each is first compared with
	// the previous one's sensor.
	if t.groupIdx == nil {
		t.groupIdx = map[string]int{}
	}
	t.groupSensors = t.groupSensors[:0]
	t.groupOf = growInt(t.groupOf, len(ms))
	g := -1
	for i := range ms {
		if id := ms[i].SensorID; g < 0 || id != t.groupSensors[g] {
			var ok bool
			if g, ok = t.groupIdx[id]; !ok {
				g = len(t.groupSensors)
				t.groupIdx[id] = g
				t.groupSensors = append(t.groupSensors, id)
			}
		}
		t.groupOf[i] = g
	}
	for _, id := range scanned {
		if _, ok := t.groupIdx[id]; !ok {
			t.groupIdx[id] = len(t.groupSensors)
			t.groupSensors = append(t.groupSensors, id)
		}
	}
	// Each group's slot: the tracker tells sensorSlots sensors apart.
	t.groupSlot = t.groupSlot[:0]
	for _, id := range t.groupSensors {
		delete(t.groupIdx, id) // empty for the next Step, in O(sensors)
		k, ok := t.sensors[id]
		if !ok {
			k = len(t.sensors)
			t.sensors[id] = k
		}
		t.groupSlot = append(t.groupSlot, k%sensorSlots)
	}
	if len(t.groupSlot) > sensorSlots {
		t.mergeSlots(len(ms))
	}
	// Each group's measurements, in order: a stable counting sort.
	nG := len(t.groupSlot)
	t.groupStart = growInt(t.groupStart, nG+1)
	clear(t.groupStart)
	for _, g := range t.groupOf[:len(ms)] {
		t.groupStart[g+1]++
	}
	for g := range nG {
		t.groupStart[g+1] += t.groupStart[g]
	}
	t.order = growInt(t.order, len(ms))
	t.groupFill = append(t.groupFill[:0], t.groupStart[:nG]...)
	for i, g := range t.groupOf[:len(ms)] {
		t.order[t.groupFill[g]] = i
		t.groupFill[g]++
	}
	for g, slot := range t.groupSlot {
		t.scan(tS, ms, t.order[t.groupStart[g]:t.groupStart[g+1]], slot)
	}
	return nil
}

// mergeSlots makes the groups of a Step with more sensors than
// sensorSlots one per slot, in order of first appearance: the sensors
// that share a slot scan as one sensor. The tracker already counts their
// misses together; as one scan, two of them cannot both update a track
// with the same object at the same time. This bounds a Step's scans, each
// of which passes over every track, at sensorSlots.
func (t *Tracker) mergeSlots(nMeas int) {
	t.approx.MergedSteps++
	t.slotGroup = growInt(t.slotGroup, sensorSlots)
	for k := range t.slotGroup {
		t.slotGroup[k] = -1
	}
	t.groupFill = t.groupFill[:0] // the group of each old group
	n := 0
	for _, k := range t.groupSlot {
		if t.slotGroup[k] < 0 {
			t.slotGroup[k] = n
			t.groupSlot[n] = k
			n++
		}
		t.groupFill = append(t.groupFill, t.slotGroup[k])
	}
	for i, g := range t.groupOf[:nMeas] {
		t.groupOf[i] = t.groupFill[g]
	}
	t.groupSlot = t.groupSlot[:n]
}

// scan processes one sensor's measurements ms[idx[j]] at time tS; sensor
// is the sensor's slot in Track.sensors.
func (t *Tracker) scan(tS float64, ms []Measurement, idx []int, sensor int) {
	bit := uint64(1) << uint(sensor)
	t.scanS = tS
	nT, nM := len(t.tracks), len(idx)
	t.hypsC, t.hypsT = t.hypsC[:0], t.hypsT[:0]
	t.predicted = t.predicted[:0]
	t.setFastPath(tS)
	q := t.gateScan(ms, idx)
	var nearest bool
	if t.pairs, nearest = t.pg.find(&q); nearest {
		t.approx.NearestScans++
	}
	t.scoreAll(ms, idx)

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
	// Stage 2: tentative tracks, on what no confirmed track's gate holds.
	n := 0
	for k := range t.hypsT {
		if t.used[t.hypsT[k].Meas] == measFree {
			if n != k {
				t.hypsT[n] = t.hypsT[k]
			}
			n++
		}
	}
	t.hypsT = t.hypsT[:n]
	t.chosenT = growInt(t.chosenT, nT)
	t.Associator.Associate(t.hypsT, nM, t.chosenT)

	t.filter(ms, idx)

	// Update or charge a miss, then confirm or delete, each track in one
	// pass (the rules look at one track at a time).
	nOld := len(t.tracks)
	for i := range t.tracks {
		tr := &t.tracks[i]
		if tr.dead {
			continue
		}
		h := t.chosen(i)
		if h == nil {
			if tr.sensors&bit != 0 {
				tr.miss(sensor)
			}
			t.manage(i, tS)
			continue
		}
		t.used[h.Meas] = measUsed
		tr.Updates++
		tr.Misses = 0
		tr.missesBy[sensor] = 0
		tr.History = tr.History<<1 | 1
		tr.Opportunities++
		tr.LastUpdateS = tS
		tr.sensors |= bit
		t.assignments = append(t.assignments, Assignment{TrackID: tr.ID, Meas: idx[h.Meas]})
		t.manage(i, tS)
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
		t.gs = append(t.gs, newGateState(&s))
		t.tracks = append(t.tracks, Track{
			ID: t.nextID, Status: Tentative, State: s,
			BornS: tS, LastUpdateS: tS, Updates: 1,
			History: 1, Opportunities: 1, sensors: bit,
		})
		t.used[j] = measAtTrack
		t.assignments = append(t.assignments, Assignment{TrackID: t.nextID, Meas: idx[j], Initiated: true})
	}

	for i := nOld; i < len(t.tracks); i++ {
		t.manage(i, tS)
	}
	// Most deletions are of young tentative tracks near the end; dropping
	// them in bulk, once a quarter of the slots are dead, moves each kept
	// track a few times in its life rather than at every scan.
	if 4*t.nDead > len(t.tracks) {
		t.compact()
	}
}

// gateScan is the scan of ms[idx[j]] at the scan time, as the pre-gate
// sees it (after setFastPath).
func (t *Tracker) gateScan(ms []Measurement, idx []int) gateScan {
	return gateScan{
		tracks: t.gs, live: len(t.tracks) - t.nDead, ms: ms, idx: idx,
		timeS: t.scanS, sinT: t.fast.sinT, cosT: t.fast.cosT,
		sigma: t.PreGateSigma, accelMps2: t.PreGateAccelMps2,
	}
}

// chosen returns the hypothesis association chose for track i, or nil.
func (t *Tracker) chosen(i int) *Hypothesis {
	if k := t.chosenC[i]; k >= 0 {
		return &t.hypsC[k]
	}
	if k := t.chosenT[i]; k >= 0 {
		return &t.hypsT[k]
	}
	return nil
}

// filter updates each track association chose with its measurement, and
// settles each track predicted to the scan but not updated (an IMM's
// combination, see setFastPath); the pre-gate's copy of both follows.
func (t *Tracker) filter(ms []Measurement, idx []int) {
	t.jobs = t.jobs[:0]
	for _, i := range t.predicted {
		if t.chosen(i) == nil {
			t.jobs = append(t.jobs, int32(i))
		}
	}
	for i := range t.tracks {
		if !t.tracks[i].dead && t.chosen(i) != nil {
			t.jobs = append(t.jobs, int32(i))
		}
	}
	one := func(i int) {
		s := &t.tracks[i].State
		if h := t.chosen(i); h == nil {
			if f := t.fast.imm; f != nil {
				f.settle(s)
			}
		} else if u := t.fast.updater; u != nil {
			u.Update(s, &ms[idx[h.Meas]], &h.Inn)
		} else {
			t.Updater.Update(s, &ms[idx[h.Meas]], &h.Inn)
		}
		t.gs[i] = newGateState(s)
	}
	if !t.byTrack.ok {
		for _, i := range t.jobs {
			one(int(i))
		}
		return
	}
	par.For(len(t.jobs), minChunk, func(_, lo, hi int) {
		for _, i := range t.jobs[lo:hi] {
			one(int(i))
		}
	})
}

// manage confirms track i if the Confirmer says so and deletes it if the
// Deleter does.
func (t *Tracker) manage(i int, tS float64) {
	tr := &t.tracks[i]
	if tr.Status == Tentative {
		var ok bool
		if t.fast.mofn {
			ok = t.fast.confirmer.Confirm(tr)
		} else {
			ok = t.Confirmer.Confirm(tr)
		}
		if ok {
			tr.Status = Confirmed
			tr.ConfirmedS = tS
		}
	}
	var del bool
	if t.fast.missDeleter {
		del = t.fast.deleter.Delete(tr, tS)
	} else {
		del = t.Deleter.Delete(tr, tS)
	}
	if del {
		tr.dead, tr.State.Modes = true, nil
		t.gs[i].dead = true
		t.nDead++
	}
}

// compact drops the deleted tracks, moving each run of kept ones down with
// one copy.
func (t *Tracker) compact() {
	if t.nDead == 0 {
		return
	}
	keep, run := 0, 0 // kept so far; start of the current run of kept tracks
	for i := range t.tracks {
		if !t.tracks[i].dead {
			continue
		}
		keep += t.moveRun(keep, run, i)
		run = i + 1
	}
	keep += t.moveRun(keep, run, len(t.tracks))
	clear(t.tracks[keep:]) // drop the deleted tracks' mode pointers
	t.tracks = t.tracks[:keep]
	t.gs = t.gs[:keep]
	t.nDead = 0
}

// moveRun moves tracks [from, to) down to index at and returns their
// number.
func (t *Tracker) moveRun(at, from, to int) int {
	if at != from {
		copy(t.tracks[at:], t.tracks[from:to])
		copy(t.gs[at:], t.gs[from:to])
	}
	return to - from
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

// predictTo moves track i to the scan time if it is not there yet, and
// reports whether it did. t.gs[i] is refreshed in filter.
func (t *Tracker) predictTo(i int) bool {
	tr := &t.tracks[i]
	if tr.State.TimeS == t.scanS {
		return false
	}
	if p := t.fast.predictor; p != nil {
		p.Predict(&tr.State, t.scanS)
	} else if f := t.fast.imm; f != nil {
		f.predictModes(&tr.State, t.scanS) // combined after the update, or in scan
	} else {
		t.Predictor.Predict(&tr.State, t.scanS)
	}
	return true
}

// score scores track i, predicted to the scan, against measurement j (m)
// into h, and reports whether the pair passes the gate.
func (t *Tracker) score(i, j int, m *Measurement, h *Hypothesis) bool {
	tr := &t.tracks[i]
	var cost float64
	var ok bool
	if aer, isAER := m.Model.(*AER); isAER && t.fast.gate != nil {
		// ChiSquareGate.Hypothesise, with the scan's rotation angle and
		// the measurement's angles as the pre-gate found them.
		ok = t.fast.gate.predictAER(&tr.State, m, aer, t.fast.sinT, t.fast.cosT, t.pg.trig(j), t.fast.lean, &h.Inn)
		cost = h.Inn.D2
		ok = ok && cost <= t.fast.threshold
	} else {
		cost, ok = t.Hypothesiser.Hypothesise(&tr.State, m, &h.Inn)
	}
	if ok && t.RangeRateGate > 0 {
		if d2, has := RangeRateD2(&tr.State, m); has && !(d2 <= t.RangeRateGate) {
			ok = false
		}
	}
	h.Track, h.Meas, h.Cost = i, j, cost
	return ok
}
