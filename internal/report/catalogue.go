package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/sensor"
)

// The kinds of model a Catalogue lists (jrmd list KIND).
const (
	ListMissiles     = "missiles"
	ListRadars       = "radars"
	ListInterceptors = "interceptors"
)

// Where a listed model comes from.
const (
	originLibrary  = "library"
	originScenario = "scenario"
)

// Catalogue lists the models of the library and of a scenario, with
// their key figures and sources: what jrmd list prints.
type Catalogue struct {
	f      *scenario.File // nil: the library's only
	path   string
	budget par.Budget
}

// NewCatalogue lists the library's models and those of f, read from path
// (f nil: the library's only); missiles fly on the budget b.
func NewCatalogue(f *scenario.File, path string, b par.Budget) *Catalogue {
	return &Catalogue{f: f, path: path, budget: b}
}

// JSON is the row's JSON object.
func (r CatalogueRow) JSON() any { return r.json }

// CatalogueRow is one model: its JSON object, and its table cells after the id.
type CatalogueRow struct {
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

func (l *Catalogue) model(id, origin, base, description, source string) modelJSON {
	return modelJSON{ID: id, Origin: origin, Base: base, Description: description, Source: source}
}

// Missiles lists the missile classes; each flies twice (due west and
// due east), on the budget.
func (l *Catalogue) Missiles() []CatalogueRow {
	var own []scenario.MissileEntry
	earth := geo.WGS84
	if l.f != nil {
		earth, own = l.f.Earth, l.f.Missiles
	}
	es := catalogued(ballistic.Missiles(), own, func(e scenario.MissileEntry) (ballistic.Missile, string) { return e.Missile, e.Base })
	// Each class flies twice (tens of milliseconds a flight): in parallel.
	west, east := make([]ballistic.Reach, len(es)), make([]ballistic.Reach, len(es))
	l.budget.Each(2*len(es), func(i int) {
		m := &es[i/2].t
		if i%2 == 0 {
			west[i/2], _ = scenario.MaxReach(earth, m, geo.LLA{}, 270, 0)
		} else {
			east[i/2], _ = scenario.MaxReach(earth, m, geo.LLA{}, 90, 0)
		}
	})
	// The farthest a ground distance can be: to the antipode.
	half, _, _ := earth.Inverse(geo.LLA{}, geo.LLA{LonDeg: 180})
	rows := make([]CatalogueRow, len(es))
	for i, e := range es {
		m := &e.t
		most, mostText := &east[i].RangeM, ""
		if *most >= 0.999*half {
			most, mostText = nil, "beyond the antipode"
		} else {
			*most /= 1e3
			mostText = Grouped(*most, 0)
		}
		j := missileListJSON{modelJSON: l.model(m.Name, e.origin, e.base, m.Description, m.Source),
			ReachMinKm: west[i].RangeM / 1e3, ReachMaxKm: most, BurnoutSpeedMps: west[i].BurnoutSpeedMps,
			NominalRangeKm: m.NominalRangeM / 1e3, Stages: len(m.Stages), BurnTimeS: m.BurnTimeS(), LaunchMassKg: m.LaunchMassKg(),
			PayloadKg: m.PayloadKg, ReentryBetaKgM2: m.ReentryBetaKgM2}
		rows[i] = CatalogueRow{id: m.Name, origin: e.origin, description: m.Description, source: m.Source, json: j,
			cells: []string{Grouped(j.ReachMinKm, 0) + "–" + mostText, Grouped(j.BurnoutSpeedMps, 0),
				Grouped(j.NominalRangeKm, 0), fmt.Sprintf("%d / %s", j.Stages, Grouped(j.BurnTimeS, 0)), Grouped(j.LaunchMassKg, 0), Grouped(j.ReentryBetaKgM2, 0)}}
	}
	return rows
}

// entry is a type of a catalogue: the library's, or the scenario's own
// (with the library type it is based on, if any).
type entry[T any] struct {
	t            T
	origin, base string
}

// catalogued lists the library's types lib, then the scenario's own; of
// gives an entry's type and base.
func catalogued[T, E any](lib []T, own []E, of func(E) (T, string)) []entry[T] {
	es := make([]entry[T], 0, len(lib)+len(own))
	for _, t := range lib {
		es = append(es, entry[T]{t, originLibrary, ""})
	}
	for _, e := range own {
		t, base := of(e)
		es = append(es, entry[T]{t, originScenario, base})
	}
	return es
}

// powerAperture is a radar's average power times its effective aperture
// A_e = G·λ²/(4π), W·m² (the figure search performance goes with).
func powerAperture(m sensor.DetectionModel) float64 {
	lambda := sensor.SpeedOfLight / m.FrequencyHz
	return m.AvgPowerW * math.Pow(10, m.GainDBi/10) * lambda * lambda / (4 * math.Pi)
}

// Radars lists the radar types.
func (l *Catalogue) Radars() []CatalogueRow {
	var own []scenario.RadarEntry
	if l.f != nil {
		own = l.f.Radars
	}
	es := catalogued(sensor.RadarTypes(), own, func(e scenario.RadarEntry) (sensor.RadarType, string) { return e.RadarType, e.Base })
	rows := make([]CatalogueRow, len(es))
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
			quoted = fmt.Sprintf("%s on %s m²", Grouped(j.QuotedRangeKm, 0), short(j.QuotedRCSM2))
		}
		capacity := "no limit"
		if j.TrackCapacity > 0 {
			capacity = fmt.Sprint(j.TrackCapacity)
		}
		rows[i] = CatalogueRow{id: e.t.Name, origin: e.origin, description: e.t.Description, source: r.Source, json: j,
			cells: []string{short(j.FrequencyHz / 1e9), short(j.PowerApertureWM2 / 1e6), Grouped(j.InstrumentedRangeKm, 0), quoted,
				fmt.Sprintf("%d × %s°", j.Faces, short(j.FaceWidthDeg)), short(j.RevisitS), capacity}}
	}
	return rows
}

