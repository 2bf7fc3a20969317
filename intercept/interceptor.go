package intercept

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jrmd/jrmd/internal/config"
)

// MaxBurnoutSpeedMps is the fastest interceptor reach and fly-out
// questions take: the escape speed from 200 km, 11.0 km/s, as for missiles
// (ballistic.MaxBurnoutSpeedMps). The fastest interceptors fielded burn out
// at 6–8 km/s (public figures; the 2007 argument was over 6.3 against
// 9 km/s); an arc at escape speed leaves the Earth.
const MaxBurnoutSpeedMps = 11000

// Interceptor is an illustrative interceptor type. Figures are rounded
// public values; each type records its sources in Source. The keys are
// those of a scenario's interceptors entries.
type Interceptor struct {
	Name        string `yaml:"-"`
	Description string `yaml:"description" doc:"what the type is, in a line"`
	Source      string `yaml:"source" doc:"where its figures come from"`
	// BurnoutSpeedMps is the Earth-relative speed at burnout: what the
	// boost delivers after gravity and drag losses.
	BurnoutSpeedMps float64 `yaml:"burnout_speed_mps" required:"true" doc:"Earth-relative speed at burnout, after gravity and drag losses, m/s" range:"(0, 11000]"`
	// BurnTimeS is the boost duration. The boost is modelled as a gravity
	// turn whose speed grows at a constant rate to BurnoutSpeedMps (its
	// gravity losses are inside that figure); 0 is an impulsive launch.
	BurnTimeS        float64 `yaml:"burn_time_s" doc:"boost duration, s (0: an impulsive launch)" range:"[0, 600]" default:"0"`
	DivertMps        float64 `yaml:"divert_mps" required:"true" doc:"kill-vehicle divert budget, m/s" range:"(0, 10000]"`
	MinInterceptAltM float64 `yaml:"min_intercept_alt_m" doc:"lowest intercept altitude, m" range:"[0, 1e7]" default:"0"`
	MaxInterceptAltM float64 `yaml:"max_intercept_alt_m" doc:"highest intercept altitude, m (0: no ceiling)" range:"[0, 1e7]" default:"0"`
	MaxRangeM        float64 `yaml:"max_range_m" doc:"ground range from the site to the intercept point, m (0: unlimited)" range:"[0, 2e7]" default:"0"` // 0: unlimited
	SeekerAcqRangeM  float64 `yaml:"seeker_acq_range_m" required:"true" doc:"kill-vehicle seeker acquisition range, m" range:"(0, 1e7]"`
	// MinClosingSpeedMps is the least closing speed for a hit-to-kill
	// intercept; 0: no limit. Reach, footprints and the engagement plan
	// all require it.
	MinClosingSpeedMps float64 `yaml:"min_closing_speed_mps" doc:"least closing speed of a hit-to-kill intercept, m/s (0: no limit)" range:"[0, 20000]" default:"0"`
	// ReactionS is the battery's time from a fire-control track to a
	// launch once its release is decided: lock-on, firing solution and
	// launch sequence.
	ReactionS float64 `yaml:"reaction_s" required:"true" doc:"a battery's time from a fire-control track to launch once release is decided, s" range:"[0, 3600]"`
	Pk        float64 `yaml:"pk" required:"true" doc:"single-shot kill probability (illustrative)" range:"(0, 1]"`
	// LaunchTrack is the track the type may be launched on.
	LaunchTrack LaunchTrack `yaml:"launch_track" required:"true" doc:"the track the type may be launched on"`
}

