package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
	"github.com/jrmd/jrmd/internal/study"
	"github.com/jrmd/jrmd/scenarios"
)

// byFraction adapts a progress count to a callback given the fraction
// done.
func byFraction(p *progress) func(float64) {
	var mu sync.Mutex
	shown := 0
	return func(frac float64) {
		mu.Lock()
		defer mu.Unlock()
		if n := int(frac * float64(p.total)); n > shown {
			p.add(n - shown)
			shown = n
		}
	}
}

func parseLevel(s string) (bmc.Level, error) {
	if s == "" {
		return 0, nil
	}
	l, err := bmc.ParseLevel(s)
	if err != nil {
		return 0, fmt.Errorf("--integration %q: want autonomous, step1 or step2", s)
	}
	return l, nil
}

// runFlags are the flags of the commands that run a scenario once (run,
// federation up) and how they report.
type runFlags struct {
	level, out string
	seed       uint64
	asJSON     bool
}

func (r *runFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&r.level, "integration", "", "integration level: autonomous, step1 or step2 (default: the scenario's)")
	cmd.Flags().Uint64Var(&r.seed, "seed", 0, "random seed (default: the scenario's)")
	cmd.Flags().StringVar(&r.out, "out", "", "write events.jsonl and summary.json to this `DIR`")
	cmd.Flags().BoolVar(&r.asJSON, "json", false, "print the summary as JSON")
}

// report writes the run's outputs (--out) and prints its summary.
func (r *runFlags) report(cmd *cobra.Command, res *sim.Result) error {
	if r.out != "" {
		if err := writeOutputs(r.out, res); err != nil {
			return &failure{err}
		}
	}
	if r.asJSON {
		return writeErr(res.Summary.WriteJSON(cmd.OutOrStdout()))
	}
	return writeSummary(cmd.OutOrStdout(), res.Summary)
}

func newRunCmd() *cobra.Command {
	var rf runFlags
	cmd := &cobra.Command{
		Use:   "run FILE",
		Short: "Run a scenario end to end at one integration level",
		Long: `run simulates a scenario: the raid's flights, every nation's sensors, trackers and
fused picture, the data shared over the links, battle management, release authority,
deconfliction, interceptor fly-outs, intercepts and kill assessments. It prints the
summary; --out DIR also writes events.jsonl (one event per line) and summary.json.
The same scenario and seed give byte-identical outputs.`,
		Example: "  jrmd run scenarios/joint-regional-2007.yaml --integration step2 --seed 7 --out out/",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := parseLevel(rf.level)
			if err != nil {
				return err
			}
			f, err := loadScenario(args[0], cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			bar := newProgress(cmd.ErrOrStderr(), "simulating", "%", 100)
			res, err := sim.Run(f, sim.Options{Level: l, Seed: rf.seed, Progress: byFraction(bar)})
			bar.done()
			if err != nil {
				return err
			}
			return rf.report(cmd, res)
		},
	}
	rf.add(cmd)
	return cmd
}

func writeOutputs(dir string, res *sim.Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	ev, err := os.Create(filepath.Join(dir, "events.jsonl"))
	if err != nil {
		return err
	}
	if err := sim.WriteJSONL(ev, res.Events); err != nil {
		ev.Close()
		return err
	}
	if err := ev.Close(); err != nil {
		return err
	}
	sf, err := os.Create(filepath.Join(dir, "summary.json"))
	if err != nil {
		return err
	}
	if err := res.Summary.WriteJSON(sf); err != nil {
		sf.Close()
		return err
	}
	return sf.Close()
}

func fmtOpt(x *float64, launch float64) string {
	if x == nil {
		return "—"
	}
	return fmt.Sprintf("%.0f", *x-launch)
}

func writeSummary(w io.Writer, s sim.Summary) error {
	fmt.Fprintf(w, "%s, %s, seed %d\n\n", s.Scenario, s.Integration, s.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "threat\tclass\tasset\tlaunch s\tdetected +s\tfirm track +s\twarned +s\tshared +s\tinterceptor launch +s\tbattlespace s\tshots\toutcome\t")
	for _, t := range s.Threats {
		space := "—"
		if t.BattlespaceS != nil {
			space = fmt.Sprintf("%.0f", *t.BattlespaceS)
		}
		outcome := t.Outcome
		if t.KilledBy != "" {
			outcome += " by " + t.KilledBy
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t\n", t.ID, t.Class, t.Asset, t.LaunchS,
			fmtOpt(t.FirstDetectionS, t.LaunchS), fmtOpt(t.FirstFirmTrackS, t.LaunchS), fmtOpt(t.WarningS, t.LaunchS),
			fmtOpt(t.FirstSharedTrackS, t.LaunchS), fmtOpt(t.EarliestLaunchS, t.LaunchS), space, t.Shots, outcome)
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "nation\tinterceptors spent\tduplicate shots\tkills\t")
	for _, n := range s.Nations {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", n.ID, n.InterceptorsSpent, n.DuplicateShots, n.Kills)
	}
	tw.Flush()
	_, err := fmt.Fprintf(w, "\n%d threats: %d killed, %d leakers (%s); %d interceptors spent; %d duplicate engagements\n",
		s.Totals.Threats, s.Totals.Killed, s.Totals.Leakers, byAsset(s.Totals.LeakersByAsset), s.Totals.InterceptorsSpent, s.Totals.DuplicateEngagements)
	return writeErr(err)
}

