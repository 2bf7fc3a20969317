package track

import (
	"reflect"
	"runtime"
	"testing"

	"github.com/jrmd/jrmd/geo"
)

// TestParallelScanIsSerial runs the benchmark scene (1,000 targets, ten
// radars, false alarms) through a boost IMM tracker on one core and on
// four, and wants the same tracks, bit for bit: the parallel filter work
// files its results in the serial order.
func TestParallelScanIsSerial(t *testing.T) {
	run := func(cores int) ([]Track, int) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(cores))
		sc := newBenchScene(7)
		tk, err := New(Config{Filter: NewBoostIMM(geo.WGS84, 1, 3000, false)})
		if err != nil {
			t.Fatal(err)
		}
		trackWorks := 0
		for s := range 12 {
			for k := range benchRadars {
				tS := float64(s) + float64(k)/10
				if err := tk.Step(tS, sc.scan(k, tS)); err != nil {
					t.Fatal(err)
				}
				if tk.byTrack.ok && len(tk.byTrack.tracks) >= 2*minChunk {
					trackWorks++
				}
			}
		}
		return tk.Tracks(), trackWorks
	}
	serial, _ := run(1)
	parallel, n := run(4)
	if n == 0 {
		t.Fatal("no scan was large enough to be done in parallel")
	}
	if len(serial) != len(parallel) {
		t.Fatalf("%d tracks on one core, %d on four", len(serial), len(parallel))
	}
	confirmed := 0
	for i := range serial {
		if !reflect.DeepEqual(serial[i], parallel[i]) {
			t.Fatalf("track %d differs:\n one core:  %+v\n four cores: %+v", serial[i].ID, serial[i], parallel[i])
		}
		if serial[i].Status == Confirmed {
			confirmed++
		}
	}
	if confirmed < 500 {
		t.Errorf("%d confirmed tracks of 1,000 targets: the scene did not exercise the tracker", confirmed)
	}
	t.Logf("%d tracks (%d confirmed), %d scans in parallel", len(serial), confirmed, n)
}

// TestVariantScansSerially: a tracker with a component of its own (which
// may keep scratch) does its filter work one track at a time.
func TestVariantScansSerially(t *testing.T) {
	tk, err := New(Config{Filter: &EKF{Motion: NewBallistic(geo.WGS84, 1)}})
	if err != nil {
		t.Fatal(err)
	}
	if !tk.concurrent(nil, nil) {
		t.Fatal("the standard tracker is not concurrent")
	}
	tk.Updater = struct{ Updater }{tk.Updater}
	if tk.concurrent(nil, nil) {
		t.Error("a tracker with a wrapped updater is concurrent")
	}
}
