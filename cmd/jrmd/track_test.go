package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/track/trackio"
)

// The golden files of this package are rewritten with go test -update.
// The flag is defined here unless another test file of the package has
// defined it first.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata/")
	}
}

func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

const (
	trackExampleCSV    = "testdata/track/measurements.csv"
	trackExampleConfig = "testdata/track/tracker.yaml"
	trackExampleGolden = "testdata/track/tracks.golden.csv"
)

// TestTrackExample runs the example of docs/commands/track.md and compares the tracks
// byte for byte with the golden file: two crossing projectiles, two
// sensors, false alarms, in ENU.
func TestTrackExample(t *testing.T) {
	out := filepath.Join(t.TempDir(), "tracks.csv")
	code, stdout, stderr := execute("track", "--measurements", trackExampleCSV, "--config", trackExampleConfig, "--out", out)
	if code != exitOK || stdout != "" || stderr != "" {
		t.Fatalf("jrmd track: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if updateGolden() {
		if err := os.WriteFile(trackExampleGolden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(trackExampleGolden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("tracks differ from %s (go test -update rewrites it after a deliberate change):\n%s", trackExampleGolden, got)
	}
	// The same to standard output.
	code, stdout, _ = execute("track", "--measurements", trackExampleCSV, "--config", trackExampleConfig)
	if code != exitOK || stdout != string(got) {
		t.Errorf("to stdout: exit %d, output differs from --out", code)
	}
	// What the example shows: two tracks, each following its projectile
	// from confirmation to the end (the truth is in the CSV's comment).
	ids := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(got)), "\n")[1:] {
		ids[strings.Split(line, ",")[1]]++
	}
	if len(ids) != 2 {
		t.Errorf("tracks %v, want two", ids)
	}
}

// TestTrackECEF tracks a ballistic flight given as noisy ECEF positions and
// checks the output against the truth: positions to 3σ of a 30 m-per-axis
// measurement averaged by the filter (100 m), Earth-relative velocities to
// 10 m/s, at the last scan.
func TestTrackECEF(t *testing.T) {
	const (
		sigmaM    = 30.0
		tolPosM   = 100.0
		tolVelMps = 10.0
	)
	tr, err := ballistic.Solve(ballistic.Request{From: geo.LLA{LatDeg: 35.23, LonDeg: 53.92}, To: geo.LLA{LatDeg: 38.08, LonDeg: 46.29}, Earth: geo.WGS84})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString("x,y,z,time,sensor_id\n")
	rng := newTestRand()
	last := 0.0
	for ts := 100.0; ts < tr.FlightTimeS-100; ts += 2 {
		pos, _, _ := tr.StateAt(ts)
		fmt.Fprintf(&csv, "%.3f,%.3f,%.3f,%g,s1\n", pos[0]+sigmaM*rng(), pos[1]+sigmaM*rng(), pos[2]+sigmaM*rng(), ts)
		last = ts
	}
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	m := write("m.csv", csv.String())
	c := write("c.yaml", "frame: ecef\nmeasurement_sigma_m: 30\nprocess_noise_m2ps3: 0.01\n")
	code, stdout, stderr := execute("track", "--measurements", m, "--config", c)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	f := strings.Split(lines[len(lines)-1], ",")
	if len(f) != 8 || f[0] != strconv.FormatFloat(last, 'f', -1, 64) || f[1] != "1" {
		t.Fatalf("last line %q, want track 1 at %g s", lines[len(lines)-1], last)
	}
	var v [6]float64
	for i := range v {
		v[i], _ = strconv.ParseFloat(f[2+i], 64)
	}
	pos, vel, _ := tr.StateAt(last)
	var dp, dv float64
	for i := range 3 {
		dp = math.Max(dp, math.Abs(v[i]-pos[i]))
		dv = math.Max(dv, math.Abs(v[3+i]-vel[i]))
	}
	if dp > tolPosM || dv > tolVelMps {
		t.Errorf("last estimate off by %.1f m, %.2f m/s (tolerances %g m, %g m/s)", dp, dv, tolPosM, tolVelMps)
	}
}

// newTestRand is a deterministic standard normal generator (Box–Muller on
// a linear congruential sequence), enough for test noise.
func newTestRand() func() float64 {
	s := uint64(12345)
	u := func() float64 {
		s = s*6364136223846793005 + 1442695040888963407
		return (float64(s>>11) + 0.5) / (1 << 53)
	}
	return func() float64 { return math.Sqrt(-2*math.Log(u())) * math.Cos(2*math.Pi*u()) }
}

// TestTrackBadInput checks the command's promise for wrong input: exit 2
// and one line naming the file, the line and the reason.
func TestTrackBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.yaml", "frame: enu\nmeasurement_sigma_m: 10\n")
	header := "time,sensor_id,x,y,z\n"
	tests := []usageCase{
		{"no flags", []string{"track"}, []string{"--measurements is required", "--config is required"}},
		{"no config file", []string{"track", "--measurements", trackExampleCSV, "--config", filepath.Join(dir, "nope.yaml")}, []string{"--config", "nope.yaml", "no such file"}},
		{"no csv file", []string{"track", "--measurements", filepath.Join(dir, "nope.csv"), "--config", good}, []string{"--measurements", "nope.csv", "no such file"}},
		{"bad config", []string{"track", "--measurements", trackExampleCSV, "--config", "../../track/trackio/testdata/track/bad/units.yaml"}, []string{"testdata/track/bad/units.yaml:2:1: measurement_sigma: unknown key", `did you mean "measurement_sigma_m"`}},
		{"two documents", []string{"track", "--measurements", trackExampleCSV, "--config", write("two.yaml", "frame: enu\nmeasurement_sigma_m: 10\n---\nframe: ecef\n")}, []string{"two.yaml:4:1: (file): a second YAML document"}},
		{"empty csv", []string{"track", "--config", good, "--measurements", write("empty.csv", "")}, []string{"empty.csv: empty file"}},
		{"header only", []string{"track", "--config", good, "--measurements", write("h.csv", header)}, []string{"h.csv: no detections"}},
		{"missing column", []string{"track", "--config", good, "--measurements", write("mc.csv", "time,sensor,x,y,z\n1,a,1,2,3\n")}, []string{"mc.csv:1: header has no column sensor_id"}},
		{"duplicate column", []string{"track", "--config", good, "--measurements", write("dc.csv", "time,sensor_id,x,y,z,x\n")}, []string{`dc.csv:1: column "x" appears twice`}},
		{"not a number", []string{"track", "--config", good, "--measurements", write("nn.csv", header+"1,a,1,2,3\n2,a,abc,2,3\n3,a,1,NaN,3\n")}, []string{`nn.csv:3: x "abc" is not a finite number`, `nn.csv:4: y "NaN" is not a finite number`}},
		{"time backwards", []string{"track", "--config", good, "--measurements", write("tb.csv", header+"5,a,1,2,3\n4,a,1,2,3\n")}, []string{"tb.csv:3: time 4 is before the previous row's 5; sort the rows by time"}},
		{"short row", []string{"track", "--config", good, "--measurements", write("sr.csv", header+"1,a,1,2\n")}, []string{"sr.csv:2: 4 fields, but the header's columns need 5"}},
		{"empty sensor", []string{"track", "--config", good, "--measurements", write("es.csv", header+"1, ,1,2,3\n")}, []string{"es.csv:2: sensor_id is empty"}},
		{"bad quote", []string{"track", "--config", good, "--measurements", write("bq.csv", header+"1,\"a,1,2,3\n")}, []string{"bq.csv:"}},
		{"many bad rows", []string{"track", "--config", good, "--measurements", write("many.csv", header+strings.Repeat("1,a,x,2,3\n", 15))}, []string{"many.csv:2:", "many.csv:11:", "and 5 more bad rows"}},
		{"argument", []string{"track", "extra"}, []string{`unknown command "extra"`}},
	}
	checkUsageErrors(t, tests)
}

