package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
	"github.com/jrmd/jrmd/track"
)

// The reach question asked of a scenario's architecture: the threat flies
// from one of its launch areas to one of its assets, and the interceptor's
// launch is cued by its sensors, trackers, pictures and links at an
// integration level (sim.Cue), not set by hand.

// Launch delay bases: where a cued question's launch delay comes from.
const (
	delayCue      = "cue"
	delayOverride = "override"
)

// scenarioFlags are the flags of the --site form that the scenario gives
// in the --scenario form, with what it gives.
var scenarioFlags = []struct{ flag, what string }{
	{"site", "the battery's site"}, {"from", "the launch point (--launch-area)"}, {"to", "the aim point (--target)"},
	{"kind", "a minimum-energy threat"}, {threatSpeedFlag, "a minimum-energy threat"},
	{"earth", "its Earth"}, {"no-rotation", "a rotating Earth"},
}

// cueFlags are the flags that ask for the --scenario form.
var cueFlags = []string{"battery", "launch-area", "target", "integration"}

// findID returns the item whose id is id, or reports the flag's problem.
func findID[T any](items []T, id func(T) string, flag, want, what, path string, bad *problems) (T, bool) {
	var zero T
	var ids []string
	for _, x := range items {
		if id(x) == want {
			return x, true
		}
		ids = append(ids, id(x))
	}
	if want == "" {
		bad.add("--%s is required with --scenario: one of the %s of %s (%s)", flag, what, path, strings.Join(ids, ", "))
	} else {
		bad.add("--%s %q: not one of the %s of %s (%s)", flag, want, what, path, strings.Join(ids, ", "))
	}
	return zero, false
}

// flyPair flies a threat from a launch area to an asset of the scenario:
// with boost auto, the smallest missile class that reaches; with none, an
// impulsive launch (which no sensor of a run can see: it has no class).
func flyPair(f *scenario.File, boost string, area scenario.Place, target scenario.Asset) reachPair {
	earth := f.Earth
	from, to := posLLA(area.Site), posLLA(target.Site)
	d, _, _ := earth.Inverse(from, to)
	p := reachPair{rangeM: d}
	if boost == boostNone {
		tr, err := ballistic.Solve(ballistic.Request{From: from, To: to, Earth: earth})
		if err != nil {
			p.why = "no impulsive trajectory"
			return p
		}
		p.flies, p.class, p.tr = true, boostNone, &tr
		return p
	}
	classes := []string{boost}
	if boost == boostAuto {
		classes = ballistic.MissileNames()
	}
	for _, c := range classes {
		if tr, err := sim.Fly(f, c, area.ID, target.ID); err == nil {
			p.flies, p.class, p.tr = true, c, tr
			return p
		}
	}
	if boost == boostAuto {
		p.why = "no missile class (" + strings.Join(classes, ", ") + ") reaches"
	} else {
		p.why = boost + " does not reach"
	}
	return p
}

// cueJSON is a battery's cue: the radar whose track (within the
// interceptor type's launch requirement) the launch rests on, and the
// times of the cue (seconds after the threat's launch). Its earliest
// launch is max(fire control + reaction, cued + decision), the fire
// control being that track (fire_control_track_s).
type cueJSON struct {
	Sensor            string   `json:"sensor"`
	Nation            string   `json:"nation"`
	FirstDetectionS   *float64 `json:"first_detection_s"`
	CuedS             float64  `json:"cued_s"`
	FireControlTrackS float64  `json:"fire_control_track_s"`
	EarliestLaunchS   float64  `json:"earliest_launch_s"`
	DecisionS         float64  `json:"decision_s"`
	ReactionS         float64  `json:"reaction_s"`
}

func newCueJSON(bc sim.BatteryCue) *cueJSON {
	if !bc.OK {
		return nil
	}
	return &cueJSON{Sensor: bc.Sensor, Nation: bc.SensorNation, FirstDetectionS: report.Finite(bc.FirstDetectionS), CuedS: bc.CuedS,
		FireControlTrackS: bc.FireControlS, EarliestLaunchS: bc.EarliestLaunchS, DecisionS: bc.Timing.DecisionS, ReactionS: bc.Timing.ReactionS}
}

// sightingJSON is what one radar made of the threat, and what the
// battery's nation may do with its data at the level.
type sightingJSON struct {
	Sensor            string   `json:"sensor"`
	Nation            string   `json:"nation"`
	FirstDetectionS   *float64 `json:"first_detection_s"`
	TrackS            *float64 `json:"track_s"`
	FireControlTrackS *float64 `json:"fire_control_track_s"`
	Use               string   `json:"use"` // fire_control, cue or none
	// LaunchTrackS: its first track within the battery's launch rule for
	// the interceptor (launch_track).
	LaunchTrackS *float64 `json:"launch_track_s"`
}

