package ballistic

import "math"

// The U.S. Standard Atmosphere 1976 (NOAA/NASA/USAF, NOAA-S/T 76-1562,
// NASA-TM-X-74335, October 1976), called "the standard" below.
//
// Below 86 km geometric altitude Density, Pressure and Temperature are the
// standard's defining equations, evaluated exactly: seven layers linear in
// molecular-scale temperature over geopotential altitude (Part 1, Table 4),
// hydrostatic pressure (eqs. 33a, 33b), ideal-gas density (eq. 42). Above
// 86 km the standard integrates a diffusive multi-species model; JRMD does
// not carry that, and instead interpolates the density printed in the
// standard's Table I (geometric altitude, metric units, pp. 68-73) log-linearly
// between nodes at most 50 km apart (a piecewise-exponential fit; measured
// error against the printed rows between the nodes is under 1.5 %, see
// atmosphere_test.go). The kinetic temperature above 86 km is the standard's
// own closed form (Part 1, eqs. 25-31).

// Defining constants (the standard, Part 1, Table 2 and section 1.2).
const (
	atmG0    = 9.80665   // g0', m²/(s²·m'): geopotential metre to metre
	atmRStar = 8314.32   // R*, N·m/(kmol·K): the 1976 value, not today's CODATA one
	atmM0    = 28.9644   // sea-level mean molecular weight, kg/kmol
	atmR0    = 6356766.0 // Earth radius used for geopotential altitude, m
	atmT0    = 288.15    // sea-level temperature, K
	atmP0    = 101325.0  // sea-level pressure, Pa

	// atmFloorM is the lowest altitude the standard tabulates (Table I starts
	// at -5 km); lower altitudes are clamped to it.
	atmFloorM = -5000.0
	// atmJoinM is where the layered model ends and the tabulated one begins.
	atmJoinM = 86000.0
	// atmTopM is the top of the standard; Density is 0 above it.
	atmTopM = 1000000.0

	atmGMR = atmG0 * atmM0 / atmRStar // g0·M0/R*, K per geopotential metre
)

// atmLayer is one of the seven layers below 86 km, with the values at its base.
type atmLayer struct {
	baseH  float64 // base geopotential altitude, m'
	baseT  float64 // molecular-scale temperature at the base, K
	lapse  float64 // dT_M/dH, K/m'
	baseP  float64 // pressure at the base, Pa
	baseRh float64 // density at the base, kg/m³
	// expo is the density exponent: ρ = baseRh·(baseT/T)^expo with
	// expo = 1 + g0·M0/(R*·lapse) for a lapsing layer; for an isothermal
	// layer it is g0·M0/(R*·baseT), the inverse scale height per m'.
	expo float64
}

// atmLayers holds the seven layers of the standard's Table 4 (base
// geopotential altitude, lapse rate); the base temperatures and pressures
// follow from T0 and P0 and are computed once here, as the standard defines them.
var atmLayers = func() [7]atmLayer {
	bases := [7]float64{0, 11000, 20000, 32000, 47000, 51000, 71000}
	lapses := [7]float64{-0.0065, 0, 0.001, 0.0028, 0, -0.0028, -0.002}
	var ls [7]atmLayer
	t, p := atmT0, atmP0
	for i := range ls {
		if i > 0 {
			t, p = atmLayerTP(&ls[i-1], bases[i])
		}
		l := &ls[i]
		l.baseH, l.baseT, l.lapse, l.baseP = bases[i], t, lapses[i], p
		l.baseRh = p * atmM0 / (atmRStar * t)
		if l.lapse == 0 {
			l.expo = atmGMR / t
		} else {
			l.expo = 1 + atmGMR/l.lapse
		}
	}
	return ls
}()

// atmLayerTP is the molecular-scale temperature and the pressure at
// geopotential altitude h inside layer l (the standard, eqs. 23, 33a, 33b).
func atmLayerTP(l *atmLayer, h float64) (tm, p float64) {
	dh := h - l.baseH
	if l.lapse == 0 {
		return l.baseT, l.baseP * math.Exp(-atmGMR*dh/l.baseT)
	}
	tm = l.baseT + l.lapse*dh
	return tm, l.baseP * math.Pow(l.baseT/tm, atmGMR/l.lapse)
}

