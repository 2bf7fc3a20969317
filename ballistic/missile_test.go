package ballistic

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/config"
)

// The library's classes pass the checks a scenario's own classes get.
func TestLibraryMissilesValidate(t *testing.T) {
	for _, m := range Missiles() {
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", m.Name, err)
		}
	}
}

// Validate reports every problem at once, each at its key.
func TestMissileValidateReportsEveryProblem(t *testing.T) {
	m, _ := LookupMissile("mrbm")
	m.Stages[1].IspS = 0
	m.Stages = append(m.Stages, Stage{PropellantKg: -1, DryKg: 10, IspS: 250, BurnS: 10})
	m.PayloadKg, m.BoostCd, m.ReentryBetaKgM2 = 0, 6, -1
	var inv *config.Invalid
	if err := m.Validate(); !errors.As(err, &inv) {
		t.Fatalf("Validate: %v, want a *config.Invalid", err)
	}
	keys := map[string]bool{}
	for _, p := range inv.Problems {
		keys[p.Field] = true
	}
	for _, k := range []string{"stages[1].isp_s", "stages[2].propellant_kg", "payload_kg", "boost_cd", "reentry_beta_kg_m2"} {
		if !keys[k] {
			t.Errorf("no problem at %s: %v", k, inv)
		}
	}
	if len(inv.Problems) != 5 {
		t.Errorf("%d problems, want 5: %v", len(inv.Problems), inv)
	}
	// A first stage whose thrust does not beat the lift-off weight: the
	// mrbm's first stage makes 12,000/50·250·g = 588 kN against 18.05 t
	// (177 kN); 3.4 times the propellant's burn time leaves 173 kN.
	m, _ = LookupMissile("mrbm")
	m.Stages[0].BurnS = 170
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), "stages[0]: the first stage's thrust, 173 kN, does not lift") {
		t.Errorf("a missile that cannot lift off: %v", err)
	}
}

// The burnout speed of the farthest flight is below the rocket
// equation's ideal Δv = Σ Isp·g0·ln(m0/m1) (gravity and drag only take
// away; from the equator due north the Earth's turning adds nothing along
// the track to first order), and within a few percent of the icbm's
// documented ~7.6 km/s.
func TestMaxReachBurnoutSpeed(t *testing.T) {
	m, _ := LookupMissile("icbm")
	r, err := MaxReach(geo.WGS84, &m, geo.LLA{}, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	ideal, mass := 0.0, m.LaunchMassKg()
	for _, s := range m.Stages {
		ideal += s.IspS * StandardGravity * math.Log(mass/(mass-s.PropellantKg))
		mass -= s.PropellantKg + s.DryKg
	}
	if !(r.BurnoutSpeedMps < ideal) || math.Abs(r.BurnoutSpeedMps-7600)/7600 > 0.05 {
		t.Errorf("burnout %.0f m/s: want below the ideal %.0f m/s and within 5 %% of 7,600 m/s", r.BurnoutSpeedMps, ideal)
	}
	if got, _ := MaxRange(geo.WGS84, &m, geo.LLA{}, 0, 0); got != r.RangeM {
		t.Errorf("MaxRange %g m, MaxReach %g m", got, r.RangeM)
	}
}

// A kind parses from its name, and only from one.
func TestParseKind(t *testing.T) {
	for _, name := range Kind("").Names() {
		if k, err := ParseKind(name); err != nil || string(k) != name {
			t.Errorf("%s: %v, %v", name, k, err)
		}
	}
	var k Kind
	if err := k.UnmarshalText([]byte("sideways")); err == nil || k != "" {
		t.Errorf("sideways: %v, kind %q", err, k)
	}
	if Kind("").String() != "minimum-energy" {
		t.Errorf("the zero kind is %q", Kind("").String())
	}
}
