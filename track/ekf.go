package track

import (
	"math"

	"github.com/jrmd/jrmd/internal/mat"
)

// EKF is the extended Kalman filter (Bar-Shalom, Li and Kirubarajan 2001,
// §10.3) of a 6-state under Motion, with the measurement model each
// Measurement carries. The covariance update is the standard form P −
// K·S·Kᵀ of the optimal gain (ibid. §5.2.3), computed as an upper triangle
// mirrored, so exactly symmetric: a fifth of the work of the Joseph form
// (eq. 5.2.3-18), which it equals in exact arithmetic
// (TestStandardUpdateMatchesJoseph: to 1e-14 of each entry's scale on the
// single-radar scenario). What the Joseph form adds is tolerance of
// rounding, which could drive a converged P (condition number 1e7–1e9 in
// SI units after minutes of radar updates with no process noise) out of
// positive definiteness; so after each update the cheap necessary
// conditions of mat.PlausibleSPD6 are checked (positive diagonal,
// correlations inside ±1) and if rounding has broken them, P gets the full
// test and eigenvalue repair of mat.RepairSPD6. Predict,
// PredictMeasurement and Update allocate nothing, and are written for the
// hot path: the covariance prediction exploits the gravity gradient's
// structure (propagateCov), a radar measurement is linearised once per
// pair, and the products of the Jacobian, gain and covariance are written
// out entry by entry.
type EKF struct {
	Motion Motion
}

// Predict implements Predictor: x ← f(x), P ← Φ·P·Φᵀ + Q. A time before
// s.TimeS propagates backwards with the same Q (an approximation; the
// tracker never does it). The result is symmetric by construction and
// positive definite up to rounding (a congruence plus a PSD matrix involves
// no subtraction), so the SPD check runs after updates only.
func (f *EKF) Predict(s *State, tS float64) {
	dt := tS - s.TimeS
	if dt == 0 {
		return
	}
	// Ballistic, the usual motion, is called directly: through the
	// interface its value receiver costs a copy and a wrapper call.
	var g gravityGradient
	var q float64
	ok := false
	switch mo := f.Motion.(type) {
	case Ballistic:
		if n, _ := mo.substeps(dt); n > 1 {
			mo.Predict(&s.X, &s.P, dt)
			s.TimeS = tS
			return
		}
		// One step: what Ballistic.Predict does, inline (a call and a
		// loop cost 15 % of BenchmarkEKFPredict).
		q, ok = mo.Q, true
		mo.step(&s.X, dt, &g)
	case gradientStepper:
		g, q, ok = mo.gradientStep(&s.X, dt)
	}
	if ok {
		s.TimeS = tS
		propagateCov(&s.P, &g, dt, q)
		return
	}
	x, phi := f.Motion.Transition(s.X, dt)
	p := mat.Congruence6(&phi, &s.P)
	qm := f.Motion.ProcessNoise(dt)
	for i := range 6 {
		for j := range 6 {
			p[i][j] += qm[i][j]
		}
	}
	s.X, s.P, s.TimeS = x, p, tS
}

