package plots

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/jrmd/jrmd/internal/stat"
	"github.com/jrmd/jrmd/internal/study"
)

// Distribution is one metric of a comparison: its value in every run of
// every level and the interval compare reports for each level.
type Distribution struct {
	// Key names the metric as compare --json does (times: "time_" and the
	// timing's key); the figure's file is compare-Key.
	Key   string
	Title string // what the metric is, as compare prints it
	Unit  string // the y axis's label
	// Proportion: the values are 0 or 1 and the estimate a proportion
	// (the y axis spans 0 to 1).
	Proportion bool
	// Floor, Ceiling: the y axis's least span, from a count's 0 to, for
	// a count of threats, their number (NaN: the data's).
	Floor, Ceiling float64
	// Over: for a timing, the threats averaged over (compare's set).
	Over   string
	Levels []string
	// Runs[l] holds level l's value in each run, in seed order; nil where
	// the metric has no value at that level (a timing that never happened).
	Runs [][]float64
	// Intervals[l] is level l's estimate with its interval, as compare
	// --json reports it.
	Intervals []stat.Interval
}

var runTitles = [study.NumRunMetrics]string{"Threats killed", "Leakers", "Interceptors spent", "Duplicate engagements",
	"Threats warned", "Threats with a firm track", "Threats with a shared track", "Threats engaged"}

var timeTitles = [study.NumTimings]string{"Defender warned", "First firm track", "First shared track",
	"First interceptor launch", "Battlespace at first engagement"}

// Distributions returns the metrics compare reports, each with its runs
// and intervals: the per-run counts (mean, Student t), the proportion of
// runs without a leaker (Wilson score) and the times over compare's sets
// of threats (each run's mean over the set; mean of the runs, Student t).
func Distributions(c *study.Comparison, a *study.Analysis) []Distribution {
	levels := make([]string, len(c.Levels))
	for l, lv := range c.Levels {
		levels[l] = lv.String()
	}
	var ds []Distribution
	for m := range study.NumRunMetrics {
		d := Distribution{Key: m.String(), Title: runTitles[m], Unit: "per run", Levels: levels, Floor: 0, Ceiling: math.NaN()}
		if m != study.Spent && m != study.Duplicates {
			d.Unit = fmt.Sprintf("per run, of %d threats", len(c.Threats))
			d.Ceiling = float64(len(c.Threats))
		}
		for l := range c.Levels {
			xs := make([]float64, len(c.Records[l]))
			for r := range c.Records[l] {
				xs[r] = c.Records[l][r].Value(m)
			}
			d.Runs = append(d.Runs, xs)
			d.Intervals = append(d.Intervals, a.Levels[l].Run[m])
		}
		ds = append(ds, d)
	}
	d := Distribution{Key: "p_no_leaker", Title: "Runs without a leaker", Unit: "proportion; a run: 1 without a leaker, 0 with", Levels: levels,
		Proportion: true, Floor: 0, Ceiling: 1}
	for l := range c.Levels {
		xs := make([]float64, len(c.Records[l]))
		for r := range c.Records[l] {
			if c.Records[l][r].Leakers == 0 {
				xs[r] = 1
			}
		}
		d.Runs = append(d.Runs, xs)
		d.Intervals = append(d.Intervals, a.Levels[l].NoLeaker)
	}
	ds = append(ds, d)
	for k := range study.NumTimings {
		ts := &a.Times[k]
		d := Distribution{Key: "time_" + k.String(), Title: timeTitles[k], Unit: "s after the threat's launch, mean over the set", Levels: levels,
			Floor: math.NaN(), Ceiling: math.NaN()}
		if k == study.Battlespace {
			d.Unit = "s, mean over the set"
		}
		switch ids := c.SetIDs(ts); {
		case len(ids) == len(c.Threats):
			d.Over = "all threats"
		case len(ids) == 0:
			d.Over = "no threat"
		case len(ids) > maxNamedSet:
			d.Over = fmt.Sprintf("%d of %d threats", len(ids), len(c.Threats))
		default:
			d.Over = strings.Join(ids, ", ")
		}
		for l := range c.Levels {
			d.Runs = append(d.Runs, c.RunTimes(ts, l))
			d.Intervals = append(d.Intervals, ts.Mean[l])
		}
		ds = append(ds, d)
	}
	return ds
}

// maxNamedSet is the most threats a timing's title names one by one.
const maxNamedSet = 4

// methodNames are the interval methods as the figures name them.
var methodNames = map[string]string{
	stat.StudentT:    "Student t",
	stat.PairedT:     "paired t",
	stat.WilsonScore: "Wilson score",
	stat.Newcombe10:  "Newcombe's method 10",
}