// Validate reports every problem of the type at once (a *config.Invalid,
// each naming its key).
func (it *Interceptor) Validate() error {
	var p config.Problems
	in := func(key string, v, lo, hi float64, openLo bool, unit string) {
		if openLo && !(v > lo && v <= hi) || !openLo && !(v >= lo && v <= hi) {
			bound := "from "
			if openLo {
				bound = "above "
			}
			p.Add(key, "%s%s: want %s%s to %s%s", config.Num(v), unit, bound, config.Num(lo), config.Num(hi), unit)
		}
	}
	in("burnout_speed_mps", it.BurnoutSpeedMps, 0, MaxBurnoutSpeedMps, true, " m/s")
	in("burn_time_s", it.BurnTimeS, 0, 600, false, " s")
	in("divert_mps", it.DivertMps, 0, 1e4, true, " m/s")
	in("min_intercept_alt_m", it.MinInterceptAltM, 0, 1e7, false, " m")
	in("max_intercept_alt_m", it.MaxInterceptAltM, 0, 1e7, false, " m")
	if it.MaxInterceptAltM > 0 && it.MinInterceptAltM >= it.MaxInterceptAltM {
		p.Add("max_intercept_alt_m", "%s m: not above the lowest intercept altitude, %s m", config.Num(it.MaxInterceptAltM), config.Num(it.MinInterceptAltM))
	}
	in("max_range_m", it.MaxRangeM, 0, 2e7, false, " m")
	in("seeker_acq_range_m", it.SeekerAcqRangeM, 0, 1e7, true, " m")
	in("min_closing_speed_mps", it.MinClosingSpeedMps, 0, 2e4, false, " m/s")
	in("reaction_s", it.ReactionS, 0, 3600, false, " s")
	in("pk", it.Pk, 0, 1, true, "")
	in("launch_track.max_position_sigma_m", it.LaunchTrack.MaxPositionSigmaM, 0, 1e7, true, " m")
	in("launch_track.max_velocity_sigma_mps", it.LaunchTrack.MaxVelocitySigmaMps, 0, 1e4, true, " m/s")
	return p.Err(fmt.Sprintf("intercept: interceptor %q", it.Name))
}

// Overrides are a battery's own figures in place of its interceptor
// type's: zero keeps the type's.
type Overrides struct {
	Pk float64 `yaml:"pk" doc:"single-shot kill probability, 0–1 (default: the interceptor type's)" range:"[0, 1]"`
	// ReactionS: the battery's time from a fire-control track to launch.
	ReactionS float64 `yaml:"reaction_s" doc:"the battery's time from a fire-control track to launch (lock-on, firing solution, launch sequence), s (default: the interceptor type's)" range:"[0, 3600]"`
	// The track the battery may launch on, in place of its interceptor
	// type's LaunchTrack.
	LaunchSigmaM   float64 `yaml:"launch_sigma_m" doc:"largest 1σ position error of a track the battery may launch on, m (default: the interceptor type's: 200 for terminal types, 20000 for the GBIs)" range:"[0, 1e7]"`
	LaunchSigmaMps float64 `yaml:"launch_sigma_mps" doc:"largest 1σ velocity error of a track the battery may launch on, m/s (default: the interceptor type's: 20 for terminal types, 40 for the GBIs)" range:"[0, 1e4]"`
}

// Apply returns the type as a battery with these overrides fields it.
func (o Overrides) Apply(it Interceptor) Interceptor {
	if o.Pk > 0 {
		it.Pk = o.Pk
	}
	if o.ReactionS > 0 {
		it.ReactionS = o.ReactionS
	}
	if o.LaunchSigmaM > 0 {
		it.LaunchTrack.MaxPositionSigmaM = o.LaunchSigmaM
	}
	if o.LaunchSigmaMps > 0 {
		it.LaunchTrack.MaxVelocitySigmaMps = o.LaunchSigmaMps
	}
	return it
}

// Validate reports every problem of the overrides (a *config.Invalid,
// each naming its key).
func (o Overrides) Validate() error {
	var p config.Problems
	for _, c := range []struct {
		key   string
		v, hi float64
		unit  string
	}{{"pk", o.Pk, 1, ""}, {"reaction_s", o.ReactionS, 3600, " s"}, {"launch_sigma_m", o.LaunchSigmaM, 1e7, " m"}, {"launch_sigma_mps", o.LaunchSigmaMps, 1e4, " m/s"}} {
		if !(c.v >= 0 && c.v <= c.hi) {
			p.Add(c.key, "%s%s: want 0 (the type's) to %s%s", config.Num(c.v), c.unit, config.Num(c.hi), c.unit)
		}
	}
	return p.Err("intercept: battery overrides")
}

// LaunchTrack is what an interceptor type needs of a track before it may
// be launched on it: a firm track (confirmed and settled: see
// track.DefaultFireControl's updates and age) whose largest 1σ semi-axes of
// position and velocity error are within these limits. Whether a
// particular engagement then goes ahead is the plan's commit
// (Plan.Commit): the predicted intercept point's 3σ error within the kill
// vehicle's divert reach.
type LaunchTrack struct {
	MaxPositionSigmaM   float64 `yaml:"max_position_sigma_m" doc:"largest 1σ position error, m" range:"(0, 1e7]"`
	MaxVelocitySigmaMps float64 `yaml:"max_velocity_sigma_mps" doc:"largest 1σ velocity error, m/s" range:"(0, 1e4]"`
	// Basis says where the figures come from.
	Basis string `yaml:"basis" doc:"where the figures come from"`
}

