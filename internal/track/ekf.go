package track

// EKF is the extended Kalman filter (Bar-Shalom, Li and Kirubarajan 2001,
// §10.3) of a 6-state under Motion, with the measurement model each
// Measurement carries. The covariance update is in Joseph form, which keeps
// P symmetric positive semi-definite for any gain (ibid. eq. 5.2.3-18) and
// is computed as an upper triangle mirrored, so exactly symmetric. After
// each update the cheap necessary conditions of plausibleCov are checked
// (positive diagonal, correlations inside ±1); if rounding has broken
// them, P gets the full test and eigenvalue repair of repairSPD. Predict, PredictMeasurement and Update
// allocate nothing.
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
	if gs, ok := f.Motion.(gradientStepper); ok {
		if x, g, q, ok := gs.gradientStep(s.X, dt); ok {
			s.X, s.TimeS = x, tS
			propagateCov(&s.P, &g, dt, q)
			return
		}
	}
	x, phi := f.Motion.Transition(s.X, dt)
	p := congruence6(&phi, &s.P)
	q := f.Motion.ProcessNoise(dt)
	for i := range 6 {
		for j := range 6 {
			p[i][j] += q[i][j]
		}
	}
	s.X, s.P, s.TimeS = x, p, tS
}

// PredictMeasurement implements MeasurementPredictor by linearising the
// measurement model at the predicted state: S = H·P·Hᵀ + R.
func (f *EKF) PredictMeasurement(s *State, m *Measurement, inn *Innovation) bool {
	zhat, h := m.Model.Linearize(s.X, m.TimeS)
	inn.H = h
	p := &s.P
	if positionOnly(&h) {
		// Radar and position measurements do not see velocity: H = [Hp 0],
		// so P·Hᵀ needs only the first three columns of P.
		for i := range 6 {
			pi := &p[i]
			for k := range 3 {
				hk := &h[k]
				inn.Pxz[i][k] = pi[0]*hk[0] + pi[1]*hk[1] + pi[2]*hk[2]
			}
		}
		for a := range 3 {
			ha := &h[a]
			for b := a; b < 3; b++ {
				inn.S[a][b] = m.R[a][b] + ha[0]*inn.Pxz[0][b] + ha[1]*inn.Pxz[1][b] + ha[2]*inn.Pxz[2][b]
			}
		}
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
	}
	inn.S[1][0], inn.S[2][0], inn.S[2][1] = inn.S[0][1], inn.S[0][2], inn.S[1][2]
	return finishInnovation(inn, m.Model.Residual(m.Z, zhat))
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
func finishInnovation(inn *Innovation, nu [3]float64) bool {
	inn.Nu = nu
	var ok bool
	inn.SInv, ok = invSym3(&inn.S)
	if !ok {
		return false
	}
	inn.D2 = quad3(&inn.SInv, nu)
	return true
}

// gain returns K = Pxz·S⁻¹.
func gain(inn *Innovation) (k [6][3]float64) {
	for i := range 6 {
		for b := range 3 {
			k[i][b] = inn.Pxz[i][0]*inn.SInv[0][b] + inn.Pxz[i][1]*inn.SInv[1][b] + inn.Pxz[i][2]*inn.SInv[2][b]
		}
	}
	return k
}

// Update implements Updater: x ← x + K·ν, P ← (I − K·H)·P·(I − K·H)ᵀ +
// K·R·Kᵀ.
func (f *EKF) Update(s *State, m *Measurement, inn *Innovation) {
	k := gain(inn)
	for i := range 6 {
		s.X[i] += k[i][0]*inn.Nu[0] + k[i][1]*inn.Nu[1] + k[i][2]*inn.Nu[2]
	}
	var p [6][6]float64
	if positionOnly(&inn.H) {
		// K·H = [M 0] with M = K·Hp (6×3), so (I − K·H)·P = P − M·P[0:3,:]
		// and the congruence needs only M.
		var mk [6][3]float64
		for i := range 6 {
			for c := range 3 {
				mk[i][c] = k[i][0]*inn.H[0][c] + k[i][1]*inn.H[1][c] + k[i][2]*inn.H[2][c]
			}
		}
		var ap [6][6]float64
		for i := range 6 {
			mi := &mk[i]
			for j := range 6 {
				ap[i][j] = s.P[i][j] - (mi[0]*s.P[0][j] + mi[1]*s.P[1][j] + mi[2]*s.P[2][j])
			}
		}
		for i := range 6 {
			a := &ap[i]
			for j := i; j < 6; j++ {
				mj := &mk[j]
				v := a[j] - (a[0]*mj[0] + a[1]*mj[1] + a[2]*mj[2])
				p[i][j] = v
			}
		}
	} else {
		a := identity6()
		for i := range 6 {
			for j := range 6 {
				a[i][j] -= k[i][0]*inn.H[0][j] + k[i][1]*inn.H[1][j] + k[i][2]*inn.H[2][j]
			}
		}
		p = congruence6(&a, &s.P)
	}
	// + K·R·Kᵀ, upper triangle, then mirror.
	var kr [6][3]float64
	r := &m.R
	if r[0][1] == 0 && r[0][2] == 0 && r[1][2] == 0 && r[1][0] == 0 && r[2][0] == 0 && r[2][1] == 0 {
		for i := range 6 {
			kr[i] = [3]float64{k[i][0] * r[0][0], k[i][1] * r[1][1], k[i][2] * r[2][2]}
		}
	} else {
		for i := range 6 {
			for b := range 3 {
				kr[i][b] = k[i][0]*r[0][b] + k[i][1]*r[1][b] + k[i][2]*r[2][b]
			}
		}
	}
	for i := range 6 {
		for j := i; j < 6; j++ {
			v := p[i][j] + kr[i][0]*k[j][0] + kr[i][1]*k[j][1] + kr[i][2]*k[j][2]
			p[i][j], p[j][i] = v, v
		}
	}
	s.P = p
	if !plausibleCov(&s.P) {
		repairSPD(&s.P)
	}
}
