package wta

import "fmt"

// exactLimit bounds the exact solver's work (states × allocations × targets).
const exactLimit = 50_000_000

// Exact solves a small problem optimally by dynamic programming over the
// targets, the state being each weapon's remaining inventory: the value of
// targets t.. with inventory s is the best, over every allocation a to
// target t, of its expected kill value plus the value of targets t+1.. with
// s − a. It returns an error when the problem is too large for it.
func Exact(p Problem) ([]Shot, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	nw, nt := len(p.Inventory), len(p.Value)
	// Mixed-radix encoding of inventory vectors.
	radix := make([]int, nw)
	states := 1
	for w, n := range p.Inventory {
		radix[w] = states
		states *= n + 1
		if states > 1_000_000 {
			return nil, fmt.Errorf("wta: too many inventory states for the exact solver")
		}
	}
	if states*states*max(nt, 1) > exactLimit {
		return nil, fmt.Errorf("wta: problem too large for the exact solver (%d states, %d targets)", states, nt)
	}
	digit := func(s, w int) int { return s / radix[w] % (p.Inventory[w] + 1) }
	// best[t][s]: optimal value of targets t.. from state s; choice[t][s]:
	// the allocation (a state-encoded vector) taken at target t.
	best := make([][]float64, nt+1)
	choice := make([][]int, nt)
	best[nt] = make([]float64, states)
	for t := nt - 1; t >= 0; t-- {
		best[t] = make([]float64, states)
		choice[t] = make([]int, states)
		for s := range states {
			bv, ba := -1.0, 0
			// Enumerate allocations a ≤ s componentwise.
			for a := range states {
				shots, survive, ok := 0, 1.0, true
				for w := range nw {
					k := digit(a, w)
					if k > digit(s, w) {
						ok = false
						break
					}
					shots += k
					for range k {
						survive *= 1 - p.Pk[w][t]
					}
				}
				if !ok || (p.MaxShots > 0 && shots > p.MaxShots) {
					continue
				}
				if v := p.Value[t]*(1-survive) + best[t+1][s-a]; v > bv+1e-12 {
					bv, ba = v, a
				}
			}
			best[t][s], choice[t][s] = bv, ba
		}
	}
	var shots []Shot
	s := states - 1 // full inventory: every digit at its maximum
	for t := range nt {
		a := choice[t][s]
		for w := range nw {
			for range digit(a, w) {
				shots = append(shots, Shot{Weapon: w, Target: t})
			}
		}
		s -= a
	}
	return shots, nil
}
