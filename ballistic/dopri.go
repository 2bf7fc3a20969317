package ballistic

import (
	"errors"
	"math"
)

// vec6 is a position-velocity state (m, m/s) in an inertial frame.
type vec6 = [6]float64

// field is the right-hand side of the equations of motion: it writes
// dy/dt = f(t, y) into dy.
type field interface {
	deriv(t float64, y, dy *vec6)
}

// Dormand–Prince 5(4) coefficients: J. R. Dormand and P. J. Prince, "A family
// of embedded Runge-Kutta formulae", J. Comp. Appl. Math. 6 (1980) 19–26;
// dense-output coefficients from E. Hairer's DOPRI5 code (Hairer, Nørsett and
// Wanner, Solving Ordinary Differential Equations I, 2nd ed., §II.6).
const (
	dpC2, dpC3, dpC4, dpC5 = 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9

	dpA21 = 1.0 / 5
	dpA31 = 3.0 / 40
	dpA32 = 9.0 / 40
	dpA41 = 44.0 / 45
	dpA42 = -56.0 / 15
	dpA43 = 32.0 / 9
	dpA51 = 19372.0 / 6561
	dpA52 = -25360.0 / 2187
	dpA53 = 64448.0 / 6561
	dpA54 = -212.0 / 729
	dpA61 = 9017.0 / 3168
	dpA62 = -355.0 / 33
	dpA63 = 46732.0 / 5247
	dpA64 = 49.0 / 176
	dpA65 = -5103.0 / 18656
	dpA71 = 35.0 / 384
	dpA73 = 500.0 / 1113
	dpA74 = 125.0 / 192
	dpA75 = -2187.0 / 6784
	dpA76 = 11.0 / 84

	dpE1 = 71.0 / 57600
	dpE3 = -71.0 / 16695
	dpE4 = 71.0 / 1920
	dpE5 = -17253.0 / 339200
	dpE6 = 22.0 / 525
	dpE7 = -1.0 / 40

	dpD1 = -12715105075.0 / 11282082432
	dpD3 = 87487479700.0 / 32700410799
	dpD4 = -10690763975.0 / 1880347072
	dpD5 = 701980252875.0 / 199316789632
	dpD6 = -1453857185.0 / 822651844
	dpD7 = 69997945.0 / 29380423
)

// Default tolerances of the adaptive integrator: relative, and absolute for
// positions (m) and velocities (m/s). At these settings a 10,000 km flight
// lands within millimetres of the analytic Kepler arc (see the tests).
const (
	DefaultRelTol  = 1e-10
	DefaultAbsTolR = 1e-3
	DefaultAbsTolV = 1e-6
)

var errStepUnderflow = errors.New("ballistic: integrator step size underflow (stiff or singular dynamics)")

// dopri integrates a field with the adaptive Dormand–Prince 5(4) method.
// It keeps what the last accepted step needs for dense output, so events and
// samples inside a step cost no extra field evaluations.
type dopri struct {
	f                  field
	rtol, atolR, atolV float64
	t, h               float64 // current time and next trial step
	y                  vec6    // current state
	// k are the stages of the last step; k[0] is f(t, y), which the next
	// step reuses (first same as last). Fields, not locals: &k[i] passed to
	// the field then costs no allocation.
	k              [7]vec6
	t0, hLast      float64 // last accepted step: start and length
	y0, s1         vec6    // its start state and first stage
	yt, y1         vec6    // stage scratch
	steps, rejects int
	hMax           float64 // 0: unbounded
}

func newDopri(f field, t float64, y vec6) *dopri {
	d := &dopri{f: f, rtol: DefaultRelTol, atolR: DefaultAbsTolR, atolV: DefaultAbsTolV}
	d.reset(t, y)
	return d
}

// reset starts a new integration from (t, y), choosing the first step.
func (d *dopri) reset(t float64, y vec6) {
	d.t, d.y = t, y
	d.f.deriv(t, &d.y, &d.k[0])
	d.h = d.initialStep()
	d.t0, d.hLast, d.y0 = t, 0, y
}

