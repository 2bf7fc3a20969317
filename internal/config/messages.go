package config

import (
	"errors"
	"fmt"
	"strings"
)

// Messages collects input errors that have no line in a file, a command
// line's flags or a study's cross-checks, so that all are reported at
// once, as one line, "; "-separated.
type Messages []string

// Add appends a message.
func (m *Messages) Add(format string, a ...any) { *m = append(*m, fmt.Sprintf(format, a...)) }

// Err returns the messages as one error, or nil if there are none.
func (m Messages) Err() error {
	if len(m) == 0 {
		return nil
	}
	return errors.New(strings.Join(m, "; "))
}
