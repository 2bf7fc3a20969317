package sim

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/jrmd/jrmd/internal/link/linkv1"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/states"
	"github.com/jrmd/jrmd/sensor"
	"github.com/jrmd/jrmd/track"
)

// Options of a run. Zero values take the scenario's.
type Options struct {
	Level bmc.Level
	Seed  uint64
	// Progress, if set, is called now and then with the fraction of
	// simulated time done.
	Progress func(frac float64)
	// States: record the run's state table (Result.States).
	States bool
	// afterStep, if set, looks at the parts after each step (tests).
	afterStep func(t float64, parts []*Part)
	// cue: the run is a cue's (Cue): each nation also judges its tracks by
	// the launch rule of every library interceptor type at each of its
	// batteries, and every radar's, and logs when each is first met.
	cue bool
}

// Result is a run's outcome.
type Result struct {
	Level   bmc.Level
	Seed    uint64
	Events  []Event
	Summary Summary
	// StartUTC is the scenario's epoch: the absolute time of t = 0.
	StartUTC time.Time
	// States: with Options.States, every object of the run on the state
	// grid (see states.go), ordered by states.Compare.
	States []states.Sample
}

// Timing of the nodes' sensing and sharing (illustrative, documented in
// doc.go); battle management's are bmc's (bmc.Tuning).
const (
	shareS     = 5.0  // track reports to partners (a surveillance reporting interval; illustrative)
	r2Margin   = 2.0  // a partner reports an object when its position variance is this much smaller
	fuseStaleS = 30.0 // a contribution not refreshed for this long is dropped
	settleS    = 60.0 // simulated time after the last impact
	maxRunS    = 4 * 3600.0
	qBallistic = 1.0    // m²/s³, free-flight process noise of the trackers
	qBoost     = 1000.0 // m²/s³, the boost mode's
	// maxLookaheadS bounds the lookahead (see Conductor), maxWindowS a
	// step's window (for progress and pacing).
	maxLookaheadS = 0.5
	maxWindowS    = 2.0
	// contactTimeoutS: a partner not heard from for this long (three
	// reporting intervals) is out of contact.
	contactTimeoutS = 3 * shareS
)

// world is one part of a run (see Part): exercise control, which keeps
// the truth of the raid, or one nation's command node. Every part flies
// the whole raid itself (the flights are deterministic); what one part
// learns from another comes only through messages and kills between steps.
type world struct {
	f        *scenario.File
	e        geo.Earth
	level    bmc.Level
	seed     uint64
	part     string // the nation this part runs; "" for exercise control
	now, end float64
	first    float64 // first launch
	q        queue
	threats  []*threat
	nations  []*nation // this part's nation, if it is one
	// batteries: every battery of the architecture (a nation's part fires
	// only its own).
	batteries []*bmc.Battery
	byNation  map[string]*nation
	isNation  map[string]bool // every nation of the scenario
	assets    []bmc.Asset
	net       *network
	// lookahead: see Part.LookaheadS.
	lookahead float64
	// What the current step produced.
	events []Event
	out    []*linkv1.Envelope
	kills  []Kill
	// The threats' positions at one time (nearestInFlight).
	truth  truthCache
	truths []sensor.Truth // truthsFor's
	// The scenario's ids messages may name (check).
	names names
	// cueRules: in a cue's run (Options.cue), the launch rules every radar's
	// tracks are judged by, each with the batteries and interceptor types
	// that have it.
	cueRules []cueRule
	// Messages from partners not yet scheduled, and the reasons of those
	// refused since the last step (Deliver and Reject may be called from
	// any goroutine).
	inboxMu  sync.Mutex
	inbox    []*linkv1.Envelope
	rejected rejections
	// st: the state table the part records (Options.States), or nil.
	st *stateRec
}

// cueRule is a launch rule and the launchers that have it.
type cueRule struct {
	rule track.FireControl
	who  []bmc.Launcher
}

// threat is one missile of the raid, as a part knows its truth.
type threat struct {
	id      string
	idx     int
	class   string
	launchS float64
	tr      *ballistic.Trajectory
	asset   int // aimed-at asset
	deadS   float64
	landed  bool
}

func (t *threat) alive(now float64) bool {
	return !t.landed && math.IsNaN(t.deadS) && now >= t.launchS && now <= t.launchS+t.tr.FlightTimeS
}

