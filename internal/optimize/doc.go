// Package optimize has the scalar root finder and minimiser the physics
// packages share: derivative-free, bracketed, deterministic.
package optimize
