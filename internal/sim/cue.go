package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/sensor"
	"github.com/jrmd/jrmd/track"
)

// CueThreat is a threat a cue is asked for: a missile class flown on a
// minimum-energy trajectory from a launch area to an asset of the
// scenario, launched at time 0.
type CueThreat struct {
	Class, From, To string
}

// cueThreatID names the threat in a cue's run.
const cueThreatID = "cue"

// Cues is one threat flown alone through a scenario's architecture at one
// integration level: what every radar and nation made of it. Times are
// seconds after the threat's launch.
type Cues struct {
	f          *scenario.File // the cue's scenario: the threat alone, fire held
	level      bmc.Level
	Trajectory *ballistic.Trajectory
	// Sightings: every radar of the scenario, in file order.
	Sightings []Sighting
	// mayLaunch: the nations' may_launch events; launchTrack, the radars'
	// track_fire_control events under a battery's launch rule.
	mayLaunch, launchTrack []Event
}

// Sighting is what one radar made of the threat; NaN for what never
// happened.
type Sighting struct {
	Sensor, Nation string
	DetectionS     float64 // its first detection
	TrackS         float64 // its tracker's first confirmed track
	FireControlS   float64 // its first fire-control-quality track (track.DefaultFireControl)
	// LaunchTrackS: in a BatteryCue, its first track within the battery's
	// launch rule for the cue's interceptor type (bmc.LaunchRule).
	LaunchTrackS float64
}

// Cue runs the scenario with the threat as its only missile and every
// battery's fire held (inventories emptied, so that no interceptor changes
// what the sensors see), at the level (0: the scenario's) and seed (0:
// the scenario's): the scenario's own radars with their detection model
// and noise, their trackers with M-of-N confirmation, the nations'
// pictures, reporting and links, and battle management's may_launch
// events — the code of every run, not a model of it. Each nation judges
// its picture, and every radar its tracks, by the launch rule of every
// interceptor type, the library's and the scenario's own, at each battery
// (bmc.LaunchRule with the battery's overrides), so that For can answer
// for any of them.
//
// It differs from the same threat inside a larger raid only through what
// the others change: the radars' random draws are taken in truth order and
// a radar at its track capacity dwells on some objects and not others; the
// scans, 5 s track reports and 1 s battle-management cycles keep their
// phase from the raid's first launch; and reporting responsibility may
// pick another partner's report.
func Cue(f *scenario.File, th CueThreat, level bmc.Level, seed uint64) (*Cues, error) {
	g := *f
	m, ok := f.MissileClass(th.Class)
	if !ok {
		return nil, fmt.Errorf("sim: no missile class %q in the scenario or the library", th.Class)
	}
	g.Threats = []scenario.Threat{{ID: cueThreatID, Class: th.Class, From: th.From, To: th.To, Count: 1, Missile: m}}
	g.Batteries = slices.Clone(f.Batteries)
	for i := range g.Batteries {
		g.Batteries[i].Inventory = 0
	}
	g.DurationS, g.Study = 0, nil
	tr, err := Fly(&g, th.Class, th.From, th.To)
	if err != nil {
		return nil, err
	}
	res, err := Run(&g, Options{Level: level, Seed: seed, cue: true})
	if err != nil {
		return nil, err
	}
	c := &Cues{f: &g, level: res.Level, Trajectory: tr}
	at := map[string]int{}
	for _, s := range g.Sensors {
		if s.Type == sensor.InfraredType {
			continue
		}
		at[s.ID] = len(c.Sightings)
		c.Sightings = append(c.Sightings, Sighting{Sensor: s.ID, Nation: s.Nation, DetectionS: math.NaN(), TrackS: math.NaN(),
			FireControlS: math.NaN(), LaunchTrackS: math.NaN()})
	}
	for _, ev := range res.Events {
		if ev.Threat != cueThreatID {
			continue
		}
		if ev.Type == EvTrackFireControl && ev.Battery != "" {
			c.launchTrack = append(c.launchTrack, ev)
			continue
		}
		var when *float64
		if i, ok := at[ev.Sensor]; ok {
			switch s := &c.Sightings[i]; ev.Type {
			case EvDetection:
				when = &s.DetectionS
			case EvTrackConfirmed:
				when = &s.TrackS
			case EvTrackFireControl:
				when = &s.FireControlS
			}
		}
		if when != nil && math.IsNaN(*when) {
			*when = ev.TS
		}
		if ev.Type == EvMayLaunch {
			c.mayLaunch = append(c.mayLaunch, ev)
		}
	}
	return c, nil
}

