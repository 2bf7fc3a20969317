package intercept

import (
	"math"
	"testing"

	"github.com/jrmd/jrmd/geo"
)

// A path starts at the site at rest on the Earth, ends at the point it
// was solved for, and is continuous where the boost hands over to the
// coast.
func TestFlyPath(t *testing.T) {
	const (
		// endTolM: the coast is the Lambert arc propagated by Kepler, so it
		// meets the point to the solvers' precision (mm); a metre says
		// "the same point" at any fly-out's scale.
		endTolM = 1.0
		// startTolM, startTolMps: the cubic starts exactly at the site with
		// the Earth's velocity; rounding of 7e6 m coordinates only.
		startTolM, startTolMps = 1e-6, 1e-6
		// joinTolM: positions 1 ms either side of burnout at ≤ 9 km/s.
		joinTolM = 20.0
	)
	e := geo.WGS84
	site := geo.LLA{LatDeg: 54.48, LonDeg: 17.1}
	it, err := LookupInterceptor("gbi-9")
	if err != nil {
		t.Fatal(err)
	}
	pip := e.ToECEF(geo.LLA{LatDeg: 57, LonDeg: 27, AltM: 250e3})
	const launchS, interceptS = 100.0, 480.0
	p, ok := FlyPath(e, site, it, launchS, pip, interceptS)
	if !ok {
		t.Fatal("no fly-out")
	}
	pos, vel := p.At(launchS)
	if d := dist(pos, e.ToECEF(site)); d > startTolM || norm(vel) > startTolMps {
		t.Errorf("at launch %v m from the site, moving at %v m/s", d, norm(vel))
	}
	if pos, _ := p.At(interceptS); dist(pos, pip) > endTolM {
		t.Errorf("at intercept %.3f m from the point", dist(pos, pip))
	}
	if a, _ := p.At(interceptS + 100); a != func() geo.ECEF { b, _ := p.At(interceptS); return b }() {
		t.Error("not clamped after the intercept")
	}
	tb := launchS + it.BurnTimeS
	a, va := p.At(tb - 1e-3)
	b, vb := p.At(tb + 1e-3)
	if dist(a, b) > joinTolM || norm(sub(va, vb)) > 1 {
		t.Errorf("burnout jump: %.3f m, %.3f m/s", dist(a, b), norm(sub(va, vb)))
	}
}

// A flight shorter than the boost has no fly-out: the path is the chord,
// still ending at the point.
func TestFlyPathChord(t *testing.T) {
	e := geo.WGS84
	site := geo.LLA{LatDeg: 54.48, LonDeg: 17.1}
	it, _ := LookupInterceptor("gbi-9")
	pip := e.ToECEF(geo.LLA{LatDeg: 55, LonDeg: 18, AltM: 50e3})
	p, ok := FlyPath(e, site, it, 10, pip, 40)
	if ok {
		t.Fatal("a fly-out shorter than the burn")
	}
	if pos, _ := p.At(40); dist(pos, pip) > 1e-6 {
		t.Errorf("chord ends %.3g m from the point", dist(pos, pip))
	}
	if pos, _ := p.At(10); dist(pos, e.ToECEF(site)) > 1e-6 {
		t.Errorf("chord starts %.3g m from the site", dist(pos, e.ToECEF(site)))
	}
}

func sub(a, b geo.ECEF) geo.ECEF { return geo.ECEF{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }
func norm(a geo.ECEF) float64    { return math.Sqrt(a[0]*a[0] + a[1]*a[1] + a[2]*a[2]) }
func dist(a, b geo.ECEF) float64 { return norm(sub(a, b)) }
