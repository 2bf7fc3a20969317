package track

import (
	"math"

	"github.com/jrmd/jrmd/geo"
)

// IMM is the interacting multiple model estimator (Blom and Bar-Shalom,
// IEEE TAC 33(8), 1988; Bar-Shalom, Li and Kirubarajan 2001, §11.6.6): a
// bank of filters, one per motion mode, whose estimates are mixed before
// each prediction according to a Markov chain of mode switches and weighted
// after each update by each mode's measurement likelihood. The combined
// State (X, P) is the moment-matched mixture; the mode-conditioned
// estimates and probabilities live in State.Modes, allocated on the first
// Predict of a State (once per track).
//
// Mode switches follow a continuous-time Markov chain: a target stays in
// mode i for an exponentially distributed time of mean SojournS[i], then
// switches to another mode j with probability Switch[i][j] (equal shares if
// Switch is nil). Over dt, π_ii = exp(−dt/τ_i) and π_ij = (1 − π_ii)·Switch[i][j]
// — the exact discretisation of the chain to first order in the switching
// rate, and a proper stochastic matrix for any dt.
//
// The gate is the union of the modes' gates (see PredictMeasurement).
type IMM struct {
	Filters  []Filter    // one per mode, at most MaxModes
	SojournS []float64   // mean time in each mode, s
	Initial  []float64   // mode probabilities of a new track
	Switch   [][]float64 // nil: a leaving target goes to each other mode alike
}

// NewBoostIMM returns the boost-phase-aware IMM of this package: a ballistic
// mode (mode 0) with process noise qBallistic and a boost mode (mode 1,
// BoostMode), the same gravity plus an unknown thrust acceleration modelled
// as white noise of spectral density qBoost (m²/s³), each run by an EKF
// (ukf false) or a UKF (ukf true). A new track starts with probability 0.5
// of boosting; boost lasts of the order of a stage's burn (mean sojourn 60
// s) while free flight, once entered, is left rarely (mean sojourn 600 s:
// staging, a post-boost vehicle).
//
// Why white noise can stand for thrust: a burning stage adds 10–70 m/s²
// that grows as the mass falls, turns as the missile pitches over and stops
// at burnout; noise of density q lets the velocity wander by √(q·dt) per
// step. qBoost ≈ 3000 m²/s³ (55 m/s in one second) follows an MRBM's 30–70
// m/s² at 1 Hz (TestBoostIMMKeepsTrack), while free flight wants
// qBallistic ≲ 1 m²/s³.
func NewBoostIMM(e geo.Earth, qBallistic, qBoost float64, ukf bool) *IMM {
	mk := func(q float64) Filter {
		if ukf {
			return &UKF{Motion: NewBallistic(e, q)}
		}
		return &EKF{Motion: NewBallistic(e, q)}
	}
	return BoostIMM(mk(qBallistic), mk(qBoost))
}

// BoostIMM returns the two-mode IMM of NewBoostIMM for any pair of filters:
// coast (mode 0) for free flight, boost (mode 1, BoostMode) for powered
// flight, with NewBoostIMM's mode dynamics (mean sojourns 600 s and 60 s,
// even odds for a new track). jrmd track uses it with flat-Earth filters.
func BoostIMM(coast, boost Filter) *IMM {
	return &IMM{
		Filters:  []Filter{coast, boost},
		SojournS: []float64{600, 60},
		Initial:  []float64{0.5, 0.5},
	}
}

// BoostMode is the index of the boost mode of NewBoostIMM.
const BoostMode = 1

func (f *IMM) n() int { return min(len(f.Filters), MaxModes) }

// transition returns the Markov matrix over dt.
func (f *IMM) transition(dt float64) (pi [MaxModes][MaxModes]float64) {
	n := f.n()
	for i := range n {
		stay := math.Exp(-math.Abs(dt) / f.SojournS[i])
		pi[i][i] = stay
		for j := range n {
			if j == i {
				continue
			}
			share := 1 / float64(n-1)
			if f.Switch != nil {
				share = f.Switch[i][j]
			}
			pi[i][j] = (1 - stay) * share
		}
	}
	return pi
}

// modes returns s.Modes, creating it from the combined state if needed.
func (f *IMM) modes(s *State) *Modes {
	if s.Modes != nil {
		return s.Modes
	}
	n := f.n()
	m := &Modes{N: n}
	base := *s
	base.Modes = nil
	for j := range n {
		m.States[j] = base
		m.Prob[j] = f.Initial[j]
	}
	s.Modes = m
	return m
}

