package track

import (
	"math"
	"sync"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/sensor"
)

// Measurement is one report a tracker consumes: a 3-vector Z at a time from
// a sensor, with its covariance R and the model that says how Z depends on
// the state.
type Measurement struct {
	TimeS    float64 // scenario time, s
	SensorID string
	Model    MeasurementModel
	// Z is the measured vector in the model's units and order: for AER,
	// (RangeM, AzRad, ElRad); for the position models, (x, y, z) m.
	Z [3]float64
	// R is the covariance of Z.
	R [3][3]float64
	// RangeRate is a radar's measured range rate (m/s) and RangeRateVar
	// its variance, its noise independent of Z's; RangeRateVar 0: not
	// measured. Only AER measurements use it (see rangerate.go).
	RangeRate, RangeRateVar float64
	// TruthID is the object that caused the report (−1 for a false alarm).
	// Only metrics and tests read it; the tracker never does.
	TruthID int
}

// MeasurementModel is a measurement function h(x, t) of a 6-state
// (position, velocity) in the filter frame. Implementations take and return
// values so that a call through the interface allocates nothing.
type MeasurementModel interface {
	// Measure returns h(x) at scenario time tS.
	Measure(x [6]float64, tS float64) [3]float64
	// Linearize returns h(x) and its Jacobian ∂h/∂x at x.
	Linearize(x [6]float64, tS float64) ([3]float64, [3][6]float64)
	// Residual returns z − zhat, with angles wrapped to (−π, π].
	Residual(z, zhat [3]float64) [3]float64
}

// Locator is a MeasurementModel that can be inverted for position: it
// returns the position in the filter frame that a measurement z with
// covariance r indicates, and that position's covariance (first order).
// Single-point initiation and the tracker's spatial pre-gating use it.
type Locator interface {
	Locate(z [3]float64, r [3][3]float64, tS float64) (pos [3]float64, cov [3][3]float64)
}

// traceLocator is implemented by the models of this package: Locate's
// position and only the trace of its covariance, which is all the
// tracker's pre-gate needs and is cheaper than the covariance.
// The rotation angle's sine and cosine come precomputed, since every
// measurement of a scan shares them.
type traceLocator interface {
	locateTrace(z [3]float64, r *[3][3]float64, sinTheta, cosTheta float64) (pos [3]float64, trace float64)
}

// wrapPi returns a in (−π, π].
func wrapPi(a float64) float64 {
	if a > -math.Pi && a <= math.Pi {
		return a
	}
	a = math.Mod(a, 2*math.Pi)
	switch {
	case a > math.Pi:
		a -= 2 * math.Pi
	case a <= -math.Pi:
		a += 2 * math.Pi
	}
	return a
}

// AER is a ground radar's measurement of slant range, azimuth (clockwise
// from north) and elevation from an Earth-fixed site, of a state in the
// scenario inertial frame. Z = (RangeM, AzRad, ElRad), the order of
// sensor.Detection.R. Because the site is fixed in ECEF, its inertial
// position turns with the Earth: h(x, t) = aer(B·(R3(ωt)·r − s)), with B
// the site's east-north-up rotation and s its ECEF position.
//
// The Jacobian is analytic: with (e, n, u) the ENU vector, ρ its length and
// h = √(e²+n²), ∂ρ = (e, n, u)/ρ, ∂az = (n, −e, 0)/h², ∂el = (−e·u, −n·u,
// h²)/(ρ²·h), chained with ∂(e,n,u)/∂r = B·R3(ωt). Straight above the site
// (h → 0) the azimuth carries no information and its row is zero.
type AER struct {
	Site geo.LLA
	site [3]float64    // ECEF, m
	b    [3][3]float64 // rows: east, north, up unit vectors in ECEF
}

// NewAER returns the AER model of a site on the Earth e.
func NewAER(e geo.Earth, site geo.LLA) *AER {
	s := e.ToECEF(site)
	east := geo.RotateFromENU(site, geo.ENU{1, 0, 0})
	north := geo.RotateFromENU(site, geo.ENU{0, 1, 0})
	up := geo.RotateFromENU(site, geo.ENU{0, 0, 1})
	return &AER{Site: site, site: s, b: [3][3]float64{east, north, up}}
}

