package geo

import "math"

// SurfaceTolM is how far below the ellipsoid a point of a sight line may
// pass, m, and still count as on the surface. It absorbs rounding for sites
// at height 0 (whose computed position may sit a few nm inside the
// ellipsoid) without changing any horizon by a measurable amount.
const SurfaceTolM = 1e-3

// LineOfSight reports whether the straight segment from a to b stays on or
// above the ellipsoid surface (bald Earth: no terrain, no refraction). It
// scales the axes so that the ellipsoid becomes the unit sphere, where the
// question is whether the segment's closest approach to the centre is at
// least 1. The test is symmetric in a and b.
//
// A point of the segment within SurfaceTolM of the surface counts as on it,
// so a site at height 0 sees up to its geometric horizon. An endpoint below
// the surface (negative height) is blocked by definition: use heights ≥ 0
// for sites in depressions, or a terrain model.
func (e Earth) LineOfSight(a, b ECEF) bool {
	ia, ib := 1/e.A, 1/e.B()
	p := Vec3{a[0] * ia, a[1] * ia, a[2] * ib}
	q := Vec3{b[0] * ia, b[1] * ia, b[2] * ib}
	d := q.Sub(p)
	dd := d.Dot(d)
	t := 0.0
	if dd > 0 {
		t = math.Min(1, math.Max(0, -p.Dot(d)/dd))
	}
	c := p.Add(d.Scale(t))
	// (1 − tol/A)² ≈ 1 − 2·tol/A in the scaled space.
	return c.Dot(c) >= 1-2*SurfaceTolM*ia
}

// Inside reports whether r lies strictly inside the ellipsoid (below the
// surface).
func (e Earth) Inside(r ECEF) bool {
	ia, ib := 1/e.A, 1/e.B()
	return sq(r[0]*ia)+sq(r[1]*ia)+sq(r[2]*ib) < 1
}
