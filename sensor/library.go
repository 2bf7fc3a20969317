package sensor

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/config"
)

// The library of this file is illustrative. Every figure is a rounded public
// value, an order of magnitude from the open literature, or JRMD's own fit,
// and says which; none is data on a real radar. The one fitted number of
// each radar type is its dwell time: it is chosen so that the radar range
// equation gives the type's quoted range on its quoted cross-section at
// QuotedPd (tested in library_test.go). Change anything in a scenario.

// QuotedPd is the single-look probability of detection at which JRMD reads
// every quoted radar range: 0.9, the usual reference of radar performance
// figures (Skolnik, "Introduction to Radar Systems", 3rd ed. 2001, ch. 2),
// at a false-alarm probability of defaultPfa.
const QuotedPd = 0.9

const (
	// defaultPfa 1e-6 per look and cell is the textbook reference
	// (Skolnik 2001, ch. 2).
	defaultPfa = 1e-6
	// uewrElevation: PAVE PAWS and the upgraded early-warning radars scan
	// from about 3° to 85° of elevation (Federation of American
	// Scientists, "AN/FPS-115 PAVE PAWS Radar", fas.org, 2000).
	uewrMinElDeg = 3.0
	uewrMaxElDeg = 85.0
)

// ObjectClass is a kind of object a radar sees.
type ObjectClass string

// The object classes of RCS.
const (
	ReentryVehicle ObjectClass = "rv"          // a conical warhead, seen near nose-on
	Booster        ObjectClass = "booster"     // a missile body with its motors, during boost
	SpentStage     ObjectClass = "spent-stage" // a burnt-out, tumbling stage
	Debris         ObjectClass = "debris"      // separation debris, fragments
)

// Frequency bands of the RCS table: below 1 GHz (VHF, UHF), 1–8 GHz (L, S,
// C) and 8 GHz and up (X and higher).
const (
	bandLowMaxHz = 1e9
	bandMidMaxHz = 8e9
)

// rcsTable is the mean cross-section, m², by class and band (low, mid, X).
// Illustrative orders of magnitude: a conical RV is a small target at X band
// near nose-on (~0.01 m²) and a larger one at UHF and VHF, where its size is
// comparable to the wavelength (resonance region); a missile body or a
// tumbling stage is metres long and presents square metres. Values of this
// order are what open analyses assume (e.g. Sessler et al.,
// "Countermeasures", UCS/MIT Security Studies Program 2000, ch. 5); they
// are not measurements.
var rcsTable = map[ObjectClass][3]float64{
	ReentryVehicle: {0.1, 0.03, 0.01},
	Booster:        {10, 5, 3},
	SpentStage:     {5, 3, 2},
	Debris:         {0.01, 0.003, 0.001},
}

// ObjectClasses lists the classes RCS knows.
func ObjectClasses() []ObjectClass {
	return []ObjectClass{ReentryVehicle, Booster, SpentStage, Debris}
}

// RCS returns the illustrative mean cross-section (m²) of an object class
// seen by a radar of the given frequency.
func RCS(class ObjectClass, frequencyHz float64) (float64, error) {
	v, ok := rcsTable[class]
	if !ok {
		return 0, fmt.Errorf("sensor: unknown object class %q", class)
	}
	if !(frequencyHz > 0) {
		return 0, fmt.Errorf("sensor: frequency %g Hz: want > 0", frequencyHz)
	}
	switch {
	case frequencyHz < bandLowMaxHz:
		return v[0], nil
	case frequencyHz < bandMidMaxHz:
		return v[1], nil
	}
	return v[2], nil
}

