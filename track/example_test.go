package track_test

import (
	"fmt"

	"github.com/jrmd/jrmd/track"
)

// A tracker in a local east-north-up frame following a projectile measured
// once a second with 5 m noise (here: none, for a reproducible output).
func ExampleTracker() {
	f := &track.EKF{Motion: track.ConstantGravity{G: 9.80665, Q: 1}}
	tk, err := track.New(track.Config{Filter: f, InitialVelocitySigmaMps: 500})
	if err != nil {
		panic(err)
	}
	r := [3][3]float64{{25}, {0, 25}, {0, 0, 25}}
	for ts := 0.0; ts < 6; ts++ {
		z := [3]float64{200 * ts, 0, 10000 + 300*ts - 0.5*9.80665*ts*ts}
		m := track.Measurement{TimeS: ts, SensorID: "radar", Model: track.Position{}, Z: z, R: r}
		if err := tk.Step(ts, []track.Measurement{m}); err != nil {
			panic(err)
		}
	}
	for _, t := range tk.Tracks() {
		fmt.Printf("track %d %s since %.0f s, %d updates, velocity (%.0f, %.0f, %.0f) m/s\n",
			t.ID, t.Status, t.ConfirmedS, t.Updates, t.State.X[3], t.State.X[4], t.State.X[5])
	}
	// Output:
	// track 1 confirmed since 2 s, 6 updates, velocity (200, 0, 251) m/s
}

// The OSPA distance between two truths and one estimate: the pair costs
// its distance (50 m), the missing track the cut-off (100 m), averaged over
// the two: 75 m. GOSPA adds half the cut-off for the miss, unaveraged.
func ExampleOSPA() {
	truths := [][3]float64{{0, 0, 0}, {1000, 0, 0}}
	tracks := [][3]float64{{30, 40, 0}}
	fmt.Printf("OSPA %.1f m\n", track.OSPA(truths, tracks, 100, 1))
	g := track.GOSPA(truths, tracks, 100, 1)
	fmt.Printf("GOSPA %.1f m: %d assigned, %d missed, %d false\n", g.Distance, g.Assigned, g.Missed, g.False)
	// Output:
	// OSPA 75.0 m
	// GOSPA 100.0 m: 1 assigned, 1 missed, 0 false
}

// The gate threshold that keeps 99.9 % of true measurements of a 3-D
// radar, and the acceptance band of the average NEES of 100 Monte Carlo
// runs of a 6-state filter.
func ExampleChiSquareQuantile() {
	fmt.Printf("gate %.2f\n", track.ChiSquareQuantile(0.999, 3))
	lo, hi := track.NEESBand(100, 6, 0.95)
	fmt.Printf("NEES band [%.2f, %.2f]\n", lo, hi)
	// Output:
	// gate 16.27
	// NEES band [5.34, 6.70]
}
