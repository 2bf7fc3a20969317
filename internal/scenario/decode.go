package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
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

// Load reads and decodes a scenario file; see Decode.
func Load(path string) (*File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	if st.Size() > MaxFileBytes {
		return nil, Problems{{File: path, Line: 1, Col: 1, Field: "(file)", Msg: fmt.Sprintf("%d bytes is larger than the %d a scenario may have", st.Size(), MaxFileBytes)}}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return Decode(path, data)
}

// Decode parses a scenario strictly: unknown keys, wrong types, missing
// required keys, values out of range and dangling references are all
// errors, every one reported (as Problems) with its line and column. A
// file past the limits (MaxFileBytes, MaxValues, MaxThreats, MaxObjects,
// MaxArchitecture) is refused the same way.
func Decode(name string, data []byte) (*File, error) {
	if len(data) > MaxFileBytes {
		return nil, Problems{{File: name, Line: 1, Col: 1, Field: "(file)", Msg: fmt.Sprintf("%d bytes is larger than the %d a scenario may have", len(data), MaxFileBytes)}}
	}
	root, err := parse(name, data)
	if err != nil {
		return nil, err
	}
	d := &decoder{file: name, pos: map[string][2]int{}, types: map[reflect.Type]*structInfo{}}
	f := &File{}
	d.decode(root, reflect.ValueOf(f).Elem(), "", nil)
	if d.over != nil {
		// The rest would be the expansion's echoes.
		return nil, Problems{d.over}
	}
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
		if d.unlisted != nil {
			d.unlisted.Msg = fmt.Sprintf("and %d more problems (the first of them here)", d.nUnlisted)
			d.problems = append(d.problems, d.unlisted)
		}
		return nil, d.problems
	}
	return f, nil
}

