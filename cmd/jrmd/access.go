package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/par"
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
	traj               trajectoryOptions
	sensor, radar      string
	minElevationDeg    float64
	maxRangeM          float64
	boresightDeg       float64
	halfWidthDeg       float64
	mapBox             string
	cellDeg            float64
	geojsonOut, pngOut string
	set                func(name string) bool // whether a flag was given
	budget             par.Budget
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
	o.traj.addFlags(f)
	return cmd
}

// problems collects input errors so that all are reported at once.
type problems []string

func (p *problems) add(format string, a ...any) { *p = append(*p, fmt.Sprintf(format, a...)) }

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return errors.New(strings.Join(p, "; "))
}

// radarFrom builds the sensor the flags describe.
func (o *accessOptions) radarFrom(bad *problems) sensor.Radar {
	var r sensor.Radar
	switch {
	case o.sensor != "" && o.radar != "":
		bad.add("give --sensor or --radar, not both")
	case o.radar != "":
		var err error
		if r, err = sensor.LookupReferenceRadar(o.radar); err != nil {
			bad.add("--radar %q: unknown; want one of %s", o.radar, strings.Join(sensor.ReferenceRadarIDs(), ", "))
		}
	case o.sensor != "":
		p, err := geo.ParseLatLon(o.sensor)
		switch {
		case err != nil:
			bad.add("--sensor %s", strings.TrimPrefix(err.Error(), "geo: "))
		case p.AltM < 0:
			bad.add("--sensor %q: height %g m is below the ellipsoid, which would hide everything; give 0 or more", o.sensor, p.AltM)
		}
		r = sensor.Radar{ID: sensorID, Site: p}
	default:
		bad.add("--sensor is required: LAT,LON[,ALT_M], e.g. --sensor 54.361,-0.670 (or --radar ID)")
	}
	if o.sensor != "" || o.set("min-elevation") {
		if !(o.minElevationDeg >= -90 && o.minElevationDeg < 90) {
			bad.add("--min-elevation %g: want degrees in [-90, 90)", o.minElevationDeg)
		}
		r.MinElevationDeg = o.minElevationDeg
	}
	if o.sensor != "" || o.set("max-range") {
		if !(o.maxRangeM >= 0 && o.maxRangeM <= maxSensorRangeM) {
			bad.add("--max-range %g: want metres ≥ 0 (0: no limit) and at most %g", o.maxRangeM, maxSensorRangeM)
		}
		r.MaxRangeM = o.maxRangeM
	}
	bs, hw := o.set("boresight"), o.set("half-width")
	switch {
	case bs && !hw:
		bad.add("--boresight needs --half-width: the field of regard is boresight ± half-width")
	case hw && !bs:
		bad.add("--half-width needs --boresight")
	case bs && hw:
		if !(o.boresightDeg >= 0 && o.boresightDeg < 360) {
			bad.add("--boresight %g: want an azimuth in [0, 360) degrees", o.boresightDeg)
		}
		if !(o.halfWidthDeg > 0 && o.halfWidthDeg <= 180) {
			bad.add("--half-width %g: want degrees in (0, 180]", o.halfWidthDeg)
		}
		// One face, every elevation: --min-elevation bounds it below.
		r.Faces = []sensor.Face{{BoresightAzDeg: o.boresightDeg, BoresightElDeg: 0, HalfAzDeg: o.halfWidthDeg, HalfElDeg: 90}}
	}
	return r
}

