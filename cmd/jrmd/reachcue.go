package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
	"github.com/jrmd/jrmd/internal/study"
	"github.com/jrmd/jrmd/track"
)

// The reach question asked of a scenario's architecture: the threat flies
// from one of its launch areas to one of its assets, and the interceptor's
// launch is cued by its sensors, trackers, pictures and links at an
// integration level (sim.Cue), not set by hand.

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

// useText is use in words.
var useText = map[string]string{"fire_control": "cue and fire control", "cue": "cue only", "none": "none"}

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
	Cue              *study.CueJSON `json:"cue"`
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
	q.boost = study.BoostAuto
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
	pair := study.FlyPair(q.f, q.boost, q.area, q.target)
	if !pair.Flies {
		return fmt.Errorf("no trajectory from %s to %s: %s", q.area.ID, q.target.ID, pair.Why)
	}
	var bc sim.BatteryCue
	if pair.Class != study.BoostNone {
		c, err := sim.Cue(q.f, sim.CueThreat{Class: pair.Class, From: q.area.ID, To: q.target.ID}, q.level, 0)
		if err != nil {
			return &failure{err}
		}
		if bc, err = c.For(q.battery.ID, q.it); err != nil {
			return &failure{err}
		}
	}
	earth := q.f.Earth
	req := ballistic.Request{From: q.area.Site.Ground(), To: q.target.Site.Ground(), Kind: ballistic.MinimumEnergy, Earth: earth, StepS: q.threatStep}
	if pair.Class != study.BoostNone {
		req.Missile, _ = missileClass(q.f, pair.Class)
	}
	rq := intercept.Reach{Earth: earth, Site: q.battery.Site.Ground(), Threat: pair.Trajectory, ThreatEndS: pair.Trajectory.FlightTimeS, Interceptor: q.it}
	basis, note := study.DelayCue, ""
	if pair.Class != study.BoostNone && !bc.OK {
		note = study.CueNote(bc, q.it)
	}
	res, solve := study.NoResult, true
	switch {
	case q.override:
		basis, rq.LaunchDelayS = study.DelayOverride, q.overrideS
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
		reachJSON: newReachJSON(req, pair.Trajectory, rq, res),
		Scenario:  q.f.Name, File: q.path, Battery: q.battery.ID, Nation: q.battery.Nation, LaunchArea: q.area.ID, Target: q.target.ID,
		Integration: q.level.String(), Cue: study.NewCueJSON(bc), LaunchDelayBasis: basis, Radars: []sightingJSON{}, Note: note,
	}
	if !solve {
		out.LaunchDelayS = nil
	}
	if pair.Class != study.BoostNone {
		out.LaunchTrack = &launchTrackJSON{MaxPositionSigmaM: bc.Rule.MaxPositionSigmaM, MaxVelocitySigmaMps: bc.Rule.MaxVelocitySigmaMps,
			MinUpdates: bc.Rule.MinUpdates, MaxAgeS: bc.Rule.MaxAgeS}
	}
	for _, s := range bc.Sightings {
		out.Radars = append(out.Radars, sightingJSON{Sensor: s.Sensor, Nation: s.Nation, FirstDetectionS: report.Finite(s.DetectionS),
			TrackS: report.Finite(s.TrackS), FireControlTrackS: report.Finite(s.FireControlS), Use: study.SensorUse(s, bc), LaunchTrackS: report.Finite(s.LaunchTrackS)})
	}
	if o.traj.json {
		return writeJSON(w, out)
	}
	return writeReachCue(w, q, pair, req, bc, rq, res, solve, note)
}

// writeReachCue prints the cued question's answer: the question, what each
// radar made of the threat, the cue, then reach's answer.
func writeReachCue(w io.Writer, q *cuedQuestion, pair study.Pair, req ballistic.Request, bc sim.BatteryCue,
	rq intercept.Reach, res intercept.Result, solved bool, note string) error {
	tr := pair.Trajectory
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, row := range [][2]string{
		{"scenario", fmt.Sprintf("%s (%s), integration %s", q.path, q.f.Name, q.level)},
		{"battery", fmt.Sprintf("%s (%s) at %s", q.battery.ID, q.battery.Nation, report.LatLon(rq.Site))},
		{"interceptor", report.DescribeInterceptor(q.it)},
		{"threat", fmt.Sprintf("%s from %s (%s) to %s (%s), minimum-energy, %s rotating", pair.Class, q.area.ID, report.LatLon(req.From), q.target.ID, report.LatLon(req.To), req.Earth.Name)},
		{"", fmt.Sprintf("range %s km, flight time %s s (%s min:s), apogee %s km", report.Grouped(tr.RangeM/1000, 1), report.Grouped(tr.FlightTimeS, 1), report.MinSec(tr.FlightTimeS), report.Grouped(tr.ApogeeAltM/1000, 1))},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	if err := tw.Flush(); err != nil {
		return writeErr(err)
	}
	fmt.Fprintln(w)
	if pair.Class == study.BoostNone {
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
				timeText(s.LaunchTrackS), useText[study.SensorUse(s, bc)])
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

// timeText is a time in a table, or a report.Dash for never.
func timeText(s float64) string {
	if math.IsNaN(s) {
		return report.Dash
	}
	return report.Grouped(s, 1)
}
