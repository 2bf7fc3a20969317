package track

import "github.com/jrmd/jrmd/internal/par"

// A large scan's filter work — predicting each track near a measurement,
// scoring its pairs, updating it — is done track by track on all cores.
// The package's own filters keep all their per-track scratch in the
// track's State, so distinct tracks never share memory, and the results
// are filed in track order, chunk after chunk: the same, bit for bit, on
// any number of cores.

// trackWork is the scratch of a scan's filter work, done track by track.
type trackWork struct {
	ok     bool    // the scan's components are the package's own (see concurrent)
	tracks []int32 // the tracks with pairs, in order
	start  []int32 // track i's pairs are order[start[i]:start[i+1]]
	order  []int32 // pair indices grouped by track
	out    []scored
}

// scored is what a chunk of tracks makes: the hypotheses that pass the
// gate, by the status of their track, and the tracks it predicted.
type scored struct {
	hypsC, hypsT []Hypothesis
	predicted    []int
}

// minChunk is the fewest tracks worth handing to another core: a chunk
// costs a few microseconds of hand-over, a track several of filter work.
const minChunk = 16

// concurrent reports whether the tracker's predictor, hypothesiser and
// updater are the package's own filters, with its own motion and
// measurement models, which may work on distinct tracks at once. A
// variant's components may keep scratch of their own, so a tracker with
// one works one track at a time.
func (t *Tracker) concurrent(ms []Measurement, idx []int) bool {
	g, ok := t.Hypothesiser.(*ChiSquareGate)
	if !ok || !ownFilter(g.Predictor) || !ownFilter(t.Predictor) || !ownFilter(t.Updater) {
		return false
	}
	for _, k := range idx {
		switch ms[k].Model.(type) {
		case *AER, Position, *Position, PositionECEF, *PositionECEF:
		default:
			return false
		}
	}
	return true
}

// ownFilter reports whether f is one of the package's filters over its
// own motion models.
func ownFilter(f any) bool {
	ownMotion := func(m Motion) bool {
		switch m.(type) {
		case Ballistic, ConstantGravity, NearlyConstantVelocity:
			return true
		}
		return false
	}
	switch f := f.(type) {
	case *EKF:
		return ownMotion(f.Motion)
	case *UKF:
		return ownMotion(f.Motion)
	case *IMM:
		for _, g := range f.Filters[:f.n()] {
			if !ownFilter(g) {
				return false
			}
		}
		return true
	}
	return false
}

// scoreAll predicts and scores the scan's candidate pairs (t.pairs), track
// by track in order, each track's pairs in the order found, and keeps
// those that pass the gate in hypsC and hypsT by their track's status.
func (t *Tracker) scoreAll(ms []Measurement, idx []int) {
	ps := &t.byTrack
	ps.ok = t.concurrent(ms, idx)
	// Group the pairs by track (a counting sort, stable).
	nT := len(t.tracks)
	ps.start = growInt32(ps.start, nT+1)
	clear(ps.start)
	for _, c := range t.pairs {
		ps.start[c.i+1]++
	}
	ps.tracks = ps.tracks[:0]
	for i := range nT {
		if ps.start[i+1] > 0 {
			ps.tracks = append(ps.tracks, int32(i))
		}
		ps.start[i+1] += ps.start[i]
	}
	ps.order = growInt32(ps.order, len(t.pairs))
	for k, c := range t.pairs {
		ps.order[ps.start[c.i]] = int32(k)
		ps.start[c.i]++
	}
	copy(ps.start[1:], ps.start[:nT]) // back to the starts
	ps.start[0] = 0
	score := func(out *scored, lo, hi int) {
		for _, i := range ps.tracks[lo:hi] {
			if t.predictTo(int(i)) {
				out.predicted = append(out.predicted, int(i))
			}
			hs := &out.hypsT
			if t.tracks[i].Status == Confirmed {
				hs = &out.hypsC
			}
			for _, k := range ps.order[ps.start[i]:ps.start[i+1]] {
				n := len(*hs)
				if n < cap(*hs) {
					*hs = (*hs)[:n+1]
				} else {
					*hs = append(*hs, Hypothesis{})
				}
				j := t.pairs[k].j
				if !t.score(int(i), int(j), &ms[idx[j]], &(*hs)[n]) {
					*hs = (*hs)[:n]
				}
			}
		}
	}
	workers, size := par.Split(len(ps.tracks), minChunk)
	if !ps.ok || workers == 1 {
		out := scored{t.hypsC, t.hypsT, t.predicted}
		score(&out, 0, len(ps.tracks))
		t.hypsC, t.hypsT, t.predicted = out.hypsC, out.hypsT, out.predicted
		return
	}
	chunks := (len(ps.tracks) + size - 1) / size
	for len(ps.out) < chunks {
		ps.out = append(ps.out, scored{})
	}
	for c := range chunks {
		o := &ps.out[c]
		o.hypsC, o.hypsT, o.predicted = o.hypsC[:0], o.hypsT[:0], o.predicted[:0]
	}
	par.For(len(ps.tracks), minChunk, func(c, lo, hi int) { score(&ps.out[c], lo, hi) })
	for _, o := range ps.out[:chunks] {
		t.hypsC = append(t.hypsC, o.hypsC...)
		t.hypsT = append(t.hypsT, o.hypsT...)
		t.predicted = append(t.predicted, o.predicted...)
	}
}

func growInt32(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n, 2*n)
	}
	return s[:n]
}
