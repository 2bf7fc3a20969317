package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/internal/scenario"
)

// loadScenario loads a scenario file; its problems are printed one per line
// on stderr and summed up in the returned error.
func loadScenario(path string, stderr io.Writer) (*scenario.File, error) {
	f, err := scenario.Load(path)
	if err == nil {
		return f, nil
	}
	var ps config.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Fprintln(stderr, p.Error())
		}
		return nil, fmt.Errorf("%s: %s in the scenario (above); nothing was run", path, report.Plural(len(ps), "problem"))
	}
	return nil, err
}
