package ballistic

import (
	"fmt"
	"math"
	"sort"

	"github.com/jrmd/jrmd/geo"
)

// Kind selects which of the trajectories through two points is flown.
// The zero value is MinimumEnergy.
type Kind string

const (
	MinimumEnergy Kind = "minimum-energy" // the lowest burnout speed that reaches the aim point
	Lofted        Kind = "lofted"         // steeper than minimum energy for a given burnout speed
	Depressed     Kind = "depressed"      // flatter than minimum energy for a given burnout speed
)

// Names lists the kinds' names.
func (Kind) Names() []string {
	return []string{string(MinimumEnergy), string(Lofted), string(Depressed)}
}

// ParseKind reads a kind's name.
func ParseKind(s string) (Kind, error) {
	for _, k := range []Kind{MinimumEnergy, Lofted, Depressed} {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("ballistic: unknown trajectory kind %q (want minimum-energy, lofted or depressed)", s)
}

// UnmarshalText reads a kind's name (a scenario's kind key).
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err == nil {
		*k = v
	}
	return err
}

// String is the kind's name; the zero value's is minimum-energy.
func (k Kind) String() string {
	if k == "" {
		return string(MinimumEnergy)
	}
	return string(k)
}

// Request is a targeting problem: fly from From to To.
type Request struct {
	From, To        geo.LLA   // launch and aim points; heights are ignored (surface)
	Kind            Kind      // zero value: MinimumEnergy
	BurnoutSpeedMps float64   // Earth-relative burnout speed for Lofted/Depressed; 0: the missile's full burn
	Earth           geo.Earth // shape, gravity, rotation (Omega 0: non-rotating)
	Missile         *Missile  // nil: impulsive launch at the surface, no atmosphere
	StepS           float64   // sample interval, s; 0: no samples
}

// Sample is one point of a flown trajectory.
type Sample struct {
	TS  float64 // time from launch, s
	Pos geo.LLA
}

// Trajectory is a solved and flown trajectory.
type Trajectory struct {
	RangeM             float64 // ground distance launch to aim point (geodesic)
	AzimuthDeg         float64 // of the Earth-relative velocity at burnout, from north
	BurnoutTimeS       float64 // 0 for an impulsive launch
	BurnoutAltM        float64
	BurnoutSpeedMps    float64 // Earth-relative speed at burnout
	FlightPathAngleDeg float64 // Earth-relative flight-path angle at burnout, above the local horizontal
	FlightTimeS        float64 // launch to impact
	ApogeeAltM         float64
	Impact             geo.LLA
	ImpactErrorM       float64 // distance from the impact point to the aim point
	Samples            []Sample
	// BurnoutState is the inertial state at burnout in the launch inertial
	// frame (coincident with ECEF at launch, t = 0).
	BurnoutState State

	eph    []denseSeg // the flight, step by step, in the inertial frame (ECEF at t = 0)
	omega  float64
	startS float64 // first time of the ephemeris
}

// StateAt returns the position and the Earth-relative velocity (both in ECEF
// axes) at time tS (seconds after launch for a solved trajectory; on the
// caller's clock for Fly), interpolated with the integrator's own continuous
// extension; ok is false before the trajectory starts or after impact.
func (tr *Trajectory) StateAt(tS float64) (pos, vel geo.ECEF, ok bool) {
	n := len(tr.eph)
	if n == 0 || tS < tr.startS || tS > tr.FlightTimeS {
		return pos, vel, false
	}
	i := sort.Search(n, func(i int) bool { return tr.eph[i].t0+tr.eph[i].h >= tS })
	if i == n {
		i = n - 1
	}
	y := tr.eph[i].at(tS)
	theta := tr.omega * tS
	r := geo.Vec3{y[0], y[1], y[2]}
	v := geo.Vec3{y[3] + tr.omega*y[1], y[4] - tr.omega*y[0], y[5]} // v − ω×r
	return geo.ECIToECEF(geo.ECI(r), theta), geo.ECIToECEF(geo.ECI(v), theta), true
}

// State is a position (m) and velocity (m/s) at a time (s) in an inertial
// frame.
type State struct {
	TS   float64
	R, V geo.ECI
}

