package sim

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/jrmd/jrmd/internal/ballistic"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/internal/geo"
	"github.com/jrmd/jrmd/internal/intercept"
	"github.com/jrmd/jrmd/internal/link"
	"github.com/jrmd/jrmd/internal/link/linkv1"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sensor"
	"github.com/jrmd/jrmd/internal/track"
)

// radarUnit is a radar with its own tracker.
type radarUnit struct {
	r       sensor.Radar
	nation  *nation
	tracker *track.Tracker
	rng     *rand.Rand
	// By tracker track ID (the tracker numbers its tracks 1, 2, …):
	// truthCount, each track's measurements' truths (metrics bookkeeping);
	// aliveS, the last scan a track fed to the nation's fuser was alive at
	// (NaN: not fed), the fed ones listed in published.
	truthCount []tally
	aliveS     []float64
	published  []int
	// Threats this radar has detected, holds a confirmed track on, and
	// holds a fire-control track on (first-time events).
	detected, confirmed, fireControl map[int]bool
	// cueMet: in a cue's run, the (threat, rule of world.cueRules) pairs
	// whose rule its track has met (first-time events).
	cueMet map[[2]int]bool
	ms     []track.Measurement // scan's, reused
	nextS  float64             // its next scan (+Inf: none)
}

type irUnit struct {
	w   sensor.InfraredWarning
	rng *rand.Rand
}

type battery struct {
	id        string
	owner     string            // its nation
	timing    bmc.Timing        // its release authority's decision and its own reaction
	rule      track.FireControl // the track it may launch on (batteryRule)
	site      geo.LLA
	pos       geo.ECEF // the site
	it        intercept.Interceptor
	inventory int
	rng       *rand.Rand
}

// evaluation is a nation's cached threat evaluation of a system track.
type evaluation struct {
	atS      float64
	pred     *ballistic.Trajectory // predicted from the fused estimate
	impact   geo.ECEF              // its impact point
	sigmaM   float64               // its uncertainty (see evaluate)
	asset    int                   // threatened asset, −1: none
	feasible map[*battery]bool     // own batteries, and partners' under step2
	reachS   map[*battery]float64  // a reachable intercept time of each feasible one
	// infeasibleS: when each battery out of reach was last found so.
	infeasibleS map[*battery]float64
	refused     map[*battery]bool // release denied or plan infeasible: not again for this track
	waiting     map[*battery]bool // planned without commit: not again before the next evaluation
}

// engagement is one battery's engagement of one system track.
type engagement struct {
	stn      uint64
	truth    int // the object the track follows (−1: a false track)
	b        *battery
	n        int
	plan     intercept.Plan
	asset    int
	state    int
	waiting  map[string]bool // partners whose acknowledgement is awaited
	claimedS float64
}

const (
	engPending = iota // waiting for deconfliction acknowledgements
	engReady          // launch scheduled
	engFlying
	engDone
)

// claim is the holder of a system track's engagement in a nation's
// deconfliction register.
type claim struct {
	nation string
	t      float64
}

// nation is a national command node: its sensors and trackers, its fused
// picture, its battle management and batteries, its links to partners.
type nation struct {
	w         *world
	id        string
	policy    bmc.Policy
	doctrine  scenario.Doctrine
	shareWith []string
	radars    []*radarUnit
	irs       []*irUnit
	batteries []*battery
	// partnerBats: under step2, the batteries of the partners engagements
	// are deconflicted with, as far as this nation knows them (sites and
	// interceptors from the architecture, inventories from their status
	// reports), for the integrated assignment.
	partnerBats []*battery
	// sized is the last message body sent, of encoded size bodySize.
	sized    any
	bodySize int
	// offered: threats the integrated assignment gives to a partner's
	// battery, since when.
	offered map[uint64]offer
	fuser   *fusion.Fuser

	engaged   map[uint64]*engagement
	dead      map[uint64]bool
	exhausted map[uint64]bool
	attempts  map[uint64]int // missed salvos per track
	eval      map[uint64]*evaluation
	claims    map[uint64]*claimState
	// pendingClaims are partners' claims not yet matched to a track.
	pendingClaims map[string][]remoteClaim
	sharedS       map[uint64]float64 // system track → newest own report already shared
	// cuedS: when each system track entered the picture (the first track
	// of its object the nation held, own or, when the level shares, a
	// partner's): the cue its command chain decides from (bmc.Timing).
	cuedS map[uint64]float64
	// launchers: the launch rules of its batteries (a cue's run adds every
	// library type's at each), and launchable, for each system track, those
	// it has already met (a may_launch event each).
	launchers   []launcher
	launchable  map[uint64][]bool
	betaKgM2    float64           // the re-entry ballistic coefficient it predicts tracks with
	remoteTruth map[remoteKey]int // metrics bookkeeping: what a partner's track follows
	sharedTold  map[int]bool      // threats a partner's track report has told of
	warnedBy    map[int]bool      // threats a partner's launch warning has told of
	seq         uint64
	// Contact with the partners that share with this nation: when each was
	// last heard from, and which are out of contact.
	heardS map[string]float64
	lost   map[string]bool
	// Why threats were not engaged (see explain). By threat: the furthest
	// gate of the decision chain it reached and what was found there
	// (why), whether the nation launched at it (fired), whether it was
	// warned of its launch (warned). By system track number: the furthest
	// gate noted (stage). The threats in the order their flights end
	// (ends), of which the first explained have been explained.
	why       []whyNot
	stage     []bmc.Reason
	fired     []bool
	warned    []bool
	ends      []int
	explained int
}

type claimState struct{ holder claim }

type offer struct {
	nation string
	sinceS float64
}

type remoteKey struct {
	nation string
	stn    uint64
}

type remoteClaim struct {
	from string
	msg  *linkv1.EngagementClaim
}

