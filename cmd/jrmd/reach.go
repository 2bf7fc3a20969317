package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/report"
)

// bareInterceptor names an interceptor given only by --burnout-speed.
const bareInterceptor = "bare"

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
func (o *interceptorOptions) interceptor(base *intercept.Interceptor, set func(string) bool, textbook bool, bad *problems) intercept.Interceptor {
	var it intercept.Interceptor
	switch {
	case o.typ != "":
		var err error
		if it, err = intercept.LookupInterceptor(o.typ); err != nil {
			bad.add("--interceptor %q: unknown; want one of %s", o.typ, strings.Join(intercept.InterceptorNames(), ", "))
		}
	case base != nil:
		it = *base
	case set("burnout-speed"):
		it = intercept.Interceptor{
			Name:        bareInterceptor,
			Description: "bare interceptor: a burnout speed, an impulsive launch, no range limit",
		}
	default:
		bad.add("give --burnout-speed M_PER_S (a bare interceptor) or --interceptor TYPE (one of %s)", strings.Join(intercept.InterceptorNames(), ", "))
	}
	if set("burnout-speed") {
		if !(o.speedMps > 0 && o.speedMps <= intercept.MaxBurnoutSpeedMps) {
			bad.add("--burnout-speed %g: want an interceptor speed above 0 m/s and at most %d m/s (below the escape speed)", o.speedMps, intercept.MaxBurnoutSpeedMps)
		}
		it.BurnoutSpeedMps = o.speedMps
	}
	if set("launch-delay") && !(o.launchDelayS >= 0 && o.launchDelayS <= maxDelayS) {
		bad.add("--launch-delay %g: want seconds ≥ 0 and at most %d after the threat's launch", o.launchDelayS, maxDelayS)
	}
	minOK, maxOK := true, true
	if set("min-intercept-alt") {
		if minOK = o.minAltM >= 0 && o.minAltM <= maxInterceptAltM; !minOK {
			bad.add("--min-intercept-alt %g: want metres ≥ 0 and at most %g", o.minAltM, maxInterceptAltM)
		}
		it.MinInterceptAltM = o.minAltM
	}
	if set("max-intercept-alt") {
		if maxOK = o.maxAltM > 0 && o.maxAltM <= maxInterceptAltM; !maxOK {
			bad.add("--max-intercept-alt %g: want metres above 0 and at most %g", o.maxAltM, maxInterceptAltM)
		}
		it.MaxInterceptAltM = o.maxAltM
	}
	if minOK && maxOK && it.MaxInterceptAltM > 0 && !(it.MinInterceptAltM < it.MaxInterceptAltM) {
		bad.add("intercept altitudes: the lowest, %s m, is not below the highest, %s m (--min-intercept-alt, --max-intercept-alt)",
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
func parseSite(s string, bad *problems) geo.LLA {
	if s == "" {
		bad.add("--site is required: LAT,LON of the interceptors in decimal degrees, e.g. --site 54.48,17.10")
		return geo.LLA{}
	}
	p, err := geo.ParseLatLon(s)
	switch {
	case err != nil:
		bad.add("--site %s", strings.TrimPrefix(err.Error(), "geo: "))
	case p.AltM != 0:
		bad.add("--site %q: interceptors launch from the surface; give LAT,LON without a height", s)
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

// isTextbook reports the textbook setting: a non-rotating sphere with
// impulsive launches.
func isTextbook(req ballistic.Request) bool {
	return req.Earth.Name == geo.Sphere.Name && req.Earth.Omega == 0 && req.Missile == nil
}

func (o *reachOptions) run(w, stderr io.Writer) error {
	if o.scenarioPath != "" || slices.ContainsFunc(cueFlags, o.set) {
		return o.runScenario(w, stderr)
	}
	var bad problems
	site := parseSite(o.site, &bad)
	req, err := threatRequest(&o.traj)
	if err != nil {
		bad = append(bad, err.Error())
	}
	it := o.ic.interceptor(nil, o.set, err == nil && isTextbook(req), &bad)
	if err := bad.err(); err != nil {
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
	out := newReachJSON(req, &tr, q, res)
	if o.traj.json {
		return writeJSON(w, out)
	}
	return writeReach(w, o.site, req, &tr, q, res, floor)
}

// reachJSON is what reach --json prints. Times are seconds after the
// threat's launch; null where there is no such time or speed.
type reachJSON struct {
	Feasible           bool         `json:"feasible"`
	EarliestInterceptS *float64     `json:"earliest_intercept_s"`
	LatestInterceptS   *float64     `json:"latest_intercept_s"`
	Windows            []windowJSON `json:"windows"`
	MinBurnoutSpeedMps *float64     `json:"min_burnout_speed_mps"`
	MinSpeedInterceptS *float64     `json:"min_speed_intercept_s"`
	MinSpeedLaunchS    *float64     `json:"min_speed_launch_s"`
	MinSpeedIntercept  *lla         `json:"min_speed_intercept"`
	MinSpeedClosingMps *float64     `json:"min_speed_closing_mps"`
	// KinematicBound: no minimum closing speed applied (--kinematic, a
	// bare interceptor, or a type without one), so the answer is an upper
	// bound on what the battery could do.
	KinematicBound bool                   `json:"kinematic_bound"`
	Site           report.PointJSON       `json:"site"`
	LaunchDelayS   *float64               `json:"launch_delay_s"` // null: nothing cues a launch (reach --scenario)
	Interceptor    report.InterceptorJSON `json:"interceptor"`
	Threat         threatJSON             `json:"threat"`
	Samples        []reachSample          `json:"samples"`
}

// windowJSON is an intercept window and the closing speeds (m/s) of the
// slowest launches that reach it.
type windowJSON struct {
	StartS        float64 `json:"start_s"`
	EndS          float64 `json:"end_s"`
	ClosingMinMps float64 `json:"closing_min_mps"`
	ClosingMaxMps float64 `json:"closing_max_mps"`
}

type lla struct {
	LatDeg float64 `json:"lat_deg"`
	LonDeg float64 `json:"lon_deg"`
	AltM   float64 `json:"alt_m"`
}

// threatJSON is a flown trajectory and the request it answers (reach's
// threat, access's trajectory).
type threatJSON struct {
	resultJSON
	From     report.PointJSON `json:"from"`
	To       report.PointJSON `json:"to"`
	Kind     string           `json:"kind"`
	Earth    string           `json:"earth"`
	Rotation bool             `json:"rotation"`
	Boost    string           `json:"boost"`
}

type reachSample struct {
	TS       float64 `json:"t_s"`
	LatDeg   float64 `json:"lat_deg"`
	LonDeg   float64 `json:"lon_deg"`
	AltM     float64 `json:"alt_m"`
	InWindow bool    `json:"in_window"`
}

func newThreatJSON(req ballistic.Request, tr *ballistic.Trajectory) threatJSON {
	return threatJSON{
		resultJSON: newResultJSON(*tr),
		From:       report.PointJSON{LatDeg: req.From.LatDeg, LonDeg: req.From.LonDeg},
		To:         report.PointJSON{LatDeg: req.To.LatDeg, LonDeg: req.To.LonDeg},
		Kind:       string(req.Kind),
		Earth:      req.Earth.Name,
		Rotation:   req.Earth.Omega != 0,
		Boost:      boostName(req.Missile),
	}
}

func inWindow(ws []intercept.Window, t float64) bool {
	for _, w := range ws {
		if t >= w.StartS && t <= w.EndS {
			return true
		}
	}
	return false
}

func newReachJSON(req ballistic.Request, tr *ballistic.Trajectory, q intercept.Reach, r intercept.Result) reachJSON {
	out := reachJSON{
		Feasible:       r.Feasible,
		KinematicBound: q.Interceptor.MinClosingSpeedMps == 0,
		Windows:        []windowJSON{},
		Site:           report.PointJSON{LatDeg: q.Site.LatDeg, LonDeg: q.Site.LonDeg},
		LaunchDelayS:   &q.LaunchDelayS,
		Interceptor:    report.NewInterceptorJSON(q.Interceptor),
		Threat:         newThreatJSON(req, tr),
		Samples:        []reachSample{},
	}
	if r.Feasible {
		out.EarliestInterceptS, out.LatestInterceptS = report.Finite(r.EarliestInterceptS), report.Finite(r.LatestInterceptS)
	}
	for _, w := range r.Windows {
		out.Windows = append(out.Windows, windowJSON{w.StartS, w.EndS, w.ClosingMinMps, w.ClosingMaxMps})
	}
	if m := report.Finite(r.MinBurnoutSpeedMps); m != nil {
		out.MinBurnoutSpeedMps, out.MinSpeedInterceptS, out.MinSpeedLaunchS = m, report.Finite(r.MinSpeedInterceptS), report.Finite(r.MinSpeedLaunchS)
		out.MinSpeedClosingMps = report.Finite(r.MinSpeedClosingMps)
		if p, _, ok := tr.StateAt(r.MinSpeedInterceptS); ok {
			l := req.Earth.ToLLA(p)
			out.MinSpeedIntercept = &lla{l.LatDeg, l.LonDeg, l.AltM}
		}
	}
	times := []float64{}
	for t := 0.0; t < tr.FlightTimeS; t += req.StepS {
		times = append(times, t)
	}
	for _, t := range append(times, tr.FlightTimeS) {
		if p, _, ok := tr.StateAt(t); ok {
			l := req.Earth.ToLLA(p)
			out.Samples = append(out.Samples, reachSample{TS: t, LatDeg: l.LatDeg, LonDeg: l.LonDeg, AltM: l.AltM, InWindow: inWindow(r.Windows, t)})
		}
	}
	return out
}

// writeReach prints the answer in words, then the windows. floor is the
// type's minimum closing speed before --kinematic.
func writeReach(w io.Writer, siteArg string, req ballistic.Request, tr *ballistic.Trajectory, q intercept.Reach, r intercept.Result, floor float64) error {
	it := q.Interceptor
	rotation := "rotating"
	if req.Earth.Omega == 0 {
		rotation = "not rotating"
	}
	if isTextbook(req) {
		rotation += ", textbook setting: interceptor impulsive"
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, row := range [][2]string{
		{"site", report.LatLon(q.Site)},
		{"interceptor", report.DescribeInterceptor(it)},
		{"threat", fmt.Sprintf("%s to %s, %s, boost %s, %s %s", report.LatLon(req.From), report.LatLon(req.To), req.Kind, boostName(req.Missile), req.Earth.Name, rotation)},
		{"", fmt.Sprintf("range %s km, flight time %s s (%s min:s), apogee %s km", report.Grouped(tr.RangeM/1000, 1), report.Grouped(tr.FlightTimeS, 1), report.MinSec(tr.FlightTimeS), report.Grouped(tr.ApogeeAltM/1000, 1))},
		{"launch delay", report.Grouped(q.LaunchDelayS, 1) + " s after the threat's launch"},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	if err := tw.Flush(); err != nil {
		return writeErr(err)
	}
	return writeReachAnswer(w, strings.TrimSpace(siteArg), req, tr, q, r, floor)
}

// writeReachAnswer prints the answer in words, then the windows; floor is
// the type's minimum closing speed before --kinematic.
func writeReachAnswer(w io.Writer, site string, req ballistic.Request, tr *ballistic.Trajectory, q intercept.Reach, r intercept.Result, floor float64) error {
	it := q.Interceptor
	var b strings.Builder
	if r.Feasible {
		total := 0.0
		for _, win := range r.Windows {
			total += win.EndS - win.StartS
		}
		fmt.Fprintf(&b, "\nA %s interceptor at %s can engage this missile: it can intercept from %s s to %s s after the threat's launch (%s, %s s in all).\n",
			report.KmPerS(it.BurnoutSpeedMps, -1), site, report.Grouped(r.EarliestInterceptS, 1), report.Grouped(r.LatestInterceptS, 1), report.Plural(len(r.Windows), "window"), report.Grouped(total, 1))
	} else {
		fmt.Fprintf(&b, "\nA %s interceptor at %s cannot engage this missile.\n", report.KmPerS(it.BurnoutSpeedMps, -1), site)
	}
	if math.IsNaN(r.MinBurnoutSpeedMps) {
		fmt.Fprintf(&b, "No interceptor could, however fast: after the %s s launch delay the threat is never %s where an upward fly-out from the site reaches it in time.\n",
			report.Grouped(q.LaunchDelayS, 1), report.DescribeLimits(it))
	} else {
		alt := ""
		if p, _, ok := tr.StateAt(r.MinSpeedInterceptS); ok {
			alt = ", " + report.Grouped(req.Earth.ToLLA(p).AltM/1000, 0) + " km up"
		}
		fmt.Fprintf(&b, "The slowest that could is %s, launching at %s s to intercept at %s s%s, closing at %s.\n",
			report.KmPerS(r.MinBurnoutSpeedMps, 2), report.Grouped(r.MinSpeedLaunchS, 1), report.Grouped(r.MinSpeedInterceptS, 1), alt, report.KmPerS(r.MinSpeedClosingMps, 2))
	}
	switch {
	case it.MinClosingSpeedMps > 0:
		fmt.Fprintf(&b, "Every intercept closes at %s or more, the %s kill vehicle's minimum (--kinematic drops it).\n", report.KmPerS(it.MinClosingSpeedMps, -1), it.Name)
	case floor > 0:
		fmt.Fprintf(&b, "This is a kinematic bound (--kinematic): the %s kill vehicle's minimum closing speed of %s is not applied.\n", it.Name, report.KmPerS(floor, -1))
	case it.Name == bareInterceptor:
		fmt.Fprintf(&b, "This is a kinematic bound: a bare interceptor has no kill vehicle's minimum closing speed.\n")
	default:
		fmt.Fprintf(&b, "This is a kinematic bound: the library's %s carries no minimum closing speed.\n", it.Name)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return writeErr(err)
	}
	if len(r.Windows) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "window\tintercept from s\tto s\tduration s\tclosing km/s\t\n")
	for i, win := range r.Windows {
		fmt.Fprintf(tw, "%d\t%.1f\t%.1f\t%.1f\t%.2f–%.2f\t\n", i+1, win.StartS, win.EndS, win.EndS-win.StartS, win.ClosingMinMps/1000, win.ClosingMaxMps/1000)
	}
	return writeErr(tw.Flush())
}
