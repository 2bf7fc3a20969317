package config

import (
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Limits bound what a Decoder takes from one file; zero is no bound.
type Limits struct {
	// Values bounds the values (mappings, lists and scalars) walked,
	// aliases expanded: an alias is a pointer in the parsed file, but each
	// use of it is decoded, checked and kept again, so a small file could
	// otherwise stand for billions of values.
	Values int
	// Listed bounds the problems an error lists; a count of the rest
	// follows.
	Listed int
}

// Enum is a type with a fixed set of names: its pointer decodes one of
// them (encoding.TextUnmarshaler), and the schema lists them.
type Enum interface {
	Names() []string
}

// Based is an entry that may start from a named base, e.g. a library
// type: when its mapping has the key "base", the decoder decodes that key
// first and calls UseBase, which sets the entry to the base's values (an
// error is the problem of the base key); the entry's other keys are then
// decoded onto them, and the required keys of its inline struct need not
// be given.
type Based interface {
	UseBase(name string) error
}

// baseKey is the key of a Based entry's base.
const baseKey = "base"

var (
	textType  = reflect.TypeFor[encoding.TextUnmarshaler]()
	basedType = reflect.TypeFor[Based]()
	enumType  = reflect.TypeFor[Enum]()
	timeType  = reflect.TypeFor[time.Time]()
)

// Decoder decodes one YAML file into a Go value strictly, collecting
// every problem and remembering where every value sits, so that the
// checks that follow (Errorf, Report) place theirs in the file too.
type Decoder struct {
	file, what string
	lim        Limits
	problems   Problems
	pos        map[string][2]int   // path → line, column
	keys       map[string][]string // path of a mapping → its keys given
	reported   map[string]bool     // paths with a problem
	values     int
	// over is the problem of passing Limits.Values; via is the outermost
	// alias being expanded, at viaPath (where it is reported).
	over    *Problem
	via     *yaml.Node
	viaPath string
	// unlisted is the first problem past Limits.Listed, nUnlisted their
	// number.
	unlisted  *Problem
	nUnlisted int
}

// NewDecoder returns a decoder of the file named file; what names the kind
// of file in messages ("scenario", "configuration").
func NewDecoder(file, what string, lim Limits) *Decoder {
	return &Decoder{file: file, what: what, lim: lim, pos: map[string][2]int{}, keys: map[string][]string{}, reported: map[string]bool{}}
}

// Decode parses data, one YAML document, and decodes it into v, a pointer
// to a struct. It reports whether the rest of the checks are worth
// making: not when the file does not parse, is empty, or passes
// Limits.Values (whose problem is then the only one: the rest would be
// the expansion's echoes).
func (d *Decoder) Decode(data []byte, v any) bool {
	root, ok := d.parse(data)
	if !ok {
		return false
	}
	d.decode(root, reflect.ValueOf(v).Elem(), "", nil)
	if d.over != nil {
		d.problems, d.unlisted = Problems{d.over}, nil
		return false
	}
	return true
}

// Err is nil when nothing was found wrong, else the Problems in file
// order (with the count of those past Limits.Listed last).
func (d *Decoder) Err() error {
	if len(d.problems) == 0 {
		return nil
	}
	slices.SortStableFunc(d.problems, func(a, b *Problem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	ps := d.problems
	if d.unlisted != nil {
		u := *d.unlisted
		u.Msg = fmt.Sprintf("and %d more problems (the first of them here)", d.nUnlisted)
		ps = append(slices.Clip(ps), &u)
	}
	return ps
}

// Given reports whether the key at path was given in the file.
func (d *Decoder) Given(path string) bool {
	_, ok := d.pos[path]
	return ok
}

// Keys lists the keys given in the mapping at path, in file order.
func (d *Decoder) Keys(path string) []string { return d.keys[path] }

// Errorf reports a problem of the key at path, at its place in the file
// or, for a key not given (a missing one is reported at its mapping), at
// its nearest parent given.
func (d *Decoder) Errorf(path, format string, args ...any) {
	d.place(path, fmt.Sprintf(format, args...))
}

// Report places a Validate's error in the file: each problem of an
// *Invalid at its key below prefix, unless the decoder already reported
// one there (a number out of its range is both); any other error at
// prefix.
func (d *Decoder) Report(prefix string, err error) {
	var inv *Invalid
	if !errors.As(err, &inv) {
		if err != nil {
			d.place(prefix, err.Error())
		}
		return
	}
	for _, p := range inv.Problems {
		path := prefix
		switch {
		case p.Field == "":
		case path == "" || strings.HasPrefix(p.Field, "["):
			path += p.Field
		default:
			path += "." + p.Field
		}
		if !d.reported[path] {
			d.place(path, p.Msg)
		}
	}
}

func (d *Decoder) place(path, msg string) {
	field := path
	if field == "" {
		field = "(file)"
	}
	p := path
	for {
		if at, ok := d.pos[p]; ok {
			d.report(&Problem{File: d.file, Line: at[0], Col: at[1], Field: field, Msg: msg})
			return
		}
		if p == "" {
			d.report(&Problem{File: d.file, Line: 1, Col: 1, Field: field, Msg: msg})
			return
		}
		p = p[:max(strings.LastIndexAny(p, ".["), 0)]
	}
}

// report adds a problem, or counts it once Limits.Listed are listed.
func (d *Decoder) report(p *Problem) {
	d.reported[p.Field] = true
	if d.lim.Listed == 0 || len(d.problems) < d.lim.Listed {
		d.problems = append(d.problems, p)
		return
	}
	if d.unlisted == nil {
		d.unlisted = p
	}
	d.nUnlisted++
}

func (d *Decoder) add(n *yaml.Node, path, format string, args ...any) {
	if path == "" {
		path = "(file)"
	}
	d.report(&Problem{File: d.file, Line: n.Line, Col: n.Column, Field: path, Msg: fmt.Sprintf(format, args...)})
}

// parse parses the one YAML document of a file into its root node. A
// second document is a problem: it would otherwise be ignored.
func (d *Decoder) parse(data []byte) (root *yaml.Node, ok bool) {
	defer func() {
		// The parser panics on some hostile input; a user never sees it.
		if r := recover(); r != nil {
			d.report(&Problem{File: d.file, Line: 1, Col: 1, Field: "(syntax)", Msg: fmt.Sprintf("cannot parse: %v", r)})
			root, ok = nil, false
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	switch err := dec.Decode(&doc); {
	case err == io.EOF || err == nil && len(doc.Content) == 0:
		d.report(&Problem{File: d.file, Line: 1, Col: 1, Field: "(file)", Msg: "empty " + d.what})
		return nil, false
	case err != nil:
		d.report(d.syntax(err))
		return nil, false
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == io.EOF:
	case err != nil:
		d.report(d.syntax(err))
		return nil, false
	default:
		at := &next
		if len(next.Content) > 0 {
			at = next.Content[0]
		}
		d.report(&Problem{File: d.file, Line: at.Line, Col: at.Column, Field: "(file)",
			Msg: fmt.Sprintf("a second YAML document (after ---): a %s is one document; put the other in a file of its own", d.what)})
		return nil, false
	}
	return doc.Content[0], true
}

// syntax turns a YAML syntax error ("yaml: line 3: …") into a Problem.
func (d *Decoder) syntax(err error) *Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ":"); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line, msg = n, strings.TrimSpace(rest[i+1:])
			}
		}
	}
	return &Problem{File: d.file, Line: line, Col: 1, Field: "(syntax)", Msg: msg}
}

