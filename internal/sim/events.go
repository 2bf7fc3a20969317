package sim

import (
	"encoding/json"
	"io"
	"math"

	"github.com/jrmd/jrmd/geo"
)

// Event is one line of the event log: what happened, when, to whom. Fields
// that do not apply are omitted. The log is deterministic: the same scenario
// and seed give the same bytes. Each field's doc tag describes it in the
// log's JSON Schema (EventSchema, docs/events.schema.json); a field is
// added, never renamed, and a change of one's meaning or type changes
// EventsVersion.
type Event struct {
	TS          float64 `json:"t_s" doc:"time since the scenario's start (start_utc), s, to the millisecond"`
	Type        string  `json:"type" doc:"what happened (docs/outcomes.md)"`
	Nation      string  `json:"nation,omitempty" doc:"the nation that acted or learned; of message_rejected, \"\" is exercise control"`
	Threat      string  `json:"threat,omitempty" doc:"the threat's id (a salvo of several: ID#N)"`
	Sensor      string  `json:"sensor,omitempty" doc:"the sensor's id"`
	Battery     string  `json:"battery,omitempty" doc:"the battery's id"`
	Interceptor string  `json:"interceptor,omitempty" doc:"of may_launch, the interceptor type whose launch rule the battery applied"`
	Asset       string  `json:"asset,omitempty" doc:"the asset aimed at or defended"`
	To          string  `json:"to,omitempty" doc:"the partner a message or contact is about"`
	STN         uint64  `json:"stn,omitempty" doc:"the nation's system track number (the state table's track id)"`
	// LaunchS, InterceptS: planned or actual times of an engagement.
	LaunchS    float64 `json:"launch_s,omitempty" doc:"planned launch time of an engagement, s"`
	InterceptS float64 `json:"intercept_s,omitempty" doc:"planned or actual intercept time, s"`
	// BattlespaceS: of a planned engagement, the time between its earliest
	// and latest launch that still intercepts.
	BattlespaceS float64 `json:"battlespace_s,omitempty" doc:"of engagement_planned, the time between the earliest and the latest launch that still intercepts, s"`
	Count        int     `json:"count,omitempty" doc:"interceptors launched, or messages refused"`
	// CueS: of a may_launch event, when the system track entered the
	// nation's picture (its command chain's decision runs from it).
	CueS float64 `json:"cue_s,omitempty" doc:"of may_launch, when the system track entered the nation's picture, s"`
	// Reason: of a not_engaged event, why (a bmc.Reason's code; see
	// docs/outcomes.md).
	Reason string `json:"reason,omitempty" doc:"of not_engaged, why: a reason code (docs/outcomes.md)"`
	Detail string `json:"detail,omitempty" doc:"the event in words (free text; numbers that matter have their own keys)"`
	// Salvo: of an interceptor launch and of its intercept's kill or
	// miss, the salvo's id: its battery's id, "/", and the battery's
	// count of launches (the state table's interceptor id).
	Salvo string `json:"salvo,omitempty" doc:"of interceptor_launch, intercept_kill, intercept_miss: the salvo, BATTERY/N for the battery's N-th launch (the state table's interceptor id)"`
	// ClosingMps: of a planned or launched engagement, the planned
	// closing speed at the intercept, m/s.
	ClosingMps float64 `json:"closing_mps,omitempty" doc:"of engagement_planned, interceptor_launch: planned closing speed at the intercept, m/s"`
	// PIPErrorM: of an intercept's kill or miss, the distance from the
	// kill vehicles' aim point (the launch-time predicted intercept point,
	// or the track updated in flight) to the threat nearest it, m (absent
	// when none was in flight); DivertReachM: how far they could divert,
	// m. The threat is hit only when PIPErrorM ≤ DivertReachM.
	PIPErrorM    float64 `json:"pip_error_m,omitempty" doc:"of intercept_kill, intercept_miss: distance from the kill vehicles' aim point (launch-time PIP or updated track) to the nearest threat in flight, m"`
	DivertReachM float64 `json:"divert_reach_m,omitempty" doc:"of intercept_kill, intercept_miss: how far the kill vehicles can divert, m"`
	// Launch: where a threat (threat_launch) or a salvo
	// (interceptor_launch) left the ground. Intercept: of a planned or
	// launched engagement, its predicted intercept point; of a kill or a
	// miss, where the salvo met the threat it homed on (the aim point when
	// none was within reach).
	Launch    *Point `json:"launch,omitempty" doc:"of threat_launch, interceptor_launch: where it left the ground"`
	Intercept *Point `json:"intercept,omitempty" doc:"of engagement_planned, interceptor_launch: the predicted intercept point; of intercept_kill, intercept_miss: where the threat homed on was (the aim point when none was in reach)"`
}

