package plots

import (
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/report"
)

// The maps of jrmd access --map (coverage) and jrmd footprint: grid cells
// coloured by a value over an equirectangular view (a degree of longitude
// as long as a degree of latitude), with a graticule, the Natural Earth
// coastline, the sensor or battery and the other points with their names,
// a title and a legend row below.

// Map colours; the cells' own come from report.Viridis and
// report.DefendedColour.
var (
	colMapBackground = color.NRGBA{0xf4, 0xf7, 0xfb, 0xff} // outside the cells
	colPaper         = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	colHatch         = color.NRGBA{0x8c, 0x8c, 0x8c, 0xff}
	colNone          = report.DefendedColour(0) // grey: not seen, or defended against none
	colGraticule     = color.NRGBA{0x60, 0x70, 0x80, 0x60}
	colCoast         = color.NRGBA{0x20, 0x20, 0x20, 0xff}
	colFrame         = color.NRGBA{0x40, 0x40, 0x40, 0xff}
	colSite          = color.NRGBA{0xd6, 0x27, 0x28, 0xff} // the sensor or battery
	colAsset         = color.NRGBA{0x1f, 0x4e, 0xb4, 0xff}
	colLabelBox      = color.NRGBA{0xff, 0xff, 0xff, 0xd8}
)

// hatchPx is the spacing of the diagonals of a cell without a trajectory,
// in pixels of the PNG.
const hatchPx = 6

// mapCell is a cell as drawn: its box in degrees and its colour, or
// hatched.
type mapCell struct {
	latMin, latMax, lonMin, lonMax float64
	col                            color.NRGBA
	hatch                          bool
}

// mapMark is a point of the map: a glyph and a label beside it.
type mapMark struct {
	pos   geo.LLA
	shape draw.GlyphDrawer
	col   color.Color
	label string
}

// mapSpec is what a map shows.
type mapSpec struct {
	title  string
	cells  []mapCell
	marks  []mapMark // the last on top
	legend []legendItem
}

// view is the part of the globe a map shows, degrees.
type view struct{ lonLo, lonHi, latLo, latHi float64 }

// newView is the view of every point and every cell, padded by margin on
// whole degrees and clamped to the globe.
func newView(margin float64, points []geo.LLA, cells []mapCell) view {
	v := view{report.Lon180(points[0].LonDeg), report.Lon180(points[0].LonDeg), points[0].LatDeg, points[0].LatDeg}
	grow := func(lat, lon float64) {
		v.lonLo, v.lonHi = math.Min(v.lonLo, lon), math.Max(v.lonHi, lon)
		v.latLo, v.latHi = math.Min(v.latLo, lat), math.Max(v.latHi, lat)
	}
	for _, p := range points[1:] {
		grow(p.LatDeg, report.Lon180(p.LonDeg))
	}
	for _, c := range cells {
		grow(c.latMin, c.lonMin)
		grow(c.latMax, c.lonMax)
	}
	v.lonLo = math.Max(-180, math.Floor(v.lonLo-margin))
	v.lonHi = math.Min(180, math.Ceil(v.lonHi+margin))
	v.latLo = math.Max(-90, math.Floor(v.latLo-margin))
	v.latHi = math.Min(90, math.Ceil(v.latHi+margin))
	return v
}

// WriteCoverageMap draws the coverage map of c to w in format (png or
// svg): the cells coloured by their time in view (viridis, 0 to the
// longest), grey where the sensor never sees the trajectory and hatched
// where there is none, the sensor (red triangle) and the fixed launch or
// aim point (black disc).
func WriteCoverageMap(w io.Writer, format string, c *report.Coverage, opt report.MapOptions) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return writeMap(w, format, coverageSpec(c), []geo.LLA{c.Site, c.Fixed}, opt)
}