func TestTrackHelp(t *testing.T) {
	code, stdout, _ := execute("track", "--help")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"--measurements", "--config", "--out", "time,sensor_id,x,y,z", "frame: enu", "time,track_id,x,y,z,vx,vy,vz"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("track --help does not mention %q", want)
		}
	}
	// Every key the decoder knows is documented in the help.
	for _, k := range trackio.ConfigKeys() {
		if !strings.Contains(stdout, k+":") {
			t.Errorf("track --help does not document %s", k)
		}
	}
}

// writeCSV writes a measurements file of the given rows to dir.
func writeCSV(t *testing.T, name string, rows func(w *bufio.Writer)) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("time,sensor_id,x,y,z\n")
	rows(w)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// 8,000 detections in a 10 m cube, two times of 4,000 (a 216 KB file that
// ran jrmd track out of memory, a Go "fatal error" with its stack trace):
// tracked within the tracker's bounds, which it says on stderr.
func TestTrackDenseCluster(t *testing.T) {
	rng := rand.New(rand.NewPCG(8000, 1))
	csv := writeCSV(t, "dense.csv", func(w *bufio.Writer) {
		for tS := range 2 {
			for range 4000 {
				fmt.Fprintf(w, "%d,r1,%.3f,%.3f,%.3f\n", tS, 10*rng.Float64(), 10*rng.Float64(), 20000+10*rng.Float64())
			}
		}
	})
	code, stdout, stderr := execute("track", "--measurements", csv, "--config", trackExampleConfig)
	if code != exitOK || !strings.HasPrefix(stdout, trackio.TracksHeader+"\n") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"jrmd track: approximate", "1 scan with more than", "nearest tracks", "1 cluster too large for the optimal assignment assigned greedily"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	if strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr is not one line: %q", stderr)
	}
}