// RadarType is a radar type: a template Radar (no site or ID; its faces
// are the type's usual ones, which a site may change) and the public range
// figure its detection model is fitted to. The library's are RadarTypes; a
// scenario's radars entries decode into one (the keys of the template
// and of the quoted range).
type RadarType struct {
	Name        string `yaml:"-"`
	Description string `yaml:"description" doc:"what the type is, in a line"`
	Template    Radar  `yaml:",inline"`
	// QuotedRangeM is the range the type is credited with, m, read as the
	// range of single-look detection with probability QuotedPd of a target
	// of QuotedRCSM2.
	QuotedRangeM float64 `yaml:"quoted_range_m" doc:"the range the type is credited with, read as single-look detection at Pd 0.9 of a target of quoted_rcs_m2, m (informative)" range:"[0, 5e7]"`
	QuotedRCSM2  float64 `yaml:"quoted_rcs_m2" doc:"the cross-section of quoted_range_m, m²" range:"[0, 1e4]"`
}

// Validate reports every problem of the type at once (a *config.Invalid,
// each naming its key): its faces, elevation floor and instrumented range,
// and a detection model, which a type must have (a radar without one never
// reports).
func (t *RadarType) Validate() error {
	var p config.Problems
	if strings.TrimSpace(t.Name) == "" {
		p.Add("id", "a radar type needs a name")
	}
	t.Template.validateType(&p)
	if !t.Template.hasModel() {
		p.Add("frequency_hz", "a radar type needs a detection model (frequency_hz, avg_power_w, gain_dbi, dwell_s, …)")
	} else {
		t.Template.Model.validate(&p)
		if t.Template.Model.FalseAlarmsPerScan > 0 && t.Template.MaxRangeM == 0 {
			p.Add("false_alarms_per_scan", "false alarms need a maximum range (max_range_m) to be placed in")
		}
	}
	if !(t.QuotedRangeM >= 0 && t.QuotedRangeM <= maxRangeM) {
		p.Add("quoted_range_m", "%g m: want 0 to %g m", t.QuotedRangeM, maxRangeM)
	}
	if !(t.QuotedRCSM2 >= 0 && t.QuotedRCSM2 <= 1e4) {
		p.Add("quoted_rcs_m2", "%g m²: want 0 to 1e4 m²", t.QuotedRCSM2)
	}
	if (t.QuotedRangeM > 0) != (t.QuotedRCSM2 > 0) {
		p.Add("quoted_rcs_m2", "quoted_range_m and quoted_rcs_m2 go together: give both or neither")
	}
	return p.Err(fmt.Sprintf("sensor: radar type %q", t.Name))
}

// InfraredType is the sensor type of space-based infrared early warning
// (ReferenceInfrared), beside the radar types.
const InfraredType = "infrared"

// Placement is how a radar of a type stands in an architecture, beyond its
// id, owner and site: the figures a site may change. Zero keeps the
// type's.
type Placement struct {
	FacesAzDeg      []float64 `yaml:"faces_az_deg" doc:"boresight azimuths of the radar's faces, degrees from north, replacing the type's (each face keeps the type's first face's width and elevation)" range:"[0, 360)"`
	MaxRangeKm      float64   `yaml:"max_range_km" doc:"instrumented range, km (default: the type's)" range:"[0, 50000]"`
	MinElevationDeg float64   `yaml:"min_elevation_deg" doc:"minimum elevation, degrees (default: the type's; 0 keeps it)" range:"[-90, 90)"`
}

