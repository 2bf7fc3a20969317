package sim

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/states"
)

// The state table of the reference run: recording it changes nothing of
// the run; it is ordered, deterministic, names objects as the events do,
// and its rows agree with the events and the grid.
func TestStates(t *testing.T) {
	const (
		// posTolM: an event's point is rounded to 1e-6° (0.11 m) and 0.1 m;
		// a path meets its ends to the fly-out's metre.
		posTolM = 1.5
		// endTolM: a flight's last row is at its end time as logged, to
		// the millisecond: up to 0.5 ms early, 5 m at 10 km/s.
		endTolM = posTolM + 5
	)
	f := load(t, reference)
	plain, err := Run(f, Options{Level: bmc.Step2})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(f, Options{Level: bmc.Step2, States: true})
	if err != nil {
		t.Fatal(err)
	}
	var a, b, sa, sb bytes.Buffer
	WriteJSONL(&a, plain.Events)
	WriteJSONL(&b, r.Events)
	plain.Summary.WriteJSON(&sa)
	r.Summary.WriteJSON(&sb)
	if !bytes.Equal(a.Bytes(), b.Bytes()) || !bytes.Equal(sa.Bytes(), sb.Bytes()) {
		t.Fatal("recording the states changed the run's events or summary")
	}
	if plain.States != nil {
		t.Error("states recorded without Options.States")
	}
	rows := r.States
	if len(rows) == 0 {
		t.Fatal("no states")
	}
	for i := 1; i < len(rows); i++ {
		if states.Compare(&rows[i-1], &rows[i]) >= 0 {
			t.Fatalf("rows %d and %d out of order or twice: %+v, %+v", i-1, i, rows[i-1], rows[i])
		}
	}
	// Deterministic, to the Parquet file's bytes.
	again, _ := Run(f, Options{Level: bmc.Step2, States: true})
	var p1, p2 bytes.Buffer
	if err := states.WriteParquet(&p1, rows); err != nil {
		t.Fatal(err)
	}
	states.WriteParquet(&p2, again.States)
	if !bytes.Equal(p1.Bytes(), p2.Bytes()) {
		t.Error("two runs' states.parquet differ")
	}

	type key struct {
		kind      states.Kind
		id        string
		nation, t string
	}
	at := map[key]*states.Sample{}
	first, last := map[string]float64{}, map[string]float64{}
	kinds := map[states.Kind]int{}
	for i := range rows {
		s := &rows[i]
		kinds[s.Kind]++
		at[key{s.Kind, s.ID, s.Nation, ftoa(s.TS)}] = s
		k := string(s.Kind) + "/" + s.Nation + "/" + s.ID
		if _, ok := first[k]; !ok {
			first[k] = s.TS
		}
		last[k] = s.TS
		if ll := f.Earth.ToLLA(geo.ECEF{s.X, s.Y, s.Z}); math.Abs(ll.AltM-s.AltM) > 1e-6 || math.Abs(ll.LatDeg-s.LatDeg) > 1e-9 {
			t.Fatalf("row %+v: geodetic columns are not its ECEF position's", s)
		}
		if s.Kind != states.Track && (s.Cov != [6]float64{} || s.Truth != "") {
			t.Fatalf("row %+v: covariance or truth on a %s", s, s.Kind)
		}
	}
	for _, k := range []states.Kind{states.Threat, states.Interceptor, states.Track} {
		if kinds[k] == 0 {
			t.Errorf("no %s rows", k)
		}
	}
	dist := func(s *states.Sample, p *Point) float64 {
		q := f.Earth.ToECEF(geo.LLA{LatDeg: p.LatDeg, LonDeg: p.LonDeg, AltM: p.AltM})
		return math.Hypot(math.Hypot(s.X-q[0], s.Y-q[1]), s.Z-q[2])
	}
	salvoEnd := map[string]*Point{}
	stns := map[string]bool{}
	for _, ev := range r.Events {
		switch ev.Type {
		case EvThreatLaunch:
			s := at[key{states.Threat, ev.Threat, "", ftoa(ev.TS)}]
			if s == nil || first["threat//"+ev.Threat] != ev.TS {
				t.Errorf("threat %s: no first row at its launch %v", ev.Threat, ev.TS)
			} else if d := dist(s, ev.Launch); d > posTolM {
				t.Errorf("threat %s starts %.2f m from its launch point", ev.Threat, d)
			}
		case EvImpact:
			if last["threat//"+ev.Threat] != ev.TS {
				t.Errorf("threat %s: last row at %v, impact at %v", ev.Threat, last["threat//"+ev.Threat], ev.TS)
			}
		case EvKill:
			if last["threat//"+ev.Threat] != ev.TS {
				t.Errorf("threat %s: last row at %v, killed at %v", ev.Threat, last["threat//"+ev.Threat], ev.TS)
			}
			s := at[key{states.Interceptor, ev.Salvo, ev.Nation, ftoa(ev.TS)}]
			th := at[key{states.Threat, ev.Threat, "", ftoa(ev.TS)}]
			if s == nil || th == nil {
				t.Errorf("%s: no salvo or threat row at the kill", ev.Salvo)
				continue
			}
			// The salvo is drawn to its launch-time PIP; a kill vehicle
			// aiming there met the threat PIPErrorM away.
			if d := dist(s, salvoEnd[ev.Salvo]); d > endTolM {
				t.Errorf("%s ends %.2f m from its PIP", ev.Salvo, d)
			}
			if strings.HasPrefix(ev.Detail, "launch-time PIP") {
				d := math.Hypot(math.Hypot(s.X-th.X, s.Y-th.Y), s.Z-th.Z)
				if math.Abs(d-ev.PIPErrorM) > endTolM {
					t.Errorf("%s: %.1f m from the threat at the kill, event says %.1f", ev.Salvo, d, ev.PIPErrorM)
				}
			}
		case EvLaunch:
			k := "interceptor/" + ev.Nation + "/" + ev.Salvo
			s := at[key{states.Interceptor, ev.Salvo, ev.Nation, ftoa(ev.TS)}]
			if s == nil || first[k] != ev.TS || last[k] != ev.InterceptS {
				t.Errorf("salvo %s: rows from %v to %v, flight from %v to %v", ev.Salvo, first[k], last[k], ev.TS, ev.InterceptS)
			} else if d := dist(s, ev.Launch); d > posTolM {
				t.Errorf("salvo %s starts %.2f m from its battery", ev.Salvo, d)
			}
			salvoEnd[ev.Salvo] = ev.Intercept
		case EvPlan:
			stns[ev.Nation+"/"+strconv.FormatUint(ev.STN, 10)] = true
			// A nation's tracks are sampled at its own events' times.
			if at[key{states.Track, strconv.FormatUint(ev.STN, 10), ev.Nation, ftoa(ev.TS)}] == nil {
				t.Errorf("%s's track %d: no row when it planned an engagement on it at %v", ev.Nation, ev.STN, ev.TS)
			}
		}
	}
	if len(salvoEnd) == 0 {
		t.Fatal("no interceptor launched in the reference run")
	}
	// The tracks engaged are the nations' tracks of the table.
	for k := range stns {
		nation, id, _ := strings.Cut(k, "/")
		if _, ok := first["track/"+nation+"/"+id]; !ok {
			t.Errorf("system track %s engaged by %s is not in the table", id, nation)
		}
	}
	// Every grid time of a threat's flight has its row.
	for k, t0 := range first {
		if !strings.HasPrefix(k, "threat//") {
			continue
		}
		for g := math.Ceil(t0/StateGridS) * StateGridS; g <= last[k]; g += StateGridS {
			if at[key{states.Threat, strings.TrimPrefix(k, "threat//"), "", ftoa(g)}] == nil {
				t.Fatalf("%s: no row at grid time %v", k, g)
			}
		}
	}
	// A track's truth is a threat launched by then (a track may outlive
	// its object's flight: a nation learns of a kill late), and a track
	// of a threat in flight is near it: within 3σ plus 10 km, a margin
	// over the 3σ plus 2 km by which a track made only of partners'
	// reports is matched (nearestTruth).
	far := 0
	tracks := 0
	for i := range rows {
		s := &rows[i]
		if s.Kind != states.Track || s.Truth == "" {
			continue
		}
		th := at[key{states.Threat, s.Truth, "", ftoa(s.TS)}]
		if t0, ok := first["threat//"+s.Truth]; !ok || t0 > s.TS {
			t.Fatalf("track %s/%s at %v follows %s, not launched then", s.Nation, s.ID, s.TS, s.Truth)
		}
		if th == nil {
			continue
		}
		tracks++
		sig := math.Sqrt(s.Cov[0] + s.Cov[3] + s.Cov[5])
		if d := math.Hypot(math.Hypot(s.X-th.X, s.Y-th.Y), s.Z-th.Z); d > 3*sig+10e3 {
			far++
		}
	}
	// A few may be off: a track's truth is the object most of its
	// measurements came from, not the nearest.
	if tracks == 0 || far > tracks/100 {
		t.Errorf("%d of %d tracks more than 3σ + 10 km from the threat they follow", far, tracks)
	}
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// sortRows is a stable sort by states.Compare that keeps the first of
// rows with one key.
func TestSortRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var rows []states.Sample
	for i := range 2000 {
		rows = append(rows, states.Sample{TS: float64(rng.IntN(20)), Kind: []states.Kind{states.Threat, states.Track}[rng.IntN(2)],
			ID: strconv.Itoa(rng.IntN(30)), Nation: []string{"", "A"}[rng.IntN(2)], X: float64(i)})
	}
	want := slices.Clone(rows)
	slices.SortStableFunc(want, func(a, b states.Sample) int { return states.Compare(&a, &b) })
	want = slices.CompactFunc(want, func(a, b states.Sample) bool { return states.Compare(&a, &b) == 0 })
	if got := sortRows(rows); !slices.Equal(got, want) {
		t.Errorf("sortRows gives %d rows, want %d (or in another order)", len(got), len(want))
	}
}

