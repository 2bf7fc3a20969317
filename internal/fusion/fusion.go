package fusion

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/mat"
)

// Motion predicts an estimate: the mean and the state-transition matrix over
// dt, and the process noise added meanwhile. track.Ballistic is one; like
// it, a Motion may also move an estimate on by itself (predictor), which
// the Fuser then uses.
type Motion interface {
	Transition(x [6]float64, dtS float64) ([6]float64, [6][6]float64)
	ProcessNoise(dtS float64) [6][6]float64
}

// predictor is a Motion that moves an estimate on by itself, more cheaply
// than through its transition matrix (track.Ballistic).
type predictor interface {
	Predicted(x [6]float64, p [6][6]float64, dtS float64) ([6]float64, [6][6]float64)
}

// Report is one source track's estimate: a sensor's local track, or a
// partner nation's system track received over a link.
type Report struct {
	Source string // sensor id, or a partner's node for its system tracks
	ID     uint64 // the source's own track number
	Nation string // nation whose sensors made it
	// Join, if set, names the system track a new source track is of, as
	// far as the source knows (a partner that fused one of ours into its
	// track; 0: none): it is taken if it lies in the gate, and the nearest
	// is sought only if not. It is called only for a report that starts a
	// source track. (The pointers come first: the collector and the write
	// barriers of a copy then stop before the numbers.)
	Join  func() uint64
	TimeS float64
	X     [6]float64 // scenario inertial frame: position m, velocity m/s
	P     [6][6]float64
	// FireControl: the source judges the track good enough to commit an
	// interceptor on.
	FireControl bool
	// Firm: the source's track is settled enough for a battery's own
	// launch rule to judge it by its covariance, P (see
	// track.FireControl.Firm; a partner's report says so in its quality).
	Firm bool

	src int32 // Source's number in the Fuser (cheap to compare)
}

// SystemTrack is one object in the fused picture.
type SystemTrack struct {
	STN   uint64 // system track number, stable for the track's life
	BornS float64
	// Reports holds the latest report of each contributing source track,
	// in source order.
	Reports []Report
	lastS   float64 // the newest report's time
	at      int     // its index in the Fuser's tracks
	// nations: the contributing nations, each once, and whether any of
	// its tracks is of fire-control quality (a few, where Reports are
	// many and large).
	nations []contribution
	// heads[i] is Reports[i]'s source track and time, where a report is
	// found, and the newest and oldest, without reading the large Reports.
	heads []head
}

type head struct {
	key
	timeS float64
}

type contribution struct {
	nation      string
	fireControl bool
}

// regroup makes heads and nations anew from Reports (after a change in
// which source tracks feed s, or in their quality).
func (s *SystemTrack) regroup() {
	s.nations, s.heads = s.nations[:0], s.heads[:0]
	for i := range s.Reports {
		r := &s.Reports[i]
		s.heads = append(s.heads, head{key{r.src, r.ID}, r.TimeS})
		j := slices.IndexFunc(s.nations, func(c contribution) bool { return c.nation == r.Nation })
		if j < 0 {
			s.nations = append(s.nations, contribution{nation: r.Nation})
			j = len(s.nations) - 1
		}
		s.nations[j].fireControl = s.nations[j].fireControl || r.FireControl
	}
}

// brief is what association's first, cheap tests and pruning need of a
// system track, kept in one array beside the tracks so that a scan of
// every track touches little memory: its newest report in brief, the
// sources that feed it and its oldest report's time.
type brief struct {
	newest     int // index in Reports
	t          float64
	pos, vel   [3]float64
	sigP, sigV float64 // square roots of the position and velocity variances' traces
	// sources has bit s−1 set for each source number s < 64 that feeds the
	// track, and bit 63 for any higher one (then Reports tell).
	sources uint64
	oldestS float64
}

const overflowSource = 63

// sourceBit is a source number's bit in brief.sources.
func sourceBit(src int32) uint64 { return 1 << min(uint64(src-1), overflowSource) }

