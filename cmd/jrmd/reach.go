package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/internal/globe"
	"github.com/jrmd/jrmd/internal/report"
)

// interceptorOptions are the interceptor flags of jrmd reach and jrmd
// footprint, as typed.
type interceptorOptions struct {
	typ          string
	speedMps     float64
	launchDelayS float64
	minAltM      float64
	maxAltM      float64
}

func (o *interceptorOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.typ, "interceptor", "", "interceptor `TYPE` from the library: "+strings.Join(intercept.InterceptorNames(), ", "))
	f.Float64Var(&o.speedMps, "burnout-speed", 0, "interceptor burnout speed, `m/s`: alone, a bare interceptor (impulsive, no range limit); with --interceptor, replaces the type's speed")
	f.Float64Var(&o.launchDelayS, "launch-delay", 0, "earliest interceptor launch, `seconds` after the threat's (detection, tracking and decision time)")
	f.Float64Var(&o.minAltM, "min-intercept-alt", 0, "lowest intercept altitude, `metres` (default: the type's; 0 for a bare interceptor)")
	f.Float64Var(&o.maxAltM, "max-intercept-alt", 0, "highest intercept altitude, `metres` (default: the type's; no limit for a bare interceptor)")
}

// interceptor builds the interceptor the flags describe, starting from
// base when --interceptor is not given (nil: there is none, and
// --burnout-speed alone makes a bare one). In the textbook setting the
// interceptor is impulsive, like the threat. Problems go to bad.
func (o *interceptorOptions) interceptor(base *intercept.Interceptor, set func(string) bool, textbook bool, bad *config.Messages) intercept.Interceptor {
	var it intercept.Interceptor
	switch {
	case o.typ != "":
		var err error
		if it, err = intercept.LookupInterceptor(o.typ); err != nil {
			bad.Add("--interceptor %q: unknown; want one of %s", o.typ, strings.Join(intercept.InterceptorNames(), ", "))
		}
	case base != nil:
		it = *base
	case set("burnout-speed"):
		it = intercept.Interceptor{
			Name:        report.BareInterceptor,
			Description: "bare interceptor: a burnout speed, an impulsive launch, no range limit",
		}
	default:
		bad.Add("give --burnout-speed M_PER_S (a bare interceptor) or --interceptor TYPE (one of %s)", strings.Join(intercept.InterceptorNames(), ", "))
	}
	if set("burnout-speed") {
		if !(o.speedMps > 0 && o.speedMps <= intercept.MaxBurnoutSpeedMps) {
			bad.Add("--burnout-speed %g: want an interceptor speed above 0 m/s and at most %d m/s (below the escape speed)", o.speedMps, intercept.MaxBurnoutSpeedMps)
		}
		it.BurnoutSpeedMps = o.speedMps
	}
	if set("launch-delay") && !(o.launchDelayS >= 0 && o.launchDelayS <= maxDelayS) {
		bad.Add("--launch-delay %g: want seconds ≥ 0 and at most %d after the threat's launch", o.launchDelayS, maxDelayS)
	}
	minOK, maxOK := true, true
	if set("min-intercept-alt") {
		if minOK = o.minAltM >= 0 && o.minAltM <= maxInterceptAltM; !minOK {
			bad.Add("--min-intercept-alt %g: want metres ≥ 0 and at most %g", o.minAltM, maxInterceptAltM)
		}
		it.MinInterceptAltM = o.minAltM
	}
	if set("max-intercept-alt") {
		if maxOK = o.maxAltM > 0 && o.maxAltM <= maxInterceptAltM; !maxOK {
			bad.Add("--max-intercept-alt %g: want metres above 0 and at most %g", o.maxAltM, maxInterceptAltM)
		}
		it.MaxInterceptAltM = o.maxAltM
	}
	if minOK && maxOK && it.MaxInterceptAltM > 0 && !(it.MinInterceptAltM < it.MaxInterceptAltM) {
		bad.Add("intercept altitudes: the lowest, %s m, is not below the highest, %s m (--min-intercept-alt, --max-intercept-alt)",
			report.Grouped(it.MinInterceptAltM, 0), report.Grouped(it.MaxInterceptAltM, 0))
	}
	if textbook {
		// The textbook setting has no powered flight: the interceptor
		// leaves the surface with its burnout speed, like the threat.
		it.BurnTimeS = 0
	}
	return it
}

