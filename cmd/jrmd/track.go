package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/track"
)

// Defaults and limits of jrmd track.
const (
	// defaultProcessNoise is the white-noise acceleration density of a
	// target in free flight or gliding: about 1 m/s of unmodelled
	// velocity change per second.
	defaultProcessNoise = 1.0
	// maxTrackConfigBytes bounds a tracker configuration: it is a short,
	// hand-written file.
	maxTrackConfigBytes = 1 << 20
	// maxReportedProblems is how many bad CSV rows one error lists.
	maxReportedProblems = 10
	// maxRowBytes bounds a row of the CSV file, with any comment lines
	// before it: a detection is a few dozen bytes, and the reader holds a
	// whole row in memory (a quoted field may span lines).
	maxRowBytes = 1 << 20
	// maxScanRows bounds the rows of one time, which the tracker takes
	// together (about 200 bytes each in memory).
	maxScanRows = 100_000
	// maxTracks bounds the tracks the tracker holds at once (up to about
	// 3 KB each with a boost mode): each detection near no track starts
	// one, and a track ends only when its sensors miss it.
	maxTracks = 200_000
)

// The frames and filters of a tracker configuration, and the columns of
// the CSV files.
const (
	frameENU          = "enu"
	frameECEF         = "ecef"
	filterEKF         = "ekf"
	filterUKF         = "ukf"
	csvTime, csvID    = "time", "sensor_id"
	csvX, csvY, csvZ  = "x", "y", "z"
	trackOutputHeader = "time,track_id,x,y,z,vx,vy,vz"
)

func newTrackCmd() *cobra.Command {
	var measurements, config, out string
	cmd := &cobra.Command{
		Use:   "track --measurements FILE.csv --config tracker.yaml [--out tracks.csv]",
		Short: "Track your own Cartesian detections with a configured tracker",
		Long: `track runs JRMD's multi-target tracker on your own detections: a CSV file with the
columns time,sensor_id,x,y,z (seconds, metres; found by header name in any order; other
columns are ignored; rows in time order). Rows with the same time form one scan per
sensor. The tracker (EKF or UKF, optionally a boost/coast IMM, chi-square gate, global
nearest neighbour association, M-of-N confirmation, deletion after misses) is set by a
YAML file:

  frame: enu                        # enu: local east-north-up, flat Earth, gravity along -z
                                    # ecef: Earth-centred Earth-fixed, rotating WGS-84, J2 gravity
  measurement_sigma_m: 10           # 1-sigma error of each coordinate (required)
  gravity_mps2: 9.80665             # enu only (default 9.80665)
  filter: ekf                       # ekf or ukf (default ekf)
  process_noise_m2ps3: 1            # white-noise acceleration density (default 1)
  boost_process_noise_m2ps3: 0      # > 0 adds a boost mode (IMM) with this density
  gate_probability: 0.999           # or gate_threshold: chi-square on 3 degrees of freedom
  confirm_m: 3                      # M of N opportunities confirm a track (default 3 of 5)
  confirm_n: 5
  delete_misses: 6                  # consecutive misses that delete a confirmed track
  delete_position_sigma_m: 0        # delete a track less accurate than this (0: no limit)
  initial_velocity_sigma_mps: 3000  # velocity prior of a new track (default 3000)

It writes every confirmed track at every scan time as time,track_id,x,y,z,vx,vy,vz in
the input's frame (ecef: Earth-relative velocity), to --out or standard output.

The file is read twice, as a stream: first every row is checked (a bad file gets its
problems and no tracks), then tracked. Limits: a row (with the comment lines before it)
at most 1 MiB, at most 100,000 rows of one time, at most 200,000 tracks at once. Past
the tracker's own bounds (a scan with more than 65,536 candidate pairs, a cluster
whose assignment matrix has more than 1,048,576 cells, more than 64 sensors at one time)
it approximates and says so on standard error.`,
		Example: `  jrmd track --measurements cmd/jrmd/testdata/track/measurements.csv --config cmd/jrmd/testdata/track/tracker.yaml --out tracks.csv`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTrack(cmd.OutOrStdout(), cmd.ErrOrStderr(), measurements, config, out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&measurements, "measurements", "", "detections, a CSV `FILE` with columns time,sensor_id,x,y,z")
	f.StringVar(&config, "config", "", "tracker configuration, a YAML `FILE`")
	f.StringVar(&out, "out", "", "where to write the tracks (CSV `FILE`; default: standard output)")
	return cmd
}

// runTrack is jrmd track once the flags are parsed.
func runTrack(stdout, stderr io.Writer, measurements, config, out string) error {
	var missing []string
	if measurements == "" {
		missing = append(missing, "--measurements is required: a CSV file with columns time,sensor_id,x,y,z")
	}
	if config == "" {
		missing = append(missing, "--config is required: a tracker YAML file (see jrmd track --help)")
	}
	if len(missing) > 0 {
		return errors.New(strings.Join(missing, "; "))
	}
	data, err := readLimited(config, maxTrackConfigBytes)
	if err != nil {
		return fmt.Errorf("--config %s", err)
	}
	cfg, err := decodeTrackConfig(config, data)
	if err != nil {
		return err
	}
	in, err := os.Open(measurements)
	if err != nil {
		return fmt.Errorf("--measurements %s", strings.TrimPrefix(err.Error(), "open "))
	}
	defer in.Close()
	// First every row is checked, so that a bad file gets all its problems
	// and no tracks; then the file is read again and tracked.
	if err := readMeasurements(measurements, in, nil); err != nil {
		return err
	}
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("--measurements %s: cannot read it a second time (%v); give a regular file", measurements, err)
	}
	w := stdout
	var file *os.File
	if out != "" && out != "-" {
		if file, err = os.Create(out); err != nil {
			return &failure{fmt.Errorf("--out %s", strings.TrimPrefix(err.Error(), "open "))}
		}
		w = file
	}
	err = trackRows(w, stderr, cfg, measurements, in)
	if file != nil {
		if cerr := file.Close(); err == nil && cerr != nil {
			err = &failure{cerr}
		}
	}
	return err
}

