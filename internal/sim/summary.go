package sim

import (
	"encoding/json"
	"io"
	"math"
	"sort"

	"github.com/jrmd/jrmd/internal/bmc"
)

// Summary is a run's results: per threat, per nation, and in total. Times
// are scenario seconds; a time that never happened is null.
type Summary struct {
	Scenario    string          `json:"scenario"`
	Integration string          `json:"integration"`
	Seed        uint64          `json:"seed"`
	Threats     []ThreatSummary `json:"threats"`
	Nations     []NationSummary `json:"nations"`
	Totals      Totals          `json:"totals"`
	// LostNodes: the nodes of a federated run that exercise control lost
	// (absent when none was, as in every run in one process).
	LostNodes []LostNode `json:"lost_nodes,omitempty"`
}

// LostNode is a federated node dropped from a run: which, when, why, and
// when it rejoined (null: it did not).
type LostNode struct {
	Nation    string   `json:"nation"`
	LostS     float64  `json:"lost_s"`
	Why       string   `json:"why"`
	RejoinedS *float64 `json:"rejoined_s"`
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
	// NotEngagedReason: for a threat no nation launched at and none killed,
	// why (a bmc.Reason's code, docs/outcomes.md): the not_engaged reason of
	// the nation defending its asset or, if that nation gave none, of the
	// nation whose battle management got furthest with it (on a tie, the
	// first in the scenario's order); that nation and its detail.
	// not_detected when no nation knew of it.
	NotEngagedReason string `json:"not_engaged_reason,omitempty"`
	NotEngagedNation string `json:"not_engaged_nation,omitempty"`
	NotEngagedDetail string `json:"not_engaged_detail,omitempty"`
}

// NationSummary is one nation's spending.
type NationSummary struct {
	ID                string `json:"id"`
	InterceptorsSpent int    `json:"interceptors_spent"`
	DuplicateShots    int    `json:"duplicate_shots"`
	Kills             int    `json:"kills"`
	// MessagesRejected: messages its node refused (malformed, forged,
	// replayed, of another run or incarnation; see the message_rejected
	// events).
	MessagesRejected int `json:"messages_rejected,omitempty"`
}

// Totals sums up the run. Besides outcomes it counts the threats for
// which each per-threat event happened at all (its time is not null), so
// that what did not happen is counted rather than lost: a threat never
// warned, never engaged.
type Totals struct {
	Threats              int            `json:"threats"`
	Killed               int            `json:"killed"`
	Leakers              int            `json:"leakers"`
	LeakersByAsset       map[string]int `json:"leakers_by_asset"`
	InterceptorsSpent    int            `json:"interceptors_spent"`
	DuplicateEngagements int            `json:"duplicate_engagements"`
	// ThreatsDetected … ThreatsEngaged count the threats whose
	// first_detection_s, first_firm_track_s, warning_s, first_shared_track_s
	// and earliest_launch_s are not null.
	ThreatsDetected    int `json:"threats_detected"`
	ThreatsFirmTrack   int `json:"threats_firm_track"`
	ThreatsWarned      int `json:"threats_warned"`
	ThreatsSharedTrack int `json:"threats_shared_track"`
	ThreatsEngaged     int `json:"threats_engaged"`
	// MessagesRejected: by every node and exercise control.
	MessagesRejected int `json:"messages_rejected,omitempty"`
	// NotEngaged counts the threats not engaged by their reason.
	NotEngaged map[string]int `json:"not_engaged"`
}

func opt(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	r := round(x)
	return &r
}