// reachOptions are the flags of jrmd reach, as typed.
type reachOptions struct {
	traj      trajectoryOptions
	ic        interceptorOptions
	site      string
	kinematic bool
	// The --scenario form (reachcue.go).
	scenarioPath, battery, launchArea, target, level string
	set                                              func(name string) bool
}

// threatSpeedFlag is the threat's --burnout-speed of jrmd trajectory, which
// reach renames: there --burnout-speed is the interceptor's.
const threatSpeedFlag = "threat-burnout-speed"

func newReachCmd() *cobra.Command {
	var o reachOptions
	cmd := &cobra.Command{
		Use:   "reach (--site LAT,LON (--burnout-speed M_PER_S | --interceptor TYPE) --from LAT,LON --to LAT,LON | --scenario FILE --battery ID --launch-area ID --target ID) [flags]",
		Short: "Could interceptors at a site engage a missile, and how fast must they be?",
		Long: `reach flies a threat trajectory (the flags of jrmd trajectory; the threat's own lofted or
depressed speed is --threat-burnout-speed here) and asks whether interceptors at --site
can engage it: the threat launches at t = 0, the interceptor may launch at any time from
--launch-delay on, and an intercept counts while the threat is between the intercept
altitude limits and, for a library type, within its range of the site and closing at
least at its kill vehicle's minimum closing speed (2 km/s for the GBIs: the speed of the
interceptor relative to the threat where they meet). --kinematic drops that minimum: the
pure-kinematic bound, labelled as one.

It answers with the intercept windows (intercept times that some launch time reaches at
the interceptor's burnout speed, with the closing speeds of the slowest such launches)
and the slowest interceptor that could engage the same threat under the same
constraints, with its launch and intercept times and closing speed.

--burnout-speed alone is a bare interceptor: that speed, an impulsive launch from the
surface, no range limit, intercepts from 0 m up with no ceiling unless the altitude flags
say otherwise. --interceptor takes a library type (a gravity-turn boost, altitude and range
limits, minimum closing speed); --burnout-speed then replaces its speed and the altitude
flags its limits:
  ` + strings.Join(intercept.InterceptorNames(), ", ") + `.
In the textbook setting (--earth spherical --no-rotation --boost none) the interceptor is
impulsive too: a Kepler arc from the site's surface point, leaving upward.

The search: on a grid of intercept times (2 s), the least speed over launch times
(Brent's method; where that launch closes too slowly, the nearest launch that closes fast
enough); window edges by bisection. --step sets the sample interval of the
threat's track in --json.

--scenario FILE --battery ID --launch-area ID --target ID asks the question of a
scenario's architecture: the battery's site and interceptor (--interceptor and the speed
and altitude flags override them), a threat from the launch area to the asset, flown by
the smallest missile class that reaches (--boost CLASS picks one) over the scenario's
Earth, and the interceptor's launch cued by the scenario's own sensors: the threat is
flown alone through a run of the scenario at the --integration level (default: the
file's) — its radars, trackers, national pictures, track reports over its links and
the battery's C2 decision and reaction — and the earliest launch is the first the
battery's nation may make on a track within the interceptor type's launch requirement
(its own; a partner's under step2; 200 m and 20 m/s at 1σ for the terminal types, 20 km
and 40 m/s for the GBIs, whose kill vehicles divert further). With no such track the
battery cannot engage, and the answer says why. --launch-delay then replaces the cued launch:
a hand-set override, labelled as such.`,
		Example: `  jrmd reach --site 54.48,17.10 --interceptor gbi-6.3 --launch-delay 120 --from 53.97,35.80 --to 38.90,-77.04 --boost icbm
  jrmd reach --site 54.48,17.10 --interceptor gbi-9 --launch-delay 120 --from 35.23,53.92 --to 52.52,13.40 --boost irbm --json
  jrmd reach --site 54.48,17.10 --burnout-speed 6300 --min-intercept-alt 100e3 --launch-delay 120 \
      --from 35.23,53.92 --to 52.52,13.40 --earth spherical --no-rotation --boost none
  jrmd reach --scenario scenarios/joint-regional-2007.yaml --battery redzikowo --launch-area semnan --target berlin --integration step2`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.set = cmd.Flags().Changed
			o.traj.speedSet = o.set(threatSpeedFlag)
			return o.run(cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.site, "site", "", "interceptor site `LAT,LON` (decimal degrees)")
	f.StringVar(&o.scenarioPath, "scenario", "", "ask a scenario `FILE`'s architecture (with --battery, --launch-area, --target): its sensors cue the launch")
	f.StringVar(&o.battery, "battery", "", "battery `ID` of the --scenario file")
	f.StringVar(&o.launchArea, "launch-area", "", "launch area `ID` of the --scenario file: where the threat flies from")
	f.StringVar(&o.target, "target", "", "asset `ID` of the --scenario file: where the threat flies to")
	f.StringVar(&o.level, "integration", "", "integration `LEVEL` of the cue: autonomous, step1 or step2 (default: the --scenario file's)")
	o.ic.addFlags(f)
	f.BoolVar(&o.kinematic, "kinematic", false, "drop the kill vehicle's minimum closing speed: the pure-kinematic bound")
	addThreatFlags(f, &o.traj)
	return cmd
}

// addThreatFlags adds the flags of jrmd trajectory to f with their
// --burnout-speed renamed --threat-burnout-speed.
func addThreatFlags(f *pflag.FlagSet, o *trajectoryOptions) {
	tmp := pflag.NewFlagSet("threat", pflag.ContinueOnError)
	o.addFlags(tmp)
	tmp.VisitAll(func(fl *pflag.Flag) {
		switch fl.Name {
		case "burnout-speed":
			fl.Name = threatSpeedFlag
			fl.Usage = "the threat's Earth-relative burnout speed, `m/s`, for --kind lofted and depressed (default: the missile's full burn)"
		case "step":
			fl.Usage = "sample interval of the threat's track in --json, `seconds`"
		case "json":
			fl.Usage = "print one JSON object instead of the summary"
		}
		f.AddFlag(fl)
	})
}

// parseSite parses --site: a battery stands on the surface.
func parseSite(s string, bad *config.Messages) geo.LLA {
	if s == "" {
		bad.Add("--site is required: LAT,LON of the interceptors in decimal degrees, e.g. --site 54.48,17.10")
		return geo.LLA{}
	}
	p, err := geo.ParseLatLon(s)
	switch {
	case err != nil:
		bad.Add("--site %s", strings.TrimPrefix(err.Error(), "geo: "))
	case p.AltM != 0:
		bad.Add("--site %q: interceptors launch from the surface; give LAT,LON without a height", s)
	}
	return p
}

// threatRequest is trajectoryOptions.request with the threat's speed flag
// named as reach names it.
func threatRequest(o *trajectoryOptions) (ballistic.Request, error) {
	req, err := o.request()
	if err != nil {
		return req, fmt.Errorf("%s", strings.ReplaceAll(err.Error(), "--burnout-speed", "--"+threatSpeedFlag))
	}
	return req, nil
}

func (o *reachOptions) run(w, stderr io.Writer) error {
	if o.scenarioPath != "" || slices.ContainsFunc(cueFlags, o.set) {
		return o.runScenario(w, stderr)
	}
	var bad config.Messages
	site := parseSite(o.site, &bad)
	req, err := threatRequest(&o.traj)
	if err != nil {
		bad = append(bad, err.Error())
	}
	it := o.ic.interceptor(nil, o.set, err == nil && report.IsTextbook(req), &bad)
	if err := bad.Err(); err != nil {
		return err
	}
	floor := it.MinClosingSpeedMps
	if o.kinematic {
		it.MinClosingSpeedMps = 0
	}
	tr, err := ballistic.Solve(req)
	if err != nil {
		return fmt.Errorf("no trajectory from %s to %s: %w", o.traj.from, o.traj.to, err)
	}
	q := intercept.Reach{Earth: req.Earth, Site: site, Threat: &tr, ThreatEndS: tr.FlightTimeS, Interceptor: it, LaunchDelayS: o.ic.launchDelayS}
	res, err := q.Solve()
	if err != nil {
		return err
	}
	scene := globe.ReachScene(req, &tr, q, res)
	if err := writeScene(o.traj.globe, &scene); err != nil {
		return err
	}
	out := report.NewReachJSON(req, &tr, q, res)
	if o.traj.json {
		return writeJSON(w, out)
	}
	return writeErr(report.WriteReach(w, o.site, req, &tr, q, res, floor))
}
