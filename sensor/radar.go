package sensor

import (
	"fmt"
	"math"
	"strings"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/config"
)

// Physical constants (SI, exact since the 2019 redefinition).
const (
	Boltzmann    = 1.380649e-23 // J/K
	SpeedOfLight = 299792458.0  // m/s
)

const (
	deg = math.Pi / 180
	// monopulseSlope k_m is the normalised monopulse error slope: the angle
	// noise of a monopulse measurement is σθ = θ₃dB/(k_m·√(2·SNR)). 1.6 is
	// the usual figure for a sum-and-difference array (Barton, "Radar System
	// Analysis and Modeling", Artech 2005, ch. 8; Curry, "Radar System
	// Performance Modeling", 2nd ed., Artech 2005, ch. 9).
	monopulseSlope = 1.6
)

// Radar is a ground radar: where it stands, what it can look at, and how
// well it detects and measures.
//
// The geometry (Site, Faces, MinElevationDeg, MaxRangeM) is all Visible and
// Access need. Model adds detection: its zero value makes a geometry-only
// sensor, which Observe never reports from.
type Radar struct {
	ID     string  `yaml:"-"` // unique in a scenario, e.g. "fylingdales"
	Type   string  `yaml:"-"` // the library type it was made from, e.g. "uewr"; informative
	Nation string  `yaml:"-"` // owner, e.g. "US"
	Site   geo.LLA `yaml:"-"`
	// Faces are the fields of regard; none means all azimuths.
	Faces []Face `yaml:"faces" doc:"the fields of regard, each a box of azimuth and elevation the radar can place a beam in (none: every azimuth)"`
	// MinElevationDeg is the lowest elevation the radar looks at, degrees
	// above the local horizontal (0: the horizon). Negative values are for
	// sites above their surroundings; Earth blockage still applies.
	MinElevationDeg float64 `yaml:"min_elevation_deg" doc:"lowest elevation the radar looks at, degrees above the horizontal (negative for a site above its surroundings)" range:"[-90, 90)" default:"0"`
	// MaxRangeM is the instrumented range, m: nothing farther is reported
	// whatever its SNR. 0 means no limit.
	MaxRangeM float64        `yaml:"max_range_m" doc:"instrumented range: nothing farther is reported, m (0: no limit)" range:"[0, 5e7]" default:"0"`
	Model     DetectionModel `yaml:",inline"`
	// Source says where the figures come from.
	Source string `yaml:"source" doc:"where its figures come from"`

	// held: the objects reported at the last scan, which a radar at its
	// track capacity keeps (Observe). A Radar is copied before its first
	// scan, not after.
	held map[int]bool
}

// Face is one field of regard: the box of azimuth and elevation, in the
// site's local horizon frame, inside which the radar can place a beam.
// Azimuths are degrees clockwise from true north.
//
// A phased-array face is described by its scan limits. A mechanically slewed
// narrow-beam radar is one face whose box is where the mount can point the
// beam; its narrow instantaneous beam shows up in DetectionModel
// (TrackCapacity, RevisitS), not in the geometry. Turning a face is a new
// BoresightAzDeg.
type Face struct {
	BoresightAzDeg float64 `yaml:"boresight_az_deg" required:"true" doc:"centre of the box, degrees from north" range:"[0, 360)"`
	BoresightElDeg float64 `yaml:"boresight_el_deg" required:"true" doc:"centre of the box, degrees of elevation" range:"[-90, 90]"`
	HalfAzDeg      float64 `yaml:"half_az_deg" required:"true" doc:"half-width in azimuth, degrees (180: every azimuth)" range:"(0, 180]"`
	HalfElDeg      float64 `yaml:"half_el_deg" required:"true" doc:"half-width in elevation, degrees" range:"(0, 180]"`
}

