package scenario

import (
	"fmt"
	"strings"

	"github.com/jrmd/jrmd/internal/ballistic"
	"github.com/jrmd/jrmd/internal/intercept"
	"github.com/jrmd/jrmd/internal/sensor"
)

// InfraredType is the sensor type of space-based infrared early warning;
// every other sensor type is a radar type of the sensor library.
const InfraredType = "infrared"

// validator checks what the types cannot: ranges, uniqueness, references.
type validator struct {
	*decoder
}

// errf reports a problem at the recorded position of path, or of its
// nearest recorded parent (a missing key is reported at its mapping).
func (v *validator) errf(path, format string, args ...any) {
	p, field := path, path
	if field == "" {
		field = "(file)"
	}
	for {
		if at, ok := v.pos[p]; ok {
			v.report(&Problem{File: v.file, Line: at[0], Col: at[1], Field: field, Msg: fmt.Sprintf(format, args...)})
			return
		}
		i := max(strings.LastIndexAny(p, ".["), 0)
		if p == "" {
			v.report(&Problem{File: v.file, Line: 1, Col: 1, Field: field, Msg: fmt.Sprintf(format, args...)})
			return
		}
		p = p[:i]
	}
}

// ids checks that every id of a list is present and unique, and returns
// the set.
func (v *validator) ids(list string, n int, id func(int) string, set map[string]string) {
	for i := range n {
		path := fmt.Sprintf("%s[%d].id", list, i)
		switch s := id(i); {
		case s == "":
			// required already reported
		case set[s] != "":
			v.errf(path, "id %q is already used by %s", s, set[s])
		default:
			set[s] = fmt.Sprintf("%s[%d]", list, i)
		}
	}
}

func (v *validator) ref(path, id, what string, set map[string]string) {
	if id != "" && set[id] == "" {
		v.errf(path, "unknown %s %q", what, id)
	}
}

func (v *validator) validate(f *File) {
	nations, nodes, sensors, batteries, assets, areas, threats := map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}
	v.ids("nations", len(f.Nations), func(i int) string { return f.Nations[i].ID }, nations)
	v.ids("c2_nodes", len(f.C2), func(i int) string { return f.C2[i].ID }, nodes)
	v.ids("exchange_centers", len(f.Exchanges), func(i int) string { return f.Exchanges[i].ID }, nodes)
	v.ids("sensors", len(f.Sensors), func(i int) string { return f.Sensors[i].ID }, sensors)
	v.ids("batteries", len(f.Batteries), func(i int) string { return f.Batteries[i].ID }, batteries)
	v.ids("assets", len(f.Assets), func(i int) string { return f.Assets[i].ID }, assets)
	v.ids("launch_areas", len(f.LaunchAreas), func(i int) string { return f.LaunchAreas[i].ID }, areas)
	v.ids("threats", len(f.Threats), func(i int) string { return f.Threats[i].ID }, threats)
	if len(f.Nations) == 0 {
		v.errf("nations", "at least one nation is needed")
	}

	c2Nation := map[string]string{}
	for i, c := range f.C2 {
		p := fmt.Sprintf("c2_nodes[%d]", i)
		v.ref(p+".nation", c.Nation, "nation", nations)
		c2Nation[c.ID] = c.Nation
	}
	for i, n := range f.Nations {
		p := fmt.Sprintf("nations[%d]", i)
		if n.C2 != "" {
			if owner, ok := c2Nation[n.C2]; !ok {
				v.errf(p+".c2", "unknown C2 node %q", n.C2)
			} else if owner != n.ID {
				v.errf(p+".c2", "C2 node %q belongs to %q, not %q", n.C2, owner, n.ID)
			}
		}
		for j, s := range n.ShareWith {
			v.ref(fmt.Sprintf("%s.share_with[%d]", p, j), s, "nation", nations)
			if s == n.ID {
				v.errf(fmt.Sprintf("%s.share_with[%d]", p, j), "a nation does not share with itself")
			}
		}
		for j, a := range n.Release.Assets {
			v.ref(fmt.Sprintf("%s.release.assets[%d]", p, j), a, "asset", assets)
		}
		if n.Release.Policy == "assets-only" && len(n.Release.Assets) == 0 {
			v.errf(p+".release.assets", "policy assets-only needs the assets to defend")
		}
	}
	for i, x := range f.Exchanges {
		p := fmt.Sprintf("exchange_centers[%d]", i)
		for j, m := range x.Members {
			v.ref(fmt.Sprintf("%s.members[%d]", p, j), m, "nation", nations)
		}
		if len(x.Members) < 2 {
			v.errf(p+".members", "an exchange center connects at least two nations")
		}
	}
	for i, s := range f.Sensors {
		p := fmt.Sprintf("sensors[%d]", i)
		v.ref(p+".nation", s.Nation, "nation", nations)
		if s.Type != "" && s.Type != InfraredType {
			if _, err := sensor.LookupRadarType(s.Type); err != nil {
				v.errf(p+".type", "unknown sensor type %q (radar types: %s; or %s)", s.Type, radarTypeNames(), InfraredType)
			}
		}
	}
	sensorNation := map[string]string{}
	for _, s := range f.Sensors {
		sensorNation[s.ID] = s.Nation
	}
	for i, b := range f.Batteries {
		p := fmt.Sprintf("batteries[%d]", i)
		if _, given := v.pos[p+".nation"]; given && b.Nation == "" {
			v.errf(p+".nation", "a battery needs an owning nation: only its C2 may release it")
		}
		v.ref(p+".nation", b.Nation, "nation", nations)
		if b.Interceptor != "" {
			if _, err := intercept.LookupInterceptor(b.Interceptor); err != nil {
				v.errf(p+".interceptor", "unknown interceptor %q (known: %s)", b.Interceptor, strings.Join(intercept.InterceptorNames(), ", "))
			}
		}
		if b.FireControl != "" {
			if owner, ok := sensorNation[b.FireControl]; !ok {
				v.errf(p+".fire_control", "unknown sensor %q", b.FireControl)
			} else if owner != b.Nation {
				v.errf(p+".fire_control", "sensor %q belongs to %q, not to the battery's nation %q", b.FireControl, owner, b.Nation)
			}
		}
	}
	for i, l := range f.Links {
		p := fmt.Sprintf("links[%d]", i)
		v.ref(p+".from", l.From, "node", nodes)
		v.ref(p+".to", l.To, "node", nodes)
		if l.From != "" && l.From == l.To {
			v.errf(p+".to", "a link joins two different nodes")
		}
		for j, o := range l.Outages {
			op := fmt.Sprintf("%s.outages[%d]", p, j)
			if o.EndS <= o.StartS {
				v.errf(op+".end_s", "end %g s is not after start %g s", o.EndS, o.StartS)
			}
		}
	}
	for i, a := range f.Assets {
		p := fmt.Sprintf("assets[%d]", i)
		v.ref(p+".nation", a.Nation, "nation", nations)
	}
	for i, t := range f.Threats {
		p := fmt.Sprintf("threats[%d]", i)
		if t.Class != "" {
			if _, err := ballistic.LookupMissile(t.Class); err != nil {
				v.errf(p+".class", "unknown missile class %q (known: %s)", t.Class, strings.Join(ballistic.MissileNames(), ", "))
			}
		}
		v.ref(p+".from", t.From, "launch area", areas)
		v.ref(p+".to", t.To, "asset", assets)
		if last := t.LaunchS + float64(max(t.Count, 1)-1)*t.IntervalS; last > maxLaunchS && t.LaunchS <= maxLaunchS && t.IntervalS <= maxLaunchS {
			v.errf(p+".interval_s", "the salvo's last launch, at %g s, is after %d s: a raid is launched within a day", last, maxLaunchS)
		}
	}
	if f.Study != nil && f.Study.Reach != nil {
		r := f.Study.Reach
		p := "study.reach"
		for j, id := range r.Batteries {
			v.ref(fmt.Sprintf("%s.batteries[%d]", p, j), id, "battery", batteries)
		}
		for j, id := range r.LaunchAreas {
			v.ref(fmt.Sprintf("%s.launch_areas[%d]", p, j), id, "launch area", areas)
		}
		for j, id := range r.Targets {
			v.ref(fmt.Sprintf("%s.targets[%d]", p, j), id, "asset", assets)
		}
		if r.Boost != "" && r.Boost != "none" && r.Boost != "auto" {
			if _, err := ballistic.LookupMissile(r.Boost); err != nil {
				v.errf(p+".boost", "unknown missile class %q (known: none, auto, %s)", r.Boost, strings.Join(ballistic.MissileNames(), ", "))
			}
		}
	}
	v.totals(f)
}