// coverageSpec is what the coverage map of c shows.
func coverageSpec(c *report.Coverage) mapSpec {
	maxSeen := 0.0
	for _, cell := range c.Cells {
		if cell.Solved && cell.Seen {
			maxSeen = math.Max(maxSeen, cell.SeenS)
		}
	}
	s := mapSpec{title: c.Title}
	for _, cell := range c.Cells {
		mc := mapCell{latMin: cell.LatMinDeg, latMax: cell.LatMaxDeg, lonMin: cell.LonMinDeg, lonMax: cell.LonMaxDeg}
		switch {
		case !cell.Solved:
			mc.hatch = true
		case !cell.Seen:
			mc.col = colNone
		case maxSeen > 0:
			mc.col = report.Viridis(cell.SeenS / maxSeen)
		default:
			mc.col = report.Viridis(0)
		}
		s.cells = append(s.cells, mc)
	}
	s.marks = []mapMark{
		{pos: c.Fixed, shape: draw.CircleGlyph{}, col: color.Black, label: c.FixedRole + " point"},
		{pos: c.Site, shape: draw.PyramidGlyph{}, col: colSite, label: "sensor " + c.SensorID},
	}
	// A bar from 0 to the longest time; 1 s when nothing is seen, so that
	// the bar still has a length.
	what := "time in view, s (longest " + strconv.FormatFloat(maxSeen, 'f', 0, 64) + " s)"
	s.legend = []legendItem{
		colourBar(what, math.Max(maxSeen, 1), report.Viridis),
		swatch(colNone, false, "not seen"),
		swatch(colPaper, true, "no trajectory"),
	}
	return s
}

// maxLegendSwatches is the most classes of a footprint's legend listed
// one by one; more points are shown as a bar.
const maxLegendSwatches = 8

// WriteFootprintMap draws the footprint map of f to w in format (png or
// svg): the cells coloured by the fraction of points defended against
// (report.DefendedColour), hatched where no trajectory flies, the battery
// (red triangle), and the launch points (black discs) or assets (blue
// squares).
func WriteFootprintMap(w io.Writer, format string, f *report.Footprint, opt report.MapOptions) error {
	if err := f.Validate(); err != nil {
		return err
	}
	pts := []geo.LLA{f.Site}
	for _, p := range f.Points {
		pts = append(pts, p.Pos)
	}
	return writeMap(w, format, footprintSpec(f), pts, opt)
}

// footprintSpec is what the footprint map of f shows.
func footprintSpec(f *report.Footprint) mapSpec {
	s := mapSpec{title: f.Title}
	for _, c := range f.Cells {
		mc := mapCell{latMin: c.LatMinDeg, latMax: c.LatMaxDeg, lonMin: c.LonMinDeg, lonMax: c.LonMaxDeg, hatch: c.Total == 0}
		if !mc.hatch {
			mc.col = report.DefendedColour(c.Fraction())
		}
		s.cells = append(s.cells, mc)
	}
	shape, col := draw.GlyphDrawer(draw.CircleGlyph{}), color.Color(color.Black)
	if f.CellRole == "launch" {
		shape, col = draw.BoxGlyph{}, colAsset
	}
	for _, p := range f.Points {
		s.marks = append(s.marks, mapMark{pos: p.Pos, shape: shape, col: col, label: p.Name})
	}
	s.marks = append(s.marks, mapMark{pos: f.Site, shape: draw.PyramidGlyph{}, col: colSite, label: "battery " + f.BatteryID})

	// Cells whose trajectories do not all fly are coloured by the fraction
	// of those that do; the legend's classes are those of every point.
	n := len(f.Points)
	what := "defended against (of " + strconv.Itoa(n) + " launch points)"
	if f.CellRole == "launch" {
		what = "assets defended (of " + strconv.Itoa(n) + ")"
	}
	if n <= maxLegendSwatches {
		s.legend = append(s.legend, legendText(what+":"))
		for k := n; k >= 0; k-- {
			label := strconv.Itoa(k)
			switch k {
			case 0:
				label = "none"
			case n:
				label = "all " + label
			}
			s.legend = append(s.legend, swatch(report.DefendedColour(float64(k)/float64(n)), false, label))
		}
	} else {
		frac := func(v float64) color.NRGBA { return report.DefendedColour(v) }
		s.legend = append(s.legend, colourBar(what, float64(n), frac), swatch(colNone, false, "none"))
	}
	s.legend = append(s.legend, swatch(colPaper, true, "no trajectory"))
	return s
}

