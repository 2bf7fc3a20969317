package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of jrmd",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), version())
			return writeErr(err)
		},
	}
}

// version describes this build: the module version ("(devel)" for a build
// from a work tree), the commit when the build recorded one, and the Go
// toolchain.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "jrmd (no build information)"
	}
	s := "jrmd " + bi.Main.Version
	var rev, modified string
	for _, kv := range bi.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.modified":
			modified = kv.Value
		}
	}
	if rev != "" {
		s += " commit " + rev[:min(12, len(rev))]
		if modified == "true" {
			s += " (modified)"
		}
	}
	return s + " " + bi.GoVersion
}
