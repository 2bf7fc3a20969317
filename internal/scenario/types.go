package scenario

// File is a scenario: the architecture (nations, their sensors, batteries
// and command nodes, the links between them), what it defends, and the raid.
// Keys carry their units (_s, _m, _km, _ms, _deg, _mps, _kbps, _kg_m2); every key
// is documented in the JSON Schema (`jrmd schema`).
type File struct {
	Name        string  `yaml:"name" doc:"short name of the scenario" required:"true"`
	Description string  `yaml:"description" doc:"what the scenario models and where its figures come from"`
	Seed        uint64  `yaml:"seed" doc:"default random seed (the --seed flag overrides it)"`
	Integration string  `yaml:"integration" enum:"autonomous|step1|step2" doc:"integration level: autonomous (own sensors only), step1 (shared warning and tracks, own fire control), step2 (integrated fire control); the --integration flag overrides it"`
	Earth       string  `yaml:"earth" enum:"wgs84|spherical" doc:"Earth model (default wgs84, rotating, J2)"`
	DurationS   float64 `yaml:"duration_s" doc:"simulated time, s after time 0 (default: until every threat has landed)" range:"[0, 172800]"`

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
	ID       string   `yaml:"id" doc:"short identifier, e.g. US" required:"true"`
	Name     string   `yaml:"name" doc:"display name"`
	C2       string   `yaml:"c2" doc:"id of the nation's command node (its release authority)" required:"true"`
	Doctrine Doctrine `yaml:"doctrine" doc:"how the nation engages"`
	Release  Release  `yaml:"release" doc:"when the nation's C2 approves a launch of its own interceptors"`
	// ShareWith lists the nations this nation releases sensor data to (under
	// step1 and step2). Data not released never reaches the others.
	ShareWith []string `yaml:"share_with" doc:"nations this nation releases its tracks and warnings to (step1 and step2)"`
}

// Doctrine is a nation's engagement doctrine.
type Doctrine struct {
	Salvo          int     `yaml:"salvo" doc:"interceptors per engagement (default 1)" range:"[0, 8]"`
	ShootLookShoot bool    `yaml:"shoot_look_shoot" doc:"fire again after a kill assessment shows a miss, when the window allows"`
	KillAssessS    float64 `yaml:"kill_assess_s" doc:"time after an intercept until its outcome is known, s (default 10)" range:"[0, 3600]"`
	// ReentryBetaKgM2 is the re-entry ballistic coefficient battle
	// management assumes when it predicts a track's flight.
	ReentryBetaKgM2 float64 `yaml:"reentry_beta_kg_m2" doc:"ballistic coefficient m/(Cd·A) battle management assumes for every track when it predicts its flight through the atmosphere, kg/m² (default 7000; defenders do not know a threat's own)" range:"[0, 1e6]"`
}

// Release is a nation's release policy for its own interceptors.
type Release struct {
	Policy string   `yaml:"policy" enum:"automatic|assets-only|never" doc:"automatic: approve every launch; assets-only: only in defence of the listed assets; never: hold fire"`
	Assets []string `yaml:"assets" doc:"asset ids the nation defends under assets-only"`
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
	DecisionS float64  `yaml:"decision_s" doc:"time from a firm track to a launch decision, s (default 30)" range:"[0, 3600]"`
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
	Type   string   `yaml:"type" required:"true" doc:"sensor type from the library (jrmd list sensors)"`
	Nation string   `yaml:"nation" required:"true" doc:"owning nation id"`
	Site   Position `yaml:"site" required:"true"`
	// Overrides of the type's figures; zero keeps the type's value.
	MaxRangeKm      float64   `yaml:"max_range_km" doc:"instrumented range override, km" range:"[0, 50000]"`
	MinElevationDeg float64   `yaml:"min_elevation_deg" doc:"minimum elevation override, degrees" range:"[-5, 89]"`
	FacesAzDeg      []float64 `yaml:"faces_az_deg" doc:"boresight azimuths of the radar's faces, degrees from north, replacing the type's (each face keeps the type's width)" range:"[-360, 360]"`
}