// minHorizFrac is the horizontal fraction of the line of sight below which
// the azimuth of an AER measurement is treated as undefined (within 1e-9
// rad of the zenith).
const minHorizFrac = 1e-9

// enu returns the ENU vector from the site to the inertial position x at
// time tS, and M = B·R3(θ), the matrix that maps inertial vectors to ENU.
func (m *AER) enu(x [6]float64, tS float64) (v [3]float64, mm [3][3]float64) {
	s, c := math.Sincos(theta(tS))
	// ECEF position: R3(θ)·r.
	d := [3]float64{c*x[0] + s*x[1] - m.site[0], -s*x[0] + c*x[1] - m.site[1], x[2] - m.site[2]}
	for i := range 3 {
		b := &m.b[i]
		v[i] = b[0]*d[0] + b[1]*d[1] + b[2]*d[2]
		mm[i] = [3]float64{b[0]*c - b[1]*s, b[0]*s + b[1]*c, b[2]}
	}
	return v, mm
}

// Measure implements MeasurementModel.
func (m *AER) Measure(x [6]float64, tS float64) [3]float64 {
	v, _ := m.enu(x, tS)
	a := geo.ToAER(geo.ENU(v))
	return [3]float64{a.RangeM, a.AzRad, a.ElRad}
}

// Linearize implements MeasurementModel.
func (m *AER) Linearize(x [6]float64, tS float64) (z [3]float64, hm [3][6]float64) {
	var hp [3][3]float64
	sinT, cosT := math.Sincos(theta(tS))
	z = m.linearizeAt(&x, sinT, cosT, &hp)
	for i := range 3 {
		hm[i] = [6]float64{hp[i][0], hp[i][1], hp[i][2]}
	}
	return z, hm
}

// linearizeAt returns h(x) and sets hp to the position columns of its
// Jacobian (the velocity columns are zero), at the time whose rotation
// angle θ has sine s and cosine c.
func (m *AER) linearizeAt(x *[6]float64, s, c float64, hp *[3][3]float64) [3]float64 {
	g := m.jacobianAt(x, s, c, hp)
	return g.aer()
}

// enuGeom is the line of sight of a predicted AER measurement: its ENU
// vector, horizontal length and slant range.
type enuGeom struct{ e, n, u, h, rho float64 }

// aer returns the (range, azimuth, elevation) of g.
func (g *enuGeom) aer() [3]float64 {
	az := math.Atan2(g.e, g.n)
	if az < 0 {
		az += 2 * math.Pi
	}
	return [3]float64{g.rho, az, math.Atan2(g.u, g.h)}
}

// jacobianAt returns the line of sight to x and sets hp as linearizeAt
// does. Written out entry by entry: it runs for every gated
// track–measurement pair.
func (m *AER) jacobianAt(x *[6]float64, s, c float64, hp *[3][3]float64) enuGeom {
	// ECEF position: R3(θ)·r.
	d0, d1, d2 := c*x[0]+s*x[1]-m.site[0], -s*x[0]+c*x[1]-m.site[1], x[2]-m.site[2]
	b0, b1, b2 := &m.b[0], &m.b[1], &m.b[2]
	e := b0[0]*d0 + b0[1]*d1 + b0[2]*d2
	n := b1[0]*d0 + b1[1]*d1 + b1[2]*d2
	u := b2[0]*d0 + b2[1]*d1 + b2[2]*d2
	h2 := e*e + n*n
	h := math.Sqrt(h2)
	rho2 := h2 + u*u
	rho := math.Sqrt(rho2)
	g := enuGeom{e, n, u, h, rho}
	if rho == 0 {
		*hp = [3][3]float64{}
		return g
	}
	// M = B·R3(θ) maps inertial vectors to ENU; its rows:
	m00, m01, m02 := b0[0]*c-b0[1]*s, b0[0]*s+b0[1]*c, b0[2]
	m10, m11, m12 := b1[0]*c-b1[1]*s, b1[0]*s+b1[1]*c, b1[2]
	m20, m21, m22 := b2[0]*c-b2[1]*s, b2[0]*s+b2[1]*c, b2[2]
	// Rows of ∂(ρ, az, el)/∂(e, n, u), each times M.
	ir := 1 / rho
	j0, j1, j2 := e*ir, n*ir, u*ir
	hp[0] = [3]float64{j0*m00 + j1*m10 + j2*m20, j0*m01 + j1*m11 + j2*m21, j0*m02 + j1*m12 + j2*m22}
	if h > minHorizFrac*rho {
		ih2 := 1 / h2
		j0, j1 = n*ih2, -e*ih2
		hp[1] = [3]float64{j0*m00 + j1*m10, j0*m01 + j1*m11, j0*m02 + j1*m12}
		k := ir * ir / h
		j0, j1, j2 = -e*u*k, -n*u*k, h2*k
		hp[2] = [3]float64{j0*m00 + j1*m10 + j2*m20, j0*m01 + j1*m11 + j2*m21, j0*m02 + j1*m12 + j2*m22}
	} else {
		hp[1], hp[2] = [3]float64{}, [3]float64{}
	}
	return g
}

