package sim

import (
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/sensor"
)

const customModels = "../../scenarios/custom-models.yaml"

// The example of models of a scenario's own (docs/models.md) decodes into
// them, and a run flies, sees and engages with them: the missile class
// based on the library's mrbm differs from it in its re-entry coefficient
// alone and, blunter, arrives later on the same aim point; the radar type
// defined there detects the threat from its ship and reproduces its quoted
// range; the interceptor type defined there is what the battery fires.
func TestCustomModelsScenario(t *testing.T) {
	f := load(t, customModels)
	blunt, ok := f.MissileClass("mrbm-blunt")
	lib, _ := ballistic.LookupMissile("mrbm")
	if !ok || blunt.ReentryBetaKgM2 != 3000 || !slices.Equal(blunt.Stages, lib.Stages) || blunt.PayloadKg != lib.PayloadKg || blunt.DiameterM != lib.DiameterM {
		t.Errorf("mrbm-blunt %+v: want the library's mrbm with a re-entry coefficient of 3000 kg/m²", blunt)
	}
	trBlunt, err := Fly(f, "mrbm-blunt", "tabriz", "bucharest")
	if err != nil {
		t.Fatal(err)
	}
	trLib, err := Fly(f, "mrbm", "tabriz", "bucharest")
	if err != nil {
		t.Fatal(err)
	}
	if !(trBlunt.FlightTimeS > trLib.FlightTimeS) {
		t.Errorf("flight time of the blunter class %.1f s, of the library's %.1f s: more drag should arrive later", trBlunt.FlightTimeS, trLib.FlightTimeS)
	}

	spy, ok := f.RadarType("spy-1")
	r := spy.Template
	r.ID = spy.Name
	got, err := r.DetectionRangeM(spy.QuotedRCSM2, sensor.QuotedPd)
	// The dwell is written to four figures: the range to within 1e-3 (as
	// the library's, sensor.TestRadarTypesReproduceQuotedRange).
	if !ok || err != nil || math.Abs(got-spy.QuotedRangeM) > 1e-3*spy.QuotedRangeM {
		t.Errorf("spy-1: detection range %.1f km on %g m² (%v), quoted %.1f km", got/1e3, spy.QuotedRCSM2, err, spy.QuotedRangeM/1e3)
	}

	res, err := Run(f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen, launched := false, 0
	for _, ev := range res.Events {
		seen = seen || ev.Type == EvDetection && ev.Sensor == "black-sea" && ev.Threat == "blunt-bucharest"
		if ev.Type == EvMayLaunch && ev.Battery == "deveselu" && ev.Interceptor != "sm-3-iia" {
			t.Errorf("battery deveselu judged by %s's launch rule", ev.Interceptor)
		}
		if ev.Type == EvLaunch && ev.Battery == "deveselu" {
			launched += ev.Count
		}
	}
	if !seen {
		t.Error("the scenario's own radar type at black-sea never detected blunt-bucharest")
	}
	if launched == 0 || res.Summary.Totals.InterceptorsSpent != launched {
		t.Errorf("deveselu launched %d interceptors, the summary counts %d spent", launched, res.Summary.Totals.InterceptorsSpent)
	}
}

// The defaults the schema publishes for the keys a scenario leaves out
// are the ones a run takes.
func TestSchemaDefaultsAreTheEngines(t *testing.T) {
	b, err := scenario.Schema()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Defs map[string]struct {
			Properties map[string]struct {
				Default any `json:"default"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	def := func(typ, key string) float64 {
		v, ok := doc.Defs[typ].Properties[key].Default.(float64)
		if !ok {
			t.Fatalf("%s.%s: no numeric default in the schema", typ, key)
		}
		return v
	}
	f, err := scenario.Decode("minimal.yaml", []byte(`name: minimal
nations: [{id: US, c2: cs}]
c2_nodes: [{id: cs, nation: US, site: {lat_deg: 38.8, lon_deg: -104.8}}]
batteries: [{id: b, nation: US, site: {lat_deg: 54, lon_deg: 17}, interceptor: thaad, inventory: 1}]
assets: [{id: a, site: {lat_deg: 50, lon_deg: 10}}]
launch_areas: [{id: l, site: {lat_deg: 38, lon_deg: 46}}]
threats: [{id: t, class: irbm, from: l, to: a}]
`))
	if err != nil {
		t.Fatal(err)
	}
	w, err := build(f, Options{}, "US", 0)
	if err != nil {
		t.Fatal(err)
	}
	n := w.byNation["US"]
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"salvo", float64(n.bm.Doctrine().Salvo), def("Doctrine", "salvo")},
		{"kill_assess_s", n.bm.Doctrine().KillAssessS, def("Doctrine", "kill_assess_s")},
		{"reentry_beta_kg_m2", n.bm.Doctrine().ReentryBetaKgM2, def("Doctrine", "reentry_beta_kg_m2")},
		{"decision_s", n.bm.Batteries()[0].Timing.DecisionS, def("C2Node", "decision_s")},
		{"value", w.assets[0].Value, def("Asset", "value")},
		{"count", float64(len(w.threats)), def("Threat", "count")},
	} {
		if c.got != c.want {
			t.Errorf("%s: a run takes %g, the schema says %g", c.what, c.got, c.want)
		}
	}
	var root struct {
		Properties map[string]struct {
			Default any `json:"default"`
		} `json:"properties"`
	}
	json.Unmarshal(b, &root)
	if got, want := w.level.String(), root.Properties["integration"].Default; got != want {
		t.Errorf("integration: a run takes %s, the schema says %v", got, want)
	}
	if got, want := w.e.Name, root.Properties["earth"].Default; got != want {
		t.Errorf("earth: a run takes %s, the schema says %v", got, want)
	}
}
