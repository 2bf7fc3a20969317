package study

import (
	"math"
	"testing"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/stat"
)

var nan = math.NaN()

// threat makes a threat record: outcome, times (NaN: did not happen).
func threat(outcome string, warn, shared, launch float64) ThreatRecord {
	return ThreatRecord{Outcome: outcome, FlightS: 1000, Times: [NumTimings]float64{warn, 100, shared, launch, nan}}
}

func record(l bmc.Level, seed uint64, ts ...ThreatRecord) Record {
	r := Record{Level: l, Seed: seed, Threats: ts}
	for _, t := range ts {
		switch t.Outcome {
		case "killed":
			r.Killed++
			if t.Happened(Launch) {
				r.Spent += 2
			}
		case "leaked":
			r.Leakers++
		}
	}
	return r
}

// synthetic is the reference scenario's pattern in miniature, over two
// seeds: threat B's defender is warned only when partners share (never
// autonomous, though B is killed, as the Berlin IRBM is); C's defender is
// warned autonomous in one run of two; A is warned at every level. The
// autonomous and step1 levels engage B only; step2 engages all three,
// earlier.
func synthetic() *Comparison {
	a, s1, s2 := bmc.Autonomous, bmc.Step1, bmc.Step2
	c := &Comparison{Scenario: "synthetic", Seed: 7, Runs: 2, Levels: []bmc.Level{a, s1, s2},
		Threats: []ThreatInfo{{ID: "A"}, {ID: "B"}, {ID: "C"}}}
	c.Records = [][]Record{
		{
			record(a, 7, threat("leaked", 10, nan, nan), threat("killed", nan, nan, 900), threat("leaked", 30, nan, nan)),
			record(a, 8, threat("leaked", 12, nan, nan), threat("killed", nan, nan, 910), threat("leaked", nan, nan, nan)),
		},
		{
			record(s1, 7, threat("leaked", 10, 5, nan), threat("killed", 20, 5, 900), threat("leaked", 30, 5, nan)),
			record(s1, 8, threat("leaked", 12, 6, nan), threat("killed", 20, 6, 910), threat("leaked", 30, 6, nan)),
		},
		{
			record(s2, 7, threat("killed", 8, 5, 300), threat("killed", 20, 5, 450), threat("leaked", 30, 5, 500)),
			record(s2, 8, threat("killed", 10, 6, 310), threat("killed", 20, 6, 440), threat("killed", 30, 6, 500)),
		},
	}
	for l, lv := range c.Levels {
		c.Rows = append(c.Rows, aggregate(lv, c.Records[l]))
	}
	return c
}

// TestTimesLikeWithLike: a timing is averaged over the threats for which it
// happened in every run at every level where it happened at all, so the
// levels are compared over the same threats; the others are counted. Hand
// computations on the synthetic comparison.
func TestTimesLikeWithLike(t *testing.T) {
	c := synthetic()
	a := c.Analyse(0.95)
	const tol = 1e-12
	near := func(x, want float64) bool { return math.Abs(x-want) <= tol || (math.IsNaN(x) && math.IsNaN(want)) }
	for _, tc := range []struct {
		k     Timing
		set   []int
		never [3]bool
		mean  [3]float64
		diff  [3]float64 // from autonomous, paired by seed
	}{
		// Warning: only A at every level in every run; (10+12)/2 = 11 at
		// the first two levels, (8+10)/2 = 9 under step2.
		{Warning, []int{0}, [3]bool{}, [3]float64{11, 11, 9}, [3]float64{nan, 0, -2}},
		// Shared tracks: none autonomous, so that level takes no part and
		// has no difference; all three threats elsewhere.
		{SharedTrack, []int{0, 1, 2}, [3]bool{true, false, false}, [3]float64{nan, 5.5, 5.5}, [3]float64{nan, nan, nan}},
		// First launch: only B engaged at every level: 905, 905, 445.
		{Launch, []int{1}, [3]bool{}, [3]float64{905, 905, 445}, [3]float64{nan, 0, -460}},
	} {
		ts := a.Times[tc.k]
		if len(ts.Set) != len(tc.set) {
			t.Errorf("%v: set %v, want %v", tc.k, ts.Set, tc.set)
			continue
		}
		for i := range tc.set {
			if ts.Set[i] != tc.set[i] {
				t.Errorf("%v: set %v, want %v", tc.k, ts.Set, tc.set)
			}
		}
		for l := range 3 {
			if ts.Never[l] != tc.never[l] || !near(ts.Mean[l].Estimate, tc.mean[l]) || !near(ts.Diff[l].Estimate, tc.diff[l]) {
				t.Errorf("%v, level %d: never %v, mean %+v, diff %+v; want %v, %g, %g", tc.k, l, ts.Never[l], ts.Mean[l], ts.Diff[l], tc.never[l], tc.mean[l], tc.diff[l])
			}
			if ts.Mean[l].Method != stat.StudentT || ts.Diff[l].Method != stat.PairedT || (!tc.never[l] && ts.Mean[l].N != 2) {
				t.Errorf("%v, level %d: methods %q, %q, n %d", tc.k, l, ts.Mean[l].Method, ts.Diff[l].Method, ts.Mean[l].N)
			}
		}
	}
	// Warned threats are counted per run: autonomous 2 and 1, mean 1.5.
	if got := a.Levels[0].Run[Warned]; !near(got.Estimate, 1.5) || got.N != 2 {
		t.Errorf("threats warned autonomous %+v, want 1.5 over 2 runs", got)
	}
	if got := a.Levels[1].DRun[Warned]; !near(got.Estimate, 1.5) || got.Method != stat.PairedT {
		t.Errorf("threats warned, step1 − autonomous %+v, want +1.5 paired t", got)
	}
	// The first release's warning metric, kept under its old key, counts
	// B's never-warned defender as warned at impact (1000 s): autonomous
	// (10+1000+30)/3 and (12+1000+1000)/3, far from the 11 s like with like.
	if got, want := c.Rows[0].WarningS.Estimate, ((10+1000+30)/3.0+(12+1000+1000)/3.0)/2; !near(got, want) {
		t.Errorf("legacy warning %g, want %g", got, want)
	}
}

