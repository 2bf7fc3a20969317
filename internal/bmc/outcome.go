package bmc

// Reason is why a nation's battle management did not engage a threat it
// knew of: the gate of its decision chain the threat got furthest to and
// never passed. The reasons are ordered as the chain is: a later one means
// the threat got further (Further). docs/outcomes.md explains each.
type Reason uint8

// The reasons, in the order of the decision chain.
const (
	// NotDetected: no nation detected, tracked or was warned of the threat
	// (a run's summary says so; no battle manager decides it).
	NotDetected Reason = iota + 1
	// NoTrack: the nation was warned of it or detected it, but no track of
	// it entered its picture.
	NoTrack
	// NoFireControl: tracks of it were held, none of fire-control quality.
	NoFireControl
	// PartnerTrackOnly: a partner's fire-control track was held, which the
	// integration level does not let the nation launch on (Level.MayLaunch).
	PartnerTrackOnly
	// NotThreatening: its predicted impact threatened no defended asset
	// (Threatened).
	NotThreatening
	// InventoryExhausted: no battery the nation could assign had
	// interceptors left.
	InventoryExhausted
	// OutOfReach: no battery with interceptors could reach it from its
	// earliest launch (altitude window, range, time).
	OutOfReach
	// NotAssigned: a battery could reach it, but the weapon-target
	// assignment gave the interceptors to other threats.
	NotAssigned
	// AssignedToPartner: under step2 the integrated assignment gave it to
	// a partner's battery, or a partner claimed it, and no own battery took
	// it over.
	AssignedToPartner
	// PlanInfeasible: the assigned battery's engagement plan found no
	// intercept.
	PlanInfeasible
	// NotCommitted: the plan did not commit: the predicted intercept
	// point's uncertainty beyond the kill vehicle's divert reach, or the
	// closing speed below the interceptor's minimum.
	NotCommitted
	// ReleaseDenied: the nation's release policy refused the launch
	// (Policy.Approve).
	ReleaseDenied
	// DeconflictionRefused: under step2 the claim on the engagement was
	// refused or could not be confirmed with every partner (Claims).
	DeconflictionRefused
)

var reasonCodes = [...]string{
	NotDetected: "not_detected", NoTrack: "no_track", NoFireControl: "no_fire_control",
	PartnerTrackOnly: "partner_track_only", NotThreatening: "not_threatening",
	InventoryExhausted: "inventory_exhausted", OutOfReach: "out_of_reach", NotAssigned: "not_assigned",
	AssignedToPartner: "assigned_to_partner", PlanInfeasible: "plan_infeasible", NotCommitted: "not_committed",
	ReleaseDenied: "release_denied", DeconflictionRefused: "deconfliction_refused",
}

// Reasons lists every reason in the order of the decision chain.
var Reasons = []Reason{NotDetected, NoTrack, NoFireControl, PartnerTrackOnly, NotThreatening, InventoryExhausted,
	OutOfReach, NotAssigned, AssignedToPartner, PlanInfeasible, NotCommitted, ReleaseDenied, DeconflictionRefused}

// String is the reason's stable, machine-readable code, e.g. out_of_reach
// ("" for the zero Reason, none).
func (r Reason) String() string {
	if int(r) < len(reasonCodes) {
		return reasonCodes[r]
	}
	return ""
}

// ParseReason reads a reason's code.
func ParseReason(code string) (Reason, bool) {
	for _, r := range Reasons {
		if r.String() == code {
			return r, true
		}
	}
	return 0, false
}

// Further tells whether r is a later gate of the decision chain than o:
// the threat got further. Any reason is further than none (0).
func (r Reason) Further(o Reason) bool { return r > o }
