package sensor

import (
	"math"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// Interval is a span of time, seconds from launch, during which an object is
// in view: [StartS, EndS].
type Interval struct {
	StartS, EndS float64
}

// DurationS is EndS − StartS.
func (iv Interval) DurationS() float64 { return iv.EndS - iv.StartS }

// TotalS is the summed duration of disjoint intervals.
func TotalS(ivs []Interval) float64 {
	s := 0.0
	for _, iv := range ivs {
		s += iv.DurationS()
	}
	return s
}

// Default access search: sample every AccessStepS, refine each edge by
// bisection to AccessTolS. The requirement is that no interval of 1 s be
// missed and that edges be right to 0.5 s; these are ten and five hundred times
// finer, and still cost only a few milliseconds for an ICBM flight.
const (
	// AccessStepS is the longest sampling interval, s: every interval at
	// least this long contains a sample and is found.
	AccessStepS = 0.1
	// AccessTolS is the width, s, to which an edge is bracketed; the edge
	// reported is the middle of the bracket, within AccessTolS/2 of the
	// true crossing.
	AccessTolS = 1e-3
)

// AccessOptions tune the access search; the zero value is the default.
type AccessOptions struct {
	StepS float64 // sampling interval, s; 0: AccessStepS. Intervals shorter than StepS may be missed.
	TolS  float64 // edge bracket, s; 0: AccessTolS
}

func (o AccessOptions) withDefaults() AccessOptions {
	if !(o.StepS > 0) {
		o.StepS = AccessStepS
	}
	if !(o.TolS > 0) {
		o.TolS = AccessTolS
	}
	return o
}

// Access returns the intervals, seconds from launch, during which the
// trajectory is visible to the radar (Visible: geometry only), from launch
// to impact. The trajectory's Earth-fixed positions come from
// Trajectory.StateAt; the Earth must be the one it was flown over.
//
// Every interval at least opt.StepS long (0.1 s by default) is found, and
// each edge is within opt.TolS/2 (0.5 ms) of the crossing of the visibility
// boundary, up to the accuracy of the trajectory itself. An interval that
// begins at launch starts at exactly 0, one that lasts to impact ends at
// exactly FlightTimeS.
func Access(e geo.Earth, r *Radar, tr *ballistic.Trajectory, opt AccessOptions) []Interval {
	v := r.view(e)
	visible := func(tS float64) bool {
		p, _, ok := tr.StateAt(tS)
		if !ok {
			return false
		}
		_, in := v.look(p)
		return in
	}
	return Intervals(0, tr.FlightTimeS, visible, opt)
}

// Intervals finds where visible is true on [startS, endS]: it samples
// uniformly at no more than opt.StepS and bisects every change of state to
// opt.TolS. visible is assumed to change state at most once between two
// samples; two changes closer than StepS (an interval or a gap shorter than
// StepS) may be missed.
func Intervals(startS, endS float64, visible func(tS float64) bool, opt AccessOptions) []Interval {
	if !(endS >= startS) || math.IsInf(endS-startS, 0) {
		return nil
	}
	opt = opt.withDefaults()
	n := int(math.Ceil((endS - startS) / opt.StepS))
	if n < 1 {
		n = 1
	}
	at := func(i int) float64 {
		if i == n {
			return endS // exactly, whatever the rounding of the step
		}
		return startS + (endS-startS)*float64(i)/float64(n)
	}
	edge := func(lo, hi float64, wasIn bool) float64 {
		for hi-lo > opt.TolS {
			mid := (lo + hi) / 2
			if visible(mid) == wasIn {
				lo = mid
			} else {
				hi = mid
			}
		}
		return (lo + hi) / 2
	}
	var out []Interval
	prevT := at(0)
	in := visible(prevT)
	start := prevT
	for i := 1; i <= n; i++ {
		t := at(i)
		now := visible(t)
		if now != in {
			x := edge(prevT, t, in)
			if now {
				start = x
			} else {
				out = append(out, Interval{start, x})
			}
			in = now
		}
		prevT = t
	}
	if in {
		out = append(out, Interval{start, endS})
	}
	return out
}