// Targeting tolerances: an impulsive solution is polished until it lands
// within impulsiveTolM of the aim point, a boosted one within boostTolM;
// both are far inside the 1 km the analyses need.
const (
	impulsiveTolM = 1.0
	boostTolM     = 5.0
	maxAimIter    = 30
)

// Solve finds and flies the trajectory req asks for.
func Solve(req Request) (Trajectory, error) {
	p, err := newProblem(req)
	if err != nil {
		return Trajectory{}, err
	}
	var burnT float64
	var burn vec6
	if req.Missile == nil {
		burn, err = p.solveImpulsive()
	} else {
		burnT, burn, err = p.solveBoosted()
	}
	if err != nil {
		return Trajectory{}, err
	}
	return p.report(burnT, burn)
}

// problem is a targeting problem prepared for solving.
type problem struct {
	req            Request
	e              geo.Earth
	kind           Kind
	launch, target geo.LLA
	r0, aim0       geo.ECEF
	coast          coast
	controls       boostControls // the boosted solution
}

func newProblem(req Request) (*problem, error) {
	e := req.Earth
	if e.A == 0 {
		return nil, fmt.Errorf("ballistic: no Earth model given")
	}
	kind := req.Kind
	if kind == "" {
		kind = MinimumEnergy
	}
	if _, err := ParseKind(string(kind)); err != nil {
		return nil, err
	}
	if kind != MinimumEnergy && req.Missile == nil && !(req.BurnoutSpeedMps > 0) {
		return nil, fmt.Errorf("ballistic: a %s trajectory needs a burnout speed", kind)
	}
	for _, p := range []geo.LLA{req.From, req.To} {
		if math.IsNaN(p.LatDeg+p.LonDeg) || math.Abs(p.LatDeg) > 90 {
			return nil, fmt.Errorf("ballistic: invalid point %+v", p)
		}
	}
	p := &problem{req: req, e: e, kind: kind}
	p.launch = geo.LLA{LatDeg: req.From.LatDeg, LonDeg: req.From.LonDeg}
	p.target = geo.LLA{LatDeg: req.To.LatDeg, LonDeg: req.To.LonDeg}
	p.r0, p.aim0 = e.ToECEF(p.launch), e.ToECEF(p.target)
	if geo.Vec3(p.r0).Sub(geo.Vec3(p.aim0)).Norm() < 1000 {
		return nil, fmt.Errorf("ballistic: launch and aim points are less than 1 km apart")
	}
	beta := 0.0
	if req.Missile != nil {
		beta = req.Missile.ReentryBetaKgM2
	}
	p.coast = *newCoast(e, beta)
	return p, nil
}

// flyCoast flies free flight from an inertial state to impact.
func (p *problem) flyCoast(t0 float64, y vec6, rec *recorder) (float64, vec6, error) {
	d := newDopri(&p.coast, t0, y)
	if rec != nil {
		d.hMax = ephemerisMaxStepS
	}
	hit, err := run(d, t0+maxFlightS, impactEvent(&p.e), rec)
	if err != nil {
		return 0, vec6{}, err
	}
	if !hit {
		return 0, vec6{}, errNoImpact
	}
	return d.t, d.y, nil
}

// toECEF turns an inertial state's position at time t into ECEF.
func (p *problem) toECEF(t float64, y vec6) geo.ECEF {
	return geo.ECIToECEF(geo.ECI{y[0], y[1], y[2]}, p.e.Omega*t)
}

// onSurface projects an ECEF point onto the ellipsoid along its normal.
func (p *problem) onSurface(r geo.ECEF) geo.ECEF {
	l := p.e.ToLLA(r)
	l.AltM = 0
	return p.e.ToECEF(l)
}

