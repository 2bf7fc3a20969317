package track

import (
	"math"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/mat"
)

// Motion is a target motion model on the 6-state (position m, velocity m/s)
// in the filter frame. Implementations take and return values so that a
// call through the interface allocates nothing.
type Motion interface {
	// Propagate returns x moved on by dtS seconds (the noise-free flow; the
	// UKF's sigma-point map).
	Propagate(x [6]float64, dtS float64) [6]float64
	// Transition returns Propagate(x, dtS) and the state transition matrix
	// Φ = ∂x(t+dt)/∂x(t) along it (the EKF's linearisation).
	Transition(x [6]float64, dtS float64) ([6]float64, [6][6]float64)
	// ProcessNoise returns the process noise covariance Q accumulated over
	// |dtS| seconds.
	ProcessNoise(dtS float64) [6][6]float64
}

// cwna returns the process noise of continuous white-noise acceleration
// with spectral density q (m²/s³) on each axis, discretised over dt
// (Bar-Shalom, Li and Kirubarajan, "Estimation with Applications to Tracking
// and Navigation" (2001), §6.2.2, eq. 6.2.2-12):
//
//	Q = q·[[dt³/3·I, dt²/2·I], [dt²/2·I, dt·I]].
func cwna(q, dt float64) (m [6][6]float64) {
	dt = math.Abs(dt)
	a, b, c := q*dt*dt*dt/3, q*dt*dt/2, q*dt
	for i := range 3 {
		m[i][i] = a
		m[i][i+3] = b
		m[i+3][i] = b
		m[i+3][i+3] = c
	}
	return m
}

// DefaultMaxStepS is the longest Runge–Kutta substep of Ballistic when
// MaxStepS is 0. On a 5 s step the RK4 local error of an orbit-like arc
// (orbital rate n ≈ 1.2e-3 rad/s) is about r·(n·h)⁵/120 ≈ 4e-7 m, far below
// any radar's noise, so one step covers an early-warning radar's 5 s
// revisit (a third of the work of 2 s steps, with the same events in the
// reference scenario).
const DefaultMaxStepS = 5.0

// Ballistic is free flight in the scenario inertial frame: point-mass plus
// J2 gravity (Vallado, "Fundamentals of Astrodynamics and Applications",
// 4th ed., eq. 8-30; the formula is valid in any frame whose z axis is the
// rotation axis), no drag, no thrust; unmodelled accelerations (drag,
// thrust, the harmonics beyond J2) are continuous white noise of spectral
// density Q (m²/s³).
//
// The state is integrated by classical fourth-order Runge–Kutta with
// substeps of at most MaxStepS. A step of at most 0.25 s (a tracker fed by
// several radars predicts by a fraction of a second at a time) takes a
// two-stage method with half RK4's gravity evaluations instead: with a0 =
// a(x0) and a1 = a(x0 + h·v0 + h²/2·a0), x1 = x0 + h·v0 + h²/6·(2·a0 +
// a1) and v1 = v0 + h/2·(a0 + a1), whose Taylor series match the exact
// flow's to h³ in position and h² in velocity; its local errors,
// h⁴·|ä|/24 and h³·|ä|/12 with |ä| ≲ 1e-4 m/s⁴ for a ballistic target,
// are below 2e-8 m and 2e-7 m/s at 0.25 s (TestBallisticShortStep).
//
// The transition matrix of each substep h is the series of exp(F·h), F =
// [[0, I], [G, 0]], to third order,
//
//	Φ = [[I + G·h²/2, I·h + G·h³/6], [G·h, I + G·h²/2]],
//
// with G = μ/r³·(3·r̂r̂ᵀ − I) the point-mass gravity gradient at a point
// where the step evaluates gravity, so that it costs no further square
// root: for RK4 the third stage's, x + h/2·v + h²/4·a, within h²·|a|/8
// (31 m for a 5 s substep, 5e-6 of the radius) of the mid-point of the
// arc; for the two-stage method the start, where G differs from the
// mid-point's by ~3·|v|·h/(2·r) ≲ 4e-4 of itself. Leaving J2 out of the
// gradient changes Φ by about 1e-3 of G·h², ~4e-8 for a 5 s step; the
// omitted G²·h³/6 is below 1e-10.
// ProcessNoise is the kinematic CWNA matrix over the whole interval; the
// gravity-gradient coupling it leaves out changes Q by about |G|·dt², under
// 1 % for dt ≤ 60 s.
type Ballistic struct {
	Mu       float64 // gravitational parameter, m³/s²
	J2       float64 // second zonal harmonic (0: point mass)
	A        float64 // equatorial radius that goes with J2, m
	Q        float64 // process noise spectral density, m²/s³
	MaxStepS float64 // longest integration substep, s; 0: DefaultMaxStepS
}

