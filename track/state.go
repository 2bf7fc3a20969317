package track

import "github.com/jrmd/jrmd/internal/mat"

// State is a Gaussian estimate of one object: mean X (position m, velocity
// m/s in the filter frame) and covariance P at a time.
//
// Modes is nil for single-model filters. A multiple-model filter (IMM)
// keeps its mode-conditioned estimates there and X, P are their moment-
// matched combination. Because Modes is a pointer, copying a State with
// modes shares them: use Clone for an independent copy.
type State struct {
	TimeS float64
	X     [6]float64
	P     [6][6]float64
	Modes *Modes
}

// MaxModes is the most modes an IMM may have.
const MaxModes = 3

// Modes are the mode-conditioned estimates of a multiple-model filter.
type Modes struct {
	N      int
	Prob   [MaxModes]float64 // mode probabilities, summing to 1
	States [MaxModes]State   // their own Modes are nil
	inn    Innovation        // scratch for the per-mode updates
	z      Measurement       // scratch: the measurement without its range rate
	// unsettled: the modes were predicted without the combination (see
	// IMM.predictModes); the State's X and P are not yet their mixture.
	unsettled bool
	// aer caches the modes' AER predictions for the measurements of one
	// radar at one time (a scan's gating), until the states change.
	aer struct {
		model *AER
		tS    float64
		ok    bool
		pred  [MaxModes]aerPrediction
	}
}

// Clone returns a copy of s that shares nothing with it.
func (s State) Clone() State {
	if s.Modes != nil {
		m := *s.Modes
		s.Modes = &m
	}
	return s
}

// Innovation is a measurement compared with a predicted state: what gating
// scores and what the update consumes. A filter's PredictMeasurement fills
// it; its Update uses it, so the measurement is predicted once per pair.
type Innovation struct {
	// The fields an update reads come first, together, so that reading
	// them from a stored Hypothesis touches as few cache lines as can be.
	Nu   [3]float64 // z − ẑ (angles wrapped)
	SInv [3][3]float64
	Pxz  [6][3]float64 // state–measurement cross-covariance (P·Hᵀ for an EKF)
	D2   float64       // Mahalanobis distance squared, νᵀS⁻¹ν
	S    [3][3]float64 // innovation covariance, including R
	H    [3][6]float64 // measurement Jacobian (EKF only)
}

// The roles a Tracker orchestrates, after Stone Soup's components: one
// method each, so a variant overrides one step and nothing else. Filters
// (EKF, UKF, IMM) implement the first three.

// Predictor moves an estimate forward to time tS under its motion model.
type Predictor interface {
	Predict(s *State, tS float64)
}

// MeasurementPredictor predicts measurement m from the state s at m's time
// and fills inn; it reports false when the prediction is unusable (a
// singular innovation covariance).
type MeasurementPredictor interface {
	PredictMeasurement(s *State, m *Measurement, inn *Innovation) bool
}

// Updater corrects s with measurement m, given the innovation inn that the
// same filter's PredictMeasurement computed from this s and m.
type Updater interface {
	Update(s *State, m *Measurement, inn *Innovation)
}

// Filter is a Predictor, MeasurementPredictor and Updater in one: the three
// faces of one estimation algorithm, which must be used together.
type Filter interface {
	Predictor
	MeasurementPredictor
	Updater
}

// LogDetS returns log det S (for likelihoods: log N(ν; 0, S) =
// −(D2 + LogDetS() + 3·log 2π)/2).
func (inn *Innovation) LogDetS() float64 { return mat.LogDetSPD3(&inn.S) }

// Hypothesiser scores the hypothesis that measurement m comes from the
// object estimated by s: it fills inn, and returns the association cost and
// whether the pair passes the gate.
type Hypothesiser interface {
	Hypothesise(s *State, m *Measurement, inn *Innovation) (cost float64, ok bool)
}

// Hypothesis is a gated track–measurement pair.
type Hypothesis struct {
	Track, Meas int // indices into the current tracks and measurements
	Cost        float64
	Inn         Innovation
}

// Associator chooses, among gated hypotheses, at most one measurement per
// track and one track per measurement. It writes into chosen[t], for each
// track index t < len(chosen), the index into hyps of the hypothesis taken
// for it, or −1.
type Associator interface {
	Associate(hyps []Hypothesis, nMeas int, chosen []int)
}

// Initiator starts a tentative estimate from a measurement that no track
// took; ok is false if it declines.
type Initiator interface {
	Initiate(m *Measurement) (s State, ok bool)
}

// Confirmer decides whether a tentative track becomes confirmed.
type Confirmer interface {
	Confirm(t *Track) bool
}

// Deleter decides whether a track is to be dropped at time nowS. The
// track's State may be older than nowS (see Tracker).
type Deleter interface {
	Delete(t *Track, nowS float64) bool
}

// Status is a track's stage of life.
type Status uint8

// Track statuses.
const (
	Tentative Status = iota
	Confirmed
)

func (s Status) String() string {
	if s == Confirmed {
		return "confirmed"
	}
	return "tentative"
}

// Track is one object's estimate and its bookkeeping. The Tracker owns its
// tracks; the values it hands out are valid until its next Step.
type Track struct {
	// The bookkeeping comes first and the State last, so that the
	// tracker's passes over every track at every scan read one or two
	// cache lines of each, not the ends of a 500-byte record.
	ID     int // stable for the track's life, never reused
	Status Status
	dead   bool    // deleted, to be dropped from the tracker's slice
	BornS  float64 // time of the initiating measurement
	// ConfirmedS is when the track was confirmed (valid if Status is
	// Confirmed).
	ConfirmedS  float64
	LastUpdateS float64
	Updates     int // measurements taken, the initiating one included
	// Misses is how many scans in a row even the best-placed of the
	// track's sensors has missed it: the fewest consecutive misses over the
	// sensors that have updated it. A sensor the target has left (below
	// its horizon) keeps missing, but does not delete a track that another
	// sensor still sees.
	Misses int
	// History holds the outcome of the last 64 opportunities, newest in
	// bit 0: 1 for a measurement, 0 for a miss. Opportunities counts them
	// all. A scan is an opportunity for a track if its sensor has updated
	// the track before (the tracker knows nothing of coverage, and a sensor
	// that never saw a track says nothing by not seeing it now).
	History       uint64
	Opportunities int
	sensors       uint64             // bit k: the tracker's sensor k has updated the track
	missesBy      [sensorSlots]uint8 // consecutive misses by sensor k
	State         State
}
