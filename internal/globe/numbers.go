package globe

import (
	"math"
	"strconv"
)

// numbers is a JSON array of numbers that round has brought to a whole
// number of units (1 cm, 1 µs, …): each is written as the fewest decimals
// that give it back, the text encoding/json writes, without its general
// shortest-float search, which costs the scene of a large raid most of
// its writing time.
type numbers []float64

// append appends the array to b.
func (ns numbers) append(b []byte) []byte {
	b = append(b, '[')
	for i, v := range ns {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendNumber(b, v)
	}
	return append(b, ']')
}

// pow10 are the powers of ten to try as the unit's inverse, up to 1e9.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}

// appendNumber appends v with the fewest decimals d for which n/10^d, n
// whole, is v. Both n and 10^d are exact, so the division and a reader's
// parsing of the decimal round alike: the text reads back as v. Numbers
// with no such d ≤ 9, or too large for n to be exact, take strconv's
// shortest form.
func appendNumber(b []byte, v float64) []byte {
	if math.Abs(v) < 1<<40 {
		for d, p := range pow10 {
			n := math.Round(v * p)
			if n/p != v || math.Abs(n) >= 1<<53 {
				continue
			}
			return appendDecimal(b, int64(n), d)
		}
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// appendDecimal appends n/10^d with d decimals.
func appendDecimal(b []byte, n int64, d int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	if d == 0 {
		return strconv.AppendInt(b, n, 10)
	}
	var digits [24]byte
	s := strconv.AppendInt(digits[:0], n, 10)
	if len(s) <= d { // 0.00ddd
		b = append(b, '0', '.')
		for range d - len(s) {
			b = append(b, '0')
		}
		return append(b, s...)
	}
	b = append(b, s[:len(s)-d]...)
	b = append(b, '.')
	return append(b, s[len(s)-d:]...)
}
