package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/jrmd/jrmd/internal/par"
)

// newRootCmd wires the commands; b is the budget of goroutines every
// parallel loop of a command runs on.
func newRootCmd(stdout, stderr io.Writer, b par.Budget) *cobra.Command {
	root := &cobra.Command{
		Use:   "jrmd",
		Short: "Model cooperative multinational ballistic-missile-defense architectures",
		Long: `jrmd models, runs and analyses cooperative, multinational ballistic-missile-defense
architectures: the flight of the threat, the sensors, tracking, battle management and
the data sharing between national command centers that makes an architecture joint.

It is an analysis and exercise tool built on public physics and public, illustrative
figures. It is not a fire-control system and carries no classified data.`,
		// Errors are printed once, as one line, by run; a usage dump would
		// bury them. --help still prints the usage.
		SilenceUsage:      true,
		SilenceErrors:     true,
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(newTrajectoryCmd(), newDemoCmd(b), newVersionCmd())
	root.AddCommand(newRunCmd(), newCompareCmd(b), newValidateCmd(), newSchemaCmd(), newListCmd(b))
	root.AddCommand(newAccessCmd(b))
	root.AddCommand(newReachCmd(), newStudyCmd(b), newFootprintCmd(b))
	root.AddCommand(newTrackCmd())
	root.AddCommand(newNodeCmd(), newFederationCmd())
	return root
}

// flagError rewrites pflag's "invalid argument "abc" for "--step" flag:
// strconv.ParseFloat: parsing "abc": invalid syntax" as "--step "abc": not a
// number".
func flagError(_ *cobra.Command, err error) error {
	var iv *pflag.InvalidValueError
	if !errors.As(err, &iv) {
		return err
	}
	what := "not a valid " + iv.GetFlag().Value.Type()
	switch iv.GetFlag().Value.Type() {
	case "float64":
		what = "not a number"
	case "bool":
		what = "want true or false"
	}
	return fmt.Errorf("--%s %q: %s", iv.GetFlag().Name, iv.GetValue(), what)
}
