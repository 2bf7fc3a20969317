package main

import (
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/internal/scenario"
)

// check turns the flags into a footprint question; every problem is
// reported at once, in the order battery, flight, interceptor, points,
// grid.
func (o *footprintOptions) check(stderr io.Writer) (*footprintRun, error) {
	var sc *scenario.File
	if o.scenarioPath != "" {
		var err error
		if sc, err = loadScenario(o.scenarioPath, stderr); err != nil {
			return nil, err
		}
	}
	var bad config.Messages
	run := &footprintRun{}
	base, site := o.checkBattery(sc, run, &bad)
	set := o.studyDefaults(sc)
	earth, missile, textbook := o.checkFlight(sc, &bad)
	it := o.ic.interceptor(base, set, textbook, &bad)
	run.cellRole, run.points = o.checkPoints(sc, &bad)
	run.cells = o.checkGrid(&bad)
	if err := bad.Err(); err != nil {
		return nil, err
	}
	run.fp = intercept.Footprint{Earth: earth, Site: site, Interceptor: it, LaunchDelayS: o.ic.launchDelayS, Missile: missile}
	return run, nil
}

// checkBattery finds the battery: a --scenario battery (its interceptor
// type is the base the flags override) or a bare --site.
func (o *footprintOptions) checkBattery(sc *scenario.File, run *footprintRun, bad *config.Messages) (*intercept.Interceptor, geo.LLA) {
	switch {
	case o.battery != "" && sc == nil:
		bad.Add("--battery needs --scenario FILE")
	case o.battery != "" && o.site != "":
		bad.Add("give --site or --battery, not both")
	case o.battery != "":
		i := slices.IndexFunc(sc.Batteries, func(b scenario.Battery) bool { return b.ID == o.battery })
		if i < 0 {
			ids := make([]string, len(sc.Batteries))
			for k, b := range sc.Batteries {
				ids[k] = b.ID
			}
			bad.Add("--battery %q: not a battery of %s (%s)", o.battery, o.scenarioPath, strings.Join(ids, ", "))
			return nil, geo.LLA{}
		}
		b := &sc.Batteries[i]
		it, ok := sc.InterceptorType(b.Interceptor)
		if !ok {
			bad.Add("%s: battery %s: no interceptor type %q", o.scenarioPath, b.ID, b.Interceptor)
			return nil, geo.LLA{}
		}
		run.batteryID = b.ID
		return &it, b.Site.Ground()
	case o.site == "" && sc != nil:
		bad.Add("give --battery ID (of %s) or --site LAT,LON", o.scenarioPath)
	default:
		run.batteryID = "site"
		return nil, parseSite(o.site, bad)
	}
	return nil, geo.LLA{}
}

// studyDefaults takes the launch delay and intercept altitudes of the
// scenario's reach study where no flag gives them, and returns what counts
// as set for the interceptor's flags.
func (o *footprintOptions) studyDefaults(sc *scenario.File) func(name string) bool {
	if sc == nil || sc.Study == nil || sc.Study.Reach == nil {
		return o.set
	}
	r := sc.Study.Reach
	fromFile := map[string]bool{}
	for _, d := range []struct {
		flag  string
		to    *float64
		value float64
		given bool
	}{
		{"launch-delay", &o.ic.launchDelayS, orZero(r.LaunchDelayS), r.LaunchDelayS != nil},
		{"min-intercept-alt", &o.ic.minAltM, r.MinInterceptAltM, r.MinInterceptAltM > 0},
		{"max-intercept-alt", &o.ic.maxAltM, r.MaxInterceptAltM, r.MaxInterceptAltM > 0},
	} {
		if d.given && !o.set(d.flag) {
			*d.to, fromFile[d.flag] = d.value, true
		}
	}
	return func(name string) bool { return o.set(name) || fromFile[name] }
}

