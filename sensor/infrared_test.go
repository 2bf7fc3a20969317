package sensor

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

func TestGeostationaryRadius(t *testing.T) {
	// (μ/ω²)^(1/3) with the WGS-84 constants; the constant is rounded to 10 m.
	if want := math.Cbrt(geo.MuEarth / (geo.OmegaEarth * geo.OmegaEarth)); math.Abs(GeostationaryRadiusM-want) > 10 {
		t.Errorf("GeostationaryRadiusM %g, (μ/ω²)^⅓ = %g", GeostationaryRadiusM, want)
	}
}

// On a sphere the elevation of a geostationary satellite from latitude φ
// on its meridian is tan el = (cos φ − R/r)/sin φ (Pratt, Bostian & Allnutt,
// "Satellite Communications", 2nd ed. 2003, ch. 2, look angles). The
// system must see a plume up to the latitude where el reaches its minimum
// elevation, and not beyond.
func TestInfraredCoverageLatitudeClosedForm(t *testing.T) {
	e := geo.Sphere
	w := ReferenceInfrared()
	w.Satellites = []IRSatellite{{"s", 60}}
	R, rs := e.A, GeostationaryRadiusM
	el := func(phi float64) float64 { return math.Atan((math.Cos(phi) - R/rs) / math.Sin(phi)) }
	lo, hi := 1e-6, math.Pi/2
	for hi-lo > 1e-12 {
		mid := (lo + hi) / 2
		if el(mid) >= w.MinElevationDeg*deg {
			lo = mid
		} else {
			hi = mid
		}
	}
	limitDeg := lo / deg // ≈ 76.3° for 5°
	if limitDeg < 70 || limitDeg > 80 {
		t.Fatalf("closed-form coverage limit %g°: the reference is broken", limitDeg)
	}
	plume := func(latDeg float64) Truth {
		return Truth{Pos: e.ToECEF(geo.LLA{LatDeg: latDeg, LonDeg: 60, AltM: 30e3}), Boosting: true}
	}
	const tolDeg = 1e-3
	if !w.Sees(e, plume(limitDeg-tolDeg)) {
		t.Errorf("plume at %.4f°N (just inside %.4f°): not seen", limitDeg-tolDeg, limitDeg)
	}
	if w.Sees(e, plume(limitDeg+tolDeg)) {
		t.Errorf("plume at %.4f°N (just beyond %.4f°): seen", limitDeg+tolDeg, limitDeg)
	}
	if w.Sees(e, Truth{Pos: plume(30).Pos, Boosting: false}) {
		t.Error("not boosting: seen")
	}
	if w.Sees(e, Truth{Pos: e.ToECEF(geo.LLA{LatDeg: 30, LonDeg: 60, AltM: 5e3}), Boosting: true}) {
		t.Error("plume at 5 km, below the 10 km plume height: seen")
	}
	// The far side of the Earth is out of view.
	if w.Sees(e, Truth{Pos: e.ToECEF(geo.LLA{LatDeg: 0, LonDeg: -120, AltM: 30e3}), Boosting: true}) {
		t.Error("plume on the far side of the Earth: seen")
	}
}

