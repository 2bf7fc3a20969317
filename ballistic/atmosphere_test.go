package ballistic

import (
	"math"
	"testing"
)

// Reference values: U.S. Standard Atmosphere, 1976 (NOAA/NASA/USAF,
// NOAA-S/T 76-1562, NASA-TM-X-74335), Part 4, Table I, "temperature, pressure
// and density for geometric altitudes in metric units", as printed (pressure
// converted from mb to Pa); the page of each row is noted.
const (
	// tolLowerRel is the relative tolerance on density and pressure below
	// 86 km, where Density and Pressure are the standard's own equations and
	// only the table's five-digit rounding separates them.
	tolLowerRel = 1e-3
	// tolUpperRel is the relative tolerance on density above 86 km, where
	// Density is a piecewise-exponential fit to the table's nodes.
	tolUpperRel = 0.05
	// tolTempLowK and tolTempHighK are one unit in the last printed digit of
	// the table's temperature below and above 86 km.
	tolTempLowK  = 0.001
	tolTempHighK = 0.01
)

type atmRow struct {
	z    float64 // geometric altitude, m
	t    float64 // temperature, K
	p    float64 // pressure, Pa
	rho  float64 // density, kg/m³
	page int
}

// atmRowsLower are Table I rows below and at 86 km.
var atmRowsLower = []atmRow{
	{-5000, 320.676, 1.7776e5, 1.9311e0, 51},
	{0, 288.150, 1.01325e5, 1.2250e0, 53},
	{1000, 281.651, 8.9876e4, 1.1117e0, 53},
	{5000, 255.676, 5.4048e4, 7.3643e-1, 55},
	{10000, 223.252, 2.6499e4, 4.1351e-1, 57},
	{11000, 216.774, 2.2699e4, 3.6480e-1, 59},
	{20000, 216.650, 5.5293e3, 8.8910e-2, 61},
	{32000, 228.490, 8.8906e2, 1.3555e-2, 63},
	{47400, 270.650, 1.1022e2, 1.4187e-3, 65},
	{50000, 270.650, 7.9779e1, 1.0269e-3, 65},
	{55000, 260.771, 4.2525e1, 5.6810e-4, 65},
	{70000, 219.585, 5.2209e0, 8.2829e-5, 67},
	{80000, 198.639, 1.0524e0, 1.8458e-5, 67},
	{85000, 188.893, 4.4568e-1, 8.2196e-6, 67},
}

// atmLayerBaseRho is the density at the layer bases 47, 51 and 71 km
// geopotential (Table I, geopotential-altitude pages).
var atmLayerBaseRho = []struct{ h, rho float64 }{
	{47000, 1.4275e-3},
	{51000, 8.6160e-4},
	{71000, 6.4211e-5},
}

// atmRowsUpper are Table I densities above 86 km (pp. 68-73). The rows marked
// "node" are nodes of the fit, checking its transcription; all others lie
// between nodes and measure the fit's interpolation error.
var atmRowsUpper = []struct{ z, rho float64 }{
	{86000, 6.958e-6}, // node (from the layered model)
	{87000, 5.824e-6}, {89000, 4.081e-6}, {91000, 2.860e-6}, {93000, 2.000e-6},
	{95000, 1.393e-6}, {97000, 9.685e-7}, {99000, 6.725e-7},
	{100000, 5.604e-7}, // node
	{102000, 3.935e-7}, {106000, 1.954e-7}, {110000, 9.708e-8}, {114000, 4.975e-8},
	{118000, 2.847e-8}, {122000, 1.767e-8}, {126000, 1.171e-8}, {130000, 8.152e-9},
	{134000, 5.897e-9}, {138000, 4.396e-9}, {142000, 3.358e-9}, {146000, 2.618e-9},
	{150000, 2.076e-9}, // node
	{155000, 1.585e-9}, {165000, 9.750e-10}, {175000, 6.339e-10}, {185000, 4.295e-10},
	{195000, 3.006e-10},
	{200000, 2.541e-10}, // node
	{205000, 2.160e-10}, {215000, 1.585e-10}, {225000, 1.184e-10}, {235000, 8.979e-11},
	{245000, 6.898e-11}, {255000, 5.360e-11}, {265000, 4.206e-11}, {275000, 3.329e-11},
	{285000, 2.656e-11}, {295000, 2.133e-11},
	{300000, 1.916e-11}, // node
	{310000, 1.552e-11}, {320000, 1.264e-11}, {360000, 5.805e-12}, {400000, 2.803e-12},
	{440000, 1.402e-12}, {480000, 7.208e-13},
	{500000, 5.215e-13}, // node
	{525000, 3.509e-13}, {575000, 1.637e-13}, {625000, 7.998e-14}, {675000, 4.148e-14},
	{725000, 2.318e-14}, {775000, 1.410e-14}, {825000, 9.339e-15}, {875000, 6.664e-15},
	{925000, 5.038e-15}, {975000, 3.968e-15},
	{1000000, 3.561e-15}, // node
}

