package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/internal/globe"
	"github.com/jrmd/jrmd/internal/plots"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/internal/scenario"
)

// Defaults of jrmd trajectory.
const (
	defaultKind  = string(ballistic.MinimumEnergy)
	defaultEarth = "wgs84"
	boostNone    = "none"
	defaultStepS = 10.0
	// minStepS is the finest sample interval accepted: a 30-minute flight at
	// 0.01 s is already 180,000 samples, and anything finer is a typo.
	minStepS = 0.01
)

// trajectoryOptions are the flags of jrmd trajectory, as typed.
type trajectoryOptions struct {
	from, to     string
	kind         string
	burnoutSpeed float64
	speedSet     bool // --burnout-speed was given
	earth        string
	noRotation   bool
	boost        string
	stepS        float64
	json         bool
	png, svg     string      // files to draw the profile into
	globe        globe.Files // --czml, --kml (and trajectory's --geojson)
}

func newTrajectoryCmd() *cobra.Command {
	var o trajectoryOptions
	cmd := &cobra.Command{
		Use:   "trajectory --from LAT,LON --to LAT,LON [flags]",
		Short: "Solve and fly a ballistic trajectory between two points",
		Long: `trajectory finds the trajectory from a launch point to an aim point and flies it:
minimum energy by default, or lofted/depressed at a given burnout speed. By default it
flies over a rotating WGS-84 Earth with J2 gravity and an impulsive launch at the
surface; --boost flies the powered ascent of an illustrative missile class instead.
--png FILE and --svg FILE draw its altitude and ground range against time.

Points are LAT,LON in decimal degrees, north and east positive.`,
		Example: `  jrmd trajectory --from 35.23,53.92 --to 52.52,13.40 --earth spherical --no-rotation --boost none
  jrmd trajectory --from 35.23,53.92 --to 52.52,13.40 --boost irbm
  jrmd trajectory --from 35.23,53.92 --to 52.52,13.40 --kind lofted --burnout-speed 5500 --json
  jrmd trajectory --from 35.23,53.92 --to 52.52,13.40 --boost irbm --png irbm.png --svg irbm.svg`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.speedSet = cmd.Flags().Changed("burnout-speed")
			req, err := o.request()
			if err != nil {
				return err
			}
			outs, err := createOutputs(map[string]string{"png": o.png, "svg": o.svg})
			if err != nil {
				return err
			}
			defer outs.closeAll()
			tr, err := ballistic.Solve(req)
			if err != nil {
				return fmt.Errorf("no trajectory from %s to %s: %w", o.from, o.to, err)
			}
			if err := o.draw(outs, req, tr); err != nil {
				return err
			}
			scene := globe.TrajectoryScene(req, &tr)
			if err := writeScene(o.globe, &scene); err != nil {
				return err
			}
			if o.json {
				return writeJSON(cmd.OutOrStdout(), report.NewTrajectoryJSON(req, tr))
			}
			return writeErr(report.WriteTrajectory(cmd.OutOrStdout(), req, tr))
		},
	}
	o.addFlags(cmd.Flags())
	cmd.Flags().StringVar(&o.png, "png", "", "draw altitude and ground range against time into `FILE` as PNG")
	cmd.Flags().StringVar(&o.svg, "svg", "", "draw altitude and ground range against time into `FILE` as SVG")
	cmd.Flags().StringVar(&o.globe.GeoJSON, "geojson", "", "write the flight as GeoJSON (a LineString with heights) to `FILE`")
	return cmd
}

// draw writes the trajectory's profile into the files of --png and --svg.
func (o *trajectoryOptions) draw(outs outputs, req ballistic.Request, tr ballistic.Trajectory) error {
	title := fmt.Sprintf("%s to %s, %s, %s", report.LatLon2(req.From), report.LatLon2(req.To), req.Kind, report.BoostName(req.Missile))
	pr := plots.TrajectoryProfile(req.Earth, req.From, tr)
	for _, format := range plots.Formats {
		if w := outs[format]; w != nil {
			if err := writePlots(plots.WriteProfile(w, format, pr, title)); err != nil {
				return err
			}
			if err := outs.close(format); err != nil {
				return err
			}
		}
	}
	return nil
}