// 100,000 distinct sensors at one time (a 3.9 MB file that took over 30
// s; 10,000 with -short): the sensors sharing one of the tracker's 64
// slots are tracked as one, which stderr says.
func TestTrackManySensors(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 10_000 // still more than 64 sensors at one time
	}
	csv := writeCSV(t, "sensors.csv", func(w *bufio.Writer) {
		for j := range n {
			fmt.Fprintf(w, "0,s%d,%d,%d,20000\n", j, 1000*(j%100), 1000*(j/100))
		}
	})
	code, stdout, stderr := execute("track", "--measurements", csv, "--config", trackExampleConfig)
	if code != exitOK || stdout != trackio.TracksHeader+"\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "1 time with more than 64 sensors") {
		t.Errorf("stderr %q", stderr)
	}
}

// The limits on what a file may hold are errors naming the line.
func TestTrackLimits(t *testing.T) {
	long := writeCSV(t, "long.csv", func(w *bufio.Writer) {
		w.WriteString("0,a,1,2,3\n1,a," + strings.Repeat("9", trackio.MaxRowBytes+1) + ",2,3\n")
	})
	quote := writeCSV(t, "quote.csv", func(w *bufio.Writer) {
		w.WriteString("0,a,1,2,3\n1,\"a\n")
		for range trackio.MaxRowBytes / 4 {
			w.WriteString("1,2,3,\n")
		}
	})
	crowd := writeCSV(t, "crowd.csv", func(w *bufio.Writer) {
		for j := range trackio.MaxScanRows + 1 {
			fmt.Fprintf(w, "5,a,%d,0,0\n", j)
		}
	})
	tests := []usageCase{
		{"long line", []string{"track", "--config", trackExampleConfig, "--measurements", long}, []string{"long.csv:3: a row longer than 1048576 bytes"}},
		{"unclosed quote", []string{"track", "--config", trackExampleConfig, "--measurements", quote}, []string{"quote.csv:", "a row longer than 1048576 bytes"}},
		{"crowded time", []string{"track", "--config", trackExampleConfig, "--measurements", crowd}, []string{fmt.Sprintf("crowd.csv:%d: more than %d rows at time 5", trackio.MaxScanRows+2, trackio.MaxScanRows)}},
	}
	checkUsageErrors(t, tests)
}
