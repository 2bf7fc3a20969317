package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
)

// Dash stands in a table for a value that does not exist.
const Dash = "—"

// Grouped formats v with prec decimals and a space between groups of three
// digits: Grouped(3718.24, 1) is "3 718.2".
func Grouped(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return s
	}
	sign := ""
	if s[0] == '-' {
		s = s[1:]
		if strings.Trim(s, "0.") != "" { // no "-0.0" for a tiny negative
			sign = "-"
		}
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(d)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// MinSec formats a duration in seconds as minutes and seconds, "17:03".
func MinSec(s float64) string {
	if math.IsNaN(s) || math.IsInf(s, 0) || s < 0 {
		return strconv.FormatFloat(s, 'f', 0, 64) + " s"
	}
	n := int64(math.Round(s))
	return fmt.Sprintf("%d:%02d", n/60, n%60)
}

// LatLon formats a point as "35.2300°N 53.9200°E".
func LatLon(p geo.LLA) string { return latLonPrec(p, 4) }

// LatLon2 is LatLon to two decimals, for map titles: "49.65°N 13.80°E".
func LatLon2(p geo.LLA) string { return latLonPrec(p, 2) }

func latLonPrec(p geo.LLA, prec int) string {
	ns, ew := "N", "E"
	lat, lon := p.LatDeg, math.Remainder(p.LonDeg, 360)
	if lat < 0 {
		ns, lat = "S", -lat
	}
	if lon < 0 {
		ew, lon = "W", -lon
	}
	return fmt.Sprintf("%.*f°%s %.*f°%s", prec, lat, ns, prec, lon, ew)
}

// Plural formats a count with its noun: "1 window", "2 windows".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// KmPerS formats a speed in m/s as km/s, as the debate quotes it:
// "6.3 km/s".
func KmPerS(v float64, prec int) string {
	return strconv.FormatFloat(v/1000, 'f', prec, 64) + " km/s"
}

// CSVFloat formats v with prec decimals, or "" for NaN and infinities: an
// empty CSV field where there is no value.
func CSVFloat(v float64, prec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// Finite returns a pointer to v, or nil for NaN and infinities: a JSON
// null where there is no value.
func Finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// Positive returns a pointer to v, or nil for 0: a JSON null for a limit
// that is not set.
func Positive(v float64) *float64 {
	if v > 0 {
		return &v
	}
	return nil
}

// DescribeInterceptor is the one-line description of an interceptor.
func DescribeInterceptor(it intercept.Interceptor) string {
	boost := "impulsive launch"
	if it.BurnTimeS > 0 {
		boost = Grouped(it.BurnTimeS, 0) + " s gravity-turn boost"
	}
	ceiling := "with no ceiling"
	if it.MaxInterceptAltM > 0 {
		ceiling = "to " + Grouped(it.MaxInterceptAltM/1000, 0) + " km"
	}
	rng := "no range limit"
	if it.MaxRangeM > 0 {
		rng = "within " + Grouped(it.MaxRangeM/1000, 0) + " km of the site"
	}
	closing := ""
	if it.MinClosingSpeedMps > 0 {
		closing = ", closing at " + KmPerS(it.MinClosingSpeedMps, -1) + " or more"
	}
	return fmt.Sprintf("%s: %s burnout, %s; intercepts from %s km altitude %s, %s%s",
		it.Name, KmPerS(it.BurnoutSpeedMps, -1), boost, Grouped(it.MinInterceptAltM/1000, 0), ceiling, rng, closing)
}

// DescribeLimits says where an interceptor may intercept: "between 100 and
// 2 000 km altitude within 200 km of the site".
func DescribeLimits(it intercept.Interceptor) string {
	s := "above " + Grouped(it.MinInterceptAltM/1000, 0) + " km altitude"
	if it.MaxInterceptAltM > 0 {
		s = "between " + Grouped(it.MinInterceptAltM/1000, 0) + " and " + Grouped(it.MaxInterceptAltM/1000, 0) + " km altitude"
	}
	if it.MaxRangeM > 0 {
		s += " within " + Grouped(it.MaxRangeM/1000, 0) + " km of the site"
	}
	return s
}