// Strip returns the points of level l's strip: x is l plus a spread that
// sets equal values side by side, in seed order, within ±0.3; y the value.
func (d Distribution) Strip(l int) plotter.XYs {
	xs := d.Runs[l]
	count := map[float64]int{}
	for _, x := range xs {
		count[x]++
	}
	most := 0
	for _, n := range count {
		most = max(most, n)
	}
	step := 0.0
	if most > 1 {
		step = math.Min(0.6/float64(most-1), 0.08)
	}
	placed := map[float64]int{}
	pts := make(plotter.XYs, len(xs))
	for r, x := range xs {
		k := placed[x]
		placed[x]++
		pts[r] = plotter.XY{X: float64(l) - 0.1 + step*(float64(k)-float64(count[x]-1)/2), Y: x}
	}
	return pts
}

// intervalX is where a level's estimate and interval are drawn: right of
// its strip.
func intervalX(l int) float64 { return float64(l) + 0.3 }

// errorBars draws estimates with their intervals.
type errorBars struct {
	plotter.XYs
	plotter.YErrors
}

// DistributionPlot draws one metric: per level the runs as grey dots (a
// strip) and, beside them, the estimate with its interval as an error bar,
// labelled with the method and sample size.
func DistributionPlot(d Distribution, conf float64) (*plot.Plot, error) {
	title := d.Title
	if d.Over != "" {
		title += " (over " + d.Over + ")"
	}
	p := newPlot(title, "integration level", d.Unit)
	p.Title.TextStyle.Font = font.From(sans, 11)
	p.NominalX(d.Levels...)
	p.Add(plotter.NewGrid())
	var est errorBars
	var points plotter.XYs // estimates without an interval
	methods := map[string]bool{}
	n := 0
	for l := range d.Levels {
		if len(d.Runs[l]) > 0 {
			s, err := plotter.NewScatter(d.Strip(l))
			if err != nil {
				return nil, fmt.Errorf("plots: %s: %w", d.Key, err)
			}
			s.GlyphStyle = draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: vg.Points(2), Color: grey}
			p.Add(s)
		}
		iv := d.Intervals[l]
		if math.IsNaN(iv.Estimate) {
			continue
		}
		n = max(n, iv.N)
		pt := plotter.XY{X: intervalX(l), Y: iv.Estimate}
		if math.IsNaN(iv.Lo) {
			points = append(points, pt)
			continue
		}
		methods[methodNames[iv.Method]] = true
		est.XYs = append(est.XYs, pt)
		est.YErrors = append(est.YErrors, struct{ Low, High float64 }{iv.Estimate - iv.Lo, iv.Hi - iv.Estimate})
	}
	key := fmt.Sprintf("● estimate (n = %d, no interval)", n)
	if len(est.XYs) > 0 {
		bars, err := plotter.NewYErrorBars(est)
		if err != nil {
			return nil, fmt.Errorf("plots: %s: %w", d.Key, err)
		}
		bars.LineStyle.Width = vg.Points(1.5)
		bars.CapWidth = vg.Points(8)
		p.Add(bars)
		points = append(points, est.XYs...)
		key = fmt.Sprintf("● estimate with its %.0f %% CI (%s, n = %d)", conf*100, strings.Join(slices.Sorted(maps.Keys(methods)), ", "), n)
	}
	if len(points) > 0 {
		s, err := plotter.NewScatter(points)
		if err != nil {
			return nil, fmt.Errorf("plots: %s: %w", d.Key, err)
		}
		s.GlyphStyle = draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: vg.Points(3.5), Color: black}
		p.Add(s)
	}
	// The key in the title's second line, so the legend hides no data.
	p.Title.Text += "\n" + key + "; grey dots: one run each"
	p.X.Min, p.X.Max = -0.6, float64(len(d.Levels))-0.4
	lo, hi := p.Y.Min, p.Y.Max
	if !math.IsNaN(d.Floor) {
		lo = math.Min(lo, d.Floor)
	}
	if !math.IsNaN(d.Ceiling) {
		hi = math.Max(hi, d.Ceiling)
	}
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	p.Y.Min, p.Y.Max = lo-0.04*(hi-lo), hi+0.04*(hi-lo)
	// A level where the metric never happened says so in its column.
	var never plotter.XYLabels
	for l, xs := range d.Runs {
		if xs == nil {
			never.XYs = append(never.XYs, plotter.XY{X: float64(l), Y: (p.Y.Min + p.Y.Max) / 2})
			never.Labels = append(never.Labels, "never happened")
		}
	}
	if len(never.XYs) > 0 {
		l, err := plotter.NewLabels(never)
		if err != nil {
			return nil, fmt.Errorf("plots: %s: %w", d.Key, err)
		}
		for i := range l.TextStyle {
			l.TextStyle[i].Font = p.Legend.TextStyle.Font
			l.TextStyle[i].XAlign = draw.XCenter
		}
		p.Add(l)
	}
	return p, nil
}

// WriteCompare writes each metric's figure into dir (which must exist):
// compare-KEY.png and .svg for each Distribution's Key.
func WriteCompare(dir string, c *study.Comparison, a *study.Analysis) error {
	for _, d := range Distributions(c, a) {
		p, err := DistributionPlot(d, a.Conf)
		if err != nil {
			return err
		}
		if err := save(p, figW, figH, dir, "compare-"+d.Key); err != nil {
			return err
		}
	}
	return nil
}
