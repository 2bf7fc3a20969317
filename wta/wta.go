package wta

import (
	"container/heap"
	"errors"
	"fmt"
	"math"
)

// Problem is a static weapon-target assignment: weapons (batteries, each
// with an inventory of identical interceptors) against targets (threats,
// each with the value saved if it is destroyed). Shots are independent:
// a target survives a set of shots with probability Π (1 − Pk[w][t]).
type Problem struct {
	Value     []float64   // per target
	Pk        [][]float64 // [weapon][target] single-shot kill probability; 0: cannot engage
	Inventory []int       // per weapon
	// MaxShots caps the shots at one target (a doctrine's salvo size);
	// 0: no cap.
	MaxShots int
}

// Shot is one interceptor of a weapon fired at a target.
type Shot struct{ Weapon, Target int }

// Validate reports every problem with the matrices at once.
func (p Problem) Validate() error {
	var errs []error
	if len(p.Pk) != len(p.Inventory) {
		errs = append(errs, fmt.Errorf("wta: %d rows of Pk for %d weapons", len(p.Pk), len(p.Inventory)))
	}
	for w, row := range p.Pk {
		if len(row) != len(p.Value) {
			errs = append(errs, fmt.Errorf("wta: weapon %d: %d kill probabilities for %d targets", w, len(row), len(p.Value)))
		}
		for t, pk := range row {
			if !(pk >= 0 && pk <= 1) {
				errs = append(errs, fmt.Errorf("wta: Pk[%d][%d] = %g is not a probability", w, t, pk))
			}
		}
	}
	for w, n := range p.Inventory {
		if n < 0 {
			errs = append(errs, fmt.Errorf("wta: weapon %d has inventory %d", w, n))
		}
	}
	for t, v := range p.Value {
		if !(v >= 0) || math.IsInf(v, 0) {
			errs = append(errs, fmt.Errorf("wta: target %d has value %g", t, v))
		}
	}
	if p.MaxShots < 0 {
		errs = append(errs, fmt.Errorf("wta: MaxShots %d is negative", p.MaxShots))
	}
	return errors.Join(errs...)
}

// Expected is the expected value destroyed by a set of shots.
func (p Problem) Expected(shots []Shot) float64 {
	survive := make([]float64, len(p.Value))
	for t := range survive {
		survive[t] = 1
	}
	for _, s := range shots {
		survive[s.Target] *= 1 - p.Pk[s.Weapon][s.Target]
	}
	total := 0.0
	for t, v := range p.Value {
		total += v * (1 - survive[t])
	}
	return total
}

// MaxMarginalReturn assigns greedily by maximum marginal return (den
// Broeder, Ellison and Emerling, "On optimum target assignments", Operations
// Research 7, 1959): repeatedly fire the interceptor whose shot adds the most
// expected value, V_t·S_t·Pk (S_t the target's current survival), until no
// shot adds value; then improve by local search (improve). The greedy is
// optimal when all weapons are alike; with unlike weapons the local search
// recovers most of the gap (Ahuja, Kumar, Jha and Orlin, "Exact and
// heuristic algorithms for the weapon-target assignment problem",
// Operations Research 55, 2007, use the same construction).
func MaxMarginalReturn(p Problem) []Shot {
	nt, nw := len(p.Value), len(p.Inventory)
	inv := append([]int(nil), p.Inventory...)
	survive := make([]float64, nt)
	shots := make([]int, nt)
	best := make([]int, nt) // each target's best weapon with interceptors left, −1: none
	bestOf := func(t int) int {
		b := -1
		for w := range nw {
			if inv[w] > 0 && p.Pk[w][t] > 0 && (b < 0 || p.Pk[w][t] > p.Pk[b][t]) {
				b = w
			}
		}
		return b
	}
	h := make(gainHeap, 0, nt)
	for t := range nt {
		survive[t] = 1
		if best[t] = bestOf(t); best[t] >= 0 && p.Value[t] > 0 {
			h = append(h, gain{t: t, g: p.Value[t] * p.Pk[best[t]][t]})
		}
	}
	heap.Init(&h)
	var out []Shot
	for h.Len() > 0 {
		t := h[0].t
		if p.MaxShots > 0 && shots[t] >= p.MaxShots {
			heap.Pop(&h)
			continue
		}
		if inv[best[t]] == 0 { // its best weapon ran out since: re-key
			if best[t] = bestOf(t); best[t] < 0 {
				heap.Pop(&h)
			} else {
				h[0].g = p.Value[t] * survive[t] * p.Pk[best[t]][t]
				heap.Fix(&h, 0)
			}
			continue
		}
		w := best[t]
		out = append(out, Shot{Weapon: w, Target: t})
		inv[w]--
		shots[t]++
		survive[t] *= 1 - p.Pk[w][t]
		h[0].g = p.Value[t] * survive[t] * p.Pk[w][t]
		heap.Fix(&h, 0)
	}
	return improve(p, out)
}