// Place makes a radar of type t with id, owner and site, and the
// placement's figures in place of the type's, and validates it. Its
// problems (a *config.Invalid) name the placement's keys (faces_az_deg[i],
// max_range_km, min_elevation_deg), id and site.lat_deg, lon_deg and
// alt_m; a problem of the type itself, "type".
func (p Placement) Place(t RadarType, id, nation string, site geo.LLA) (Radar, error) {
	r := t.Template
	r.ID, r.Type, r.Nation, r.Site = id, t.Name, nation, site
	r.Faces = slices.Clone(t.Template.Faces)
	if len(p.FacesAzDeg) > 0 && len(t.Template.Faces) == 0 {
		return r, config.Problems{{Field: "faces_az_deg", Msg: fmt.Sprintf("radar type %s has no faces to turn: it looks at every azimuth", t.Name)}}.Err(fmt.Sprintf("sensor: radar %q", id))
	}
	if len(p.FacesAzDeg) > 0 {
		face := t.Template.Faces[0]
		r.Faces = make([]Face, len(p.FacesAzDeg))
		for i, az := range p.FacesAzDeg {
			r.Faces[i] = face
			r.Faces[i].BoresightAzDeg = az
		}
	}
	if p.MaxRangeKm > 0 {
		r.MaxRangeM = p.MaxRangeKm * 1e3
	}
	if p.MinElevationDeg != 0 {
		r.MinElevationDeg = p.MinElevationDeg
	}
	err := r.Validate()
	var inv *config.Invalid
	if !errors.As(err, &inv) {
		inv = &config.Invalid{What: fmt.Sprintf("sensor: radar %q", id)}
	}
	for _, q := range inv.Problems {
		switch f := q.Field; {
		case f == "id" || strings.HasPrefix(f, "site."):
		case f == "min_elevation_deg" && p.MinElevationDeg != 0:
		case f == "max_range_m" && p.MaxRangeKm > 0:
			q.Field = "max_range_km"
		case strings.HasPrefix(f, "faces[") && len(p.FacesAzDeg) > 0:
			if i := strings.IndexByte(f, ']'); i > 0 && strings.HasSuffix(f, "boresight_az_deg") {
				q.Field = "faces_az_deg" + f[len("faces"):i+1]
			} else {
				q.Field = "faces_az_deg"
			}
		default:
			q.Field = "type"
		}
	}
	if p.MaxRangeKm < 0 {
		// A range not above 0 would keep the type's: say so.
		inv.Problems.Add("max_range_km", "%s km: want 0 (the type's) to 50000 km", config.Num(p.MaxRangeKm))
	}
	if len(inv.Problems) == 0 {
		return r, nil
	}
	return r, inv
}

// faces returns n faces at boresight azimuths az with one half-width and
// one elevation span.
func faces(halfAzDeg, elLoDeg, elHiDeg float64, az ...float64) []Face {
	fs := make([]Face, len(az))
	for i, a := range az {
		fs[i] = Face{BoresightAzDeg: a, BoresightElDeg: (elLoDeg + elHiDeg) / 2, HalfAzDeg: halfAzDeg, HalfElDeg: (elHiDeg - elLoDeg) / 2}
	}
	return fs
}

