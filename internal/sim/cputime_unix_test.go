//go:build unix

package sim

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time the process has used (user + system, all
// threads): a run's work, whichever cores did it and however long it
// waited for them on a machine shared with other work.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