// summarise makes a system track's brief after its Reports changed.
func summarise(s *SystemTrack) brief {
	if len(s.Reports) == 0 {
		return brief{}
	}
	k := 0
	var b brief
	b.oldestS = math.Inf(1)
	for i := range s.heads {
		h := &s.heads[i]
		if h.timeS > s.heads[k].timeS {
			k = i
		}
		b.oldestS = math.Min(b.oldestS, h.timeS)
		b.sources |= sourceBit(h.src)
	}
	r := &s.Reports[k]
	b.newest, b.t = k, r.TimeS
	b.pos, b.vel = [3]float64{r.X[0], r.X[1], r.X[2]}, [3]float64{r.X[3], r.X[4], r.X[5]}
	b.sigP, b.sigV = math.Sqrt(r.P[0][0]+r.P[1][1]+r.P[2][2]), math.Sqrt(r.P[3][3]+r.P[4][4]+r.P[5][5])
	s.lastS = r.TimeS
	return b
}

// blocks reports whether source number src feeds the track with a report
// less than HandoverS older than tS.
func (f *Fuser) blocks(b *brief, st *SystemTrack, src int32, tS float64) bool {
	if b.sources&sourceBit(src) == 0 {
		return false
	}
	for _, h := range st.heads {
		if h.src == src && tS-h.timeS <= f.handoverS() {
			return true
		}
	}
	return false
}

func (f *Fuser) handoverS() float64 {
	if f.HandoverS == 0 {
		return DefaultHandoverS
	}
	return f.HandoverS
}

// Has reports whether a nation's sensors contribute (optionally with a
// fire-control quality track).
func (s *SystemTrack) Has(nation string, fireControl bool) bool {
	for _, c := range s.nations {
		if c.nation == nation && (!fireControl || c.fireControl) {
			return true
		}
	}
	return false
}

// HasOther reports whether a nation other than the given one contributes
// (optionally with a fire-control quality track).
func (s *SystemTrack) HasOther(nation string, fireControl bool) bool {
	for _, c := range s.nations {
		if c.nation != nation && (!fireControl || c.fireControl) {
			return true
		}
	}
	return false
}

// LastS is the time of the newest contribution.
func (s *SystemTrack) LastS() float64 { return s.lastS }

// Defaults of Fuser.
const (
	// DefaultGateD2 is the chi-square gate on the 3-D position difference of
	// a new source track and a system track: χ²(0.9999, 3).
	DefaultGateD2 = 21.11
	// DefaultStaleS drops a contribution not refreshed for this long.
	DefaultStaleS = 60.0
	// DefaultHandoverS: a source's contribution this much older than its
	// new track's first report no longer keeps the new track out (see
	// Fuser).
	DefaultHandoverS = 12.0
)

type key struct {
	src int32
	id  uint64
}

// Fuser keeps a fused picture from source tracks. Each source track is
// associated once, when first reported, with the closest system track in a
// chi-square position gate that no other track of the same source feeds
// (or, in that gate, the one the report names: Report.Join), or starts a
// new one; it then keeps feeding that system track, whose
// number therefore stays stable. A track of the same source whose last
// report is HandoverS older than the new one's does not count: the source
// has dropped it, or renumbered the object (a partner's system track that
// it made anew), and the new track takes its place rather than starting a
// duplicate of the object.
//
// The estimate of a system track is the covariance intersection of the
// latest report of each contributor, predicted to a common time (Julier and
// Uhlmann, "A non-divergent estimation algorithm in the presence of unknown
// correlations", ACC 1997): consistent whatever the unknown correlation
// between sources — common process noise, a partner's track built partly
// from one's own reports — which plain fusion would double-count. Keeping
// only the latest report per source also makes late and out-of-sequence
// reports harmless: a report older than the one already held from its
// source is ignored, and any other is predicted to the common time.
//
// A Fuser's results depend only on the order of its inputs. Its reading
// methods (Tracks, Track, Estimate, NationEstimate, Lookup) may run
// concurrently with one another; nothing may run with a change (Update,
// Remove, Prune) or with Nearest, which keeps an index as it goes.
type Fuser struct {
	Motion    Motion
	GateD2    float64 // 0: DefaultGateD2
	StaleS    float64 // 0: DefaultStaleS
	HandoverS float64 // 0: DefaultHandoverS

	tracks []*SystemTrack
	briefs []brief // briefs[i] is tracks[i]'s
	index  map[key]*SystemTrack
	next   uint64
	srcs   map[string]int32
	grid   grid
}

