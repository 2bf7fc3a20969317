package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/study"
)

func newStudyCmd(b par.Budget) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "study STUDY FILE",
		Short: "Run a study over a scenario file (reach)",
		Long: `study runs one of the studies a scenario file describes in its study section:

  reach   can the batteries engage every launch area × target, when do the scenario's
          sensors let them launch, and how fast must their interceptors be
          (jrmd study reach FILE)`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return errors.New("study: name the study: jrmd study reach FILE")
		},
	}
	cmd.AddCommand(newStudyReachCmd(b))
	return cmd
}

// studyReachOptions are the flags of jrmd study reach.
type studyReachOptions struct {
	csvOut, jsonOut string
	budget          par.Budget
}

func newStudyReachCmd(b par.Budget) *cobra.Command {
	o := studyReachOptions{budget: b}
	cmd := &cobra.Command{
		Use:   "reach FILE [--csv OUT] [--json OUT]",
		Short: "The reach question, cued by the scenario's sensors, over every battery × launch area × target",
		Long: `study reach asks the question of jrmd reach --scenario for every battery × launch area ×
target of a scenario file, at every integration level, sensor variant, interceptor type
and burnout speed its study.reach section lists:

  batteries, launch_areas, targets   ids to use (default: all batteries, launch areas, assets)
  integration                        levels to cue at: autonomous, step1, step2 (default: the
                                     scenario's integration)
  sensors                            sensor overrides to try, as in the scenario's sensors
                                     entries but with a list of values per key, e.g.
                                       sensors: [{id: brdy, max_range_km: [1000, 2000]}]
                                     (today the key max_range_km, the instrumented range); every
                                     combination of values is one variant of the architecture
  interceptors                       interceptor types to try at every battery (default: each
                                     battery's own)
  burnout_speeds_mps                 interceptor speeds to try (default: each interceptor's own)
  boost                              a missile class, none (impulsive: nothing to cue, needs
                                     launch_delay_s), or auto (default): the smallest class, in
                                     the order ` + strings.Join(ballistic.MissileNames(), ", ") + `, that reaches
  launch_delay_s                     a hand-set launch delay in place of every cell's cue: an
                                     explicit override, labelled as such in every output
  min_intercept_alt_m, max_intercept_alt_m   override the interceptor's limits

Each cell's interceptor launch is cued as jrmd reach --scenario cues it: the threat flies
alone through a run of the scenario (its variant) at the level, and the battery launches no
earlier than its nation may on a track within the interceptor type's launch requirement
that it may use at that level, after its C2 decision and reaction; a cell with no such track is not feasible, and says why. The
columns cued by and earliest launch give the cue. Threats fly minimum-energy trajectories
over the scenario's Earth (rotating). A launch area and target no missile class can fly
between are reported as such, not dropped. Cells run on all cores; the table is printed
when all are done, in the order battery, launch area, target, sensor variant, level,
interceptor, speed, followed by the feasible cells per variant, level, interceptor and
speed. Progress goes to stderr.

A scenario with problems prints each (file:line:col: field: what is wrong) and exits 2.`,
		Example: `  jrmd study reach scenarios/joint-regional-2007.yaml
  jrmd study reach scenarios/joint-regional-2007.yaml --csv reach.csv --json reach.json`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("study reach needs one scenario FILE (got %d arguments), e.g. jrmd study reach scenarios/joint-regional-2007.yaml", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return o.run(args[0], cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&o.csvOut, "csv", "", "write the table as CSV to `OUT`")
	cmd.Flags().StringVar(&o.jsonOut, "json", "", "write the table as JSON to `OUT`")
	return cmd
}

func (o *studyReachOptions) run(path string, stdout, stderr io.Writer) error {
	f, err := loadScenario(path, stderr)
	if err != nil {
		return err
	}
	s, err := study.NewReach(path, f)
	if err != nil {
		return err
	}
	outs, err := createOutputs(map[string]string{"csv": o.csvOut, "json": o.jsonOut})
	if err != nil {
		return err
	}
	defer outs.closeAll()

	prog := newProgress(stderr, "study reach", "cells", s.Cells())
	rows, err := s.Run(o.budget, prog.add)
	prog.done()
	if err != nil {
		return &failure{err}
	}
	if w := outs["csv"]; w != nil {
		if err := study.WriteReachCSV(w, rows); err != nil {
			return writeErr(err)
		}
		if err := outs.close("csv"); err != nil {
			return err
		}
	}
	if w := outs["json"]; w != nil {
		if err := writeJSON(w, study.NewReachJSON(s, rows)); err != nil {
			return err
		}
		if err := outs.close("json"); err != nil {
			return err
		}
	}
	if err := study.WriteReachTable(stdout, s, rows); err != nil {
		return writeErr(err)
	}
	for _, out := range []struct{ flag, path string }{{"csv", o.csvOut}, {"json", o.jsonOut}} {
		if out.path != "" {
			fmt.Fprintf(stdout, "%s: %s\n", out.flag, out.path)
		}
	}
	return nil
}
