package sensor

import (
	"math"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/geo"
)

// nonRotatingSphere is the textbook Earth of the closed-form checks.
func nonRotatingSphere() geo.Earth {
	e := geo.Sphere
	e.Omega = 0
	return e
}

// at returns the ECEF point seen from site at the given look angles.
func at(e geo.Earth, site geo.LLA, azDeg, elDeg, rangeM float64) geo.ECEF {
	return e.FromENU(site, geo.FromAER(geo.AER{AzRad: azDeg * deg, ElRad: elDeg * deg, RangeM: rangeM}))
}

func TestVisibleFacesElevationRange(t *testing.T) {
	e := geo.WGS84
	site := geo.LLA{LatDeg: 50, LonDeg: 10}
	r := Radar{
		ID: "test", Site: site, MinElevationDeg: 2, MaxRangeM: 3000e3,
		Faces: []Face{
			{BoresightAzDeg: 350, BoresightElDeg: 30, HalfAzDeg: 20, HalfElDeg: 28}, // 330°–10°, 2°–58°
			{BoresightAzDeg: 180, BoresightElDeg: 45, HalfAzDeg: 10, HalfElDeg: 45}, // 170°–190°, 0°–90°
		},
	}
	tests := []struct {
		name               string
		az, el, rangeM     float64
		want               bool
		wantAzDeg, wantElD float64
	}{
		{"face 1 across north, east side", 5, 10, 1000e3, true, 5, 10},
		{"face 1 across north, west side", 335, 10, 1000e3, true, 335, 10},
		{"face 1 azimuth edge inside", 9.99, 10, 1000e3, true, 9.99, 10},
		{"face 1 azimuth edge outside", 10.01, 10, 1000e3, false, 10.01, 10},
		{"face 1 above its elevation span", 0, 60, 1000e3, false, 0, 60},
		{"between the faces", 90, 20, 1000e3, false, 90, 20},
		{"face 2", 185, 80, 500e3, true, 185, 80},
		{"below minimum elevation", 180, 1.9, 500e3, false, 180, 1.9},
		{"beyond maximum range", 180, 30, 3001e3, false, 180, 30},
		{"inside maximum range", 180, 30, 2999e3, true, 180, 30},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			aer, ok := r.Visible(e, at(e, site, tc.az, tc.el, tc.rangeM))
			if ok != tc.want {
				t.Errorf("visible = %v, want %v", ok, tc.want)
			}
			// tolAngle: ENU round trip through ECEF, ~1e-13 rad.
			const tolAngle = 1e-9
			if math.Abs(math.Remainder(aer.AzRad-tc.wantAzDeg*deg, 2*math.Pi)) > tolAngle || math.Abs(aer.ElRad-tc.wantElD*deg) > tolAngle ||
				math.Abs(aer.RangeM-tc.rangeM) > 1e-6 {
				t.Errorf("look angles %v, want az %g°, el %g°, range %g m", aer, tc.wantAzDeg, tc.wantElD, tc.rangeM)
			}
		})
	}
	// No faces: every azimuth.
	r.Faces = nil
	for az := 0.0; az < 360; az += 15 {
		if _, ok := r.Visible(e, at(e, site, az, 10, 1000e3)); !ok {
			t.Errorf("no faces: azimuth %g° not visible", az)
		}
	}
}

// An elevated site looking below its horizontal: the Earth blocks the long
// sight lines.
func TestVisibleEarthBlockage(t *testing.T) {
	e := geo.WGS84
	site := geo.LLA{LatDeg: 40, LonDeg: 45, AltM: 10e3}
	r := Radar{ID: "high", Site: site, MinElevationDeg: -10}
	// At −5° from 10 km the line falls 8.7 km (plus 0.8 km of curvature)
	// in 100 km and stays above ground; at 2,000 km it has gone through
	// the Earth.
	if _, ok := r.Visible(e, at(e, site, 90, -5, 100e3)); !ok {
		t.Error("100 km at −5° from 10 km up: want visible")
	}
	if _, ok := r.Visible(e, at(e, site, 90, -5, 2000e3)); ok {
		t.Error("2,000 km at −5° from 10 km up: want blocked by the Earth")
	}
}

