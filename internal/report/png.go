package report

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"

	"github.com/jrmd/jrmd/geo"
)

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

// MapOptions tune a coverage map; the zero value is the default.
type MapOptions struct {
	WidthPx   int     // image width, pixels; 0: DefaultMapWidthPx
	MarginDeg float64 // degrees around the content; 0: DefaultMarginDeg
}

// Layout of the image around the map, pixels.
const (
	padLeft   = 44 // latitude labels
	padRight  = 12
	padTop    = 22 // title
	padBottom = 16 // longitude labels
	legendH   = 40
)

// Colours. The seen cells use viridis (van der Walt & Smith, matplotlib,
// CC0), perceptually uniform and readable in grey and by most colour-blind
// readers.
var (
	colBackground = color.NRGBA{0xf4, 0xf7, 0xfb, 0xff}
	colPaper      = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	colFrame      = color.NRGBA{0x55, 0x55, 0x55, 0xff}
	colGraticule  = color.NRGBA{0x80, 0x90, 0xa0, 0xff}
	colCoast      = color.NRGBA{0x20, 0x20, 0x20, 0xff}
	colNotSeen    = color.NRGBA{0xcc, 0xcc, 0xcc, 0xff}
	colHatch      = color.NRGBA{0x99, 0x99, 0x99, 0xff}
	colSensor     = color.NRGBA{0xd6, 0x27, 0x28, 0xff}
	colInk        = color.NRGBA{0x10, 0x10, 0x10, 0xff}
	viridis       = [...]color.NRGBA{
		{0x44, 0x01, 0x54, 0xff}, {0x48, 0x24, 0x75, 0xff}, {0x41, 0x44, 0x87, 0xff}, {0x35, 0x5f, 0x8d, 0xff},
		{0x2a, 0x78, 0x8e, 0xff}, {0x21, 0x91, 0x8c, 0xff}, {0x22, 0xa8, 0x84, 0xff}, {0x44, 0xbf, 0x70, 0xff},
		{0x7a, 0xd1, 0x51, 0xff}, {0xbd, 0xdf, 0x26, 0xff}, {0xfd, 0xe7, 0x25, 0xff},
	}
)

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

// projection is the equirectangular (plate carrée) projection of the view:
// equal pixels per degree of longitude and latitude.
type projection struct {
	lon0, lat1 float64 // west and north edges, degrees
	pxPerDeg   float64
	x0, y0     int // image position of the map's top-left corner
	w, h       int // map size, pixels
}

func (p *projection) x(lon float64) float64 { return float64(p.x0) + (lon-p.lon0)*p.pxPerDeg }
func (p *projection) y(lat float64) float64 { return float64(p.y0) + (p.lat1-lat)*p.pxPerDeg }
func (p *projection) inMap(x, y int) bool {
	return x >= p.x0 && x < p.x0+p.w && y >= p.y0 && y < p.y0+p.h
}

