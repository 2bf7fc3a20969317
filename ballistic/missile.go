package ballistic

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jrmd/jrmd/internal/config"
)

// Stage is one rocket stage burning at a constant propellant flow.
type Stage struct {
	PropellantKg float64 `yaml:"propellant_kg" required:"true" doc:"propellant burnt, kg" range:"(0, 1e6]"`
	DryKg        float64 `yaml:"dry_kg" required:"true" doc:"structure and engine, dropped at burnout, kg" range:"[0, 1e6]"`
	IspS         float64 `yaml:"isp_s" required:"true" doc:"specific impulse, a mean over the burn, s" range:"(0, 500]"`
	BurnS        float64 `yaml:"burn_s" required:"true" doc:"burn time, s" range:"(0, 1000]"`
}

// MaxBurnoutSpeedMps is the fastest burnout speed a missile may have: just
// below the escape speed from a burnout altitude of 200 km, √(2μ/r) =
// 11.0 km/s (μ = 3.986e14 m³/s², r = 6,571 km). A missile at escape speed
// never comes down; ICBMs burn out at about 7 km/s.
const MaxBurnoutSpeedMps = 11000

// Missile is an illustrative multi-stage ballistic missile: a missile
// class. The figures are rounded public values and fits to them, not data
// on any real missile: each class records where its numbers come from in
// Source. The keys are those of a scenario's missiles entries; every
// figure is required (Validate), the texts are not.
type Missile struct {
	Name          string  `yaml:"-"`
	Description   string  `yaml:"description" doc:"what the class is, in a line"`
	Source        string  `yaml:"source" doc:"where its figures come from"`
	Stages        []Stage `yaml:"stages" required:"true" doc:"the rocket stages, first to last (at most 8)"`
	PayloadKg     float64 `yaml:"payload_kg" required:"true" doc:"reentry vehicle carried to burnout, kg" range:"(0, 1e5]"`
	DiameterM     float64 `yaml:"diameter_m" required:"true" doc:"body diameter (the drag reference area), m" range:"(0, 10]"`
	BoostCd       float64 `yaml:"boost_cd" required:"true" doc:"drag coefficient in powered flight" range:"[0, 5]"`
	VerticalRiseS float64 `yaml:"vertical_rise_s" required:"true" doc:"vertical climb before the pitch-over kick, s" range:"[0, 600]"`
	// ReentryBetaKgM2 is the ballistic coefficient m/(Cd·A) of what reenters.
	ReentryBetaKgM2 float64 `yaml:"reentry_beta_kg_m2" required:"true" doc:"ballistic coefficient m/(Cd·A) of what reenters, kg/m²" range:"(0, 1e6]"`
	NominalRangeM   float64 `yaml:"nominal_range_m" doc:"the class's advertised range, m (informative)" range:"[0, 2e7]"`
}

// maxStages bounds a missile's stages: real missiles have up to four.
const maxStages = 8

// Validate reports every problem of the class at once (a *config.Invalid,
// each naming its key): the ranges of the keys, and that the first stage
// lifts the missile and the rise ends before the burn does.
func (m *Missile) Validate() error {
	var p config.Problems
	switch {
	case len(m.Stages) == 0:
		p.Add("stages", "a missile needs at least one stage")
	case len(m.Stages) > maxStages:
		p.Add("stages", "%d stages: at most %d", len(m.Stages), maxStages)
	}
	for i, s := range m.Stages {
		at := fmt.Sprintf("stages[%d].", i)
		positive(&p, at+"propellant_kg", s.PropellantKg, 1e6, "kg")
		if !(s.DryKg >= 0 && s.DryKg <= 1e6) {
			p.Add(at+"dry_kg", "%s kg: want 0 to 1000000 kg", config.Num(s.DryKg))
		}
		positive(&p, at+"isp_s", s.IspS, 500, "s")
		positive(&p, at+"burn_s", s.BurnS, 1000, "s")
	}
	positive(&p, "payload_kg", m.PayloadKg, 1e5, "kg")
	positive(&p, "diameter_m", m.DiameterM, 10, "m")
	if !(m.BoostCd >= 0 && m.BoostCd <= 5) {
		p.Add("boost_cd", "%s: want 0 to 5", config.Num(m.BoostCd))
	}
	if !(m.VerticalRiseS >= 0 && m.VerticalRiseS <= 600) {
		p.Add("vertical_rise_s", "%s s: want 0 to 600 s", config.Num(m.VerticalRiseS))
	} else if burn := m.BurnTimeS(); len(p) == 0 && m.VerticalRiseS >= burn {
		p.Add("vertical_rise_s", "%s s: the rise must end before the burn does (%s s)", config.Num(m.VerticalRiseS), config.Num(burn))
	}
	positive(&p, "reentry_beta_kg_m2", m.ReentryBetaKgM2, 1e6, "kg/m²")
	if !(m.NominalRangeM >= 0 && m.NominalRangeM <= 2e7) {
		p.Add("nominal_range_m", "%s m: want 0 to 20000000 m", config.Num(m.NominalRangeM))
	}
	if len(p) == 0 {
		s := m.Stages[0]
		if thrust, weight := s.PropellantKg/s.BurnS*s.IspS*StandardGravity, m.LaunchMassKg()*StandardGravity; thrust <= weight {
			p.Add("stages[0]", "the first stage's thrust, %.0f kN, does not lift the missile's %.0f kN", thrust/1e3, weight/1e3)
		}
	}
	return p.Err(fmt.Sprintf("ballistic: missile %q", m.Name))
}

