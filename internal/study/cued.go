package study

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
	"github.com/jrmd/jrmd/track"
)

// Cued is the reach question asked of a scenario's architecture (jrmd
// reach --scenario): the threat flies from one of its launch areas to one
// of its assets, and the interceptor's launch is cued by its sensors,
// trackers, pictures and links at an integration level (sim.Cue), not set
// by hand, unless Override sets it. It is one cell of the reach study,
// answered in full.
type Cued struct {
	Path        string // the scenario file, as named
	File        *scenario.File
	Battery     scenario.Battery
	Area        scenario.Place
	Target      scenario.Asset
	Level       bmc.Level
	Interceptor intercept.Interceptor
	FloorMps    float64  // the interceptor's minimum closing speed before a kinematic bound dropped it
	Boost       string   // BoostAuto, BoostNone or a missile class
	Override    *float64 // a launch delay set by hand, s; nil: the cue's
	StepS       float64  // sample interval of the threat in the JSON, s
}

// CuedAnswer is the answer to a Cued question.
type CuedAnswer struct {
	Pair    Pair
	Request ballistic.Request // the threat's flight
	Cue     sim.BatteryCue    // zero for an impulsive threat
	Reach   intercept.Reach
	Result  intercept.Result
	Solved  bool   // false: nothing cues a launch, no search
	Basis   string // DelayCue or DelayOverride
	Note    string // why there is no cue
}

// CueError is a failure of the run that cues a launch: jrmd's, not the
// question's.
type CueError struct{ Err error }

func (e *CueError) Error() string { return e.Err.Error() }
func (e *CueError) Unwrap() error { return e.Err }

