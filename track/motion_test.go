package track

import (
	"math"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/mat"
)

// TestBallisticMatchesFlight propagates truth states of the Semnan → Berlin
// flight with the filter's RK4 model and compares them with ballistic's own
// flight (adaptive Dormand–Prince at relative tolerance 1e-10 with dense
// output), over 1 s (one substep) and 60 s (12 substeps). RK4's error on
// a 5 s step is ~4e-7 m; with the reference's tolerance and interpolation
// agreement is ~10 µm, the tolerances 1 mm and 10 µm/s.
func TestBallisticMatchesFlight(t *testing.T) {
	const (
		tolPosM   = 1e-3
		tolVelMps = 1e-5
	)
	tr := irbmTruth(t)
	model := NewBallistic(geo.WGS84, 0)
	var worstP, worstV float64
	defer func() { t.Logf("largest difference: %.3g m, %.3g m/s", worstP, worstV) }()
	for _, dt := range []float64{1, 7.3, 60} {
		for t0 := 30.0; t0+dt < tr.FlightTimeS-10; t0 += 97 {
			x0 := truthAt(t, tr, 0, t0)
			want := truthAt(t, tr, 0, t0+dt)
			got := model.Propagate(x0, dt)
			got2, _ := model.Transition(x0, dt)
			if got2 != got {
				t.Fatalf("Transition and Propagate differ: %v %v", got2, got)
			}
			var dp, dv float64
			for i := range 3 {
				dp = math.Max(dp, math.Abs(got[i]-want[i]))
				dv = math.Max(dv, math.Abs(got[3+i]-want[3+i]))
			}
			worstP, worstV = math.Max(worstP, dp), math.Max(worstV, dv)
			if dp > tolPosM || dv > tolVelMps {
				t.Errorf("t0 %g s, dt %g s: propagated state off by %.3g m, %.3g m/s", t0, dt, dp, dv)
			}
		}
	}
}

// TestBallisticTransitionMatrix checks Φ against central finite differences
// of Propagate. Φ leaves out the J2 gradient (~1e-3 of the point-mass
// gradient G, |G| ≈ 1.5e-6 s⁻²): entries may differ by ~1e-3·|G|·dt² from
// the true Jacobian, so the tolerance is 2e-3·|G|·dt²·(1 + dt) absolute
// for each entry, plus 1e-7 for the differencing.
func TestBallisticTransitionMatrix(t *testing.T) {
	tr := irbmTruth(t)
	model := NewBallistic(geo.WGS84, 0)
	x0 := truthAt(t, tr, 0, 400)
	r := math.Sqrt(x0[0]*x0[0] + x0[1]*x0[1] + x0[2]*x0[2])
	g := 2 * geo.MuEarth / (r * r * r)
	for _, dt := range []float64{1, 10, 60} {
		_, phi := model.Transition(x0, dt)
		tol := 2e-3*g*dt*dt*(1+dt) + 1e-7
		for j := range 6 {
			step := 10.0 // m, m/s: large against rounding (ulp 1e-9 m), small against curvature

			xp, xm := x0, x0
			xp[j] += step
			xm[j] -= step
			fp, fm := model.Propagate(xp, dt), model.Propagate(xm, dt)
			for i := range 6 {
				fd := (fp[i] - fm[i]) / (2 * step)
				if math.Abs(fd-phi[i][j]) > tol {
					t.Errorf("dt %g: Φ[%d][%d] = %.9g, finite difference %.9g (tol %.2g)", dt, i, j, phi[i][j], fd, tol)
				}
			}
		}
	}
}

func TestConstantGravityExact(t *testing.T) {
	const g = 9.80665
	m := ConstantGravity{G: g}
	x := m.Propagate([6]float64{1, 2, 3, 10, 20, 30}, 2)
	want := [6]float64{21, 42, 3 + 60 - 0.5*g*4, 10, 20, 30 - 2*g}
	for i := range 6 {
		if math.Abs(x[i]-want[i]) > 1e-12 {
			t.Fatalf("Propagate = %v, want %v", x, want)
		}
	}
	m.Q = 3
	q := m.ProcessNoise(-2) // |dt| is used

	if q[0][0] != 3*8.0/3 || q[0][3] != 3*2 || q[3][3] != 6 || q[0][1] != 0 {
		t.Errorf("ProcessNoise(2) with q=3: %v", q)
	}
	_, phi := NearlyConstantVelocity{}.Transition(x, 5)
	if phi[0][3] != 5 || phi[0][0] != 1 || phi[3][0] != 0 {
		t.Errorf("constant-velocity Φ = %v", phi)
	}
}

// TestPropagateCovMatchesCongruence checks the EKF's blockwise covariance
// prediction against the general Φ·P·Φᵀ + Q with Φ from Transition, for
// the ballistic model (one substep) and the flat-Earth model, to 1e-12 of
// the largest entry: both are exact, so only rounding separates them.
func TestPropagateCovMatchesCongruence(t *testing.T) {
	rng := newRand(41)
	tr := irbmTruth(t)
	motions := []Motion{NewBallistic(geo.WGS84, 2.5), ConstantGravity{G: 9.80665, Q: 3}, NearlyConstantVelocity{Q: 0.5}}
	for _, mo := range motions {
		for _, step := range []float64{0.1, 1, 2, -0.7, 5, 12} {
			dt := (300 + step) - 300 // what Predict computes from the times
			x := truthAt(t, tr, 0, 300)
			p := randSPD6(rng, 100)
			s := State{TimeS: 300, X: x, P: p}
			(&EKF{Motion: mo}).Predict(&s, 300+step)
			x1, phi := mo.Transition(x, dt)
			want := mat.Congruence6(&phi, &p)
			q := mo.ProcessNoise(dt)
			scale := 0.0
			for i := range 6 {
				for j := range 6 {
					want[i][j] += q[i][j]
					scale = math.Max(scale, math.Abs(want[i][j]))
				}
			}
			if s.X != x1 {
				t.Errorf("%T dt %g: state %v, Transition %v", mo, dt, s.X, x1)
			}
			tol := 1e-12 * scale
			if n, _ := NewBallistic(geo.WGS84, 0).substeps(dt); n > 1 {
				// Several substeps: each adds the noise of its span, carried
				// through the motion that follows, where the general path
				// adds the noise of dt at the end; they differ by gravity's
				// action on the noise, a part in |G|·dt² ≈ 1e-4 of it.
				qmax := 0.0
				for i := range 6 {
					for j := range 6 {
						qmax = math.Max(qmax, math.Abs(q[i][j]))
					}
				}
				tol += 1e-4 * qmax
			}
			for i := range 6 {
				for j := range 6 {
					if math.Abs(s.P[i][j]-want[i][j]) > tol {
						t.Fatalf("%T dt %g: P[%d][%d] = %.17g, Φ·P·Φᵀ + Q = %.17g", mo, dt, i, j, s.P[i][j], want[i][j])
					}
				}
			}
		}
	}
}
