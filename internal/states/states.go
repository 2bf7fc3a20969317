package states

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	zstdlib "github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// Version is the version of the table's schema, written into the Parquet
// file's key-value metadata under VersionKey.
const Version = "1"

// Keys of the Parquet file's key-value metadata.
const (
	VersionKey = "jrmd.states.version"
	// StartUTCKey: the scenario's epoch (RFC 3339), the absolute time of
	// t_s = 0, when the writer knows it (WriteParquetAt).
	StartUTCKey = "jrmd.states.start_utc"
)

// Kind is what a row is about.
type Kind string

// Kinds of rows.
const (
	Threat      Kind = "threat"      // a missile of the raid, its truth
	Interceptor Kind = "interceptor" // an interceptor salvo in flight, its truth
	Track       Kind = "track"       // a nation's system track, its belief
)

// Sample is one object at one time.
type Sample struct {
	TS     float64 // s since the scenario's start (start_utc)
	Kind   Kind
	ID     string // as events.jsonl names it: threat, salvo, or system track number
	Nation string // owner of a threat or interceptor; the believing nation of a track
	// Position (m) and velocity (m/s), ECEF.
	X, Y, Z, VX, VY, VZ float64
	// Geodetic position on the scenario's Earth.
	LatDeg, LonDeg, AltM float64
	// Cov: of a track, its position covariance xx, xy, xz, yy, yz, zz
	// (ECEF, m²); zero otherwise.
	Cov [6]float64
	// Truth: of a track, the id of the threat it follows, "" if none.
	Truth string
}

// row is a Sample as a Parquet row: the documented columns, in order.
type row struct {
	TS       float64 `parquet:"t_s,split"`
	Kind     string  `parquet:"kind,dict"`
	ID       string  `parquet:"id,dict"`
	Nation   string  `parquet:"nation,dict"`
	X        float64 `parquet:"x_m,split"`
	Y        float64 `parquet:"y_m,split"`
	Z        float64 `parquet:"z_m,split"`
	VX       float64 `parquet:"vx_mps,split"`
	VY       float64 `parquet:"vy_mps,split"`
	VZ       float64 `parquet:"vz_mps,split"`
	LatDeg   float64 `parquet:"lat_deg,split"`
	LonDeg   float64 `parquet:"lon_deg,split"`
	AltM     float64 `parquet:"alt_m,split"`
	CovXX    float64 `parquet:"cov_xx_m2,split"`
	CovXY    float64 `parquet:"cov_xy_m2,split"`
	CovXZ    float64 `parquet:"cov_xz_m2,split"`
	CovYY    float64 `parquet:"cov_yy_m2,split"`
	CovYZ    float64 `parquet:"cov_yz_m2,split"`
	CovZZ    float64 `parquet:"cov_zz_m2,split"`
	TruthCol string  `parquet:"truth,dict"`
}

// Columns are the table's columns, in order, as Parquet and CSV name
// them.
var Columns = []string{"t_s", "kind", "id", "nation", "x_m", "y_m", "z_m", "vx_mps", "vy_mps", "vz_mps",
	"lat_deg", "lon_deg", "alt_m", "cov_xx_m2", "cov_xy_m2", "cov_xz_m2", "cov_yy_m2", "cov_yz_m2", "cov_zz_m2", "truth"}

func toRow(s *Sample) row {
	return row{TS: s.TS, Kind: string(s.Kind), ID: s.ID, Nation: s.Nation, X: s.X, Y: s.Y, Z: s.Z, VX: s.VX, VY: s.VY, VZ: s.VZ,
		LatDeg: s.LatDeg, LonDeg: s.LonDeg, AltM: s.AltM,
		CovXX: s.Cov[0], CovXY: s.Cov[1], CovXZ: s.Cov[2], CovYY: s.Cov[3], CovYZ: s.Cov[4], CovZZ: s.Cov[5], TruthCol: s.Truth}
}

func (r *row) sample() Sample {
	return Sample{TS: r.TS, Kind: Kind(r.Kind), ID: r.ID, Nation: r.Nation, X: r.X, Y: r.Y, Z: r.Z, VX: r.VX, VY: r.VY, VZ: r.VZ,
		LatDeg: r.LatDeg, LonDeg: r.LonDeg, AltM: r.AltM,
		Cov: [6]float64{r.CovXX, r.CovXY, r.CovXZ, r.CovYY, r.CovYZ, r.CovZZ}, Truth: r.TruthCol}
}

// rowsPerGroup bounds a row group: a reader holds one at a time, and the
// table of a large raid stays readable in parts.
const rowsPerGroup = 1 << 17

// WriteParquet writes samples as a zstd-compressed Parquet file.
func WriteParquet(w io.Writer, s []Sample) error { return WriteParquetAt(w, s, "") }

