package bmc

import (
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/track"
)

// The defaults of a battle manager's configuration: what a zero field of
// Config, Doctrine, Tuning or of TimingFor's decision time stands for.
// They are illustrative choices, not any nation's doctrine.
const (
	// DefaultSalvo: one interceptor per engagement.
	DefaultSalvo = 1
	// DefaultKillAssessS: an intercept's outcome is known 10 s after it
	// (a sensor's look once the debris has spread).
	DefaultKillAssessS = 10.0
	// DefaultReentryBetaKgM2 is the re-entry ballistic coefficient a
	// nation assumes for every track when it predicts its flight:
	// defenders do not know a threat's own. The value whose worst
	// impact-time error over re-entry vehicles of 5,000 to 10,000 kg/m²
	// (medium-range to intercontinental) is about least — predicted from
	// 120 km, 2–7 s against a vacuum prediction's 3–17 s (see
	// docs/outcomes.md).
	DefaultReentryBetaKgM2 = 7000.0
	// DefaultDecisionS: a command node's decision time before a launch
	// it releases, from the threat's cue (Timing).
	DefaultDecisionS = 30.0
	// DefaultCycleS: the manager decides once a second (Manager.Decide).
	DefaultCycleS = 1.0
	// DefaultEvalS: a threat's evaluation (its predicted flight, impact
	// and the batteries that can reach it) is refreshed every 5 s.
	DefaultEvalS = 5.0
	// DefaultAckTimeoutS: deconfliction waits 5 s beyond the links' round
	// trip for every partner's answer to a claim.
	DefaultAckTimeoutS = 5.0
	// DefaultPlanStepS: the intercept-time grid of engagement planning
	// (its edges are refined).
	DefaultPlanStepS = 5.0
	// DefaultTrackAgeS: a system track not updated for 10 s is not
	// engaged (it is coasting on a prediction).
	DefaultTrackAgeS = 10.0
	// DefaultTakeOverMargin: a partner out of contact is taken to reach
	// what its batteries would with 10 % more burnout speed, range and
	// intercept altitudes, and 10 % less minimum closing speed
	// (Tuning.TakeOverMargin). Illustrative: two nations' predictions of
	// one flight differ by about their tracks' errors, kilometres (the
	// reference raid's early-warning tracks hold 0.6–2.5 km, 1σ), within a
	// tenth of even a PAC-3's 35 km range.
	DefaultTakeOverMargin = 0.1
)

// Doctrine is how a nation engages (a scenario's nations[].doctrine).
// Zero fields take the defaults.
type Doctrine struct {
	// Salvo is the most interceptors one battery fires at one threat in
	// one engagement (DefaultSalvo).
	Salvo int `yaml:"salvo" doc:"interceptors per engagement (0 or absent: 1)" range:"[0, 8]" default:"1"`
	// ShootLookShoot: after a kill assessment shows a miss, engage the
	// threat once more.
	ShootLookShoot bool `yaml:"shoot_look_shoot" doc:"fire again after a kill assessment shows a miss, when the window allows"`
	// KillAssessS is how long after an intercept its outcome is known, s
	// (DefaultKillAssessS).
	KillAssessS float64 `yaml:"kill_assess_s" doc:"time after an intercept until its outcome is known, s (0 or absent: 10)" range:"[0, 3600]" default:"10"`
	// ReentryBetaKgM2 is the re-entry ballistic coefficient assumed for
	// every track (DefaultReentryBetaKgM2; see Predict).
	ReentryBetaKgM2 float64 `yaml:"reentry_beta_kg_m2" doc:"ballistic coefficient m/(Cd·A) battle management assumes for every track when it predicts its flight through the atmosphere, kg/m² (0 or absent: 7000; defenders do not know a threat's own)" range:"[0, 1e6]" default:"7000"`
}