// readLimited reads a file of at most limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "open "))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than the %d bytes a tracker configuration may have", path, limit)
	}
	return data, nil
}

// trackConfig is a tracker configuration file (tracker.yaml): the frame
// and error of the detections, the filter, and the tracker's own settings
// (track.Config). Keys carry their units, as in scenario files.
type trackConfig struct {
	Frame  trackFrame `yaml:"frame" required:"true" doc:"enu: local east-north-up, flat Earth, gravity along -z; ecef: Earth-centred Earth-fixed, rotating WGS-84, J2 gravity"`
	SigmaM float64    `yaml:"measurement_sigma_m" required:"true" doc:"1σ error of each coordinate of a detection, m" range:"(0, 1e7]"`
	// GravityMps2, ProcessNoise: nil takes the default (a value given,
	// 0 included, is used).
	GravityMps2  *float64    `yaml:"gravity_mps2" doc:"gravity along -z, frame enu only, m/s²" range:"[0, 100]" default:"9.80665"`
	Filter       trackFilter `yaml:"filter" doc:"the filter" default:"ekf"`
	ProcessNoise *float64    `yaml:"process_noise_m2ps3" doc:"white-noise acceleration density of the motion model, m²/s³" range:"[0, 1e9]" default:"1"`
	BoostNoise   float64     `yaml:"boost_process_noise_m2ps3" doc:"above 0, a boost mode (IMM) with this density, m²/s³" range:"[0, 1e9]" default:"0"`
	track.Config `yaml:",inline"`
}

// trackFrame is the frame of the detections.
type trackFrame string

func (trackFrame) Names() []string { return []string{frameENU, frameECEF} }

func (f *trackFrame) UnmarshalText(b []byte) error {
	if !slices.Contains(f.Names(), string(b)) {
		return fmt.Errorf("unknown frame %q", b)
	}
	*f = trackFrame(b)
	return nil
}

// trackFilter is the tracker's filter ("": ekf).
type trackFilter string

func (trackFilter) Names() []string { return []string{filterEKF, filterUKF} }

func (f *trackFilter) UnmarshalText(b []byte) error {
	if !slices.Contains(f.Names(), string(b)) {
		return fmt.Errorf("unknown filter %q", b)
	}
	*f = trackFilter(b)
	return nil
}

// trackConfigKeys lists every key of a tracker configuration, in order.
func trackConfigKeys() []string {
	var keys []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			switch tag := t.Field(i).Tag.Get("yaml"); tag {
			case "", "-":
			case ",inline":
				walk(t.Field(i).Type)
			default:
				keys = append(keys, tag)
			}
		}
	}
	walk(reflect.TypeFor[trackConfig]())
	return keys
}

