package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

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

// boostAuto picks, per launch area and target, the smallest missile class
// that flies between them.
const boostAuto = "auto"

func newStudyCmd(b par.Budget) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "study STUDY FILE",
		Short: "Run a study over a scenario file (reach)",
		Long: `study runs one of the studies a scenario file describes in its study section:

  reach   can the batteries engage every launch area × target, when do the scenario's
          sensors let them launch, and how fast must their interceptors be
          (jrmd study reach FILE)`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return errors.New("study: name the study: jrmd study reach FILE")
		},
	}
	cmd.AddCommand(newStudyReachCmd(b))
	return cmd
}

// studyReachOptions are the flags of jrmd study reach.
type studyReachOptions struct {
	csvOut, jsonOut string
	budget          par.Budget
}

func newStudyReachCmd(b par.Budget) *cobra.Command {
	o := studyReachOptions{budget: b}
	cmd := &cobra.Command{
		Use:   "reach FILE [--csv OUT] [--json OUT]",
		Short: "The reach question, cued by the scenario's sensors, over every battery × launch area × target",
		Long: `study reach asks the question of jrmd reach --scenario for every battery × launch area ×
target of a scenario file, at every integration level, sensor variant, interceptor type
and burnout speed its study.reach section lists:

  batteries, launch_areas, targets   ids to use (default: all batteries, launch areas, assets)
  integration                        levels to cue at: autonomous, step1, step2 (default: the
                                     scenario's integration)
  sensors                            sensor overrides to try, as in the scenario's sensors
                                     entries but with a list of values per key, e.g.
                                       sensors: [{id: brdy, max_range_km: [1000, 2000]}]
                                     (today the key max_range_km, the instrumented range); every
                                     combination of values is one variant of the architecture
  interceptors                       interceptor types to try at every battery (default: each
                                     battery's own)
  burnout_speeds_mps                 interceptor speeds to try (default: each interceptor's own)
  boost                              a missile class, none (impulsive: nothing to cue, needs
                                     launch_delay_s), or auto (default): the smallest class, in
                                     the order ` + strings.Join(ballistic.MissileNames(), ", ") + `, that reaches
  launch_delay_s                     a hand-set launch delay in place of every cell's cue: an
                                     explicit override, labelled as such in every output
  min_intercept_alt_m, max_intercept_alt_m   override the interceptor's limits

Each cell's interceptor launch is cued as jrmd reach --scenario cues it: the threat flies
alone through a run of the scenario (its variant) at the level, and the battery launches no
earlier than its nation may on a track within the interceptor type's launch requirement
that it may use at that level, after its C2 decision and reaction; a cell with no such track is not feasible, and says why. The
columns cued by and earliest launch give the cue. Threats fly minimum-energy trajectories
over the scenario's Earth (rotating). A launch area and target no missile class can fly
between are reported as such, not dropped. Cells run on all cores; the table is printed
when all are done, in the order battery, launch area, target, sensor variant, level,
interceptor, speed, followed by the feasible cells per variant, level, interceptor and
speed. Progress goes to stderr.

A scenario with problems prints each (file:line:col: field: what is wrong) and exits 2.`,
		Example: `  jrmd study reach scenarios/joint-regional-2007.yaml
  jrmd study reach scenarios/joint-regional-2007.yaml --csv reach.csv --json reach.json`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("study reach needs one scenario FILE (got %d arguments), e.g. jrmd study reach scenarios/joint-regional-2007.yaml", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return o.run(args[0], cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&o.csvOut, "csv", "", "write the table as CSV to `OUT`")
	cmd.Flags().StringVar(&o.jsonOut, "json", "", "write the table as JSON to `OUT`")
	return cmd
}

// loadScenario loads a scenario file; its problems are printed one per line
// on stderr and summed up in the returned error.
func loadScenario(path string, stderr io.Writer) (*scenario.File, error) {
	f, err := scenario.Load(path)
	if err == nil {
		return f, nil
	}
	var ps config.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Fprintln(stderr, p.Error())
		}
		return nil, fmt.Errorf("%s: %s in the scenario (above); nothing was run", path, report.Plural(len(ps), "problem"))
	}
	return nil, err
}

