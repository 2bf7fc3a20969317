//go:build !race

package sim

// raceDetector: see race_test.go.
const raceDetector = false
