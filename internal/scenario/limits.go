package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

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

// span is the range a numeric key may take, from its `range` tag: "[lo,
// hi]", with "(" or ")" for an open end.
type span struct {
	lo, hi         float64
	openLo, openHi bool
	text           string // as written in the tag, for messages
}

// parseSpan parses a range tag; an empty tag is no range. A malformed tag
// is a programming error in this package's types (TestSpans covers them).
func parseSpan(tag string) *span {
	if tag == "" {
		return nil
	}
	s := &span{text: tag}
	inner := tag[1 : len(tag)-1]
	lo, hi, ok := strings.Cut(inner, ",")
	var err1, err2 error
	s.lo, err1 = strconv.ParseFloat(strings.TrimSpace(lo), 64)
	s.hi, err2 = strconv.ParseFloat(strings.TrimSpace(hi), 64)
	s.openLo, s.openHi = tag[0] == '(', tag[len(tag)-1] == ')'
	if !ok || err1 != nil || err2 != nil || !(s.lo < s.hi) || !strings.ContainsRune("[(", rune(tag[0])) || !strings.ContainsRune("])", rune(tag[len(tag)-1])) {
		panic(fmt.Sprintf("scenario: bad range tag %q", tag))
	}
	return s
}

// contains reports whether x lies in s.
func (s *span) contains(x float64) bool {
	if s.openLo && !(x > s.lo) || !s.openLo && !(x >= s.lo) {
		return false
	}
	return !(s.openHi && !(x < s.hi) || !s.openHi && !(x <= s.hi))
}

// unitOf is the unit a key's name carries, for messages.
func unitOf(key string) string {
	for _, u := range [...]struct{ suffix, unit string }{
		{"_kg_m2", " kg/m²"}, {"_ms", " ms"}, {"_s", " s"}, {"_km", " km"}, {"_m", " m"}, {"_deg", "°"}, {"_mps", " m/s"}, {"_kbps", " kbit/s"},
	} {
		if strings.HasSuffix(key, u.suffix) {
			return u.unit
		}
	}
	return ""
}

// limitNumber is a bound for JSON Schema: a whole number when it is one.
func limitNumber(x float64) any {
	if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
		return int64(x)
	}
	return x
}