// Update takes one report and returns the system track it feeds, and
// whether that track is new.
func (f *Fuser) Update(r Report) (uint64, bool, error) {
	if err := check(&r); err != nil {
		return 0, false, err
	}
	if f.index == nil {
		f.index = map[key]*SystemTrack{}
	}
	if f.srcs == nil {
		f.srcs = map[string]int32{}
	}
	src, ok := f.srcs[r.Source]
	if !ok {
		src = int32(len(f.srcs)) + 1
		f.srcs[r.Source] = src
	}
	r.src = src
	k := key{src, r.ID}
	if st, ok := f.index[k]; ok {
		r.Join = nil
		regroup := false
		for j := range st.heads {
			if h := &st.heads[j]; h.key == k && r.TimeS >= h.timeS {
				x := &st.Reports[j]
				regroup = regroup || x.FireControl != r.FireControl
				*x = r
				h.timeS = r.TimeS
			}
		}
		if regroup {
			st.regroup()
		}
		f.briefs[st.at] = summarise(st)
		f.file(st.at)
		return st.STN, false, nil
	}
	i := f.joinable(&r, src)
	r.Join = nil // not kept: it may hold on to the source's message
	if i < 0 {
		i = f.nearest(r.X, r.P, r.TimeS, src)
	}
	isNew := i < 0
	if isNew {
		f.next++
		f.tracks = append(f.tracks, &SystemTrack{STN: f.next, BornS: r.TimeS, at: len(f.tracks)})
		f.briefs = append(f.briefs, brief{})
		i = len(f.tracks) - 1
	}
	best := f.tracks[i]
	// The source's older tracks there, handed over, go.
	best.Reports = slices.DeleteFunc(best.Reports, func(x Report) bool {
		if x.src == src {
			delete(f.index, key{x.src, x.ID})
			return true
		}
		return false
	})
	best.Reports = append(best.Reports, r)
	slices.SortFunc(best.Reports, func(a, b Report) int {
		if c := strings.Compare(a.Source, b.Source); c != 0 {
			return c
		}
		return int(a.ID) - int(b.ID)
	})
	best.regroup()
	f.briefs[i] = summarise(best)
	f.file(i)
	f.index[k] = best
	return best.STN, isNew, nil
}

// nearest is the index of the system track closest to an estimate in the
// chi-square position gate, skipping tracks fed by the given source (−1 if
// none).
func (f *Fuser) nearest(x [6]float64, p [6][6]float64, tS float64, skipSource int32) int {
	gate := f.gate()
	best, bestD2 := -1, math.Inf(1)
	sigQ := math.Sqrt(p[0][0] + p[1][1] + p[2][2])
	sqrtGate := math.Sqrt(gate)
	test := func(i int) {
		b := &f.briefs[i]
		if b.far(x, sqrtGate, sigQ, tS) {
			return // the cheap test first: most tracks are far away
		}
		st := f.tracks[i]
		if skipSource != 0 && f.blocks(b, st, skipSource, tS) {
			return // one track per source per object
		}
		// Ties go to the older track, as in a scan in order.
		if d2, ok := gateD2(&st.Reports[b.newest], &x, &p, tS); ok && d2 <= gate && (d2 < bestD2 || d2 == bestD2 && i < best) {
			best, bestD2 = i, d2
		}
	}
	if !f.visit(x, sqrtGate, sigQ, tS, test) {
		for i := range f.briefs {
			test(i)
		}
	}
	return best
}

