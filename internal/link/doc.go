// Package link carries the message sets of proto/ (package linkv1) between
// nodes: signed envelopes (Ed25519 over the deterministic encoding), a
// receiver that rejects what is oversized, malformed, forged, replayed,
// mis-attributed, not releasable to it or not finite — each with a named
// reason — and the transports: the simulated network of a scenario's links
// for jrmd run, NATS for the federation.
package link
