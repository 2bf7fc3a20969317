package bmc

import (
	"math"
	"slices"

	"github.com/jrmd/jrmd/internal/geo"
	"github.com/jrmd/jrmd/internal/track"
)

// Holder is a nation holding the engagement of a threat, by its claim
// made at TimeS.
type Holder struct {
	Nation string
	TimeS  float64
}

// Before orders claims: the earlier first, ties by nation, so that every
// node decides alike from the same claims.
func (h Holder) Before(o Holder) bool {
	return h.TimeS < o.TimeS || (h.TimeS == o.TimeS && h.Nation < o.Nation)
}

// Claims is a nation's deconfliction register: the holder of each system
// track's engagement. The earliest claim holds: a partner's claim is
// refused if another nation's came before it.
type Claims map[uint64]Holder

// Holder is the holder of a system track, if any.
func (c Claims) Holder(stn uint64) (Holder, bool) {
	h, ok := c[stn]
	return h, ok
}

// Hold makes h the holder: the nation's own claim, or the holder a
// partner names in its answer.
func (c Claims) Hold(stn uint64, h Holder) { c[stn] = h }

// Answer takes a partner's claim as it arrives and returns the holder: the
// claim holds unless another nation's claim came before it.
func (c Claims) Answer(stn uint64, h Holder) Holder {
	if cur, ok := c[stn]; ok && cur.Nation != h.Nation && cur.Before(h) {
		return cur
	}
	c[stn] = h
	return h
}

// Late takes a partner's claim that arrived before its track could be
// matched to one of the picture's: it holds if it came before the
// holder's, or if there is none.
func (c Claims) Late(stn uint64, h Holder) {
	if cur, ok := c[stn]; !ok || h.Before(cur) {
		c[stn] = h
	}
}

// Release ends a nation's hold, if it holds.
func (c Claims) Release(stn uint64, nation string) {
	if cur, ok := c[stn]; ok && cur.Nation == nation {
		delete(c, stn)
	}
}

// Clear ends any hold.
func (c Claims) Clear(stn uint64) { delete(c, stn) }

// claim sends a planned engagement's claim to every partner it is
// deconflicted with and waits for their answers; without contact with
// one, it cannot be confirmed.
func (m *Manager) claim(e *Engagement, pos, vel geo.ECEF) {
	peers := m.cfg.Deconflict
	if i := slices.IndexFunc(peers, func(p Peer) bool { return m.lost[p.Nation] }); i >= 0 {
		// Deconfliction cannot complete without that partner's word.
		m.unconfirmed(e, "no contact with "+peers[i].Nation)
		return
	}
	m.claims.Hold(e.STN, Holder{Nation: m.cfg.Nation, TimeS: m.now})
	e.state = engPending
	e.waiting = map[string]bool{}
	wait := 0.0
	to := make([]string, len(peers))
	for i, p := range peers {
		e.waiting[p.Nation] = true
		wait = math.Max(wait, p.RoundTripS)
		to[i] = p.Nation
	}
	m.emit(Send{To: to, Msg: &Claim{STN: e.STN, Nation: m.cfg.Nation, Battery: e.Battery.ID, PlannedLaunchS: e.Plan.LaunchS,
		PlannedInterceptS: e.Plan.InterceptS, Interceptors: e.Count, Pos: pos, Vel: vel, TimeS: m.now}})
	m.emit(Claimed{E: e})
	m.emit(AckDeadline{E: e, AtS: m.now + wait + m.cfg.Tuning.AckTimeoutS})
}

// AckDeadline: a claim's answers are due. Without every partner's word
// the nation only proceeds in defence of its own assets (its release
// authority is its own; another nation's asset it leaves to the
// deconfliction it could not complete).
func (m *Manager) AckDeadline(now float64, e *Engagement) []Output {
	m.begin(now)
	if e.state == engPending {
		m.unconfirmed(e, "no acknowledgement from every partner")
	}
	return m.out
}

// unconfirmed: an engagement that deconfliction could not confirm goes
// ahead only in defence of the nation's own asset.
func (m *Manager) unconfirmed(e *Engagement, why string) {
	if e.Asset.Nation == m.cfg.Nation {
		m.emit(Degraded{E: e, Why: why + "; engaging in defence of own asset"})
		m.ready(e)
		return
	}
	m.emit(ClaimRefused{E: e, Why: why})
	m.refused(e, why)
	m.abandon(e)
}

// refused notes an engagement that deconfliction refused.
func (m *Manager) refused(e *Engagement, why string) {
	if m.further(e.STN, DeconflictionRefused) {
		m.find(Finding{Reason: DeconflictionRefused, STN: e.STN, Battery: e.Battery.ID, Asset: e.Asset.ID, Detail: why})
	}
}

// onClaim: a partner claims an engagement. Find the object in the own
// picture; the earlier claim holds; answer with the holder.
func (m *Manager) onClaim(from string, c *Claim) {
	theirs := Holder{Nation: from, TimeS: c.TimeS}
	holder := from
	// The object claimed is the own track nearest the claimer's estimate
	// (closely spaced objects make the association of the partner's
	// reports, made once, the less reliable guide), or the one its reports
	// feed.
	x := track.FromECEF(c.Pos, c.Vel, c.TimeS)
	var p [6][6]float64
	for i := range 3 {
		p[i][i], p[i+3][i+3] = 1e6, 1e2 // 1 km, 10 m/s: enough to find the object, not to confuse two
	}
	stn, ok := m.pic.Nearest(x, p, c.TimeS)
	if !ok {
		stn, ok = m.pic.PartnerTrack(from, c.STN)
	}
	if ok {
		if h := m.claims.Answer(stn, theirs); h.Nation != from {
			holder = h.Nation
		} else if e := m.engaged[stn]; e != nil && e.state == engPending {
			m.emit(ClaimRefused{E: e, Why: "earlier claim by " + from})
			m.refused(e, "earlier claim by "+from)
			m.abandon(e)
		}
	} else {
		m.pending[from] = append(m.pending[from], c)
	}
	m.emit(Send{To: []string{from}, Msg: &Ack{STN: c.STN, Claimer: from, Holder: holder}})
}

// Matched tells the manager that a partner's track (theirs, by its
// number) feeds its system track stn: the partner's claims on it received
// before it was matched now apply.
func (m *Manager) Matched(from string, theirs, stn uint64) {
	list := m.pending[from]
	kept := list[:0]
	for _, c := range list {
		if c.STN == theirs {
			m.claims.Late(stn, Holder{Nation: from, TimeS: c.TimeS})
			continue
		}
		kept = append(kept, c)
	}
	m.pending[from] = kept
}

// onAck: a partner's answer to a claim.
func (m *Manager) onAck(from string, a *Ack) {
	e := m.engaged[a.STN]
	if e == nil || e.state != engPending || !e.waiting[from] {
		return
	}
	if a.Holder != m.cfg.Nation {
		m.emit(ClaimRefused{E: e, Why: "held by " + a.Holder})
		m.refused(e, "held by "+a.Holder)
		m.claims.Hold(e.STN, Holder{Nation: a.Holder, TimeS: math.Inf(-1)})
		m.abandon(e)
		return
	}
	delete(e.waiting, from)
	if len(e.waiting) == 0 {
		m.ready(e)
	}
}