// orZero is *p, or 0 for nil.
func orZero(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// checkFlight reads the threats' Earth and boost; textbook is the
// textbook setting, where the interceptor is impulsive too.
func (o *footprintOptions) checkFlight(sc *scenario.File, bad *config.Messages) (earth geo.Earth, missile *ballistic.Missile, textbook bool) {
	earth, err := geo.ParseEarth(o.earth)
	ok := err == nil
	if sc != nil && !o.set("earth") {
		earth, ok = sc.Earth, true
	}
	if !ok {
		bad.Add("--earth %q: want wgs84 or spherical", o.earth)
	}
	if o.noRotation {
		earth.Omega = 0
	}
	if !strings.EqualFold(o.boost, boostNone) {
		m, found := scenario.FindMissile(sc, o.boost)
		if !found {
			bad.Add("--boost %q: unknown missile class; want %s or one of %s", o.boost, boostNone, strings.Join(scenario.MissileNames(sc), ", "))
		} else {
			missile = m
		}
	}
	return earth, missile, ok && earth.Name == geo.Sphere.Name && earth.Omega == 0 && missile == nil
}

// scenarioPlaces maps the ids of the scenario's launch areas or assets to
// their ground points (nil without a scenario).
func scenarioPlaces(sc *scenario.File, assets bool) map[string]geo.LLA {
	if sc == nil {
		return nil
	}
	m := map[string]geo.LLA{}
	if assets {
		for _, a := range sc.Assets {
			m[a.ID] = a.Site.Ground()
		}
		return m
	}
	for _, a := range sc.LaunchAreas {
		m[a.ID] = a.Site.Ground()
	}
	return m
}

// checkPoints reads the map's points: assets (the cells are launch
// points) or launch points (the cells are aim points).
func (o *footprintOptions) checkPoints(sc *scenario.File, bad *config.Messages) (cellRole string, points []report.Place) {
	if len(o.assets) > 0 {
		if len(o.launches) > 0 || len(o.launchAreas) > 0 {
			bad.Add("--asset makes the cells launch points: give no --launch or --launch-area with it")
		}
		assets := scenarioPlaces(sc, true)
		for _, a := range o.assets {
			if p, ok := pointArg("asset", a, assets, "asset", bad); ok {
				points = append(points, p)
			}
		}
		return "launch", points
	}
	for _, l := range o.launches {
		if p, ok := pointArg("launch", l, nil, "", bad); ok {
			points = append(points, p)
		}
	}
	areas := scenarioPlaces(sc, false)
	switch {
	case len(o.launchAreas) > 0 && sc == nil:
		bad.Add("--launch-area needs --scenario FILE (or give --launch LAT,LON)")
	case len(o.launchAreas) > 0:
		for _, id := range o.launchAreas {
			if p, ok := areas[id]; ok {
				points = append(points, report.Place{Name: id, Pos: p})
			} else {
				bad.Add("--launch-area %q: not a launch area of %s (%s)", id, o.scenarioPath, strings.Join(sortedIDs(areas), ", "))
			}
		}
	case len(o.launches) == 0 && sc != nil:
		for _, a := range sc.LaunchAreas {
			points = append(points, report.Place{Name: a.ID, Pos: a.Site.Ground()})
		}
	case len(o.launches) == 0:
		bad.Add("give the launch points: --launch LAT,LON (repeatable), or --scenario FILE (its launch areas)")
	}
	return "aim", points
}

// checkGrid reads --map and --cell-deg into the map's cells.
func (o *footprintOptions) checkGrid(bad *config.Messages) []report.FootprintCell {
	if o.mapBox == "" {
		bad.Add("--map is required: the grid's box LAT0,LON0,LAT1,LON1, e.g. --map 35,-10,70,40 for Europe")
		return nil
	}
	b, err := parseBox(o.mapBox)
	switch {
	case err != nil:
		*bad = append(*bad, err.Error())
	case !(o.cellDeg >= minCellDeg && o.cellDeg <= 90):
		bad.Add("--cell-deg %g: want degrees in [%g, 90]", o.cellDeg, minCellDeg)
	case b.count(o.cellDeg) > maxMapCells:
		bad.Add("--cell-deg %g over this box makes %.0f cells; at most %d: use larger cells or a smaller box", o.cellDeg, b.count(o.cellDeg), maxMapCells)
	default:
		var cells []report.FootprintCell
		for _, c := range b.cells(o.cellDeg) {
			cells = append(cells, report.FootprintCell{LatMinDeg: c.LatMinDeg, LatMaxDeg: c.LatMaxDeg, LonMinDeg: c.LonMinDeg, LonMaxDeg: c.LonMaxDeg})
		}
		return cells
	}
	return nil
}

// pointArg parses a LAT,LON flag value, or looks up an id among named
// places when it is not one.
func pointArg(flag, s string, named map[string]geo.LLA, what string, bad *config.Messages) (report.Place, bool) {
	if p, err := geo.ParseLatLon(s); err == nil {
		if p.AltM != 0 {
			bad.Add("--%s %q: give LAT,LON without a height", flag, s)
			return report.Place{}, false
		}
		return report.Place{Name: strings.TrimSpace(s), Pos: p}, true
	} else if named == nil {
		bad.Add("--%s %s", flag, strings.TrimPrefix(err.Error(), "geo: "))
		return report.Place{}, false
	}
	p, ok := named[s]
	if !ok {
		bad.Add("--%s %q: not LAT,LON and not a %s of the scenario (%s)", flag, s, what, strings.Join(sortedIDs(named), ", "))
		return report.Place{}, false
	}
	return report.Place{Name: s, Pos: p}, true
}

func sortedIDs(m map[string]geo.LLA) []string { return slices.Sorted(maps.Keys(m)) }
