package bmc

import "github.com/jrmd/jrmd/geo"

// Message is what battle managers tell each other: a Claim and its Ack,
// an Assessment, a Request, a Status. Their owners carry them (and encode
// them for the wire).
type Message interface{ message() }

// Claim is a nation's announced intent to engage a threat with a battery.
// It names the threat by the claimer's system track and by its estimate
// (Pos, Vel at TimeS), by which a partner finds it in its own picture.
type Claim struct {
	STN                               uint64
	Nation, Battery                   string
	PlannedLaunchS, PlannedInterceptS float64
	Interceptors                      int
	Pos, Vel                          geo.ECEF
	TimeS                             float64 // when the claim was made
}

// Ack answers a Claim: the nation that holds the engagement of the
// claimed threat (STN: the claimer's system track).
type Ack struct {
	STN             uint64
	Claimer, Holder string
}

// Assessment is a nation's kill assessment of an engagement of its system
// track STN.
type Assessment struct {
	STN             uint64
	Nation, Battery string
	Kill            bool
	TimeS           float64
}

// Request is a partner's request that the nation engage its system track
// STN with one of its batteries: only a request, which the nation's own
// battle management and release authority decide on.
type Request struct {
	STN        uint64
	Nation     string // the requesting nation
	Battery    string
	InterceptS float64
	Reason     string
}

// Status is a partner's report of its batteries' inventories.
type Status struct {
	Inventory []Inventory
}

// Inventory is a battery's interceptors left.
type Inventory struct {
	Battery   string
	Remaining int
}

func (*Claim) message()      {}
func (*Ack) message()        {}
func (*Assessment) message() {}
func (*Request) message()    {}
func (*Status) message()     {}

// Output is one thing a call of the manager decided, for its owner to
// carry out in order: messages to send, launches to schedule, and what it
// logs (each of which its owner turns into an event of the run's log).
type Output interface{ output() }

// Send: a message to partners, to each in order.
type Send struct {
	To  []string
	Msg Message
}

// Planned: a battery's engagement of a threat, assigned, planned and
// released by the nation's policy.
type Planned struct{ E *Engagement }

// Claimed: the engagement is claimed from the partners (the Send before
// it), and waits for their answers until AckDeadline.
type Claimed struct{ E *Engagement }

// ClaimRefused: the engagement is given up, deconfliction having refused
// it or not confirmed it (Why).
type ClaimRefused struct {
	E   *Engagement
	Why string
}

// Degraded: deconfliction could not confirm the engagement (Why), which
// goes ahead in defence of the nation's own asset.
type Degraded struct {
	E   *Engagement
	Why string
}

// Denied: the nation's release policy refused a planned launch.
type Denied struct {
	STN     uint64
	Battery string
	Asset   string
	Why     string
}

// LaunchOrder: launch the engagement at AtS; then call Manager.Launch.
type LaunchOrder struct {
	E   *Engagement
	AtS float64
}

// AckDeadline: the claim's answers are due at AtS; then call
// Manager.AckDeadline.
type AckDeadline struct {
	E   *Engagement
	AtS float64
}

// Launched: the engagement's interceptors (E.Count) have left the rail,
// to intercept at E.Plan.InterceptS; the outcome is known AssessAfterS
// after the intercept (then call Manager.Assess).
type Launched struct {
	E            *Engagement
	AssessAfterS float64
}

// Assessed: the engagement's kill assessment.
type Assessed struct {
	E    *Engagement
	Kill bool
}

// MayLaunch: a system track first meets a watched launch rule
// (Config.Watch) under the level; CueS is when the track entered the
// picture, Sensor the own sensor whose track meets it ("" for a partner's,
// named in Detail).
type MayLaunch struct {
	STN            uint64
	Launcher       Launcher
	CueS           float64
	Sensor, Detail string
}

// Requested: a partner's request, logged and not executed (Detail says
// so, or why it is refused outright).
type Requested struct {
	R      *Request
	Detail string
}

func (Send) output()         {}
func (Planned) output()      {}
func (Claimed) output()      {}
func (ClaimRefused) output() {}
func (Degraded) output()     {}
func (Denied) output()       {}
func (LaunchOrder) output()  {}
func (AckDeadline) output()  {}
func (Launched) output()     {}
func (Assessed) output()     {}
func (MayLaunch) output()    {}
func (Requested) output()    {}
func (Finding) output()      {}
