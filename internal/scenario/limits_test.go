package scenario

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/config"
)

// base is a valid scenario to which a test appends its threats.
const base = `name: t
nations: [{id: US, c2: cs}]
c2_nodes: [{id: cs, nation: US, site: {lat_deg: 38.8, lon_deg: -104.8}}]
assets: [{id: a, site: {lat_deg: 50, lon_deg: 10}}]
launch_areas: [{id: l, site: {lat_deg: 35, lon_deg: 53}}]
`

// decodeProblems decodes data and returns its problems, failing the test
// if it has none.
func decodeProblems(t *testing.T, data string) config.Problems {
	t.Helper()
	_, err := Decode("t.yaml", []byte(data))
	ps, ok := err.(config.Problems)
	if !ok {
		t.Fatalf("want problems, got %v", err)
	}
	return ps
}

// A list of 1,000 values used 20,000 times through an alias (an 80 KB
// file) is refused at the alias that passes MaxValues, with that one
// problem: decoding it in full took minutes and gigabytes.
func TestAliasExpansionIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(base)
	b.WriteString("sensors: [&s {id: x, type: uewr, nation: US, site: {lat_deg: 76.5, lon_deg: -68.7}, faces_az_deg: [")
	b.WriteString(strings.Repeat("0, ", 999) + "0]}")
	b.WriteString(strings.Repeat(", *s", 20000) + "]\n")
	ps := decodeProblems(t, b.String())
	if len(ps) != 1 || !strings.Contains(ps[0].Msg, fmt.Sprintf("more than %d values", MaxValues)) || ps[0].Line != 6 || !strings.HasPrefix(ps[0].Field, "sensors[") {
		t.Fatalf("want one problem of MaxValues at an alias on line 6, got %d:\n%v", len(ps), ps)
	}
}

// A raid of 100 rows of 10,000 missiles (a 14 KB file, a million
// missiles) is refused with the cap in the message; a raid at the cap is
// not.
func TestRaidIsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(base + "threats:\n")
	for i := range 100 {
		fmt.Fprintf(&b, "  - {id: t%d, class: irbm, from: l, to: a, count: 10000, interval_s: 1}\n", i)
	}
	ps := decodeProblems(t, b.String())
	want := fmt.Sprintf("threats: the raid has 1000000 missiles (counts summed); a scenario may have at most %d", MaxThreats)
	if len(ps) != 1 || !strings.Contains(ps.Error(), want) {
		t.Fatalf("want the cap on missiles alone, got\n%v", ps)
	}
	if MaxThreats < 20000 {
		t.Fatalf("MaxThreats %d: raids of 10,000 are a planned study; keep room for two", MaxThreats)
	}
	atCap := base + fmt.Sprintf("threats:\n  - {id: t, class: irbm, from: l, to: a, count: 10000, interval_s: 1}\n  - {id: u, class: irbm, from: l, to: a, count: %d, interval_s: 1}\n", MaxThreats-10000)
	if _, err := Decode("t.yaml", []byte(atCap)); err != nil {
		t.Fatalf("a raid of MaxThreats missiles: %v", err)
	}
}