// Battery is an interceptor battery.
type Battery struct {
	ID          string   `yaml:"id" required:"true"`
	Nation      string   `yaml:"nation" required:"true" doc:"owning nation id: only its C2 releases the battery's interceptors"`
	Site        Position `yaml:"site" required:"true"`
	Interceptor string   `yaml:"interceptor" required:"true" doc:"interceptor type from the library (jrmd list interceptors)"`
	Inventory   int      `yaml:"inventory" required:"true" doc:"interceptors available" range:"[0, 100000]"`
	FireControl string   `yaml:"fire_control" doc:"id of the battery's own fire-control sensor, if any"`
	Pk          float64  `yaml:"pk" doc:"single-shot kill probability override, 0–1 (default: the interceptor type's)" range:"[0, 1]"`
	// Release is who releases the battery's interceptors (bmc.Authority).
	Release   string  `yaml:"release" enum:"c2|delegated" doc:"who releases the battery's interceptors: c2 (default), the nation's C2 node, its decision_s running from the nation's first track of the threat; delegated, the battery itself, on its fire-control track after its reaction time, under the nation's release policy"`
	ReactionS float64 `yaml:"reaction_s" doc:"the battery's time from a fire-control track to launch (lock-on, firing solution, launch sequence), s (default: the interceptor type's)" range:"[0, 3600]"`
	// The track the battery may launch on, overriding its interceptor
	// type's launch-track requirement (intercept.LaunchTrack).
	LaunchSigmaM   float64 `yaml:"launch_sigma_m" doc:"largest 1σ position error of a track the battery may launch on, m (default: the interceptor type's: 200 for terminal types, 20000 for the GBIs)" range:"[0, 1e7]"`
	LaunchSigmaMps float64 `yaml:"launch_sigma_mps" doc:"largest 1σ velocity error of a track the battery may launch on, m/s (default: the interceptor type's: 20 for terminal types, 40 for the GBIs)" range:"[0, 1e4]"`
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
	Value  float64  `yaml:"value" doc:"relative value (default 1)" range:"[0, 1e6]"`
}

// Place is a named point, e.g. a launch field.
type Place struct {
	ID   string   `yaml:"id" required:"true"`
	Name string   `yaml:"name"`
	Site Position `yaml:"site" required:"true"`
}

// Threat is one or more identical missiles of the raid.
type Threat struct {
	ID              string  `yaml:"id" required:"true"`
	Class           string  `yaml:"class" required:"true" doc:"missile class from the library (srbm, mrbm, irbm, icbm)"`
	From            string  `yaml:"from" required:"true" doc:"launch area id"`
	To              string  `yaml:"to" required:"true" doc:"aim point: an asset id"`
	LaunchS         float64 `yaml:"launch_s" doc:"launch time, s" range:"[0, 86400]"`
	Kind            string  `yaml:"kind" enum:"minimum-energy|lofted|depressed" doc:"trajectory kind (default minimum-energy)"`
	BurnoutSpeedMps float64 `yaml:"burnout_speed_mps" doc:"burnout speed for lofted and depressed kinds, m/s (default: full burn)" range:"[0, 11000]"`
	Count           int     `yaml:"count" doc:"missiles in this salvo (default 1), launched IntervalS apart" range:"[0, 10000]"`
	IntervalS       float64 `yaml:"interval_s" doc:"time between launches of a salvo, s" range:"[0, 86400]"`
}

// Missiles returns the number of missiles of the raid: each threat row's
// count (a row without one is one missile).
func (f *File) Missiles() int {
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
	Interceptors     []string  `yaml:"interceptors" doc:"interceptor types to try at every battery (default: each battery's own)"`
	// Integration lists the levels each cell is cued at.
	Integration []string `yaml:"integration" doc:"integration levels to cue each cell at: autonomous, step1, step2 (default: the scenario's)"`
	// Sensors are sensor overrides to try: each variant is one combination
	// of their values, applied to the scenario's sensors before the cue.
	Sensors []SensorSweep `yaml:"sensors" doc:"sensor overrides to try, each a sensor id with lists of values for its override keys; every combination is a variant of the architecture"`
	Boost   string        `yaml:"boost" doc:"missile class flying the threats; none: impulsive launches (no cue: needs launch_delay_s); auto (default): the smallest class that reaches"`
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
