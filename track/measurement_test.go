package track

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/sensor"
)

// TestAERMatchesGeo checks h(x, t) against geo's own chain: rotate the
// inertial position to ECEF with geo.ECIToECEF at θ = ω·t, then
// geo.Earth.AER from the site.
func TestAERMatchesGeo(t *testing.T) {
	const (
		tolRangeM = 1e-6 // rounding on ~1e6 m
		tolAngle  = 1e-12
	)
	m := NewAER(geo.WGS84, kurecik)
	rng := rand.New(rand.NewPCG(1, 2))
	site := geo.WGS84.ToECEF(kurecik)
	for range 200 {
		tS := rng.Float64() * 5000
		// A point 100–3000 km from the site, anywhere above the horizon.
		off := geo.Vec3{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}.Unit().Scale(1e5 + 2.9e6*rng.Float64())
		pe := geo.ECEF(geo.Vec3(site).Add(off))
		pi := geo.ECEFToECI(pe, geo.OmegaEarth*tS)
		x := [6]float64{pi[0], pi[1], pi[2], 1, 2, 3}
		z := m.Measure(x, tS)
		want := geo.WGS84.AER(kurecik, pe)
		if math.Abs(z[0]-want.RangeM) > tolRangeM || math.Abs(wrapPi(z[1]-want.AzRad)) > tolAngle || math.Abs(z[2]-want.ElRad) > tolAngle {
			t.Fatalf("Measure = %v, geo says %+v", z, want)
		}
		z2, _ := m.Linearize(x, tS)
		if math.Abs(z2[0]-z[0]) > tolRangeM || math.Abs(z2[1]-z[1]) > tolAngle || math.Abs(z2[2]-z[2]) > tolAngle {
			t.Fatalf("Linearize z = %v, Measure = %v", z2, z)
		}
	}
}

// TestAERJacobian checks the analytic Jacobian against central finite
// differences. With a step of 1 m on positions ~1e6 m away the truncation
// error of a central difference is ~(1 m)²·|h”'| ≈ 1e-12/ρ² relative, and
// rounding ~1e-16·ρ/1 m; the tolerance 1e-6 relative to each row's size
// leaves room for both.
func TestAERJacobian(t *testing.T) {
	const (
		stepM  = 1.0
		relTol = 1e-6
	)
	m := NewAER(geo.WGS84, kurecik)
	rng := rand.New(rand.NewPCG(3, 4))
	site := geo.WGS84.ToECEF(kurecik)
	for range 200 {
		tS := rng.Float64() * 3000
		off := geo.Vec3{rng.NormFloat64(), rng.NormFloat64(), math.Abs(rng.NormFloat64())}.Unit().Scale(5e4 + 3e6*rng.Float64())
		pi := geo.ECEFToECI(geo.ECEF(geo.Vec3(site).Add(off)), geo.OmegaEarth*tS)
		x := [6]float64{pi[0], pi[1], pi[2], 100, -2000, 3000}
		_, h := m.Linearize(x, tS)
		for j := range 6 {
			xp, xm := x, x
			xp[j] += stepM
			xm[j] -= stepM
			d := m.Residual(m.Measure(xp, tS), m.Measure(xm, tS))
			for i := range 3 {
				fd := d[i] / (2 * stepM)
				rowScale := math.Abs(h[i][0]) + math.Abs(h[i][1]) + math.Abs(h[i][2])
				if math.Abs(fd-h[i][j]) > relTol*rowScale {
					t.Fatalf("t=%g: H[%d][%d] = %g, finite difference %g", tS, i, j, h[i][j], fd)
				}
			}
		}
	}
}

// TestLocate checks that Locate inverts Measure, and that its covariance
// is the Jacobian-propagated R: J_loc·H_pos = I for the position block.
func TestLocate(t *testing.T) {
	const (
		tolPosM = 1e-6
		relTol  = 1e-9
	)
	rng := rand.New(rand.NewPCG(5, 6))
	models := []MeasurementModel{NewAER(geo.WGS84, kurecik), Position{}, PositionECEF{}}
	site := geo.WGS84.ToECEF(kurecik)
	for _, model := range models {
		loc := model.(Locator)
		for range 50 {
			tS := rng.Float64() * 3000
			off := geo.Vec3{rng.NormFloat64(), rng.NormFloat64(), math.Abs(rng.NormFloat64())}.Unit().Scale(1e5 + 2e6*rng.Float64())
			pi := geo.ECEFToECI(geo.ECEF(geo.Vec3(site).Add(off)), geo.OmegaEarth*tS)
			x := [6]float64{pi[0], pi[1], pi[2]}
			z, h := model.Linearize(x, tS)
			r := aerCov(10, 1e-3)
			if _, ok := model.(*AER); !ok {
				r = [3][3]float64{{100, 10, 0}, {10, 400, 5}, {0, 5, 900}}
			}
			p, cov := loc.Locate(z, r, tS)
			for i := range 3 {
				if math.Abs(p[i]-x[i]) > tolPosM {
					t.Fatalf("%T: Locate(Measure(x)) = %v, x = %v", model, p, x[:3])
				}
			}
			// The pre-gate's shortcut: the same position and the trace.
			s, c := math.Sincos(theta(tS))
			p2, tr := model.(traceLocator).locateTrace(z, &r, s, c)
			d := math.Abs(p2[0]-p[0]) + math.Abs(p2[1]-p[1]) + math.Abs(p2[2]-p[2])
			if trace := cov[0][0] + cov[1][1] + cov[2][2]; math.Abs(tr-trace) > relTol*trace || d > tolPosM {
				t.Fatalf("%T: locateTrace = %v, %g; Locate = %v, trace %g", model, p2, tr, p, trace)
			}
			// H_pos·cov·H_posᵀ must give back R.
			var back [3][3]float64
			for a := range 3 {
				for b := range 3 {
					for i := range 3 {
						for j := range 3 {
							back[a][b] += h[a][i] * cov[i][j] * h[b][j]
						}
					}
				}
			}
			for a := range 3 {
				for b := range 3 {
					scale := math.Sqrt(r[a][a] * r[b][b])
					if math.Abs(back[a][b]-r[a][b]) > relTol*scale*1e3 {
						t.Fatalf("%T: H·cov·Hᵀ = %v, R = %v", model, back, r)
					}
				}
			}
		}
	}
}

