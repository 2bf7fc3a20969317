package bmc

import (
	"slices"

	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/track"
)

// Picture is a nation's fused picture as its battle manager reads it: the
// system tracks of its own sensors' and its partners' reports
// (*fusion.Fuser has all but the last two methods). The manager never
// changes it.
type Picture interface {
	// Tracks are the live system tracks, in the order the picture keeps.
	Tracks() []*fusion.SystemTrack
	Track(stn uint64) (*fusion.SystemTrack, bool)
	// Estimate is a system track's fused state (track.FromECEF's frame)
	// and covariance at time t.
	Estimate(stn uint64, t float64) ([6]float64, [6][6]float64, bool)
	// Nearest is the system track nearest a state at time t, within the
	// gate its covariance p makes.
	Nearest(x [6]float64, p [6][6]float64, t float64) (uint64, bool)
	// PartnerTrack is the system track a partner's track, by its own
	// number, feeds.
	PartnerTrack(nation string, stn uint64) (uint64, bool)
	// CueS is when a system track entered the picture: the first track of
	// its object the nation held (its own, or a partner's when the level
	// shares), from which its command chain decides (Timing).
	CueS(stn uint64) (float64, bool)
}

// holdings is one system track as a nation's picture holds it, judged
// under each launch rule asked about (Judge), each judged once.
type holdings struct {
	st     *fusion.SystemTrack
	nation string
	rules  []track.FireControl
	held   []Holding
}

// of starts judging system track st for nation.
func (h *holdings) of(st *fusion.SystemTrack, nation string) {
	h.st, h.nation, h.rules, h.held = st, nation, h.rules[:0], h.held[:0]
}

// judge is what the nation holds of the track under a launch rule.
func (h *holdings) judge(rule track.FireControl) Holding {
	if i := slices.Index(h.rules, rule); i >= 0 {
		return h.held[i]
	}
	j := Judge(h.st, h.nation, rule)
	h.rules, h.held = append(h.rules, rule), append(h.held, j)
	return j
}
