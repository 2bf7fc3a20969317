package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestDemoJSON(t *testing.T) {
	const maxImpactErrM = 1000.0 // the aim-point accuracy the analyses need
	code, stdout, stderr := execute("demo", "--json")
	if code != exitOK || stderr != "" {
		t.Fatalf("jrmd demo --json: exit %d, stderr %q", code, stderr)
	}
	var rows []struct {
		Threat, Class, Note string
		From, To            struct{ Name string }
		RangeM              float64 `json:"range_m"`
		BurnoutSpeedMps     float64 `json:"burnout_speed_mps"`
		FlightTimeS         float64 `json:"flight_time_s"`
		ApogeeAltM          float64 `json:"apogee_alt_m"`
		ImpactErrorM        float64 `json:"impact_error_m"`
	}
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatalf("stdout is not a JSON array: %v", err)
	}
	if len(rows) != len(referenceThreats) {
		t.Fatalf("%d rows, want %d", len(rows), len(referenceThreats))
	}
	for i, r := range rows {
		th := referenceThreats[i]
		if r.Threat != th.Name || r.Class != th.Class || r.From.Name != th.From.Name || r.To.Name != th.To.Name || r.Note == "" {
			t.Errorf("row %d = %s %s %s→%s, want %s %s %s→%s with a note (table order)", i, r.Threat, r.Class, r.From.Name, r.To.Name, th.Name, th.Class, th.From.Name, th.To.Name)
		}
		if !(r.ImpactErrorM >= 0 && r.ImpactErrorM < maxImpactErrM) {
			t.Errorf("%s: impact error %g m, want under %g m", th.Name, r.ImpactErrorM, maxImpactErrM)
		}
		if !(r.BurnoutSpeedMps > 0 && r.FlightTimeS > 0 && r.ApogeeAltM > 0) {
			t.Errorf("%s: burnout speed %g, flight time %g, apogee %g; want positive", th.Name, r.BurnoutSpeedMps, r.FlightTimeS, r.ApogeeAltM)
		}
		// The notes quote great-circle ranges; the geodesic is within 1 %.
		if gc := greatCircleM(th.From.LatDeg, th.From.LonDeg, th.To.LatDeg, th.To.LonDeg); math.Abs(r.RangeM-gc) > 0.01*gc {
			t.Errorf("%s: range %.0f m, great circle %.0f m", th.Name, r.RangeM, gc)
		}
	}
}

func TestDemoTable(t *testing.T) {
	code, stdout, stderr := execute("demo")
	if code != exitOK || stderr != "" {
		t.Fatalf("jrmd demo: exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(stdout, "\n")
	var header int
	for i, l := range lines {
		if strings.Contains(l, "range km") {
			header = i
			break
		}
	}
	for _, col := range []string{"threat", "class", "from → to", "range km", "burnout km/s", "flight-path °", "flight min:s", "apogee km", "impact error m"} {
		if !strings.Contains(lines[header], col) {
			t.Errorf("header %q lacks column %q", lines[header], col)
		}
	}
	for i, th := range referenceThreats {
		row := lines[header+1+i]
		if !strings.Contains(row, th.Name) || !strings.Contains(row, th.From.Name+" → "+th.To.Name) {
			t.Errorf("row %d = %q, want %s (%s → %s)", i, row, th.Name, th.From.Name, th.To.Name)
		}
		if len([]rune(row)) != len([]rune(lines[header])) {
			t.Errorf("row %d is not aligned with the header:\n%s\n%s", i, lines[header], row)
		}
	}
}
