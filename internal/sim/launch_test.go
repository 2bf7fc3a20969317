package sim

import (
	"slices"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/internal/track"
)

// ewCov is an early-warning radar's track error: 1σ 1.5 km in position
// and 25 m/s in velocity on every axis (Fylingdales' track of an ICBM
// 2,000–3,000 km out holds 0.6–2.5 km and 12–30 m/s), far coarser than a
// terminal battery's 200 m and 20 m/s, within the GBIs' 20 km and 40 m/s.
func ewCov(tS float64) [6][6]float64 {
	var p [6][6]float64
	for i := range 3 {
		p[i][i], p[i+3][i+3] = 1500*1500, 25*25
	}
	return track.CovFromECEF(&p, tS)
}

// A battery's own launch rule decides which tracks it may launch on, on
// one constructed picture: the US holds a single firm early-warning track
// of the ICBM bound for New York (its true state, the error above). At
// every level, when the track is the US's own, Redzikowo's GBI may launch
// on it and THAAD at Warsaw may not (may_launch events, bmc.Judge). When
// the same track is Russia's report, neither may under step1 (and the US
// says partner_track_only, naming the requirement met), Redzikowo may
// under step2. A track that is not yet firm counts for neither. Under the
// one rule of before, 200 m and 20 m/s for every battery, the GBI refused
// it too.
func TestLaunchRuleIsTheBatterys(t *testing.T) {
	f := load(t, reference)
	if track.DefaultFireControl.Within(ptr(ewCov(0))) {
		t.Fatal("the constructed track meets the generic 200 m, 20 m/s rule: it does not test the batteries' own")
	}
	const nowS = 700.0
	for _, tc := range []struct {
		level        bmc.Level
		from         string // the nation whose track it is
		firm         bool
		mayLaunch    []string // batteries with a may_launch event
		reason       bmc.Reason
		detailNaming string
	}{
		{bmc.Autonomous, "US", true, []string{"redzikowo"}, 0, ""},
		{bmc.Step1, "US", true, []string{"redzikowo"}, 0, ""},
		{bmc.Step2, "US", true, []string{"redzikowo"}, 0, ""},
		{bmc.Step1, "RU", true, nil, bmc.PartnerTrackOnly, "redzikowo (gbi-6.3): a firm track within 1σ 20 km and 40 m/s"},
		{bmc.Step2, "RU", true, []string{"redzikowo"}, 0, ""},
		{bmc.Autonomous, "US", false, nil, bmc.NoFireControl, ""},
	} {
		w, err := build(f, Options{Level: tc.level}, "US", 0)
		if err != nil {
			t.Fatal(err)
		}
		n := w.byNation["US"]
		th := w.threats[slices.IndexFunc(w.threats, func(x *threat) bool { return x.id == "icbm-new-york" })]
		w.now = nowS
		pos, vel, _ := th.tr.StateAt(nowS - th.launchS)
		src := "fylingdales"
		if tc.from != "US" {
			src = "nation:" + tc.from
		}
		stn, err := n.fuse(fusion.Report{Source: src, ID: 1, Nation: tc.from, TimeS: nowS, X: track.FromECEF(pos, vel, nowS), P: ewCov(nowS), Firm: tc.firm})
		if err != nil {
			t.Fatal(err)
		}
		w.events = nil
		n.decide()
		var got []string
		for _, ev := range w.events {
			if ev.Type == EvMayLaunch && ev.Threat == th.id {
				got = append(got, ev.Battery)
			}
		}
		if !slices.Equal(got, tc.mayLaunch) {
			t.Errorf("%v, %s's track (firm %v): may_launch for %v, want %v", tc.level, tc.from, tc.firm, got, tc.mayLaunch)
		}
		if why := n.why[th.idx]; why.reason != tc.reason || why.reason != 0 && why.stn != stn {
			t.Errorf("%v, %s's track (firm %v): reason %v on track %d, want %v on %d", tc.level, tc.from, tc.firm, why.reason, why.stn, tc.reason, stn)
		} else if tc.detailNaming != "" && !strings.Contains(why.detail, tc.detailNaming) {
			t.Errorf("%v, %s's track: detail %q does not name %q", tc.level, tc.from, why.detail, tc.detailNaming)
		}
	}
}

func ptr[T any](x T) *T { return &x }