// improve is a first-improvement local search over two neighbourhoods:
// move one shot to another target, and swap the targets of two shots of
// different weapons. It stops when no move gains more than a relative
// 1e-12, or after a bounded number of passes.
func improve(p Problem, shots []Shot) []Shot {
	nt := len(p.Value)
	count := make([]int, nt)
	for _, s := range shots {
		count[s.Target]++
	}
	// survival of target t without shot k (and with another weapon added).
	surviveWithout := func(t, skip, skip2 int) float64 {
		sv := 1.0
		for k, s := range shots {
			if s.Target == t && k != skip && k != skip2 {
				sv *= 1 - p.Pk[s.Weapon][t]
			}
		}
		return sv
	}
	// surv[t]: survival of target t under all shots; without(t, w) removes
	// one shot of weapon w (dividing, unless Pk is 1: then recount).
	surv := make([]float64, nt)
	for t := range surv {
		surv[t] = 1
	}
	for _, s := range shots {
		surv[s.Target] *= 1 - p.Pk[s.Weapon][s.Target]
	}
	without := func(t, w int) float64 {
		if q := 1 - p.Pk[w][t]; q > 1e-9 {
			return surv[t] / q
		}
		sv, skipped := 1.0, false
		for _, s := range shots {
			if s.Target == t {
				if s.Weapon == w && !skipped {
					skipped = true
					continue
				}
				sv *= 1 - p.Pk[s.Weapon][t]
			}
		}
		return sv
	}
	total := p.Expected(shots)
	small := len(shots) <= 64 // the quadratic swap neighbourhood only where it is cheap
	for range 20 {
		moved := false
		for k := range shots {
			w, t := shots[k].Weapon, shots[k].Target
			for t2 := range nt {
				if t2 == t || p.Pk[w][t2] == 0 || (p.MaxShots > 0 && count[t2] >= p.MaxShots) {
					continue
				}
				svT := without(t, w)
				// Gain on t2 minus loss on t.
				delta := p.Value[t2]*surv[t2]*p.Pk[w][t2] - p.Value[t]*svT*p.Pk[w][t]
				if delta > 1e-12*math.Max(1, total) {
					shots[k].Target = t2
					count[t]--
					count[t2]++
					surv[t] = svT
					surv[t2] *= 1 - p.Pk[w][t2]
					total += delta
					t = t2
					moved = true
				}
			}
		}
		if small {
			for a := range shots {
				for b := a + 1; b < len(shots); b++ {
					sa, sb := shots[a], shots[b]
					if sa.Target == sb.Target || sa.Weapon == sb.Weapon ||
						p.Pk[sa.Weapon][sb.Target] == 0 || p.Pk[sb.Weapon][sa.Target] == 0 {
						continue
					}
					before := p.Value[sa.Target]*(1-surviveWithout(sa.Target, -1, -1)) + p.Value[sb.Target]*(1-surviveWithout(sb.Target, -1, -1))
					shots[a].Target, shots[b].Target = sb.Target, sa.Target
					after := p.Value[sa.Target]*(1-surviveWithout(sa.Target, -1, -1)) + p.Value[sb.Target]*(1-surviveWithout(sb.Target, -1, -1))
					if after-before > 1e-12*math.Max(1, total) {
						total += after - before
						surv[sa.Target] = surviveWithout(sa.Target, -1, -1)
						surv[sb.Target] = surviveWithout(sb.Target, -1, -1)
						moved = true
					} else {
						shots[a].Target, shots[b].Target = sa.Target, sb.Target
					}
				}
			}
		}
		if !moved {
			break
		}
	}
	return shots
}

type gain struct {
	t int
	g float64
}

// gainHeap is a max-heap of targets by marginal gain, ties by target index
// so the result is deterministic.
type gainHeap []gain

func (h gainHeap) Len() int { return len(h) }
func (h gainHeap) Less(i, j int) bool {
	return h[i].g > h[j].g || (h[i].g == h[j].g && h[i].t < h[j].t)
}
func (h gainHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *gainHeap) Push(x any)   { *h = append(*h, x.(gain)) }
func (h *gainHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
