package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/jrmd/jrmd/internal/sim"
)

// MarkKind is what a mark of the engagement timeline shows.
type MarkKind int

// The marks of a threat's row. Launch and Impact are the raid's truth; the
// others are a nation's.
const (
	Launch            MarkKind = iota // the threat's launch
	Detection                         // a nation's first detection of it (any of its sensors)
	FirmTrack                         // a nation's first confirmed track of it
	SharedTrack                       // a nation's first track of it received from a partner
	InterceptorLaunch                 // an interceptor launch at it (each one)
	Kill                              // an intercept that killed it
	Miss                              // an intercept that missed it
	Impact                            // it reached the ground
	numMarkKinds
)

var markNames = [numMarkKinds]string{"launch", "first detection", "firm track", "shared track",
	"interceptor launch", "intercept: kill", "intercept: miss", "impact"}

// String is the mark's name in the figure's legend.
func (k MarkKind) String() string { return markNames[k] }

// Mark is one event on a threat's row: what, when (scenario s) and, for a
// nation's mark, which nation. InterceptS is, for an interceptor launch,
// the planned intercept time.
type Mark struct {
	Kind       MarkKind
	TS         float64
	Nation     string
	InterceptS float64
}

// Row is one threat's line of the timeline, its marks in the order of the
// event log (time order).
type Row struct {
	Threat string
	Marks  []Mark
}

// EndS is when the threat's flight ended in the log: its last kill or
// impact, else its last mark.
func (r Row) EndS() float64 {
	end := r.Marks[len(r.Marks)-1].TS
	for _, m := range r.Marks {
		if m.Kind == Kill || m.Kind == Impact {
			end = m.TS
		}
	}
	return end
}

