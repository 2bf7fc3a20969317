package track

import (
	"math"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/mat"
)

// Range rate. A pulse-Doppler radar measures, with each detection, the
// target's range rate ṙ = dρ/dt (sensor.Detection.RangeRateMps); a
// Measurement carries it beside Z with its variance (RangeRateVar; 0: not
// measured). It is used as a second, scalar measurement after Z's update —
// exact for a linear model when its noise is independent of Z's (Bar-Shalom,
// Li and Kirubarajan 2001, §3.4.3, sequential processing) — and as a second
// gate. Its value is at initiation and in association: one detection gives
// the radial velocity to a metre per second where position alone needs
// three scans, so among closely spaced objects on one trajectory a new
// track cannot confirm on a chain of neighbours (each of them a little
// further along, which looks like a slower object to positions alone).

// RangeRate returns the range rate of the inertial state x at time tS seen
// from the site, and its gradient ∂ṙ/∂x. Range is the same in every frame:
// with d = r − s(t) and w = v − ω×s(t) (the site turns with the Earth), ṙ
// = d·w/ρ, ∂ṙ/∂r = (w − ṙ·d/ρ)/ρ and ∂ṙ/∂v = d/ρ.
func (m *AER) RangeRate(x [6]float64, tS float64) (float64, [6]float64) {
	s, c := math.Sincos(theta(tS))
	// The site in the inertial frame: R3(θ)ᵀ applied to its ECEF position.
	s0, s1, s2 := c*m.site[0]-s*m.site[1], s*m.site[0]+c*m.site[1], m.site[2]
	const w = geo.OmegaEarth
	d := [3]float64{x[0] - s0, x[1] - s1, x[2] - s2}
	v := [3]float64{x[3] + w*s1, x[4] - w*s0, x[5]}
	rho := math.Sqrt(d[0]*d[0] + d[1]*d[1] + d[2]*d[2])
	if rho == 0 {
		return 0, [6]float64{}
	}
	ir := 1 / rho
	rr := (d[0]*v[0] + d[1]*v[1] + d[2]*v[2]) * ir
	var h [6]float64
	for i := range 3 {
		h[i] = (v[i] - rr*d[i]*ir) * ir
		h[3+i] = d[i] * ir
	}
	return rr, h
}

// rangeRateModel returns m's radar model if m carries a range rate.
func (m *Measurement) rangeRateModel() (*AER, bool) {
	if !(m.RangeRateVar > 0) {
		return nil, false
	}
	aer, ok := m.Model.(*AER)
	return aer, ok
}

// rangeRateInnovation is the range rate's innovation against s: the
// residual ν, the innovation variance S = h·P·hᵀ + r and P·hᵀ.
func rangeRateInnovation(s *State, m *Measurement, aer *AER) (nu, sv float64, ph [6]float64) {
	rr, h := aer.RangeRate(s.X, m.TimeS)
	p := &s.P
	for i := range 6 {
		ph[i] = p[i][0]*h[0] + p[i][1]*h[1] + p[i][2]*h[2] + p[i][3]*h[3] + p[i][4]*h[4] + p[i][5]*h[5]
	}
	sv = m.RangeRateVar + h[0]*ph[0] + h[1]*ph[1] + h[2]*ph[2] + h[3]*ph[3] + h[4]*ph[4] + h[5]*ph[5]
	return m.RangeRate - rr, sv, ph
}

// RangeRateD2 is the squared Mahalanobis distance of m's range rate from
// the state s, and false if m carries none (or its variance is not
// positive). For a multiple-model state it is the least over the modes, as
// IMM's gate is the union of its modes' (a target that has begun to
// manoeuvre is kept for the mode that explains it).
func RangeRateD2(s *State, m *Measurement) (float64, bool) {
	aer, ok := m.rangeRateModel()
	if !ok {
		return 0, false
	}
	d2 := func(s *State) float64 {
		nu, sv, _ := rangeRateInnovation(s, m, aer)
		if !(sv > 0) {
			return math.Inf(1)
		}
		return nu * nu / sv
	}
	if md := s.Modes; md != nil && md.N > 0 {
		best := math.Inf(1)
		for j := range md.N {
			best = math.Min(best, d2(&md.States[j]))
		}
		return best, !math.IsInf(best, 1)
	}
	v := d2(s)
	return v, !math.IsInf(v, 1)
}

// updateRangeRate updates s with m's range rate, if it carries one (an EKF
// update of the scalar measurement), and returns its log-likelihood
// −½(ν²/S + ln S) (0 if none), for a multiple-model filter's mode weights.
func updateRangeRate(s *State, m *Measurement) float64 {
	aer, ok := m.rangeRateModel()
	if !ok {
		return 0
	}
	nu, sv, ph := rangeRateInnovation(s, m, aer)
	if !(sv > 0) || !(math.Abs(nu) < math.Inf(1)) {
		return 0 // no finite range rate: the update is skipped
	}
	isv := 1 / sv
	for i := range 6 {
		k := ph[i] * isv
		s.X[i] += k * nu
		for j := i; j < 6; j++ {
			v := s.P[i][j] - k*ph[j]
			s.P[i][j], s.P[j][i] = v, v
		}
	}
	if !mat.PlausibleSPD6(&s.P) {
		mat.RepairSPD6(&s.P)
	}
	return -0.5 * (nu*nu*isv + math.Log(sv))
}