// addFlags defines the trajectory flags on f (shared with jrmd access).
func (o *trajectoryOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.from, "from", "", "launch point `LAT,LON` (decimal degrees)")
	f.StringVar(&o.to, "to", "", "aim point `LAT,LON` (decimal degrees)")
	f.StringVar(&o.kind, "kind", defaultKind, "trajectory: minimum-energy, lofted or depressed")
	f.Float64Var(&o.burnoutSpeed, "burnout-speed", 0, "Earth-relative burnout speed, `m/s`, for lofted and depressed (default: the missile's full burn)")
	f.StringVar(&o.earth, "earth", defaultEarth, "Earth model: wgs84 (with J2) or spherical (6,371 km, point mass)")
	f.BoolVar(&o.noRotation, "no-rotation", false, "fly over a non-rotating Earth")
	f.StringVar(&o.boost, "boost", boostNone, "powered ascent: none (impulsive launch, no atmosphere) or a missile `class`: "+strings.Join(ballistic.MissileNames(), ", "))
	f.Float64Var(&o.stepS, "step", defaultStepS, "sample interval, `seconds`")
	f.BoolVar(&o.json, "json", false, "print one JSON object instead of the summary and table")
	f.StringVar(&o.globe.CZML, "czml", "", "write the scene as CZML (Cesium) to `FILE`")
	f.StringVar(&o.globe.KML, "kml", "", "write the scene as KML (Google Earth) to `FILE`")
}

// writeScene writes a scene to the files of --czml, --kml and --geojson;
// a path that cannot be created is a usage error, a failed write jrmd's.
func writeScene(fs globe.Files, s *globe.Scene) error {
	out, err := fs.Open()
	if err != nil {
		return err
	}
	if err := out.Write(s); err != nil {
		return &failure{err}
	}
	return nil
}

// request checks every flag and builds the targeting problem; the error
// names each problem found, in one line.
func (o *trajectoryOptions) request() (ballistic.Request, error) {
	var bad config.Messages

	from, okFrom := parsePoint("--from", o.from, bad.Add)
	to, okTo := parsePoint("--to", o.to, bad.Add)
	if okFrom && okTo && samePoint(from, to) {
		bad.Add("--from and --to are the same point")
	}
	kind := ballistic.Kind(o.kind)
	switch kind {
	case ballistic.MinimumEnergy, ballistic.Lofted, ballistic.Depressed:
	default:
		bad.Add("--kind %q: want minimum-energy, lofted or depressed", o.kind)
	}
	earth, err := geo.ParseEarth(o.earth)
	if err != nil {
		bad.Add("--earth %q: want wgs84 or spherical", o.earth)
	}
	if o.noRotation {
		earth.Omega = 0
	}
	var missile *ballistic.Missile
	if !strings.EqualFold(o.boost, boostNone) {
		m, ok := scenario.FindMissile(nil, o.boost)
		if !ok {
			bad.Add("--boost %q: unknown missile class; want %s or one of %s", o.boost, boostNone, strings.Join(ballistic.MissileNames(), ", "))
		} else {
			missile = m
		}
	}
	switch {
	case o.speedSet && !(o.burnoutSpeed > 0 && o.burnoutSpeed <= ballistic.MaxBurnoutSpeedMps):
		bad.Add("--burnout-speed %g: want a speed above 0 m/s and at most %d m/s (below the escape speed)", o.burnoutSpeed, ballistic.MaxBurnoutSpeedMps)
	case o.speedSet && kind == ballistic.MinimumEnergy:
		bad.Add("--burnout-speed applies to --kind lofted or depressed; minimum-energy finds its own speed")
	case !o.speedSet && missile == nil && (kind == ballistic.Lofted || kind == ballistic.Depressed):
		bad.Add("--kind %s needs --burnout-speed with --boost %s", kind, boostNone)
	}
	if !(o.stepS >= minStepS && o.stepS <= maxStepS) {
		bad.Add("--step %g: want a sample interval of at least %g s and at most %d s", o.stepS, minStepS, maxStepS)
	}
	if err := bad.Err(); err != nil {
		return ballistic.Request{}, err
	}
	return ballistic.Request{
		From:            from,
		To:              to,
		Kind:            kind,
		BurnoutSpeedMps: o.burnoutSpeed,
		Earth:           earth,
		Missile:         missile,
		StepS:           o.stepS,
	}, nil
}

// parsePoint parses a LAT,LON flag value, reporting problems through bad.
func parsePoint(flag, s string, bad func(string, ...any)) (geo.LLA, bool) {
	if s == "" {
		bad("%s is required: LAT,LON in decimal degrees, e.g. %s 35.23,53.92", flag, flag)
		return geo.LLA{}, false
	}
	p, err := geo.ParseLatLon(s)
	if err != nil {
		// geo's message starts with the quoted value: `geo: "95,1": latitude ...`.
		bad("%s %s", flag, strings.TrimPrefix(err.Error(), "geo: "))
		return geo.LLA{}, false
	}
	if p.AltM != 0 {
		bad("%s %q: launch and aim points are on the surface; give LAT,LON without a height", flag, s)
		return geo.LLA{}, false
	}
	return p, true
}

// samePoint reports whether a and b are one place: the same latitude and the
// same longitude modulo 360°, or the same pole.
func samePoint(a, b geo.LLA) bool {
	if a.LatDeg != b.LatDeg {
		return false
	}
	return math.Abs(a.LatDeg) == 90 || math.Mod(a.LonDeg-b.LonDeg, 360) == 0
}
