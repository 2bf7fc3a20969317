package study

import (
	"math"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/stat"
)

// RunMetric is a count made once per run.
type RunMetric int

// The per-run metrics, in the order the outputs list them.
const (
	Killed        RunMetric = iota // threats killed
	Leakers                        // threats that reached the ground
	Spent                          // interceptors launched
	Duplicates                     // engagements of a threat already engaged
	Warned                         // threats whose defender was warned
	FirmTracked                    // threats with a confirmed track
	SharedTracked                  // threats of which a partner received a track
	Engaged                        // threats at which an interceptor was launched
	NumRunMetrics
)

var runMetricNames = [NumRunMetrics]string{"killed", "leakers", "interceptors_spent", "duplicate_engagements",
	"threats_warned", "threats_firm_track", "threats_shared_track", "threats_engaged"}

// String is the metric's name in JSON and CSV keys.
func (m RunMetric) String() string { return runMetricNames[m] }

// Value returns metric m of the run.
func (r *Record) Value(m RunMetric) float64 {
	switch m {
	case Killed:
		return float64(r.Killed)
	case Leakers:
		return float64(r.Leakers)
	case Spent:
		return float64(r.Spent)
	case Duplicates:
		return float64(r.Duplicates)
	case Warned:
		return float64(r.Count(Warning))
	case FirmTracked:
		return float64(r.Count(FirmTrack))
	case SharedTracked:
		return float64(r.Count(SharedTrack))
	case Engaged:
		return float64(r.Count(Launch))
	}
	return math.NaN()
}

// Analysis is a comparison's statistics. Every interval names its method
// and sample size. Differences are paired by seed: run r of a level
// against run r of the baseline, the first level compared.
type Analysis struct {
	Conf     float64
	Baseline bmc.Level
	Levels   []LevelStats
	// Times[k] compares timing k over one set of threats at every level.
	Times [NumTimings]TimeStats
	// Threats, in the scenario's order.
	Threats []ThreatStats
}

// LevelStats is one level's per-run statistics.
type LevelStats struct {
	Level bmc.Level
	// Run[m] is metric m's mean over the runs (Student t).
	Run [NumRunMetrics]stat.Interval
	// NoLeaker is the proportion of runs in which no threat leaked
	// (Wilson score).
	NoLeaker stat.Interval
	// DRun and DNoLeaker are the differences from the baseline, paired by
	// seed (paired t; Newcombe's method 10); NaN for the baseline itself.
	DRun      [NumRunMetrics]stat.Interval
	DNoLeaker stat.Interval
}

// TimeStats compares a timing like with like: over the threats for which
// it happened in every run at every level where it happened at all. A
// level where it never happened is left out (Never), and the threats
// outside the set are counted (Warned, Engaged, …), not averaged.
type TimeStats struct {
	Timing Timing
	// Set holds the indices of the threats averaged over.
	Set []int
	// Never[l] is true if the timing never happened at level l.
	Never []bool
	// Mean[l] is the mean over runs of the run's mean over Set (Student
	// t); NaN where Never or Set is empty.
	Mean []stat.Interval
	// Diff[l] is the mean difference from the baseline, paired by seed
	// (paired t); NaN for the baseline and where either is NaN.
	Diff []stat.Interval
}

// ThreatStats is one threat's outcomes over the runs.
type ThreatStats struct {
	ThreatInfo
	// PKill[l] is the proportion of runs at level l in which the threat
	// was killed (Wilson score).
	PKill []stat.Interval
	// DPKill[l] is the difference from the baseline's, paired by seed
	// (Newcombe's method 10); NaN for the baseline.
	DPKill []stat.Interval
}

func noInterval(method string) stat.Interval {
	return stat.Interval{Estimate: math.NaN(), Lo: math.NaN(), Hi: math.NaN(), Method: method}
}