// NewBallistic returns the ballistic model of the Earth e with process noise
// spectral density q (m²/s³).
func NewBallistic(e geo.Earth, q float64) Ballistic {
	return Ballistic{Mu: e.Mu, J2: e.J2, A: e.A, Q: q}
}

// gravJ2 returns the gravitational acceleration at (x, y, z) for μ = mu
// and c = 1.5·J2·A², with 1/r² and −μ/r³.
func gravJ2(mu, c, x, y, z float64) (ax, ay, az, inv2, k float64) {
	inv2 = 1 / (x*x + y*y + z*z)
	k = -mu * inv2 * math.Sqrt(inv2)
	q := c * inv2
	z2 := 5 * z * z * inv2
	kxy := k * (1 + q*(1-z2))
	return kxy * x, kxy * y, k * (1 + q*(3-z2)) * z, inv2, k
}

// shortStepS is the longest step that Ballistic takes by its two-stage
// method instead of RK4 (see Ballistic).
const shortStepS = 0.25

// step advances x in place by one step of h seconds — two-stage for |h| ≤
// shortStepS, else RK4 — and, if g is not nil, sets it to the point-mass
// gravity gradient of the step's transition matrix (see Ballistic).
func (b Ballistic) step(x *[6]float64, h float64, g *gravityGradient) {
	if math.Abs(h) <= shortStepS {
		b.step2(x, h, g)
		return
	}
	b.rk4Step(x, h, g)
}

// step2 is the two-stage step of Ballistic: a0 = a(x0); a1 = a(x0 + h·v0 +
// h²/2·a0); x1 = x0 + h·v0 + h²/6·(2·a0 + a1); v1 = v0 + h/2·(a0 + a1); the
// gravity gradient at x0.
func (b Ballistic) step2(x *[6]float64, h float64, g *gravityGradient) {
	mu, c := b.Mu, 1.5*b.J2*b.A*b.A
	x0, x1, x2, x3, x4, x5 := x[0], x[1], x[2], x[3], x[4], x[5]
	a0x, a0y, a0z, inv2, k := gravJ2(mu, c, x0, x1, x2)
	hh := h * h / 2
	a1x, a1y, a1z, _, _ := gravJ2(mu, c, x0+h*x3+hh*a0x, x1+h*x4+hh*a0y, x2+h*x5+hh*a0z)
	h6, h2 := h*h/6, h/2
	x[0] = x0 + h*x3 + h6*(2*a0x+a1x)
	x[1] = x1 + h*x4 + h6*(2*a0y+a1y)
	x[2] = x2 + h*x5 + h6*(2*a0z+a1z)
	x[3] = x3 + h2*(a0x+a1x)
	x[4] = x4 + h2*(a0y+a1y)
	x[5] = x5 + h2*(a0z+a1z)
	if g != nil {
		g.M[0], g.M[1], g.M[2], g.K, g.K3 = x0, x1, x2, -k, -3*k*inv2
	}
}

