package globe

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/report"
	"github.com/jrmd/jrmd/sensor"
)

// f formats a number for a property: shortest form, no exponent for
// everyday magnitudes.
func f(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func ptr(p geo.ECEF) *geo.ECEF { return &p }

// TrajectoryScene is a flown trajectory: the flight as a sampled track
// (the trajectory's own samples, converted to ECEF on its Earth), its
// launch point and its impact point. The clock runs from launch to impact.
func TrajectoryScene(req ballistic.Request, tr *ballistic.Trajectory) Scene {
	s := Scene{
		Name:   fmt.Sprintf("jrmd trajectory %s to %s", latLon(req.From), latLon(req.To)),
		Epoch:  DefaultEpoch,
		StopS:  tr.FlightTimeS,
		Layers: nil,
	}
	samples := make([]Sample, len(tr.Samples))
	for i, sm := range tr.Samples {
		samples[i] = Sample{TS: sm.TS, Pos: req.Earth.ToECEF(sm.Pos)}
	}
	boost := "none"
	if req.Missile != nil {
		boost = req.Missile.Name
	}
	props := map[string]string{
		"trajectory": string(req.Kind), "boost": boost, "earth": req.Earth.Name,
		"flight_time_s": f(round(tr.FlightTimeS, 1e3)), "apogee_alt_m": f(round(tr.ApogeeAltM, 1)),
		"range_m": f(round(tr.RangeM, 1)), "burnout_speed_mps": f(round(tr.BurnoutSpeedMps, 10)),
	}
	if len(samples) > 0 {
		s.Entities = append(s.Entities, Entity{ID: "threat", Name: "threat", Kind: Threat, Track: samples, Properties: props,
			Description: fmt.Sprintf("%s trajectory, boost %s, %s Earth: flight time %.1f s, apogee %.1f km, range %.1f km",
				req.Kind, boost, req.Earth.Name, tr.FlightTimeS, tr.ApogeeAltM/1000, tr.RangeM/1000)})
	}
	launch := req.From
	launch.AltM = 0
	s.Entities = append(s.Entities,
		Entity{ID: "launch", Name: "launch", Kind: Launch, Point: ptr(req.Earth.ToECEF(launch)),
			Properties: map[string]string{"lat_deg": f(launch.LatDeg), "lon_deg": f(launch.LonDeg)}},
		Entity{ID: "impact", Name: "impact", Kind: Impact, Point: ptr(req.Earth.ToECEF(tr.Impact)),
			Properties: map[string]string{"t_s": f(round(tr.FlightTimeS, 1e3)), "miss_m": f(round(tr.ImpactErrorM, 10))}},
	)
	return s
}

// flightPart samples tr from startS to endS: both ends and every multiple
// of stepS between them.
func flightPart(tr *ballistic.Trajectory, startS, endS, stepS float64) []Sample {
	var out []Sample
	add := func(t float64) {
		if p, _, ok := tr.StateAt(t); ok && (len(out) == 0 || t > out[len(out)-1].TS) {
			out = append(out, Sample{TS: t, Pos: p})
		}
	}
	add(startS)
	if stepS > 0 {
		for t := math.Floor(startS/stepS+1) * stepS; t < endS; t += stepS {
			add(t)
		}
	}
	add(endS)
	return out
}

// segments are the parts of a flight inside intervals, each an entity
// that exists during its interval.
func segments(tr *ballistic.Trajectory, ivs []Interval, stepS float64, idPrefix, name string, props map[string]string) []Entity {
	var out []Entity
	for i, iv := range ivs {
		part := flightPart(tr, iv.StartS, iv.EndS, stepS)
		if len(part) < 2 {
			continue // shorter than the trajectory's resolution
		}
		n := strconv.Itoa(i + 1)
		p := map[string]string{"start_s": f(round(iv.StartS, 1e3)), "end_s": f(round(iv.EndS, 1e3))}
		for k, v := range props {
			p[k] = v
		}
		out = append(out, Entity{ID: idPrefix + n, Name: name + " " + n, Kind: Segment, Track: part, Properties: p,
			Description: fmt.Sprintf("%s %s: %.3f s to %.3f s after launch", name, n, iv.StartS, iv.EndS)})
	}
	return out
}

// AccessScene is a trajectory seen by a sensor: TrajectoryScene, the
// sensor, its coverage at the trajectory's apogee height (CoverageRing),
// and the parts of the flight the sensor sees, each existing during its
// visibility interval.
func AccessScene(req ballistic.Request, tr *ballistic.Trajectory, r *sensor.Radar, ivs []sensor.Interval) Scene {
	s := TrajectoryScene(req, tr)
	s.Name = fmt.Sprintf("jrmd access %s: %s to %s", r.ID, latLon(req.From), latLon(req.To))
	s.Entities = append(s.Entities, SensorEntities(req.Earth, r, "", tr.ApogeeAltM)...)
	vis := make([]Interval, len(ivs))
	for i, iv := range ivs {
		vis[i] = Interval{iv.StartS, iv.EndS}
	}
	s.Entities = append(s.Entities, segments(tr, vis, req.StepS, "seen-", "seen by "+r.ID, map[string]string{"sensor": r.ID})...)
	return s
}

// SensorEntities are a sensor's site and, for a radar with a field of
// view, its coverage at altM (CoverageRing), in layer.
func SensorEntities(e geo.Earth, r *sensor.Radar, layer string, altM float64) []Entity {
	props := map[string]string{"min_elevation_deg": f(r.MinElevationDeg), "max_range_m": f(r.MaxRangeM)}
	if r.Nation != "" {
		props["nation"] = r.Nation
	}
	if r.Type != "" {
		props["type"] = r.Type
	}
	out := []Entity{{ID: "sensor-" + r.ID, Name: r.ID, Kind: Sensor, Layer: layer, Point: ptr(e.ToECEF(r.Site)), Properties: props}}
	if ring := CoverageRing(e, r, altM); ring != nil {
		cp := map[string]string{"sensor": r.ID, "alt_m": f(round(altM, 1))}
		if r.Nation != "" {
			cp["nation"] = r.Nation
		}
		out = append(out, Entity{ID: "coverage-" + r.ID, Name: r.ID + " coverage", Kind: Coverage, Layer: layer, Polygon: ring, Properties: cp,
			Description: fmt.Sprintf("where %s sees a target %.0f km up: the outer edge, 1° of azimuth apart (bald Earth, no refraction)", r.ID, altM/1000)})
	}
	return out
}

// CoverageRing is the outer edge of where r sees a target altM above the
// ellipsoid of e, at that height: for each whole degree of azimuth from
// the site, the farthest point along the geodesic that Radar.Visible
// accepts (searched every 50 km, then bisected to under 10 m). Azimuths
// at which nothing is seen give the site itself, once per gap, so a
// radar with faces draws as fans. nil when nothing is seen at that height.
// Cesium's own sensor volumes are a commercial add-on; this ring is ours.
func CoverageRing(e geo.Earth, r *sensor.Radar, altM float64) []geo.LLA {
	const scanM, tolM = 50e3, 10.0
	rs := e.A + r.Site.AltM
	rt := e.A + altM
	if rs <= 0 || rt <= 0 {
		return nil
	}
	// Beyond the grazing distance the Earth hides the target (with 5 %
	// for the ellipsoid's flattening).
	maxM := 1.05 * e.A * (math.Acos(math.Min(1, e.A/rs)) + math.Acos(math.Min(1, e.A/rt)))
	if r.MaxRangeM > 0 {
		maxM = math.Min(maxM, r.MaxRangeM)
	}
	maxM = math.Min(maxM, math.Pi*e.A)
	sees := func(az, d float64) bool {
		p := e.Direct(r.Site, az, d)
		p.AltM = altM
		_, ok := r.Visible(e, e.ToECEF(p))
		return ok
	}
	// The outer edge at each whole degree; nil where nothing is seen.
	edge := make([]*geo.LLA, 360)
	par.Each(360, func(deg int) {
		az := float64(deg) * math.Pi / 180
		// The farthest scan point seen: searched from the far end, as the
		// edge is most often near it.
		last := -1.0
		for k := math.Floor(maxM / scanM); k >= 0; k-- {
			if sees(az, k*scanM) {
				last = k * scanM
				break
			}
		}
		if last < 0 {
			return
		}
		lo, hi := last, math.Min(last+scanM, maxM)
		if sees(az, hi) {
			lo = hi // seen out to the limit
		}
		for hi-lo > tolM {
			mid := (lo + hi) / 2
			if sees(az, mid) {
				lo = mid
			} else {
				hi = mid
			}
		}
		p := e.Direct(r.Site, az, lo)
		p.AltM = altM
		edge[deg] = &p
	})
	gapAt := slices.Index(edge, nil)
	if gapAt < 0 {
		ring := make([]geo.LLA, 360)
		for i, p := range edge {
			ring[i] = *p
		}
		return ring
	}
	// Round from the first azimuth seen after a gap: the site once for
	// each run of azimuths with nothing seen.
	from := -1
	for deg := range 360 {
		if edge[deg] != nil && edge[(deg+359)%360] == nil {
			from = deg
			break
		}
	}
	if from < 0 {
		return nil // nothing seen at this height
	}
	site := geo.LLA{LatDeg: r.Site.LatDeg, LonDeg: r.Site.LonDeg, AltM: altM}
	var ring []geo.LLA
	seen, inGap := false, false
	for k := range 360 {
		p := edge[(from+k)%360]
		switch {
		case p != nil:
			ring = append(ring, *p)
			seen, inGap = true, false
		case !inGap:
			ring = append(ring, site)
			inGap = true
		}
	}
	if !seen {
		return nil
	}
	return ring
}

// ReachScene is a reach question answered: TrajectoryScene (the threat),
// the interceptor site, the parts of the threat's flight inside the
// intercept windows, the earliest intercept point (when the interceptor
// can engage), and the slowest interceptor that could: its fly-out and
// its intercept point. The fly-out is intercept.FlyPath's: from the site
// at the answer's launch time to the threat at its intercept time, its
// coast the fly-out model's own arc, its boost interpolated.
func ReachScene(req ballistic.Request, tr *ballistic.Trajectory, q intercept.Reach, res intercept.Result) Scene {
	s := TrajectoryScene(req, tr)
	s.Name = fmt.Sprintf("jrmd reach %s from %s: %s to %s", q.Interceptor.Name, latLon(q.Site), latLon(req.From), latLon(req.To))
	site := q.Site
	site.AltM = 0
	s.Entities = append(s.Entities, Entity{ID: "battery", Name: "battery", Kind: Battery, Point: ptr(q.Earth.ToECEF(site)),
		Properties: map[string]string{"interceptor": q.Interceptor.Name, "burnout_speed_mps": f(q.Interceptor.BurnoutSpeedMps), "launch_delay_s": f(q.LaunchDelayS)}})
	ws := make([]Interval, len(res.Windows))
	for i, w := range res.Windows {
		ws[i] = Interval{w.StartS, w.EndS}
	}
	s.Entities = append(s.Entities, segments(tr, ws, req.StepS, "window-", "intercept window", nil)...)
	type shot struct {
		id, name string
		launchS  float64
		hitS     float64
		props    map[string]string
	}
	var shots []shot
	if res.Feasible {
		// The answer names no launch time for it: a point, no fly-out.
		shots = append(shots, shot{"earliest", "earliest intercept", math.NaN(), res.EarliestInterceptS,
			map[string]string{"burnout_speed_mps": f(q.Interceptor.BurnoutSpeedMps)}})
	}
	if finite(res.MinBurnoutSpeedMps) {
		shots = append(shots, shot{"slowest", "slowest interceptor", res.MinSpeedLaunchS, res.MinSpeedInterceptS,
			map[string]string{"burnout_speed_mps": f(round(res.MinBurnoutSpeedMps, 10)), "closing_mps": f(round(res.MinSpeedClosingMps, 10))}})
	}
	for _, sh := range shots {
		hit, _, ok := tr.StateAt(sh.hitS)
		if !ok {
			continue
		}
		sh.props["intercept_s"] = f(round(sh.hitS, 1e3))
		if finite(sh.launchS) {
			sh.props["launch_s"] = f(round(sh.launchS, 1e3))
		}
		if arc := flyoutArc(q.Earth, site, q.Interceptor, sh.launchS, sh.hitS, hit, req.StepS); arc != nil {
			s.Entities = append(s.Entities, Entity{ID: "flyout-" + sh.id, Name: sh.name, Kind: Interceptor, Track: arc, Properties: sh.props,
				Description: fmt.Sprintf("%s: launch %.1f s, intercept %.1f s after the threat's launch (the coast as the fly-out model solves it, the boost interpolated)", sh.name, sh.launchS, sh.hitS)})
		}
		s.Entities = append(s.Entities, Entity{ID: "intercept-" + sh.id, Name: sh.name, Kind: Intercept, Point: ptr(hit),
			Availability: []Interval{{sh.hitS, tr.FlightTimeS}}, Properties: sh.props})
	}
	return s
}

// flyoutArc samples the fly-out of it (intercept.FlyPath: the fly-out
// model's coast arc, the boost interpolated) from the site at launchS to
// hit (ECEF) at hitS: both ends and every multiple of stepS between. nil
// when no fly-out reaches the point then.
func flyoutArc(e geo.Earth, site geo.LLA, it intercept.Interceptor, launchS, hitS float64, hit geo.ECEF, stepS float64) []Sample {
	if !(hitS > launchS) {
		return nil
	}
	path, ok := intercept.FlyPath(e, site, it, launchS, hit, hitS)
	if !ok {
		return nil
	}
	times := []float64{launchS}
	if stepS > 0 {
		for t := math.Floor(launchS/stepS+1) * stepS; t < hitS; t += stepS {
			times = append(times, t)
		}
	}
	times = append(times, hitS)
	out := make([]Sample, len(times))
	for i, t := range times {
		p, _ := path.At(t)
		out[i] = Sample{TS: t, Pos: p}
	}
	return out
}

// FootprintScene is a defended-footprint map: the battery, the map's
// points (launch points or assets), and every cell that some threat
// reaches as a polygon on the ground, from grey (defended against none)
// to green (against all), with its counts as properties. Cells no
// trajectory joins to any point are left out. The clock is one instant.
func FootprintScene(fp *report.Footprint) Scene {
	s := Scene{Name: fp.Title, Epoch: DefaultEpoch}
	if s.Name == "" {
		s.Name = "jrmd footprint " + fp.BatteryID
	}
	site := fp.Site
	site.AltM = 0
	s.Entities = append(s.Entities, Entity{ID: "battery", Name: fp.BatteryID, Kind: Battery, Point: ptr(geo.WGS84.ToECEF(site))})
	pointKind, role := Launch, "launch"
	if fp.CellRole == "launch" {
		pointKind, role = Aim, "asset"
	}
	for i, p := range fp.Points {
		pos := p.Pos
		pos.AltM = 0
		s.Entities = append(s.Entities, Entity{ID: fmt.Sprintf("%s-%d", role, i+1), Name: p.Name, Kind: pointKind, Point: ptr(geo.WGS84.ToECEF(pos))})
	}
	for i, c := range fp.Cells {
		if c.Total == 0 {
			continue
		}
		frac := c.Fraction()
		col := mix(RGBA{150, 150, 150, 110}, RGBA{0, 150, 0, 160}, frac)
		s.Entities = append(s.Entities, Entity{
			ID: fmt.Sprintf("cell-%d", i+1), Name: fmt.Sprintf("%d/%d", c.Defended, c.Total), Kind: Footprint, Color: &col,
			Polygon: []geo.LLA{{LatDeg: c.LatMinDeg, LonDeg: c.LonMinDeg}, {LatDeg: c.LatMinDeg, LonDeg: c.LonMaxDeg},
				{LatDeg: c.LatMaxDeg, LonDeg: c.LonMaxDeg}, {LatDeg: c.LatMaxDeg, LonDeg: c.LonMinDeg}},
			Properties: map[string]string{"cell_role": fp.CellRole, "defended": strconv.Itoa(c.Defended), "total": strconv.Itoa(c.Total),
				"fraction": f(round(frac, 1e4))},
		})
	}
	return s
}

func mix(a, b RGBA, t float64) RGBA {
	var c RGBA
	for i := range c {
		c[i] = uint8(math.Round(float64(a[i]) + t*(float64(b[i])-float64(a[i]))))
	}
	return c
}

func latLon(p geo.LLA) string { return fmt.Sprintf("%g,%g", p.LatDeg, p.LonDeg) }
