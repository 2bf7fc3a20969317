package track

import (
	"math"
	"math/bits"
	"strconv"

	"github.com/jrmd/jrmd/internal/mat"
)

// DefaultInitialVelocitySigmaMps is the velocity prior of SinglePoint when
// its VelocitySigmaMps is 0: zero mean, 3 km/s on each axis. Ballistic
// targets fly at 0.5–7.5 km/s (SRBM to ICBM burnout, plus up to 0.46 km/s
// of Earth rotation in the inertial frame); an ICBM's speed is then about
// 2.5σ, inside a 99.9 % gate after one second.
const DefaultInitialVelocitySigmaMps = 3000.0

// SinglePoint initiates a tentative track from one measurement: the
// position the measurement model's Locator gives, with its covariance, and
// a zero-mean velocity of VelocitySigmaMps on each axis (Blackman and
// Popoli 1999, §3.2.1, one-point initialisation with a velocity prior). The
// M-of-N confirmation that follows sorts targets from false alarms. A
// radar's range rate, if the measurement has one, then sets the velocity's
// component along the line of sight.
type SinglePoint struct {
	VelocitySigmaMps float64 // 0: DefaultInitialVelocitySigmaMps
}

// Initiate implements Initiator. It declines measurements whose model is
// not a Locator.
func (i SinglePoint) Initiate(m *Measurement) (State, bool) {
	loc, ok := m.Model.(Locator)
	if !ok {
		return State{}, false
	}
	p, cov := loc.Locate(m.Z, m.R, m.TimeS)
	sv := i.VelocitySigmaMps
	if !(sv > 0) {
		sv = DefaultInitialVelocitySigmaMps
	}
	s := State{TimeS: m.TimeS}
	for a := range 3 {
		s.X[a] = p[a]
		for b := range 3 {
			s.P[a][b] = cov[a][b]
		}
		s.P[3+a][3+a] = sv * sv
	}
	// A range rate gives the radial velocity at once.
	updateRangeRate(&s, m)
	for a := range 6 {
		if math.IsNaN(s.X[a]) || math.IsInf(s.X[a], 0) {
			return State{}, false
		}
	}
	return s, true
}

// MofN is the M-of-N confirmation rule (Blackman and Popoli 1999, §3.3.1):
// a tentative track is confirmed once M of its last N opportunities brought
// a measurement (the initiating one counts).
type MofN struct {
	M, N int
}

// window returns the number of the last n opportunities of t and how many
// of them were hits.
func window(t *Track, n int) (w, hits int) {
	w = min(n, t.Opportunities, 64)
	mask := uint64(1)<<uint(w) - 1
	if w == 64 {
		mask = ^uint64(0)
	}
	return w, bits.OnesCount64(t.History & mask)
}

// Confirm implements Confirmer.
func (r MofN) Confirm(t *Track) bool {
	_, hits := window(t, r.N)
	return hits >= r.M
}

// MissDeleter is the deletion rule of the package:
//   - a tentative track is dropped as soon as it can no longer reach M hits
//     in its first N opportunities (more than N − M misses among them);
//   - a confirmed track is dropped after Misses consecutive missed
//     opportunities;
//   - any track is dropped when the largest 1σ semi-axis of its position
//     error ellipsoid, grown linearly from its state's time to nowS by the
//     largest velocity semi-axis, exceeds MaxPositionSigmaM (0: no limit);
//     this catches a track coasting without a sensor even when no scan
//     charges it misses.
type MissDeleter struct {
	Confirm           MofN
	Misses            int
	MaxPositionSigmaM float64
}

// Delete implements Deleter.
func (d MissDeleter) Delete(t *Track, nowS float64) bool {
	if t.Status == Tentative {
		w, hits := window(t, d.Confirm.N)
		if w-hits > d.Confirm.N-d.Confirm.M {
			return true
		}
	} else if t.Misses >= d.Misses {
		return true
	}
	if d.MaxPositionSigmaM > 0 {
		p := &t.State.P
		dt := math.Max(0, nowS-t.State.TimeS)
		// λmax ≤ trace: only a large bound needs the eigenvalues.
		if b := math.Sqrt(p[0][0]+p[1][1]+p[2][2]) + dt*math.Sqrt(p[3][3]+p[4][4]+p[5][5]); !(b <= d.MaxPositionSigmaM) {
			sp := math.Sqrt(math.Max(0, mat.MaxEigSym3(mat.Block3(p, 0))))
			sv := math.Sqrt(math.Max(0, mat.MaxEigSym3(mat.Block3(p, 3))))
			if !(sp+dt*sv <= d.MaxPositionSigmaM) {
				return true
			}
		}
	}
	return false
}

