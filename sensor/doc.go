// Package sensor holds JRMD's sensors: ground radars with faces, a radar
// range equation and a detector, the detections they report, access
// intervals against a trajectory, and space-based infrared launch warning.
//
// # Geometry
//
// A Radar stands at a Site and looks through Faces, each a box of azimuth
// and elevation in the site's horizon frame (no faces: all azimuths), above
// MinElevationDeg and within MaxRangeM. Radar.Visible answers "could it look
// there": those limits plus Earth blockage over the ellipsoid
// (geo.Earth.LineOfSight; bald Earth, no refraction). Access returns the
// intervals of a ballistic.Trajectory that are visible, sampling every
// AccessStepS (0.1 s) so that no interval that long is missed, and bisecting
// each edge to AccessTolS (1 ms); Intervals does the same for any
// visibility function.
//
// # Detection
//
// A radar's DetectionModel is the energy form of the radar range equation
// (Radar.SNR), a square-law detector at a false-alarm probability with a
// Swerling 0, 1 or 3 target (PdSwerling, RequiredSNR), measurement noise in
// range and angles that shrinks with SNR down to a floor (Sigmas), a range
// rate from each dwell's Doppler (RangeRateSigma), a revisit period
// (ScanTimes), a track capacity and a false-alarm rate. Radar.Observe
// makes one scan of a list of Truth objects and returns Detections; every
// random draw comes from the *rand.Rand passed in, so a seed reproduces a
// scan exactly, and each Detection's R is the covariance its noise was drawn
// from. RCS gives illustrative cross-sections per ObjectClass and band.
//
// # Library
//
// RadarTypes are illustrative radar types — early warning (uewr, daryal,
// voronezh-dm), X-band midcourse (emr, an-tpy-2) and the fire-control radars
// of Patriot, S-300 and S-400 — each with a source note per figure and a
// dwell time fitted so that the equation gives the type's quoted range on
// its quoted cross-section at QuotedPd. ReferenceRadars places them at the
// sites of the 2007 joint regional architecture
// (docs/reference-architecture.md). None is data on a real radar.
//
// # Infrared early warning
//
// InfraredWarning models geostationary staring infrared satellites: a
// boosting object above the plume height and in view of a satellite is seen
// (Sees); after a confirmation time and a latency the system reports a
// LaunchReport with a launch point, launch time and heading and their
// errors. Only geostationary coverage is modelled.
//
// # Units and examples
//
// SI units (m, s, Hz, W); angles carry Deg or Rad in their names; positions
// are geo.ECEF, look angles geo.AER from the radar's site. Times are
// seconds; Access and LaunchReport times count from launch, Observe's from
// the scenario epoch. Library code is synchronous and deterministic.
//
// The Examples show Radar.Visible (which reference radars could look at a
// point), Radar.Observe (one scan and its detection) and Access (when a
// radar sees a flight). To track detections, convert them with
// track.FromDetection.
package sensor
