package scenario

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/sensor"
)

// validator checks what the types cannot: ranges, uniqueness, references.
type validator struct {
	*config.Decoder
	// broken: the scenario's own models with problems (by list and id),
	// whose users are not checked again.
	broken map[string]bool
}

// errf reports a problem at the place of path in the file.
func (v *validator) errf(path, format string, args ...any) { v.Errorf(path, format, args...) }

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
	v.models(f)
	v.resolve(f)

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
		if n.Release.Policy == bmc.AssetsOnly && len(n.Release.Assets) == 0 {
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
	}
	sensorType := map[string]string{}
	for _, s := range f.Sensors {
		sensorType[s.ID] = s.Type
	}
	for i, b := range f.Batteries {
		p := fmt.Sprintf("batteries[%d]", i)
		if v.Given(p+".nation") && b.Nation == "" {
			v.errf(p+".nation", "a battery needs an owning nation: only its C2 may release it")
		}
		v.ref(p+".nation", b.Nation, "nation", nations)
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
		v.ref(p+".from", t.From, "launch area", areas)
		v.ref(p+".to", t.To, "asset", assets)
		if last := t.LaunchS + float64(t.Count-1)*t.IntervalS; last > maxLaunchS && t.LaunchS <= maxLaunchS && t.IntervalS <= maxLaunchS {
			v.errf(p+".interval_s", "the salvo's last launch, at %g s, is after %d s: a raid is launched within a day", last, maxLaunchS)
		}
		v.reach(p, f, t)
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
		if r.Boost == "" {
			r.Boost = boostAuto
		}
		if _, ok := f.MissileClass(r.Boost); !ok && r.Boost != boostNone && r.Boost != boostAuto {
			v.errf(p+".boost", "unknown missile class %q (known: none, auto, %s)", r.Boost, strings.Join(f.missileNames(), ", "))
		}
		for j, it := range r.Interceptors {
			if _, ok := f.InterceptorType(it); !ok {
				v.errf(fmt.Sprintf("%s.interceptors[%d]", p, j), "unknown interceptor %q (known: %s)", it, strings.Join(typeNames(f.InterceptorTypes()), ", "))
			}
		}
		swept := map[string]bool{}
		for j, sw := range r.Sensors {
			sp := fmt.Sprintf("%s.sensors[%d]", p, j)
			switch {
			case sw.ID == "":
				// required already reported
			case sensors[sw.ID] == "":
				v.errf(sp+".id", "unknown sensor %q", sw.ID)
			case sensorType[sw.ID] == sensor.InfraredType:
				v.errf(sp+".id", "sensor %q is infrared: it has no instrumented range to vary", sw.ID)
			case swept[sw.ID]:
				v.errf(sp+".id", "sensor %q is already varied above: list all its values in one entry", sw.ID)
			}
			swept[sw.ID] = true
			if len(sw.MaxRangeKm) == 0 {
				v.errf(sp+".max_range_km", "give the instrumented ranges to try, km")
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
	missiles := f.RaidSize()
	arch := len(f.Missiles) + len(f.Radars) + len(f.Interceptors) + len(f.Nations) + len(f.C2) + len(f.Exchanges) + len(f.Sensors) + len(f.Batteries) + len(f.Links) + len(f.Assets) + len(f.LaunchAreas)
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
		n := count(len(r.Batteries), len(f.Batteries)) * count(len(r.LaunchAreas), len(f.LaunchAreas)) * count(len(r.Targets), len(f.Assets)) * float64(max(len(r.BurnoutSpeedsMps), 1)) *
			float64(max(len(r.Interceptors), 1)) * float64(max(len(r.Integration), 1))
		for _, sw := range r.Sensors {
			n *= float64(max(len(sw.MaxRangeKm), 1))
		}
		if n > MaxStudyRows {
			v.errf("study.reach", "the reach table has %.0f rows (batteries × launch areas × targets × burnout speeds × interceptors × levels × sensor variants); a study may have at most %d", n, MaxStudyRows)
		}
	}
}

// reach reports a threat its missile class cannot fly from its launch area
// to its aim point: the flight run would fly (Flight) does not solve. A
// threat well within its class's least reach on any bearing
// (leastReach) is spared the flight; the others are flown, and the
// message says why not: beyond the class's reach on that bearing
// (ballistic.MaxRange), or the burnout speed asked for, or the solver's
// own reason.
func (v *validator) reach(p string, f *File, t Threat) {
	var from, to *Position
	for i := range f.LaunchAreas {
		if f.LaunchAreas[i].ID == t.From {
			from = &f.LaunchAreas[i].Site
		}
	}
	for i := range f.Assets {
		if f.Assets[i].ID == t.To {
			to = &f.Assets[i].Site
		}
	}
	m, e := t.Missile, f.Earth
	if m == nil || from == nil || to == nil || !(t.BurnoutSpeedMps >= 0) || t.BurnoutSpeedMps > ballistic.MaxBurnoutSpeedMps || !finitePlace(*from) || !finitePlace(*to) {
		return // reported elsewhere
	}
	if m.Validate() != nil {
		return // reported at the class
	}
	a, b := from.LLA(), to.LLA()
	d, az, _ := e.Inverse(geo.LLA{LatDeg: a.LatDeg, LonDeg: a.LonDeg}, geo.LLA{LatDeg: b.LatDeg, LonDeg: b.LonDeg})
	if t.BurnoutSpeedMps == 0 && t.Kind.String() == string(ballistic.MinimumEnergy) && d < screenFraction*leastReach(e, m) {
		return // well within reach on any bearing
	}
	solveErr := solve(Flight(e, a, b, t))
	if solveErr == nil {
		return
	}
	r, err := maxRange(e, m, geo.LLA{LatDeg: a.LatDeg, LonDeg: a.LonDeg}, az*180/math.Pi, t.BurnoutSpeedMps)
	switch {
	case err != nil && t.BurnoutSpeedMps > 0:
		v.errf(p+".burnout_speed_mps", "the %s cannot fly to %s at this burnout speed: %v", t.Class, t.To, err)
	case err != nil:
		v.errf(p+".class", "the %s cannot fly from %s to %s: %v", t.Class, t.From, t.To, err)
	case d > r:
		v.errf(p+".to", "%s is %.0f km from %s, beyond the %s's reach of %.0f km on that bearing", t.To, d/1e3, t.From, t.Class, r/1e3)
	default:
		v.errf(p+".class", "the %s cannot fly from %s to %s: %v", t.Class, t.From, t.To, solveErr)
	}
}

// screenFraction: a threat shorter than this fraction of its class's least
// reach on any bearing (leastReach) is within reach without asking on its
// own bearing. The least reach is the due-west one on the equator, where
// the Earth's rotation takes the most away; 5 % covers what latitude and
// the Earth's flattening change besides.
const screenFraction = 0.95

type reachKey struct {
	earth, missile string
	from           geo.LLA
	azDeg, vMps    float64
}

// reaches caches MaxRange (each a few milliseconds of flights) by class
// and bearing, and solves the verdicts of flights (tens of milliseconds)
// by Flight's key: a scenario names few distinct launch areas and
// bearings, and tests and the CLI load the same scenarios again and again.
var (
	reaches sync.Map // reachKey → reachValue
	solves  sync.Map // Flight key → error
)

type reachValue struct {
	r   ballistic.Reach
	err error
}

// MaxReach is ballistic.MaxReach, cached.
func MaxReach(e geo.Earth, m *ballistic.Missile, from geo.LLA, azDeg, vMps float64) (ballistic.Reach, error) {
	k := reachKey{fmt.Sprintf("%+v", e), fmt.Sprintf("%+v", *m), from, azDeg, vMps}
	if r, ok := reaches.Load(k); ok {
		return r.(reachValue).r, r.(reachValue).err
	}
	r, err := ballistic.MaxReach(e, m, from, azDeg, vMps)
	reaches.Store(k, reachValue{r, err})
	return r, err
}

func maxRange(e geo.Earth, m *ballistic.Missile, from geo.LLA, azDeg, vMps float64) (float64, error) {
	r, err := MaxReach(e, m, from, azDeg, vMps)
	return r.RangeM, err
}

// solve is whether a flight solves, cached.
func solve(key string, req ballistic.Request) error {
	if err, ok := solves.Load(key); ok {
		if err == nil {
			return nil
		}
		return err.(error)
	}
	_, err := ballistic.Solve(req)
	solves.Store(key, err)
	return err
}

// leastReach is a class's reach due west on the equator, its least on
// any bearing (0 if it cannot be flown: then every threat is asked about).
func leastReach(e geo.Earth, m *ballistic.Missile) float64 {
	r, err := maxRange(e, m, geo.LLA{}, 270, 0)
	if err != nil {
		return 0
	}
	return r
}
