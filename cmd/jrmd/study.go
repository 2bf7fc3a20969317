package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/internal/ballistic"
	"github.com/jrmd/jrmd/internal/geo"
	"github.com/jrmd/jrmd/internal/intercept"
	"github.com/jrmd/jrmd/internal/scenario"
)

// boostAuto picks, per launch area and target, the smallest missile class
// that flies between them.
const boostAuto = "auto"

func newStudyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "study STUDY FILE",
		Short: "Run a study over a scenario file (reach)",
		Long: `study runs one of the studies a scenario file describes in its study section:

  reach   can the batteries engage every launch area × target, and how fast must
          their interceptors be (jrmd study reach FILE)`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return errors.New("study: name the study: jrmd study reach FILE")
		},
	}
	cmd.AddCommand(newStudyReachCmd())
	return cmd
}

// studyReachOptions are the flags of jrmd study reach.
type studyReachOptions struct {
	csvOut, jsonOut string
}

func newStudyReachCmd() *cobra.Command {
	var o studyReachOptions
	cmd := &cobra.Command{
		Use:   "reach FILE [--csv OUT] [--json OUT]",
		Short: "The reach question over every battery × launch area × target × burnout speed",
		Long: `study reach asks the question of jrmd reach for every battery × launch area × target ×
interceptor burnout speed of a scenario file, as its study.reach section says:

  batteries, launch_areas, targets   ids to use (default: all batteries, launch areas, assets)
  burnout_speeds_mps                 interceptor speeds to try (default: each battery's own)
  boost                              a missile class, none (impulsive), or auto (default): the
                                     smallest class, in the order ` + strings.Join(ballistic.MissileNames(), ", ") + `,
                                     that reaches the target from the launch area
  launch_delay_s                     earliest interceptor launch after the threat's
  min_intercept_alt_m, max_intercept_alt_m   override the interceptor's limits

Threats fly minimum-energy trajectories over the scenario's Earth (rotating). A launch
area and target no missile class can fly between are reported as such, not dropped.
Cells run on all cores; the table is printed when all are done, in the order battery,
launch area, target, speed. Progress goes to stderr.

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
	var ps scenario.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Fprintln(stderr, p.Error())
		}
		return nil, fmt.Errorf("%s: %s in the scenario (above); nothing was run", path, plural(len(ps), "problem"))
	}
	return nil, err
}

// scenarioEarth is the Earth a scenario names (rotating).
func scenarioEarth(f *scenario.File) geo.Earth {
	if f.Earth == "spherical" {
		return geo.Sphere
	}
	return geo.WGS84
}

// reachStudy is a study.reach section resolved against its file.
type reachStudy struct {
	file      string
	name      string
	earth     geo.Earth
	batteries []scenario.Battery
	areas     []scenario.Place
	targets   []scenario.Asset
	speeds    []float64 // nil: each battery's own
	boost     string    // auto, none or a class
	delayS    float64
	minAltM   float64 // 0: the interceptor's
	maxAltM   float64 // 0: the interceptor's
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
		file: path, name: f.Name, earth: scenarioEarth(f),
		batteries: pick(f.Batteries, func(b scenario.Battery) string { return b.ID }, r.Batteries),
		areas:     pick(f.LaunchAreas, func(p scenario.Place) string { return p.ID }, r.LaunchAreas),
		targets:   pick(f.Assets, func(a scenario.Asset) string { return a.ID }, r.Targets),
		speeds:    r.BurnoutSpeedsMps,
		boost:     r.Boost,
		minAltM:   r.MinInterceptAltM,
		maxAltM:   r.MaxInterceptAltM,
	}
	if s.boost == "" {
		s.boost = boostAuto
	}
	if r.LaunchDelayS != nil {
		s.delayS = *r.LaunchDelayS
	}
	var bad problems
	for what, n := range map[string]int{"batteries": len(s.batteries), "launch_areas": len(s.areas), "assets": len(s.targets)} {
		if n == 0 {
			bad.add("%s: the study needs at least one of %s", path, what)
		}
	}
	// Checks the scenario's validation leaves to the study.
	if s.minAltM < 0 {
		bad.add("%s: study.reach.min_intercept_alt_m %g: must not be negative", path, s.minAltM)
	}
	if s.maxAltM < 0 {
		bad.add("%s: study.reach.max_intercept_alt_m %g: must not be negative", path, s.maxAltM)
	}
	for _, b := range s.batteries {
		it, err := s.interceptor(b, 0)
		if err != nil {
			bad = append(bad, err.Error())
			continue
		}
		if it.MaxInterceptAltM > 0 && !(it.MinInterceptAltM < it.MaxInterceptAltM) {
			bad.add("%s: battery %s (%s): lowest intercept altitude %s m is not below the highest %s m (study.reach.min_intercept_alt_m, max_intercept_alt_m)",
				path, b.ID, it.Name, grouped(it.MinInterceptAltM, 0), grouped(it.MaxInterceptAltM, 0))
		}
	}
	if err := bad.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// interceptor is battery b's interceptor with the study's overrides, at
// speed (0: its own).
func (s *reachStudy) interceptor(b scenario.Battery, speed float64) (intercept.Interceptor, error) {
	it, err := intercept.LookupInterceptor(b.Interceptor)
	if err != nil {
		return it, fmt.Errorf("%s: battery %s: %w", s.file, b.ID, err)
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

// speedsOf lists the speeds tried for battery b.
func (s *reachStudy) speedsOf(b scenario.Battery) []float64 {
	if len(s.speeds) > 0 {
		return s.speeds
	}
	return []float64{0}
}

// reachPair is one launch area × target: the threat that flies it.
type reachPair struct {
	flies  bool
	class  string // the missile class, "none" for an impulsive launch
	rangeM float64
	tr     ballistic.Trajectory
	why    string // why nothing flies
}

// fly solves the threat from a to t with the study's boost.
func (s *reachStudy) fly(a scenario.Place, t scenario.Asset) reachPair {
	from := geo.LLA{LatDeg: a.Site.LatDeg, LonDeg: a.Site.LonDeg}
	to := geo.LLA{LatDeg: t.Site.LatDeg, LonDeg: t.Site.LonDeg}
	d, _, _ := s.earth.Inverse(from, to)
	p := reachPair{rangeM: d}
	var classes []string
	switch s.boost {
	case boostAuto:
		classes = ballistic.MissileNames()
	default:
		classes = []string{s.boost}
	}
	for _, c := range classes {
		var m *ballistic.Missile
		if c != boostNone {
			mm, err := ballistic.LookupMissile(c)
			if err != nil {
				p.why = err.Error()
				return p
			}
			m = &mm
		}
		tr, err := ballistic.Solve(ballistic.Request{From: from, To: to, Earth: s.earth, Missile: m})
		if err == nil {
			p.flies, p.class, p.tr = true, c, tr
			return p
		}
	}
	switch s.boost {
	case boostAuto:
		p.why = "no missile class (" + strings.Join(classes, ", ") + ") reaches"
	case boostNone:
		p.why = "no impulsive trajectory"
	default:
		p.why = s.boost + " does not reach"
	}
	return p
}

// reachRow is one row of the study table.
type reachRow struct {
	battery     scenario.Battery
	interceptor intercept.Interceptor
	area        scenario.Place
	target      scenario.Asset
	pair        *reachPair
	res         intercept.Result
	err         error
}

// run computes every row, pair by pair on all cores; each row depends only
// on its inputs and has its own place, so the table is the same whatever
// the scheduling.
func (s *reachStudy) run(prog *progress) []reachRow {
	nA, nT := len(s.areas), len(s.targets)
	// Row order: battery, launch area, target, speed; offset[b] is where
	// battery b's rows begin.
	offset := make([]int, len(s.batteries)+1)
	for bi, b := range s.batteries {
		offset[bi+1] = offset[bi] + nA*nT*len(s.speedsOf(b))
	}
	rows := make([]reachRow, offset[len(s.batteries)])
	parallel(nA*nT, func(k int) {
		a, t := k/nT, k%nT
		pair := s.fly(s.areas[a], s.targets[t])
		for bi, b := range s.batteries {
			speeds := s.speedsOf(b)
			for si, speed := range speeds {
				it, err := s.interceptor(b, speed)
				row := reachRow{battery: b, interceptor: it, area: s.areas[a], target: s.targets[t], pair: &pair, err: err}
				if err == nil && pair.flies {
					row.res, row.err = intercept.Reach{
						Earth: s.earth, Site: geo.LLA{LatDeg: b.Site.LatDeg, LonDeg: b.Site.LonDeg},
						Threat: &pair.tr, ThreatEndS: pair.tr.FlightTimeS, Interceptor: it, LaunchDelayS: s.delayS,
					}.Solve()
				}
				rows[offset[bi]+(a*nT+t)*len(speeds)+si] = row
				prog.add(1)
			}
		}
	})
	return rows
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

	total := 0
	for _, b := range s.batteries {
		total += len(s.areas) * len(s.targets) * len(s.speedsOf(b))
	}
	prog := newProgress(stderr, "study reach", "cells", total)
	rows := s.run(prog)
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

// parallel calls fn(0) … fn(n-1) on GOMAXPROCS goroutines and waits.
func parallel(n int, fn func(i int)) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Go(func() {
			for i := range jobs {
				fn(i)
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
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
	class, feasible, earliest, latest, minSpeed string
}

const dash = "—"

func (r *reachRow) text() cellText {
	if !r.pair.flies {
		return cellText{class: "none reaches", feasible: dash, earliest: dash, latest: dash, minSpeed: dash}
	}
	c := cellText{class: r.pair.class, feasible: "no", earliest: dash, latest: dash, minSpeed: dash}
	if r.res.Feasible {
		c.feasible = "yes"
		c.earliest, c.latest = grouped(r.res.EarliestInterceptS, 0), grouped(r.res.LatestInterceptS, 0)
	}
	if !math.IsNaN(r.res.MinBurnoutSpeedMps) {
		c.minSpeed = strconv.FormatFloat(r.res.MinBurnoutSpeedMps/1000, 'f', 2, 64)
	}
	return c
}

// writeReachTable prints the study table and a summary.
func writeReachTable(w io.Writer, s *reachStudy, rows []reachRow, o *studyReachOptions) error {
	fmt.Fprintf(w, "study reach: %s (%s): %s Earth, rotating; threats boost %s; interceptors launch from %s s after the threat\n",
		s.file, s.name, s.earth.Name, s.boost, grouped(s.delayS, 0))
	for _, b := range s.batteries {
		it, _ := s.interceptor(b, 0) // checked by newReachStudy
		var speeds []string
		for _, v := range s.speedsOf(b) {
			if v == 0 {
				v = it.BurnoutSpeedMps
			}
			speeds = append(speeds, kmps(v, -1))
		}
		fmt.Fprintf(w, "battery %s at %s: %s; speeds tried: %s\n", b.ID, latLon(geo.LLA{LatDeg: b.Site.LatDeg, LonDeg: b.Site.LonDeg}),
			describeInterceptor(it), strings.Join(speeds, ", "))
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "battery\tlaunch area\ttarget\tthreat\trange km\tspeed km/s\tfeasible\tearliest s\tlatest s\tmin speed km/s\t\n")
	var yes, no, none int
	for i := range rows {
		r := &rows[i]
		c := r.text()
		switch c.feasible {
		case "yes":
			yes++
		case "no":
			no++
		default:
			none++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.battery.ID, r.area.ID, r.target.ID, c.class,
			grouped(r.pair.rangeM/1000, 0), strconv.FormatFloat(r.interceptor.BurnoutSpeedMps/1000, 'f', 2, 64), c.feasible, c.earliest, c.latest, c.minSpeed)
	}
	if err := tw.Flush(); err != nil {
		return writeErr(err)
	}
	fmt.Fprintf(w, "\n%s: %d feasible, %d not, %d with no trajectory", plural(len(rows), "cell"), yes, no, none)
	if none > 0 {
		fmt.Fprintf(w, " (%q: %s)", "none reaches", rows[firstNone(rows)].pair.why)
	}
	fmt.Fprintln(w, ".")
	fmt.Fprintln(w, "Times are seconds after the threat's launch; min speed is the slowest interceptor that could engage under the same")
	fmt.Fprintln(w, "constraints (kinematic reach: no sensor, seeker, closing-speed or kill-probability limits).")
	for _, out := range []struct{ flag, path string }{{"csv", o.csvOut}, {"json", o.jsonOut}} {
		if out.path != "" {
			fmt.Fprintf(w, "%s: %s\n", out.flag, out.path)
		}
	}
	return writeErr(nil)
}

func firstNone(rows []reachRow) int {
	for i, r := range rows {
		if !r.pair.flies {
			return i
		}
	}
	return 0
}

// note explains a row without an answer: nothing flies, or nothing could
// reach the threat at any speed.
func (r *reachRow) note() string {
	switch {
	case !r.pair.flies:
		return r.pair.why
	case math.IsNaN(r.res.MinBurnoutSpeedMps):
		return "unreachable at any speed: never " + describeLimits(r.interceptor) + " where an upward fly-out reaches it after the launch delay"
	}
	return ""
}

// csvFloat formats v with prec decimals, or "" for NaN.
func csvFloat(v float64, prec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

var reachCSVHeader = []string{"battery", "interceptor_type", "launch_area", "target", "threat_class", "range_km", "flight_time_s",
	"burnout_speed_mps", "feasible", "earliest_intercept_s", "latest_intercept_s",
	"min_burnout_speed_mps", "min_speed_launch_s", "min_speed_intercept_s", "note"}

// writeReachCSV writes the table as CSV (RFC 4180), one row per cell;
// empty fields where there is no value.
func writeReachCSV(w io.Writer, rows []reachRow) error {
	cw := csv.NewWriter(w)
	cw.Write(reachCSVHeader)
	for _, r := range rows {
		rec := []string{r.battery.ID, r.interceptor.Name, r.area.ID, r.target.ID, "", csvFloat(r.pair.rangeM/1000, 1), "",
			csvFloat(r.interceptor.BurnoutSpeedMps, 1), "", "", "", "", "", "", ""}
		rec[14] = r.note()
		if r.pair.flies {
			rec[4], rec[6] = r.pair.class, csvFloat(r.pair.tr.FlightTimeS, 1)
			rec[8] = strconv.FormatBool(r.res.Feasible)
			if r.res.Feasible {
				rec[9], rec[10] = csvFloat(r.res.EarliestInterceptS, 1), csvFloat(r.res.LatestInterceptS, 1)
			}
			rec[11], rec[12], rec[13] = csvFloat(r.res.MinBurnoutSpeedMps, 1), csvFloat(r.res.MinSpeedLaunchS, 1), csvFloat(r.res.MinSpeedInterceptS, 1)
			if math.IsNaN(r.res.MinBurnoutSpeedMps) {
				rec[12], rec[13] = "", ""
			}
		}
		cw.Write(rec)
	}
	cw.Flush()
	return writeErr(cw.Error())
}

// studyReachJSON is what study reach --json writes. SI units.
type studyReachJSON struct {
	Scenario     string         `json:"scenario"`
	File         string         `json:"file"`
	Earth        string         `json:"earth"`
	Boost        string         `json:"boost"`
	LaunchDelayS float64        `json:"launch_delay_s"`
	Rows         []reachRowJSON `json:"rows"`
}

type reachRowJSON struct {
	Battery            string          `json:"battery"`
	Site               pointJSON       `json:"site"`
	Interceptor        interceptorJSON `json:"interceptor"`
	LaunchArea         string          `json:"launch_area"`
	Target             string          `json:"target"`
	Flies              bool            `json:"flies"`
	ThreatClass        *string         `json:"threat_class"` // null: nothing flies
	RangeM             float64         `json:"range_m"`
	FlightTimeS        *float64        `json:"flight_time_s"`
	Feasible           *bool           `json:"feasible"` // null: nothing flies
	EarliestInterceptS *float64        `json:"earliest_intercept_s"`
	LatestInterceptS   *float64        `json:"latest_intercept_s"`
	Windows            []intervalJSON  `json:"windows"`
	MinBurnoutSpeedMps *float64        `json:"min_burnout_speed_mps"`
	MinSpeedLaunchS    *float64        `json:"min_speed_launch_s"`
	MinSpeedInterceptS *float64        `json:"min_speed_intercept_s"`
	Note               string          `json:"note,omitempty"`
}

func newStudyReachJSON(s *reachStudy, rows []reachRow) studyReachJSON {
	out := studyReachJSON{Scenario: s.name, File: s.file, Earth: s.earth.Name, Boost: s.boost, LaunchDelayS: s.delayS, Rows: []reachRowJSON{}}
	for _, r := range rows {
		it := newInterceptorJSON(r.interceptor)
		it.Source = ""
		j := reachRowJSON{
			Battery: r.battery.ID, Site: pointJSON{r.battery.Site.LatDeg, r.battery.Site.LonDeg}, Interceptor: it,
			LaunchArea: r.area.ID, Target: r.target.ID, Flies: r.pair.flies, RangeM: r.pair.rangeM, Windows: []intervalJSON{},
		}
		j.Note = r.note()
		if r.pair.flies {
			class, feasible := r.pair.class, r.res.Feasible
			j.ThreatClass, j.Feasible, j.FlightTimeS = &class, &feasible, finite(r.pair.tr.FlightTimeS)
			if feasible {
				j.EarliestInterceptS, j.LatestInterceptS = finite(r.res.EarliestInterceptS), finite(r.res.LatestInterceptS)
			}
			for _, w := range r.res.Windows {
				j.Windows = append(j.Windows, intervalJSON{w.StartS, w.EndS})
			}
			if m := finite(r.res.MinBurnoutSpeedMps); m != nil {
				j.MinBurnoutSpeedMps, j.MinSpeedLaunchS, j.MinSpeedInterceptS = m, finite(r.res.MinSpeedLaunchS), finite(r.res.MinSpeedInterceptS)
			}
		}
		out.Rows = append(out.Rows, j)
	}
	return out
}
