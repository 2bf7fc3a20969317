package states

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// table is a small table with every kind of row and awkward values.
func table() []Sample {
	return []Sample{
		{TS: 0, Kind: Threat, ID: "T1", Nation: "IRN", X: 3.1e6, Y: 4.2e6, Z: 3.9e6, VX: -1.5, VY: 2e3, VZ: 7.25, LatDeg: 35.1, LonDeg: 53.2, AltM: 0},
		{TS: 2, Kind: Interceptor, ID: "POL-GBI/1", Nation: "USA", X: -1, Y: 1e-300, Z: math.MaxFloat64, LatDeg: -90, LonDeg: 180, AltM: 1e5},
		{TS: 2.001, Kind: Track, ID: "7", Nation: "RUS", X: 1, Cov: [6]float64{1e6, -2.5, 3, 4e6, 5, 6e6}, Truth: "T1"},
		{TS: 2.001, Kind: Track, ID: "8", Nation: "RUS, \"Moscow\"", Cov: [6]float64{1, 0, 0, 1, 0, 1}},
	}
}

func TestParquetRoundTrip(t *testing.T) {
	in := table()
	var buf bytes.Buffer
	if err := WriteParquetAt(&buf, in, "2007-06-01T00:00:00Z"); err != nil {
		t.Fatal(err)
	}
	out, err := ReadParquet(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(in, out) {
		t.Fatalf("read back\n%+v\nwant\n%+v", out, in)
	}
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.Lookup(VersionKey); v != Version {
		t.Errorf("metadata %s = %q, want %q", VersionKey, v, Version)
	}
	if v, _ := f.Lookup(StartUTCKey); v != "2007-06-01T00:00:00Z" {
		t.Errorf("metadata %s = %q", StartUTCKey, v)
	}
	// The same rows, the same bytes.
	var again bytes.Buffer
	if err := WriteParquetAt(&again, in, "2007-06-01T00:00:00Z"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two writes of the same rows differ")
	}
}

func TestParquetEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteParquet(&buf, nil); err != nil {
		t.Fatal(err)
	}
	out, err := ReadParquet(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil || len(out) != 0 {
		t.Fatalf("read %d rows, %v; want 0, nil", len(out), err)
	}
}

// A Parquet file of another schema or version is refused, with a reason.
func TestReadParquetRefuses(t *testing.T) {
	type other struct {
		TS   float64 `parquet:"t_s"`
		Kind string  `parquet:"kind"`
	}
	var buf bytes.Buffer
	if err := parquet.Write(&buf, []other{{1, "threat"}}, parquet.KeyValueMetadata(VersionKey, Version)); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadParquet(bytes.NewReader(buf.Bytes()), int64(buf.Len())); err == nil || !strings.Contains(err.Error(), "columns") {
		t.Errorf("other schema: err = %v, want one about columns", err)
	}
	buf.Reset()
	if err := parquet.Write(&buf, []row{toRow(&table()[0])}, parquet.KeyValueMetadata(VersionKey, "0")); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadParquet(bytes.NewReader(buf.Bytes()), int64(buf.Len())); err == nil || !strings.Contains(err.Error(), "version") {
		t.Errorf("other version: err = %v, want one about the version", err)
	}
	buf.Reset()
	bad := toRow(&table()[0])
	bad.Kind = "satellite"
	if err := parquet.Write(&buf, []row{bad}, parquet.KeyValueMetadata(VersionKey, Version)); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadParquet(bytes.NewReader(buf.Bytes()), int64(buf.Len())); err == nil || !strings.Contains(err.Error(), "kind") {
		t.Errorf("unknown kind: err = %v, want one about the kind", err)
	}
}

// The file's columns are Columns, and docs/states.md documents exactly
// those, in order.
func TestSchemaDocumented(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteParquet(&buf, table()); err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range f.Schema().Fields() {
		got = append(got, c.Name())
	}
	if !slices.Equal(got, Columns) {
		t.Errorf("Parquet columns %v, want Columns %v", got, Columns)
	}
	doc, err := os.ReadFile("../../docs/states.md")
	if err != nil {
		t.Fatal(err)
	}
	// The column table's rows: | `name` | type | unit | meaning |
	var documented []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z0-9_]+)` \\|").FindAllStringSubmatch(string(doc), -1) {
		documented = append(documented, m[1])
	}
	if !slices.Equal(documented, Columns) {
		t.Errorf("docs/states.md documents columns %v, want %v", documented, Columns)
	}
	if !strings.Contains(string(doc), "Version "+Version) && !strings.Contains(string(doc), "version "+Version) {
		t.Errorf("docs/states.md does not name schema version %s", Version)
	}
}

func TestCSV(t *testing.T) {
	in := table()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, in); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], Columns) || len(recs) != len(in)+1 {
		t.Fatalf("header %v and %d records, want %v and %d", recs[0], len(recs)-1, Columns, len(in))
	}
	num := func(s string) float64 {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	for i, r := range recs[1:] {
		s := Sample{TS: num(r[0]), Kind: Kind(r[1]), ID: r[2], Nation: r[3], X: num(r[4]), Y: num(r[5]), Z: num(r[6]),
			VX: num(r[7]), VY: num(r[8]), VZ: num(r[9]), LatDeg: num(r[10]), LonDeg: num(r[11]), AltM: num(r[12]), Truth: r[19]}
		for k := range 6 {
			s.Cov[k] = num(r[13+k])
		}
		if s != in[i] {
			t.Errorf("row %d reads back %+v, want %+v", i, s, in[i])
		}
	}
}

func TestCompare(t *testing.T) {
	s := table()
	slices.Reverse(s)
	slices.SortFunc(s, func(a, b Sample) int { return Compare(&a, &b) })
	if !slices.EqualFunc(s, table(), func(a, b Sample) bool { return a == b }) {
		t.Errorf("sorted %+v", s)
	}
}

// FuzzReadParquet: any bytes give rows or an error, never a panic, and
// what is read writes back to the same rows.
func FuzzReadParquet(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteParquet(&buf, table()); err != nil {
		f.Fatal(err)
	}
	good := buf.Bytes()
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(good[len(good)/2:])
	f.Add([]byte("PAR1"))
	f.Add([]byte("PAR1\x00\x00\x00\x00PAR1"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := ReadParquet(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := WriteParquet(&out, rows); err != nil {
			t.Fatal(err)
		}
		again, err := ReadParquet(bytes.NewReader(out.Bytes()), int64(out.Len()))
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != len(rows) {
			t.Fatalf("%d rows read back as %d", len(rows), len(again))
		}
	})
}
