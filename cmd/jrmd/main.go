// Command jrmd models cooperative multinational ballistic-missile-defense
// architectures. It is an analysis tool built on public physics and
// illustrative figures, never a fire-control system.
//
// main only wires: the commands live in their own files.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/jrmd/jrmd/internal/par"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // jrmd itself failed: an output error, a reference case that did not solve
	exitUsage   = 2 // the input was wrong: a flag, a value, a problem that has no solution
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the process exit code. Every
// error is reported as one line, "jrmd: <message>", on stderr.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		// A user never sees a Go stack trace; a bug still gets reported.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "jrmd: internal error: %s (please report it)\n", oneLine(fmt.Sprint(r)))
			code = exitFailure
		}
	}()
	root := newRootCmd(stdout, stderr, par.Cores())
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "jrmd: %s\n", oneLine(err.Error()))
	if errors.As(err, new(*failure)) {
		return exitFailure
	}
	return exitUsage
}

// failure marks an error that is jrmd's fault rather than the input's.
type failure struct{ err error }

func (f *failure) Error() string { return f.err.Error() }
func (f *failure) Unwrap() error { return f.err }

// oneLine folds a multi-line message (cobra adds suggestions on new lines)
// into one line.
func oneLine(s string) string {
	var parts []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}
