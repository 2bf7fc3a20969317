package study

import (
	"math"
	"runtime"
	"sync"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
)

// Metric is a quantity compared across integration levels: its mean over
// replications and the half-width of its 95 % confidence interval (normal
// approximation, 1.96 standard errors; 0 with one replication). N counts
// the replications in which it was defined (e.g. a launch happened).
type Metric struct {
	Mean, CI95 float64
	N          int
}

// Row is one integration level's results.
type Row struct {
	Level bmc.Level
	// Per threat, averaged over the threats where defined, then over runs:
	// times after the threat's launch. A defender never warned counts as
	// warned at impact, so that missing warnings weigh in the mean.
	WarningS, FirmTrackS, SharedTrackS, LaunchS, BattlespaceS Metric
	// Per run.
	Leakers, Killed, Spent, Duplicates Metric
	// LeakersByAsset: mean leakers per run at each asset.
	LeakersByAsset map[string]float64
}

// Comparison is the side-by-side of the integration levels.
type Comparison struct {
	Scenario string
	Seed     uint64
	Runs     int
	Rows     []Row
	// First holds each level's summary of the first replication (the
	// seed itself), for detail.
	First []sim.Summary
}

// Compare runs the scenario at each level, runs replications per level
// with seeds seed, seed+1, …, on up to workers goroutines (0: one per CPU).
// progress, if set, is called with the fraction of runs done. Results do
// not depend on workers.
func Compare(f *scenario.File, levels []bmc.Level, seed uint64, runs, workers int, progress func(float64)) (*Comparison, error) {
	if seed == 0 {
		seed = f.Seed
	}
	if seed == 0 {
		seed = 1
	}
	runs = max(runs, 1)
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	type job struct{ l, r int }
	results := make([][]sim.Summary, len(levels))
	for i := range results {
		results[i] = make([]sim.Summary, runs)
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	done := 0
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				res, err := sim.Run(f, sim.Options{Level: levels[j.l], Seed: seed + uint64(j.r)})
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				if err == nil {
					results[j.l][j.r] = res.Summary
				}
				done++
				if progress != nil {
					progress(float64(done) / float64(len(levels)*runs))
				}
				mu.Unlock()
			}
		}()
	}
	for r := range runs {
		for l := range levels {
			jobs <- job{l, r}
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	c := &Comparison{Scenario: f.Name, Seed: seed, Runs: runs}
	for l, lv := range levels {
		c.Rows = append(c.Rows, aggregate(lv, results[l]))
		c.First = append(c.First, results[l][0])
	}
	return c, nil
}

func aggregate(l bmc.Level, sums []sim.Summary) Row {
	row := Row{Level: l, LeakersByAsset: map[string]float64{}}
	var warn, firm, shared, launch, space, leak, kill, spent, dup []float64
	for _, s := range sums {
		var w, f, sh, la, sp []float64
		for _, t := range s.Threats {
			warn := t.ImpactS
			if t.WarningS != nil {
				warn = math.Min(warn, *t.WarningS)
			}
			w = append(w, warn-t.LaunchS)
			f = appendAfter(f, t.FirstFirmTrackS, t.LaunchS)
			sh = appendAfter(sh, t.FirstSharedTrackS, t.LaunchS)
			la = appendAfter(la, t.EarliestLaunchS, t.LaunchS)
			if t.BattlespaceS != nil {
				sp = append(sp, *t.BattlespaceS)
			}
		}
		warn, firm, shared, launch, space = appendMean(warn, w), appendMean(firm, f), appendMean(shared, sh), appendMean(launch, la), appendMean(space, sp)
		leak = append(leak, float64(s.Totals.Leakers))
		kill = append(kill, float64(s.Totals.Killed))
		spent = append(spent, float64(s.Totals.InterceptorsSpent))
		dup = append(dup, float64(s.Totals.DuplicateEngagements))
		for a, k := range s.Totals.LeakersByAsset {
			row.LeakersByAsset[a] += float64(k) / float64(len(sums))
		}
	}
	row.WarningS, row.FirmTrackS, row.SharedTrackS, row.LaunchS, row.BattlespaceS = stat(warn), stat(firm), stat(shared), stat(launch), stat(space)
	row.Leakers, row.Killed, row.Spent, row.Duplicates = stat(leak), stat(kill), stat(spent), stat(dup)
	return row
}

func appendAfter(xs []float64, t *float64, launch float64) []float64 {
	if t == nil {
		return xs
	}
	return append(xs, *t-launch)
}

// appendMean appends the mean of xs, if any.
func appendMean(acc, xs []float64) []float64 {
	if len(xs) == 0 {
		return acc
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return append(acc, s/float64(len(xs)))
}

func stat(xs []float64) Metric {
	n := len(xs)
	if n == 0 {
		return Metric{Mean: math.NaN()}
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	m := s / float64(n)
	if n == 1 {
		return Metric{Mean: m, N: 1}
	}
	v := 0.0
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	sd := math.Sqrt(v / float64(n-1))
	return Metric{Mean: m, CI95: 1.96 * sd / math.Sqrt(float64(n)), N: n}
}
