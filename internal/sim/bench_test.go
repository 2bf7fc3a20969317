package sim

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/cputime"
	"github.com/jrmd/jrmd/internal/scenario"
)

// Performance target: the reference scenario in < 2 s (one run, step2).
func BenchmarkReferenceScenario(b *testing.B) {
	f := load(b, reference)
	for b.Loop() {
		if _, err := Run(f, Options{Level: bmc.Step2}); err != nil {
			b.Fatal(err)
		}
	}
}

// stressScenario is the stress case: 100·salvo threats, 20 radars,
// 500 interceptors, 5 nations, sharing under step2 (salvo 10 is the target's
// 1,000 threats). Threats are IRBMs flying from 5
// launch areas at 10 assets, launched over ten minutes.
func stressScenario(salvo int) *scenario.File {
	f := &scenario.File{Name: "stress", Seed: 1, Integration: bmc.Step2}
	nations := []string{"A", "B", "C", "D", "E"}
	for i, id := range nations {
		var share []string
		for _, o := range nations {
			if o != id {
				share = append(share, o)
			}
		}
		f.Nations = append(f.Nations, scenario.Nation{ID: id, C2: "c2-" + id, ShareWith: share,
			Doctrine: bmc.Doctrine{Salvo: 1}, Release: scenario.Release{Policy: "automatic"}})
		c2 := scenario.Position{LatDeg: 48 + float64(i), LonDeg: 5 + 5*float64(i)}
		f.C2 = append(f.C2, scenario.C2Node{ID: "c2-" + id, Nation: id, Site: c2, DecisionS: 20})
		for k := range 4 {
			f.Sensors = append(f.Sensors, scenario.Sensor{ID: fmt.Sprintf("r-%s-%d", id, k), Type: "uewr", Nation: id,
				Site: scenario.Position{LatDeg: 40 + 3*float64(k), LonDeg: 20 + 4*float64(i)}})
		}
		for k := range 2 {
			f.Batteries = append(f.Batteries, scenario.Battery{ID: fmt.Sprintf("b-%s-%d", id, k), Nation: id, Interceptor: "gbi-9",
				Inventory: 50, Site: scenario.Position{LatDeg: 47 + 2*float64(k), LonDeg: 8 + 6*float64(i)}})
		}
	}
	f.Exchanges = []scenario.Exchange{{ID: "x", Site: scenario.Position{LatDeg: 50, LonDeg: 15}, Members: nations}}
	for _, id := range nations {
		f.Links = append(f.Links, scenario.Link{From: "c2-" + id, To: "x", LatencyMs: 50, JitterMs: 5})
	}
	for k := range 10 {
		f.Assets = append(f.Assets, scenario.Asset{ID: fmt.Sprintf("city-%d", k), Nation: nations[k%5], Value: 1,
			Site: scenario.Position{LatDeg: 45 + float64(k%5)*2, LonDeg: 12 + 2.5*float64(k)}})
	}
	for k := range 5 {
		f.LaunchAreas = append(f.LaunchAreas, scenario.Place{ID: fmt.Sprintf("field-%d", k), Site: scenario.Position{LatDeg: 32 + float64(k), LonDeg: 50 + float64(k)}})
	}
	for k := range 100 {
		class := "irbm"
		f.Threats = append(f.Threats, scenario.Threat{ID: fmt.Sprintf("t%d", k), Class: class, From: fmt.Sprintf("field-%d", k%5),
			To: fmt.Sprintf("city-%d", (k/5)%10), LaunchS: float64(k) * 6, Count: salvo, IntervalS: 0.5})
	}
	if err := scenario.Resolve(f); err != nil {
		panic(err)
	}
	return f
}

// Performance target: the stress scenario runs ≥ 100× faster than real time on
// 2 cores, reported as simulated seconds per wall second ("x_realtime"),
// with the CPU time a run takes ("cpu_s/op") for comparisons on a shared
// machine.
// make bench runs the 100-threat version (salvos of one); the target's
// 1,000 threats are JRMD_STRESS_SALVO=10 (11–15 s a run here):
//
//	JRMD_STRESS_SALVO=10 go test -run '^$' -bench BenchmarkStressScenario -benchtime 1x ./internal/sim
func BenchmarkStressScenario(b *testing.B) {
	salvo := 1
	if v := os.Getenv("JRMD_STRESS_SALVO"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("JRMD_STRESS_SALVO=%q: want a positive whole number", v)
		}
		salvo = n
	}
	f := stressScenario(salvo)
	var simulated float64
	cpu0, cpuOK := cputime.Process()
	for b.Loop() {
		r, err := Run(f, Options{})
		if err != nil {
			b.Fatal(err)
		}
		last := 0.0
		for _, ev := range r.Events {
			last = math.Max(last, ev.TS)
		}
		simulated = last
	}
	b.ReportMetric(simulated*float64(b.N)/b.Elapsed().Seconds(), "x_realtime")
	if cpu1, ok := cputime.Process(); ok && cpuOK {
		// The CPU time a run takes, all cores together: steadier than the
		// wall clock on a shared machine, for comparing versions.
		b.ReportMetric((cpu1-cpu0).Seconds()/float64(b.N), "cpu_s/op")
	}
}
