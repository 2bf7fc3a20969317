package ballistic

import (
	"fmt"
	"slices"
	"strings"
)

// Stage is one rocket stage burning at a constant propellant flow.
type Stage struct {
	PropellantKg float64
	DryKg        float64 // structure and engine, dropped at burnout
	IspS         float64 // specific impulse, s (a mean over the burn)
	BurnS        float64 // burn time, s
}

// MaxBurnoutSpeedMps is the fastest burnout speed a missile may have: just
// below the escape speed from a burnout altitude of 200 km, √(2μ/r) =
// 11.0 km/s (μ = 3.986e14 m³/s², r = 6,571 km). A missile at escape speed
// never comes down; ICBMs burn out at about 7 km/s.
const MaxBurnoutSpeedMps = 11000

// Missile is an illustrative multi-stage ballistic missile. The figures are
// rounded public values and fits to them, not data on any real missile: each
// class records where its numbers come from in Source.
type Missile struct {
	Name          string
	Description   string
	Source        string
	Stages        []Stage
	PayloadKg     float64 // reentry vehicle carried to burnout
	DiameterM     float64 // body diameter (drag reference area)
	BoostCd       float64 // drag coefficient in powered flight
	VerticalRiseS float64 // vertical climb before the pitch-over kick
	// ReentryBetaKgM2 is the ballistic coefficient m/(Cd·A) of what reenters.
	ReentryBetaKgM2 float64
	NominalRangeM   float64 // the class's advertised range
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