// summarize derives a run's summary from its event log alone (so a
// federated run, whose parts never share memory, sums up the same way).
func summarize(w *world, events []Event) Summary {
	s := Summary{Scenario: w.f.Name, Integration: w.level.String(), Seed: w.seed, Totals: Totals{LeakersByAsset: map[string]int{}, NotEngaged: map[string]int{}}}
	type acc struct {
		detect, firm, shared, launch, battlespace float64
		know                                      map[string]float64
		shots, dups, asset                        int
		outcome, killedBy                         string
		why                                       bmc.Reason // the furthest not_engaged reason
		whyNation, whyDetail                      string
	}
	rank := map[string]int{} // nations in the scenario's order
	for i, n := range w.f.Nations {
		rank[n.ID] = i
	}
	nan := math.NaN()
	per := map[string]*acc{}
	for _, t := range w.threats {
		per[t.id] = &acc{detect: nan, firm: nan, shared: nan, launch: nan, battlespace: nan, know: map[string]float64{}, asset: t.asset}
	}
	nations := map[string]*NationSummary{}
	for _, n := range w.f.Nations {
		nations[n.ID] = &NationSummary{ID: n.ID}
	}
	first := func(x *float64, t float64) {
		if math.IsNaN(*x) || t < *x {
			*x = t
		}
	}
	for _, ev := range events {
		switch ev.Type {
		case EvMessageRejected:
			s.Totals.MessagesRejected += ev.Count
			if ns := nations[ev.Nation]; ns != nil {
				ns.MessagesRejected += ev.Count
			}
			continue
		case EvNodeLost:
			s.LostNodes = append(s.LostNodes, LostNode{Nation: ev.Nation, LostS: ev.TS, Why: ev.Detail})
		case EvNodeRejoined:
			for k := range s.LostNodes {
				if l := &s.LostNodes[k]; l.Nation == ev.Nation && l.RejoinedS == nil {
					l.RejoinedS = &ev.TS
				}
			}
		}
		a := per[ev.Threat]
		if a == nil {
			continue
		}
		switch ev.Type {
		case EvDetection:
			first(&a.detect, ev.TS)
		case EvTrackConfirmed, EvTrackShared, EvWarning:
			if ev.Type == EvTrackConfirmed {
				first(&a.firm, ev.TS)
			}
			if ev.Type == EvTrackShared {
				first(&a.shared, ev.TS)
			}
			if k, ok := a.know[ev.Nation]; !ok || ev.TS < k {
				a.know[ev.Nation] = ev.TS
			}
		case EvPlan:
			if math.IsNaN(a.battlespace) {
				a.battlespace = ev.BattlespaceS
			}
		case EvLaunch:
			first(&a.launch, ev.TS)
			a.shots += ev.Count
			if ns := nations[ev.Nation]; ns != nil {
				ns.InterceptorsSpent += ev.Count
			}
		case EvDuplicate:
			a.dups++
			if ns := nations[ev.Nation]; ns != nil {
				ns.DuplicateShots += ev.Count
			}
		case EvKill:
			if a.outcome != "killed" {
				a.outcome, a.killedBy = "killed", ev.Nation
				if ns := nations[ev.Nation]; ns != nil {
					ns.Kills++
				}
			}
		case EvLeaker:
			if a.outcome == "" {
				a.outcome = "leaked"
			}
		case EvNotEngaged:
			// The defending nation's reason; failing that, the furthest.
			r, _ := bmc.ParseReason(ev.Reason)
			defender := w.assets[a.asset].Nation
			better := a.why == 0 || ev.Nation == defender ||
				a.whyNation != defender && (r.Further(a.why) || r == a.why && rank[ev.Nation] < rank[a.whyNation])
			if better {
				a.why, a.whyNation, a.whyDetail = r, ev.Nation, ev.Detail
			}
		}
	}
	armed := map[string]bool{}
	for _, b := range w.f.Batteries {
		armed[b.Nation] = true
	}
	for _, t := range w.threats {
		a, asset := per[t.id], w.assets[t.asset]
		// Warning: when the nation defending the aimed-at asset first knew of
		// the threat (own firm track, partner's track or warning); for an
		// asset of no nation, the first armed nation that knew.
		warn := nan
		if w.isNation[asset.Nation] {
			if k, ok := a.know[asset.Nation]; ok {
				warn = k
			}
		} else {
			for n, k := range a.know {
				if armed[n] {
					first(&warn, k)
				}
			}
		}
		outcome := a.outcome
		if outcome == "" {
			outcome = "in flight"
		}
		ts := ThreatSummary{ID: t.id, Class: t.class, Asset: asset.ID, LaunchS: round(t.launchS), ImpactS: round(t.launchS + t.tr.FlightTimeS),
			FirstDetectionS: opt(a.detect), FirstFirmTrackS: opt(a.firm), WarningS: opt(warn),
			FirstSharedTrackS: opt(a.shared), EarliestLaunchS: opt(a.launch), BattlespaceS: opt(a.battlespace),
			Shots: a.shots, DuplicateShots: a.dups, Outcome: outcome, KilledBy: a.killedBy}
		if a.shots == 0 && outcome != "killed" {
			switch {
			case a.why != 0:
				ts.NotEngagedReason, ts.NotEngagedNation, ts.NotEngagedDetail = a.why.String(), a.whyNation, a.whyDetail
			case math.IsNaN(a.detect) && len(a.know) == 0:
				ts.NotEngagedReason = bmc.NotDetected.String()
			}
			if ts.NotEngagedReason != "" {
				s.Totals.NotEngaged[ts.NotEngagedReason]++
			}
		}
		s.Threats = append(s.Threats, ts)
		s.Totals.Threats++
		s.Totals.DuplicateEngagements += a.dups
		for _, c := range []struct {
			t float64
			n *int
		}{{a.detect, &s.Totals.ThreatsDetected}, {a.firm, &s.Totals.ThreatsFirmTrack}, {warn, &s.Totals.ThreatsWarned},
			{a.shared, &s.Totals.ThreatsSharedTrack}, {a.launch, &s.Totals.ThreatsEngaged}} {
			if !math.IsNaN(c.t) {
				*c.n++
			}
		}
		switch outcome {
		case "killed":
			s.Totals.Killed++
		case "leaked":
			s.Totals.Leakers++
			s.Totals.LeakersByAsset[asset.ID]++
		}
	}
	for _, ns := range nations {
		s.Totals.InterceptorsSpent += ns.InterceptorsSpent
		s.Nations = append(s.Nations, *ns)
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
