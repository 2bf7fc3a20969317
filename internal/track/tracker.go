package track

import (
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/internal/optimize"
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
	// smallScene is the number of track–measurement pairs below which the
	// spatial pre-gate costs more than it saves.
	smallScene = 64
	// gridLevels is the number of pre-gate grid levels, each for radii 4×
	// those of the one before: 4⁸ ≈ 65,000 times the median radius.
	gridLevels = 8
	// cellScale is k, the pre-gate grid's cell size over the largest pair
	// radius of its level: a measurement's ball then spans at most two
	// cells on each axis (1 + 2/k on average). On the 1,000-target
	// benchmark k = 1, 1.5, 2 cost 45, 25, 10 % more time than k = 3
	// (more cells to lay out and rows to visit), k = 4 and 6 about the
	// same.
	cellScale = 3
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
	rad          []float64    // each track's pre-gate radius (NaN: deleted)
	radii        []float64    // the finite ones, for their median
	mtrig        [][4]float64 // sin, cos of each AER measurement's angles
	mhasTrig     []bool       // mtrig[j] is set
	noPos        []int        // the measurements without a position
	big          []gridPoint  // the tracks beyond the last grid level
	grids        [gridLevels]grid
	lpts         [gridLevels][]gridPoint // each level's tracks
	mgrid        grid                    // of the measurements
	mq           []gridPoint             // the measurements with a position
	hypsC, hypsT []Hypothesis
	chosenC      []int
	chosenT      []int
	predicted    []int // tracks predicted in this scan
	pairs        []candidate
	tooMany      bool // the scan has more than MaxScanPairs candidate pairs
	kd           kdTree
	near         nearestHeap
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
	trig       bool // the pre-gate has filled mtrig and mhasTrig for this scan
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

// gateState is what the pre-gate needs of a track's State: its mean, time
// and the traces of its position and velocity covariance blocks.
type gateState struct {
	x            [6]float64
	timeS        float64
	trPos, trVel float64
	dead         bool // the track is deleted
}

func newGateState(s *State) gateState {
	return gateState{x: s.X, timeS: s.TimeS, trPos: s.P[0][0] + s.P[1][1] + s.P[2][2], trVel: s.P[3][3] + s.P[4][4] + s.P[5][5]}
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
	t.gate(ms, idx)
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
		// ChiSquareGate.Hypothesise, with the scan's rotation angle.
		var trig *[4]float64
		if t.fast.trig && t.mhasTrig[j] {
			trig = &t.mtrig[j]
		}
		ok = t.fast.gate.predictAER(&tr.State, m, aer, t.fast.sinT, t.fast.cosT, trig, t.fast.lean, &h.Inn)
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

// gate finds the candidate pairs of a scan: t.pairs.
func (t *Tracker) gate(ms []Measurement, idx []int) {
	nT, nM := len(t.tracks), len(idx)
	t.pairs = t.pairs[:0]
	t.tooMany = false
	if t.PreGateSigma <= 0 || nT*nM <= smallScene {
		t.gateAll(ms, idx, false)
		return
	}
	k := t.PreGateSigma
	acc := t.PreGateAccelMps2
	if acc == 0 {
		acc = DefaultPreGateAccelMps2
	}
	// Measurements: their positions and pre-gate radii.
	t.mq, t.noPos = t.mq[:0], t.noPos[:0]
	if cap(t.mtrig) < nM {
		t.mtrig = make([][4]float64, nM, 2*nM)
		t.mhasTrig = make([]bool, nM, 2*nM)
	}
	t.mtrig, t.mhasTrig = t.mtrig[:nM], t.mhasTrig[:nM]
	rmMax := 0.0
	sinT, cosT := t.fast.sinT, t.fast.cosT
	for j := range nM {
		m := &ms[idx[j]]
		var p [3]float64
		var tr float64
		t.mhasTrig[j] = false
		if aer, ok := m.Model.(*AER); ok {
			p, tr, t.mtrig[j] = aer.locateTrig(&m.Z, &m.R, sinT, cosT)
			t.mhasTrig[j] = true
		} else if p, tr, ok = locate(m, sinT, cosT); !ok {
			t.noPos = append(t.noPos, j)
			continue
		}
		r := k * math.Sqrt(tr)
		if !finite4(r, p[0], p[1], p[2]) {
			t.noPos = append(t.noPos, j)
			continue
		}
		t.mq = append(t.mq, gridPoint{p: p, r: r, i: int32(j)})
		rmMax = max(rmMax, r)
	}
	t.fast.trig = true
	// Tracks: their pre-gate radii, extrapolated over the time since their
	// states (NaN: deleted).
	t.rad = grow(t.rad, nT)
	for i := range t.gs {
		s := &t.gs[i]
		if s.dead {
			t.rad[i] = math.NaN()
			continue
		}
		dt := t.scanS - s.timeS
		t.rad[i] = k*(math.Sqrt(s.trPos)+dt*math.Sqrt(s.trVel)) + 0.5*acc*dt*dt
	}
	// Tracks go in spatial grids by pre-gate radius: level 0 holds those
	// up to r0 (twice the median radius, or the largest measurement radius
	// if that is more), level l those up to 4^l·r0. A level's cells have
	// size L = k·(R + rm), R its largest track radius and rm the largest
	// measurement radius, so a measurement's pairs lie in the cells its
	// ball of radius R + r_m ≤ L/k overlaps: its own and, on each axis, a
	// neighbour when the ball reaches past a face, (1 + 2/k)³ cells on
	// average. Larger cells mean fewer cells to visit and more tracks to
	// check by distance; k = cellScale balances the two. Young tracks
	// (velocity prior of km/s) and coasting ones thus sit in coarse levels
	// instead of being tried against every measurement; tracks beyond the
	// last level are.
	//
	// The median (the (n/2)-th smallest of the n finite radii) is at most
	// rmMax/2, and positive, when more than n/2 radii are at most rmMax/2
	// and at most n/2 are 0: then r0 = rmMax without selecting it.
	r0 := rmMax
	n, small, zero := 0, 0, 0
	for _, r := range t.rad {
		if finite(r) {
			n++
			if r <= rmMax/2 {
				small++
			}
			if r <= 0 {
				zero++
			}
		}
	}
	if n > 0 && (small <= n/2 || zero > n/2) {
		t.radii = t.radii[:0]
		for _, r := range t.rad {
			if finite(r) {
				t.radii = append(t.radii, r)
			}
		}
		r := 2 * median(t.radii)
		if r <= 0 {
			r = slices.Max(t.radii)
		}
		r0 = math.Max(r, rmMax)
	}
	if !(r0 > 0) || !finite(r0) {
		t.gateAll(ms, idx, true)
		return
	}
	t.big = t.big[:0]
	var rMax [gridLevels]float64
	for l := range t.lpts {
		t.lpts[l] = t.lpts[l][:0]
	}
	for i := range t.gs {
		s := &t.gs[i]
		if s.dead {
			continue
		}
		dt, r := t.scanS-s.timeS, t.rad[i]
		g := gridPoint{p: [3]float64{s.x[0] + dt*s.x[3], s.x[1] + dt*s.x[4], s.x[2] + dt*s.x[5]}, r: r, i: int32(i)}
		l := -1
		if finite4(r, g.p[0], g.p[1], g.p[2]) {
			l = 0
			for lim := r0; r > lim && l < gridLevels; lim *= 4 {
				l++
			}
			if l == gridLevels {
				l = -1
			}
		}
		if l < 0 {
			t.big = append(t.big, g)
			continue
		}
		t.lpts[l] = append(t.lpts[l], g)
		rMax[l] = max(rMax[l], r)
	}
	// Measurements without a position are tried against every track,
	// tracks beyond the last level against every measurement (by
	// distance: one with a NaN never pairs, one with an infinite radius
	// always).
	for _, j := range t.noPos {
		for i := range nT {
			if !t.gs[i].dead {
				t.pair(int32(i), int32(j), false)
			}
		}
	}
	if len(t.big) > 0 {
		for a := range t.mq {
			if t.tooMany {
				break
			}
			q := &t.mq[a]
			for b := range t.big {
				g := &t.big[b]
				dx, dy, dz := g.p[0]-q.p[0], g.p[1]-q.p[1], g.p[2]-q.p[2]
				r := g.r + q.r
				if dx*dx+dy*dy+dz*dz <= r*r {
					t.pair(g.i, q.i, false)
				}
			}
		}
	}
	// Level by level, the pairs whose balls overlap: each measurement
	// looked up in a grid of the level's tracks or, for a level of a few
	// hundred tracks (young and coasting ones), each track in a grid of the
	// measurements, which saves looking up every measurement. For a level
	// of a handful of tracks, most measurements fall outside its box and
	// cost little, less than gridding the measurements.
	for l := range gridLevels {
		pts := t.lpts[l]
		if len(pts) == 0 {
			continue
		}
		inv := 1 / (cellScale * (rMax[l] + rmMax))
		if n := len(t.mq); 2*len(pts) < n && 16*len(pts) > n {
			t.mgrid.build(t.mq, inv)
			t.join(&t.mgrid, rmMax, pts, true)
		} else {
			t.grids[l].build(pts, inv)
			t.join(&t.grids[l], rMax[l], t.mq, false)
		}
	}
	if t.tooMany {
		t.nearestPairs(ms, idx, true)
	}
}

// join hypothesises the pairs of a point of gr and a query point within
// each other's pre-gate radius: tracks in gr and measurements as queries,
// or the reverse. rg bounds the radii in gr. For each query, the cells
// its ball of radius rg + r overlaps are visited; in a dense grid a row of
// cells along x is one run of points.
func (t *Tracker) join(gr *grid, rg float64, queries []gridPoint, reverse bool) {
	if !gr.dense {
		t.joinHashed(gr, rg, queries, reverse)
		return
	}
	inv := gr.inv
	lo, hi, dim := gr.lo, gr.hi, gr.dim
	starts, pts := gr.starts, gr.pts
	for a := range queries {
		if t.tooMany {
			return
		}
		q := &queries[a]
		rho := (rg + q.r) * inv
		x0, x1 := cellSpan(q.p[0]*inv, rho, lo[0], hi[0])
		if x0 > x1 {
			continue
		}
		y0, y1 := cellSpan(q.p[1]*inv, rho, lo[1], hi[1])
		if y0 > y1 {
			continue
		}
		z0, z1 := cellSpan(q.p[2]*inv, rho, lo[2], hi[2])
		px, py, pz, qr := q.p[0], q.p[1], q.p[2], q.r
		for iz := z0; iz <= z1; iz++ {
			for iy := y0; iy <= y1; iy++ {
				row := (iz*dim[1] + iy) * dim[0]
				for k, end := starts[row+x0], starts[row+x1+1]; k < end; k++ {
					g := &pts[k]
					dx, dy, dz := g.p[0]-px, g.p[1]-py, g.p[2]-pz
					r := g.r + qr
					if dx*dx+dy*dy+dz*dz <= r*r {
						t.pair(g.i, q.i, reverse)
					}
				}
			}
		}
	}
}

// pair notes the pair of grid point gi and query point qi for scoring,
// or that the scan has more than MaxScanPairs.
func (t *Tracker) pair(gi, qi int32, reverse bool) {
	if reverse {
		gi, qi = qi, gi
	}
	if len(t.pairs) == MaxScanPairs {
		t.tooMany = true
		return
	}
	t.pairs = append(t.pairs, candidate{gi, qi})
}

// cellSpan returns the cells, relative to lo and clipped to lo–hi, that
// the interval f ± rho (coordinates in cells) overlaps.
func cellSpan(f, rho float64, lo, hi int64) (int64, int64) {
	return max(int64(math.Floor(f-rho)), lo) - lo, min(int64(math.Floor(f+rho)), hi) - lo
}

// joinHashed is join for a grid whose cells are in a hash table.
func (t *Tracker) joinHashed(gr *grid, rg float64, queries []gridPoint, reverse bool) {
	for a := range queries {
		if t.tooMany {
			return
		}
		q := &queries[a]
		rho := (rg + q.r) * gr.inv
		var clo, chi [3]int64
		for a := range 3 {
			f := q.p[a] * gr.inv
			clo[a], chi[a] = int64(math.Floor(f-rho)), int64(math.Floor(f+rho))
		}
		for ix := clo[0]; ix <= chi[0]; ix++ {
			for iy := clo[1]; iy <= chi[1]; iy++ {
				for iz := clo[2]; iz <= chi[2]; iz++ {
					for _, g := range gr.cell(cellKey(ix, iy, iz)) {
						dx, dy, dz := g.p[0]-q.p[0], g.p[1]-q.p[1], g.p[2]-q.p[2]
						r := g.r + q.r
						if dx*dx+dy*dy+dz*dz <= r*r {
							t.pair(g.i, q.i, reverse)
						}
					}
				}
			}
		}
	}
}

// gateAll takes every pair, or each measurement's nearest tracks if that
// is more than MaxScanPairs (radii: t.rad holds the tracks' pre-gate
// radii).
func (t *Tracker) gateAll(ms []Measurement, idx []int, radii bool) {
	nM := len(idx)
	if (len(t.tracks)-t.nDead)*nM > MaxScanPairs {
		t.nearestPairs(ms, idx, radii)
		return
	}
	for i := range t.tracks {
		if t.tracks[i].dead {
			continue
		}
		for j := range nM {
			t.pairs = append(t.pairs, candidate{int32(i), int32(j)})
		}
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// finite4 reports whether a, b, c and d are all finite: x − x is 0 for a
// finite x and NaN otherwise.
func finite4(a, b, c, d float64) bool { return (a-a)+(b-b)+(c-c)+(d-d) == 0 }

// median returns the median of v, reordering v.
func median(v []float64) float64 {
	return optimize.Nth(v, len(v)/2, func(a, b float64) bool { return a < b })
}

// grid is a spatial index of points in cubic cells, rebuilt every scan —
// count each point's cell, lay the cells out, place the points — and
// allocating only when it grows. A cell's points lie together in pts, so
// checking them reads contiguous memory. When the box of occupied cells
// has at most denseCells(n) cells (a theatre-sized scene), the cells are a
// dense array in x-fastest order: a lookup is an index, and a row of
// neighbouring cells along x is one run of points. Otherwise (points
// scattered over the globe) an open-addressing hash table maps each
// occupied cell to its run.
type grid struct {
	inv float64 // 1 / cell size
	pts []gridPoint

	cellOf [][3]int64 // scratch of build: each point's cell and slot
	slotOf []int32

	dense  bool
	lo, hi [3]int64 // box of occupied cells
	dim    [3]int64
	// starts[c] and starts[c+1] bound the run of dense cell c (during the
	// build, they count and then place).
	starts []int32

	cells []gridCell // hash table
	shift uint
}

// denseCells is the most cells a grid of n points keeps as a dense array:
// clearing them costs little next to placing the points.
func denseCells(n int) int64 { return 32*int64(n) + 4096 }

// gridCell is a hash table slot: an occupied cell's key and its points'
// range pts[start:end] (end counts them until layout).
type gridCell struct {
	key        uint64
	start, end int32
}

// gridPoint is a position and pre-gate radius of item i (a track or a
// measurement).
type gridPoint struct {
	p [3]float64
	r float64
	i int32
}

// cellKey packs three cell indices (21 bits each, wrapping) and an
// occupied flag. Wrapping only aliases cells ~2 million cells apart, which
// costs a few extra distance checks, never a missed pair.
func cellKey(ix, iy, iz int64) uint64 {
	const m = 1<<21 - 1
	return uint64(ix)&m | (uint64(iy)&m)<<21 | (uint64(iz)&m)<<42 | 1<<63
}

// reset empties the grid for n points whose cells lie in the box lo–hi.
func (g *grid) reset(n int, inv float64, lo, hi [3]int64) {
	g.inv, g.lo, g.hi = inv, lo, hi
	if cap(g.pts) < n {
		g.pts = make([]gridPoint, n, 2*n)
	}
	g.pts = g.pts[:n]
	total, limit := int64(1), denseCells(n)
	for a := range 3 {
		// d ≤ 0: the span overflowed (points ~1e18 cells apart). Each
		// factor is checked before it multiplies, so the product stays
		// below limit².
		d := hi[a] - lo[a] + 1
		if d <= 0 || d > limit || total*d > limit {
			total = limit + 1
			break
		}
		g.dim[a] = d
		total *= d
	}
	g.dense = total <= limit
	if g.dense {
		if int64(cap(g.starts)) < total+2 {
			g.starts = make([]int32, total+2, 2*total+2)
		}
		g.starts = g.starts[:total+2]
		clear(g.starts)
		return
	}
	size, shift := 16, uint(60)
	for size < 2*n {
		size *= 2
		shift--
	}
	if cap(g.cells) < size {
		g.cells = make([]gridCell, size)
	}
	g.cells = g.cells[:size]
	clear(g.cells)
	g.shift = shift
}

// slot returns the hash table slot of key: where it is, or the empty slot
// where it would go.
func (g *grid) slot(key uint64) int {
	mask := len(g.cells) - 1
	s := int((key * 0x9E3779B97F4A7C15) >> g.shift)
	for g.cells[s].key != 0 && g.cells[s].key != key {
		s = (s + 1) & mask
	}
	return s
}

// count adds a point to the count of cell c and returns the cell's slot.
func (g *grid) count(c *[3]int64) int32 {
	if g.dense {
		s := ((c[2]-g.lo[2])*g.dim[1]+c[1]-g.lo[1])*g.dim[0] + c[0] - g.lo[0]
		g.starts[s+2]++
		return int32(s)
	}
	key := cellKey(c[0], c[1], c[2])
	s := g.slot(key)
	cl := &g.cells[s]
	cl.key = key
	cl.end++
	return int32(s)
}

// layout gives each cell its range of pts, to be filled by place.
func (g *grid) layout() {
	if g.dense {
		// starts[s+2] holds the count of cell s: the running sum makes
		// starts[s+1] the start of s, where place puts its points, after
		// which it is the end of s and the start of s+1.
		st := g.starts
		for s := 2; s < len(st); s++ {
			st[s] += st[s-1]
		}
		return
	}
	var n int32
	for s := range g.cells {
		c := &g.cells[s]
		if c.key != 0 {
			c.start, c.end, n = n, n, n+c.end
		}
	}
}

// place puts point p in the cell of slot s (from count).
func (g *grid) place(s int32, p *gridPoint) {
	var k int32
	if g.dense {
		k = g.starts[s+1]
		g.starts[s+1]++
	} else {
		c := &g.cells[s]
		k = c.end
		c.end++
	}
	g.pts[k] = *p
}

// build makes g the grid of pts with cells of size 1/inv.
func (g *grid) build(pts []gridPoint, inv float64) {
	n := len(pts)
	if cap(g.cellOf) < n {
		g.cellOf = make([][3]int64, n, 2*n)
		g.slotOf = make([]int32, n, 2*n)
	}
	g.cellOf, g.slotOf = g.cellOf[:n], g.slotOf[:n]
	lo := [3]int64{math.MaxInt64, math.MaxInt64, math.MaxInt64}
	hi := [3]int64{math.MinInt64, math.MinInt64, math.MinInt64}
	for k := range pts {
		p, c := &pts[k].p, &g.cellOf[k]
		for a := range 3 {
			c[a] = int64(math.Floor(p[a] * inv))
			lo[a], hi[a] = min(lo[a], c[a]), max(hi[a], c[a])
		}
	}
	g.reset(n, inv, lo, hi)
	for k := range pts {
		g.slotOf[k] = g.count(&g.cellOf[k])
	}
	g.layout()
	for k := range pts {
		g.place(g.slotOf[k], &pts[k])
	}
}

// cell returns the points of key's cell (hash table).
func (g *grid) cell(key uint64) []gridPoint {
	s := g.slot(key)
	c := &g.cells[s]
	if c.key == 0 {
		return nil
	}
	return g.pts[c.start:c.end]
}

// locate is a measurement's position and the trace of its position
// covariance, for the pre-gate (ok is false for a model that cannot
// locate one); sinT and cosT are the scan's Earth rotation.
func locate(m *Measurement, sinT, cosT float64) (p [3]float64, tr float64, ok bool) {
	switch loc := m.Model.(type) {
	case traceLocator:
		p, tr = loc.locateTrace(m.Z, &m.R, sinT, cosT)
	case Locator:
		var cov [3][3]float64
		p, cov = loc.Locate(m.Z, m.R, m.TimeS)
		tr = cov[0][0] + cov[1][1] + cov[2][2]
	default:
		return p, 0, false
	}
	return p, tr, true
}
