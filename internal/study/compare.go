package study

import (
	"math"
	"sync"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
)

// Timing is a per-threat quantity that exists only if something happened:
// an event's time after the threat's launch, or the battlespace at the
// first engagement decision.
type Timing int

// The timings, in the order the outputs list them.
const (
	Warning     Timing = iota // the defender first knew of the threat
	FirmTrack                 // first confirmed track, any nation
	SharedTrack               // first track report a partner received
	Launch                    // first interceptor launched at it
	Battlespace               // at the first engagement decision, s
	NumTimings
)

var timingNames = [NumTimings]string{"warning", "first_firm_track", "first_shared_track", "first_interceptor_launch", "battlespace"}

// String is the timing's name in JSON and CSV keys.
func (t Timing) String() string { return timingNames[t] }

// Record is one run of one level, reduced to what the comparison uses.
type Record struct {
	Level bmc.Level
	Seed  uint64
	// Per run.
	Killed, Leakers, Spent, Duplicates int
	LeakersByAsset                     map[string]int
	// Threats in the scenario's order.
	Threats []ThreatRecord
}

// ThreatRecord is one threat in one run.
type ThreatRecord struct {
	Outcome string // killed | leaked | in flight
	// Times after the threat's launch (Battlespace: a duration), s; NaN
	// where it did not happen.
	Times [NumTimings]float64
	// FlightS is the threat's flight time (for the legacy warning metric).
	FlightS float64
}

// Happened reports whether timing k happened for the threat in this run.
func (t *ThreatRecord) Happened(k Timing) bool { return !math.IsNaN(t.Times[k]) }

// Count returns the number of threats for which timing k happened.
func (r *Record) Count(k Timing) int {
	n := 0
	for i := range r.Threats {
		if r.Threats[i].Happened(k) {
			n++
		}
	}
	return n
}

// ThreatInfo names a threat of the scenario.
type ThreatInfo struct{ ID, Class, Asset string }

// Comparison is the side-by-side of the integration levels: every run's
// record, paired by seed across levels (run r has seed Seed+r at every
// level, so the same draws where the levels do not differ).
type Comparison struct {
	Scenario string
	Seed     uint64
	Runs     int
	Levels   []bmc.Level
	Threats  []ThreatInfo
	// Records[l][r] is level Levels[l], run r.
	Records [][]Record
	// Rows keeps the first release's per-level aggregates (see Row).
	Rows []Row
	// First holds each level's summary of the first run (the seed itself),
	// for detail.
	First []sim.Summary
}

// Compare runs the scenario at each level, runs replications per level
// with seeds seed, seed+1, …, on the budget b of goroutines. progress, if
// set, is called with the fraction of runs done, one call at a time.
// Results do not depend on the budget.
func Compare(f *scenario.File, levels []bmc.Level, seed uint64, runs int, b par.Budget, progress func(float64)) (*Comparison, error) {
	if seed == 0 {
		seed = f.Seed
	}
	if seed == 0 {
		seed = 1
	}
	runs = max(runs, 1)
	records := make([][]Record, len(levels))
	for i := range records {
		records[i] = make([]Record, runs)
	}
	first := make([]sim.Summary, len(levels))
	errs := make([]error, len(levels)*runs)
	var mu sync.Mutex
	done := 0
	// Job j is run j/len(levels) of level j%len(levels): the levels of a
	// run are taken together.
	b.Each(len(errs), func(j int) {
		l, r := j%len(levels), j/len(levels)
		res, err := sim.Run(f, sim.Options{Level: levels[l], Seed: seed + uint64(r)})
		errs[j] = err
		if err == nil {
			records[l][r] = newRecord(levels[l], res.Summary)
			if r == 0 {
				first[l] = res.Summary
			}
		}
		if progress != nil {
			mu.Lock()
			done++
			progress(float64(done) / float64(len(errs)))
			mu.Unlock()
		}
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	c := &Comparison{Scenario: f.Name, Seed: seed, Runs: runs, Levels: levels, Records: records, First: first}
	for _, t := range first[0].Threats {
		c.Threats = append(c.Threats, ThreatInfo{ID: t.ID, Class: t.Class, Asset: t.Asset})
	}
	for l, lv := range levels {
		c.Rows = append(c.Rows, aggregate(lv, records[l]))
	}
	return c, nil
}

// newRecord reduces a run's summary to its record.
func newRecord(l bmc.Level, s sim.Summary) Record {
	r := Record{Level: l, Seed: s.Seed, Killed: s.Totals.Killed, Leakers: s.Totals.Leakers,
		Spent: s.Totals.InterceptorsSpent, Duplicates: s.Totals.DuplicateEngagements, LeakersByAsset: s.Totals.LeakersByAsset}
	for _, t := range s.Threats {
		after := func(x *float64) float64 {
			if x == nil {
				return math.NaN()
			}
			return *x - t.LaunchS
		}
		tr := ThreatRecord{Outcome: t.Outcome, FlightS: t.ImpactS - t.LaunchS}
		tr.Times = [NumTimings]float64{after(t.WarningS), after(t.FirstFirmTrackS), after(t.FirstSharedTrackS), after(t.EarliestLaunchS), math.NaN()}
		if t.BattlespaceS != nil {
			tr.Times[Battlespace] = *t.BattlespaceS
		}
		r.Threats = append(r.Threats, tr)
	}
	return r
}
