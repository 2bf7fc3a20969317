package globe

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jrmd/jrmd/geo"
)

// DefaultEpoch is the epoch of scenes that have no date of their own (the
// commands that fly one trajectory): J2000.0, 2000-01-01 12:00 UTC. The
// positions are Earth-fixed, so the date only sets the globe's lighting.
var DefaultEpoch = time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC)

// Kind is what an entity is; it picks the entity's style.
type Kind string

// The kinds of entity.
const (
	Threat      Kind = "threat"
	Interceptor Kind = "interceptor"
	Track       Kind = "track"    // a nation's track: what it believes
	Segment     Kind = "segment"  // part of a flight: seen by a sensor, inside an intercept window
	Sensor      Kind = "sensor"   // a radar or infrared sensor site
	Coverage    Kind = "coverage" // where a sensor sees
	Battery     Kind = "battery"  // an interceptor battery
	C2          Kind = "c2"       // a command-and-control node
	Exchange    Kind = "exchange" // a data-exchange centre
	Link        Kind = "link"     // a communication link
	Engagement  Kind = "engagement"
	Launch      Kind = "launch"    // a launch point
	Aim         Kind = "aim"       // an aim point or a defended asset
	Impact      Kind = "impact"    // where a flight ends on the ground
	Intercept   Kind = "intercept" // where an interceptor meets a threat
	Footprint   Kind = "footprint" // a footprint cell
)

// Scene is what a globe shows: entities on one clock.
type Scene struct {
	Name  string
	Epoch time.Time // t = 0 (UTC)
	// StartS and StopS bound the clock, s after Epoch.
	StartS, StopS float64
	Layers        []Layer
	Entities      []Entity
}

// Layer is a group of entities that is shown or hidden together: a nation
// (a CZML parent packet, a KML Folder).
type Layer struct {
	ID, Name string
}

// Interval is a span of time, s after the scene's epoch.
type Interval struct {
	StartS, EndS float64
}

// Sample is one point of a sampled track.
type Sample struct {
	TS  float64 // s after the scene's epoch
	Pos geo.ECEF
	// Cov is the position covariance (xx, xy, xz, yy, yz, zz, ECEF m²) of
	// a track, drawn as its 1σ ellipsoid; nil for a flight.
	Cov *[6]float64
}

// RGBA is a colour, 0–255 each.
type RGBA [4]uint8

// Entity is one thing on the globe. Exactly one of Track, Point, Line and
// Polygon is set.
type Entity struct {
	ID, Name    string
	Kind        Kind
	Layer       string // a Layer's ID; "" for none
	Description string
	// Properties are shown with the entity (CZML properties, KML
	// ExtendedData, GeoJSON properties): e.g. the nation that believes a
	// track, the truth it stands for.
	Properties map[string]string
	// Availability is when the entity exists; none: always (a track: from
	// its first sample to its last).
	Availability []Interval
	Color        *RGBA // nil: the kind's colour

	Track []Sample  // sampled positions, in time order
	Point *geo.ECEF // a fixed point
	Line  []geo.ECEF
	// Surface draws a Line along the ground (geodesic arcs), for links
	// between ground sites; otherwise its segments are straight.
	Surface bool
	// Polygon is a ring, not closed, counter-clockwise seen from above;
	// heights are kept.
	Polygon []geo.LLA
}

// Validate reports every problem of the scene at once.
func (s *Scene) Validate() error {
	var problems []string
	bad := func(format string, a ...any) {
		if len(problems) < 20 {
			problems = append(problems, fmt.Sprintf(format, a...))
		}
	}
	if s.Epoch.IsZero() {
		bad("no epoch")
	}
	if !finite(s.StartS) || !finite(s.StopS) || s.StopS < s.StartS {
		bad("clock [%g, %g] s: want finite times, start before stop", s.StartS, s.StopS)
	}
	layers := map[string]bool{}
	for _, l := range s.Layers {
		if l.ID == "" || layers[l.ID] {
			bad("layer %q: want a unique, non-empty id", l.ID)
		}
		layers[l.ID] = true
	}
	ids := map[string]bool{"document": true}
	for i := range s.Entities {
		e := &s.Entities[i]
		if e.ID == "" || ids[e.ID] || layers[e.ID] {
			bad("entity %d (%q): want a unique, non-empty id", i+1, e.ID)
		}
		ids[e.ID] = true
		if e.Layer != "" && !layers[e.Layer] {
			bad("entity %s: no layer %q", e.ID, e.Layer)
		}
		n := 0
		for _, set := range []bool{e.Track != nil, e.Point != nil, e.Line != nil, e.Polygon != nil} {
			if set {
				n++
			}
		}
		if n != 1 {
			bad("entity %s: want exactly one of track, point, line and polygon, have %d", e.ID, n)
		}
		for j, sm := range e.Track {
			if !finiteVec(geo.Vec3(sm.Pos)) || !finite(sm.TS) {
				bad("entity %s: sample %d is not finite", e.ID, j+1)
			} else if j > 0 && !(sm.TS > e.Track[j-1].TS) {
				bad("entity %s: sample %d at %g s is not after the one before", e.ID, j+1, sm.TS)
			}
		}
		if e.Point != nil && !finiteVec(geo.Vec3(*e.Point)) {
			bad("entity %s: point is not finite", e.ID)
		}
		if e.Line != nil && len(e.Line) < 2 {
			bad("entity %s: a line needs 2 points or more", e.ID)
		}
		for _, p := range e.Line {
			if !finiteVec(geo.Vec3(p)) {
				bad("entity %s: line point is not finite", e.ID)
				break
			}
		}
		if e.Polygon != nil && len(e.Polygon) < 3 {
			bad("entity %s: a polygon needs 3 points or more", e.ID)
		}
		for _, p := range e.Polygon {
			if !(p.LatDeg >= -90 && p.LatDeg <= 90) || !finite(p.LonDeg) || !finite(p.AltM) {
				bad("entity %s: polygon point (%g, %g) is not a latitude and longitude", e.ID, p.LatDeg, p.LonDeg)
				break
			}
		}
		for _, iv := range e.Availability {
			if !finite(iv.StartS) || !finite(iv.EndS) || iv.EndS < iv.StartS {
				bad("entity %s: availability [%g, %g] s: want start before end", e.ID, iv.StartS, iv.EndS)
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return errors.New("globe: " + strings.Join(problems, "; "))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func finiteVec(v geo.Vec3) bool { return finite(v[0]) && finite(v[1]) && finite(v[2]) }

// availability is when e exists: its own intervals, or its track's span,
// or nil (always).
func (e *Entity) availability() []Interval {
	if len(e.Availability) > 0 {
		return e.Availability
	}
	if n := len(e.Track); n > 0 {
		return []Interval{{e.Track[0].TS, e.Track[n-1].TS}}
	}
	return nil
}

// at is the time s after the epoch, to the microsecond.
func (s *Scene) at(tS float64) time.Time {
	return s.Epoch.Add(time.Duration(math.Round(tS*1e6)) * time.Microsecond).UTC()
}

// iso formats a time as ISO 8601 in UTC, with as many decimals as it needs.
func (s *Scene) iso(tS float64) string { return s.at(tS).Format(time.RFC3339Nano) }

// round rounds v to 1/scale (scale a power of ten): files are smaller,
// and a value like 0.1 prints as 0.1 (math.Round(v·scale)/scale is the
// double nearest the decimal).
func round(v, scale float64) float64 { return math.Round(v*scale)/scale + 0 } // + 0: no -0