// launchTrackJSON is the track a battery may launch its interceptor on
// (bmc.LaunchRule): a firm track within these 1σ limits.
type launchTrackJSON struct {
	MaxPositionSigmaM   float64 `json:"max_position_sigma_m"`
	MaxVelocitySigmaMps float64 `json:"max_velocity_sigma_mps"`
	MinUpdates          int     `json:"min_updates"`
	MaxAgeS             float64 `json:"max_age_s"`
}

// use says what a radar's data is to the battery's nation at the level:
// fire_control (its own, or a partner's under step2), cue (a partner's
// under step1) or none (not released to it, or no link).
func use(s sim.Sighting, bc sim.BatteryCue) string {
	switch {
	case !slices.ContainsFunc(bc.Usable, func(u sim.Sighting) bool { return u.Sensor == s.Sensor }):
		return "none"
	case s.Nation == bc.Nation || bc.Level == bmc.Step2:
		return "fire_control"
	}
	return "cue"
}

// useText is use in words.
var useText = map[string]string{"fire_control": "cue and fire control", "cue": "cue only", "none": "none"}

// cueNote explains a battery that has no cue: no radar whose tracks its
// nation may launch on held one within its launch rule.
func cueNote(bc sim.BatteryCue, it intercept.Interceptor) string {
	var elsewhere []string
	for _, s := range bc.Sightings {
		if !math.IsNaN(s.LaunchTrackS) && use(s, bc) != "fire_control" {
			elsewhere = append(elsewhere, fmt.Sprintf("%s (%s) from %s s", s.Sensor, s.Nation, report.Grouped(s.LaunchTrackS, 1)))
		}
	}
	why := fmt.Sprintf("no radar whose tracks %s may launch on at %s holds the threat in %s (%s's launch requirement)", bc.Nation, bc.Level, bc.Rule, it.Name)
	if len(elsewhere) > 0 {
		why += "; " + strings.Join(elsewhere, ", ") + " does, but " + bc.Nation + " may not launch on it at " + bc.Level.String()
	}
	return why
}

// reachCueJSON is what reach --scenario --json prints: reach's keys, the
// question's battery and level, the cue (null: none), where the launch
// delay comes from (cue or override), and every radar's sighting (radars).
type reachCueJSON struct {
	reachJSON
	Scenario         string         `json:"scenario"`
	File             string         `json:"file"`
	Battery          string         `json:"battery"`
	Nation           string         `json:"nation"`
	LaunchArea       string         `json:"launch_area"`
	Target           string         `json:"target"`
	Integration      string         `json:"integration"`
	Cue              *cueJSON       `json:"cue"`
	LaunchDelayBasis string         `json:"launch_delay_basis"`
	Radars           []sightingJSON `json:"radars"`
	Note             string         `json:"note,omitempty"`
	// LaunchTrack: the track the battery may launch the interceptor on
	// (null for an impulsive threat, which no radar flies).
	LaunchTrack *launchTrackJSON `json:"launch_track"`
}

// cuedQuestion is a checked reach --scenario question.
type cuedQuestion struct {
	path       string
	f          *scenario.File
	battery    scenario.Battery
	area       scenario.Place
	target     scenario.Asset
	level      bmc.Level
	it         intercept.Interceptor
	floor      float64 // it's minimum closing speed before --kinematic
	boost      string
	override   bool
	overrideS  float64
	threatStep float64
}

