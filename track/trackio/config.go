// Package trackio reads and writes the files of a tracker run: the
// tracker configuration (tracker.yaml, decoded strictly into Config), the
// detections (a CSV file with the columns time,sensor_id,x,y,z, read as a
// stream by ReadMeasurementsCSV) and the tracks (a CSV file with the
// columns time,track_id,x,y,z,vx,vy,vz, written by Writer). It is what
// jrmd track runs; package track itself knows no file format.
//
//	cfg, err := trackio.DecodeConfigFile("tracker.yaml")
//	tk, model, err := cfg.NewTracker()
//	w := trackio.NewWriter(os.Stdout, cfg.Frame)
//	err = trackio.ReadMeasurementsCSV("detections.csv", f, func(t float64, ds []trackio.Detection) error {
//		// one Step per time: ds as track.Measurements of model
//		return w.WriteTracks(t, tk)
//	})
//
// Errors name the file, and the line (and column) of every problem, all
// of them at once up to MaxReportedProblems.
package trackio

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/track"
)

// Defaults and limits of a tracker configuration.
const (
	// DefaultProcessNoise is the white-noise acceleration density of a
	// target in free flight or gliding: about 1 m/s of unmodelled
	// velocity change per second.
	DefaultProcessNoise = 1.0
	// MaxConfigBytes bounds a tracker configuration: it is a short,
	// hand-written file.
	MaxConfigBytes = 1 << 20
	// MaxReportedProblems is how many problems one error lists.
	MaxReportedProblems = 10
)

// The frames and filters of a tracker configuration.
const (
	FrameENU  Frame      = "enu"
	FrameECEF Frame      = "ecef"
	FilterEKF FilterKind = "ekf"
	FilterUKF FilterKind = "ukf"
)

// Config is a tracker configuration file (tracker.yaml): the frame
// and error of the detections, the filter, and the tracker's own settings
// (track.Config). Keys carry their units, as in scenario files.
type Config struct {
	Frame  Frame   `yaml:"frame" required:"true" doc:"enu: local east-north-up, flat Earth, gravity along -z; ecef: Earth-centred Earth-fixed, rotating WGS-84, J2 gravity"`
	SigmaM float64 `yaml:"measurement_sigma_m" required:"true" doc:"1σ error of each coordinate of a detection, m" range:"(0, 1e7]"`
	// GravityMps2, ProcessNoise: nil takes the default (a value given,
	// 0 included, is used).
	GravityMps2  *float64   `yaml:"gravity_mps2" doc:"gravity along -z, frame enu only, m/s²" range:"[0, 100]" default:"9.80665"`
	Filter       FilterKind `yaml:"filter" doc:"the filter" default:"ekf"`
	ProcessNoise *float64   `yaml:"process_noise_m2ps3" doc:"white-noise acceleration density of the motion model, m²/s³" range:"[0, 1e9]" default:"1"`
	BoostNoise   float64    `yaml:"boost_process_noise_m2ps3" doc:"above 0, a boost mode (IMM) with this density, m²/s³" range:"[0, 1e9]" default:"0"`
	track.Config `yaml:",inline"`
}

// Frame is the frame of the detections.
type Frame string

// Names lists the frames, for the decoder's messages.
func (Frame) Names() []string { return []string{string(FrameENU), string(FrameECEF)} }

// UnmarshalText accepts one of Names.
func (f *Frame) UnmarshalText(b []byte) error {
	if !slices.Contains(f.Names(), string(b)) {
		return fmt.Errorf("unknown frame %q", b)
	}
	*f = Frame(b)
	return nil
}

// FilterKind is the tracker's filter ("": ekf).
type FilterKind string

// Names lists the filters, for the decoder's messages.
func (FilterKind) Names() []string { return []string{string(FilterEKF), string(FilterUKF)} }

// UnmarshalText accepts one of Names.
func (f *FilterKind) UnmarshalText(b []byte) error {
	if !slices.Contains(f.Names(), string(b)) {
		return fmt.Errorf("unknown filter %q", b)
	}
	*f = FilterKind(b)
	return nil
}

// ConfigKeys lists every key of a tracker configuration, in order.
func ConfigKeys() []string {
	var keys []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			switch tag := t.Field(i).Tag.Get("yaml"); tag {
			case "", "-":
			case ",inline":
				walk(t.Field(i).Type)
			default:
				keys = append(keys, tag)
			}
		}
	}
	walk(reflect.TypeFor[Config]())
	return keys
}

// DecodeConfig decodes a tracker configuration strictly: unknown and
// repeated keys, wrong types and values out of range are errors, all of
// them reported at once with their line and column (config.Problems).
func DecodeConfig(name string, data []byte) (Config, error) {
	var cfg Config
	d := config.NewDecoder(name, "configuration", config.Limits{Listed: MaxReportedProblems})
	if d.Decode(data, &cfg) {
		if cfg.GravityMps2 != nil && cfg.Frame == FrameECEF {
			d.Errorf("gravity_mps2", "applies to frame %s only; frame %s uses J2 gravity of the WGS-84 Earth", FrameENU, FrameECEF)
		}
		c := cfg.Config
		c.Filter = &track.EKF{} // built later; Validate asks for one
		d.Report("", c.Validate())
	}
	if err := d.Err(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// NewTracker builds the configured tracker and the measurement model of its
// frame.
func (c Config) NewTracker() (*track.Tracker, track.MeasurementModel, error) {
	var motion func(q float64) track.Motion
	var model track.MeasurementModel
	switch c.Frame {
	case FrameECEF:
		motion = func(q float64) track.Motion { return track.NewBallistic(geo.WGS84, q) }
		model = track.PositionECEF{}
	default:
		g := ballistic.StandardGravity
		if c.GravityMps2 != nil {
			g = *c.GravityMps2
		}
		motion = func(q float64) track.Motion { return track.ConstantGravity{G: g, Q: q} }
		model = track.Position{}
	}
	filter := func(q float64) track.Filter {
		if c.Filter == FilterUKF {
			return &track.UKF{Motion: motion(q)}
		}
		return &track.EKF{Motion: motion(q)}
	}
	q := DefaultProcessNoise
	if c.ProcessNoise != nil {
		q = *c.ProcessNoise
	}
	tc := c.Config
	tc.Filter = filter(q)
	if c.BoostNoise > 0 {
		tc.Filter = track.BoostIMM(tc.Filter, filter(c.BoostNoise))
	}
	tk, err := track.New(tc)
	return tk, model, err
}

// DecodeConfigFile reads and decodes the tracker configuration file at
// path, of at most MaxConfigBytes. A file that cannot be read is an error
// "path: reason"; a bad configuration is DecodeConfig's config.Problems
// (config.IsProblems tells them apart).
func DecodeConfigFile(path string) (Config, error) {
	data, err := readLimited(path, MaxConfigBytes)
	if err != nil {
		return Config{}, err
	}
	return DecodeConfig(path, data)
}

// readLimited reads a file of at most limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "open "))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than the %d bytes a tracker configuration may have", path, limit)
	}
	return data, nil
}
