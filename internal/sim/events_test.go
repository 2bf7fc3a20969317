package sim

import (
	"math"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/bmc"
)

// The numeric keys of the reference run's engagement events: every
// launch names its salvo, from its battery's site towards the planned
// intercept point, and every intercept names a salvo launched before;
// a kill is within the divert reach.
func TestEventNumbers(t *testing.T) {
	// siteTolM: an event's point is rounded to 1e-6° (0.11 m) and 0.1 m.
	const siteTolM = 0.2
	f := load(t, reference)
	r, err := Run(f, Options{Level: bmc.Step2})
	if err != nil {
		t.Fatal(err)
	}
	sites := map[string]geo.LLA{}
	for _, b := range f.Batteries {
		sites[b.ID] = b.Site.LLA()
	}
	launched := map[string]Event{}
	planned, kills, threats := 0, 0, 0
	for _, ev := range r.Events {
		switch ev.Type {
		case EvThreatLaunch:
			threats++
			if ev.Launch == nil {
				t.Errorf("%s: no launch point", ev.Threat)
			}
		case EvPlan:
			planned++
			if ev.ClosingMps <= 0 || ev.Intercept == nil || ev.Salvo != "" {
				t.Errorf("planned engagement %+v: want closing speed and intercept point, no salvo", ev)
			}
		case EvLaunch:
			if ev.Salvo == "" || launched[ev.Salvo].Salvo != "" || ev.ClosingMps <= 0 || ev.Launch == nil || ev.Intercept == nil {
				t.Errorf("launch %+v: want a new salvo id, closing speed, launch and intercept points", ev)
				continue
			}
			launched[ev.Salvo] = ev
			s := f.Earth.ToECEF(sites[ev.Battery])
			p := f.Earth.ToECEF(geo.LLA{LatDeg: ev.Launch.LatDeg, LonDeg: ev.Launch.LonDeg, AltM: ev.Launch.AltM})
			if d := math.Hypot(math.Hypot(s[0]-p[0], s[1]-p[1]), s[2]-p[2]); d > siteTolM {
				t.Errorf("%s launched %.2f m from its battery", ev.Salvo, d)
			}
		case EvKill, EvMiss:
			l, ok := launched[ev.Salvo]
			if !ok || l.Battery != ev.Battery || l.Nation != ev.Nation || ev.DivertReachM <= 0 || ev.Intercept == nil {
				t.Errorf("%s %+v: want the salvo of an earlier launch of its battery, a divert reach and a point", ev.Type, ev)
			}
			if ev.Type == EvKill {
				kills++
				if ev.PIPErrorM > ev.DivertReachM {
					t.Errorf("kill %s with a PIP error of %.1f m beyond the divert reach of %.1f m", ev.Salvo, ev.PIPErrorM, ev.DivertReachM)
				}
			}
		}
	}
	if threats == 0 || planned == 0 || len(launched) == 0 || kills == 0 {
		t.Errorf("%d threats, %d planned, %d launched, %d kills: the reference run should have each", threats, planned, len(launched), kills)
	}
}
