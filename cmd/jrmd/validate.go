package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/internal/scenario"
)

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
				var ps config.Problems
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