// rk4Step advances x in place by one classical Runge–Kutta step of h
// seconds and, if g is not nil, sets it to the point-mass gravity gradient
// at the third stage's point.
func (b Ballistic) rk4Step(x *[6]float64, h float64, g *gravityGradient) {
	mu, c := b.Mu, 1.5*b.J2*b.A*b.A
	h2 := h / 2
	x0, x1, x2, x3, x4, x5 := x[0], x[1], x[2], x[3], x[4], x[5]
	a1x, a1y, a1z, _, _ := gravJ2(mu, c, x0, x1, x2)
	v2x, v2y, v2z := x3+h2*a1x, x4+h2*a1y, x5+h2*a1z
	a2x, a2y, a2z, _, _ := gravJ2(mu, c, x0+h2*x3, x1+h2*x4, x2+h2*x5)
	v3x, v3y, v3z := x3+h2*a2x, x4+h2*a2y, x5+h2*a2z
	p3x, p3y, p3z := x0+h2*v2x, x1+h2*v2y, x2+h2*v2z
	a3x, a3y, a3z, inv2, k := gravJ2(mu, c, p3x, p3y, p3z)
	v4x, v4y, v4z := x3+h*a3x, x4+h*a3y, x5+h*a3z
	a4x, a4y, a4z, _, _ := gravJ2(mu, c, x0+h*v3x, x1+h*v3y, x2+h*v3z)
	h6 := h / 6
	*x = [6]float64{
		x0 + h6*(x3+2*v2x+2*v3x+v4x),
		x1 + h6*(x4+2*v2y+2*v3y+v4y),
		x2 + h6*(x5+2*v2z+2*v3z+v4z),
		x3 + h6*(a1x+2*a2x+2*a3x+a4x),
		x4 + h6*(a1y+2*a2y+2*a3y+a4y),
		x5 + h6*(a1z+2*a2z+2*a3z+a4z),
	}
	if g != nil {
		// −k = μ/r³ (J2 left out, see Ballistic).
		*g = gravityGradient{M: [3]float64{p3x, p3y, p3z}, K: -k, K3: -3 * k * inv2}
	}
}

// substeps returns how many equal substeps cover dt and their length.
func (b Ballistic) substeps(dt float64) (int, float64) {
	maxStep := b.MaxStepS
	if !(maxStep > 0) {
		maxStep = DefaultMaxStepS
	}
	n := int(math.Ceil(math.Abs(dt) / maxStep))
	if n < 1 {
		n = 1
	}
	return n, dt / float64(n)
}

// Propagate implements Motion.
func (b Ballistic) Propagate(x [6]float64, dtS float64) [6]float64 {
	if dtS == 0 {
		return x
	}
	n, h := b.substeps(dtS)
	for range n {
		b.step(&x, h, nil)
	}
	return x
}

// gravityGradient is the point-mass gravity gradient G = K3·M·Mᵀ − K·I at
// the point M (μ/r³·(3·r̂r̂ᵀ − I): K = μ/r³, K3 = 3μ/r⁵), a rank-one
// matrix plus a multiple of the identity, which the EKF's covariance
// prediction exploits.
type gravityGradient struct {
	M     [3]float64
	K, K3 float64
}

// matrix returns G as a matrix.
func (gg *gravityGradient) matrix() (g [3][3]float64) {
	m := &gg.M
	for i := range 3 {
		for j := i; j < 3; j++ {
			v := gg.K3 * m[i] * m[j]
			if i == j {
				v -= gg.K
			}
			g[i][j], g[j][i] = v, v
		}
	}
	return g
}

// stepPhi returns the transition matrix of a substep h with gravity
// gradient gg.
func stepPhi(gg *gravityGradient, h float64) (phi [6][6]float64) {
	g := gg.matrix()
	h2, h3 := h*h/2, h*h*h/6
	for i := range 3 {
		for j := range 3 {
			phi[i][j] = g[i][j] * h2
			phi[i][j+3] = g[i][j] * h3
			phi[i+3][j] = g[i][j] * h
			phi[i+3][j+3] = g[i][j] * h2
		}
		phi[i][i]++
		phi[i][i+3] += h
		phi[i+3][i+3]++
	}
	return phi
}

// Transition implements Motion.
func (b Ballistic) Transition(x [6]float64, dtS float64) ([6]float64, [6][6]float64) {
	if dtS == 0 {
		return x, identity6()
	}
	n, h := b.substeps(dtS)
	var gg gravityGradient
	b.step(&x, h, &gg)
	phi := stepPhi(&gg, h)
	for range n - 1 {
		b.step(&x, h, &gg)
		step := stepPhi(&gg, h)
		phi = mat.Mul6(&step, &phi)
	}
	return x, phi
}

// ProcessNoise implements Motion.
func (b Ballistic) ProcessNoise(dtS float64) [6][6]float64 { return cwna(b.Q, dtS) }

// Predict moves an estimate x, p on by dtS: the EKF's prediction. Each
// integration step moves the covariance by its own transition
// (propagateCov) and adds the noise of its span: the noise of dtS carried
// through the motion (for straight-line motion exactly the CWNA noise of
// dtS), for a few blockwise products instead of a general Φ·p·Φᵀ.
func (b Ballistic) Predict(x *[6]float64, p *[6][6]float64, dtS float64) {
	if dtS == 0 {
		return
	}
	n, h := b.substeps(dtS)
	var g gravityGradient
	for range n {
		b.step(x, h, &g)
		propagateCov(p, &g, h, b.Q)
	}
}

