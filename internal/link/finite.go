package link

import (
	"fmt"
	"math"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// finite rejects a message holding NaN or ±Inf anywhere: a receiver must
// never feed them to a filter or a planner. The error names the field
// (not built unless needed: this runs on every number of every message).
func finite(m proto.Message) error {
	if fd := nonFinite(m.ProtoReflect()); fd != nil {
		return fmt.Errorf("%w in %s", ErrNotFinite, fd.FullName())
	}
	return nil
}

// nonFinite returns the first field holding a non-finite number, or nil.
func nonFinite(m protoreflect.Message) protoreflect.FieldDescriptor {
	var bad protoreflect.FieldDescriptor
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList():
			l := v.List()
			for i := range l.Len() {
				if badValue(fd, l.Get(i), &bad) {
					return false
				}
			}
		case fd.IsMap():
			vd := fd.MapValue()
			v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
				return !badValue(vd, mv, &bad)
			})
			if bad != nil {
				return false
			}
		default:
			if badValue(fd, v, &bad) {
				return false
			}
		}
		return true
	})
	return bad
}

func badValue(fd protoreflect.FieldDescriptor, v protoreflect.Value, bad *protoreflect.FieldDescriptor) bool {
	switch fd.Kind() {
	case protoreflect.DoubleKind, protoreflect.FloatKind:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			*bad = fd
			return true
		}
	case protoreflect.MessageKind, protoreflect.GroupKind:
		if inner := nonFinite(v.Message()); inner != nil {
			*bad = inner
			return true
		}
	}
	return false
}
