package scenario

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/sensor"
)

// DefaultAssetValue is the value of an asset that gives none.
const DefaultAssetValue = 1

// DefaultStartUTC is the epoch of a scenario that gives none (start_utc):
// 10 October 2007, the day of the Moscow talks at which the reference
// architecture was proposed (docs/reference-architecture.md), so the
// reference scenario's outputs are dated when it is set. The schema's
// default tag of File.StartUTC says the same.
var DefaultStartUTC = time.Date(2007, 10, 10, 0, 0, 0, 0, time.UTC)

// MaxModels bounds each list of the scenario's own models (missiles,
// radars, interceptors): validating a threat's reach flies its class
// (tens of milliseconds a class on its bearing), and every run judges
// tracks by every interceptor type's launch rule.
const MaxModels = 100

// MissileClass is a missile class by name: the scenario's own, or the
// library's.
func (f *File) MissileClass(name string) (*ballistic.Missile, bool) {
	for i := range f.Missiles {
		if f.Missiles[i].ID == name {
			return &f.Missiles[i].Missile, true
		}
	}
	m, err := ballistic.LookupMissile(name)
	if err != nil || m.Name != name {
		return nil, false
	}
	return &m, true
}

// FindMissile is a missile class by name: f's own (f may be nil), or the
// library's, in any case.
func FindMissile(f *File, name string) (*ballistic.Missile, bool) {
	if f != nil {
		if m, ok := f.MissileClass(name); ok {
			return m, true
		}
	}
	m, err := ballistic.LookupMissile(name)
	return &m, err == nil
}

// MissileNames lists the library's classes, then f's own (f may be nil).
func MissileNames(f *File) []string {
	names := ballistic.MissileNames()
	if f != nil {
		for _, m := range f.Missiles {
			names = append(names, m.ID)
		}
	}
	return names
}

// RadarType is a radar type by name: the scenario's own, or the library's.
func (f *File) RadarType(name string) (sensor.RadarType, bool) {
	for _, r := range f.Radars {
		if r.ID == name {
			return r.RadarType, true
		}
	}
	t, err := sensor.LookupRadarType(name)
	return t, err == nil && t.Name == name
}

// InterceptorType is an interceptor type by name: the scenario's own, or
// the library's.
func (f *File) InterceptorType(name string) (intercept.Interceptor, bool) {
	for _, it := range f.Interceptors {
		if it.ID == name {
			return it.Interceptor, true
		}
	}
	it, err := intercept.LookupInterceptor(name)
	return it, err == nil && it.Name == name
}

// InterceptorTypes lists every interceptor type a battery of the scenario
// may field: the library's, then the scenario's own.
func (f *File) InterceptorTypes() []intercept.Interceptor {
	out := intercept.Interceptors()
	for _, it := range f.Interceptors {
		out = append(out, it.Interceptor)
	}
	return out
}

// PlaceSensor makes a sensor of the scenario what its type and placement
// say: its radar (Sensor.Radar), or its infrared system.
func (f *File) PlaceSensor(s *Sensor) error {
	s.Radar, s.Infrared = nil, nil
	if s.Type == sensor.InfraredType {
		if !noPlacement(s.Placement) {
			return config.Problems{{Field: "type", Msg: "an infrared sensor takes none of a radar's figures (faces_az_deg, max_range_km, min_elevation_deg)"}}.Err("scenario: sensor " + s.ID)
		}
		ir := sensor.ReferenceInfrared()
		ir.ID, ir.Nation = s.ID, s.Nation
		s.Infrared = &ir
		return nil
	}
	t, ok := f.RadarType(s.Type)
	if !ok {
		return config.Problems{{Field: "type", Msg: fmt.Sprintf("unknown sensor type %q (radar types: %s; or %s)", s.Type, f.radarTypeNames(), sensor.InfraredType)}}.Err("scenario: sensor " + s.ID)
	}
	r, err := s.Placement.Place(t, s.ID, s.Nation, s.Site.LLA())
	if err != nil {
		return err
	}
	s.Radar = &r
	return nil
}

func noPlacement(p sensor.Placement) bool {
	return len(p.FacesAzDeg) == 0 && p.MaxRangeKm == 0 && p.MinElevationDeg == 0
}

// LLA is the position as a geodetic point.
func (p Position) LLA() geo.LLA { return geo.LLA{LatDeg: p.LatDeg, LonDeg: p.LonDeg, AltM: p.AltM} }

