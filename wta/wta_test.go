package wta

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randomProblem draws a small instance: 1–3 weapons with 0–3 interceptors,
// 1–4 targets with values 1–10, Pk in [0.3, 0.95] or 0 (out of reach).
func randomProblem(rng *rand.Rand) Problem {
	nw, nt := 1+rng.IntN(3), 1+rng.IntN(4)
	p := Problem{Value: make([]float64, nt), Pk: make([][]float64, nw), Inventory: make([]int, nw)}
	for t := range nt {
		p.Value[t] = 1 + 9*rng.Float64()
	}
	for w := range nw {
		p.Inventory[w] = rng.IntN(4)
		p.Pk[w] = make([]float64, nt)
		for t := range nt {
			if rng.Float64() < 0.8 {
				p.Pk[w][t] = 0.3 + 0.65*rng.Float64()
			}
		}
	}
	if rng.IntN(3) == 0 {
		p.MaxShots = 1 + rng.IntN(2)
	}
	return p
}

// bruteForce enumerates every way to fire every interceptor at any target
// or not at all, respecting the salvo cap, and returns the best value.
func bruteForce(p Problem) float64 {
	var units []int // one entry per interceptor: its weapon
	for w, n := range p.Inventory {
		for range n {
			units = append(units, w)
		}
	}
	best := 0.0
	assign := make([]int, len(units)) // target, or −1
	var rec func(i int)
	rec = func(i int) {
		if i == len(units) {
			var shots []Shot
			count := make([]int, len(p.Value))
			for k, t := range assign {
				if t >= 0 {
					shots = append(shots, Shot{units[k], t})
					count[t]++
					if p.MaxShots > 0 && count[t] > p.MaxShots {
						return
					}
				}
			}
			best = math.Max(best, p.Expected(shots))
			return
		}
		for t := -1; t < len(p.Value); t++ {
			assign[i] = t
			rec(i + 1)
		}
	}
	rec(0)
	return best
}

// The exact solver is optimal on 200 random small instances checked
// by brute force; the heuristic stays within 5 % of optimal on them.
func TestExactAndHeuristicAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	worst := 1.0
	for i := range 200 {
		p := randomProblem(rng)
		want := bruteForce(p)
		shots, err := Exact(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Expected(shots); math.Abs(got-want) > 1e-9 {
			t.Fatalf("instance %d %+v: exact %.6f, brute force %.6f", i, p, got, want)
		}
		checkFeasible(t, p, shots)
		h := MaxMarginalReturn(p)
		checkFeasible(t, p, h)
		if want > 0 {
			r := p.Expected(h) / want
			worst = math.Min(worst, r)
			if r < 0.95 {
				t.Errorf("instance %d %+v: heuristic %.4f of optimal", i, p, r)
			}
		}
	}
	t.Logf("heuristic's worst ratio to optimal over 200 instances: %.4f", worst)
}

func checkFeasible(t *testing.T, p Problem, shots []Shot) {
	t.Helper()
	used := make([]int, len(p.Inventory))
	per := make([]int, len(p.Value))
	for _, s := range shots {
		used[s.Weapon]++
		per[s.Target]++
		if p.Pk[s.Weapon][s.Target] == 0 {
			t.Errorf("shot %+v at a target out of reach", s)
		}
	}
	for w, n := range used {
		if n > p.Inventory[w] {
			t.Errorf("weapon %d fires %d of %d", w, n, p.Inventory[w])
		}
	}
	for tg, n := range per {
		if p.MaxShots > 0 && n > p.MaxShots {
			t.Errorf("target %d gets %d shots, cap %d", tg, n, p.MaxShots)
		}
	}
}

// With identical weapons the greedy is optimal (den Broeder et al. 1959):
// one weapon type, Pk 0.7 everywhere, values 1..5, inventory 7.
func TestMaxMarginalReturnOptimalForIdenticalWeapons(t *testing.T) {
	p := Problem{Value: []float64{1, 2, 3, 4, 5}, Pk: [][]float64{{0.7, 0.7, 0.7, 0.7, 0.7}}, Inventory: []int{7}}
	ex, _ := Exact(p)
	if g, e := p.Expected(MaxMarginalReturn(p)), p.Expected(ex); math.Abs(g-e) > 1e-12 {
		t.Errorf("greedy %.6f, optimal %.6f", g, e)
	}
}

func TestValidateAndLimits(t *testing.T) {
	bad := Problem{Value: []float64{1, math.NaN()}, Pk: [][]float64{{0.5, 1.5}}, Inventory: []int{-1}, MaxShots: -2}
	err := bad.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"Pk[0][1]", "inventory -1", "target 1", "MaxShots"} {
		if !contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	big := Problem{Value: make([]float64, 50), Pk: make([][]float64, 10), Inventory: make([]int, 10)}
	for w := range big.Pk {
		big.Pk[w] = make([]float64, 50)
		big.Inventory[w] = 10
	}
	if _, err := Exact(big); err == nil {
		t.Error("exact solver accepted a huge problem")
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// Performance target: a 1,000 × 500 assignment with the heuristic in < 50 ms
// (1,000 threats, 500 single-interceptor weapons, dense random Pk).
func BenchmarkMaxMarginalReturn1000x500(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	p := Problem{Value: make([]float64, 1000), Pk: make([][]float64, 500), Inventory: make([]int, 500)}
	for t := range p.Value {
		p.Value[t] = 1 + rng.Float64()
	}
	for w := range p.Pk {
		p.Inventory[w] = 1
		p.Pk[w] = make([]float64, 1000)
		for t := range p.Pk[w] {
			p.Pk[w][t] = 0.5 + 0.4*rng.Float64()
		}
	}
	for b.Loop() {
		MaxMarginalReturn(p)
	}
}
