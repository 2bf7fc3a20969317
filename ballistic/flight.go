package ballistic

import (
	"errors"
	"math"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/optimize"
)

// The flight is integrated in the launch inertial frame: it coincides with
// ECEF at t = 0 and the Earth turns under it at Omega, so the rotation angle
// at time t is Omega·t. Earth rotation is then exact: it enters only through
// the launch velocity (ω×r), the co-rotating atmosphere and the final
// inertial-to-ECEF rotation.

// ephemerisMaxStepS bounds the steps of a recorded flight, so that its
// ephemeris (the integrator's 4th-order continuous extension) stays well
// below a metre from the integrated states between steps.
const ephemerisMaxStepS = 10

// maxFlightS bounds a flight: anything airborne for a day is in orbit.
const maxFlightS = 86400

var errNoImpact = errors.New("ballistic: the trajectory does not come down within a day (orbital or escaping)")

// level is the ellipsoid's implicit surface function: negative inside.
// Invariant under rotation about z, so it holds in the inertial frame too.
func level(e *geo.Earth, y *vec6) float64 {
	a2 := e.A * e.A
	b := e.B()
	return (y[0]*y[0]+y[1]*y[1])/a2 + y[2]*y[2]/(b*b) - 1
}

func radialRate(y *vec6) float64 { return y[0]*y[3] + y[1]*y[4] + y[2]*y[5] }

// recorder keeps what a reported flight needs: samples on a fixed time grid
// and the apogee. A nil recorder records nothing (targeting iterations).
type recorder struct {
	e          geo.Earth
	stepS      float64
	next       float64 // time of the next sample
	samples    []Sample
	apogeeAltM float64
	eph        []denseSeg // every step's continuous extension, in time order
}

func (rec *recorder) lla(t float64, y vec6) geo.LLA {
	return rec.e.ToLLA(geo.ECIToECEF(geo.ECI{y[0], y[1], y[2]}, rec.e.Omega*t))
}

// observe records what lies inside the step the integrator just took.
func (rec *recorder) observe(d *dopri, tEnd float64) {
	if rec == nil || d.hLast == 0 {
		return
	}
	rec.eph = append(rec.eph, d.segment())
	for rec.stepS > 0 && rec.next <= tEnd {
		rec.samples = append(rec.samples, Sample{TS: rec.next, Pos: rec.lla(rec.next, d.dense(rec.next))})
		rec.next += rec.stepS
	}
	if radialRate(&d.y0) > 0 && radialRate(&d.y) <= 0 {
		t := optimize.Root(d.t0, d.t, 1e-9, func(t float64) float64 { y := d.dense(t); return radialRate(&y) })
		rec.apogeeAltM = math.Max(rec.apogeeAltM, rec.lla(t, d.dense(t)).AltM)
	}
	rec.apogeeAltM = math.Max(rec.apogeeAltM, rec.lla(d.t, d.y).AltM)
}

// event is a function of the state that stops a run where it goes from
// positive to zero or below.
type event func(y *vec6) float64

// impactEvent fires where the trajectory comes down through the surface.
func impactEvent(e *geo.Earth) event { return func(y *vec6) float64 { return level(e, y) } }

// run integrates until tEnd or until ev fires (nil: never); it reports
// whether ev fired, leaving the integrator at the event.
func run(d *dopri, tEnd float64, ev event, rec *recorder) (bool, error) {
	for d.t < tEnd {
		if err := d.step(tEnd); err != nil {
			return false, err
		}
		if ev != nil && ev(&d.y) <= 0 && ev(&d.y0) > 0 {
			t := optimize.Root(d.t0, d.t, 1e-9, func(t float64) float64 { y := d.dense(t); return ev(&y) })
			y := d.dense(t)
			rec.observe(d, t)
			d.t, d.y = t, y
			return true, nil
		}
		rec.observe(d, d.t)
	}
	return false, nil
}