// atmTempUpper are Table I kinetic temperatures above 86 km (pp. 68-73).
var atmTempUpper = []struct{ z, t float64 }{
	{86000, 186.87}, {92000, 186.96}, {100000, 195.08}, {110000, 240.00},
	{120000, 360.00}, {130000, 469.27}, {150000, 634.39}, {200000, 854.56},
	{230000, 915.78}, {500000, 999.24}, {1000000, 1000.00},
}

func relErr(got, want float64) float64 { return math.Abs(got-want) / math.Abs(want) }

// geometric converts geopotential altitude h (m') to geometric altitude (m),
// inverting the standard's eq. 18.
func geometric(h float64) float64 { return atmR0 * h / (atmR0 - h) }

func TestAtmosphereTableBelow86km(t *testing.T) {
	var worstRho, worstP, worstT float64
	for _, r := range atmRowsLower {
		if e := relErr(Density(r.z), r.rho); e > tolLowerRel {
			t.Errorf("Density(%g m) = %.5g kg/m³, Table I p. %d prints %.5g (rel. error %.2g > %g)", r.z, Density(r.z), r.page, r.rho, e, tolLowerRel)
		} else {
			worstRho = math.Max(worstRho, e)
		}
		if e := relErr(Pressure(r.z), r.p); e > tolLowerRel {
			t.Errorf("Pressure(%g m) = %.5g Pa, Table I p. %d prints %.5g (rel. error %.2g > %g)", r.z, Pressure(r.z), r.page, r.p, e, tolLowerRel)
		} else {
			worstP = math.Max(worstP, e)
		}
		if d := math.Abs(Temperature(r.z) - r.t); d > tolTempLowK {
			t.Errorf("Temperature(%g m) = %.4f K, Table I p. %d prints %.3f (|diff| %.4f > %g K)", r.z, Temperature(r.z), r.page, r.t, d, tolTempLowK)
		} else {
			worstT = math.Max(worstT, d)
		}
	}
	for _, b := range atmLayerBaseRho {
		z := geometric(b.h)
		if e := relErr(Density(z), b.rho); e > tolLowerRel {
			t.Errorf("Density at %g m' geopotential = %.5g kg/m³, Table I prints %.5g (rel. error %.2g > %g)", b.h, Density(z), b.rho, e, tolLowerRel)
		}
	}
	t.Logf("below 86 km: worst relative error density %.1e, pressure %.1e; worst temperature error %.4f K", worstRho, worstP, worstT)
}

func TestAtmosphereTableAbove86km(t *testing.T) {
	var worst, worstAt float64
	for _, r := range atmRowsUpper {
		got := Density(r.z)
		e := relErr(got, r.rho)
		if e > tolUpperRel {
			t.Errorf("Density(%g km) = %.4g kg/m³, Table I prints %.4g (rel. error %.3f > %g)", r.z/1000, got, r.rho, e, tolUpperRel)
		}
		if e > worst {
			worst, worstAt = e, r.z
		}
	}
	t.Logf("86-1000 km: worst relative error of the fit %.2f %% at %g km", 100*worst, worstAt/1000)
	for _, r := range atmTempUpper {
		if d := math.Abs(Temperature(r.z) - r.t); d > tolTempHighK {
			t.Errorf("Temperature(%g km) = %.4f K, Table I prints %.2f (|diff| %.4f > %g K)", r.z/1000, Temperature(r.z), r.t, d, tolTempHighK)
		}
	}
}

func TestAtmosphereLimits(t *testing.T) {
	floor := Density(-5000)
	for _, z := range []float64{-5000.001, -6000, -1e6, math.Inf(-1)} {
		if got := Density(z); got != floor {
			t.Errorf("Density(%g) = %g, want the -5 km value %g (clamped)", z, got, floor)
		}
		if got, want := Temperature(z), Temperature(-5000); got != want {
			t.Errorf("Temperature(%g) = %g, want the -5 km value %g", z, got, want)
		}
		if got, want := Pressure(z), Pressure(-5000); got != want {
			t.Errorf("Pressure(%g) = %g, want the -5 km value %g", z, got, want)
		}
	}
	for _, z := range []float64{1000000.001, 1.5e6, 4e7, math.Inf(1)} {
		if got := Density(z); got != 0 {
			t.Errorf("Density(%g) = %g, want 0 above 1000 km", z, got)
		}
		if got := Temperature(z); math.Abs(got-1000) > tolTempHighK {
			t.Errorf("Temperature(%g) = %g, want the 1000 km value", z, got)
		}
	}
	for _, z := range []float64{86000.001, 100000, 1e6} {
		if got := Pressure(z); !math.IsNaN(got) {
			t.Errorf("Pressure(%g) = %g, want NaN above 86 km", z, got)
		}
	}
	nan := math.NaN()
	if !math.IsNaN(Density(nan)) || !math.IsNaN(Temperature(nan)) || !math.IsNaN(Pressure(nan)) {
		t.Errorf("NaN altitude: Density %g, Temperature %g, Pressure %g; want NaN", Density(nan), Temperature(nan), Pressure(nan))
	}
}