// atmLower returns the layer and the geopotential altitude for a geometric
// altitude z in [atmFloorM, atmJoinM).
func atmLower(z float64) (*atmLayer, float64) {
	h := atmR0 * z / (atmR0 + z) // the standard, eq. 18
	i := len(atmLayers) - 1
	for i > 0 && h < atmLayers[i].baseH {
		i--
	}
	return &atmLayers[i], h
}

// atmUpperRho is the density of Table I (geometric altitude, metric units),
// kg/m³ as printed, at the nodes of the fit above 86 km; page numbers are
// those of the standard. The 86 km node is not the printed 6.958e-6 but the
// layered model's own value there (6.9579e-6, the same to print precision),
// so that density is continuous and strictly decreasing across the join.
var atmUpperRho = [...]struct{ z, rho float64 }{
	// 86 km: rho filled in from the layered model by init.
	{86000, 0},
	{88000, 4.875e-6}, {90000, 3.416e-6}, {92000, 2.393e-6}, {94000, 1.670e-6}, // p. 68
	{96000, 1.162e-6}, {98000, 8.071e-7}, {100000, 5.604e-7}, {104000, 2.769e-7}, // p. 68
	{108000, 1.381e-7}, {112000, 6.838e-8}, {116000, 3.720e-8}, {120000, 2.222e-8}, // p. 68
	{124000, 1.428e-8}, {128000, 9.717e-9}, {132000, 6.904e-9}, {136000, 5.074e-9}, // p. 68
	{140000, 3.831e-9}, {144000, 2.958e-9}, {148000, 2.326e-9}, // p. 68
	{150000, 2.076e-9}, {160000, 1.233e-9}, {170000, 7.815e-10}, {180000, 5.194e-10}, // p. 69
	{190000, 3.581e-10}, {200000, 2.541e-10}, {210000, 1.846e-10}, {220000, 1.367e-10}, // p. 69
	{230000, 1.029e-10}, {240000, 7.858e-11}, {250000, 6.073e-11}, {260000, 4.742e-11}, // p. 70
	{270000, 3.738e-11}, {280000, 2.971e-11}, {290000, 2.378e-11}, {300000, 1.916e-11}, // p. 70
	{340000, 8.503e-12}, {380000, 4.013e-12}, {420000, 1.975e-12}, {460000, 1.002e-12}, // p. 71
	{500000, 5.215e-13}, {550000, 2.384e-13}, {600000, 1.137e-13}, {650000, 5.712e-14}, // p. 72
	{700000, 3.070e-14}, {750000, 1.788e-14}, {800000, 1.136e-14}, // p. 72
	{850000, 7.824e-15}, {900000, 5.759e-15}, {950000, 4.453e-15}, {1000000, 3.561e-15}, // p. 73
}

// atmUpper holds, per segment between two nodes, the node's altitude, the
// natural log of its density and the slope of ln ρ, so that one segment
// costs a subtraction, a multiply-add and an exp.
var atmUpper [len(atmUpperRho)]struct{ z, lnRho, slope float64 }

func init() {
	l, h := atmLower(atmJoinM - 1e-9)
	tm, p := atmLayerTP(l, h)
	atmUpperRho[0].rho = p * atmM0 / (atmRStar * tm)
	for i, n := range atmUpperRho {
		atmUpper[i].z, atmUpper[i].lnRho = n.z, math.Log(n.rho)
	}
	for i := 0; i+1 < len(atmUpper); i++ {
		atmUpper[i].slope = (atmUpper[i+1].lnRho - atmUpper[i].lnRho) / (atmUpper[i+1].z - atmUpper[i].z)
	}
}