// Point is a position in an event: geodetic on the scenario's Earth,
// degrees to 1e-6 (0.1 m) and metres to 0.1.
type Point struct {
	LatDeg float64 `json:"lat_deg" doc:"geodetic latitude, degrees north"`
	LonDeg float64 `json:"lon_deg" doc:"longitude, degrees east"`
	AltM   float64 `json:"alt_m" doc:"height above the ellipsoid, m"`
}

func point(p geo.LLA) *Point {
	r := func(x, q float64) float64 { return math.Round(x*q) / q }
	return &Point{LatDeg: r(p.LatDeg, 1e6), LonDeg: r(p.LonDeg, 1e6), AltM: r(p.AltM, 10)}
}

// round1 rounds to a tenth: enough for metres and metres per second in
// a log.
func round1(x float64) float64 { return math.Round(x*10) / 10 }

// Event types.
const (
	EvThreatLaunch    = "threat_launch"
	EvDetection       = "first_detection" // first detection of a threat by a sensor
	EvTrackConfirmed  = "track_confirmed" // a sensor's tracker confirms a track on a threat
	EvWarning         = "launch_warning"  // infrared early warning reaches a nation
	EvTrackShared     = "track_shared"    // first track report of a threat received from a partner
	EvMessageLost     = "message_lost"
	EvMessageRejected = "message_rejected" // a part refused Count messages (Detail: why); Nation "" is exercise control
	EvPlan            = "engagement_planned"
	EvClaim           = "claim"
	EvClaimRefused    = "claim_refused"
	EvRequest         = "engagement_request"
	EvReleaseDenied   = "release_denied"
	EvLaunch          = "interceptor_launch"
	EvKill            = "intercept_kill"
	EvMiss            = "intercept_miss"
	EvKillAssessment  = "kill_assessment"
	EvImpact          = "threat_impact"
	EvLeaker          = "leaker"
	EvDuplicate       = "duplicate_engagement"
	EvDegraded        = "integration_degraded"
	EvContactLost     = "contact_lost"     // a partner not heard from (To) is out of contact
	EvContactRestored = "contact_restored" // … and heard again
	EvNodeLost        = "node_lost"        // a federated node stopped answering exercise control
	EvNodeRejoined    = "node_rejoined"
	// EvNotEngaged: at the end of a threat's flight, a nation with
	// batteries that knew of it and neither launched at it nor saw it
	// killed says why (Reason, Detail).
	EvNotEngaged = "not_engaged"
)

// Event types of the cue: when a sensor's track and a nation's picture
// first allow a launch.
const (
	// EvTrackFireControl: a sensor's track of a threat first reaches
	// fire-control quality (track.DefaultFireControl: the quality track
	// reports carry). In a cue's run, also when it first meets the launch
	// rule of a Battery for an Interceptor type (bmc.LaunchRule).
	EvTrackFireControl = "track_fire_control"
	// EvMayLaunch: a nation first holds a system track of a threat that
	// one of its batteries (Battery) may launch on: one that meets the
	// launch rule of its interceptor type (Interceptor; bmc.LaunchRule),
	// its own sensors' at every level or a partner's under step2
	// (bmc.Level.MayLaunch), at its battle-management cycle. CueS is when
	// that track entered its picture and Sensor the own sensor whose track
	// it is ("" for a partner's, named in Detail): the battery's earliest
	// launch on it is bmc.Timing.EarliestLaunchS(CueS, TS).
	EvMayLaunch = "may_launch"
)

// NationEvent tells whether a nation's part logs events of a type (the
// others are exercise control's and the conductor's: the raid's truth and
// the run's record).
func NationEvent(typ string) bool {
	switch typ {
	case EvThreatLaunch, EvImpact, EvLeaker, EvDuplicate, EvNodeLost, EvNodeRejoined:
		return false
	}
	return true
}

// WriteJSONL writes events as JSON Lines.
func WriteJSONL(w io.Writer, events []Event) error {
	enc := json.NewEncoder(w)
	for i := range events {
		if err := enc.Encode(&events[i]); err != nil {
			return err
		}
	}
	return nil
}