// truth returns the sensor view of the threat at time now.
func (t *threat) truth(now float64, freqHz float64) (sensor.Truth, bool) {
	pos, vel, ok := t.tr.StateAt(now - t.launchS)
	if !ok {
		return sensor.Truth{}, false
	}
	boosting := now-t.launchS < t.tr.BurnoutTimeS
	class := sensor.ReentryVehicle
	if boosting {
		class = sensor.Booster
	}
	rcs, _ := sensor.RCS(class, freqHz)
	return sensor.Truth{ID: t.idx, Pos: pos, Vel: vel, RCSm2: rcs, Boosting: boosting}, true
}

// rng returns the random stream of a named component: every draw of a run
// comes from one of these, so runs are reproducible and components do not
// disturb each other's sequences.
func (w *world) rng(name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(w.seed, h.Sum64()))
}

func (w *world) log(ev Event) {
	ev.TS = round(ev.TS)
	ev.LaunchS, ev.InterceptS, ev.BattlespaceS = round(ev.LaunchS), round(ev.InterceptS), round(ev.BattlespaceS)
	ev.CueS = round(ev.CueS)
	w.events = append(w.events, ev)
	if w.st != nil && len(w.nations) > 0 && ev.STN != 0 && ev.Nation == w.part {
		w.st.due = append(w.st.due, dueTrack{ev.TS, ev.STN}) // the track is sampled then too
	}
}

// round keeps logged times to the millisecond: enough for analysis, and it
// keeps the log free of the last-digit noise no one should diff.
func round(x float64) float64 { return math.Round(x*1e3) / 1e3 }

// build makes a part's world, its first actions scheduled from time atS
// (0, or when a lost node rejoins). f is a scenario as scenario.Decode
// (or Resolve) leaves it: its defaults filled, its radars placed, its
// batteries' interceptor types and its threats' classes resolved; build
// takes them as they are.
func build(f *scenario.File, opt Options, part string, atS float64) (*world, error) {
	w := &world{f: f, e: f.Earth, part: part, now: atS, byNation: map[string]*nation{}, isNation: map[string]bool{}, names: newNames(f)}
	w.level = opt.Level
	if w.level == 0 {
		w.level = f.Integration
	}
	if opt.States {
		w.st = newStateRec(atS)
	}
	w.seed = opt.Seed
	if w.seed == 0 {
		w.seed = f.Seed
	}
	for _, a := range f.Assets {
		w.assets = append(w.assets, bmc.Asset{ID: a.ID, Nation: a.Nation, Pos: a.Site.LLA(), Value: a.Value})
	}
	if err := w.buildThreats(); err != nil {
		return nil, err
	}
	w.net = newNetwork(f, func(name string) *rand.Rand { return w.rng(name + "/sent-by/" + part) })
	w.lookahead = maxLookaheadS
	for _, a := range f.Nations {
		for _, b := range f.Nations {
			if path := w.net.route(a.ID, b.ID); a.ID != b.ID && path != nil {
				w.lookahead = math.Min(w.lookahead, 0.999*w.net.minLatencyS(path))
			}
		}
	}
	var cfg bmc.Config // the battle manager of this part's nation
	for _, n := range f.Nations {
		w.isNation[n.ID] = true
		if n.ID != part {
			continue
		}
		nat := &nation{w: w, id: n.ID, shareWith: n.ShareWith, pic: newPicture(track.NewBallistic(w.e, qBallistic)),
			rng: map[*bmc.Battery]*rand.Rand{}, truth: map[*bmc.Engagement]int{}, salvo: map[*bmc.Engagement]string{}, launches: map[string]int{}}
		cfg = bmc.Config{Nation: n.ID, Level: w.level, Earth: w.e, Picture: nat.pic, Assets: w.assets, ShareWith: n.ShareWith,
			Policy: bmc.Policy{Kind: n.Release.Policy, Assets: n.Release.Assets}, Doctrine: n.Doctrine}
		for _, z := range n.Release.NoIntercept {
			cfg.Policy.NoIntercept = append(cfg.Policy.NoIntercept, bmc.Zone{Center: lla(z.Center), RadiusM: z.RadiusKm * 1e3})
		}
		w.nations = append(w.nations, nat)
		w.byNation[n.ID] = nat
	}
	if part != "" && w.byNation[part] == nil {
		return nil, fmt.Errorf("sim: no nation %q in the scenario", part)
	}
	if err := w.buildSensors(); err != nil {
		return nil, err
	}
	for _, b := range f.Batteries {
		bat := &bmc.Battery{ID: b.ID, Nation: b.Nation, Site: b.Site.LLA(), Pos: w.e.ToECEF(b.Site.LLA()), Interceptor: b.Type, Inventory: b.Inventory,
			Timing: batteryTiming(f, b, b.Type), Rule: batteryRule(b, b.Type)}
		w.batteries = append(w.batteries, bat)
		if nat := w.byNation[b.Nation]; nat != nil {
			nat.rng[bat] = w.rng("battery/" + b.ID)
			cfg.Batteries = append(cfg.Batteries, bat)
			if !opt.cue {
				cfg.Watch = append(cfg.Watch, bmc.Launcher{Battery: b.ID, Interceptor: b.Type.Name, Rule: bat.Rule})
			}
		}
		if opt.cue {
			// Every type's launch rule at the battery: its nation watches
			// its picture for each, every radar its tracks.
			for _, typ := range f.InterceptorTypes() {
				l := bmc.Launcher{Battery: b.ID, Interceptor: typ.Name, Rule: batteryRule(b, typ)}
				if nat := w.byNation[b.Nation]; nat != nil {
					cfg.Watch = append(cfg.Watch, l)
				}
				if k := slices.IndexFunc(w.cueRules, func(c cueRule) bool { return c.rule == l.Rule }); k >= 0 {
					w.cueRules[k].who = append(w.cueRules[k].who, l)
				} else {
					w.cueRules = append(w.cueRules, cueRule{rule: l.Rule, who: []bmc.Launcher{l}})
				}
			}
		}
	}
	for _, nat := range w.nations {
		nat.manage(cfg)
	}
	w.start()
	return w, nil
}