// Interceptors lists the interceptor types.
func (l *Catalogue) Interceptors() []CatalogueRow {
	var own []scenario.InterceptorEntry
	if l.f != nil {
		own = l.f.Interceptors
	}
	es := catalogued(intercept.Interceptors(), own, func(e scenario.InterceptorEntry) (intercept.Interceptor, string) {
		return e.Interceptor, e.Base
	})
	rows := make([]CatalogueRow, len(es))
	for i, e := range es {
		it := &e.t
		j := interceptorListJSON{modelJSON: l.model(it.Name, e.origin, e.base, it.Description, it.Source),
			BurnoutSpeedMps: it.BurnoutSpeedMps, BurnTimeS: it.BurnTimeS, MinInterceptAltKm: it.MinInterceptAltM / 1e3,
			MaxInterceptAltKm: it.MaxInterceptAltM / 1e3, MaxRangeKm: it.MaxRangeM / 1e3, DivertMps: it.DivertMps,
			SeekerAcqRangeKm: it.SeekerAcqRangeM / 1e3, MinClosingSpeedMps: it.MinClosingSpeedMps,
			LaunchTrackSigmaM: it.LaunchTrack.MaxPositionSigmaM, LaunchTrackSigmaMps: it.LaunchTrack.MaxVelocitySigmaMps,
			ReactionS: it.ReactionS, Pk: it.Pk}
		top, reach := "no ceiling", "no limit"
		if j.MaxInterceptAltKm > 0 {
			top = Grouped(j.MaxInterceptAltKm, 0)
		}
		if j.MaxRangeKm > 0 {
			reach = Grouped(j.MaxRangeKm, 0)
		}
		rows[i] = CatalogueRow{id: it.Name, origin: e.origin, description: it.Description, source: it.Source, json: j,
			cells: []string{Grouped(j.BurnoutSpeedMps, 0), short(j.BurnTimeS), Grouped(j.MinInterceptAltKm, 0) + "–" + top, reach,
				Grouped(j.DivertMps, 0), Grouped(j.SeekerAcqRangeKm, 0), Grouped(j.MinClosingSpeedMps, 0),
				Grouped(j.LaunchTrackSigmaM, 0) + " m, " + short(j.LaunchTrackSigmaMps) + " m/s", short(j.ReactionS), short(j.Pk)}}
	}
	return rows
}

// short writes a figure as short as it is: 0.85, 5.6, 10.
func short(v float64) string { return strings.TrimSuffix(fmt.Sprintf("%.3g", v), ".0") }

// listHeaders are the table's columns after the id, with units.
var listHeaders = map[string]string{
	ListMissiles:     "reach km (W–E)\tburnout m/s\tnominal km\tstages / burn s\tlaunch kg\tre-entry β kg/m²",
	ListRadars:       "GHz\tpower-aperture MW·m²\tinstrumented km\tquoted km\tfaces\trevisit s\ttrack capacity",
	ListInterceptors: "burnout m/s\tburn s\taltitudes km\trange km\tdivert m/s\tseeker km\tmin closing m/s\tlaunch track 1σ\treaction s\tPk",
}

// WriteCatalogue prints the models as a table, then each one's description and
// source.
func WriteCatalogue(w io.Writer, kind string, rows []CatalogueRow, path string) error {
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
		return err
	}
	if own {
		fmt.Fprintf(w, "\n* the scenario's own (%s)\n", path)
	}
	switch kind {
	case ListMissiles:
		fmt.Fprintln(w, "\nreach and burnout speed: flown here (the farthest full burn due west and due east from the equator); the rest: the class's figures.")
	case ListRadars:
		fmt.Fprintln(w, "\npower-aperture: average power × Gλ²/4π, computed here; the rest: the type's figures.")
	}
	fmt.Fprintln(w, "\nsources:")
	for _, r := range rows {
		fmt.Fprintf(w, "  %s: %s. %s\n", r.id, r.description, r.source)
	}
	return nil
}
