package main

import (
	"encoding/json"
	"fmt"
	"io"
)

// writeJSON prints v as one indented JSON document.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return &failure{fmt.Errorf("encoding JSON: %w", err)}
	}
	_, err = w.Write(append(b, '\n'))
	return writeErr(err)
}

// writeErr marks an error writing the output as jrmd's failure.
func writeErr(err error) error {
	if err == nil {
		return nil
	}
	return &failure{fmt.Errorf("writing output: %w", err)}
}
