package trackio

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func updateGolden() bool { return *update }

func must[T any](v T, _ error) T { return v }

// TestTrackBadConfigs decodes every broken configuration in
// testdata/track/bad and compares the error with its golden .errors file
// (go test -update rewrites them). Each error line must name the file, a
// line and column, and the field.
func TestTrackBadConfigs(t *testing.T) {
	files, _ := filepath.Glob("testdata/track/bad/*.yaml")
	if len(files) < 5 {
		t.Fatalf("only %d broken configurations", len(files))
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = DecodeConfig(path, data)
		if err == nil {
			t.Errorf("%s: decoded without error", path)
			continue
		}
		got := strings.ReplaceAll(err.Error(), "; "+path, "\n"+path) + "\n"
		golden := strings.TrimSuffix(path, ".yaml") + ".errors"
		if updateGolden() {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (go test -update creates it)", err)
		}
		if got != string(want) {
			t.Errorf("%s:\ngot  %s\nwant %s", path, got, want)
		}
		for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
			parts := strings.SplitN(line, ":", 5)
			if len(parts) < 5 || parts[0] != path {
				t.Errorf("%s: %q is not FILE:LINE:COL: field: message", path, line)
				continue
			}
			if _, err := strconv.Atoi(parts[1]); err != nil {
				t.Errorf("%s: %q has no line number", path, line)
			}
			if _, err := strconv.Atoi(parts[2]); err != nil {
				t.Errorf("%s: %q has no column", path, line)
			}
		}
	}
	// The many-mistakes file reports each of them.
	data, _ := os.ReadFile("testdata/track/bad/many.yaml")
	_, err := DecodeConfig("many.yaml", data)
	for _, want := range []string{
		`many.yaml:2:8: frame: "lla" is not one of enu, ecef`,
		`many.yaml:3:9: filter: "kf" is not one of ekf, ukf`,
		`measurement_sigma_m: -3 m is outside (0, 1e7]`,
		`gate_probability: 1.5 is outside (0, 1)`,
		`gate_threshold: set gate_probability or gate_threshold, not both`,
		`confirm_m: 6 of 4: want 1 ≤ M ≤ N ≤ 64`,
		`delete_misses: want a whole number, got "many"`,
		`many.yaml:10:1: frame: key "frame" given twice (first on line 2)`,
		`initial_velocity_sigma_mps: want a finite number, got a list`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("many.yaml: error %v\nwant it to contain %q", err, want)
		}
	}
}

// FuzzTrackConfig feeds arbitrary bytes to the configuration decoder: it
// must never panic, and whatever it accepts must build a tracker.
func FuzzTrackConfig(f *testing.F) {
	f.Add([]byte("frame: enu\nmeasurement_sigma_m: 10\nfilter: ukf\nboost_process_noise_m2ps3: 50\nconfirm_m: 2\nconfirm_n: 3\n"))
	for _, p := range must(filepath.Glob("testdata/track/bad/*.yaml")) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("frame: ecef\nmeasurement_sigma_m: 1e400\n"))
	f.Add([]byte("frame: &a enu\nfilter: *a\nmeasurement_sigma_m: 0x10\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := DecodeConfig("fuzz.yaml", data)
		if err != nil {
			return
		}
		if _, _, err := cfg.NewTracker(); err != nil {
			t.Fatalf("accepted %q but cannot build a tracker: %v", data, err)
		}
	})
}

// FuzzMeasurementsCSV feeds arbitrary bytes to the CSV reader: it must
// never panic, and what it accepts must be finite and in time order.
func FuzzMeasurementsCSV(f *testing.F) {
	f.Add([]byte("# two sensors\ntime,sensor_id,x,y,z\n0,a,1,2,3\n0,b,4,5,6\n1,a,1.5,2.5,3.5\n"))
	f.Add([]byte("time,sensor_id,x,y,z\n1,a,1,2,3\n"))
	f.Add([]byte("z,y,x,sensor_id,time,extra\n1,2,3,a,0,\"q\"\"\"\n"))
	f.Add([]byte("time,sensor_id,x,y,z\n1,a,1,2\n2,b,1e309,0,0\n"))
	f.Add([]byte("time,sensor_id,x,y,z\n1,a,\"1\n2\n3\",2,3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var rows []Detection
		err := ReadMeasurementsCSV("fuzz.csv", bytes.NewReader(data), func(tS float64, scan []Detection) error {
			for _, r := range scan {
				if r.TimeS != tS {
					t.Fatalf("row %+v in the scan of time %g", r, tS)
				}
			}
			if len(rows) > 0 && rows[len(rows)-1].TimeS == tS {
				t.Fatalf("time %g in two scans", tS)
			}
			rows = append(rows, scan...)
			return nil
		})
		if err != nil {
			return
		}
		for i, r := range rows {
			if math.IsNaN(r.TimeS) || math.IsInf(r.TimeS, 0) || r.SensorID == "" || (i > 0 && r.TimeS < rows[i-1].TimeS) {
				t.Fatalf("accepted a bad row %+v", r)
			}
			for _, v := range r.Pos {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("accepted a non-finite position %+v", r)
				}
			}
		}
	})
}