// missileClass is a missile class by name (any case): the scenario's own
// (sc may be nil), or the library's.
func missileClass(sc *scenario.File, name string) (*ballistic.Missile, bool) {
	if sc != nil {
		if m, ok := sc.MissileClass(name); ok {
			return m, true
		}
	}
	m, err := ballistic.LookupMissile(name)
	return &m, err == nil
}

// missileNames lists the library's classes, then the scenario's own (sc
// may be nil).
func missileNames(sc *scenario.File) []string {
	names := ballistic.MissileNames()
	if sc != nil {
		for _, m := range sc.Missiles {
			names = append(names, m.ID)
		}
	}
	return names
}

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

// reachStudy is a study.reach section resolved against its file.
type reachStudy struct {
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

func newReachStudy(path string, f *scenario.File) (*reachStudy, error) {
	var r scenario.ReachStudy
	if f.Study != nil && f.Study.Reach != nil {
		r = *f.Study.Reach
	}
	s := &reachStudy{
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
		s.boost = boostAuto
	}
	s.levels = []bmc.Level{f.Integration}
	if len(r.Integration) > 0 {
		s.levels = r.Integration
	}
	var bad problems
	var err error
	if s.variants, err = sensorVariants(f, r.Sensors); err != nil {
		bad.add("%s: study.reach.sensors: %v", path, err)
	}
	for what, n := range map[string]int{"batteries": len(s.batteries), "launch_areas": len(s.areas), "assets": len(s.targets)} {
		if n == 0 {
			bad.add("%s: the study needs at least one of %s", path, what)
		}
	}
	if s.boost == boostNone && s.override == nil {
		bad.add("%s: study.reach.boost none flies impulsive threats that no sensor of the scenario can see, so nothing cues a launch: give a missile class (or auto) or launch_delay_s", path)
	}
	// Checks the scenario's validation leaves to the study.
	if s.minAltM < 0 {
		bad.add("%s: study.reach.min_intercept_alt_m %g: must not be negative", path, s.minAltM)
	}
	if s.maxAltM < 0 {
		bad.add("%s: study.reach.max_intercept_alt_m %g: must not be negative", path, s.maxAltM)
	}
	for _, b := range s.batteries {
		for _, typ := range s.typesOf(b) {
			it, err := s.interceptor(b, typ, 0)
			if err != nil {
				bad = append(bad, err.Error())
				continue
			}
			if it.MaxInterceptAltM > 0 && !(it.MinInterceptAltM < it.MaxInterceptAltM) {
				bad.add("%s: battery %s (%s): lowest intercept altitude %s m is not below the highest %s m (study.reach.min_intercept_alt_m, max_intercept_alt_m)",
					path, b.ID, it.Name, report.Grouped(it.MinInterceptAltM, 0), report.Grouped(it.MaxInterceptAltM, 0))
			}
		}
	}
	if err := bad.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// typesOf lists the interceptor types tried at battery b.
func (s *reachStudy) typesOf(b scenario.Battery) []string {
	if len(s.interceptors) > 0 {
		return s.interceptors
	}
	return []string{b.Interceptor}
}

// interceptor is an interceptor type at battery b with the study's
// overrides, at speed (0: its own).
func (s *reachStudy) interceptor(b scenario.Battery, typ string, speed float64) (intercept.Interceptor, error) {
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
func (s *reachStudy) speedList() []float64 {
	if len(s.speeds) > 0 {
		return s.speeds
	}
	return []float64{0}
}

// cellsPerPair is how many rows one launch area × target makes.
func (s *reachStudy) cellsPerPair() int {
	n := 0
	for _, b := range s.batteries {
		n += len(s.typesOf(b))
	}
	return n * len(s.variants) * len(s.levels) * len(s.speedList())
}

// reachPair is one launch area × target: the threat that flies it.
type reachPair struct {
	flies  bool
	class  string // the missile class, "none" for an impulsive launch
	rangeM float64
	tr     *ballistic.Trajectory
	why    string // why nothing flies
}

// reachRow is one row of the study table.
type reachRow struct {
	battery     scenario.Battery
	interceptor intercept.Interceptor
	area        scenario.Place
	target      scenario.Asset
	variant     *sensorVariant
	level       bmc.Level
	pair        *reachPair
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

// noResult is the answer of a cell without a search: no intercept.
var noResult = intercept.Result{EarliestInterceptS: math.NaN(), LatestInterceptS: math.NaN(), MinBurnoutSpeedMps: math.NaN(),
	MinSpeedInterceptS: math.NaN(), MinSpeedLaunchS: math.NaN(), MinSpeedClosingMps: math.NaN()}

// run computes every row, pair by pair on the budget b; each row depends
// only on its inputs and has its own place, so the table is the same
// whatever the scheduling.
func (s *reachStudy) run(b par.Budget, prog *progress) []reachRow {
	nT, per := len(s.targets), s.cellsPerPair()
	rows := make([]reachRow, len(s.areas)*nT*per)
	b.Each(len(s.areas)*nT, func(k int) {
		a, t := s.areas[k/nT], s.targets[k%nT]
		pair := flyPair(s.f, s.boost, a, t)
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
				if pair.flies && pair.class != boostNone {
					cues, cueErr = sim.Cue(v.f, sim.CueThreat{Class: pair.class, From: a.ID, To: t.ID}, l, 0)
				}
				for _, b := range s.batteries {
					for _, typ := range s.typesOf(b) {
						for _, speed := range s.speedList() {
							it, err := s.interceptor(b, typ, speed)
							row := reachRow{battery: b, interceptor: it, area: a, target: t, variant: v, level: l, pair: &pair, err: errors.Join(err, cueErr), res: noResult}
							if row.err == nil && pair.flies {
								s.solveRow(&row, cues)
							}
							out[i] = row
							i++
							prog.add(1)
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
	slices.SortStableFunc(rows, func(x, y reachRow) int { return bi[x.battery.ID] - bi[y.battery.ID] })
	return rows
}

// solveRow cues a row's launch and runs its reach search.
func (s *reachStudy) solveRow(row *reachRow, cues *sim.Cues) {
	if cues != nil {
		row.cued = true
		if row.cue, row.err = cues.For(row.battery.ID, row.interceptor); row.err != nil {
			return
		}
		if !row.cue.OK {
			row.cueWhy = cueNote(row.cue, row.interceptor)
		}
	}
	switch {
	case s.override != nil:
		row.delayS, row.basis, row.solved = *s.override, delayOverride, true
	case row.cue.OK:
		row.delayS, row.basis, row.solved = row.cue.EarliestLaunchS, delayCue, true
	default:
		row.basis = delayCue
		return
	}
	row.res, row.err = intercept.Reach{
		Earth: s.earth, Site: posLLA(row.battery.Site), Threat: row.pair.tr, ThreatEndS: row.pair.tr.FlightTimeS,
		Interceptor: row.interceptor, LaunchDelayS: row.delayS,
	}.Solve()
}

func (o *studyReachOptions) run(path string, stdout, stderr io.Writer) error {
	f, err := loadScenario(path, stderr)
	if err != nil {
		return err
	}
	s, err := newReachStudy(path, f)
	if err != nil {
		return err
	}
	outs, err := createOutputs(map[string]string{"csv": o.csvOut, "json": o.jsonOut})
	if err != nil {
		return err
	}
	defer outs.closeAll()

	prog := newProgress(stderr, "study reach", "cells", len(s.areas)*len(s.targets)*s.cellsPerPair())
	rows := s.run(o.budget, prog)
	prog.done()
	for _, r := range rows {
		if r.err != nil {
			return &failure{fmt.Errorf("%s × %s from %s: %w", r.battery.ID, r.target.ID, r.area.ID, r.err)}
		}
	}
	if w := outs["csv"]; w != nil {
		if err := writeReachCSV(w, rows); err != nil {
			return err
		}
		if err := outs.close("csv"); err != nil {
			return err
		}
	}
	if w := outs["json"]; w != nil {
		if err := writeJSON(w, newStudyReachJSON(s, rows)); err != nil {
			return err
		}
		if err := outs.close("json"); err != nil {
			return err
		}
	}
	return writeReachTable(stdout, s, rows, o)
}

// outputs are files opened before a long computation, by flag name.
type outputs map[string]*os.File

// createOutputs creates every named output (flag → path, "" for none);
// a path that cannot be created is an input error.
func createOutputs(paths map[string]string) (outputs, error) {
	outs := outputs{}
	var bad problems
	for _, flag := range slices.Sorted(maps.Keys(paths)) {
		if paths[flag] == "" {
			continue
		}
		f, err := os.Create(paths[flag])
		if err != nil {
			bad.add("--%s %s", flag, strings.TrimPrefix(err.Error(), "open "))
			continue
		}
		outs[flag] = f
	}
	if err := bad.err(); err != nil {
		outs.closeAll()
		return nil, err
	}
	return outs, nil
}

func (o outputs) close(flag string) error {
	f := o[flag]
	delete(o, flag)
	if err := f.Close(); err != nil {
		return &failure{fmt.Errorf("--%s %s: %w", flag, f.Name(), err)}
	}
	return nil
}

func (o outputs) closeAll() {
	for _, f := range o {
		f.Close()
	}
}

// progress reports how much of a long computation is done on stderr: a bar
// redrawn in place on a terminal, otherwise a plain count at every tenth.
type progress struct {
	mu           sync.Mutex
	w            io.Writer
	tty          bool
	label, units string
	total, n     int
	shown        int // tenths (plain) or bar cells (terminal) already shown
	start        time.Time
}

// barWidth is the width of the terminal progress bar, characters.
const barWidth = 30

func newProgress(w io.Writer, label, units string, total int) *progress {
	p := &progress{w: w, tty: isTerminal(w), label: label, units: units, total: total, start: time.Now(), shown: -1}
	p.show()
	return p
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) add(k int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n += k
	p.show()
}

// show draws the bar or the count if it moved; the caller holds mu.
func (p *progress) show() {
	if p.total <= 0 {
		return
	}
	if p.tty {
		filled := p.n * barWidth / p.total
		if filled == p.shown && p.n != p.total {
			return
		}
		p.shown = filled
		fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d %s, %.1f s", p.label, strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled),
			p.n, p.total, p.units, time.Since(p.start).Seconds())
		return
	}
	tenth := p.n * 10 / p.total
	if tenth == p.shown {
		return
	}
	p.shown = tenth
	fmt.Fprintf(p.w, "%s: %d/%d %s\n", p.label, p.n, p.total, p.units)
}

// done ends the bar's line on a terminal.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.total > 0 {
		fmt.Fprintln(p.w)
	}
}

// cellText is what the table shows for a row's answer.
type cellText struct {
	class, feasible, earliest, latest, minSpeed, cuedBy, launch string
}

const dash = "—"

func (r *reachRow) text() cellText {
	if !r.pair.flies {
		return cellText{class: "none reaches", feasible: dash, earliest: dash, latest: dash, minSpeed: dash, cuedBy: dash, launch: dash}
	}
	c := cellText{class: r.pair.class, feasible: "no", earliest: dash, latest: dash, minSpeed: dash, cuedBy: dash, launch: dash}
	switch {
	case r.cue.OK:
		c.cuedBy, c.launch = r.cue.Sensor+" ("+r.cue.SensorNation+")", report.Grouped(r.cue.EarliestLaunchS, 0)
	case r.cued:
		c.cuedBy = "none"
	}
	if r.res.Feasible {
		c.feasible = "yes"
		c.earliest, c.latest = report.Grouped(r.res.EarliestInterceptS, 0), report.Grouped(r.res.LatestInterceptS, 0)
	}
	if !math.IsNaN(r.res.MinBurnoutSpeedMps) {
		c.minSpeed = strconv.FormatFloat(r.res.MinBurnoutSpeedMps/1000, 'f', 2, 64)
	}
	return c
}

// writeReachTable prints the study table, a summary, and the feasible
// cells of each variant, level, interceptor and speed.
func writeReachTable(w io.Writer, s *reachStudy, rows []reachRow, o *studyReachOptions) error {
	var levels []string
	for _, l := range s.levels {
		levels = append(levels, l.String())
	}
	launch := "interceptors launch when the scenario's sensors cue them (the cued launch), at " + strings.Join(levels, ", ")
	if s.override != nil {
		launch = "interceptors launch from " + report.Grouped(*s.override, 0) + " s after the threat, set by hand (launch_delay_s overrides the cue; the cue is shown, not used)"
	}
	fmt.Fprintf(w, "study reach: %s (%s): %s Earth, rotating; threats boost %s; %s\n", s.file, s.name, s.earth.Name, s.boost, launch)
	for _, b := range s.batteries {
		for _, typ := range s.typesOf(b) {
			it, _ := s.interceptor(b, typ, 0) // checked by newReachStudy
			var speeds []string
			for _, v := range s.speedList() {
				if v == 0 {
					v = it.BurnoutSpeedMps
				}
				speeds = append(speeds, report.KmPerS(v, -1))
			}
			fmt.Fprintf(w, "battery %s (%s) at %s: %s; speeds tried: %s\n", b.ID, b.Nation, report.LatLon(posLLA(b.Site)),
				report.DescribeInterceptor(it), strings.Join(speeds, ", "))
		}
	}
	varied := len(s.variants) > 1
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "battery\tlaunch area\ttarget\tthreat\trange km\t"
	if varied {
		head += "sensors\t"
	}
	fmt.Fprint(tw, head+"level\tinterceptor\tspeed km/s\tcued by\tcued launch s\tfeasible\tearliest s\tlatest s\tmin speed km/s\t\n")
	var yes, no, noCue, none int
	for i := range rows {
		r := &rows[i]
		c := r.text()
		switch c.feasible {
		case "yes":
			yes++
		case "no":
			no++
			if r.cued && !r.cue.OK {
				noCue++
			}
		default:
			none++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t", r.battery.ID, r.area.ID, r.target.ID, c.class, report.Grouped(r.pair.rangeM/1000, 0))
		if varied {
			fmt.Fprintf(tw, "%s\t", r.variant.label())
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.level, r.interceptor.Name, strconv.FormatFloat(r.interceptor.BurnoutSpeedMps/1000, 'f', 2, 64),
			c.cuedBy, c.launch, c.feasible, c.earliest, c.latest, c.minSpeed)
	}
	if err := tw.Flush(); err != nil {
		return writeErr(err)
	}
	fmt.Fprintf(w, "\n%s: %d feasible, %d not", report.Plural(len(rows), "cell"), yes, no)
	if noCue > 0 && s.override == nil {
		fmt.Fprintf(w, " (%d of them with no track the battery's nation may launch on: nothing cues a launch)", noCue)
	}
	fmt.Fprintf(w, ", %d with no trajectory", none)
	if none > 0 {
		fmt.Fprintf(w, " (%q: %s)", "none reaches", rows[firstNone(rows)].pair.why)
	}
	fmt.Fprintln(w, ".")
	if err := writeReachGroups(w, s, rows); err != nil {
		return err
	}
	fmt.Fprintln(w, "Times are seconds after the threat's launch. Cued by: the radar whose track, within the interceptor type's")
	fmt.Fprintln(w, "launch requirement, the battery's nation may first launch on at the level; cued launch: its earliest launch")
	fmt.Fprintln(w, "(C2 decision from the cue, reaction from that track). Min speed is the slowest interceptor that could engage")
	fmt.Fprintln(w, "from that launch under the same constraints (altitude, range, the kill vehicle's minimum closing speed; no")
	fmt.Fprintln(w, "kill-probability limit).")
	for _, out := range []struct{ flag, path string }{{"csv", o.csvOut}, {"json", o.jsonOut}} {
		if out.path != "" {
			fmt.Fprintf(w, "%s: %s\n", out.flag, out.path)
		}
	}
	return writeErr(nil)
}

// writeReachGroups prints, when the study varies the architecture, the
// level, the interceptor or its speed, how many cells each combination
// makes feasible: the sensitivity of the answer.
func writeReachGroups(w io.Writer, s *reachStudy, rows []reachRow) error {
	type key struct {
		variant     string
		level       bmc.Level
		interceptor string
		speed       float64
	}
	type tally struct{ feasible, flies, noCue int }
	var order []key
	count := map[key]*tally{}
	for i := range rows {
		r := &rows[i]
		k := key{r.variant.label(), r.level, r.interceptor.Name, r.interceptor.BurnoutSpeedMps}
		if count[k] == nil {
			count[k] = &tally{}
			order = append(order, k)
		}
		if !r.pair.flies {
			continue
		}
		c := count[k]
		c.flies++
		if r.res.Feasible {
			c.feasible++
		}
		if r.cued && !r.cue.OK {
			c.noCue++
		}
	}
	if len(order) < 2 {
		return nil
	}
	slices.SortStableFunc(order, func(a, b key) int { return strings.Compare(a.variant, b.variant) })
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := ""
	if len(s.variants) > 1 {
		head = "sensors\t"
	}
	fmt.Fprint(tw, head+"level\tinterceptor\tspeed km/s\tfeasible\tof cells\tno cue\t\n")
	for _, k := range order {
		c := count[k]
		if len(s.variants) > 1 {
			fmt.Fprintf(tw, "%s\t", k.variant)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t\n", k.level, k.interceptor, strconv.FormatFloat(k.speed/1000, 'f', 2, 64), c.feasible, c.flies, c.noCue)
	}
	if err := tw.Flush(); err != nil {
		return writeErr(err)
	}
	fmt.Fprintln(w)
	return nil
}

func firstNone(rows []reachRow) int {
	for i, r := range rows {
		if !r.pair.flies {
			return i
		}
	}
	return 0
}

// note explains a row without an answer: nothing flies, nothing cues a
// launch, or nothing could reach the threat at any speed.
func (r *reachRow) note() string {
	switch {
	case !r.pair.flies:
		return r.pair.why
	case !r.solved:
		return r.cueWhy
	case math.IsNaN(r.res.MinBurnoutSpeedMps):
		return "unreachable at any speed: never " + report.DescribeLimits(r.interceptor) + " where an upward fly-out reaches it after the launch delay"
	}
	return ""
}

// reachCSVHeader: the columns of study reach before the cue came first,
// in their places, then the cue's.
var reachCSVHeader = []string{"battery", "interceptor_type", "launch_area", "target", "threat_class", "range_km", "flight_time_s",
	"burnout_speed_mps", "feasible", "earliest_intercept_s", "latest_intercept_s",
	"min_burnout_speed_mps", "min_speed_launch_s", "min_speed_intercept_s", "note",
	"integration", "sensors", "cued_by", "earliest_launch_s", "launch_delay_s", "launch_delay_basis"}

// writeReachCSV writes the table as CSV (RFC 4180), one row per cell;
// empty fields where there is no value.
func writeReachCSV(w io.Writer, rows []reachRow) error {
	cw := csv.NewWriter(w)
	cw.Write(reachCSVHeader)
	for _, r := range rows {
		rec := make([]string, len(reachCSVHeader))
		rec[0], rec[1], rec[2], rec[3], rec[5], rec[7] = r.battery.ID, r.interceptor.Name, r.area.ID, r.target.ID, report.CSVFloat(r.pair.rangeM/1000, 1), report.CSVFloat(r.interceptor.BurnoutSpeedMps, 1)
		rec[14], rec[15], rec[16] = r.note(), r.level.String(), r.variant.csv()
		if r.pair.flies {
			rec[4], rec[6] = r.pair.class, report.CSVFloat(r.pair.tr.FlightTimeS, 1)
			rec[8] = strconv.FormatBool(r.res.Feasible)
			if r.res.Feasible {
				rec[9], rec[10] = report.CSVFloat(r.res.EarliestInterceptS, 1), report.CSVFloat(r.res.LatestInterceptS, 1)
			}
			if !math.IsNaN(r.res.MinBurnoutSpeedMps) {
				rec[11], rec[12], rec[13] = report.CSVFloat(r.res.MinBurnoutSpeedMps, 1), report.CSVFloat(r.res.MinSpeedLaunchS, 1), report.CSVFloat(r.res.MinSpeedInterceptS, 1)
			}
			if r.cue.OK {
				rec[17], rec[18] = r.cue.Sensor, report.CSVFloat(r.cue.EarliestLaunchS, 1)
			}
			if r.solved {
				rec[19] = report.CSVFloat(r.delayS, 1)
			}
			rec[20] = r.basis
		}
		cw.Write(rec)
	}
	cw.Flush()
	return writeErr(cw.Error())
}

// studyReachJSON is what study reach --json writes. SI units.
type studyReachJSON struct {
	Scenario string `json:"scenario"`
	File     string `json:"file"`
	Earth    string `json:"earth"`
	Boost    string `json:"boost"`
	// LaunchDelayS: the hand-set launch in place of every cue (null: each
	// cell's cue); LaunchDelayBasis says which.
	LaunchDelayS     *float64       `json:"launch_delay_s"`
	LaunchDelayBasis string         `json:"launch_delay_basis"`
	Integration      []string       `json:"integration"`
	Rows             []reachRowJSON `json:"rows"`
}

type reachRowJSON struct {
	Battery            string                 `json:"battery"`
	Site               report.PointJSON       `json:"site"`
	Interceptor        report.InterceptorJSON `json:"interceptor"`
	LaunchArea         string                 `json:"launch_area"`
	Target             string                 `json:"target"`
	Integration        string                 `json:"integration"`
	Sensors            []sensorSetting        `json:"sensors"` // the variant's overrides of the scenario's sensors
	Flies              bool                   `json:"flies"`
	ThreatClass        *string                `json:"threat_class"` // null: nothing flies
	RangeM             float64                `json:"range_m"`
	FlightTimeS        *float64               `json:"flight_time_s"`
	CuedBy             *string                `json:"cued_by"`           // null: no cue
	EarliestLaunchS    *float64               `json:"earliest_launch_s"` // the cue's
	Cue                *cueJSON               `json:"cue"`
	LaunchDelayS       *float64               `json:"launch_delay_s"` // searched from; null: nothing cues a launch
	LaunchDelayBasis   string                 `json:"launch_delay_basis,omitempty"`
	Feasible           *bool                  `json:"feasible"` // null: nothing flies
	EarliestInterceptS *float64               `json:"earliest_intercept_s"`
	LatestInterceptS   *float64               `json:"latest_intercept_s"`
	Windows            []report.IntervalJSON  `json:"windows"`
	MinBurnoutSpeedMps *float64               `json:"min_burnout_speed_mps"`
	MinSpeedLaunchS    *float64               `json:"min_speed_launch_s"`
	MinSpeedInterceptS *float64               `json:"min_speed_intercept_s"`
	Note               string                 `json:"note,omitempty"`
}

func newStudyReachJSON(s *reachStudy, rows []reachRow) studyReachJSON {
	out := studyReachJSON{Scenario: s.name, File: s.file, Earth: s.earth.Name, Boost: s.boost, LaunchDelayS: s.override, LaunchDelayBasis: delayCue, Rows: []reachRowJSON{}}
	if s.override != nil {
		out.LaunchDelayBasis = delayOverride
	}
	for _, l := range s.levels {
		out.Integration = append(out.Integration, l.String())
	}
	for _, r := range rows {
		it := report.NewInterceptorJSON(r.interceptor)
		it.Source = ""
		j := reachRowJSON{
			Battery: r.battery.ID, Site: report.PointJSON{LatDeg: r.battery.Site.LatDeg, LonDeg: r.battery.Site.LonDeg}, Interceptor: it,
			LaunchArea: r.area.ID, Target: r.target.ID, Integration: r.level.String(), Sensors: append([]sensorSetting{}, r.variant.settings...),
			Flies: r.pair.flies, RangeM: r.pair.rangeM, Windows: []report.IntervalJSON{},
		}
		j.Note = r.note()
		if r.pair.flies {
			class, feasible := r.pair.class, r.res.Feasible
			j.ThreatClass, j.Feasible, j.FlightTimeS = &class, &feasible, report.Finite(r.pair.tr.FlightTimeS)
			if r.cue.OK {
				by := r.cue.Sensor
				j.CuedBy, j.EarliestLaunchS, j.Cue = &by, report.Finite(r.cue.EarliestLaunchS), newCueJSON(r.cue)
			}
			if r.solved {
				j.LaunchDelayS = report.Finite(r.delayS)
			}
			j.LaunchDelayBasis = r.basis
			if feasible {
				j.EarliestInterceptS, j.LatestInterceptS = report.Finite(r.res.EarliestInterceptS), report.Finite(r.res.LatestInterceptS)
			}
			for _, w := range r.res.Windows {
				j.Windows = append(j.Windows, report.IntervalJSON{StartS: w.StartS, EndS: w.EndS})
			}
			if m := report.Finite(r.res.MinBurnoutSpeedMps); m != nil {
				j.MinBurnoutSpeedMps, j.MinSpeedLaunchS, j.MinSpeedInterceptS = m, report.Finite(r.res.MinSpeedLaunchS), report.Finite(r.res.MinSpeedInterceptS)
			}
		}
		out.Rows = append(out.Rows, j)
	}
	return out
}
