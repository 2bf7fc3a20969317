package track

import (
	"math"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/mat"
)

// TestSincos checks the branch-free sincos against math.Sincos: the same
// polynomials on a quadrant instead of an octant reduction, so they agree
// to a few ulps of 1 (tolerance 4e-16 absolute), over the angles a radar
// reports and beyond, and exactly at the special values it hands on.
func TestSincos(t *testing.T) {
	const tol = 4e-16
	rng := newRand(7)
	check := func(x float64) {
		t.Helper()
		s, c := sincos(x)
		ws, wc := math.Sincos(x)
		if math.Abs(s-ws) > tol || math.Abs(c-wc) > tol {
			t.Fatalf("sincos(%.17g) = %.17g, %.17g; math.Sincos %.17g, %.17g", x, s, c, ws, wc)
		}
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 1e-300, math.Pi / 4, math.Pi / 2, math.Pi, 3 * math.Pi / 2, 2 * math.Pi, -math.Pi, 99999, -99999} {
		check(x)
	}
	for range 200000 {
		check(2*math.Pi*rng.Float64() - 0.5)
		check(200 * (rng.Float64() - 0.5))
		check(2e5 * (rng.Float64() - 0.5))
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 1e300} {
		s, c := sincos(x)
		ws, wc := math.Sincos(x)
		if !(s == ws || s != s && ws != ws) || !(c == wc || c != c && wc != wc) {
			t.Errorf("sincos(%g) = %g, %g; math.Sincos %g, %g", x, s, c, ws, wc)
		}
	}
}

// josephUpdate is the Joseph-form EKF covariance update, (I − K·H)·P·(I −
// K·H)ᵀ + K·R·Kᵀ (Bar-Shalom et al. 2001, eq. 5.2.3-18), the reference for
// the standard form EKF.Update uses.
func josephUpdate(p *[6][6]float64, inn *Innovation, r *[3][3]float64) [6][6]float64 {
	k := gain(inn)
	a := identity6()
	for i := range 6 {
		for j := range 6 {
			a[i][j] -= k[i][0]*inn.H[0][j] + k[i][1]*inn.H[1][j] + k[i][2]*inn.H[2][j]
		}
	}
	out := mat.Congruence6(&a, p)
	for i := range 6 {
		for j := range 6 {
			for x := range 3 {
				for y := range 3 {
					out[i][j] += k[i][x] * r[x][y] * k[j][y]
				}
			}
		}
	}
	return out
}

// TestStandardUpdateMatchesJoseph runs the single-radar scenario and
// compares each EKF update's covariance with the Joseph form's: equal in
// exact arithmetic for the optimal gain, they must agree to 1e-9 of each
// entry's scale √(P_ii·P_jj) — rounding, amplified by the condition number
// of P (~1e7 once the track has converged).
func TestStandardUpdateMatchesJoseph(t *testing.T) {
	const tol = 1e-9
	f := &EKF{Motion: NewBallistic(geo.WGS84, 1)}
	tr := irbmTruth(t)
	radar := NewAER(geo.WGS84, kurecik)
	rng := newRand(3)
	r := aerCov(consSigmaR, consSigmaA)
	m := measureAER(radar, truthAt(t, tr, 0, 300), 300, consSigmaR, consSigmaA, r, rng, "r", 0)
	s, _ := SinglePoint{}.Initiate(&m)
	var inn Innovation
	worst := 0.0
	for ts := 301.0; ts <= 800; ts++ {
		f.Predict(&s, ts)
		m = measureAER(radar, truthAt(t, tr, 0, ts), ts, consSigmaR, consSigmaA, r, rng, "r", 0)
		if !f.PredictMeasurement(&s, &m, &inn) {
			t.Fatalf("t = %g s: PredictMeasurement failed", ts)
		}
		want := josephUpdate(&s.P, &inn, &m.R)
		f.Update(&s, &m, &inn)
		for i := range 6 {
			for j := range 6 {
				scale := math.Sqrt(want[i][i] * want[j][j])
				d := math.Abs(s.P[i][j]-want[i][j]) / scale
				worst = math.Max(worst, d)
				if d > tol {
					t.Fatalf("t = %g s: P[%d][%d] = %.12g, Joseph form %.12g", ts, i, j, s.P[i][j], want[i][j])
				}
			}
		}
	}
	t.Logf("largest difference: %.3g of √(P_ii·P_jj)", worst)
}

