package study

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
)

// The reach study asks, of a scenario's architecture, whether its
// batteries can engage every launch area × target, when its sensors let
// them launch, and how fast their interceptors must be (jrmd study reach).
// A cell's launch is cued by the scenario's sensors, trackers, pictures
// and links at an integration level (sim.Cue), not set by hand, unless the
// study sets launch_delay_s.

// BoostNone flies an impulsive threat, which no sensor of a run can see:
// it has no missile class.
const BoostNone = "none"

// BoostAuto picks, per launch area and target, the smallest missile class
// that flies between them.
const BoostAuto = "auto"

// Launch delay bases: where a cued question's launch delay comes from.
const (
	DelayCue      = "cue"
	DelayOverride = "override"
)

// sensorSetting is one sensor override of a variant.
type sensorSetting struct {
	ID         string  `json:"id"`
	MaxRangeKm float64 `json:"max_range_km"`
}

// sensorVariant is the scenario with one combination of the study's sensor
// overrides applied (none: the scenario as it is).
type sensorVariant struct {
	settings []sensorSetting
	f        *scenario.File
}

// label names the variant: "brdy 2 000 km", or "" for the scenario's own.
func (v *sensorVariant) label() string {
	var parts []string
	for _, s := range v.settings {
		parts = append(parts, s.ID+" "+report.Grouped(s.MaxRangeKm, -1)+" km")
	}
	return strings.Join(parts, ", ")
}

// csv names the variant's settings as key=value pairs: "brdy.max_range_km=2000".
func (v *sensorVariant) csv() string {
	var parts []string
	for _, s := range v.settings {
		parts = append(parts, s.ID+".max_range_km="+strconv.FormatFloat(s.MaxRangeKm, 'f', -1, 64))
	}
	return strings.Join(parts, ";")
}

// sensorVariants expands the study's sensor overrides into every
// combination of their values, in the order listed (the last sensor's
// values varying fastest).
func sensorVariants(f *scenario.File, sweeps []scenario.SensorSweep) ([]*sensorVariant, error) {
	combos := [][]sensorSetting{nil}
	for _, sw := range sweeps {
		var next [][]sensorSetting
		for _, c := range combos {
			for _, km := range sw.MaxRangeKm {
				next = append(next, append(slices.Clone(c), sensorSetting{ID: sw.ID, MaxRangeKm: km}))
			}
		}
		combos = next
	}
	var out []*sensorVariant
	for _, c := range combos {
		g := *f
		g.Sensors = slices.Clone(f.Sensors)
		for _, s := range c {
			for i := range g.Sensors {
				if g.Sensors[i].ID == s.ID {
					g.Sensors[i].MaxRangeKm = s.MaxRangeKm
					if err := g.PlaceSensor(&g.Sensors[i]); err != nil {
						return nil, err
					}
				}
			}
		}
		out = append(out, &sensorVariant{settings: c, f: &g})
	}
	return out, nil
}

// Reach is a study.reach section resolved against its file.
type Reach struct {
	file         string
	f            *scenario.File
	name         string
	earth        geo.Earth
	batteries    []scenario.Battery
	areas        []scenario.Place
	targets      []scenario.Asset
	levels       []bmc.Level
	variants     []*sensorVariant
	interceptors []string  // nil: each battery's own
	speeds       []float64 // nil: each interceptor's own
	boost        string    // auto, none or a class
	override     *float64  // launch_delay_s: a hand-set launch in place of the cue
	minAltM      float64   // 0: the interceptor's
	maxAltM      float64   // 0: the interceptor's
}