// checkScenario checks the flags of the --scenario form; every problem at
// once.
func (o *reachOptions) checkScenario(stderr io.Writer) (*cuedQuestion, error) {
	var bad problems
	if o.scenarioPath == "" {
		for _, fl := range cueFlags {
			if o.set(fl) {
				bad.add("--%s needs --scenario FILE", fl)
			}
		}
		return nil, bad.err()
	}
	for _, fl := range scenarioFlags {
		if o.set(fl.flag) {
			bad.add("--%s does not go with --scenario: the scenario gives %s", fl.flag, fl.what)
		}
	}
	if err := bad.err(); err != nil {
		return nil, err
	}
	f, err := loadScenario(o.scenarioPath, stderr)
	if err != nil {
		return nil, err
	}
	q := &cuedQuestion{path: o.scenarioPath, f: f, level: f.Integration, threatStep: o.traj.stepS}
	var okB, okA, okT bool
	q.battery, okB = findID(f.Batteries, func(b scenario.Battery) string { return b.ID }, "battery", o.battery, "batteries", o.scenarioPath, &bad)
	q.area, okA = findID(f.LaunchAreas, func(p scenario.Place) string { return p.ID }, "launch-area", o.launchArea, "launch areas", o.scenarioPath, &bad)
	q.target, okT = findID(f.Assets, func(a scenario.Asset) string { return a.ID }, "target", o.target, "assets", o.scenarioPath, &bad)
	if okA && okT && q.area.Site.LatDeg == q.target.Site.LatDeg && q.area.Site.LonDeg == q.target.Site.LonDeg {
		bad.add("--launch-area %s and --target %s are the same point", q.area.ID, q.target.ID)
	}
	if o.set("integration") {
		if q.level, err = bmc.ParseLevel(o.level); err != nil {
			bad.add("--integration %q: want autonomous, step1 or step2", o.level)
		}
	}
	var base *intercept.Interceptor
	if okB {
		it, _ := f.InterceptorType(q.battery.Interceptor) // resolved by the scenario
		base = &it
	}
	if base != nil || o.set("interceptor") {
		q.it = o.ic.interceptor(base, o.set, false, &bad)
		if q.floor = q.it.MinClosingSpeedMps; o.kinematic {
			q.it.MinClosingSpeedMps = 0
		}
	}
	q.boost = boostAuto
	if o.set("boost") {
		q.boost = strings.ToLower(o.traj.boost)
		if _, ok := missileClass(f, q.boost); !ok && q.boost != boostNone {
			bad.add("--boost %q: unknown missile class; want one of %s (default: the smallest library class that reaches)", o.traj.boost, strings.Join(missileNames(f), ", "))
		}
	}
	q.override, q.overrideS = o.set("launch-delay"), o.ic.launchDelayS
	if q.boost == boostNone && !q.override {
		bad.add("--boost none flies an impulsive threat that no sensor of the scenario can see, so nothing cues the launch: give a missile class or --launch-delay SECONDS")
	}
	if !(o.traj.stepS >= minStepS) {
		bad.add("--step %g: want a sample interval of at least %g s", o.traj.stepS, minStepS)
	}
	if err := bad.err(); err != nil {
		return nil, err
	}
	return q, nil
}

// runScenario answers reach --scenario: the threat flies, the scenario's
// architecture cues the launch, and the reach search starts from it.
func (o *reachOptions) runScenario(w, stderr io.Writer) error {
	q, err := o.checkScenario(stderr)
	if err != nil {
		return err
	}
	pair := flyPair(q.f, q.boost, q.area, q.target)
	if !pair.flies {
		return fmt.Errorf("no trajectory from %s to %s: %s", q.area.ID, q.target.ID, pair.why)
	}
	var bc sim.BatteryCue
	if pair.class != boostNone {
		c, err := sim.Cue(q.f, sim.CueThreat{Class: pair.class, From: q.area.ID, To: q.target.ID}, q.level, 0)
		if err != nil {
			return &failure{err}
		}
		if bc, err = c.For(q.battery.ID, q.it); err != nil {
			return &failure{err}
		}
	}
	earth := q.f.Earth
	req := ballistic.Request{From: posLLA(q.area.Site), To: posLLA(q.target.Site), Kind: ballistic.MinimumEnergy, Earth: earth, StepS: q.threatStep}
	if pair.class != boostNone {
		req.Missile, _ = missileClass(q.f, pair.class)
	}
	rq := intercept.Reach{Earth: earth, Site: posLLA(q.battery.Site), Threat: pair.tr, ThreatEndS: pair.tr.FlightTimeS, Interceptor: q.it}
	basis, note := delayCue, ""
	if pair.class != boostNone && !bc.OK {
		note = cueNote(bc, q.it)
	}
	res, solve := noResult, true
	switch {
	case q.override:
		basis, rq.LaunchDelayS = delayOverride, q.overrideS
	case bc.OK:
		rq.LaunchDelayS = bc.EarliestLaunchS
	default:
		solve = false
	}
	if solve {
		if res, err = rq.Solve(); err != nil {
			return err
		}
	}
	out := reachCueJSON{
		reachJSON: newReachJSON(req, pair.tr, rq, res),
		Scenario:  q.f.Name, File: q.path, Battery: q.battery.ID, Nation: q.battery.Nation, LaunchArea: q.area.ID, Target: q.target.ID,
		Integration: q.level.String(), Cue: newCueJSON(bc), LaunchDelayBasis: basis, Radars: []sightingJSON{}, Note: note,
	}
	if !solve {
		out.LaunchDelayS = nil
	}
	if pair.class != boostNone {
		out.LaunchTrack = &launchTrackJSON{MaxPositionSigmaM: bc.Rule.MaxPositionSigmaM, MaxVelocitySigmaMps: bc.Rule.MaxVelocitySigmaMps,
			MinUpdates: bc.Rule.MinUpdates, MaxAgeS: bc.Rule.MaxAgeS}
	}
	for _, s := range bc.Sightings {
		out.Radars = append(out.Radars, sightingJSON{Sensor: s.Sensor, Nation: s.Nation, FirstDetectionS: report.Finite(s.DetectionS),
			TrackS: report.Finite(s.TrackS), FireControlTrackS: report.Finite(s.FireControlS), Use: use(s, bc), LaunchTrackS: report.Finite(s.LaunchTrackS)})
	}
	if o.traj.json {
		return writeJSON(w, out)
	}
	return writeReachCue(w, q, pair, req, bc, rq, res, solve, note)
}

