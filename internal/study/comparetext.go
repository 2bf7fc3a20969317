package study

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/internal/stat"
)

// The comparison's outputs: the text tables, JSON and CSV of compare and
// demo.

// methodNames are the interval methods as the text output names them.
var methodNames = map[string]string{
	stat.StudentT:    "Student t",
	stat.PairedT:     "paired t",
	stat.WilsonScore: "Wilson score",
	stat.Newcombe10:  "Newcombe's method 10",
}

var runMetricLabels = [NumRunMetrics]string{"threats killed", "leakers", "interceptors spent", "duplicate engagements",
	"threats warned", "threats with a firm track", "threats with a shared track", "threats engaged"}

var timingLabels = [NumTimings]string{"defender warned, s after launch", "first firm track, s after launch",
	"first shared track, s after launch", "first interceptor launch, s after launch", "battlespace at first engagement, s"}

// fmtInterval formats an estimate with its interval: "4.90 [4.76, 5.04]";
// "2 (every run)" when the runs show no spread (a t interval of zero
// width says nothing more); the estimate alone where there is no interval;
// "—" where there is no estimate.
func fmtInterval(iv stat.Interval, prec int, every string) string {
	switch {
	case math.IsNaN(iv.Estimate):
		return "—"
	case math.IsNaN(iv.Lo):
		return strconv.FormatFloat(iv.Estimate, 'f', prec, 64)
	case iv.Lo == iv.Hi:
		s := strconv.FormatFloat(iv.Estimate, 'f', prec, 64)
		if strings.Contains(s, ".") {
			s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
		}
		return s + " (" + every + ")"
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', prec, 64) }
	return f(iv.Estimate) + " [" + f(iv.Lo) + ", " + f(iv.Hi) + "]"
}

// fmtSigned is fmtInterval with a sign on the estimate.
func fmtSigned(iv stat.Interval, prec int, every string) string {
	s := fmtInterval(iv, prec, every)
	if !math.IsNaN(iv.Estimate) && iv.Estimate > 0 {
		return "+" + s
	}
	return s
}

// WriteComparison prints the comparison c and its analysis a as text: the
// per-run metrics, the times over like threats, the differences from the
// first level, and each threat's outcome.
func WriteComparison(w io.Writer, c *Comparison, a *Analysis) error {
	n := c.Runs
	many := n > 1
	if many {
		fmt.Fprintf(w, "%s — integration levels compared: %d runs per level, seeds %d–%d, the same at every level\n", c.Scenario, n, c.Seed, c.Seed+uint64(n)-1)
		fmt.Fprintf(w, "Intervals: 95 %% confidence, n = %d runs; means Student t (%d degrees of freedom), proportions Wilson score.\n", n, n-1)
	} else {
		fmt.Fprintf(w, "%s — integration levels compared: 1 run per level, seed %d (no intervals from one run: --runs N gives them)\n", c.Scenario, c.Seed)
	}
	nThreats := len(c.Threats)

	// Per run.
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "per run"
	if many {
		head = fmt.Sprintf("per run: mean [95 %% CI, Student t, n = %d runs]", n)
	}
	fmt.Fprintf(tw, "%s\t", head)
	for _, l := range c.Levels {
		fmt.Fprintf(tw, "%s\t", l)
	}
	fmt.Fprintln(tw)
	every := fmt.Sprintf("all %d runs", n)
	prec := 2
	if !many {
		prec = 0
	}
	for m := range NumRunMetrics {
		label := runMetricLabels[m]
		if m != Spent && m != Duplicates {
			label += fmt.Sprintf(" (of %d)", nThreats)
		}
		fmt.Fprintf(tw, "  %s\t", label)
		for _, ls := range a.Levels {
			fmt.Fprintf(tw, "%s\t", fmtInterval(ls.Run[m], prec, every))
		}
		fmt.Fprintln(tw)
	}
	if many {
		fmt.Fprintf(tw, "runs with no leaker [95 %% CI, Wilson score, n = %d]\t", n)
		for _, ls := range a.Levels {
			k := int(math.Round(ls.NoLeaker.Estimate * float64(n)))
			fmt.Fprintf(tw, "%d of %d [%.2f, %.2f]\t", k, n, ls.NoLeaker.Lo, ls.NoLeaker.Hi)
		}
	} else {
		fmt.Fprintf(tw, "no leaker\t")
		for _, ls := range a.Levels {
			fmt.Fprintf(tw, "%s\t", map[bool]string{true: "yes", false: "no"}[ls.NoLeaker.Estimate == 1])
		}
	}
	fmt.Fprintln(tw)
	tw.Flush()

	// Times, like with like.
	fmt.Fprintln(w)
	if many {
		fmt.Fprintf(w, "Times over the threats where the event happened in every run at every level that has it: mean [95 %% CI, Student t, n = %d runs]\n", n)
	} else {
		fmt.Fprintln(w, "Times over the threats where the event happened at every level that has it")
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "\tthreats\t")
	for _, l := range c.Levels {
		fmt.Fprintf(tw, "%s\t", l)
	}
	fmt.Fprintln(tw)
	for k := range NumTimings {
		ts := &a.Times[k]
		fmt.Fprintf(tw, "  %s\t%d of %d\t", timingLabels[k], len(ts.Set), nThreats)
		for l := range c.Levels {
			cell := fmtInterval(ts.Mean[l], 1, "all runs")
			if ts.Never[l] {
				cell = "never"
			}
			fmt.Fprintf(tw, "%s\t", cell)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	for k := range NumTimings {
		ts := &a.Times[k]
		var over string
		switch {
		case len(ts.Set) == nThreats:
			over = "all threats"
		case len(ts.Set) == 0:
			over = "no threat"
		default:
			over = strings.Join(c.SetIDs(ts), ", ")
		}
		fmt.Fprintf(w, "  %s: over %s\n", strings.SplitN(timingLabels[k], ",", 2)[0], over)
	}
	fmt.Fprintln(w, "  (the threats outside a set are counted above, not averaged: never warned, never engaged, …)")

	if many {
		writeDifferences(w, c, a)
	}
	writePerThreat(w, c, a)

	fmt.Fprintf(w, "\nLeakers by asset (mean per run, n = %d):\n", n)
	for _, r := range c.Rows {
		var keys []string
		for k := range r.LeakersByAsset {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := []string{}
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s %.2g", k, r.LeakersByAsset[k]))
		}
		if len(parts) == 0 {
			parts = []string{"none"}
		}
		fmt.Fprintf(w, "  %-10s %s\n", r.Level, strings.Join(parts, ", "))
	}
	_, err := fmt.Fprintln(w, "\nOne level in detail: jrmd run FILE --integration LEVEL --out DIR (events, summary, state table, scene; --plots for figures)")
	return err
}

// writeDifferences prints each level's differences from the baseline,
// paired by seed.
func writeDifferences(w io.Writer, c *Comparison, a *Analysis) {
	n := c.Runs
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "difference from %s, paired by seed: mean [95 %% CI, n = %d pairs]\tmethod\t", a.Baseline, n)
	for _, l := range c.Levels[1:] {
		fmt.Fprintf(tw, "%s − %s\t", l, a.Baseline)
	}
	fmt.Fprintln(tw)
	every := "every pair"
	for m := range NumRunMetrics {
		fmt.Fprintf(tw, "  %s\t%s\t", runMetricLabels[m], methodNames[stat.PairedT])
		for _, ls := range a.Levels[1:] {
			fmt.Fprintf(tw, "%s\t", fmtSigned(ls.DRun[m], 2, every))
		}
		fmt.Fprintln(tw)
	}
	fmt.Fprintf(tw, "  P(no leaker)\t%s\t", methodNames[stat.Newcombe10])
	for _, ls := range a.Levels[1:] {
		fmt.Fprintf(tw, "%s\t", fmtSigned(ls.DNoLeaker, 2, every))
	}
	fmt.Fprintln(tw)
	for k := range NumTimings {
		ts := &a.Times[k]
		fmt.Fprintf(tw, "  %s (%d threats)\t%s\t", timingLabels[k], len(ts.Set), methodNames[stat.PairedT])
		for l := range c.Levels[1:] {
			fmt.Fprintf(tw, "%s\t", fmtSigned(ts.Diff[l+1], 1, every))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

// writePerThreat prints each threat's outcome at each level: with one run
// the outcome, the first interceptor launch and whether the defender was
// warned; with many, P(kill) and its paired difference from the baseline.
func writePerThreat(w io.Writer, c *Comparison, a *Analysis) {
	n := c.Runs
	fmt.Fprintln(w)
	if n == 1 {
		fmt.Fprintln(w, "Per threat: outcome (first interceptor launch, s after the threat's launch)")
	} else {
		fmt.Fprintf(w, "Per threat: P(kill) [95 %% CI, Wilson score, n = %d runs]; difference from %s paired by seed [Newcombe's method 10]\n", n, a.Baseline)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "threat\tclass\tasset\t")
	for _, l := range c.Levels {
		fmt.Fprintf(tw, "%s\t", l)
	}
	if n > 1 {
		for _, l := range c.Levels[1:] {
			fmt.Fprintf(tw, "%s − %s\t", l, a.Baseline)
		}
	}
	fmt.Fprintln(tw)
	for i, t := range a.Threats {
		fmt.Fprintf(tw, "%s\t%s\t%s\t", t.ID, t.Class, t.Asset)
		for l := range c.Levels {
			if n > 1 {
				fmt.Fprintf(tw, "%s\t", fmtInterval(t.PKill[l], 2, ""))
				continue
			}
			th := c.First[l].Threats[i]
			cell := th.Outcome
			if th.KilledBy != "" {
				cell += " by " + th.KilledBy
			}
			if th.EarliestLaunchS != nil {
				cell += fmt.Sprintf(" (+%.0f)", *th.EarliestLaunchS-th.LaunchS)
			}
			if th.WarningS == nil {
				cell += ", defender never warned"
			}
			fmt.Fprintf(tw, "%s\t", cell)
		}
		if n > 1 {
			for l := range c.Levels[1:] {
				fmt.Fprintf(tw, "%s\t", fmtSigned(t.DPKill[l+1], 2, ""))
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

// estimateJSON is an estimate with its interval in compare --json: null
// where there is none (a mean of no values; an interval from one run).
type estimateJSON struct {
	Mean   *float64 `json:"mean"`
	CILow  *float64 `json:"ci_low"`
	CIHigh *float64 `json:"ci_high"`
	N      int      `json:"n"`
	Method string   `json:"method"`
}

func optf(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	return &x
}

func ij(iv stat.Interval) estimateJSON {
	return estimateJSON{Mean: optf(iv.Estimate), CILow: optf(iv.Lo), CIHigh: optf(iv.Hi), N: iv.N, Method: iv.Method}
}

// metricJSON is a metric under the keys of compare's first release: mean,
// ci95 (the half-width of the 95 % interval, 0 where there is none) and n,
// with the interval's bounds and method added; Deprecated says why a key
// whose definition misled is kept only for compatibility.
type metricJSON struct {
	Mean       *float64 `json:"mean"`
	CI95       float64  `json:"ci95"`
	N          int      `json:"n"`
	CILow      *float64 `json:"ci_low"`
	CIHigh     *float64 `json:"ci_high"`
	Method     string   `json:"method"`
	Deprecated string   `json:"deprecated,omitempty"`
}

func mj(iv stat.Interval, deprecated string) metricJSON {
	m := metricJSON{Mean: optf(iv.Estimate), N: iv.N, CILow: optf(iv.Lo), CIHigh: optf(iv.Hi), Method: iv.Method, Deprecated: deprecated}
	if !math.IsNaN(iv.Lo) {
		m.CI95 = (iv.Hi - iv.Lo) / 2
	}
	return m
}

const deprecatedTime = "averages different threats at different levels: use times_s over time_sets"

type levelJSON struct {
	Integration string `json:"integration"`
	// The first release's keys, kept.
	WarningS        metricJSON         `json:"warning_after_launch_s"`
	FirmTrackS      metricJSON         `json:"first_firm_track_after_launch_s"`
	SharedTrackS    metricJSON         `json:"first_shared_track_after_launch_s"`
	LaunchS         metricJSON         `json:"first_interceptor_launch_after_launch_s"`
	BattlespaceS    metricJSON         `json:"battlespace_s"`
	Killed          metricJSON         `json:"killed"`
	Leakers         metricJSON         `json:"leakers"`
	Spent           metricJSON         `json:"interceptors_spent"`
	Duplicates      metricJSON         `json:"duplicate_engagements"`
	LeakersByAsset  map[string]float64 `json:"leakers_by_asset"`
	FirstRunSummary any                `json:"first_run"`
	// Added.
	PNoLeaker          estimateJSON            `json:"p_no_leaker"`
	ThreatsWarned      estimateJSON            `json:"threats_warned"`
	ThreatsFirmTrack   estimateJSON            `json:"threats_firm_track"`
	ThreatsSharedTrack estimateJSON            `json:"threats_shared_track"`
	ThreatsEngaged     estimateJSON            `json:"threats_engaged"`
	Times              map[string]estimateJSON `json:"times_s"`
	// Difference is the paired difference from the baseline; null for the
	// baseline itself.
	Difference *differenceJSON `json:"difference_from_baseline"`
}

type differenceJSON struct {
	Baseline  string                  `json:"baseline"`
	PerRun    map[string]estimateJSON `json:"per_run"`
	PNoLeaker estimateJSON            `json:"p_no_leaker"`
	Times     map[string]estimateJSON `json:"times_s"`
}

type timeSetJSON struct {
	Threats []string `json:"threats"`
	Never   []string `json:"never_at"`
}

type threatStatsJSON struct {
	ID         string                  `json:"id"`
	Class      string                  `json:"class"`
	Asset      string                  `json:"asset"`
	PKill      map[string]estimateJSON `json:"p_kill"`
	PKillDiffs map[string]estimateJSON `json:"p_kill_difference_from_baseline"`
}

type runThreatJSON struct {
	ID      string   `json:"id"`
	Outcome string   `json:"outcome"`
	Warning *float64 `json:"warning_after_launch_s"`
	Firm    *float64 `json:"first_firm_track_after_launch_s"`
	Shared  *float64 `json:"first_shared_track_after_launch_s"`
	Launch  *float64 `json:"first_interceptor_launch_after_launch_s"`
	Space   *float64 `json:"battlespace_s"`
}

// runRowJSON is one level × run, with the columns of compare --csv.
type runRowJSON struct {
	Integration        string          `json:"integration"`
	Seed               uint64          `json:"seed"`
	Threats            int             `json:"threats"`
	NoLeaker           bool            `json:"no_leaker"`
	Killed             int             `json:"killed"`
	Leakers            int             `json:"leakers"`
	Spent              int             `json:"interceptors_spent"`
	Duplicates         int             `json:"duplicate_engagements"`
	ThreatsWarned      int             `json:"threats_warned"`
	ThreatsFirmTrack   int             `json:"threats_firm_track"`
	ThreatsSharedTrack int             `json:"threats_shared_track"`
	ThreatsEngaged     int             `json:"threats_engaged"`
	ThreatResults      []runThreatJSON `json:"threat_results"`
}

// CompareJSON is what compare --json prints.
type CompareJSON struct {
	Scenario   string                 `json:"scenario"`
	Seed       uint64                 `json:"seed"`
	Runs       int                    `json:"runs"`
	Levels     []levelJSON            `json:"levels"`
	Confidence float64                `json:"confidence"`
	Baseline   string                 `json:"baseline"`
	TimeSets   map[string]timeSetJSON `json:"time_sets"`
	Threats    []threatStatsJSON      `json:"threats"`
	PerRun     []runRowJSON           `json:"per_run"`
}

// NewCompareJSON is the comparison c and its analysis a as CompareJSON.
func NewCompareJSON(c *Comparison, a *Analysis) CompareJSON {
	out := CompareJSON{Scenario: c.Scenario, Seed: c.Seed, Runs: c.Runs, Confidence: a.Conf, Baseline: a.Baseline.String(),
		TimeSets: map[string]timeSetJSON{}}
	for k := range NumTimings {
		ts := &a.Times[k]
		set := timeSetJSON{Threats: c.SetIDs(ts), Never: []string{}}
		for l, never := range ts.Never {
			if never {
				set.Never = append(set.Never, c.Levels[l].String())
			}
		}
		out.TimeSets[k.String()] = set
	}
	for l, r := range c.Rows {
		ls := &a.Levels[l]
		lj := levelJSON{Integration: r.Level.String(),
			WarningS:   mj(r.WarningS, deprecatedTime+"; counts a threat whose defender was never warned as warned at impact"),
			FirmTrackS: mj(r.FirmTrackS, deprecatedTime), SharedTrackS: mj(r.SharedTrackS, deprecatedTime),
			LaunchS: mj(r.LaunchS, deprecatedTime), BattlespaceS: mj(r.BattlespaceS, deprecatedTime),
			Killed: mj(r.Killed, ""), Leakers: mj(r.Leakers, ""), Spent: mj(r.Spent, ""), Duplicates: mj(r.Duplicates, ""),
			LeakersByAsset: r.LeakersByAsset, FirstRunSummary: c.First[l],
			PNoLeaker: ij(ls.NoLeaker), ThreatsWarned: ij(ls.Run[Warned]), ThreatsFirmTrack: ij(ls.Run[FirmTracked]),
			ThreatsSharedTrack: ij(ls.Run[SharedTracked]), ThreatsEngaged: ij(ls.Run[Engaged]),
			Times: map[string]estimateJSON{}}
		for k := range NumTimings {
			lj.Times[k.String()] = ij(a.Times[k].Mean[l])
		}
		if l > 0 {
			d := &differenceJSON{Baseline: a.Baseline.String(), PerRun: map[string]estimateJSON{}, PNoLeaker: ij(ls.DNoLeaker), Times: map[string]estimateJSON{}}
			for m := range NumRunMetrics {
				d.PerRun[m.String()] = ij(ls.DRun[m])
			}
			for k := range NumTimings {
				d.Times[k.String()] = ij(a.Times[k].Diff[l])
			}
			lj.Difference = d
		}
		out.Levels = append(out.Levels, lj)
	}
	for _, t := range a.Threats {
		tj := threatStatsJSON{ID: t.ID, Class: t.Class, Asset: t.Asset, PKill: map[string]estimateJSON{}, PKillDiffs: map[string]estimateJSON{}}
		for l, lv := range c.Levels {
			tj.PKill[lv.String()] = ij(t.PKill[l])
			if l > 0 {
				tj.PKillDiffs[lv.String()] = ij(t.DPKill[l])
			}
		}
		out.Threats = append(out.Threats, tj)
	}
	for l := range c.Levels {
		for r := range c.Records[l] {
			rec := &c.Records[l][r]
			v := func(m RunMetric) int { return int(rec.Value(m)) }
			row := runRowJSON{Integration: rec.Level.String(), Seed: rec.Seed, Threats: len(rec.Threats), NoLeaker: rec.Leakers == 0,
				Killed: v(Killed), Leakers: v(Leakers), Spent: v(Spent), Duplicates: v(Duplicates),
				ThreatsWarned: v(Warned), ThreatsFirmTrack: v(FirmTracked), ThreatsSharedTrack: v(SharedTracked),
				ThreatsEngaged: v(Engaged)}
			for i, t := range rec.Threats {
				row.ThreatResults = append(row.ThreatResults, runThreatJSON{ID: c.Threats[i].ID, Outcome: t.Outcome,
					Warning: optf(t.Times[Warning]), Firm: optf(t.Times[FirmTrack]), Shared: optf(t.Times[SharedTrack]),
					Launch: optf(t.Times[Launch]), Space: optf(t.Times[Battlespace])})
			}
			out.PerRun = append(out.PerRun, row)
		}
	}
	return out
}

// timingCSVKeys name the per-threat columns of compare --csv, after the
// threat's id and a dot.
var timingCSVKeys = [NumTimings]string{"warning_after_launch_s", "first_firm_track_after_launch_s",
	"first_shared_track_after_launch_s", "first_interceptor_launch_after_launch_s", "battlespace_s"}

// WriteCompareCSV writes one row per level × run (RFC 4180): the level, the
// seed, the per-run metrics, then for each threat its outcome and times
// (empty where the event did not happen).
func WriteCompareCSV(w io.Writer, c *Comparison) error {
	cw := csv.NewWriter(w)
	head := []string{"integration", "seed", "threats", "no_leaker"}
	for m := range NumRunMetrics {
		head = append(head, m.String())
	}
	for _, t := range c.Threats {
		head = append(head, t.ID+".outcome")
		for _, k := range timingCSVKeys {
			head = append(head, t.ID+"."+k)
		}
	}
	cw.Write(head)
	for l := range c.Levels {
		for r := range c.Records[l] {
			rec := &c.Records[l][r]
			row := []string{rec.Level.String(), strconv.FormatUint(rec.Seed, 10), strconv.Itoa(len(rec.Threats)), strconv.FormatBool(rec.Leakers == 0)}
			for m := range NumRunMetrics {
				row = append(row, strconv.Itoa(int(rec.Value(m))))
			}
			for _, t := range rec.Threats {
				row = append(row, t.Outcome)
				for k := range NumTimings {
					row = append(row, report.CSVFloat(t.Times[k], 1))
				}
			}
			cw.Write(row)
		}
	}
	cw.Flush()
	return cw.Error()
}
