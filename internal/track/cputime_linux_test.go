package track

import (
	"syscall"
	"time"
)

// threadCPU returns the CPU time the calling OS thread has used (user +
// system), for benchmarks on machines shared with other work, where the
// wall clock also counts time the thread spent waiting for a core.
func threadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_THREAD, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
