package track

import (
	"fmt"
	"runtime"
	"testing"
)

// newPositionTracker is the tracker of jrmd track's example configuration:
// EKF on constant gravity, 10 m position measurements, velocity prior
// 600 m/s.
func newPositionTracker(t *testing.T) *Tracker {
	t.Helper()
	tk, err := New(Config{Filter: &EKF{Motion: ConstantGravity{G: 9.80665, Q: 1}}, InitialVelocitySigmaMps: 600})
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// position10 is a position measurement with 10 m noise per axis.
func position10(tS float64, sensor string, p [3]float64) Measurement {
	return Measurement{TimeS: tS, SensorID: sensor, Model: Position{}, Z: p, R: [3][3]float64{{100}, {0, 100}, {0, 0, 100}}, TruthID: -1}
}

// checkAssignments checks that the last Step used each measurement once
// at most and gave each track at most one, and that every measurement
// either updated a track or started one (those in no confirmed track's
// gate) — what a valid association does, exact or approximate.
func checkAssignments(t *testing.T, tk *Tracker, nMeas int) (updates, started int) {
	t.Helper()
	byMeas := map[int]bool{}
	byTrack := map[int]bool{}
	for _, a := range tk.Assignments() {
		if byMeas[a.Meas] || byTrack[a.TrackID] {
			t.Fatalf("measurement %d or track %d assigned twice", a.Meas, a.TrackID)
		}
		byMeas[a.Meas], byTrack[a.TrackID] = true, true
		if a.Initiated {
			started++
		} else {
			updates++
		}
	}
	if len(byMeas) > nMeas {
		t.Fatalf("%d measurements assigned of %d", len(byMeas), nMeas)
	}
	return updates, started
}

// 8,000 detections in a 10 m cube, two scans of 4,000 (the CSV that ran
// jrmd track out of memory: every track within the gate of every
// measurement, 16 million scored pairs): the second scan is scored on each
// measurement's nearest tracks and its one cluster assigned greedily, both
// counted, in bounded memory, and the association is still a valid one.
func TestDenseClusterIsBounded(t *testing.T) {
	const n = 4000
	rng := newRand(8000)
	tk := newPositionTracker(t)
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for scan := range 2 {
		ms := make([]Measurement, n)
		for j := range ms {
			ms[j] = position10(float64(scan), "r1", [3]float64{10 * rng.Float64(), 10 * rng.Float64(), 20000 + 10*rng.Float64()})
		}
		if err := tk.Step(float64(scan), ms); err != nil {
			t.Fatal(err)
		}
		updates, started := checkAssignments(t, tk, n)
		switch {
		case scan == 0 && started != n:
			t.Fatalf("scan 0: %d tracks started, want %d", started, n)
		case scan == 1 && (updates+started != n || updates < n/2):
			// No track is confirmed yet, so every measurement updates a
			// track or starts one; the optimal assignment would update
			// all n, the greedy one of the nearest pairs most.
			t.Fatalf("scan 1: %d updates, %d started of %d", updates, started, n)
		}
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	a := tk.Approximations()
	if a.NearestScans != 1 || a.GreedyClusters != 1 || a.MergedSteps != 0 {
		t.Errorf("approximations %+v, want 1 nearest scan and 1 greedy cluster", a)
	}
	// Scoring every pair allocates 16 million hypotheses of ~500 bytes.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<30 {
		t.Errorf("%d MB allocated for two scans of %d detections", alloc>>20, n)
	}
}

// 100,000 detections of 100,000 distinct sensors at one time (10,000 with
// -short, as in the race pass of make test), far apart:
// the sensors sharing one of the tracker's 64 slots scan as one, so the
// Step is 64 scans, not 100,000 (each of which passes over every track),
// and each detection starts its own track as it would alone.
func TestManySensorsInOneStep(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 10_000 // still 156 sensors a slot
	}
	tk := newPositionTracker(t)
	ms := make([]Measurement, n)
	for j := range ms {
		// 1 km apart on a 100 × 1000 grid: no two in one gate.
		ms[j] = position10(0, fmt.Sprintf("s%d", j), [3]float64{1000 * float64(j%100), 1000 * float64(j/100), 20000})
	}
	if err := tk.Step(0, ms); err != nil {
		t.Fatal(err)
	}
	if _, started := checkAssignments(t, tk, n); started != n || len(tk.Tracks()) != n {
		t.Fatalf("%d tracks started, %d tracks; want %d", started, len(tk.Tracks()), n)
	}
	if a := tk.Approximations(); a.MergedSteps != 1 || a.NearestScans != 0 || a.GreedyClusters != 0 {
		t.Errorf("approximations %+v, want 1 merged step", a)
	}
	// A second look by the first 64 sensors alone is exact and keeps the
	// first look's slots: each sees its own object again.
	ms = ms[:sensorSlots]
	for j := range ms {
		ms[j].TimeS = 1
	}
	if err := tk.Step(1, ms); err != nil {
		t.Fatal(err)
	}
	if updates, _ := checkAssignments(t, tk, len(ms)); updates != len(ms) {
		t.Errorf("%d of %d updated", updates, len(ms))
	}
	if a := tk.Approximations(); a.MergedSteps != 1 {
		t.Errorf("approximations %+v after an exact step", a)
	}
}

// A cluster past MaxClusterCells is assigned greedily: with each track's
// own measurement the cheapest for it and for the measurement, greedy is
// optimal.
func TestGNNGreedyPastTheBound(t *testing.T) {
	const n = 800 // one chain of 800 tracks and measurements: 800 × 1,600 cells > MaxClusterCells
	var hyps []Hypothesis
	for i := range n {
		for j := i; j < min(i+3, n); j++ {
			c := 1 + float64((i*7+j*13)%17)/17
			if i == j {
				c = 0.5
			}
			hyps = append(hyps, Hypothesis{Track: i, Meas: j, Cost: c})
		}
	}
	g := &GNN{MissCost: 10}
	chosen := make([]int, n)
	g.Associate(hyps, n, chosen)
	for i, k := range chosen {
		if k < 0 || hyps[k].Meas != i {
			t.Fatalf("track %d: hypothesis %d, want its own measurement", i, k)
		}
	}
	if g.greedyClusters != 1 {
		t.Errorf("%d greedy clusters, want 1", g.greedyClusters)
	}
}
