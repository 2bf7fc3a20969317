package scenario

import (
	"fmt"
	"strings"
	"time"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/sensor"
)

// File is a scenario: the architecture (nations, their sensors, batteries
// and command nodes, the links between them), what it defends, and the raid.
// Keys carry their units (_s, _m, _km, _ms, _deg, _mps, _kbps, _kg_m2); every key
// is documented in the JSON Schema (`jrmd schema`).
//
// Decode fills in what the file leaves to a default (the integration
// level, the Earth, an asset's value, a salvo's count) and resolves every
// name once: each sensor's placed radar (Sensor.Radar) or infrared system,
// each battery's interceptor type with its overrides (Battery.Type), each
// threat's missile class (Threat.Missile), from the scenario's own models
// (Missiles, Radars, Interceptors) or the library's.
type File struct {
	Name        string    `yaml:"name" doc:"short name of the scenario" required:"true"`
	Description string    `yaml:"description" doc:"what the scenario models and where its figures come from"`
	Seed        uint64    `yaml:"seed" doc:"default random seed (the --seed flag overrides it)"`
	Integration bmc.Level `yaml:"integration" doc:"integration level: autonomous (own sensors only), step1 (shared warning and tracks, own fire control), step2 (integrated fire control); the --integration flag overrides it" default:"autonomous"`
	Earth       geo.Earth `yaml:"earth" doc:"Earth model: wgs84 (the WGS-84 ellipsoid, J2 gravity) or spherical (radius 6,371 km, point-mass gravity), both rotating" default:"wgs84"`
	// StartUTC is the absolute time of the run's t = 0. The simulation
	// works in ECEF with the Earth turned by Omega·t from t = 0, so it
	// changes no physics: it dates the outputs, and gives the Earth's
	// rotation angle for inertial ones (geo.GMST(StartUTC + t)).
	StartUTC  time.Time `yaml:"start_utc" doc:"absolute time of the run's time 0, RFC 3339 (e.g. 2007-10-10T00:00:00Z); dates the outputs and orients inertial ones, the physics does not depend on it" default:"2007-10-10T00:00:00Z"`
	DurationS float64   `yaml:"duration_s" doc:"simulated time, s after time 0 (default: until every threat has landed)" range:"[0, 172800]"`

	// The scenario's own models, beside the library's (jrmd list).
	Missiles     []MissileEntry     `yaml:"missiles" doc:"the scenario's own missile classes, each new or a library class with figures changed (base); threats name them by id (at most 100)"`
	Radars       []RadarEntry       `yaml:"radars" doc:"the scenario's own radar types, each new or a library type with figures changed (base); sensors name them by id (at most 100)"`
	Interceptors []InterceptorEntry `yaml:"interceptors" doc:"the scenario's own interceptor types, each new or a library type with figures changed (base); batteries name them by id (at most 100)"`

	Nations     []Nation   `yaml:"nations" doc:"the nations taking part" required:"true"`
	C2          []C2Node   `yaml:"c2_nodes" doc:"national command-and-control nodes"`
	Exchanges   []Exchange `yaml:"exchange_centers" doc:"data-exchange centers relaying released data between nations"`
	Sensors     []Sensor   `yaml:"sensors" doc:"radars and infrared early-warning sensors (at most 100)"`
	Batteries   []Battery  `yaml:"batteries" doc:"interceptor batteries (at most 200)"`
	Links       []Link     `yaml:"links" doc:"communication links between nodes (C2 nodes and exchange centers)"`
	Assets      []Asset    `yaml:"assets" doc:"defended assets"`
	LaunchAreas []Place    `yaml:"launch_areas" doc:"named launch fields threats can fly from"`
	Threats     []Threat   `yaml:"threats" doc:"the raid: at most 20,000 missiles (counts summed), and nations × missiles at most 100,000"`
	Study       *Study     `yaml:"study" doc:"parameters of jrmd study"`
}

// Position is a point on or above the Earth.
type Position struct {
	LatDeg float64 `yaml:"lat_deg" doc:"geodetic latitude, degrees north" required:"true" range:"[-90, 90]"`
	LonDeg float64 `yaml:"lon_deg" doc:"longitude, degrees east" required:"true" range:"[-180, 360]"`
	AltM   float64 `yaml:"alt_m" doc:"height above the ellipsoid, m" range:"[-12000, 1e8]"`
}