// The horizon of a sphere in closed form: from a site at height hs, a
// target at height h is visible up to the ground range
// R·(acos(R/(R+hs)) + acos(R/(R+h))), where the sight line is tangent to
// the sphere, and the slant range there is √(2R·hs + hs²) + √(2R·h + h²)
// (tangent lengths: Pythagoras on the radius to the tangent point;
// Skolnik, "Introduction to Radar Systems", 3rd ed. 2001, §8.2, for the
// radar horizon d ≈ √(2R·h) when h ≪ R).
func TestHorizonClosedForm(t *testing.T) {
	e := nonRotatingSphere()
	R := e.A
	tangent := func(h float64) float64 { return math.Sqrt(2*R*h + h*h) }
	for _, tc := range []struct {
		name   string
		siteH  float64
		minEl  float64
		h      float64
		tolGrd float64 // m: bisection to 1 mm plus, for an elevated site, the 1 mm surface tolerance of LineOfSight (≪ 1 m)
	}{
		{"ground site, 100 km target", 0, 0, 100e3, 0.01},
		{"ground site, 1000 km target", 0, 0, 1000e3, 0.01},
		{"ground site, 10 m mast", 0, 0, 10, 0.01},
		{"2 km mountain, line of sight only", 2000, -90, 300e3, 1},
		{"airborne 12 km, line of sight only", 12e3, -90, 12e3, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := geo.LLA{LatDeg: 20, LonDeg: -30, AltM: tc.siteH}
			r := Radar{ID: "h", Site: site, MinElevationDeg: tc.minEl}
			const az = 0.7 // rad, any
			point := func(groundM float64) geo.ECEF {
				p := geo.DestinationSphere(site, az, groundM, R)
				p.AltM = tc.h
				return e.ToECEF(p)
			}
			lo, hi := 0.0, math.Pi*R
			for hi-lo > 1e-3 {
				mid := (lo + hi) / 2
				if _, ok := r.Visible(e, point(mid)); ok {
					lo = mid
				} else {
					hi = mid
				}
			}
			wantGround := R * (math.Acos(R/(R+tc.siteH)) + math.Acos(R/(R+tc.h)))
			if math.Abs(lo-wantGround) > tc.tolGrd {
				t.Errorf("farthest visible ground range %.3f m, closed form %.3f m", lo, wantGround)
			}
			aer, _ := r.Visible(e, point(lo))
			if want := tangent(tc.siteH) + tangent(tc.h); math.Abs(aer.RangeM-want) > tc.tolGrd {
				t.Errorf("slant range at the horizon %.3f m, closed form √(2Rh+h²) sum %.3f m", aer.RangeM, want)
			}
			if tc.siteH == 0 && tc.h <= 10 {
				// The small-height form √(2Rh), relative error h/(4R).
				if approx := math.Sqrt(2 * R * tc.h); math.Abs(aer.RangeM-approx)/approx > 1e-6 {
					t.Errorf("10 m mast: horizon %.2f m, √(2Rh) %.2f m", aer.RangeM, approx)
				}
			}
		})
	}
}

// The SNR must equal the radar equation written as a decibel budget
// (Skolnik 2001, ch. 2: 10·log10 k = −228.6 dBW/(K·Hz)).
func TestSNRDecibelBudget(t *testing.T) {
	r := Radar{ID: "x", Model: DetectionModel{
		FrequencyHz: 3e9, AvgPowerW: 20e3, GainDBi: 40, DwellS: 0.01, NoiseTempK: 450, LossDB: 7,
	}}
	const rangeM, rcs = 250e3, 0.5
	lambda := SpeedOfLight / 3e9
	budget := 10*math.Log10(20e3) + 10*math.Log10(0.01) + 2*40 + 20*math.Log10(lambda) + 10*math.Log10(rcs) -
		30*math.Log10(4*math.Pi) - (-228.5991) - 10*math.Log10(450) - 7 - 40*math.Log10(rangeM)
	// tolDB: 10·log10(1.380649e-23) = −228.59911…, written to 4 decimals.
	const tolDB = 1e-3
	if got := 10 * math.Log10(r.SNR(rangeM, rcs)); math.Abs(got-budget) > tolDB {
		t.Errorf("SNR %.4f dB, decibel budget %.4f dB", got, budget)
	}
	// R⁻⁴ and σ¹ scaling.
	if a, b := r.SNR(100e3, 1), r.SNR(200e3, 1); math.Abs(a/b-16) > 1e-12 {
		t.Errorf("SNR(100 km)/SNR(200 km) = %g, want 16", a/b)
	}
	if a, b := r.SNR(100e3, 2), r.SNR(100e3, 1); math.Abs(a/b-2) > 1e-12 {
		t.Errorf("SNR(2 m²)/SNR(1 m²) = %g, want 2", a/b)
	}
	var none Radar
	if got := none.SNR(1e3, 1); got != 0 {
		t.Errorf("geometry-only radar: SNR %g, want 0", got)
	}
}