// Ground is the point on the ellipsoid below the position (altitude 0).
func (p Position) Ground() geo.LLA { return geo.LLA{LatDeg: p.LatDeg, LonDeg: p.LonDeg} }

// Flight is the targeting request of a threat of the raid from a launch
// point to an aim point (run flies it; validation asks whether it can be
// flown), and its key: equal keys are the same flight.
func Flight(e geo.Earth, from, to geo.LLA, t Threat) (string, ballistic.Request) {
	key := fmt.Sprintf("%+v|%v|%v|%s|%g|%+v", *t.Missile, from, to, t.Kind, t.BurnoutSpeedMps, e)
	return key, ballistic.Request{From: from, To: to, Earth: e, Missile: t.Missile, Kind: t.Kind, BurnoutSpeedMps: t.BurnoutSpeedMps}
}

func (f *File) radarTypeNames() string {
	var names []string
	for _, t := range sensor.RadarTypes() {
		names = append(names, t.Name)
	}
	for _, r := range f.Radars {
		names = append(names, r.ID)
	}
	return strings.Join(names, ", ")
}

func radarTypeNames() string { return library.radarTypeNames() }

// models checks the scenario's own models and makes each what a run uses:
// its name set, its source said.
func (v *validator) models(f *File) {
	taken := func(kind string, library []string, reserved ...string) func(p, id string) {
		return func(p, id string) {
			if slices.Contains(library, id) || slices.Contains(reserved, id) {
				v.errf(p+".id", "%q is the name of a library %s (or a keyword): give the scenario's own a name of its own", id, kind)
			}
		}
	}
	ids := map[string]string{}
	v.ids("missiles", len(f.Missiles), func(i int) string { return f.Missiles[i].ID }, ids)
	libMissile := taken("missile class", ballistic.MissileNames(), boostNone, boostAuto)
	for i := range f.Missiles {
		e := &f.Missiles[i]
		p := fmt.Sprintf("missiles[%d]", i)
		libMissile(p, e.ID)
		if _, ok := library.MissileClass(e.Base); e.Base != "" && !ok {
			v.check("missiles", p, e.ID, errBase) // reported at the base
			continue
		}
		e.Name = e.ID
		e.Source = v.source(p, e.ID, e.Base, e.Source, func(b string) string { m, _ := ballistic.LookupMissile(b); return m.Source })
		v.check("missiles", p, e.ID, e.Missile.Validate())
	}
	ids = map[string]string{}
	v.ids("radars", len(f.Radars), func(i int) string { return f.Radars[i].ID }, ids)
	var radarNames []string
	for _, t := range sensor.RadarTypes() {
		radarNames = append(radarNames, t.Name)
	}
	libRadar := taken("radar type", radarNames, sensor.InfraredType)
	for i := range f.Radars {
		e := &f.Radars[i]
		p := fmt.Sprintf("radars[%d]", i)
		libRadar(p, e.ID)
		if _, ok := library.RadarType(e.Base); e.Base != "" && !ok {
			v.check("radars", p, e.ID, errBase)
			continue
		}
		e.Name, e.Template.Type = e.ID, e.ID
		e.Template.Source = v.source(p, e.ID, e.Base, e.Template.Source, func(b string) string { t, _ := sensor.LookupRadarType(b); return t.Template.Source })
		v.check("radars", p, e.ID, e.RadarType.Validate())
	}
	ids = map[string]string{}
	v.ids("interceptors", len(f.Interceptors), func(i int) string { return f.Interceptors[i].ID }, ids)
	libInterceptor := taken("interceptor type", intercept.InterceptorNames())
	for i := range f.Interceptors {
		e := &f.Interceptors[i]
		p := fmt.Sprintf("interceptors[%d]", i)
		libInterceptor(p, e.ID)
		if _, ok := library.InterceptorType(e.Base); e.Base != "" && !ok {
			v.check("interceptors", p, e.ID, errBase)
			continue
		}
		e.Name = e.ID
		e.Source = v.source(p, e.ID, e.Base, e.Source, func(b string) string { it, _ := intercept.LookupInterceptor(b); return it.Source })
		v.check("interceptors", p, e.ID, e.Interceptor.Validate())
	}
	for list, n := range map[string]int{"missiles": len(f.Missiles), "radars": len(f.Radars), "interceptors": len(f.Interceptors)} {
		if n > MaxModels {
			v.errf(list, "%d entries; a scenario may define at most %d", n, MaxModels)
		}
	}
}