func byAsset(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

type compareOptions struct {
	runs, workers int
	seed          uint64
	json          bool
}

func (o *compareOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().IntVar(&o.runs, "runs", 1, "Monte Carlo replications per level (seeds seed, seed+1, …)")
	cmd.Flags().IntVar(&o.workers, "workers", 0, "parallel runs (default: one per CPU)")
	cmd.Flags().Uint64Var(&o.seed, "seed", 0, "first random seed (default: the scenario's)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the comparison as JSON")
}

func (o *compareOptions) run(cmd *cobra.Command, f *scenario.File) error {
	if o.runs < 1 || o.runs > maxRuns {
		return fmt.Errorf("--runs %d: want 1 to %d", o.runs, maxRuns)
	}
	if n := f.Missiles(); o.runs*n > maxRunMissiles {
		return fmt.Errorf("--runs %d × %d missiles: compare keeps every run's summary of every missile, at most %d; give fewer runs", o.runs, n, maxRunMissiles)
	}
	if o.workers < 0 || o.workers > runtime.NumCPU() {
		return fmt.Errorf("--workers %d: want 0 (one per CPU) to %d, the CPUs here (more only hold more runs in memory)", o.workers, runtime.NumCPU())
	}
	bar := newProgress(cmd.ErrOrStderr(), "comparing", "runs", 3*o.runs)
	c, err := study.Compare(f, bmc.Levels, o.seed, o.runs, o.workers, byFraction(bar))
	bar.done()
	if err != nil {
		return err
	}
	if o.json {
		return writeJSON(cmd.OutOrStdout(), newCompareJSON(c))
	}
	return writeComparison(cmd.OutOrStdout(), c)
}

func newCompareCmd() *cobra.Command {
	var o compareOptions
	cmd := &cobra.Command{
		Use:   "compare FILE",
		Short: "Run a scenario at every integration level and compare them side by side",
		Long: `compare runs the scenario autonomous, with step 1 (shared warning and tracks) and with
step 2 (integrated fire control), and prints what data sharing buys: warning time,
track times, launch times, battlespace, leakers, interceptors spent and duplicate
engagements. --runs N replicates each level with seeds seed … seed+N−1 in parallel
and gives 95 % confidence intervals.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := loadScenario(args[0], cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			return o.run(cmd, f)
		},
	}
	o.addFlags(cmd)
	return cmd
}

func newDemoCmd() *cobra.Command {
	var o compareOptions
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Compare the integration levels on the reference 2007 architecture",
		Long: `demo runs compare on the built-in reference scenario (scenarios/joint-regional-2007.yaml,
embedded in the binary): the 2007 joint regional architecture — early-warning radars at
Thule, Fylingdales, Qabala and Armavir, the Czech midcourse radar, ten interceptors in
Poland and shorter-range batteries — against illustrative threats from Iran. Figures
are public and illustrative.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := scenario.Decode("joint-regional-2007.yaml", scenarios.JointRegional2007)
			if err != nil {
				return &failure{err}
			}
			return o.run(cmd, f)
		},
	}
	o.addFlags(cmd)
	return cmd
}

func metric(m study.Metric, runs int) string {
	if math.IsNaN(m.Mean) {
		return "—"
	}
	if runs > 1 {
		return fmt.Sprintf("%.1f ± %.1f", m.Mean, m.CI95)
	}
	return fmt.Sprintf("%.1f", m.Mean)
}

