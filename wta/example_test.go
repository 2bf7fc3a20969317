package wta_test

import (
	"fmt"

	"github.com/jrmd/jrmd/wta"
)

// Two batteries against three threats. The long-range battery (weapon 0,
// four interceptors) reaches every threat at Pk 0.7; the short-range one
// (weapon 1, two interceptors) defends only the city that threat 2 is
// aimed at, at Pk 0.8. A salvo is at most two interceptors. Two shots at
// Pk 0.7 kill with probability 1 − 0.3² = 0.91, two at 0.8 with 0.96:
// 10·0.91 + 5·0.91 + 8·0.96 = 21.33.
func ExampleExact() {
	p := wta.Problem{
		Value:     []float64{10, 5, 8}, // value saved if the threat is destroyed
		Pk:        [][]float64{{0.7, 0.7, 0.7}, {0, 0, 0.8}},
		Inventory: []int{4, 2},
		MaxShots:  2,
	}
	shots, err := wta.Exact(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range shots {
		fmt.Printf("battery %d fires at threat %d\n", s.Weapon, s.Target)
	}
	fmt.Printf("expected value saved %.2f of %.0f\n", p.Expected(shots), 10.0+5+8)
	// Output:
	// battery 0 fires at threat 0
	// battery 0 fires at threat 0
	// battery 0 fires at threat 1
	// battery 0 fires at threat 1
	// battery 1 fires at threat 2
	// battery 1 fires at threat 2
	// expected value saved 21.33 of 23
}

// The greedy heuristic for large raids, on the same problem: it finds the
// optimum here too.
func ExampleMaxMarginalReturn() {
	p := wta.Problem{
		Value:     []float64{10, 5, 8},
		Pk:        [][]float64{{0.7, 0.7, 0.7}, {0, 0, 0.8}},
		Inventory: []int{4, 2},
		MaxShots:  2,
	}
	shots := wta.MaxMarginalReturn(p)
	fmt.Printf("%d shots, expected value saved %.2f\n", len(shots), p.Expected(shots))
	// Output:
	// 6 shots, expected value saved 21.33
}

// Validate reports every problem of a malformed matrix at once.
func ExampleProblem_Validate() {
	p := wta.Problem{
		Value:     []float64{10, -1},
		Pk:        [][]float64{{0.7, 1.5}},
		Inventory: []int{4},
	}
	fmt.Println(p.Validate())
	// Output:
	// wta: Pk[0][1] = 1.5 is not a probability
	// wta: target 1 has value -1
}
