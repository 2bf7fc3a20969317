package sim

import (
	"fmt"
	"math"
	"slices"

	"google.golang.org/protobuf/proto"

	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/internal/link"
	"github.com/jrmd/jrmd/internal/link/linkv1"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/scenario"
)

// What a nation shares and hears: its messages over the links, its track
// reports under reporting responsibility, its partners' reports and
// warnings into its picture, and its contact with them.

// send routes a message to a partner nation over the links.
func (n *nation) send(to string, msg *linkv1.Envelope) {
	w := n.w
	if !w.isNation[to] || to == n.id {
		return
	}
	n.seq++
	// A new envelope around the message's body, which partners share
	// read-only.
	env := &linkv1.Envelope{Sender: n.id, SenderNation: n.id, Seq: n.seq, TimeS: w.now, ReleasableTo: []string{to}}
	// An encoding is its fields' one after the other: the body's size is
	// worked out once for all the partners it goes to.
	if n.sized != msg.Body {
		n.sized, n.bodySize = msg.Body, proto.Size(&linkv1.Envelope{Body: msg.Body})
	}
	size := proto.Size(env) + n.bodySize
	env.Body = msg.Body
	path := w.net.route(n.id, to)
	at, ok := w.net.transit(path, w.now, size)
	if path == nil || !ok {
		n.seq-- // never sent: the partner's count of messages from us stays exact
		w.log(Event{TS: w.now, Type: EvMessageLost, Nation: n.id, To: to, Detail: link.Kind(env)})
		return
	}
	env.ArrivalS, env.Via = at, w.net.via(n.id, path)
	w.out = append(w.out, env)
}

// share sends the nation's own-sensor system tracks to its partners, each
// to the partners that hear no better report of its object (see better).
// Only what its own sensors made is released: partners' data is not
// relayed.
func (n *nation) share() {
	w := n.w
	var due []*fusion.SystemTrack
	for _, st := range n.pic.Tracks() {
		if !st.Has(n.id, false) || w.now-st.LastS() > shareS*2 {
			continue
		}
		newest := math.Inf(-1)
		for i := range st.Reports {
			if r := &st.Reports[i]; r.Nation == n.id {
				newest = math.Max(newest, r.TimeS)
			}
		}
		if newest <= n.sharedS[st.STN] {
			continue // nothing new from own sensors since the last report
		}
		n.sharedS[st.STN] = newest
		due = append(due, st)
	}
	// The reports, worked out in parallel, then sent in order.
	reps := make([]shareReport, len(due))
	par.Each(len(due), func(i int) { reps[i] = n.report(due[i]) })
	for _, r := range reps {
		if r.msg == nil {
			continue
		}
		for _, p := range n.shareWith {
			if !w.hearsBetter(p, r.better) {
				n.send(p, n.releasable(r.msg, p))
			}
		}
	}
}

// shareReport is a track report and the partners that report its object
// better (see nation.better).
type shareReport struct {
	msg    *linkv1.Envelope
	better []string
}

// releasable is a track report as partner p may have it: its references
// to other nations' tracks only to those p hears from itself (its own, and
// those of nations that share with p).
func (n *nation) releasable(msg *linkv1.Envelope, p string) *linkv1.Envelope {
	return releasable(msg, func(r *linkv1.TrackRef) bool { return r.Nation == p || n.w.shares(r.Nation, p) })
}

// report is the track report of the nation's own sensors' share of a
// system track (nil if it has none, or if every partner hears a better
// one), with the partners that report the object better. It changes
// nothing of the nation's.
func (n *nation) report(st *fusion.SystemTrack) shareReport {
	w := n.w
	x, p, ok := n.pic.NationEstimate(st, n.id, w.now)
	if !ok {
		return shareReport{}
	}
	better := n.better(st, p[0][0]+p[1][1]+p[2][2])
	if w.hearsAll(n.shareWith, better) {
		return shareReport{} // every partner hears a better report
	}
	return shareReport{better: better, msg: trackEnvelope(st.STN, n.id, w.now, x, p, trackQuality(st, n.id), trackRefs(st, n.id))}
}

// better returns the partners that currently report a system track better
// than the nation's own sensors, whose estimate has position variance
// ownVar (m², the trace). Better is of fire-control quality where the
// other is not, or else with a position variance less than 1/r2Margin of
// the other's, the partner's report predicted to now. A partner's report
// older than 2·shareS does not count: the partner has stopped reporting.
//
// Reporting responsibility, as in Link 16: an object is reported to a
// partner by the nation best placed to, not by every nation that sees it.
// A nation leaves out a partner that hears a better report (its own, or a
// nation's that shares with it); the margin keeps two nations of like
// quality from both falling silent, and a partner that falls silent is
// taken over at the next report after 2·shareS.
func (n *nation) better(st *fusion.SystemTrack, ownVar float64) []string {
	now := n.w.now
	ownFC := st.Has(n.id, true)
	var out []string
	for i := range st.Reports {
		r := &st.Reports[i]
		dt := now - r.TimeS
		if r.Nation == n.id || dt > 2*shareS || slices.Contains(out, r.Nation) {
			continue
		}
		var v float64
		for k := range 3 {
			v += r.P[k][k] + 2*dt*r.P[k][k+3] + dt*dt*r.P[k+3][k+3]
		}
		if r.FireControl && !ownFC || r.FireControl == ownFC && r2Margin*v < ownVar {
			out = append(out, r.Nation)
		}
	}
	return out
}

