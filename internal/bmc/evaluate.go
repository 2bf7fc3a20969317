package bmc

import (
	"math"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/track"
	"github.com/jrmd/jrmd/wta"
)

// Asset is a defended asset.
type Asset struct {
	ID     string
	Nation string
	Pos    geo.LLA
	Value  float64
}

// LethalRadiusM is how close to an asset a predicted impact must fall (plus
// three times its uncertainty) to threaten it: an illustrative area-target
// radius for a city, not a weapons-effects figure.
const LethalRadiusM = 30e3

// Threatened returns the defended asset a predicted impact threatens: the
// nearest one within LethalRadiusM + 3σ, or −1.
func Threatened(e geo.Earth, impact geo.LLA, sigmaM float64, assets []Asset) int {
	best, bestD := -1, math.Inf(1)
	for i, a := range assets {
		d, _, _ := e.Inverse(impact, a.Pos)
		if d <= LethalRadiusM+3*sigmaM && d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// Assign chooses which batteries fire at which threats: value[t] is what is
// saved by killing threat t, pk[b][t] a battery's single-shot kill
// probability against it (0 where it cannot engage), inventory[b] its
// interceptors, salvo the doctrine's cap of interceptors per threat. Small
// problems are solved exactly, larger ones by maximum marginal return.
func Assign(value []float64, pk [][]float64, inventory []int, salvo int) ([]wta.Shot, error) {
	p := wta.Problem{Value: value, Pk: pk, Inventory: inventory, MaxShots: salvo}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	// The exact solver's work grows as (Π inventory+1)²·threats: use it
	// only where that stays around a millisecond.
	states := 1
	for _, n := range inventory {
		if states *= n + 1; states > 1000 {
			break
		}
	}
	if states*states*len(value) <= 200_000 {
		if shots, err := wta.Exact(p); err == nil {
			return shots, nil
		}
	}
	return wta.MaxMarginalReturn(p), nil
}

// evaluation is a nation's threat evaluation of a system track, refreshed
// every Tuning.EvalS.
type evaluation struct {
	atS      float64
	pred     *ballistic.Trajectory // predicted from the fused estimate
	impact   geo.ECEF              // its impact point
	sigmaM   float64               // its uncertainty (see evaluate)
	asset    int                   // threatened asset, −1: none
	feasible map[*Battery]bool     // own batteries, and partners' under step2
	reachS   map[*Battery]float64  // a reachable intercept time of each feasible one
	// infeasibleS: when each battery out of reach was last found so.
	infeasibleS map[*Battery]float64
	refused     map[*Battery]bool // release denied or plan infeasible: not again for this track
	waiting     map[*Battery]bool // planned without commit: not again before the next evaluation
}

// Predict is the flight battle management predicts for a track's state
// (pos, vel at time t): ballistic, through the atmosphere with the assumed
// re-entry ballistic coefficient betaKgM2 (0: in vacuum). Threat
// evaluation predicts the impact and threatened asset with it, and
// engagement planning the intercept.
func Predict(e geo.Earth, t float64, pos, vel geo.ECEF, betaKgM2 float64) (ballistic.Trajectory, error) {
	return ballistic.Fly(e, t, pos, vel, betaKgM2, 0)
}

// evaluateAll returns the evaluations of system tracks (nil for one that
// cannot be evaluated), each refreshed at most every Tuning.EvalS: those
// due are worked out in parallel.
func (m *Manager) evaluateAll(stns []uint64) []*evaluation {
	evs := make([]*evaluation, len(stns))
	var due []int
	for i, stn := range stns {
		if ev := m.eval[stn]; ev != nil && m.now-ev.atS < m.cfg.Tuning.EvalS {
			evs[i] = ev
		} else {
			due = append(due, i)
		}
	}
	par.Each(len(due), func(k int) { evs[due[k]] = m.evaluate(stns[due[k]]) })
	for _, i := range due {
		if evs[i] != nil {
			m.eval[stns[i]] = evs[i]
		}
	}
	return evs
}

// evaluate predicts a system track's flight and which batteries can engage
// it, reusing what its last evaluation found. It changes nothing of the
// manager's.
func (m *Manager) evaluate(stn uint64) *evaluation {
	now, e := m.now, m.cfg.Earth
	x, p, ok := m.pic.Estimate(stn, now)
	if !ok {
		return nil
	}
	pos, vel := track.ToECEF(x, now)
	pred, err := Predict(e, now, pos, vel, m.cfg.Doctrine.ReentryBetaKgM2)
	if err != nil {
		return nil
	}
	// Impact uncertainty: position spread plus velocity spread over the
	// time to go (a deliberately simple, conservative bound).
	tgo := pred.FlightTimeS - now
	sigma := math.Sqrt(p[0][0]+p[1][1]+p[2][2]) + tgo*math.Sqrt(p[3][3]+p[4][4]+p[5][5])
	ev := &evaluation{atS: now, pred: &pred, impact: e.ToECEF(pred.Impact), sigmaM: sigma, asset: Threatened(e, pred.Impact, sigma, m.cfg.Assets),
		feasible: map[*Battery]bool{}, reachS: map[*Battery]float64{}, infeasibleS: map[*Battery]float64{}, refused: map[*Battery]bool{}, waiting: map[*Battery]bool{}}
	old := m.eval[stn]
	if old != nil {
		ev.refused = old.refused
	}
	if ev.asset < 0 {
		return ev
	}
	for _, bats := range [][]*Battery{m.bats, m.partners} {
		for _, b := range bats {
			if b.Inventory == 0 {
				continue
			}
			q := intercept.Reach{Earth: e, Site: b.Site, Threat: &pred, ThreatEndS: pred.FlightTimeS, Interceptor: b.Interceptor, LaunchDelayS: m.launchS(stn, b)}
			hint := math.NaN()
			if old != nil {
				if t, ok := old.reachS[b]; ok {
					hint = t
				} else if s, ok := old.infeasibleS[b]; ok && now-s < m.cfg.Tuning.InfeasibleHoldS {
					// Out of reach not long ago: the launch can only come
					// later, so it stands for a while.
					ev.infeasibleS[b] = s
					continue
				}
			}
			t, ok, err := q.Reachable(hint)
			if !ok {
				ev.infeasibleS[b] = now
			}
			ev.feasible[b] = ok && err == nil
			if ev.feasible[b] {
				ev.reachS[b] = t
			}
		}
	}
	return ev
}

// launchS is the earliest launch of a battery against a system track the
// nation may fire on now (Timing: the decision from the track's cue, the
// reaction from now).
func (m *Manager) launchS(stn uint64, b *Battery) float64 {
	cue, ok := m.pic.CueS(stn)
	if !ok {
		cue = math.NaN()
	}
	return b.Timing.EarliestLaunchS(cue, m.now)
}
