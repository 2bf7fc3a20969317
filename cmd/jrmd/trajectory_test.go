package main

import (
	"encoding/json"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
)

// The textbook case of docs/commands/trajectory.md: Semnan to Berlin, impulsive launch over a
// non-rotating sphere.
var textbookArgs = []string{"trajectory", "--from", "35.23,53.92", "--to", "52.52,13.40",
	"--earth", "spherical", "--no-rotation", "--boost", "none"}

// greatCircleM is the distance between two points on the 6,371 km sphere
// (haversine), computed here independently of the geo package.
func greatCircleM(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371000.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

func TestTrajectoryJSON(t *testing.T) {
	const (
		stepS = 7.0
		// tolTimeS: sample times are multiples of the step up to rounding.
		tolTimeS = 1e-6
		// tolImpactAltM: the last sample is the impact, on the surface.
		tolImpactAltM = 1.0
		// tolRangeRel: on the sphere the geodesic is the great circle.
		tolRangeRel = 1e-6
		// maxImpactErrM: the aim-point accuracy the analyses need.
		maxImpactErrM = 1000.0
	)
	args := append(slices.Clone(textbookArgs), "--step", "7", "--json")
	code, stdout, stderr := execute(args...)
	if code != exitOK || stderr != "" {
		t.Fatalf("jrmd %s: exit %d, stderr %q", strings.Join(args, " "), code, stderr)
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	var obj map[string]json.RawMessage
	if err := dec.Decode(&obj); err != nil {
		t.Fatalf("stdout is not a JSON object: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Errorf("stdout holds more than one JSON value")
	}
	wantKeys := []string{"range_m", "burnout_speed_mps", "flight_path_angle_deg", "azimuth_deg",
		"burnout_time_s", "burnout_alt_m", "flight_time_s", "apogee_alt_m", "impact_error_m",
		"impact", "kind", "earth", "rotation", "boost", "samples"}
	if got := slices.Sorted(maps.Keys(obj)); !slices.Equal(got, slices.Sorted(slices.Values(wantKeys))) {
		t.Errorf("keys = %v, want %v", got, wantKeys)
	}

	var tr struct {
		RangeM             float64 `json:"range_m"`
		BurnoutSpeedMps    float64 `json:"burnout_speed_mps"`
		FlightPathAngleDeg float64 `json:"flight_path_angle_deg"`
		FlightTimeS        float64 `json:"flight_time_s"`
		ApogeeAltM         float64 `json:"apogee_alt_m"`
		ImpactErrorM       float64 `json:"impact_error_m"`
		Impact             struct {
			LatDeg float64 `json:"lat_deg"`
			LonDeg float64 `json:"lon_deg"`
		} `json:"impact"`
		Kind     string `json:"kind"`
		Earth    string `json:"earth"`
		Rotation *bool  `json:"rotation"`
		Boost    string `json:"boost"`
		Samples  []struct {
			TS     float64 `json:"t_s"`
			LatDeg float64 `json:"lat_deg"`
			LonDeg float64 `json:"lon_deg"`
			AltM   float64 `json:"alt_m"`
		} `json:"samples"`
	}
	if err := json.Unmarshal([]byte(stdout), &tr); err != nil {
		t.Fatalf("decoding: %v", err)
	}
	if tr.Kind != "minimum-energy" || tr.Earth != "spherical" || tr.Rotation == nil || *tr.Rotation || tr.Boost != "none" {
		t.Errorf("kind %q, earth %q, rotation %v, boost %q; want minimum-energy, spherical, false, none", tr.Kind, tr.Earth, tr.Rotation, tr.Boost)
	}
	if want := greatCircleM(35.23, 53.92, 52.52, 13.40); math.Abs(tr.RangeM-want) > tolRangeRel*want {
		t.Errorf("range_m = %.1f, want the great circle %.1f", tr.RangeM, want)
	}
	if !(tr.ImpactErrorM >= 0 && tr.ImpactErrorM < maxImpactErrM) {
		t.Errorf("impact_error_m = %g, want [0, %g)", tr.ImpactErrorM, maxImpactErrM)
	}
	if d := greatCircleM(tr.Impact.LatDeg, tr.Impact.LonDeg, 52.52, 13.40); d > maxImpactErrM {
		t.Errorf("impact (%g, %g) is %.0f m from the aim point", tr.Impact.LatDeg, tr.Impact.LonDeg, d)
	}
	// Minimum energy on a sphere (Curtis-style textbook geometry): the
	// flight-path angle is (90° - half the range angle)/2.
	if want := (90 - tr.RangeM/6371000*180/math.Pi/2) / 2; math.Abs(tr.FlightPathAngleDeg-want) > 0.01 {
		t.Errorf("flight_path_angle_deg = %.3f, want %.3f (minimum-energy geometry)", tr.FlightPathAngleDeg, want)
	}
	if !(tr.BurnoutSpeedMps > 0 && tr.FlightTimeS > 0 && tr.ApogeeAltM > 0) {
		t.Errorf("burnout speed %g m/s, flight time %g s, apogee %g m: want all positive", tr.BurnoutSpeedMps, tr.FlightTimeS, tr.ApogeeAltM)
	}

	n := len(tr.Samples)
	if n < 3 {
		t.Fatalf("%d samples, want a flight of many %g s steps", n, stepS)
	}
	if s := tr.Samples[0]; s.TS != 0 || math.Abs(s.LatDeg-35.23) > 1e-6 || math.Abs(s.LonDeg-53.92) > 1e-6 || math.Abs(s.AltM) > tolImpactAltM {
		t.Errorf("first sample %+v, want the launch point at t = 0", s)
	}
	for i, s := range tr.Samples[:n-1] {
		if math.Abs(s.TS-float64(i)*stepS) > tolTimeS {
			t.Fatalf("sample %d at t = %g s, want %g s (every --step)", i, s.TS, float64(i)*stepS)
		}
		if s.AltM > tr.ApogeeAltM+1 {
			t.Errorf("sample %d at %g m, above the apogee %g m", i, s.AltM, tr.ApogeeAltM)
		}
	}
	last, prev := tr.Samples[n-1], tr.Samples[n-2]
	if math.Abs(last.TS-tr.FlightTimeS) > tolTimeS || !(last.TS > prev.TS && last.TS-prev.TS <= stepS+tolTimeS) {
		t.Errorf("last sample at t = %g s (previous %g s), want the impact at %g s", last.TS, prev.TS, tr.FlightTimeS)
	}
	if math.Abs(last.AltM) > tolImpactAltM {
		t.Errorf("last sample at altitude %g m, want the surface", last.AltM)
	}
}

func TestTrajectoryText(t *testing.T) {
	code, stdout, stderr := execute(textbookArgs...)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"range", " km\n", "burnout speed", " m/s\n", "flight-path angle", "°",
		"apogee altitude", "t s", "lat °", "lon °", "alt km"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output does not contain %q:\n%s", want, stdout)
		}
	}
}
