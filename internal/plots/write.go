package plots

import (
	"fmt"

	"gonum.org/v1/plot/vg"

	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
)

// Figure sizes. A timeline grows with its rows.
const (
	figW         = 16 * vg.Centimeter
	figH         = 10 * vg.Centimeter
	timelineBase = 4 * vg.Centimeter
	timelineRow  = 1 * vg.Centimeter
)

// timelineHeight is the height of a timeline of n rows.
func timelineHeight(n int) vg.Length {
	return timelineBase + vg.Length(min(n, maxRows))*timelineRow
}

// WriteRun writes a run's figures into dir (which must exist):
// timeline.png and .svg, the engagement timeline per threat; altitude.png
// and .svg, the altitudes of threats and interceptors against time.
func WriteRun(dir string, f *scenario.File, res *sim.Result) error {
	what := fmt.Sprintf("%s, %s, seed %d", res.Summary.Scenario, res.Summary.Integration, res.Summary.Seed)
	rows := Timeline(res.Events)
	tp, err := TimelinePlot(rows, "Engagement timeline — "+what)
	if err != nil {
		return err
	}
	if err := save(tp, figW, timelineHeight(len(rows)), dir, "timeline"); err != nil {
		return err
	}
	curves, err := Altitudes(f, res)
	if err != nil {
		return err
	}
	ap, err := AltitudePlot(curves, "Altitude — "+what)
	if err != nil {
		return err
	}
	return save(ap, figW, figH, dir, "altitude")
}
