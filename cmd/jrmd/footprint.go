package main

import (
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/globe"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/plots"
	"github.com/jrmd/jrmd/internal/report"
)

// footprintOptions are the flags of jrmd footprint, as typed.
type footprintOptions struct {
	scenarioPath, battery      string
	site                       string
	ic                         interceptorOptions
	launches                   []string // LAT,LON
	launchAreas                []string // scenario ids
	assets                     []string // LAT,LON or scenario ids
	mapBox                     string
	cellDeg                    float64
	boost, earth               string
	noRotation                 bool
	geojsonOut, pngOut, svgOut string
	globe                      globe.Files // --czml, --kml
	json                       bool
	set                        func(name string) bool
	budget                     par.Budget
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
to dark green (all), hatched where no trajectory flies. Cells run on all cores; progress
goes to stderr.`,
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
	f.StringVar(&o.svgOut, "svg", "", "draw the map as SVG to `FILE`")
	f.StringVar(&o.globe.CZML, "czml", "", "write the cells, battery and points as CZML (Cesium) to `FILE`")
	f.StringVar(&o.globe.KML, "kml", "", "write the cells, battery and points as KML (Google Earth) to `FILE`")
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

func (o *footprintOptions) run(stdout, stderr io.Writer) error {
	r, err := o.check(stderr)
	if err != nil {
		return err
	}
	outs, err := createOutputs(map[string]string{"geojson": o.geojsonOut, "png": o.pngOut, "svg": o.svgOut})
	if err != nil {
		return err
	}
	defer outs.closeAll()
	scenes, err := o.globe.Open()
	if err != nil {
		return err
	}
	defer scenes.Close()

	fp := &report.Footprint{BatteryID: r.batteryID, Site: r.fp.Site, CellRole: r.cellRole, Points: r.points, Cells: r.cells}
	prog := newProgress(stderr, "footprint", "cells", len(fp.Cells))
	err = report.SolveFootprint(o.budget, r.fp, fp, prog.add)
	prog.done()
	if err != nil {
		return &failure{err}
	}
	if err := outs.writeMap("geojson", func(w io.Writer) error { return report.WriteFootprintGeoJSON(w, fp) }); err != nil {
		return err
	}
	scene := globe.FootprintScene(fp)
	if err := scenes.Write(&scene); err != nil {
		return &failure{err}
	}
	for _, format := range []string{"png", "svg"} {
		if err := outs.writeMap(format, func(w io.Writer) error { return plots.WriteFootprintMap(w, format, fp, report.MapOptions{}) }); err != nil {
			return err
		}
	}
	sum := report.NewFootprintSummary(r.fp, fp, o.cellDeg, report.MapFiles{GeoJSON: o.geojsonOut, PNG: o.pngOut, SVG: o.svgOut})
	if o.json {
		return writeJSON(stdout, sum)
	}
	return writeErr(report.WriteFootprintSummary(stdout, r.fp, fp, sum))
}