// report flies the solved trajectory once more, recording it.
func (p *problem) report(burnT float64, burn vec6) (Trajectory, error) {
	rec := &recorder{e: p.e, stepS: p.req.StepS}
	if rec.stepS > 0 {
		rec.samples = append(rec.samples, Sample{TS: 0, Pos: p.launch})
		rec.next = rec.stepS
	}
	if p.req.Missile != nil {
		// Re-fly the boost only for its samples; the burnout state is known.
		if _, _, err := flyBoost(p.e, p.req.Missile, p.r0, p.controls, rec); err != nil {
			return Trajectory{}, err
		}
	}
	tImp, yImp, err := p.flyCoast(burnT, burn, rec)
	if err != nil {
		return Trajectory{}, err
	}
	impact := p.toECEF(tImp, yImp)
	impLLA := p.e.ToLLA(impact)
	impLLA.AltM = 0
	if n := len(rec.samples); rec.stepS > 0 && rec.samples[n-1].TS < tImp {
		rec.samples = append(rec.samples, Sample{TS: tImp, Pos: impLLA})
	}
	bR := p.toECEF(burnT, burn)
	bLLA := p.e.ToLLA(bR)
	w := geo.Vec3{-p.e.Omega * burn[1], p.e.Omega * burn[0], 0}
	vrel := geo.Vec3{burn[3], burn[4], burn[5]}.Sub(w)
	// The Earth-relative velocity in ECEF axes, then local east-north-up.
	vECEF := geo.Vec3(geo.ECIToECEF(geo.ECI(vrel), p.e.Omega*burnT))
	aer := geo.ToAER(geo.RotateENU(bLLA, vECEF))
	rangeM, _, _ := p.e.Inverse(p.launch, p.target)
	errM, _, _ := p.e.Inverse(impLLA, p.target)
	return Trajectory{
		RangeM:             rangeM,
		AzimuthDeg:         aer.AzRad * 180 / math.Pi,
		BurnoutTimeS:       burnT,
		BurnoutAltM:        bLLA.AltM,
		BurnoutSpeedMps:    vrel.Norm(),
		FlightPathAngleDeg: aer.ElRad * 180 / math.Pi,
		FlightTimeS:        tImp,
		ApogeeAltM:         rec.apogeeAltM,
		Impact:             impLLA,
		ImpactErrorM:       errM,
		Samples:            rec.samples,
		BurnoutState:       State{TS: burnT, R: geo.ECI{burn[0], burn[1], burn[2]}, V: geo.ECI{burn[3], burn[4], burn[5]}},
		eph:                rec.eph,
		omega:              p.e.Omega,
	}, nil
}

// Fly flies free flight from a state — position and Earth-relative velocity
// in ECEF at time t0 on any clock — to impact, with drag on a ballistic
// coefficient betaKgM2 (0: vacuum), sampling every stepS seconds (0: no
// samples). The result's times, FlightTimeS (the impact time) and StateAt are
// on the same clock as t0. Its BurnoutState is the initial state, in the
// inertial frame that coincides with ECEF at clock time 0.
func Fly(e geo.Earth, t0 float64, pos, vel geo.ECEF, betaKgM2, stepS float64) (Trajectory, error) {
	if e.A == 0 {
		return Trajectory{}, fmt.Errorf("ballistic: no Earth model given")
	}
	theta := e.Omega * t0
	r := geo.ECEFToECI(pos, theta)
	v := geo.ECEFToECIVel(pos, vel, theta, e.Omega)
	y := vec6{r[0], r[1], r[2], v[0], v[1], v[2]}
	for _, c := range y {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			return Trajectory{}, fmt.Errorf("ballistic: state is not finite")
		}
	}
	p := &problem{e: e, coast: *newCoast(e, betaKgM2)}
	start := e.ToLLA(pos)
	if start.AltM < 0 {
		return Trajectory{}, fmt.Errorf("ballistic: state %.0f m below the surface", -start.AltM)
	}
	rec := &recorder{e: e, stepS: stepS, apogeeAltM: start.AltM}
	if stepS > 0 {
		rec.samples = []Sample{{TS: t0, Pos: start}}
		rec.next = t0 + stepS
	}
	tImp, yImp, err := p.flyCoast(t0, y, rec)
	if err != nil {
		return Trajectory{}, err
	}
	impLLA := e.ToLLA(p.toECEF(tImp, yImp))
	impLLA.AltM = 0
	if n := len(rec.samples); stepS > 0 && rec.samples[n-1].TS < tImp {
		rec.samples = append(rec.samples, Sample{TS: tImp, Pos: impLLA})
	}
	return Trajectory{
		FlightTimeS:  tImp,
		ApogeeAltM:   rec.apogeeAltM,
		Impact:       impLLA,
		Samples:      rec.samples,
		BurnoutState: State{TS: t0, R: geo.ECI{y[0], y[1], y[2]}, V: geo.ECI{y[3], y[4], y[5]}},
		eph:          rec.eph,
		omega:        e.Omega,
		startS:       t0,
	}, nil
}