// residualTrig returns the residual z − h(x) of an AER measurement z
// whose angles have the sines and cosines trig = (sin az, cos az, sin el,
// cos el), against the line of sight g, without the arctangents of h(x):
// the angle differences come from their sines and cosines, e.g. sin(az −
// âz)·ĥ = sin az·n̂ − cos az·ê, and one arctangent each of a small angle.
// It equals AER.Residual(z, g.aer()) up to rounding (~1e-16 of the
// residual), except at the zenith (ĥ ≈ 0, the azimuth undefined) and for
// an elevation outside ±π/2, where it returns ok false.
func residualTrig(z *[3]float64, trig *[4]float64, g *enuGeom) (nu [3]float64, ok bool) {
	if !(g.h > minHorizFrac*g.rho) || !(math.Abs(z[2]) <= math.Pi/2) {
		return nu, false
	}
	sa, ca, se, ce := trig[0], trig[1], trig[2], trig[3]
	nu[0] = z[0] - g.rho
	nu[1] = smallAtan2(sa*g.n-ca*g.e, ca*g.n+sa*g.e)
	nu[2] = smallAtan2(se*g.h-ce*g.u, ce*g.h+se*g.u)
	return nu, true
}

// smallAtan2 is math.Atan2, with a direct path for the small angles of
// residuals: for x > 0 and |y| ≤ 0.66·x, math.Atan2 evaluates Cephes'
// rational approximation at y/x, and so does this, without its branches on
// quadrant and range.
func smallAtan2(y, x float64) float64 {
	if !(x > 0 && math.Abs(y) <= 0.66*x) {
		return math.Atan2(y, x)
	}
	// math.xatan (Cephes atan.c, |t| ≤ 0.66).
	const (
		P0 = -8.750608600031904122785e-01
		P1 = -1.615753718733365076637e+01
		P2 = -7.500855792314704667340e+01
		P3 = -1.228866684490136173410e+02
		P4 = -6.485021904942025371773e+01
		Q0 = +2.485846490142306297962e+01
		Q1 = +1.650270098316988542046e+02
		Q2 = +4.328810604912902668951e+02
		Q3 = +4.853903996359136964868e+02
		Q4 = +1.945506571482613964425e+02
	)
	t := y / x
	z := t * t
	z = z * ((((P0*z+P1)*z+P2)*z+P3)*z + P4) / (((((z+Q0)*z+Q1)*z+Q2)*z+Q3)*z + Q4)
	return t*z + t
}

// Residual implements MeasurementModel: the azimuth difference is wrapped.
func (m *AER) Residual(z, zhat [3]float64) [3]float64 {
	return [3]float64{z[0] - zhat[0], wrapPi(z[1] - zhat[1]), z[2] - zhat[2]}
}

