// Package report turns analyses into files people read: sensor coverage
// maps and defended footprints as GeoJSON, and the text of tables.
//
// A Coverage is a grid of Cells, each the launch or aim point of one
// trajectory whose other end is fixed, with how long a sensor sees it.
// WriteGeoJSON writes it as an RFC 7946 FeatureCollection (cells as
// counter-clockwise Polygons in [longitude, latitude], plus the sensor and
// the fixed point as Points). internal/plots draws it as a map
// (plots.WriteCoverageMap), with the options of MapOptions and the colours
// of Viridis. The same input always gives the same bytes.
//
// A Footprint is a battery's defended footprint: a grid of FootprintCells,
// each an aim point defended against k of n launch points (or, the dual, a
// launch point from which k of n defended assets are defended).
// WriteFootprintGeoJSON writes it the same way; plots.WriteFootprintMap
// draws it, the defended fraction on a light-to-dark green scale
// (DefendedColour).
//
// The coastline is Natural Earth's 1:110m land boundary (public domain),
// embedded from coastline.txt (COASTLINE.md says where it comes from and
// how gen_coastline.go made it); Coastlines returns it and
// ParseCoastlines reads the format.
//
// The maps are computed here too: FlyCoverage flies every cell of a
// Coverage past a sensor, SolveFootprint asks the reach question of every
// cell of a Footprint, each on a par.Budget with the same result on any.
// The summaries of jrmd access, footprint and reach (AccessJSON,
// CoverageSummary, FootprintSummary, ReachJSON, each with its text
// writer) and the model catalogue of jrmd list (Catalogue) live here.
//
// The tables of every command share one way of writing numbers and places
// (Grouped, KmPerS, LatLon, MinSec, Plural, CSVFloat), of describing an
// interceptor (DescribeInterceptor, DescribeLimits), and a few JSON shapes
// (PointJSON, IntervalJSON, InterceptorJSON; Finite and Positive make a
// missing value null).
//
// Cells must not cross the antimeridian, and maps are drawn in longitudes
// [-180, 180]: a view across the Pacific is split at 180°.
package report
