package config

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// color is an enumeration as the decoder takes them.
type color string

func (color) Names() []string { return []string{"red", "green"} }

func (c *color) UnmarshalText(b []byte) error {
	if !slices.Contains(c.Names(), string(b)) {
		return fmt.Errorf("unknown color %q", b)
	}
	*c = color(b)
	return nil
}

// shape is a library type an entry may start from.
type shape struct {
	SidesN  int     `yaml:"sides" required:"true" range:"[3, 12]"`
	LengthM float64 `yaml:"length_m" required:"true" range:"(0, 100]"`
	Color   color   `yaml:"color" default:"red"`
}

var library = map[string]shape{"square": {SidesN: 4, LengthM: 2, Color: "green"}}

func (s shape) Validate() error {
	var ps Problems
	if s.SidesN == 4 && s.LengthM > 50 {
		ps.Add("length_m", "%g m: a square is at most 50 m", s.LengthM)
	}
	if s.SidesN > 12 {
		ps.Add("sides", "%d: want 3 to 12", s.SidesN)
	}
	return ps.Err("test: shape")
}

type entry struct {
	ID    string `yaml:"id" required:"true"`
	Base  string `yaml:"base"`
	shape `yaml:",inline"`
}

func (e *entry) UseBase(name string) error {
	s, ok := library[name]
	if !ok {
		return fmt.Errorf("unknown shape %q", name)
	}
	e.shape = s
	return nil
}

type file struct {
	Name    string   `yaml:"name" required:"true"`
	Shapes  []entry  `yaml:"shapes"`
	Scale   *float64 `yaml:"scale_m" range:"[0, 10]"`
	Corners []int    `yaml:"corners" range:"[0, 4]"`
}

func decode(t *testing.T, src string) (*file, *Decoder) {
	t.Helper()
	d := NewDecoder("t.yaml", "test file", Limits{})
	f := &file{}
	if d.Decode([]byte(src), f) {
		for i, s := range f.Shapes {
			d.Report(fmt.Sprintf("shapes[%d]", i), s.Validate())
		}
	}
	return f, d
}

// An entry with a base starts from the library value and takes the keys
// it gives; without one, it must give every required key (an unknown base
// is the base's problem only); a Validate's problems land at their key,
// once.
func TestDecodeBasedEntries(t *testing.T) {
	f, d := decode(t, `name: n
shapes:
  - {id: big, base: square, length_m: 60}
  - {id: tri, sides: 3, length_m: 1}
  - {id: bare, color: blue}
  - {id: odd, base: circle}
  - {id: huge, base: square, sides: 13}
scale_m: 0
`)
	if f.Shapes[0].SidesN != 4 || f.Shapes[0].LengthM != 60 || f.Shapes[0].Color != "green" || f.Shapes[0].Base != "square" {
		t.Errorf("based entry %+v: want the square's sides and color with length 60", f.Shapes[0])
	}
	if f.Scale == nil || *f.Scale != 0 {
		t.Errorf("scale_m: 0 given: %v, want a pointer to 0", f.Scale)
	}
	want := []string{
		"t.yaml:3:39: shapes[0].length_m: 60 m: a square is at most 50 m",
		"t.yaml:5:5: shapes[2].sides: missing (required)",
		"t.yaml:5:5: shapes[2].length_m: missing (required)",
		`t.yaml:5:23: shapes[2].color: "blue" is not one of red, green`,
		`t.yaml:6:21: shapes[3].base: unknown shape "circle"`, // its keys are not asked for
		"t.yaml:7:37: shapes[4].sides: 13 is outside [3, 12]",
	}
	got := d.Err()
	if got == nil {
		t.Fatal("no problems")
	}
	lines := strings.Split(got.Error(), "\n")
	for _, w := range want {
		if !slices.Contains(lines, w) {
			t.Errorf("lacks %q", w)
		}
	}
	if len(lines) != len(want) {
		t.Errorf("%d problems, want %d (a number out of range is reported once):\n%v", len(lines), len(want), got)
	}
}

// Unknown keys name the key likely meant; repeated keys name the first.
func TestDecodeKeys(t *testing.T) {
	_, d := decode(t, "name: n\nscale: 1\ncorner: [1]\nname: m\n")
	err := d.Err()
	for _, w := range []string{
		`t.yaml:2:1: scale: unknown key "scale"; did you mean "scale_m" (units in the name)?`,
		`t.yaml:3:1: corner: unknown key "corner"; did you mean "corners"?`,
		`t.yaml:4:1: name: key "name" given twice (first on line 1)`,
	} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("%v\nlacks %q", err, w)
		}
	}
	if !IsProblems(err) {
		t.Errorf("%T is not Problems", err)
	}
}

// Limits.Listed lists so many problems and counts the rest at the first
// of them; Limits.Values refuses a file at the value that passes it.
func TestDecodeLimits(t *testing.T) {
	d := NewDecoder("t.yaml", "test file", Limits{Listed: 2})
	d.Decode([]byte("name: n\ncorners: [9, 9, 9, 9, 9]\n"), &file{})
	var ps Problems
	if !errors.As(d.Err(), &ps) || len(ps) != 3 || ps[2].Msg != "and 3 more problems (the first of them here)" || ps[2].Col != 17 {
		t.Errorf("got %v", d.Err())
	}
	d = NewDecoder("t.yaml", "test file", Limits{Values: 5})
	if d.Decode([]byte("name: n\ncorners: [1, 2, 3, 4]\n"), &file{}) {
		t.Error("a file past Limits.Values decoded")
	}
	if err := d.Err(); err == nil || !strings.Contains(err.Error(), "more than 5 values") {
		t.Errorf("got %v", err)
	}
}

// The schema marks a Based entry's own required keys as needed only
// without a base, lists enumerations and carries ranges and defaults.
func TestSchemaOfTags(t *testing.T) {
	b, err := Schema(reflect.TypeFor[file](), nil)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, w := range []string{`"anyOf"`, `"required": [
            "base"
          ]`, `"enum": [
        "red",
        "green"
      ]`, `"default": "red"`, `"exclusiveMinimum": 0`, `"maximum": 100`} {
		if !strings.Contains(strings.Join(strings.Fields(s), " "), strings.Join(strings.Fields(w), " ")) {
			t.Errorf("schema lacks %s:\n%s", w, s)
		}
	}
}

func FuzzDecoder(f *testing.F) {
	f.Add([]byte("name: n\nshapes: [{id: a, base: square, length_m: 3}]\n"))
	f.Add([]byte("&a [*a]"))
	f.Add([]byte("name: n\nscale_m: .nan\ncorners: [0x2, 1_0]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := NewDecoder("fuzz.yaml", "test file", Limits{Values: 10000, Listed: 100})
		d.Decode(data, &file{})
		var ps Problems
		if err := d.Err(); err != nil && !errors.As(err, &ps) {
			t.Fatalf("error %v is not Problems", err)
		}
	})
}

// TestMessages: every message, in order, "; "-separated; none is no error.
func TestMessages(t *testing.T) {
	var m Messages
	if m.Err() != nil {
		t.Errorf("no messages: error %v", m.Err())
	}
	m.Add("--%s %q: not a number", "step", "abc")
	m = append(m, "give --site or --battery, not both")
	if got, want := m.Err().Error(), `--step "abc": not a number; give --site or --battery, not both`; got != want {
		t.Errorf("Err() = %q, want %q", got, want)
	}
}