var radarTypes = []RadarType{
	{
		Name:         "uewr",
		Description:  "upgraded early-warning radar (AN/FPS-132 class, UHF phased array, per face)",
		QuotedRangeM: 4800e3, QuotedRCSM2: 10,
		Template: Radar{
			Type: "uewr", Faces: faces(60, uewrMinElDeg, uewrMaxElDeg, 0, 120, 240),
			MinElevationDeg: uewrMinElDeg, MaxRangeM: 4800e3,
			Model: DetectionModel{
				FrequencyHz: 435e6, AvgPowerW: 150e3, GainDBi: 38, DwellS: 0.2105, NoiseTempK: 500, LossDB: 8,
				Pfa: defaultPfa, Swerling: Swerling1, BandwidthHz: 1e6, BeamwidthDeg: 2.2,
				RangeFloorM: 20, AngleFloorDeg: 0.02, RangeRateFloorMps: 1, RevisitS: 5, TrackCapacity: 300, FalseAlarmsPerScan: 1,
			},
			Source: "UHF 420-450 MHz band, 1,792 active elements of 340 W peak per face (~600 kW peak, ~150 kW average at " +
				"25% duty), 22 m faces, 2.2° beam, 3-85° elevation, 120° per face (FAS, 'AN/FPS-115 PAVE PAWS Radar', 2000); " +
				"gain 38 dBi from the aperture less taper, noise temperature, losses, bandwidth, noise floors, revisit and capacity " +
				"illustrative; range ~4,800 km (docs/reference-architecture.md) read as Pd 0.9 on 10 m²; dwell fitted.",
		},
	},
	{
		Name:         "daryal",
		Description:  "Daryal-type early-warning radar (VHF, separate transmit and receive arrays)",
		QuotedRangeM: 6000e3, QuotedRCSM2: 10,
		Template: Radar{
			Type: "daryal", Faces: faces(60, 2, 40, 160), MinElevationDeg: 2, MaxRangeM: 6000e3,
			Model: DetectionModel{
				FrequencyHz: 150e6, AvgPowerW: 350e3, GainDBi: 38, DwellS: 0.07857, NoiseTempK: 1500, LossDB: 8,
				Pfa: defaultPfa, Swerling: Swerling1, BandwidthHz: 0.5e6, BeamwidthDeg: 1.5,
				RangeFloorM: 50, AngleFloorDeg: 0.05, RangeRateFloorMps: 1, RevisitS: 6, TrackCapacity: 300, FalseAlarmsPerScan: 1,
			},
			Source: "metre-band radar with separate transmitter (~30×40 m) and receiver (~80×80 m) arrays (Podvig, 'History and " +
				"current status of the Russian early-warning system', Science & Global Security 10 (2002) 21-60); gain 38 dBi is " +
				"the geometric mean of the two apertures' gains less taper; VHF sky noise puts the noise temperature high (1,500 K); " +
				"power, losses, bandwidth, elevation span 2-40°, noise floors, revisit and capacity illustrative; Qabala sector " +
				"~160° ±60° and range ~6,000 km (docs/reference-architecture.md) read as Pd 0.9 on 10 m²; dwell fitted.",
		},
	},
	{
		Name:         "voronezh-dm",
		Description:  "Voronezh-DM early-warning radar (UHF, prefabricated modules)",
		QuotedRangeM: 4000e3, QuotedRCSM2: 10,
		Template: Radar{
			Type: "voronezh-dm", Faces: faces(60, 2, 60, 180), MinElevationDeg: 2, MaxRangeM: 4000e3,
			Model: DetectionModel{
				FrequencyHz: 600e6, AvgPowerW: 150e3, GainDBi: 40, DwellS: 0.07689, NoiseTempK: 500, LossDB: 8,
				Pfa: defaultPfa, Swerling: Swerling1, BandwidthHz: 1e6, BeamwidthDeg: 1.5,
				RangeFloorM: 20, AngleFloorDeg: 0.02, RangeRateFloorMps: 1, RevisitS: 5, TrackCapacity: 300, FalseAlarmsPerScan: 1,
			},
			Source: "decimetre (UHF) band, modular construction (Podvig 2002 and later public descriptions); frequency 600 MHz, " +
				"power, gain, noise temperature, losses, bandwidth, 2-60° elevation, noise floors, revisit and capacity illustrative; " +
				"range ~4,000 km (docs/reference-architecture.md) read as Pd 0.9 on 10 m²; dwell fitted.",
		},
	},
	{
		Name:         "emr",
		Description:  "European midcourse X-band radar (GBR-P class, mechanically slewed narrow beam)",
		QuotedRangeM: 1000e3, QuotedRCSM2: 0.01,
		Template: Radar{
			// One steerable face: the sector the mount slews the array over,
			// pointed toward the Middle East for the 2007 proposal; a turned
			// radar is a new BoresightAzDeg.
			Type: "emr", Faces: faces(60, 1, 85, 115), MinElevationDeg: 1, MaxRangeM: 1000e3,
			Model: DetectionModel{
				FrequencyHz: 10e9, AvgPowerW: 100e3, GainDBi: 60, DwellS: 0.01251, NoiseTempK: 500, LossDB: 8,
				Pfa: defaultPfa, Swerling: Swerling1, BandwidthHz: 1e9, BeamwidthDeg: 0.15,
				RangeFloorM: 1, AngleFloorDeg: 0.005, RangeRateFloorMps: 0.1, RevisitS: 1, TrackCapacity: 10, FalseAlarmsPerScan: 0.5,
			},
			Source: "X band (~10 GHz), a ground-based test radar of the GBR-P class moved from Kwajalein, mechanically slewed " +
				"narrow beam (the record of the 2007 talks; docs/reference-architecture.md); aperture of order 100 m² gives " +
				"~60 dBi and a ~0.15° beam; power, noise temperature, losses, 1 GHz discrimination bandwidth, noise floors, " +
				"revisit and the small capacity of a narrow beam illustrative; range ~1,000 km per the source document, read " +
				"as Pd 0.9 on a 0.01 m² warhead (critics said less against warheads); dwell fitted.",
		},
	},
	{
		Name:         "an-tpy-2",
		Description:  "AN/TPY-2 class X-band radar (THAAD fire control; forward-based early warning)",
		QuotedRangeM: 1000e3, QuotedRCSM2: 0.1,
		Template: Radar{
			Type: "an-tpy-2", Faces: faces(60, 0, 90, 0), MinElevationDeg: 0.5, MaxRangeM: 1000e3,
			Model: DetectionModel{
				FrequencyHz: 9.5e9, AvgPowerW: 50e3, GainDBi: 49.5, DwellS: 0.2844, NoiseTempK: 500, LossDB: 8,
				Pfa: defaultPfa, Swerling: Swerling1, BandwidthHz: 500e6, BeamwidthDeg: 0.6,
				RangeFloorM: 1, AngleFloorDeg: 0.01, RangeRateFloorMps: 0.1, RevisitS: 1, TrackCapacity: 100, FalseAlarmsPerScan: 0.5,
			},
			Source: "X band, 9.2 m² array of 25,344 transmit/receive modules (MDA and manufacturer fact sheets), ~49.5 dBi, " +
				"~0.6° beam, ±60° electronic scan; power, noise temperature, losses, bandwidth, noise floors, revisit and capacity " +
				"illustrative; ~600-1,000 km (docs/reference-architecture.md) read as Pd 0.9 on 0.1 m² at 1,000 km, which gives ~560 km " +
				"on a 0.01 m² warhead; dwell fitted.",
		},
	},
	{
		Name:         "patriot",
		Description:  "Patriot fire-control radar (AN/MPQ-53/65 class, C band)",
		QuotedRangeM: 170e3, QuotedRCSM2: 1,
		Template: Radar{
			Type: "patriot", Faces: faces(60, 0, 80, 0), MinElevationDeg: 0.5, MaxRangeM: 170e3,
			Model: DetectionModel{
				FrequencyHz: 5.6e9, AvgPowerW: 10e3, GainDBi: 41.5, DwellS: 0.003124, NoiseTempK: 600, LossDB: 10,
				Pfa: defaultPfa, Swerling: Swerling1, BandwidthHz: 5e6, BeamwidthDeg: 1.3,
				RangeFloorM: 5, AngleFloorDeg: 0.03, RangeRateFloorMps: 0.3, RevisitS: 1, TrackCapacity: 100, FalseAlarmsPerScan: 0.5,
			},
			Source: "C band (5.25-5.925 GHz), ~2.4 m space-fed array, 120° sector, tracks up to ~100 targets, detection " +
				"~170 km against aircraft (public fact sheets, e.g. Army Technology and CSIS Missile Threat, 'Patriot'); gain " +
				"from the aperture, power, noise temperature, losses, bandwidth, noise floors and revisit illustrative; 170 km " +
				"read as Pd 0.9 on 1 m²; dwell fitted.",
		},
	},
	{
		Name:         "s-300",
		Description:  "S-300 engagement radar (30N6 'Flap Lid' class, X band)",
		QuotedRangeM: 200e3, QuotedRCSM2: 1,
		Template: Radar{
			Type: "s-300", Faces: faces(45, 0, 75, 0), MinElevationDeg: 0.5, MaxRangeM: 200e3,
			Model: DetectionModel{
				FrequencyHz: 9e9, AvgPowerW: 5e3, GainDBi: 43, DwellS: 0.0155, NoiseTempK: 600, LossDB: 10,
				Pfa: defaultPfa, Swerling: Swerling1, BandwidthHz: 5e6, BeamwidthDeg: 1,
				RangeFloorM: 5, AngleFloorDeg: 0.03, RangeRateFloorMps: 0.3, RevisitS: 1, TrackCapacity: 12, FalseAlarmsPerScan: 0.5,
			},
			Source: "X-band passive phased-array engagement radar, ~200 km against aircraft (public descriptions, e.g. " +
				"S. Zaloga and CSIS Missile Threat, 'S-300'); sector ±45°, power, gain, noise temperature, losses, bandwidth, " +
				"noise floors, revisit and capacity illustrative; 200 km read as Pd 0.9 on 1 m²; dwell fitted.",
		},
	},
	{
		Name:         "s-400",
		Description:  "S-400 engagement radar (92N6 'Grave Stone' class, X band)",
		QuotedRangeM: 250e3, QuotedRCSM2: 1,
		Template: Radar{
			Type: "s-400", Faces: faces(45, 0, 75, 0), MinElevationDeg: 0.5, MaxRangeM: 250e3,
			Model: DetectionModel{
				FrequencyHz: 9.5e9, AvgPowerW: 8e3, GainDBi: 44, DwellS: 0.01662, NoiseTempK: 600, LossDB: 10,
				Pfa: defaultPfa, Swerling: Swerling1, BandwidthHz: 10e6, BeamwidthDeg: 0.9,
				RangeFloorM: 5, AngleFloorDeg: 0.02, RangeRateFloorMps: 0.3, RevisitS: 1, TrackCapacity: 20, FalseAlarmsPerScan: 0.5,
			},
			Source: "X-band engagement radar, ~250 km against aircraft-size targets (public descriptions, e.g. CSIS Missile " +
				"Threat, 'S-400'); sector ±45°, power, gain, noise temperature, losses, bandwidth, noise floors, revisit and " +
				"capacity illustrative; 250 km read as Pd 0.9 on 1 m²; dwell fitted.",
		},
	},
}

