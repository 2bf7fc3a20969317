package globe

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// appendNumber writes what encoding/json writes for a float64 (strconv's
// shortest 'f' form) for every number the scenes write: values rounded
// to the units of czml.go, at the magnitudes they take (ECEF metres,
// seconds of a run, degrees, quaternion components), and any other.
func TestAppendNumberIsShortest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		per, span float64
	}{{perM, 7e6}, {perS, 1e5}, {perDeg, 180}, {perQ, 1}, {1, 1e9}, {perM, 0.5}} {
		for range 20000 {
			v := round((2*rng.Float64()-1)*c.span, c.per)
			if got, want := string(appendNumber(nil, v)), strconv.FormatFloat(v, 'f', -1, 64); got != want {
				t.Fatalf("appendNumber(%v) = %s, want %s", v, got, want)
			}
		}
	}
	for _, v := range []float64{0, 1, -1, 0.5, 1e-7, 123456.789012345, math.Pi, 1 << 45, -(1 << 60), 1e20} {
		if got, want := string(appendNumber(nil, v)), strconv.FormatFloat(v, 'f', -1, 64); got != want {
			t.Errorf("appendNumber(%v) = %s, want %s", v, got, want)
		}
	}
}

// A packet written by hand decodes as JSON to what it holds, strings
// that need escaping included.
func TestPacketJSON(t *testing.T) {
	p := czmlPacket{ID: `a"b\c`, Name: "Ü <x> & \u2028 \x01", Availability: []string{"i/j", "k/l"},
		Properties: map[string]string{"z": "1", "a\"": "2"},
		Position:   &czmlPosition{Epoch: "e", ReferenceFrame: "FIXED", InterpolationDegree: 1, Cartesian: numbers{0, 1.25, -3e6, 4}}}
	var got map[string]any
	if err := json.Unmarshal(p.appendJSON(nil), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, p.appendJSON(nil))
	}
	if got["id"] != p.ID || got["name"] != p.Name {
		t.Errorf("id %q name %q, want %q %q", got["id"], got["name"], p.ID, p.Name)
	}
	if av := got["availability"].([]any); len(av) != 2 || av[1] != "k/l" {
		t.Errorf("availability %v", av)
	}
	if pr := got["properties"].(map[string]any); pr["a\""] != "2" || pr["z"] != "1" {
		t.Errorf("properties %v", pr)
	}
	pos := got["position"].(map[string]any)
	if c := floats(t, pos["cartesian"]); len(c) != 4 || c[1] != 1.25 || c[2] != -3e6 || pos["interpolationDegree"] != 1.0 {
		t.Errorf("position %v", pos)
	}
}
