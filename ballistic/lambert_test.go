package ballistic

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/jrmd/jrmd/geo"
)

// Curtis, Orbital Mechanics for Engineering Students (2005), Example 5.2:
// r1 = (5000, 10000, 2100) km, r2 = (−14600, 2500, 7000) km, Δt = 1 h,
// μ = 398600 km³/s² → v1 = (−5.9925, 1.9254, 3.2456) km/s,
// v2 = (−3.3125, −4.1966, −0.38529) km/s (printed to 5 figures: 1e-4 relative).
func TestLambertCurtisExample5_2(t *testing.T) {
	mu := 398600e9
	v1, v2, err := Lambert(mu, geo.Vec3{5000e3, 10000e3, 2100e3}, geo.Vec3{-14600e3, 2500e3, 7000e3}, 3600)
	if err != nil {
		t.Fatal(err)
	}
	want1 := geo.Vec3{-5992.5, 1925.4, 3245.6}
	want2 := geo.Vec3{-3312.5, -4196.6, -385.29}
	if d := v1.Sub(want1).Norm() / want1.Norm(); d > 1e-4 {
		t.Errorf("v1 = %v, want %v", v1, want1)
	}
	if d := v2.Sub(want2).Norm() / want2.Norm(); d > 1e-4 {
		t.Errorf("v2 = %v, want %v", v2, want2)
	}
}

// Lambert must invert Kepler: propagate a random state, then recover the
// initial velocity from the two positions (< 1e-6 relative in speed).
func TestLambertInvertsKepler(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	mu := geo.MuEarth
	n := 0
	for n < 2000 {
		r0 := geo.Vec3{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}.Unit().Scale(6.4e6 + rng.Float64()*3e7)
		vc := math.Sqrt(mu / r0.Norm())
		v0 := geo.Vec3{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}.Unit().Scale(vc * (0.3 + 1.2*rng.Float64()))
		dt := 60 + rng.Float64()*20000
		r1, v1, err := Kepler(mu, r0, v0, dt)
		if err != nil {
			t.Fatal(err)
		}
		// Only short-way transfers in the direction of motion qualify.
		h := r0.Cross(v0)
		if r0.Cross(r1).Dot(h) <= 0 {
			continue
		}
		// ... and only if the arc sweeps less than a revolution.
		if a := 1 / (2/r0.Norm() - v0.Dot(v0)/mu); a > 0 && dt > 2*math.Pi*math.Sqrt(a*a*a/mu)/2 {
			continue
		}
		n++
		gv0, gv1, err := Lambert(mu, r0, r1, dt)
		if err != nil {
			t.Fatalf("r0=%v r1=%v dt=%g: %v", r0, r1, dt, err)
		}
		if d := gv0.Sub(v0).Norm() / v0.Norm(); d > 1e-6 {
			t.Fatalf("v0 %v, Lambert %v (%.2g rel)", v0, gv0, d)
		}
		if d := gv1.Sub(v1).Norm() / v1.Norm(); d > 1e-6 {
			t.Fatalf("v1 %v, Lambert %v (%.2g rel)", v1, gv1, d)
		}
		// Started anywhere (a warm start from another problem), the same
		// arc.
		z0 := -50 + 89*rng.Float64()
		wv0, _, _, err := LambertFrom(mu, r0, r1, dt, z0)
		if err != nil {
			t.Fatalf("from z0 = %g: %v", z0, err)
		}
		if d := wv0.Sub(gv0).Norm() / gv0.Norm(); d > 1e-9 {
			t.Fatalf("from z0 = %g: v0 %v, from 0 %v (%.2g rel)", z0, wv0, gv0, d)
		}
	}
}

func TestLambertRejects(t *testing.T) {
	r := geo.Vec3{7e6, 0, 0}
	for _, tc := range []struct {
		r2 geo.Vec3
		dt float64
	}{
		{geo.Vec3{-7e6, 1, 0}, 3000}, // 180° transfer: plane undefined
		{geo.Vec3{8e6, 0, 0}, 3000},  // collinear
		{geo.Vec3{0, 7e6, 0}, 0},     // no time
		{geo.Vec3{0, 7e6, 0}, -10},   // negative time
		{geo.Vec3{0, 0, 0}, 100},     // origin
		{geo.Vec3{0, 7e6, 0}, math.NaN()},
	} {
		v1, v2, err := Lambert(geo.MuEarth, r, tc.r2, tc.dt)
		if err == nil {
			t.Errorf("%+v: no error (v1 %v, v2 %v)", tc, v1, v2)
		}
	}
	// Very short flight times give fast hyperbolic arcs, not NaN.
	v1, _, err := Lambert(geo.MuEarth, r, geo.Vec3{0, 7e6, 0}, 1)
	if err != nil || math.IsNaN(v1.Norm()) {
		t.Errorf("1 s transfer: %v %v", v1, err)
	}
}