// RadarTypes returns the library radar types.
func RadarTypes() []RadarType {
	out := make([]RadarType, len(radarTypes))
	for i, t := range radarTypes {
		out[i] = t
		out[i].Template.Faces = slices.Clone(t.Template.Faces)
	}
	return out
}

// LookupRadarType returns a copy of a library radar type by name (any
// case).
func LookupRadarType(name string) (RadarType, error) {
	for _, t := range RadarTypes() {
		if t.Name == strings.ToLower(name) {
			return t, nil
		}
	}
	names := make([]string, len(radarTypes))
	for i, t := range radarTypes {
		names[i] = t.Name
	}
	return RadarType{}, fmt.Errorf("sensor: unknown radar type %q (known: %s)", name, strings.Join(names, ", "))
}

// site places a library type: the template with an ID, nation, site and,
// when given, its own faces.
type site struct {
	id, typ, nation string
	at              geo.LLA
	boresightAz     []float64 // nil: the type's faces
	note            string
}

// referenceSites are the radars of the 2007 joint regional architecture
// (docs/reference-architecture.md). The shorter-range batteries
// are illustrative placements near defended cities, facing central Iran.
var referenceSites = []site{
	{"thule", "uewr", "US", geo.LLA{LatDeg: 76.531, LonDeg: -68.703}, []float64{300, 60},
		"two faces covering ~240° to the north (boresights 300° and 60°)"},
	{"fylingdales", "uewr", "UK", geo.LLA{LatDeg: 54.361, LonDeg: -0.670}, []float64{0, 120, 240},
		"three faces, 360°"},
	{"qabala", "daryal", "RU", geo.LLA{LatDeg: 40.868, LonDeg: 47.795}, []float64{160},
		"faces south, boresight ~160° ±60°; site in Azerbaijan"},
	{"armavir", "voronezh-dm", "RU", geo.LLA{LatDeg: 44.925, LonDeg: 40.984}, []float64{225, 135},
		"two sectors, south-west and south-east (boresights 225° and 135°, illustrative)"},
	{"brdy", "emr", "US", geo.LLA{LatDeg: 49.65, LonDeg: 13.80}, nil,
		"sector toward the Middle East (boresight 115°)"},
	{"thaad-warsaw", "an-tpy-2", "US", geo.LLA{LatDeg: 52.23, LonDeg: 21.01}, []float64{120},
		"illustrative THAAD battery near Warsaw, facing central Iran"},
	{"patriot-berlin", "patriot", "DE", geo.LLA{LatDeg: 52.52, LonDeg: 13.40}, []float64{115},
		"illustrative Patriot battery near Berlin, facing central Iran"},
	{"s300-st-petersburg", "s-300", "RU", geo.LLA{LatDeg: 59.94, LonDeg: 30.31}, []float64{150},
		"illustrative S-300 battery near St Petersburg, facing central Iran"},
	{"s400-moscow", "s-400", "RU", geo.LLA{LatDeg: 55.75, LonDeg: 37.62}, []float64{160},
		"illustrative S-400 battery near Moscow, facing central Iran"},
}

