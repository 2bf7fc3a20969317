package ballistic

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/jrmd/jrmd/geo"
)

// globePairs spreads n launch points uniformly over the globe (up to 80° of
// latitude) and aims each at a random azimuth and a range drawn from
// [lo, hi] metres. Fixed seed: the same pairs every run.
func globePairs(n int, lo, hi float64, seed uint64) [][2]geo.LLA {
	rng := rand.New(rand.NewPCG(seed, 7))
	pairs := make([][2]geo.LLA, n)
	for i := range pairs {
		from := geo.LLA{
			LatDeg: math.Asin(rng.Float64()*2*math.Sin(80*math.Pi/180)-math.Sin(80*math.Pi/180)) * 180 / math.Pi,
			LonDeg: rng.Float64()*360 - 180,
		}
		to := geo.WGS84.Direct(from, rng.Float64()*2*math.Pi, lo+rng.Float64()*(hi-lo))
		pairs[i] = [2]geo.LLA{from, to}
	}
	return pairs
}

// On the rotating WGS-84 Earth with J2, a modelled boost and
// reentry drag, every missile class lands within 1 km of the aim point on
// 20 launch/aim pairs spread over the globe. Ranges run from 30 % to 90 % of
// each class's nominal range, in every direction (westward flights lose
// the most to Earth rotation).
func TestBoostedTargetingOverTheGlobe(t *testing.T) {
	const tolM = 1000
	for i, name := range MissileNames() {
		m, err := LookupMissile(name)
		if err != nil {
			t.Fatal(err)
		}
		for j, pr := range globePairs(20, 0.3*m.NominalRangeM, 0.9*m.NominalRangeM, uint64(i)) {
			t.Run(fmt.Sprintf("%s/%02d", name, j), func(t *testing.T) {
				tr, err := Solve(Request{From: pr[0], To: pr[1], Earth: geo.WGS84, Missile: &m})
				if err != nil {
					t.Fatalf("%+v → %+v: %v", pr[0], pr[1], err)
				}
				if tr.ImpactErrorM > tolM {
					t.Errorf("impact %.0f m from the aim point", tr.ImpactErrorM)
				}
				// The flight must be the boosted one: burnout after the
				// vertical rise, at or before the end of the burn, above the
				// ground and below apogee.
				if tr.BurnoutTimeS <= m.VerticalRiseS || tr.BurnoutTimeS > m.BurnTimeS()+1e-6 {
					t.Errorf("burnout at %.1f s outside the burn", tr.BurnoutTimeS)
				}
				if tr.BurnoutAltM <= 0 || tr.BurnoutAltM >= tr.ApogeeAltM {
					t.Errorf("burnout altitude %.0f m, apogee %.0f m", tr.BurnoutAltM, tr.ApogeeAltM)
				}
			})
		}
	}
}

// Impulsive launches on the rotating WGS-84 Earth with J2 land within the
// targeting tolerance (1 m) for all three kinds, at ranges up to 14,000 km.
func TestImpulsiveTargetingOverTheGlobe(t *testing.T) {
	for j, pr := range globePairs(20, 500e3, 14000e3, 99) {
		for _, kind := range []Kind{MinimumEnergy, Lofted, Depressed} {
			t.Run(fmt.Sprintf("%02d/%s", j, kind), func(t *testing.T) {
				req := Request{From: pr[0], To: pr[1], Earth: geo.WGS84, Kind: kind}
				if kind != MinimumEnergy {
					me, err := Solve(Request{From: pr[0], To: pr[1], Earth: geo.WGS84})
					if err != nil {
						t.Fatal(err)
					}
					req.BurnoutSpeedMps = me.BurnoutSpeedMps * 1.01
				}
				tr, err := Solve(req)
				if err != nil {
					if kind == Depressed && req.BurnoutSpeedMps > 7000 {
						return // near or above circular speed: no depressed arc (see TextbookArc)
					}
					t.Fatal(err)
				}
				if tr.ImpactErrorM > impulsiveTolM {
					t.Errorf("impact %.2f m from the aim point", tr.ImpactErrorM)
				}
				if kind != MinimumEnergy && math.Abs(tr.BurnoutSpeedMps/req.BurnoutSpeedMps-1) > 1e-6 {
					t.Errorf("burnout speed %.3f, asked %.3f", tr.BurnoutSpeedMps, req.BurnoutSpeedMps)
				}
			})
		}
	}
}

