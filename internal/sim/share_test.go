package sim

import (
	"slices"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/internal/link/linkv1"
)

// A track report names the partners' tracks its sender fused into it, and
// a receiver takes it into the system track one of them feeds there: its
// own, first, or a third nation's. A partner is told only of the tracks it
// hears itself (its own, and those of nations that share with it).
func TestCorrelatedTracks(t *testing.T) {
	f := stressScenario(t, 1)
	f.Nations[4].ShareWith = []string{"B", "C", "D"} // E does not share with A
	w, err := build(f, Options{}, "A", 0)
	if err != nil {
		t.Fatal(err)
	}
	a := w.byNation["A"]
	x := [6]float64{7e6, 0, 0, 0, 5e3, 0}
	p := [6][6]float64{}
	for i := range 6 {
		p[i][i] = 1e6
	}
	update := func(src, nation string, id uint64, dx float64) uint64 {
		t.Helper()
		y := x
		y[1] += dx
		stn, _, err := a.pic.Update(fusion.Report{Source: src, ID: id, Nation: nation, TimeS: 100, X: y, P: p})
		if err != nil {
			t.Fatal(err)
		}
		return stn
	}
	own := update("r-A-0", "A", 1, 0)
	viaB := update("nation:B", "B", 7, 1e6)
	ref := func(nation string, stn uint64) *linkv1.TrackRef {
		return &linkv1.TrackRef{Nation: nation, SystemTrack: stn}
	}
	for _, c := range []struct {
		refs []*linkv1.TrackRef
		want uint64
	}{
		{nil, 0},
		{[]*linkv1.TrackRef{ref("B", 7)}, viaB},
		{[]*linkv1.TrackRef{ref("C", 3), ref("B", 7), ref("A", own)}, own},
		{[]*linkv1.TrackRef{ref("B", 8), ref("A", 999)}, 0},
		{[]*linkv1.TrackRef{ref("C", own)}, 0},
	} {
		if got := a.correlated(c.refs); got != c.want {
			t.Errorf("refs %v: system track %d, want %d", c.refs, got, c.want)
		}
	}

	// B's report naming A's, C's and E's tracks.
	b := &nation{w: w, id: "B"}
	msg := &linkv1.Envelope{Body: &linkv1.Envelope_Track{Track: &linkv1.TrackReport{SystemTrack: 5, SourceNation: "B",
		Correlated: []*linkv1.TrackRef{ref("A", 1), ref("C", 2), ref("E", 3)}}}}
	nations := func(env *linkv1.Envelope) []string {
		var out []string
		for _, r := range env.GetTrack().Correlated {
			out = append(out, r.Nation)
		}
		return out
	}
	if got := nations(b.releasable(msg, "A")); !slices.Equal(got, []string{"A", "C"}) {
		t.Errorf("A is told of %v's tracks, want A's and C's (E does not share with A)", got)
	}
	if got := nations(b.releasable(msg, "C")); !slices.Equal(got, []string{"A", "C", "E"}) {
		t.Errorf("C is told of %v's tracks, want all three", got)
	}
	if got := nations(msg); len(got) != 3 {
		t.Errorf("the report itself was changed: %v", got)
	}
}

