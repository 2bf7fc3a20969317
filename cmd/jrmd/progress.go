package main

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jrmd/jrmd/internal/config"
)

// outputs are files opened before a long computation, by flag name.
type outputs map[string]*os.File

// createOutputs creates every named output (flag → path, "" for none);
// a path that cannot be created is an input error.
func createOutputs(paths map[string]string) (outputs, error) {
	outs := outputs{}
	var bad config.Messages
	for _, flag := range slices.Sorted(maps.Keys(paths)) {
		if paths[flag] == "" {
			continue
		}
		f, err := os.Create(paths[flag])
		if err != nil {
			bad.Add("--%s %s", flag, strings.TrimPrefix(err.Error(), "open "))
			continue
		}
		outs[flag] = f
	}
	if err := bad.Err(); err != nil {
		outs.closeAll()
		return nil, err
	}
	return outs, nil
}

func (o outputs) close(flag string) error {
	f := o[flag]
	delete(o, flag)
	if err := f.Close(); err != nil {
		return &failure{fmt.Errorf("--%s %s: %w", flag, f.Name(), err)}
	}
	return nil
}

// writeMap writes the output of flag, if it was asked for, and closes it;
// an error writing the map is jrmd's.
func (o outputs) writeMap(flag string, write func(io.Writer) error) error {
	w := o[flag]
	if w == nil {
		return nil
	}
	if err := write(w); err != nil {
		return &failure{err}
	}
	return o.close(flag)
}

func (o outputs) closeAll() {
	for _, f := range o {
		f.Close()
	}
}

// progress reports how much of a long computation is done on stderr: a bar
// redrawn in place on a terminal, otherwise a plain count at every tenth.
type progress struct {
	mu           sync.Mutex
	w            io.Writer
	tty          bool
	label, units string
	total, n     int
	shown        int // tenths (plain) or bar cells (terminal) already shown
	start        time.Time
}

// barWidth is the width of the terminal progress bar, characters.
const barWidth = 30

func newProgress(w io.Writer, label, units string, total int) *progress {
	p := &progress{w: w, tty: isTerminal(w), label: label, units: units, total: total, start: time.Now(), shown: -1}
	p.show()
	return p
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) add(k int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n += k
	p.show()
}

// show draws the bar or the count if it moved; the caller holds mu.
func (p *progress) show() {
	if p.total <= 0 {
		return
	}
	if p.tty {
		filled := p.n * barWidth / p.total
		if filled == p.shown && p.n != p.total {
			return
		}
		p.shown = filled
		fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d %s, %.1f s", p.label, strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled),
			p.n, p.total, p.units, time.Since(p.start).Seconds())
		return
	}
	tenth := p.n * 10 / p.total
	if tenth == p.shown {
		return
	}
	p.shown = tenth
	fmt.Fprintf(p.w, "%s: %d/%d %s\n", p.label, p.n, p.total, p.units)
}

// done ends the bar's line on a terminal.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.total > 0 {
		fmt.Fprintln(p.w)
	}
}

// lockedWriter serialises writes of several goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// prefixed writes each line a child process prints as "[NAME] line".
func prefixed(w io.Writer, name string) io.Writer {
	return &linePrefixer{w: w, prefix: "[" + name + "] "}
}

type linePrefixer struct {
	w       io.Writer
	prefix  string
	pending []byte
}

func (l *linePrefixer) Write(p []byte) (int, error) {
	l.pending = append(l.pending, p...)
	for {
		i := bytes.IndexByte(l.pending, '\n')
		if i < 0 {
			return len(p), nil
		}
		if _, err := fmt.Fprintf(l.w, "%s%s\n", l.prefix, l.pending[:i]); err != nil {
			return 0, err
		}
		l.pending = l.pending[i+1:]
	}
}