// Density is the air density of the U.S. Standard Atmosphere 1976, kg/m³, at
// geometric altitude altM (m above mean sea level). Below 86 km it is the
// standard's layered model, exactly; from 86 to 1,000 km a piecewise-
// exponential fit to the standard's Table I; above 1,000 km it is 0. Altitudes
// below -5 km are treated as -5 km (the standard's lowest row). A NaN altitude
// gives NaN. Density does not allocate and is safe for concurrent use.
func Density(altM float64) float64 {
	switch {
	case altM < atmFloorM:
		altM = atmFloorM
	case altM >= atmJoinM:
		return atmUpperDensity(altM)
	case !(altM >= atmFloorM): // NaN
		return math.NaN()
	}
	l, h := atmLower(altM)
	if l.lapse == 0 {
		return l.baseRh * math.Exp(-l.expo*(h-l.baseH))
	}
	// Exp of Log rather than Pow: the same to a few ulps and over twice as
	// fast (math.Pow handles special cases this never meets), which matters
	// inside the integrator.
	return l.baseRh * math.Exp(l.expo*math.Log(l.baseT/(l.baseT+l.lapse*(h-l.baseH))))
}

func atmUpperDensity(z float64) float64 {
	if z > atmTopM {
		return 0
	}
	// Binary search for the last node at or below z (z >= first node here).
	lo, hi := 0, len(atmUpper)-1
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if atmUpper[mid].z <= z {
			lo = mid
		} else {
			hi = mid
		}
	}
	n := &atmUpper[lo]
	return math.Exp(n.lnRho + n.slope*(z-n.z))
}

// Pressure is the air pressure of the U.S. Standard Atmosphere 1976, Pa, at
// geometric altitude altM (m) up to 86 km; altitudes below -5 km are treated
// as -5 km. Above 86 km the standard's pressure needs its species model, which
// JRMD does not carry: Pressure returns NaN there (and for a NaN altitude).
func Pressure(altM float64) float64 {
	if altM > atmJoinM || !(altM == altM) {
		return math.NaN()
	}
	altM = math.Max(altM, atmFloorM)
	l, h := atmLower(altM)
	_, p := atmLayerTP(l, h)
	return p
}

// Kinetic temperature above 86 km (the standard, Part 1, eqs. 25-31 and
// Table 5): isothermal to 91 km, an elliptical arc to 110 km, linear to
// 120 km, then an exponential approach to the exospheric 1,000 K.
const (
	atmT7        = 186.8673 // K, 86-91 km
	atmZ8        = 91000.0  // m
	atmTc        = 263.1905 // K, centre of the 91-110 km ellipse
	atmA         = -76.3232 // K
	atmSmallA    = -19942.9 // m
	atmZ9        = 110000.0 // m
	atmT9        = 240.0    // K
	atmLK9       = 0.012    // K/m, 110-120 km
	atmZ10       = 120000.0 // m
	atmT10       = 360.0    // K
	atmTInf      = 1000.0   // K, exospheric temperature
	atmLambdaInv = (atmTInf - atmT10) / atmLK9
)

// Temperature is the air temperature of the U.S. Standard Atmosphere 1976, K,
// at geometric altitude altM (m), as the standard's Table I prints it: below
// 86 km the molecular-scale temperature of the layered model, from 86 to
// 1,000 km the kinetic temperature of the standard's closed form, and the
// 1,000 km value above. The two differ only from 80 to 86 km, by at most
// 0.042 % (the molecular-weight ratio of the standard's Table 8, which its
// Table I does not apply), so Temperature steps down by 0.08 K at 86 km, as
// the printed table does. Altitudes below -5 km are treated as -5 km; a NaN
// altitude gives NaN.
func Temperature(altM float64) float64 {
	z := altM
	switch {
	case z < atmFloorM:
		z = atmFloorM
	case z > atmTopM:
		z = atmTopM
	case !(z == z):
		return math.NaN()
	}
	switch {
	case z < atmJoinM:
		l, h := atmLower(z)
		return l.baseT + l.lapse*(h-l.baseH)
	case z < atmZ8:
		return atmT7
	case z < atmZ9:
		u := (z - atmZ8) / atmSmallA
		return atmTc + atmA*math.Sqrt(1-u*u)
	case z < atmZ10:
		return atmT9 + atmLK9*(z-atmZ9)
	default:
		xi := (z - atmZ10) * (atmR0 + atmZ10) / (atmR0 + z)
		return atmTInf - (atmTInf-atmT10)*math.Exp(-xi/atmLambdaInv)
	}
}
