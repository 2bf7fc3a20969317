package plots

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
	"github.com/jrmd/jrmd/internal/stat"
	"github.com/jrmd/jrmd/internal/states"
	"github.com/jrmd/jrmd/internal/study"
)

// twoNations runs testdata/two-nations.yaml once (0.2 s), recording its
// state table: nation B's radar sees the raid first and shares its tracks
// with A, whose two interceptors kill one threat (after a miss) and leave
// two to leak.
var twoNations = sync.OnceValues(func() (*scenario.File, *sim.Result) {
	f, err := scenario.Load("testdata/two-nations.yaml")
	if err != nil {
		panic(err)
	}
	res, err := sim.Run(f, sim.Options{States: true})
	if err != nil {
		panic(err)
	}
	return f, res
})

// marks returns the times of a row's marks of one kind (and nation, if
// not "").
func marks(r Row, k MarkKind, nation string) []float64 {
	var ts []float64
	for _, m := range r.Marks {
		if m.Kind == k && (nation == "" || m.Nation == nation) {
			ts = append(ts, m.TS)
		}
	}
	return ts
}

func TestTimelineKeepsFirstPerNation(t *testing.T) {
	ev := []sim.Event{
		{TS: 0, Type: sim.EvThreatLaunch, Threat: "a"},
		{TS: 5, Type: sim.EvDetection, Threat: "ghost", Nation: "X"}, // never launched: left out
		{TS: 10, Type: sim.EvThreatLaunch, Threat: "b"},
		{TS: 20, Type: sim.EvDetection, Threat: "a", Nation: "X", Sensor: "r1"},
		{TS: 21, Type: sim.EvDetection, Threat: "a", Nation: "X", Sensor: "r2"}, // X's second: left out
		{TS: 22, Type: sim.EvDetection, Threat: "a", Nation: "Y", Sensor: "r3"},
		{TS: 30, Type: sim.EvTrackConfirmed, Threat: "a", Nation: "X"},
		{TS: 31, Type: sim.EvTrackShared, Threat: "a", Nation: "Y"},
		{TS: 32, Type: sim.EvTrackShared, Threat: "a", Nation: "Y"},
		{TS: 33, Type: sim.EvMayLaunch, Threat: "a", Nation: "Y"}, // not a mark
		{TS: 40, Type: sim.EvLaunch, Threat: "a", Nation: "Y", InterceptS: 90},
		{TS: 45, Type: sim.EvLaunch, Threat: "a", Nation: "Y", InterceptS: 95}, // every launch kept
		{TS: 90, Type: sim.EvMiss, Threat: "a", Nation: "Y"},
		{TS: 95, Type: sim.EvKill, Threat: "a", Nation: "Y"},
		{TS: 200, Type: sim.EvImpact, Threat: "b"},
	}
	rows := Timeline(ev)
	if len(rows) != 2 || rows[0].Threat != "a" || rows[1].Threat != "b" {
		t.Fatalf("rows %+v: want a, b in launch order", rows)
	}
	a := rows[0]
	for _, c := range []struct {
		k      MarkKind
		nation string
		want   []float64
	}{
		{Launch, "", []float64{0}},
		{Detection, "X", []float64{20}},
		{Detection, "Y", []float64{22}},
		{FirmTrack, "X", []float64{30}},
		{SharedTrack, "Y", []float64{31}},
		{InterceptorLaunch, "Y", []float64{40, 45}},
		{Miss, "Y", []float64{90}},
		{Kill, "Y", []float64{95}},
	} {
		if got := marks(a, c.k, c.nation); !slices.Equal(got, c.want) {
			t.Errorf("a's %s marks of %q at %v, want %v", c.k, c.nation, got, c.want)
		}
	}
	if n := len(a.Marks); n != 9 {
		t.Errorf("a has %d marks, want 9: %+v", n, a.Marks)
	}
	if a.Marks[5].InterceptS != 90 {
		t.Errorf("first interceptor launch: planned intercept %g, want 90", a.Marks[5].InterceptS)
	}
	if a.EndS() != 95 || rows[1].EndS() != 200 {
		t.Errorf("ends %g, %g: want the kill 95 and the impact 200", a.EndS(), rows[1].EndS())
	}
	if got := Nations(rows); !slices.Equal(got, []string{"X", "Y"}) {
		t.Errorf("nations %v, want X Y", got)
	}
}

