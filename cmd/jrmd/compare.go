package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/plots"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/study"
	"github.com/jrmd/jrmd/scenarios"
)

// compareConf is the confidence level of every interval compare prints.
const compareConf = 0.95

type compareOptions struct {
	runs, workers int
	seed          uint64
	json          bool
	csvOut        string
	plotsDir      string
	budget        par.Budget // --workers, when given, replaces it
}

func (o *compareOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().IntVar(&o.runs, "runs", 1, "Monte Carlo replications per level (seeds seed, seed+1, …, the same at every level)")
	cmd.Flags().IntVar(&o.workers, "workers", 0, "parallel runs (default: one per CPU)")
	cmd.Flags().Uint64Var(&o.seed, "seed", 0, "first random seed (default: the scenario's)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the comparison as JSON")
	cmd.Flags().StringVar(&o.csvOut, "csv", "", "write one row per level × run, with its per-run and per-threat results, to `FILE`")
	cmd.Flags().StringVar(&o.plotsDir, "plots", "", "draw each metric's runs and intervals per level into `DIR` (compare-METRIC.png and .svg)")
}

func (o *compareOptions) run(cmd *cobra.Command, f *scenario.File) error {
	if o.runs < 1 || o.runs > maxRuns {
		return fmt.Errorf("--runs %d: want 1 to %d", o.runs, maxRuns)
	}
	if n := f.RaidSize(); o.runs*n > maxRunMissiles {
		return fmt.Errorf("--runs %d × %d missiles: compare keeps every run's summary of every missile, at most %d; give fewer runs", o.runs, n, maxRunMissiles)
	}
	if o.workers < 0 || o.workers > runtime.NumCPU() {
		return fmt.Errorf("--workers %d: want 0 (one per CPU) to %d, the CPUs here (more only hold more runs in memory)", o.workers, runtime.NumCPU())
	}
	if o.plotsDir != "" {
		if err := os.MkdirAll(o.plotsDir, 0o755); err != nil {
			return fmt.Errorf("--plots %s", strings.TrimPrefix(err.Error(), "mkdir "))
		}
	}
	b := o.budget
	if o.workers > 0 {
		b = par.Budget(o.workers)
	}
	outs, err := createOutputs(map[string]string{"csv": o.csvOut})
	if err != nil {
		return err
	}
	defer outs.closeAll()
	bar := newProgress(cmd.ErrOrStderr(), "comparing", "runs", len(bmc.Levels)*o.runs)
	c, err := study.Compare(f, bmc.Levels, o.seed, o.runs, b, byFraction(bar))
	bar.done()
	if err != nil {
		return err
	}
	a := c.Analyse(compareConf)
	if w := outs["csv"]; w != nil {
		if err := study.WriteCompareCSV(w, c); err != nil {
			return writeErr(err)
		}
		if err := outs.close("csv"); err != nil {
			return err
		}
	}
	if o.plotsDir != "" {
		if err := writePlots(plots.WriteCompare(o.plotsDir, c, a)); err != nil {
			return err
		}
	}
	if o.json {
		return writeJSON(cmd.OutOrStdout(), study.NewCompareJSON(c, a))
	}
	return writeErr(study.WriteComparison(cmd.OutOrStdout(), c, a))
}

func newCompareCmd(b par.Budget) *cobra.Command {
	o := compareOptions{budget: b}
	cmd := &cobra.Command{
		Use:   "compare FILE",
		Short: "Run a scenario at every integration level and compare them side by side",
		Long: `compare runs the scenario autonomous, with step 1 (shared warning and tracks) and with
step 2 (integrated fire control), and prints what data sharing buys: per run, the
threats killed and leaking, interceptors spent, duplicate engagements and how many
threats were warned, tracked, shared and engaged; the times of those events over the
threats where they happened at every level (like with like, the set named); and each
threat's outcome. --runs N replicates each level with seeds seed … seed+N−1, the same
seeds at every level, and gives 95 % confidence intervals (means: Student t;
proportions: Wilson score) and the differences from autonomous paired by seed
(paired t; Newcombe's method 10). --csv FILE writes every run's results; --json
prints it all; --plots DIR draws each metric's runs and intervals per level
(docs/plots.md). docs/statistics.md explains each figure.`,
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

func newDemoCmd(b par.Budget) *cobra.Command {
	o := compareOptions{budget: b}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Compare the integration levels on the reference 2007 architecture",
		Long: `demo runs compare on the built-in reference scenario (scenarios/joint-regional-2007.yaml,
embedded in the binary): the 2007 joint regional architecture — early-warning radars at
Thule, Fylingdales, Qabala and Armavir, the Czech midcourse radar, ten interceptors in
Poland and shorter-range batteries — against illustrative threats from Iran. Figures
are public and illustrative. One run per level by default (no intervals); --runs N
gives confidence intervals.`,
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