// Predict implements Predictor: interaction (mixing), then each mode's
// prediction, then the combination.
func (f *IMM) Predict(s *State, tS float64) {
	if f.predictModes(s, tS) {
		f.settle(s)
	}
}

// predictModes is Predict without the combination: s.Modes is predicted to
// tS, s.TimeS is tS and s.X, s.P are left as they were until settle (a
// tracker gates and updates on the modes alone, and combines once, after
// the update or without one). It reports whether anything moved.
func (f *IMM) predictModes(s *State, tS float64) bool {
	m := f.modes(s)
	dt := tS - s.TimeS
	if dt == 0 {
		return false
	}
	n := m.N
	pi := f.transition(dt)
	var cbar [MaxModes]float64
	for j := range n {
		for i := range n {
			cbar[j] += pi[i][j] * m.Prob[i]
		}
	}
	var mixed [MaxModes]State
	for j := range n {
		mixed[j].TimeS = s.TimeS
		if cbar[j] <= 0 {
			mixed[j] = m.States[j]
			continue
		}
		var w [MaxModes]float64
		for i := range n {
			w[i] = pi[i][j] * m.Prob[i] / cbar[j]
		}
		mixed[j].X, mixed[j].P = combine(&m.States, w[:n])
	}
	for j := range n {
		m.States[j] = mixed[j]
		f.Filters[j].Predict(&m.States[j], tS)
		m.Prob[j] = cbar[j]
	}
	normalise(m.Prob[:n])
	s.TimeS = tS
	m.aer.ok = false
	m.unsettled = true
	return true
}

// settle sets s.X, s.P to the moment-matched mixture of s.Modes if a
// predictModes left them behind.
func (f *IMM) settle(s *State) {
	if m := s.Modes; m != nil && m.unsettled {
		s.X, s.P = combine(&m.States, m.Prob[:m.N])
		m.unsettled = false
	}
}

// combine returns the moment-matched mean and covariance of a Gaussian
// mixture.
func combine(states *[MaxModes]State, w []float64) (x [6]float64, p [6][6]float64) {
	if len(w) == 2 && w[0] != 0 && w[1] != 0 {
		return combine2(&states[0], &states[1], w[0], w[1])
	}
	for k, wk := range w {
		for i := range 6 {
			x[i] += wk * states[k].X[i]
		}
	}
	for k, wk := range w {
		if wk == 0 {
			continue
		}
		var d [6]float64
		for i := range 6 {
			d[i] = states[k].X[i] - x[i]
		}
		for i := range 6 {
			for j := i; j < 6; j++ {
				p[i][j] += wk * (states[k].P[i][j] + d[i]*d[j])
			}
		}
	}
	for i := range 6 {
		for j := i + 1; j < 6; j++ {
			p[j][i] = p[i][j]
		}
	}
	return x, p
}

// combine2 is combine for two modes of non-zero weight, the boost IMM's
// case at every prediction and update: the same sums in the same order,
// so the same numbers, unrolled.
func combine2(a, b *State, wa, wb float64) (x [6]float64, p [6][6]float64) {
	var da, db [6]float64
	for i := range 6 {
		x[i] = wa*a.X[i] + wb*b.X[i]
	}
	for i := range 6 {
		da[i], db[i] = a.X[i]-x[i], b.X[i]-x[i]
	}
	for i := range 6 {
		pa, pb := &a.P[i], &b.P[i]
		for j := i; j < 6; j++ {
			v := wa*(pa[j]+da[i]*da[j]) + wb*(pb[j]+db[i]*db[j])
			p[i][j], p[j][i] = v, v
		}
	}
	return x, p
}

func normalise(p []float64) {
	var s float64
	for _, v := range p {
		s += v
	}
	if !(s > 0) {
		for i := range p {
			p[i] = 1 / float64(len(p))
		}
		return
	}
	for i := range p {
		p[i] /= s
	}
}

