package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
)

// span is the range a numeric key may take, from its `range` tag: "[lo,
// hi]", with "(" or ")" for an open end.
type span struct {
	lo, hi         float64
	openLo, openHi bool
	text           string // as written in the tag, for messages
}

// parseSpan parses a range tag; an empty tag is no range. A malformed tag
// is a programming error in the types decoded (the schema's test walks
// them all).
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
		panic(fmt.Sprintf("config: bad range tag %q", tag))
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

// Range is the range tag's bounds: lo and hi, and whether each end is
// open. ok is false for no (or a malformed) tag.
func Range(tag string) (lo, hi float64, openLo, openHi, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	s := parseSpan(tag)
	if s == nil {
		return 0, 0, false, false, false
	}
	return s.lo, s.hi, s.openLo, s.openHi, true
}

// units are the unit suffixes of key names, the longest first where one
// ends another.
var units = [...]struct{ suffix, unit string }{
	{"_kg_m2", " kg/m²"}, {"_m2ps3", " m²/s³"}, {"_mps2", " m/s²"}, {"_m2", " m²"}, {"_ms", " ms"}, {"_s", " s"},
	{"_km", " km"}, {"_m", " m"}, {"_deg", "°"}, {"_mps", " m/s"}, {"_kbps", " kbit/s"}, {"_hz", " Hz"},
	{"_w", " W"}, {"_dbi", " dBi"}, {"_db", " dB"}, {"_k", " K"}, {"_kg", " kg"},
}

// unitOf is the unit a key's name carries, for messages.
func unitOf(key string) string {
	for _, u := range units {
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

// cache is a concurrency-safe memo of values computed once per key.
type cache[K comparable, V any] struct{ m sync.Map }

func newCache[K comparable, V any]() *cache[K, V] { return &cache[K, V]{} }

func (c *cache[K, V]) get(k K, make func() V) V {
	if v, ok := c.m.Load(k); ok {
		return v.(V)
	}
	v, _ := c.m.LoadOrStore(k, make())
	return v.(V)
}
