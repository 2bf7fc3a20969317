package main

import (
	"errors"
	"io"
	"strings"

	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/internal/globe"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/study"
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
func findID[T any](items []T, id func(T) string, flag, want, what, path string, bad *config.Messages) (T, bool) {
	var zero T
	var ids []string
	for _, x := range items {
		if id(x) == want {
			return x, true
		}
		ids = append(ids, id(x))
	}
	if want == "" {
		bad.Add("--%s is required with --scenario: one of the %s of %s (%s)", flag, what, path, strings.Join(ids, ", "))
	} else {
		bad.Add("--%s %q: not one of the %s of %s (%s)", flag, want, what, path, strings.Join(ids, ", "))
	}
	return zero, false
}

// checkScenario checks the flags of the --scenario form; every problem at
// once.
func (o *reachOptions) checkScenario(stderr io.Writer) (*study.Cued, error) {
	var bad config.Messages
	if o.scenarioPath == "" {
		for _, fl := range cueFlags {
			if o.set(fl) {
				bad.Add("--%s needs --scenario FILE", fl)
			}
		}
		return nil, bad.Err()
	}
	for _, fl := range scenarioFlags {
		if o.set(fl.flag) {
			bad.Add("--%s does not go with --scenario: the scenario gives %s", fl.flag, fl.what)
		}
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	f, err := loadScenario(o.scenarioPath, stderr)
	if err != nil {
		return nil, err
	}
	q := &study.Cued{Path: o.scenarioPath, File: f, Level: f.Integration, StepS: o.traj.stepS}
	var okB, okA, okT bool
	q.Battery, okB = findID(f.Batteries, func(b scenario.Battery) string { return b.ID }, "battery", o.battery, "batteries", o.scenarioPath, &bad)
	q.Area, okA = findID(f.LaunchAreas, func(p scenario.Place) string { return p.ID }, "launch-area", o.launchArea, "launch areas", o.scenarioPath, &bad)
	q.Target, okT = findID(f.Assets, func(a scenario.Asset) string { return a.ID }, "target", o.target, "assets", o.scenarioPath, &bad)
	if okA && okT && q.Area.Site.LatDeg == q.Target.Site.LatDeg && q.Area.Site.LonDeg == q.Target.Site.LonDeg {
		bad.Add("--launch-area %s and --target %s are the same point", q.Area.ID, q.Target.ID)
	}
	if o.set("integration") {
		if q.Level, err = bmc.ParseLevel(o.level); err != nil {
			bad.Add("--integration %q: want autonomous, step1 or step2", o.level)
		}
	}
	var base *intercept.Interceptor
	if okB {
		it, _ := f.InterceptorType(q.Battery.Interceptor) // resolved by the scenario
		base = &it
	}
	if base != nil || o.set("interceptor") {
		q.Interceptor = o.ic.interceptor(base, o.set, false, &bad)
		if q.FloorMps = q.Interceptor.MinClosingSpeedMps; o.kinematic {
			q.Interceptor.MinClosingSpeedMps = 0
		}
	}
	q.Boost = study.BoostAuto
	if o.set("boost") {
		q.Boost = strings.ToLower(o.traj.boost)
		if _, ok := scenario.FindMissile(f, q.Boost); !ok && q.Boost != boostNone {
			bad.Add("--boost %q: unknown missile class; want one of %s (default: the smallest library class that reaches)", o.traj.boost, strings.Join(scenario.MissileNames(f), ", "))
		}
	}
	if o.set("launch-delay") {
		q.Override = &o.ic.launchDelayS
	}
	if q.Boost == boostNone && q.Override == nil {
		bad.Add("--boost none flies an impulsive threat that no sensor of the scenario can see, so nothing cues the launch: give a missile class or --launch-delay SECONDS")
	}
	if !(o.traj.stepS >= minStepS) {
		bad.Add("--step %g: want a sample interval of at least %g s", o.traj.stepS, minStepS)
	}
	if err := bad.Err(); err != nil {
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
	a, err := q.Answer()
	if err != nil {
		if errors.As(err, new(*study.CueError)) {
			return &failure{err}
		}
		return err
	}
	scene := globe.ReachScene(a.Request, a.Pair.Trajectory, a.Reach, a.Result)
	if err := writeScene(o.traj.globe, &scene); err != nil {
		return err
	}
	if o.traj.json {
		return writeJSON(w, study.NewCuedJSON(q, a))
	}
	return writeErr(study.WriteCued(w, q, a))
}
