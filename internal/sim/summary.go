package sim

import (
	"encoding/json"
	"io"
	"math"
	"sort"
)

type threatMetrics struct {
	firstDetectS, firstFirmS, firstSharedS, firstLaunchS, battlespaceS float64
	shots, duplicates                                                  int
	outcome, killedBy                                                  string
	detectedBy, confirmedBy, sharedTo                                  map[string]bool
}

func newThreatMetrics() threatMetrics {
	nan := math.NaN()
	return threatMetrics{firstDetectS: nan, firstFirmS: nan, firstSharedS: nan, firstLaunchS: nan, battlespaceS: nan,
		detectedBy: map[string]bool{}, confirmedBy: map[string]bool{}, sharedTo: map[string]bool{}}
}

type nationMetrics struct{ duplicates int }

func (w *world) nationMetrics(id string) *nationMetrics {
	n := w.byNation[id]
	if n.metrics == nil {
		n.metrics = &nationMetrics{}
	}
	return n.metrics
}

// Summary is a run's results: per threat, per nation, and in total. Times
// are scenario seconds; a time that never happened is null.
type Summary struct {
	Scenario    string          `json:"scenario"`
	Integration string          `json:"integration"`
	Seed        uint64          `json:"seed"`
	Threats     []ThreatSummary `json:"threats"`
	Nations     []NationSummary `json:"nations"`
	Totals      Totals          `json:"totals"`
}

// ThreatSummary is one threat's story.
type ThreatSummary struct {
	ID      string  `json:"id"`
	Class   string  `json:"class"`
	Asset   string  `json:"asset"`
	LaunchS float64 `json:"launch_s"`
	// ImpactS is when the threat's flight would end (or ended) on the ground.
	ImpactS float64 `json:"impact_s"`
	// FirstDetectionS: the first radar detection by any nation.
	FirstDetectionS *float64 `json:"first_detection_s"`
	// FirstFirmTrackS: the first confirmed track by any nation.
	FirstFirmTrackS *float64 `json:"first_firm_track_s"`
	// WarningS: when the nation defending the aimed-at asset (the asset's
	// nation; for an asset of none, the first nation with batteries) first
	// knew of the threat — own firm track, partner's track or warning.
	WarningS *float64 `json:"warning_s"`
	// FirstSharedTrackS: the first track report of it a partner received.
	FirstSharedTrackS *float64 `json:"first_shared_track_s"`
	EarliestLaunchS   *float64 `json:"earliest_launch_s"`
	// BattlespaceS: at the first engagement decision, the time between the
	// earliest and the latest interceptor launch that still intercepts.
	BattlespaceS   *float64 `json:"battlespace_s"`
	Shots          int      `json:"shots"`
	DuplicateShots int      `json:"duplicate_engagements"`
	Outcome        string   `json:"outcome"` // killed | leaked
	KilledBy       string   `json:"killed_by,omitempty"`
}

// NationSummary is one nation's spending.
type NationSummary struct {
	ID                string `json:"id"`
	InterceptorsSpent int    `json:"interceptors_spent"`
	DuplicateShots    int    `json:"duplicate_shots"`
	Kills             int    `json:"kills"`
}

// Totals sums up the run.
type Totals struct {
	Threats              int            `json:"threats"`
	Killed               int            `json:"killed"`
	Leakers              int            `json:"leakers"`
	LeakersByAsset       map[string]int `json:"leakers_by_asset"`
	InterceptorsSpent    int            `json:"interceptors_spent"`
	DuplicateEngagements int            `json:"duplicate_engagements"`
}

func opt(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	r := round(x)
	return &r
}

func (w *world) summary() Summary {
	s := Summary{Scenario: w.f.Name, Integration: w.level.String(), Seed: w.seed, Totals: Totals{LeakersByAsset: map[string]int{}}}
	for _, t := range w.threats {
		a := w.assets[t.asset]
		warn := math.NaN()
		if d := w.byNation[a.Nation]; d != nil {
			if k, ok := d.knowS[t.idx]; ok {
				warn = k
			}
		} else {
			for _, n := range w.nations {
				if k, ok := n.knowS[t.idx]; ok && len(n.batteries) > 0 && !(k >= warn) {
					warn = k
				}
			}
		}
		outcome := t.m.outcome
		if outcome == "" {
			outcome = "in flight"
		}
		s.Threats = append(s.Threats, ThreatSummary{ID: t.id, Class: t.class, Asset: a.ID, LaunchS: round(t.launchS), ImpactS: round(t.launchS + t.tr.FlightTimeS),
			FirstDetectionS: opt(t.m.firstDetectS), FirstFirmTrackS: opt(t.m.firstFirmS), WarningS: opt(warn),
			FirstSharedTrackS: opt(t.m.firstSharedS), EarliestLaunchS: opt(t.m.firstLaunchS), BattlespaceS: opt(t.m.battlespaceS),
			Shots: t.m.shots, DuplicateShots: t.m.duplicates, Outcome: outcome, KilledBy: t.m.killedBy})
		s.Totals.Threats++
		s.Totals.DuplicateEngagements += t.m.duplicates
		switch outcome {
		case "killed":
			s.Totals.Killed++
		case "leaked":
			s.Totals.Leakers++
			s.Totals.LeakersByAsset[a.ID]++
		}
	}
	for _, n := range w.nations {
		ns := NationSummary{ID: n.id}
		for _, b := range n.batteries {
			ns.InterceptorsSpent += b.spent()
		}
		if n.metrics != nil {
			ns.DuplicateShots = n.metrics.duplicates
		}
		for _, t := range w.threats {
			if t.m.killedBy == n.id {
				ns.Kills++
			}
		}
		s.Totals.InterceptorsSpent += ns.InterceptorsSpent
		s.Nations = append(s.Nations, ns)
	}
	sort.Slice(s.Nations, func(i, j int) bool { return s.Nations[i].ID < s.Nations[j].ID })
	return s
}

// WriteJSON writes a summary as indented JSON.
func (s Summary) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}