// WriteParquetAt writes samples as WriteParquet does, with the scenario's
// epoch startUTC (RFC 3339; "" for none) in the file's metadata.
func WriteParquetAt(w io.Writer, s []Sample, startUTC string) error {
	opts := []parquet.WriterOption{
		parquet.Compression(&zstd.Codec{Level: zstd.SpeedFastest}),
		// The writer's own name and version, not the library's build:
		// the same rows give the same bytes whatever built the binary.
		parquet.CreatedBy("jrmd", "states-"+Version, ""),
		parquet.KeyValueMetadata(VersionKey, Version),
		parquet.MaxRowsPerRowGroup(rowsPerGroup),
	}
	if startUTC != "" {
		opts = append(opts, parquet.KeyValueMetadata(StartUTCKey, startUTC))
	}
	pw := parquet.NewGenericWriter[row](w, opts...)
	buf := make([]row, 0, 4096)
	for i := range s {
		buf = append(buf, toRow(&s[i]))
		if len(buf) == cap(buf) || i == len(s)-1 {
			if _, err := pw.Write(buf); err != nil {
				return fmt.Errorf("states: writing Parquet: %w", err)
			}
			buf = buf[:0]
		}
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("states: writing Parquet: %w", err)
	}
	return nil
}

// ReadParquet reads a table WriteParquet wrote. A file of another schema
// (columns, their types) or of another Version is an error.
func ReadParquet(r io.ReaderAt, size int64) (out []Sample, err error) {
	// checkPages bounds what the Parquet library will allocate; a
	// corrupt file it still trips on must be an error, never a crash.
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("states: not a readable Parquet file: %v", p)
		}
	}()
	f, err := parquet.OpenFile(r, size)
	if err != nil {
		return nil, fmt.Errorf("states: %w", err)
	}
	if v, _ := f.Lookup(VersionKey); v != Version {
		return nil, fmt.Errorf("states: schema version %q, want %q (key %s)", v, Version, VersionKey)
	}
	if err := checkSchema(f.Schema()); err != nil {
		return nil, err
	}
	if err := checkPages(r, size, f.Metadata()); err != nil {
		return nil, err
	}
	n := f.NumRows()
	pr := parquet.NewGenericReader[row](f)
	defer pr.Close()
	buf := make([]row, 4096)
	out = make([]Sample, 0, n)
	for {
		k, err := pr.Read(buf)
		for i := range buf[:k] {
			s := buf[i].sample()
			switch s.Kind {
			case Threat, Interceptor, Track:
			default:
				return nil, fmt.Errorf("states: row %d: unknown kind %q", len(out), s.Kind)
			}
			out = append(out, s)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("states: %w", err)
		}
	}
	return out, nil
}

// checkSchema tells whether a file's schema is the table's: its columns,
// by name and physical type, in order.
func checkSchema(got *parquet.Schema) error {
	want := parquet.SchemaOf(row{})
	g, w := got.Fields(), want.Fields()
	if len(g) != len(w) {
		return fmt.Errorf("states: %d columns, want %d (%v)", len(g), len(w), Columns)
	}
	for i := range w {
		if g[i].Name() != w[i].Name() || !g[i].Leaf() || g[i].Type().Kind() != w[i].Type().Kind() || g[i].Optional() || g[i].Repeated() {
			return fmt.Errorf("states: column %d is %q of type %v, want %q of type %v", i, g[i].Name(), g[i].Type(), w[i].Name(), w[i].Type())
		}
	}
	return nil
}

// WriteCSV writes samples as CSV with a header of Columns: each number
// in the shortest form that reads back to the same float64.
func WriteCSV(w io.Writer, s []Sample) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns); err != nil {
		return fmt.Errorf("states: writing CSV: %w", err)
	}
	rec := make([]string, len(Columns))
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for i := range s {
		r := &s[i]
		rec[0], rec[1], rec[2], rec[3] = f(r.TS), string(r.Kind), r.ID, r.Nation
		rec[4], rec[5], rec[6], rec[7], rec[8], rec[9] = f(r.X), f(r.Y), f(r.Z), f(r.VX), f(r.VY), f(r.VZ)
		rec[10], rec[11], rec[12] = f(r.LatDeg), f(r.LonDeg), f(r.AltM)
		for k := range 6 {
			rec[13+k] = f(r.Cov[k])
		}
		rec[19] = r.Truth
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("states: writing CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("states: writing CSV: %w", err)
	}
	return nil
}

// Compare orders samples as a run's table is: by time, kind, id, nation.
func Compare(a, b *Sample) int {
	return cmp.Or(cmp.Compare(a.TS, b.TS), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Nation, b.Nation))
}

// Files written by WriteFiles.
const (
	ParquetFile = "states.parquet"
	CSVFile     = "states.csv"
)

