package sensor

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// conic is the Keplerian orbit of a ballistic arc over a non-rotating
// sphere, with its own closed forms for the reference: nothing here calls
// the sensor code.
//
// Polar equation r(ν) = p/(1 + e·cos ν); time from Kepler's equation
// M = E − e·sin E with tan(E/2) = √((1−e)/(1+e))·tan(ν/2) (Bate, Mueller &
// White, "Fundamentals of Astrodynamics", 1971, ch. 2 and 4; Curtis,
// "Orbital Mechanics for Engineering Students", 3rd ed. 2014, ch. 3).
type conic struct {
	mu, R, p, ecc, n float64
	pHat, qHat       geo.Vec3 // periapsis direction and its in-plane normal
	nu0, nu1         float64  // true anomaly at launch and at impact, in (0, 2π)
}

func newConic(t *testing.T, e geo.Earth, tr *ballistic.Trajectory) conic {
	t.Helper()
	r0, v0, _ := tr.StateAt(0)
	r1, _, _ := tr.StateAt(tr.FlightTimeS)
	rv, vv := geo.Vec3(r0), geo.Vec3(v0)
	h := rv.Cross(vv)
	evec := vv.Cross(h).Scale(1 / e.Mu).Sub(rv.Unit())
	c := conic{mu: e.Mu, R: e.A, p: h.Dot(h) / e.Mu, ecc: evec.Norm()}
	a := c.p / (1 - c.ecc*c.ecc)
	c.n = math.Sqrt(e.Mu / (a * a * a))
	c.pHat = evec.Unit()
	c.qHat = h.Unit().Cross(c.pHat)
	anomaly := func(r geo.Vec3) float64 {
		nu := math.Atan2(r.Dot(c.qHat), r.Dot(c.pHat))
		if nu < 0 {
			nu += 2 * math.Pi
		}
		return nu
	}
	c.nu0, c.nu1 = anomaly(rv), anomaly(geo.Vec3(r1))
	if !(c.nu0 < math.Pi && c.nu1 > math.Pi) {
		t.Fatalf("launch at ν = %g, impact at ν = %g: want an arc through apogee (ν = π)", c.nu0, c.nu1)
	}
	// The flight time of the numerical trajectory must be the conic's.
	if got := c.time(c.nu1); math.Abs(got-tr.FlightTimeS) > 1e-4 {
		t.Fatalf("Kepler flight time %.6f s, trajectory %.6f s", got, tr.FlightTimeS)
	}
	return c
}

func (c conic) radius(nu float64) float64 { return c.p / (1 + c.ecc*math.Cos(nu)) }

// time is the time from launch to true anomaly nu ∈ [nu0, nu1].
func (c conic) time(nu float64) float64 {
	m := func(nu float64) float64 {
		// Half-angle atan2 keeps E in [0, 2π) for ν in [0, 2π).
		E := 2 * math.Atan2(math.Sqrt(1-c.ecc)*math.Sin(nu/2), math.Sqrt(1+c.ecc)*math.Cos(nu/2))
		return E - c.ecc*math.Sin(E)
	}
	return (m(nu) - m(c.nu0)) / c.n
}

// site is the surface point at true anomaly nus in the orbit plane.
func (c conic) site(e geo.Earth, nus float64) geo.LLA {
	p := e.ToLLA(geo.ECEF(c.pHat.Scale(c.R * math.Cos(nus)).Add(c.qHat.Scale(c.R * math.Sin(nus)))))
	p.AltM = 0
	return p
}

// horizonRoots are the true anomalies where the object crosses the
// horizon of a surface site at nus: elevation zero when the object lies in
// the site's tangent plane, r·cos(ν − νs) = R, that is
// p·cos(ν − νs) = R·(1 + e·cos ν), or A·cos ν + B·sin ν = C with
// A = p·cos νs − R·e, B = p·sin νs, C = R; so ν = atan2(B, A) ± acos(C/ρ),
// ρ = √(A² + B²). Elevation is positive between them.
func (c conic) horizonRoots(nus float64) (lo, hi float64, ok bool) {
	A, B, C := c.p*math.Cos(nus)-c.R*c.ecc, c.p*math.Sin(nus), c.R
	rho := math.Hypot(A, B)
	if C > rho {
		return 0, 0, false
	}
	phi, delta := math.Atan2(B, A), math.Acos(C/rho)
	if phi < 0 {
		phi += 2 * math.Pi // the arc lies in (0, 2π)
	}
	return phi - delta, phi + delta, true
}

