package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/sensor"
)

// The kinds of model jrmd list lists.
const (
	listMissiles     = "missiles"
	listRadars       = "radars"
	listInterceptors = "interceptors"
)

// Where a listed model comes from.
const (
	originLibrary  = "library"
	originScenario = "scenario"
)

func newListCmd(b par.Budget) *cobra.Command {
	var scenarioPath string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list missiles|radars|interceptors [--scenario FILE] [--json]",
		Short: "List the model library, and a scenario's own models, with their key figures",
		Long: `list prints the missile classes, radar types or interceptor types of the library with
their key figures and where the figures come from; with --scenario, also the scenario's
own (its missiles, radars and interceptors keys), marked *. Scenario files name these
types in threats[].class, sensors[].type and batteries[].interceptor.

The missiles' reach and burnout speed are flown (ballistic.MaxRange): the farthest full
burn due west and due east from the equator, the least and the most reach on any bearing
(the Earth's turning takes from a westward flight and adds to an eastward one), over the
scenario's Earth (WGS-84 without one). A radar's power-aperture is its average power
times its effective aperture Gλ²/4π. docs/models.md describes every figure and the JSON
keys.`,
		Example: `  jrmd list interceptors
  jrmd list missiles --scenario scenarios/custom-models.yaml --json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || args[0] != listMissiles && args[0] != listRadars && args[0] != listInterceptors {
				return fmt.Errorf("list what? want one of %s, %s, %s", listMissiles, listRadars, listInterceptors)
			}
			return nil
		},
		ValidArgs: []string{listMissiles, listRadars, listInterceptors},
		RunE: func(cmd *cobra.Command, args []string) error {
			var f *scenario.File
			if scenarioPath != "" {
				var err error
				if f, err = loadScenario(scenarioPath, cmd.ErrOrStderr()); err != nil {
					return err
				}
			}
			l := &lister{f: f, path: scenarioPath, budget: b}
			var rows []listRow
			switch args[0] {
			case listMissiles:
				rows = l.missiles()
			case listRadars:
				rows = l.radars()
			default:
				rows = l.interceptors()
			}
			if asJSON {
				out := make([]any, len(rows))
				for i, r := range rows {
					out[i] = r.json
				}
				return writeJSON(cmd.OutOrStdout(), out)
			}
			return writeList(cmd.OutOrStdout(), args[0], rows, scenarioPath)
		},
	}
	cmd.Flags().StringVar(&scenarioPath, "scenario", "", "also list the scenario `FILE`'s own models")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of objects, one a model (keys: docs/models.md)")
	return cmd
}

// lister lists models of the library and of a scenario (nil: none).
type lister struct {
	f      *scenario.File
	path   string
	budget par.Budget
}

// listRow is one model: its JSON object, and its table cells after the id.
type listRow struct {
	id, origin, description, source string
	cells                           []string
	json                            any
}

// modelJSON are the keys every listed model has.
type modelJSON struct {
	ID          string `json:"id"`
	Origin      string `json:"origin"`         // library, or scenario: the scenario's own
	Base        string `json:"base,omitempty"` // the library type a scenario's own starts from
	Description string `json:"description"`
	Source      string `json:"source"` // where its figures come from
}

// missileListJSON is a missile class as jrmd list --json prints it.
type missileListJSON struct {
	modelJSON
	ReachMinKm float64 `json:"reach_min_km"`
	// ReachMaxKm is null for a class that flies past the antipode: no
	// ground distance says how far.
	ReachMaxKm      *float64 `json:"reach_max_km"`
	BurnoutSpeedMps float64  `json:"burnout_speed_mps"`
	NominalRangeKm  float64  `json:"nominal_range_km"`
	Stages          int      `json:"stages"`
	BurnTimeS       float64  `json:"burn_time_s"`
	LaunchMassKg    float64  `json:"launch_mass_kg"`
	PayloadKg       float64  `json:"payload_kg"`
	ReentryBetaKgM2 float64  `json:"reentry_beta_kg_m2"`
}

// radarListJSON is a radar type as jrmd list --json prints it.
type radarListJSON struct {
	modelJSON
	FrequencyHz         float64 `json:"frequency_hz"`
	PowerApertureWM2    float64 `json:"power_aperture_w_m2"`
	InstrumentedRangeKm float64 `json:"instrumented_range_km"`
	QuotedRangeKm       float64 `json:"quoted_range_km"`
	QuotedRCSM2         float64 `json:"quoted_rcs_m2"`
	Faces               int     `json:"faces"`
	FaceWidthDeg        float64 `json:"face_width_deg"`
	MinElevationDeg     float64 `json:"min_elevation_deg"`
	RevisitS            float64 `json:"revisit_s"`
	TrackCapacity       int     `json:"track_capacity"`
}

// interceptorListJSON is an interceptor type as jrmd list --json prints it.
type interceptorListJSON struct {
	modelJSON
	BurnoutSpeedMps     float64 `json:"burnout_speed_mps"`
	BurnTimeS           float64 `json:"burn_time_s"`
	MinInterceptAltKm   float64 `json:"min_intercept_alt_km"`
	MaxInterceptAltKm   float64 `json:"max_intercept_alt_km"`
	MaxRangeKm          float64 `json:"max_range_km"`
	DivertMps           float64 `json:"divert_mps"`
	SeekerAcqRangeKm    float64 `json:"seeker_acq_range_km"`
	MinClosingSpeedMps  float64 `json:"min_closing_speed_mps"`
	LaunchTrackSigmaM   float64 `json:"launch_track_sigma_m"`
	LaunchTrackSigmaMps float64 `json:"launch_track_sigma_mps"`
	ReactionS           float64 `json:"reaction_s"`
	Pk                  float64 `json:"pk"`
}

func (l *lister) model(id, origin, base, description, source string) modelJSON {
	return modelJSON{ID: id, Origin: origin, Base: base, Description: description, Source: source}
}

func (l *lister) missiles() []listRow {
	type entry struct {
		m      ballistic.Missile
		origin string
		base   string
	}
	var es []entry
	for _, m := range ballistic.Missiles() {
		es = append(es, entry{m, originLibrary, ""})
	}
	earth := geo.WGS84
	if l.f != nil {
		earth = l.f.Earth
		for _, e := range l.f.Missiles {
			es = append(es, entry{e.Missile, originScenario, e.Base})
		}
	}
	// Each class flies twice (tens of milliseconds a flight): in parallel.
	west, east := make([]ballistic.Reach, len(es)), make([]ballistic.Reach, len(es))
	l.budget.Each(2*len(es), func(i int) {
		m := &es[i/2].m
		if i%2 == 0 {
			west[i/2], _ = scenario.MaxReach(earth, m, geo.LLA{}, 270, 0)
		} else {
			east[i/2], _ = scenario.MaxReach(earth, m, geo.LLA{}, 90, 0)
		}
	})
	// The farthest a ground distance can be: to the antipode.
	half, _, _ := earth.Inverse(geo.LLA{}, geo.LLA{LonDeg: 180})
	rows := make([]listRow, len(es))
	for i, e := range es {
		m := &e.m
		most, mostText := &east[i].RangeM, ""
		if *most >= 0.999*half {
			most, mostText = nil, "beyond the antipode"
		} else {
			*most /= 1e3
			mostText = report.Grouped(*most, 0)
		}
		j := missileListJSON{modelJSON: l.model(m.Name, e.origin, e.base, m.Description, m.Source),
			ReachMinKm: west[i].RangeM / 1e3, ReachMaxKm: most, BurnoutSpeedMps: west[i].BurnoutSpeedMps,
			NominalRangeKm: m.NominalRangeM / 1e3, Stages: len(m.Stages), BurnTimeS: m.BurnTimeS(), LaunchMassKg: m.LaunchMassKg(),
			PayloadKg: m.PayloadKg, ReentryBetaKgM2: m.ReentryBetaKgM2}
		rows[i] = listRow{id: m.Name, origin: e.origin, description: m.Description, source: m.Source, json: j,
			cells: []string{report.Grouped(j.ReachMinKm, 0) + "–" + mostText, report.Grouped(j.BurnoutSpeedMps, 0),
				report.Grouped(j.NominalRangeKm, 0), fmt.Sprintf("%d / %s", j.Stages, report.Grouped(j.BurnTimeS, 0)), report.Grouped(j.LaunchMassKg, 0), report.Grouped(j.ReentryBetaKgM2, 0)}}
	}
	return rows
}

// powerAperture is a radar's average power times its effective aperture
// A_e = G·λ²/(4π), W·m² (the figure search performance goes with).
func powerAperture(m sensor.DetectionModel) float64 {
	lambda := sensor.SpeedOfLight / m.FrequencyHz
	return m.AvgPowerW * math.Pow(10, m.GainDBi/10) * lambda * lambda / (4 * math.Pi)
}

func (l *lister) radars() []listRow {
	type entry struct {
		t      sensor.RadarType
		origin string
		base   string
	}
	var es []entry
	for _, t := range sensor.RadarTypes() {
		es = append(es, entry{t, originLibrary, ""})
	}
	if l.f != nil {
		for _, e := range l.f.Radars {
			es = append(es, entry{e.RadarType, originScenario, e.Base})
		}
	}
	rows := make([]listRow, len(es))
	for i, e := range es {
		r := &e.t.Template
		width := 360.0
		if len(r.Faces) > 0 {
			width = math.Min(2*r.Faces[0].HalfAzDeg, 360)
		}
		j := radarListJSON{modelJSON: l.model(e.t.Name, e.origin, e.base, e.t.Description, r.Source),
			FrequencyHz: r.Model.FrequencyHz, PowerApertureWM2: powerAperture(r.Model), InstrumentedRangeKm: r.MaxRangeM / 1e3,
			QuotedRangeKm: e.t.QuotedRangeM / 1e3, QuotedRCSM2: e.t.QuotedRCSM2, Faces: len(r.Faces), FaceWidthDeg: width,
			MinElevationDeg: r.MinElevationDeg, RevisitS: r.Model.RevisitS, TrackCapacity: r.Model.TrackCapacity}
		quoted := "—"
		if j.QuotedRangeKm > 0 {
			quoted = fmt.Sprintf("%s on %s m²", report.Grouped(j.QuotedRangeKm, 0), short(j.QuotedRCSM2))
		}
		capacity := "no limit"
		if j.TrackCapacity > 0 {
			capacity = fmt.Sprint(j.TrackCapacity)
		}
		rows[i] = listRow{id: e.t.Name, origin: e.origin, description: e.t.Description, source: r.Source, json: j,
			cells: []string{short(j.FrequencyHz / 1e9), short(j.PowerApertureWM2 / 1e6), report.Grouped(j.InstrumentedRangeKm, 0), quoted,
				fmt.Sprintf("%d × %s°", j.Faces, short(j.FaceWidthDeg)), short(j.RevisitS), capacity}}
	}
	return rows
}

func (l *lister) interceptors() []listRow {
	type entry struct {
		it     intercept.Interceptor
		origin string
		base   string
	}
	var es []entry
	for _, it := range intercept.Interceptors() {
		es = append(es, entry{it, originLibrary, ""})
	}
	if l.f != nil {
		for _, e := range l.f.Interceptors {
			es = append(es, entry{e.Interceptor, originScenario, e.Base})
		}
	}
	rows := make([]listRow, len(es))
	for i, e := range es {
		it := &e.it
		j := interceptorListJSON{modelJSON: l.model(it.Name, e.origin, e.base, it.Description, it.Source),
			BurnoutSpeedMps: it.BurnoutSpeedMps, BurnTimeS: it.BurnTimeS, MinInterceptAltKm: it.MinInterceptAltM / 1e3,
			MaxInterceptAltKm: it.MaxInterceptAltM / 1e3, MaxRangeKm: it.MaxRangeM / 1e3, DivertMps: it.DivertMps,
			SeekerAcqRangeKm: it.SeekerAcqRangeM / 1e3, MinClosingSpeedMps: it.MinClosingSpeedMps,
			LaunchTrackSigmaM: it.LaunchTrack.MaxPositionSigmaM, LaunchTrackSigmaMps: it.LaunchTrack.MaxVelocitySigmaMps,
			ReactionS: it.ReactionS, Pk: it.Pk}
		top, reach := "no ceiling", "no limit"
		if j.MaxInterceptAltKm > 0 {
			top = report.Grouped(j.MaxInterceptAltKm, 0)
		}
		if j.MaxRangeKm > 0 {
			reach = report.Grouped(j.MaxRangeKm, 0)
		}
		rows[i] = listRow{id: it.Name, origin: e.origin, description: it.Description, source: it.Source, json: j,
			cells: []string{report.Grouped(j.BurnoutSpeedMps, 0), short(j.BurnTimeS), report.Grouped(j.MinInterceptAltKm, 0) + "–" + top, reach,
				report.Grouped(j.DivertMps, 0), report.Grouped(j.SeekerAcqRangeKm, 0), report.Grouped(j.MinClosingSpeedMps, 0),
				report.Grouped(j.LaunchTrackSigmaM, 0) + " m, " + short(j.LaunchTrackSigmaMps) + " m/s", short(j.ReactionS), short(j.Pk)}}
	}
	return rows
}

// short writes a figure as short as it is: 0.85, 5.6, 10.
func short(v float64) string { return strings.TrimSuffix(fmt.Sprintf("%.3g", v), ".0") }

// listHeaders are the table's columns after the id, with units.
var listHeaders = map[string]string{
	listMissiles:     "reach km (W–E)\tburnout m/s\tnominal km\tstages / burn s\tlaunch kg\tre-entry β kg/m²",
	listRadars:       "GHz\tpower-aperture MW·m²\tinstrumented km\tquoted km\tfaces\trevisit s\ttrack capacity",
	listInterceptors: "burnout m/s\tburn s\taltitudes km\trange km\tdivert m/s\tseeker km\tmin closing m/s\tlaunch track 1σ\treaction s\tPk",
}

// writeList prints the models as a table, then each one's description and
// source.
func writeList(w io.Writer, kind string, rows []listRow, path string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t\n", strings.TrimSuffix(kind, "s"), listHeaders[kind])
	own := false
	for _, r := range rows {
		id := r.id
		if r.origin == originScenario {
			id, own = id+" *", true
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", id, strings.Join(r.cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return writeErr(err)
	}
	if own {
		fmt.Fprintf(w, "\n* the scenario's own (%s)\n", path)
	}
	switch kind {
	case listMissiles:
		fmt.Fprintln(w, "\nreach and burnout speed: flown here (the farthest full burn due west and due east from the equator); the rest: the class's figures.")
	case listRadars:
		fmt.Fprintln(w, "\npower-aperture: average power × Gλ²/4π, computed here; the rest: the type's figures.")
	}
	fmt.Fprintln(w, "\nsources:")
	for _, r := range rows {
		fmt.Fprintf(w, "  %s: %s. %s\n", r.id, r.description, r.source)
	}
	return nil
}