// Locate implements Locator: the inertial position of the measured point
// and its covariance J·R·Jᵀ, J = Mᵀ·∂(e,n,u)/∂(ρ,az,el).
func (m *AER) Locate(z [3]float64, r [3][3]float64, tS float64) (pos [3]float64, cov [3][3]float64) {
	rho, az, el := z[0], z[1], z[2]
	saz, caz := math.Sincos(az)
	sel, cel := math.Sincos(el)
	v := [3]float64{rho * cel * saz, rho * cel * caz, rho * sel}
	// Columns: ∂/∂ρ, ∂/∂az, ∂/∂el of (e, n, u).
	ja := [3][3]float64{
		{cel * saz, rho * cel * caz, -rho * sel * saz},
		{cel * caz, -rho * cel * saz, -rho * sel * caz},
		{sel, 0, rho * cel},
	}
	s, c := math.Sincos(theta(tS))
	var mm [3][3]float64
	for i := range 3 {
		b := &m.b[i]
		mm[i] = [3]float64{b[0]*c - b[1]*s, b[0]*s + b[1]*c, b[2]}
	}
	// Site in inertial axes: R3(θ)ᵀ·s.
	si := [3]float64{c*m.site[0] - s*m.site[1], s*m.site[0] + c*m.site[1], m.site[2]}
	var j [3][3]float64 // Mᵀ·ja
	for i := range 3 {
		pos[i] = si[i] + mm[0][i]*v[0] + mm[1][i]*v[1] + mm[2][i]*v[2]
		for k := range 3 {
			j[i][k] = mm[0][i]*ja[0][k] + mm[1][i]*ja[1][k] + mm[2][i]*ja[2][k]
		}
	}
	return pos, sandwich3(&j, &r)
}

// locateTrace implements traceLocator. The columns of ∂(e,n,u)/∂(ρ,az,el)
// are orthogonal with lengths 1, ρ·cos el and ρ, and M is a rotation, so
// tr(J·R·Jᵀ) = tr(R·JᵀJ) = R₀₀ + ρ²cos²el·R₁₁ + ρ²·R₂₂ for any R.
func (m *AER) locateTrace(z [3]float64, r *[3][3]float64, s, c float64) ([3]float64, float64) {
	p, tr, _ := m.locateTrig(&z, r, s, c)
	return p, tr
}

// locateTrig is locateTrace that also returns the sines and cosines of
// the measured azimuth and elevation, for residualTrig.
func (m *AER) locateTrig(z *[3]float64, r *[3][3]float64, s, c float64) (p [3]float64, tr float64, trig [4]float64) {
	rho, az, el := z[0], z[1], z[2]
	saz, caz := sincos(az)
	sel, cel := sincos(el)
	v0, v1, v2 := rho*cel*saz, rho*cel*caz, rho*sel
	b0, b1, b2 := &m.b[0], &m.b[1], &m.b[2]
	// ECEF: site + Bᵀ·v, then into the inertial frame.
	e0 := m.site[0] + b0[0]*v0 + b1[0]*v1 + b2[0]*v2
	e1 := m.site[1] + b0[1]*v0 + b1[1]*v1 + b2[1]*v2
	e2 := m.site[2] + b0[2]*v0 + b1[2]*v1 + b2[2]*v2
	p = [3]float64{c*e0 - s*e1, s*e0 + c*e1, e2}
	return p, r[0][0] + rho*rho*(cel*cel*r[1][1]+r[2][2]), [4]float64{saz, caz, sel, cel}
}

func (Position) locateTrace(z [3]float64, r *[3][3]float64, _, _ float64) ([3]float64, float64) {
	return z, r[0][0] + r[1][1] + r[2][2]
}

func (PositionECEF) locateTrace(z [3]float64, r *[3][3]float64, s, c float64) ([3]float64, float64) {
	return [3]float64{c*z[0] - s*z[1], s*z[0] + c*z[1], z[2]}, r[0][0] + r[1][1] + r[2][2]
}

// sandwich3 returns j·r·jᵀ, exactly symmetric.
func sandwich3(j, r *[3][3]float64) (c [3][3]float64) {
	var t [3][3]float64
	for i := range 3 {
		for k := range 3 {
			t[i][k] = j[i][0]*r[0][k] + j[i][1]*r[1][k] + j[i][2]*r[2][k]
		}
	}
	for i := range 3 {
		for k := i; k < 3; k++ {
			s := t[i][0]*j[k][0] + t[i][1]*j[k][1] + t[i][2]*j[k][2]
			c[i][k], c[k][i] = s, s
		}
	}
	return c
}