func writeComparison(w io.Writer, c *study.Comparison) error {
	runs := "1 run"
	if c.Runs > 1 {
		runs = fmt.Sprintf("%d runs each, mean ± 95 %% CI", c.Runs)
	}
	fmt.Fprintf(w, "%s — integration levels compared (seed %d, %s)\n\n", c.Scenario, c.Seed, runs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "\t")
	for _, r := range c.Rows {
		fmt.Fprintf(tw, "%s\t", r.Level)
	}
	fmt.Fprintln(tw)
	rows := []struct {
		name string
		get  func(study.Row) study.Metric
	}{
		{"defender warned, s after launch", func(r study.Row) study.Metric { return r.WarningS }},
		{"first firm track, s after launch", func(r study.Row) study.Metric { return r.FirmTrackS }},
		{"first shared track, s after launch", func(r study.Row) study.Metric { return r.SharedTrackS }},
		{"first interceptor launch, s after launch", func(r study.Row) study.Metric { return r.LaunchS }},
		{"battlespace at first engagement, s", func(r study.Row) study.Metric { return r.BattlespaceS }},
		{"threats killed", func(r study.Row) study.Metric { return r.Killed }},
		{"leakers", func(r study.Row) study.Metric { return r.Leakers }},
		{"interceptors spent", func(r study.Row) study.Metric { return r.Spent }},
		{"duplicate engagements", func(r study.Row) study.Metric { return r.Duplicates }},
	}
	for _, row := range rows {
		fmt.Fprintf(tw, "%s\t", row.name)
		for _, r := range c.Rows {
			fmt.Fprintf(tw, "%s\t", metric(row.get(r), c.Runs))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nLeakers by asset (mean per run):")
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
	fmt.Fprintln(w, "\nPer threat (first run): outcome, first interceptor launch (s after the threat's launch)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "threat\tclass\tasset\t")
	for _, r := range c.Rows {
		fmt.Fprintf(tw, "%s\t", r.Level)
	}
	fmt.Fprintln(tw)
	for i, t := range c.First[0].Threats {
		fmt.Fprintf(tw, "%s\t%s\t%s\t", t.ID, t.Class, t.Asset)
		for _, s := range c.First {
			th := s.Threats[i]
			cell := th.Outcome
			if th.KilledBy != "" {
				cell += " by " + th.KilledBy
			}
			if th.EarliestLaunchS != nil {
				cell += fmt.Sprintf(" (+%.0f)", *th.EarliestLaunchS-th.LaunchS)
			}
			fmt.Fprintf(tw, "%s\t", cell)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	_, err := fmt.Fprintln(w, "\nOne level in detail: jrmd run FILE --integration LEVEL --out DIR (events.jsonl, summary.json)")
	return writeErr(err)
}

type metricJSON struct {
	Mean *float64 `json:"mean"`
	CI95 float64  `json:"ci95"`
	N    int      `json:"n"`
}

func mj(m study.Metric) metricJSON {
	if math.IsNaN(m.Mean) {
		return metricJSON{}
	}
	v := m.Mean
	return metricJSON{Mean: &v, CI95: m.CI95, N: m.N}
}

type levelJSON struct {
	Integration     string             `json:"integration"`
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
	FirstRunSummary sim.Summary        `json:"first_run"`
}

type compareJSON struct {
	Scenario string      `json:"scenario"`
	Seed     uint64      `json:"seed"`
	Runs     int         `json:"runs"`
	Levels   []levelJSON `json:"levels"`
}

func newCompareJSON(c *study.Comparison) compareJSON {
	out := compareJSON{Scenario: c.Scenario, Seed: c.Seed, Runs: c.Runs}
	for i, r := range c.Rows {
		out.Levels = append(out.Levels, levelJSON{Integration: r.Level.String(), WarningS: mj(r.WarningS), FirmTrackS: mj(r.FirmTrackS),
			SharedTrackS: mj(r.SharedTrackS), LaunchS: mj(r.LaunchS), BattlespaceS: mj(r.BattlespaceS), Killed: mj(r.Killed),
			Leakers: mj(r.Leakers), Spent: mj(r.Spent), Duplicates: mj(r.Duplicates), LeakersByAsset: r.LeakersByAsset, FirstRunSummary: c.First[i]})
	}
	return out
}

func newValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files and report every problem",
		Long: `validate decodes each scenario file strictly and prints every problem it finds, one per
line, as file:line:col: field: what is wrong. It exits 2 if any file has problems.
Editors complete and check scenario files with the JSON Schema (jrmd schema).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			bad := 0
			for _, path := range args {
				_, err := scenario.Load(path)
				var ps scenario.Problems
				switch {
				case errors.As(err, &ps):
					bad += len(ps)
					for _, p := range ps {
						fmt.Fprintln(cmd.OutOrStdout(), p.Error())
					}
				case err != nil:
					return err
				default:
					fmt.Fprintf(cmd.OutOrStdout(), "%s: ok\n", path)
				}
			}
			if bad > 0 {
				return fmt.Errorf("%d problem(s) found", bad)
			}
			return nil
		},
	}
}

func newSchemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of scenario files",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := scenario.Schema()
			if err != nil {
				return &failure{err}
			}
			_, err = cmd.OutOrStdout().Write(b)
			return writeErr(err)
		},
	}
}
