package scenario

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/config"
	"github.com/jrmd/jrmd/sensor"
	"github.com/jrmd/jrmd/track"
)

// bound is a numeric key's range tag and where its field sits.
type bound struct {
	key            string
	index          []int
	lo, hi         float64
	openLo, openHi bool
}

// bounds lists the range-tagged numeric keys of a struct type, its
// inline structs' included (not those of nested structs or lists).
func bounds(t reflect.Type, index []int) []bound {
	var out []bound
	for i := range t.NumField() {
		f := t.Field(i)
		idx := append(append([]int(nil), index...), i)
		key := f.Tag.Get("yaml")
		if key == ",inline" {
			out = append(out, bounds(f.Type, idx)...)
			continue
		}
		lo, hi, openLo, openHi, ok := config.Range(f.Tag.Get("range"))
		if !ok || key == "" || key == "-" {
			continue
		}
		if k := f.Type.Kind(); k == reflect.Slice || k == reflect.Pointer {
			idx = append(idx, -1) // the first element, or the pointed-to value
		}
		out = append(out, bound{key, idx, lo, hi, openLo, openHi})
	}
	return out
}

// set sets the field at index (−1: the first element of a list, or what
// a pointer points to) to x.
func set(v reflect.Value, index []int, x float64) {
	for _, i := range index {
		switch {
		case i >= 0:
			v = v.Field(i)
		case v.Kind() == reflect.Slice:
			if v.Len() == 0 {
				v.Set(reflect.MakeSlice(v.Type(), 1, 1))
			}
			v = v.Index(0)
		default:
			v.Set(reflect.New(v.Type().Elem()))
			v = v.Elem()
		}
	}
	if v.Kind() == reflect.Float64 {
		v.SetFloat(x)
	} else {
		v.SetInt(int64(x))
	}
}

// Each range tag of a domain package's configuration type is what its
// Validate enforces: just past either end (the end itself where it is
// open; below a lower end of 1, -1, zero being the default) Validate
// reports a problem at that key. The schema and the decoder read the tag;
// Validate is what a Go caller and the decoder's own check run.
func TestRangesAreValidates(t *testing.T) {
	placed, _ := sensor.LookupRadarType("uewr")
	for _, c := range []struct {
		name     string
		typ      reflect.Type
		prefix   string
		validate func(x float64, b bound) error
	}{
		{"missile", reflect.TypeFor[ballistic.Missile](), "", func(x float64, b bound) error {
			m, _ := ballistic.LookupMissile("mrbm")
			set(reflect.ValueOf(&m).Elem(), b.index, x)
			return m.Validate()
		}},
		{"stage", reflect.TypeFor[ballistic.Stage](), "stages[0].", func(x float64, b bound) error {
			m, _ := ballistic.LookupMissile("mrbm")
			set(reflect.ValueOf(&m.Stages[0]).Elem(), b.index, x)
			return m.Validate()
		}},
		{"radar type", reflect.TypeFor[sensor.RadarType](), "", func(x float64, b bound) error {
			r, _ := sensor.LookupRadarType("emr")
			set(reflect.ValueOf(&r).Elem(), b.index, x)
			return r.Validate()
		}},
		{"face", reflect.TypeFor[sensor.Face](), "faces[0].", func(x float64, b bound) error {
			r, _ := sensor.LookupRadarType("emr")
			set(reflect.ValueOf(&r.Template.Faces[0]).Elem(), b.index, x)
			return r.Validate()
		}},
		{"placement", reflect.TypeFor[sensor.Placement](), "", func(x float64, b bound) error {
			var p sensor.Placement
			set(reflect.ValueOf(&p).Elem(), b.index, x)
			_, err := p.Place(placed, "r", "US", geo.LLA{LatDeg: 50})
			return err
		}},
		{"interceptor", reflect.TypeFor[intercept.Interceptor](), "", func(x float64, b bound) error {
			it, _ := intercept.LookupInterceptor("thaad")
			set(reflect.ValueOf(&it).Elem(), b.index, x)
			return it.Validate()
		}},
		{"launch track", reflect.TypeFor[intercept.LaunchTrack](), "launch_track.", func(x float64, b bound) error {
			it, _ := intercept.LookupInterceptor("thaad")
			set(reflect.ValueOf(&it.LaunchTrack).Elem(), b.index, x)
			return it.Validate()
		}},
		{"battery overrides", reflect.TypeFor[intercept.Overrides](), "", func(x float64, b bound) error {
			var o intercept.Overrides
			set(reflect.ValueOf(&o).Elem(), b.index, x)
			return o.Validate()
		}},
		{"tracker", reflect.TypeFor[track.Config](), "", func(x float64, b bound) error {
			c := track.Config{Filter: &track.EKF{}}
			set(reflect.ValueOf(&c).Elem(), b.index, x)
			return c.Validate()
		}},
	} {
		bs := bounds(c.typ, nil)
		if len(bs) == 0 {
			t.Errorf("%s: no ranges", c.name)
		}
		for _, b := range bs {
			key := c.prefix + b.key
			if b.index[len(b.index)-1] == -1 && c.typ.Field(b.index[0]).Type.Kind() == reflect.Slice {
				key += "[0]"
			}
			step := math.Max((b.hi-b.lo)*1e-3, 1e-9)
			idx := b.index
			if idx[len(idx)-1] == -1 {
				idx = idx[:len(idx)-1]
			}
			if k := c.typ.FieldByIndex(idx).Type.Kind(); k == reflect.Int || k == reflect.Int64 {
				step = 1
			}
			below, above := b.lo-step, b.hi+step
			if below == 0 {
				below = -step // zero is the default
			}
			if b.openHi {
				above = b.hi
			}
			for _, x := range []float64{below, above} {
				if !problemAt(c.validate(x, b), key) {
					t.Errorf("%s: %s = %g is outside its range tag, but Validate reports no problem there: %v", c.name, key, x, c.validate(x, b))
				}
			}
		}
	}
}

func problemAt(err error, key string) bool {
	var inv *config.Invalid
	if !errors.As(err, &inv) {
		return false
	}
	for _, p := range inv.Problems {
		if p.Field == key {
			return true
		}
	}
	return false
}