// writeMap lays out and draws the map of s, showing points, to w.
func writeMap(w io.Writer, format string, s mapSpec, points []geo.LLA, opt report.MapOptions) error {
	opt, err := opt.Resolve()
	if err != nil {
		return err
	}
	fig, width, height, err := newMapFigure(s, newView(opt.MarginDeg, points, s.cells), opt.WidthPx)
	if err != nil {
		return err
	}
	b, err := Render(fig, width, height, format)
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("plots: writing the map: %w", err)
	}
	return nil
}

// Map layout, points.
const (
	mapPad    = vg.Length(6)  // around the figure
	legendGap = vg.Length(8)  // between the map and the legend
	itemGap   = vg.Length(14) // between legend items
)

// px is the length of a PNG pixel.
const px = vg.Inch / dpi

// mapFigure is a laid-out map: the map plot over its legend.
type mapFigure struct {
	p             *plot.Plot
	mapW, mapH    vg.Length // size of the map plot, title and axes included
	legendX       vg.Length // the legend's left edge from the map plot's
	legend        []placed
	width, height vg.Length
}

// newMapFigure lays out the map of s over v, widthPx pixels wide: the map
// plot is as tall as makes a degree of latitude as long as a degree of
// longitude in its data area.
func newMapFigure(s mapSpec, v view, widthPx int) (*mapFigure, vg.Length, vg.Length, error) {
	width := vg.Length(widthPx) * px
	inner := width - 2*mapPad
	lonSpan, latSpan := v.lonHi-v.lonLo, v.latHi-v.latLo
	p := plot.New()
	p.BackgroundColor = colPaper
	p.Title.Text = wrap(s.title, font.From(sans, 11), inner)
	p.Title.TextStyle.Font = font.From(sans, 11)
	p.Title.Padding = 6
	// Graticule lines no closer than a label's width, 45 points.
	step := graticuleStep(math.Max(lonSpan, latSpan), min(12, float64(inner/45)))
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = v.lonLo, v.lonHi, v.latLo, v.latHi
	p.X.Tick.Marker = degTicks{step, "E", "W"}
	p.Y.Tick.Marker = degTicks{step, "N", "S"}
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Padding = 0
		a.Tick.Label.Font = font.From(sans, 9)
		a.Color, a.Tick.Color = colFrame, colFrame
	}

	// The map plot's size: its data area whole pixels wide and as tall as
	// the view's degree spans make it for its width, to the nearest pixel.
	// The axes' sizes hardly depend on the plot's (a tick label near an end
	// may widen the padding), so a few rounds settle it.
	ratio := latSpan / lonSpan
	mapW, mapH := inner, inner*vg.Length(ratio)
	data := func() draw.Canvas {
		return p.DataCanvas(draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: mapW, Y: mapH}}})
	}
	for range 4 {
		d := data().Size()
		wantW := vg.Length(math.Floor(float64(d.X/px))) * px
		wantH := vg.Length(math.Round(float64(wantW/px)*ratio)) * px
		mapW += wantW - d.X
		mapH += wantH - d.Y
	}
	if mapH > 4*width {
		return nil, 0, 0, fmt.Errorf("plots: map view %g° tall and %g° wide is too narrow to draw", latSpan, lonSpan)
	}
	dc := data()
	left := dc.Min.X

	// One image for every cell, one pixel of it a pixel of the PNG: no
	// seams between cells, and the hatch's lines are a pixel wide.
	nx, ny := max(1, int(math.Round(float64(dc.Size().X/px)))), max(1, int(math.Round(float64(dc.Size().Y/px))))
	p.Add(plotter.NewImage(cellImage(s.cells, v, nx, ny), v.lonLo, v.latLo, v.lonHi, v.latHi))
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = colGraticule, colGraticule
	grid.Vertical.Width, grid.Horizontal.Width = 0.75, 0.75
	p.Add(grid, plotFunc(drawCoast), plotFunc(drawFrame), plotFunc(func(c draw.Canvas, p *plot.Plot) { drawMarks(c, p, s.marks) }))

	// The legend starts below the data area's left edge.
	legend, legendH := layoutLegend(s.legend, inner-left)
	height := mapPad + mapH + legendGap + legendH + mapPad
	height = vg.Length(math.Ceil(float64(height/px))) * px
	return &mapFigure{p: p, mapW: mapW, mapH: mapH, legendX: left, legend: legend, width: width, height: height}, width, height, nil
}