// aboveHorizon is the sign condition of horizonRoots, directly.
func (c conic) aboveHorizon(nu, nus float64) bool {
	return c.radius(nu)*math.Cos(nu-nus) >= c.R
}

// slant is the distance from the site at nus to the object at nu (law of
// cosines in the orbit plane).
func (c conic) slant(nu, nus float64) float64 {
	r := c.radius(nu)
	return math.Sqrt(r*r + c.R*c.R - 2*r*c.R*math.Cos(nu-nus))
}

// elevation of the object at nu from the site at nus: the height above the
// tangent plane over the slant range.
func (c conic) elevation(nu, nus float64) float64 {
	return math.Asin((c.radius(nu)*math.Cos(nu-nus) - c.R) / c.slant(nu, nus))
}

// roots finds every ν in [nu0, nu1] where g changes sign, on a grid of
// 20,000 steps refined by bisection to 1e-14 rad.
func (c conic) roots(g func(nu float64) float64) []float64 {
	const steps = 20000
	var out []float64
	prev, gp := c.nu0, g(c.nu0)
	for i := 1; i <= steps; i++ {
		nu := c.nu0 + (c.nu1-c.nu0)*float64(i)/steps
		gn := g(nu)
		if (gp < 0) != (gn < 0) {
			lo, hi := prev, nu
			for hi-lo > 1e-14 {
				mid := (lo + hi) / 2
				if (g(mid) < 0) == (gp < 0) {
					lo = mid
				} else {
					hi = mid
				}
			}
			out = append(out, (lo+hi)/2)
		}
		prev, gp = nu, gn
	}
	return out
}

// intervals turns candidate edges (true anomalies) and a visibility
// predicate into time intervals: between consecutive edges the predicate
// holds or not throughout.
func (c conic) intervals(edges []float64, visible func(nu float64) bool) []Interval {
	var cuts []float64
	for _, x := range edges {
		for _, k := range []float64{-2 * math.Pi, 0, 2 * math.Pi} {
			if y := x + k; y > c.nu0 && y < c.nu1 {
				cuts = append(cuts, y)
			}
		}
	}
	cuts = append(cuts, c.nu0, c.nu1)
	slices.Sort(cuts)
	var out []Interval
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		if b-a < 1e-15 || !visible((a+b)/2) {
			continue
		}
		if n := len(out); n > 0 && out[n-1].EndS == c.time(a) {
			out[n-1].EndS = c.time(b)
			continue
		}
		out = append(out, Interval{c.time(a), c.time(b)})
	}
	return out
}