// BatteryCue is when a battery could first launch against the threat.
// Times are seconds after the threat's launch; NaN for never.
type BatteryCue struct {
	Battery, Nation string // the battery and its nation
	Level           bmc.Level
	Timing          bmc.Timing
	// Rule: the track the battery may launch the interceptor type on.
	Rule track.FireControl
	// Sightings: every radar's, with when its track first met Rule
	// (LaunchTrackS). Usable: those of the radars whose data reach the
	// battery's nation at the level (its own; under step1 and step2 also
	// those of the partners that share with it and that the links join to
	// it).
	Sightings, Usable []Sighting
	// FirstDetectionS: the first detection by a usable radar.
	FirstDetectionS float64
	// OK: the nation held a track the battery may launch on (its Rule,
	// under bmc.Level.MayLaunch). The rest is then set: the radar whose
	// track it was and its nation; when the track entered the picture (the
	// cue its command chain decides from), when battle management first
	// held it (FireControlS), and the earliest launch by bmc.Timing.
	OK                                   bool
	Sensor, SensorNation                 string
	CuedS, FireControlS, EarliestLaunchS float64
}

// For is battery's cue, with its interceptor it, a type of the scenario
// or the library (its launch rule decides which tracks count, its
// reaction time counts; the decision time is its nation's).
func (c *Cues) For(battery string, it intercept.Interceptor) (BatteryCue, error) {
	i := slices.IndexFunc(c.f.Batteries, func(b scenario.Battery) bool { return b.ID == battery })
	if i < 0 {
		return BatteryCue{}, fmt.Errorf("sim: no battery %q in the scenario", battery)
	}
	if _, ok := c.f.InterceptorType(it.Name); !ok {
		return BatteryCue{}, fmt.Errorf("sim: cue for battery %s: no interceptor type %q in the scenario or the library", battery, it.Name)
	}
	b := c.f.Batteries[i]
	nan := math.NaN()
	bc := BatteryCue{Battery: b.ID, Nation: b.Nation, Level: c.level, Timing: batteryTiming(c.f, b, it), Rule: batteryRule(b, it),
		FirstDetectionS: nan, CuedS: nan, FireControlS: nan, EarliestLaunchS: nan}
	bc.Sightings = slices.Clone(c.Sightings)
	for _, ev := range c.launchTrack {
		if ev.Battery != b.ID || ev.Interceptor != it.Name {
			continue
		}
		for k := range bc.Sightings {
			if s := &bc.Sightings[k]; s.Sensor == ev.Sensor && !(s.LaunchTrackS <= ev.TS) {
				s.LaunchTrackS = ev.TS
			}
		}
	}
	usable := map[string]bool{b.Nation: true}
	if c.level.Shares() {
		net := newNetwork(c.f, func(string) *rand.Rand { return rand.New(rand.NewPCG(0, 0)) })
		for _, p := range c.f.Nations {
			if p.ID != b.Nation && slices.Contains(p.ShareWith, b.Nation) && net.route(p.ID, b.Nation) != nil {
				usable[p.ID] = true
			}
		}
	}
	for _, s := range bc.Sightings {
		if usable[s.Nation] {
			bc.Usable = append(bc.Usable, s)
			if !math.IsNaN(s.DetectionS) && !(s.DetectionS >= bc.FirstDetectionS) {
				bc.FirstDetectionS = s.DetectionS
			}
		}
	}
	for _, ev := range c.mayLaunch {
		if ev.Nation != b.Nation || ev.Battery != b.ID || ev.Interceptor != it.Name {
			continue
		}
		launch := bc.Timing.EarliestLaunchS(ev.CueS, ev.TS)
		if bc.OK && launch >= bc.EarliestLaunchS {
			continue
		}
		bc.OK, bc.CuedS, bc.FireControlS, bc.EarliestLaunchS = true, ev.CueS, ev.TS, launch
		bc.Sensor, bc.SensorNation = ev.Sensor, b.Nation
		if ev.Sensor == "" {
			// A partner's track: the partner's radar whose track met
			// the battery's rule first.
			bc.Sensor, bc.SensorNation = "", ""
			first := math.Inf(1)
			for _, s := range bc.Usable {
				if s.Nation != b.Nation && s.LaunchTrackS <= ev.TS && s.LaunchTrackS < first {
					first, bc.Sensor, bc.SensorNation = s.LaunchTrackS, s.Sensor, s.Nation
				}
			}
		}
	}
	return bc, nil
}