// joinable is the index of the system track r.Join names if a new source
// track of source number src may join it: it exists, no other track of the
// source feeds it, and r lies in its gate (−1 if not).
func (f *Fuser) joinable(r *Report, src int32) int {
	if r.Join == nil {
		return -1
	}
	stn := r.Join()
	if stn == 0 {
		return -1
	}
	i, ok := f.find(stn)
	if !ok {
		return -1
	}
	b, st := &f.briefs[i], f.tracks[i]
	if f.blocks(b, st, src, r.TimeS) {
		return -1
	}
	if d2, ok := gateD2(&st.Reports[b.newest], &r.X, &r.P, r.TimeS); !ok || d2 > f.gate() {
		return -1
	}
	return i
}

func (f *Fuser) gate() float64 {
	if f.GateD2 == 0 {
		return DefaultGateD2
	}
	return f.GateD2
}

// gateD2 is the association distance of an estimate (x, p) at tS from a
// system track whose newest contribution is r: the Mahalanobis distance of
// the positions, r predicted in a Taylor step. Association needs a position
// and its spread, not the fused estimate, and the full prediction of every
// contributor is the costliest thing a fuser does.
func gateD2(r *Report, x *[6]float64, p *[6][6]float64, tS float64) (float64, bool) {
	xs, ps := taylor(r, tS)
	var s [3][3]float64
	var d [3]float64
	for i := range 3 {
		d[i] = xs[i] - x[i]
		for j := range 3 {
			s[i][j] = ps[i][j] + p[i][j]
		}
	}
	return mat.MahalanobisSq3(&s, d)
}

// taylor predicts a report's position and position covariance to tS to
// second order under point-mass gravity: r + v·dt + ½·a·dt², and
// P_pp + dt·(P_pv + P_vp) + dt²·P_vv (gravity's effect on the spread is
// second order and left out).
func taylor(r *Report, tS float64) ([3]float64, [3][3]float64) {
	dt := tS - r.TimeS
	x, y, z := r.X[0], r.X[1], r.X[2]
	rn := math.Sqrt(x*x + y*y + z*z)
	k := -geo.MuEarth / (rn * rn * rn)
	var pos [3]float64
	var cov [3][3]float64
	for i := range 3 {
		pos[i] = r.X[i] + r.X[i+3]*dt + 0.5*k*r.X[i]*dt*dt
		for j := range 3 {
			cov[i][j] = r.P[i][j] + dt*(r.P[i][j+3]+r.P[i+3][j]) + dt*dt*r.P[i+3][j+3]
		}
	}
	return pos, cov
}

// far is a cheap pre-gate, exact in that no track it rejects could pass the
// gate: the contributor extrapolated in a straight line is further from x
// than the gate reaches. A position difference d in the gate has
// |d|² ≤ gate·λmax(S) ≤ gate·tr(S), with S the sum of the Taylor-predicted
// position covariance, whose trace is at most (σp + |dt|·σv)² (Cauchy–
// Schwarz on the cross terms), and x's, σq²; the Taylor step's gravity term
// is at most ½·9.9 m/s²·dt² from the straight line. A margin of 1 % and
// 1 m covers rounding.
func (n *brief) far(x [6]float64, sqrtGate, sigQ, tS float64) bool {
	dt := tS - n.t
	var d2 float64
	for i := range 3 {
		d := n.pos[i] + n.vel[i]*dt - x[i]
		d2 += d * d
	}
	spread := n.sigP + math.Abs(dt)*n.sigV + sigQ
	bound := 1.01*(sqrtGate*spread+5*dt*dt) + 1
	return d2 > bound*bound
}

// Nearest returns the system track an estimate (e.g. a partner's claim)
// refers to: the closest in the position gate.
func (f *Fuser) Nearest(x [6]float64, p [6][6]float64, tS float64) (uint64, bool) {
	if i := f.nearest(x, p, tS, 0); i >= 0 {
		return f.tracks[i].STN, true
	}
	return 0, false
}

