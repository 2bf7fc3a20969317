// Package link carries the message sets of proto/ (package linkv1) between
// nodes: signed envelopes (Ed25519 over the deterministic encoding), a
// receiver that rejects what is oversized, malformed, forged, replayed,
// mis-attributed, of another run, not releasable to it or not finite —
// each with a named reason — and the transports: the simulated network of
// a scenario's links for jrmd run, NATS for the federation.
//
// Replay protection keeps a window of sequence numbers per sender and
// incarnation (a random id per process start, Identity.Incarnation), so
// that no message of one incarnation — however far ahead its number —
// makes a receiver refuse another's. Which incarnation of a node takes
// part in a run is not link's to decide: package fed has exercise control
// confirm it.
//
// What a message's body holds is checked by its consumer, with Check and
// the bounds here (MaxIDBytes, MaxTimeS, …), before it is used.
//
// On NATS, each node is an nkey user whose permissions the server
// enforces: it publishes only under its own nation's name, receives only
// what is addressed to it and the replies to its own requests (its own
// inbox prefix, InboxPrefix); only exercise control may use JetStream.
package link
