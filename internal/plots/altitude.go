package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/jrmd/jrmd/internal/sim"
	"github.com/jrmd/jrmd/internal/states"
)

// Curve kinds.
const (
	ThreatCurve      = "threat"
	InterceptorCurve = "interceptor"
)

// Curve is one object's altitude against time.
type Curve struct {
	Kind string // ThreatCurve or InterceptorCurve
	// ID: the threat's id; of an interceptor salvo, its id (BATTERY/N, as
	// the state table and events.jsonl name it).
	ID     string
	Nation string // an interceptor's nation
	// Points: X the scenario time, s; Y the altitude, km.
	Points plotter.XYs
	// Target: of an interceptor, the threat it flew at ("" if not known).
	Target string
}

// StateCurves returns a run's altitude curves from its state table
// (sim.Options.States): each threat as it flew, from its launch to its
// kill or impact, and each interceptor salvo from its launch to its
// intercept, drawn through the table's samples (tracks are left out),
// threats in the order of their first samples. An interceptor salvo's
// Target is the threat its interceptor_launch event names.
func StateCurves(samples []states.Sample, events []sim.Event) []Curve {
	type object struct {
		kind       states.Kind
		id, nation string
	}
	target := map[object]string{}
	for _, e := range events {
		if e.Type == sim.EvLaunch && e.Salvo != "" {
			target[object{states.Interceptor, e.Salvo, e.Nation}] = e.Threat
		}
	}
	var order []object
	byObj := map[object][]states.Sample{}
	for _, s := range samples {
		if s.Kind != states.Threat && s.Kind != states.Interceptor {
			continue
		}
		o := object{s.Kind, s.ID, s.Nation}
		if _, ok := byObj[o]; !ok {
			order = append(order, o)
		}
		byObj[o] = append(byObj[o], s)
	}
	var threats, interceptors []Curve
	for _, o := range order {
		c := Curve{Kind: ThreatCurve, ID: o.id}
		if o.kind == states.Interceptor {
			c.Kind, c.Nation, c.Target = InterceptorCurve, o.nation, target[o]
		}
		for _, s := range byObj[o] {
			c.Points = append(c.Points, plotter.XY{X: s.TS, Y: s.AltM / 1e3})
		}
		if c.Kind == ThreatCurve {
			threats = append(threats, c)
		} else {
			interceptors = append(interceptors, c)
		}
	}
	return append(threats, interceptors...)
}

// AltitudePlot draws the curves: each threat a solid line in a colour of
// its own, each interceptor dashed in the colour of the threat it was
// launched at.
func AltitudePlot(curves []Curve, title string) (*plot.Plot, error) {
	if len(curves) == 0 {
		return nil, fmt.Errorf("plots: no flight to draw")
	}
	p := newPlot(title, "time, s (scenario clock)", "altitude, km")
	p.Add(plotter.NewGrid())
	colour := map[string]int{} // threat id → palette index
	var threats []string
	dashes := []vg.Length{vg.Points(4), vg.Points(2)}
	interceptors := false
	top := 0.0
	for _, c := range curves {
		if c.Kind == ThreatCurve {
			colour[c.ID] = len(threats)
			threats = append(threats, c.ID)
			if err := addLine(p, c.Points, nationColor(colour[c.ID]), 1.5, nil); err != nil {
				return nil, err
			}
		}
		for _, pt := range c.Points {
			top = math.Max(top, pt.Y)
		}
	}
	for _, c := range curves {
		if c.Kind != InterceptorCurve {
			continue
		}
		var col color.Color = black // its threat not known
		if j, ok := colour[c.Target]; ok {
			col = nationColor(j)
		}
		if err := addLine(p, c.Points, col, 1.2, dashes); err != nil {
			return nil, err
		}
		interceptors = true
	}
	entries := 0
	if len(threats) <= maxLegendThreats {
		for _, id := range threats {
			p.Legend.Add(id, lineThumb(nationColor(colour[id]), nil))
			entries++
		}
	} else {
		p.Legend.Add(fmt.Sprintf("%d threats (colours repeat)", len(threats)), lineThumb(black, nil))
		entries++
	}
	if interceptors {
		p.Legend.Add("interceptor (colour of its threat)", lineThumb(black, dashes))
		entries++
	}
	p.Legend.Top = true
	// Room above the flights for the legend, a line of 9-point text each.
	p.Y.Min = math.Min(p.Y.Min, 0)
	p.Y.Max = top * (1.1 + 0.065*float64(entries))
	return p, nil
}

// maxLegendThreats is the most threats the altitude legend names one by
// one.
const maxLegendThreats = 10

// lineThumb is a legend thumbnail showing a line.
func lineThumb(c color.Color, dashes []vg.Length) plot.Thumbnailer {
	return &plotter.Line{LineStyle: draw.LineStyle{Color: c, Width: vg.Points(1.5), Dashes: dashes}}
}