// field is a key of a struct type, worked out once.
type field struct {
	key      string
	index    []int // reflect.Value.FieldByIndex
	rng      *span
	required bool
	inline   bool // a key of an inline struct
	tag      reflect.StructTag
	typ      reflect.Type
}

// structInfo is what the decoder and the schema need of a struct type.
type structInfo struct {
	fields []field // in declaration order, inline structs' in place
	byKey  map[string]int
}

// keys lists the keys, in order.
func (si *structInfo) keys() []string {
	ks := make([]string, len(si.fields))
	for i, f := range si.fields {
		ks[i] = f.key
	}
	return ks
}

// infos caches structInfo by type (read-only once built; the types are
// this program's, so the cache is bounded).
var infos = newCache[reflect.Type, *structInfo]()

func infoOf(t reflect.Type) *structInfo {
	return infos.get(t, func() *structInfo {
		si := &structInfo{byKey: map[string]int{}}
		collect(si, t, nil, false)
		return si
	})
}

func collect(si *structInfo, t reflect.Type, index []int, inline bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		idx := append(slices.Clone(index), i)
		switch {
		case tag == "" || tag == "-":
			continue
		case tag == ",inline":
			collect(si, f.Type, idx, true)
			continue
		}
		if _, dup := si.byKey[tag]; dup {
			panic(fmt.Sprintf("config: %s: key %q twice", t, tag))
		}
		si.byKey[tag] = len(si.fields)
		si.fields = append(si.fields, field{key: tag, index: idx, rng: parseSpan(f.Tag.Get("range")),
			required: f.Tag.Get("required") == "true", inline: inline, tag: f.Tag, typ: f.Type})
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// decode decodes n into v; a number must lie in rng (nil: any).
func (d *Decoder) decode(n *yaml.Node, v reflect.Value, path string, rng *span) {
	if d.over != nil {
		return
	}
	if n.Kind == yaml.AliasNode && d.via == nil {
		d.via, d.viaPath = n, path
		defer func() { d.via = nil }()
	}
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if d.values++; d.lim.Values > 0 && d.values > d.lim.Values {
		at, field := n, path
		if d.via != nil {
			at, field = d.via, d.viaPath
		}
		if field == "" {
			field = "(file)"
		}
		d.over = &Problem{File: d.file, Line: at.Line, Col: at.Column, Field: field,
			Msg: fmt.Sprintf("the file holds more than %d values, aliases expanded (a %s may have at most %d)", d.lim.Values, d.what, d.lim.Values)}
		return
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	d.pos[path] = [2]int{n.Line, n.Column}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // absent: the zero value
	}
	if v.Kind() != reflect.Pointer && reflect.PointerTo(v.Type()).Implements(textType) {
		d.decodeText(n, v, path)
		return
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
		f, ok := number(n)
		if !ok {
			d.add(n, path, "want a finite number, got %s", describe(n))
			return
		}
		v.SetFloat(f)
		d.inRange(n, path, f, rng)
	case reflect.Int, reflect.Int64, reflect.Int32:
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil || i > math.MaxInt32 || i < math.MinInt32 || v.OverflowInt(i) {
			d.add(n, path, "want a whole number, got %s", describe(n))
			return
		}
		v.SetInt(i)
		d.inRange(n, path, float64(i), rng)
	case reflect.Uint64:
		u, err := strconv.ParseUint(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
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
		panic(fmt.Sprintf("config: no decoder for %s", v.Type()))
	}
}

// number is a finite number's value.
func number(n *yaml.Node) (float64, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" && n.Tag != "!!float" {
		return 0, false
	}
	s := strings.ReplaceAll(n.Value, "_", "")
	if n.Tag == "!!int" {
		if i, err := strconv.ParseInt(s, 0, 64); err == nil {
			return float64(i), true
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
}

// decodeText decodes a type that parses itself from a string: an
// enumeration's name, or another text form.
func (d *Decoder) decodeText(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.ScalarNode {
		d.add(n, path, "want a string, got %s", describe(n))
		return
	}
	err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value))
	if err == nil {
		return
	}
	if e, ok := v.Interface().(Enum); ok {
		d.add(n, path, "%q is not one of %s", n.Value, strings.Join(e.Names(), ", "))
		return
	}
	if v.Type() == timeType {
		d.add(n, path, "%q is not an RFC 3339 time, e.g. 2007-10-10T00:00:00Z", n.Value)
		return
	}
	d.add(n, path, "%v", err)
}

// inRange reports a number outside its key's range.
func (d *Decoder) inRange(n *yaml.Node, path string, x float64, rng *span) {
	if rng == nil || rng.contains(x) {
		return
	}
	key := path[strings.LastIndexByte(path, '.')+1:]
	if i := strings.IndexByte(key, '['); i >= 0 {
		key = key[:i]
	}
	d.add(n, path, "%s%s is outside %s", n.Value, unitOf(key), rng.text)
}

func (d *Decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.add(n, path, "want a mapping of keys, got %s", describe(n))
		return
	}
	si := infoOf(v.Type())
	seen := map[string]*yaml.Node{}
	based := false
	if reflect.PointerTo(v.Type()).Implements(basedType) {
		based = d.decodeBase(n, v, path, si, seen)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		key := kn.Value
		fp := join(path, key)
		idx, ok := si.byKey[key]
		switch {
		case kn.Kind != yaml.ScalarNode:
			d.add(kn, path, "keys must be plain names, got %s", describe(kn))
			continue
		case !ok:
			d.add(kn, fp, "unknown key %q%s (known here: %s)", key, suggest(key, si.keys()), strings.Join(si.keys(), ", "))
			continue
		case seen[key] == kn:
			continue // the base, decoded first
		case seen[key] != nil:
			d.add(kn, fp, "key %q given twice (first on line %d)", key, seen[key].Line)
			continue
		}
		seen[key] = kn
		d.keys[path] = append(d.keys[path], key)
		f := &si.fields[idx]
		fv := v.FieldByIndex(f.index)
		d.decode(vn, fv, fp, f.rng)
		if d.over != nil {
			return
		}
		for vn.Kind == yaml.AliasNode && vn.Alias != nil {
			vn = vn.Alias
		}
		if enum := f.tag.Get("enum"); enum != "" && vn.Kind == yaml.ScalarNode && vn.Tag != "!!null" {
			if !slices.Contains(strings.Split(enum, "|"), fv.String()) {
				d.add(vn, fp, "%q is not one of %s", vn.Value, strings.ReplaceAll(enum, "|", ", "))
			}
		}
	}
	for _, f := range si.fields {
		if f.required && seen[f.key] == nil && !(based && f.inline) {
			d.add(n, join(path, f.key), "missing (required)")
		}
	}
}

