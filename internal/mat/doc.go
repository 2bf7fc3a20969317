// Package mat is JRMD's small fixed-size linear algebra: the 6×6 and 3×3
// symmetric matrices of state estimation (a position–velocity state and a
// 3-D measurement), as Go arrays passed by pointer, without allocation. It
// is a leaf that tracking, fusion and engagement planning share, so that
// each operation has one implementation and one documented behaviour on
// bad input.
//
// Matrices are row-major arrays: M6 is [6][6]float64 and M3 is
// [3][3]float64 (aliases, so a caller's own arrays are mat's without
// conversion).
//
//	l, ok := mat.Chol6(&p) // p = L·Lᵀ; ok: p is positive semi-definite
//	if !ok || !mat.Definite6(&l) {
//		return errors.New("covariance is not positive definite")
//	}
//	d2, _ := mat.MahalanobisSq6(&p, e) // eᵀ·p⁻¹·e
//
// What it holds:
//
//   - Products: Mul6, MulV6, Congruence6 (a·p·aᵀ, exactly symmetric),
//     Add6, Scale6, Trace6, Quad6 and Quad3 (vᵀ·a·v), Symmetrize6, Block3.
//   - Factorisation: Chol6 and Chol3, one algorithm with one semantics
//     (see Chol6): positive semi-definite matrices factor, with a zero
//     column where a pivot vanishes; indefinite or non-finite ones do not.
//     Definite6 and Definite3 tell a definite factor from a semi-definite
//     one.
//   - Inverses and distances: InvSPD6 (by Cholesky), InvSPD3 (by the
//     adjugate, for the gate's hot path), LogDetSPD3, MahalanobisSq6 and
//     MahalanobisSq3.
//   - Eigenvalues: EigSym6, EigSym3 and MaxEigSym3, one cyclic Jacobi
//     solver for both sizes.
//   - Covariance hygiene: PlausibleSPD6, a cheap necessary test of
//     definiteness, and RepairSPD6, the nearest positive definite matrix
//     with eigenvalues floored at SPDFloor of the largest.
//
// Every function is exact in the sense of its reference (cited at each);
// the tests check each against closed forms and random symmetric positive
// definite matrices with named tolerances.
package mat
