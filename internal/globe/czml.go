package globe

import (
	"bufio"
	"io"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/par"
)

// CZML 1.0 packets (github.com/AnalyticalGraphicsInc/czml-writer/wiki/Packet),
// only the properties the scenes use, named as CZML names them; field
// order is the file's order (appendJSON writes them).
type czmlPacket struct {
	ID           string
	Name         string
	Version      string
	Clock        *czmlClock
	Parent       string
	Description  string
	Availability []string // intervals: one is written alone, more as a list
	Properties   map[string]string
	Position     *czmlPosition
	Orientation  *czmlOrientation
	Point        *czmlPoint
	Label        *czmlLabel
	Path         *czmlPath
	Polyline     *czmlPolyline
	Polygon      *czmlPolygon
	Ellipsoid    *czmlEllipsoid
}

type czmlClock struct {
	Interval    string
	CurrentTime string
	Multiplier  float64
	Range       string
	Step        string
}

// czmlPosition is a fixed position (Cartesian: x, y, z) or a sampled one
// (Epoch set; Cartesian: t, x, y, z, …), in the Earth-fixed frame.
type czmlPosition struct {
	Epoch                  string
	ReferenceFrame         string
	InterpolationAlgorithm string
	InterpolationDegree    int
	Cartesian              numbers
}

type czmlOrientation struct {
	Epoch          string
	UnitQuaternion numbers // t, x, y, z, w, …
}

type czmlColor struct {
	RGBA [4]uint8
}

type czmlMaterial struct {
	SolidColor struct {
		Color czmlColor
	}
}

func material(c RGBA) *czmlMaterial {
	m := &czmlMaterial{}
	m.SolidColor.Color.RGBA = c
	return m
}

type czmlPoint struct {
	Color        czmlColor
	PixelSize    float64
	OutlineColor czmlColor
	OutlineWidth float64
}

type czmlLabel struct {
	Text             string
	Font             string
	FillColor        czmlColor
	HorizontalOrigin string
	PixelOffset      [2]float64 // pixels
}

type czmlPath struct {
	Show     bool
	Width    float64
	LeadTime float64
	Material *czmlMaterial
}

type czmlPositionList struct {
	Cartesian           numbers
	CartographicDegrees numbers
}

type czmlPolyline struct {
	Positions czmlPositionList
	Width     float64
	ArcType   string
	Material  *czmlMaterial
}

type czmlPolygon struct {
	Positions         czmlPositionList
	PerPositionHeight bool
	Material          *czmlMaterial
	Outline           bool
	OutlineColor      czmlColor
}

type czmlEllipsoid struct {
	Radii    czmlRadii
	Material *czmlMaterial
}

type czmlRadii struct {
	Epoch     string
	Cartesian numbers // t, a, b, c, …
}

// Precision of the numbers written: positions to 1 cm, times to 1 µs,
// angles to 1e-7° (1 cm on the ground), quaternions to 1e-6 (1 cm on a
// 10 km axis).
const (
	perM   = 100
	perS   = 1e6
	perDeg = 1e7
	perQ   = 1e6
)

