package track

import "testing"

func BenchmarkCombine(b *testing.B) {
	var st [MaxModes]State
	for k := range 2 {
		for i := range 6 {
			st[k].X[i] = float64(i*7+k) + 0.5
			for j := range 6 {
				st[k].P[i][j] = float64((i+1)*(j+1)) + float64(k)
			}
		}
	}
	w := []float64{0.3, 0.7}
	var sink float64
	for b.Loop() {
		x, p := combine(&st, w)
		sink += x[0] + p[5][5]
	}
	_ = sink
}

func combine2(states *[MaxModes]State, w []float64) (x [6]float64, p [6][6]float64) {
	n := min(len(w), MaxModes)
	for k := range n {
		wk := w[k]
		xk := &states[k].X
		for i := range 6 {
			x[i] += wk * xk[i]
		}
	}
	var d [MaxModes][6]float64
	for k := range n {
		xk := &states[k].X
		for i := range 6 {
			d[k][i] = xk[i] - x[i]
		}
	}
	for i := range 6 {
		for j := i; j < 6; j++ {
			var v float64
			for k := range n {
				if w[k] != 0 {
					v += w[k] * (states[k].P[i][j] + d[k][i]*d[k][j])
				}
			}
			p[i][j], p[j][i] = v, v
		}
	}
	return x, p
}

func BenchmarkCombine2(b *testing.B) {
	var st [MaxModes]State
	for k := range 2 {
		for i := range 6 {
			st[k].X[i] = float64(i*7+k) + 0.5
			for j := range 6 {
				st[k].P[i][j] = float64((i+1)*(j+1)) + float64(k)
			}
		}
	}
	w := []float64{0.3, 0.7}
	var sink float64
	for b.Loop() {
		x, p := combine2(&st, w)
		sink += x[0] + p[5][5]
	}
	_ = sink
}
