package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/jrmd/jrmd/internal/states"
)

// jrmd run --out writes states.parquet, --states-csv states.csv with the
// same rows; two runs with one seed write the same bytes. federation up
// writes none (docs/states.md).
func TestRunStates(t *testing.T) {
	var pq, cs [2][]byte
	for i := range 2 {
		dir := t.TempDir()
		code, _, stderr := execute("run", refScenario, "--integration", "step2", "--out", dir, "--states-csv")
		if code != exitOK {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
		pq[i], _ = os.ReadFile(filepath.Join(dir, "states.parquet"))
		cs[i], _ = os.ReadFile(filepath.Join(dir, "states.csv"))
	}
	if len(pq[0]) == 0 || !bytes.Equal(pq[0], pq[1]) || !bytes.Equal(cs[0], cs[1]) {
		t.Fatal("states files differ between two runs with one seed (or are empty)")
	}
	rows, err := states.ReadParquet(bytes.NewReader(pq[0]), int64(len(pq[0])))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(cs[0])).ReadAll()
	if err != nil || len(recs) != len(rows)+1 {
		t.Fatalf("states.csv: %d records, %v; states.parquet %d rows", len(recs), err, len(rows))
	}
	f, err := parquet.OpenFile(bytes.NewReader(pq[0]), int64(len(pq[0])))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.Lookup(states.StartUTCKey); v != "2007-10-10T00:00:00Z" {
		t.Errorf("start_utc in the metadata: %q, want the scenario's default", v)
	}
	// Without --out there is nowhere to write states.csv.
	if code, _, stderr := execute("run", refScenario, "--states-csv"); code != exitUsage || !strings.Contains(stderr, "--out") {
		t.Errorf("--states-csv without --out: exit %d, stderr %q", code, stderr)
	}
}

// jrmd validate accepts the stress raid the benchmarks load.
func TestValidateStressFile(t *testing.T) {
	if code, stdout, stderr := execute("validate", "../../scenarios/stress-1000.yaml"); code != exitOK {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
