package plots

import (
	"errors"
	"fmt"

	"gonum.org/v1/plot/vg"

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
// and .svg, the altitudes of threats and interceptors against time, from
// the run's state table: res must have been run with sim.Options.States.
func WriteRun(dir string, res *sim.Result) error {
	if res.States == nil {
		return errors.New("plots: the run has no state table to draw its altitudes from: run it with sim.Options.States")
	}
	what := fmt.Sprintf("%s, %s, seed %d", res.Summary.Scenario, res.Summary.Integration, res.Summary.Seed)
	rows := Timeline(res.Events)
	tp, err := TimelinePlot(rows, "Engagement timeline — "+what)
	if err != nil {
		return err
	}
	if err := save(tp, figW, timelineHeight(len(rows)), dir, "timeline"); err != nil {
		return err
	}
	ap, err := AltitudePlot(StateCurves(res.States, res.Events), "Altitude — "+what)
	if err != nil {
		return err
	}
	return save(ap, figW, figH, dir, "altitude")
}
