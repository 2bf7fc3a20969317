package ballistic

import (
	"fmt"
	"math"
	"testing"

	"github.com/jrmd/jrmd/geo"
)

// textbookEarth is the idealised setting of the closed form: a sphere of
// 6,371 km, point-mass gravity, no rotation, no atmosphere.
func textbookEarth() geo.Earth {
	e := geo.Sphere
	e.Omega = 0
	return e
}

// arcState is the burnout state of a closed-form arc launched from the point
// (R, 0, 0) toward +y in the x-y plane.
func arcState(a Arc, radius float64) (geo.Vec3, geo.Vec3) {
	s, c := math.Sincos(a.FlightPathAngleRad)
	return geo.Vec3{radius, 0, 0}, geo.Vec3{a.BurnoutSpeedMps * s, a.BurnoutSpeedMps * c, 0}
}

type textbookCase struct {
	rangeKm float64
	kind    Kind
	speed   float64 // factor on the minimum-energy speed for lofted/depressed
}

func textbookCases() []textbookCase {
	var cs []textbookCase
	for _, km := range []float64{500, 1000, 2000, 3000, 5000, 7500, 10000, 12000, 14000} {
		cs = append(cs, textbookCase{km, MinimumEnergy, 0})
		for _, f := range []float64{1.002, 1.05, 1.2} {
			cs = append(cs, textbookCase{km, Lofted, f}, textbookCase{km, Depressed, f})
		}
	}
	return cs
}

// resolve turns a case into a closed-form arc (nil error when it exists).
func (tc textbookCase) arc() (Arc, error) {
	e := textbookEarth()
	speed := 0.0
	if tc.kind != MinimumEnergy {
		me, err := TextbookArc(e.Mu, e.A, tc.rangeKm*1e3, MinimumEnergy, 0)
		if err != nil {
			return Arc{}, err
		}
		speed = me.BurnoutSpeedMps * tc.speed
	}
	return TextbookArc(e.Mu, e.A, tc.rangeKm*1e3, tc.kind, speed)
}

// The closed form must describe a real two-body arc: launched from the
// surface with its speed and angle, the universal-variable Kepler propagator
// must bring it back to the surface, at the aim point, after exactly its
// flight time, and half-way through it must be at its apogee height.
func TestTextbookArcIsAKeplerArc(t *testing.T) {
	const posTolM = 0.01 // two independent closed forms agree to float precision
	e := textbookEarth()
	for _, tc := range textbookCases() {
		a, err := tc.arc()
		if err != nil {
			continue // e.g. depressed above circular speed: checked below
		}
		r0, v0 := arcState(a, e.A)
		r1, _, err := Kepler(e.Mu, r0, v0, a.FlightTimeS)
		if err != nil {
			t.Fatal(err)
		}
		psi := a.RangeM / e.A
		want := geo.Vec3{e.A * math.Cos(psi), e.A * math.Sin(psi), 0}
		if d := r1.Sub(want).Norm(); d > posTolM {
			t.Errorf("%+v: impact %.4f m from the aim point", tc, d)
		}
		rm, _, _ := Kepler(e.Mu, r0, v0, a.FlightTimeS/2)
		if d := math.Abs(rm.Norm() - e.A - a.ApogeeAltM); d > posTolM {
			t.Errorf("%+v: apogee %.1f m, propagated %.1f m", tc, a.ApogeeAltM, rm.Norm()-e.A)
		}
	}
}

// A published reference: Bate, Mueller and White (1971), §6.2: the maximum
// range at Q = 1 (circular speed) is a quarter of the circumference... more
// generally for minimum energy Q = 2 sin(Ψ/2)/(1 + sin(Ψ/2)) and γ = (π − Ψ)/4,
// which at Ψ = 90° gives γ = 22.5° and Q = 2(√2/2)/(1 + √2/2) = 0.8284.
func TestTextbookArcMinimumEnergyAt90Degrees(t *testing.T) {
	e := textbookEarth()
	a, err := TextbookArc(e.Mu, e.A, e.A*math.Pi/2, MinimumEnergy, 0)
	if err != nil {
		t.Fatal(err)
	}
	q := a.BurnoutSpeedMps * a.BurnoutSpeedMps * e.A / e.Mu
	if math.Abs(q-2*math.Sqrt2/2/(1+math.Sqrt2/2)) > 1e-12 || math.Abs(a.FlightPathAngleRad*180/math.Pi-22.5) > 1e-10 {
		t.Errorf("Q = %.6f, γ = %.6f°; want 0.828427, 22.5°", q, a.FlightPathAngleRad*180/math.Pi)
	}
}

func TestTextbookArcRejects(t *testing.T) {
	e := textbookEarth()
	for _, tc := range []struct {
		rangeM, speed float64
		kind          Kind
	}{
		{1000e3, 2000, Lofted},      // below the minimum-energy speed (~3.0 km/s)
		{5000e3, 11300, Lofted},     // at escape speed
		{5000e3, 8000, Depressed},   // above circular speed: the flat root is underground
		{25000e3, 0, MinimumEnergy}, // beyond half the circumference
		{-5, 0, MinimumEnergy},
	} {
		if _, err := TextbookArc(e.Mu, e.A, tc.rangeM, tc.kind, tc.speed); err == nil {
			t.Errorf("%+v: no error", tc)
		}
	}
}

// Solve in the textbook setting goes through the general machinery — Lambert
// arcs minimised or root-found in flight time, then a numerical flight to
// impact — so it is an independent check of both against the closed form.
// The tolerances: speed 0.05 %, flight time 0.5 s, apogee 0.5 km.
func TestSolveMatchesClosedForm(t *testing.T) {
	e := textbookEarth()
	from := geo.LLA{LatDeg: 20, LonDeg: 30}
	for _, tc := range textbookCases() {
		t.Run(fmt.Sprintf("%s/%.0fkm/%.3f", tc.kind, tc.rangeKm, tc.speed), func(t *testing.T) {
			a, arcErr := tc.arc()
			to := geo.DestinationSphere(from, 1.0, tc.rangeKm*1e3, e.A)
			tr, err := Solve(Request{From: from, To: to, Kind: tc.kind, BurnoutSpeedMps: a.BurnoutSpeedMps, Earth: e})
			if arcErr != nil {
				if err == nil {
					t.Fatalf("closed form says %v; Solve found an arc", arcErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if rel := math.Abs(tr.BurnoutSpeedMps/a.BurnoutSpeedMps - 1); rel > 5e-4 {
				t.Errorf("burnout speed %.3f, closed form %.3f (%.2g rel)", tr.BurnoutSpeedMps, a.BurnoutSpeedMps, rel)
			}
			if d := math.Abs(tr.FlightTimeS - a.FlightTimeS); d > 0.5 {
				t.Errorf("flight time %.3f s, closed form %.3f s", tr.FlightTimeS, a.FlightTimeS)
			}
			if d := math.Abs(tr.ApogeeAltM - a.ApogeeAltM); d > 500 {
				t.Errorf("apogee %.1f m, closed form %.1f m", tr.ApogeeAltM, a.ApogeeAltM)
			}
			if d := math.Abs(tr.FlightPathAngleDeg - a.FlightPathAngleRad*180/math.Pi); d > 0.01 {
				t.Errorf("flight-path angle %.4f°, closed form %.4f°", tr.FlightPathAngleDeg, a.FlightPathAngleRad*180/math.Pi)
			}
			if tr.ImpactErrorM > impulsiveTolM {
				t.Errorf("impact error %.3f m", tr.ImpactErrorM)
			}
		})
	}
}
