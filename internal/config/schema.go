package config

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// Schema returns the JSON Schema (draft 2020-12) of files of type t (a
// struct), generated from its fields' tags: each key's description,
// enumeration, range, default and whether it is required. An optional
// number or boolean without a default tag has its zero value as default:
// absent is zero, whatever zero stands for. meta holds the document's own
// keys ($id, title, description).
func Schema(t reflect.Type, meta map[string]any) ([]byte, error) {
	g := &schemaGen{defs: map[string]any{}, named: map[string]reflect.Type{}}
	doc := map[string]any{"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": g.defs}
	for k, v := range meta {
		doc[k] = v
	}
	for k, v := range g.object(t) {
		doc[k] = v
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	return append(b, '\n'), err
}

type schemaGen struct {
	defs  map[string]any
	named map[string]reflect.Type
}

func (g *schemaGen) of(t reflect.Type) map[string]any {
	if reflect.PointerTo(t).Implements(textType) && t.Kind() != reflect.Pointer {
		m := map[string]any{"type": "string"}
		if t == timeType {
			m["format"] = "date-time" // RFC 3339, as time.Time parses it
		}
		if e, ok := reflect.Zero(t).Interface().(Enum); ok {
			m["enum"] = e.Names()
		}
		return m
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.of(t.Elem())
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.of(t.Elem())}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Struct:
		name := t.Name()
		if other, ok := g.named[name]; ok && other != t {
			panic(fmt.Sprintf("config: two types named %s in one schema (%s, %s)", name, other, t))
		}
		if _, ok := g.named[name]; !ok {
			g.named[name] = t
			g.defs[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/$defs/" + name}
	}
	panic("config: no schema for " + t.String())
}

// object is the schema of a struct's mapping.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	obj := map[string]any{"type": "object", "additionalProperties": false}
	props := map[string]any{}
	var required, inlineRequired []string
	for _, f := range infoOf(t).fields {
		m := clone(g.of(f.typ))
		if doc := f.tag.Get("doc"); doc != "" {
			m["description"] = doc
		}
		if enum := f.tag.Get("enum"); enum != "" {
			m["enum"] = strings.Split(enum, "|")
		}
		if rng := parseSpan(f.tag.Get("range")); rng != nil {
			if items, ok := m["items"].(map[string]any); ok {
				m["items"] = withRange(items, rng)
			} else {
				m = withRange(m, rng)
			}
		}
		if def, ok := f.tag.Lookup("default"); ok {
			m["default"] = defaultValue(def)
		} else if k := f.typ.Kind(); !f.required && (k == reflect.Float64 || k == reflect.Int || k == reflect.Int64 || k == reflect.Int32 || k == reflect.Bool) && !f.typ.Implements(enumType) {
			// Absent is the zero value, whatever it stands for (the
			// description says).
			m["default"] = reflect.Zero(f.typ).Interface()
		}
		props[f.key] = m
		switch {
		case !f.required:
		case f.inline && reflect.PointerTo(t).Implements(basedType):
			inlineRequired = append(inlineRequired, f.key)
		default:
			required = append(required, f.key)
		}
	}
	obj["properties"] = props
	if len(required) > 0 {
		obj["required"] = required
	}
	if len(inlineRequired) > 0 {
		// A Based entry gives a base, or every required key of its own.
		obj["anyOf"] = []any{map[string]any{"required": []string{baseKey}}, map[string]any{"required": inlineRequired}}
	}
	return obj
}

// defaultValue is a default tag as JSON: a number or boolean when it is
// one, else the string.
func defaultValue(tag string) any {
	var v any
	if err := json.Unmarshal([]byte(tag), &v); err == nil {
		switch v.(type) {
		case float64, bool:
			return v
		}
	}
	return tag
}

// withRange returns a copy of the number schema m bounded by rng.
func withRange(m map[string]any, rng *span) map[string]any {
	c := clone(m)
	lo, hi := "minimum", "maximum"
	if rng.openLo {
		lo = "exclusiveMinimum"
	}
	if rng.openHi {
		hi = "exclusiveMaximum"
	}
	c[lo], c[hi] = limitNumber(rng.lo), limitNumber(rng.hi)
	return c
}

func clone(m map[string]any) map[string]any {
	c := make(map[string]any, len(m)+2)
	for k, v := range m {
		c[k] = v
	}
	return c
}
