// Package globe writes scenes for 3-D globes: CZML 1.0 for Cesium, KML 2.2
// for Google Earth, and GeoJSON (RFC 7946) with heights.
//
// A Scene is a list of entities on one clock: sampled tracks (a flight, an
// interceptor, a nation's track with its covariance), fixed points (sites,
// launch and impact points), lines (links, engagement lines) and polygons
// (coverage, footprint cells), each in at most one layer (a nation). The
// same Scene is written in each format:
//
//	s := globe.TrajectoryScene(req, tr)
//	if err := s.WriteCZML(w); err != nil { … }
//
// Positions are Earth-fixed: geo.ECEF for tracks, points and lines (CZML
// "FIXED" cartesian metres, exactly as given, to 1 cm), geo.LLA for
// polygons. KML and GeoJSON carry longitude, latitude and height: the
// WGS-84 geodetic coordinates of the same ECEF points (their datum), also
// when the model flew over a sphere. Times are seconds after Scene.Epoch.
//
// Writing is deterministic: the same scene gives byte-identical files.
package globe
