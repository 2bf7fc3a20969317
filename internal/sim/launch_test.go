package sim

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/track"
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
		stn, err := n.pic.fuse(w.now, fusion.Report{Source: src, ID: 1, Nation: tc.from, TimeS: nowS, X: track.FromECEF(pos, vel, nowS), P: ewCov(nowS), Firm: tc.firm})
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
		if why := n.why[th.idx]; why.Reason != tc.reason || why.Reason != 0 && why.STN != stn {
			t.Errorf("%v, %s's track (firm %v): reason %v on track %d, want %v on %d", tc.level, tc.from, tc.firm, why.Reason, why.STN, tc.reason, stn)
		} else if tc.detailNaming != "" && !strings.Contains(why.Detail, tc.detailNaming) {
			t.Errorf("%v, %s's track: detail %q does not name %q", tc.level, tc.from, why.Detail, tc.detailNaming)
		}
	}
}

func ptr[T any](x T) *T { return &x }

// Battle management predicts a track's flight through the atmosphere with
// its assumed re-entry ballistic coefficient, not the threat's (which a
// defender does not know): from the true state of each re-entering class
// of the reference raid at 100 km and at 40 km on the way down, fused into
// a nation's picture, the predicted impact (bmc.Predict, the prediction
// threat evaluation and the engagement plan make) is within 5 s of the
// true one, where a vacuum prediction lands the MRBM and the ICBM over 6 s
// early. 5 s: about the width of a terminal interceptor's window at the
// end of a re-entry (the S-400's against the reference MRBM is 3 s).
func TestPredictionWithDrag(t *testing.T) {
	const tolS = 5.0
	f := load(t, reference)
	w, err := build(f, Options{Level: bmc.Autonomous}, "RU", 0)
	if err != nil {
		t.Fatal(err)
	}
	n := w.byNation["RU"]
	if beta := n.bm.Doctrine().ReentryBetaKgM2; beta != bmc.DefaultReentryBetaKgM2 {
		t.Fatalf("RU assumes %g kg/m², want the default %g", beta, bmc.DefaultReentryBetaKgM2)
	}
	for _, c := range []struct {
		th          CueThreat
		vacuumFails bool
	}{
		{CueThreat{"mrbm", "tabriz", "moscow"}, true},
		{CueThreat{"irbm", "semnan", "berlin"}, false},
		{CueThreat{"icbm", "shahroud", "washington"}, true},
	} {
		tr, err := Fly(f, c.th.Class, c.th.From, c.th.To)
		if err != nil {
			t.Fatal(err)
		}
		for _, altM := range []float64{100e3, 40e3} {
			// The time the true flight descends through altM, to 1 ms.
			lo, hi := tr.FlightTimeS/2, tr.FlightTimeS
			for hi-lo > 1e-3 {
				mid := (lo + hi) / 2
				if p, _, _ := tr.StateAt(mid); w.e.ToLLA(p).AltM > altM {
					lo = mid
				} else {
					hi = mid
				}
			}
			pos, vel, _ := tr.StateAt(lo)
			predict := func(beta float64) (float64, float64) {
				n.pic = newPicture(track.NewBallistic(w.e, qBallistic))
				var p [6][6]float64
				for i := range 6 {
					p[i][i] = 1e-2
				}
				stn, err := n.pic.fuse(lo, fusion.Report{Source: "test", ID: 1, Nation: "RU", TimeS: lo, X: track.FromECEF(pos, vel, lo), P: p, Firm: true})
				if err != nil {
					t.Fatal(err)
				}
				x, _, _ := n.pic.Estimate(stn, lo)
				ep, ev := track.ToECEF(x, lo)
				pred, err := bmc.Predict(w.e, lo, ep, ev, beta)
				if err != nil {
					t.Fatalf("%v from %g km: no prediction: %v", c.th, altM/1e3, err)
				}
				d, _, _ := geo.WGS84.Inverse(pred.Impact, tr.Impact)
				return pred.FlightTimeS - tr.FlightTimeS, d
			}
			dragS, dragM := predict(bmc.DefaultReentryBetaKgM2)
			vacS, _ := predict(0)
			if math.Abs(dragS) > tolS || dragM > 1e3 {
				t.Errorf("%v from %g km: predicted impact %+.1f s and %.0f m from the true one; tolerance %g s, 1 km", c.th, altM/1e3, dragS, dragM, tolS)
			}
			if c.vacuumFails && !(math.Abs(vacS) > tolS) {
				t.Errorf("%v from %g km: a vacuum prediction is only %+.1f s off: it does not test the drag", c.th, altM/1e3, vacS)
			}
			t.Logf("%v from %g km: with %g kg/m² %+.1f s (%.0f m), in vacuum %+.1f s", c.th, altM/1e3, bmc.DefaultReentryBetaKgM2, dragS, dragM, vacS)
		}
	}
}