func TestInfraredReport(t *testing.T) {
	e := geo.WGS84
	tr := icbmTrajectory(t)
	w := ReferenceInfrared()
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	// Independent timeline: the plume rises through MinPlumeAltM at tp
	// (bisection on the trajectory's height); Semnan is in view of the
	// satellite at 60°E, so the report comes ConfirmS + LatencyS later.
	alt := func(tS float64) float64 { p, _, _ := tr.StateAt(tS); return e.ToLLA(p).AltM }
	lo, hi := 0.0, tr.BurnoutTimeS
	for hi-lo > 1e-6 {
		if mid := (lo + hi) / 2; alt(mid) < w.MinPlumeAltM {
			lo = mid
		} else {
			hi = mid
		}
	}
	wantT := lo + w.ConfirmS + w.LatencyS
	rep, ok := w.Report(e, &tr, 42, rand.New(rand.NewPCG(1, 1)))
	if !ok {
		t.Fatal("ICBM from Semnan not reported")
	}
	// tol: the edge bisection of Intervals, AccessTolS/2.
	if math.Abs(rep.TimeS-wantT) > AccessTolS/2+1e-6 {
		t.Errorf("report at %.4f s, want plume at %.4f s + %g s + %g s = %.4f s", rep.TimeS, lo, w.ConfirmS, w.LatencyS, wantT)
	}
	if rep.TruthID != 42 || rep.SensorID != "geo-ir" || rep.LaunchPointSigmaM != w.LaunchPointSigmaM {
		t.Errorf("report %+v", rep)
	}

	// The errors over many draws have the configured sizes (drawn as Report
	// does, without repeating the sighting geometry each time).
	declared, _ := w.Declared(e, &tr)
	const n = 4000
	launch := geo.LLA{LatDeg: 35.23, LonDeg: 53.92}
	var sN, sE, sT, sA, qN, qE, qT, qA float64
	rng := rand.New(rand.NewPCG(9, 9))
	for range n {
		r := w.report(e, &tr, declared, 1, rng)
		d, az, _ := e.Inverse(launch, r.LaunchPoint)
		dn, de := d*math.Cos(az), d*math.Sin(az)
		da := math.Remainder(r.AzimuthDeg-tr.AzimuthDeg, 360)
		sN, sE, sT, sA = sN+dn, sE+de, sT+r.LaunchTimeS, sA+da
		qN, qE, qT, qA = qN+dn*dn, qE+de*de, qT+r.LaunchTimeS*r.LaunchTimeS, qA+da*da
	}
	for _, c := range []struct {
		name          string
		sum, sq, want float64
	}{
		{"launch point north (m)", sN, qN, w.LaunchPointSigmaM}, {"launch point east (m)", sE, qE, w.LaunchPointSigmaM},
		{"launch time (s)", sT, qT, w.LaunchTimeSigmaS}, {"azimuth (°)", sA, qA, w.AzimuthSigmaDeg},
	} {
		mean := c.sum / n
		sd := math.Sqrt(c.sq/n - mean*mean)
		// 5σ of the sample mean (σ/√n) and of the sample σ (σ/√(2n)).
		if math.Abs(mean) > 5*c.want/math.Sqrt(n) || math.Abs(sd-c.want) > 5*c.want/math.Sqrt(2*n) {
			t.Errorf("%s: error mean %.4g, σ %.4g; want 0 and %g", c.name, mean, sd, c.want)
		}
	}
}

func TestInfraredUnreported(t *testing.T) {
	e := geo.WGS84
	w := ReferenceInfrared()
	rng := rand.New(rand.NewPCG(1, 2))
	// An impulsive launch has no boost phase to see.
	imp, err := ballistic.Solve(ballistic.Request{From: geo.LLA{LatDeg: 35.23, LonDeg: 53.92}, To: geo.LLA{LatDeg: 52.52, LonDeg: 13.40}, Earth: e})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := w.Report(e, &imp, 1, rng); ok {
		t.Error("impulsive trajectory reported")
	}
	// A short-range launch near the pole is beyond geostationary view.
	m, _ := ballistic.LookupMissile("srbm")
	polar, err := ballistic.Solve(ballistic.Request{From: geo.LLA{LatDeg: 82, LonDeg: 60}, To: geo.LLA{LatDeg: 84, LonDeg: 60}, Earth: e, Missile: &m})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := w.Report(e, &polar, 1, rng); ok {
		t.Error("launch at 82°N reported by geostationary satellites")
	}
	// A confirmation longer than the boost: never declared.
	tr := icbmTrajectory(t)
	w.ConfirmS = tr.BurnoutTimeS
	if _, ok := w.Report(e, &tr, 1, rng); ok {
		t.Error("confirmation longer than the visible boost: reported")
	}
	bad := InfraredWarning{MinElevationDeg: 95, LatencyS: -1, Satellites: []IRSatellite{{"x", 400}}}
	err = bad.Validate()
	for _, want := range []string{"ID is empty", "longitude 400", "minimum elevation 95", "latency (s) -1"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate: %v, want it to mention %q", err, want)
		}
	}
}
