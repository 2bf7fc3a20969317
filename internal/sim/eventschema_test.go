package sim

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/internal/bmc"
)

const eventSchemaFile = "../../docs/events.schema.json"

// The committed docs/events.schema.json is EventSchema's (go test
// ./internal/sim -run TestEventSchemaCurrent -update to rewrite it).
func TestEventSchemaCurrent(t *testing.T) {
	b, err := EventSchema()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		os.WriteFile(eventSchemaFile, b, 0o644)
	}
	want, _ := os.ReadFile(eventSchemaFile)
	if !bytes.Equal(b, want) {
		t.Errorf("%s is stale: run go test ./internal/sim -run TestEventSchemaCurrent -update", eventSchemaFile)
	}
}

// EventTypes lists every Ev constant of events.go.
func TestEventTypesComplete(t *testing.T) {
	file, err := parser.ParseFile(token.NewFileSet(), "events.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var consts []string
	for _, d := range file.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
			for _, s := range g.Specs {
				for k, n := range s.(*ast.ValueSpec).Names {
					if strings.HasPrefix(n.Name, "Ev") {
						consts = append(consts, strings.Trim(s.(*ast.ValueSpec).Values[k].(*ast.BasicLit).Value, `"`))
					}
				}
			}
		}
	}
	a, b := slices.Sorted(slices.Values(consts)), slices.Sorted(slices.Values(EventTypes))
	if !slices.Equal(a, b) {
		t.Errorf("event type constants %v, EventTypes %v", a, b)
	}
}

// Every event of the reference run, at every level, validates against
// the schema; lines that break it do not.
func TestEventsValidate(t *testing.T) {
	b, err := EventSchema()
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(b, &schema); err != nil {
		t.Fatal(err)
	}
	check := func(line []byte) error {
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return err
		}
		return validate(schema, schema, v, "")
	}
	f := load(t, reference)
	types := map[string]bool{}
	for _, l := range bmc.Levels {
		r, err := Run(f, Options{Level: l})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		WriteJSONL(&buf, r.Events)
		sc := bufio.NewScanner(&buf)
		for sc.Scan() {
			if err := check(sc.Bytes()); err != nil {
				t.Fatalf("%v: %s: %v", l, sc.Bytes(), err)
			}
			var ev Event
			json.Unmarshal(sc.Bytes(), &ev)
			types[ev.Type] = true
		}
	}
	if len(types) < 10 {
		t.Errorf("only %d event types in the reference runs", len(types))
	}
	for _, bad := range []string{
		`{"type":"leaker"}`,
		`{"t_s":1,"type":"leaker","extra":1}`,
		`{"t_s":"1","type":"leaker"}`,
		`{"t_s":1,"type":"lunch"}`,
		`{"t_s":1,"type":"leaker","stn":-1}`,
		`{"t_s":1,"type":"leaker","count":1.5}`,
		`{"t_s":1,"type":"interceptor_launch","launch":{"lat_deg":1,"lon_deg":2}}`,
		`{"t_s":1,"type":"interceptor_launch","launch":{"lat_deg":1,"lon_deg":2,"alt_m":"0"}}`,
	} {
		if check([]byte(bad)) == nil {
			t.Errorf("%s validates", bad)
		}
	}
}

// validate checks v against the subset of JSON Schema EventSchema uses:
// $ref, allOf, type, properties, additionalProperties, required, enum,
// minimum.
func validate(root, s map[string]any, v any, path string) error {
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/$defs/")
		def, ok := root["$defs"].(map[string]any)[name].(map[string]any)
		if !ok {
			return fmt.Errorf("%s: no definition %s", path, ref)
		}
		return validate(root, def, v, path)
	}
	for _, sub := range asSlice(s["allOf"]) {
		if err := validate(root, sub.(map[string]any), v, path); err != nil {
			return err
		}
	}
	switch s["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %v", path, v)
		}
		props, _ := s["properties"].(map[string]any)
		for _, r := range asSlice(s["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				return fmt.Errorf("%s: %s is required", path, r)
			}
		}
		for k, x := range obj {
			p, ok := props[k].(map[string]any)
			if !ok {
				if s["additionalProperties"] == false {
					return fmt.Errorf("%s: unknown key %s", path, k)
				}
				continue
			}
			if err := validate(root, p, x, path+"."+k); err != nil {
				return err
			}
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s: want a string, got %v", path, v)
		}
		if enum := asSlice(s["enum"]); enum != nil && !slices.Contains(enum, any(str)) {
			return fmt.Errorf("%s: %q is not one of the enumeration", path, str)
		}
	case "number", "integer":
		n, ok := v.(json.Number)
		if !ok {
			return fmt.Errorf("%s: want a number, got %v", path, v)
		}
		x, err := n.Float64()
		if err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		if s["type"] == "integer" && x != math.Trunc(x) {
			return fmt.Errorf("%s: want an integer, got %v", path, n)
		}
		if m, ok := s["minimum"].(float64); ok && x < m {
			return fmt.Errorf("%s: %v is below the minimum %v", path, n, m)
		}
	}
	return nil
}

func asSlice(x any) []any { s, _ := x.([]any); return s }
