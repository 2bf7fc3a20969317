package plots

import (
	"fmt"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// Profile is a trajectory's altitude and ground range against time.
type Profile struct {
	// Altitude: X the time from launch, s; Y the altitude, km.
	Altitude plotter.XYs
	// Ground: X the time from launch, s; Y the distance along the Earth's
	// surface from the launch point to the point below the missile (the
	// geodesic on the trajectory's Earth), km.
	Ground plotter.XYs
}

// TrajectoryProfile returns the profile of a flown trajectory from its
// samples; e is the Earth it was flown over, from its launch point.
func TrajectoryProfile(e geo.Earth, from geo.LLA, tr ballistic.Trajectory) Profile {
	var p Profile
	for _, s := range tr.Samples {
		d, _, _ := e.Inverse(from, s.Pos)
		p.Altitude = append(p.Altitude, plotter.XY{X: s.TS, Y: s.Pos.AltM / 1e3})
		p.Ground = append(p.Ground, plotter.XY{X: s.TS, Y: d / 1e3})
	}
	return p
}

// ProfilePlots draws a profile as two plots, altitude above ground range,
// on one time axis.
func ProfilePlots(pr Profile, title string) ([]*plot.Plot, error) {
	if len(pr.Altitude) < 2 {
		return nil, fmt.Errorf("plots: a trajectory of %d samples: nothing to draw", len(pr.Altitude))
	}
	alt := newPlot(title, "", "altitude, km")
	ground := newPlot("", "time from launch, s", "ground range, km")
	for i, pl := range []*plot.Plot{alt, ground} {
		pl.Add(plotter.NewGrid())
		if err := addLine(pl, []plotter.XYs{pr.Altitude, pr.Ground}[i], palette[0], 1.5, nil); err != nil {
			return nil, err
		}
		pl.Y.Min = 0
	}
	// One time axis for both.
	alt.X.Min, alt.X.Max = ground.X.Min, ground.X.Max
	return []*plot.Plot{alt, ground}, nil
}

// stack draws plots one above the other, their axes aligned.
type stack []*plot.Plot

func (s stack) Draw(c draw.Canvas) {
	rows := make([][]*plot.Plot, len(s))
	for i, p := range s {
		rows[i] = []*plot.Plot{p}
	}
	t := draw.Tiles{Rows: len(s), Cols: 1, PadY: vg.Points(6), PadTop: vg.Points(2), PadBottom: vg.Points(2), PadLeft: vg.Points(2), PadRight: vg.Points(8)}
	cs := plot.Align(rows, t, c)
	for i, p := range s {
		p.Draw(cs[i][0])
	}
}

// WriteProfile draws a trajectory's profile to w in format (png or svg).
func WriteProfile(w io.Writer, format string, pr Profile, title string) error {
	ps, err := ProfilePlots(pr, title)
	if err != nil {
		return err
	}
	b, err := Render(stack(ps), figW, figH+2*vg.Centimeter, format)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}