// Predicted is Predict on copies of x and p, which stay on the caller's
// stack through an interface (fusion's predictor).
func (b Ballistic) Predicted(x [6]float64, p [6][6]float64, dtS float64) ([6]float64, [6][6]float64) {
	b.Predict(&x, &p, dtS)
	return x, p
}

// ConstantGravity is motion under a uniform gravity G (m/s²) along −z of
// the filter frame — a flat-Earth local east-north-up frame — plus white-
// noise acceleration of spectral density Q (m²/s³). Propagation is exact.
// It is the model of the bring-your-own-data mode in ENU; it is adequate
// over a few hundred kilometres, where the Earth's curvature (gravity turns
// by 1 mrad per 6.4 km) and the Coriolis acceleration (2ωv ≈ 0.4 m/s² at
// 3 km/s) stay inside the process noise.
type ConstantGravity struct {
	G float64 // m/s², e.g. ballistic.StandardGravity
	Q float64 // m²/s³
}

// Propagate implements Motion.
func (c ConstantGravity) Propagate(x [6]float64, dtS float64) [6]float64 {
	x[0] += x[3] * dtS
	x[1] += x[4] * dtS
	x[2] += x[5]*dtS - 0.5*c.G*dtS*dtS
	x[5] -= c.G * dtS
	return x
}

// Transition implements Motion.
func (c ConstantGravity) Transition(x [6]float64, dtS float64) ([6]float64, [6][6]float64) {
	return c.Propagate(x, dtS), cvPhi(dtS)
}

// ProcessNoise implements Motion.
func (c ConstantGravity) ProcessNoise(dtS float64) [6][6]float64 { return cwna(c.Q, dtS) }

// NearlyConstantVelocity is straight-line motion with white-noise
// acceleration of spectral density Q (m²/s³) (Bar-Shalom et al. 2001,
// §6.2.2), for targets that are neither ballistic nor falling.
type NearlyConstantVelocity struct {
	Q float64 // m²/s³
}

// Propagate implements Motion.
func (NearlyConstantVelocity) Propagate(x [6]float64, dtS float64) [6]float64 {
	x[0] += x[3] * dtS
	x[1] += x[4] * dtS
	x[2] += x[5] * dtS
	return x
}

// Transition implements Motion.
func (c NearlyConstantVelocity) Transition(x [6]float64, dtS float64) ([6]float64, [6][6]float64) {
	return c.Propagate(x, dtS), cvPhi(dtS)
}

// ProcessNoise implements Motion.
func (c NearlyConstantVelocity) ProcessNoise(dtS float64) [6][6]float64 { return cwna(c.Q, dtS) }

func identity6() (m [6][6]float64) {
	for i := range 6 {
		m[i][i] = 1
	}
	return m
}

// cvPhi is the constant-velocity transition matrix [[I, dt·I], [0, I]].
func cvPhi(dt float64) [6][6]float64 {
	m := identity6()
	for i := range 3 {
		m[i][i+3] = dt
	}
	return m
}

// gradientStepper is implemented by the motions of this package whose
// transition over dt, when one integration step covers it, has the block
// form Φ = [[I + a·G, h·I + b·G], [h·G, I + a·G]] (h = dt, a = h²/2,
// b = h³/6) for a gravity gradient G of the form of gravityGradient (zero
// for flat-Earth motion), with CWNA process noise of density q. The EKF
// then propagates the covariance blockwise in a fraction of the
// multiplications of a general Φ·P·Φᵀ (see propagateCov). gradientStep
// moves x on by dt; ok is false, and x is left alone, when dt needs
// several substeps: the EKF then takes the general path. (The EKF steps
// Ballistic itself, one substep at a time.)
type gradientStepper interface {
	gradientStep(x *[6]float64, dt float64) (g gravityGradient, q float64, ok bool)
}

func (c ConstantGravity) gradientStep(x *[6]float64, dt float64) (gravityGradient, float64, bool) {
	*x = c.Propagate(*x, dt)
	return gravityGradient{}, c.Q, true
}

func (c NearlyConstantVelocity) gradientStep(x *[6]float64, dt float64) (gravityGradient, float64, bool) {
	*x = c.Propagate(*x, dt)
	return gravityGradient{}, c.Q, true
}
