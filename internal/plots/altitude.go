package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/internal/scenario"
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
	// ID: the threat's id; for an interceptor, "battery→threat".
	ID     string
	Nation string // an interceptor's nation
	// Points: X the scenario time, s; Y the altitude, km.
	Points plotter.XYs
	// Target: of an interceptor, the threat it flew at ("" if not known).
	Target string
	// Chord: the interceptor's path is not known, only its launch and
	// its intercept; Points are those two, joined by a straight line.
	Chord bool
}

// altitudeStepS is the sample interval of the threats' curves: fine
// enough for a smooth boost (a burn lasts 60 s or more).
const altitudeStepS = 5.0

// Altitudes returns the altitude curves of a run. From its state table
// (sim.Options.States), when it has threats or interceptors: each one's
// samples (StateCurves). Otherwise from its events: each threat flown as
// the run flew it (scenario.Flight, the same request), from its launch to
// its kill or impact in the log; and each interceptor launch as a chord
// from its battery at launch to the threat's altitude at the planned
// intercept.
func Altitudes(f *scenario.File, res *sim.Result) ([]Curve, error) {
	if cs := StateCurves(res.States); len(cs) > 0 {
		return cs, nil
	}
	areas := map[string]scenario.Position{}
	for _, a := range f.LaunchAreas {
		areas[a.ID] = a.Site
	}
	assets := map[string]scenario.Position{}
	for _, a := range f.Assets {
		assets[a.ID] = a.Site
	}
	batteries := map[string]scenario.Position{}
	for _, b := range f.Batteries {
		batteries[b.ID] = b.Site
	}
	rows := map[string]*scenario.Threat{}
	for i := range f.Threats {
		rows[f.Threats[i].ID] = &f.Threats[i]
	}
	// The end of each threat's flight in the log.
	end := map[string]float64{}
	for _, e := range res.Events {
		if e.Type == sim.EvKill || e.Type == sim.EvImpact {
			if _, ok := end[e.Threat]; !ok {
				end[e.Threat] = e.TS
			}
		}
	}
	flights := map[string]*ballistic.Trajectory{}
	type flown struct {
		tr      *ballistic.Trajectory
		launchS float64
	}
	byThreat := map[string]flown{}
	var curves []Curve
	for _, ts := range res.Summary.Threats {
		row := rows[strings.SplitN(ts.ID, "#", 2)[0]] // a salvo's missiles are ID#k
		if row == nil {
			return nil, fmt.Errorf("plots: threat %s of the run is not in scenario %s", ts.ID, f.Name)
		}
		key, req := scenario.Flight(f.Earth, areas[row.From].LLA(), assets[row.To].LLA(), *row)
		tr := flights[key]
		if tr == nil {
			req.StepS = altitudeStepS
			sol, err := ballistic.Solve(req)
			if err != nil {
				return nil, fmt.Errorf("plots: threat %s: %w", ts.ID, err)
			}
			tr = &sol
			flights[key] = tr
		}
		byThreat[ts.ID] = flown{tr, ts.LaunchS}
		stop, ok := end[ts.ID]
		if !ok {
			stop = ts.LaunchS + tr.FlightTimeS
		}
		c := Curve{Kind: ThreatCurve, ID: ts.ID}
		for _, s := range tr.Samples {
			if t := ts.LaunchS + s.TS; t < stop {
				c.Points = append(c.Points, plotter.XY{X: t, Y: s.Pos.AltM / 1e3})
			}
		}
		// The log's times are rounded to the millisecond: an impact may
		// fall a hair after the flight's end.
		if alt, ok := altitudeAt(f, tr, math.Min(stop-ts.LaunchS, tr.FlightTimeS)); ok {
			c.Points = append(c.Points, plotter.XY{X: stop, Y: alt / 1e3})
		}
		curves = append(curves, c)
	}
	for _, e := range res.Events {
		if e.Type != sim.EvLaunch {
			continue
		}
		fl, ok := byThreat[e.Threat]
		site, okB := batteries[e.Battery]
		if !ok || !okB {
			return nil, fmt.Errorf("plots: interceptor launch by %s at %s: not in scenario %s", e.Battery, e.Threat, f.Name)
		}
		alt, ok := altitudeAt(f, fl.tr, e.InterceptS-fl.launchS)
		if !ok {
			continue // no planned intercept within the flight
		}
		curves = append(curves, Curve{Kind: InterceptorCurve, ID: e.Battery + "→" + e.Threat, Nation: e.Nation, Target: e.Threat, Chord: true,
			Points: plotter.XYs{{X: e.TS, Y: site.AltM / 1e3}, {X: e.InterceptS, Y: alt / 1e3}}})
	}
	return curves, nil
}

// StateCurves returns the threats' and interceptors' altitude curves from
// a run's state table (tracks are left out), threats in the order of
// their first samples. An interceptor salvo's Target is the threat
// nearest its last sample, at the threat's sample nearest in time: the
// salvo's path ends at its planned intercept.
func StateCurves(samples []states.Sample) []Curve {
	type object struct {
		kind states.Kind
		id   string
	}
	var order []object
	byObj := map[object][]states.Sample{}
	for _, s := range samples {
		if s.Kind != states.Threat && s.Kind != states.Interceptor {
			continue
		}
		o := object{s.Kind, s.ID}
		if _, ok := byObj[o]; !ok {
			order = append(order, o)
		}
		byObj[o] = append(byObj[o], s)
	}
	var threats, interceptors []Curve
	for _, o := range order {
		ss := byObj[o]
		c := Curve{Kind: ThreatCurve, ID: o.id}
		if o.kind == states.Interceptor {
			c.Kind, c.Nation = InterceptorCurve, ss[0].Nation
			c.Target = nearestThreat(ss[len(ss)-1], order, byObj)
		}
		for _, s := range ss {
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

// nearestThreat returns the id of the threat whose sample nearest in time
// to s is nearest s in space.
func nearestThreat[O comparable](s states.Sample, order []O, byObj map[O][]states.Sample) string {
	best, id := math.Inf(1), ""
	for _, o := range order {
		ss := byObj[o]
		if ss[0].Kind != states.Threat {
			continue
		}
		i := sort.Search(len(ss), func(i int) bool { return ss[i].TS >= s.TS })
		if i == len(ss) || (i > 0 && s.TS-ss[i-1].TS < ss[i].TS-s.TS) {
			i--
		}
		t := ss[i]
		if d := math.Hypot(math.Hypot(t.X-s.X, t.Y-s.Y), t.Z-s.Z); d < best {
			best, id = d, t.ID
		}
	}
	return id
}

// altitudeAt is the altitude of a flight tS after its launch.
func altitudeAt(f *scenario.File, tr *ballistic.Trajectory, tS float64) (float64, bool) {
	pos, _, ok := tr.StateAt(tS)
	if !ok {
		return 0, false
	}
	return f.Earth.ToLLA(pos).AltM, true
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
	chord, interceptors := false, false
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
		chord = chord || c.Chord
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
		what := "interceptor (colour of its threat)"
		if chord {
			what = "interceptor, launch to intercept, straight"
		}
		p.Legend.Add(what, lineThumb(black, dashes))
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
