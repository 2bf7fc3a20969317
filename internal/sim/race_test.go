//go:build race

package sim

// raceDetector reports whether the tests run under the race detector,
// which makes the engine about ten times slower: the statistical tests
// then run fewer replications. They are there to find data races, which
// a few runs of every code path find as well as thousands; the normal
// run keeps its full size and power.
const raceDetector = true