// WriteCZML writes the scene as a CZML 1.0 document: a JSON array whose
// first packet is the document (version, clock), then one packet per
// layer, then one per entity. Tracks are sampled positions in the FIXED
// frame with a path trailing behind; a track with covariance also has a
// sampled ellipsoid (1σ radii) and orientation.
func (s *Scene) WriteCZML(w io.Writer) error {
	if err := s.Validate(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	// One packet per line: a diff or a grep shows one entity.
	if _, err := bw.WriteString("[\n"); err != nil {
		return err
	}
	var buf []byte
	put := func(p *czmlPacket, sep string) error {
		buf = p.appendJSON(append(buf[:0], sep...))
		_, err := bw.Write(buf)
		return err
	}
	doc := &czmlPacket{ID: "document", Name: s.Name, Version: "1.0", Clock: &czmlClock{
		Interval:    s.iso(s.StartS) + "/" + s.iso(s.StopS),
		CurrentTime: s.iso(s.StartS),
		// A flight of tens of minutes plays in a minute or two.
		Multiplier: 10,
		Range:      "LOOP_STOP",
		Step:       "SYSTEM_CLOCK_MULTIPLIER",
	}}
	if err := put(doc, ""); err != nil {
		return err
	}
	for _, l := range s.Layers {
		if err := put(&czmlPacket{ID: l.ID, Name: l.Name}, ",\n"); err != nil {
			return err
		}
	}
	// The entities' packets, a batch at a time made on every core (a
	// large raid's tracks are most of the work) and written in order.
	const batch = 64
	bufs := make([][]byte, batch)
	for lo := 0; lo < len(s.Entities); lo += batch {
		n := min(batch, len(s.Entities)-lo)
		par.Each(n, func(i int) { bufs[i] = s.czmlEntity(&s.Entities[lo+i]).appendJSON(append(bufs[i][:0], ",\n"...)) })
		for _, b := range bufs[:n] {
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
	}
	if _, err := bw.WriteString("\n]\n"); err != nil {
		return err
	}
	return bw.Flush()
}

func (s *Scene) czmlEntity(e *Entity) *czmlPacket {
	st := e.style()
	p := &czmlPacket{ID: e.ID, Name: e.Name, Parent: e.Layer, Description: e.Description}
	props := map[string]string{"kind": string(e.Kind)}
	for k, v := range e.Properties {
		props[k] = v
	}
	p.Properties = props
	if av := e.availability(); len(av) > 0 {
		ivs := make([]string, len(av))
		for i, iv := range av {
			ivs[i] = s.iso(iv.StartS) + "/" + s.iso(iv.EndS)
		}
		p.Availability = ivs
	}
	dot := func() {
		p.Point = &czmlPoint{Color: czmlColor{st.color}, PixelSize: st.pixels, OutlineColor: czmlColor{RGBA{0, 0, 0, 255}}, OutlineWidth: 1}
		if st.label && e.Name != "" {
			p.Label = &czmlLabel{Text: e.Name, Font: "11pt sans-serif", FillColor: czmlColor{st.color}, HorizontalOrigin: "LEFT"}
			p.Label.PixelOffset = [2]float64{8, 0}
		}
	}
	switch {
	case e.Track != nil:
		epoch := s.iso(0)
		pos := &czmlPosition{Epoch: epoch, ReferenceFrame: "FIXED", InterpolationAlgorithm: "LINEAR", InterpolationDegree: 1,
			Cartesian: make([]float64, 0, 4*len(e.Track))}
		for _, sm := range e.Track {
			pos.Cartesian = append(pos.Cartesian, round(sm.TS, perS), round(sm.Pos[0], perM), round(sm.Pos[1], perM), round(sm.Pos[2], perM))
		}
		p.Position = pos
		dot()
		p.Path = &czmlPath{Show: true, Width: st.width, LeadTime: 0, Material: material(st.color)}
		if e.Track[0].Cov != nil {
			radii := czmlRadii{Epoch: epoch}
			or := &czmlOrientation{Epoch: epoch}
			var prev *[4]float64
			for _, sm := range e.Track {
				if sm.Cov == nil {
					continue
				}
				r, q := axes(*sm.Cov, prev)
				prev = &q
				t := round(sm.TS, perS)
				radii.Cartesian = append(radii.Cartesian, t, round(r[0], perM), round(r[1], perM), round(r[2], perM))
				or.UnitQuaternion = append(or.UnitQuaternion, t, round(q[0], perQ), round(q[1], perQ), round(q[2], perQ), round(q[3], perQ))
			}
			c := st.color
			c[3] = 90
			p.Ellipsoid = &czmlEllipsoid{Radii: radii, Material: material(c)}
			p.Orientation = or
		}
	case e.Point != nil:
		p.Position = &czmlPosition{ReferenceFrame: "FIXED", Cartesian: cartesian([]geo.ECEF{*e.Point})}
		dot()
	case e.Line != nil:
		arc := "NONE"
		if e.Surface {
			arc = "GEODESIC"
		}
		p.Polyline = &czmlPolyline{Positions: czmlPositionList{Cartesian: cartesian(e.Line)}, Width: st.width, ArcType: arc, Material: material(st.color)}
	case e.Polygon != nil:
		deg := make([]float64, 0, 3*len(e.Polygon))
		heights := false
		for _, q := range e.Polygon {
			deg = append(deg, round(lon180(q.LonDeg), perDeg), round(q.LatDeg, perDeg), round(q.AltM, perM))
			heights = heights || q.AltM != 0
		}
		outline := st.color
		outline[3] = 255
		p.Polygon = &czmlPolygon{Positions: czmlPositionList{CartographicDegrees: deg}, PerPositionHeight: heights,
			Material: material(st.color), Outline: true, OutlineColor: czmlColor{outline}}
	}
	return p
}

func cartesian(ps []geo.ECEF) []float64 {
	out := make([]float64, 0, 3*len(ps))
	for _, q := range ps {
		out = append(out, round(q[0], perM), round(q[1], perM), round(q[2], perM))
	}
	return out
}

// lon180 brings a longitude into [-180, 180).
func lon180(lon float64) float64 {
	for lon >= 180 {
		lon -= 360
	}
	for lon < -180 {
		lon += 360
	}
	return lon
}
