package sim

import (
	"fmt"
	"slices"

	"google.golang.org/protobuf/proto"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/internal/link/linkv1"
	"github.com/jrmd/jrmd/sensor"
	"github.com/jrmd/jrmd/track"
)

// The codec: every conversion between a part's values and the message
// sets on the wire (package linkv1), both ways. The battle manager speaks
// its own types (bmc.Message); a part checks what it receives before it
// decodes it (check.go).

// encode is a battle manager's message as the wire carries it: the body
// of an envelope its sender addresses.
func encode(msg bmc.Message) *linkv1.Envelope {
	switch m := msg.(type) {
	case *bmc.Claim:
		return &linkv1.Envelope{Body: &linkv1.Envelope_EngagementClaim{EngagementClaim: &linkv1.EngagementClaim{
			SystemTrack: m.STN, Nation: m.Nation, Battery: m.Battery, PlannedLaunchS: m.PlannedLaunchS, PlannedInterceptS: m.PlannedInterceptS,
			Interceptors: uint32(m.Interceptors), PositionM: vec(m.Pos), VelocityMps: vec(m.Vel), ClaimTimeS: m.TimeS,
		}}}
	case *bmc.Ack:
		return &linkv1.Envelope{Body: &linkv1.Envelope_ClaimAck{ClaimAck: &linkv1.ClaimAck{SystemTrack: m.STN, Claimer: m.Claimer, Holder: m.Holder}}}
	case *bmc.Assessment:
		outcome := linkv1.Outcome_OUTCOME_MISS
		if m.Kill {
			outcome = linkv1.Outcome_OUTCOME_KILL
		}
		return &linkv1.Envelope{Body: &linkv1.Envelope_KillAssessment{KillAssessment: &linkv1.KillAssessment{
			SystemTrack: m.STN, Nation: m.Nation, Battery: m.Battery, Outcome: outcome, TimeS: m.TimeS}}}
	case *bmc.Request:
		return &linkv1.Envelope{Body: &linkv1.Envelope_EngagementRequest{EngagementRequest: &linkv1.EngagementRequest{
			SystemTrack: m.STN, RequestingNation: m.Nation, Battery: m.Battery, RequestedInterceptS: m.InterceptS, Reason: m.Reason}}}
	}
	panic(fmt.Sprintf("sim: no wire form for %T", msg)) // a battle manager's message the codec lacks: a bug
}

// decode is a partner's message for the battle manager (ok false for one
// of another kind).
func decode(env *linkv1.Envelope) (bmc.Message, bool) {
	switch b := env.Body.(type) {
	case *linkv1.Envelope_EngagementClaim:
		c := b.EngagementClaim
		return &bmc.Claim{STN: c.SystemTrack, Nation: c.Nation, Battery: c.Battery, PlannedLaunchS: c.PlannedLaunchS,
			PlannedInterceptS: c.PlannedInterceptS, Interceptors: int(c.Interceptors), Pos: ecef(c.PositionM), Vel: ecef(c.VelocityMps),
			TimeS: c.ClaimTimeS}, true
	case *linkv1.Envelope_ClaimAck:
		a := b.ClaimAck
		return &bmc.Ack{STN: a.SystemTrack, Claimer: a.Claimer, Holder: a.Holder}, true
	case *linkv1.Envelope_KillAssessment:
		k := b.KillAssessment
		return &bmc.Assessment{STN: k.SystemTrack, Nation: k.Nation, Battery: k.Battery, Kill: k.Outcome == linkv1.Outcome_OUTCOME_KILL, TimeS: k.TimeS}, true
	case *linkv1.Envelope_EngagementRequest:
		r := b.EngagementRequest
		return &bmc.Request{STN: r.SystemTrack, Nation: r.RequestingNation, Battery: r.Battery, InterceptS: r.RequestedInterceptS, Reason: r.Reason}, true
	case *linkv1.Envelope_NodeStatus:
		st := &bmc.Status{}
		for _, inv := range b.NodeStatus.Inventory {
			st.Inventory = append(st.Inventory, bmc.Inventory{Battery: inv.Battery, Remaining: int(inv.Remaining)})
		}
		return st, true
	}
	return nil, false
}

// statusEnvelope is a node's status: its health, level and batteries'
// inventories (also its heartbeat).
func statusEnvelope(node string, level bmc.Level, bats []*bmc.Battery) *linkv1.NodeStatus {
	st := &linkv1.NodeStatus{Node: node, Health: linkv1.Health_HEALTH_OK, Level: linkv1.IntegrationLevel(level)}
	for _, b := range bats {
		st.Inventory = append(st.Inventory, &linkv1.BatteryInventory{Battery: b.ID, Remaining: uint32(b.Inventory)})
	}
	return st
}