// TestTimelineOfRun checks a run's timeline against its summary, which is
// computed from the same events by sim.
func TestTimelineOfRun(t *testing.T) {
	_, res := twoNations()
	rows := Timeline(res.Events)
	if len(rows) != len(res.Summary.Threats) {
		t.Fatalf("%d rows for %d threats", len(rows), len(res.Summary.Threats))
	}
	first := func(ts []float64) *float64 {
		if len(ts) == 0 {
			return nil
		}
		m := slices.Min(ts)
		return &m
	}
	same := func(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	killed, shared := 0, 0
	for i, s := range res.Summary.Threats {
		r := rows[i]
		if r.Threat != s.ID {
			t.Fatalf("row %d is %s, want %s", i, r.Threat, s.ID)
		}
		checks := []struct {
			what      string
			got, want *float64
		}{
			{"launch", first(marks(r, Launch, "")), &s.LaunchS},
			{"first detection", first(marks(r, Detection, "")), s.FirstDetectionS},
			{"first firm track", first(marks(r, FirmTrack, "")), s.FirstFirmTrackS},
			{"first shared track", first(marks(r, SharedTrack, "")), s.FirstSharedTrackS},
			{"first interceptor launch", first(marks(r, InterceptorLaunch, "")), s.EarliestLaunchS},
		}
		for _, c := range checks {
			if !same(c.got, c.want) {
				t.Errorf("%s: %s mark %v, summary %v", s.ID, c.what, c.got, c.want)
			}
		}
		shared += len(marks(r, SharedTrack, ""))
		switch s.Outcome {
		case "killed":
			killed++
			if len(marks(r, Kill, s.KilledBy)) != 1 || len(marks(r, Impact, "")) != 0 {
				t.Errorf("%s killed by %s: marks %+v", s.ID, s.KilledBy, r.Marks)
			}
		case "leaked":
			if got := marks(r, Impact, ""); len(got) != 1 || got[0] != s.ImpactS {
				t.Errorf("%s leaked at %g: impact marks %v", s.ID, s.ImpactS, got)
			}
		}
	}
	// The fixture is meant to show all of it.
	if killed == 0 || killed == len(rows) || shared == 0 || len(Nations(rows)) != 2 {
		t.Errorf("fixture: %d killed of %d, %d shared-track marks, nations %v: want some of each, two nations", killed, len(rows), shared, Nations(rows))
	}
}

// TestAltitudesOfRun checks the altitude curves drawn from a run's state
// table against what the run logged and against the library's flight.
func TestAltitudesOfRun(t *testing.T) {
	f, res := twoNations()
	curves := StateCurves(res.States, res.Events)
	// The threats' flight as the run flies it, from the library.
	tr, err := sim.Fly(f, "srbm", "field", "city")
	if err != nil {
		t.Fatal(err)
	}
	altAt := func(tS float64) float64 { // km, tS after launch
		// The log rounds an impact to the millisecond, possibly a hair
		// after the flight's end: the table has the end there.
		pos, _, ok := tr.StateAt(math.Min(tS, tr.FlightTimeS))
		if !ok {
			t.Fatalf("the library's flight has no state %g s after launch", tS)
		}
		return f.Earth.ToLLA(pos).AltM / 1e3
	}
	rows := Timeline(res.Events)
	byID := map[string]Curve{}
	for _, c := range curves {
		byID[c.Kind+"/"+c.ID] = c
	}
	// The table samples the flight the run flew, at the same times: 1 m.
	const tolKm = 1e-3
	// A leaked threat's highest sample is within StateGridS/2 of its
	// apogee, where the vertical speed is zero and the vertical
	// acceleration at most standard gravity g0: it is at most
	// ½·g0·(StateGridS/2)² = 4.9 m below the apogee.
	apogeeTolKm := (0.5*9.80665*math.Pow(sim.StateGridS/2, 2) + 1) / 1e3
	leaked := 0
	for i, s := range res.Summary.Threats {
		c, ok := byID[ThreatCurve+"/"+s.ID]
		if !ok {
			t.Fatalf("no curve for threat %s", s.ID)
		}
		start, end := c.Points[0], c.Points[len(c.Points)-1]
		// The launch area is at the surface (altitude 0).
		if start.X != s.LaunchS || math.Abs(start.Y) > tolKm {
			t.Errorf("%s starts at %v, want its launch at %g s at the surface", s.ID, start, s.LaunchS)
		}
		if want := rows[i].EndS(); end.X != want {
			t.Errorf("%s ends at %g s, want %g (its kill or impact in the log)", s.ID, end.X, want)
		}
		top := 0.0
		for j, p := range c.Points {
			top = math.Max(top, p.Y)
			if j > 0 && p.X <= c.Points[j-1].X {
				t.Errorf("%s: point %d at %g s, after %g s: out of order", s.ID, j, p.X, c.Points[j-1].X)
				break
			}
			if want := altAt(p.X - s.LaunchS); math.Abs(p.Y-want) > tolKm {
				t.Errorf("%s at %g s: %.4f km, the library's flight %.4f km", s.ID, p.X, p.Y, want)
				break
			}
		}
		if s.Outcome == "leaked" {
			leaked++
			if apo := tr.ApogeeAltM / 1e3; top > apo+tolKm || top < apo-apogeeTolKm {
				t.Errorf("%s: highest sample %.4f km, the flight's apogee %.4f km (tolerance %.4f km below)", s.ID, top, apo, apogeeTolKm)
			}
		}
	}
	if leaked == 0 {
		t.Error("fixture: no threat leaked, so no apogee was checked")
	}
	batteries := map[string]scenario.Position{}
	for _, b := range f.Batteries {
		batteries[b.ID] = b.Site
	}
	launches := 0
	for _, e := range res.Events {
		if e.Type != sim.EvLaunch {
			continue
		}
		launches++
		c, ok := byID[InterceptorCurve+"/"+e.Salvo]
		if !ok {
			t.Errorf("no curve for salvo %s, launched at %g s", e.Salvo, e.TS)
			continue
		}
		start, end := c.Points[0], c.Points[len(c.Points)-1]
		site := batteries[e.Battery]
		if c.Nation != e.Nation || c.Target != e.Threat {
			t.Errorf("salvo %s: nation %s, target %s; want %s at %s", e.Salvo, c.Nation, c.Target, e.Nation, e.Threat)
		}
		if start.X != e.TS || math.Abs(start.Y-site.AltM/1e3) > tolKm {
			t.Errorf("salvo %s starts at %v, want its launch at %g s at battery %s's altitude %g m", e.Salvo, start, e.TS, e.Battery, site.AltM)
		}
		if end.X != e.InterceptS {
			t.Errorf("salvo %s ends at %g s, want its planned intercept at %g s", e.Salvo, end.X, e.InterceptS)
		}
	}
	if n := len(curves) - len(res.Summary.Threats); launches == 0 || n != launches {
		t.Errorf("%d salvo curves for %d interceptor launches", n, launches)
	}
}

// comparison is a hand-made comparison of two levels over three runs and
// two threats, its records chosen so every statistic is known.
func comparison() *study.Comparison {
	nan := math.NaN()
	rec := func(l bmc.Level, seed uint64, killed int, warn0, warn1 float64) study.Record {
		r := study.Record{Level: l, Seed: seed, Killed: killed, Leakers: 2 - killed}
		for _, w := range []float64{warn0, warn1} {
			r.Threats = append(r.Threats, study.ThreatRecord{Outcome: "leaked",
				Times: [study.NumTimings]float64{w, nan, nan, nan, nan}})
		}
		return r
	}
	return &study.Comparison{Scenario: "hand", Seed: 1, Runs: 3, Levels: []bmc.Level{bmc.Autonomous, bmc.Step2},
		Threats: []study.ThreatInfo{{ID: "x"}, {ID: "y"}},
		Records: [][]study.Record{
			{rec(bmc.Autonomous, 1, 0, 100, nan), rec(bmc.Autonomous, 2, 1, 110, 50), rec(bmc.Autonomous, 3, 1, 120, nan)},
			{rec(bmc.Step2, 1, 1, 60, 40), rec(bmc.Step2, 2, 2, 70, 40), rec(bmc.Step2, 3, 2, 80, 40)},
		}}
}

func TestDistributions(t *testing.T) {
	c := comparison()
	a := c.Analyse(0.95)
	ds := Distributions(c, a)
	if want := int(study.NumRunMetrics) + 1 + int(study.NumTimings); len(ds) != want {
		t.Fatalf("%d distributions, want %d", len(ds), want)
	}
	get := func(key string) Distribution {
		for _, d := range ds {
			if d.Key == key {
				return d
			}
		}
		t.Fatalf("no distribution %q", key)
		return Distribution{}
	}
	killed := get("killed")
	if !slices.Equal(killed.Runs[0], []float64{0, 1, 1}) || !slices.Equal(killed.Runs[1], []float64{1, 2, 2}) {
		t.Errorf("killed runs %v", killed.Runs)
	}
	// Student t, 2 degrees of freedom: t(0.975, 2) = 4.302653 (any table);
	// autonomous mean 2/3, s = 0.57735, half-width 4.302653·0.57735/√3.
	half := 4.302653 * math.Sqrt(1.0/3) / math.Sqrt(3)
	if iv := killed.Intervals[0]; iv.Method != stat.StudentT || iv.N != 3 || math.Abs(iv.Estimate-2.0/3) > 1e-12 || math.Abs(iv.Hi-iv.Estimate-half) > 1e-5 {
		t.Errorf("killed, autonomous: %+v, want 0.667 ± %.4f, Student t, n = 3", iv, half)
	}
	if killed.Floor != 0 || killed.Ceiling != 2 {
		t.Errorf("killed: y from %g to %g, want 0 to the 2 threats", killed.Floor, killed.Ceiling)
	}
	if nl := get("p_no_leaker"); !slices.Equal(nl.Runs[1], []float64{0, 1, 1}) || nl.Intervals[1] != a.Levels[1].NoLeaker || !nl.Proportion || nl.Ceiling != 1 {
		t.Errorf("p_no_leaker: %+v", nl)
	}
	// Warning: threat y is warned in no run of autonomous but one, so the
	// like-with-like set is {x}; each run's value is x's time.
	w := get("time_warning")
	if w.Over != "x" || !slices.Equal(w.Runs[0], []float64{100, 110, 120}) || !slices.Equal(w.Runs[1], []float64{60, 70, 80}) {
		t.Errorf("time_warning over %q: %v", w.Over, w.Runs)
	}
	if w.Intervals[1] != a.Times[study.Warning].Mean[1] || w.Intervals[1].Estimate != 70 {
		t.Errorf("time_warning, step2: %+v, want compare's %+v (mean 70)", w.Intervals[1], a.Times[study.Warning].Mean[1])
	}
	if ft := get("time_first_firm_track"); ft.Runs[0] != nil || ft.Runs[1] != nil || !math.IsNaN(ft.Intervals[0].Estimate) {
		t.Errorf("first firm track never happened: %+v", ft)
	}
}

func TestStripSpreadsEqualValues(t *testing.T) {
	d := Distribution{Runs: [][]float64{{3, 1, 3, 3, 2}}}
	pts := d.Strip(0)
	seen := map[[2]float64]bool{}
	for i, p := range pts {
		if p.Y != d.Runs[0][i] {
			t.Errorf("point %d at y %g, want its run's %g", i, p.Y, d.Runs[0][i])
		}
		if math.Abs(p.X) > 0.45 {
			t.Errorf("point %d at x %g: outside its level's column", i, p.X)
		}
		if seen[[2]float64{p.X, p.Y}] {
			t.Errorf("point %d drawn over another at %v", i, p)
		}
		seen[[2]float64{p.X, p.Y}] = true
	}
}

// figures renders every figure of the package from the fixtures.
func figures(t *testing.T) map[string]struct {
	d    Drawer
	w, h float64 // cm
} {
	t.Helper()
	_, res := twoNations()
	rows := Timeline(res.Events)
	tp, err := TimelinePlot(rows, "timeline")
	if err != nil {
		t.Fatal(err)
	}
	ap, err := AltitudePlot(StateCurves(res.States, res.Events), "altitude")
	if err != nil {
		t.Fatal(err)
	}
	c := comparison()
	dp, err := DistributionPlot(Distributions(c, c.Analyse(0.95))[0], 0.95)
	if err != nil {
		t.Fatal(err)
	}
	from := geo.LLA{LatDeg: 35.23, LonDeg: 53.92}
	tr, err := ballistic.Solve(ballistic.Request{From: from, To: geo.LLA{LatDeg: 52.52, LonDeg: 13.40}, Kind: ballistic.MinimumEnergy,
		Earth: geo.WGS84, StepS: 10})
	if err != nil {
		t.Fatal(err)
	}
	pp, err := ProfilePlots(TrajectoryProfile(geo.WGS84, from, tr), "profile")
	if err != nil {
		t.Fatal(err)
	}
	return map[string]struct {
		d    Drawer
		w, h float64
	}{
		"timeline":     {tp, 16, 4 + float64(len(rows))},
		"altitude":     {ap, 16, 10},
		"distribution": {dp, 16, 10},
		"profile":      {stack(pp), 16, 12},
	}
}

// TestFilesAreValidAndDeterministic renders every figure twice in each
// format: the bytes must be equal, the PNG decode at the size asked for
// (96 dpi) and the SVG parse as XML with that size in points.
func TestFilesAreValidAndDeterministic(t *testing.T) {
	for name, fig := range figures(t) {
		w, h := vg.Length(fig.w)*vg.Centimeter, vg.Length(fig.h)*vg.Centimeter
		for _, format := range Formats {
			a, err := Render(fig.d, w, h, format)
			if err != nil {
				t.Fatalf("%s.%s: %v", name, format, err)
			}
			b, _ := Render(fig.d, w, h, format)
			if !bytes.Equal(a, b) {
				t.Errorf("%s.%s: two renderings differ", name, format)
			}
			switch format {
			case "png":
				cfg, err := png.DecodeConfig(bytes.NewReader(a))
				// 96 dpi: a centimetre is 96/2.54 pixels, rounded.
				wantW, wantH := int(fig.w*96/2.54+0.5), int(fig.h*96/2.54+0.5)
				if err != nil || cfg.Width != wantW || cfg.Height != wantH {
					t.Errorf("%s.png: %v, %d × %d px, want %d × %d", name, err, cfg.Width, cfg.Height, wantW, wantH)
				}
				if _, err := png.Decode(bytes.NewReader(a)); err != nil {
					t.Errorf("%s.png: %v", name, err)
				}
			case "svg":
				var root struct {
					XMLName xml.Name
					Width   string `xml:"width,attr"`
					Height  string `xml:"height,attr"`
				}
				err := xml.Unmarshal(a, &root)
				// 72 points to the inch, five significant digits.
				wantW, wantH := fmt.Sprintf("%.5gpt", fig.w*72/2.54), fmt.Sprintf("%.5gpt", fig.h*72/2.54)
				if err != nil || root.XMLName.Local != "svg" || root.Width != wantW || root.Height != wantH {
					t.Errorf("%s.svg: %v, <%s width=%q height=%q>, want <svg width=%q height=%q>", name, err, root.XMLName.Local, root.Width, root.Height, wantW, wantH)
				}
			}
		}
	}
}

func TestRenderRefusesUnknownFormat(t *testing.T) {
	c := comparison()
	p, err := DistributionPlot(Distributions(c, c.Analyse(0.95))[0], 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Render(p, 10*vg.Centimeter, 10*vg.Centimeter, "gif"); err == nil || !strings.Contains(err.Error(), "png or svg") {
		t.Errorf("gif: %v, want an error naming png and svg", err)
	}
}

func TestWriteRunWritesFourFiles(t *testing.T) {
	_, res := twoNations()
	dir := t.TempDir()
	if err := WriteRun(dir, res); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"timeline.png", "timeline.svg", "altitude.png", "altitude.svg"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := WriteRun(filepath.Join(dir, "missing"), res); err == nil {
		t.Error("WriteRun into a missing directory: no error")
	}
	// A run without its state table has no altitudes to draw.
	noStates := *res
	noStates.States = nil
	if err := WriteRun(t.TempDir(), &noStates); err == nil || !strings.Contains(err.Error(), "state table") {
		t.Errorf("WriteRun of a run without its state table: %v, want an error naming it", err)
	}
}

// StateCurves draws each threat and interceptor of a state table by its
// samples and finds the threat a salvo flew at: the nearest where its
// path ends.
func TestStateCurves(t *testing.T) {
	at := func(ts float64, k states.Kind, id, nation string, x, altM float64) states.Sample {
		return states.Sample{TS: ts, Kind: k, ID: id, Nation: nation, X: x, AltM: altM}
	}
	table := []states.Sample{
		at(0, states.Threat, "a", "", 0, 0),
		at(10, states.Threat, "a", "", 1e3, 50e3),
		at(10, states.Threat, "b", "", 5e3, 0),
		at(10, states.Track, "7", "X", 1e3, 50e3), // a belief: not drawn
		at(20, states.Interceptor, "bat/1", "X", 0, 0),
		at(20, states.Threat, "a", "", 2e3, 80e3),
		at(20, states.Threat, "b", "", 6e3, 40e3),
		at(30, states.Interceptor, "bat/1", "X", 5.9e3, 41e3), // ends next to b, launched at a
		at(30, states.Interceptor, "bat/1", "Y", 0, 1e3),      // another nation's first salvo of a battery of the same name
	}
	slices.SortFunc(table, func(a, b states.Sample) int { return states.Compare(&a, &b) })
	// The launch events name each salvo's threat; the table does not.
	events := []sim.Event{
		{TS: 20, Type: sim.EvLaunch, Nation: "X", Salvo: "bat/1", Threat: "a"},
		{TS: 30, Type: sim.EvLaunch, Nation: "Y", Salvo: "bat/1", Threat: "b"},
		{TS: 30, Type: sim.EvKill, Nation: "X", Salvo: "bat/1", Threat: "b"},
	}
	cs := StateCurves(table, events)
	if len(cs) != 4 {
		t.Fatalf("%d curves, want threats a, b and two salvos bat/1: %+v", len(cs), cs)
	}
	want := []Curve{
		{Kind: ThreatCurve, ID: "a", Points: plotter.XYs{{X: 0, Y: 0}, {X: 10, Y: 50}, {X: 20, Y: 80}}},
		{Kind: ThreatCurve, ID: "b", Points: plotter.XYs{{X: 10, Y: 0}, {X: 20, Y: 40}}},
		{Kind: InterceptorCurve, ID: "bat/1", Nation: "X", Target: "a", Points: plotter.XYs{{X: 20, Y: 0}, {X: 30, Y: 41}}},
		{Kind: InterceptorCurve, ID: "bat/1", Nation: "Y", Target: "b", Points: plotter.XYs{{X: 30, Y: 1}}},
	}
	for i := range want {
		g, w := cs[i], want[i]
		if g.Kind != w.Kind || g.ID != w.ID || g.Nation != w.Nation || g.Target != w.Target || !slices.Equal(g.Points, w.Points) {
			t.Errorf("curve %d: %+v, want %+v", i, g, w)
		}
	}
}