// decisionDelayS is a nation's C2 decision time before a launch, as its
// C2 node says (0: bmc.DefaultDecisionS).
func decisionDelayS(f *scenario.File, nation string) float64 {
	for _, n := range f.Nations {
		for _, c := range f.C2 {
			if n.ID == nation && c.ID == n.C2 && c.DecisionS > 0 {
				return c.DecisionS
			}
		}
	}
	return 0
}

// batteryTiming is a battery's launch timing with interceptor type it
// under its release authority (bmc.TimingFor): its nation's C2 decision
// unless release is delegated to it, and its reaction (its own, or the
// type's).
func batteryTiming(f *scenario.File, b scenario.Battery, it intercept.Interceptor) bmc.Timing {
	return bmc.TimingFor(b.Release, decisionDelayS(f, b.Nation), b.Overrides.Apply(it).ReactionS)
}

// batteryRule is the track a battery may launch interceptor type it on
// (bmc.LaunchRule): the type's launch-track requirement, or the battery's
// own (launch_sigma_m, launch_sigma_mps).
func batteryRule(b scenario.Battery, it intercept.Interceptor) track.FireControl {
	return bmc.LaunchRule(b.Overrides.Apply(it).LaunchTrack)
}

func lla(p scenario.Position) geo.LLA { return p.LLA() }

// trajectories memoises threat flights across runs (Monte Carlo
// replications fly the same raid): Solve is deterministic and a Trajectory
// is read-only once flown.
var trajectories sync.Map

