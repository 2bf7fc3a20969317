package report

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// Polyline is a line on the globe: [longitude, latitude] pairs in degrees,
// in GeoJSON order.
type Polyline [][2]float64

//go:embed coastline.txt
var coastlineText string

var (
	coastOnce  sync.Once
	coastLines []Polyline
)

// Coastlines returns the embedded world coastline: Natural Earth 1:110m
// land boundaries (public domain), 129 polylines and about 5,100 points,
// rounded to 0.01°. See COASTLINE.md for its origin. The slice is shared:
// do not modify it.
func Coastlines() []Polyline {
	coastOnce.Do(func() {
		var err error
		coastLines, err = ParseCoastlines(strings.NewReader(coastlineText))
		if err != nil {
			panic("report: embedded coastline: " + err.Error()) // a broken build, caught by the tests
		}
	})
	return coastLines
}

// maxCoastlineLine bounds one line of a coastline file, so that a corrupt
// file cannot make the reader buffer without limit.
const maxCoastlineLine = 1 << 20

// ParseCoastlines reads the coastline format: one polyline per line, as
// space-separated LON,LAT pairs in decimal degrees (longitude in
// [-180, 180], latitude in [-90, 90]), at least two points each. Blank
// lines and lines starting with # are ignored. An error names the line.
func ParseCoastlines(r io.Reader) ([]Polyline, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxCoastlineLine)
	var out []Polyline
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 2 {
			return nil, fmt.Errorf("report: coastline line %d: %d point, want at least 2", n, len(fields))
		}
		pl := make(Polyline, len(fields))
		for i, f := range fields {
			lonS, latS, ok := strings.Cut(f, ",")
			if !ok {
				return nil, fmt.Errorf("report: coastline line %d, point %d: %q is not LON,LAT", n, i+1, f)
			}
			lon, err1 := strconv.ParseFloat(lonS, 64)
			lat, err2 := strconv.ParseFloat(latS, 64)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("report: coastline line %d, point %d: %q is not LON,LAT in degrees", n, i+1, f)
			}
			if !(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90) {
				return nil, fmt.Errorf("report: coastline line %d, point %d: (%g, %g) is outside [-180, 180] × [-90, 90]", n, i+1, lon, lat)
			}
			pl[i] = [2]float64{lon, lat}
		}
		out = append(out, pl)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("report: coastline line %d: %w", n+1, err)
	}
	return out, nil
}
