package bmc

import (
	"math"

	"github.com/jrmd/jrmd/internal/geo"
	"github.com/jrmd/jrmd/internal/wta"
)

// Asset is a defended asset.
type Asset struct {
	ID     string
	Nation string
	Pos    geo.LLA
	Value  float64
}

// LethalRadiusM is how close to an asset a predicted impact must fall (plus
// three times its uncertainty) to threaten it: an illustrative area-target
// radius for a city, not a weapons-effects figure.
const LethalRadiusM = 30e3

// Threatened returns the defended asset a predicted impact threatens: the
// nearest one within LethalRadiusM + 3σ, or −1.
func Threatened(e geo.Earth, impact geo.LLA, sigmaM float64, assets []Asset) int {
	best, bestD := -1, math.Inf(1)
	for i, a := range assets {
		d, _, _ := e.Inverse(impact, a.Pos)
		if d <= LethalRadiusM+3*sigmaM && d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// Assign chooses which batteries fire at which threats: value[t] is what is
// saved by killing threat t, pk[b][t] a battery's single-shot kill
// probability against it (0 where it cannot engage), inventory[b] its
// interceptors, salvo the doctrine's cap of interceptors per threat. Small
// problems are solved exactly, larger ones by maximum marginal return.
func Assign(value []float64, pk [][]float64, inventory []int, salvo int) ([]wta.Shot, error) {
	p := wta.Problem{Value: value, Pk: pk, Inventory: inventory, MaxShots: salvo}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	// The exact solver's work grows as (Π inventory+1)²·threats: use it
	// only where that stays around a millisecond.
	states := 1
	for _, n := range inventory {
		if states *= n + 1; states > 1000 {
			break
		}
	}
	if states*states*len(value) <= 200_000 {
		if shots, err := wta.Exact(p); err == nil {
			return shots, nil
		}
	}
	return wta.MaxMarginalReturn(p), nil
}