// decodeTrackConfig decodes a tracker configuration strictly: unknown and
// repeated keys, wrong types and values out of range are errors, all of
// them reported at once with their line and column (config.Problems).
func decodeTrackConfig(name string, data []byte) (trackConfig, error) {
	var cfg trackConfig
	d := config.NewDecoder(name, "configuration", config.Limits{Listed: maxReportedProblems})
	if d.Decode(data, &cfg) {
		if cfg.GravityMps2 != nil && cfg.Frame == frameECEF {
			d.Errorf("gravity_mps2", "applies to frame %s only; frame %s uses J2 gravity of the WGS-84 Earth", frameENU, frameECEF)
		}
		c := cfg.Config
		c.Filter = &track.EKF{} // built later; Validate asks for one
		d.Report("", c.Validate())
	}
	if err := d.Err(); err != nil {
		return trackConfig{}, err
	}
	return cfg, nil
}

// tracker builds the configured tracker and the measurement model of its
// frame.
func (c trackConfig) tracker() (*track.Tracker, track.MeasurementModel, error) {
	var motion func(q float64) track.Motion
	var model track.MeasurementModel
	switch c.Frame {
	case frameECEF:
		motion = func(q float64) track.Motion { return track.NewBallistic(geo.WGS84, q) }
		model = track.PositionECEF{}
	default:
		g := ballistic.StandardGravity
		if c.GravityMps2 != nil {
			g = *c.GravityMps2
		}
		motion = func(q float64) track.Motion { return track.ConstantGravity{G: g, Q: q} }
		model = track.Position{}
	}
	filter := func(q float64) track.Filter {
		if c.Filter == filterUKF {
			return &track.UKF{Motion: motion(q)}
		}
		return &track.EKF{Motion: motion(q)}
	}
	q := defaultProcessNoise
	if c.ProcessNoise != nil {
		q = *c.ProcessNoise
	}
	tc := c.Config
	tc.Filter = filter(q)
	if c.BoostNoise > 0 {
		tc.Filter = track.BoostIMM(tc.Filter, filter(c.BoostNoise))
	}
	tk, err := track.New(tc)
	return tk, model, err
}

// measurementRow is one detection of the CSV file.
type measurementRow struct {
	timeS  float64
	sensor string
	pos    [3]float64
}

// rowProblems collects bad rows (config.Problem, each with its line),
// reported as one line "FILE:LINE: reason; …" (the first
// maxReportedProblems of them).
type rowProblems struct {
	file  string
	lines config.Problems
	more  int
}

