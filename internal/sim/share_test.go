package sim

import (
	"slices"
	"testing"

	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/internal/link/linkv1"
)

// A track report names the partners' tracks its sender fused into it, and
// a receiver takes it into the system track one of them feeds there: its
// own, first, or a third nation's. A partner is told only of the tracks it
// hears itself (its own, and those of nations that share with it).
func TestCorrelatedTracks(t *testing.T) {
	f := stressScenario(1)
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
		stn, _, err := a.fuser.Update(fusion.Report{Source: src, ID: id, Nation: nation, TimeS: 100, X: y, P: p})
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
