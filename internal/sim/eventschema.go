package sim

import (
	"encoding/json"
	"reflect"
	"strings"
)

// EventsVersion is the version of the event log's schema (EventSchema):
// keys are added without changing it; a key renamed, removed, or changed
// in type or meaning changes it.
const EventsVersion = "1"

// EventTypes are the values of an event's type, in the order of their
// constants.
var EventTypes = []string{
	EvThreatLaunch, EvDetection, EvTrackConfirmed, EvWarning, EvTrackShared, EvMessageLost, EvMessageRejected,
	EvPlan, EvClaim, EvClaimRefused, EvRequest, EvReleaseDenied, EvLaunch, EvKill, EvMiss, EvKillAssessment,
	EvImpact, EvLeaker, EvDuplicate, EvDegraded, EvContactLost, EvContactRestored, EvNodeLost, EvNodeRejoined,
	EvNotEngaged, EvTrackFireControl, EvMayLaunch,
}

// EventSchema returns the JSON Schema (draft 2020-12) of one line of
// events.jsonl, generated from Event's fields: their JSON names, types
// and doc tags; a field without omitempty is required.
func EventSchema() ([]byte, error) {
	defs := map[string]any{}
	doc := map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         "https://github.com/jrmd/jrmd/docs/events.schema.json",
		"title":       "JRMD event, version " + EventsVersion,
		"description": "One line of events.jsonl, written by jrmd run and jrmd federation up: what happened, when, to whom. Keys that do not apply are absent.",
		"version":     EventsVersion,
		"$defs":       defs,
	}
	for k, v := range jsonObject(reflect.TypeFor[Event](), defs) {
		doc[k] = v
	}
	doc["properties"].(map[string]any)["type"].(map[string]any)["enum"] = EventTypes
	b, err := json.MarshalIndent(doc, "", "  ")
	return append(b, '\n'), err
}

// jsonObject is the schema of a struct as encoding/json writes it.
func jsonObject(t reflect.Type, defs map[string]any) map[string]any {
	props := map[string]any{}
	var required []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		m := jsonType(f.Type, defs)
		if d := f.Tag.Get("doc"); d != "" {
			if _, ref := m["$ref"]; ref {
				m = map[string]any{"allOf": []any{m}}
			}
			m["description"] = d
		}
		props[name] = m
		if opts != "omitempty" {
			required = append(required, name)
		}
	}
	obj := map[string]any{"type": "object", "additionalProperties": false, "properties": props}
	if len(required) > 0 {
		obj["required"] = required
	}
	return obj
}

func jsonType(t reflect.Type, defs map[string]any) map[string]any {
	switch t.Kind() {
	case reflect.Pointer:
		return jsonType(t.Elem(), defs)
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Int:
		return map[string]any{"type": "integer"}
	case reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Struct:
		if _, ok := defs[t.Name()]; !ok {
			defs[t.Name()] = jsonObject(t, defs)
		}
		return map[string]any{"$ref": "#/$defs/" + t.Name()}
	}
	panic("sim: no JSON Schema for " + t.String()) // a new field's type: add it here
}
