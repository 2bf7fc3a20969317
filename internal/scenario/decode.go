package scenario

import (
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong with a scenario file, located in it.
type Problem struct {
	File      string
	Line, Col int
	Field     string // path of the key, e.g. sensors[2].site.lat_deg
	Msg       string
}

func (p *Problem) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", p.File, p.Line, p.Col, p.Field, p.Msg)
}

// Problems is every problem found in a file, in file order.
type Problems []*Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// maxFileBytes bounds what Decode reads: scenario files are hand-written.
const maxFileBytes = 16 << 20

// Load reads and decodes a scenario file; see Decode.
func Load(path string) (*File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	if st.Size() > maxFileBytes {
		return nil, fmt.Errorf("scenario: %s: %d bytes is larger than the %d a scenario may have", path, st.Size(), maxFileBytes)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return Decode(path, data)
}

// Decode parses a scenario strictly: unknown keys, wrong types, missing
// required keys, values out of range and dangling references are all
// errors, every one reported (as Problems) with its line and column.
func Decode(name string, data []byte) (*File, error) {
	if len(data) > maxFileBytes {
		return nil, fmt.Errorf("scenario: %s: larger than %d bytes", name, maxFileBytes)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, Problems{yamlProblem(name, err)}
	}
	d := &decoder{file: name, pos: map[string][2]int{}}
	f := &File{}
	if len(root.Content) == 0 {
		return nil, Problems{{File: name, Line: 1, Col: 1, Field: "(file)", Msg: "empty scenario"}}
	}
	d.decode(root.Content[0], reflect.ValueOf(f).Elem(), "")
	// Validate what did decode too: the user gets every problem at once.
	v := &validator{decoder: d}
	v.validate(f)
	if len(d.problems) > 0 {
		slices.SortStableFunc(d.problems, func(a, b *Problem) int {
			if a.Line != b.Line {
				return a.Line - b.Line
			}
			return a.Col - b.Col
		})
		return nil, d.problems
	}
	return f, nil
}

// yamlProblem turns a YAML syntax error ("yaml: line 3: …") into a Problem.
func yamlProblem(file string, err error) *Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ":"); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line, msg = n, strings.TrimSpace(rest[i+1:])
			}
		}
	}
	return &Problem{File: file, Line: line, Col: 1, Field: "(syntax)", Msg: msg}
}

// decoder walks the YAML node tree against the Go types, collecting
// problems and remembering where every value sits.
type decoder struct {
	file     string
	problems Problems
	pos      map[string][2]int // path → line, column
}

func (d *decoder) add(n *yaml.Node, path, format string, args ...any) {
	if path == "" {
		path = "(file)"
	}
	d.problems = append(d.problems, &Problem{File: d.file, Line: n.Line, Col: n.Column, Field: path, Msg: fmt.Sprintf(format, args...)})
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	d.pos[path] = [2]int{n.Line, n.Column}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // absent: the zero value
	}
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		d.decode(n, v.Elem(), path)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.add(n, path, "want a list, got %s", describe(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.decode(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.add(n, path, "want a string, got %s", describe(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Float64:
		f, err := strconv.ParseFloat(n.Value, 64)
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			d.add(n, path, "want a finite number, got %s", describe(n))
			return
		}
		v.SetFloat(f)
	case reflect.Int:
		i, err := strconv.ParseInt(n.Value, 0, 64)
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil || i > math.MaxInt32 || i < math.MinInt32 {
			d.add(n, path, "want a whole number, got %s", describe(n))
			return
		}
		v.SetInt(i)
	case reflect.Uint64:
		u, err := strconv.ParseUint(n.Value, 0, 64)
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil {
			d.add(n, path, "want a non-negative whole number, got %s", describe(n))
			return
		}
		v.SetUint(u)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.add(n, path, "want true or false, got %s", describe(n))
			return
		}
		v.SetBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
	default:
		panic(fmt.Sprintf("scenario: no decoder for %s", v.Type()))
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.add(n, path, "want a mapping of keys, got %s", describe(n))
		return
	}
	t := v.Type()
	fields := map[string]int{}
	var keys []string
	for i := range t.NumField() {
		if k := t.Field(i).Tag.Get("yaml"); k != "" {
			fields[k] = i
			keys = append(keys, k)
		}
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		key := kn.Value
		fp := join(path, key)
		idx, ok := fields[key]
		switch {
		case kn.Kind != yaml.ScalarNode:
			d.add(kn, path, "keys must be plain names, got %s", describe(kn))
			continue
		case !ok:
			hint := ""
			for _, k := range keys {
				if strings.HasPrefix(k, key+"_") {
					hint = fmt.Sprintf("; did you mean %q (units in the name)?", k)
				}
			}
			d.add(kn, fp, "unknown key %q%s (known here: %s)", key, hint, strings.Join(keys, ", "))
			continue
		case seen[key]:
			d.add(kn, fp, "key %q given twice", key)
			continue
		}
		seen[key] = true
		f := t.Field(idx)
		d.decode(vn, v.Field(idx), fp)
		if enum := f.Tag.Get("enum"); enum != "" && vn.Kind == yaml.ScalarNode && vn.Tag != "!!null" {
			if !slices.Contains(strings.Split(enum, "|"), v.Field(idx).String()) {
				d.add(vn, fp, "%q is not one of %s", vn.Value, strings.ReplaceAll(enum, "|", ", "))
			}
		}
	}
	for _, k := range keys {
		if t.Field(fields[k]).Tag.Get("required") == "true" && !seen[k] {
			d.add(n, join(path, k), "missing (required)")
		}
	}
}

// describe names a node's kind and value for an error message.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!str" {
			return strconv.Quote(n.Value)
		}
		return n.Value
	}
	return "nothing"
}

// ErrProblems lets callers tell scenario problems (bad input) from I/O
// failures with errors.As.
var _ error = Problems(nil)

// IsInput reports whether err is a problem with the scenario's content.
func IsInput(err error) bool {
	var ps Problems
	return errors.As(err, &ps)
}
