package track

import (
	"math"
	"sort"

	"github.com/jrmd/jrmd/internal/mat"
)

// Metrics of tracking performance: set distances between truth and tracks
// (OSPA, GOSPA), accuracy (RMSE), consistency (NEES), and the track-
// management scores (continuity, purity, swaps, time to a firm track).

// minCostPairs returns the least total of min(d, c)^p over assignments of
// the smaller of x, y into the larger, and the distances of the pairs
// taken (NaN-free; empty if either set is empty).
func minCostPairs(x, y [][3]float64, c, p float64) (total float64, dists []float64) {
	small, large := x, y
	if len(small) > len(large) {
		small, large = large, small
	}
	if len(small) == 0 {
		return 0, nil
	}
	cp := math.Pow(c, p)
	d := make([]float64, len(small)*len(large))
	cost := make([]float64, len(d))
	for i, a := range small {
		for j, b := range large {
			dist := math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
			d[i*len(large)+j] = dist
			if dist >= c {
				cost[i*len(large)+j] = cp
			} else {
				cost[i*len(large)+j] = math.Pow(dist, p)
			}
		}
	}
	sol := make([]int, len(small))
	var as Assigner
	total, err := as.Solve(cost, len(small), len(large), sol)
	if err != nil { // cannot happen: every cost is finite
		return math.NaN(), nil
	}
	dists = make([]float64, len(small))
	for i, j := range sol {
		dists[i] = d[i*len(large)+j]
	}
	return total, dists
}

// OSPA returns the optimal sub-pattern assignment distance of order p ≥ 1
// and cut-off c > 0 between the point sets x and y (Schuhmacher, Vo and Vo,
// "A consistent metric for performance evaluation of multi-object
// filters", IEEE Trans. Signal Processing 56(8) (2008) 3447–3457, eq. 3):
// with m = |x| ≤ n = |y|,
//
//	OSPA = ( (1/n)·( min_π Σᵢ min(d(xᵢ, y_π(i)), c)^p + c^p·(n − m) ) )^(1/p),
//
// in metres; 0 for two empty sets. The optimal π comes from Assigner.
func OSPA(x, y [][3]float64, c, p float64) float64 {
	n := max(len(x), len(y))
	if n == 0 {
		return 0
	}
	m := min(len(x), len(y))
	total, _ := minCostPairs(x, y, c, p)
	return math.Pow((total+math.Pow(c, p)*float64(n-m))/float64(n), 1/p)
}

// GOSPAResult is a GOSPA distance and its decomposition.
type GOSPAResult struct {
	Distance float64 // m
	// LocalisationP is Σ d^p over the assigned pairs (d < c), in m^p;
	// Missed and False count the truths and the tracks left unassigned.
	// Distance^p = LocalisationP + c^p/2·(Missed + False).
	LocalisationP float64
	Assigned      int
	Missed        int
	False         int
}

// GOSPA returns the generalised OSPA distance with α = 2 of order p ≥ 1 and
// cut-off c > 0 between truths x and estimates y (Rahmathullah, García-
// Fernández and Svensson, "Generalized optimal sub-pattern assignment
// metric", Proc. FUSION 2017, Proposition 1): the least over assignments γ
// of pairs closer than c of
//
//	Σ_γ d^p + (c^p/2)·(|x| + |y| − 2|γ|),
//
// raised to 1/p. Unlike OSPA it is not normalised by the set size, so it
// penalises a missed target and a false track by c/2^(1/p) each, and it
// splits into localisation, missed and false parts.
func GOSPA(x, y [][3]float64, c, p float64) GOSPAResult {
	_, dists := minCostPairs(x, y, c, p)
	var r GOSPAResult
	for _, d := range dists {
		if d < c {
			r.Assigned++
			r.LocalisationP += math.Pow(d, p)
		}
	}
	r.Missed = len(x) - r.Assigned
	r.False = len(y) - r.Assigned
	r.Distance = math.Pow(r.LocalisationP+math.Pow(c, p)/2*float64(r.Missed+r.False), 1/p)
	return r
}

// NEES returns the normalised estimation error squared (x − x̂)ᵀ·P⁻¹·(x − x̂)
// of an estimate x̂ with covariance p of the true state x (Bar-Shalom, Li
// and Kirubarajan 2001, §5.4.2); NaN if p is not positive definite.
func NEES(truth, est [6]float64, p *[6][6]float64) float64 {
	var e [6]float64
	for i := range 6 {
		e[i] = truth[i] - est[i]
	}
	v, ok := mat.MahalanobisSq6(p, e)
	if !ok {
		return math.NaN()
	}
	return v
}

