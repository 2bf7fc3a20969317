// Package track turns detections into tracks: Gaussian filters with
// ballistic dynamics, gating and optimal assignment, track management, and
// the metrics that say how well it all worked.
//
// A Tracker takes one scan at a time — the measurements of one time — and
// keeps tentative and confirmed tracks:
//
//	tk, err := track.New(track.Config{
//		Filter: &track.EKF{Motion: track.NewBallistic(geo.WGS84, 1)},
//	})
//	radar := track.NewAER(geo.WGS84, site) // range, azimuth, elevation from site
//	for _, scan := range scans {
//		ms := make([]track.Measurement, len(scan.Z))
//		for i, z := range scan.Z {
//			ms[i] = track.Measurement{TimeS: scan.TimeS, SensorID: "radar", Model: radar, Z: z, R: r}
//		}
//		if err := tk.Step(scan.TimeS, ms); err != nil { … }
//	}
//	for _, t := range tk.Tracks() {
//		if t.Status == track.Confirmed {
//			pos, vel := track.ToECEF(t.State.X, t.State.TimeS)
//			…
//		}
//	}
//
// sensor.Detection converts with FromDetection. The Examples show a
// Tracker in a local frame (Tracker), a radar's noisy measurements of an
// IRBM tracked in the inertial frame (FromECEF), and the metrics (OSPA,
// ChiSquareQuantile); docs/library.md has a complete outside program.
//
// # Frames
//
// Ballistic tracks live in the scenario inertial frame: the ECI frame that
// coincides with ECEF at scenario time 0 and in which the Earth turns by
// θ(t) = geo.OmegaEarth·t. Free flight there is plain gravity, with no
// Coriolis or centrifugal terms, and Earth rotation is exact: it enters only
// through where the Earth-fixed radars are when they measure. FromECEF,
// ToECEF and CovToECEF convert states and covariances to and from the ECEF
// position and Earth-relative velocity that sensors and battle management
// use. The flat-Earth models (ConstantGravity, NearlyConstantVelocity)
// work in any local Cartesian frame, e.g. east-north-up.
//
// # Data and roles
//
// Data types are separate from the components that act on them, after
// Stone Soup (stonesoup.predictor, .updater, .hypothesiser,
// .dataassociator, .initiator, .deleter, .tracker):
//
//   - State: mean X (position, velocity: fixed-size [6]float64) and
//     covariance P ([6][6]float64) at a time; Modes for multiple-model
//     filters.
//   - Measurement: Z, R, time, sensor and a MeasurementModel — AER (range,
//     azimuth, elevation from an Earth-fixed radar site, with its analytic
//     Jacobian), Position (Cartesian, the filter's own frame) or
//     PositionECEF — and a radar's range rate beside Z (AER.RangeRate).
//     FromDetection converts a sensor.Detection.
//   - Innovation, Hypothesis, Track, Assignment.
//
// Each role is an interface of one method, so a variant overrides one step:
// Predictor, MeasurementPredictor and Updater (the faces of a filter),
// Hypothesiser (gating), Associator, Initiator, Confirmer, Deleter. The
// Tracker only orchestrates them; New wires the standard ones from a
// Config. A Motion (Ballistic, ConstantGravity, NearlyConstantVelocity)
// gives a filter its dynamics.
//
// # Filters
//
// EKF (Bar-Shalom, Li and Kirubarajan, "Estimation with Applications to
// Tracking and Navigation", 2001, §10.3) with the standard-form update,
// checked and, where rounding calls for it, repaired to stay positive
// definite, and UKF (Julier and Uhlmann 2004; α = 1, β = 2, κ = 0 by
// default, the cubature filter as an option), both allocation-free.
// Ballistic motion integrates point-mass + J2 gravity by RK4 in substeps
// of at most 5 s (steps of at most 0.25 s by a two-stage method of half
// the cost); its transition matrix uses the point-mass gravity gradient.
// IMM (Blom and Bar-Shalom 1988) runs a bank of them; NewBoostIMM is the
// boost-phase-aware tracker: a ballistic mode and a boost mode whose
// unknown thrust is white noise, with gating on the union of the modes'
// gates.
//
// # Association and management
//
// ChiSquareGate gates on the Mahalanobis distance of the innovation
// (threshold from ChiSquareQuantile). GNN assigns measurements by an
// optimal 2-D assignment with a miss cost — Assigner, the shortest
// augmenting path algorithm of Jonker and Volgenant (1987) in the
// rectangular form of Crouse (2016) — on each connected cluster of tracks
// and measurements separately. Before any of that, the Tracker's spatial
// pre-gate (grids of extrapolated track positions) keeps the work
// proportional to the pairs that can possibly gate, and it predicts a
// track only when a measurement comes near it. SinglePoint initiates
// tentative tracks with a velocity prior, MofN confirms them, MissDeleter
// deletes them, and FireControl says whether a track is good enough to
// engage on.
//
// A measured range rate is processed after Z as a scalar update in every
// filter (and in each IMM mode, its likelihood weighing the modes), sets a
// new track's radial velocity at initiation, and is a second gate
// (Tracker.RangeRateGate). Among closely spaced objects on one trajectory
// — a salvo, a few kilometres apart — that is what keeps a new track on
// one object: to positions alone, a chain of neighbours, each a little
// further along at each scan, looks like one slower object, and confirms.
//
// # Metrics
//
// OSPA (Schuhmacher, Vo and Vo 2008), GOSPA (Rahmathullah, García-Fernández
// and Svensson 2017), RMSE, NEES and its chi-square acceptance band
// (NEESBand, BLK §5.4.2), and Scorer for continuity (breaks), purity,
// swaps and time to a firm track.
//
// # Units and determinism
//
// SI units: states are position (m) and velocity (m/s); AER measurements
// are (range m, azimuth rad, elevation rad) with R in those units squared;
// times are seconds on the caller's clock, which the scenario inertial
// frame's rotation counts from. Everything here is deterministic;
// randomness only enters through the measurements the caller supplies. A large scan's filter work (each
// track's prediction, scoring and update) runs on all cores when the
// Tracker's components are the package's own, whose scratch lives in each
// track's State; its results are filed in track order, the same on any
// number of cores.
package track
