// Package plots draws JRMD's results as PNG and SVG figures with
// gonum.org/v1/plot: a run's engagement timeline and altitudes, compare's
// Monte Carlo distributions per integration level with their intervals,
// one trajectory's altitude and ground range, and the maps of jrmd access
// --map and jrmd footprint.
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
// The maps draw a report.Coverage (WriteCoverageMap) or a report.Footprint
// (WriteFootprintMap), sized by report.MapOptions, on an equirectangular
// view: a degree of latitude as long as one of longitude, the cells one
// image copied pixel for pixel onto the PNG, the Natural Earth coastline
// and a graticule over them, the sensor or battery and the other points
// named beside them, and a legend row below saying what each colour and
// the hatch mean:
//
//	err := plots.WriteCoverageMap(w, "png", cov, report.MapOptions{})
//
// The same data give byte-identical files: nothing in a figure depends on
// the clock, on map order or on the machine. PNG text is drawn with the
// Liberation Sans font embedded in gonum/plot; SVG text names it, then
// Arial (the same metrics) and sans-serif, without embedding it.
package plots
