package globe

import (
	"encoding/json"
	"maps"
	"slices"
)

// The packets' JSON, written by hand rather than by encoding/json's
// reflection: the sampled arrays of a large raid's tracks are millions of
// numbers, and encoding/json checks again every byte a custom encoder
// gives it. Keys are written in the order the structs declare them,
// empty values left out.

// object appends one JSON object's members.
type object struct {
	b []byte
	n int
}

// next starts a member.
func (o *object) next() {
	if o.n > 0 {
		o.b = append(o.b, ',')
	}
	o.n++
}

// key starts a member named k, a name that needs no escaping.
func (o *object) key(k string) {
	o.next()
	o.b = append(o.b, '"')
	o.b = append(o.b, k...)
	o.b = append(o.b, '"', ':')
}

// str appends a string member, none if v is empty.
func (o *object) str(k, v string) {
	if v != "" {
		o.key(k)
		o.b = appendString(o.b, v)
	}
}

func (o *object) num(k string, v float64) {
	o.key(k)
	o.b = appendNumber(o.b, v)
}

func (o *object) boolean(k string, v bool) {
	o.key(k)
	if v {
		o.b = append(o.b, "true"...)
	} else {
		o.b = append(o.b, "false"...)
	}
}

func (o *object) nums(k string, v numbers) {
	o.key(k)
	o.b = v.append(o.b)
}

// obj appends a member that is an object, its members appended by f.
func (o *object) obj(k string, f func(*object)) {
	o.key(k)
	in := object{b: append(o.b, '{')}
	f(&in)
	o.b = append(in.b, '}')
}

func (o *object) color(k string, c czmlColor) {
	o.obj(k, func(o *object) {
		o.key("rgba")
		o.b = append(o.b, '[')
		for i, v := range c.RGBA {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			o.b = appendNumber(o.b, float64(v))
		}
		o.b = append(o.b, ']')
	})
}

func (o *object) material(m *czmlMaterial) {
	o.obj("material", func(o *object) {
		o.obj("solidColor", func(o *object) { o.color("color", m.SolidColor.Color) })
	})
}

// appendString appends s as a JSON string, escaped as encoding/json
// escapes it.
func appendString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always encodes
	return append(b, q...)
}

// appendJSON appends the packet as one JSON object.
func (p *czmlPacket) appendJSON(b []byte) []byte {
	o := object{b: append(b, '{')}
	o.str("id", p.ID)
	o.str("name", p.Name)
	o.str("version", p.Version)
	if c := p.Clock; c != nil {
		o.obj("clock", func(o *object) {
			o.str("interval", c.Interval)
			o.str("currentTime", c.CurrentTime)
			o.num("multiplier", c.Multiplier)
			o.str("range", c.Range)
			o.str("step", c.Step)
		})
	}
	o.str("parent", p.Parent)
	o.str("description", p.Description)
	switch len(p.Availability) {
	case 0:
	case 1:
		o.str("availability", p.Availability[0])
	default:
		o.key("availability")
		o.b = append(o.b, '[')
		for i, iv := range p.Availability {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			o.b = appendString(o.b, iv)
		}
		o.b = append(o.b, ']')
	}
	if len(p.Properties) > 0 {
		o.obj("properties", func(o *object) {
			for _, k := range slices.Sorted(maps.Keys(p.Properties)) {
				o.next()
				o.b = append(appendString(o.b, k), ':')
				o.b = appendString(o.b, p.Properties[k])
			}
		})
	}
	if q := p.Position; q != nil {
		o.obj("position", func(o *object) {
			o.str("epoch", q.Epoch)
			o.str("referenceFrame", q.ReferenceFrame)
			o.str("interpolationAlgorithm", q.InterpolationAlgorithm)
			if q.InterpolationDegree != 0 {
				o.num("interpolationDegree", float64(q.InterpolationDegree))
			}
			o.nums("cartesian", q.Cartesian)
		})
	}
	if q := p.Orientation; q != nil {
		o.obj("orientation", func(o *object) {
			o.str("epoch", q.Epoch)
			o.nums("unitQuaternion", q.UnitQuaternion)
		})
	}
	if q := p.Point; q != nil {
		o.obj("point", func(o *object) {
			o.color("color", q.Color)
			o.num("pixelSize", q.PixelSize)
			o.color("outlineColor", q.OutlineColor)
			o.num("outlineWidth", q.OutlineWidth)
		})
	}
	if q := p.Label; q != nil {
		o.obj("label", func(o *object) {
			o.str("text", q.Text)
			o.str("font", q.Font)
			o.color("fillColor", q.FillColor)
			o.str("horizontalOrigin", q.HorizontalOrigin)
			o.obj("pixelOffset", func(o *object) { o.nums("cartesian2", q.PixelOffset[:]) })
		})
	}
	if q := p.Path; q != nil {
		o.obj("path", func(o *object) {
			o.boolean("show", q.Show)
			o.num("width", q.Width)
			o.num("leadTime", q.LeadTime)
			o.material(q.Material)
		})
	}
	if q := p.Polyline; q != nil {
		o.obj("polyline", func(o *object) {
			o.positions(&q.Positions)
			o.num("width", q.Width)
			o.str("arcType", q.ArcType)
			o.material(q.Material)
		})
	}
	if q := p.Polygon; q != nil {
		o.obj("polygon", func(o *object) {
			o.positions(&q.Positions)
			o.boolean("perPositionHeight", q.PerPositionHeight)
			o.material(q.Material)
			o.boolean("outline", q.Outline)
			o.color("outlineColor", q.OutlineColor)
		})
	}
	if q := p.Ellipsoid; q != nil {
		o.obj("ellipsoid", func(o *object) {
			o.obj("radii", func(o *object) {
				o.str("epoch", q.Radii.Epoch)
				o.nums("cartesian", q.Radii.Cartesian)
			})
			o.material(q.Material)
		})
	}
	return append(o.b, '}')
}

func (o *object) positions(l *czmlPositionList) {
	o.obj("positions", func(o *object) {
		if len(l.Cartesian) > 0 {
			o.nums("cartesian", l.Cartesian)
		}
		if len(l.CartographicDegrees) > 0 {
			o.nums("cartographicDegrees", l.CartographicDegrees)
		}
	})
}