// Sensors, batteries, nations × missiles and the study's table are capped: each is
// what the work and the memory of a run grow with.
func TestProductsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(base + "sensors:\n")
	for i := range MaxSensors + 1 {
		fmt.Fprintf(&b, "  - {id: s%d, type: uewr, nation: US, site: {lat_deg: 50, lon_deg: 10}}\n", i)
	}
	ps := decodeProblems(t, b.String())
	if len(ps) != 1 || ps[0].Field != "sensors" || !strings.Contains(ps[0].Msg, fmt.Sprintf("%d sensors; a scenario may have at most %d", MaxSensors+1, MaxSensors)) {
		t.Errorf("want the cap on sensors, got\n%v", ps)
	}

	b.Reset()
	b.WriteString(base + "batteries:\n")
	for i := range MaxBatteries + 1 {
		fmt.Fprintf(&b, "  - {id: b%d, nation: US, interceptor: gbi-9, inventory: 10, site: {lat_deg: 54, lon_deg: 17}}\n", i)
	}
	ps = decodeProblems(t, b.String())
	if len(ps) != 1 || ps[0].Field != "batteries" || !strings.Contains(ps[0].Msg, fmt.Sprintf("%d batteries; a scenario may have at most %d", MaxBatteries+1, MaxBatteries)) {
		t.Errorf("want the cap on batteries, got\n%v", ps)
	}

	nations := strings.Replace(base, "nations: [{id: US, c2: cs}]", "nations: [{id: US, c2: cs}, {id: A}, {id: B}, {id: C}, {id: D}, {id: E}]", 1)
	ps = decodeProblems(t, nations+"threats: [{id: t, class: irbm, from: l, to: a, count: 10000, interval_s: 1}, {id: u, class: irbm, from: l, to: a, count: 10000, interval_s: 1}]\n")
	want := fmt.Sprintf("6 nations × 20000 missiles = 120000; a scenario may have at most %d", MaxNationMissiles)
	if !strings.Contains(ps.Error(), "nations: "+want) {
		t.Errorf("want the cap on nations × missiles, got\n%v", ps)
	}

	b.Reset()
	b.WriteString(base + "batteries: [{id: b, nation: US, interceptor: gbi-9, inventory: 10, site: {lat_deg: 54, lon_deg: 17}}]\nlaunch_areas:\n")
	for i := range 50 {
		fmt.Fprintf(&b, "  - {id: l%d, site: {lat_deg: 35, lon_deg: %d}}\n", i, i)
	}
	b.WriteString("assets:\n")
	for i := range 50 {
		fmt.Fprintf(&b, "  - {id: a%d, site: {lat_deg: 50, lon_deg: %d}}\n", i, i)
	}
	b.WriteString("study: {reach: {burnout_speeds_mps: [" + strings.Repeat("6000, ", 40) + "6000]}}\n")
	data := strings.Replace(strings.Replace(b.String(), "assets: [{id: a, site: {lat_deg: 50, lon_deg: 10}}]\n", "", 1), "launch_areas: [{id: l, site: {lat_deg: 35, lon_deg: 53}}]\n", "", 1)
	ps = decodeProblems(t, data)
	if len(ps) != 1 || !strings.Contains(ps[0].Msg, fmt.Sprintf("the reach table has 102500 rows (batteries × launch areas × targets × burnout speeds × interceptors × levels × sensor variants); a study may have at most %d", MaxStudyRows)) {
		t.Errorf("want the cap on the study's table, got\n%v", ps)
	}
}

// A file larger than MaxFileBytes is refused before it is parsed.
func TestFileSizeIsCapped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, []byte(base+"#"+strings.Repeat("x", MaxFileBytes)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if !IsInput(err) || !strings.Contains(err.Error(), fmt.Sprintf("larger than the %d a scenario may have", MaxFileBytes)) {
		t.Fatalf("got %v", err)
	}
}

// An error lists maxListed problems and counts the rest.
func TestProblemsAreListedUpToACap(t *testing.T) {
	var b strings.Builder
	b.WriteString(base + "threats:\n")
	for i := range maxListed + 50 {
		fmt.Fprintf(&b, "  - {id: t%d, class: irbm, from: l, to: a, launch_s: -1}\n", i)
	}
	ps := decodeProblems(t, b.String())
	if len(ps) != maxListed+1 || ps[maxListed].Msg != "and 50 more problems (the first of them here)" || ps[maxListed].Line != 7+maxListed {
		t.Fatalf("got %d problems, the last %v", len(ps), ps[len(ps)-1])
	}
}

