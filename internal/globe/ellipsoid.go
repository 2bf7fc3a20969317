package globe

import (
	"math"

	"github.com/jrmd/jrmd/internal/mat"
)

// axes returns the 1σ semi-axes of a position covariance (xx, xy, xz, yy,
// yz, zz, m²), largest first, and the unit quaternion (x, y, z, w) that
// turns the ellipsoid's own axes into ECEF: its rotation matrix has the
// principal directions as columns, right-handed. prev, when not nil, is
// the quaternion of the sample before: of the two signs of the same
// rotation, the one nearer to it is returned, so that interpolation turns
// the short way.
func axes(c [6]float64, prev *[4]float64) (radii [3]float64, q [4]float64) {
	a := mat.M3{{c[0], c[1], c[2]}, {c[1], c[3], c[4]}, {c[2], c[4], c[5]}}
	w, v := mat.EigSym3(a)
	idx := [3]int{0, 1, 2} // largest first, equals in order
	for i := 1; i < 3; i++ {
		for j := i; j > 0 && w[idx[j]] > w[idx[j-1]]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	var r [3][3]float64 // columns: the axes
	for k, i := range idx {
		radii[k] = math.Sqrt(math.Max(w[i], 0))
		for row := range 3 {
			r[row][k] = v[row][i]
		}
	}
	// Right-handed: the third axis is the cross product of the first two.
	r[0][2] = r[1][0]*r[2][1] - r[2][0]*r[1][1]
	r[1][2] = r[2][0]*r[0][1] - r[0][0]*r[2][1]
	r[2][2] = r[0][0]*r[1][1] - r[1][0]*r[0][1]
	q = quaternion(r)
	if prev != nil && q[0]*prev[0]+q[1]*prev[1]+q[2]*prev[2]+q[3]*prev[3] < 0 {
		q = [4]float64{-q[0], -q[1], -q[2], -q[3]}
	}
	return radii, q
}

// quaternion converts a rotation matrix to a unit quaternion (x, y, z, w)
// by Shepperd's method (J. Guidance and Control 1(3), 1978): from the
// largest of the four diagonal combinations, for accuracy.
func quaternion(r [3][3]float64) [4]float64 {
	tr := r[0][0] + r[1][1] + r[2][2]
	var q [4]float64
	switch {
	case tr >= r[0][0] && tr >= r[1][1] && tr >= r[2][2]:
		s := 2 * math.Sqrt(1+tr)
		q = [4]float64{(r[2][1] - r[1][2]) / s, (r[0][2] - r[2][0]) / s, (r[1][0] - r[0][1]) / s, s / 4}
	case r[0][0] >= r[1][1] && r[0][0] >= r[2][2]:
		s := 2 * math.Sqrt(1+r[0][0]-r[1][1]-r[2][2])
		q = [4]float64{s / 4, (r[0][1] + r[1][0]) / s, (r[0][2] + r[2][0]) / s, (r[2][1] - r[1][2]) / s}
	case r[1][1] >= r[2][2]:
		s := 2 * math.Sqrt(1+r[1][1]-r[0][0]-r[2][2])
		q = [4]float64{(r[0][1] + r[1][0]) / s, s / 4, (r[1][2] + r[2][1]) / s, (r[0][2] - r[2][0]) / s}
	default:
		s := 2 * math.Sqrt(1+r[2][2]-r[0][0]-r[1][1])
		q = [4]float64{(r[0][2] + r[2][0]) / s, (r[1][2] + r[2][1]) / s, s / 4, (r[1][0] - r[0][1]) / s}
	}
	n := math.Sqrt(q[0]*q[0] + q[1]*q[1] + q[2]*q[2] + q[3]*q[3])
	return [4]float64{q[0] / n, q[1] / n, q[2] / n, q[3] / n}
}