// Tuning is the manager's cycle and hold times. Zero fields take the
// defaults.
type Tuning struct {
	// CycleS is the period its owner runs Decide at (DefaultCycleS).
	CycleS float64
	// EvalS: a threat's evaluation is refreshed this often
	// (DefaultEvalS).
	EvalS float64
	// ClaimGraceS is how long a threat the integrated assignment gives a
	// partner may go unclaimed before the nation takes it over (default
	// two evaluations and a cycle: a partner's plan that waits for a
	// firmer track is retried at its next evaluation).
	ClaimGraceS float64
	// InfeasibleHoldS: a battery found unable to reach a threat is not
	// asked again for this long (default four evaluations: the prediction
	// firms up meanwhile, but the launch only gets later).
	InfeasibleHoldS float64
	// PlanStepS is the intercept-time grid of engagement planning
	// (DefaultPlanStepS).
	PlanStepS float64
	// AckTimeoutS: how long a claim waits for acknowledgements beyond the
	// round trip to each partner (DefaultAckTimeoutS).
	AckTimeoutS float64
	// TrackAgeS: a system track not updated for this long is not engaged
	// (DefaultTrackAgeS).
	TrackAgeS float64
	// TakeOverMargin is how much wider than its own envelope a lost
	// partner's battery is taken to reach when the nation decides whether
	// to take a threat over from it, a fraction (DefaultTakeOverMargin).
	TakeOverMargin float64
}

// withDefaults is t with every zero field at its default.
func (t Tuning) withDefaults() Tuning {
	def := func(x *float64, d float64) {
		if *x == 0 {
			*x = d
		}
	}
	def(&t.CycleS, DefaultCycleS)
	def(&t.EvalS, DefaultEvalS)
	def(&t.ClaimGraceS, 2*t.EvalS+t.CycleS)
	def(&t.InfeasibleHoldS, 4*t.EvalS)
	def(&t.PlanStepS, DefaultPlanStepS)
	def(&t.AckTimeoutS, DefaultAckTimeoutS)
	def(&t.TrackAgeS, DefaultTrackAgeS)
	def(&t.TakeOverMargin, DefaultTakeOverMargin)
	return t
}

// withDefaults is d with every zero field at its default.
func (d Doctrine) withDefaults() Doctrine {
	if d.Salvo == 0 {
		d.Salvo = DefaultSalvo
	}
	if d.KillAssessS == 0 {
		d.KillAssessS = DefaultKillAssessS
	}
	if d.ReentryBetaKgM2 == 0 {
		d.ReentryBetaKgM2 = DefaultReentryBetaKgM2
	}
	return d
}

// Battery is an interceptor battery as battle management knows it.
type Battery struct {
	ID     string
	Nation string // its owner
	Site   geo.LLA
	Pos    geo.ECEF // the site
	// Interceptor is its interceptor type.
	Interceptor intercept.Interceptor
	// Inventory is its interceptors left.
	Inventory int
	// Timing is its release authority's decision and its own reaction
	// (TimingFor).
	Timing Timing
	// Rule is the track it may launch on (LaunchRule).
	Rule track.FireControl
}

// Peer is a partner engagements are deconflicted with.
type Peer struct {
	Nation string
	// RoundTripS bounds a message's round trip to the partner and back:
	// a claim waits this long, and Tuning.AckTimeoutS more, for its
	// answer.
	RoundTripS float64
}

// Launcher is a launch rule a nation watches its picture for: a battery's,
// for an interceptor type. The manager tells when a system track first
// meets it (MayLaunch).
type Launcher struct {
	Battery, Interceptor string
	Rule                 track.FireControl
}

// Config is a nation's battle manager: who it is, what it defends and
// with what, whom it deconflicts with and by which rules. Zero fields take
// the defaults (Level: Autonomous; Earth: geo.WGS84).
type Config struct {
	Nation string
	Level  Level
	Earth  geo.Earth
	// Picture is the nation's fused picture, which its owner keeps.
	Picture Picture
	// Assets are the defended assets (of every nation).
	Assets []Asset
	// Batteries are the nation's own. The manager keeps their
	// inventories: a launch takes from the Battery it is given.
	Batteries []*Battery
	// Partners are, under step2, the batteries of the partners
	// engagements are deconflicted with, as the architecture tells them;
	// their inventories follow the partners' status reports.
	Partners []Battery
	// ShareWith are the partners the nation shares its data with: its
	// kill assessments go to them when the level shares.
	ShareWith []string
	// Deconflict are the partners, under step2, with which a launch is
	// claimed first.
	Deconflict []Peer
	Policy     Policy
	Doctrine   Doctrine
	Tuning     Tuning
	// Watch are the launch rules whose first meeting on a system track is
	// told (MayLaunch); usually the batteries' own.
	Watch []Launcher
}