// RenderMap draws the coverage map: an equirectangular view of the cells,
// coloured by their time in view (viridis, 0 to the longest), grey where
// the sensor never sees the trajectory and hatched where there is none,
// over a graticule and the Natural Earth coastline, with the sensor (red
// triangle) and the fixed launch or aim point (black disc), a title and a
// legend. The same coverage and options always give the same pixels.
func RenderMap(c *Coverage, opt MapOptions) (*image.NRGBA, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	var boxes [][4]float64
	for _, cell := range c.Cells {
		boxes = append(boxes, [4]float64{cell.LatMinDeg, cell.LatMaxDeg, cell.LonMinDeg, cell.LonMaxDeg})
	}
	cv, err := newCanvas(opt, []geo.LLA{c.Site, c.Fixed}, boxes)
	if err != nil {
		return nil, err
	}
	img, p := cv.img, cv.p

	// Cells.
	maxSeen := 0.0
	for _, cell := range c.Cells {
		if cell.Solved && cell.Seen {
			maxSeen = math.Max(maxSeen, cell.SeenS)
		}
	}
	for _, cell := range c.Cells {
		r := cv.rect(cell.LatMinDeg, cell.LatMaxDeg, cell.LonMinDeg, cell.LonMaxDeg)
		switch {
		case !cell.Solved:
			hatch(img, r)
		case !cell.Seen:
			fill(img, r, colNotSeen)
		default:
			v := 0.0
			if maxSeen > 0 {
				v = cell.SeenS / maxSeen
			}
			fill(img, r, Viridis(v))
		}
	}
	cv.overlay()

	// Markers and their labels.
	fx, fy := p.x(lon180(c.Fixed.LonDeg)), p.y(c.Fixed.LatDeg)
	disc(img, fx, fy, 5, colPaper, &p)
	disc(img, fx, fy, 3.5, colInk, &p)
	labelAt(img, &p, fx+8, fy-4, c.FixedRole)
	sx, sy := p.x(lon180(c.Site.LonDeg)), p.y(c.Site.LatDeg)
	triangle(img, sx, sy, 8, colInk, &p)
	triangle(img, sx, sy, 6, colSensor, &p)
	labelAt(img, &p, sx+9, sy-4, "sensor "+c.SensorID)

	// Title and legend.
	drawText(img, padLeft, 7, c.Title, 1, colInk)
	ly := cv.legendY()
	x := padLeft
	drawText(img, x, ly, "time in view", 1, colInk)
	x += textWidth("time in view", 1) + 8
	const barW, barH = 240, 10
	for i := range barW {
		col := Viridis(float64(i) / float64(barW-1))
		for j := range barH {
			img.SetNRGBA(x+i, ly-1+j, col)
		}
	}
	frame(img, image.Rect(x-1, ly-2, x+barW+1, ly+barH), colFrame)
	drawText(img, x, ly+barH+4, "0 s", 1, colInk)
	maxLabel := strconv.FormatFloat(math.Round(maxSeen), 'f', 0, 64) + " s"
	drawText(img, x+barW-textWidth(maxLabel, 1), ly+barH+4, maxLabel, 1, colInk)
	x += barW + 24
	swatch := image.Rect(x, ly-1, x+barH*2, ly-1+barH)
	fill(img, swatch, colNotSeen)
	frame(img, swatch.Inset(-1), colFrame)
	drawText(img, swatch.Max.X+6, ly, "not seen", 1, colInk)
	x = swatch.Max.X + 6 + textWidth("not seen", 1) + 20
	swatch = image.Rect(x, ly-1, x+barH*2, ly-1+barH)
	fill(img, swatch, colPaper)
	hatch(img, swatch)
	frame(img, swatch.Inset(-1), colFrame)
	drawText(img, swatch.Max.X+6, ly, "no trajectory", 1, colInk)
	return img, nil
}

// canvas is a map image being drawn: its pixels and its view.
type canvas struct {
	img                        *image.NRGBA
	p                          projection
	lonLo, lonHi, latLo, latHi float64 // the view, degrees
}

// newCanvas sizes an equirectangular view to show every point and every
// box (lat min, lat max, lon min, lon max), padded by the margin on whole
// degrees and clamped to the globe, and paints the paper and the map's
// background.
func newCanvas(opt MapOptions, points []geo.LLA, boxes [][4]float64) (*canvas, error) {
	width := opt.WidthPx
	if width == 0 {
		width = DefaultMapWidthPx
	}
	if width < MinMapWidthPx || width > MaxMapWidthPx {
		return nil, fmt.Errorf("report: map width %d px: want %d to %d", width, MinMapWidthPx, MaxMapWidthPx)
	}
	margin := opt.MarginDeg
	if margin == 0 {
		margin = DefaultMarginDeg
	}
	if !(margin > 0 && margin <= 90) {
		return nil, fmt.Errorf("report: map margin %g°: want (0, 90]", margin)
	}
	lonLo, lonHi := lon180(points[0].LonDeg), lon180(points[0].LonDeg)
	latLo, latHi := points[0].LatDeg, points[0].LatDeg
	grow := func(lat, lon float64) {
		lonLo, lonHi = math.Min(lonLo, lon), math.Max(lonHi, lon)
		latLo, latHi = math.Min(latLo, lat), math.Max(latHi, lat)
	}
	for _, pt := range points[1:] {
		grow(pt.LatDeg, lon180(pt.LonDeg))
	}
	for _, b := range boxes {
		grow(b[0], b[2])
		grow(b[1], b[3])
	}
	lonLo = math.Max(-180, math.Floor(lonLo-margin))
	lonHi = math.Min(180, math.Ceil(lonHi+margin))
	latLo = math.Max(-90, math.Floor(latLo-margin))
	latHi = math.Min(90, math.Ceil(latHi+margin))

	p := projection{lon0: lonLo, lat1: latHi, x0: padLeft, y0: padTop}
	p.w = width - padLeft - padRight
	p.pxPerDeg = float64(p.w) / (lonHi - lonLo)
	p.h = int(math.Round((latHi - latLo) * p.pxPerDeg))
	if p.h > 4*width {
		return nil, fmt.Errorf("report: map view %g° tall and %g° wide is too narrow to draw", latHi-latLo, lonHi-lonLo)
	}
	img := image.NewNRGBA(image.Rect(0, 0, width, padTop+p.h+padBottom+legendH))
	fill(img, img.Bounds(), colPaper)
	fill(img, image.Rect(p.x0, p.y0, p.x0+p.w, p.y0+p.h), colBackground)
	return &canvas{img: img, p: p, lonLo: lonLo, lonHi: lonHi, latLo: latLo, latHi: latHi}, nil
}