// PredictMeasurement implements MeasurementPredictor by linearising the
// measurement model at the predicted state: S = H·P·Hᵀ + R.
func (f *EKF) PredictMeasurement(s *State, m *Measurement, inn *Innovation) bool {
	if aer, ok := m.Model.(*AER); ok {
		sinT, cosT := math.Sincos(theta(m.TimeS))
		return f.predictAER(s, m, aer, sinT, cosT, nil, false, inn)
	}
	zhat, h := m.Model.Linearize(s.X, m.TimeS)
	inn.H = h
	p := &s.P
	if positionOnly(&h) {
		hp := [3][3]float64{
			{h[0][0], h[0][1], h[0][2]},
			{h[1][0], h[1][1], h[1][2]},
			{h[2][0], h[2][1], h[2][2]},
		}
		positionInnovation(p, &hp, &m.R, &inn.Pxz, &inn.S)
	} else {
		for i := range 6 {
			pi := &p[i]
			for k := range 3 {
				hk := &h[k]
				inn.Pxz[i][k] = pi[0]*hk[0] + pi[1]*hk[1] + pi[2]*hk[2] + pi[3]*hk[3] + pi[4]*hk[4] + pi[5]*hk[5]
			}
		}
		for a := range 3 {
			ha := &h[a]
			for b := a; b < 3; b++ {
				inn.S[a][b] = m.R[a][b] + ha[0]*inn.Pxz[0][b] + ha[1]*inn.Pxz[1][b] + ha[2]*inn.Pxz[2][b] +
					ha[3]*inn.Pxz[3][b] + ha[4]*inn.Pxz[4][b] + ha[5]*inn.Pxz[5][b]
			}
		}
		inn.S[1][0], inn.S[2][0], inn.S[2][1] = inn.S[0][1], inn.S[0][2], inn.S[1][2]
	}
	return finishInnovation(inn, &inn.S, m.Model.Residual(m.Z, zhat))
}

// predictAER is PredictMeasurement for a radar measurement, called
// directly (the radar model sees no velocity), with the sine and cosine of
// the Earth's rotation angle at m.TimeS given, and, if trig is not nil,
// those of the measured angles (see residualTrig). lean leaves inn.H and
// inn.S unset, for a caller whose only reader of inn is EKF.Update (which
// reads Nu, SInv and Pxz): they are a third of its bytes.
func (f *EKF) predictAER(s *State, m *Measurement, aer *AER, sinT, cosT float64, trig *[4]float64, lean bool, inn *Innovation) bool {
	var hp [3][3]float64
	g := aer.jacobianAt(&s.X, sinT, cosT, &hp)
	var sl [3][3]float64
	sm := &sl
	if !lean {
		inn.H = [3][6]float64{
			{hp[0][0], hp[0][1], hp[0][2]},
			{hp[1][0], hp[1][1], hp[1][2]},
			{hp[2][0], hp[2][1], hp[2][2]},
		}
		sm = &inn.S
	}
	positionInnovation(&s.P, &hp, &m.R, &inn.Pxz, sm)
	if trig != nil {
		if nu, ok := residualTrig(&m.Z, trig, &g); ok {
			return finishInnovation(inn, sm, nu)
		}
	}
	zhat := g.aer()
	return finishInnovation(inn, sm, [3]float64{m.Z[0] - zhat[0], wrapPi(m.Z[1] - zhat[1]), m.Z[2] - zhat[2]})
}

// aerPrediction is what an AER measurement's innovation needs of a state
// before the measurement itself: the line of sight, the predicted
// measurement, the Jacobian's position block hp and P·Hᵀ. Measurements of
// one radar at one time share it (IMM caches it per mode for a scan).
type aerPrediction struct {
	zhat [3]float64
	hp   [3][3]float64
	c    [6][3]float64
}

func (a *aerPrediction) predict(s *State, aer *AER, sinT, cosT float64) {
	g := aer.jacobianAt(&s.X, sinT, cosT, &a.hp)
	crossCovariance(&s.P, &a.hp, &a.c)
	a.zhat = g.aer()
}

// innovation is predictAER's (without the measurement's own trigonometry)
// from the prediction: the same numbers, bit for bit.
func (a *aerPrediction) innovation(m *Measurement, inn *Innovation) bool {
	hp := &a.hp
	inn.H = [3][6]float64{
		{hp[0][0], hp[0][1], hp[0][2]},
		{hp[1][0], hp[1][1], hp[1][2]},
		{hp[2][0], hp[2][1], hp[2][2]},
	}
	inn.Pxz = a.c
	innovationCovariance(hp, &m.R, &inn.Pxz, &inn.S)
	return finishInnovation(inn, &inn.S, [3]float64{m.Z[0] - a.zhat[0], wrapPi(m.Z[1] - a.zhat[1]), m.Z[2] - a.zhat[2]})
}

