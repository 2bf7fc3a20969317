//go:build !linux

package track

import "time"

// threadCPU is not available here: the benchmarks report wall-clock
// figures only.
func threadCPU() (time.Duration, bool) { return 0, false }
