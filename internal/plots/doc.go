// Package plots draws JRMD's results as PNG and SVG figures with
// gonum.org/v1/plot: a run's engagement timeline and altitudes, compare's
// Monte Carlo distributions per integration level with their intervals, and
// one trajectory's altitude and ground range.
//
// Each figure is made in two steps, so that what a figure shows can be
// checked without reading pixels: a function reduces the run to the data a
// figure is built from (Timeline, StateCurves, Distributions,
// TrajectoryProfile), and a second one draws that data (TimelinePlot,
// AltitudePlot, DistributionPlot, ProfilePlots). The Write functions do
// both and write the files:
//
//	res, _ := sim.Run(f, sim.Options{States: true}) // the altitudes are drawn from the state table
//	err := plots.WriteRun("out", res)                // out/timeline.png, .svg; out/altitude.png, .svg
//
// The same data give byte-identical files: nothing in a figure depends on
// the clock, on map order or on the machine. PNG text is drawn with the
// Liberation Sans font embedded in gonum/plot; SVG text names it, then
// Arial (the same metrics) and sans-serif, without embedding it.
package plots
