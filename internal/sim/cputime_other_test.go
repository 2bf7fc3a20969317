//go:build !unix

package sim

import "time"

// processCPU is not available here: the benchmarks report wall-clock
// figures only.
func processCPU() (time.Duration, bool) { return 0, false }