func TestResidualWrapsAzimuth(t *testing.T) {
	m := NewAER(geo.WGS84, kurecik)
	got := m.Residual([3]float64{10, 0.01, 0.2}, [3]float64{5, 2*math.Pi - 0.02, 0.1})
	if math.Abs(got[0]-5) > 1e-12 || math.Abs(got[1]-0.03) > 1e-12 || math.Abs(got[2]-0.1) > 1e-12 {
		t.Errorf("Residual = %v, want [5 0.03 0.1]", got)
	}
	for _, a := range []float64{0, 1, -1, math.Pi, -math.Pi, 3 * math.Pi, -7.5, 100} {
		w := wrapPi(a)
		if !(w > -math.Pi && w <= math.Pi) || math.Abs(math.Remainder(w-a, 2*math.Pi)) > 1e-12 {
			t.Errorf("wrapPi(%g) = %g", a, w)
		}
	}
}

func TestFromDetection(t *testing.T) {
	d := sensor.Detection{
		TimeS: 12.5, SensorID: "tpy2", Site: kurecik,
		Z: geo.AER{AzRad: 1.1, ElRad: 0.2, RangeM: 1.5e6},
		R: aerCov(10, 1e-3), SNRdB: 20, TruthID: 7,
	}
	m := FromDetection(d)
	if m.Z != [3]float64{1.5e6, 1.1, 0.2} || m.R != d.R || m.TimeS != 12.5 || m.SensorID != "tpy2" || m.TruthID != 7 {
		t.Errorf("FromDetection = %+v", m)
	}
	aer, ok := m.Model.(*AER)
	if !ok || aer.Site != kurecik {
		t.Fatalf("model = %#v, want the AER of the site", m.Model)
	}
	if m2 := FromDetection(d); m2.Model != m.Model {
		t.Errorf("FromDetection made a second model for the same site")
	}
	// The model measures what the detection says: Locate then Measure.
	p, _ := aer.Locate(m.Z, m.R, m.TimeS)
	z := aer.Measure([6]float64{p[0], p[1], p[2]}, m.TimeS)
	if math.Abs(z[0]-1.5e6) > 1e-6 || math.Abs(z[1]-1.1) > 1e-12 || math.Abs(z[2]-0.2) > 1e-12 {
		t.Errorf("round trip through the model: %v", z)
	}
}

// TestFrameRoundTrip checks FromECEF/ToECEF, that CovToECEF is the
// exact linear map (finite differences of ToECEF), and that CovFromECEF
// undoes it.
func TestFrameRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 50 {
		tS := rng.Float64() * 1e4
		pos := geo.ECEF{6.4e6 * rng.NormFloat64(), 6.4e6 * rng.NormFloat64(), 6.4e6 * rng.NormFloat64()}
		vel := geo.ECEF{3e3 * rng.NormFloat64(), 3e3 * rng.NormFloat64(), 3e3 * rng.NormFloat64()}
		x := FromECEF(pos, vel, tS)
		p2, v2 := ToECEF(x, tS)
		for i := range 3 {
			if math.Abs(p2[i]-pos[i]) > 1e-6 || math.Abs(v2[i]-vel[i]) > 1e-9 {
				t.Fatalf("round trip: %v %v, want %v %v", p2, v2, pos, vel)
			}
		}
		// CovToECEF of e_k e_kᵀ must be J e_k (J e_k)ᵀ; J e_k from ToECEF.
		for k := range 6 {
			var unit [6][6]float64
			unit[k][k] = 1
			c := CovToECEF(&unit, tS)
			var xk [6]float64
			xk[k] = 1
			pk, vk := ToECEF(xk, tS)
			col := [6]float64{pk[0], pk[1], pk[2], vk[0], vk[1], vk[2]}
			for i := range 6 {
				for j := range 6 {
					if math.Abs(c[i][j]-col[i]*col[j]) > 1e-15 {
						t.Fatalf("CovToECEF column %d: %v vs %v", k, c, col)
					}
				}
			}
		}
		// A covariance of a tracked missile's spread (km, tens of m/s,
		// correlated), there and back.
		var a [6][6]float64
		for i := range 6 {
			for j := range 6 {
				a[i][j] = rng.NormFloat64() * []float64{1e3, 1e3, 1e3, 30, 30, 30}[i]
			}
		}
		var p [6][6]float64 // a·aᵀ
		for i := range 6 {
			for j := range 6 {
				for k := range 6 {
					p[i][j] += a[i][k] * a[j][k]
				}
			}
		}
		back := CovFromECEF(new(CovToECEF(&p, tS)), tS)
		for i := range 6 {
			for j := range 6 {
				if tol := 1e-12 * math.Sqrt(p[i][i]*p[j][j]); math.Abs(back[i][j]-p[i][j]) > tol {
					t.Fatalf("CovFromECEF(CovToECEF(p))[%d][%d] = %g, want %g ± %g", i, j, back[i][j], p[i][j], tol)
				}
			}
		}
	}
}