// DetectionModel is the radar range equation, the detector, the measurement
// noise and the scheduling of a radar. All fields are required (Validate)
// unless they say otherwise.
//
// The mean signal-to-noise ratio of one look at a target of cross-section σ
// at range R is the energy form of the radar range equation (Richards,
// Scheer & Holm, "Principles of Modern Radar: Basic Principles", SciTech
// 2010, ch. 2; Skolnik, "Introduction to Radar Systems", 3rd ed. 2001,
// ch. 2):
//
//	SNR = P_av·T_d·G²·λ²·σ / ((4π)³·k·T_s·L·R⁴)
//
// with P_av·T_d the energy put on the target in one dwell (coherent
// integration), G the antenna gain, λ = c/f, k Boltzmann's constant, T_s the
// system noise temperature and L the losses. A search radar that spreads a
// frame time t_s over a solid angle Ω with an aperture A_e gets the search
// form, P_av·A_e·t_s·σ/(4π·Ω·k·T_s·L·R⁴), by T_d = t_s·(λ²/A_e)/Ω and
// G = 4π·A_e/λ²: set DwellS accordingly.
type DetectionModel struct {
	FrequencyHz float64 `yaml:"frequency_hz" required:"true" doc:"carrier frequency, Hz" range:"(0, 1e12]"`
	AvgPowerW   float64 `yaml:"avg_power_w" required:"true" doc:"average transmitted power, W" range:"(0, 1e9]"`
	// GainDBi is the antenna gain, transmit and receive alike; for separate
	// transmit and receive arrays (Daryal) use their geometric mean.
	GainDBi    float64 `yaml:"gain_dbi" required:"true" doc:"antenna gain, transmit and receive alike (their geometric mean for separate arrays), dBi" range:"[-20, 100]"`
	DwellS     float64 `yaml:"dwell_s" required:"true" doc:"coherent integration time on one object per look, s" range:"(0, 100]"`
	NoiseTempK float64 `yaml:"noise_temp_k" required:"true" doc:"system noise temperature, K" range:"(0, 1e5]"`
	LossDB     float64 `yaml:"loss_db" required:"true" doc:"all losses together: transmission, processing, scan, atmosphere, dB" range:"[0, 100]"`
	// Pfa is the false-alarm probability per look and resolution cell; it
	// sets the detection threshold.
	Pfa float64 `yaml:"pfa" required:"true" doc:"false-alarm probability per look and resolution cell (sets the threshold)" range:"(0, 0.5)"`
	// Swerling is the fluctuation model applied to every target: 0, 1 or 3.
	Swerling Swerling `yaml:"swerling" required:"true" doc:"target fluctuation model: Swerling case 0, 1 or 3" range:"[0, 3]"`
	// BandwidthHz is the waveform bandwidth; the range resolution is c/(2B).
	BandwidthHz float64 `yaml:"bandwidth_hz" required:"true" doc:"waveform bandwidth (range resolution c/2B), Hz" range:"(0, 1e11]"`
	// BeamwidthDeg is the one-way 3 dB beamwidth at boresight.
	BeamwidthDeg float64 `yaml:"beamwidth_deg" required:"true" doc:"one-way 3 dB beamwidth at boresight, degrees" range:"(0, 180]"`
	// RangeFloorM and AngleFloorDeg are the 1σ errors left at high SNR
	// (calibration, propagation, timing); they add in quadrature to the
	// thermal noise. Zero is allowed.
	RangeFloorM   float64 `yaml:"range_floor_m" doc:"1σ range error left at high SNR, m" range:"[0, 1e5]" default:"0"`
	AngleFloorDeg float64 `yaml:"angle_floor_deg" doc:"1σ angle error left at high SNR, degrees" range:"[0, 10]" default:"0"`
	// RangeRateFloorMps is the 1σ range-rate error left at high SNR (m/s;
	// zero allowed), added in quadrature to the thermal noise of the
	// Doppler measurement (RangeRateSigma).
	RangeRateFloorMps float64 `yaml:"range_rate_floor_mps" doc:"1σ range-rate error left at high SNR, m/s" range:"[0, 1e4]" default:"0"`
	// RevisitS is the time between two looks at one object: the scan
	// period a caller schedules Observe with (ScanTimes).
	RevisitS float64 `yaml:"revisit_s" required:"true" doc:"time between two looks at one object (the scan period), s" range:"(0, 3600]"`
	// TrackCapacity is the most objects the radar dwells on in one scan,
	// those it holds tracks on first, then the highest SNR (Observe); 0
	// means no limit. False alarms are not counted.
	TrackCapacity int `yaml:"track_capacity" doc:"most objects dwelt on in one scan, tracked ones first (0: no limit)" range:"[0, 1000000]" default:"0"`
	// FalseAlarmsPerScan is the mean number of false alarms per scan
	// (Poisson), placed uniformly in range, azimuth and elevation in the
	// field of regard; it needs MaxRangeM. 0: none. It is set directly,
	// not from Pfa, because the number of resolution cells searched is not
	// modelled.
	FalseAlarmsPerScan float64 `yaml:"false_alarms_per_scan" doc:"mean false alarms per scan, placed in the field of regard within max_range_m" range:"[0, 1e5]" default:"0"`
}

