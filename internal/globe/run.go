package globe

import (
	"cmp"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
	"github.com/jrmd/jrmd/internal/states"
)

// Layers of a run's scene besides one per nation ("nation-" + its id).
const (
	TruthLayer   = "truth"  // threats, interceptors, engagements, intercepts, impacts: what happened
	NetworkLayer = "shared" // data-exchange centres and the links
)

// maxGapGrids: an object not sampled for longer than this many grid steps
// of the state table (sim.StateGridS) is not shown in the gap.
const maxGapGrids = 2.5

// defaultCoverageAltM is the height at which a run's radars' coverage is
// drawn when no threat flies higher: a typical midcourse altitude of a
// regional missile.
const defaultCoverageAltM = 300e3

// RunScene is a run on the globe. Its clock runs from the scenario's
// start_utc over the state table. Layer "truth": each threat and
// interceptor salvo as a sampled track (its state-table rows), engagement
// lines from a battery to the predicted intercept point (from launch to
// intercept), intercept points (kill or miss: where the salvo met the
// threat) and impact points. One layer per nation: its sensors with
// their coverage at the highest altitude a threat reaches (or half the
// radar's maximum range, if lower), its batteries and C2 node, and its
// system tracks with their 1σ covariance ellipsoids; every entity's
// properties name its nation, and a track's the threat it follows
// (truth). Layer "shared": exchange centres and links (a link's outages
// are gaps in its availability). A track or flight that stops being
// sampled for more than 2.5 grid steps (sim.StateGridS) is not available
// in the gap.
func RunScene(f *scenario.File, rows []states.Sample, events []sim.Event) Scene {
	s := Scene{Name: f.Name, Epoch: f.StartUTC, StopS: f.DurationS}
	if s.Epoch.IsZero() {
		s.Epoch = DefaultEpoch
	}
	e := f.Earth
	ecef := func(p scenario.Position) geo.ECEF {
		return e.ToECEF(geo.LLA{LatDeg: p.LatDeg, LonDeg: p.LonDeg, AltM: p.AltM})
	}
	nationLayer := func(id string) string {
		for _, n := range f.Nations {
			if n.ID == id {
				return "nation-" + id
			}
		}
		return TruthLayer
	}
	s.Layers = append(s.Layers, Layer{ID: TruthLayer, Name: "truth"})
	for _, n := range f.Nations {
		name := n.Name
		if name == "" {
			name = n.ID
		}
		s.Layers = append(s.Layers, Layer{ID: "nation-" + n.ID, Name: name})
	}
	s.Layers = append(s.Layers, Layer{ID: NetworkLayer, Name: "exchange centres and links"})

	// The flights and tracks, by object, in time order.
	type key struct {
		kind       states.Kind
		nation, id string
	}
	// Each object's rows, as indices into rows: a large raid's table is
	// millions of rows, not to be copied.
	groups := map[key][]int{}
	var keys []key
	topM := 0.0
	for i := range rows {
		r := &rows[i]
		k := key{r.Kind, r.Nation, r.ID}
		if r.Kind != states.Track {
			k.nation = "" // a threat or a salvo is one object whoever owns it
		}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
		s.StopS = math.Max(s.StopS, r.TS)
		if r.Kind == states.Threat {
			topM = math.Max(topM, r.AltM)
		}
	}
	for _, k := range keys {
		slices.SortStableFunc(groups[k], func(a, b int) int { return cmp.Compare(rows[a].TS, rows[b].TS) })
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(kindOrder(a.kind), kindOrder(b.kind)), cmp.Compare(a.nation, b.nation), cmp.Compare(a.id, b.id))
	})
	threats := map[string][]int{}
	for _, k := range keys {
		g := groups[k]
		first := &rows[g[0]]
		track := make([]Sample, 0, len(g))
		var covs [][6]float64 // one allocation for a track's covariances
		if k.kind == states.Track {
			covs = make([][6]float64, 0, len(g))
		}
		for _, i := range g {
			r := &rows[i]
			if len(track) > 0 && !(r.TS > track[len(track)-1].TS) {
				continue // a duplicate time: the first row stands
			}
			sm := Sample{TS: r.TS, Pos: geo.ECEF{r.X, r.Y, r.Z}}
			if k.kind == states.Track {
				covs = append(covs, r.Cov) // within capacity: the pointers stay valid
				sm.Cov = &covs[len(covs)-1]
			}
			track = append(track, sm)
		}
		ent := Entity{Track: track, Availability: spans(track, maxGapGrids*sim.StateGridS),
			Properties: map[string]string{"nation": first.Nation}}
		switch k.kind {
		case states.Threat:
			threats[k.id] = g
			ent.ID, ent.Name, ent.Kind, ent.Layer = "threat-"+k.id, k.id, Threat, TruthLayer
		case states.Interceptor:
			ent.ID, ent.Name, ent.Kind, ent.Layer = "interceptor-"+k.id, k.id, Interceptor, TruthLayer
		default:
			ent.ID, ent.Name, ent.Kind, ent.Layer = "track-"+k.nation+"-"+k.id, k.nation+" "+k.id, Track, nationLayer(k.nation)
			ent.Properties["believed_by"] = k.nation
			ent.Properties["truth"] = first.Truth
			ent.Description = fmt.Sprintf("%s's system track %s (following %s), with its 1σ position ellipsoid", k.nation, k.id, orNone(first.Truth))
		}
		s.Entities = append(s.Entities, ent)
	}

	// The architecture.
	covAlt := defaultCoverageAltM
	if topM > 0 {
		covAlt = topM
	}
	for i := range f.Sensors {
		sn := &f.Sensors[i]
		layer := nationLayer(sn.Nation)
		if sn.Radar != nil {
			// A short-range radar's at half its range, which it can see.
			alt := covAlt
			if r := sn.Radar.MaxRangeM; r > 0 {
				alt = math.Min(alt, r/2)
			}
			s.Entities = append(s.Entities, SensorEntities(e, sn.Radar, layer, alt)...)
			continue
		}
		s.Entities = append(s.Entities, Entity{ID: "sensor-" + sn.ID, Name: sn.ID, Kind: Sensor, Layer: layer, Point: ptr(ecef(sn.Site)),
			Properties: map[string]string{"nation": sn.Nation, "type": sn.Type}})
	}
	sites := map[string]geo.ECEF{}
	for _, b := range f.Batteries {
		sites[b.ID] = ecef(b.Site)
		s.Entities = append(s.Entities, Entity{ID: "battery-" + b.ID, Name: b.ID, Kind: Battery, Layer: nationLayer(b.Nation), Point: ptr(ecef(b.Site)),
			Properties: map[string]string{"nation": b.Nation, "interceptor": b.Interceptor, "inventory": fmt.Sprint(b.Inventory)}})
	}
	nodes := map[string]geo.ECEF{}
	for _, c := range f.C2 {
		nodes[c.ID] = ecef(c.Site)
		s.Entities = append(s.Entities, Entity{ID: "c2-" + c.ID, Name: c.ID, Kind: C2, Layer: nationLayer(c.Nation), Point: ptr(ecef(c.Site)),
			Properties: map[string]string{"nation": c.Nation}})
	}
	for _, x := range f.Exchanges {
		nodes[x.ID] = ecef(x.Site)
		s.Entities = append(s.Entities, Entity{ID: "exchange-" + x.ID, Name: x.ID, Kind: Exchange, Layer: NetworkLayer, Point: ptr(ecef(x.Site)),
			Properties: map[string]string{"members": strings.Join(x.Members, ",")}})
	}
	for i, l := range f.Links {
		a, okA := nodes[l.From]
		b, okB := nodes[l.To]
		if !okA || !okB {
			continue
		}
		s.Entities = append(s.Entities, Entity{ID: fmt.Sprintf("link-%d", i+1), Name: l.From + "–" + l.To, Kind: Link, Layer: NetworkLayer,
			Line: []geo.ECEF{a, b}, Surface: true, Availability: upTimes(l.Outages, s.StopS),
			Properties: map[string]string{"from": l.From, "to": l.To, "latency_ms": f64(l.LatencyMs), "loss": f64(l.Loss)}})
	}

	// What happened: engagements, intercepts, impacts (where the events
	// say: a launch's predicted intercept point, where a salvo met its
	// threat; else the threat's rows interpolated).
	where := func(p *sim.Point, threat []int, tS float64) (geo.ECEF, bool) {
		if p != nil {
			return e.ToECEF(geo.LLA{LatDeg: p.LatDeg, LonDeg: p.LonDeg, AltM: p.AltM}), true
		}
		return stateAt(rows, threat, tS)
	}
	n := map[string]int{}
	id := func(prefix string) string { n[prefix]++; return fmt.Sprintf("%s-%d", prefix, n[prefix]) }
	for _, ev := range events {
		switch ev.Type {
		case sim.EvLaunch:
			site, ok := sites[ev.Battery]
			hit, ok2 := where(ev.Intercept, threats[ev.Threat], ev.InterceptS)
			if !ok || !ok2 || !(ev.InterceptS > ev.TS) {
				continue
			}
			s.Entities = append(s.Entities, Entity{ID: id("engagement"), Name: ev.Battery + " → " + ev.Threat, Kind: Engagement, Layer: TruthLayer,
				Line: []geo.ECEF{site, hit}, Availability: []Interval{{ev.TS, ev.InterceptS}},
				Properties: map[string]string{"nation": ev.Nation, "battery": ev.Battery, "threat": ev.Threat, "salvo": ev.Salvo,
					"launch_s": f64(ev.TS), "intercept_s": f64(ev.InterceptS)}})
		case sim.EvKill, sim.EvMiss, sim.EvImpact:
			p, ok := where(ev.Intercept, threats[ev.Threat], ev.TS)
			if !ok {
				continue
			}
			kind, what := Intercept, "kill"
			switch ev.Type {
			case sim.EvMiss:
				what = "miss"
			case sim.EvImpact:
				kind, what = Impact, "impact"
			}
			s.Entities = append(s.Entities, Entity{ID: id(what), Name: what + " " + ev.Threat, Kind: kind, Layer: TruthLayer,
				Point: &p, Availability: []Interval{{ev.TS, math.Max(ev.TS, s.StopS)}},
				Properties: map[string]string{"nation": ev.Nation, "battery": ev.Battery, "threat": ev.Threat, "t_s": f64(ev.TS)}})
		}
	}
	return s
}

