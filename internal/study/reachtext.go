package study

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/internal/sim"
)

// The reach study's outputs: the table, CSV and JSON.

// cellText is what the table shows for a row's answer.
type cellText struct {
	class, feasible, earliest, latest, minSpeed, cuedBy, launch string
}

func (r *ReachRow) text() cellText {
	if !r.pair.Flies {
		return cellText{class: "none reaches", feasible: report.Dash, earliest: report.Dash, latest: report.Dash, minSpeed: report.Dash, cuedBy: report.Dash, launch: report.Dash}
	}
	c := cellText{class: r.pair.Class, feasible: "no", earliest: report.Dash, latest: report.Dash, minSpeed: report.Dash, cuedBy: report.Dash, launch: report.Dash}
	switch {
	case r.cue.OK:
		c.cuedBy, c.launch = r.cue.Sensor+" ("+r.cue.SensorNation+")", report.Grouped(r.cue.EarliestLaunchS, 0)
	case r.cued:
		c.cuedBy = "none"
	}
	if r.res.Feasible {
		c.feasible = "yes"
		c.earliest, c.latest = report.Grouped(r.res.EarliestInterceptS, 0), report.Grouped(r.res.LatestInterceptS, 0)
	}
	if !math.IsNaN(r.res.MinBurnoutSpeedMps) {
		c.minSpeed = strconv.FormatFloat(r.res.MinBurnoutSpeedMps/1000, 'f', 2, 64)
	}
	return c
}

