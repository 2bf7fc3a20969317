// Package optimize has the scalar root finder and minimiser the physics
// packages share: derivative-free, bracketed, deterministic; and the
// selection of the k-th smallest of a slice.
package optimize