func kindOrder(k states.Kind) int {
	switch k {
	case states.Threat:
		return 0
	case states.Interceptor:
		return 1
	}
	return 2
}

func orNone(s string) string {
	if s == "" {
		return "no threat"
	}
	return s
}

func f64(v float64) string { return f(round(v, 1e6)) }

// spans are the intervals a track is sampled in: a gap longer than maxGapS
// between samples splits them (maxGapS 0: never).
func spans(tr []Sample, maxGapS float64) []Interval {
	if len(tr) == 0 {
		return nil
	}
	out := []Interval{{tr[0].TS, tr[0].TS}}
	for i := 1; i < len(tr); i++ {
		if maxGapS > 0 && tr[i].TS-tr[i-1].TS > maxGapS {
			out = append(out, Interval{tr[i].TS, tr[i].TS})
		}
		out[len(out)-1].EndS = tr[i].TS
	}
	return out
}

// upTimes are the intervals in [0, stopS] outside the outages.
func upTimes(outages []scenario.Outage, stopS float64) []Interval {
	if len(outages) == 0 {
		return nil
	}
	o := slices.Clone(outages)
	slices.SortFunc(o, func(a, b scenario.Outage) int { return cmp.Compare(a.StartS, b.StartS) })
	var out []Interval
	t := 0.0
	for _, x := range o {
		if x.StartS > t {
			out = append(out, Interval{t, math.Min(x.StartS, stopS)})
		}
		t = math.Max(t, x.EndS)
	}
	if t < stopS {
		out = append(out, Interval{t, stopS})
	}
	return out
}

