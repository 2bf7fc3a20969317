package track

import (
	"math"

	"github.com/jrmd/jrmd/internal/mat"
)

// UKF is the unscented Kalman filter (Julier and Uhlmann, "Unscented
// filtering and nonlinear estimation", Proc. IEEE 92(3) (2004) 401–422)
// with the scaled sigma-point set of Julier, "The scaled unscented
// transformation", Proc. ACC 2002: 2n+1 = 13 points at x ± √(n+λ)·(columns
// of the Cholesky factor of P), λ = α²(n+κ) − n, mean weights W0 = λ/(n+λ),
// Wi = 1/(2(n+λ)), covariance weight W0 + 1 − α² + β for the centre point.
//
// The zero value of Alpha, Beta, Kappa means α = 1, β = 2, κ = 0: λ = 0,
// every covariance weight ≥ 0 (so predicted covariances stay positive
// semi-definite, which the popular κ = 3 − n would not guarantee for n = 6),
// and β = 2 is optimal for Gaussian priors. Set Beta to a tiny nonzero value
// (the field's zero means "default") for the cubature Kalman filter of
// Arasaratnam and Haykin (IEEE TAC 54(6), 2009), which is α = 1, β = 0,
// κ = 0.
//
// Measurement means with angles are formed as residuals from the centre
// point's prediction, so azimuths near north average correctly. The update
// is P ← P − K·S·Kᵀ (a UKF has no H for Joseph form), followed by
// symmetrisation and SPD repair. Nothing allocates.
type UKF struct {
	Motion             Motion
	Alpha, Beta, Kappa float64
}

// weights returns the scaling √(n+λ) and the mean and covariance weights of
// the centre point and of the others.
func (f *UKF) weights() (scale, wm0, wc0, wi float64) {
	const n = 6
	alpha, beta := f.Alpha, f.Beta
	if alpha == 0 {
		alpha = 1
	}
	if beta == 0 {
		beta = 2
	}
	lambda := alpha*alpha*(n+f.Kappa) - n
	wm0 = lambda / (n + lambda)
	return math.Sqrt(n + lambda), wm0, wm0 + 1 - alpha*alpha + beta, 1 / (2 * (n + lambda))
}

// sigmaPoints returns the 13 sigma points of (x, P); ok is false if P is not
// positive definite.
func (f *UKF) sigmaPoints(x *[6]float64, p *[6][6]float64, scale float64) (pts [13][6]float64, ok bool) {
	l, ok := mat.Chol6(p)
	if !ok || !mat.Definite6(&l) {
		return pts, false
	}
	pts[0] = *x
	for j := range 6 {
		for i := range 6 {
			d := scale * l[i][j]
			pts[1+j][i] = x[i] + d
			pts[7+j][i] = x[i] - d
		}
	}
	return pts, true
}

// Predict implements Predictor.
func (f *UKF) Predict(s *State, tS float64) {
	dt := tS - s.TimeS
	if dt == 0 {
		return
	}
	scale, wm0, wc0, wi := f.weights()
	pts, ok := f.sigmaPoints(&s.X, &s.P, scale)
	if !ok {
		mat.RepairSPD6(&s.P)
		if pts, ok = f.sigmaPoints(&s.X, &s.P, scale); !ok {
			// Unusable covariance (NaN): fall back to the mean's flow.
			s.X = f.Motion.Propagate(s.X, dt)
			s.TimeS = tS
			return
		}
	}
	var x [6]float64
	for k := range pts {
		pts[k] = f.Motion.Propagate(pts[k], dt)
		w := wi
		if k == 0 {
			w = wm0
		}
		for i := range 6 {
			x[i] += w * pts[k][i]
		}
	}
	p := f.Motion.ProcessNoise(dt)
	for k := range pts {
		w := wi
		if k == 0 {
			w = wc0
		}
		var d [6]float64
		for i := range 6 {
			d[i] = pts[k][i] - x[i]
		}
		for i := range 6 {
			wd := w * d[i]
			for j := i; j < 6; j++ {
				p[i][j] += wd * d[j]
			}
		}
	}
	for i := range 6 {
		for j := i + 1; j < 6; j++ {
			p[j][i] = p[i][j]
		}
	}
	s.X, s.P, s.TimeS = x, p, tS
	mat.RepairSPD6(&s.P)
}

// PredictMeasurement implements MeasurementPredictor by the unscented
// transform of the predicted state through the measurement model.
func (f *UKF) PredictMeasurement(s *State, m *Measurement, inn *Innovation) bool {
	scale, _, wc0, wi := f.weights()
	pts, ok := f.sigmaPoints(&s.X, &s.P, scale)
	if !ok {
		return false
	}
	var zs [13][3]float64
	for k := range pts {
		zs[k] = m.Model.Measure(pts[k], m.TimeS)
	}
	// Mean as centre + weighted residuals, z̄ = Z0 + Σ Wk·(Zk − Z0) (the
	// weights sum to 1 and the centre's own residual is zero), so that
	// angles average on the circle.
	var dm [3]float64
	for k := 1; k < 13; k++ {
		r := m.Model.Residual(zs[k], zs[0])
		for i := range 3 {
			dm[i] += wi * r[i]
		}
	}
	zbar := zs[0]
	for i := range 3 {
		zbar[i] += dm[i]
	}
	inn.S = m.R
	inn.Pxz = [6][3]float64{}
	for k := range pts {
		w := wi
		if k == 0 {
			w = wc0
		}
		dz := m.Model.Residual(zs[k], zbar)
		for a := range 3 {
			wa := w * dz[a]
			for b := range 3 {
				inn.S[a][b] += wa * dz[b]
			}
		}
		for i := range 6 {
			wx := w * (pts[k][i] - s.X[i])
			for b := range 3 {
				inn.Pxz[i][b] += wx * dz[b]
			}
		}
	}
	inn.S[1][0], inn.S[2][0], inn.S[2][1] = inn.S[0][1], inn.S[0][2], inn.S[1][2]
	inn.H = [3][6]float64{}
	return finishInnovation(inn, &inn.S, m.Model.Residual(m.Z, zbar))
}

// Update implements Updater: x ← x + K·ν, P ← P − K·S·Kᵀ; then the
// measurement's range rate, if it has one, as a scalar update linearised at
// the updated state (nearly linear: ṙ is linear in velocity).
func (f *UKF) Update(s *State, m *Measurement, inn *Innovation) {
	k := gain(inn)
	for i := range 6 {
		s.X[i] += k[i][0]*inn.Nu[0] + k[i][1]*inn.Nu[1] + k[i][2]*inn.Nu[2]
	}
	// K·S·Kᵀ = K·Pxzᵀ (since K·S = Pxz).
	for i := range 6 {
		for j := i; j < 6; j++ {
			v := s.P[i][j] - (k[i][0]*inn.Pxz[j][0] + k[i][1]*inn.Pxz[j][1] + k[i][2]*inn.Pxz[j][2])
			s.P[i][j], s.P[j][i] = v, v
		}
	}
	mat.RepairSPD6(&s.P)
	updateRangeRate(s, m)
}
