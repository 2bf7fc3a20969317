package track_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
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

// A ground radar at Brdy measures range, azimuth and elevation of an IRBM
// flying from Semnan to Berlin every 2 s for a minute of its descent, from
// about 665 km away (20 m and 0.2 mrad of noise, 133 m across at that
// range, drawn from a fixed seed); an EKF with J2 ballistic dynamics in the
// scenario inertial frame tracks it. FromECEF and ToECEF convert between
// the Earth-fixed truth and the filter's inertial frame.
func ExampleFromECEF() {
	e := geo.WGS84
	irbm, _ := ballistic.LookupMissile("irbm")
	truth, err := ballistic.Solve(ballistic.Request{
		From: geo.LLA{LatDeg: 35.23, LonDeg: 53.92}, To: geo.LLA{LatDeg: 52.52, LonDeg: 13.40},
		Earth: e, Missile: &irbm,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	site := geo.LLA{LatDeg: 49.65, LonDeg: 13.80, AltM: 700}
	model := track.NewAER(e, site)
	rng := rand.New(rand.NewPCG(1, 2))
	sr, sa := 20.0, 0.2e-3 // 1σ range (m) and angle (rad) noise
	r := [3][3]float64{{sr * sr}, {0, sa * sa}, {0, 0, sa * sa}}

	tk, err := track.New(track.Config{Filter: &track.EKF{Motion: track.NewBallistic(e, 1)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The radar's clock and the track's scenario clock start at the
	// missile's launch, as the trajectory's do.
	for ts := 900.0; ts <= 960; ts += 2 {
		pos, vel, _ := truth.StateAt(ts)
		z := model.Measure(track.FromECEF(pos, vel, ts), ts)
		z[0] += sr * rng.NormFloat64()
		z[1] += sa * rng.NormFloat64()
		z[2] += sa * rng.NormFloat64()
		m := track.Measurement{TimeS: ts, SensorID: "brdy", Model: model, Z: z, R: r}
		if err := tk.Step(ts, []track.Measurement{m}); err != nil {
			fmt.Println(err)
			return
		}
	}
	for _, t := range tk.Tracks() {
		pos, vel := track.ToECEF(t.State.X, t.State.TimeS)
		tp, tv, _ := truth.StateAt(t.State.TimeS)
		p := e.ToLLA(pos)
		fmt.Printf("track %d %s, %d updates, at %.0f km altitude, %.2f km/s\n",
			t.ID, t.Status, t.Updates, p.AltM/1e3, geo.Vec3(vel).Norm()/1e3)
		fmt.Printf("error: position %.0f m, velocity %.1f m/s\n",
			geo.Vec3(pos).Sub(geo.Vec3(tp)).Norm(), geo.Vec3(vel).Sub(geo.Vec3(tv)).Norm())
	}
	// Output:
	// track 1 confirmed, 31 updates, at 358 km altitude, 4.75 km/s
	// error: position 65 m, velocity 2.2 m/s
}
