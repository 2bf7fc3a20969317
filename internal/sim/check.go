package sim

import (
	"fmt"
	"math"

	"github.com/jrmd/jrmd/internal/link"
	"github.com/jrmd/jrmd/internal/link/linkv1"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/sensor"
)

// A part checks every message a partner sends it before using it: its
// strings, lists and numbers against link's bounds, and every id it names
// against the scenario. One function per kind of message a nation's part
// takes; any other kind is refused. What is refused never reaches the
// battle manager, the fuser or the event log but as a rejection.

// names are the scenario's ids a message may name, by kind.
type names struct {
	sensors   map[string]scenario.Sensor
	batteries map[string]scenario.Battery
	assets    map[string]bool
}

func newNames(f *scenario.File) names {
	ns := names{sensors: map[string]scenario.Sensor{}, batteries: map[string]scenario.Battery{}, assets: map[string]bool{}}
	for _, s := range f.Sensors {
		ns.sensors[s.ID] = s
	}
	for _, b := range f.Batteries {
		ns.batteries[b.ID] = b
	}
	for _, a := range f.Assets {
		ns.assets[a.ID] = true
	}
	return ns
}

// check tells whether a message from a partner is one the part may use.
func (w *world) check(env *linkv1.Envelope) error {
	from := env.SenderNation
	n := w.byNation[w.part]
	switch {
	case n == nil:
		return fmt.Errorf("%w: exercise control takes no messages from nations", link.ErrInvalid)
	case !w.isNation[from] || from == n.id:
		return fmt.Errorf("%w: %q is not a partner nation of the scenario", link.ErrInvalid, from)
	case !w.shares(from, n.id):
		if _, ack := env.Body.(*linkv1.Envelope_ClaimAck); !ack {
			return fmt.Errorf("%w: %s does not share with %s in the scenario: it has nothing to send but answers to claims", link.ErrInvalid, from, n.id)
		}
	}
	var c link.Check
	switch b := env.Body.(type) {
	case *linkv1.Envelope_Track:
		w.checkTrack(&c, from, b.Track)
	case *linkv1.Envelope_LaunchWarning:
		w.checkWarning(&c, from, b.LaunchWarning)
	case *linkv1.Envelope_EngagementRequest:
		w.checkRequest(&c, from, b.EngagementRequest)
	case *linkv1.Envelope_EngagementClaim:
		w.checkClaim(&c, from, b.EngagementClaim)
	case *linkv1.Envelope_ClaimAck:
		w.checkAck(&c, b.ClaimAck)
	case *linkv1.Envelope_KillAssessment:
		w.checkAssessment(&c, from, b.KillAssessment)
	case *linkv1.Envelope_NodeStatus:
		w.checkStatus(&c, from, b.NodeStatus)
	default:
		return fmt.Errorf("%w: %s is not a message a nation's part takes", link.ErrInvalid, link.Kind(env))
	}
	return c.Err()
}

// is checks that a field names the sender (a report, claim or status is
// the sender's own).
func is(c *link.Check, field, got, want string) {
	c.ID(field, got)
	if got != want && c.Err() == nil {
		c.Failf("%s %q: the sender is %s", field, got, want)
	}
}

func (w *world) checkTrack(c *link.Check, from string, tr *linkv1.TrackReport) {
	is(c, "source_nation", tr.SourceNation, from)
	c.Count("source_sensors", len(tr.SourceSensors), link.MaxItems)
	for _, s := range tr.SourceSensors {
		c.ID("source_sensors", s)
		if c.Err() == nil && w.names.sensors[s].Nation != from {
			c.Failf("source_sensors: %q is not a sensor of %s", s, from)
		}
	}
	c.Time("time_s", tr.TimeS)
	c.Position("position_m", tr.PositionM.GetX(), tr.PositionM.GetY(), tr.PositionM.GetZ(), tr.PositionM != nil)
	c.Velocity("velocity_mps", tr.VelocityMps.GetX(), tr.VelocityMps.GetY(), tr.VelocityMps.GetZ(), tr.VelocityMps != nil)
	c.Covariance("covariance", tr.Covariance)
	c.Enum("quality", int32(tr.Quality), int32(linkv1.TrackQuality_TRACK_QUALITY_FIRE_CONTROL))
	c.Enum("classification", int32(tr.Classification), int32(linkv1.Classification_CLASSIFICATION_DEBRIS))
	if tr.PredictedImpact != nil {
		c.LatLon("predicted_impact", tr.PredictedImpact.LatDeg, tr.PredictedImpact.LonDeg)
	}
	c.In("impact_sigma_m", tr.ImpactSigmaM, 0, link.MaxRangeM, "m")
	c.ID("threatened_asset", tr.ThreatenedAsset)
	if tr.ThreatenedAsset != "" && c.Err() == nil && !w.names.assets[tr.ThreatenedAsset] {
		c.Failf("threatened_asset %q: no such asset in the scenario", tr.ThreatenedAsset)
	}
	c.Count("correlated", len(tr.Correlated), link.MaxItems)
	for _, r := range tr.Correlated {
		c.ID("correlated.nation", r.Nation)
		if c.Err() == nil && !w.isNation[r.Nation] {
			c.Failf("correlated: %q is not a nation of the scenario", r.Nation)
		}
	}
}