// Access against the closed-form horizon and range crossings of a Keplerian
// arc for sites in its plane.
func TestAccessKeplerClosedForm(t *testing.T) {
	e := nonRotatingSphere()
	// Semnan to Berlin, impulsive minimum energy: 3,700 km, apogee ~800 km.
	tr, err := ballistic.Solve(ballistic.Request{From: geo.LLA{LatDeg: 35.23, LonDeg: 53.92}, To: geo.LLA{LatDeg: 52.52, LonDeg: 13.40}, Earth: e})
	if err != nil {
		t.Fatal(err)
	}
	c := newConic(t, e, &tr)
	launchAz := e.AER(c.site(e, math.Pi), geo.ECEF(c.pHat.Scale(c.R*math.Cos(c.nu0)).Add(c.qHat.Scale(c.R*math.Sin(c.nu0))))).AzRad / deg

	// The short case: a site so far downrange that only the top of the arc
	// clears its horizon, for about 0.6 s.
	const shortS = 0.6
	shortNu := func() float64 {
		lo, hi := math.Pi, c.nu1+0.5
		for range 200 {
			mid := (lo + hi) / 2
			a, b, ok := c.horizonRoots(mid)
			if ok && c.time(math.Min(b, c.nu1))-c.time(math.Max(a, c.nu0)) > shortS {
				lo = mid
			} else {
				hi = mid
			}
		}
		return lo
	}()

	tests := []struct {
		name    string
		nus     float64 // site's true anomaly
		radar   func(site geo.LLA) Radar
		visible func(nu, nus float64) bool // the reference predicate
		edges   func(nus float64) []float64
		n       int // intervals expected
	}{
		{
			name:    "site under apogee",
			nus:     math.Pi,
			radar:   func(s geo.LLA) Radar { return Radar{ID: "a", Site: s} },
			visible: c.aboveHorizon,
			n:       1,
		},
		{
			name:  "site under apogee, 1,200 km range",
			nus:   math.Pi,
			radar: func(s geo.LLA) Radar { return Radar{ID: "b", Site: s, MaxRangeM: 1200e3} },
			visible: func(nu, nus float64) bool {
				return c.aboveHorizon(nu, nus) && c.slant(nu, nus) <= 1200e3
			},
			edges: func(nus float64) []float64 {
				return c.roots(func(nu float64) float64 { return c.slant(nu, nus) - 1200e3 })
			},
			n: 1,
		},
		{
			name:    "site 5° beyond the impact",
			nus:     c.nu1 + 5*deg,
			radar:   func(s geo.LLA) Radar { return Radar{ID: "c", Site: s} },
			visible: c.aboveHorizon,
			n:       1,
		},
		{
			name:  "site 8° behind the launch, 3,000 km range",
			nus:   c.nu0 - 8*deg,
			radar: func(s geo.LLA) Radar { return Radar{ID: "d", Site: s, MaxRangeM: 3000e3} },
			visible: func(nu, nus float64) bool {
				return c.aboveHorizon(nu, nus) && c.slant(nu, nus) <= 3000e3
			},
			edges: func(nus float64) []float64 {
				return c.roots(func(nu float64) float64 { return c.slant(nu, nus) - 3000e3 })
			},
			n: 1,
		},
		{
			// Two faces that look low (0–20°) up- and downrange: the arc is
			// seen rising and falling, not overhead.
			name: "two low faces under apogee",
			nus:  math.Pi,
			radar: func(s geo.LLA) Radar {
				return Radar{ID: "e", Site: s, Faces: []Face{
					{BoresightAzDeg: launchAz, BoresightElDeg: 10, HalfAzDeg: 30, HalfElDeg: 10},
					{BoresightAzDeg: math.Mod(launchAz+180, 360), BoresightElDeg: 10, HalfAzDeg: 30, HalfElDeg: 10},
				}}
			},
			visible: func(nu, nus float64) bool {
				el := c.elevation(nu, nus)
				return c.aboveHorizon(nu, nus) && el <= 20*deg
			},
			edges: func(nus float64) []float64 {
				return c.roots(func(nu float64) float64 { return c.elevation(nu, nus) - 20*deg })
			},
			n: 2,
		},
		{
			name:    fmt.Sprintf("grazing: %.1f s above a far site's horizon", shortS),
			nus:     shortNu,
			radar:   func(s geo.LLA) Radar { return Radar{ID: "f", Site: s} },
			visible: c.aboveHorizon,
			n:       1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// tolS: the bisection leaves the reported edge within
			// AccessTolS/2 = 0.5 ms of the crossing; the integrated
			// trajectory adds microseconds at most (relative tolerance
			// 1e-10, positions to ~1 mm).
			const tolS = AccessTolS/2 + 1e-4
			site := c.site(e, tc.nus)
			r := tc.radar(site)
			var edges []float64
			if lo, hi, ok := c.horizonRoots(tc.nus); ok {
				edges = append(edges, lo, hi)
			}
			if tc.edges != nil {
				edges = append(edges, tc.edges(tc.nus)...)
			}
			want := c.intervals(edges, func(nu float64) bool { return tc.visible(nu, tc.nus) })
			got := Access(e, &r, &tr, AccessOptions{})
			if len(want) != tc.n {
				t.Fatalf("reference has %d intervals, the case was built for %d: %v", len(want), tc.n, want)
			}
			if len(got) != len(want) {
				t.Fatalf("Access: %v, closed form: %v", got, want)
			}
			for i := range got {
				if math.Abs(got[i].StartS-want[i].StartS) > tolS || math.Abs(got[i].EndS-want[i].EndS) > tolS {
					t.Errorf("interval %d: [%.5f, %.5f] s, closed form [%.5f, %.5f] s", i, got[i].StartS, got[i].EndS, want[i].StartS, want[i].EndS)
				}
			}
			t.Logf("%v (closed form %v)", got, want)
		})
	}
}

