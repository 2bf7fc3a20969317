package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/internal/globe"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/plots"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/sensor"
)

// Defaults and limits of jrmd access.
const (
	defaultCellDeg = 1.0
	// minCellDeg and maxMapCells keep a map to what finishes in minutes:
	// a boosted trajectory takes ~40 ms to solve and fly.
	minCellDeg  = 0.01
	maxMapCells = 10000
	// sensorID names a sensor given by --sensor.
	sensorID = "sensor"
)

// accessOptions are the flags of jrmd access, as typed.
type accessOptions struct {
	traj                       trajectoryOptions
	sensor, radar              string
	minElevationDeg            float64
	maxRangeM                  float64
	boresightDeg               float64
	halfWidthDeg               float64
	mapBox                     string
	cellDeg                    float64
	geojsonOut, pngOut, svgOut string
	set                        func(name string) bool // whether a flag was given
	budget                     par.Budget
}

func newAccessCmd(b par.Budget) *cobra.Command {
	o := accessOptions{budget: b}
	cmd := &cobra.Command{
		Use:   "access (--sensor LAT,LON[,ALT_M] | --radar ID) --from LAT,LON --to LAT,LON [flags]",
		Short: "When a sensor sees a trajectory, or a coverage map of where it does",
		Long: `access flies a trajectory (the flags of jrmd trajectory) and finds the intervals, in
seconds from launch, during which a ground sensor sees it: above its minimum elevation,
within its maximum range, inside its field of regard (all azimuths, or --boresight ±
--half-width) and not hidden by the Earth (bald WGS-84 ellipsoid, no refraction).
The search samples every 0.1 s, so no interval that long is missed, and bisects each
edge to 1 ms.

--sensor places a sensor at LAT,LON (and a height in metres); --radar takes one of the
reference radars of the 2007 architecture (its site, faces, minimum elevation and
range, which the geometry flags then override):
  ` + strings.Join(sensor.ReferenceRadarIDs(), ", ") + `.

--map LAT0,LON0,LAT1,LON1 makes a coverage map instead: give only --from (a fixed launch
point; the cells of the box are aim points) or only --to (a fixed aim point; the cells are
launch points). Every cell's centre is flown and timed; --geojson writes the cells as an
RFC 7946 FeatureCollection, --png draws them on a map with coastlines (Natural Earth
1:110m). The box must not cross the antimeridian.`,
		Example: `  jrmd access --sensor 54.361,-0.670 --min-elevation 3 --from 35.23,53.92 --to 38.9,-77.0 --boost icbm
  jrmd access --radar fylingdales --from 35.23,53.92 --to 52.52,13.40 --boost irbm --json
  jrmd access --sensor 49.65,13.80 --max-range 1000e3 --boresight 115 --half-width 60 --from 35.23,53.92 --to 52.52,13.40
  jrmd access --radar brdy --from 35.23,53.92 --map 35,-10,60,30 --cell-deg 2 --boost irbm --png brdy.png --geojson brdy.geojson`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.set = cmd.Flags().Changed
			o.traj.speedSet = o.set("burnout-speed")
			if o.mapBox != "" || o.set("map") {
				return o.runMap(cmd.OutOrStdout())
			}
			return o.runOne(cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.sensor, "sensor", "", "sensor site `LAT,LON[,ALT_M]` (decimal degrees, metres above the ellipsoid)")
	f.StringVar(&o.radar, "radar", "", "a reference radar `ID` instead of --sensor")
	f.Float64Var(&o.minElevationDeg, "min-elevation", 0, "minimum elevation, `degrees` above the horizontal")
	f.Float64Var(&o.maxRangeM, "max-range", 0, "maximum slant range, `metres` (0: no limit)")
	f.Float64Var(&o.boresightDeg, "boresight", 0, "centre of the field of regard, azimuth `degrees` from north (needs --half-width; default: all azimuths)")
	f.Float64Var(&o.halfWidthDeg, "half-width", 0, "half-width of the field of regard in azimuth, `degrees` (0 to 180]")
	f.StringVar(&o.mapBox, "map", "", "coverage map over the box `LAT0,LON0,LAT1,LON1` (south-west and north-east corners)")
	f.Float64Var(&o.cellDeg, "cell-deg", defaultCellDeg, "map cell size, `degrees` of latitude and longitude")
	f.StringVar(&o.geojsonOut, "geojson", "", "write the map as GeoJSON to `FILE`")
	f.StringVar(&o.pngOut, "png", "", "draw the map as PNG to `FILE`")
	f.StringVar(&o.svgOut, "svg", "", "draw the map as SVG to `FILE`")
	o.traj.addFlags(f)
	return cmd
}

// radarFrom builds the sensor the flags describe.
func (o *accessOptions) radarFrom(bad *config.Messages) sensor.Radar {
	var r sensor.Radar
	switch {
	case o.sensor != "" && o.radar != "":
		bad.Add("give --sensor or --radar, not both")
	case o.radar != "":
		var err error
		if r, err = sensor.LookupReferenceRadar(o.radar); err != nil {
			bad.Add("--radar %q: unknown; want one of %s", o.radar, strings.Join(sensor.ReferenceRadarIDs(), ", "))
		}
	case o.sensor != "":
		p, err := geo.ParseLatLon(o.sensor)
		switch {
		case err != nil:
			bad.Add("--sensor %s", strings.TrimPrefix(err.Error(), "geo: "))
		case p.AltM < 0:
			bad.Add("--sensor %q: height %g m is below the ellipsoid, which would hide everything; give 0 or more", o.sensor, p.AltM)
		}
		r = sensor.Radar{ID: sensorID, Site: p}
	default:
		bad.Add("--sensor is required: LAT,LON[,ALT_M], e.g. --sensor 54.361,-0.670 (or --radar ID)")
	}
	if o.sensor != "" || o.set("min-elevation") {
		if !(o.minElevationDeg >= -90 && o.minElevationDeg < 90) {
			bad.Add("--min-elevation %g: want degrees in [-90, 90)", o.minElevationDeg)
		}
		r.MinElevationDeg = o.minElevationDeg
	}
	if o.sensor != "" || o.set("max-range") {
		if !(o.maxRangeM >= 0 && o.maxRangeM <= maxSensorRangeM) {
			bad.Add("--max-range %g: want metres ≥ 0 (0: no limit) and at most %g", o.maxRangeM, maxSensorRangeM)
		}
		r.MaxRangeM = o.maxRangeM
	}
	bs, hw := o.set("boresight"), o.set("half-width")
	switch {
	case bs && !hw:
		bad.Add("--boresight needs --half-width: the field of regard is boresight ± half-width")
	case hw && !bs:
		bad.Add("--half-width needs --boresight")
	case bs && hw:
		if !(o.boresightDeg >= 0 && o.boresightDeg < 360) {
			bad.Add("--boresight %g: want an azimuth in [0, 360) degrees", o.boresightDeg)
		}
		if !(o.halfWidthDeg > 0 && o.halfWidthDeg <= 180) {
			bad.Add("--half-width %g: want degrees in (0, 180]", o.halfWidthDeg)
		}
		// One face, every elevation: --min-elevation bounds it below.
		r.Faces = []sensor.Face{{BoresightAzDeg: o.boresightDeg, BoresightElDeg: 0, HalfAzDeg: o.halfWidthDeg, HalfElDeg: 90}}
	}
	return r
}

// runOne is jrmd access for one trajectory.
func (o *accessOptions) runOne(w io.Writer) error {
	var bad config.Messages
	r := o.radarFrom(&bad)
	for _, f := range []string{"cell-deg", "geojson", "png", "svg"} {
		if o.set(f) {
			bad.Add("--%s applies to --map", f)
		}
	}
	req, err := o.traj.request()
	if err != nil {
		bad = append(bad, err.Error())
	}
	if err := bad.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err // the checks above should have caught it
	}
	tr, err := ballistic.Solve(req)
	if err != nil {
		return fmt.Errorf("no trajectory from %s to %s: %w", o.traj.from, o.traj.to, err)
	}
	ivs := sensor.Access(req.Earth, &r, &tr, sensor.AccessOptions{})
	scene := globe.AccessScene(req, &tr, &r, ivs)
	if err := writeScene(o.traj.globe, &scene); err != nil {
		return err
	}
	res := report.NewAccessJSON(req, &tr, &r, ivs)
	if o.traj.json {
		return writeJSON(w, res)
	}
	return writeErr(report.WriteAccess(w, req, &tr, &r, res))
}