// hasModel reports whether the radar has a detection model at all.
func (r *Radar) hasModel() bool { return r.Model != (DetectionModel{}) }

// Validate reports every problem of the radar's configuration at once, in
// one error (a *config.Invalid, each problem naming its key), or nil.
func (r *Radar) Validate() error {
	var p config.Problems
	if strings.TrimSpace(r.ID) == "" {
		p.Add("id", "ID is empty")
	}
	s := r.Site
	if !(s.LatDeg >= -90 && s.LatDeg <= 90) {
		p.Add("site.lat_deg", "site latitude %g: want [-90, 90]", s.LatDeg)
	}
	if !(s.LonDeg >= -180 && s.LonDeg <= 360) {
		p.Add("site.lon_deg", "site longitude %g: want [-180, 360]", s.LonDeg)
	}
	if !(s.AltM >= 0 && finite(s.AltM)) {
		p.Add("site.alt_m", "site height %g m: want ≥ 0 (a site below the ellipsoid is blocked by it)", s.AltM)
	}
	r.validateType(&p)
	if r.hasModel() {
		r.Model.validate(&p)
		if r.Model.FalseAlarmsPerScan > 0 && r.MaxRangeM == 0 {
			p.Add("false_alarms_per_scan", "false alarms need a maximum range to be placed in")
		}
	}
	return p.Err(fmt.Sprintf("sensor: radar %q", r.ID))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// validateType checks what a radar type gives: the faces, the elevation
// floor and the instrumented range.
func (r *Radar) validateType(p *config.Problems) {
	for i, f := range r.Faces {
		at := fmt.Sprintf("faces[%d].", i)
		if !(f.BoresightAzDeg >= 0 && f.BoresightAzDeg < 360) {
			p.Add(at+"boresight_az_deg", "face %d: boresight azimuth %g°: want [0, 360)", i+1, f.BoresightAzDeg)
		}
		if !(f.BoresightElDeg >= -90 && f.BoresightElDeg <= 90) {
			p.Add(at+"boresight_el_deg", "face %d: boresight elevation %g°: want [-90, 90]", i+1, f.BoresightElDeg)
		}
		if !(f.HalfAzDeg > 0 && f.HalfAzDeg <= 180) {
			p.Add(at+"half_az_deg", "face %d: azimuth half-width %g°: want (0, 180]", i+1, f.HalfAzDeg)
		}
		if !(f.HalfElDeg > 0 && f.HalfElDeg <= 180) {
			p.Add(at+"half_el_deg", "face %d: elevation half-width %g°: want (0, 180]", i+1, f.HalfElDeg)
		}
	}
	if !(r.MinElevationDeg >= -90 && r.MinElevationDeg < 90) {
		p.Add("min_elevation_deg", "minimum elevation %g°: want [-90, 90)", r.MinElevationDeg)
	}
	if !(r.MaxRangeM >= 0 && r.MaxRangeM <= maxRangeM) {
		p.Add("max_range_m", "maximum range %s m: want 0 (no limit) to %s m", config.Num(r.MaxRangeM), config.Num(maxRangeM))
	}
}

// validate checks a detection model: each figure within its key's range.
func (m *DetectionModel) validate(p *config.Problems) {
	for _, c := range []struct {
		key, name string
		v, hi     float64
	}{
		{"frequency_hz", "frequency (Hz)", m.FrequencyHz, 1e12}, {"avg_power_w", "average power (W)", m.AvgPowerW, 1e9},
		{"dwell_s", "dwell (s)", m.DwellS, 100}, {"noise_temp_k", "noise temperature (K)", m.NoiseTempK, 1e5},
		{"bandwidth_hz", "bandwidth (Hz)", m.BandwidthHz, 1e11}, {"beamwidth_deg", "beamwidth (°)", m.BeamwidthDeg, 180},
		{"revisit_s", "revisit (s)", m.RevisitS, 3600},
	} {
		if !(c.v > 0 && c.v <= c.hi) {
			p.Add(c.key, "%s %s: want > 0, up to %s", c.name, config.Num(c.v), config.Num(c.hi))
		}
	}
	if !(m.GainDBi >= -20 && m.GainDBi <= 100) {
		p.Add("gain_dbi", "gain %g dBi: want -20 to 100 dBi", m.GainDBi)
	}
	if !(m.LossDB >= 0 && m.LossDB <= 100) {
		p.Add("loss_db", "losses %g dB: want 0 to 100 dB", m.LossDB)
	}
	if !(m.Pfa > 0 && m.Pfa < 0.5) {
		p.Add("pfa", "false-alarm probability %g: want (0, 0.5)", m.Pfa)
	}
	if !m.Swerling.valid() {
		p.Add("swerling", "Swerling case %d: want 0, 1 or 3", m.Swerling)
	}
	for _, c := range []struct {
		key, name, unit string
		v, hi           float64
	}{
		{"range_floor_m", "range noise floor", "m", m.RangeFloorM, 1e5}, {"angle_floor_deg", "angle noise floor", "°", m.AngleFloorDeg, 10},
		{"range_rate_floor_mps", "range-rate noise floor", "m/s", m.RangeRateFloorMps, 1e4},
	} {
		if !(c.v >= 0 && c.v <= c.hi) {
			p.Add(c.key, "%s %g %s: want 0 to %g %s", c.name, c.v, c.unit, c.hi, c.unit)
		}
	}
	if m.TrackCapacity < 0 || m.TrackCapacity > 1e6 {
		p.Add("track_capacity", "track capacity %d: want 0 (no limit) to 1000000", m.TrackCapacity)
	}
	if !(m.FalseAlarmsPerScan >= 0 && m.FalseAlarmsPerScan <= maxFalseAlarmsPerScan) {
		p.Add("false_alarms_per_scan", "false alarms per scan %g: want [0, %g]", m.FalseAlarmsPerScan, float64(maxFalseAlarmsPerScan))
	}
}

// maxRangeM bounds an instrumented range: 50,000 km, past geostationary
// orbit.
const maxRangeM = 5e7

// maxFalseAlarmsPerScan bounds the clutter a scan can produce, so that a
// typo cannot ask for billions of detections.
const maxFalseAlarmsPerScan = 1e5

// faceRad is a Face in radians, ready to test.
type faceRad struct {
	az, halfAz, elLo, elHi float64
	allAz                  bool
}

func (f Face) rad() faceRad {
	return faceRad{
		az:     f.BoresightAzDeg * deg,
		halfAz: f.HalfAzDeg * deg,
		elLo:   (f.BoresightElDeg - f.HalfElDeg) * deg,
		elHi:   (f.BoresightElDeg + f.HalfElDeg) * deg,
		allAz:  f.HalfAzDeg >= 180,
	}
}

func (f *faceRad) contains(az, el float64) bool {
	if el < f.elLo || el > f.elHi {
		return false
	}
	return f.allAz || math.Abs(math.Remainder(az-f.az, 2*math.Pi)) <= f.halfAz
}

// accepts reports whether look angles a pass the radar's range, elevation
// and field-of-regard limits (everything but Earth blockage).
func (r *Radar) accepts(a geo.AER) bool {
	if (r.MaxRangeM > 0 && a.RangeM > r.MaxRangeM) || a.ElRad < r.MinElevationDeg*deg {
		return false
	}
	if len(r.Faces) == 0 {
		return true
	}
	for i := range r.Faces {
		f := r.Faces[i].rad()
		if f.contains(a.AzRad, a.ElRad) {
			return true
		}
	}
	return false
}

// view is a radar's site prepared for many look-ups on one Earth.
type view struct {
	r               *Radar
	e               geo.Earth
	site            geo.ECEF
	east, north, up geo.Vec3
}

func (r *Radar) view(e geo.Earth) view {
	return view{
		r:     r,
		e:     e,
		site:  e.ToECEF(r.Site),
		east:  geo.RotateFromENU(r.Site, geo.ENU{1, 0, 0}),
		north: geo.RotateFromENU(r.Site, geo.ENU{0, 1, 0}),
		up:    geo.RotateFromENU(r.Site, geo.ENU{0, 0, 1}),
	}
}

// look returns the look angles to p and whether p is visible.
func (v *view) look(p geo.ECEF) (geo.AER, bool) {
	d := geo.Vec3(p).Sub(geo.Vec3(v.site))
	a := geo.ToAER(geo.ENU{d.Dot(v.east), d.Dot(v.north), d.Dot(v.up)})
	return a, v.r.accepts(a) && v.e.LineOfSight(v.site, p)
}

// Visible returns the look angles from the radar to p and whether p is in
// view: within MaxRangeM, at or above MinElevationDeg, inside a face's field
// of regard (any azimuth if there are no faces), and not hidden by the
// ellipsoid (Earth.LineOfSight: bald Earth, no refraction). Geometry only:
// whether a visible object is detected is Observe's business. The angles are
// returned even when p is not visible.
func (r *Radar) Visible(e geo.Earth, p geo.ECEF) (geo.AER, bool) {
	site := e.ToECEF(r.Site)
	a := geo.ToAER(geo.RotateENU(r.Site, geo.Vec3(p).Sub(geo.Vec3(site))))
	return a, r.accepts(a) && e.LineOfSight(site, p)
}

// SNR returns the mean signal-to-noise ratio (linear) of one look at a
// target of cross-section rcsM2 (m²) at slant range rangeM (m), by the radar
// range equation of DetectionModel. A geometry-only radar returns 0.
func (r *Radar) SNR(rangeM, rcsM2 float64) float64 {
	return r.Model.constant() * rcsM2 / (rangeM * rangeM * rangeM * rangeM)
}

// constant is SNR·R⁴/σ, m⁻²·m⁴.
func (m *DetectionModel) constant() float64 {
	if m.FrequencyHz == 0 {
		return 0
	}
	lambda := SpeedOfLight / m.FrequencyHz
	g := math.Pow(10, m.GainDBi/10)
	loss := math.Pow(10, m.LossDB/10)
	fourPi3 := math.Pow(4*math.Pi, 3)
	return m.AvgPowerW * m.DwellS * g * g * lambda * lambda / (fourPi3 * Boltzmann * m.NoiseTempK * loss)
}

// Pd returns the single-look probability of detection at mean SNR snr
// (linear), by the model's Swerling case and Pfa.
func (r *Radar) Pd(snr float64) float64 {
	return PdSwerling(r.Model.Swerling, snr, r.Model.Pfa)
}

// DetectionRangeM returns the range (m) at which a target of cross-section
// rcsM2 is detected on one look with probability pd: the radar equation
// solved for R at the SNR that RequiredSNR gives. It ignores MaxRangeM.
func (r *Radar) DetectionRangeM(rcsM2, pd float64) (float64, error) {
	if !r.hasModel() {
		return 0, fmt.Errorf("sensor: radar %q has no detection model", r.ID)
	}
	snr, err := RequiredSNR(r.Model.Swerling, pd, r.Model.Pfa)
	if err != nil {
		return 0, err
	}
	return math.Pow(r.Model.constant()*rcsM2/snr, 0.25), nil
}

// RangeRateSigma is the 1σ range-rate error (m/s) of one detection at mean
// SNR snr (linear). The dwell's Doppler resolution is Δf = 1/T_d, a range
// rate of λ/(2·T_d); the frequency is measured to Δf/√(2·SNR), as range is
// to its resolution (Barton 2005, ch. 8; Curry 2005, ch. 9). Every radar of
// the package is pulse-Doppler: it measures range rate with each detection.
func (m *DetectionModel) RangeRateSigma(snr float64) float64 {
	lambda := SpeedOfLight / m.FrequencyHz
	return math.Hypot(lambda/(2*m.DwellS)/math.Sqrt(2*snr), m.RangeRateFloorMps)
}

// RangeResolutionM is c/(2B).
func (m *DetectionModel) RangeResolutionM() float64 { return SpeedOfLight / (2 * m.BandwidthHz) }

// Sigmas returns the 1σ measurement errors of one detection at mean SNR
// snr (linear) and elevation elRad: range (m), azimuth and elevation (rad).
//
// Thermal noise shrinks with SNR, σ_R = ΔR/√(2·SNR) with ΔR = c/(2B), and
// σθ = θ₃dB/(k_m·√(2·SNR)) for monopulse angles with k_m = 1.6 (Curry,
// "Radar System Performance Modeling", 2nd ed. 2005, ch. 9; Barton 2005,
// ch. 8); each floor adds in quadrature. The azimuth error is σθ/cos(el),
// because an angle error across the beam moves the azimuth more the higher
// the target stands (capped at π near the zenith). Off-boresight beam
// broadening of phased arrays is not modelled.
func (m *DetectionModel) Sigmas(snr, elRad float64) (rangeM, azRad, elRadSigma float64) {
	k := 1 / math.Sqrt(2*snr)
	rangeM = math.Hypot(m.RangeResolutionM()*k, m.RangeFloorM)
	elRadSigma = math.Hypot(m.BeamwidthDeg*deg*k/monopulseSlope, m.AngleFloorDeg*deg)
	azRad = math.Min(elRadSigma/math.Cos(elRad), math.Pi)
	if math.IsNaN(azRad) || azRad < 0 {
		azRad = math.Pi
	}
	return rangeM, azRad, elRadSigma
}