// Launch-track requirements of the library's types.
var (
	// terminalTrack: the fire-control rule JRMD has always applied
	// (track.DefaultFireControl's 200 m and 20 m/s), for the terminal types
	// that engage on their own fire-control radar's track.
	terminalTrack = LaunchTrack{MaxPositionSigmaM: 200, MaxVelocitySigmaMps: 20,
		Basis: "illustrative round figures for a terminal battery's fire-control radar track, not the requirement of any real system"}
	// gbiTrack: a midcourse interceptor with a long-range seeker, a large
	// divert and in-flight target updates is launched on early-warning
	// tracks in the public descriptions of such systems (the upgraded
	// early-warning radars feed the midcourse system's fire control, the
	// X-band radar refines). The figures are the plan's commit rule at a
	// nominal engagement: divert reach Δv·(R_acq/v_c)/2 = 1 km/s ·
	// (1,000 km / 8 km/s) / 2 = 62.5 km; 3σ within it is σ ≤ 20 km at the
	// intercept point, and a velocity error spreads the point by σ_v·T over
	// T = 500 s from launch decision to intercept: σ_v ≤ 40 m/s.
	gbiTrack = LaunchTrack{MaxPositionSigmaM: 20e3, MaxVelocitySigmaMps: 40,
		Basis: "derived, illustrative: the engagement plan's commit rule (3σ intercept-point error within the kill vehicle's divert reach) " +
			"at a nominal midcourse engagement (8 km/s closing, 500 s from launch decision to intercept): 1σ 20 km and 40 m/s; " +
			"early-warning tracks qualify, as in public descriptions of midcourse fire control (early-warning radars cue and the X-band radar refines)"}
	// sm3Track: the same rule for the SM-3's kill vehicle: divert reach
	// 0.5 km/s · (300 km / 6 km/s) / 2 = 12.5 km, σ ≤ 4 km at the
	// intercept point, over T = 200 s: σ_v ≤ 20 m/s.
	sm3Track = LaunchTrack{MaxPositionSigmaM: 4e3, MaxVelocitySigmaMps: 20,
		Basis: "derived, illustrative: the engagement plan's commit rule at a nominal engagement (6 km/s closing, 200 s from launch decision " +
			"to intercept): 1σ 4 km and 20 m/s; launch on a remote sensor's track, as in public descriptions of the SM-3's launch-on-remote"}
)