// schedule starts the node's cycles at the first launch.
func (n *nation) schedule(first float64) {
	w := n.w
	n.exhausted = map[uint64]bool{}
	n.attempts = map[uint64]int{}
	n.sharedS = map[uint64]float64{}
	n.cuedS = map[uint64]float64{}
	n.launchable = map[uint64][]bool{}
	n.remoteTruth = map[remoteKey]int{}
	n.sharedTold = map[int]bool{}
	n.warnedBy = map[int]bool{}
	n.heardS = map[string]float64{}
	n.lost = map[string]bool{}
	n.offered = map[uint64]offer{}
	n.why = make([]whyNot, len(w.threats))
	n.fired, n.warned = make([]bool, len(w.threats)), make([]bool, len(w.threats))
	n.ends = make([]int, len(w.threats))
	for i := range n.ends {
		n.ends[i] = i
	}
	slices.SortStableFunc(n.ends, func(a, b int) int {
		return cmp.Compare(w.threats[a].launchS+w.threats[a].tr.FlightTimeS, w.threats[b].launchS+w.threats[b].tr.FlightTimeS)
	})
	if w.level == bmc.Step2 {
		for _, p := range n.claimPartners() {
			for _, b := range w.batteries {
				if b.owner == p {
					c := *b
					n.partnerBats = append(n.partnerBats, &c)
				}
			}
		}
	}
	for _, p := range n.sharers() {
		n.heardS[p] = first
	}
	for _, r := range n.radars {
		rev := r.r.Model.RevisitS // > 0: the scenario validated its type
		// Scans start at a phase set by the radar's own random stream.
		t0 := first + r.rng.Float64()*rev
		ru := r
		var scan func()
		scan = func() {
			n.scan(ru)
			ru.nextS = math.Inf(1)
			if w.now+rev <= w.end {
				ru.nextS = w.now + rev
				w.q.at(ru.nextS, local, scan)
			}
		}
		ru.nextS = t0
		w.q.at(t0, local, scan)
	}
	for _, ir := range n.irs {
		for _, t := range w.threats {
			rep, ok := ir.w.Report(w.e, t.tr, t.idx, ir.rng)
			if !ok {
				continue
			}
			if t.launchS+rep.TimeS < w.now {
				continue // before a rejoined node's time
			}
			th, r, unit := t, rep, ir
			w.q.at(t.launchS+rep.TimeS, n.sending(), func() { n.warning(unit, th, r) })
		}
	}
	var decide, share func()
	decide = func() {
		n.decide()
		if w.now+decisionS <= w.end {
			w.q.at(w.now+decisionS, n.deciding(), decide)
		} else {
			n.explainEnded(true) // the run ends: the threats still in flight too
		}
	}
	share = func() {
		n.share()
		n.status()
		if w.now+shareS <= w.end {
			w.q.at(w.now+shareS, sends, share)
		}
	}
	w.q.at(first+decisionS, n.deciding(), decide)
	if w.level.Shares() && len(n.shareWith) > 0 {
		w.q.at(first+shareS, sends, share)
	}
}

// sending is the reach of an action that tells the partners what it
// learns (when the level shares anything).
func (n *nation) sending() reach {
	if n.w.level.Shares() {
		return sends
	}
	return local
}

// deciding is the reach of the battle-management cycle: under step2 it
// claims engagements from its partners.
func (n *nation) deciding() reach {
	if n.w.level == bmc.Step2 && len(n.claimPartners()) > 0 {
		return sends
	}
	return local
}

// scan runs one radar scan: detections, the radar's tracker, and the
// confirmed tracks into the national picture.
func (n *nation) scan(ru *radarUnit) {
	w := n.w
	truths := w.truthsFor(ru.r.Model.FrequencyHz)
	dets := ru.r.Observe(w.e, w.now, truths, ru.rng)
	ms := ru.ms[:0] // the tracker keeps none of a scan's measurements
	for _, d := range dets {
		ms = append(ms, track.FromDetection(d))
		if d.TruthID >= 0 && !ru.detected[d.TruthID] {
			ru.detected[d.TruthID] = true
			w.log(Event{TS: w.now, Type: EvDetection, Nation: n.id, Sensor: ru.r.ID, Threat: w.threats[d.TruthID].id})
		}
	}
	ru.ms = ms
	if err := ru.tracker.Step(w.now, ms, ru.r.ID); err != nil {
		return // a tracker error drops the scan; the tracks carry on
	}
	for _, a := range ru.tracker.Assignments() {
		for len(ru.truthCount) <= a.TrackID {
			ru.truthCount = append(ru.truthCount, nil)
			ru.aliveS = append(ru.aliveS, math.NaN())
		}
		ru.truthCount[a.TrackID].add(dets[a.Meas].TruthID)
	}
	for i := range ru.tracker.Tracks() {
		tk := &ru.tracker.Tracks()[i]
		if !math.IsNaN(ru.aliveS[tk.ID]) {
			ru.aliveS[tk.ID] = w.now
		}
		if tk.Status != track.Confirmed || tk.LastUpdateS != w.now {
			continue
		}
		fc := track.DefaultFireControl.Ready(tk, w.now)
		if _, err := n.fuse(fusion.Report{Source: ru.r.ID, ID: uint64(tk.ID), Nation: n.id, TimeS: tk.State.TimeS,
			X: tk.State.X, P: tk.State.P, FireControl: fc, Firm: track.DefaultFireControl.Firm(tk, w.now)}); err != nil {
			continue
		}
		if math.IsNaN(ru.aliveS[tk.ID]) {
			ru.published = append(ru.published, tk.ID)
		}
		ru.aliveS[tk.ID] = w.now
		truth := ru.truthCount[tk.ID].dominant()
		if truth >= 0 && !ru.confirmed[truth] {
			ru.confirmed[truth] = true
			w.log(Event{TS: w.now, Type: EvTrackConfirmed, Nation: n.id, Sensor: ru.r.ID, Threat: w.threats[truth].id})
		}
		if truth >= 0 && fc && !ru.fireControl[truth] {
			ru.fireControl[truth] = true
			w.log(Event{TS: w.now, Type: EvTrackFireControl, Nation: n.id, Sensor: ru.r.ID, Threat: w.threats[truth].id})
		}
		if truth >= 0 {
			n.cueRulesMet(ru, tk, truth)
		}
	}
	ru.published = slices.DeleteFunc(ru.published, func(id int) bool {
		if ru.aliveS[id] == w.now {
			return false
		}
		n.fuser.Remove(ru.r.ID, uint64(id))
		ru.aliveS[id] = math.NaN()
		return true
	})
}

// tally counts by truth: a track's measurements, or a system track's
// radar tracks (a few truths each).
type tally []struct{ truth, n int }

func (t *tally) add(truth int) {
	for i := range *t {
		if (*t)[i].truth == truth {
			(*t)[i].n++
			return
		}
	}
	*t = append(*t, struct{ truth, n int }{truth, 1})
}

// dominant is the truth counted most (−1 for none or false alarms), ties
// to the lower index.
func (t *tally) dominant() int {
	best, bn := -1, 0
	if t == nil {
		return best
	}
	for _, c := range *t {
		if c.truth >= 0 && (c.n > bn || (c.n == bn && c.truth < best)) {
			best, bn = c.truth, c.n
		}
	}
	return best
}

// fuse takes a report into the nation's picture, noting when a system
// track it starts entered it.
func (n *nation) fuse(r fusion.Report) (uint64, error) {
	stn, isNew, err := n.fuser.Update(r)
	if err == nil && isNew {
		n.cuedS[stn] = n.w.now
	}
	return stn, err
}

