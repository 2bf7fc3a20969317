package scenario

// Limits of a scenario file. Each bounds what a file can make JRMD spend,
// so that no file within them exhausts the machine: docs/limits.md gives
// each value and the measurement behind it.
const (
	// MaxFileBytes bounds the file. The YAML parser builds a node of about
	// 180 bytes for every value before anything is checked: a 4 MiB file
	// of the densest YAML ("[1,1,1,…]", 2 bytes a value) is about 400 MB
	// of nodes; the largest scenario the caps below allow, written one
	// missile per row, is about 3 MB.
	MaxFileBytes = 4 << 20
	// MaxValues bounds the values (mappings, lists and scalars) the
	// decoder walks, aliases expanded: an alias is a pointer in the
	// parsed file, but each use of it is decoded, checked and kept again,
	// so a small file could otherwise stand for billions of values. A
	// scenario at the caps below, one missile a row, has about 200,000.
	MaxValues = 500_000
	// MaxThreats bounds the raid: the missiles of every threat row, counts
	// summed. Raids of 10,000 are a planned study, and 20,000 leaves room
	// for two; every missile is flown, scanned by every radar that sees it,
	// tracked, evaluated, engaged and logged, in memory until the run ends.
	MaxThreats = 20_000
	// MaxObjects bounds everything a run keeps an entry for: the missiles
	// (counts summed) and the architecture's nations, C2 nodes, exchange
	// centers, sensors, batteries, links, outages, assets, launch areas and
	// no-intercept zones.
	MaxObjects = 25_000
	// MaxSensors bounds the sensors: each radar runs its own tracker,
	// which holds up to about 4 MB when the radar dwells on all it can
	// (a few hundred objects), and scans every missile in flight.
	MaxSensors = 100
	// MaxBatteries bounds the batteries: each nation evaluates every
	// missile it tracks against every battery it may use, its partners'
	// too, and keeps the evaluation (tens of bytes a battery).
	MaxBatteries = 200
	// MaxNationMissiles bounds nations × missiles: each nation keeps its
	// own picture, a predicted flight and an evaluation for every missile
	// it tracks (about 20 KB each, measured).
	MaxNationMissiles = 100_000
	// MaxStudyRows bounds the table of jrmd study reach: batteries ×
	// launch areas × targets × burnout speeds, each row a reach search.
	MaxStudyRows = 100_000
	// maxListed is how many problems an error lists; a count of the rest
	// follows.
	maxListed = 100
)