// Draw draws the map at the top of c, the legend below it; any rounding
// to whole pixels is left at the bottom. The map's data area starts on a
// pixel's edge, so that the cells' image is copied pixel for pixel.
func (f *mapFigure) Draw(c draw.Canvas) {
	mc := c
	mc.Min = vg.Point{X: c.Min.X + mapPad, Y: c.Max.Y - mapPad - f.mapH}
	mc.Max = vg.Point{X: mc.Min.X + f.mapW, Y: c.Max.Y - mapPad}
	dc := f.p.DataCanvas(mc)
	snap := func(v vg.Length) vg.Length { return vg.Length(math.Round(float64(v/px)))*px - v }
	shift := vg.Point{X: snap(dc.Min.X - c.Min.X), Y: snap(dc.Min.Y - c.Min.Y)}
	mc.Min, mc.Max = mc.Min.Add(shift), mc.Max.Add(shift)
	f.p.Draw(mc)
	for _, it := range f.legend {
		top := vg.Point{X: c.Min.X + mapPad + f.legendX + it.at.X, Y: mc.Min.Y - legendGap - it.at.Y}
		it.draw(c, vg.Rectangle{Min: vg.Point{X: top.X, Y: top.Y - it.size.Y}, Max: vg.Point{X: top.X + it.size.X, Y: top.Y}})
	}
}

// cellImage paints the cells over the view's background on an image of
// nx × ny pixels, north up. Edges are rounded once, from the same degrees,
// so that neighbouring cells meet without gaps or overlaps; hatches are
// anchored to the image, so neighbouring hatched cells continue each
// other's lines.
func cellImage(cells []mapCell, v view, nx, ny int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, nx, ny))
	for i := 0; i < len(img.Pix); i += 4 {
		copy(img.Pix[i:i+4], []uint8{colMapBackground.R, colMapBackground.G, colMapBackground.B, colMapBackground.A})
	}
	x := func(lon float64) int { return int(math.Round((lon - v.lonLo) / (v.lonHi - v.lonLo) * float64(nx))) }
	y := func(lat float64) int { return int(math.Round((v.latHi - lat) / (v.latHi - v.latLo) * float64(ny))) }
	for _, c := range cells {
		r := image.Rect(x(c.lonMin), y(c.latMax), x(c.lonMax), y(c.latMin)).Intersect(img.Rect)
		for j := r.Min.Y; j < r.Max.Y; j++ {
			for i := r.Min.X; i < r.Max.X; i++ {
				col := c.col
				if c.hatch {
					col = colPaper
					if (i+j)%hatchPx == 0 {
						col = colHatch
					}
				}
				img.SetNRGBA(i, j, col)
			}
		}
	}
	return img
}

// plotFunc draws a layer of a plot.
type plotFunc func(draw.Canvas, *plot.Plot)

func (f plotFunc) Plot(c draw.Canvas, p *plot.Plot) { f(c, p) }

// drawCoast strokes the coastline, clipped to the data area. A segment
// longer than half the globe in longitude would be a wrap across the
// antimeridian: the embedded data has none, but the line is broken there.
func drawCoast(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	style := draw.LineStyle{Color: colCoast, Width: 0.6}
	for _, pl := range report.Coastlines() {
		line := make([]vg.Point, 0, len(pl))
		for i, q := range pl {
			if i > 0 && math.Abs(q[0]-pl[i-1][0]) > 180 {
				c.StrokeLines(style, c.ClipLinesXY(line)...)
				line = line[:0]
			}
			line = append(line, vg.Point{X: trX(q[0]), Y: trY(q[1])})
		}
		c.StrokeLines(style, c.ClipLinesXY(line)...)
	}
}

// drawFrame outlines the data area.
func drawFrame(c draw.Canvas, _ *plot.Plot) {
	c.StrokeLines(draw.LineStyle{Color: colFrame, Width: 0.75}, outline(c.Rectangle))
}