// positive checks a figure in (0, hi].
func positive(p *config.Problems, key string, v, hi float64, unit string) {
	if !(v > 0 && v <= hi) {
		p.Add(key, "%s %s: want above 0, up to %s %s", config.Num(v), unit, config.Num(hi), unit)
	}
}

// BurnTimeS is the total powered time.
func (m *Missile) BurnTimeS() float64 {
	t := 0.0
	for _, s := range m.Stages {
		t += s.BurnS
	}
	return t
}

// LaunchMassKg is the mass at lift-off.
func (m *Missile) LaunchMassKg() float64 {
	kg := m.PayloadKg
	for _, s := range m.Stages {
		kg += s.PropellantKg + s.DryKg
	}
	return kg
}

var missiles = []Missile{
	{
		Name:        "srbm",
		Description: "short-range, ~300 km, single-stage liquid (Scud-B class)",
		Source: "Scud-B class rounded public figures: lift-off ~5.9 t, burn ~62 s, warhead ~1 t, diameter 0.88 m " +
			"(S. Zaloga, Scud Ballistic Missile and Launch Systems 1955-2005, Osprey 2006); Isp and the unseparated-body " +
			"reentry coefficient are illustrative: reach ~350 km.",
		Stages:          []Stage{{PropellantKg: 3800, DryKg: 1000, IspS: 235, BurnS: 62}},
		PayloadKg:       985,
		DiameterM:       0.88,
		BoostCd:         0.3,
		VerticalRiseS:   6,
		ReentryBetaKgM2: 3000,
		NominalRangeM:   300e3,
	},
	{
		Name:        "mrbm",
		Description: "medium-range, ~2,000 km, two-stage solid (Sejjil class)",
		Source: "Sejjil class rounded public figures: two solid stages, lift-off ~18-23 t, diameter 1.25 m, range ~2,000 km " +
			"(CSIS Missile Defense Project, 'Sejjil', Missile Threat); stage split, Isp, payload and reentry coefficient are " +
			"JRMD's illustrative fit: reach ~2,400-2,600 km.",
		Stages: []Stage{
			{PropellantKg: 12000, DryKg: 1600, IspS: 250, BurnS: 50},
			{PropellantKg: 2700, DryKg: 500, IspS: 265, BurnS: 40},
		},
		PayloadKg:       1250,
		DiameterM:       1.25,
		BoostCd:         0.3,
		VerticalRiseS:   6,
		ReentryBetaKgM2: 5000,
		NominalRangeM:   2000e3,
	},
	{
		Name:        "irbm",
		Description: "intermediate-range, ~4,000 km, two-stage liquid",
		Source: "Generic two-stage liquid IRBM sized by JRMD for the 3,000-5,000 km class of the reference threats " +
			"(docs/reference-architecture.md) with a 1 t payload: burnout ~5.5 km/s, reach ~4,600-5,400 km; " +
			"not data on any real missile.",
		Stages: []Stage{
			{PropellantKg: 20000, DryKg: 2200, IspS: 255, BurnS: 110},
			{PropellantKg: 6000, DryKg: 800, IspS: 300, BurnS: 100},
		},
		PayloadKg:       1000,
		DiameterM:       1.5,
		BoostCd:         0.3,
		VerticalRiseS:   8,
		ReentryBetaKgM2: 8000,
		NominalRangeM:   4000e3,
	},
	{
		Name:        "icbm",
		Description: "intercontinental, ~10,000 km, three-stage solid (Minuteman III class)",
		Source: "Minuteman III class rounded public figures: three solid stages, lift-off ~35 t, burn ~60 s per stage, " +
			"diameter 1.67 m, range ~13,000 km (US Air Force LGM-30G fact sheet); stage masses, Isp and RV coefficient are " +
			"JRMD's illustrative fit: burnout ~7.6 km/s, reach ~12,500 km westward.",
		Stages: []Stage{
			{PropellantKg: 20800, DryKg: 2000, IspS: 270, BurnS: 60},
			{PropellantKg: 6200, DryKg: 700, IspS: 290, BurnS: 60},
			{PropellantKg: 3300, DryKg: 300, IspS: 300, BurnS: 60},
		},
		PayloadKg:       900,
		DiameterM:       1.67,
		BoostCd:         0.3,
		VerticalRiseS:   8,
		ReentryBetaKgM2: 10000,
		NominalRangeM:   10000e3,
	},
}

// Missiles returns copies of the built-in missile classes.
func Missiles() []Missile {
	out := make([]Missile, len(missiles))
	for i, m := range missiles {
		out[i] = m
		out[i].Stages = slices.Clone(m.Stages)
	}
	return out
}

// MissileNames lists the built-in missile classes.
func MissileNames() []string {
	names := make([]string, len(missiles))
	for i, m := range missiles {
		names[i] = m.Name
	}
	return names
}

// LookupMissile returns a copy of a built-in missile class by name.
func LookupMissile(name string) (Missile, error) {
	i := slices.IndexFunc(missiles, func(m Missile) bool { return m.Name == strings.ToLower(name) })
	if i < 0 {
		return Missile{}, fmt.Errorf("ballistic: unknown missile class %q (known: %s)", name, strings.Join(MissileNames(), ", "))
	}
	m := missiles[i]
	m.Stages = slices.Clone(m.Stages)
	return m, nil
}