// warningEnvelope is an infrared sensor's launch warning of threat t.
func warningEnvelope(sensorID string, t *threat, rep sensor.LaunchReport) *linkv1.Envelope {
	return &linkv1.Envelope{Body: &linkv1.Envelope_LaunchWarning{LaunchWarning: &linkv1.LaunchWarning{
		WarningId: fmt.Sprintf("%s/%d", sensorID, t.idx), SourceSensor: sensorID,
		LaunchTimeS: t.launchS + rep.LaunchTimeS, LaunchTimeSigmaS: rep.LaunchTimeSigmaS,
		LaunchPoint: &linkv1.LatLon{LatDeg: rep.LaunchPoint.LatDeg, LonDeg: rep.LaunchPoint.LonDeg}, LaunchPointSigmaM: rep.LaunchPointSigmaM,
	}}}
}

// trackEnvelope is a nation's track report of a system track: its own
// sensors' estimate (track.FromECEF's frame, at time t), the quality, and
// the partners' tracks fused into it.
func trackEnvelope(stn uint64, nation string, t float64, x [6]float64, p [6][6]float64, quality linkv1.TrackQuality, refs []*linkv1.TrackRef) *linkv1.Envelope {
	pos, vel := track.ToECEF(x, t)
	pe := track.CovToECEF(&p, t)
	return &linkv1.Envelope{Body: &linkv1.Envelope_Track{Track: &linkv1.TrackReport{
		SystemTrack: stn, SourceNation: nation, TimeS: t,
		PositionM: vec(pos), VelocityMps: vec(vel), Covariance: upper(&pe), Quality: quality,
		Correlated: refs,
	}}}
}

// trackQuality is the quality a nation reports a system track at: fire
// control by the generic rule (track.DefaultFireControl) that reporting
// responsibility compares; else firm if one of its own tracks is settled
// enough for a partner's battery to judge it by its covariance under that
// battery's own launch rule, tentative if not.
func trackQuality(st *fusion.SystemTrack, nation string) linkv1.TrackQuality {
	switch {
	case st.Has(nation, true):
		return linkv1.TrackQuality_TRACK_QUALITY_FIRE_CONTROL
	case slices.ContainsFunc(st.Reports, func(r fusion.Report) bool { return r.Nation == nation && r.Firm }):
		return linkv1.TrackQuality_TRACK_QUALITY_FIRM
	}
	return linkv1.TrackQuality_TRACK_QUALITY_TENTATIVE
}

// trackRefs are the partners' tracks fused into a system track, each
// once, for the receivers' association (TrackReport.correlated).
func trackRefs(st *fusion.SystemTrack, nation string) []*linkv1.TrackRef {
	var refs []*linkv1.TrackRef
	for i := range st.Reports {
		r := &st.Reports[i]
		if r.Nation != nation && !slices.ContainsFunc(refs, func(x *linkv1.TrackRef) bool { return x.Nation == r.Nation && x.SystemTrack == r.ID }) {
			refs = append(refs, &linkv1.TrackRef{Nation: r.Nation, SystemTrack: r.ID})
		}
	}
	return refs
}

// trackReport is a partner's track report as a contribution to the
// picture (ok false if its covariance is malformed): from the source
// "nation:" + its sender, by the sender's system track number.
func trackReport(from string, tr *linkv1.TrackReport) (fusion.Report, [6][6]float64, bool) {
	pe, ok := full(tr.Covariance)
	if !ok {
		return fusion.Report{}, pe, false
	}
	return fusion.Report{Source: partnerSource(from), ID: tr.SystemTrack, Nation: from, TimeS: tr.TimeS,
		X: track.FromECEF(ecef(tr.PositionM), ecef(tr.VelocityMps), tr.TimeS), P: track.CovFromECEF(&pe, tr.TimeS),
		FireControl: tr.Quality == linkv1.TrackQuality_TRACK_QUALITY_FIRE_CONTROL,
		Firm:        tr.Quality >= linkv1.TrackQuality_TRACK_QUALITY_FIRM}, pe, true
}

// releasable is a track report as partner p may have it: its references
// to other nations' tracks only to those keep allows (see
// nation.releasable).
func releasable(msg *linkv1.Envelope, keep func(*linkv1.TrackRef) bool) *linkv1.Envelope {
	tr := msg.GetTrack()
	if tr == nil || !slices.ContainsFunc(tr.Correlated, func(r *linkv1.TrackRef) bool { return !keep(r) }) {
		return msg
	}
	c := proto.CloneOf(tr)
	c.Correlated = slices.DeleteFunc(c.Correlated, func(r *linkv1.TrackRef) bool { return !keep(r) })
	return &linkv1.Envelope{Body: &linkv1.Envelope_Track{Track: c}}
}

func vec(v geo.ECEF) *linkv1.Vector  { return &linkv1.Vector{X: v[0], Y: v[1], Z: v[2]} }
func ecef(v *linkv1.Vector) geo.ECEF { return geo.ECEF{v.GetX(), v.GetY(), v.GetZ()} }

func upper(p *[6][6]float64) []float64 {
	out := make([]float64, 0, 21)
	for i := range 6 {
		for j := i; j < 6; j++ {
			out = append(out, p[i][j])
		}
	}
	return out
}

func full(u []float64) ([6][6]float64, bool) {
	var p [6][6]float64
	if len(u) != 21 {
		return p, false
	}
	k := 0
	for i := range 6 {
		for j := i; j < 6; j++ {
			p[i][j], p[j][i] = u[k], u[k]
			k++
		}
	}
	return p, true
}
