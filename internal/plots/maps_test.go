package plots

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden maps in testdata/")

// colourTol is how far, per channel of 255, a pixel inside a cell may be
// from the cell's colour: the cells' image is copied pixel for pixel, so
// only rounding remains.
const colourTol = 3

// atlantic is a synthetic coverage west of Iberia: 10 × 10 cells of 2° over
// 30–50°N, 30–10°W; the two western columns never seen, the rest seen for
// 10 s × (column + row), and no trajectory where column + row is a
// multiple of 7. The sensor is at Madrid, the launch point in Morocco; the
// view is 35°W–2°E, 25–55°N (5° of margin on whole degrees).
func atlantic() *report.Coverage {
	c := &report.Coverage{
		Title: "test: a radar at Madrid, launches from Morocco", SensorID: "madrid",
		Site: geo.LLA{LatDeg: 40.4, LonDeg: -3.7}, Fixed: geo.LLA{LatDeg: 32, LonDeg: -6}, FixedRole: "launch",
	}
	for j := range 10 { // rows, south to north
		for i := range 10 { // columns, west to east
			lat0, lon0 := 30+2*float64(j), -30+2*float64(i)
			c.Cells = append(c.Cells, report.Cell{
				LatMinDeg: lat0, LatMaxDeg: lat0 + 2, LonMinDeg: lon0, LonMaxDeg: lon0 + 2,
				Solved: (i+j)%7 != 0, Seen: i >= 2, SeenS: 10 * float64(i+j), FirstS: 100, FlightS: 900,
			})
		}
	}
	return c
}

// atlanticView is atlantic's view, degrees: lon [-35, 2], lat [25, 55].
var atlanticView = view{lonLo: -35, lonHi: 2, latLo: 25, latHi: 55}

// mapArea is where a map's data area lies in a decoded PNG, found from the
// pixels alone: the bounding box of the map's background colour.
type mapArea struct {
	img      image.Image
	v        view
	x0, y0   int // top-left pixel
	w, h     int
	pxPerDeg float64
}

func findMapArea(t *testing.T, img image.Image, v view) mapArea {
	t.Helper()
	b := img.Bounds()
	x0, y0, x1, y1 := b.Max.X, b.Max.Y, b.Min.X-1, b.Min.Y-1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if near(img.At(x, y), colMapBackground, 0) {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
	}
	if x1 < x0 {
		t.Fatal("no pixel of the map's background")
	}
	a := mapArea{img: img, v: v, x0: x0, y0: y0, w: x1 - x0 + 1, h: y1 - y0 + 1}
	a.pxPerDeg = float64(a.w) / (v.lonHi - v.lonLo)
	return a
}

// at is the pixel of a latitude and longitude.
func (a mapArea) at(lat, lon float64) (int, int) {
	return a.x0 + int(math.Floor((lon-a.v.lonLo)*a.pxPerDeg)), a.y0 + int(math.Floor((a.v.latHi-lat)*float64(a.h)/(a.v.latHi-a.v.latLo)))
}

// interior counts the colours of the middle half of a box of degrees.
func (a mapArea) interior(latMin, latMax, lonMin, lonMax float64) map[color.NRGBA]int {
	xa, ya := a.at(latMax-(latMax-latMin)/4, lonMin+(lonMax-lonMin)/4)
	xb, yb := a.at(latMin+(latMax-latMin)/4, lonMax-(lonMax-lonMin)/4)
	n := map[color.NRGBA]int{}
	for y := ya; y <= yb; y++ {
		for x := xa; x <= xb; x++ {
			n[color.NRGBAModel.Convert(a.img.At(x, y)).(color.NRGBA)]++
		}
	}
	return n
}

// mode is the commonest colour of counts and its share.
func mode(counts map[color.NRGBA]int) (color.NRGBA, float64) {
	var best color.NRGBA
	most, total := 0, 0
	for c, k := range counts {
		total += k
		if k > most || (k == most && c.R+c.G+c.B < best.R+best.G+best.B) {
			best, most = c, k
		}
	}
	return best, float64(most) / float64(total)
}

// near is whether c is want within tol per channel.
func near(c color.Color, want color.NRGBA, tol int) bool {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	d := func(a, b uint8) bool { return abs(int(a)-int(b)) <= tol }
	return d(n.R, want.R) && d(n.G, want.G) && d(n.B, want.B) && d(n.A, want.A)
}

func abs(v int) int { return max(v, -v) }