// rect is the pixel rectangle of a cell. Edges are rounded once, from the
// same degrees, so that neighbouring cells meet without gaps or overlaps.
func (cv *canvas) rect(latMin, latMax, lonMin, lonMax float64) image.Rectangle {
	p := &cv.p
	return image.Rect(
		int(math.Round(p.x(lonMin))), int(math.Round(p.y(latMax))),
		int(math.Round(p.x(lonMax))), int(math.Round(p.y(latMin))),
	)
}

// legendY is the top of the legend's row.
func (cv *canvas) legendY() int { return padTop + cv.p.h + padBottom + 8 }

// overlay draws what goes over the cells: the graticule with its labels,
// the coastline and the map's frame.
func (cv *canvas) overlay() {
	img, p := cv.img, &cv.p
	width := img.Bounds().Dx()
	lonLo, lonHi, latLo, latHi := cv.lonLo, cv.lonHi, cv.latLo, cv.latHi
	// Graticule, blended over the cells so that it shows without hiding.
	step := graticuleStep(math.Max(lonHi-lonLo, latHi-latLo))
	for lon := math.Ceil(lonLo/step) * step; lon <= lonHi; lon += step {
		x := int(math.Round(p.x(lon)))
		for y := p.y0; y < p.y0+p.h; y++ {
			blend(img, x, y, colGraticule, 0.35, p)
		}
		label := degLabel(lon, "E", "W")
		lx := min(max(x-textWidth(label, 1)/2, 0), width-textWidth(label, 1))
		drawText(img, lx, p.y0+p.h+4, label, 1, colInk)
	}
	for lat := math.Ceil(latLo/step) * step; lat <= latHi; lat += step {
		y := int(math.Round(p.y(lat)))
		for x := p.x0; x < p.x0+p.w; x++ {
			blend(img, x, y, colGraticule, 0.35, p)
		}
		label := degLabel(lat, "N", "S")
		drawText(img, p.x0-4-textWidth(label, 1), y-glyphH/2, label, 1, colInk)
	}

	// Coastlines. A segment longer than half the globe in longitude
	// would be a wrap across the antimeridian; the data has none, but a
	// user file might.
	for _, pl := range Coastlines() {
		for i := 1; i < len(pl); i++ {
			a, b := pl[i-1], pl[i]
			if math.Abs(a[0]-b[0]) > 180 {
				continue
			}
			line(img, p.x(a[0]), p.y(a[1]), p.x(b[0]), p.y(b[1]), colCoast, p)
		}
	}
	frame(img, image.Rect(p.x0-1, p.y0-1, p.x0+p.w+1, p.y0+p.h+1), colFrame)
}

// WritePNG renders the coverage map (RenderMap) and encodes it as PNG.
func WritePNG(w io.Writer, c *Coverage, opt MapOptions) error {
	img, err := RenderMap(c, opt)
	if err != nil {
		return err
	}
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("report: writing PNG: %w", err)
	}
	return nil
}

// graticuleStep picks a line spacing giving about four to twelve lines.
func graticuleStep(spanDeg float64) float64 {
	for _, s := range []float64{1, 2, 5, 10, 15, 30} {
		if spanDeg/s <= 12 {
			return s
		}
	}
	return 45
}

// degLabel formats a graticule value: "40°N", "0°", "20°W".
func degLabel(v float64, pos, neg string) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64) + "°"
	switch {
	case v > 0:
		s += pos
	case v < 0:
		s += neg
	}
	return s
}