func TestSigmasShrinkWithSNR(t *testing.T) {
	m := DetectionModel{BandwidthHz: 1e6, BeamwidthDeg: 2, RangeFloorM: 10, AngleFloorDeg: 0.01}
	// ΔR = c/2B = 149.9 m.
	dR := SpeedOfLight / 2e6
	for _, snr := range []float64{10, 100, 1e4, 1e8} {
		sr, sa, se := m.Sigmas(snr, 0)
		wantR := math.Hypot(dR/math.Sqrt(2*snr), 10)
		wantE := math.Hypot(2*deg/(1.6*math.Sqrt(2*snr)), 0.01*deg)
		if math.Abs(sr-wantR) > 1e-9*wantR || math.Abs(se-wantE) > 1e-12 || math.Abs(sa-wantE) > 1e-12 {
			t.Errorf("SNR %g: σ = (%g m, %g, %g rad), want (%g m, %g, %g rad)", snr, sr, sa, se, wantR, wantE, wantE)
		}
	}
	// At 60° elevation the azimuth error doubles.
	_, sa, se := m.Sigmas(100, 60*deg)
	if math.Abs(sa/se-2) > 1e-12 {
		t.Errorf("σaz/σel at 60° = %g, want 1/cos 60° = 2", sa/se)
	}
	// High SNR: the floors.
	sr, _, se := m.Sigmas(1e12, 0)
	if math.Abs(sr-10) > 1e-3 || math.Abs(se-0.01*deg) > 1e-9 {
		t.Errorf("SNR 1e12: σ = %g m, %g rad; want the floors 10 m, %g rad", sr, se, 0.01*deg)
	}
	// Range rate: the Doppler resolution λ/(2·T_d) = 1 m/s at 3 GHz over
	// 50 ms, over √(2·SNR), with its floor.
	m.FrequencyHz, m.DwellS, m.RangeRateFloorMps = SpeedOfLight/0.1, 0.05, 0.2
	for _, snr := range []float64{10, 1e4} {
		if got, want := m.RangeRateSigma(snr), math.Hypot(1/math.Sqrt(2*snr), 0.2); math.Abs(got-want) > 1e-12 {
			t.Errorf("SNR %g: σ_ṙ = %g m/s, want %g", snr, got, want)
		}
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	r := Radar{
		Site:            geo.LLA{LatDeg: 95, LonDeg: 10, AltM: -5},
		Faces:           []Face{{BoresightAzDeg: 400, HalfAzDeg: 0, HalfElDeg: 10}},
		MinElevationDeg: 90,
		MaxRangeM:       -1,
		Model:           DetectionModel{FrequencyHz: 1e9, Pfa: 0.7, Swerling: 2, TrackCapacity: -1, FalseAlarmsPerScan: 1, RangeRateFloorMps: -1},
	}
	err := r.Validate()
	if err == nil {
		t.Fatal("Validate: nil, want every problem")
	}
	for _, want := range []string{"ID is empty", "latitude 95", "height -5", "face 1: boresight azimuth 400",
		"face 1: azimuth half-width 0", "minimum elevation 90", "maximum range -1", "average power", "dwell",
		"noise temperature", "bandwidth", "beamwidth", "revisit", "false-alarm probability 0.7", "Swerling case 2",
		"track capacity -1", "range-rate noise floor -1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate error lacks %q:\n%v", want, err)
		}
	}
	if !strings.HasPrefix(err.Error(), "sensor: radar") || strings.Contains(err.Error(), "\n") {
		t.Errorf("error %q: want one line with the package prefix", err)
	}
	ok := Radar{ID: "geometry only", Site: geo.LLA{LatDeg: 10, LonDeg: 20}}
	if err := ok.Validate(); err != nil {
		t.Errorf("geometry-only radar: %v", err)
	}
	for _, lib := range ReferenceRadars() {
		if err := lib.Validate(); err != nil {
			t.Errorf("library radar: %v", err)
		}
	}
}
