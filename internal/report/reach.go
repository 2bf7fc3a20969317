package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
)

// What jrmd reach prints: could interceptors at a site engage a missile,
// and how fast must they be.

// BareInterceptor names an interceptor given only by its burnout speed.
const BareInterceptor = "bare"

// IsTextbook reports whether req is the textbook setting (a spherical,
// non-rotating Earth and an impulsive threat), where the interceptor is
// impulsive too.
func IsTextbook(req ballistic.Request) bool {
	return req.Earth.Name == geo.Sphere.Name && req.Earth.Omega == 0 && req.Missile == nil
}

// ReachJSON is what reach --json prints. Times are seconds after the
// threat's launch; null where there is no such time or speed.
type ReachJSON struct {
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
	KinematicBound bool            `json:"kinematic_bound"`
	Site           PointJSON       `json:"site"`
	LaunchDelayS   *float64        `json:"launch_delay_s"` // null: nothing cues a launch (reach --scenario)
	Interceptor    InterceptorJSON `json:"interceptor"`
	Threat         ThreatJSON      `json:"threat"`
	Samples        []reachSample   `json:"samples"`
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

type reachSample struct {
	TS       float64 `json:"t_s"`
	LatDeg   float64 `json:"lat_deg"`
	LonDeg   float64 `json:"lon_deg"`
	AltM     float64 `json:"alt_m"`
	InWindow bool    `json:"in_window"`
}

func inWindow(ws []intercept.Window, t float64) bool {
	for _, w := range ws {
		if t >= w.StartS && t <= w.EndS {
			return true
		}
	}
	return false
}

// NewReachJSON is the answer r to the reach question q about the threat
// tr flown for req, with the threat sampled every req.StepS.
func NewReachJSON(req ballistic.Request, tr *ballistic.Trajectory, q intercept.Reach, r intercept.Result) ReachJSON {
	out := ReachJSON{
		Feasible:       r.Feasible,
		KinematicBound: q.Interceptor.MinClosingSpeedMps == 0,
		Windows:        []windowJSON{},
		Site:           PointJSON{LatDeg: q.Site.LatDeg, LonDeg: q.Site.LonDeg},
		LaunchDelayS:   &q.LaunchDelayS,
		Interceptor:    NewInterceptorJSON(q.Interceptor),
		Threat:         NewThreatJSON(req, tr),
		Samples:        []reachSample{},
	}
	if r.Feasible {
		out.EarliestInterceptS, out.LatestInterceptS = Finite(r.EarliestInterceptS), Finite(r.LatestInterceptS)
	}
	for _, w := range r.Windows {
		out.Windows = append(out.Windows, windowJSON{w.StartS, w.EndS, w.ClosingMinMps, w.ClosingMaxMps})
	}
	if m := Finite(r.MinBurnoutSpeedMps); m != nil {
		out.MinBurnoutSpeedMps, out.MinSpeedInterceptS, out.MinSpeedLaunchS = m, Finite(r.MinSpeedInterceptS), Finite(r.MinSpeedLaunchS)
		out.MinSpeedClosingMps = Finite(r.MinSpeedClosingMps)
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

// WriteReach prints the answer in words, then the windows. floor is the
// type's minimum closing speed before --kinematic.
func WriteReach(w io.Writer, siteArg string, req ballistic.Request, tr *ballistic.Trajectory, q intercept.Reach, r intercept.Result, floor float64) error {
	it := q.Interceptor
	rotation := "rotating"
	if req.Earth.Omega == 0 {
		rotation = "not rotating"
	}
	if IsTextbook(req) {
		rotation += ", textbook setting: interceptor impulsive"
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, row := range [][2]string{
		{"site", LatLon(q.Site)},
		{"interceptor", DescribeInterceptor(it)},
		{"threat", fmt.Sprintf("%s to %s, %s, boost %s, %s %s", LatLon(req.From), LatLon(req.To), req.Kind, BoostName(req.Missile), req.Earth.Name, rotation)},
		{"", fmt.Sprintf("range %s km, flight time %s s (%s min:s), apogee %s km", Grouped(tr.RangeM/1000, 1), Grouped(tr.FlightTimeS, 1), MinSec(tr.FlightTimeS), Grouped(tr.ApogeeAltM/1000, 1))},
		{"launch delay", Grouped(q.LaunchDelayS, 1) + " s after the threat's launch"},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return WriteReachAnswer(w, strings.TrimSpace(siteArg), req, tr, q, r, floor)
}

// WriteReachAnswer prints the answer in words, then the windows; floor is
// the type's minimum closing speed before --kinematic.
func WriteReachAnswer(w io.Writer, site string, req ballistic.Request, tr *ballistic.Trajectory, q intercept.Reach, r intercept.Result, floor float64) error {
	it := q.Interceptor
	var b strings.Builder
	if r.Feasible {
		total := 0.0
		for _, win := range r.Windows {
			total += win.EndS - win.StartS
		}
		fmt.Fprintf(&b, "\nA %s interceptor at %s can engage this missile: it can intercept from %s s to %s s after the threat's launch (%s, %s s in all).\n",
			KmPerS(it.BurnoutSpeedMps, -1), site, Grouped(r.EarliestInterceptS, 1), Grouped(r.LatestInterceptS, 1), Plural(len(r.Windows), "window"), Grouped(total, 1))
	} else {
		fmt.Fprintf(&b, "\nA %s interceptor at %s cannot engage this missile.\n", KmPerS(it.BurnoutSpeedMps, -1), site)
	}
	if math.IsNaN(r.MinBurnoutSpeedMps) {
		fmt.Fprintf(&b, "No interceptor could, however fast: after the %s s launch delay the threat is never %s where an upward fly-out from the site reaches it in time.\n",
			Grouped(q.LaunchDelayS, 1), DescribeLimits(it))
	} else {
		alt := ""
		if p, _, ok := tr.StateAt(r.MinSpeedInterceptS); ok {
			alt = ", " + Grouped(req.Earth.ToLLA(p).AltM/1000, 0) + " km up"
		}
		fmt.Fprintf(&b, "The slowest that could is %s, launching at %s s to intercept at %s s%s, closing at %s.\n",
			KmPerS(r.MinBurnoutSpeedMps, 2), Grouped(r.MinSpeedLaunchS, 1), Grouped(r.MinSpeedInterceptS, 1), alt, KmPerS(r.MinSpeedClosingMps, 2))
	}
	switch {
	case it.MinClosingSpeedMps > 0:
		fmt.Fprintf(&b, "Every intercept closes at %s or more, the %s kill vehicle's minimum (--kinematic drops it).\n", KmPerS(it.MinClosingSpeedMps, -1), it.Name)
	case floor > 0:
		fmt.Fprintf(&b, "This is a kinematic bound (--kinematic): the %s kill vehicle's minimum closing speed of %s is not applied.\n", it.Name, KmPerS(floor, -1))
	case it.Name == BareInterceptor:
		fmt.Fprintf(&b, "This is a kinematic bound: a bare interceptor has no kill vehicle's minimum closing speed.\n")
	default:
		fmt.Fprintf(&b, "This is a kinematic bound: the library's %s carries no minimum closing speed.\n", it.Name)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
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
	return tw.Flush()
}