// maxLaunchS is the last time a missile may launch: a raid is launched
// within a day (the ranges of launch_s and interval_s).
const maxLaunchS = 86400

// totals checks the caps on the whole file (limits.go).
func (v *validator) totals(f *File) {
	missiles := f.Missiles()
	arch := len(f.Nations) + len(f.C2) + len(f.Exchanges) + len(f.Sensors) + len(f.Batteries) + len(f.Links) + len(f.Assets) + len(f.LaunchAreas)
	for _, n := range f.Nations {
		arch += len(n.Release.NoIntercept)
	}
	for _, l := range f.Links {
		arch += len(l.Outages)
	}
	if missiles > MaxThreats {
		v.errf("threats", "the raid has %d missiles (counts summed); a scenario may have at most %d", missiles, MaxThreats)
	}
	if arch+missiles > MaxObjects && missiles <= MaxThreats {
		v.errf("", "the scenario has %d objects (%d missiles and %d of the architecture: nations, C2 nodes, exchange centers, sensors, batteries, links and their outages, assets, launch areas, no-intercept zones); a scenario may have at most %d",
			arch+missiles, missiles, arch, MaxObjects)
	}
	if len(f.Sensors) > MaxSensors {
		v.errf("sensors", "%d sensors; a scenario may have at most %d (each radar runs its own tracker)", len(f.Sensors), MaxSensors)
	}
	if len(f.Batteries) > MaxBatteries {
		v.errf("batteries", "%d batteries; a scenario may have at most %d (each nation evaluates every missile against each)", len(f.Batteries), MaxBatteries)
	}
	if n := len(f.Nations) * missiles; n > MaxNationMissiles && missiles <= MaxThreats {
		v.errf("nations", "%d nations × %d missiles = %d; a scenario may have at most %d (each nation keeps its own picture of every missile)",
			len(f.Nations), missiles, n, MaxNationMissiles)
	}
	if f.Study != nil && f.Study.Reach != nil {
		r := f.Study.Reach
		count := func(picked, all int) float64 {
			if picked == 0 {
				return float64(all) // the default: all of them
			}
			return float64(picked)
		}
		n := count(len(r.Batteries), len(f.Batteries)) * count(len(r.LaunchAreas), len(f.LaunchAreas)) * count(len(r.Targets), len(f.Assets)) * float64(max(len(r.BurnoutSpeedsMps), 1))
		if n > MaxStudyRows {
			v.errf("study.reach", "the reach table has %.0f rows (batteries × launch areas × targets × burnout speeds); a study may have at most %d", n, MaxStudyRows)
		}
	}
}

func radarTypeNames() string {
	var names []string
	for _, t := range sensor.RadarTypes() {
		names = append(names, t.Name)
	}
	return strings.Join(names, ", ")
}