// ReferenceRadars returns the sited radars of the 2007 joint regional
// architecture: the early-warning radars at Thule, Fylingdales, Qabala and
// Armavir, the midcourse radar at Brdy, and illustrative batteries of the
// shorter-range systems. Sites and sectors are from
// docs/reference-architecture.md; each Source adds the site note.
func ReferenceRadars() []Radar {
	out := make([]Radar, 0, len(referenceSites))
	for _, s := range referenceSites {
		t, err := LookupRadarType(s.typ)
		if err != nil {
			panic(err) // the table above names only known types
		}
		r, err := Placement{FacesAzDeg: s.boresightAz}.Place(t, s.id, s.nation, s.at)
		if err != nil {
			panic(err) // the table above places its types validly (tested)
		}
		r.Source = "site: " + s.note + " (docs/reference-architecture.md). Type: " + r.Source
		out = append(out, r)
	}
	return out
}

// ReferenceRadarIDs lists the IDs of ReferenceRadars.
func ReferenceRadarIDs() []string {
	ids := make([]string, len(referenceSites))
	for i, s := range referenceSites {
		ids[i] = s.id
	}
	return ids
}

// LookupReferenceRadar returns one of ReferenceRadars by ID.
func LookupReferenceRadar(id string) (Radar, error) {
	for _, r := range ReferenceRadars() {
		if r.ID == strings.ToLower(id) {
			return r, nil
		}
	}
	return Radar{}, fmt.Errorf("sensor: unknown reference radar %q (known: %s)", id, strings.Join(ReferenceRadarIDs(), ", "))
}

// ReferenceInfrared returns an illustrative geostationary infrared
// early-warning system for the reference architecture.
func ReferenceInfrared() InfraredWarning {
	return InfraredWarning{
		ID:     "geo-ir",
		Nation: "US",
		// Longitudes chosen to cover the reference region from the
		// Pacific to the Indian Ocean; they are not the real slots.
		Satellites:        []IRSatellite{{"geo-ir-1", -135}, {"geo-ir-2", -37}, {"geo-ir-3", 60}},
		MinElevationDeg:   5,
		MinPlumeAltM:      10e3,
		ConfirmS:          10,
		LatencyS:          30,
		LaunchPointSigmaM: 2e3,
		LaunchTimeSigmaS:  2,
		AzimuthSigmaDeg:   3,
		Source: "geostationary staring infrared sensors of the DSP/SBIRS kind (Forden, Podvig & Postol, 'False alarm, " +
			"nuclear danger', IEEE Spectrum 37(3), 2000, on coverage and timelines); plume seen above ~10 km (cloud tops), " +
			"10 s to declare, 30 s to report, errors of a few km, a few s and a few degrees: illustrative orders of magnitude.",
	}
}