// decodeBase decodes a Based entry's base key, if given, and starts the
// entry from it; it reports whether the entry names a base (one that is
// not known is the base key's problem, not the other keys').
func (d *Decoder) decodeBase(n *yaml.Node, v reflect.Value, path string, si *structInfo, seen map[string]*yaml.Node) bool {
	idx, ok := si.byKey[baseKey]
	if !ok {
		panic(fmt.Sprintf("config: %s is Based but has no %q key", v.Type(), baseKey))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind != yaml.ScalarNode || kn.Value != baseKey {
			continue
		}
		seen[baseKey] = kn
		d.keys[path] = append(d.keys[path], baseKey)
		fp := join(path, baseKey)
		fv := v.FieldByIndex(si.fields[idx].index)
		d.decode(vn, fv, fp, nil)
		if fv.Kind() != reflect.String || fv.String() == "" {
			return false
		}
		base := fv.String()
		if err := v.Addr().Interface().(Based).UseBase(base); err != nil {
			d.Errorf(fp, "%v", err)
		}
		fv.SetString(base) // UseBase may have set the entry whole
		return true
	}
	return false
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

// suggest proposes the known key an unknown one was probably meant to be:
// the same name with its unit, or one or two edits away.
func suggest(key string, known []string) string {
	for _, k := range known {
		if strings.HasPrefix(k, key+"_") {
			return fmt.Sprintf("; did you mean %q (units in the name)?", k)
		}
	}
	for _, k := range known {
		if editDistance(key, k) <= 2 {
			return fmt.Sprintf("; did you mean %q?", k)
		}
	}
	return ""
}

// editDistance is the Levenshtein distance between short strings.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return math.MaxInt
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// IsProblems reports whether err holds a decoder's Problems: bad input,
// as opposed to an I/O failure.
func IsProblems(err error) bool {
	var ps Problems
	return errors.As(err, &ps)
}