// positionInnovation sets c = P·Hᵀ and s = H·P·Hᵀ + R for a Jacobian H =
// [hp 0] that does not see velocity (radar and position measurements): P·Hᵀ
// needs only the first three columns of P. Written out entry by entry, as
// the EKF's other hot paths.
func positionInnovation(p *[6][6]float64, hp, r *[3][3]float64, c *[6][3]float64, s *[3][3]float64) {
	crossCovariance(p, hp, c)
	innovationCovariance(hp, r, c, s)
}

// crossCovariance sets c = P·Hᵀ for H = [hp 0].
func crossCovariance(p *[6][6]float64, hp *[3][3]float64, c *[6][3]float64) {
	h00, h01, h02 := hp[0][0], hp[0][1], hp[0][2]
	h10, h11, h12 := hp[1][0], hp[1][1], hp[1][2]
	h20, h21, h22 := hp[2][0], hp[2][1], hp[2][2]
	c[0][0], c[0][1], c[0][2] = dots3(p[0][0], p[0][1], p[0][2], h00, h01, h02, h10, h11, h12, h20, h21, h22)
	c[1][0], c[1][1], c[1][2] = dots3(p[1][0], p[1][1], p[1][2], h00, h01, h02, h10, h11, h12, h20, h21, h22)
	c[2][0], c[2][1], c[2][2] = dots3(p[2][0], p[2][1], p[2][2], h00, h01, h02, h10, h11, h12, h20, h21, h22)
	c[3][0], c[3][1], c[3][2] = dots3(p[3][0], p[3][1], p[3][2], h00, h01, h02, h10, h11, h12, h20, h21, h22)
	c[4][0], c[4][1], c[4][2] = dots3(p[4][0], p[4][1], p[4][2], h00, h01, h02, h10, h11, h12, h20, h21, h22)
	c[5][0], c[5][1], c[5][2] = dots3(p[5][0], p[5][1], p[5][2], h00, h01, h02, h10, h11, h12, h20, h21, h22)
}

// innovationCovariance sets s = H·P·Hᵀ + R from c = P·Hᵀ, H = [hp 0].
func innovationCovariance(hp, r *[3][3]float64, c *[6][3]float64, s *[3][3]float64) {
	h00, h01, h02 := hp[0][0], hp[0][1], hp[0][2]
	h10, h11, h12 := hp[1][0], hp[1][1], hp[1][2]
	h20, h21, h22 := hp[2][0], hp[2][1], hp[2][2]
	s[0][0] = r[0][0] + h00*c[0][0] + h01*c[1][0] + h02*c[2][0]
	s[0][1] = r[0][1] + h00*c[0][1] + h01*c[1][1] + h02*c[2][1]
	s[0][2] = r[0][2] + h00*c[0][2] + h01*c[1][2] + h02*c[2][2]
	s[1][1] = r[1][1] + h10*c[0][1] + h11*c[1][1] + h12*c[2][1]
	s[1][2] = r[1][2] + h10*c[0][2] + h11*c[1][2] + h12*c[2][2]
	s[2][2] = r[2][2] + h20*c[0][2] + h21*c[1][2] + h22*c[2][2]
	s[1][0], s[2][0], s[2][1] = s[0][1], s[0][2], s[1][2]
}

// dots3 returns the dot products of (a0, a1, a2) with the vectors (r00,
// r01, r02), (r10, r11, r12) and (r20, r21, r22): a row of P·Hᵀ from a row
// of P and the rows of H, or a row of K from a row of Pxz and the columns
// of S⁻¹.
func dots3(a0, a1, a2, r00, r01, r02, r10, r11, r12, r20, r21, r22 float64) (x, y, z float64) {
	return a0*r00 + a1*r01 + a2*r02, a0*r10 + a1*r11 + a2*r12, a0*r20 + a1*r21 + a2*r22
}

