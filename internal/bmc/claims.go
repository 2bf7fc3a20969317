package bmc

import (
	"fmt"
	"math"
	"strings"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/track"
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
// deconflicted with and waits for their answers. A partner out of
// contact cannot answer: without its word the engagement goes ahead in
// defence of the nation's own asset, or when the nation takes the threat
// over from it (takeOver), and is refused otherwise. Either way it is
// claimed from the partners in contact, and held in the register, so that
// they and the lost partner, once heard again, are answered with it.
func (m *Manager) claim(e *Engagement, ev *evaluation, pos, vel geo.ECEF) {
	var peers []Peer // those in contact
	var lost, takenOver []string
	for _, p := range m.cfg.Deconflict {
		c, isLost := m.lost[p.Nation]
		if !isLost {
			peers = append(peers, p)
			continue
		}
		lost = append(lost, p.Nation)
		if e.Asset.Nation == m.cfg.Nation {
			continue
		}
		if why := m.takeOver(e, ev, p, c); why != "" {
			// Deconfliction cannot complete without that partner's word.
			m.unconfirmed(e, "no contact with "+p.Nation+"; "+why)
			return
		}
		takenOver = append(takenOver, p.Nation)
	}
	switch {
	case len(takenOver) > 0:
		m.emit(Degraded{E: e, Why: "no contact with " + strings.Join(lost, ", ") + "; taken over from " + strings.Join(takenOver, ", ") +
			": no claim of theirs on it, none of their batteries could reach it"})
	case len(lost) > 0:
		m.emit(Degraded{E: e, Why: "no contact with " + strings.Join(lost, ", ") + "; engaging in defence of own asset"})
	}
	m.claims.Hold(e.STN, Holder{Nation: m.cfg.Nation, TimeS: m.now})
	if len(peers) == 0 {
		m.ready(e)
		return
	}
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

// takeOver says why the nation may not engage a threat without the word
// of partner p, out of contact since it was last heard (c), or "" if it
// may take the threat over: p could not be engaging it, so no duplicate
// engagement can follow whether p's node is lost or only the link to it.
// That is, the threat is not p's to defend (its asset is not p's); p has
// not claimed it — its claims from before it fell silent have had time to
// arrive (a round trip and the acknowledgement timeout), and none of them,
// matched to its track or not, is on this threat; and none of p's
// batteries, as last known, could reach it had it launched at any time
// since p was last heard, even on an envelope a margin wider than its own
// (Tuning.TakeOverMargin: p's picture predicts the threat's flight a
// little differently). p takes a threat over from the nation by the same
// rule, so the two never both do.
func (m *Manager) takeOver(e *Engagement, ev *evaluation, p Peer, c contact) string {
	switch {
	case e.Asset.Nation == p.Nation:
		return e.Asset.ID + " is " + p.Nation + "'s to defend"
	case m.now-c.lastS <= p.RoundTripS+m.cfg.Tuning.AckTimeoutS:
		return fmt.Sprintf("silent only since %.0f s: its claims may be on their way", c.lastS)
	}
	for _, cl := range m.pending[p.Nation] {
		if stn, ok := m.pic.Nearest(track.FromECEF(cl.Pos, cl.Vel, cl.TimeS), claimGate, cl.TimeS); ok && stn == e.STN {
			return fmt.Sprintf("it claimed it at %.0f s", cl.TimeS)
		}
	}
	g := 1 + m.cfg.Tuning.TakeOverMargin
	for _, b := range m.partners {
		if b.Nation != p.Nation || b.Inventory == 0 {
			continue
		}
		it := b.Interceptor
		it.BurnoutSpeedMps *= g
		it.MaxRangeM *= g
		it.MinInterceptAltM /= g
		it.MaxInterceptAltM *= g
		it.MinClosingSpeedMps /= g
		r, err := intercept.Reach{Earth: m.cfg.Earth, Site: b.Site, Threat: ev.pred, ThreatEndS: ev.pred.FlightTimeS, Interceptor: it,
			LaunchDelayS: c.lastS}.Solve()
		if err != nil || r.Feasible {
			return "its " + b.ID + " could reach it"
		}
	}
	return ""
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

// claimGate is the covariance a claim's estimate is matched to the
// picture's tracks with: 1 km, 10 m/s, enough to find the object, not to
// confuse two.
var claimGate = func() (p [6][6]float64) {
	for i := range 3 {
		p[i][i], p[i+3][i+3] = 1e6, 1e2
	}
	return p
}()

// onClaim: a partner claims an engagement. Find the object in the own
// picture; the earlier claim holds; answer with the holder.
func (m *Manager) onClaim(from string, c *Claim) {
	theirs := Holder{Nation: from, TimeS: c.TimeS}
	holder := from
	// The object claimed is the own track nearest the claimer's estimate
	// (closely spaced objects make the association of the partner's
	// reports, made once, the less reliable guide), or the one its reports
	// feed.
	stn, ok := m.pic.Nearest(track.FromECEF(c.Pos, c.Vel, c.TimeS), claimGate, c.TimeS)
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