func (w *world) checkWarning(c *link.Check, from string, lw *linkv1.LaunchWarning) {
	c.ID("warning_id", lw.WarningId)
	c.NonEmpty("warning_id", lw.WarningId)
	c.ID("source_sensor", lw.SourceSensor)
	if s, ok := w.names.sensors[lw.SourceSensor]; c.Err() == nil && (!ok || s.Nation != from || s.Type != sensor.InfraredType) {
		c.Failf("source_sensor %q: not an infrared sensor of %s", lw.SourceSensor, from)
	}
	c.Time("launch_time_s", lw.LaunchTimeS)
	c.In("launch_time_sigma_s", lw.LaunchTimeSigmaS, 0, 3600, "s")
	if lw.LaunchPoint == nil {
		c.Failf("launch_point: missing")
	} else {
		c.LatLon("launch_point", lw.LaunchPoint.LatDeg, lw.LaunchPoint.LonDeg)
	}
	c.In("launch_point_sigma_m", lw.LaunchPointSigmaM, 0, link.MaxRangeM, "m")
	if lw.PredictedImpact != nil {
		c.LatLon("predicted_impact", lw.PredictedImpact.LatDeg, lw.PredictedImpact.LonDeg)
	}
}

func (w *world) checkRequest(c *link.Check, from string, r *linkv1.EngagementRequest) {
	is(c, "requesting_nation", r.RequestingNation, from)
	c.ID("battery", r.Battery)
	if _, ok := w.names.batteries[r.Battery]; c.Err() == nil && !ok {
		c.Failf("battery %q: no such battery in the scenario", r.Battery)
	}
	c.Time("requested_intercept_s", r.RequestedInterceptS)
	c.Text("reason", r.Reason)
}

// battery checks that a message names one of the sender's batteries.
func (w *world) battery(c *link.Check, from, id string) {
	c.ID("battery", id)
	if b, ok := w.names.batteries[id]; c.Err() == nil && (!ok || b.Nation != from) {
		c.Failf("battery %q: not a battery of %s", id, from)
	}
}

func (w *world) checkClaim(c *link.Check, from string, cl *linkv1.EngagementClaim) {
	is(c, "nation", cl.Nation, from)
	w.battery(c, from, cl.Battery)
	c.Time("planned_launch_s", cl.PlannedLaunchS)
	c.Time("planned_intercept_s", cl.PlannedInterceptS)
	c.Time("claim_time_s", cl.ClaimTimeS)
	c.In("interceptors", float64(cl.Interceptors), 0, link.MaxItems, "")
	c.Position("position_m", cl.PositionM.GetX(), cl.PositionM.GetY(), cl.PositionM.GetZ(), cl.PositionM != nil)
	c.Velocity("velocity_mps", cl.VelocityMps.GetX(), cl.VelocityMps.GetY(), cl.VelocityMps.GetZ(), cl.VelocityMps != nil)
}

func (w *world) checkAck(c *link.Check, a *linkv1.ClaimAck) {
	c.ID("claimer", a.Claimer)
	if a.Claimer != w.part && c.Err() == nil {
		c.Failf("claimer %q: %s takes answers to its own claims only", a.Claimer, w.part)
	}
	c.ID("holder", a.Holder)
	if c.Err() == nil && !w.isNation[a.Holder] {
		c.Failf("holder %q: not a nation of the scenario", a.Holder)
	}
}

func (w *world) checkAssessment(c *link.Check, from string, ka *linkv1.KillAssessment) {
	is(c, "nation", ka.Nation, from)
	w.battery(c, from, ka.Battery)
	c.Enum("outcome", int32(ka.Outcome), int32(linkv1.Outcome_OUTCOME_UNKNOWN))
	c.Time("time_s", ka.TimeS)
}

func (w *world) checkStatus(c *link.Check, from string, st *linkv1.NodeStatus) {
	is(c, "node", st.Node, from)
	c.Enum("health", int32(st.Health), int32(linkv1.Health_HEALTH_DOWN))
	c.Enum("level", int32(st.Level), int32(linkv1.IntegrationLevel_INTEGRATION_LEVEL_STEP2))
	c.Count("inventory", len(st.Inventory), link.MaxItems)
	for _, inv := range st.Inventory {
		w.battery(c, from, inv.Battery)
		c.In("inventory.remaining", float64(inv.Remaining), 0, float64(w.names.batteries[inv.Battery].Inventory), "interceptors")
	}
}

// warnedOf is the threat a partner's launch warning tells of, for the
// event log (truth bookkeeping, as nearestTruth is for track reports): the
// one launched nearest the warning's launch point and time, each in units
// of the warning's error, within five of them; of threats equally near
// (a salvo of one place and time), first one this nation has not yet been
// warned of by a partner. −1: none.
func (n *nation) warnedOf(lw *linkv1.LaunchWarning) int {
	w := n.w
	at := w.e.ToECEF(lla(scenario.Position{LatDeg: lw.LaunchPoint.GetLatDeg(), LonDeg: lw.LaunchPoint.GetLonDeg()}))
	sp, st := math.Max(lw.LaunchPointSigmaM, 100), math.Max(lw.LaunchTimeSigmaS, 0.1)
	best, bestScore := -1, 25.0 // 5σ
	for i, t := range w.threats {
		p0, _, ok := t.tr.StateAt(0)
		if !ok {
			continue
		}
		dx, dy, dz := p0[0]-at[0], p0[1]-at[1], p0[2]-at[2]
		dt := t.launchS - lw.LaunchTimeS
		score := (dx*dx+dy*dy+dz*dz)/(sp*sp) + dt*dt/(st*st)
		if score < bestScore || (score == bestScore && best >= 0 && n.warnedBy[best] && !n.warnedBy[i]) {
			best, bestScore = i, score
		}
	}
	return best
}
