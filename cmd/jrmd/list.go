package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/internal/scenario"
)

func newListCmd(b par.Budget) *cobra.Command {
	var scenarioPath string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list missiles|radars|interceptors [--scenario FILE] [--json]",
		Short: "List the model library, and a scenario's own models, with their key figures",
		Long: `list prints the missile classes, radar types or interceptor types of the library with
their key figures and where the figures come from; with --scenario, also the scenario's
own (its missiles, radars and interceptors keys), marked *. Scenario files name these
types in threats[].class, sensors[].type and batteries[].interceptor.

The missiles' reach and burnout speed are flown (ballistic.MaxRange): the farthest full
burn due west and due east from the equator, the least and the most reach on any bearing
(the Earth's turning takes from a westward flight and adds to an eastward one), over the
scenario's Earth (WGS-84 without one). A radar's power-aperture is its average power
times its effective aperture Gλ²/4π. docs/models.md describes every figure and the JSON
keys.`,
		Example: `  jrmd list interceptors
  jrmd list missiles --scenario scenarios/custom-models.yaml --json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || args[0] != report.ListMissiles && args[0] != report.ListRadars && args[0] != report.ListInterceptors {
				return fmt.Errorf("list what? want one of %s, %s, %s", report.ListMissiles, report.ListRadars, report.ListInterceptors)
			}
			return nil
		},
		ValidArgs: []string{report.ListMissiles, report.ListRadars, report.ListInterceptors},
		RunE: func(cmd *cobra.Command, args []string) error {
			var f *scenario.File
			if scenarioPath != "" {
				var err error
				if f, err = loadScenario(scenarioPath, cmd.ErrOrStderr()); err != nil {
					return err
				}
			}
			l := report.NewCatalogue(f, scenarioPath, b)
			var rows []report.CatalogueRow
			switch args[0] {
			case report.ListMissiles:
				rows = l.Missiles()
			case report.ListRadars:
				rows = l.Radars()
			default:
				rows = l.Interceptors()
			}
			if asJSON {
				out := make([]any, len(rows))
				for i, r := range rows {
					out[i] = r.JSON()
				}
				return writeJSON(cmd.OutOrStdout(), out)
			}
			return writeErr(report.WriteCatalogue(cmd.OutOrStdout(), args[0], rows, scenarioPath))
		},
	}
	cmd.Flags().StringVar(&scenarioPath, "scenario", "", "also list the scenario `FILE`'s own models")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of objects, one a model (keys: docs/models.md)")
	return cmd
}