// stateAt is an object's position at tS from its rows (idx: indices into
// rows, in time order), by cubic Hermite interpolation between the rows
// either side (positions and velocities); false outside them.
func stateAt(rows []states.Sample, idx []int, tS float64) (geo.ECEF, bool) {
	i, found := slices.BinarySearchFunc(idx, tS, func(j int, t float64) int { return cmp.Compare(rows[j].TS, t) })
	if found {
		r := &rows[idx[i]]
		return geo.ECEF{r.X, r.Y, r.Z}, true
	}
	if i == 0 || i == len(idx) {
		return geo.ECEF{}, false
	}
	a, b := rows[idx[i-1]], rows[idx[i]]
	h := b.TS - a.TS
	u := (tS - a.TS) / h
	h00, h10, h01, h11 := 2*u*u*u-3*u*u+1, u*u*u-2*u*u+u, -2*u*u*u+3*u*u, u*u*u-u*u
	return geo.ECEF{
		h00*a.X + h10*h*a.VX + h01*b.X + h11*h*b.VX,
		h00*a.Y + h10*h*a.VY + h01*b.Y + h11*h*b.VY,
		h00*a.Z + h10*h*a.VZ + h01*b.Z + h11*h*b.VZ,
	}, true
}

// WriteRunScene writes a run's scene (RunScene) as dir/scene.czml,
// making dir if needed.
func WriteRunScene(dir string, f *scenario.File, res *sim.Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	s := RunScene(f, res.States, res.Events)
	if !res.StartUTC.IsZero() {
		s.Epoch = res.StartUTC
	}
	out, err := os.Create(filepath.Join(dir, "scene.czml"))
	if err != nil {
		return err
	}
	if err := s.WriteCZML(out); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
