package report

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/jrmd/jrmd/ballistic"
)

// TrajectoryJSON is what jrmd trajectory --json prints.
type TrajectoryJSON struct {
	ResultJSON
	Kind     string       `json:"kind"`
	Earth    string       `json:"earth"`
	Rotation bool         `json:"rotation"`
	Boost    string       `json:"boost"`
	Samples  []SampleJSON `json:"samples"`
}

// SampleJSON is one sample of a TrajectoryJSON.
type SampleJSON struct {
	TS     float64 `json:"t_s"`
	LatDeg float64 `json:"lat_deg"`
	LonDeg float64 `json:"lon_deg"`
	AltM   float64 `json:"alt_m"`
}

// NewTrajectoryJSON is the JSON of a flown trajectory.
func NewTrajectoryJSON(req ballistic.Request, tr ballistic.Trajectory) TrajectoryJSON {
	samples := make([]SampleJSON, len(tr.Samples))
	for i, s := range tr.Samples {
		samples[i] = SampleJSON{TS: s.TS, LatDeg: s.Pos.LatDeg, LonDeg: s.Pos.LonDeg, AltM: s.Pos.AltM}
	}
	return TrajectoryJSON{
		ResultJSON: NewResultJSON(tr),
		Kind:       string(req.Kind),
		Earth:      req.Earth.Name,
		Rotation:   req.Earth.Omega != 0,
		Boost:      BoostName(req.Missile),
		Samples:    samples,
	}
}

// WriteTrajectory prints the summary of a flown trajectory and its samples.
func WriteTrajectory(w io.Writer, req ballistic.Request, tr ballistic.Trajectory) error {
	rotation := "rotating"
	if req.Earth.Omega == 0 {
		rotation = "not rotating"
	}
	boost := "none (impulsive launch at the surface, no atmosphere)"
	if req.Missile != nil {
		boost = req.Missile.Name + " (powered ascent, atmosphere)"
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	rows := [][2]string{
		{"from", LatLon(req.From)},
		{"to", LatLon(req.To)},
		{"kind", string(req.Kind)},
		{"earth", req.Earth.Name + ", " + rotation},
		{"boost", boost},
		{"range", Grouped(tr.RangeM/1000, 1) + " km"},
		{"burnout speed", Grouped(tr.BurnoutSpeedMps, 1) + " m/s"},
		{"flight-path angle", fmt.Sprintf("%.2f°", tr.FlightPathAngleDeg)},
		{"azimuth", fmt.Sprintf("%.2f° from north", tr.AzimuthDeg)},
		{"burnout time", Grouped(tr.BurnoutTimeS, 1) + " s"},
		{"burnout altitude", Grouped(tr.BurnoutAltM/1000, 1) + " km"},
		{"flight time", Grouped(tr.FlightTimeS, 1) + " s (" + MinSec(tr.FlightTimeS) + " min:s)"},
		{"apogee altitude", Grouped(tr.ApogeeAltM/1000, 1) + " km"},
		{"impact", LatLon(tr.Impact) + ", " + Grouped(tr.ImpactErrorM, 1) + " m from the aim point"},
	}
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\n", r[0], r[1])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(tr.Samples) == 0 {
		return nil
	}
	if _, err := fmt.Fprintf(w, "\n%d samples (every %g s)\n", len(tr.Samples), req.StepS); err != nil {
		return err
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "t s\tlat °\tlon °\talt km\t\n")
	for _, s := range tr.Samples {
		fmt.Fprintf(tw, "%.1f\t%.4f\t%.4f\t%.3f\t\n", s.TS, s.Pos.LatDeg, s.Pos.LonDeg, s.Pos.AltM/1000)
	}
	return tw.Flush()
}
