package study

import (
	"math"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/stat"
)

// Row is one level's aggregates as the first release of compare defined
// them, kept because compare --json prints them under their first keys.
// Its times mislead and Analysis replaces them: each run's value is a mean
// over the threats where the event happened at that level, so levels are
// averaged over different threats (first interceptor launch: 2 threats
// autonomous, 5 under step2 in the reference scenario), and WarningS
// counts a threat whose defender was never warned as warned at impact.
// The per-run counts (Leakers … Duplicates) are sound. Intervals are
// Student t over the runs (the first release used 1.96 standard errors).
type Row struct {
	Level                                                     bmc.Level
	WarningS, FirmTrackS, SharedTrackS, LaunchS, BattlespaceS stat.Interval
	Leakers, Killed, Spent, Duplicates                        stat.Interval
	// LeakersByAsset: mean leakers per run at each asset.
	LeakersByAsset map[string]float64
}

func aggregate(l bmc.Level, recs []Record) Row {
	row := Row{Level: l, LeakersByAsset: map[string]float64{}}
	var times [NumTimings][]float64
	for _, r := range recs {
		for k := range NumTimings {
			var xs []float64
			for _, t := range r.Threats {
				x := t.Times[k]
				if k == Warning {
					// The first release's censoring: never warned counts as
					// warned at impact.
					x = t.FlightS
					if t.Happened(Warning) {
						x = math.Min(x, t.Times[Warning])
					}
				}
				if !math.IsNaN(x) {
					xs = append(xs, x)
				}
			}
			if len(xs) > 0 {
				s := 0.0
				for _, x := range xs {
					s += x
				}
				times[k] = append(times[k], s/float64(len(xs)))
			}
		}
		for a, k := range r.LeakersByAsset {
			row.LeakersByAsset[a] += float64(k) / float64(len(recs))
		}
	}
	const conf = 0.95
	row.WarningS, row.FirmTrackS, row.SharedTrackS = stat.Mean(times[Warning], conf), stat.Mean(times[FirmTrack], conf), stat.Mean(times[SharedTrack], conf)
	row.LaunchS, row.BattlespaceS = stat.Mean(times[Launch], conf), stat.Mean(times[Battlespace], conf)
	count := func(m RunMetric) stat.Interval {
		xs := make([]float64, len(recs))
		for i := range recs {
			xs[i] = recs[i].Value(m)
		}
		return stat.Mean(xs, conf)
	}
	row.Leakers, row.Killed, row.Spent, row.Duplicates = count(Leakers), count(Killed), count(Spent), count(Duplicates)
	return row
}
