package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	cfgpkg "github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/track"
	"github.com/jrmd/jrmd/track/trackio"
)

// maxTracks bounds the tracks jrmd track holds at once (up to about 3 KB
// each with a boost mode): each detection near no track starts one, and a
// track ends only when its sensors miss it.
const maxTracks = 200_000

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
	cfg, err := trackio.DecodeConfigFile(config)
	if err != nil {
		if cfgpkg.IsProblems(err) {
			return err
		}
		return fmt.Errorf("--config %s", err)
	}
	in, err := os.Open(measurements)
	if err != nil {
		return fmt.Errorf("--measurements %s", strings.TrimPrefix(err.Error(), "open "))
	}
	defer in.Close()
	// First every row is checked, so that a bad file gets all its problems
	// and no tracks; then the file is read again and tracked.
	if err := trackio.ReadMeasurementsCSV(measurements, in, nil); err != nil {
		return readErr(err)
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

// readErr marks a failure to read the detections as jrmd's.
func readErr(err error) error {
	if errors.As(err, new(*trackio.ReadError)) {
		return &failure{err}
	}
	return err
}

// trackRows runs the configured tracker over the detections of the CSV
// file r (already checked by trackio.ReadMeasurementsCSV), one Step per
// time, and writes every confirmed track at every scan time. What the
// tracker approximated, if anything, is said on stderr.
func trackRows(w, stderr io.Writer, cfg trackio.Config, name string, r io.Reader) error {
	tk, model, err := cfg.NewTracker()
	if err != nil {
		return err
	}
	rc := [3][3]float64{{cfg.SigmaM * cfg.SigmaM}, {0, cfg.SigmaM * cfg.SigmaM}, {0, 0, cfg.SigmaM * cfg.SigmaM}}
	tw := trackio.NewWriter(w, cfg.Frame)
	var ms []track.Measurement
	err = trackio.ReadMeasurementsCSV(name, r, func(t float64, ds []trackio.Detection) error {
		ms = ms[:0]
		for _, d := range ds {
			ms = append(ms, track.Measurement{TimeS: t, SensorID: d.SensorID, Model: model, Z: d.Pos, R: rc, TruthID: -1})
		}
		if err := tk.Step(t, ms); err != nil {
			return &failure{err}
		}
		if n := len(tk.Tracks()); n > maxTracks {
			return fmt.Errorf("%s: at time %g the tracker holds %d tracks; jrmd track keeps at most %d at once", name, t, n, maxTracks)
		}
		tw.WriteTracks(t, tk)
		return nil
	})
	if err != nil {
		return readErr(err)
	}
	if err := tw.Flush(); err != nil {
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