// onViridis returns the value in [0, 1] whose viridis colour is nearest
// c, to 1/1000, and how far that colour is (the largest channel gap).
func onViridis(c color.NRGBA) (v float64, gap int) {
	gap = math.MaxInt
	for k := 0; k <= 1000; k++ {
		w := report.Viridis(float64(k) / 1000)
		g := max(abs(int(w.R)-int(c.R)), abs(int(w.G)-int(c.G)), abs(int(w.B)-int(c.B)))
		if g < gap {
			v, gap = float64(k)/1000, g
		}
	}
	return v, gap
}

// render draws a map twice in format, checks that both are the same
// bytes, and returns them.
func render(t *testing.T, format string, write func(io.Writer, string) error) []byte {
	t.Helper()
	var a, b bytes.Buffer
	if err := write(&a, format); err != nil {
		t.Fatal(err)
	}
	if err := write(&b, format); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("the same map drawn twice as %s: different bytes", format)
	}
	return a.Bytes()
}

// renderPNG renders a map as PNG, compares it with testdata/golden
// unless golden is "", and decodes it.
func renderPNG(t *testing.T, golden string, write func(io.Writer, string) error) image.Image {
	t.Helper()
	b := render(t, "png", write)
	if golden != "" {
		checkGolden(t, golden, b)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// swatchBelow is whether, below the map area and right of fromX, a block
// of 8 × 8 pixels is all want: a legend's swatch of that colour.
func swatchBelow(a mapArea, want color.NRGBA, fromX int) bool {
	const k = 8
	b := a.img.Bounds()
	for y := a.y0 + a.h + 20; y+k <= b.Max.Y; y++ {
	next:
		for x := fromX; x+k <= b.Max.X; x++ {
			for dy := range k {
				for dx := range k {
					if !near(a.img.At(x+dx, y+dy), want, 1) {
						continue next
					}
				}
			}
			return true
		}
	}
	return false
}

// run is a horizontal run of pixels on the viridis scale, rising from v0
// at x0 to v1 at x1.
type run struct {
	x0, x1 int
	v0, v1 float64
}

// viridisBar finds the longest run of pixels on the viridis scale (within
// colourTol), rising left to right, below the map area.
func viridisBar(a mapArea) run {
	b := a.img.Bounds()
	memo := map[color.NRGBA]float64{}
	value := func(x, y int) float64 {
		c := color.NRGBAModel.Convert(a.img.At(x, y)).(color.NRGBA)
		v, ok := memo[c]
		if !ok {
			var gap int
			if v, gap = onViridis(c); gap > colourTol {
				v = -1
			}
			memo[c] = v
		}
		return v
	}
	var best run
	for y := a.y0 + a.h + 20; y < b.Max.Y; y++ {
		cur := run{x0: -1}
		for x := b.Min.X; x < b.Max.X; x++ {
			v := value(x, y)
			if v < 0 || (cur.x0 >= 0 && v < cur.v1-0.01) {
				cur.x0 = -1
				continue
			}
			if cur.x0 < 0 {
				cur = run{x0: x, v0: v}
			}
			cur.x1, cur.v1 = x, v
			if cur.x1-cur.x0 > best.x1-best.x0 {
				best = cur
			}
		}
	}
	return best
}

func TestCoverageMap(t *testing.T) {
	c := atlantic()
	write := func(w io.Writer, format string) error { return WriteCoverageMap(w, format, c, report.MapOptions{}) }
	img := renderPNG(t, "coverage-map.golden.png", write)
	if img.Bounds().Dx() != report.DefaultMapWidthPx {
		t.Errorf("width %d px, want the default %d", img.Bounds().Dx(), report.DefaultMapWidthPx)
	}
	a := findMapArea(t, img, atlanticView)
	// Equirectangular: a degree of latitude as many pixels as one of
	// longitude. The area is measured to a pixel at each edge (the frame
	// and the axes cross its outermost pixels).
	if want := float64(a.w) * 30 / 37; math.Abs(float64(a.h)-want) > 2 {
		t.Errorf("map area %d × %d px: %g px tall for 30° of latitude if 37° of longitude are %d px", a.w, a.h, want, a.w)
	}

	for _, cell := range c.Cells {
		counts := a.interior(cell.LatMinDeg, cell.LatMaxDeg, cell.LonMinDeg, cell.LonMaxDeg)
		got, share := mode(counts)
		where := []float64{cell.LatMinDeg, cell.LonMinDeg}
		switch {
		case !cell.Solved:
			// White with grey diagonals every hatchPx pixels.
			total := 0
			for _, k := range counts {
				total += k
			}
			hatch := float64(counts[colHatch]) / float64(total)
			if !near(got, colPaper, 0) || hatch < 0.5/hatchPx || hatch > 2.0/hatchPx {
				t.Errorf("cell at %v, no trajectory: mostly %v, %.0f%% hatch; want white with 1 in %d pixels grey", where, got, 100*hatch, hatchPx)
			}
		case !cell.Seen:
			if !near(got, colNone, 0) || share < 0.8 {
				t.Errorf("cell at %v, not seen: %v over %.0f%%, want grey %v", where, got, 100*share, colNone)
			}
		default:
			// Viridis from 0 to the longest time in view, 180 s.
			v, gap := onViridis(got)
			if want := cell.SeenS / 180; gap > colourTol || math.Abs(v-want) > 0.01 || share < 0.8 {
				t.Errorf("cell at %v, seen %g s: %v over %.0f%% is %g on viridis (%d off the scale), want %g", where, cell.SeenS, got, 100*share, v, gap, want)
			}
		}
	}

	// The sensor is a red triangle on its site, the launch point a black
	// disc on its.
	if x, y := a.at(40.4, -3.7); !near(img.At(x, y), colSite, colourTol) {
		t.Errorf("pixel at the sensor is %v, want red %v", img.At(x, y), colSite)
	}
	if x, y := a.at(32, -6); !near(img.At(x, y), color.NRGBA{0, 0, 0, 0xff}, colourTol) {
		t.Errorf("pixel at the launch point is %v, want black", img.At(x, y))
	}
	// The coastline of Iberia, outside the cells and away from the
	// markers' labels, is drawn: a dark pixel at or next to each vertex.
	// Open sea off Africa keeps the background.
	drawn, vertices := 0, 0
	for _, pl := range report.Coastlines() {
		for _, q := range pl {
			if q[0] > -9.5 && q[0] < -5 && q[1] > 36.5 && q[1] < 43.5 {
				vertices++
				x, y := a.at(q[1], q[0])
				dark := false
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						n := color.NRGBAModel.Convert(img.At(x+dx, y+dy)).(color.NRGBA)
						dark = dark || int(n.R)+int(n.G)+int(n.B) < 3*0x80
					}
				}
				if dark {
					drawn++
				}
			}
		}
	}
	if vertices < 10 || drawn < vertices*9/10 {
		t.Errorf("%d of %d coastline vertices of western Iberia drawn", drawn, vertices)
	}
	if x, y := a.at(27.2, -33.3); !near(img.At(x, y), colMapBackground, 0) {
		t.Errorf("open Atlantic at 27°N 33°W is %v, want the background", img.At(x, y))
	}

	// The legend: the viridis bar, 0 at its left and 1 at its right, then
	// the grey swatch (the hatched one is named in the SVG's text below).
	bar := viridisBar(a)
	if bar.x1-bar.x0 < 150 || bar.v0 > 0.05 || bar.v1 < 0.95 {
		t.Errorf("legend: the longest run of rising viridis is x %d to %d, %g to %g; want a bar from 0 to 1", bar.x0, bar.x1, bar.v0, bar.v1)
	}
	if !swatchBelow(a, colNone, bar.x1) {
		t.Error("legend: no grey swatch right of the bar")
	}

	// What the text says, read from the SVG.
	svg := string(render(t, "svg", write))
	for _, want := range []string{c.Title, "time in view, s (longest 180 s)", "not seen", "no trajectory",
		"sensor madrid", "launch point", "35°W", "0°", "25°N", "55°N"} {
		if !strings.Contains(svg, ">"+want+"<") {
			t.Errorf("SVG has no text %q", want)
		}
	}
}