// positionOnly reports whether the measurement Jacobian has no velocity
// columns.
func positionOnly(h *[3][6]float64) bool {
	return h[0][3] == 0 && h[0][4] == 0 && h[0][5] == 0 &&
		h[1][3] == 0 && h[1][4] == 0 && h[1][5] == 0 &&
		h[2][3] == 0 && h[2][4] == 0 && h[2][5] == 0
}

// finishInnovation sets the residual, S⁻¹ and the Mahalanobis distance;
// false if S is not positive definite.
func finishInnovation(inn *Innovation, s *[3][3]float64, nu [3]float64) bool {
	inn.Nu = nu
	var ok bool
	inn.SInv, ok = mat.InvSPD3(s)
	if !ok {
		return false
	}
	inn.D2 = mat.Quad3(&inn.SInv, nu)
	return true
}

// gain returns K = Pxz·S⁻¹.
func gain(inn *Innovation) (k [6][3]float64) {
	c, si := &inn.Pxz, &inn.SInv
	s00, s01, s02 := si[0][0], si[0][1], si[0][2]
	s10, s11, s12 := si[1][0], si[1][1], si[1][2]
	s20, s21, s22 := si[2][0], si[2][1], si[2][2]
	// A row of K is a row of Pxz times S⁻¹: its dot products with the
	// columns of S⁻¹.
	k[0][0], k[0][1], k[0][2] = dots3(c[0][0], c[0][1], c[0][2], s00, s10, s20, s01, s11, s21, s02, s12, s22)
	k[1][0], k[1][1], k[1][2] = dots3(c[1][0], c[1][1], c[1][2], s00, s10, s20, s01, s11, s21, s02, s12, s22)
	k[2][0], k[2][1], k[2][2] = dots3(c[2][0], c[2][1], c[2][2], s00, s10, s20, s01, s11, s21, s02, s12, s22)
	k[3][0], k[3][1], k[3][2] = dots3(c[3][0], c[3][1], c[3][2], s00, s10, s20, s01, s11, s21, s02, s12, s22)
	k[4][0], k[4][1], k[4][2] = dots3(c[4][0], c[4][1], c[4][2], s00, s10, s20, s01, s11, s21, s02, s12, s22)
	k[5][0], k[5][1], k[5][2] = dots3(c[5][0], c[5][1], c[5][2], s00, s10, s20, s01, s11, s21, s02, s12, s22)
	return k
}

