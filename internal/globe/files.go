package globe

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// Files are the paths a command writes a scene to ("" for none), by the
// flags that name them: --czml, --kml, --geojson.
type Files struct {
	CZML, KML, GeoJSON string
}

// Open creates every named file, before the work that fills them, so that
// a bad path fails at once; the error names each flag and path that
// cannot be created (and nothing is left open).
func (fs Files) Open() (*Outputs, error) {
	o := &Outputs{}
	var problems []string
	for _, x := range []struct {
		flag, path string
		write      func(*Scene, *os.File) error
	}{
		{"czml", fs.CZML, func(s *Scene, f *os.File) error { return s.WriteCZML(f) }},
		{"kml", fs.KML, func(s *Scene, f *os.File) error { return s.WriteKML(f) }},
		{"geojson", fs.GeoJSON, func(s *Scene, f *os.File) error { return s.WriteGeoJSON(f) }},
	} {
		if x.path == "" {
			continue
		}
		f, err := os.Create(x.path)
		if err != nil {
			problems = append(problems, fmt.Sprintf("--%s %s", x.flag, strings.TrimPrefix(err.Error(), "open ")))
			continue
		}
		o.files = append(o.files, output{x.flag, f, x.write})
	}
	if len(problems) > 0 {
		o.Close()
		return nil, errors.New(strings.Join(problems, "; "))
	}
	return o, nil
}

// Outputs are open scene files.
type Outputs struct{ files []output }

type output struct {
	flag  string
	f     *os.File
	write func(*Scene, *os.File) error
}

// Write writes s to every file and closes them.
func (o *Outputs) Write(s *Scene) error {
	if o == nil {
		return nil
	}
	defer o.Close()
	for _, x := range o.files {
		if err := x.write(s, x.f); err != nil {
			return fmt.Errorf("--%s %s: %w", x.flag, x.f.Name(), err)
		}
		if err := x.f.Close(); err != nil {
			return fmt.Errorf("--%s %s: %w", x.flag, x.f.Name(), err)
		}
	}
	o.files = nil
	return nil
}

// Close closes every file still open (after an error).
func (o *Outputs) Close() {
	if o == nil {
		return
	}
	for _, x := range o.files {
		x.f.Close()
	}
	o.files = nil
}