// Lofted and depressed boosted arcs at a given burnout speed straddle the
// minimum-energy one: the lofted is steeper, higher and slower to land.
func TestBoostedLoftedDepressed(t *testing.T) {
	m, _ := LookupMissile("irbm")
	from, to := geo.LLA{LatDeg: 35.23, LonDeg: 53.92}, geo.LLA{LatDeg: 52.52, LonDeg: 13.40} // Semnan → Berlin
	me, err := Solve(Request{From: from, To: to, Earth: geo.WGS84, Missile: &m})
	if err != nil {
		t.Fatal(err)
	}
	speed := me.BurnoutSpeedMps * 1.03
	var got [2]Trajectory
	for i, kind := range []Kind{Lofted, Depressed} {
		got[i], err = Solve(Request{From: from, To: to, Earth: geo.WGS84, Missile: &m, Kind: kind, BurnoutSpeedMps: speed})
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if got[i].ImpactErrorM > 1000 || math.Abs(got[i].BurnoutSpeedMps/speed-1) > 1e-4 {
			t.Errorf("%s: impact error %.0f m, burnout speed %.1f (asked %.1f)", kind, got[i].ImpactErrorM, got[i].BurnoutSpeedMps, speed)
		}
	}
	lo, de := got[0], got[1]
	if !(lo.FlightPathAngleDeg > me.FlightPathAngleDeg && me.FlightPathAngleDeg > de.FlightPathAngleDeg) {
		t.Errorf("flight-path angles lofted %.1f°, min-energy %.1f°, depressed %.1f°", lo.FlightPathAngleDeg, me.FlightPathAngleDeg, de.FlightPathAngleDeg)
	}
	if !(lo.ApogeeAltM > me.ApogeeAltM && me.ApogeeAltM > de.ApogeeAltM) || !(lo.FlightTimeS > de.FlightTimeS) {
		t.Errorf("apogees %.0f/%.0f/%.0f km, times %.0f/%.0f s", lo.ApogeeAltM/1e3, me.ApogeeAltM/1e3, de.ApogeeAltM/1e3, lo.FlightTimeS, de.FlightTimeS)
	}
}

// Each class's reach brackets its nominal range: westward (the worst case
// for Earth rotation) it can fly at least the nominal range, and not more
// than 40 % beyond it.
func TestMissileReach(t *testing.T) {
	from := geo.LLA{LatDeg: 35.23, LonDeg: 53.92}
	for _, name := range MissileNames() {
		m, _ := LookupMissile(name)
		if _, err := Solve(Request{From: from, To: geo.WGS84.Direct(from, 270*math.Pi/180, m.NominalRangeM), Earth: geo.WGS84, Missile: &m}); err != nil {
			t.Errorf("%s: nominal range westward: %v", name, err)
		}
		if _, err := Solve(Request{From: from, To: geo.WGS84.Direct(from, 270*math.Pi/180, 1.4*m.NominalRangeM), Earth: geo.WGS84, Missile: &m}); err == nil {
			t.Errorf("%s: reaches 1.4× its nominal range westward", name)
		}
	}
}

func TestLookupMissile(t *testing.T) {
	for _, name := range MissileNames() {
		m, err := LookupMissile(name)
		if err != nil || m.Name != name || len(m.Stages) == 0 || m.Source == "" {
			t.Errorf("%s: %+v %v", name, m, err)
		}
		// Thrust must lift the missile off the pad.
		s := m.Stages[0]
		if tw := s.PropellantKg / s.BurnS * s.IspS * StandardGravity / (m.LaunchMassKg() * StandardGravity); tw < 1.2 {
			t.Errorf("%s: thrust-to-weight %.2f at lift-off", name, tw)
		}
	}
	if _, err := LookupMissile("nope"); err == nil {
		t.Error("unknown class: no error")
	}
}