// Timeline reduces a run's event log to one row per threat, in the order
// of their launches: the launch; each nation's first detection, first firm
// track and first shared track; every interceptor launch, kill and miss;
// the impact. Events of threats never launched in the log are left out.
func Timeline(events []sim.Event) []Row {
	var rows []Row
	idx := map[string]int{}
	type first struct {
		kind           MarkKind
		threat, nation string
	}
	seen := map[first]bool{}
	for _, e := range events {
		if e.Type == sim.EvThreatLaunch {
			if _, ok := idx[e.Threat]; !ok {
				idx[e.Threat] = len(rows)
				rows = append(rows, Row{Threat: e.Threat})
			}
		}
		i, ok := idx[e.Threat]
		if !ok {
			continue
		}
		m := Mark{TS: e.TS, Nation: e.Nation}
		switch e.Type {
		case sim.EvThreatLaunch:
			m.Kind = Launch
		case sim.EvDetection:
			m.Kind = Detection
		case sim.EvTrackConfirmed:
			m.Kind = FirmTrack
		case sim.EvTrackShared:
			m.Kind = SharedTrack
		case sim.EvLaunch:
			m.Kind, m.InterceptS = InterceptorLaunch, e.InterceptS
		case sim.EvKill:
			m.Kind = Kill
		case sim.EvMiss:
			m.Kind = Miss
		case sim.EvImpact:
			m.Kind = Impact
		default:
			continue
		}
		switch m.Kind {
		case Detection, FirmTrack, SharedTrack:
			k := first{m.Kind, e.Threat, e.Nation}
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		rows[i].Marks = append(rows[i].Marks, m)
	}
	return rows
}

// Nations returns the nations named by the rows' marks, sorted: the order
// of the figure's colours and of the offsets within a row.
func Nations(rows []Row) []string {
	var ns []string
	for _, r := range rows {
		for _, m := range r.Marks {
			if m.Nation != "" && !slices.Contains(ns, m.Nation) {
				ns = append(ns, m.Nation)
			}
		}
	}
	slices.Sort(ns)
	return ns
}

// palette is Okabe and Ito's colour-blind-safe set ("Color universal
// design", 2002), without its black (the truth's colour here) and with its
// yellow last (faint on white).
var palette = []color.Color{
	color.RGBA{0x00, 0x72, 0xb2, 0xff}, // blue
	color.RGBA{0xd5, 0x5e, 0x00, 0xff}, // vermillion
	color.RGBA{0x00, 0x9e, 0x73, 0xff}, // bluish green
	color.RGBA{0xcc, 0x79, 0xa7, 0xff}, // reddish purple
	color.RGBA{0xe6, 0x9f, 0x00, 0xff}, // orange
	color.RGBA{0x56, 0xb4, 0xe9, 0xff}, // sky blue
	color.RGBA{0xf0, 0xe4, 0x42, 0xff}, // yellow
}

// nationColor is the colour of the i-th nation (palette repeats past 7).
func nationColor(i int) color.Color { return palette[i%len(palette)] }

var (
	black = color.Gray{0x00}
	grey  = color.Gray{0xa0}
	red   = color.RGBA{0xc0, 0x00, 0x00, 0xff}
)

// markStyles are the glyphs of the marks; a nation's mark takes its
// nation's colour, Launch and Impact black.
var markStyles = [numMarkKinds]draw.GlyphStyle{
	Launch:            {Shape: draw.PyramidGlyph{}, Radius: vg.Points(4)},
	Detection:         {Shape: draw.RingGlyph{}, Radius: vg.Points(3)},
	FirmTrack:         {Shape: draw.SquareGlyph{}, Radius: vg.Points(3)},
	SharedTrack:       {Shape: draw.PlusGlyph{}, Radius: vg.Points(3.5)},
	InterceptorLaunch: {Shape: draw.TriangleGlyph{}, Radius: vg.Points(4)},
	Kill:              {Shape: draw.CircleGlyph{}, Radius: vg.Points(4.5)},
	Miss:              {Shape: draw.CrossGlyph{}, Radius: vg.Points(4)},
	Impact:            {Shape: draw.BoxGlyph{}, Radius: vg.Points(4)},
}

// maxRows is the most threats a timeline draws: past it the rows are too
// thin to read (the title says how many were left out).
const maxRows = 60

// rowY is the y of row i of n: the first threat at the top.
func rowY(i, n int) float64 { return float64(n - 1 - i) }

// nationOffset spreads the nations' marks of one row over ±0.3 of the row
// height so that marks at the same time stay visible.
func nationOffset(j, n int) float64 {
	if n < 2 {
		return 0
	}
	return 0.3 - 0.6*float64(j)/float64(n-1)
}

// TimelinePlot draws the rows: one line per threat from launch to the end
// of its flight, its marks on it (a nation's in its colour, offset by
// nation within the row), a dotted line from each interceptor launch to
// its planned intercept.
func TimelinePlot(rows []Row, title string) (*plot.Plot, error) {
	shown := rows
	if len(rows) > maxRows {
		shown = rows[:maxRows]
		title += fmt.Sprintf(" (first %d of %d threats)", maxRows, len(rows))
	}
	if len(shown) == 0 {
		return nil, fmt.Errorf("plots: no threat was launched: nothing to draw")
	}
	p := newPlot(title, "time, s (scenario clock)", "")
	n := len(shown)
	nations := Nations(shown)
	names := make([]string, n)
	for i, r := range shown {
		names[n-1-i] = r.Threat
	}
	p.NominalY(names...)
	p.Y.Padding = 0
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.Add(plotter.NewGrid())

	// Points per mark kind and nation (nation index len(nations): none).
	pts := make([][]plotter.XYs, numMarkKinds)
	for k := range pts {
		pts[k] = make([]plotter.XYs, len(nations)+1)
	}
	for i, r := range shown {
		y := rowY(i, n)
		flight := plotter.XYs{{X: r.Marks[0].TS, Y: y}, {X: r.EndS(), Y: y}}
		if err := addLine(p, flight, grey, 1.5, nil); err != nil {
			return nil, err
		}
		for _, m := range r.Marks {
			j := len(nations)
			yy := y
			if m.Nation != "" {
				j = slices.Index(nations, m.Nation)
				yy += nationOffset(j, len(nations))
			}
			pts[m.Kind][j] = append(pts[m.Kind][j], plotter.XY{X: m.TS, Y: yy})
			if m.Kind == InterceptorLaunch && m.InterceptS > m.TS {
				fly := plotter.XYs{{X: m.TS, Y: yy}, {X: m.InterceptS, Y: yy}}
				if err := addLine(p, fly, nationColor(j), 1, []vg.Length{vg.Points(1), vg.Points(2)}); err != nil {
					return nil, err
				}
			}
		}
	}
	for k := range numMarkKinds {
		for j, xys := range pts[k] {
			if len(xys) == 0 {
				continue
			}
			s, err := plotter.NewScatter(xys)
			if err != nil {
				return nil, fmt.Errorf("plots: %w", err)
			}
			s.GlyphStyle = markStyles[k]
			s.GlyphStyle.Color = black
			if j < len(nations) {
				s.GlyphStyle.Color = nationColor(j)
			} else if k == Impact {
				s.GlyphStyle.Color = red
			}
			p.Add(s)
		}
	}
	// The legend: each kind present in black, then each nation's colour.
	for k := range numMarkKinds {
		present := false
		for _, xys := range pts[k] {
			present = present || len(xys) > 0
		}
		if !present {
			continue
		}
		sty := markStyles[k]
		sty.Color = black
		if k == Impact {
			sty.Color = red
		}
		p.Legend.Add(k.String(), glyphThumb(sty))
	}
	for j, nat := range nations {
		p.Legend.Add(nat, glyphThumb(draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: vg.Points(4), Color: nationColor(j)}))
	}
	p.Legend.Top = true
	// Room on the right for the legend: a fifth more time than the flights.
	p.X.Min = math.Min(p.X.Min, 0)
	p.X.Max = roundUp(p.X.Max + 0.25*(p.X.Max-p.X.Min))
	return p, nil
}

// roundUp rounds x > 0 up to a multiple of half its power of ten (2625 to
// 3000, 140 to 150), an axis end the tick marker labels.
func roundUp(x float64) float64 {
	if !(x > 0) {
		return x
	}
	unit := math.Pow(10, math.Floor(math.Log10(x))) / 2
	return math.Ceil(x/unit) * unit
}

// glyphThumb is a legend thumbnail showing one glyph.
type glyphThumb draw.GlyphStyle

func (g glyphThumb) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(draw.GlyphStyle(g), c.Center())
}

// addLine adds a polyline to p.
func addLine(p *plot.Plot, xys plotter.XYs, c color.Color, widthPt float64, dashes []vg.Length) error {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	l.LineStyle.Color = c
	l.LineStyle.Width = vg.Points(widthPt)
	l.LineStyle.Dashes = dashes
	p.Add(l)
	return nil
}