// Reporting responsibility: a nation leaves out of its track reports the
// partners that hear a better report of the object, two nations never both
// fall silent on each other, and a partner that stops reporting is taken
// over.
func TestReportingResponsibility(t *testing.T) {
	f := load(t, reference) // US shares with RU and DE, RU only with the US
	const now = 100.0
	// picture: nation self's fuser holding its own radar's track of an
	// object (position variance ownVar, m² per axis) and a partner's report
	// of it made ageS ago.
	picture := func(self, partner string, ownVar, partnerVar float64, ownFC, partnerFC bool, ageS float64) (*nation, *fusion.SystemTrack) {
		w, err := build(f, Options{Level: bmc.Step2}, self, 0)
		if err != nil {
			t.Fatal(err)
		}
		w.now = now
		n := w.byNation[self]
		cov := func(v float64) (p [6][6]float64) {
			for i := range 3 {
				p[i][i], p[i+3][i+3] = v, 1e-6
			}
			return p
		}
		// The partner's report: the object ageS earlier, on the path
		// association predicts (a second-order step under gravity).
		x := [6]float64{7e6, 0, 0, 0, 7e3, 0}
		g := -geo.MuEarth / (7e6 * 7e6)
		xp := [6]float64{7e6 + 0.5*g*ageS*ageS, -7e3 * ageS, 0, -g * ageS, 7e3, 0}
		fu := &fusion.Fuser{}
		for _, r := range []fusion.Report{
			{Source: "radar", ID: 1, Nation: self, TimeS: now, X: x, P: cov(ownVar), FireControl: ownFC},
			{Source: "nation:" + partner, ID: 7, Nation: partner, TimeS: now - ageS, X: xp, P: cov(partnerVar), FireControl: partnerFC},
		} {
			if _, _, err := fu.Update(r); err != nil {
				t.Fatal(err)
			}
		}
		if len(fu.Tracks()) != 1 {
			t.Fatalf("%d system tracks, want the one object", len(fu.Tracks()))
		}
		return n, fu.Tracks()[0]
	}
	better := func(self, partner string, ownVar, partnerVar float64, ownFC, partnerFC bool, ageS float64) []string {
		n, st := picture(self, partner, ownVar, partnerVar, ownFC, partnerFC, ageS)
		return n.better(st, 3*ownVar)
	}

	// RU's track is four times better: the US leaves RU out, but still
	// reports to DE, which RU does not share with.
	n, st := picture("US", "RU", 4e6, 1e6, false, false, 1)
	b := n.better(st, 3*4e6)
	if !slices.Equal(b, []string{"RU"}) {
		t.Fatalf("better %v, want [RU]", b)
	}
	if !n.w.hearsBetter("RU", b) || n.w.hearsBetter("DE", b) {
		t.Errorf("RU hears better: %v, DE: %v; want true, false", n.w.hearsBetter("RU", b), n.w.hearsBetter("DE", b))
	}
	if n.w.hearsAll(n.shareWith, b) {
		t.Error("the US's report would reach no partner: want it sent to DE")
	}
	for _, c := range []struct {
		name                string
		ownVar, partnerVar  float64
		ownFC, partnerFC    bool
		ageS                float64
		wantPartnerIsBetter bool
	}{
		{"like quality: both report", 4e6, 3e6, false, false, 1, false},
		{"partner's report stopped 11 s ago", 4e6, 1e4, false, false, 11, false},
		{"partner has fire control", 1e4, 4e6, false, true, 1, true},
		{"own fire control", 4e6, 1e4, true, false, 1, false},
		{"both fire control, partner far better", 4e6, 1e4, true, true, 1, true},
	} {
		got := len(better("US", "RU", c.ownVar, c.partnerVar, c.ownFC, c.partnerFC, c.ageS)) > 0
		if got != c.wantPartnerIsBetter {
			t.Errorf("%s: partner better %v, want %v", c.name, got, c.wantPartnerIsBetter)
		}
	}
	// Two nations that hear each other never both fall silent.
	for _, ratio := range []float64{0.1, 0.3, 0.5, 0.7, 1, 1.4, 2, 3, 10} {
		for _, fc := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			va, vb := 1e6, 1e6*ratio
			us := better("US", "RU", va, vb, fc[0], fc[1], 0)
			ru := better("RU", "US", vb, va, fc[1], fc[0], 0)
			if len(us) > 0 && len(ru) > 0 {
				t.Errorf("variances %g and %g, fire control %v: both silent", va, vb, fc)
			}
		}
	}
}

// In the stress raid, where every nation sees most objects and shares with
// all, a nation's picture holds about one partner's fresh report per object
// instead of one from every partner that sees it (3.2 of 4 without
// reporting responsibility).
func TestOneReporterPerObject(t *testing.T) {
	if raceDetector {
		t.Skip("the stress raid runs under the race detector in TestIntegratedAssignmentSharesTheRaid")
	}
	var tracks, partners int
	_, err := Run(stressScenario(t, 1), Options{afterStep: func(now float64, parts []*Part) {
		if now < 400 || now > 700 {
			return
		}
		for _, p := range parts {
			for _, n := range p.w.nations {
				for _, st := range n.pic.Tracks() {
					if !st.Has(n.id, false) {
						continue
					}
					var heard []string
					for _, r := range st.Reports {
						if r.Nation != n.id && now-r.TimeS <= 2*shareS && !slices.Contains(heard, r.Nation) {
							heard = append(heard, r.Nation)
						}
					}
					tracks++
					partners += len(heard)
				}
			}
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	mean := float64(partners) / float64(tracks)
	t.Logf("partners reporting an object a nation sees itself: %.2f on average (%d tracks)", mean, tracks)
	if mean > 1.5 {
		t.Errorf("%.2f partners report each object: want about one (under 1.5)", mean)
	}
}
