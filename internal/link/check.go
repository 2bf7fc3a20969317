package link

import (
	"errors"
	"fmt"
	"math"
	"unicode"
	"unicode/utf8"
)

// Bounds on what a message may hold. A receiver checks every string, list
// and number of a message against them (see Check) before using it.
const (
	// MaxIDBytes bounds an identifier: a nation, node, sensor, battery,
	// threat or warning id (scenario ids are short words).
	MaxIDBytes = 64
	// MaxTextBytes bounds free text (a request's reason).
	MaxTextBytes = 256
	// MaxNations bounds a list of nations or relays (releasable_to, via)
	// and a federation's size.
	MaxNations = 64
	// MaxItems bounds any other list of a message (sensors of a report,
	// batteries of a status, kills of a step).
	MaxItems = 1024
	// MaxTimeS bounds a scenario time: a week, far beyond any run (the
	// engine stops a run at 4 h of scenario time).
	MaxTimeS = 7 * 86400.0
	// MaxRangeM bounds a position's distance from the Earth's centre:
	// 1e8 m is more than twice the geostationary radius (4.2e7 m).
	MaxRangeM = 1e8
	// MaxSpeedMps bounds an object's speed relative to the Earth: twice
	// the escape velocity (11.2 km/s) leaves room for any missile,
	// interceptor or satellite in view.
	MaxSpeedMps = 2 * 11.2e3
)

// ErrInvalid is what a message that breaks a bound is rejected with.
var ErrInvalid = errors.New("link: invalid message")

// Check collects the first problem found in a message's fields; Err
// reports it, wrapping ErrInvalid. The zero value is ready to use.
//
//	var c link.Check
//	c.ID("battery", claim.Battery)
//	c.Time("claim_time_s", claim.ClaimTimeS)
//	if err := c.Err(); err != nil { … }
type Check struct{ err error }

// Err returns the first problem, or nil.
func (c *Check) Err() error { return c.err }

// Failf records a problem (the first one is kept).
func (c *Check) Failf(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
	}
}

// ID checks an identifier: at most MaxIDBytes of printable UTF-8 (it
// may be empty; a field that must not be says so with NonEmpty).
func (c *Check) ID(field, s string) { c.text(field, s, MaxIDBytes) }

// Text checks free text: at most MaxTextBytes of printable UTF-8.
func (c *Check) Text(field, s string) { c.text(field, s, MaxTextBytes) }

func (c *Check) text(field, s string, max int) {
	if len(s) > max {
		c.Failf("%s: %d bytes, at most %d", field, len(s), max)
		return
	}
	if !utf8.ValidString(s) {
		c.Failf("%s: not UTF-8", field)
		return
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			c.Failf("%s %q: unprintable character %U", field, s, r)
			return
		}
	}
}

// NonEmpty checks that a field is set.
func (c *Check) NonEmpty(field, s string) {
	if s == "" {
		c.Failf("%s: empty", field)
	}
}

// Count checks a list's length.
func (c *Check) Count(field string, n, max int) {
	if n > max {
		c.Failf("%s: %d entries, at most %d", field, n, max)
	}
}

// In checks that a number lies in [lo, hi] (NaN never does).
func (c *Check) In(field string, x, lo, hi float64, unit string) {
	if !(x >= lo && x <= hi) {
		c.Failf("%s %g %s: want [%g, %g]", field, x, unit, lo, hi)
	}
}

// Time checks a scenario time: within MaxTimeS of the scenario's start
// (an estimate, e.g. of a launch at 0, may fall before it).
func (c *Check) Time(field string, t float64) { c.In(field, t, -MaxTimeS, MaxTimeS, "s") }

// Position checks an ECEF position (m): finite and within MaxRangeM of
// the Earth's centre. nil is a problem: the message needs it.
func (c *Check) Position(field string, x, y, z float64, set bool) {
	if !set {
		c.Failf("%s: missing", field)
		return
	}
	c.In(field, math.Sqrt(x*x+y*y+z*z), 0, MaxRangeM, "m from the Earth's centre")
}

// Velocity checks an ECEF velocity (m/s): within MaxSpeedMps.
func (c *Check) Velocity(field string, x, y, z float64, set bool) {
	if !set {
		c.Failf("%s: missing", field)
		return
	}
	c.In(field, math.Sqrt(x*x+y*y+z*z), 0, MaxSpeedMps, "m/s")
}

// LatLon checks a point on the Earth, in degrees.
func (c *Check) LatLon(field string, latDeg, lonDeg float64) {
	c.In(field+".lat_deg", latDeg, -90, 90, "°")
	c.In(field+".lon_deg", lonDeg, -180, 360, "°")
}

// Enum checks an enumeration's value is one the message sets define.
func (c *Check) Enum(field string, v, max int32) {
	if v < 0 || v > max {
		c.Failf("%s: %d is not a defined value", field, v)
	}
}

// Covariance checks the 21 entries of a (position, velocity) covariance's
// upper triangle, row by row: variances in [0, MaxRangeM²] and
// correlations no more than 1 in size (what a covariance can be; the
// receiver's filters assume it).
func (c *Check) Covariance(field string, u []float64) {
	if len(u) != 21 {
		c.Failf("%s: %d entries, want 21", field, len(u))
		return
	}
	var p [6][6]float64
	k := 0
	for i := range 6 {
		for j := i; j < 6; j++ {
			p[i][j] = u[k]
			k++
		}
	}
	for i := range 6 {
		c.In(fmt.Sprintf("%s[%d][%d]", field, i, i), p[i][i], 0, MaxRangeM*MaxRangeM, "(variance)")
	}
	if c.err != nil {
		return
	}
	for i := range 6 {
		for j := i + 1; j < 6; j++ {
			if p[i][j]*p[i][j] > p[i][i]*p[j][j]*(1+1e-9) {
				c.Failf("%s[%d][%d] %g: a correlation beyond ±1", field, i, j, p[i][j])
				return
			}
		}
	}
}