// TestBallisticShortStep checks the two-stage method Ballistic takes for
// steps of at most 0.25 s: against ballistic's own flight (tolerances of
// TestBallisticMatchesFlight, 1 mm and 10 µm/s) and against RK4 on the
// same step, which it must match to its local error bound (see
// Ballistic): 1e-7 m and 1e-6 m/s.
func TestBallisticShortStep(t *testing.T) {
	const (
		tolPosM      = 1e-3
		tolVelMps    = 1e-5
		tolRK4PosM   = 1e-7
		tolRK4VelMps = 1e-6
	)
	tr := irbmTruth(t)
	model := NewBallistic(geo.WGS84, 0)
	var worstP, worstV float64
	for _, dt := range []float64{0.05, 0.1, 0.25, -0.25} {
		for t0 := 30.0; t0 < tr.FlightTimeS-10; t0 += 97 {
			x0 := truthAt(t, tr, 0, t0)
			got := model.Propagate(x0, dt)
			want := truthAt(t, tr, 0, t0+dt)
			rk4 := x0
			model.rk4Step(&rk4, dt, nil)
			var dp, dv, rp, rv float64
			for i := range 3 {
				dp = math.Max(dp, math.Abs(got[i]-want[i]))
				dv = math.Max(dv, math.Abs(got[3+i]-want[3+i]))
				rp = math.Max(rp, math.Abs(got[i]-rk4[i]))
				rv = math.Max(rv, math.Abs(got[3+i]-rk4[3+i]))
			}
			worstP, worstV = math.Max(worstP, rp), math.Max(worstV, rv)
			if dp > tolPosM || dv > tolVelMps {
				t.Errorf("t0 %g s, dt %g s: off the flight by %.3g m, %.3g m/s", t0, dt, dp, dv)
			}
			if rp > tolRK4PosM || rv > tolRK4VelMps {
				t.Errorf("t0 %g s, dt %g s: off RK4 by %.3g m, %.3g m/s", t0, dt, rp, rv)
			}
		}
	}
	t.Logf("largest difference from RK4: %.3g m, %.3g m/s", worstP, worstV)
}

// TestResidualTrig checks the radar residual from the sines and cosines
// of the measured angles against AER.Residual of the predicted
// measurement, for random lines of sight and measurements near them (the
// pairs that reach the gate) and far from them (azimuth across the ±π
// cut, large angles): equal to 1e-12 rad (tolerance: rounding of the sine
// and cosine products, ~1e-16 of the residual, with room), and smallAtan2
// equal to math.Atan2 bit for bit.
func TestResidualTrig(t *testing.T) {
	const tol = 1e-12
	rng := newRand(11)
	radar := NewAER(geo.WGS84, kurecik)
	for range 20000 {
		g := enuGeom{e: 4e6 * (rng.Float64() - 0.5), n: 4e6 * (rng.Float64() - 0.5), u: 1e6 * (rng.Float64() - 0.2)}
		g.h = math.Hypot(g.e, g.n)
		g.rho = math.Hypot(g.h, g.u)
		zhat := g.aer()
		spread := 1e-3
		if rng.IntN(4) == 0 {
			spread = 2
		}
		z := [3]float64{zhat[0] + 10*rng.NormFloat64(), math.Mod(zhat[1]+spread*rng.NormFloat64()+4*math.Pi, 2*math.Pi), zhat[2] + spread*rng.NormFloat64()}
		sa, ca := math.Sincos(z[1])
		se, ce := math.Sincos(z[2])
		trig := [4]float64{sa, ca, se, ce}
		got, ok := residualTrig(&z, &trig, &g)
		want := radar.Residual(z, zhat)
		if !ok {
			if math.Abs(z[2]) <= math.Pi/2 {
				t.Fatalf("residualTrig declined z %v, line of sight %+v", z, g)
			}
			continue
		}
		for i := range 3 {
			if math.Abs(got[i]-want[i]) > tol*math.Max(1, math.Abs(want[i])) {
				t.Fatalf("z %v, zhat %v: residual %v, AER.Residual %v", z, zhat, got, want)
			}
		}
	}
	for range 100000 {
		y, x := 2*rng.NormFloat64(), 2*rng.NormFloat64()
		if got, want := smallAtan2(y, x), math.Atan2(y, x); got != want {
			t.Fatalf("smallAtan2(%g, %g) = %.17g, math.Atan2 %.17g", y, x, got, want)
		}
	}
}

// BenchmarkPropagateCov is the EKF's covariance prediction over 0.1 s (the
// benchmark tracker's step) by the gravity gradient's rank-one structure;
// BenchmarkPropagateCovGeneral is the general Φ·P·Φᵀ + Q with Φ from
// Transition, for comparison.
func BenchmarkPropagateCov(b *testing.B) {
	s0, _ := filterFixture(b, &EKF{Motion: NewBallistic(geo.WGS84, 1)})
	bl := NewBallistic(geo.WGS84, 1)
	x := s0.X
	var g gravityGradient
	bl.step(&x, 0.1, &g)
	var p [6][6]float64
	for b.Loop() {
		p = s0.P
		propagateCov(&p, &g, 0.1, 1)
	}
}

func BenchmarkPropagateCovGeneral(b *testing.B) {
	s0, _ := filterFixture(b, &EKF{Motion: NewBallistic(geo.WGS84, 1)})
	bl := NewBallistic(geo.WGS84, 1)
	_, phi := bl.Transition(s0.X, 0.1)
	q := bl.ProcessNoise(0.1)
	var p [6][6]float64
	for b.Loop() {
		p = mat.Congruence6(&phi, &s0.P)
		for i := range 6 {
			for j := range 6 {
				p[i][j] += q[i][j]
			}
		}
	}
}