// TestOutcomesAndPairing: P(no leaker) and P(kill) are Wilson score
// proportions over the runs, never zero wide; differences are paired by
// seed (Newcombe's method 10 on the table of run pairs; paired t on per-run
// values).
func TestOutcomesAndPairing(t *testing.T) {
	c := synthetic()
	a := c.Analyse(0.95)
	// Step2's second run has no leaker; no other run does.
	for l, k := range []int{0, 0, 1} {
		want := stat.Wilson(k, 2, 0.95)
		if got := a.Levels[l].NoLeaker; got != want || !(got.Hi > got.Lo) {
			t.Errorf("level %d: P(no leaker) %+v, want %+v", l, got, want)
		}
	}
	// Pairs (autonomous, step2) with no leaker: (no, no), (no, yes).
	if got, want := a.Levels[2].DNoLeaker, stat.PairedProportionDiff(0, 0, 1, 1, 0.95); got != want {
		t.Errorf("P(no leaker) step2 − autonomous %+v, want %+v", got, want)
	}
	// C is killed in step2's second run only; B in every run at every level.
	if got, want := a.Threats[2].PKill[2], stat.Wilson(1, 2, 0.95); got != want {
		t.Errorf("C's P(kill) under step2 %+v, want %+v", got, want)
	}
	if got := a.Threats[1].PKill[0]; got.Estimate != 1 || !(got.Lo < 1) || got.Method != stat.WilsonScore {
		t.Errorf("B's P(kill) autonomous %+v: 2 of 2 must not be zero wide", got)
	}
	if got, want := a.Threats[0].DPKill[2], stat.PairedProportionDiff(0, 0, 2, 0, 0.95); got != want {
		t.Errorf("A's P(kill) step2 − autonomous %+v, want %+v", got, want)
	}
	// Interceptors spent: 2 and 2 autonomous, 4 and 6 under step2: the
	// paired differences 2 and 4 have mean 3 and their own t interval.
	if got, want := a.Levels[2].DRun[Spent], stat.PairedDiff([]float64{2, 2}, []float64{4, 6}, 0.95); got.Estimate != 3 || got.Lo != want.Lo || got.Hi != want.Hi {
		t.Errorf("interceptors spent, step2 − autonomous %+v, want %+v", got, want)
	}
	if b := a.Levels[0].DRun[Spent]; !math.IsNaN(b.Estimate) {
		t.Errorf("the baseline's difference from itself %+v, want none", b)
	}
}

// TestCompareRecordsPairedBySeed runs the analytic scenario: run r has seed
// seed+r at every level, and the records do not depend on the number of
// workers.
func TestCompareRecordsPairedBySeed(t *testing.T) {
	f, err := scenario.Load("../sim/testdata/analytic.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cs [2]*Comparison
	for i, workers := range []par.Budget{1, 2} {
		if cs[i], err = Compare(f, bmc.Levels, 40, 3, workers, nil); err != nil {
			t.Fatal(err)
		}
	}
	for l := range bmc.Levels {
		for r := range 3 {
			a, b := cs[0].Records[l][r], cs[1].Records[l][r]
			if a.Seed != 40+uint64(r) || a.Level != bmc.Levels[l] || b.Seed != a.Seed || b.Killed != a.Killed || len(a.Threats) != 3 {
				t.Errorf("level %d run %d: %+v and %+v", l, r, a, b)
			}
			for i := range a.Threats {
				if a.Threats[i].Outcome != b.Threats[i].Outcome || a.Threats[i].Times[Launch] != b.Threats[i].Times[Launch] {
					t.Errorf("level %d run %d threat %d differs with workers: %+v, %+v", l, r, i, a.Threats[i], b.Threats[i])
				}
			}
		}
	}
	if cs[0].First[0].Seed != 40 || len(cs[0].Threats) != 3 {
		t.Errorf("first run seed %d, %d threats", cs[0].First[0].Seed, len(cs[0].Threats))
	}
}