// balkansFootprint is a synthetic footprint: 10 × 5 aim cells of 2° over
// 40–50°N, 10–30°E against three launch points, defended against all of
// them in the western columns, fewer to the east, none in the last; no
// trajectory where column + row is a multiple of 6.
func balkansFootprint() *report.Footprint {
	f := &report.Footprint{
		Title: "test: redzikowo, launches from semnan, shahroud, tabriz", BatteryID: "redzikowo",
		Site: geo.LLA{LatDeg: 54.48, LonDeg: 17.10}, CellRole: "aim",
		Points: []report.Place{
			{Name: "semnan", Pos: geo.LLA{LatDeg: 35.23, LonDeg: 53.92}},
			{Name: "shahroud", Pos: geo.LLA{LatDeg: 36.20, LonDeg: 55.34}},
			{Name: "tabriz", Pos: geo.LLA{LatDeg: 38.08, LonDeg: 46.29}},
		},
	}
	for j := range 5 {
		for i := range 10 {
			lat0, lon0 := 40+2*float64(j), 10+2*float64(i)
			c := report.FootprintCell{LatMinDeg: lat0, LatMaxDeg: lat0 + 2, LonMinDeg: lon0, LonMaxDeg: lon0 + 2, Total: 3, Defended: 3 - i/3}
			if (i+j)%6 == 0 {
				c.Defended, c.Total = 0, 0
			}
			f.Cells = append(f.Cells, c)
		}
	}
	return f
}

