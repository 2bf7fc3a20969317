package optimize

import "math"

// Min finds a minimum of f on [a, b] to within tol by Brent's method
// and returns it with its value (R. P. Brent, Algorithms for Minimization without Derivatives, 1973,
// ch. 5, procedure localmin): golden sections with parabolic steps.
func Min(f func(float64) float64, a, b, tol float64) (float64, float64) {
	return MinBelow(f, a, b, tol, math.Inf(-1))
}

// MinBelow is Min that stops as soon as it has found a point where f ≤
// stop: enough for a question like "does f go as low as stop?", whose
// answer (fx ≤ stop) is the same as Min's, found with fewer evaluations.
func MinBelow(f func(float64) float64, a, b, tol, stop float64) (float64, float64) {
	const cgold = 0.3819660112501051 // (3 − √5)/2
	x := a + cgold*(b-a)
	w, v := x, x
	fx := f(x)
	fw, fv := fx, fx
	var d, e float64
	for range 200 {
		if fx <= stop {
			break
		}
		m := 0.5 * (a + b)
		tol1 := 1.5e-8*math.Abs(x) + tol/3
		tol2 := 2 * tol1
		if math.Abs(x-m) <= tol2-0.5*(b-a) {
			break
		}
		golden := true
		if math.Abs(e) > tol1 {
			r := (x - w) * (fx - fv)
			q := (x - v) * (fx - fw)
			p := (x-v)*q - (x-w)*r
			q = 2 * (q - r)
			if q > 0 {
				p = -p
			} else {
				q = -q
			}
			r, e = e, d
			if math.Abs(p) < math.Abs(0.5*q*r) && p > q*(a-x) && p < q*(b-x) {
				d = p / q
				if u := x + d; u-a < tol2 || b-u < tol2 {
					d = math.Copysign(tol1, m-x)
				}
				golden = false
			}
		}
		if golden {
			if x < m {
				e = b - x
			} else {
				e = a - x
			}
			d = cgold * e
		}
		u := x + d
		if math.Abs(d) < tol1 {
			u = x + math.Copysign(tol1, d)
		}
		fu := f(u)
		if fu <= fx {
			if u < x {
				b = x
			} else {
				a = x
			}
			v, fv, w, fw, x, fx = w, fw, x, fx, u, fu
		} else {
			if u < x {
				a = u
			} else {
				b = u
			}
			if fu <= fw || w == x {
				v, fv, w, fw = w, fw, u, fu
			} else if fu <= fv || v == x || v == w {
				v, fv = u, fu
			}
		}
	}
	return x, fx
}

// Root finds x in [a, b] where f changes sign, by the Illinois variant of
// regula falsi, to within tol relative (absolute below 1); f(a) and f(b)
// must bracket a root, else b is returned.
func Root(a, b, tol float64, f func(float64) float64) float64 {
	return RootFrom(a, f(a), b, f(b), tol, f)
}

// RootFrom is Root for a caller that has f at the ends already: fa = f(a),
// fb = f(b).
func RootFrom(a, fa, b, fb, tol float64, f func(float64) float64) float64 {
	if fa == 0 {
		return a
	}
	if fb == 0 || fa*fb > 0 {
		return b
	}
	side := 0
	for range 100 {
		c := (a*fb - b*fa) / (fb - fa)
		if math.Abs(b-a) < tol*math.Max(1, math.Abs(b)) {
			return c
		}
		fc := f(c)
		switch {
		case fc == 0:
			return c
		case fc*fb > 0:
			b, fb = c, fc
			if side == -1 {
				fa /= 2
			}
			side = -1
		default:
			a, fa = c, fc
			if side == 1 {
				fb /= 2
			}
			side = 1
		}
	}
	return (a + b) / 2
}