// pick returns the items whose id is in ids, in the order of ids (all of
// them when ids is empty). The scenario has checked the references.
func pick[T any](all []T, id func(T) string, ids []string) []T {
	if len(ids) == 0 {
		return all
	}
	var out []T
	for _, want := range ids {
		for _, x := range all {
			if id(x) == want {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

// NewReach resolves the study.reach section of f, read from path (which
// the errors name), and checks what the scenario's validation leaves to
// the study; every problem at once.
func NewReach(path string, f *scenario.File) (*Reach, error) {
	var r scenario.ReachStudy
	if f.Study != nil && f.Study.Reach != nil {
		r = *f.Study.Reach
	}
	s := &Reach{
		file: path, f: f, name: f.Name, earth: f.Earth,
		batteries:    pick(f.Batteries, func(b scenario.Battery) string { return b.ID }, r.Batteries),
		areas:        pick(f.LaunchAreas, func(p scenario.Place) string { return p.ID }, r.LaunchAreas),
		targets:      pick(f.Assets, func(a scenario.Asset) string { return a.ID }, r.Targets),
		interceptors: r.Interceptors,
		speeds:       r.BurnoutSpeedsMps,
		boost:        r.Boost,
		override:     r.LaunchDelayS,
		minAltM:      r.MinInterceptAltM,
		maxAltM:      r.MaxInterceptAltM,
	}
	if s.boost == "" {
		s.boost = BoostAuto
	}
	s.levels = []bmc.Level{f.Integration}
	if len(r.Integration) > 0 {
		s.levels = r.Integration
	}
	var bad config.Messages
	var err error
	if s.variants, err = sensorVariants(f, r.Sensors); err != nil {
		bad.Add("%s: study.reach.sensors: %v", path, err)
	}
	for what, n := range map[string]int{"batteries": len(s.batteries), "launch_areas": len(s.areas), "assets": len(s.targets)} {
		if n == 0 {
			bad.Add("%s: the study needs at least one of %s", path, what)
		}
	}
	if s.boost == BoostNone && s.override == nil {
		bad.Add("%s: study.reach.boost none flies impulsive threats that no sensor of the scenario can see, so nothing cues a launch: give a missile class (or auto) or launch_delay_s", path)
	}
	// Checks the scenario's validation leaves to the study.
	if s.minAltM < 0 {
		bad.Add("%s: study.reach.min_intercept_alt_m %g: must not be negative", path, s.minAltM)
	}
	if s.maxAltM < 0 {
		bad.Add("%s: study.reach.max_intercept_alt_m %g: must not be negative", path, s.maxAltM)
	}
	for _, b := range s.batteries {
		for _, typ := range s.typesOf(b) {
			it, err := s.interceptor(b, typ, 0)
			if err != nil {
				bad = append(bad, err.Error())
				continue
			}
			if it.MaxInterceptAltM > 0 && !(it.MinInterceptAltM < it.MaxInterceptAltM) {
				bad.Add("%s: battery %s (%s): lowest intercept altitude %s m is not below the highest %s m (study.reach.min_intercept_alt_m, max_intercept_alt_m)",
					path, b.ID, it.Name, report.Grouped(it.MinInterceptAltM, 0), report.Grouped(it.MaxInterceptAltM, 0))
			}
		}
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// typesOf lists the interceptor types tried at battery b.
func (s *Reach) typesOf(b scenario.Battery) []string {
	if len(s.interceptors) > 0 {
		return s.interceptors
	}
	return []string{b.Interceptor}
}

// interceptor is an interceptor type at battery b with the study's
// overrides, at speed (0: its own).
func (s *Reach) interceptor(b scenario.Battery, typ string, speed float64) (intercept.Interceptor, error) {
	it, ok := s.f.InterceptorType(typ)
	if !ok {
		return it, fmt.Errorf("%s: battery %s: no interceptor type %q", s.file, b.ID, typ)
	}
	if speed > 0 {
		it.BurnoutSpeedMps = speed
	}
	if s.minAltM > 0 {
		it.MinInterceptAltM = s.minAltM
	}
	if s.maxAltM > 0 {
		it.MaxInterceptAltM = s.maxAltM
	}
	return it, nil
}

// speedList lists the speeds tried (0: the interceptor's own).
func (s *Reach) speedList() []float64 {
	if len(s.speeds) > 0 {
		return s.speeds
	}
	return []float64{0}
}

// cellsPerPair is how many rows one launch area × target makes.
func (s *Reach) cellsPerPair() int {
	n := 0
	for _, b := range s.batteries {
		n += len(s.typesOf(b))
	}
	return n * len(s.variants) * len(s.levels) * len(s.speedList())
}

// Pair is one launch area × target: the threat that flies it.
type Pair struct {
	Flies      bool
	Class      string  // the missile class, BoostNone for an impulsive launch
	RangeM     float64 // ground distance
	Trajectory *ballistic.Trajectory
	Why        string // why nothing flies
}

// ReachRow is one row of the study table.
type ReachRow struct {
	battery     scenario.Battery
	interceptor intercept.Interceptor
	area        scenario.Place
	target      scenario.Asset
	variant     *sensorVariant
	level       bmc.Level
	pair        *Pair
	// The cue (cued false: none was computed, for an impulsive threat),
	// the launch delay searched from and where it comes from (cue or
	// override; solved false: nothing cues a launch, no search).
	cued   bool
	cue    sim.BatteryCue
	cueWhy string
	delayS float64
	basis  string
	solved bool
	res    intercept.Result
	err    error
}

// NoResult is the answer of a cell without a search: no intercept.
var NoResult = intercept.Result{EarliestInterceptS: math.NaN(), LatestInterceptS: math.NaN(), MinBurnoutSpeedMps: math.NaN(),
	MinSpeedInterceptS: math.NaN(), MinSpeedLaunchS: math.NaN(), MinSpeedClosingMps: math.NaN()}

// Cells is the number of rows Run makes.
func (s *Reach) Cells() int { return len(s.areas) * len(s.targets) * s.cellsPerPair() }

// Run computes every row, pair by pair on the budget b; each row depends
// only on its inputs and has its own place, so the table is the same
// whatever the scheduling. progress, if set, is called with 1 as each row
// is done, from several goroutines at once. The error is the first row's,
// in the table's order, that could not be computed.
func (s *Reach) Run(b par.Budget, progress func(rows int)) ([]ReachRow, error) {
	nT, per := len(s.targets), s.cellsPerPair()
	rows := make([]ReachRow, len(s.areas)*nT*per)
	b.Each(len(s.areas)*nT, func(k int) {
		a, t := s.areas[k/nT], s.targets[k%nT]
		pair := FlyPair(s.f, s.boost, a, t)
		out := rows[k*per : (k+1)*per]
		i := 0
		// Row order: battery, then (this pair) variant, level,
		// interceptor, speed; a battery's rows for every pair come
		// together, so the rows of each pair are placed at their battery's
		// block below.
		for _, v := range s.variants {
			for _, l := range s.levels {
				var cues *sim.Cues
				var cueErr error
				if pair.Flies && pair.Class != BoostNone {
					cues, cueErr = sim.Cue(v.f, sim.CueThreat{Class: pair.Class, From: a.ID, To: t.ID}, l, 0)
				}
				for _, b := range s.batteries {
					for _, typ := range s.typesOf(b) {
						for _, speed := range s.speedList() {
							it, err := s.interceptor(b, typ, speed)
							row := ReachRow{battery: b, interceptor: it, area: a, target: t, variant: v, level: l, pair: &pair, err: errors.Join(err, cueErr), res: NoResult}
							if row.err == nil && pair.Flies {
								s.solveRow(&row, cues)
							}
							out[i] = row
							i++
							if progress != nil {
								progress(1)
							}
						}
					}
				}
			}
		}
	})
	// Sort into the table's order: battery, launch area, target, variant,
	// level, interceptor, speed (stable: the rest is already in order).
	bi := map[string]int{}
	for i, b := range s.batteries {
		bi[b.ID] = i
	}
	slices.SortStableFunc(rows, func(x, y ReachRow) int { return bi[x.battery.ID] - bi[y.battery.ID] })
	for _, r := range rows {
		if r.err != nil {
			return nil, fmt.Errorf("%s × %s from %s: %w", r.battery.ID, r.target.ID, r.area.ID, r.err)
		}
	}
	return rows, nil
}

// solveRow cues a row's launch and runs its reach search.
func (s *Reach) solveRow(row *ReachRow, cues *sim.Cues) {
	if cues != nil {
		row.cued = true
		if row.cue, row.err = cues.For(row.battery.ID, row.interceptor); row.err != nil {
			return
		}
		if !row.cue.OK {
			row.cueWhy = CueNote(row.cue, row.interceptor)
		}
	}
	switch {
	case s.override != nil:
		row.delayS, row.basis, row.solved = *s.override, DelayOverride, true
	case row.cue.OK:
		row.delayS, row.basis, row.solved = row.cue.EarliestLaunchS, DelayCue, true
	default:
		row.basis = DelayCue
		return
	}
	row.res, row.err = intercept.Reach{
		Earth: s.earth, Site: row.battery.Site.Ground(), Threat: row.pair.Trajectory, ThreatEndS: row.pair.Trajectory.FlightTimeS,
		Interceptor: row.interceptor, LaunchDelayS: row.delayS,
	}.Solve()
}

// FlyPair flies a threat from a launch area to an asset of the scenario:
// with boost auto, the smallest missile class that reaches; with none, an
// impulsive launch (which no sensor of a run can see: it has no class).
func FlyPair(f *scenario.File, boost string, area scenario.Place, target scenario.Asset) Pair {
	earth := f.Earth
	from, to := area.Site.Ground(), target.Site.Ground()
	d, _, _ := earth.Inverse(from, to)
	p := Pair{RangeM: d}
	if boost == BoostNone {
		tr, err := ballistic.Solve(ballistic.Request{From: from, To: to, Earth: earth})
		if err != nil {
			p.Why = "no impulsive trajectory"
			return p
		}
		p.Flies, p.Class, p.Trajectory = true, BoostNone, &tr
		return p
	}
	classes := []string{boost}
	if boost == BoostAuto {
		classes = ballistic.MissileNames()
	}
	for _, c := range classes {
		if tr, err := sim.Fly(f, c, area.ID, target.ID); err == nil {
			p.Flies, p.Class, p.Trajectory = true, c, tr
			return p
		}
	}
	if boost == BoostAuto {
		p.Why = "no missile class (" + strings.Join(classes, ", ") + ") reaches"
	} else {
		p.Why = boost + " does not reach"
	}
	return p
}

// use says what a radar's data is to the battery's nation at the level:
// fire_control (its own, or a partner's under step2), cue (a partner's
// under step1) or none (not released to it, or no link).
func SensorUse(s sim.Sighting, bc sim.BatteryCue) string {
	switch {
	case !slices.ContainsFunc(bc.Usable, func(u sim.Sighting) bool { return u.Sensor == s.Sensor }):
		return "none"
	case s.Nation == bc.Nation || bc.Level == bmc.Step2:
		return "fire_control"
	}
	return "cue"
}

// CueNote explains a battery that has no cue: no radar whose tracks its
// nation may launch on held one within its launch rule.
func CueNote(bc sim.BatteryCue, it intercept.Interceptor) string {
	var elsewhere []string
	for _, s := range bc.Sightings {
		if !math.IsNaN(s.LaunchTrackS) && SensorUse(s, bc) != "fire_control" {
			elsewhere = append(elsewhere, fmt.Sprintf("%s (%s) from %s s", s.Sensor, s.Nation, report.Grouped(s.LaunchTrackS, 1)))
		}
	}
	why := fmt.Sprintf("no radar whose tracks %s may launch on at %s holds the threat in %s (%s's launch requirement)", bc.Nation, bc.Level, bc.Rule, it.Name)
	if len(elsewhere) > 0 {
		why += "; " + strings.Join(elsewhere, ", ") + " does, but " + bc.Nation + " may not launch on it at " + bc.Level.String()
	}
	return why
}