// writeReachCue prints the cued question's answer: the question, what each
// radar made of the threat, the cue, then reach's answer.
func writeReachCue(w io.Writer, q *cuedQuestion, pair reachPair, req ballistic.Request, bc sim.BatteryCue,
	rq intercept.Reach, res intercept.Result, solved bool, note string) error {
	tr := pair.tr
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, row := range [][2]string{
		{"scenario", fmt.Sprintf("%s (%s), integration %s", q.path, q.f.Name, q.level)},
		{"battery", fmt.Sprintf("%s (%s) at %s", q.battery.ID, q.battery.Nation, report.LatLon(rq.Site))},
		{"interceptor", report.DescribeInterceptor(q.it)},
		{"threat", fmt.Sprintf("%s from %s (%s) to %s (%s), minimum-energy, %s rotating", pair.class, q.area.ID, report.LatLon(req.From), q.target.ID, report.LatLon(req.To), req.Earth.Name)},
		{"", fmt.Sprintf("range %s km, flight time %s s (%s min:s), apogee %s km", report.Grouped(tr.RangeM/1000, 1), report.Grouped(tr.FlightTimeS, 1), report.MinSec(tr.FlightTimeS), report.Grouped(tr.ApogeeAltM/1000, 1))},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	if err := tw.Flush(); err != nil {
		return writeErr(err)
	}
	fmt.Fprintln(w)
	if pair.class == boostNone {
		fmt.Fprintln(w, "The threat is impulsive (--boost none): no sensor of the scenario flies it, and there is no cue.")
	} else {
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "radar\tnation\tfirst detection s\tconfirmed track s\tfire-control track s\t%s launch track s\tuse to %s at %s\n", q.it.Name, bc.Nation, q.level)
		never := 0
		for _, s := range bc.Sightings {
			if math.IsNaN(s.DetectionS) {
				never++
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Sensor, s.Nation, timeText(s.DetectionS), timeText(s.TrackS), timeText(s.FireControlS),
				timeText(s.LaunchTrackS), useText[use(s, bc)])
		}
		if err := tw.Flush(); err != nil {
			return writeErr(err)
		}
		if never > 0 {
			fmt.Fprintf(w, "(%s never detect it.)\n", report.Plural(never, "other radar"))
		}
		fmt.Fprintf(w, "(fire-control track: the quality track reports carry, %s; launch track: %s's launch requirement at %s, %s.)\n",
			track.DefaultFireControl, q.it.Name, bc.Battery, bc.Rule)
		fmt.Fprintln(w)
		if bc.OK {
			by := bc.Sensor + " (" + bc.SensorNation + ")"
			fmt.Fprintf(w, "cue: %s holds a launch track of %s from %s s, cued at %s s; earliest launch %s s = max(launch track + %s s reaction, cue + %s s decision).\n",
				bc.Nation, by, report.Grouped(bc.FireControlS, 1), report.Grouped(bc.CuedS, 1), report.Grouped(bc.EarliestLaunchS, 1), report.Grouped(bc.Timing.ReactionS, 0), report.Grouped(bc.Timing.DecisionS, 0))
		} else {
			fmt.Fprintf(w, "cue: none: %s.\n", note)
		}
	}
	switch {
	case q.override:
		cued := "no cue"
		if bc.OK {
			cued = "the cue gives " + report.Grouped(bc.EarliestLaunchS, 1) + " s"
		}
		fmt.Fprintf(w, "launch delay: %s s after the threat's launch, set by hand (--launch-delay overrides the cue; %s).\n", report.Grouped(rq.LaunchDelayS, 1), cued)
	case solved:
		fmt.Fprintf(w, "launch delay: %s s after the threat's launch (the cue).\n", report.Grouped(rq.LaunchDelayS, 1))
	default:
		fmt.Fprintf(w, "\n%s at %s cannot engage this missile at %s: nothing cues its launch. (--launch-delay SECONDS asks the question with a launch set by hand.)\n",
			q.battery.ID, report.LatLon(rq.Site), q.level)
		return writeErr(nil)
	}
	return writeReachAnswer(w, q.battery.ID, req, tr, rq, res, q.floor)
}

// timeText is a time in a table, or a dash for never.
func timeText(s float64) string {
	if math.IsNaN(s) {
		return dash
	}
	return report.Grouped(s, 1)
}