// parse parses the one YAML document of a scenario into its root node. A
// second document is a problem: it would otherwise be ignored.
func parse(name string, data []byte) (root *yaml.Node, err error) {
	defer func() {
		// The parser panics on some hostile input; a user never sees it.
		if r := recover(); r != nil {
			root, err = nil, Problems{{File: name, Line: 1, Col: 1, Field: "(syntax)", Msg: fmt.Sprintf("cannot parse: %v", r)}}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	switch err := dec.Decode(&doc); {
	case err == io.EOF || err == nil && len(doc.Content) == 0:
		return nil, Problems{{File: name, Line: 1, Col: 1, Field: "(file)", Msg: "empty scenario"}}
	case err != nil:
		return nil, Problems{yamlProblem(name, err)}
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == io.EOF:
	case err != nil:
		return nil, Problems{yamlProblem(name, err)}
	default:
		at := &next
		if len(next.Content) > 0 {
			at = next.Content[0]
		}
		return nil, Problems{{File: name, Line: at.Line, Col: at.Column, Field: "(file)",
			Msg: "a second YAML document (after ---): a scenario is one document; put the other in a file of its own"}}
	}
	return doc.Content[0], nil
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
	types    map[reflect.Type]*structInfo
	// values counts the values walked, aliases expanded; over is the
	// problem of passing MaxValues.
	values  int
	over    *Problem
	via     *yaml.Node // the outermost alias being expanded, at viaPath
	viaPath string
	// unlisted is the first problem past maxListed, nUnlisted their number.
	unlisted  *Problem
	nUnlisted int
}

// structInfo is what decodeStruct needs of a struct type, worked out once.
type structInfo struct {
	fields map[string]int // key → field index
	keys   []string       // in declaration order
	spans  []*span        // by field index
}

func (d *decoder) info(t reflect.Type) *structInfo {
	if si := d.types[t]; si != nil {
		return si
	}
	si := &structInfo{fields: map[string]int{}, spans: make([]*span, t.NumField())}
	for i := range t.NumField() {
		f := t.Field(i)
		if k := f.Tag.Get("yaml"); k != "" {
			si.fields[k] = i
			si.keys = append(si.keys, k)
		}
		si.spans[i] = parseSpan(f.Tag.Get("range"))
	}
	d.types[t] = si
	return si
}

// report adds a problem, or counts it once maxListed are listed.
func (d *decoder) report(p *Problem) {
	if len(d.problems) < maxListed {
		d.problems = append(d.problems, p)
		return
	}
	if d.unlisted == nil {
		d.unlisted = p
	}
	d.nUnlisted++
}

func (d *decoder) add(n *yaml.Node, path, format string, args ...any) {
	if path == "" {
		path = "(file)"
	}
	d.report(&Problem{File: d.file, Line: n.Line, Col: n.Column, Field: path, Msg: fmt.Sprintf(format, args...)})
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// decode decodes n into v; a number must lie in rng (nil: any).
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string, rng *span) {
	if d.over != nil {
		return
	}
	if n.Kind == yaml.AliasNode && d.via == nil {
		// The outermost alias being expanded: where the problem of
		// MaxValues is reported, if its expansion passes it.
		d.via, d.viaPath = n, path
		defer func() { d.via = nil }()
	}
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if d.values++; d.values > MaxValues {
		at, field := n, path
		if d.via != nil {
			at, field = d.via, d.viaPath
		}
		if field == "" {
			field = "(file)"
		}
		d.over = &Problem{File: d.file, Line: at.Line, Col: at.Column, Field: field,
			Msg: fmt.Sprintf("the file holds more than %d values, aliases expanded (a scenario may have at most %d)", MaxValues, MaxValues)}
		return
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
		d.decode(n, v.Elem(), path, rng)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.add(n, path, "want a list, got %s", describe(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.decode(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i), rng)
			if d.over != nil {
				return
			}
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
		d.inRange(n, path, f, rng)
	case reflect.Int:
		i, err := strconv.ParseInt(n.Value, 0, 64)
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil || i > math.MaxInt32 || i < math.MinInt32 {
			d.add(n, path, "want a whole number, got %s", describe(n))
			return
		}
		v.SetInt(i)
		d.inRange(n, path, float64(i), rng)
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

// inRange reports a number outside its key's range.
func (d *decoder) inRange(n *yaml.Node, path string, x float64, rng *span) {
	if rng == nil || rng.contains(x) {
		return
	}
	key := path[strings.LastIndexByte(path, '.')+1:]
	if i := strings.IndexByte(key, '['); i >= 0 {
		key = key[:i]
	}
	d.add(n, path, "%s%s is outside %s", n.Value, unitOf(key), rng.text)
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.add(n, path, "want a mapping of keys, got %s", describe(n))
		return
	}
	t := v.Type()
	si := d.info(t)
	var seen map[string]bool
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		key := kn.Value
		fp := join(path, key)
		idx, ok := si.fields[key]
		switch {
		case kn.Kind != yaml.ScalarNode:
			d.add(kn, path, "keys must be plain names, got %s", describe(kn))
			continue
		case !ok:
			hint := ""
			for _, k := range si.keys {
				if strings.HasPrefix(k, key+"_") {
					hint = fmt.Sprintf("; did you mean %q (units in the name)?", k)
				}
			}
			d.add(kn, fp, "unknown key %q%s (known here: %s)", key, hint, strings.Join(si.keys, ", "))
			continue
		case seen[key]:
			d.add(kn, fp, "key %q given twice", key)
			continue
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[key] = true
		f := t.Field(idx)
		d.decode(vn, v.Field(idx), fp, si.spans[idx])
		if d.over != nil {
			return
		}
		for vn.Kind == yaml.AliasNode && vn.Alias != nil {
			vn = vn.Alias
		}
		if enum := f.Tag.Get("enum"); enum != "" && vn.Kind == yaml.ScalarNode && vn.Tag != "!!null" {
			if !slices.Contains(strings.Split(enum, "|"), v.Field(idx).String()) {
				d.add(vn, fp, "%q is not one of %s", vn.Value, strings.ReplaceAll(enum, "|", ", "))
			}
		}
	}
	for _, k := range si.keys {
		if t.Field(si.fields[k]).Tag.Get("required") == "true" && !seen[k] {
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
