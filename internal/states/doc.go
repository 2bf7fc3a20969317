// Package states holds a run's state table: where every object of the
// run was, and what each nation believed, on a time grid. A row (Sample)
// is one object at one time: a threat or an interceptor salvo as it truly
// flew, or one nation's system track with its covariance and the threat
// it follows. Positions and velocities are ECEF (the run's frame); the
// geodetic columns are on the scenario's Earth.
//
// The table is written as Parquet (WriteParquet, read back with
// ReadParquet) or CSV (WriteCSV) with the same snake_case columns
// (Columns); docs/states.md documents each and how to read the file from
// Python, DuckDB and Go. Version is the schema's version: it is written
// into the Parquet file's key-value metadata, and a change of a column's
// name, type or meaning changes it.
//
//	var buf bytes.Buffer
//	if err := states.WriteParquet(&buf, res.States); err != nil { … }
//	rows, err := states.ReadParquet(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
package states
