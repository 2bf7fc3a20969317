package sim

import (
	"math"
	"slices"
	"testing"

	"github.com/jrmd/jrmd/internal/ballistic"
	"github.com/jrmd/jrmd/internal/sensor"
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