func (p *rowProblems) add(line int, format string, a ...any) {
	if len(p.lines) == maxReportedProblems {
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
// than maxRowBytes past the end of the last row (plus what the CSV
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

// readMeasurements reads the detections of a CSV file as a stream: a
// header naming the columns time, sensor_id, x, y, z in any order (case
// and surrounding space ignored; other columns ignored), then one
// detection per row, in time order. Lines starting with # are comments.
// Every bad row is an error naming its line; so is a row longer than
// maxRowBytes and a time with more than maxScanRows rows. scan, unless
// nil, gets the rows of each time in turn, until the first problem.
func readMeasurements(name string, r io.Reader, scan func(timeS float64, rows []measurementRow) error) error {
	lim := &rowLimit{r: r, limit: maxRowBytes + rowSlack}
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
		ps.add(line, "a row longer than %d bytes (with the comment lines before it); a row is one detection", maxRowBytes)
		return ps
	}
	header, err := cr.Read()
	switch {
	case errors.Is(err, errLongRow) || err == nil && cr.InputOffset() > maxRowBytes:
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
	var batch []measurementRow // the rows of one time
	nRows := 0
	flush := func() error {
		if len(batch) > 0 && scan != nil && len(ps.lines) == 0 {
			if err := scan(batch[0].timeS, batch); err != nil {
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
		lim.limit = start + maxRowBytes + rowSlack
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if errors.Is(err, errLongRow) || err == nil && cr.InputOffset()-start > maxRowBytes {
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
		row := measurementRow{sensor: strings.TrimSpace(rec[col[csvID]])}
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
		row.timeS = num(csvTime)
		row.pos = [3]float64{num(csvX), num(csvY), num(csvZ)}
		if row.sensor == "" {
			ps.add(line, "sensor_id is empty")
			ok = false
		}
		if !ok {
			continue
		}
		if row.timeS < prevT {
			ps.add(line, "time %g is before the previous row's %g; sort the rows by time", row.timeS, prevT)
			continue
		}
		if row.timeS != prevT {
			if err := flush(); err != nil {
				return err
			}
			timeRows = 0
		}
		prevT = row.timeS
		nRows++
		if timeRows++; timeRows == maxScanRows+1 {
			ps.add(line, "more than %d rows at time %g; jrmd track takes at most %d detections of one time", maxScanRows, row.timeS, maxScanRows)
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

// appendMillis appends v with three decimals (mm, mm/s), writing a value
// that rounds to zero as 0.000 whatever its sign, so that output compares
// byte for byte.
func appendMillis(buf []byte, v float64) []byte {
	n := len(buf)
	buf = strconv.AppendFloat(buf, v, 'f', 3, 64)
	if string(buf[n:]) == "-0.000" {
		buf = append(buf[:n], "0.000"...)
	}
	return buf
}

// csvError reports an I/O error of the CSV reader.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %v", name, pe.Line, pe.Err)
	}
	return &failure{fmt.Errorf("%s: %v", name, err)}
}

// trackRows runs the configured tracker over the detections of the CSV
// file r (already checked by readMeasurements), one Step per time, and
// writes every confirmed track at every scan time. What the tracker
// approximated, if anything, is said on stderr.
func trackRows(w, stderr io.Writer, cfg trackConfig, name string, r io.Reader) error {
	tk, model, err := cfg.tracker()
	if err != nil {
		return err
	}
	rc := [3][3]float64{{cfg.SigmaM * cfg.SigmaM}, {0, cfg.SigmaM * cfg.SigmaM}, {0, 0, cfg.SigmaM * cfg.SigmaM}}
	bw := bufio.NewWriter(w)
	bw.WriteString(trackOutputHeader + "\n")
	var ms []track.Measurement
	var buf []byte
	err = readMeasurements(name, r, func(t float64, rows []measurementRow) error {
		ms = ms[:0]
		for _, row := range rows {
			ms = append(ms, track.Measurement{TimeS: t, SensorID: row.sensor, Model: model, Z: row.pos, R: rc, TruthID: -1})
		}
		if err := tk.Step(t, ms); err != nil {
			return &failure{err}
		}
		if n := len(tk.Tracks()); n > maxTracks {
			return fmt.Errorf("%s: at time %g the tracker holds %d tracks; jrmd track keeps at most %d at once", name, t, n, maxTracks)
		}
		for k := range tk.Tracks() {
			tr := &tk.Tracks()[k]
			if tr.Status != track.Confirmed {
				continue
			}
			s := tr.State
			if s.TimeS != t {
				s = tk.Predicted(tr, t)
			}
			pos := [3]float64{s.X[0], s.X[1], s.X[2]}
			vel := [3]float64{s.X[3], s.X[4], s.X[5]}
			if cfg.Frame == frameECEF {
				p, v := track.ToECEF(s.X, t)
				pos, vel = p, v
			}
			buf = strconv.AppendFloat(buf[:0], t, 'f', -1, 64)
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, int64(tr.ID), 10)
			for _, v := range [6]float64{pos[0], pos[1], pos[2], vel[0], vel[1], vel[2]} {
				buf = appendMillis(append(buf, ','), v)
			}
			buf = append(buf, '\n')
			bw.Write(buf)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return &failure{fmt.Errorf("writing the tracks: %v", err)}
	}
	if a := tk.Approximations(); a.Any() {
		fmt.Fprintf(stderr, "jrmd track: approximate past the tracker's bounds: %s (see docs/limits.md)\n", describeApproximations(a))
	}
	return nil
}

// describeApproximations says what the tracker approximated, for a user.
func describeApproximations(a track.Approximations) string {
	var parts []string
	if a.NearestScans > 0 {
		parts = append(parts, fmt.Sprintf("%s with more than %d candidate pairs scored each detection against its nearest tracks only", report.Plural(a.NearestScans, "scan"), track.MaxScanPairs))
	}
	if a.GreedyClusters > 0 {
		parts = append(parts, fmt.Sprintf("%s too large for the optimal assignment assigned greedily", report.Plural(a.GreedyClusters, "cluster")))
	}
	if a.MergedSteps > 0 {
		parts = append(parts, fmt.Sprintf("%s with more than 64 sensors tracked sensors sharing one of the tracker's 64 slots as one", report.Plural(a.MergedSteps, "time")))
	}
	return strings.Join(parts, "; ")
}