// Nation is a participant with its doctrine and release policy.
type Nation struct {
	ID       string       `yaml:"id" doc:"short identifier, e.g. US" required:"true"`
	Name     string       `yaml:"name" doc:"display name"`
	C2       string       `yaml:"c2" doc:"id of the nation's command node (its release authority)" required:"true"`
	Doctrine bmc.Doctrine `yaml:"doctrine" doc:"how the nation engages"`
	Release  Release      `yaml:"release" doc:"when the nation's C2 approves a launch of its own interceptors"`
	// ShareWith lists the nations this nation releases sensor data to (under
	// step1 and step2). Data not released never reaches the others.
	ShareWith []string `yaml:"share_with" doc:"nations this nation releases its tracks and warnings to (step1 and step2)"`
}

// Release is a nation's release policy for its own interceptors.
type Release struct {
	Policy bmc.PolicyKind `yaml:"policy" doc:"automatic: approve every launch; assets-only: only in defence of the listed assets; never: hold fire" default:"automatic"`
	Assets []string       `yaml:"assets" doc:"asset ids the nation defends under assets-only"`
	// NoIntercept forbids intercepts whose predicted point lies over these
	// circles (e.g. another nation's territory).
	NoIntercept []Zone `yaml:"no_intercept_over" doc:"circles over which the nation never intercepts"`
}

// Zone is a circle on the ground.
type Zone struct {
	Center   Position `yaml:"center" required:"true"`
	RadiusKm float64  `yaml:"radius_km" required:"true" doc:"radius, km" range:"(0, 20038]"`
}

// C2Node is a national command-and-control node.
type C2Node struct {
	ID        string   `yaml:"id" required:"true"`
	Nation    string   `yaml:"nation" required:"true" doc:"owning nation id"`
	Site      Position `yaml:"site" required:"true"`
	DecisionS float64  `yaml:"decision_s" doc:"time from a firm track to a launch decision, s (0 or absent: 30)" range:"[0, 3600]" default:"30"`
}

// Exchange is a data-exchange center.
type Exchange struct {
	ID      string   `yaml:"id" required:"true"`
	Site    Position `yaml:"site" required:"true"`
	Members []string `yaml:"members" doc:"nations connected to it" required:"true"`
}

// Sensor is a radar or an infrared early-warning sensor.
type Sensor struct {
	ID     string   `yaml:"id" required:"true"`
	Type   string   `yaml:"type" required:"true" doc:"radar type, the library's or the scenario's own (jrmd list radars), or infrared (space-based early warning)"`
	Nation string   `yaml:"nation" required:"true" doc:"owning nation id"`
	Site   Position `yaml:"site" required:"true"`
	// The figures of a radar's type its site changes.
	sensor.Placement `yaml:",inline"`

	// Radar is the radar placed (nil for infrared), Infrared the infrared
	// system (nil for a radar): filled by Decode.
	Radar    *sensor.Radar           `yaml:"-" json:"-"`
	Infrared *sensor.InfraredWarning `yaml:"-" json:"-"`
}

// Battery is an interceptor battery.
type Battery struct {
	ID          string   `yaml:"id" required:"true"`
	Nation      string   `yaml:"nation" required:"true" doc:"owning nation id: only its C2 releases the battery's interceptors"`
	Site        Position `yaml:"site" required:"true"`
	Interceptor string   `yaml:"interceptor" required:"true" doc:"interceptor type, the library's or the scenario's own (jrmd list interceptors)"`
	Inventory   int      `yaml:"inventory" required:"true" doc:"interceptors available" range:"[0, 100000]"`
	// Release is who releases the battery's interceptors.
	Release bmc.Authority `yaml:"release" doc:"who releases the battery's interceptors: c2, the nation's C2 node, its decision_s running from the nation's first track of the threat; delegated, the battery itself, on its fire-control track after its reaction time, under the nation's release policy" default:"c2"`
	// The battery's own figures in place of its interceptor type's.
	intercept.Overrides `yaml:",inline"`

	// Type is the battery's interceptor type with its overrides applied:
	// filled by Decode.
	Type intercept.Interceptor `yaml:"-" json:"-"`
}