var interceptors = []Interceptor{
	{
		Name:        "gbi-6.3",
		Description: "two-stage ground-based midcourse interceptor, 6.3 km/s (the deploying side's 2007 figure)",
		Source: "6.3 km/s: burnout speed the deploying side gave in 2007 (docs/reference-architecture.md); " +
			"burn ~60 s, divert ~1 km/s (assumption), exo-atmospheric above ~100 km, reaction time and Pk illustrative.",
		BurnoutSpeedMps: 6300, BurnTimeS: 60, DivertMps: 1000,
		MinInterceptAltM: 100e3, MaxInterceptAltM: 2000e3, SeekerAcqRangeM: 1000e3, MinClosingSpeedMps: 2000, ReactionS: 10, Pk: 0.8,
		LaunchTrack: gbiTrack,
	},
	{
		Name:        "gbi-9",
		Description: "two-stage ground-based midcourse interceptor, ~9 km/s (independent physicists' estimate)",
		Source: "~9 km/s: G. Lewis and T. Postol (2007) estimate for the proposed European interceptor " +
			"(docs/reference-architecture.md); other figures as gbi-6.3.",
		BurnoutSpeedMps: 9000, BurnTimeS: 60, DivertMps: 1000,
		MinInterceptAltM: 100e3, MaxInterceptAltM: 2000e3, SeekerAcqRangeM: 1000e3, MinClosingSpeedMps: 2000, ReactionS: 10, Pk: 0.8,
		LaunchTrack: gbiTrack,
	},
	{
		Name:        "thaad",
		Description: "THAAD: terminal high-altitude area defence",
		Source: "Public fact sheets (US Missile Defense Agency; CSIS Missile Threat 'THAAD'): burnout ~2.8 km/s, " +
			"intercept altitude ~40-150 km, range ~200 km; burn time, reaction time and Pk illustrative.",
		BurnoutSpeedMps: 2800, BurnTimeS: 15, DivertMps: 300,
		MinInterceptAltM: 40e3, MaxInterceptAltM: 150e3, MaxRangeM: 200e3, SeekerAcqRangeM: 100e3, ReactionS: 10, Pk: 0.85,
		LaunchTrack: terminalTrack,
	},
	{
		Name:        "pac-3",
		Description: "Patriot PAC-3: lower-tier endo-atmospheric hit-to-kill",
		Source: "Public fact sheets (US Army; CSIS Missile Threat 'Patriot'): ~1.5 km/s, intercept altitude up to ~20 km, " +
			"range ~20-35 km against ballistic targets; burn time, reaction time and Pk illustrative.",
		BurnoutSpeedMps: 1500, BurnTimeS: 5, DivertMps: 200,
		MinInterceptAltM: 1e3, MaxInterceptAltM: 20e3, MaxRangeM: 35e3, SeekerAcqRangeM: 20e3, ReactionS: 10, Pk: 0.8,
		LaunchTrack: terminalTrack,
	},
	{
		Name:        "s-300",
		Description: "S-300 (48N6 class) against ballistic targets",
		Source: "Rounded encyclopedic figures (48N6 class): ~1.9-2.0 km/s, ~40 km against ballistic targets, " +
			"intercept altitude up to ~25 km; burn time, reaction time and Pk illustrative.",
		BurnoutSpeedMps: 1900, BurnTimeS: 10, DivertMps: 200,
		MinInterceptAltM: 1e3, MaxInterceptAltM: 25e3, MaxRangeM: 40e3, SeekerAcqRangeM: 20e3, ReactionS: 10, Pk: 0.7,
		LaunchTrack: terminalTrack,
	},
	{
		Name:        "s-400",
		Description: "S-400 (48N6DM class) against ballistic targets",
		Source: "Rounded encyclopedic figures (48N6DM class): ~2.5 km/s, ~60 km against ballistic targets, " +
			"intercept altitude up to ~30 km; burn time, reaction time and Pk illustrative.",
		BurnoutSpeedMps: 2500, BurnTimeS: 12, DivertMps: 250,
		MinInterceptAltM: 2e3, MaxInterceptAltM: 30e3, MaxRangeM: 60e3, SeekerAcqRangeM: 25e3, ReactionS: 10, Pk: 0.7,
		LaunchTrack: terminalTrack,
	},
	{
		Name:        "sm-3",
		Description: "SM-3 Block IA class, exo-atmospheric",
		Source: "Public figures (CSIS Missile Threat 'SM-3'): Block IA ~3.0 km/s burnout, exo-atmospheric above ~70 km, " +
			"range ~700 km; burn time, reaction time and Pk illustrative.",
		BurnoutSpeedMps: 3000, BurnTimeS: 25, DivertMps: 500,
		MinInterceptAltM: 70e3, MaxInterceptAltM: 500e3, MaxRangeM: 700e3, SeekerAcqRangeM: 300e3, ReactionS: 10, Pk: 0.8,
		LaunchTrack: sm3Track,
	},
}

// closes reports whether an intercept closing at vc m/s (closingSpeed) is
// fast enough for the kill vehicle; NaN, no intercept, never is.
func (it Interceptor) closes(vc float64) bool { return vc >= it.MinClosingSpeedMps }

// Interceptors returns the built-in interceptor types.
func Interceptors() []Interceptor { return slices.Clone(interceptors) }

// InterceptorNames lists the built-in interceptor types.
func InterceptorNames() []string {
	names := make([]string, len(interceptors))
	for i, it := range interceptors {
		names[i] = it.Name
	}
	return names
}

// LookupInterceptor returns a built-in interceptor type by name.
func LookupInterceptor(name string) (Interceptor, error) {
	i := slices.IndexFunc(interceptors, func(it Interceptor) bool { return it.Name == strings.ToLower(name) })
	if i < 0 {
		return Interceptor{}, fmt.Errorf("intercept: unknown interceptor %q (known: %s)", name, strings.Join(InterceptorNames(), ", "))
	}
	return interceptors[i], nil
}
