package main

import (
	"encoding/json"
	"math"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/sensor"
)

const customModels = "../../scenarios/custom-models.yaml"

// listJSON runs jrmd list --json and returns its objects.
func listJSON(t *testing.T, args ...string) []map[string]any {
	t.Helper()
	code, stdout, stderr := execute(append([]string{"list"}, append(args, "--json")...)...)
	if code != exitOK || stderr != "" {
		t.Fatalf("jrmd list %v: exit %d, stderr %q", args, code, stderr)
	}
	var out []map[string]any
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// documentedKeys are the JSON keys docs/models.md lists for every model
// and under its heading for kind: the first column of each table.
func documentedKeys(t *testing.T, kind string) []string {
	t.Helper()
	doc, err := os.ReadFile("../../docs/models.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	row := regexp.MustCompile("(?m)^\\| `([a-z0-9_]+)` \\|")
	section := func(from, to string) string {
		i := strings.Index(text, from)
		if i < 0 {
			t.Fatalf("docs/models.md has no %q", from)
		}
		s := text[i+len(from):]
		if j := strings.Index(s, to); j >= 0 {
			s = s[:j]
		}
		return s
	}
	var keys []string
	for _, part := range []string{section("Every object has:", "###"), section("### "+kind+"\n", "###")} {
		for _, m := range row.FindAllStringSubmatch(part, -1) {
			keys = append(keys, m[1])
		}
	}
	sort.Strings(keys)
	return keys
}

// jrmd list --json prints, for each kind, objects whose keys are exactly
// those docs/models.md documents (base only for a scenario's own), the
// library's first and the scenario's own after them, marked.
func TestListKeysAreDocumented(t *testing.T) {
	own := map[string][]string{"missiles": {"mrbm-blunt"}, "radars": {"spy-1"}, "interceptors": {"sm-3-iia"}}
	for _, kind := range []string{"missiles", "radars", "interceptors"} {
		want := documentedKeys(t, kind)
		if len(want) < 10 {
			t.Fatalf("%s: only %d keys documented: %v", kind, len(want), want)
		}
		objs := listJSON(t, kind, "--scenario", customModels)
		var ids []string
		for _, o := range objs {
			var got []string
			for k := range o {
				got = append(got, k)
			}
			if _, ok := o["base"]; !ok {
				got = append(got, "base") // documented, absent for a type without one
			}
			sort.Strings(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s %v: keys %v, docs/models.md %v", kind, o["id"], got, want)
			}
			if o["origin"] == "scenario" {
				ids = append(ids, o["id"].(string))
			}
		}
		if !slices.Equal(ids, own[kind]) || objs[len(objs)-1]["origin"] != "scenario" {
			t.Errorf("%s: the scenario's own %v, want %v last", kind, ids, own[kind])
		}
	}
}

// The figures jrmd list computes, against closed forms and the sources the
// classes cite: the uewr's power-aperture P·G·λ²/4π from its library
// figures; the irbm's least reach and burnout speed as its source gives
// them (reach ~4,600–5,400 km, burnout ~5.5 km/s), its eastward reach
// beyond its westward (the Earth's turning); a scenario's class changed
// from the library's differs from it in what it changes.
func TestListFigures(t *testing.T) {
	byID := func(objs []map[string]any, id string) map[string]any {
		for _, o := range objs {
			if o["id"] == id {
				return o
			}
		}
		t.Fatalf("no %s", id)
		return nil
	}
	uewr := byID(listJSON(t, "radars"), "uewr")
	ty, _ := sensor.LookupRadarType("uewr")
	m := ty.Template.Model
	lambda := sensor.SpeedOfLight / m.FrequencyHz
	if want := m.AvgPowerW * math.Pow(10, m.GainDBi/10) * lambda * lambda / (4 * math.Pi); math.Abs(uewr["power_aperture_w_m2"].(float64)-want) > 1e-9*want {
		t.Errorf("uewr power-aperture %v W·m², want %g", uewr["power_aperture_w_m2"], want)
	}
	missiles := listJSON(t, "missiles", "--scenario", customModels)
	irbm := byID(missiles, "irbm")
	lo, hi, v := irbm["reach_min_km"].(float64), irbm["reach_max_km"].(float64), irbm["burnout_speed_mps"].(float64)
	// 3 % beyond the source's rounded ends, as ballistic's own test of them.
	if !(lo >= 4600*0.97 && lo <= 5400*1.03 && lo < hi) || math.Abs(v-5500)/5500 > 0.05 {
		t.Errorf("irbm: reach %g–%g km, burnout %g m/s; its source: ~4,600–5,400 km, ~5.5 km/s", lo, hi, v)
	}
	if icbm := byID(missiles, "icbm"); icbm["reach_max_km"] != nil {
		t.Errorf("icbm eastward: %v km; it flies past the antipode, want null", icbm["reach_max_km"])
	}
	mrbm, blunt := byID(missiles, "mrbm"), byID(missiles, "mrbm-blunt")
	if blunt["base"] != "mrbm" || blunt["reentry_beta_kg_m2"] != 3000.0 || blunt["launch_mass_kg"] != mrbm["launch_mass_kg"] || blunt["stages"] != mrbm["stages"] {
		t.Errorf("mrbm-blunt %v: want the mrbm's figures with a re-entry coefficient of 3000", blunt)
	}
	if src := blunt["source"].(string); !strings.Contains(src, "library mrbm with reentry_beta_kg_m2 changed") || !strings.Contains(src, "Sejjil") {
		t.Errorf("mrbm-blunt's source %q: want the change and the base's sources", src)
	}
}

// The table names each kind's models, marks the scenario's own, and
// gives each one's sources; a wrong kind or scenario is an error.
func TestListTable(t *testing.T) {
	code, stdout, stderr := execute("list", "interceptors", "--scenario", customModels)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"gbi-6.3", "sm-3-iia *", "* the scenario's own (" + customModels + ")", "sources:", "CSIS Missile Defense Project, 'SM-3'"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("jrmd list interceptors --scenario: lacks %q:\n%s", want, stdout)
		}
	}
	checkUsageErrors(t, []usageCase{
		{"no kind", []string{"list"}, []string{"list what? want one of missiles, radars, interceptors"}},
		{"wrong kind", []string{"list", "rockets"}, []string{"list what?"}},
		{"no such scenario", []string{"list", "radars", "--scenario", "nope.yaml"}, []string{"nope.yaml"}},
	})
}