// Lookup returns the system track a source track feeds.
func (f *Fuser) Lookup(source string, id uint64) (uint64, bool) {
	if st, ok := f.index[key{f.srcs[source], id}]; ok {
		return st.STN, true
	}
	return 0, false
}

// Remove drops a source track (its source deleted it).
func (f *Fuser) Remove(source string, id uint64) {
	k := key{f.srcs[source], id}
	st, ok := f.index[k]
	if !ok {
		return
	}
	delete(f.index, k)
	st.Reports = slices.DeleteFunc(st.Reports, func(x Report) bool { return x.src == k.src && x.ID == id })
	st.regroup()
	f.briefs[st.at] = summarise(st)
	f.file(st.at)
	if len(st.Reports) == 0 {
		f.compact()
	}
}

// Prune drops contributions older than StaleS at time tS, and system tracks
// left without any.
func (f *Fuser) Prune(tS float64) {
	stale := f.StaleS
	if stale == 0 {
		stale = DefaultStaleS
	}
	emptied := false
	for i := range f.briefs {
		if !(tS-f.briefs[i].oldestS > stale) {
			continue // nothing stale: most tracks, most of the time
		}
		st := f.tracks[i]
		st.Reports = slices.DeleteFunc(st.Reports, func(x Report) bool {
			if tS-x.TimeS > stale {
				delete(f.index, key{x.src, x.ID})
				return true
			}
			return false
		})
		st.regroup()
		f.briefs[i] = summarise(st)
		f.file(i)
		emptied = emptied || len(st.Reports) == 0
	}
	if emptied {
		f.compact()
	}
}

// compact drops the system tracks left without reports.
func (f *Fuser) compact() {
	k := 0
	for i, st := range f.tracks {
		if len(st.Reports) > 0 {
			f.tracks[k], f.briefs[k] = st, f.briefs[i]
			st.at = k
			k++
		}
	}
	clear(f.tracks[k:])
	f.tracks, f.briefs = f.tracks[:k], f.briefs[:k]
	f.grid.built = false // the tracks are numbered anew
}

// Tracks returns the system tracks in order of STN (the Fuser's own; valid
// until the next call that changes it).
func (f *Fuser) Tracks() []*SystemTrack { return f.tracks }

// Track returns one system track by number.
func (f *Fuser) Track(stn uint64) (*SystemTrack, bool) {
	if i, ok := f.find(stn); ok {
		return f.tracks[i], true
	}
	return nil, false
}

// find returns the index of a system track in f.tracks.
func (f *Fuser) find(stn uint64) (int, bool) {
	return slices.BinarySearchFunc(f.tracks, stn, func(st *SystemTrack, n uint64) int { return cmp.Compare(st.STN, n) })
}

// Estimate returns a system track's fused estimate at time tS.
func (f *Fuser) Estimate(stn uint64, tS float64) ([6]float64, [6][6]float64, bool) {
	i, ok := f.find(stn)
	if !ok {
		return [6]float64{}, [6][6]float64{}, false
	}
	return f.estimate(f.tracks[i], "", tS)
}

func (f *Fuser) estimate(st *SystemTrack, nation string, tS float64) ([6]float64, [6][6]float64, bool) {
	var x [6]float64
	var p [6][6]float64
	// The fused estimate so far in information form too (info = P⁻¹,
	// y = P⁻¹x), which the next intersection needs: kept, not recomputed
	// from P.
	var in informed
	n := 0
	for i := range st.Reports {
		r := &st.Reports[i]
		if nation != "" && r.Nation != nation {
			continue
		}
		xr, pr := f.predict(r, tS)
		n++
		if n == 1 {
			x, p = xr, pr
			continue
		}
		if n == 2 {
			var ok bool
			if in, ok = inform(x, p); !ok {
				return x, p, false
			}
		}
		nx, np, nin, ok := intersect(in, p, xr, pr)
		if !ok {
			return x, p, false
		}
		x, p, in = nx, np, nin
	}
	return x, p, n > 0
}