// WriteFiles writes the table to dir/states.parquet, with the epoch
// start in its metadata, and with withCSV to dir/states.csv too.
func WriteFiles(dir string, s []Sample, start time.Time, withCSV bool) error {
	write := func(name string, fn func(io.Writer) error) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(f, 1<<16)
		if err := fn(bw); err != nil {
			f.Close()
			return err
		}
		if err := bw.Flush(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	epoch := ""
	if !start.IsZero() {
		epoch = start.UTC().Format(time.RFC3339Nano)
	}
	if err := write(ParquetFile, func(w io.Writer) error { return WriteParquetAt(w, s, epoch) }); err != nil {
		return err
	}
	if withCSV {
		return write(CSVFile, func(w io.Writer) error { return WriteCSV(w, s) })
	}
	return nil
}

// maxPageBytes bounds a page's uncompressed size. WriteParquet's pages
// are far smaller (the library's default page buffer is 256 KiB); the
// bound keeps a corrupt header from making the reader allocate gigabytes.
const maxPageBytes = 64 << 20

// pageDecoder is checkPages' zstd decoder, bounded to maxPageBytes
// (DecodeAll is safe for concurrent use).
var pageDecoder = sync.OnceValues(func() (*zstdlib.Decoder, error) {
	return zstdlib.NewReader(nil, zstdlib.WithDecoderConcurrency(1), zstdlib.WithDecoderMaxMemory(maxPageBytes))
})

// checkPages checks, before the Parquet library reads a page, what it
// would otherwise trust: every column chunk within the file, compressed
// with zstd or not at all (the library's LZ4 and Snappy decoders size
// their output from the input's claims), every page header's sizes and
// value counts within bounds (a row group's rows, at most one a byte of
// the file), and every zstd page decompressing to no more than its
// header says, with a decoder bounded to that.
func checkPages(r io.ReaderAt, size int64, md *format.FileMetaData) error {
	dec, err := pageDecoder()
	if err != nil {
		return fmt.Errorf("states: %w", err)
	}
	bad := func(g, c int, format string, args ...any) error {
		return fmt.Errorf("states: row group %d, column %d: %s", g, c, fmt.Sprintf(format, args...))
	}
	for g, rg := range md.RowGroups {
		if rg.NumRows < 0 || rg.NumRows > size {
			return fmt.Errorf("states: row group %d claims %d rows in a file of %d bytes", g, rg.NumRows, size)
		}
		for c, cc := range rg.Columns {
			m := &cc.MetaData
			if m.Codec != format.Zstd && m.Codec != format.Uncompressed {
				return bad(g, c, "compression %v, want zstd or none", m.Codec)
			}
			start := m.DataPageOffset
			if m.DictionaryPageOffset > 0 && m.DictionaryPageOffset < start {
				start = m.DictionaryPageOffset
			}
			if m.NumValues < 0 || m.NumValues > rg.NumRows || start < 4 || m.TotalCompressedSize < 0 || m.TotalCompressedSize > size-start {
				return bad(g, c, "%d values, %d bytes at %d: outside the row group or the file", m.NumValues, m.TotalCompressedSize, start)
			}
			buf := make([]byte, m.TotalCompressedSize)
			if _, err := r.ReadAt(buf, start); err != nil {
				return bad(g, c, "%v", err)
			}
			for pos := 0; pos < len(buf); {
				pr := (&thrift.CompactProtocol{}).NewReaderFromBytes(buf[pos:])
				var h format.PageHeader
				if err := thrift.NewDecoder(pr).Decode(&h); err != nil {
					return bad(g, c, "page header at %d: %v", start+int64(pos), err)
				}
				pos += pr.BytesRead()
				values := max(h.DataPageHeader.V.NumValues, h.DictionaryPageHeader.V.NumValues, h.DataPageHeaderV2.V.NumValues)
				if h.UncompressedPageSize < 0 || h.UncompressedPageSize > maxPageBytes || h.CompressedPageSize < 0 ||
					int(h.CompressedPageSize) > len(buf)-pos || values < 0 || int64(values) > rg.NumRows ||
					min(h.DataPageHeader.V.NumValues, h.DictionaryPageHeader.V.NumValues, h.DataPageHeaderV2.V.NumValues) < 0 {
					return bad(g, c, "page at %d: sizes %d and %d bytes, %d values", start+int64(pos), h.CompressedPageSize, h.UncompressedPageSize, values)
				}
				data := buf[pos : pos+int(h.CompressedPageSize)]
				pos += int(h.CompressedPageSize)
				if m.Codec != format.Zstd {
					continue
				}
				if v2 := &h.DataPageHeaderV2; v2.Valid && v2.V.IsCompressed.Valid && !v2.V.IsCompressed.V {
					continue
				}
				if h.DataPageHeaderV2.Valid {
					// A v2 page keeps its levels uncompressed before the data.
					lv := int(h.DataPageHeaderV2.V.RepetitionLevelsByteLength) + int(h.DataPageHeaderV2.V.DefinitionLevelsByteLength)
					if lv < 0 || lv > len(data) {
						return bad(g, c, "page levels of %d bytes in a page of %d", lv, len(data))
					}
					data = data[lv:]
				}
				out, err := dec.DecodeAll(data, nil)
				if err != nil || len(out) > int(h.UncompressedPageSize) {
					return bad(g, c, "page does not decompress to its %d bytes", h.UncompressedPageSize)
				}
			}
		}
	}
	return nil
}