func (d *dopri) sc(i int, a, b float64) float64 {
	atol := d.atolR
	if i >= 3 {
		atol = d.atolV
	}
	return atol + d.rtol*math.Max(math.Abs(a), math.Abs(b))
}

// initialStep is Hairer's starting-step heuristic (HNW I, §II.4).
func (d *dopri) initialStep() float64 {
	var d0, d1 float64
	for i := range 6 {
		s := d.sc(i, d.y[i], d.y[i])
		d0 += (d.y[i] / s) * (d.y[i] / s)
		d1 += (d.k[0][i] / s) * (d.k[0][i] / s)
	}
	d0, d1 = math.Sqrt(d0/6), math.Sqrt(d1/6)
	h0 := 1e-6
	if d0 > 1e-5 && d1 > 1e-5 {
		h0 = 0.01 * d0 / d1
	}
	y1, k := &d.y1, &d.k[1] // scratch: no step is under way
	for i := range 6 {
		y1[i] = d.y[i] + h0*d.k[0][i]
	}
	d.f.deriv(d.t+h0, y1, k)
	var d2 float64
	for i := range 6 {
		s := d.sc(i, d.y[i], d.y[i])
		d2 += ((k[i] - d.k[0][i]) / s) * ((k[i] - d.k[0][i]) / s)
	}
	d2 = math.Sqrt(d2/6) / h0
	h1 := math.Max(1e-6, h0*1e-3)
	if m := math.Max(d1, d2); m > 1e-15 {
		h1 = math.Pow(0.01/m, 1.0/5)
	}
	h := math.Min(100*h0, h1)
	if d.hMax > 0 && h > d.hMax {
		h = d.hMax
	}
	return h
}

// step takes one accepted step, not beyond tEnd (which may be +Inf).
func (d *dopri) step(tEnd float64) error {
	for {
		h := d.h
		if d.hMax > 0 && h > d.hMax {
			h = d.hMax
		}
		last := false
		if d.t+h >= tEnd {
			h, last = tEnd-d.t, true
		}
		if h < 1e-9*math.Max(1, math.Abs(d.t)) {
			if last {
				d.t = tEnd
				return nil
			}
			return errStepUnderflow
		}
		y, yt, y1 := &d.y, &d.yt, &d.y1
		k1, k2, k3, k4, k5, k6, k7 := &d.k[0], &d.k[1], &d.k[2], &d.k[3], &d.k[4], &d.k[5], &d.k[6]
		for i := range 6 {
			yt[i] = y[i] + h*dpA21*k1[i]
		}
		d.f.deriv(d.t+dpC2*h, yt, k2)
		for i := range 6 {
			yt[i] = y[i] + h*(dpA31*k1[i]+dpA32*k2[i])
		}
		d.f.deriv(d.t+dpC3*h, yt, k3)
		for i := range 6 {
			yt[i] = y[i] + h*(dpA41*k1[i]+dpA42*k2[i]+dpA43*k3[i])
		}
		d.f.deriv(d.t+dpC4*h, yt, k4)
		for i := range 6 {
			yt[i] = y[i] + h*(dpA51*k1[i]+dpA52*k2[i]+dpA53*k3[i]+dpA54*k4[i])
		}
		d.f.deriv(d.t+dpC5*h, yt, k5)
		for i := range 6 {
			yt[i] = y[i] + h*(dpA61*k1[i]+dpA62*k2[i]+dpA63*k3[i]+dpA64*k4[i]+dpA65*k5[i])
		}
		d.f.deriv(d.t+h, yt, k6)
		for i := range 6 {
			y1[i] = y[i] + h*(dpA71*k1[i]+dpA73*k3[i]+dpA74*k4[i]+dpA75*k5[i]+dpA76*k6[i])
		}
		d.f.deriv(d.t+h, y1, k7)
		var errSum float64
		for i := range 3 {
			e := h * (dpE1*k1[i] + dpE3*k3[i] + dpE4*k4[i] + dpE5*k5[i] + dpE6*k6[i] + dpE7*k7[i])
			s := e / (d.atolR + d.rtol*maxAbs(y[i], y1[i]))
			errSum += s * s
		}
		for i := 3; i < 6; i++ {
			e := h * (dpE1*k1[i] + dpE3*k3[i] + dpE4*k4[i] + dpE5*k5[i] + dpE6*k6[i] + dpE7*k7[i])
			s := e / (d.atolV + d.rtol*maxAbs(y[i], y1[i]))
			errSum += s * s
		}
		errNorm := math.Sqrt(errSum / 6)
		if errNorm != errNorm { // NaN
			return errors.New("ballistic: integrator produced NaN")
		}
		if errNorm <= 1 {
			d.t0, d.hLast, d.y0, d.s1 = d.t, h, d.y, d.k[0]
			if last {
				d.t = tEnd
			} else {
				d.t += h
			}
			d.y, d.k[0] = *y1, *k7
			d.steps++
			fac := 5.0 // the controller's growth limit, reached as errNorm → 0
			if errNorm > 0 {
				fac = min(5, max(0.2, 0.9*invFifthRoot(errNorm)))
			}
			if !last || fac < 1 {
				d.h = h * fac
			}
			return nil
		}
		d.rejects++
		d.h = h * max(0.2, 0.9*invFifthRoot(errNorm))
	}
}

