package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/internal/scenario"
)

// footprintOptions are the flags of jrmd footprint, as typed.
type footprintOptions struct {
	scenarioPath, battery string
	site                  string
	ic                    interceptorOptions
	launches              []string // LAT,LON
	launchAreas           []string // scenario ids
	assets                []string // LAT,LON or scenario ids
	mapBox                string
	cellDeg               float64
	boost, earth          string
	noRotation            bool
	geojsonOut, pngOut    string
	json                  bool
	set                   func(name string) bool
	budget                par.Budget
}

func newFootprintCmd(b par.Budget) *cobra.Command {
	o := footprintOptions{budget: b}
	cmd := &cobra.Command{
		Use:   "footprint (--site LAT,LON (--interceptor TYPE | --burnout-speed M_PER_S) | --scenario FILE --battery ID) --map LAT0,LON0,LAT1,LON1 [flags]",
		Short: "Defended footprint of a battery: which aim points it defends, or from where an asset is defended",
		Long: `footprint maps a battery's defended footprint. Every cell of the --map box is an aim
point; a minimum-energy threat flies to its centre from each launch point, and the cell
counts the launch points against which the battery can engage that threat (the question
of jrmd reach, answered yes or no). With --asset the map is the dual: every cell is a
launch point, and counts the assets the battery defends against a threat from there.

The battery: --site and --interceptor TYPE or --burnout-speed (as in jrmd reach), or
--scenario FILE --battery ID for a battery of a scenario file (its site and interceptor;
--interceptor and --burnout-speed still override them). With --scenario the launch
points default to all the file's launch areas (--launch-area ID,… picks some), --asset
may name the file's assets, the Earth is the file's, and the launch delay and
intercept altitudes default to its study.reach section.

Threats fly impulsive minimum-energy trajectories (--boost none, the default) over the
rotating WGS-84 Earth; --boost CLASS flies a missile class instead, ~50 times slower
(every cell × point is a boosted targeting solution). In the textbook setting
(--earth spherical --no-rotation --boost none) the interceptor is impulsive too.
An intercept counts as in jrmd reach, but on a 10 s grid of intercept times: a window
shorter than that can be missed.

--geojson writes the cells as an RFC 7946 FeatureCollection; --png draws the map with
coastlines (Natural Earth 1:110m), the defended fraction from grey (none) through light
to dark green (all). Cells run on all cores; progress goes to stderr.`,
		Example: `  jrmd footprint --scenario scenarios/joint-regional-2007.yaml --battery redzikowo --launch-area semnan,shahroud,tabriz \
      --map 35,-10,70,40 --png redzikowo.png --geojson redzikowo.geojson
  jrmd footprint --site 54.48,17.10 --interceptor gbi-9 --launch-delay 120 --launch 35.23,53.92 --launch 38.08,46.29 \
      --map 35,-10,70,40 --cell-deg 2 --png gbi9.png
  jrmd footprint --scenario scenarios/joint-regional-2007.yaml --battery redzikowo --asset london --map 25,30,45,65 --png london.png`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.set = cmd.Flags().Changed
			return o.run(cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.scenarioPath, "scenario", "", "take the battery, launch areas and assets from the scenario `FILE`")
	f.StringVar(&o.battery, "battery", "", "battery `ID` of the --scenario file")
	f.StringVar(&o.site, "site", "", "battery site `LAT,LON` (decimal degrees), without --scenario")
	o.ic.addFlags(f)
	f.StringArrayVar(&o.launches, "launch", nil, "a launch point `LAT,LON` (repeat for more)")
	f.StringSliceVar(&o.launchAreas, "launch-area", nil, "launch area `IDs` of the --scenario file, comma-separated (default: all)")
	f.StringArrayVar(&o.assets, "asset", nil, "the dual map: a defended asset `LAT,LON` or --scenario asset id (repeat for more); cells become launch points")
	f.StringVar(&o.mapBox, "map", "", "the grid's box `LAT0,LON0,LAT1,LON1` (south-west and north-east corners)")
	f.Float64Var(&o.cellDeg, "cell-deg", defaultCellDeg, "cell size, `degrees` of latitude and longitude")
	f.StringVar(&o.boost, "boost", boostNone, "threat powered ascent: none (impulsive) or a missile `class`: "+strings.Join(ballistic.MissileNames(), ", "))
	f.StringVar(&o.earth, "earth", defaultEarth, "Earth model: wgs84 (with J2) or spherical (default: the --scenario file's, else wgs84)")
	f.BoolVar(&o.noRotation, "no-rotation", false, "fly over a non-rotating Earth")
	f.StringVar(&o.geojsonOut, "geojson", "", "write the map as GeoJSON to `FILE`")
	f.StringVar(&o.pngOut, "png", "", "draw the map as PNG to `FILE`")
	f.BoolVar(&o.json, "json", false, "print one JSON object (the summary and every cell) instead of the summary")
	return cmd
}

// footprintRun is a checked footprint question.
type footprintRun struct {
	batteryID string
	fp        intercept.Footprint
	cellRole  string // "aim": points are launch points; "launch": points are assets
	points    []report.Place
	cells     []report.FootprintCell
}

// pointArg parses a LAT,LON flag value, or looks up an id among named
// places when it is not one.
func pointArg(flag, s string, named map[string]geo.LLA, what string, bad *problems) (report.Place, bool) {
	if p, err := geo.ParseLatLon(s); err == nil {
		if p.AltM != 0 {
			bad.add("--%s %q: give LAT,LON without a height", flag, s)
			return report.Place{}, false
		}
		return report.Place{Name: strings.TrimSpace(s), Pos: p}, true
	} else if named == nil {
		bad.add("--%s %s", flag, strings.TrimPrefix(err.Error(), "geo: "))
		return report.Place{}, false
	}
	p, ok := named[s]
	if !ok {
		bad.add("--%s %q: not LAT,LON and not a %s of the scenario (%s)", flag, s, what, strings.Join(sortedIDs(named), ", "))
		return report.Place{}, false
	}
	return report.Place{Name: s, Pos: p}, true
}

func sortedIDs(m map[string]geo.LLA) []string { return slices.Sorted(maps.Keys(m)) }

// check turns the flags into a footprint question; every problem is
// reported at once.
func (o *footprintOptions) check(stderr io.Writer) (*footprintRun, error) {
	var bad problems
	var sc *scenario.File
	if o.scenarioPath != "" {
		var err error
		if sc, err = loadScenario(o.scenarioPath, stderr); err != nil {
			return nil, err
		}
	}
	run := &footprintRun{}
	set := o.set

	// The battery.
	var base *intercept.Interceptor
	var site geo.LLA
	switch {
	case o.battery != "" && sc == nil:
		bad.add("--battery needs --scenario FILE")
	case o.battery != "" && o.site != "":
		bad.add("give --site or --battery, not both")
	case o.battery != "":
		var b *scenario.Battery
		var ids []string
		for i := range sc.Batteries {
			ids = append(ids, sc.Batteries[i].ID)
			if sc.Batteries[i].ID == o.battery {
				b = &sc.Batteries[i]
			}
		}
		if b == nil {
			bad.add("--battery %q: not a battery of %s (%s)", o.battery, o.scenarioPath, strings.Join(ids, ", "))
			break
		}
		it, ok := sc.InterceptorType(b.Interceptor)
		if !ok {
			bad.add("%s: battery %s: no interceptor type %q", o.scenarioPath, b.ID, b.Interceptor)
			break
		}
		base, site, run.batteryID = &it, b.Site.Ground(), b.ID
	case o.site == "" && sc != nil:
		bad.add("give --battery ID (of %s) or --site LAT,LON", o.scenarioPath)
	default:
		site = parseSite(o.site, &bad)
		run.batteryID = "site"
	}

	// Defaults from the scenario's reach study, unless a flag says otherwise.
	if sc != nil && sc.Study != nil && sc.Study.Reach != nil {
		r := sc.Study.Reach
		fromFile := map[string]bool{}
		if !set("launch-delay") && r.LaunchDelayS != nil {
			o.ic.launchDelayS, fromFile["launch-delay"] = *r.LaunchDelayS, true
		}
		if !set("min-intercept-alt") && r.MinInterceptAltM > 0 {
			o.ic.minAltM, fromFile["min-intercept-alt"] = r.MinInterceptAltM, true
		}
		if !set("max-intercept-alt") && r.MaxInterceptAltM > 0 {
			o.ic.maxAltM, fromFile["max-intercept-alt"] = r.MaxInterceptAltM, true
		}
		set = func(name string) bool { return o.set(name) || fromFile[name] }
	}

	// The threats' flight.
	earth, err := geo.ParseEarth(o.earth)
	ok := err == nil
	if sc != nil && !o.set("earth") {
		earth, ok = sc.Earth, true
	}
	if !ok {
		bad.add("--earth %q: want wgs84 or spherical", o.earth)
	}
	if o.noRotation {
		earth.Omega = 0
	}
	var missile *ballistic.Missile
	if !strings.EqualFold(o.boost, boostNone) {
		m, ok := missileClass(sc, o.boost)
		if !ok {
			bad.add("--boost %q: unknown missile class; want %s or one of %s", o.boost, boostNone, strings.Join(missileNames(sc), ", "))
		} else {
			missile = m
		}
	}
	textbook := ok && earth.Name == geo.Sphere.Name && earth.Omega == 0 && missile == nil
	it := o.ic.interceptor(base, set, textbook, &bad)

	// The points.
	named := func(kind string) map[string]geo.LLA {
		if sc == nil {
			return nil
		}
		m := map[string]geo.LLA{}
		switch kind {
		case "launch area":
			for _, a := range sc.LaunchAreas {
				m[a.ID] = a.Site.Ground()
			}
		case "asset":
			for _, a := range sc.Assets {
				m[a.ID] = a.Site.Ground()
			}
		}
		return m
	}
	if len(o.assets) > 0 {
		run.cellRole = "launch"
		if len(o.launches) > 0 || len(o.launchAreas) > 0 {
			bad.add("--asset makes the cells launch points: give no --launch or --launch-area with it")
		}
		assets := named("asset")
		for _, a := range o.assets {
			if p, ok := pointArg("asset", a, assets, "asset", &bad); ok {
				run.points = append(run.points, p)
			}
		}
	} else {
		run.cellRole = "aim"
		for _, l := range o.launches {
			if p, ok := pointArg("launch", l, nil, "", &bad); ok {
				run.points = append(run.points, p)
			}
		}
		areas := named("launch area")
		switch {
		case len(o.launchAreas) > 0 && sc == nil:
			bad.add("--launch-area needs --scenario FILE (or give --launch LAT,LON)")
		case len(o.launchAreas) > 0:
			for _, id := range o.launchAreas {
				if p, ok := areas[id]; ok {
					run.points = append(run.points, report.Place{Name: id, Pos: p})
				} else {
					bad.add("--launch-area %q: not a launch area of %s (%s)", id, o.scenarioPath, strings.Join(sortedIDs(areas), ", "))
				}
			}
		case len(o.launches) == 0 && sc != nil:
			for _, a := range sc.LaunchAreas {
				run.points = append(run.points, report.Place{Name: a.ID, Pos: a.Site.Ground()})
			}
		case len(o.launches) == 0:
			bad.add("give the launch points: --launch LAT,LON (repeatable), or --scenario FILE (its launch areas)")
		}
	}

	// The grid.
	if o.mapBox == "" {
		bad.add("--map is required: the grid's box LAT0,LON0,LAT1,LON1, e.g. --map 35,-10,70,40 for Europe")
	} else if b, err := parseBox(o.mapBox); err != nil {
		bad = append(bad, err.Error())
	} else if !(o.cellDeg >= minCellDeg && o.cellDeg <= 90) {
		bad.add("--cell-deg %g: want degrees in [%g, 90]", o.cellDeg, minCellDeg)
	} else if n := b.count(o.cellDeg); n > maxMapCells {
		bad.add("--cell-deg %g over this box makes %.0f cells; at most %d: use larger cells or a smaller box", o.cellDeg, n, maxMapCells)
	} else {
		for _, c := range b.cells(o.cellDeg) {
			run.cells = append(run.cells, report.FootprintCell{LatMinDeg: c.LatMinDeg, LatMaxDeg: c.LatMaxDeg, LonMinDeg: c.LonMinDeg, LonMaxDeg: c.LonMaxDeg})
		}
	}
	if err := bad.err(); err != nil {
		return nil, err
	}
	run.fp = intercept.Footprint{Earth: earth, Site: site, Interceptor: it, LaunchDelayS: o.ic.launchDelayS, Missile: missile}
	return run, nil
}

func (o *footprintOptions) run(stdout, stderr io.Writer) error {
	r, err := o.check(stderr)
	if err != nil {
		return err
	}
	outs, err := createOutputs(map[string]string{"geojson": o.geojsonOut, "png": o.pngOut})
	if err != nil {
		return err
	}
	defer outs.closeAll()

	prog := newProgress(stderr, "footprint", "cells", len(r.cells))
	err = r.solve(o.budget, prog)
	prog.done()
	if err != nil {
		return &failure{err}
	}
	fp := r.report()
	if w := outs["geojson"]; w != nil {
		if err := report.WriteFootprintGeoJSON(w, fp); err != nil {
			return &failure{err}
		}
		if err := outs.close("geojson"); err != nil {
			return err
		}
	}
	if w := outs["png"]; w != nil {
		if err := report.WriteFootprintPNG(w, fp, report.MapOptions{}); err != nil {
			return &failure{err}
		}
		if err := outs.close("png"); err != nil {
			return err
		}
	}
	sum := r.summary(o)
	if o.json {
		return writeJSON(stdout, sum)
	}
	return writeFootprint(stdout, r, sum, o)
}

// solve answers every cell on the budget b; each cell depends only on its
// own inputs, so the map is the same whatever the scheduling.
func (r *footprintRun) solve(b par.Budget, prog *progress) error {
	pts := make([]geo.LLA, len(r.points))
	for i, p := range r.points {
		pts[i] = p.Pos
	}
	var mu sync.Mutex
	var first error
	b.Each(len(r.cells), func(i int) {
		c := &r.cells[i]
		var ans intercept.Cell
		var err error
		if r.cellRole == "aim" {
			ans, err = r.fp.AimCell(c.Centre(), pts)
		} else {
			ans, err = r.fp.LaunchCell(c.Centre(), pts)
		}
		c.Defended, c.Total = ans.Defended, ans.Total
		if err != nil {
			mu.Lock()
			if first == nil {
				first = err
			}
			mu.Unlock()
		}
		prog.add(1)
	})
	return first
}

func (r *footprintRun) title() string {
	what := "aim points vs launches from " + placeNames(r.points)
	if r.cellRole == "launch" {
		what = "launch points vs threats to " + placeNames(r.points)
	}
	flight := "impulsive"
	if r.fp.Missile != nil {
		flight = r.fp.Missile.Name
	}
	it := r.fp.Interceptor
	return fmt.Sprintf("jrmd footprint: %s, %s at %s, launch from %s s; %s; %s threats, %s",
		r.batteryID, it.Name, report.KmPerS(it.BurnoutSpeedMps, -1), report.Grouped(r.fp.LaunchDelayS, 0), what, flight, r.fp.Earth.Name)
}

func placeNames(ps []report.Place) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

func (r *footprintRun) report() *report.Footprint {
	return &report.Footprint{
		Title: r.title(), BatteryID: r.batteryID, Site: r.fp.Site,
		CellRole: r.cellRole, Points: r.points, Cells: r.cells,
	}
}

// footprintJSON is what footprint --json prints.
type footprintJSON struct {
	Battery      string                 `json:"battery"`
	Site         report.PointJSON       `json:"site"`
	Interceptor  report.InterceptorJSON `json:"interceptor"`
	LaunchDelayS float64                `json:"launch_delay_s"`
	Earth        string                 `json:"earth"`
	Rotation     bool                   `json:"rotation"`
	Boost        string                 `json:"boost"`
	CellRole     string                 `json:"cell_role"`
	Points       []namedPointJSON       `json:"points"`
	CellDeg      float64                `json:"cell_deg"`
	CellsTotal   int                    `json:"cells_total"`
	CellsFlown   int                    `json:"cells_flown"`
	CellsAll     int                    `json:"cells_defended_all"`
	CellsSome    int                    `json:"cells_defended_some"`
	CellsNone    int                    `json:"cells_defended_none"`
	GeoJSON      *string                `json:"geojson"`
	PNG          *string                `json:"png"`
	Cells        []footprintCellJSON    `json:"cells"`
}

type namedPointJSON struct {
	Name   string  `json:"name"`
	LatDeg float64 `json:"lat_deg"`
	LonDeg float64 `json:"lon_deg"`
}

type footprintCellJSON struct {
	LatDeg   float64 `json:"lat_deg"`
	LonDeg   float64 `json:"lon_deg"`
	Defended int     `json:"defended"`
	Total    int     `json:"total"`
}

func (r *footprintRun) summary(o *footprintOptions) footprintJSON {
	s := footprintJSON{
		Battery: r.batteryID, Site: report.PointJSON{LatDeg: r.fp.Site.LatDeg, LonDeg: r.fp.Site.LonDeg},
		Interceptor: report.NewInterceptorJSON(r.fp.Interceptor), LaunchDelayS: r.fp.LaunchDelayS,
		Earth: r.fp.Earth.Name, Rotation: r.fp.Earth.Omega != 0, Boost: boostName(r.fp.Missile),
		CellRole: r.cellRole, CellDeg: o.cellDeg, CellsTotal: len(r.cells), Cells: make([]footprintCellJSON, len(r.cells)),
	}
	s.Interceptor.Source = ""
	for _, p := range r.points {
		s.Points = append(s.Points, namedPointJSON{p.Name, p.Pos.LatDeg, p.Pos.LonDeg})
	}
	if o.geojsonOut != "" {
		s.GeoJSON = &o.geojsonOut
	}
	if o.pngOut != "" {
		s.PNG = &o.pngOut
	}
	for i, c := range r.cells {
		ctr := c.Centre()
		s.Cells[i] = footprintCellJSON{LatDeg: ctr.LatDeg, LonDeg: ctr.LonDeg, Defended: c.Defended, Total: c.Total}
		if c.Total == 0 {
			continue
		}
		s.CellsFlown++
		switch c.Defended {
		case c.Total:
			s.CellsAll++
		case 0:
			s.CellsNone++
		default:
			s.CellsSome++
		}
	}
	return s
}

// writeFootprint prints the summary of a footprint.
func writeFootprint(w io.Writer, r *footprintRun, s footprintJSON, o *footprintOptions) error {
	cellRole, pointRole, verb := "aim points", "launch points", "defended against"
	if r.cellRole == "launch" {
		cellRole, pointRole, verb = "launch points", "assets", "defending"
	}
	rotation := "rotating"
	if !s.Rotation {
		rotation = "not rotating"
	}
	pts := make([]string, len(r.points))
	for i, p := range r.points {
		pts[i] = fmt.Sprintf("%s (%s)", p.Name, report.LatLon2(p.Pos))
	}
	pct := func(n int) string {
		if s.CellsFlown == 0 {
			return ""
		}
		return fmt.Sprintf(" (%.0f%%)", 100*float64(n)/float64(s.CellsFlown))
	}
	rows := [][2]string{
		{"battery", r.batteryID + " at " + report.LatLon(r.fp.Site)},
		{"interceptor", report.DescribeInterceptor(r.fp.Interceptor)},
		{"launch delay", report.Grouped(r.fp.LaunchDelayS, 1) + " s after the threat's launch"},
		{"threats", fmt.Sprintf("minimum-energy, boost %s, %s %s", s.Boost, s.Earth, rotation)},
		{pointRole, strings.Join(pts, "; ")},
		{"cells", fmt.Sprintf("%d %s of %g° (%d with a trajectory)", s.CellsTotal, cellRole, o.cellDeg, s.CellsFlown)},
		{verb + " all", fmt.Sprintf("%d cells%s", s.CellsAll, pct(s.CellsAll))},
		{verb + " some", fmt.Sprintf("%d cells%s", s.CellsSome, pct(s.CellsSome))},
		{verb + " none", fmt.Sprintf("%d cells%s", s.CellsNone, pct(s.CellsNone))},
	}
	if o.geojsonOut != "" {
		rows = append(rows, [2]string{"geojson", o.geojsonOut})
	}
	if o.pngOut != "" {
		rows = append(rows, [2]string{"png", o.pngOut})
	}
	if o.geojsonOut == "" && o.pngOut == "" {
		rows = append(rows, [2]string{"output", "add --png FILE or --geojson FILE for the map, --json for every cell"})
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, row := range rows {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	return writeErr(tw.Flush())
}
