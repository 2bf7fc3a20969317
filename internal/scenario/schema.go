package scenario

import (
	"reflect"

	"github.com/jrmd/jrmd/internal/config"
)

// Schema returns the JSON Schema (draft 2020-12) of scenario files,
// generated from the Go types, so editors can complete and check them.
func Schema() ([]byte, error) {
	return config.Schema(reflect.TypeFor[File](), map[string]any{
		"$id":         "https://github.com/jrmd/jrmd/scenarios/schema.json",
		"title":       "JRMD scenario",
		"description": "A cooperative missile-defense architecture and a raid, for jrmd run, compare, validate and study. Units are in the key names.",
	})
}