// WriteReachTable prints the study table, a summary, and the feasible
// cells of each variant, level, interceptor and speed.
func WriteReachTable(w io.Writer, s *Reach, rows []ReachRow) error {
	var levels []string
	for _, l := range s.levels {
		levels = append(levels, l.String())
	}
	launch := "interceptors launch when the scenario's sensors cue them (the cued launch), at " + strings.Join(levels, ", ")
	if s.override != nil {
		launch = "interceptors launch from " + report.Grouped(*s.override, 0) + " s after the threat, set by hand (launch_delay_s overrides the cue; the cue is shown, not used)"
	}
	fmt.Fprintf(w, "study reach: %s (%s): %s Earth, rotating; threats boost %s; %s\n", s.file, s.name, s.earth.Name, s.boost, launch)
	for _, b := range s.batteries {
		for _, typ := range s.typesOf(b) {
			it, _ := s.interceptor(b, typ, 0) // checked by NewReach
			var speeds []string
			for _, v := range s.speedList() {
				if v == 0 {
					v = it.BurnoutSpeedMps
				}
				speeds = append(speeds, report.KmPerS(v, -1))
			}
			fmt.Fprintf(w, "battery %s (%s) at %s: %s; speeds tried: %s\n", b.ID, b.Nation, report.LatLon(b.Site.Ground()),
				report.DescribeInterceptor(it), strings.Join(speeds, ", "))
		}
	}
	varied := len(s.variants) > 1
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "battery\tlaunch area\ttarget\tthreat\trange km\t"
	if varied {
		head += "sensors\t"
	}
	fmt.Fprint(tw, head+"level\tinterceptor\tspeed km/s\tcued by\tcued launch s\tfeasible\tearliest s\tlatest s\tmin speed km/s\t\n")
	var yes, no, noCue, none int
	for i := range rows {
		r := &rows[i]
		c := r.text()
		switch c.feasible {
		case "yes":
			yes++
		case "no":
			no++
			if r.cued && !r.cue.OK {
				noCue++
			}
		default:
			none++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t", r.battery.ID, r.area.ID, r.target.ID, c.class, report.Grouped(r.pair.RangeM/1000, 0))
		if varied {
			fmt.Fprintf(tw, "%s\t", r.variant.label())
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.level, r.interceptor.Name, strconv.FormatFloat(r.interceptor.BurnoutSpeedMps/1000, 'f', 2, 64),
			c.cuedBy, c.launch, c.feasible, c.earliest, c.latest, c.minSpeed)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%s: %d feasible, %d not", report.Plural(len(rows), "cell"), yes, no)
	if noCue > 0 && s.override == nil {
		fmt.Fprintf(w, " (%d of them with no track the battery's nation may launch on: nothing cues a launch)", noCue)
	}
	fmt.Fprintf(w, ", %d with no trajectory", none)
	if none > 0 {
		fmt.Fprintf(w, " (%q: %s)", "none reaches", rows[firstNone(rows)].pair.Why)
	}
	fmt.Fprintln(w, ".")
	if err := writeReachGroups(w, s, rows); err != nil {
		return err
	}
	fmt.Fprintln(w, "Times are seconds after the threat's launch. Cued by: the radar whose track, within the interceptor type's")
	fmt.Fprintln(w, "launch requirement, the battery's nation may first launch on at the level; cued launch: its earliest launch")
	fmt.Fprintln(w, "(C2 decision from the cue, reaction from that track). Min speed is the slowest interceptor that could engage")
	fmt.Fprintln(w, "from that launch under the same constraints (altitude, range, the kill vehicle's minimum closing speed; no")
	fmt.Fprintln(w, "kill-probability limit).")
	return nil
}

// writeReachGroups prints, when the study varies the architecture, the
// level, the interceptor or its speed, how many cells each combination
// makes feasible: the sensitivity of the answer.
func writeReachGroups(w io.Writer, s *Reach, rows []ReachRow) error {
	type key struct {
		variant     string
		level       bmc.Level
		interceptor string
		speed       float64
	}
	type tally struct{ feasible, flies, noCue int }
	var order []key
	count := map[key]*tally{}
	for i := range rows {
		r := &rows[i]
		k := key{r.variant.label(), r.level, r.interceptor.Name, r.interceptor.BurnoutSpeedMps}
		if count[k] == nil {
			count[k] = &tally{}
			order = append(order, k)
		}
		if !r.pair.Flies {
			continue
		}
		c := count[k]
		c.flies++
		if r.res.Feasible {
			c.feasible++
		}
		if r.cued && !r.cue.OK {
			c.noCue++
		}
	}
	if len(order) < 2 {
		return nil
	}
	slices.SortStableFunc(order, func(a, b key) int { return strings.Compare(a.variant, b.variant) })
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := ""
	if len(s.variants) > 1 {
		head = "sensors\t"
	}
	fmt.Fprint(tw, head+"level\tinterceptor\tspeed km/s\tfeasible\tof cells\tno cue\t\n")
	for _, k := range order {
		c := count[k]
		if len(s.variants) > 1 {
			fmt.Fprintf(tw, "%s\t", k.variant)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t\n", k.level, k.interceptor, strconv.FormatFloat(k.speed/1000, 'f', 2, 64), c.feasible, c.flies, c.noCue)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return nil
}

func firstNone(rows []ReachRow) int {
	for i, r := range rows {
		if !r.pair.Flies {
			return i
		}
	}
	return 0
}

// note explains a row without an answer: nothing flies, nothing cues a
// launch, or nothing could reach the threat at any speed.
func (r *ReachRow) note() string {
	switch {
	case !r.pair.Flies:
		return r.pair.Why
	case !r.solved:
		return r.cueWhy
	case math.IsNaN(r.res.MinBurnoutSpeedMps):
		return "unreachable at any speed: never " + report.DescribeLimits(r.interceptor) + " where an upward fly-out reaches it after the launch delay"
	}
	return ""
}

// reachCSVHeader: the columns of study reach before the cue came first,
// in their places, then the cue's.
var reachCSVHeader = []string{"battery", "interceptor_type", "launch_area", "target", "threat_class", "range_km", "flight_time_s",
	"burnout_speed_mps", "feasible", "earliest_intercept_s", "latest_intercept_s",
	"min_burnout_speed_mps", "min_speed_launch_s", "min_speed_intercept_s", "note",
	"integration", "sensors", "cued_by", "earliest_launch_s", "launch_delay_s", "launch_delay_basis"}

// WriteReachCSV writes the table as CSV (RFC 4180), one row per cell;
// empty fields where there is no value.
func WriteReachCSV(w io.Writer, rows []ReachRow) error {
	cw := csv.NewWriter(w)
	cw.Write(reachCSVHeader)
	for _, r := range rows {
		rec := make([]string, len(reachCSVHeader))
		rec[0], rec[1], rec[2], rec[3], rec[5], rec[7] = r.battery.ID, r.interceptor.Name, r.area.ID, r.target.ID, report.CSVFloat(r.pair.RangeM/1000, 1), report.CSVFloat(r.interceptor.BurnoutSpeedMps, 1)
		rec[14], rec[15], rec[16] = r.note(), r.level.String(), r.variant.csv()
		if r.pair.Flies {
			rec[4], rec[6] = r.pair.Class, report.CSVFloat(r.pair.Trajectory.FlightTimeS, 1)
			rec[8] = strconv.FormatBool(r.res.Feasible)
			if r.res.Feasible {
				rec[9], rec[10] = report.CSVFloat(r.res.EarliestInterceptS, 1), report.CSVFloat(r.res.LatestInterceptS, 1)
			}
			if !math.IsNaN(r.res.MinBurnoutSpeedMps) {
				rec[11], rec[12], rec[13] = report.CSVFloat(r.res.MinBurnoutSpeedMps, 1), report.CSVFloat(r.res.MinSpeedLaunchS, 1), report.CSVFloat(r.res.MinSpeedInterceptS, 1)
			}
			if r.cue.OK {
				rec[17], rec[18] = r.cue.Sensor, report.CSVFloat(r.cue.EarliestLaunchS, 1)
			}
			if r.solved {
				rec[19] = report.CSVFloat(r.delayS, 1)
			}
			rec[20] = r.basis
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// ReachJSON is what study reach --json writes. SI units.
type ReachJSON struct {
	Scenario string `json:"scenario"`
	File     string `json:"file"`
	Earth    string `json:"earth"`
	Boost    string `json:"boost"`
	// LaunchDelayS: the hand-set launch in place of every cue (null: each
	// cell's cue); LaunchDelayBasis says which.
	LaunchDelayS     *float64       `json:"launch_delay_s"`
	LaunchDelayBasis string         `json:"launch_delay_basis"`
	Integration      []string       `json:"integration"`
	Rows             []reachRowJSON `json:"rows"`
}

type reachRowJSON struct {
	Battery            string                 `json:"battery"`
	Site               report.PointJSON       `json:"site"`
	Interceptor        report.InterceptorJSON `json:"interceptor"`
	LaunchArea         string                 `json:"launch_area"`
	Target             string                 `json:"target"`
	Integration        string                 `json:"integration"`
	Sensors            []sensorSetting        `json:"sensors"` // the variant's overrides of the scenario's sensors
	Flies              bool                   `json:"flies"`
	ThreatClass        *string                `json:"threat_class"` // null: nothing flies
	RangeM             float64                `json:"range_m"`
	FlightTimeS        *float64               `json:"flight_time_s"`
	CuedBy             *string                `json:"cued_by"`           // null: no cue
	EarliestLaunchS    *float64               `json:"earliest_launch_s"` // the cue's
	Cue                *CueJSON               `json:"cue"`
	LaunchDelayS       *float64               `json:"launch_delay_s"` // searched from; null: nothing cues a launch
	LaunchDelayBasis   string                 `json:"launch_delay_basis,omitempty"`
	Feasible           *bool                  `json:"feasible"` // null: nothing flies
	EarliestInterceptS *float64               `json:"earliest_intercept_s"`
	LatestInterceptS   *float64               `json:"latest_intercept_s"`
	Windows            []report.IntervalJSON  `json:"windows"`
	MinBurnoutSpeedMps *float64               `json:"min_burnout_speed_mps"`
	MinSpeedLaunchS    *float64               `json:"min_speed_launch_s"`
	MinSpeedInterceptS *float64               `json:"min_speed_intercept_s"`
	Note               string                 `json:"note,omitempty"`
}

func NewReachJSON(s *Reach, rows []ReachRow) ReachJSON {
	out := ReachJSON{Scenario: s.name, File: s.file, Earth: s.earth.Name, Boost: s.boost, LaunchDelayS: s.override, LaunchDelayBasis: DelayCue, Rows: []reachRowJSON{}}
	if s.override != nil {
		out.LaunchDelayBasis = DelayOverride
	}
	for _, l := range s.levels {
		out.Integration = append(out.Integration, l.String())
	}
	for _, r := range rows {
		it := report.NewInterceptorJSON(r.interceptor)
		it.Source = ""
		j := reachRowJSON{
			Battery: r.battery.ID, Site: report.PointJSON{LatDeg: r.battery.Site.LatDeg, LonDeg: r.battery.Site.LonDeg}, Interceptor: it,
			LaunchArea: r.area.ID, Target: r.target.ID, Integration: r.level.String(), Sensors: append([]sensorSetting{}, r.variant.settings...),
			Flies: r.pair.Flies, RangeM: r.pair.RangeM, Windows: []report.IntervalJSON{},
		}
		j.Note = r.note()
		if r.pair.Flies {
			class, feasible := r.pair.Class, r.res.Feasible
			j.ThreatClass, j.Feasible, j.FlightTimeS = &class, &feasible, report.Finite(r.pair.Trajectory.FlightTimeS)
			if r.cue.OK {
				by := r.cue.Sensor
				j.CuedBy, j.EarliestLaunchS, j.Cue = &by, report.Finite(r.cue.EarliestLaunchS), NewCueJSON(r.cue)
			}
			if r.solved {
				j.LaunchDelayS = report.Finite(r.delayS)
			}
			j.LaunchDelayBasis = r.basis
			if feasible {
				j.EarliestInterceptS, j.LatestInterceptS = report.Finite(r.res.EarliestInterceptS), report.Finite(r.res.LatestInterceptS)
			}
			for _, w := range r.res.Windows {
				j.Windows = append(j.Windows, report.IntervalJSON{StartS: w.StartS, EndS: w.EndS})
			}
			if m := report.Finite(r.res.MinBurnoutSpeedMps); m != nil {
				j.MinBurnoutSpeedMps, j.MinSpeedLaunchS, j.MinSpeedInterceptS = m, report.Finite(r.res.MinSpeedLaunchS), report.Finite(r.res.MinSpeedInterceptS)
			}
		}
		out.Rows = append(out.Rows, j)
	}
	return out
}

// CueJSON is a battery's cue: the radar whose track (within the
// interceptor type's launch requirement) the launch rests on, and the
// times of the cue (seconds after the threat's launch). Its earliest
// launch is max(fire control + reaction, cued + decision), the fire
// control being that track (fire_control_track_s).
type CueJSON struct {
	Sensor            string   `json:"sensor"`
	Nation            string   `json:"nation"`
	FirstDetectionS   *float64 `json:"first_detection_s"`
	CuedS             float64  `json:"cued_s"`
	FireControlTrackS float64  `json:"fire_control_track_s"`
	EarliestLaunchS   float64  `json:"earliest_launch_s"`
	DecisionS         float64  `json:"decision_s"`
	ReactionS         float64  `json:"reaction_s"`
}

func NewCueJSON(bc sim.BatteryCue) *CueJSON {
	if !bc.OK {
		return nil
	}
	return &CueJSON{Sensor: bc.Sensor, Nation: bc.SensorNation, FirstDetectionS: report.Finite(bc.FirstDetectionS), CuedS: bc.CuedS,
		FireControlTrackS: bc.FireControlS, EarliestLaunchS: bc.EarliestLaunchS, DecisionS: bc.Timing.DecisionS, ReactionS: bc.Timing.ReactionS}
}
