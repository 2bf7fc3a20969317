package bmc

import (
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/track"
)

// LaunchRule is the fire-control rule of a battery whose interceptors need
// the launch track lt (intercept.LaunchTrack): a firm track — confirmed,
// with track.DefaultFireControl's updates and age — within lt's 1σ limits.
// It is the one rule by which a battery's launch is allowed: battle
// management judges every contribution to a system track by it (Judge),
// and the cue analysis every radar's track.
func LaunchRule(lt intercept.LaunchTrack) track.FireControl {
	fc := track.DefaultFireControl
	fc.MaxPositionSigmaM, fc.MaxVelocitySigmaMps = lt.MaxPositionSigmaM, lt.MaxVelocitySigmaMps
	return fc
}

// Meets tells whether one contribution to a system track meets a launch
// rule: a firm track (fusion.Report.Firm) whose covariance, as reported,
// is within the rule's limits.
func Meets(r *fusion.Report, rule track.FireControl) bool {
	return r.Firm && rule.Within(&r.P)
}

// Judge is what a nation holds of one object under a launch rule: whether
// a contribution of its own sensors to the system track meets the rule,
// and whether a partner's does (its track reports carry their
// covariances). Level.MayLaunch then says whether a battery with that rule
// may launch on it.
func Judge(st *fusion.SystemTrack, nation string, rule track.FireControl) Holding {
	var p Holding
	for i := range st.Reports {
		r := &st.Reports[i]
		own := r.Nation == nation
		if own && p.OwnFireControl || !own && p.PartnerFireControl || !Meets(r, rule) {
			continue
		}
		if own {
			p.OwnFireControl = true
		} else {
			p.PartnerFireControl = true
		}
	}
	return p
}