// RMSE accumulates position and velocity errors for root-mean-square
// figures. The zero value is ready to use.
type RMSE struct {
	N          int
	sumP, sumV float64
}

// Add records one estimate of a true state.
func (r *RMSE) Add(truth, est [6]float64) {
	var p, v float64
	for i := range 3 {
		p += (truth[i] - est[i]) * (truth[i] - est[i])
		v += (truth[3+i] - est[3+i]) * (truth[3+i] - est[3+i])
	}
	r.N++
	r.sumP += p
	r.sumV += v
}

// PositionM returns the position RMSE (3-D), m.
func (r *RMSE) PositionM() float64 { return math.Sqrt(r.sumP / float64(r.N)) }

// VelocityMps returns the velocity RMSE (3-D), m/s.
func (r *RMSE) VelocityMps() float64 { return math.Sqrt(r.sumV / float64(r.N)) }

// Score is the track-management record of a run, from measurement origins
// (Measurement.TruthID), which a simulation knows exactly:
//
//   - Purity: of all updates of confirmed tracks, the fraction that came
//     from the truth that contributed most to their track (false alarms
//     count as impure).
//   - Swaps: the times a confirmed track's updates changed from one truth to
//     another (false alarms in between are skipped).
//   - Breaks: the times a truth's updates moved from one confirmed track to
//     another (the loss of continuity a new track ID means downstream).
//   - TimeToFirmS: for each truth, from its first measurement to the first
//     update of a confirmed track by it.
type Score struct {
	Purity           float64
	Swaps, Breaks    int
	Truths           int // truths measured at least once
	Firm             int // of them, held by a confirmed track at some time
	MeanTimeToFirmS  float64
	MaxTimeToFirmS   float64
	ConfirmedUpdates int
}

// Scorer accumulates a Score over the Steps of a Tracker. The zero value is
// ready to use.
type Scorer struct {
	tracks map[int]*trackRecord
	truths map[int]*truthRecord
}

type trackRecord struct {
	counts    map[int]int // updates per truth (−1: false alarm), while confirmed
	lastTruth int
	swaps     int
}

type truthRecord struct {
	firstS, firmS float64
	firm          bool
	lastTrack     int
	breaks        int
}

// Observe records one Step: its measurements, and the tracker's tracks and
// assignments after it.
func (s *Scorer) Observe(tS float64, ms []Measurement, tracks []Track, as []Assignment) {
	if s.tracks == nil {
		s.tracks = map[int]*trackRecord{}
		s.truths = map[int]*truthRecord{}
	}
	for i := range ms {
		if id := ms[i].TruthID; id >= 0 && s.truths[id] == nil {
			s.truths[id] = &truthRecord{firstS: tS, lastTrack: -1}
		}
	}
	for _, a := range as {
		k := sort.Search(len(tracks), func(i int) bool { return tracks[i].ID >= a.TrackID })
		if k == len(tracks) || tracks[k].ID != a.TrackID || tracks[k].Status != Confirmed {
			continue
		}
		truth := ms[a.Meas].TruthID
		tr := s.tracks[a.TrackID]
		if tr == nil {
			tr = &trackRecord{counts: map[int]int{}, lastTruth: -1}
			s.tracks[a.TrackID] = tr
		}
		tr.counts[truth]++
		if truth < 0 {
			continue
		}
		if tr.lastTruth >= 0 && tr.lastTruth != truth {
			tr.swaps++
		}
		tr.lastTruth = truth
		th := s.truths[truth]
		if !th.firm {
			th.firm, th.firmS = true, tS
		}
		if th.lastTrack >= 0 && th.lastTrack != a.TrackID {
			th.breaks++
		}
		th.lastTrack = a.TrackID
	}
}

// Score returns the scores so far.
func (s *Scorer) Score() Score {
	var sc Score
	dominant := 0
	for _, tr := range s.tracks {
		best := 0
		for truth, n := range tr.counts {
			sc.ConfirmedUpdates += n
			if truth >= 0 && n > best {
				best = n
			}
		}
		dominant += best
		sc.Swaps += tr.swaps
	}
	if sc.ConfirmedUpdates > 0 {
		sc.Purity = float64(dominant) / float64(sc.ConfirmedUpdates)
	}
	var sum float64
	for _, th := range s.truths {
		sc.Truths++
		sc.Breaks += th.breaks
		if th.firm {
			sc.Firm++
			d := th.firmS - th.firstS
			sum += d
			sc.MaxTimeToFirmS = math.Max(sc.MaxTimeToFirmS, d)
		}
	}
	if sc.Firm > 0 {
		sc.MeanTimeToFirmS = sum / float64(sc.Firm)
	}
	return sc
}