// runOne is jrmd access for one trajectory.
func (o *accessOptions) runOne(w io.Writer) error {
	var bad problems
	r := o.radarFrom(&bad)
	for _, f := range []string{"cell-deg", "geojson", "png"} {
		if o.set(f) {
			bad.add("--%s applies to --map", f)
		}
	}
	req, err := o.traj.request()
	if err != nil {
		bad = append(bad, err.Error())
	}
	if err := bad.err(); err != nil {
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
	res := newAccessJSON(req, &tr, &r, ivs)
	if o.traj.json {
		return writeJSON(w, res)
	}
	return writeAccess(w, req, &tr, &r, res)
}

// accessJSON is what access --json prints.
type accessJSON struct {
	Sensor          sensorJSON            `json:"sensor"`
	Trajectory      threatJSON            `json:"trajectory"`
	Intervals       []report.IntervalJSON `json:"intervals"`
	TotalS          float64               `json:"total_s"`
	FirstDetectionS *float64              `json:"first_detection_s"` // null: never seen
	Samples         []lookJSON            `json:"samples"`
}

type sensorJSON struct {
	ID              string     `json:"id"`
	LatDeg          float64    `json:"lat_deg"`
	LonDeg          float64    `json:"lon_deg"`
	AltM            float64    `json:"alt_m"`
	MinElevationDeg float64    `json:"min_elevation_deg"`
	MaxRangeM       *float64   `json:"max_range_m"` // null: no limit
	Faces           []faceJSON `json:"faces"`       // empty: all azimuths
}

type faceJSON struct {
	BoresightAzDeg float64 `json:"boresight_az_deg"`
	BoresightElDeg float64 `json:"boresight_el_deg"`
	HalfAzDeg      float64 `json:"half_az_deg"`
	HalfElDeg      float64 `json:"half_el_deg"`
}

type lookJSON struct {
	TS      float64 `json:"t_s"`
	LatDeg  float64 `json:"lat_deg"`
	LonDeg  float64 `json:"lon_deg"`
	AltM    float64 `json:"alt_m"`
	AzDeg   float64 `json:"az_deg"`
	ElDeg   float64 `json:"el_deg"`
	RangeM  float64 `json:"range_m"`
	Visible bool    `json:"visible"`
}

func newSensorJSON(r *sensor.Radar) sensorJSON {
	s := sensorJSON{
		ID: r.ID, LatDeg: r.Site.LatDeg, LonDeg: r.Site.LonDeg, AltM: r.Site.AltM,
		MinElevationDeg: r.MinElevationDeg, Faces: []faceJSON{},
	}
	if r.MaxRangeM > 0 {
		s.MaxRangeM = &r.MaxRangeM
	}
	for _, f := range r.Faces {
		s.Faces = append(s.Faces, faceJSON{f.BoresightAzDeg, f.BoresightElDeg, f.HalfAzDeg, f.HalfElDeg})
	}
	return s
}

func newAccessJSON(req ballistic.Request, tr *ballistic.Trajectory, r *sensor.Radar, ivs []sensor.Interval) accessJSON {
	res := accessJSON{
		Sensor:     newSensorJSON(r),
		Trajectory: newThreatJSON(req, tr),
		Intervals:  []report.IntervalJSON{},
		TotalS:     sensor.TotalS(ivs),
	}
	for _, iv := range ivs {
		res.Intervals = append(res.Intervals, report.IntervalJSON{StartS: iv.StartS, EndS: iv.EndS})
	}
	if len(ivs) > 0 {
		first := ivs[0].StartS
		res.FirstDetectionS = &first
	}
	// Samples every --step and at impact, with the look angles.
	var times []float64
	for t := 0.0; t < tr.FlightTimeS; t += req.StepS {
		times = append(times, t)
	}
	times = append(times, tr.FlightTimeS)
	for _, t := range times {
		p, _, ok := tr.StateAt(t)
		if !ok {
			continue
		}
		aer, vis := r.Visible(req.Earth, p)
		lla := req.Earth.ToLLA(p)
		res.Samples = append(res.Samples, lookJSON{
			TS: t, LatDeg: lla.LatDeg, LonDeg: lla.LonDeg, AltM: lla.AltM,
			AzDeg: aer.AzRad * 180 / math.Pi, ElDeg: aer.ElRad * 180 / math.Pi, RangeM: aer.RangeM, Visible: vis,
		})
	}
	return res
}

// describeSensor is the one-line description of a sensor's geometry.
func describeSensor(r *sensor.Radar) string {
	faces := "all azimuths"
	if len(r.Faces) > 0 {
		parts := make([]string, len(r.Faces))
		for i, f := range r.Faces {
			parts[i] = fmt.Sprintf("%g° ±%g°", f.BoresightAzDeg, f.HalfAzDeg)
			if f.HalfElDeg < 90 {
				parts[i] += fmt.Sprintf(" (elevation %g° to %g°)", f.BoresightElDeg-f.HalfElDeg, f.BoresightElDeg+f.HalfElDeg)
			}
		}
		faces = "azimuth " + strings.Join(parts, ", ")
	}
	rng := "no range limit"
	if r.MaxRangeM > 0 {
		rng = "range " + report.Grouped(r.MaxRangeM/1000, 1) + " km"
	}
	name := r.ID
	if r.Type != "" {
		name += " (" + r.Type + ")"
	}
	return fmt.Sprintf("%s at %s, %s m; %s; elevation from %g°; %s", name, report.LatLon(r.Site), report.Grouped(r.Site.AltM, 0), faces, r.MinElevationDeg, rng)
}

// writeAccess prints the access of one trajectory as text.
func writeAccess(w io.Writer, req ballistic.Request, tr *ballistic.Trajectory, r *sensor.Radar, res accessJSON) error {
	rotation := "rotating"
	if req.Earth.Omega == 0 {
		rotation = "not rotating"
	}
	visible := "never"
	if n := len(res.Intervals); n > 0 {
		plural := "s"
		if n == 1 {
			plural = ""
		}
		visible = fmt.Sprintf("%d interval%s, %s s in all; first seen %s s after launch", n, plural, report.Grouped(res.TotalS, 1), report.Grouped(*res.FirstDetectionS, 1))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, row := range [][2]string{
		{"sensor", describeSensor(r)},
		{"trajectory", fmt.Sprintf("%s to %s, %s, boost %s, %s %s", report.LatLon(req.From), report.LatLon(req.To), req.Kind, boostName(req.Missile), req.Earth.Name, rotation)},
		{"flight time", report.Grouped(tr.FlightTimeS, 1) + " s (" + report.MinSec(tr.FlightTimeS) + " min:s), apogee " + report.Grouped(tr.ApogeeAltM/1000, 1) + " km"},
		{"visible", visible},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	if err := tw.Flush(); err != nil {
		return writeErr(err)
	}
	if len(res.Intervals) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprint(tw, "interval\tstart s\tend s\tduration s\t\n")
		for i, iv := range res.Intervals {
			fmt.Fprintf(tw, "%d\t%.3f\t%.3f\t%.3f\t\n", i+1, iv.StartS, iv.EndS, iv.EndS-iv.StartS)
		}
		if err := tw.Flush(); err != nil {
			return writeErr(err)
		}
	}
	if _, err := fmt.Fprintf(w, "\n%d samples (every %g s)\n", len(res.Samples), req.StepS); err != nil {
		return writeErr(err)
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "t s\tlat °\tlon °\talt km\taz °\tel °\trange km\tvisible\t\n")
	for _, s := range res.Samples {
		vis := "no"
		if s.Visible {
			vis = "yes"
		}
		// A launch or impact height of −1e-9 m prints as 0.000, not −0.000.
		altKm := s.AltM / 1000
		if math.Abs(altKm) < 5e-4 {
			altKm = 0
		}
		fmt.Fprintf(tw, "%.1f\t%.4f\t%.4f\t%.3f\t%.2f\t%.2f\t%.1f\t%s\t\n", s.TS, s.LatDeg, s.LonDeg, altKm, s.AzDeg, s.ElDeg, s.RangeM/1000, vis)
	}
	return writeErr(tw.Flush())
}

// box is the --map area.
type box struct{ lat0, lon0, lat1, lon1 float64 }

// parseBox parses "LAT0,LON0,LAT1,LON1": the south-west and north-east
// corners, inside [-90, 90] × [-180, 180], not crossing the antimeridian.
func parseBox(s string) (box, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return box{}, fmt.Errorf("--map %q: want LAT0,LON0,LAT1,LON1 (south-west and north-east corners, degrees)", s)
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return box{}, fmt.Errorf("--map %q: %q is not a number", s, strings.TrimSpace(p))
		}
		v[i] = f
	}
	b := box{v[0], v[1], v[2], v[3]}
	switch {
	case b.lat0 < -90 || b.lat1 > 90:
		return box{}, fmt.Errorf("--map %q: latitudes must lie in [-90, 90]", s)
	case b.lon0 < -180 || b.lon1 > 180:
		return box{}, fmt.Errorf("--map %q: longitudes must lie in [-180, 180] (a box may not cross the antimeridian)", s)
	case !(b.lat0 < b.lat1):
		return box{}, fmt.Errorf("--map %q: the first latitude must be south of the second", s)
	case !(b.lon0 < b.lon1):
		return box{}, fmt.Errorf("--map %q: the first longitude must be west of the second (a box may not cross the antimeridian)", s)
	}
	return b, nil
}