// Every number a scenario holds has a range, published in the schema,
// except the seed (any 64-bit value is one).
func TestEveryNumberHasARange(t *testing.T) {
	b, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Defs       map[string]map[string]any `json:"$defs"`
		Properties map[string]any            `json:"properties"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	check := func(where string, props map[string]any) {
		for key, p := range props {
			m := p.(map[string]any)
			if items, ok := m["items"].(map[string]any); ok {
				m = items
			}
			if ty := m["type"]; (ty != "number" && ty != "integer") || key == "seed" {
				continue
			}
			n++
			_, lo := m["minimum"]
			_, xlo := m["exclusiveMinimum"]
			_, hi := m["maximum"]
			_, xhi := m["exclusiveMaximum"]
			if !(lo || xlo) || !(hi || xhi) {
				t.Errorf("%s.%s: no range in the schema (add a range tag)", where, key)
			}
		}
	}
	check("(file)", doc.Properties)
	for name, def := range doc.Defs {
		check(name, def["properties"].(map[string]any))
	}
	if n < 25 {
		t.Errorf("only %d numeric keys found", n)
	}
}

// The limits the types' documentation states are the ones enforced, and
// the burnout speeds' ranges are the libraries' ceilings.
func TestDocumentedLimits(t *testing.T) {
	doc := func(typ reflect.Type, field string) reflect.StructTag {
		f, ok := typ.FieldByName(field)
		if !ok {
			t.Fatalf("no field %s", field)
		}
		return f.Tag
	}
	file := reflect.TypeFor[File]()
	for field, want := range map[string]string{
		"Sensors":   fmt.Sprintf("at most %d", MaxSensors),
		"Batteries": fmt.Sprintf("at most %d", MaxBatteries),
		"Threats":   fmt.Sprintf("at most %s missiles (counts summed), and nations × missiles at most %s", grouped(MaxThreats), grouped(MaxNationMissiles)),
	} {
		if got := doc(file, field).Get("doc"); !strings.Contains(got, want) {
			t.Errorf("%s: doc %q lacks %q", field, got, want)
		}
	}
	for _, c := range []struct {
		typ   reflect.Type
		field string
		max   float64
	}{
		{reflect.TypeFor[Threat](), "BurnoutSpeedMps", ballistic.MaxBurnoutSpeedMps},
		{reflect.TypeFor[ReachStudy](), "BurnoutSpeedsMps", intercept.MaxBurnoutSpeedMps},
	} {
		if _, hi, _, _, ok := config.Range(doc(c.typ, c.field).Get("range")); !ok || hi != c.max {
			t.Errorf("%s.%s: range up to %g, want up to %g", c.typ.Name(), c.field, hi, c.max)
		}
	}
}

// grouped writes n with thousands separators, as the docs do.
func grouped(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Objects are capped with the missiles counted: within MaxThreats, an
// architecture as large as the rest of MaxObjects allows is refused.
func TestObjectsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(base + "exchange_centers:\n")
	for i := range MaxObjects - MaxThreats {
		fmt.Fprintf(&b, "  - {id: x%d, site: {lat_deg: 50, lon_deg: 10}, members: [US, US]}\n", i)
	}
	fmt.Fprintf(&b, "threats: [{id: t, class: irbm, from: l, to: a, count: 10000, interval_s: 1}, {id: u, class: irbm, from: l, to: a, count: %d, interval_s: 1}]\n", MaxThreats-10000)
	ps := decodeProblems(t, b.String())
	want := fmt.Sprintf("the scenario has %d objects (%d missiles and %d of the architecture", MaxObjects+4, MaxThreats, MaxObjects-MaxThreats+4)
	if len(ps) != 1 || !strings.Contains(ps[0].Msg, want) {
		t.Errorf("want the cap on objects, got\n%v", ps)
	}
}

// Every key a scenario may leave out that is a number, a boolean or one of
// a list of names has its default in the schema: the value its absence
// stands for (for a model with a base, the base's; study.reach's
// launch_delay_s absent is the cue, which no number stands for).
func TestEveryOptionalKeyHasADefault(t *testing.T) {
	b, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Defs       map[string]map[string]any `json:"$defs"`
		Properties map[string]any            `json:"properties"`
		Required   []string                  `json:"required"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	check := func(where string, props map[string]any, required []any) {
		for key, p := range props {
			m := p.(map[string]any)
			_, enum := m["enum"]
			if ty := m["type"]; ty != "number" && ty != "integer" && ty != "boolean" && !enum || key == "seed" || key == "launch_delay_s" {
				continue
			}
			if slices.ContainsFunc(required, func(r any) bool { return r == key }) {
				continue
			}
			n++
			if _, ok := m["default"]; !ok {
				t.Errorf("%s.%s: no default in the schema (add a default tag)", where, key)
			}
		}
	}
	req := make([]any, len(doc.Required))
	for i, r := range doc.Required {
		req[i] = r
	}
	check("(file)", doc.Properties, req)
	for name, def := range doc.Defs {
		r, _ := def["required"].([]any)
		if alts, ok := def["anyOf"].([]any); ok {
			// Required without a base.
			for _, alt := range alts {
				more, _ := alt.(map[string]any)["required"].([]any)
				r = append(r, more...)
			}
		}
		check(name, def["properties"].(map[string]any), r)
	}
	if n < 40 {
		t.Errorf("only %d optional keys found", n)
	}
}