// drawMarks draws each mark's glyph on a white halo, then every label on a
// white box beside its mark, over every glyph: right of the mark, or left
// where it would leave the map, and kept inside it.
func drawMarks(c draw.Canvas, p *plot.Plot, marks []mapMark) {
	trX, trY := p.Transforms(&c)
	at := func(m mapMark) vg.Point { return vg.Point{X: trX(report.Lon180(m.pos.LonDeg)), Y: trY(m.pos.LatDeg)} }
	for _, m := range marks {
		halo, radius := color.Color(colPaper), vg.Length(4.5)
		if _, ok := m.shape.(draw.PyramidGlyph); ok {
			halo, radius = color.Black, 6.5
		}
		c.DrawGlyph(draw.GlyphStyle{Color: halo, Radius: radius + 1.5, Shape: m.shape}, at(m))
		c.DrawGlyph(draw.GlyphStyle{Color: m.col, Radius: radius, Shape: m.shape}, at(m))
	}
	sty := textStyle(9)
	sty.YAlign = draw.YCenter
	const gap, pad = vg.Length(9), vg.Length(2)
	for _, m := range marks {
		pt := at(m)
		w, h := sty.Width(m.label), sty.Height(m.label)
		x := pt.X + gap
		if x+w+pad > c.Max.X {
			x = pt.X - gap - w
		}
		x = max(x, c.Min.X+pad)
		y := min(max(pt.Y, c.Min.Y+h/2+pad), c.Max.Y-h/2-pad)
		c.SetColor(colLabelBox)
		c.Fill(vg.Rectangle{Min: vg.Point{X: x - pad, Y: y - h/2 - pad/2}, Max: vg.Point{X: x + w + pad, Y: y + h/2 + pad/2}}.Path())
		c.FillText(sty, vg.Point{X: x, Y: y}, m.label)
	}
}

// outline is the corners of r, closed.
func outline(r vg.Rectangle) []vg.Point {
	return []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min}
}

// textStyle is the maps' text: Liberation Sans of size pt, black, from
// the left.
func textStyle(pt vg.Length) text.Style {
	return text.Style{Color: color.Black, Font: font.From(sans, pt), XAlign: draw.XLeft, Handler: plot.DefaultTextHandler}
}

// wrap breaks s between words into lines no wider than width in fnt.
func wrap(s string, fnt font.Font, width vg.Length) string {
	sty := text.Style{Font: fnt, Handler: plot.DefaultTextHandler}
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && sty.Width(line+" "+w) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		line = strings.TrimPrefix(line+" "+w, " ")
	}
	return strings.Join(append(lines, line), "\n")
}

// graticuleStep picks a line spacing giving at most maxLines lines, or as
// few as it can.
func graticuleStep(spanDeg, maxLines float64) float64 {
	for _, s := range []float64{1, 2, 5, 10, 15, 30} {
		if spanDeg/s <= maxLines {
			return s
		}
	}
	return 45
}

// degTicks marks an axis of degrees every step: "40°N", "0°", "20°W".
type degTicks struct {
	step     float64
	pos, neg string // the hemispheres of positive and negative values
}

