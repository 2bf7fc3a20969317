package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/globe"
	"github.com/jrmd/jrmd/internal/plots"
	"github.com/jrmd/jrmd/internal/sim"
	"github.com/jrmd/jrmd/internal/states"
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
	statesCSV  bool // run only: also states.csv
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
		if err := writeOutputs(r.out, res, r.statesCSV); err != nil {
			return &failure{err}
		}
	}
	if r.asJSON {
		return writeErr(res.Summary.WriteJSON(cmd.OutOrStdout()))
	}
	return writeErr(res.Summary.WriteText(cmd.OutOrStdout()))
}

func newRunCmd() *cobra.Command {
	var rf runFlags
	var withPlots bool
	cmd := &cobra.Command{
		Use:   "run FILE",
		Short: "Run a scenario end to end at one integration level",
		Long: `run simulates a scenario: the raid's flights, every nation's sensors, trackers and
fused picture, the data shared over the links, battle management, release authority,
deconfliction, interceptor fly-outs, intercepts and kill assessments. It prints the
summary; --out DIR also writes events.jsonl (one event per line), summary.json,
states.parquet, every object's state on a 2 s grid (docs/states.md), and scene.czml,
the run on a 3-D globe (docs/globe.md); --states-csv the same table as states.csv;
--plots the engagement timeline and the altitudes as PNG and SVG (docs/plots.md).
The same scenario and seed give byte-identical outputs.`,
		Example: "  jrmd run scenarios/joint-regional-2007.yaml --integration step2 --seed 7 --out out/ --plots",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if rf.statesCSV && rf.out == "" {
				return errors.New("--states-csv writes into the --out DIR: give one")
			}
			l, err := parseLevel(rf.level)
			if err != nil {
				return err
			}
			if withPlots && rf.out == "" {
				return errors.New("--plots writes into the --out directory: give --out DIR")
			}
			f, err := loadScenario(args[0], cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			bar := newProgress(cmd.ErrOrStderr(), "simulating", "%", 100)
			res, err := sim.Run(f, sim.Options{Level: l, Seed: rf.seed, Progress: byFraction(bar), States: rf.out != ""})
			bar.done()
			if err != nil {
				return err
			}
			// The scene is written beside the state table, on another
			// core: on the stress raid each takes seconds.
			var scene error
			var wg sync.WaitGroup
			if rf.out != "" {
				if err := os.MkdirAll(rf.out, 0o755); err != nil {
					return &failure{err}
				}
				wg.Go(func() { scene = globe.WriteRunScene(rf.out, f, res) })
			}
			err = rf.report(cmd, res)
			wg.Wait()
			if scene != nil {
				return &failure{scene}
			}
			if err != nil || !withPlots {
				return err
			}
			return writePlots(plots.WriteRun(rf.out, res))
		},
	}
	rf.add(cmd)
	cmd.Flags().BoolVar(&withPlots, "plots", false, "also write timeline.png/.svg and altitude.png/.svg into the --out directory")
	cmd.Flags().BoolVar(&rf.statesCSV, "states-csv", false, "with --out, also write the state table as states.csv")
	return cmd
}

// writePlots reports an error of the plots package as jrmd's own: the
// input was checked before.
func writePlots(err error) error {
	if err != nil {
		return &failure{err}
	}
	return nil
}

func writeOutputs(dir string, res *sim.Result, statesCSV bool) error {
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
	if err := sf.Close(); err != nil || res.States == nil {
		return err
	}
	return states.WriteFiles(dir, res.States, res.StartUTC, statesCSV)
}
