package report

import (
	"fmt"
	"image/color"
	"math"
)

// What a map is drawn with: its options and its colour scales. The maps
// themselves are drawn by internal/plots.

// Map defaults.
const (
	// DefaultMapWidthPx is the width of a map image when MapOptions leaves
	// it 0; MinMapWidthPx and MaxMapWidthPx bound what may be asked.
	DefaultMapWidthPx = 1200
	MinMapWidthPx     = 300
	MaxMapWidthPx     = 8000
	// DefaultMarginDeg is the space left around the cells, the site and
	// the fixed point.
	DefaultMarginDeg = 5.0
)

// MapFiles are the files a map command writes, by flag: --geojson, --png,
// --svg ("" for none).
type MapFiles struct{ GeoJSON, PNG, SVG string }

// fileJSON is a written file's path in a summary, null for none.
func fileJSON(path string) *string {
	if path == "" {
		return nil
	}
	return &path
}

// fileRows are a summary's text rows of the files written, or how to ask
// for them.
func fileRows(geojson, png, svg *string) [][2]string {
	var rows [][2]string
	for _, f := range []struct {
		name string
		path *string
	}{{"geojson", geojson}, {"png", png}, {"svg", svg}} {
		if f.path != nil {
			rows = append(rows, [2]string{f.name, *f.path})
		}
	}
	if rows == nil {
		rows = append(rows, [2]string{"output", "add --png FILE, --svg FILE or --geojson FILE for the map, --json for every cell"})
	}
	return rows
}

// MapOptions tune a coverage or footprint map; the zero value is the
// default.
type MapOptions struct {
	WidthPx   int     // image width, pixels; 0: DefaultMapWidthPx
	MarginDeg float64 // degrees around the content; 0: DefaultMarginDeg
}

// Resolve returns the options with their defaults filled in, or an error
// if one is out of bounds.
func (o MapOptions) Resolve() (MapOptions, error) {
	if o.WidthPx == 0 {
		o.WidthPx = DefaultMapWidthPx
	}
	if o.WidthPx < MinMapWidthPx || o.WidthPx > MaxMapWidthPx {
		return o, fmt.Errorf("report: map width %d px: want %d to %d", o.WidthPx, MinMapWidthPx, MaxMapWidthPx)
	}
	if o.MarginDeg == 0 {
		o.MarginDeg = DefaultMarginDeg
	}
	if !(o.MarginDeg > 0 && o.MarginDeg <= 90) {
		return o, fmt.Errorf("report: map margin %g°: want (0, 90]", o.MarginDeg)
	}
	return o, nil
}

// The seen cells of a coverage map use viridis (van der Walt & Smith,
// matplotlib, CC0), perceptually uniform and readable in grey and by most
// colour-blind readers.
var viridis = [...]color.NRGBA{
	{0x44, 0x01, 0x54, 0xff}, {0x48, 0x24, 0x75, 0xff}, {0x41, 0x44, 0x87, 0xff}, {0x35, 0x5f, 0x8d, 0xff},
	{0x2a, 0x78, 0x8e, 0xff}, {0x21, 0x91, 0x8c, 0xff}, {0x22, 0xa8, 0x84, 0xff}, {0x44, 0xbf, 0x70, 0xff},
	{0x7a, 0xd1, 0x51, 0xff}, {0xbd, 0xdf, 0x26, 0xff}, {0xfd, 0xe7, 0x25, 0xff},
}

// Viridis returns the colour of v ∈ [0, 1] on the viridis scale (linear
// between its eleven tabulated stops); v outside is clamped.
func Viridis(v float64) color.NRGBA { return onScale(viridis[:], v) }

// onScale returns the colour of v ∈ [0, 1] on a scale of tabulated stops,
// linear between them; v outside is clamped.
func onScale(stops []color.NRGBA, v float64) color.NRGBA {
	if !(v > 0) {
		return stops[0]
	}
	if v >= 1 {
		return stops[len(stops)-1]
	}
	f := v * float64(len(stops)-1)
	i := int(f)
	t := f - float64(i)
	a, b := stops[i], stops[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + t*(float64(y)-float64(x)))) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}