// Link is a communication link between two nodes (C2 nodes or exchange
// centers), both directions.
type Link struct {
	From          string   `yaml:"from" required:"true"`
	To            string   `yaml:"to" required:"true"`
	LatencyMs     float64  `yaml:"latency_ms" doc:"one-way latency, ms" range:"[0, 3600000]"`
	JitterMs      float64  `yaml:"jitter_ms" doc:"latency jitter (standard deviation), ms" range:"[0, 3600000]"`
	Loss          float64  `yaml:"loss" doc:"probability a message is lost, 0–1" range:"[0, 1]"`
	BandwidthKbps float64  `yaml:"bandwidth_kbps" doc:"capacity, kbit/s (0: unlimited)" range:"[0, 1e9]"`
	Outages       []Outage `yaml:"outages" doc:"intervals when the link is down"`
}

// Outage is an interval of scenario time.
type Outage struct {
	StartS float64 `yaml:"start_s" required:"true" range:"[0, 172800]"`
	EndS   float64 `yaml:"end_s" required:"true" range:"[0, 172800]"`
}

// Asset is a defended asset.
type Asset struct {
	ID     string   `yaml:"id" required:"true"`
	Name   string   `yaml:"name"`
	Nation string   `yaml:"nation" doc:"nation the asset belongs to"`
	Site   Position `yaml:"site" required:"true"`
	Value  float64  `yaml:"value" doc:"relative value (0 or absent: 1)" range:"[0, 1e6]" default:"1"`
}

// Place is a named point, e.g. a launch field.
type Place struct {
	ID   string   `yaml:"id" required:"true"`
	Name string   `yaml:"name"`
	Site Position `yaml:"site" required:"true"`
}

// Threat is one or more identical missiles of the raid.
type Threat struct {
	ID              string         `yaml:"id" required:"true"`
	Class           string         `yaml:"class" required:"true" doc:"missile class, the library's (srbm, mrbm, irbm, icbm) or the scenario's own (jrmd list missiles)"`
	From            string         `yaml:"from" required:"true" doc:"launch area id"`
	To              string         `yaml:"to" required:"true" doc:"aim point: an asset id"`
	LaunchS         float64        `yaml:"launch_s" doc:"launch time, s" range:"[0, 86400]"`
	Kind            ballistic.Kind `yaml:"kind" doc:"trajectory kind" default:"minimum-energy"`
	BurnoutSpeedMps float64        `yaml:"burnout_speed_mps" doc:"burnout speed for lofted and depressed kinds, m/s (default: full burn)" range:"[0, 11000]"`
	Count           int            `yaml:"count" doc:"missiles in this salvo (0 or absent: 1), launched interval_s apart" range:"[0, 10000]" default:"1"`
	IntervalS       float64        `yaml:"interval_s" doc:"time between launches of a salvo, s" range:"[0, 86400]"`

	// Missile is the class flown: filled by Decode.
	Missile *ballistic.Missile `yaml:"-" json:"-"`
}

// RaidSize returns the number of missiles of the raid: each threat row's
// count (a row without one is one missile).
func (f *File) RaidSize() int {
	n := 0
	for _, t := range f.Threats {
		n += max(t.Count, 1)
	}
	return n
}

// Study holds the parameters of jrmd study.
type Study struct {
	Reach *ReachStudy `yaml:"reach" doc:"the interceptor-reach table of jrmd study reach"`
}