// FireControl is the rule that says whether a track is good enough to
// engage on: confirmed; at least MinUpdates measurements; the last one no
// older than MaxAgeS; the largest 1σ semi-axes of its position and velocity
// error ellipsoids (the square roots of the largest eigenvalues of the 3×3
// covariance blocks) at most MaxPositionSigmaM and MaxVelocitySigmaMps.
// Semi-axes rather than traces, so that a long thin ellipsoid along the
// line of sight is judged by its long axis. Whether a particular
// engagement can proceed is a different question, weighing the predicted
// intercept point's error against the kill vehicle's divert; that is
// intercept.Plan.Commit's.
type FireControl struct {
	MaxPositionSigmaM   float64
	MaxVelocitySigmaMps float64
	MinUpdates          int
	MaxAgeS             float64
}

// DefaultFireControl: 1σ semi-axes of 200 m and 20 m/s, 10 updates, at
// most 10 s since the last. Illustrative round numbers, not the requirement
// of any real system: the fire-control quality a simulated nation's track
// reports carry, and the terminal interceptor types' launch requirement.
// Each type's own is its intercept.LaunchTrack (bmc.LaunchRule).
var DefaultFireControl = FireControl{MaxPositionSigmaM: 200, MaxVelocitySigmaMps: 20, MinUpdates: 10, MaxAgeS: 10}

// String is the rule in words, e.g. "a firm track within 1σ 200 m and
// 20 m/s" (firm: confirmed, MinUpdates updates, the last no older than
// MaxAgeS).
func (fc FireControl) String() string {
	pos := strconv.FormatFloat(fc.MaxPositionSigmaM, 'f', -1, 64) + " m"
	if fc.MaxPositionSigmaM >= 10e3 {
		pos = strconv.FormatFloat(fc.MaxPositionSigmaM/1e3, 'f', -1, 64) + " km"
	}
	return "a firm track within 1σ " + pos + " and " + strconv.FormatFloat(fc.MaxVelocitySigmaMps, 'f', -1, 64) + " m/s"
}

// Quality is a track's fire-control assessment at a time.
type Quality struct {
	PositionSigmaM   float64 // largest 1σ semi-axis of the position error
	VelocitySigmaMps float64 // largest 1σ semi-axis of the velocity error
	Updates          int
	AgeS             float64 // time since the last update
	FireControl      bool    // good enough to engage on
}

// Assess returns the quality of track t at time nowS (≥ its state's time;
// the state is assessed as it stands, not predicted).
func (fc FireControl) Assess(t *Track, nowS float64) Quality {
	q := Quality{
		PositionSigmaM:   math.Sqrt(math.Max(0, mat.MaxEigSym3(mat.Block3(&t.State.P, 0)))),
		VelocitySigmaMps: math.Sqrt(math.Max(0, mat.MaxEigSym3(mat.Block3(&t.State.P, 3)))),
		Updates:          t.Updates,
		AgeS:             nowS - t.LastUpdateS,
	}
	q.FireControl = t.Status == Confirmed &&
		q.Updates >= fc.MinUpdates &&
		q.AgeS <= fc.MaxAgeS &&
		q.PositionSigmaM <= fc.MaxPositionSigmaM &&
		q.VelocitySigmaMps <= fc.MaxVelocitySigmaMps
	return q
}

// Ready is Assess(t, nowS).FireControl, cheaper (see Within).
func (fc FireControl) Ready(t *Track, nowS float64) bool {
	if t.Status != Confirmed || t.Updates < fc.MinUpdates || !(nowS-t.LastUpdateS <= fc.MaxAgeS) {
		return false
	}
	return fc.Within(&t.State.P)
}

// Firm tells whether a track is settled enough for any rule to judge it:
// confirmed, at least MinUpdates measurements, the last no older than
// MaxAgeS — Ready without the error limits.
func (fc FireControl) Firm(t *Track, nowS float64) bool {
	return t.Status == Confirmed && t.Updates >= fc.MinUpdates && nowS-t.LastUpdateS <= fc.MaxAgeS
}

// Within tells whether a covariance (position m², velocity m²/s² blocks
// first and second) is within the rule's limits: the largest 1σ semi-axes
// at most MaxPositionSigmaM and MaxVelocitySigmaMps. The largest
// eigenvalue of a block is at least a third of its trace, so a block whose
// trace is over three times the limit squared fails without its
// eigenvalues (an early-warning track, kilometres across, always does
// against a terminal battery's 200 m).
func (fc FireControl) Within(p *[6][6]float64) bool {
	mp, mv := fc.MaxPositionSigmaM*fc.MaxPositionSigmaM, fc.MaxVelocitySigmaMps*fc.MaxVelocitySigmaMps
	tp, tv := p[0][0]+p[1][1]+p[2][2], p[3][3]+p[4][4]+p[5][5]
	if !(tp <= 3*mp && tv <= 3*mv) {
		return false
	}
	// The largest eigenvalue is at most the trace: a block within the
	// limit by its trace needs no eigenvalues either.
	return (tp <= mp || math.Sqrt(math.Max(0, mat.MaxEigSym3(mat.Block3(p, 0)))) <= fc.MaxPositionSigmaM) &&
		(tv <= mv || math.Sqrt(math.Max(0, mat.MaxEigSym3(mat.Block3(p, 3)))) <= fc.MaxVelocitySigmaMps)
}