func fill(img *image.NRGBA, r image.Rectangle, c color.NRGBA) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetNRGBA(x, y, c)
		}
	}
}

// hatch draws white with grey diagonals every 6 pixels, anchored to the
// image so that neighbouring hatched cells continue each other's lines.
func hatch(img *image.NRGBA, r image.Rectangle) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := colPaper
			if (x+y)%6 == 0 {
				c = colHatch
			}
			img.SetNRGBA(x, y, c)
		}
	}
}

func frame(img *image.NRGBA, r image.Rectangle, c color.NRGBA) {
	for x := r.Min.X; x < r.Max.X; x++ {
		img.SetNRGBA(x, r.Min.Y, c)
		img.SetNRGBA(x, r.Max.Y-1, c)
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		img.SetNRGBA(r.Min.X, y, c)
		img.SetNRGBA(r.Max.X-1, y, c)
	}
}

// blend mixes c into the pixel at (x, y) with weight a, inside the map.
func blend(img *image.NRGBA, x, y int, c color.NRGBA, a float64, p *projection) {
	if !p.inMap(x, y) {
		return
	}
	o := img.NRGBAAt(x, y)
	mix := func(u, v uint8) uint8 { return uint8(math.Round(float64(u)*(1-a) + float64(v)*a)) }
	img.SetNRGBA(x, y, color.NRGBA{mix(o.R, c.R), mix(o.G, c.G), mix(o.B, c.B), 0xff})
}

// line draws a one-pixel line (Bresenham) between two points, clipped to
// the map.
func line(img *image.NRGBA, fx0, fy0, fx1, fy1 float64, c color.NRGBA, p *projection) {
	x0, y0 := int(math.Round(fx0)), int(math.Round(fy0))
	x1, y1 := int(math.Round(fx1)), int(math.Round(fy1))
	// Both ends far outside on one side: nothing to draw.
	if (x0 < p.x0 && x1 < p.x0) || (x0 >= p.x0+p.w && x1 >= p.x0+p.w) ||
		(y0 < p.y0 && y1 < p.y0) || (y0 >= p.y0+p.h && y1 >= p.y0+p.h) {
		return
	}
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	for {
		if p.inMap(x0, y0) {
			img.SetNRGBA(x0, y0, c)
		}
		if x0 == x1 && y0 == y1 {
			return
		}
		if e2 := 2 * e; e2 >= dy {
			e += dy
			x0 += sx
		} else {
			e += dx
			y0 += sy
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func sign(v int) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// disc fills a circle of radius r around (cx, cy), inside the map.
func disc(img *image.NRGBA, cx, cy, r float64, c color.NRGBA, p *projection) {
	for y := int(math.Floor(cy - r)); y <= int(math.Ceil(cy+r)); y++ {
		for x := int(math.Floor(cx - r)); x <= int(math.Ceil(cx+r)); x++ {
			if dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy; dx*dx+dy*dy <= r*r && p.inMap(x, y) {
				img.SetNRGBA(x, y, c)
			}
		}
	}
}

// triangle fills an upward triangle of the given size centred on (cx, cy).
func triangle(img *image.NRGBA, cx, cy, size float64, c color.NRGBA, p *projection) {
	top, bottom := cy-size, cy+size*0.7
	for y := int(math.Floor(top)); y <= int(math.Ceil(bottom)); y++ {
		fy := float64(y) + 0.5
		if fy < top || fy > bottom {
			continue
		}
		half := size * (fy - top) / (bottom - top)
		for x := int(math.Floor(cx - half)); x <= int(math.Ceil(cx+half)); x++ {
			if fx := float64(x) + 0.5; fx >= cx-half && fx <= cx+half && p.inMap(x, y) {
				img.SetNRGBA(x, y, c)
			}
		}
	}
}

// labelAt draws a label on a white box, kept inside the map.
func labelAt(img *image.NRGBA, p *projection, fx, fy float64, s string) {
	w := textWidth(s, 1)
	x, y := int(math.Round(fx)), int(math.Round(fy))
	if x+w+2 > p.x0+p.w {
		x = int(math.Round(fx)) - 16 - w
	}
	x = max(x, p.x0+2)
	y = min(max(y, p.y0+2), p.y0+p.h-glyphH-2)
	box := image.Rect(x-2, y-2, x+w+2, y+glyphH+2)
	fill(img, box, colPaper)
	drawText(img, x, y, s, 1, colInk)
}