// Analyse computes the comparison's statistics at confidence level conf
// (e.g. 0.95).
func (c *Comparison) Analyse(conf float64) *Analysis {
	a := &Analysis{Conf: conf, Baseline: c.Levels[0]}
	base := c.Records[0]
	column := func(recs []Record, f func(*Record) float64) []float64 {
		xs := make([]float64, len(recs))
		for i := range recs {
			xs[i] = f(&recs[i])
		}
		return xs
	}
	noLeaker := func(r *Record) bool { return r.Leakers == 0 }
	for l, lv := range c.Levels {
		recs := c.Records[l]
		ls := LevelStats{Level: lv, DNoLeaker: noInterval(stat.Newcombe10)}
		for m := range NumRunMetrics {
			get := func(r *Record) float64 { return r.Value(m) }
			ls.Run[m] = stat.Mean(column(recs, get), conf)
			ls.DRun[m] = noInterval(stat.PairedT)
			if l > 0 {
				ls.DRun[m] = stat.PairedDiff(column(base, get), column(recs, get), conf)
			}
		}
		k := 0
		for i := range recs {
			if noLeaker(&recs[i]) {
				k++
			}
		}
		ls.NoLeaker = stat.Wilson(k, len(recs), conf)
		if l > 0 {
			ls.DNoLeaker = pairedProportion(base, recs, noLeaker, conf)
		}
		a.Levels = append(a.Levels, ls)
	}
	for k := range NumTimings {
		a.Times[k] = c.compareTiming(k, conf)
	}
	for i, info := range c.Threats {
		ts := ThreatStats{ThreatInfo: info}
		killed := func(r *Record) bool { return r.Threats[i].Outcome == "killed" }
		for l := range c.Levels {
			recs := c.Records[l]
			n := 0
			for j := range recs {
				if killed(&recs[j]) {
					n++
				}
			}
			ts.PKill = append(ts.PKill, stat.Wilson(n, len(recs), conf))
			d := noInterval(stat.Newcombe10)
			if l > 0 {
				d = pairedProportion(base, recs, killed, conf)
			}
			ts.DPKill = append(ts.DPKill, d)
		}
		a.Threats = append(a.Threats, ts)
	}
	return a
}

// pairedProportion is the difference between the proportions of runs of
// recs and of base in which ok holds, paired run by run.
func pairedProportion(base, recs []Record, ok func(*Record) bool, conf float64) stat.Interval {
	var both, onlyBase, onlyThis, neither int
	for r := range recs {
		switch b, t := ok(&base[r]), ok(&recs[r]); {
		case b && t:
			both++
		case b:
			onlyBase++
		case t:
			onlyThis++
		default:
			neither++
		}
	}
	return stat.PairedProportionDiff(both, onlyBase, onlyThis, neither, conf)
}

// compareTiming finds timing k's common set of threats and compares the
// levels over it.
func (c *Comparison) compareTiming(k Timing, conf float64) TimeStats {
	ts := TimeStats{Timing: k}
	// A level where the timing never happened takes no part.
	for l := range c.Levels {
		never := true
		for r := range c.Records[l] {
			if c.Records[l][r].Count(k) > 0 {
				never = false
				break
			}
		}
		ts.Never = append(ts.Never, never)
	}
	for i := range c.Threats {
		in := false
		for l := range c.Levels {
			if ts.Never[l] {
				continue
			}
			in = true
			for r := range c.Records[l] {
				if !c.Records[l][r].Threats[i].Happened(k) {
					in = false
					break
				}
			}
			if !in {
				break
			}
		}
		if in {
			ts.Set = append(ts.Set, i)
		}
	}
	base := c.RunTimes(&ts, 0)
	for l := range c.Levels {
		xs := c.RunTimes(&ts, l)
		ts.Mean = append(ts.Mean, stat.Mean(xs, conf))
		d := noInterval(stat.PairedT)
		if l > 0 && xs != nil && base != nil {
			d = stat.PairedDiff(base, xs, conf)
		}
		ts.Diff = append(ts.Diff, d)
	}
	return ts
}

// RunTimes returns, for each run of level l, the run's mean of timing
// ts.Timing over the threats of ts's set: the values ts.Mean[l] and
// ts.Diff[l] are computed from. It is nil where the timing never happened
// at level l or the set is empty.
func (c *Comparison) RunTimes(ts *TimeStats, l int) []float64 {
	if ts.Never[l] || len(ts.Set) == 0 {
		return nil
	}
	xs := make([]float64, len(c.Records[l]))
	for r := range c.Records[l] {
		var s float64
		for _, i := range ts.Set {
			s += c.Records[l][r].Threats[i].Times[ts.Timing]
		}
		xs[r] = s / float64(len(ts.Set))
	}
	return xs
}

// SetIDs returns the ids of the threats of ts's set.
func (c *Comparison) SetIDs(ts *TimeStats) []string {
	ids := make([]string, len(ts.Set))
	for j, i := range ts.Set {
		ids[j] = c.Threats[i].ID
	}
	return ids
}