// informed is an estimate's information matrix and vector.
type informed struct {
	info [6][6]float64
	y    [6]float64
}

func inform(x [6]float64, p [6][6]float64) (informed, bool) {
	info, ok := mat.InvSPD6(&p)
	return informed{info: info, y: mat.MulV6(&info, x)}, ok
}

// intersect is Intersect of an estimate given in information form (with
// its covariance pa) and (b, pb); it returns the result in both forms.
func intersect(a informed, pa [6][6]float64, b [6]float64, pb [6][6]float64) ([6]float64, [6][6]float64, informed, bool) {
	ib, ok := mat.InvSPD6(&pb)
	if !ok {
		return [6]float64{}, pa, a, false
	}
	ta, tb := mat.Trace6(&pa), mat.Trace6(&pb)
	w := tb / (ta + tb)
	sa, sb := mat.Scale6(&a.info, w), mat.Scale6(&ib, 1-w)
	var out informed
	out.info = mat.Add6(&sa, &sb)
	p, ok := mat.InvSPD6(&out.info)
	if !ok {
		return [6]float64{}, pa, a, false
	}
	yb := mat.MulV6(&ib, b)
	for i := range 6 {
		out.y[i] = w*a.y[i] + (1-w)*yb[i]
	}
	return mat.MulV6(&p, out.y), p, out, true
}

func (f *Fuser) predict(r *Report, tS float64) ([6]float64, [6][6]float64) {
	dt := tS - r.TimeS
	if dt == 0 || f.Motion == nil {
		return r.X, r.P
	}
	if m, ok := f.Motion.(predictor); ok {
		return m.Predicted(r.X, r.P, dt)
	}
	x, phi := f.Motion.Transition(r.X, dt)
	p := mat.Congruence6(&phi, &r.P)
	q := f.Motion.ProcessNoise(dt)
	return x, mat.Add6(&p, &q)
}

// Intersect fuses two estimates of one state whose correlation is unknown
// by covariance intersection: P⁻¹ = ω·A⁻¹ + (1−ω)·B⁻¹, x = P·(ω·A⁻¹a +
// (1−ω)·B⁻¹b). Any ω in [0, 1] gives a consistent result; ω here follows
// the fast rule of Niehsen ("Information fusion based on fast covariance
// intersection filtering", FUSION 2002), weighting each estimate by the
// inverse of its covariance's trace, which avoids the optimisation loop of
// trace-optimal CI at a small loss of sharpness. ok is false when either
// covariance is not positive definite.
func Intersect(a [6]float64, pa [6][6]float64, b [6]float64, pb [6][6]float64) ([6]float64, [6][6]float64, bool) {
	in, ok := inform(a, pa)
	if !ok {
		return a, pa, false
	}
	x, p, _, ok := intersect(in, pa, b, pb)
	if !ok {
		return a, pa, false
	}
	return x, p, true
}

// NationEstimate fuses the contributions of one nation's sensors to a
// system track to time tS the way the track's estimate is made (ok is
// false if there are none).
func (f *Fuser) NationEstimate(st *SystemTrack, nation string, tS float64) ([6]float64, [6][6]float64, bool) {
	return f.estimate(st, nation, tS)
}

func check(r *Report) error {
	for _, v := range r.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("fusion: report %s/%d: state is not finite", r.Source, r.ID)
		}
	}
	for i := range r.P {
		for _, v := range r.P[i] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("fusion: report %s/%d: covariance is not finite", r.Source, r.ID)
			}
		}
	}
	if _, ok := mat.Chol6(&r.P); !ok || math.IsNaN(r.TimeS) {
		return fmt.Errorf("fusion: report %s/%d: covariance is not positive semi-definite", r.Source, r.ID)
	}
	return nil
}
