package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a configuration: where it is (File,
// Line and Col, when it came from a file; 0 when not known) and the path
// of its key (Field, e.g. sensors[2].site.lat_deg; a Validate names the key
// relative to the value it checks).
type Problem struct {
	File      string
	Line, Col int
	Field     string
	Msg       string
}

// Error is "file:line:col: field: message", leaving out what is not known.
func (p *Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
			if p.Col > 0 {
				fmt.Fprintf(&b, ":%d", p.Col)
			}
		}
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found, in file order: the error of a decoder,
// one problem a line.
type Problems []*Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Add appends a problem of the key field (a Validate's way of reporting).
func (ps *Problems) Add(field, format string, args ...any) {
	*ps = append(*ps, &Problem{Field: field, Msg: fmt.Sprintf(format, args...)})
}

// Err is nil without problems, else an *Invalid of what was checked (with
// its package prefix, e.g. `sensor: radar "brdy"`).
func (ps Problems) Err(what string) error {
	if len(ps) == 0 {
		return nil
	}
	return &Invalid{What: what, Problems: ps}
}

// Invalid is the error of a Validate: every problem of one value, each
// naming its key relative to the value, so that a decoder can place it in
// the file (Decoder.Report).
type Invalid struct {
	What     string
	Problems Problems
}

// Error is one line: what, then each problem with its key.
func (e *Invalid) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Error()
	}
	return e.What + ": " + strings.Join(msgs, "; ")
}

// Num writes a number for a message as a person would: 2000000, not
// 2e+06 (%g beyond 1e15 and below 1e-4).
func Num(v float64) string {
	if a := math.Abs(v); a != 0 && (a >= 1e15 || a < 1e-4) || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
