package trackio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/jrmd/jrmd/internal/config"
)

// Limits of a detections file.
const (
	// MaxRowBytes bounds a row of the CSV file, with any comment lines
	// before it: a detection is a few dozen bytes, and the reader holds a
	// whole row in memory (a quoted field may span lines).
	MaxRowBytes = 1 << 20
	// MaxScanRows bounds the rows of one time, which the tracker takes
	// together (about 200 bytes each in memory).
	MaxScanRows = 100_000
)

// The columns of a detections file.
const (
	csvTime, csvID   = "time", "sensor_id"
	csvX, csvY, csvZ = "x", "y", "z"
)

// Detection is one detection of the CSV file.
type Detection struct {
	TimeS    float64 // s
	SensorID string
	Pos      [3]float64 // x, y, z in the configuration's frame, m
}

// rowProblems collects bad rows (config.Problem, each with its line),
// reported as one line "FILE:LINE: reason; …" (the first
// MaxReportedProblems of them).
type rowProblems struct {
	file  string
	lines config.Problems
	more  int
}

func (p *rowProblems) add(line int, format string, a ...any) {
	if len(p.lines) == MaxReportedProblems {
		p.more++
		return
	}
	p.lines = append(p.lines, &config.Problem{File: p.file, Line: line, Msg: fmt.Sprintf(format, a...)})
}

func (p *rowProblems) Error() string {
	s := strings.ReplaceAll(p.lines.Error(), "\n", "; ")
	if p.more > 0 {
		s += fmt.Sprintf("; and %d more bad rows", p.more)
	}
	return s
}

// errLongRow is what rowLimit returns when a row is too long.
var errLongRow = errors.New("row too long")

// rowLimit is the reader under the CSV reader: it refuses to read more
// than MaxRowBytes past the end of the last row (plus what the CSV
// reader's buffer reads ahead), so that no line holds more in memory, and
// counts the lines it has read, for the message.
type rowLimit struct {
	r     io.Reader
	read  int64 // bytes read
	limit int64 // bytes that may be read
	lines int   // newlines read
}

// rowSlack is the CSV reader's buffer: how far it may read ahead.
const rowSlack = 64 << 10

func (l *rowLimit) Read(p []byte) (int, error) {
	if l.read >= l.limit {
		return 0, errLongRow
	}
	p = p[:min(int64(len(p)), l.limit-l.read)]
	n, err := l.r.Read(p)
	l.read += int64(n)
	l.lines += bytes.Count(p[:n], []byte{'\n'})
	return n, err
}

// ReadMeasurementsCSV reads the detections of a CSV file as a stream: a
// header naming the columns time, sensor_id, x, y, z in any order (case
// and surrounding space ignored; other columns ignored), then one
// detection per row, in time order. Lines starting with # are comments.
// Every bad row is an error naming its line; so is a row longer than
// MaxRowBytes and a time with more than MaxScanRows rows. scan, unless
// nil, gets the rows of each time in turn, until the first problem.
func ReadMeasurementsCSV(name string, r io.Reader, scan func(timeS float64, rows []Detection) error) error {
	lim := &rowLimit{r: r, limit: MaxRowBytes + rowSlack}
	cr := csv.NewReader(bufio.NewReaderSize(lim, rowSlack))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	ps := &rowProblems{file: name}
	// longRow reports a row that is too long: the line the reader stopped
	// on, or that of a row read in full.
	longRow := func(err error) error {
		line := lim.lines + 1
		if err == nil {
			line, _ = cr.FieldPos(0)
		}
		ps.add(line, "a row longer than %d bytes (with the comment lines before it); a row is one detection", MaxRowBytes)
		return ps
	}
	header, err := cr.Read()
	switch {
	case errors.Is(err, errLongRow) || err == nil && cr.InputOffset() > MaxRowBytes:
		return longRow(err)
	case err == io.EOF:
		return fmt.Errorf("%s: empty file; want a header line time,sensor_id,x,y,z and one row per detection", name)
	case err != nil:
		return csvError(name, err)
	}
	col := map[string]int{}
	line, _ := cr.FieldPos(0)
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch h {
		case csvTime, csvID, csvX, csvY, csvZ:
			if _, dup := col[h]; dup {
				ps.add(line, "column %q appears twice in the header", h)
			}
			col[h] = i
		}
	}
	want := []string{csvTime, csvID, csvX, csvY, csvZ}
	var absent []string
	for _, h := range want {
		if _, ok := col[h]; !ok {
			absent = append(absent, h)
		}
	}
	if len(absent) > 0 {
		ps.add(line, "header has no column %s; want time,sensor_id,x,y,z (any order, other columns ignored)", strings.Join(absent, ", "))
	}
	if len(ps.lines) > 0 {
		return ps
	}
	need := 0
	for _, i := range col {
		need = max(need, i+1)
	}
	var batch []Detection // the rows of one time
	nRows := 0
	flush := func() error {
		if len(batch) > 0 && scan != nil && len(ps.lines) == 0 {
			if err := scan(batch[0].TimeS, batch); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	prevT := math.Inf(-1)
	timeRows := 0 // rows of the current time
	for {
		start := cr.InputOffset()
		lim.limit = start + MaxRowBytes + rowSlack
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if errors.Is(err, errLongRow) || err == nil && cr.InputOffset()-start > MaxRowBytes {
			return longRow(err)
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				ps.add(pe.Line, "%v", pe.Err)
				if pe.Err == csv.ErrFieldCount {
					continue
				}
				return ps
			}
			return csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) < need {
			ps.add(line, "%d fields, but the header's columns need %d", len(rec), need)
			continue
		}
		row := Detection{SensorID: strings.TrimSpace(rec[col[csvID]])}
		ok := true
		num := func(h string) float64 {
			s := strings.TrimSpace(rec[col[h]])
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				ps.add(line, "%s %q is not a finite number", h, s)
				ok = false
			}
			return v
		}
		row.TimeS = num(csvTime)
		row.Pos = [3]float64{num(csvX), num(csvY), num(csvZ)}
		if row.SensorID == "" {
			ps.add(line, "sensor_id is empty")
			ok = false
		}
		if !ok {
			continue
		}
		if row.TimeS < prevT {
			ps.add(line, "time %g is before the previous row's %g; sort the rows by time", row.TimeS, prevT)
			continue
		}
		if row.TimeS != prevT {
			if err := flush(); err != nil {
				return err
			}
			timeRows = 0
		}
		prevT = row.TimeS
		nRows++
		if timeRows++; timeRows == MaxScanRows+1 {
			ps.add(line, "more than %d rows at time %g; jrmd track takes at most %d detections of one time", MaxScanRows, row.TimeS, MaxScanRows)
		}
		if len(ps.lines) == 0 {
			batch = append(batch, row)
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if len(ps.lines) > 0 {
		return ps
	}
	if nRows == 0 {
		return fmt.Errorf("%s: no detections after the header", name)
	}
	return nil
}

// csvError reports an I/O error of the CSV reader.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %v", name, pe.Line, pe.Err)
	}
	return &ReadError{Name: name, Err: err}
}

// ReadError is a failure to read the file, as opposed to a problem of its
// content.
type ReadError struct {
	Name string
	Err  error
}

func (e *ReadError) Error() string { return fmt.Sprintf("%s: %v", e.Name, e.Err) }
func (e *ReadError) Unwrap() error { return e.Err }
