package link

import (
	"fmt"
	"math"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// finite rejects a message holding NaN or ±Inf anywhere: a receiver must
// never feed them to a filter or a planner.
func finite(m proto.Message) error {
	return finiteMsg(m.ProtoReflect(), "")
}

func finiteMsg(m protoreflect.Message, path string) error {
	var err error
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		p := path + string(fd.Name())
		switch {
		case fd.IsList():
			l := v.List()
			for i := range l.Len() {
				if err = finiteValue(fd, l.Get(i), fmt.Sprintf("%s[%d]", p, i)); err != nil {
					return false
				}
			}
		case fd.IsMap():
			// The message sets have no maps.
		default:
			err = finiteValue(fd, v, p)
		}
		return err == nil
	})
	return err
}

func finiteValue(fd protoreflect.FieldDescriptor, v protoreflect.Value, path string) error {
	switch fd.Kind() {
	case protoreflect.DoubleKind, protoreflect.FloatKind:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("%w: %s = %g", ErrNotFinite, path, f)
		}
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return finiteMsg(v.Message(), path+".")
	}
	return nil
}
