package track

import (
	"math"
	"testing"

	"github.com/jrmd/jrmd/geo"
)

// TestRangeRateModel checks AER.RangeRate against the range rate a ground
// radar sees in ECEF (the line of sight's component of the Earth-relative
// velocity, as sensor.Observe computes it) — so the frames agree — to
// 1e-9 m/s, against the time derivative of the model's own range (central
// difference over ±1 ms of the flight, to 1e-5 m/s), and its gradient
// against central differences of the state (to 1e-6 relative).
func TestRangeRateModel(t *testing.T) {
	tr := irbmTruth(t)
	radar := NewAER(geo.WGS84, kurecik)
	site := geo.WGS84.ToECEF(kurecik)
	for _, tS := range []float64{200, 400, 600, 800} {
		x := truthAt(t, tr, 0, tS)
		rr, h := radar.RangeRate(x, tS)
		pos, vel := ToECEF(x, tS)
		d := geo.Vec3(pos).Sub(geo.Vec3(site))
		if want := d.Dot(geo.Vec3(vel)) / d.Norm(); math.Abs(rr-want) > 1e-9 {
			t.Errorf("t = %g s: range rate %.12g m/s, ECEF line of sight gives %.12g", tS, rr, want)
		}
		const dt = 1e-3
		rng := func(s float64) float64 { return radar.Measure(truthAt(t, tr, 0, s), s)[0] }
		if fd := (rng(tS+dt) - rng(tS-dt)) / (2 * dt); math.Abs(rr-fd) > 1e-5 {
			t.Errorf("t = %g s: range rate %.9g m/s, dρ/dt by differences %.9g", tS, rr, fd)
		}
		for i := range 6 {
			step := 1.0
			if i >= 3 {
				step = 1e-3
			}
			xp, xm := x, x
			xp[i] += step
			xm[i] -= step
			rp, _ := radar.RangeRate(xp, tS)
			rm, _ := radar.RangeRate(xm, tS)
			fd := (rp - rm) / (2 * step)
			if math.Abs(h[i]-fd) > 1e-6*math.Max(math.Abs(fd), 1e-6) {
				t.Errorf("t = %g s: ∂ṙ/∂x[%d] = %.9g, differences %.9g", tS, i, h[i], fd)
			}
		}
	}
}

// TestInitiationTakesRangeRate checks single-point initiation with a
// range rate: the velocity along the line of sight comes out at the
// measured range rate's (to 1σ of the range rate plus the rotation term's
// first-order error), its variance at about the measurement's (the prior's
// 3 km/s is ~10⁶ times larger), while across the line of sight the prior
// stays.
func TestInitiationTakesRangeRate(t *testing.T) {
	tr := irbmTruth(t)
	radar := NewAER(geo.WGS84, kurecik)
	rng := newRand(5)
	const tS, sr = 500.0, 2.0 // s, m/s
	x := truthAt(t, tr, 0, tS)
	m := measureAER(radar, x, tS, 10, 1e-4, aerCov(10, 1e-4), rng, "r", 0)
	trueRR, h := radar.RangeRate(x, tS)
	m.RangeRate, m.RangeRateVar = trueRR+sr*rng.NormFloat64(), sr*sr
	s, ok := SinglePoint{}.Initiate(&m)
	if !ok {
		t.Fatal("no track")
	}
	u := geo.Vec3{h[3], h[4], h[5]}        // line of sight
	c := u.Cross(geo.Vec3{0, 0, 1}).Unit() // across it
	est, _ := radar.RangeRate(s.X, tS)
	if math.Abs(est-m.RangeRate) > 3*sr {
		t.Errorf("initiated range rate %.1f m/s, measured %.1f", est, m.RangeRate)
	}
	varAlong, varAcross := 0.0, 0.0
	for i := range 3 {
		for j := range 3 {
			varAlong += u[i] * s.P[3+i][3+j] * u[j]
			varAcross += c[i] * s.P[3+i][3+j] * c[j]
		}
	}
	if math.Sqrt(varAlong) > 1.1*sr {
		t.Errorf("radial velocity σ %.2f m/s after initiation, want about the measurement's %.1f", math.Sqrt(varAlong), sr)
	}
	if prior := DefaultInitialVelocitySigmaMps; math.Abs(math.Sqrt(varAcross)-prior) > 0.01*prior {
		t.Errorf("cross-range velocity σ %.0f m/s, want the prior's %.0f", math.Sqrt(varAcross), prior)
	}
}

// TestRangeRateSeparatesATrain tracks a train of closely spaced objects —
// ten missiles on one trajectory launched 0.5 s apart, ~1.3 km apart in
// flight, seen by a radar scanning every 5 s with an angle noise that puts
// their positions ~1 km apart across the line of sight — with and without
// range rates. Positions alone cannot tell a track on one object from a
// track stepping along the train (a neighbour a little further along each
// scan looks like one slower object), and such chains confirm. A range
// rate pins each new track's radial velocity at once, so the chain fails
// the gate. Wanted with range rates: at most one confirmed track per
// object, and each confirmed track's measurements (from its second on)
// from one object; without them, the test must see chains (else it proves
// nothing).
func TestRangeRateSeparatesATrain(t *testing.T) {
	const objects, spacingS, revisitS = 10, 0.5, 5.0
	tr := irbmTruth(t)
	radar := NewAER(geo.WGS84, kurecik)
	run := func(withRate bool) (confirmed, impure int) {
		tk, err := New(Config{Filter: NewBoostIMM(geo.WGS84, 1, 1e4, false)})
		if err != nil {
			t.Fatal(err)
		}
		rng := newRand(11)
		const sr, sa, srr = 30.0, 5e-4, 1.0
		truthOf := map[int][]int{}
		wasConfirmed := map[int]bool{}
		for tS := 200.0; tS <= 700; tS += revisitS {
			var ms []Measurement
			for k := range objects {
				x := truthAt(t, tr, float64(k)*spacingS, tS)
				m := measureAER(radar, x, tS, sr, sa, aerCov(sr, sa), rng, "r", k)
				if withRate {
					rr, _ := radar.RangeRate(x, tS)
					m.RangeRate, m.RangeRateVar = rr+srr*rng.NormFloat64(), srr*srr
				}
				ms = append(ms, m)
			}
			if err := tk.Step(tS, ms, "r"); err != nil {
				t.Fatal(err)
			}
			for _, a := range tk.Assignments() {
				truthOf[a.TrackID] = append(truthOf[a.TrackID], ms[a.Meas].TruthID)
			}
			for _, x := range tk.Tracks() {
				if x.Status == Confirmed {
					wasConfirmed[x.ID] = true
				}
			}
		}
		for id := range wasConfirmed {
			confirmed++
			truths := truthOf[id]
			for _, k := range truths[1:] {
				if k != truths[1] {
					impure++
					break
				}
			}
		}
		return confirmed, impure
	}
	c, imp := run(false)
	t.Logf("positions only: %d confirmed tracks on %d objects, %d of them stepping between objects", c, objects, imp)
	if c <= objects && imp == 0 {
		t.Fatalf("positions only: %d confirmed tracks, none stepping between objects: the scene does not test range rate", c)
	}
	c, imp = run(true)
	t.Logf("with range rates: %d confirmed tracks, %d stepping between objects", c, imp)
	if c > objects || imp > 0 {
		t.Errorf("with range rates: %d confirmed tracks on %d objects, %d stepping between objects; want at most one each, none stepping", c, objects, imp)
	}
}