func TestFootprintMap(t *testing.T) {
	f := balkansFootprint()
	write := func(w io.Writer, format string) error { return WriteFootprintMap(w, format, f, report.MapOptions{}) }
	img := renderPNG(t, "footprint-map.golden.png", write)
	// Cells 10–30°E, 40–50°N; the battery and the launch points reach to
	// 55.34°E, 35.23–54.48°N; 5° of margin on whole degrees.
	a := findMapArea(t, img, view{lonLo: 5, lonHi: 61, latLo: 30, latHi: 60})
	if want := float64(a.w) * 30 / 56; math.Abs(float64(a.h)-want) > 2 {
		t.Errorf("map area %d × %d px, want %g px tall", a.w, a.h, want)
	}
	for _, c := range f.Cells {
		got, share := mode(a.interior(c.LatMinDeg, c.LatMaxDeg, c.LonMinDeg, c.LonMaxDeg))
		want := report.DefendedColour(c.Fraction())
		if c.Total == 0 {
			want = colPaper // hatched
		}
		if !near(got, want, colourTol) || share < 0.6 {
			t.Errorf("cell at (%g, %g), %d of %d: %v over %.0f%%, want %v", c.LatMinDeg, c.LonMinDeg, c.Defended, c.Total, got, 100*share, want)
		}
	}
	if x, y := a.at(54.48, 17.10); !near(img.At(x, y), colSite, colourTol) {
		t.Errorf("pixel at the battery is %v, want red", img.At(x, y))
	}
	for _, p := range f.Points {
		if x, y := a.at(p.Pos.LatDeg, p.Pos.LonDeg); !near(img.At(x, y), color.NRGBA{0, 0, 0, 0xff}, colourTol) {
			t.Errorf("pixel at %s is %v, want the black launch marker", p.Name, img.At(x, y))
		}
	}
	// The legend lists every class, all 3 (dark green) to none (grey).
	for k := range 4 {
		if !swatchBelow(a, report.DefendedColour(float64(k)/3), 0) {
			t.Errorf("legend: no swatch of the colour of %d of 3", k)
		}
	}
	svg := string(render(t, "svg", write))
	for _, want := range []string{f.Title, "defended against (of 3 launch points):", "all 3", "2", "1", "none", "no trajectory",
		"battery redzikowo", "semnan", "shahroud", "tabriz", "10°E", "60°E", "30°N", "60°N"} {
		if !strings.Contains(svg, ">"+want+"<") {
			t.Errorf("SVG has no text %q", want)
		}
	}

	// The dual: assets are blue squares; the legend counts assets.
	f.CellRole = "launch"
	img = renderPNG(t, "", write)
	if x, y := a.at(35.23, 53.92); !near(img.At(x, y), colAsset, colourTol) {
		t.Errorf("pixel at the asset semnan is %v, want blue", img.At(x, y))
	}
	if svg := string(render(t, "svg", write)); !strings.Contains(svg, ">assets defended (of 3):<") {
		t.Error("the dual's legend does not count assets")
	}

	// More points than the legend lists one by one: a bar from none to
	// all.
	for i := range 6 {
		f.Points = append(f.Points, report.Place{Name: "p" + string(rune('a'+i)), Pos: geo.LLA{LatDeg: 35, LonDeg: 40 + float64(i)}})
	}
	f.CellRole = "aim"
	svg = string(render(t, "svg", write))
	if !strings.Contains(svg, ">defended against (of 9 launch points)<") || strings.Contains(svg, ">all 9<") {
		t.Error("9 points: want a bar labelled for 9 launch points, not 10 swatches")
	}
}

