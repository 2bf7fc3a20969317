package bmc

import "math"

// Timing is how soon a battery can launch once its nation knows of a
// threat: its command chain's decision and its own reaction.
//
// The decision (DecisionS) runs from the cue: the first track of the
// threat the nation holds that the level lets cue it (its own sensors'
// tracks at every level, early-warning radars' included; partners' track
// reports under step1 and step2). Public doctrine has a nation's early
// warning cue its fire-control radars and its command chain, so the
// decision need not wait for the fire-control track. The reaction
// (ReactionS) runs from the fire-control track the level lets the battery
// launch on (see Level.MayLaunch): lock-on, fire-control solution and
// launch. A battery whose release is delegated to it has no decision
// time of its own chain to wait for (TimingFor).
type Timing struct {
	DecisionS float64 // the releasing authority's decision time, s
	ReactionS float64 // the battery's reaction to a fire-control track, s
}

// EarliestLaunchS is the earliest time the battery's interceptor can leave
// the rail, for a threat first cued at cueS and held in fire control from
// fcS (both scenario times; NaN cueS: no earlier cue than fcS itself).
func (t Timing) EarliestLaunchS(cueS, fcS float64) float64 {
	if math.IsNaN(cueS) || cueS > fcS {
		cueS = fcS
	}
	return math.Max(fcS+t.ReactionS, cueS+t.DecisionS)
}

// Authority is who releases a battery's interceptors.
type Authority string

const (
	// ByC2 (the default, also ""): the nation's command node decides each
	// launch, its decision time running from the cue.
	ByC2 Authority = "c2"
	// Delegated: the nation has delegated release to the battery, which
	// launches on its fire-control track after its own reaction, under the
	// nation's release policy (Policy.Approve still decides). Air and
	// missile defence doctrine delegates engagement authority to terminal
	// batteries because a re-entry vehicle's last minute leaves no time for
	// a central decision.
	Delegated Authority = "delegated"
)

// TimingFor is a battery's launch timing under its release authority: the
// releasing command node's decision time (decisionS, or DefaultDecisionS
// when it is 0; none when release is delegated to the battery) and the
// battery's reaction to a fire-control track.
func TimingFor(a Authority, decisionS, reactionS float64) Timing {
	switch {
	case a == Delegated:
		decisionS = 0
	case decisionS == 0:
		decisionS = DefaultDecisionS
	}
	return Timing{DecisionS: decisionS, ReactionS: reactionS}
}