// Intervals must find every window at least one step long wherever it
// falls between samples, and place its edges within half the tolerance.
func TestIntervalsNeverMissesAStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const span = 100.0
	for trial := range 2000 {
		// One or two windows of 0.1 s to 0.5 s, at random phases.
		var windows []Interval
		start := rng.Float64() * 40
		for range 1 + trial%2 {
			w := AccessStepS + rng.Float64()*0.4
			windows = append(windows, Interval{start, start + w})
			start += w + AccessStepS + rng.Float64()*40
		}
		visible := func(tS float64) bool {
			for _, w := range windows {
				if tS >= w.StartS && tS <= w.EndS {
					return true
				}
			}
			return false
		}
		got := Intervals(0, span, visible, AccessOptions{})
		if len(got) != len(windows) {
			t.Fatalf("trial %d: windows %v, found %v", trial, windows, got)
		}
		for i := range got {
			if math.Abs(got[i].StartS-windows[i].StartS) > AccessTolS/2 || math.Abs(got[i].EndS-windows[i].EndS) > AccessTolS/2 {
				t.Fatalf("trial %d: window %v found as %v", trial, windows[i], got[i])
			}
		}
	}
	// Visible throughout: one interval, exact ends.
	all := Intervals(2, 7.3, func(float64) bool { return true }, AccessOptions{})
	if len(all) != 1 || all[0] != (Interval{2, 7.3}) {
		t.Errorf("always visible: %v, want [2, 7.3]", all)
	}
	if got := Intervals(0, 10, func(float64) bool { return false }, AccessOptions{}); got != nil {
		t.Errorf("never visible: %v", got)
	}
	if got := TotalS([]Interval{{1, 2.5}, {4, 4.25}}); got != 1.75 {
		t.Errorf("TotalS = %g, want 1.75", got)
	}
}

// The ICBM of the reference threats seen from Fylingdales over the rotating
// WGS-84 Earth: a sanity check of the whole chain, not a closed form.
func TestAccessICBMFromFylingdales(t *testing.T) {
	tr := icbmTrajectory(t)
	r, _ := LookupReferenceRadar("fylingdales")
	got := Access(geo.WGS84, &r, &tr, AccessOptions{})
	if len(got) == 0 {
		t.Fatal("Fylingdales does not see Semnan to Washington")
	}
	// Every reported edge is a change of visibility, and the inside is
	// visible (checked on a fine grid).
	e := geo.WGS84
	vis := func(tS float64) bool {
		p, _, _ := tr.StateAt(tS)
		_, ok := r.Visible(e, p)
		return ok
	}
	for _, iv := range got {
		if vis(iv.StartS-AccessTolS) || !vis(iv.StartS+AccessTolS) || !vis(iv.EndS-AccessTolS) || (iv.EndS < tr.FlightTimeS && vis(iv.EndS+AccessTolS)) {
			t.Errorf("interval %v: edges are not visibility changes", iv)
		}
		for ts := iv.StartS + 1; ts < iv.EndS; ts += 1 {
			if !vis(ts) {
				t.Errorf("interval %v: not visible at %g s", iv, ts)
				break
			}
		}
	}
	t.Logf("Fylingdales sees Semnan–Washington %v, %.0f s in all", got, TotalS(got))
}

func icbmTrajectory(tb testing.TB) ballistic.Trajectory {
	tb.Helper()
	m, err := ballistic.LookupMissile("icbm")
	if err != nil {
		tb.Fatal(err)
	}
	tr, err := ballistic.Solve(ballistic.Request{
		From: geo.LLA{LatDeg: 35.23, LonDeg: 53.92}, To: geo.LLA{LatDeg: 38.9, LonDeg: -77.0},
		Earth: geo.WGS84, Missile: &m,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return tr
}