// launchS is the earliest launch of a battery against a system track the
// nation may fire on now (bmc.Timing: the decision from the track's cue,
// the reaction from now).
func (n *nation) launchS(stn uint64, b *battery) float64 {
	cue, ok := n.cuedS[stn]
	if !ok {
		cue = math.NaN()
	}
	return b.timing.EarliestLaunchS(cue, n.w.now)
}

// truthOf is the object a system track follows, for metrics and for the
// physical outcome of an engagement (the interceptor flies at what the
// track follows): the object most of the nation's own measurements in it
// came from or, for a track made only of partners' reports, the object
// nearest its estimate.
func (n *nation) truthOf(stn uint64) int {
	st, ok := n.fuser.Track(stn)
	if !ok {
		return -1
	}
	var votes tally
	for _, r := range st.Reports {
		if r.Nation != n.id {
			continue
		}
		for _, ru := range n.radars {
			if ru.r.ID == r.Source {
				if id := int(r.ID); id < len(ru.truthCount) {
					if t := ru.truthCount[id].dominant(); t >= 0 {
						votes.add(t)
					}
				}
			}
		}
	}
	if t := votes.dominant(); t >= 0 {
		return t
	}
	x, p, ok := n.fuser.Estimate(stn, n.w.now)
	if !ok {
		return -1
	}
	pos, _ := track.ToECEF(x, n.w.now)
	return n.w.nearestTruth(pos, n.w.now, math.Sqrt(p[0][0]+p[1][1]+p[2][2]))
}

// warning: an infrared launch report reaches the nation (and, when it
// shares, its partners).
func (n *nation) warning(ir *irUnit, t *threat, rep sensor.LaunchReport) {
	w := n.w
	w.log(Event{TS: w.now, Type: EvWarning, Nation: n.id, Sensor: ir.w.ID, Threat: t.id})
	n.warned[t.idx] = true
	if !w.level.Shares() {
		return
	}
	msg := &linkv1.Envelope{Body: &linkv1.Envelope_LaunchWarning{LaunchWarning: &linkv1.LaunchWarning{
		WarningId: fmt.Sprintf("%s/%d", ir.w.ID, t.idx), SourceSensor: ir.w.ID,
		LaunchTimeS: t.launchS + rep.LaunchTimeS, LaunchTimeSigmaS: rep.LaunchTimeSigmaS,
		LaunchPoint: &linkv1.LatLon{LatDeg: rep.LaunchPoint.LatDeg, LonDeg: rep.LaunchPoint.LonDeg}, LaunchPointSigmaM: rep.LaunchPointSigmaM,
	}}}
	for _, p := range n.shareWith {
		n.send(p, msg)
	}
}

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
	for _, st := range n.fuser.Tracks() {
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
	tr := msg.GetTrack()
	keep := func(r *linkv1.TrackRef) bool { return r.Nation == p || n.w.shares(r.Nation, p) }
	if tr == nil || !slices.ContainsFunc(tr.Correlated, func(r *linkv1.TrackRef) bool { return !keep(r) }) {
		return msg
	}
	c := proto.CloneOf(tr)
	c.Correlated = slices.DeleteFunc(c.Correlated, func(r *linkv1.TrackRef) bool { return !keep(r) })
	return &linkv1.Envelope{Body: &linkv1.Envelope_Track{Track: c}}
}