// Position measures the position part of the state directly, in the filter
// frame itself: h(x) = (x0, x1, x2). It is the model of the bring-your-own-
// data mode in local ENU, and of any sensor that reports Cartesian
// positions in the filter frame.
type Position struct{}

// Measure implements MeasurementModel.
func (Position) Measure(x [6]float64, _ float64) [3]float64 { return [3]float64{x[0], x[1], x[2]} }

// Linearize implements MeasurementModel.
func (Position) Linearize(x [6]float64, _ float64) (z [3]float64, h [3][6]float64) {
	h[0][0], h[1][1], h[2][2] = 1, 1, 1
	return [3]float64{x[0], x[1], x[2]}, h
}

// Residual implements MeasurementModel.
func (Position) Residual(z, zhat [3]float64) [3]float64 {
	return [3]float64{z[0] - zhat[0], z[1] - zhat[1], z[2] - zhat[2]}
}

// Locate implements Locator.
func (Position) Locate(z [3]float64, r [3][3]float64, _ float64) ([3]float64, [3][3]float64) {
	return z, r
}

// PositionECEF measures an ECEF position of a state in the scenario
// inertial frame: h(x, t) = R3(ωt)·(x0, x1, x2), linear in x. It is the
// model of the bring-your-own-data mode in ECEF.
type PositionECEF struct{}

// Measure implements MeasurementModel.
func (PositionECEF) Measure(x [6]float64, tS float64) [3]float64 {
	s, c := math.Sincos(theta(tS))
	return [3]float64{c*x[0] + s*x[1], -s*x[0] + c*x[1], x[2]}
}

// Linearize implements MeasurementModel.
func (PositionECEF) Linearize(x [6]float64, tS float64) (z [3]float64, h [3][6]float64) {
	s, c := math.Sincos(theta(tS))
	h[0][0], h[0][1] = c, s
	h[1][0], h[1][1] = -s, c
	h[2][2] = 1
	return [3]float64{c*x[0] + s*x[1], -s*x[0] + c*x[1], x[2]}, h
}

// Residual implements MeasurementModel.
func (PositionECEF) Residual(z, zhat [3]float64) [3]float64 {
	return [3]float64{z[0] - zhat[0], z[1] - zhat[1], z[2] - zhat[2]}
}

// Locate implements Locator.
func (PositionECEF) Locate(z [3]float64, r [3][3]float64, tS float64) ([3]float64, [3][3]float64) {
	s, c := math.Sincos(theta(tS))
	// Rᵀ rotates ECEF to inertial.
	rt := [3][3]float64{{c, -s, 0}, {s, c, 0}, {0, 0, 1}}
	return [3]float64{c*z[0] - s*z[1], s*z[0] + c*z[1], z[2]}, sandwich3(&rt, &r)
}

// aerModels caches one AER model per site for FromDetection, so that a
// stream of detections shares a few models instead of allocating one each.
var aerModels sync.Map // geo.LLA → *AER

// FromDetection converts a radar detection to a Measurement on the WGS-84
// Earth: Z = (RangeM, AzRad, ElRad) (note the order: sensor.Detection.Z is
// a geo.AER of azimuth, elevation, range, while its R is of range, azimuth,
// elevation), the AER model of the detection's site, and the rest copied.
func FromDetection(d sensor.Detection) Measurement {
	var model *AER
	if v, ok := aerModels.Load(d.Site); ok {
		model = v.(*AER)
	} else {
		v, _ := aerModels.LoadOrStore(d.Site, NewAER(geo.WGS84, d.Site))
		model = v.(*AER)
	}
	return Measurement{
		TimeS:    d.TimeS,
		SensorID: d.SensorID,
		Model:    model,
		Z:        [3]float64{d.Z.RangeM, d.Z.AzRad, d.Z.ElRad},
		R:        d.R,
		TruthID:  d.TruthID,
		// The range rate's model is the AER model's RangeRate.
		RangeRate:    d.RangeRateMps,
		RangeRateVar: d.RangeRateVar,
	}
}
