package scenario

import (
	"encoding/json"
	"reflect"
	"strings"
)

// Schema returns the JSON Schema (draft 2020-12) of scenario files,
// generated from the Go types, so editors can complete and check them.
func Schema() ([]byte, error) {
	defs := map[string]any{}
	root := schemaOf(reflect.TypeFor[File](), defs)
	doc := map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         "https://github.com/jrmd/jrmd/scenarios/schema.json",
		"title":       "JRMD scenario",
		"description": "A cooperative missile-defense architecture and a raid, for jrmd run, compare, validate and study. Units are in the key names.",
		"$defs":       defs,
	}
	for k, v := range root.(map[string]any) {
		doc[k] = v
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	return append(b, '\n'), err
}

func schemaOf(t reflect.Type, defs map[string]any) any {
	switch t.Kind() {
	case reflect.Pointer:
		return schemaOf(t.Elem(), defs)
	case reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), defs)}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Int:
		return map[string]any{"type": "integer"}
	case reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Struct:
		obj := map[string]any{"type": "object", "additionalProperties": false}
		props := map[string]any{}
		var required []string
		for i := range t.NumField() {
			f := t.Field(i)
			key := f.Tag.Get("yaml")
			if key == "" {
				continue
			}
			p := schemaOf(f.Type, defs)
			if m, ok := p.(map[string]any); ok {
				m = clone(m)
				if doc := f.Tag.Get("doc"); doc != "" {
					m["description"] = doc
				}
				if enum := f.Tag.Get("enum"); enum != "" {
					m["enum"] = strings.Split(enum, "|")
				}
				if rng := parseSpan(f.Tag.Get("range")); rng != nil {
					if items, ok := m["items"].(map[string]any); ok {
						m["items"] = withRange(items, rng)
					} else {
						m = withRange(m, rng)
					}
				}
				p = m
			}
			props[key] = p
			if f.Tag.Get("required") == "true" {
				required = append(required, key)
			}
		}
		obj["properties"] = props
		if len(required) > 0 {
			obj["required"] = required
		}
		if t == reflect.TypeFor[File]() {
			return obj
		}
		defs[t.Name()] = obj
		return map[string]any{"$ref": "#/$defs/" + t.Name()}
	}
	panic("scenario: no schema for " + t.String())
}

// withRange returns a copy of the number schema m bounded by rng.
func withRange(m map[string]any, rng *span) map[string]any {
	m = clone(m)
	lo, hi := "minimum", "maximum"
	if rng.openLo {
		lo = "exclusiveMinimum"
	}
	if rng.openHi {
		hi = "exclusiveMaximum"
	}
	m[lo], m[hi] = limitNumber(rng.lo), limitNumber(rng.hi)
	return m
}

func clone(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