// PredictMeasurement implements MeasurementPredictor: it predicts the
// measurement from each mode and keeps the innovation of the mode that
// explains it best (least d²), so that the gate is the union of the modes'
// gates. A track that believes it is coasting still takes the measurement
// of a target that has started to manoeuvre, which is what lets the
// manoeuvre mode win in the update; gating on the moment-matched estimate
// would reject it while the coasting mode dominates.
func (f *IMM) PredictMeasurement(s *State, m *Measurement, inn *Innovation) bool {
	md := f.modes(s)
	ok := false
	for j := range md.N {
		if !f.predictMeasurement(md, j, m) {
			continue
		}
		if !ok || md.inn.D2 < inn.D2 {
			*inn = md.inn
			ok = true
		}
	}
	return ok
}

// Update implements Updater: each mode is updated with its own innovation;
// the mode probabilities are multiplied by the Gaussian likelihoods
// N(ν_j; 0, S_j) (in logarithms, so that a distant mode does not underflow)
// and renormalised; the combined estimate is recomputed. A range rate is
// processed after Z in each mode, its likelihood multiplying the mode's
// (sequential processing: p(z, ṙ) = p(z)·p(ṙ | z)). inn is not used.
func (f *IMM) Update(s *State, m *Measurement, _ *Innovation) {
	md := f.modes(s)
	n := md.N
	var logL [MaxModes]float64
	best := math.Inf(-1)
	z := m
	if _, ok := m.rangeRateModel(); ok {
		md.z = *m
		md.z.RangeRateVar = 0 // the modes' filters take Z only
		z = &md.z
	}
	for j := range n {
		st := &md.States[j]
		if !f.predictMeasurement(md, j, m) {
			logL[j] = math.Inf(-1)
			continue
		}
		logL[j] = -0.5*(md.inn.D2+md.inn.LogDetS()) + math.Log(md.Prob[j])
		f.Filters[j].Update(st, z, &md.inn)
		logL[j] += updateRangeRate(st, m)
		best = math.Max(best, logL[j])
	}
	if math.IsInf(best, -1) {
		f.settle(s)
		return
	}
	for j := range n {
		md.Prob[j] = math.Exp(logL[j] - best)
	}
	normalise(md.Prob[:n])
	s.X, s.P = combine(&md.States, md.Prob[:n])
	md.aer.ok = false
	md.unsettled = false
}

// predictMeasurement sets md.inn to mode j's innovation of m. For EKF
// modes and AER measurements the part that does not depend on the
// measurement is computed once per radar and time, and reused by every
// measurement of the scan gated against the track (the same numbers as
// EKF.PredictMeasurement).
func (f *IMM) predictMeasurement(md *Modes, j int, m *Measurement) bool {
	aer, isAER := m.Model.(*AER)
	if !isAER || !f.allEKF() {
		return f.Filters[j].PredictMeasurement(&md.States[j], m, &md.inn)
	}
	return md.aerPredictions(aer, m.TimeS)[j].innovation(m, &md.inn)
}

// aerPredictions returns the modes' AER predictions for a radar's scan at
// tS, worked out once per scan.
func (md *Modes) aerPredictions(aer *AER, tS float64) *[MaxModes]aerPrediction {
	c := &md.aer
	if !c.ok || c.model != aer || c.tS != tS {
		sinT, cosT := math.Sincos(theta(tS))
		for k := range md.N {
			c.pred[k].predict(&md.States[k], aer, sinT, cosT)
		}
		c.model, c.tS, c.ok = aer, tS, true
	}
	return &c.pred
}

// d2Below bounds from below the least Mahalanobis distance over the modes
// of a radar measurement by its range term alone: for a positive definite
// S, νᵀS⁻¹ν ≥ ν_r²/S_rr. Radars measure range far better than angles, so
// the bound rules out most of the objects near a track at the cost of a
// few products (0 where it does not apply).
func (f *IMM) d2Below(s *State, m *Measurement) float64 {
	aer, isAER := m.Model.(*AER)
	if !isAER || !f.allEKF() {
		return 0
	}
	md := f.modes(s)
	pred := md.aerPredictions(aer, m.TimeS)
	lo := math.Inf(1)
	for k := range md.N {
		p := &pred[k]
		srr := m.R[0][0] + p.hp[0][0]*p.c[0][0] + p.hp[0][1]*p.c[1][0] + p.hp[0][2]*p.c[2][0]
		nu := m.Z[0] - p.zhat[0]
		if !(srr > 0) {
			return 0
		}
		lo = math.Min(lo, nu*nu/srr)
	}
	return lo
}

func (f *IMM) allEKF() bool {
	for _, g := range f.Filters[:f.n()] {
		if _, ok := g.(*EKF); !ok {
			return false
		}
	}
	return true
}