// TestAtmosphereContinuity checks that nothing jumps at the layer bases, at
// the 86 km join, or at the nodes of the fit above it.
func TestAtmosphereContinuity(t *testing.T) {
	const (
		eps = 1e-3 // m either side of a boundary
		// tolJumpRel bounds the relative change across 2 mm; the density
		// scale height is at least ~5.5 km, so smooth change there is < 1e-6.
		tolJumpRel = 2e-6
		// tolJumpJoinK is the temperature step the standard itself prints at
		// 86 km: T_M = 186.946 K just below, kinetic 186.867 K at 86 km
		// (Table I; see Temperature).
		tolJumpJoinK = 0.08
	)
	var bounds []float64
	for _, l := range atmLayers[1:] {
		bounds = append(bounds, geometric(l.baseH))
	}
	for _, n := range atmUpper {
		bounds = append(bounds, n.z)
	}
	bounds = append(bounds, atmZ8, atmZ9, atmZ10)
	for _, z := range bounds {
		if z >= atmTopM {
			continue
		}
		lo, hi := Density(z-eps), Density(z+eps)
		if e := relErr(hi, lo); e > tolJumpRel {
			t.Errorf("density jumps by %.2g (relative) across %.3f m", e, z)
		}
		tlo, thi := Temperature(z-eps), Temperature(z+eps)
		tol := tolJumpRel * tlo
		if z == atmJoinM {
			tol = tolJumpJoinK
		}
		if d := math.Abs(thi - tlo); d > tol {
			t.Errorf("temperature jumps by %.3g K across %.3f m", d, z)
		}
		if z < atmJoinM {
			if e := relErr(Pressure(z+eps), Pressure(z-eps)); e > tolJumpRel {
				t.Errorf("pressure jumps by %.2g (relative) across %.3f m", e, z)
			}
		}
	}
}

func TestAtmosphereDensityDecreases(t *testing.T) {
	const step = 10.0 // m
	prev := Density(atmFloorM)
	for z := atmFloorM + step; z <= atmTopM; z += step {
		rho := Density(z)
		if !(rho < prev) || rho <= 0 {
			t.Fatalf("Density(%g m) = %g, not below Density(%g m) = %g", z, rho, z-step, prev)
		}
		prev = rho
	}
	prevP := Pressure(atmFloorM)
	for z := atmFloorM + step; z <= atmJoinM; z += step {
		p := Pressure(z)
		if !(p < prevP) {
			t.Fatalf("Pressure(%g m) = %g, not below Pressure(%g m) = %g", z, p, z-step, prevP)
		}
		prevP = p
	}
}

func TestAtmosphereDoesNotAllocate(t *testing.T) {
	var sink float64
	allocs := testing.AllocsPerRun(100, func() {
		for _, z := range []float64{-1e4, 0, 15000, 60000, 90000, 400000, 2e6} {
			sink += Density(z) + Temperature(z)
		}
	})
	if allocs != 0 {
		t.Errorf("Density and Temperature allocate %g times per run, want 0", allocs)
	}
	_ = sink
}

// FuzzAtmosphereDensity checks that no altitude panics and that every
// non-NaN altitude gives a density between 0 and the -5 km value.
func FuzzAtmosphereDensity(f *testing.F) {
	for _, z := range []float64{-5000, 0, 11000, 85999.999, 86000, 1e6, 1e6 + 1, -1e300, 1e300} {
		f.Add(z)
	}
	max := Density(atmFloorM)
	f.Fuzz(func(t *testing.T, z float64) {
		rho := Density(z)
		temp := Temperature(z)
		_ = Pressure(z)
		if math.IsNaN(z) {
			return
		}
		if !(rho >= 0 && rho <= max) {
			t.Errorf("Density(%g) = %g, outside [0, %g]", z, rho, max)
		}
		if !(temp >= 186 && temp <= 1000) {
			t.Errorf("Temperature(%g) = %g K, outside the standard's range", z, temp)
		}
	})
}

var benchAlts = func() []float64 {
	// Altitudes spread evenly from 0 to 1,200 km, as a long-range flight
	// samples them: most above 86 km, some above 1,000 km.
	zs := make([]float64, 1024)
	for i := range zs {
		zs[i] = float64(i) * 1.2e6 / float64(len(zs))
	}
	return zs
}()

func BenchmarkDensity(b *testing.B) {
	var sink float64
	for i := 0; b.Loop(); i++ {
		sink += Density(benchAlts[i&1023])
	}
	_ = sink
}

func BenchmarkDensityBelow86km(b *testing.B) {
	var sink float64
	for i := 0; b.Loop(); i++ {
		sink += Density(float64(i&1023) * 84) // 0 to 86 km
	}
	_ = sink
}

func BenchmarkTemperature(b *testing.B) {
	var sink float64
	for i := 0; b.Loop(); i++ {
		sink += Temperature(benchAlts[i&1023])
	}
	_ = sink
}