// cells divides the box into cells of size deg (the last row and column
// cut at the box), south to north and west to east. Edges are computed from
// their index, so neighbours share them exactly.
func (b box) cells(deg float64) []report.Cell {
	nLat := int(math.Ceil((b.lat1-b.lat0)/deg - 1e-9))
	nLon := int(math.Ceil((b.lon1-b.lon0)/deg - 1e-9))
	edge := func(lo, hi float64, i int) float64 { return math.Min(lo+float64(i)*deg, hi) }
	out := make([]report.Cell, 0, nLat*nLon)
	for i := range nLat {
		for j := range nLon {
			out = append(out, report.Cell{
				LatMinDeg: edge(b.lat0, b.lat1, i), LatMaxDeg: edge(b.lat0, b.lat1, i+1),
				LonMinDeg: edge(b.lon0, b.lon1, j), LonMaxDeg: edge(b.lon0, b.lon1, j+1),
			})
		}
	}
	return out
}

func (b box) count(deg float64) float64 {
	return math.Ceil((b.lat1-b.lat0)/deg-1e-9) * math.Ceil((b.lon1-b.lon0)/deg-1e-9)
}

// runMap is jrmd access --map.
func (o *accessOptions) runMap(w io.Writer) error {
	var bad problems
	r := o.radarFrom(&bad)
	b, err := parseBox(o.mapBox)
	if err != nil {
		bad = append(bad, err.Error())
	}
	if !(o.cellDeg >= minCellDeg && o.cellDeg <= 90) {
		bad.add("--cell-deg %g: want degrees in [%g, 90]", o.cellDeg, minCellDeg)
	} else if err == nil && b.count(o.cellDeg) > maxMapCells {
		bad.add("--cell-deg %g over this box makes %.0f cells; at most %d: use larger cells or a smaller box", o.cellDeg, b.count(o.cellDeg), maxMapCells)
	}
	fixedRole := ""
	switch {
	case o.traj.from != "" && o.traj.to != "":
		bad.add("--map: give --from (cells are aim points) or --to (cells are launch points), not both")
	case o.traj.from != "":
		fixedRole = "launch"
	case o.traj.to != "":
		fixedRole = "aim"
	default:
		bad.add("--map needs --from (a fixed launch point; cells are aim points) or --to (a fixed aim point; cells are launch points)")
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
	if err := bad.err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	// Open the outputs before the long part: a bad path fails at once.
	var outs []*os.File
	open := func(flag, path string) *os.File {
		if path == "" {
			return nil
		}
		f, err := os.Create(path)
		if err != nil {
			bad.add("--%s %s", flag, strings.TrimPrefix(err.Error(), "open "))
			return nil
		}
		outs = append(outs, f)
		return f
	}
	gj, pn := open("geojson", o.geojsonOut), open("png", o.pngOut)
	defer func() {
		for _, f := range outs {
			f.Close()
		}
	}()
	if err := bad.err(); err != nil {
		return err
	}

	fixed := req.From
	if fixedRole == "aim" {
		fixed = req.To
	}
	cov := &report.Coverage{
		Title:     mapTitle(&r, req, fixedRole, fixed, o.cellDeg),
		SensorID:  r.ID,
		Site:      r.Site,
		Fixed:     fixed,
		FixedRole: fixedRole,
		Cells:     b.cells(o.cellDeg),
	}
	fly(o.budget, req, &r, fixedRole, cov.Cells)

	if gj != nil {
		if err := report.WriteGeoJSON(gj, cov); err != nil {
			return &failure{err}
		}
		if err := gj.Close(); err != nil {
			return &failure{fmt.Errorf("--geojson %s: %w", o.geojsonOut, err)}
		}
	}
	if pn != nil {
		if err := report.WritePNG(pn, cov, report.MapOptions{}); err != nil {
			return &failure{err}
		}
		if err := pn.Close(); err != nil {
			return &failure{fmt.Errorf("--png %s: %w", o.pngOut, err)}
		}
	}
	res := newMapJSON(req, &r, cov, o)
	if o.traj.json {
		return writeJSON(w, res)
	}
	return writeMap(w, &r, cov, res, o)
}

// fly solves, flies and times every cell's trajectory, on the budget b;
// each cell's result depends only on its own inputs, so the map is the
// same whatever the scheduling.
func fly(b par.Budget, req ballistic.Request, r *sensor.Radar, fixedRole string, cells []report.Cell) {
	b.Each(len(cells), func(i int) {
		c := &cells[i]
		q := req
		q.StepS = 0 // no samples needed
		if fixedRole == "launch" {
			q.To = c.Centre()
		} else {
			q.From = c.Centre()
		}
		tr, err := ballistic.Solve(q)
		if err != nil {
			return // Solved stays false: no such trajectory
		}
		ivs := sensor.Access(q.Earth, r, &tr, sensor.AccessOptions{})
		c.Solved, c.FlightS = true, tr.FlightTimeS
		if len(ivs) > 0 {
			c.Seen, c.SeenS, c.FirstS = true, sensor.TotalS(ivs), ivs[0].StartS
		}
	})
}

func mapTitle(r *sensor.Radar, req ballistic.Request, fixedRole string, fixed geo.LLA, cellDeg float64) string {
	cells := "aim points"
	if fixedRole == "aim" {
		cells = "launch points"
	}
	flight := "impulsive"
	if req.Missile != nil {
		flight = req.Missile.Name
	}
	return fmt.Sprintf("jrmd access: %s at %s; %s %s trajectories, %s at %s; %s in %g° cells",
		r.ID, report.LatLon2(r.Site), flight, req.Kind, fixedRole, report.LatLon2(fixed), cells, cellDeg)
}

// mapJSON is what access --map --json prints.
type mapJSON struct {
	Sensor      sensorJSON `json:"sensor"`
	Fixed       fixedJSON  `json:"fixed"`
	Kind        string     `json:"kind"`
	Earth       string     `json:"earth"`
	Rotation    bool       `json:"rotation"`
	Boost       string     `json:"boost"`
	CellDeg     float64    `json:"cell_deg"`
	CellsTotal  int        `json:"cells_total"`
	CellsSolved int        `json:"cells_solved"`
	CellsSeen   int        `json:"cells_seen"`
	MaxSeenS    float64    `json:"max_seen_s"`
	GeoJSON     *string    `json:"geojson"`
	PNG         *string    `json:"png"`
	Cells       []cellJSON `json:"cells"`
}

type fixedJSON struct {
	Role   string  `json:"role"`
	LatDeg float64 `json:"lat_deg"`
	LonDeg float64 `json:"lon_deg"`
}

type cellJSON struct {
	LatDeg  float64  `json:"lat_deg"`
	LonDeg  float64  `json:"lon_deg"`
	Solved  bool     `json:"solved"`
	Seen    bool     `json:"seen"`
	SeenS   float64  `json:"seen_s"`
	FirstS  *float64 `json:"first_s"`
	FlightS *float64 `json:"flight_s"`
}

func newMapJSON(req ballistic.Request, r *sensor.Radar, cov *report.Coverage, o *accessOptions) mapJSON {
	res := mapJSON{
		Sensor:   newSensorJSON(r),
		Fixed:    fixedJSON{cov.FixedRole, cov.Fixed.LatDeg, cov.Fixed.LonDeg},
		Kind:     string(req.Kind),
		Earth:    req.Earth.Name,
		Rotation: req.Earth.Omega != 0,
		Boost:    boostName(req.Missile),
		CellDeg:  o.cellDeg,
		Cells:    make([]cellJSON, len(cov.Cells)),
	}
	if o.geojsonOut != "" {
		res.GeoJSON = &o.geojsonOut
	}
	if o.pngOut != "" {
		res.PNG = &o.pngOut
	}
	for i, c := range cov.Cells {
		ctr := c.Centre()
		cj := cellJSON{LatDeg: ctr.LatDeg, LonDeg: ctr.LonDeg, Solved: c.Solved, Seen: c.Seen, SeenS: c.SeenS}
		res.CellsTotal++
		if c.Solved {
			res.CellsSolved++
			cj.FlightS = &cov.Cells[i].FlightS
		}
		if c.Seen {
			res.CellsSeen++
			cj.FirstS = &cov.Cells[i].FirstS
			res.MaxSeenS = math.Max(res.MaxSeenS, c.SeenS)
		}
		res.Cells[i] = cj
	}
	return res
}

// writeMap prints the summary of a coverage map.
func writeMap(w io.Writer, r *sensor.Radar, cov *report.Coverage, res mapJSON, o *accessOptions) error {
	best := -1
	for i, c := range cov.Cells {
		if c.Seen && (best < 0 || c.SeenS > cov.Cells[best].SeenS) {
			best = i
		}
	}
	longest := "none"
	if best >= 0 {
		longest = fmt.Sprintf("%s s, cell centred at %s", report.Grouped(cov.Cells[best].SeenS, 1), report.LatLon(cov.Cells[best].Centre()))
	}
	cellRole := "aim points"
	if cov.FixedRole == "aim" {
		cellRole = "launch points"
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	rows := [][2]string{
		{"sensor", describeSensor(r)},
		{cov.FixedRole, report.LatLon(cov.Fixed)},
		{"trajectories", fmt.Sprintf("%s, boost %s, %s", res.Kind, res.Boost, res.Earth)},
		{"cells", fmt.Sprintf("%d %s of %g° (%d with a trajectory, %d seen)", res.CellsTotal, cellRole, o.cellDeg, res.CellsSolved, res.CellsSeen)},
		{"longest in view", longest},
	}
	if o.geojsonOut != "" {
		rows = append(rows, [2]string{"geojson", o.geojsonOut})
	}
	if o.pngOut != "" {
		rows = append(rows, [2]string{"png", o.pngOut})
	}
	if o.geojsonOut == "" && o.pngOut == "" {
		rows = append(rows, [2]string{"output", "add --geojson FILE or --png FILE for the map, --json for every cell"})
	}
	for _, row := range rows {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	return writeErr(tw.Flush())
}
