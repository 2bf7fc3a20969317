package globe

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
	"github.com/jrmd/jrmd/internal/states"
)

// runFixture is the reference scenario with a hand-made state table: a
// threat on a straight run at constant velocity (rows on the 2 s grid),
// the US's track of it with covariance and a gap from 120 s to 180 s, and
// an interceptor salvo; and the events of one engagement.
func runFixture(t *testing.T) (*scenario.File, []states.Sample, []sim.Event) {
	t.Helper()
	f, err := scenario.Load("../../scenarios/joint-regional-2007.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e := f.Earth
	p0 := e.ToECEF(geo.LLA{LatDeg: 35.23, LonDeg: 53.92, AltM: 200e3})
	v := geo.Vec3{-1500, -800, 1200} // m/s
	at := func(ts float64) geo.Vec3 { return geo.Vec3(p0).Add(v.Scale(ts)) }
	var rows []states.Sample
	row := func(kind states.Kind, id, nation string, ts float64, pos, vel geo.Vec3) states.Sample {
		l := e.ToLLA(geo.ECEF(pos))
		return states.Sample{TS: ts, Kind: kind, ID: id, Nation: nation, X: pos[0], Y: pos[1], Z: pos[2], VX: vel[0], VY: vel[1], VZ: vel[2],
			LatDeg: l.LatDeg, LonDeg: l.LonDeg, AltM: l.AltM}
	}
	for ts := 0.0; ts <= 300; ts += sim.StateGridS {
		rows = append(rows, row(states.Threat, "T1", "IR", ts, at(ts), v))
		if ts >= 50 && (ts < 120 || ts >= 180) {
			tk := row(states.Track, "7", "US", ts, at(ts).Add(geo.Vec3{100, -50, 20}), v)
			tk.Cov, tk.Truth = testCov, "T1"
			rows = append(rows, tk)
		}
		if ts >= 200 {
			rows = append(rows, row(states.Interceptor, "S1", "US", ts, at(ts).Add(geo.Vec3{0, 0, 1000 * (300 - ts)}), v))
		}
	}
	events := []sim.Event{
		{TS: 200, Type: sim.EvLaunch, Nation: "US", Battery: "redzikowo", Threat: "T1", LaunchS: 200, InterceptS: 295},
		{TS: 295, Type: sim.EvKill, Nation: "US", Battery: "redzikowo", Threat: "T1"},
	}
	return f, rows, events
}

func TestRunScene(t *testing.T) {
	f, rows, events := runFixture(t)
	s := RunScene(f, rows, events)
	if !s.Epoch.Equal(f.StartUTC) || s.StopS != 300 {
		t.Errorf("epoch %v, stop %g s; want start_utc %v, the table's last time 300 s", s.Epoch, s.StopS, f.StartUTC)
	}
	var layers []string
	for _, l := range s.Layers {
		layers = append(layers, l.ID)
	}
	if strings.Join(layers, " ") != "truth nation-US nation-RU nation-DE shared" {
		t.Errorf("layers %v, want truth, a layer per nation, shared", layers)
	}
	byID := map[string]*Entity{}
	kinds := map[Kind]int{}
	for i := range s.Entities {
		byID[s.Entities[i].ID] = &s.Entities[i]
		kinds[s.Entities[i].Kind]++
	}
	if kinds[Sensor] != len(f.Sensors) || kinds[Battery] != len(f.Batteries) || kinds[C2] != len(f.C2) ||
		kinds[Exchange] != len(f.Exchanges) || kinds[Link] != len(f.Links) {
		t.Errorf("architecture entities %v; scenario: %d sensors, %d batteries, %d C2, %d exchanges, %d links",
			kinds, len(f.Sensors), len(f.Batteries), len(f.C2), len(f.Exchanges), len(f.Links))
	}
	tk := byID["track-US-7"]
	if tk == nil || tk.Layer != "nation-US" || tk.Properties["believed_by"] != "US" || tk.Properties["truth"] != "T1" {
		t.Fatalf("US track %+v: want it in the US layer, believed by US, following T1", tk)
	}
	// The gap splits the track's availability; the grid does not.
	if len(tk.Availability) != 2 || tk.Availability[0] != (Interval{50, 118}) || tk.Availability[1] != (Interval{180, 300}) {
		t.Errorf("track availability %v, want [50, 118] and [180, 300]", tk.Availability)
	}
	if th := byID["threat-T1"]; th == nil || th.Layer != TruthLayer || len(th.Track) != 151 || len(th.Availability) != 1 {
		t.Errorf("threat %+v: want 151 samples in the truth layer, one span", th)
	}
	kill := byID["kill-1"]
	want := geo.ECEF(geo.Vec3(f.Earth.ToECEF(geo.LLA{LatDeg: 35.23, LonDeg: 53.92, AltM: 200e3})).Add(geo.Vec3{-1500, -800, 1200}.Scale(295)))
	// Hermite interpolation is exact on a straight run at constant
	// velocity, but for rounding.
	if kill == nil || dist(*kill.Point, want) > 1e-6 || kill.Availability[0].StartS != 295 {
		t.Errorf("kill %+v: want the threat's position at 295 s, %v, from 295 s on", kill, want)
	}
	if eng := byID["engagement-1"]; eng == nil || dist(eng.Line[1], want) > 1e-6 || eng.Availability[0] != (Interval{200, 295}) {
		t.Errorf("engagement %+v: want redzikowo to the intercept point, from 200 s to 295 s", eng)
	}
	var b bytes.Buffer
	if err := s.WriteCZML(&b); err != nil {
		t.Fatal(err)
	}
	_, pk := packets(t, b.Bytes())
	c := floats(t, pk["track-US-7"]["position"].(map[string]any)["cartesian"])
	n := 0
	for _, r := range rows {
		if r.Kind != states.Track {
			continue
		}
		if got := (geo.ECEF{c[4*n+1], c[4*n+2], c[4*n+3]}); math.Abs(c[4*n]-r.TS) > tolTimeS || dist(got, geo.ECEF{r.X, r.Y, r.Z}) > tolCZMLM {
			t.Fatalf("track row %d: CZML %v at %g s, want %v at %g s", n, got, c[4*n], geo.ECEF{r.X, r.Y, r.Z}, r.TS)
		}
		n++
	}
}

func TestRunSceneKML(t *testing.T) {
	f, rows, events := runFixture(t)
	s := RunScene(f, rows, events)
	var b bytes.Buffer
	if err := s.WriteKML(&b); err != nil {
		t.Fatal(err)
	}
	k := readKML(t, b.Bytes())
	var names []string
	var us []xPlacemark
	for _, fo := range k.Document.Folders {
		names = append(names, fo.Name)
		if fo.Name == "United States" {
			us = fo.Placemarks
		}
	}
	if strings.Join(names, ",") != "truth,United States,Russian Federation,Germany,exchange centres and links" {
		t.Errorf("folders %v, want truth, one per nation, the network", names)
	}
	// The US track: one gx:Track each side of its gap, each with as many
	// when as gx:coord, at the rows' positions.
	var parts [][]string
	for _, p := range us {
		if strings.HasPrefix(p.ID, "track-US-7") && p.Track != nil {
			if len(p.Track.When) != len(p.Track.Coord) {
				t.Fatalf("%s: %d when, %d gx:coord", p.ID, len(p.Track.When), len(p.Track.Coord))
			}
			parts = append(parts, p.Track.Coord)
		}
	}
	if len(parts) != 2 || len(parts[0]) != 35 || len(parts[1]) != 61 {
		t.Fatalf("US track in %d parts, want 35 rows (50–118 s) and 61 (180–300 s)", len(parts))
	}
	n := 0
	for _, r := range rows {
		if r.Kind == states.Track {
			got := tuple(t, append(parts[0], parts[1]...)[n], " ")
			if d := dist(got, geo.ECEF{r.X, r.Y, r.Z}); d > tolLLAM {
				t.Fatalf("track row %d: gx:coord is %g m off", n, d)
			}
			n++
		}
	}
}