// ReachStudy is the reach question over every battery × launch area ×
// target, at every integration level, sensor variant, interceptor type
// and burnout speed it lists.
type ReachStudy struct {
	Batteries        []string  `yaml:"batteries" doc:"battery ids (default: all)"`
	LaunchAreas      []string  `yaml:"launch_areas" doc:"launch area ids (default: all)"`
	Targets          []string  `yaml:"targets" doc:"asset ids (default: all)"`
	BurnoutSpeedsMps []float64 `yaml:"burnout_speeds_mps" doc:"interceptor burnout speeds to try, m/s (default: each interceptor's own)" range:"(0, 11000]"`
	Interceptors     []string  `yaml:"interceptors" doc:"interceptor types to try at every battery, the library's or the scenario's own (default: each battery's own)"`
	// Integration lists the levels each cell is cued at.
	Integration []bmc.Level `yaml:"integration" doc:"integration levels to cue each cell at (default: the scenario's)"`
	// Sensors are sensor overrides to try: each variant is one combination
	// of their values, applied to the scenario's sensors before the cue.
	Sensors []SensorSweep `yaml:"sensors" doc:"sensor overrides to try, each a sensor id with lists of values for its override keys; every combination is a variant of the architecture"`
	Boost   string        `yaml:"boost" doc:"missile class flying the threats, the library's or the scenario's own; none: impulsive launches (no cue: needs launch_delay_s); auto: the smallest library class that reaches" default:"auto"`
	// LaunchDelayS, when set, replaces every cell's cued launch.
	LaunchDelayS     *float64 `yaml:"launch_delay_s" doc:"a hand-set earliest interceptor launch after the threat's, s, in place of each cell's cued launch (default: the cue)" range:"[0, 86400]"`
	MinInterceptAltM float64  `yaml:"min_intercept_alt_m" doc:"lowest intercept altitude, m (default: the interceptor's)" range:"[0, 1e7]"`
	MaxInterceptAltM float64  `yaml:"max_intercept_alt_m" doc:"highest intercept altitude, m (default: the interceptor's)" range:"[0, 1e7]"`
}

// SensorSweep lists values to try for one sensor's override keys: the keys
// of a sensors entry of the scenario, each with a list of values.
type SensorSweep struct {
	ID         string    `yaml:"id" required:"true" doc:"id of a radar of the scenario"`
	MaxRangeKm []float64 `yaml:"max_range_km" doc:"instrumented ranges to try, km (each positive)" range:"(0, 50000]"`
}

// MissileEntry is a missile class of the scenario's own (missiles): new,
// every figure given, or a library class with some changed (base).
type MissileEntry struct {
	ID                string `yaml:"id" required:"true" doc:"the class's name, which threats give as their class; not a library class's"`
	Base              string `yaml:"base" doc:"library class it starts from, its figures changed by the keys given (jrmd list missiles)"`
	ballistic.Missile `yaml:",inline"`
}

// UseBase starts the entry from a library class.
func (e *MissileEntry) UseBase(name string) error {
	m, ok := library.MissileClass(name)
	if !ok {
		return fmt.Errorf("unknown library missile class %q (known: %s)", name, strings.Join(ballistic.MissileNames(), ", "))
	}
	e.Missile = *m
	return nil
}

// RadarEntry is a radar type of the scenario's own (radars): new, every
// figure given, or a library type with some changed (base).
type RadarEntry struct {
	ID               string `yaml:"id" required:"true" doc:"the type's name, which sensors give as their type; not a library type's"`
	Base             string `yaml:"base" doc:"library type it starts from, its figures changed by the keys given (jrmd list radars)"`
	sensor.RadarType `yaml:",inline"`
}

// UseBase starts the entry from a library type.
func (e *RadarEntry) UseBase(name string) error {
	t, ok := library.RadarType(name)
	if !ok {
		return fmt.Errorf("unknown library radar type %q (known: %s)", name, radarTypeNames())
	}
	e.RadarType = t
	return nil
}

// InterceptorEntry is an interceptor type of the scenario's own
// (interceptors): new, every figure given, or a library type with some
// changed (base).
type InterceptorEntry struct {
	ID                    string `yaml:"id" required:"true" doc:"the type's name, which batteries give as their interceptor; not a library type's"`
	Base                  string `yaml:"base" doc:"library type it starts from, its figures changed by the keys given (jrmd list interceptors)"`
	intercept.Interceptor `yaml:",inline"`
}

// UseBase starts the entry from a library type.
func (e *InterceptorEntry) UseBase(name string) error {
	it, ok := library.InterceptorType(name)
	if !ok {
		return fmt.Errorf("unknown library interceptor %q (known: %s)", name, strings.Join(intercept.InterceptorNames(), ", "))
	}
	e.Interceptor = it
	return nil
}