// report is the track report of the nation's own sensors' share of a
// system track (nil if it has none, or if every partner hears a better
// one), with the partners that report the object better. It changes
// nothing of the nation's.
func (n *nation) report(st *fusion.SystemTrack) shareReport {
	w := n.w
	x, p, ok := n.fuser.NationEstimate(st, n.id, w.now)
	if !ok {
		return shareReport{}
	}
	better := n.better(st, p[0][0]+p[1][1]+p[2][2])
	if w.hearsAll(n.shareWith, better) {
		return shareReport{} // every partner hears a better report
	}
	pos, vel := track.ToECEF(x, w.now)
	pe := track.CovToECEF(&p, w.now)
	// The quality: fire control by the generic rule (track.DefaultFireControl)
	// that reporting responsibility compares; else firm if one of its own
	// tracks is settled enough for a partner's battery to judge it by its
	// covariance under that battery's own launch rule, tentative if not.
	quality := linkv1.TrackQuality_TRACK_QUALITY_TENTATIVE
	switch {
	case st.Has(n.id, true):
		quality = linkv1.TrackQuality_TRACK_QUALITY_FIRE_CONTROL
	case slices.ContainsFunc(st.Reports, func(r fusion.Report) bool { return r.Nation == n.id && r.Firm }):
		quality = linkv1.TrackQuality_TRACK_QUALITY_FIRM
	}
	// The partners' tracks fused into this one, each once, for the
	// receivers' association (TrackReport.correlated).
	var refs []*linkv1.TrackRef
	for i := range st.Reports {
		r := &st.Reports[i]
		if r.Nation != n.id && !slices.ContainsFunc(refs, func(x *linkv1.TrackRef) bool { return x.Nation == r.Nation && x.SystemTrack == r.ID }) {
			refs = append(refs, &linkv1.TrackRef{Nation: r.Nation, SystemTrack: r.ID})
		}
	}
	return shareReport{better: better, msg: &linkv1.Envelope{Body: &linkv1.Envelope_Track{Track: &linkv1.TrackReport{
		SystemTrack: st.STN, SourceNation: n.id, TimeS: w.now,
		PositionM: vec(pos), VelocityMps: vec(vel), Covariance: upper(&pe), Quality: quality,
		Correlated: refs,
	}}}}
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
// own fire-control tracks only) and, for an engagement it would have to
// deconflict, to defending its own assets — autonomous — until they are
// heard again.
func (n *nation) status() {
	w := n.w
	st := &linkv1.NodeStatus{Node: n.id, Health: linkv1.Health_HEALTH_OK, Level: linkv1.IntegrationLevel(w.level)}
	for _, b := range n.batteries {
		st.Inventory = append(st.Inventory, &linkv1.BatteryInventory{Battery: b.id, Remaining: uint32(b.inventory)})
	}
	for _, p := range n.shareWith {
		n.send(p, &linkv1.Envelope{Body: &linkv1.Envelope_NodeStatus{NodeStatus: st}})
	}
	for _, p := range n.sharers() {
		if !n.lost[p] && w.now-n.heardS[p] > contactTimeoutS {
			n.lost[p] = true
			w.log(Event{TS: w.now, Type: EvContactLost, Nation: n.id, To: p,
				Detail: fmt.Sprintf("no word for %.0f s: no engagement on its tracks, none deconflicted with it", w.now-n.heardS[p])})
		}
	}
}

// heard notes a message from a partner.
func (n *nation) heard(from string) {
	w := n.w
	if n.lost[from] {
		delete(n.lost, from)
		w.log(Event{TS: w.now, Type: EvContactRestored, Nation: n.id, To: from, Detail: fmt.Sprintf("after %.0f s", w.now-n.heardS[from])})
	}
	n.heardS[from] = w.now
}

// receive handles a message from a partner.
func (n *nation) receive(env *linkv1.Envelope) {
	w := n.w
	from := env.SenderNation
	n.heard(from)
	switch b := env.Body.(type) {
	case *linkv1.Envelope_Track:
		tr := b.Track
		pe, ok := full(tr.Covariance)
		if !ok {
			return
		}
		x := track.FromECEF(ecef(tr.PositionM), ecef(tr.VelocityMps), tr.TimeS)
		p := track.CovFromECEF(&pe, tr.TimeS)
		stn, err := n.fuse(fusion.Report{Source: "nation:" + from, ID: tr.SystemTrack, Nation: from, TimeS: tr.TimeS,
			X: x, P: p, FireControl: tr.Quality == linkv1.TrackQuality_TRACK_QUALITY_FIRE_CONTROL,
			Firm: tr.Quality >= linkv1.TrackQuality_TRACK_QUALITY_FIRM,
			Join: func() uint64 { return n.correlated(tr.Correlated) }})
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
		n.matchPending(from, tr.SystemTrack, stn)
	case *linkv1.Envelope_LaunchWarning:
		// Warning time: the partner's report of the launch, of the threat
		// launched when and where it says.
		if i := n.warnedOf(b.LaunchWarning); i >= 0 {
			n.warnedBy[i], n.warned[i] = true, true
			w.log(Event{TS: w.now, Type: EvWarning, Nation: n.id, Sensor: b.LaunchWarning.SourceSensor, Threat: w.threats[i].id, Detail: "from " + from})
		}
	case *linkv1.Envelope_EngagementRequest:
		// A partner's request is only a request: this nation's own battle
		// management and release authority decide its engagements, and no
		// message makes a battery launch.
		r := b.EngagementRequest
		detail := "from " + from + ": a request only; " + n.id + " decides its own engagements"
		if !slices.ContainsFunc(n.batteries, func(b *battery) bool { return b.id == r.Battery }) {
			detail = "from " + from + ": refused: battery " + r.Battery + " is not " + n.id + "'s"
		}
		w.log(Event{TS: w.now, Type: EvRequest, Nation: n.id, Battery: r.Battery, STN: r.SystemTrack, Detail: detail})
	case *linkv1.Envelope_NodeStatus:
		for _, inv := range b.NodeStatus.Inventory {
			for _, pb := range n.partnerBats {
				if pb.owner == from && pb.id == inv.Battery {
					pb.inventory = int(inv.Remaining)
				}
			}
		}
	case *linkv1.Envelope_EngagementClaim:
		n.onClaim(from, b.EngagementClaim)
	case *linkv1.Envelope_ClaimAck:
		n.onAck(from, b.ClaimAck)
	case *linkv1.Envelope_KillAssessment:
		if stn, ok := n.fuser.Lookup("nation:"+from, b.KillAssessment.SystemTrack); ok && b.KillAssessment.Outcome == linkv1.Outcome_OUTCOME_KILL {
			n.dead[stn] = true
		}
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
		if _, ok := n.fuser.Track(r.SystemTrack); ok {
			return r.SystemTrack
		}
	}
	for _, r := range refs {
		if r.Nation == n.id {
			continue
		}
		if stn, ok := n.fuser.Lookup("nation:"+r.Nation, r.SystemTrack); ok {
			return stn
		}
	}
	return 0
}

// decide is the battle-management cycle: evaluate threats, assign own
// batteries, plan, approve and launch (or claim first under step2).
func (n *nation) decide() {
	w := n.w
	n.explainEnded(false)
	n.fuser.Prune(w.now) // contributions not refreshed for fuseStaleS go
	for stn := range n.eval {
		// An ended track's evaluation (its predicted flight) is not asked
		// for again: system track numbers are not reused.
		if _, ok := n.fuser.Track(stn); !ok {
			delete(n.eval, stn)
		}
	}
	type cand struct {
		stn   uint64
		ev    *evaluation
		value float64
		may   []bool // by battery of bats: it may launch on the track
	}
	var bats []*battery
	for _, b := range n.batteries {
		if b.inventory > 0 {
			bats = append(bats, b)
		}
	}
	own := len(bats)
	for _, b := range n.partnerBats {
		if own > 0 && b.inventory > 0 && !n.lost[b.owner] {
			bats = append(bats, b)
		}
	}
	var open []uint64
	var mays [][]bool
	var pics pictures
	for _, st := range n.fuser.Tracks() {
		stn := st.STN
		if n.dead[stn] || n.exhausted[stn] || n.engaged[stn] != nil || w.now-st.LastS() > 10 {
			continue
		}
		pics.of(st, n.id)
		if len(n.batteries) > 0 {
			n.mayLaunch(st, &pics)
		}
		if own == 0 {
			// Nothing left to engage with.
			if len(n.batteries) > 0 && n.further(stn, bmc.InventoryExhausted) {
				n.record(stn, whyNot{reason: bmc.InventoryExhausted, detail: "no battery of " + n.id + " has interceptors left"})
			}
			continue
		}
		if c := n.claims[stn]; c != nil && c.holder.nation != n.id {
			if n.further(stn, bmc.AssignedToPartner) {
				n.record(stn, whyNot{reason: bmc.AssignedToPartner, detail: "claimed by " + c.holder.nation})
			}
			continue // a partner holds it
		}
		// Which batteries may launch on it: each by its own launch rule,
		// its own nation's tracks at every level, a partner's too under
		// step2 (a partner's battery, there only under step2, on any).
		may := make([]bool, len(bats))
		any, partnerOnly := false, false
		for j, b := range bats {
			pic := pics.judge(b.rule)
			if j < own {
				may[j] = w.level.MayLaunch(pic)
				partnerOnly = partnerOnly || pic.PartnerFireControl
			} else {
				may[j] = pic.OwnFireControl || pic.PartnerFireControl
			}
			any = any || may[j]
		}
		if !any {
			var spent []string // batteries that may launch on it, with no interceptors left
			for _, b := range n.batteries {
				if b.inventory == 0 && w.level.MayLaunch(pics.judge(b.rule)) {
					spent = append(spent, b.id)
				}
			}
			switch {
			case len(spent) > 0:
				if r := bmc.InventoryExhausted; n.further(stn, r) {
					n.record(stn, whyNot{reason: r, detail: "only " + strings.Join(spent, ", ") + " may launch on its track, with no interceptors left"})
				}
			case partnerOnly:
				if r := bmc.PartnerTrackOnly; n.further(stn, r) {
					n.record(stn, whyNot{reason: r, detail: n.partnerOnly(st, bats[:own])})
				}
			default:
				if r := bmc.NoFireControl; n.further(stn, r) {
					n.record(stn, whyNot{reason: r})
				}
			}
			continue
		}
		open = append(open, stn)
		mays = append(mays, may)
	}
	if own == 0 {
		return
	}
	var cands []cand
	for i, ev := range n.evaluateAll(open) {
		if ev != nil && ev.asset < 0 && n.further(open[i], bmc.NotThreatening) {
			n.record(open[i], whyNot{reason: bmc.NotThreatening, detail: n.harmless(ev)})
		}
		if ev == nil || ev.asset < 0 {
			continue
		}
		cands = append(cands, cand{stn: open[i], ev: ev, value: w.assets[ev.asset].Value, may: mays[i]})
	}
	if len(cands) == 0 {
		return
	}
	values := make([]float64, len(cands))
	pk := make([][]float64, len(bats))
	inv := make([]int, len(bats))
	reach := make([]bool, len(cands)) // some battery that may launch on it can reach it
	for i, c := range cands {
		values[i] = c.value
	}
	for j, b := range bats {
		inv[j] = b.inventory
		pk[j] = make([]float64, len(cands))
		for i, c := range cands {
			ok := c.may[j] && c.ev.feasible[b]
			reach[i] = reach[i] || ok
			if ok && !c.ev.refused[b] && !c.ev.waiting[b] && !n.passed(c.stn, b) {
				// Between batteries of equal Pk, the one nearest the
				// predicted impact (a shorter fly-out), so that every
				// nation's assignment breaks ties alike.
				d := geo.Vec3(b.pos).Sub(geo.Vec3(c.ev.impact)).Norm()
				pk[j][i] = b.it.Pk * (1 - 1e-4*d/1e7)
			}
		}
	}
	for i, c := range cands {
		if !reach[i] && n.further(c.stn, bmc.OutOfReach) {
			var barred []*battery
			for j, b := range bats {
				if !c.may[j] {
					barred = append(barred, b)
				}
			}
			n.record(c.stn, whyNot{reason: bmc.OutOfReach, asset: w.assets[c.ev.asset].ID, ev: c.ev, barred: barred})
		}
	}
	shots, err := bmc.Assign(values, pk, inv, n.doctrine.Salvo)
	if err != nil {
		return
	}
	count := map[[2]int]int{}
	var order [][2]int
	assigned := make([]bool, len(cands))
	for _, s := range shots {
		k := [2]int{s.Target, s.Weapon}
		if count[k] == 0 {
			order = append(order, k)
		}
		count[k]++
		assigned[s.Target] = true
	}
	for i, c := range cands {
		if reach[i] && !assigned[i] && n.further(c.stn, bmc.NotAssigned) {
			n.record(c.stn, whyNot{reason: bmc.NotAssigned, asset: w.assets[c.ev.asset].ID, detail: n.unassigned(c.ev, bats, c.may)})
		}
	}
	// The plans of the own batteries' shots, worked out together (in
	// parallel: they are the cycle's costliest part, and independent).
	var mine []int // in order
	for i, k := range order {
		if k[1] < own && n.engaged[cands[k[0]].stn] == nil {
			mine = append(mine, i)
		}
	}
	plans := make([]planned, len(order))
	par.Each(len(mine), func(j int) {
		k := order[mine[j]]
		plans[mine[j]] = n.plan(cands[k[0]].stn, bats[k[1]])
	})
	for i, k := range order {
		c, b := cands[k[0]], bats[k[1]]
		if k[1] >= own {
			// The partner's to engage, by the assignment both compute.
			if o, ok := n.offered[c.stn]; !ok || o.nation != b.owner {
				n.offered[c.stn] = offer{nation: b.owner, sinceS: w.now}
			}
			if n.further(c.stn, bmc.AssignedToPartner) {
				n.record(c.stn, whyNot{reason: bmc.AssignedToPartner, battery: b.id, asset: w.assets[c.ev.asset].ID,
					detail: fmt.Sprintf("the integrated assignment gave it to %s's %s, which did not engage it", b.owner, b.id)})
			}
			continue
		}
		if n.engaged[c.stn] != nil {
			continue // one battery per threat per cycle; the rest next time
		}
		n.engage(c.stn, c.ev, b, count[k], plans[i])
	}
}

// launcher is one launch rule the nation watches its picture for: a
// battery's, for an interceptor type (its own; in a cue's run every
// library type's too).
type launcher struct {
	battery, interceptor string
	rule                 track.FireControl
}

// pictures is one system track as a nation's picture holds it, judged
// under each launch rule asked about (bmc.Judge), each judged once.
type pictures struct {
	st     *fusion.SystemTrack
	nation string
	rules  []track.FireControl
	pics   []bmc.Picture
}

// of starts judging system track st for nation.
func (p *pictures) of(st *fusion.SystemTrack, nation string) {
	p.st, p.nation, p.rules, p.pics = st, nation, p.rules[:0], p.pics[:0]
}

// judge is the track's picture under a launch rule.
func (p *pictures) judge(rule track.FireControl) bmc.Picture {
	if i := slices.Index(p.rules, rule); i >= 0 {
		return p.pics[i]
	}
	pic := bmc.Judge(p.st, p.nation, rule)
	p.rules, p.pics = append(p.rules, rule), append(p.pics, pic)
	return pic
}

// mayLaunch logs, for each of the nation's launchers, the first time it
// holds a system track the launcher's rule lets its battery launch on
// under the level (bmc.Level.MayLaunch): the track's object, when it
// entered the picture (its cue) and whose track it is.
func (n *nation) mayLaunch(st *fusion.SystemTrack, pics *pictures) {
	w := n.w
	done := n.launchable[st.STN]
	truth := -2 // not yet looked up
	for k, l := range n.launchers {
		if done != nil && done[k] || !w.level.MayLaunch(pics.judge(l.rule)) {
			continue
		}
		if done == nil {
			done = make([]bool, len(n.launchers))
			n.launchable[st.STN] = done
		}
		done[k] = true
		if truth == -2 {
			truth = n.truthOf(st.STN)
		}
		if truth < 0 {
			continue // a false track
		}
		cue, ok := n.cuedS[st.STN]
		if !ok {
			cue = w.now
		}
		ev := Event{TS: w.now, Type: EvMayLaunch, Nation: n.id, Threat: w.threats[truth].id, Battery: l.battery, Interceptor: l.interceptor,
			STN: st.STN, CueS: cue}
		for i := range st.Reports {
			r := &st.Reports[i]
			if !bmc.Meets(r, l.rule) {
				continue
			}
			if r.Nation == n.id {
				ev.Sensor, ev.Detail = r.Source, "own fire-control track"
				break
			}
			if ev.Detail == "" {
				ev.Detail = r.Nation + "'s fire-control track"
			}
		}
		w.log(ev)
	}
}

// cueRulesMet logs, in a cue's run, the first time a radar's track of a
// threat meets each launch rule of world.cueRules: a track_fire_control
// event per battery and interceptor type with that rule.
func (n *nation) cueRulesMet(ru *radarUnit, tk *track.Track, truth int) {
	w := n.w
	for k, cr := range w.cueRules {
		key := [2]int{truth, k}
		if ru.cueMet[key] || !cr.rule.Ready(tk, w.now) {
			continue
		}
		ru.cueMet[key] = true
		for _, l := range cr.who {
			w.log(Event{TS: w.now, Type: EvTrackFireControl, Nation: n.id, Sensor: ru.r.ID, Threat: w.threats[truth].id,
				Battery: l.battery, Interceptor: l.interceptor})
		}
	}
}

// passed tells whether a partner's battery has let a threat the integrated
// assignment gave it go unclaimed for claimGraceS: the partner's picture or
// plans differ, and the nation's own batteries take the threat over.
func (n *nation) passed(stn uint64, b *battery) bool {
	o, ok := n.offered[stn]
	return ok && b.owner != n.id && o.nation == b.owner && n.w.now-o.sinceS > claimGraceS
}

// evaluateAll returns the evaluations of system tracks (nil for one that
// cannot be evaluated), each refreshed at most every evalS: those due are
// worked out in parallel.
func (n *nation) evaluateAll(stns []uint64) []*evaluation {
	evs := make([]*evaluation, len(stns))
	var due []int
	for i, stn := range stns {
		if ev := n.eval[stn]; ev != nil && n.w.now-ev.atS < evalS {
			evs[i] = ev
		} else {
			due = append(due, i)
		}
	}
	par.Each(len(due), func(k int) { evs[due[k]] = n.evaluate(stns[due[k]]) })
	for _, i := range due {
		if evs[i] != nil {
			n.eval[stns[i]] = evs[i]
		}
	}
	return evs
}

// evaluate predicts a system track's flight and which batteries can engage
// it, reusing what its last evaluation found. It changes nothing of the
// nation's.
func (n *nation) evaluate(stn uint64) *evaluation {
	w := n.w
	x, p, ok := n.fuser.Estimate(stn, w.now)
	if !ok {
		return nil
	}
	pos, vel := track.ToECEF(x, w.now)
	pred, err := ballistic.Fly(w.e, w.now, pos, vel, n.betaKgM2, 0)
	if err != nil {
		return nil
	}
	// Impact uncertainty: position spread plus velocity spread over the
	// time to go (a deliberately simple, conservative bound).
	tgo := pred.FlightTimeS - w.now
	sigma := math.Sqrt(p[0][0]+p[1][1]+p[2][2]) + tgo*math.Sqrt(p[3][3]+p[4][4]+p[5][5])
	ev := &evaluation{atS: w.now, pred: &pred, impact: w.e.ToECEF(pred.Impact), sigmaM: sigma, asset: bmc.Threatened(w.e, pred.Impact, sigma, w.assets),
		feasible: map[*battery]bool{}, reachS: map[*battery]float64{}, infeasibleS: map[*battery]float64{}, refused: map[*battery]bool{}, waiting: map[*battery]bool{}}
	old := n.eval[stn]
	if old != nil {
		ev.refused = old.refused
	}
	if ev.asset < 0 {
		return ev
	}
	for _, bats := range [][]*battery{n.batteries, n.partnerBats} {
		for _, b := range bats {
			if b.inventory == 0 {
				continue
			}
			q := intercept.Reach{Earth: w.e, Site: b.site, Threat: &pred, ThreatEndS: pred.FlightTimeS, Interceptor: b.it, LaunchDelayS: n.launchS(stn, b)}
			hint := math.NaN()
			if old != nil {
				if t, ok := old.reachS[b]; ok {
					hint = t
				} else if s, ok := old.infeasibleS[b]; ok && w.now-s < infeasibleHoldS {
					// Out of reach not long ago: the launch can only come
					// later, so it stands for a while.
					ev.infeasibleS[b] = s
					continue
				}
			}
			t, ok, err := q.Reachable(hint)
			if !ok {
				ev.infeasibleS[b] = w.now
			}
			ev.feasible[b] = ok && err == nil
			if ev.feasible[b] {
				ev.reachS[b] = t
			}
		}
	}
	return ev
}

// planned is a battery's plan to engage a system track, made from the
// track's estimate (ok is false without one).
type planned struct {
	ok       bool
	pos, vel geo.ECEF
	plan     intercept.Plan
	err      error
}

// plan plans a battery's engagement of a system track. It changes nothing
// of the nation's.
func (n *nation) plan(stn uint64, b *battery) planned {
	w := n.w
	x, p, ok := n.fuser.Estimate(stn, w.now)
	if !ok {
		return planned{}
	}
	pos, vel := track.ToECEF(x, w.now)
	g := intercept.Engagement{Earth: w.e, Site: b.site, Interceptor: b.it,
		Track: intercept.TrackState{TimeS: w.now, Pos: pos, Vel: vel, Cov: track.CovToECEF(&p, w.now), Source: n.id},
		NowS:  w.now, DecisionS: n.launchS(stn, b) - w.now, ReentryBetaKgM2: n.betaKgM2, KillAssessS: n.doctrine.KillAssessS, StepS: planStepS}
	plan, err := g.Plan()
	return planned{ok: true, pos: pos, vel: vel, plan: plan, err: err}
}

// engage takes a battery's plan to engage a track and, if the plan commits
// and the nation's release policy approves, launches or (under step2)
// claims the engagement first.
func (n *nation) engage(stn uint64, ev *evaluation, b *battery, count int, pl planned) {
	w := n.w
	if !pl.ok {
		return
	}
	pos, vel, plan, err := pl.pos, pl.vel, pl.plan, pl.err
	if err != nil || !plan.Feasible {
		ev.refused[b] = true
		if n.further(stn, bmc.PlanInfeasible) {
			n.record(stn, whyNot{reason: bmc.PlanInfeasible, battery: b.id, asset: w.assets[ev.asset].ID,
				detail: fmt.Sprintf("%s's plan found no intercept from its earliest launch at %.0f s", b.id, n.launchS(stn, b))})
		}
		return
	}
	if !plan.Commit {
		// Not yet good enough to launch on: wait for the track to firm up
		// (re-planned with the next evaluation).
		ev.waiting[b] = true
		if n.further(stn, bmc.NotCommitted) {
			n.record(stn, whyNot{reason: bmc.NotCommitted, battery: b.id, asset: w.assets[ev.asset].ID, detail: uncommitted(b, plan)})
		}
		return
	}
	asset := w.assets[ev.asset]
	if okRel, why := n.policy.Approve(w.e, asset.ID, plan.PIP); !okRel {
		ev.refused[b] = true
		w.log(Event{TS: w.now, Type: EvReleaseDenied, Nation: n.id, Battery: b.id, STN: stn, Asset: asset.ID, Detail: why})
		if n.further(stn, bmc.ReleaseDenied) {
			n.record(stn, whyNot{reason: bmc.ReleaseDenied, battery: b.id, asset: w.assets[ev.asset].ID, detail: why})
		}
		return
	}
	truth := n.truthOf(stn)
	eng := &engagement{stn: stn, truth: truth, b: b, n: min(count, b.inventory), plan: plan, asset: ev.asset, claimedS: w.now}
	n.engaged[stn] = eng
	thID := ""
	if truth >= 0 {
		thID = w.threats[truth].id
	}
	w.log(Event{TS: w.now, Type: EvPlan, Nation: n.id, Battery: b.id, STN: stn, Threat: thID, Asset: asset.ID,
		LaunchS: plan.LaunchS, InterceptS: plan.InterceptS, BattlespaceS: plan.BattlespaceS, Count: eng.n})
	partners := n.claimPartners()
	if w.level != bmc.Step2 || len(partners) == 0 {
		n.ready(eng)
		return
	}
	if i := slices.IndexFunc(partners, func(p string) bool { return n.lost[p] }); i >= 0 {
		// Deconfliction cannot complete without that partner's word.
		n.unconfirmed(eng, "no contact with "+partners[i])
		return
	}
	n.claims[stn] = &claimState{holder: claim{nation: n.id, t: w.now}}
	eng.state = engPending
	eng.waiting = map[string]bool{}
	wait := 0.0
	msg := &linkv1.Envelope{Body: &linkv1.Envelope_EngagementClaim{EngagementClaim: &linkv1.EngagementClaim{
		SystemTrack: stn, Nation: n.id, Battery: b.id, PlannedLaunchS: plan.LaunchS, PlannedInterceptS: plan.InterceptS,
		Interceptors: uint32(eng.n), PositionM: vec(pos), VelocityMps: vec(vel), ClaimTimeS: w.now,
	}}}
	for _, p := range partners {
		eng.waiting[p] = true
		wait = math.Max(wait, 2*w.net.maxLatencyS(w.net.route(n.id, p)))
		n.send(p, msg)
	}
	w.log(Event{TS: w.now, Type: EvClaim, Nation: n.id, Battery: b.id, STN: stn, Threat: thID})
	w.q.at(w.now+wait+ackTimeoutS, local, func() { n.ackDeadline(eng) })
}

// claimPartners are the partners deconfliction runs with: those the nation
// shares with and that can reach it.
func (n *nation) claimPartners() []string {
	var out []string
	for _, p := range n.shareWith {
		if n.w.net.route(n.id, p) != nil {
			out = append(out, p)
		}
	}
	return out
}

// ready schedules the launch of a planned engagement.
func (n *nation) ready(eng *engagement) {
	w := n.w
	eng.state = engReady
	w.q.at(math.Max(w.now, eng.plan.LaunchS), local, func() { n.launch(eng) })
}

// ackDeadline: acknowledgements missing. Without every partner's word the
// nation only proceeds in defence of its own assets (its release authority
// is its own; another nation's asset it leaves to the deconfliction it
// could not complete).
func (n *nation) ackDeadline(eng *engagement) {
	if eng.state != engPending {
		return
	}
	n.unconfirmed(eng, "no acknowledgement from every partner")
}

// unconfirmed: an engagement that deconfliction could not confirm goes
// ahead only in defence of the nation's own asset.
func (n *nation) unconfirmed(eng *engagement, why string) {
	w := n.w
	if w.assets[eng.asset].Nation == n.id {
		w.log(Event{TS: w.now, Type: EvDegraded, Nation: n.id, Battery: eng.b.id, STN: eng.stn, Detail: why + "; engaging in defence of own asset"})
		n.ready(eng)
		return
	}
	w.log(Event{TS: w.now, Type: EvClaimRefused, Nation: n.id, Battery: eng.b.id, STN: eng.stn, Detail: why})
	n.refused(eng, why)
	n.abandon(eng)
}

// refused notes an engagement that deconfliction refused.
func (n *nation) refused(eng *engagement, why string) {
	if n.further(eng.stn, bmc.DeconflictionRefused) {
		n.record(eng.stn, whyNot{reason: bmc.DeconflictionRefused, battery: eng.b.id, asset: n.w.assets[eng.asset].ID, detail: why})
	}
}

func (n *nation) abandon(eng *engagement) {
	eng.state = engDone
	delete(n.engaged, eng.stn)
	if c := n.claims[eng.stn]; c != nil && c.holder.nation == n.id {
		delete(n.claims, eng.stn)
	}
}

// before orders claims: earlier first, ties by nation.
func before(a, b claim) bool { return a.t < b.t || (a.t == b.t && a.nation < b.nation) }

// onClaim: a partner claims an engagement. Find the object in the own
// picture; the earlier claim holds; answer with the holder.
func (n *nation) onClaim(from string, c *linkv1.EngagementClaim) {
	w := n.w
	theirs := claim{nation: from, t: c.ClaimTimeS}
	holder := from
	// The object claimed is the own track nearest the claimer's estimate
	// (closely spaced objects make the association of the partner's
	// reports, made once, the less reliable guide), or the one its reports
	// feed.
	x := track.FromECEF(ecef(c.PositionM), ecef(c.VelocityMps), c.ClaimTimeS)
	var p [6][6]float64
	for i := range 3 {
		p[i][i], p[i+3][i+3] = 1e6, 1e2 // 1 km, 10 m/s: enough to find the object, not to confuse two
	}
	stn, ok := n.fuser.Nearest(x, p, c.ClaimTimeS)
	if !ok {
		stn, ok = n.fuser.Lookup("nation:"+from, c.SystemTrack)
	}
	if ok {
		cur := n.claims[stn]
		if cur != nil && cur.holder.nation != from && before(cur.holder, theirs) {
			holder = cur.holder.nation
		} else {
			n.claims[stn] = &claimState{holder: theirs}
			if eng := n.engaged[stn]; eng != nil && eng.state == engPending {
				w.log(Event{TS: w.now, Type: EvClaimRefused, Nation: n.id, Battery: eng.b.id, STN: stn, Detail: "earlier claim by " + from})
				n.refused(eng, "earlier claim by "+from)
				n.abandon(eng)
			}
		}
	} else {
		n.pendingClaims[from] = append(n.pendingClaims[from], remoteClaim{from: from, msg: c})
	}
	n.send(from, &linkv1.Envelope{Body: &linkv1.Envelope_ClaimAck{ClaimAck: &linkv1.ClaimAck{SystemTrack: c.SystemTrack, Claimer: from, Holder: holder}}})
}

// matchPending applies partners' claims received before their tracks.
func (n *nation) matchPending(from string, theirSTN, stn uint64) {
	list := n.pendingClaims[from]
	kept := list[:0]
	for _, rc := range list {
		if rc.msg.SystemTrack == theirSTN {
			if cur := n.claims[stn]; cur == nil || before(claim{nation: from, t: rc.msg.ClaimTimeS}, cur.holder) {
				n.claims[stn] = &claimState{holder: claim{nation: from, t: rc.msg.ClaimTimeS}}
			}
			continue
		}
		kept = append(kept, rc)
	}
	n.pendingClaims[from] = kept
}

// onAck: a partner's answer to a claim.
func (n *nation) onAck(from string, a *linkv1.ClaimAck) {
	eng := n.engaged[a.SystemTrack]
	if eng == nil || eng.state != engPending || !eng.waiting[from] {
		return
	}
	if a.Holder != n.id {
		n.w.log(Event{TS: n.w.now, Type: EvClaimRefused, Nation: n.id, Battery: eng.b.id, STN: eng.stn, Detail: "held by " + a.Holder})
		n.refused(eng, "held by "+a.Holder)
		n.claims[eng.stn] = &claimState{holder: claim{nation: a.Holder, t: math.Inf(-1)}}
		n.abandon(eng)
		return
	}
	delete(eng.waiting, from)
	if len(eng.waiting) == 0 {
		n.ready(eng)
	}
}

// launch fires the engagement's interceptors if the battery still can.
func (n *nation) launch(eng *engagement) {
	w := n.w
	if eng.state != engReady || n.dead[eng.stn] {
		n.abandon(eng)
		return
	}
	b := eng.b
	k := min(eng.n, b.inventory)
	if k == 0 {
		n.abandon(eng)
		return
	}
	b.inventory -= k
	eng.n = k
	eng.state = engFlying
	thID := ""
	if eng.truth >= 0 {
		thID = w.threats[eng.truth].id
		n.fired[eng.truth] = true
	}
	w.log(Event{TS: w.now, Type: EvLaunch, Nation: n.id, Battery: b.id, STN: eng.stn, Threat: thID, InterceptS: eng.plan.InterceptS, Count: k})
	w.q.at(eng.plan.InterceptS, kills, func() { n.intercept(eng) })
}

// intercept resolves an engagement against the truth. The kill vehicles fly
// on the nation's track with in-flight updates and home on the object
// nearest their aim point — the track's latest estimate at the intercept
// time or, with the track lost, the launch-time predicted intercept point —
// if it is within their divert reach (whatever object the track was
// thought to follow: closely spaced objects swap between tracks); each
// then kills with probability Pk.
func (n *nation) intercept(eng *engagement) {
	w := n.w
	eng.state = engDone
	aim := w.e.ToECEF(eng.plan.PIP)
	how := "launch-time PIP"
	if x, _, ok := n.fuser.Estimate(eng.stn, w.now); ok {
		aim, _ = track.ToECEF(x, w.now)
		how = "updated track"
	}
	target, miss := w.nearestInFlight(aim, w.now)
	kill := false
	thID := ""
	if eng.truth >= 0 {
		thID = w.threats[eng.truth].id
	}
	detail := fmt.Sprintf("%s: nothing within the divert reach of %.0f m", how, eng.plan.DivertReachM)
	if target >= 0 && miss <= eng.plan.DivertReachM {
		t := w.threats[target]
		thID = t.id
		detail = fmt.Sprintf("%s error %.0f m, divert reach %.0f m", how, miss, eng.plan.DivertReachM)
		if target != eng.truth {
			detail += "; homed on the object nearest its aim"
		}
		for range eng.n {
			if eng.b.rng.Float64() < eng.b.it.Pk {
				kill = true
			}
		}
		if kill {
			t.deadS = w.now
			w.kills = append(w.kills, Kill{Threat: t.idx, TimeS: w.now})
			w.log(Event{TS: w.now, Type: EvKill, Nation: n.id, Battery: eng.b.id, Threat: t.id, Detail: detail})
		}
	}
	if !kill {
		w.log(Event{TS: w.now, Type: EvMiss, Nation: n.id, Battery: eng.b.id, Threat: thID, Detail: detail})
	}
	w.q.at(w.now+n.doctrine.KillAssessS, n.sending(), func() { n.assess(eng, kill) })
}

// assess: the kill assessment reaches the nation (and its partners).
func (n *nation) assess(eng *engagement, kill bool) {
	w := n.w
	outcome := linkv1.Outcome_OUTCOME_MISS
	if kill {
		outcome = linkv1.Outcome_OUTCOME_KILL
		n.dead[eng.stn] = true
	} else if n.attempts[eng.stn]++; !n.doctrine.ShootLookShoot || n.attempts[eng.stn] >= 2 {
		// Shoot-look-shoot is one look: a second salvo after a miss.
		n.exhausted[eng.stn] = true
	}
	w.log(Event{TS: w.now, Type: EvKillAssessment, Nation: n.id, Battery: eng.b.id, STN: eng.stn, Detail: map[bool]string{true: "kill", false: "miss"}[kill]})
	delete(n.engaged, eng.stn)
	if kill || w.level != bmc.Step2 {
		delete(n.claims, eng.stn)
	}
	if w.level.Shares() {
		msg := &linkv1.Envelope{Body: &linkv1.Envelope_KillAssessment{KillAssessment: &linkv1.KillAssessment{
			SystemTrack: eng.stn, Nation: n.id, Battery: eng.b.id, Outcome: outcome, TimeS: w.now}}}
		for _, p := range n.shareWith {
			n.send(p, msg)
		}
	}
}