// Answer flies the threat, cues the battery's launch and searches the
// reach from it. An error flying the threat or searching is the
// question's; an error of the cueing run is a *CueError.
func (q *Cued) Answer() (*CuedAnswer, error) {
	a := &CuedAnswer{Pair: FlyPair(q.File, q.Boost, q.Area, q.Target), Basis: DelayCue, Result: NoResult, Solved: true}
	pair := a.Pair
	if !pair.Flies {
		return nil, fmt.Errorf("no trajectory from %s to %s: %s", q.Area.ID, q.Target.ID, pair.Why)
	}
	if pair.Class != BoostNone {
		c, err := sim.Cue(q.File, sim.CueThreat{Class: pair.Class, From: q.Area.ID, To: q.Target.ID}, q.Level, 0)
		if err != nil {
			return nil, &CueError{err}
		}
		if a.Cue, err = c.For(q.Battery.ID, q.Interceptor); err != nil {
			return nil, &CueError{err}
		}
	}
	earth := q.File.Earth
	a.Request = ballistic.Request{From: q.Area.Site.Ground(), To: q.Target.Site.Ground(), Kind: ballistic.MinimumEnergy, Earth: earth, StepS: q.StepS}
	if pair.Class != BoostNone {
		a.Request.Missile, _ = scenario.FindMissile(q.File, pair.Class)
	}
	a.Reach = intercept.Reach{Earth: earth, Site: q.Battery.Site.Ground(), Threat: pair.Trajectory, ThreatEndS: pair.Trajectory.FlightTimeS, Interceptor: q.Interceptor}
	if pair.Class != BoostNone && !a.Cue.OK {
		a.Note = CueNote(a.Cue, q.Interceptor)
	}
	switch {
	case q.Override != nil:
		a.Basis, a.Reach.LaunchDelayS = DelayOverride, *q.Override
	case a.Cue.OK:
		a.Reach.LaunchDelayS = a.Cue.EarliestLaunchS
	default:
		a.Solved = false
	}
	if a.Solved {
		var err error
		if a.Result, err = a.Reach.Solve(); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// NewCuedJSON is the answer a to the question q as CuedJSON.
func NewCuedJSON(q *Cued, a *CuedAnswer) CuedJSON {
	bc := a.Cue
	out := CuedJSON{
		ReachJSON: report.NewReachJSON(a.Request, a.Pair.Trajectory, a.Reach, a.Result),
		Scenario:  q.File.Name, File: q.Path, Battery: q.Battery.ID, Nation: q.Battery.Nation, LaunchArea: q.Area.ID, Target: q.Target.ID,
		Integration: q.Level.String(), Cue: NewCueJSON(bc), LaunchDelayBasis: a.Basis, Radars: []sightingJSON{}, Note: a.Note,
	}
	if !a.Solved {
		out.LaunchDelayS = nil
	}
	if a.Pair.Class != BoostNone {
		out.LaunchTrack = &launchTrackJSON{MaxPositionSigmaM: bc.Rule.MaxPositionSigmaM, MaxVelocitySigmaMps: bc.Rule.MaxVelocitySigmaMps,
			MinUpdates: bc.Rule.MinUpdates, MaxAgeS: bc.Rule.MaxAgeS}
	}
	for _, s := range bc.Sightings {
		out.Radars = append(out.Radars, sightingJSON{Sensor: s.Sensor, Nation: s.Nation, FirstDetectionS: report.Finite(s.DetectionS),
			TrackS: report.Finite(s.TrackS), FireControlTrackS: report.Finite(s.FireControlS), Use: SensorUse(s, bc), LaunchTrackS: report.Finite(s.LaunchTrackS)})
	}
	return out
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

// CuedJSON is what reach --scenario --json prints: reach's keys, the
// question's battery and level, the cue (null: none), where the launch
// delay comes from (cue or override), and every radar's sighting (radars).
type CuedJSON struct {
	report.ReachJSON
	Scenario         string         `json:"scenario"`
	File             string         `json:"file"`
	Battery          string         `json:"battery"`
	Nation           string         `json:"nation"`
	LaunchArea       string         `json:"launch_area"`
	Target           string         `json:"target"`
	Integration      string         `json:"integration"`
	Cue              *CueJSON       `json:"cue"`
	LaunchDelayBasis string         `json:"launch_delay_basis"`
	Radars           []sightingJSON `json:"radars"`
	Note             string         `json:"note,omitempty"`
	// LaunchTrack: the track the battery may launch the interceptor on
	// (null for an impulsive threat, which no radar flies).
	LaunchTrack *launchTrackJSON `json:"launch_track"`
}

// timeText is a time in a table, or a report.Dash for never.
func timeText(s float64) string {
	if math.IsNaN(s) {
		return report.Dash
	}
	return report.Grouped(s, 1)
}

// WriteCued prints the answer a to the question q: the question, what
// each radar made of the threat, the cue, then reach's answer.
func WriteCued(w io.Writer, q *Cued, a *CuedAnswer) error {
	pair, req, bc, rq, res, solved, note := a.Pair, a.Request, a.Cue, a.Reach, a.Result, a.Solved, a.Note
	tr := pair.Trajectory
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, row := range [][2]string{
		{"scenario", fmt.Sprintf("%s (%s), integration %s", q.Path, q.File.Name, q.Level)},
		{"battery", fmt.Sprintf("%s (%s) at %s", q.Battery.ID, q.Battery.Nation, report.LatLon(rq.Site))},
		{"interceptor", report.DescribeInterceptor(q.Interceptor)},
		{"threat", fmt.Sprintf("%s from %s (%s) to %s (%s), minimum-energy, %s rotating", pair.Class, q.Area.ID, report.LatLon(req.From), q.Target.ID, report.LatLon(req.To), req.Earth.Name)},
		{"", fmt.Sprintf("range %s km, flight time %s s (%s min:s), apogee %s km", report.Grouped(tr.RangeM/1000, 1), report.Grouped(tr.FlightTimeS, 1), report.MinSec(tr.FlightTimeS), report.Grouped(tr.ApogeeAltM/1000, 1))},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if pair.Class == BoostNone {
		fmt.Fprintln(w, "The threat is impulsive (--boost none): no sensor of the scenario flies it, and there is no cue.")
	} else {
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "radar\tnation\tfirst detection s\tconfirmed track s\tfire-control track s\t%s launch track s\tuse to %s at %s\n", q.Interceptor.Name, bc.Nation, q.Level)
		never := 0
		for _, s := range bc.Sightings {
			if math.IsNaN(s.DetectionS) {
				never++
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Sensor, s.Nation, timeText(s.DetectionS), timeText(s.TrackS), timeText(s.FireControlS),
				timeText(s.LaunchTrackS), useText[SensorUse(s, bc)])
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if never > 0 {
			fmt.Fprintf(w, "(%s never detect it.)\n", report.Plural(never, "other radar"))
		}
		fmt.Fprintf(w, "(fire-control track: the quality track reports carry, %s; launch track: %s's launch requirement at %s, %s.)\n",
			track.DefaultFireControl, q.Interceptor.Name, bc.Battery, bc.Rule)
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
	case q.Override != nil:
		cued := "no cue"
		if bc.OK {
			cued = "the cue gives " + report.Grouped(bc.EarliestLaunchS, 1) + " s"
		}
		fmt.Fprintf(w, "launch delay: %s s after the threat's launch, set by hand (--launch-delay overrides the cue; %s).\n", report.Grouped(rq.LaunchDelayS, 1), cued)
	case solved:
		fmt.Fprintf(w, "launch delay: %s s after the threat's launch (the cue).\n", report.Grouped(rq.LaunchDelayS, 1))
	default:
		fmt.Fprintf(w, "\n%s at %s cannot engage this missile at %s: nothing cues its launch. (--launch-delay SECONDS asks the question with a launch set by hand.)\n",
			q.Battery.ID, report.LatLon(rq.Site), q.Level)
		return nil
	}
	return report.WriteReachAnswer(w, q.Battery.ID, req, tr, rq, res, q.FloorMps)
}