// buildThreats flies every missile of the raid (each distinct trajectory
// once).
func (w *world) buildThreats() error {
	areas := map[string]geo.LLA{}
	for _, a := range w.f.LaunchAreas {
		areas[a.ID] = a.Site.LLA()
	}
	assetIdx := map[string]int{}
	for i, a := range w.assets {
		assetIdx[a.ID] = i
	}
	// Fly each distinct trajectory once, in parallel (Solve is deterministic,
	// so the order of work does not matter), then expand the salvos.
	type job struct {
		key  string
		req  ballistic.Request
		tr   *ballistic.Trajectory
		err  error
		what string
	}
	var jobs []*job
	byKey := map[string]*job{}
	keys := make([]string, len(w.f.Threats))
	for i, t := range w.f.Threats {
		key, req := scenario.Flight(w.e, areas[t.From], w.assets[assetIdx[t.To]].Pos, t)
		keys[i] = key
		if byKey[key] != nil {
			continue
		}
		j := &job{key: key, what: fmt.Sprintf("threat %s (%s from %s to %s)", t.ID, t.Class, t.From, t.To), req: req}
		if v, ok := trajectories.Load(key); ok {
			j.tr = v.(*ballistic.Trajectory)
		}
		byKey[key] = j
		jobs = append(jobs, j)
	}
	var todo []*job
	for _, j := range jobs {
		if j.tr == nil {
			todo = append(todo, j)
		}
	}
	par.Each(len(todo), func(i int) {
		sol, err := ballistic.Solve(todo[i].req)
		todo[i].tr, todo[i].err = &sol, err
	})
	for _, j := range jobs {
		if j.err != nil {
			return fmt.Errorf("sim: %s: %w", j.what, j.err)
		}
		trajectories.Store(j.key, j.tr)
	}
	for i, t := range w.f.Threats {
		tr := byKey[keys[i]].tr
		for k := range t.Count {
			id := t.ID
			if t.Count > 1 {
				id = fmt.Sprintf("%s#%d", t.ID, k+1)
			}
			w.threats = append(w.threats, &threat{id: id, idx: len(w.threats), class: t.Class, launchS: t.LaunchS + float64(k)*t.IntervalS,
				tr: tr, asset: assetIdx[t.To], deadS: math.NaN()})
		}
	}
	return nil
}

// Fly flies a missile of a class (the scenario's own or the library's)
// from a launch area to an asset of the scenario on a minimum-energy
// trajectory, as a run flies its threats (the same request, memoised with
// theirs).
func Fly(f *scenario.File, class, from, to string) (*ballistic.Trajectory, error) {
	var a, b *scenario.Position
	for i := range f.LaunchAreas {
		if f.LaunchAreas[i].ID == from {
			a = &f.LaunchAreas[i].Site
		}
	}
	for i := range f.Assets {
		if f.Assets[i].ID == to {
			b = &f.Assets[i].Site
		}
	}
	m, ok := f.MissileClass(class)
	if a == nil || b == nil || !ok {
		return nil, fmt.Errorf("sim: no launch area %q, asset %q or missile class %q in the scenario", from, to, class)
	}
	key, req := scenario.Flight(f.Earth, a.LLA(), b.LLA(), scenario.Threat{Class: class, Missile: m})
	if v, ok := trajectories.Load(key); ok {
		return v.(*ballistic.Trajectory), nil
	}
	tr, err := ballistic.Solve(req)
	if err != nil {
		return nil, fmt.Errorf("sim: %s from %s to %s: %w", class, from, to, err)
	}
	trajectories.Store(key, &tr)
	return &tr, nil
}

// buildSensors gives each nation of the part its sensors, placed by the
// scenario, a tracker for each radar.
func (w *world) buildSensors() error {
	for _, s := range w.f.Sensors {
		nat := w.byNation[s.Nation]
		if nat == nil {
			continue
		}
		if s.Infrared != nil {
			nat.irs = append(nat.irs, &irUnit{w: *s.Infrared, rng: w.rng("ir/" + s.ID)})
			continue
		}
		tk, err := track.New(track.Config{Filter: track.NewBoostIMM(w.e, qBallistic, qBoost, false)})
		if err != nil {
			return err
		}
		nat.radars = append(nat.radars, &radarUnit{r: *s.Radar, nation: nat, tracker: tk, rng: w.rng("radar/" + s.ID),
			detected: map[int]bool{}, confirmed: map[int]bool{}, fireControl: map[int]bool{}, cueMet: map[[2]int]bool{}})
	}
	return nil
}

// start schedules the part's first actions: exercise control the launches
// and impacts, a nation its cycles.
func (w *world) start() {
	w.first = math.Inf(1)
	last := 0.0
	for _, t := range w.threats {
		w.first = math.Min(w.first, t.launchS)
		last = math.Max(last, t.launchS+t.tr.FlightTimeS)
	}
	if len(w.threats) == 0 {
		return
	}
	w.end = math.Min(last+settleS, maxRunS)
	if w.f.DurationS > 0 {
		w.end = w.f.DurationS
	}
	if w.part == "" {
		for _, t := range w.threats {
			th := t
			w.q.at(t.launchS, local, func() {
				ev := Event{TS: w.now, Type: EvThreatLaunch, Threat: th.id, Asset: w.assets[th.asset].ID}
				if pos, _, ok := th.tr.StateAt(0); ok {
					ev.Launch = point(w.e.ToLLA(pos))
				}
				w.log(ev)
			})
			w.q.at(t.launchS+t.tr.FlightTimeS, local, func() { w.impact(th) })
		}
	}
	for _, n := range w.nations {
		n.schedule(math.Max(w.first, w.now))
	}
}