// library is a scenario of no models of its own: its lookups are the
// library's.
var library = &File{}

// errBase marks a model whose base is unknown: the decoder reported it.
var errBase = errors.New("unknown base")

// check reports a model's problems and remembers it broken.
func (v *validator) check(list, p, id string, err error) {
	if err == nil {
		return
	}
	if v.broken == nil {
		v.broken = map[string]bool{}
	}
	v.broken[list+"/"+id] = true
	if err != errBase {
		v.Report(p, err)
	}
}

// source is what a model of the scenario's own says of its figures' source:
// its own source key if given, else that it is the scenario's, with the
// keys it changed of its base and the base's source. (It names no file, so
// that every node of a federation decodes the same scenario.)
func (v *validator) source(p, id, base, given string, baseSource func(string) string) string {
	if base == "" {
		if v.Given(p + ".source") {
			return given
		}
		return "the scenario's own model"
	}
	var changed []string
	for _, k := range v.Keys(p) {
		if k != "id" && k != "base" && k != "source" && k != "description" {
			changed = append(changed, k)
		}
	}
	s := fmt.Sprintf("the scenario's %s: library %s with %s changed", id, base, strings.Join(changed, ", "))
	if len(changed) == 0 {
		s = fmt.Sprintf("the scenario's %s: library %s unchanged", id, base)
	}
	if v.Given(p + ".source") {
		return s + "; " + given
	}
	return s + "; " + base + ": " + baseSource(base)
}

// Keywords of study.reach.boost beside the missile classes.
const (
	boostNone = "none"
	boostAuto = "auto"
)

// resolve fills in the defaults the file leaves and resolves every name
// to the model it stands for, reporting what cannot be.
func (v *validator) resolve(f *File) {
	if f.Integration == 0 {
		f.Integration = bmc.Autonomous
	}
	if f.Earth.A == 0 {
		f.Earth = geo.WGS84
	}
	if f.StartUTC.IsZero() {
		f.StartUTC = DefaultStartUTC
	}
	f.StartUTC = f.StartUTC.UTC()
	for i := range f.Assets {
		if f.Assets[i].Value == 0 {
			f.Assets[i].Value = DefaultAssetValue
		}
	}
	for i := range f.Sensors {
		s := &f.Sensors[i]
		if s.Type == "" || v.broken["radars/"+s.Type] {
			continue // reported already
		}
		v.Report(fmt.Sprintf("sensors[%d]", i), f.PlaceSensor(s))
	}
	for i := range f.Batteries {
		b := &f.Batteries[i]
		p := fmt.Sprintf("batteries[%d]", i)
		v.Report(p, b.Overrides.Validate())
		if b.Interceptor == "" || v.broken["interceptors/"+b.Interceptor] {
			continue
		}
		it, ok := f.InterceptorType(b.Interceptor)
		if !ok {
			v.errf(p+".interceptor", "unknown interceptor %q (known: %s)", b.Interceptor, strings.Join(typeNames(f.InterceptorTypes()), ", "))
			continue
		}
		b.Type = b.Overrides.Apply(it)
	}
	for i := range f.Threats {
		t := &f.Threats[i]
		t.Count = max(t.Count, 1)
		if t.Class == "" || v.broken["missiles/"+t.Class] {
			continue
		}
		if m, ok := f.MissileClass(t.Class); ok {
			t.Missile = m
		} else {
			v.errf(fmt.Sprintf("threats[%d].class", i), "unknown missile class %q (known: %s)", t.Class, strings.Join(f.missileNames(), ", "))
		}
	}
}

func typeNames(its []intercept.Interceptor) []string {
	names := make([]string, len(its))
	for i, it := range its {
		names[i] = it.Name
	}
	return names
}

// missileNames lists the library's classes, then the scenario's.
func (f *File) missileNames() []string {
	names := ballistic.MissileNames()
	for _, m := range f.Missiles {
		names = append(names, m.ID)
	}
	return names
}

func finitePlace(p Position) bool {
	return math.Abs(p.LatDeg) <= 90 && !math.IsNaN(p.LonDeg) && !math.IsInf(p.LonDeg, 0)
}
