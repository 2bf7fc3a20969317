package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/sensor"
)

// What jrmd access prints: when a sensor sees one trajectory.

// AccessJSON is what access --json prints.
type AccessJSON struct {
	Sensor          SensorJSON     `json:"sensor"`
	Trajectory      ThreatJSON     `json:"trajectory"`
	Intervals       []IntervalJSON `json:"intervals"`
	TotalS          float64        `json:"total_s"`
	FirstDetectionS *float64       `json:"first_detection_s"` // null: never seen
	Samples         []lookJSON     `json:"samples"`
}

// SensorJSON is a sensor's site and field of regard.
type SensorJSON struct {
	ID              string     `json:"id"`
	LatDeg          float64    `json:"lat_deg"`
	LonDeg          float64    `json:"lon_deg"`
	AltM            float64    `json:"alt_m"`
	MinElevationDeg float64    `json:"min_elevation_deg"`
	MaxRangeM       *float64   `json:"max_range_m"` // null: no limit
	Faces           []faceJSON `json:"faces"`       // empty: all azimuths
}

type faceJSON struct {
	BoresightAzDeg float64 `json:"boresight_az_deg"`
	BoresightElDeg float64 `json:"boresight_el_deg"`
	HalfAzDeg      float64 `json:"half_az_deg"`
	HalfElDeg      float64 `json:"half_el_deg"`
}

type lookJSON struct {
	TS      float64 `json:"t_s"`
	LatDeg  float64 `json:"lat_deg"`
	LonDeg  float64 `json:"lon_deg"`
	AltM    float64 `json:"alt_m"`
	AzDeg   float64 `json:"az_deg"`
	ElDeg   float64 `json:"el_deg"`
	RangeM  float64 `json:"range_m"`
	Visible bool    `json:"visible"`
}

// NewSensorJSON describes r.
func NewSensorJSON(r *sensor.Radar) SensorJSON {
	s := SensorJSON{
		ID: r.ID, LatDeg: r.Site.LatDeg, LonDeg: r.Site.LonDeg, AltM: r.Site.AltM,
		MinElevationDeg: r.MinElevationDeg, Faces: []faceJSON{},
	}
	if r.MaxRangeM > 0 {
		s.MaxRangeM = &r.MaxRangeM
	}
	for _, f := range r.Faces {
		s.Faces = append(s.Faces, faceJSON{f.BoresightAzDeg, f.BoresightElDeg, f.HalfAzDeg, f.HalfElDeg})
	}
	return s
}

// NewAccessJSON is when the radar r sees the trajectory tr flown for req
// (ivs), with the look angles every req.StepS and at impact.
func NewAccessJSON(req ballistic.Request, tr *ballistic.Trajectory, r *sensor.Radar, ivs []sensor.Interval) AccessJSON {
	res := AccessJSON{
		Sensor:     NewSensorJSON(r),
		Trajectory: NewThreatJSON(req, tr),
		Intervals:  []IntervalJSON{},
		TotalS:     sensor.TotalS(ivs),
	}
	for _, iv := range ivs {
		res.Intervals = append(res.Intervals, IntervalJSON{StartS: iv.StartS, EndS: iv.EndS})
	}
	if len(ivs) > 0 {
		first := ivs[0].StartS
		res.FirstDetectionS = &first
	}
	// Samples every --step and at impact, with the look angles.
	var times []float64
	for t := 0.0; t < tr.FlightTimeS; t += req.StepS {
		times = append(times, t)
	}
	times = append(times, tr.FlightTimeS)
	for _, t := range times {
		p, _, ok := tr.StateAt(t)
		if !ok {
			continue
		}
		aer, vis := r.Visible(req.Earth, p)
		lla := req.Earth.ToLLA(p)
		res.Samples = append(res.Samples, lookJSON{
			TS: t, LatDeg: lla.LatDeg, LonDeg: lla.LonDeg, AltM: lla.AltM,
			AzDeg: aer.AzRad * 180 / math.Pi, ElDeg: aer.ElRad * 180 / math.Pi, RangeM: aer.RangeM, Visible: vis,
		})
	}
	return res
}

// DescribeSensor is the one-line description of a sensor's geometry.
func DescribeSensor(r *sensor.Radar) string {
	faces := "all azimuths"
	if len(r.Faces) > 0 {
		parts := make([]string, len(r.Faces))
		for i, f := range r.Faces {
			parts[i] = fmt.Sprintf("%g° ±%g°", f.BoresightAzDeg, f.HalfAzDeg)
			if f.HalfElDeg < 90 {
				parts[i] += fmt.Sprintf(" (elevation %g° to %g°)", f.BoresightElDeg-f.HalfElDeg, f.BoresightElDeg+f.HalfElDeg)
			}
		}
		faces = "azimuth " + strings.Join(parts, ", ")
	}
	rng := "no range limit"
	if r.MaxRangeM > 0 {
		rng = "range " + Grouped(r.MaxRangeM/1000, 1) + " km"
	}
	name := r.ID
	if r.Type != "" {
		name += " (" + r.Type + ")"
	}
	return fmt.Sprintf("%s at %s, %s m; %s; elevation from %g°; %s", name, LatLon(r.Site), Grouped(r.Site.AltM, 0), faces, r.MinElevationDeg, rng)
}

// WriteAccess prints the access of one trajectory as text.
func WriteAccess(w io.Writer, req ballistic.Request, tr *ballistic.Trajectory, r *sensor.Radar, res AccessJSON) error {
	rotation := "rotating"
	if req.Earth.Omega == 0 {
		rotation = "not rotating"
	}
	visible := "never"
	if n := len(res.Intervals); n > 0 {
		plural := "s"
		if n == 1 {
			plural = ""
		}
		visible = fmt.Sprintf("%d interval%s, %s s in all; first seen %s s after launch", n, plural, Grouped(res.TotalS, 1), Grouped(*res.FirstDetectionS, 1))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, row := range [][2]string{
		{"sensor", DescribeSensor(r)},
		{"trajectory", fmt.Sprintf("%s to %s, %s, boost %s, %s %s", LatLon(req.From), LatLon(req.To), req.Kind, BoostName(req.Missile), req.Earth.Name, rotation)},
		{"flight time", Grouped(tr.FlightTimeS, 1) + " s (" + MinSec(tr.FlightTimeS) + " min:s), apogee " + Grouped(tr.ApogeeAltM/1000, 1) + " km"},
		{"visible", visible},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(res.Intervals) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprint(tw, "interval\tstart s\tend s\tduration s\t\n")
		for i, iv := range res.Intervals {
			fmt.Fprintf(tw, "%d\t%.3f\t%.3f\t%.3f\t\n", i+1, iv.StartS, iv.EndS, iv.EndS-iv.StartS)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if _, err := fmt.Fprintf(w, "\n%d samples (every %g s)\n", len(res.Samples), req.StepS); err != nil {
		return err
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "t s\tlat °\tlon °\talt km\taz °\tel °\trange km\tvisible\t\n")
	for _, s := range res.Samples {
		vis := "no"
		if s.Visible {
			vis = "yes"
		}
		// A launch or impact height of −1e-9 m prints as 0.000, not −0.000.
		altKm := s.AltM / 1000
		if math.Abs(altKm) < 5e-4 {
			altKm = 0
		}
		fmt.Fprintf(tw, "%.1f\t%.4f\t%.4f\t%.3f\t%.2f\t%.2f\t%.1f\t%s\t\n", s.TS, s.LatDeg, s.LonDeg, altKm, s.AzDeg, s.ElDeg, s.RangeM/1000, vis)
	}
	return tw.Flush()
}
