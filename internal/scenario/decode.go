package scenario

import (
	"fmt"
	"os"

	"github.com/jrmd/jrmd/internal/config"
)

// Load reads and decodes a scenario file; see Decode.
func Load(path string) (*File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	if st.Size() > MaxFileBytes {
		return nil, tooLarge(path, st.Size())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return Decode(path, data)
}

func tooLarge(name string, n int64) error {
	return config.Problems{{File: name, Line: 1, Col: 1, Field: "(file)", Msg: fmt.Sprintf("%d bytes is larger than the %d a scenario may have", n, MaxFileBytes)}}
}

// Decode parses a scenario strictly: unknown keys, wrong types, missing
// required keys, values out of range and dangling references are all
// errors, every one reported (as config.Problems) with its line and
// column. A file past the limits (MaxFileBytes, MaxValues, MaxThreats,
// MaxObjects, MaxArchitecture) is refused the same way.
func Decode(name string, data []byte) (*File, error) {
	if len(data) > MaxFileBytes {
		return nil, tooLarge(name, int64(len(data)))
	}
	d := config.NewDecoder(name, "scenario", config.Limits{Values: MaxValues, Listed: maxListed})
	f := &File{}
	if d.Decode(data, f) {
		// Validate what did decode too: the user gets every problem at once.
		(&validator{Decoder: d}).validate(f)
	}
	if err := d.Err(); err != nil {
		return nil, err
	}
	return f, nil
}

// IsInput reports whether err is a problem with the scenario's content.
func IsInput(err error) bool { return config.IsProblems(err) }

// Resolve checks a File built in Go, as Decode checks a decoded one, and
// fills in its defaults and resolves its names (Sensor.Radar,
// Battery.Type, Threat.Missile). Its problems are config.Problems with no
// place in a file. The File's own models must be whole: a base is applied
// only when a file is decoded.
func Resolve(f *File) error {
	d := config.NewDecoder("", "scenario", config.Limits{Listed: maxListed})
	(&validator{Decoder: d}).validate(f)
	return d.Err()
}