// shares tells whether nation a shares its data with nation b.
func (w *world) shares(a, b string) bool {
	i := slices.IndexFunc(w.f.Nations, func(n scenario.Nation) bool { return n.ID == a })
	return i >= 0 && slices.Contains(w.f.Nations[i].ShareWith, b)
}

// hearsBetter tells whether a partner hears, from itself or from a nation
// that shares with it, a report of an object better than one's own: the
// nations in better (see nation.better).
func (w *world) hearsBetter(partner string, better []string) bool {
	return slices.ContainsFunc(better, func(b string) bool { return b == partner || w.shares(b, partner) })
}

// hearsAll tells whether every one of the partners hears a better report.
func (w *world) hearsAll(partners, better []string) bool {
	return !slices.ContainsFunc(partners, func(p string) bool { return !w.hearsBetter(p, better) })
}

// sharers are the nations that share their data with this one: those it
// expects to hear from.
func (n *nation) sharers() []string {
	var out []string
	for _, o := range n.w.f.Nations {
		if o.ID != n.id && slices.Contains(o.ShareWith, n.id) {
			out = append(out, o.ID)
		}
	}
	return out
}

// status reports the node's health and inventory to its partners (also its
// heartbeat), and notes partners not heard from for contactTimeoutS: out of
// contact, their tracks age out of the picture and no engagement can be
// deconflicted with them, so the nation falls back to step1 with them (its
// own fire-control tracks only), and an engagement it would have
// deconflicted with them goes ahead only in defence of its own assets or
// when it takes the threat over from them (bmc.Manager.LostContact),
// until they are heard again.
func (n *nation) status() {
	w := n.w
	st := statusEnvelope(n.id, w.level, n.bm.Batteries())
	for _, p := range n.shareWith {
		n.send(p, &linkv1.Envelope{Body: &linkv1.Envelope_NodeStatus{NodeStatus: st}})
	}
	for _, p := range n.sharers() {
		if !n.bm.Lost(p) && w.now-n.heardS[p] > contactTimeoutS {
			n.bm.LostContact(p, n.heardS[p])
			w.log(Event{TS: w.now, Type: EvContactLost, Nation: n.id, To: p,
				Detail: fmt.Sprintf("no word for %.0f s: no engagement on its tracks, none deconflicted with it", w.now-n.heardS[p])})
		}
	}
}

// heard notes a message from a partner.
func (n *nation) heard(from string) {
	w := n.w
	if n.bm.Lost(from) {
		n.bm.Heard(from)
		w.log(Event{TS: w.now, Type: EvContactRestored, Nation: n.id, To: from, Detail: fmt.Sprintf("after %.0f s", w.now-n.heardS[from])})
	}
	n.heardS[from] = w.now
}

// onTrack takes a partner's track report into the picture.
func (n *nation) onTrack(from string, tr *linkv1.TrackReport) {
	w := n.w
	r, pe, ok := trackReport(from, tr)
	if !ok {
		return
	}
	r.Join = func() uint64 { return n.correlated(tr.Correlated) }
	stn, err := n.pic.fuse(w.now, r)
	if err != nil {
		return
	}
	k := remoteKey{from, tr.SystemTrack}
	truth, seen := n.remoteTruth[k]
	if !seen {
		truth = w.nearestTruth(ecef(tr.PositionM), tr.TimeS, math.Sqrt(pe[0][0]+pe[1][1]+pe[2][2]))
		n.remoteTruth[k] = truth
	}
	if truth >= 0 && !n.sharedTold[truth] {
		n.sharedTold[truth] = true
		w.log(Event{TS: w.now, Type: EvTrackShared, Nation: n.id, Threat: w.threats[truth].id, Detail: "from " + from})
	}
	n.bm.Matched(from, tr.SystemTrack, stn)
}

// onWarning: a partner's launch warning, warning time for the threat
// launched when and where it says.
func (n *nation) onWarning(from string, lw *linkv1.LaunchWarning) {
	w := n.w
	if i := n.warnedOf(lw); i >= 0 {
		n.warnedBy[i], n.warned[i] = true, true
		w.log(Event{TS: w.now, Type: EvWarning, Nation: n.id, Sensor: lw.SourceSensor, Threat: w.threats[i].id, Detail: "from " + from})
	}
}

// correlated is the system track that a partner's report names as its
// object (0: none it names is held): one of this nation's own, or the one a
// third nation's track it names feeds.
func (n *nation) correlated(refs []*linkv1.TrackRef) uint64 {
	for _, r := range refs {
		if r.Nation != n.id {
			continue
		}
		if _, ok := n.pic.Track(r.SystemTrack); ok {
			return r.SystemTrack
		}
	}
	for _, r := range refs {
		if r.Nation == n.id {
			continue
		}
		if stn, ok := n.pic.PartnerTrack(r.Nation, r.SystemTrack); ok {
			return stn
		}
	}
	return 0
}