// impact ends a threat's flight: a leaker if it reaches its asset alive.
func (w *world) impact(t *threat) {
	if !math.IsNaN(t.deadS) {
		return
	}
	t.landed = true
	a := w.assets[t.asset]
	w.log(Event{TS: w.now, Type: EvImpact, Threat: t.id, Asset: a.ID})
	w.log(Event{TS: w.now, Type: EvLeaker, Threat: t.id, Asset: a.ID})
}

// truthsFor returns the in-flight threats as a radar of the given frequency
// sees them (valid until the next call).
func (w *world) truthsFor(freqHz float64) []sensor.Truth {
	w.truths = w.truths[:0]
	for _, t := range w.threats {
		if !t.alive(w.now) {
			continue
		}
		if tr, ok := t.truth(w.now, freqHz); ok {
			w.truths = append(w.truths, tr)
		}
	}
	return w.truths
}

// nearestInFlight is the threat in flight nearest a position at time t
// and its distance (−1 if none is in flight).
func (w *world) nearestInFlight(pos geo.ECEF, t float64) (int, float64) {
	return w.truth.nearest(w, pos, t)
}

// truthCache keeps the threats' positions at the time last asked for, for
// the next search (a partner's reports come in sets of one time).
type truthCache struct {
	t   float64
	pos []geo.ECEF
	byX []int32 // the threats with a position at t, by x
}

// at fills the cache for time t, unless it holds t.
func (c *truthCache) at(w *world, t float64) {
	if c.t == t && len(c.pos) > 0 {
		return
	}
	c.t = t
	c.pos, c.byX = c.pos[:0], c.byX[:0]
	for i, th := range w.threats {
		p, _, ok := th.tr.StateAt(t - th.launchS)
		if !ok {
			p = geo.ECEF{math.NaN(), 0, 0}
		} else {
			c.byX = append(c.byX, int32(i))
		}
		c.pos = append(c.pos, p)
	}
	slices.SortFunc(c.byX, func(a, b int32) int { return cmp.Or(cmp.Compare(c.pos[a][0], c.pos[b][0]), cmp.Compare(a, b)) })
}

// nearest is the threat of w in flight nearest pos at time t and its
// distance (−1 if none is in flight); whether each is in flight is asked
// every time.
func (c *truthCache) nearest(w *world, pos geo.ECEF, t float64) (int, float64) {
	c.at(w, t)
	best, bd2 := -1, math.Inf(1)
	for i, p := range c.pos {
		dx, dy, dz := p[0]-pos[0], p[1]-pos[1], p[2]-pos[2]
		if d2 := dx*dx + dy*dy + dz*dz; d2 < bd2 && w.threats[i].alive(t) {
			best, bd2 = i, d2
		}
	}
	return best, math.Sqrt(bd2)
}

// nearestTruth is the threat in flight nearest a reported position at time
// t, within a gate of 3σ (σ the report's position spread) plus 2 km, or −1.
func (w *world) nearestTruth(pos geo.ECEF, t, sigmaM float64) int {
	return w.truth.within(w, pos, t, sigmaM)
}

// within is nearestTruth searched with c: the nearest threat in flight,
// if it is nearer than the gate r, is among those whose x is within r
// of pos's (the same threat as nearest's, the first of equals).
func (c *truthCache) within(w *world, pos geo.ECEF, t, sigmaM float64) int {
	c.at(w, t)
	r := 3*sigmaM + 2e3
	lo, _ := slices.BinarySearchFunc(c.byX, pos[0]-r, func(i int32, x float64) int { return cmp.Compare(c.pos[i][0], x) })
	best, bd2 := -1, math.Inf(1)
	for _, i := range c.byX[lo:] {
		p := c.pos[i]
		if p[0] > pos[0]+r {
			break
		}
		dx, dy, dz := p[0]-pos[0], p[1]-pos[1], p[2]-pos[2]
		if d2 := dx*dx + dy*dy + dz*dz; (d2 < bd2 || d2 == bd2 && int(i) < best) && w.threats[i].alive(t) {
			best, bd2 = int(i), d2
		}
	}
	if best >= 0 && math.Sqrt(bd2) < r {
		return best
	}
	return -1
}