func (d degTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for v := math.Ceil(lo/d.step) * d.step; v <= hi; v += d.step {
		label := strconv.FormatFloat(math.Abs(v), 'f', -1, 64) + "°"
		switch {
		case v > 0:
			label += d.pos
		case v < 0:
			label += d.neg
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
	}
	return ticks
}

// legendItem is one entry of a map's legend row.
type legendItem struct {
	size vg.Point                              // width and height
	draw func(c draw.Canvas, box vg.Rectangle) // box: where the layout put it
}

// placed is a legend item and where it goes: at, from the legend's
// top-left corner, x right and y down.
type placed struct {
	legendItem
	at vg.Point
}

// layoutLegend places the items left to right, on as many rows as the
// width needs, each item centred on its row and no wider than the width;
// it returns them and the legend's height.
func layoutLegend(items []legendItem, width vg.Length) ([]placed, vg.Length) {
	var out []placed
	var x, y, rowH vg.Length
	row := 0
	flush := func() {
		for i := row; i < len(out); i++ {
			out[i].at.Y = y + (rowH-out[i].size.Y)/2
		}
		y += rowH + 4
		x, rowH, row = 0, 0, len(out)
	}
	for _, it := range items {
		if x > 0 && x+it.size.X > width {
			flush()
		}
		it.size.X = min(it.size.X, width)
		out = append(out, placed{legendItem: it, at: vg.Point{X: x}})
		x += it.size.X + itemGap
		rowH = max(rowH, it.size.Y)
	}
	flush()
	return out, y - 4
}

// Legend sizes, points.
const (
	swatchW, swatchH = vg.Length(18), vg.Length(10)
	colourBarW       = vg.Length(200)
	colourBarH       = vg.Length(10)
)

// legendText is a line of text in the legend.
func legendText(s string) legendItem {
	sty := textStyle(9)
	sty.YAlign = draw.YTop
	return legendItem{
		size: vg.Point{X: sty.Width(s), Y: sty.Height(s)},
		draw: func(c draw.Canvas, box vg.Rectangle) { c.FillText(sty, vg.Point{X: box.Min.X, Y: box.Max.Y}, s) },
	}
}

// swatch is a legend entry: a framed box of col, hatched as the cells
// without a trajectory if hatch, and its label.
func swatch(col color.NRGBA, hatch bool, label string) legendItem {
	t := legendText(label)
	return legendItem{
		size: vg.Point{X: swatchW + 5 + t.size.X, Y: max(swatchH, t.size.Y)},
		draw: func(c draw.Canvas, r vg.Rectangle) {
			at, h := vg.Point{X: r.Min.X, Y: r.Max.Y}, r.Size().Y
			box := vg.Rectangle{Min: vg.Point{X: at.X, Y: at.Y - (h+swatchH)/2}, Max: vg.Point{X: at.X + swatchW, Y: at.Y - (h-swatchH)/2}}
			c.SetColor(col)
			c.Fill(box.Path())
			if hatch {
				// The cells' hatch, drawn with lines: diagonals every
				// hatchPx pixels, clipped to the box.
				cb := draw.Canvas{Canvas: c.Canvas, Rectangle: box}
				style := draw.LineStyle{Color: colHatch, Width: px}
				for d := -swatchH; d < swatchW; d += hatchPx * px {
					cb.StrokeLines(style, cb.ClipLinesXY([]vg.Point{{X: box.Min.X + d, Y: box.Max.Y}, {X: box.Min.X + d + swatchH, Y: box.Min.Y}})...)
				}
			}
			c.StrokeLines(draw.LineStyle{Color: colFrame, Width: 0.5}, outline(box))
			top := at.Y - (h-t.size.Y)/2
			t.draw(c, vg.Rectangle{Min: vg.Point{X: at.X + swatchW + 5, Y: top - t.size.Y}, Max: vg.Point{X: r.Max.X, Y: top}})
		},
	}
}

// colourBar is a legend entry: a bar of colour (of [0, 1]) from 0 to hi,
// its axis below it, ticked and labelled with what.
func colourBar(what string, hi float64, colour func(float64) color.NRGBA) legendItem {
	const n = 256
	img := image.NewNRGBA(image.Rect(0, 0, n, 1))
	for i := range n {
		img.SetNRGBA(i, 0, colour(float64(i)/(n-1)))
	}
	p := plot.New()
	p.BackgroundColor = nil
	p.Add(plotter.NewImage(img, 0, 0, hi, 1), plotFunc(drawFrame))
	p.HideY()
	p.X.Min, p.X.Max = 0, hi
	p.X.Padding = 0
	p.X.Tick.Marker = niceTicks{}
	p.X.Tick.Label.Font = font.From(sans, 9)
	p.X.Label.Text = what
	p.X.Label.TextStyle.Font = font.From(sans, 9)
	p.X.Label.Padding = 2
	// The axis's height: what the plot leaves of a canvas taller than the
	// bar. Tick labels overhang the bar's ends by half their width.
	trial := vg.Rectangle{Max: vg.Point{X: colourBarW, Y: 100}}
	dc := p.DataCanvas(draw.Canvas{Rectangle: trial})
	return legendItem{
		size: vg.Point{X: colourBarW, Y: colourBarH + 100 - dc.Size().Y},
		draw: func(c draw.Canvas, box vg.Rectangle) { p.Draw(draw.Canvas{Canvas: c.Canvas, Rectangle: box}) },
	}
}
