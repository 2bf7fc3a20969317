package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/jrmd/jrmd/ballistic"
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

// missileClass is a missile class by name (any case): the scenario's own
// (sc may be nil), or the library's.
func missileClass(sc *scenario.File, name string) (*ballistic.Missile, bool) {
	if sc != nil {
		if m, ok := sc.MissileClass(name); ok {
			return m, true
		}
	}
	m, err := ballistic.LookupMissile(name)
	return &m, err == nil
}

// missileNames lists the library's classes, then the scenario's own (sc
// may be nil).
func missileNames(sc *scenario.File) []string {
	names := ballistic.MissileNames()
	if sc != nil {
		for _, m := range sc.Missiles {
			names = append(names, m.ID)
		}
	}
	return names
}
