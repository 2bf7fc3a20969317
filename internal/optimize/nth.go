package optimize

// Nth returns the element of v that sorting v by less would put at index
// k, reordering v: Hoare's selection (C. A. R. Hoare, Algorithm 65: Find,
// CACM 4(7), 1961) with median-of-three pivots, linear time on average.
// less must be a strict weak order; ties are fine.
func Nth[T any](v []T, k int, less func(a, b T) bool) T {
	lo, hi := 0, len(v)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if less(v[mid], v[lo]) {
			v[lo], v[mid] = v[mid], v[lo]
		}
		if less(v[hi], v[lo]) {
			v[lo], v[hi] = v[hi], v[lo]
		}
		if less(v[hi], v[mid]) {
			v[mid], v[hi] = v[hi], v[mid]
		}
		p := v[mid]
		i, j := lo, hi
		for i <= j {
			for less(v[i], p) {
				i++
			}
			for less(p, v[j]) {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return v[k]
		}
	}
	return v[k]
}