// runMap is jrmd access --map.
func (o *accessOptions) runMap(w io.Writer) error {
	var bad config.Messages
	r := o.radarFrom(&bad)
	b, err := parseBox(o.mapBox)
	if err != nil {
		bad = append(bad, err.Error())
	}
	if !(o.cellDeg >= minCellDeg && o.cellDeg <= 90) {
		bad.Add("--cell-deg %g: want degrees in [%g, 90]", o.cellDeg, minCellDeg)
	} else if err == nil && b.count(o.cellDeg) > maxMapCells {
		bad.Add("--cell-deg %g over this box makes %.0f cells; at most %d: use larger cells or a smaller box", o.cellDeg, b.count(o.cellDeg), maxMapCells)
	}
	for _, f := range []string{"czml", "kml"} {
		if o.set(f) {
			bad.Add("--%s applies to one trajectory, not to --map (--geojson, --png and --svg draw the map)", f)
		}
	}
	fixedRole := ""
	switch {
	case o.traj.from != "" && o.traj.to != "":
		bad.Add("--map: give --from (cells are aim points) or --to (cells are launch points), not both")
	case o.traj.from != "":
		fixedRole = "launch"
	case o.traj.to != "":
		fixedRole = "aim"
	default:
		bad.Add("--map needs --from (a fixed launch point; cells are aim points) or --to (a fixed aim point; cells are launch points)")
	}
	// Check the trajectory flags with a stand-in for the cells' end, the
	// box centre (or a corner, should the centre be the fixed point).
	topts := o.traj
	standIn := fmt.Sprintf("%g,%g", (b.lat0+b.lat1)/2, (b.lon0+b.lon1)/2)
	if standIn == o.traj.from || standIn == o.traj.to {
		standIn = fmt.Sprintf("%g,%g", b.lat0, b.lon0)
	}
	switch fixedRole {
	case "launch":
		topts.to = standIn
	case "aim":
		topts.from = standIn
	default:
		topts.from, topts.to = "0,0", "1,1" // report only the other flags' problems
	}
	req, err := topts.request()
	if err != nil {
		bad = append(bad, err.Error())
	}
	if err := bad.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	// Open the outputs before the long part: a bad path fails at once.
	outs, err := createOutputs(map[string]string{"geojson": o.geojsonOut, "png": o.pngOut, "svg": o.svgOut})
	if err != nil {
		return err
	}
	defer outs.closeAll()

	fixed := req.From
	if fixedRole == "aim" {
		fixed = req.To
	}
	cov := &report.Coverage{
		Title:     report.CoverageTitle(&r, req, fixedRole, fixed, o.cellDeg),
		SensorID:  r.ID,
		Site:      r.Site,
		Fixed:     fixed,
		FixedRole: fixedRole,
		Cells:     b.cells(o.cellDeg),
	}
	report.FlyCoverage(o.budget, req, &r, fixedRole, cov.Cells)

	if err := outs.writeMap("geojson", func(w io.Writer) error { return report.WriteGeoJSON(w, cov) }); err != nil {
		return err
	}
	for _, format := range []string{"png", "svg"} {
		if err := outs.writeMap(format, func(w io.Writer) error { return plots.WriteCoverageMap(w, format, cov, report.MapOptions{}) }); err != nil {
			return err
		}
	}
	res := report.NewCoverageSummary(req, &r, cov, o.cellDeg, report.MapFiles{GeoJSON: o.geojsonOut, PNG: o.pngOut, SVG: o.svgOut})
	if o.traj.json {
		return writeJSON(w, res)
	}
	return writeErr(report.WriteCoverageSummary(w, &r, cov, res))
}
