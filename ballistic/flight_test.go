package ballistic

import (
	"math"
	"testing"

	"github.com/jrmd/jrmd/geo"
)

// tenThousandKm is the textbook minimum-energy arc over 10,000 km.
func tenThousandKm(t testing.TB) (Arc, vec6) {
	e := textbookEarth()
	a, err := TextbookArc(e.Mu, e.A, 10000e3, MinimumEnergy, 0)
	if err != nil {
		t.Fatal(err)
	}
	r, v := arcState(a, e.A)
	return a, vec6{r[0], r[1], r[2], v[0], v[1], v[2]}
}

// The numerical propagator reproduces the analytic one to < 50 m in
// range over 10,000 km. Both fly the closed-form arc to the surface.
func TestNumericalMatchesAnalytic(t *testing.T) {
	const tolM = 50
	e := textbookEarth()
	a, y := tenThousandKm(t)
	p := &problem{e: e, coast: *newCoast(e, 0)}
	tImp, yImp, err := p.flyCoast(0, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	psi := a.RangeM / e.A
	aim := geo.Vec3{e.A * math.Cos(psi), e.A * math.Sin(psi), 0}
	if d := (geo.Vec3{yImp[0], yImp[1], yImp[2]}).Sub(aim).Norm(); d > tolM {
		t.Errorf("numerical impact %.3f m from the analytic one", d)
	} else {
		t.Logf("numerical impact %.2e m from the analytic one; flight time %.6f s vs %.6f s", d, tImp, a.FlightTimeS)
	}
	if math.Abs(tImp-a.FlightTimeS) > 1e-3 {
		t.Errorf("flight time %.6f s, analytic %.6f s", tImp, a.FlightTimeS)
	}
}

// Specific energy E = v²/2 − μ/r is conserved to 1e-9 relative without J2;
// with J2 the potential U = −μ/r·[1 − J2(a/r)²·P2(z/r)] is axisymmetric, so
// in the inertial frame E = v²/2 + U and the polar angular momentum h_z are
// still conserved: a check on the J2 acceleration too.
func TestConservation(t *testing.T) {
	const relTol = 1e-9
	_, y := tenThousandKm(t)
	// Tilt the arc out of the equator so J2 acts in all components.
	c, s := math.Cos(0.7), math.Sin(0.7)
	y = vec6{y[0], y[1] * c, y[1] * s, y[3], y[4] * c, y[4] * s}
	for _, j2 := range []float64{0, geo.J2Earth} {
		e := textbookEarth()
		e.J2 = j2
		energy := func(y *vec6) float64 {
			r := math.Sqrt(y[0]*y[0] + y[1]*y[1] + y[2]*y[2])
			sz := y[2] / r
			u := -e.Mu / r * (1 - e.J2*(e.A/r)*(e.A/r)*(1.5*sz*sz-0.5))
			return 0.5*(y[3]*y[3]+y[4]*y[4]+y[5]*y[5]) + u
		}
		hz := func(y *vec6) float64 { return y[0]*y[4] - y[1]*y[3] }
		e0, h0 := energy(&y), hz(&y)
		d := newDopri(newCoast(e, 0), 0, y)
		worstE, worstH := 0.0, 0.0
		for d.t < 1800 {
			if err := d.step(1800); err != nil {
				t.Fatal(err)
			}
			worstE = math.Max(worstE, math.Abs(energy(&d.y)/e0-1))
			worstH = math.Max(worstH, math.Abs(hz(&d.y)/h0-1))
		}
		if worstE > relTol || worstH > relTol {
			t.Errorf("J2=%g: energy drift %.2g, h_z drift %.2g (tolerance %g)", j2, worstE, worstH, relTol)
		}
		t.Logf("J2=%g: %d steps, energy drift %.2g, h_z drift %.2g", j2, d.steps, worstE, worstH)
	}
}

// The dense output must agree with the steps themselves: interpolating at a
// point and integrating exactly to it give the same state (4th-order
// interpolant: agreement at the level of the tolerances).
func TestDenseOutput(t *testing.T) {
	e := textbookEarth()
	_, y := tenThousandKm(t)
	d := newDopri(newCoast(e, 0), 0, y)
	for d.t < 500 {
		if err := d.step(math.Inf(1)); err != nil {
			t.Fatal(err)
		}
	}
	tm := d.t0 + 0.37*d.hLast
	got := d.dense(tm)
	want, _, _ := Kepler(e.Mu, geo.Vec3{y[0], y[1], y[2]}, geo.Vec3{y[3], y[4], y[5]}, tm)
	if dd := (geo.Vec3{got[0], got[1], got[2]}).Sub(want).Norm(); dd > 0.01 {
		t.Errorf("dense output %.3g m from Kepler", dd)
	}
}

// The universal-variable propagator must close an orbit after one period and
// be reversible on a hyperbola.
func TestKeplerUV(t *testing.T) {
	mu := geo.MuEarth
	r0, v0 := geo.Vec3{7e6, 0, 1e6}, geo.Vec3{0, 7.2e3, 1e3}
	a := 1 / (2/r0.Norm() - v0.Dot(v0)/mu)
	period := 2 * math.Pi * math.Sqrt(a*a*a/mu)
	r1, v1, err := Kepler(mu, r0, v0, period)
	if err != nil || r1.Sub(r0).Norm() > 1e-3 || v1.Sub(v0).Norm() > 1e-6 {
		t.Errorf("after one period: Δr %.3g m, Δv %.3g m/s, %v", r1.Sub(r0).Norm(), v1.Sub(v0).Norm(), err)
	}
	vh := geo.Vec3{0, 12e3, 0}
	r2, v2, _ := Kepler(mu, r0, vh, 5000)
	r3, v3, err := Kepler(mu, r2, v2, -5000)
	if err != nil || r3.Sub(r0).Norm() > 1e-3 || v3.Sub(vh).Norm() > 1e-6 {
		t.Errorf("hyperbola there and back: Δr %.3g m, %v", r3.Sub(r0).Norm(), err)
	}
}

func TestInvFifthRoot(t *testing.T) {
	for _, x := range []float64{1e-300, 1e-12, 3e-5, 0.01, 0.5, 1, 2, 31.7, 1e6, 1e200} {
		if got, want := invFifthRoot(x), math.Pow(x, -0.2); math.Abs(got/want-1) > 1e-6 {
			t.Errorf("x=%g: %g, want %g", x, got, want)
		}
	}
}

// The ephemeris of a flown trajectory is the integrator's continuous
// extension: in the textbook setting it must follow the analytic Kepler arc
// at any time (tolerance 1 m, 1 mm/s), and on the rotating Earth its
// velocity must be the time derivative of its position (central
// difference over ±0.01 s: 1 mm/s).
func TestStateAt(t *testing.T) {
	e := textbookEarth()
	from := geo.LLA{LatDeg: 10, LonDeg: 20}
	to := geo.DestinationSphere(from, 0.5, 9000e3, e.A)
	tr, err := Solve(Request{From: from, To: to, Earth: e, StepS: 60})
	if err != nil {
		t.Fatal(err)
	}
	r0 := geo.Vec3(tr.BurnoutState.R)
	v0 := geo.Vec3(tr.BurnoutState.V)
	for ts := 0.0; ts <= tr.FlightTimeS; ts += 17.3 {
		pos, vel, ok := tr.StateAt(ts)
		r, v, _ := Kepler(e.Mu, r0, v0, ts)
		if !ok || geo.Vec3(pos).Sub(r).Norm() > 1 || geo.Vec3(vel).Sub(v).Norm() > 1e-3 {
			t.Fatalf("t=%.1f: ephemeris %v %v, Kepler %v %v", ts, pos, vel, r, v)
		}
	}
	if _, _, ok := tr.StateAt(tr.FlightTimeS + 1); ok {
		t.Error("state after impact")
	}
	m, _ := LookupMissile("icbm")
	tr, err = Solve(Request{From: from, To: geo.WGS84.Direct(from, 1, 9000e3), Earth: geo.WGS84, Missile: &m})
	if err != nil {
		t.Fatal(err)
	}
	for ts := 1.0; ts < tr.FlightTimeS-1; ts += 23.7 {
		p1, _, _ := tr.StateAt(ts - 0.01)
		p2, _, _ := tr.StateAt(ts + 0.01)
		_, vel, _ := tr.StateAt(ts)
		fd := geo.Vec3(p2).Sub(geo.Vec3(p1)).Scale(1 / 0.02)
		if d := fd.Sub(geo.Vec3(vel)).Norm(); d > 1e-3*math.Max(1, geo.Vec3(vel).Norm()/1e3) {
			t.Errorf("t=%.1f: velocity %v, d(position)/dt %v", ts, vel, fd)
		}
	}
}

// Fly from a mid-course state of a solved trajectory must reproduce the
// rest of it: same impact time and point (tolerance 1 m, 1 ms), same states
// in between, on the same clock — here a clock offset by 1,000 s.
func TestFlyContinuesATrajectory(t *testing.T) {
	m, _ := LookupMissile("irbm")
	from := geo.LLA{LatDeg: 35.23, LonDeg: 53.92}
	tr, err := Solve(Request{From: from, To: geo.LLA{LatDeg: 52.52, LonDeg: 13.40}, Earth: geo.WGS84, Missile: &m})
	if err != nil {
		t.Fatal(err)
	}
	const offset = 1000.0
	tm := 400.0
	pos, vel, _ := tr.StateAt(tm)
	// The same Earth-fixed state on a clock where the threat launched at
	// 1,000 s: the physics is the same (the Earth is axisymmetric), only the
	// inertial frame's orientation differs.
	e := geo.WGS84
	fl, err := Fly(e, tm+offset, pos, vel, m.ReentryBetaKgM2, 0)
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Abs(fl.FlightTimeS - offset - tr.FlightTimeS); d > 1e-3 {
		t.Errorf("impact time %.4f, trajectory %.4f", fl.FlightTimeS-offset, tr.FlightTimeS)
	}
	if d, _, _ := e.Inverse(fl.Impact, tr.Impact); d > 1 {
		t.Errorf("impact %.2f m from the trajectory's", d)
	}
	for ts := tm; ts < tr.FlightTimeS; ts += 50 {
		p1, _, _ := tr.StateAt(ts)
		p2, _, ok := fl.StateAt(ts + offset)
		if d := geo.Vec3(p1).Sub(geo.Vec3(p2)).Norm(); !ok || d > 1 {
			t.Errorf("t=%.0f: %.3f m apart (ok %v)", ts, d, ok)
		}
	}
	if _, _, ok := fl.StateAt(tm + offset - 1); ok {
		t.Error("state before the start")
	}
}
