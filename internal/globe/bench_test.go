package globe

import (
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
	"github.com/jrmd/jrmd/internal/states"
)

// stressRun is the stress raid's run with its state table: 100 threats,
// or scenarios/stress-1000.yaml as it is with JRMD_STRESS_SALVO=10 (as
// sim's BenchmarkStressScenario).
func stressRun(b *testing.B) (*scenario.File, *sim.Result) {
	f, err := scenario.Load("../../scenarios/stress-1000.yaml")
	if err != nil {
		b.Fatal(err)
	}
	salvo := 1
	if v := os.Getenv("JRMD_STRESS_SALVO"); v != "" {
		if salvo, err = strconv.Atoi(v); err != nil || salvo < 1 {
			b.Fatalf("JRMD_STRESS_SALVO=%q: want a positive whole number", v)
		}
	}
	for i := range f.Threats {
		f.Threats[i].Count = salvo
	}
	res, err := sim.Run(f, sim.Options{States: true})
	if err != nil {
		b.Fatal(err)
	}
	return f, res
}

// The outputs of run --out on the stress raid, apart from the run: the
// state table as Parquet and the scene as CZML, per state row.
//
//	go test -run '^$' -bench BenchmarkStressOutputs -count 10 ./internal/globe
//	JRMD_STRESS_SALVO=10 go test -run '^$' -bench BenchmarkStressOutputs -benchtime 1x ./internal/globe
func BenchmarkStressOutputs(b *testing.B) {
	f, res := stressRun(b)
	rows := float64(len(res.States))
	b.Run("parquet", func(b *testing.B) {
		var size countingWriter
		for b.Loop() {
			size = 0
			if err := states.WriteParquet(&size, res.States); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(size)/rows, "B/row")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/rows, "ns/row")
	})
	b.Run("czml", func(b *testing.B) {
		for b.Loop() {
			s := RunScene(f, res.States, res.Events)
			if err := s.WriteCZML(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/rows, "ns/row")
	})
}

type countingWriter int

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}