// dense interpolates the state inside the last accepted step (4th order).
func (d *dopri) dense(t float64) vec6 {
	g := d.segment()
	return g.at(t)
}

// segment is the last accepted step's continuous extension.
func (d *dopri) segment() denseSeg {
	g := denseSeg{t0: d.t0, h: d.hLast}
	h := d.hLast
	k := &d.k
	for i := range 6 {
		ydiff := d.y[i] - d.y0[i]
		bspl := h*d.s1[i] - ydiff
		g.c[0][i] = d.y0[i]
		g.c[1][i] = ydiff
		g.c[2][i] = bspl
		g.c[3][i] = ydiff - h*k[6][i] - bspl
		g.c[4][i] = h * (dpD1*d.s1[i] + dpD3*k[2][i] + dpD4*k[3][i] + dpD5*k[4][i] + dpD6*k[5][i] + dpD7*k[6][i])
	}
	return g
}

// denseSeg is the Dormand–Prince continuous extension over one step:
// y(t0 + θh) = c0 + θ(c1 + (1−θ)(c2 + θ(c3 + (1−θ)c4))).
type denseSeg struct {
	t0, h float64
	c     [5]vec6
}

func (g *denseSeg) at(t float64) vec6 {
	if g.h == 0 {
		return g.c[0]
	}
	th := (t - g.t0) / g.h
	th1 := 1 - th
	var out vec6
	for i := range 6 {
		out[i] = g.c[0][i] + th*(g.c[1][i]+th1*(g.c[2][i]+th*(g.c[3][i]+th1*g.c[4][i])))
	}
	return out
}

// invFifthRoot is x^(-1/5) for the step-size controller, to about 1e-6
// relative: a bit-level first guess and four Newton steps, a fraction of the
// cost of math.Pow (the controller needs no more; the result stays a
// deterministic function of x).
func invFifthRoot(x float64) float64 {
	// The exponent field divided by −5 gives a guess within a factor of ~1.15.
	const bias = 1023 << 52
	y := math.Float64frombits(uint64(bias - (int64(math.Float64bits(x))-bias)/5))
	for range 4 {
		// Newton on f(y) = y⁻⁵ − x: y ← y·(6 − x·y⁵)/5.
		y2 := y * y
		y *= (6 - x*y2*y2*y) * 0.2
	}
	return y
}

// maxAbs is max(|a|, |b|) without math.Max's NaN and signed-zero handling,
// which costs a function call per use on amd64; NaNs are caught separately.
func maxAbs(a, b float64) float64 {
	a, b = math.Abs(a), math.Abs(b)
	if a > b {
		return a
	}
	return b
}