// truthCache.within, which searches a slab of the threats by x, finds
// what the plain nearest search gated at 3σ + 2 km finds, ties and all.
func TestTruthWithinIsNearestGated(t *testing.T) {
	f := load(t, reference)
	w, err := build(f, Options{}, "US", 0)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var c, plain truthCache
	found := 0
	for range 3000 {
		th := w.threats[rng.IntN(len(w.threats))]
		tS := th.launchS + rng.Float64()*th.tr.FlightTimeS
		p, _, ok := th.tr.StateAt(tS - th.launchS)
		if !ok {
			continue
		}
		off := math.Pow(10, 2+4*rng.Float64()) // 100 m to 1,000 km away
		pos := geo.ECEF{p[0] + off*rng.NormFloat64(), p[1] + off*rng.NormFloat64(), p[2] + off*rng.NormFloat64()}
		sigma := math.Pow(10, 1+4*rng.Float64())
		want := -1
		if i, d := plain.nearest(w, pos, tS); d < 3*sigma+2e3 {
			want = i
		}
		if got := c.within(w, pos, tS, sigma); got != want {
			t.Fatalf("at %v s, %v m, σ %v m: within gives %d, the nearest search %d", tS, pos, sigma, got, want)
		}
		if want >= 0 {
			found++
		}
	}
	if found < 300 {
		t.Errorf("only %d of the searches found a threat: the test should try both", found)
	}
}