// Update implements Updater: x ← x + K·ν, P ← P − K·S·Kᵀ = P − K·Pxzᵀ
// (K·S = Pxz), upper triangle mirrored, so exactly symmetric; then the
// measurement's range rate, if it has one, as a scalar update. For the
// optimal gain this is the Joseph form's result in a fifth of the work;
// what it does not share is the Joseph form's tolerance of rounding, and
// mat.PlausibleSPD6 and mat.RepairSPD6 catch that.
func (f *EKF) Update(s *State, m *Measurement, inn *Innovation) {
	// Row by row: row i of K (Pxz's row times S⁻¹, held in three
	// registers), then x_i and P's row i from the diagonal on.
	c, si, p, x := &inn.Pxz, &inn.SInv, &s.P, &s.X
	s00, s01, s02 := si[0][0], si[0][1], si[0][2]
	s10, s11, s12 := si[1][0], si[1][1], si[1][2]
	s20, s21, s22 := si[2][0], si[2][1], si[2][2]
	n0, n1, n2 := inn.Nu[0], inn.Nu[1], inn.Nu[2]
	k0, k1, k2 := dots3(c[0][0], c[0][1], c[0][2], s00, s10, s20, s01, s11, s21, s02, s12, s22)
	x[0] += k0*n0 + k1*n1 + k2*n2
	set6(p, 0, 0, p[0][0]-(k0*c[0][0]+k1*c[0][1]+k2*c[0][2]))
	set6(p, 0, 1, p[0][1]-(k0*c[1][0]+k1*c[1][1]+k2*c[1][2]))
	set6(p, 0, 2, p[0][2]-(k0*c[2][0]+k1*c[2][1]+k2*c[2][2]))
	set6(p, 0, 3, p[0][3]-(k0*c[3][0]+k1*c[3][1]+k2*c[3][2]))
	set6(p, 0, 4, p[0][4]-(k0*c[4][0]+k1*c[4][1]+k2*c[4][2]))
	set6(p, 0, 5, p[0][5]-(k0*c[5][0]+k1*c[5][1]+k2*c[5][2]))
	k0, k1, k2 = dots3(c[1][0], c[1][1], c[1][2], s00, s10, s20, s01, s11, s21, s02, s12, s22)
	x[1] += k0*n0 + k1*n1 + k2*n2
	set6(p, 1, 1, p[1][1]-(k0*c[1][0]+k1*c[1][1]+k2*c[1][2]))
	set6(p, 1, 2, p[1][2]-(k0*c[2][0]+k1*c[2][1]+k2*c[2][2]))
	set6(p, 1, 3, p[1][3]-(k0*c[3][0]+k1*c[3][1]+k2*c[3][2]))
	set6(p, 1, 4, p[1][4]-(k0*c[4][0]+k1*c[4][1]+k2*c[4][2]))
	set6(p, 1, 5, p[1][5]-(k0*c[5][0]+k1*c[5][1]+k2*c[5][2]))
	k0, k1, k2 = dots3(c[2][0], c[2][1], c[2][2], s00, s10, s20, s01, s11, s21, s02, s12, s22)
	x[2] += k0*n0 + k1*n1 + k2*n2
	set6(p, 2, 2, p[2][2]-(k0*c[2][0]+k1*c[2][1]+k2*c[2][2]))
	set6(p, 2, 3, p[2][3]-(k0*c[3][0]+k1*c[3][1]+k2*c[3][2]))
	set6(p, 2, 4, p[2][4]-(k0*c[4][0]+k1*c[4][1]+k2*c[4][2]))
	set6(p, 2, 5, p[2][5]-(k0*c[5][0]+k1*c[5][1]+k2*c[5][2]))
	k0, k1, k2 = dots3(c[3][0], c[3][1], c[3][2], s00, s10, s20, s01, s11, s21, s02, s12, s22)
	x[3] += k0*n0 + k1*n1 + k2*n2
	set6(p, 3, 3, p[3][3]-(k0*c[3][0]+k1*c[3][1]+k2*c[3][2]))
	set6(p, 3, 4, p[3][4]-(k0*c[4][0]+k1*c[4][1]+k2*c[4][2]))
	set6(p, 3, 5, p[3][5]-(k0*c[5][0]+k1*c[5][1]+k2*c[5][2]))
	k0, k1, k2 = dots3(c[4][0], c[4][1], c[4][2], s00, s10, s20, s01, s11, s21, s02, s12, s22)
	x[4] += k0*n0 + k1*n1 + k2*n2
	set6(p, 4, 4, p[4][4]-(k0*c[4][0]+k1*c[4][1]+k2*c[4][2]))
	set6(p, 4, 5, p[4][5]-(k0*c[5][0]+k1*c[5][1]+k2*c[5][2]))
	k0, k1, k2 = dots3(c[5][0], c[5][1], c[5][2], s00, s10, s20, s01, s11, s21, s02, s12, s22)
	x[5] += k0*n0 + k1*n1 + k2*n2
	set6(p, 5, 5, p[5][5]-(k0*c[5][0]+k1*c[5][1]+k2*c[5][2]))
	if !mat.PlausibleSPD6(p) {
		mat.RepairSPD6(p)
	}
	updateRangeRate(s, m)
}