func TestMapOptions(t *testing.T) {
	c := atlantic()
	var buf bytes.Buffer
	if err := WriteCoverageMap(&buf, "png", c, report.MapOptions{WidthPx: report.MinMapWidthPx, MarginDeg: 1}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != report.MinMapWidthPx {
		t.Errorf("width %d px, want %d", img.Bounds().Dx(), report.MinMapWidthPx)
	}
	// A margin of 1°: lon [-31, -2.7] → [-31, -2], lat [29, 51].
	a := findMapArea(t, img, view{lonLo: -31, lonHi: -2, latLo: 29, latHi: 51})
	if want := float64(a.w) * 22 / 29; math.Abs(float64(a.h)-want) > 2 {
		t.Errorf("map area %d × %d px, want %g px tall", a.w, a.h, want)
	}

	for _, tc := range []struct {
		opt  report.MapOptions
		want string
	}{
		{report.MapOptions{WidthPx: 10}, "map width 10 px"},
		{report.MapOptions{WidthPx: 1e5}, "map width 100000 px"},
		{report.MapOptions{MarginDeg: -1}, "map margin -1°"},
		{report.MapOptions{MarginDeg: 100}, "map margin 100°"},
	} {
		if err := WriteCoverageMap(&buf, "png", c, tc.opt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("options %+v: %v, want an error with %q", tc.opt, err, tc.want)
		}
	}
	tall := atlantic()
	tall.Cells = []report.Cell{{LatMinDeg: -80, LatMaxDeg: 80, LonMinDeg: 0, LonMaxDeg: 1}}
	tall.Site, tall.Fixed = geo.LLA{LatDeg: 0, LonDeg: 0}, geo.LLA{LatDeg: 1, LonDeg: 1}
	if err := WriteCoverageMap(&buf, "png", tall, report.MapOptions{}); err == nil || !strings.Contains(err.Error(), "too narrow") {
		t.Errorf("a view 180° tall and 12° wide: %v, want too narrow", err)
	}
	bad := atlantic()
	bad.FixedRole = "target"
	if err := WriteCoverageMap(&buf, "png", bad, report.MapOptions{}); err == nil || !strings.Contains(err.Error(), `fixed role "target"`) {
		t.Errorf("bad coverage: %v", err)
	}
	if err := WriteFootprintMap(&buf, "png", &report.Footprint{CellRole: "aim"}, report.MapOptions{}); err == nil || !strings.Contains(err.Error(), "no launch points") {
		t.Errorf("empty footprint: %v", err)
	}
	if err := WriteCoverageMap(&buf, "gif", c, report.MapOptions{}); err == nil {
		t.Error("format gif: no error")
	}
}

func TestDegTicks(t *testing.T) {
	for _, tc := range []struct {
		d      degTicks
		lo, hi float64
		want   string
	}{
		{degTicks{10, "E", "W"}, -15, 59, "10°W 0° 10°E 20°E 30°E 40°E 50°E"},
		{degTicks{5, "N", "S"}, -12, 3, "10°S 5°S 0°"},
		{degTicks{1, "E", "W"}, 179, 180, "179°E 180°E"},
	} {
		var got []string
		for _, tk := range tc.d.Ticks(tc.lo, tc.hi) {
			got = append(got, tk.Label)
		}
		if s := strings.Join(got, " "); s != tc.want {
			t.Errorf("%+v on [%g, %g]: %q, want %q", tc.d, tc.lo, tc.hi, s, tc.want)
		}
	}
}

func TestGraticuleStep(t *testing.T) {
	// The first of 1, 2, 5, 10, 15, 30° that gives at most maxLines lines
	// over the span; 45° beyond.
	for _, tc := range []struct{ span, maxLines, want float64 }{
		{37, 12, 5}, {37, 4, 10}, {12, 12, 1}, {13, 12, 2}, {360, 12, 30}, {360, 4, 45},
	} {
		if got := graticuleStep(tc.span, tc.maxLines); got != tc.want {
			t.Errorf("graticuleStep(%g, %g) = %g, want %g", tc.span, tc.maxLines, got, tc.want)
		}
	}
}

func TestWrapKeepsWordsWithinWidth(t *testing.T) {
	fnt := font.From(sans, 11)
	sty := text.Style{Font: fnt, Handler: text.Plain{Fonts: font.DefaultCache}}
	s := "jrmd footprint: redzikowo, gbi-6.3 at 6.3 km/s, launch from 120 s: aim points vs launches from semnan, shahroud, tabriz"
	width := vg.Length(200)
	got := wrap(s, fnt, width)
	lines := strings.Split(got, "\n")
	if len(lines) < 3 || strings.Join(strings.Fields(got), " ") != s {
		t.Fatalf("wrap: %q", got)
	}
	for _, l := range lines {
		if w := sty.Width(l); w > width {
			t.Errorf("line %q is %v wide, want at most %v", l, w, width)
		}
	}
	if wrap("short title", fnt, width) != "short title" {
		t.Error("a title that fits is broken")
	}
}

// checkGolden compares a map with testdata/name (rewritten with -update).
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("map differs from %s (look at it; go test -update if the change is meant)", golden)
	}
}
