package intercept

import (
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// A boosted fly-out is consistent with its own model: the boost ends where
// the gravity turn that gives its burnout velocity (Earth-relative) ends,
// carried round by the Earth with the site, and the coast from there
// reaches the aim point on time (Kepler, independent of the Lambert
// solver). Checked over launch times from long coasts to 30 s ones, where
// the plain fixed-point iteration converges slowly (ratio t_b/(2·coast)
// up to 0.9) and four plain iterations left the boost's end kilometres off.
func TestArcIsConsistent(t *testing.T) {
	e := geo.WGS84
	m, err := ballistic.LookupMissile("irbm")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := ballistic.Solve(ballistic.Request{From: geo.LLA{LatDeg: 35.23, LonDeg: 53.92}, To: geo.LLA{LatDeg: 52.52, LonDeg: 13.40}, Earth: e, Missile: &m})
	if err != nil {
		t.Fatal(err)
	}
	const burnS = 60.0
	site := geo.LLA{LatDeg: 54.48, LonDeg: 17.10}
	checked := 0
	for _, tI := range []float64{500, 700, 900} {
		pos, _, ok := tr.StateAt(tI)
		if !ok {
			t.Fatalf("no threat state at %.0f s", tI)
		}
		p := geo.Vec3(geo.ECEFToECI(pos, e.Omega*tI))
		f := newFlyout(e, site, burnS)
		for coast := 30.0; tI-burnS-coast >= 0; coast += 37 {
			tL := tI - burnS - coast
			a, ok := f.arc(tL, p, tI)
			if !ok {
				continue // leaves downward: nothing to check
			}
			checked++
			omega := func(r geo.Vec3) geo.Vec3 { return geo.Vec3{-e.Omega * r[1], e.Omega * r[0], 0} }
			u := a.BurnoutVel.Sub(omega(a.BurnoutPos))
			theta := e.Omega * a.BurnoutS
			endECEF, _, ok := f.boostEnd(geo.Vec3(geo.ECIToECEF(geo.ECI(u), theta)))
			if !ok {
				t.Fatalf("tI %.0f s, coast %.0f s: no gravity turn gives the fly-out's burnout velocity", tI, coast)
			}
			end := geo.Vec3(geo.ECEFToECI(geo.ECEF(endECEF), theta))
			if d := end.Sub(a.BurnoutPos).Norm(); d > 3 {
				t.Errorf("tI %.0f s, coast %.0f s: the boost ends %.1f m from where its burnout velocity puts it (want ≤ 3 m)", tI, coast, d)
			}
			r, _, err := ballistic.Kepler(e.Mu, a.BurnoutPos, a.BurnoutVel, coast)
			if err != nil {
				t.Fatal(err)
			}
			if d := geo.Vec3(r).Sub(p).Norm(); d > 1 {
				t.Errorf("tI %.0f s, coast %.0f s: the coast misses the aim point by %.2f m (want ≤ 1 m)", tI, coast, d)
			}
		}
	}
	if checked < 30 {
		t.Fatalf("only %d fly-outs checked", checked)
	}
}
