package cputime

import (
	"syscall"
	"time"
)

// Thread returns the CPU time the calling OS thread has used.
func Thread() (time.Duration, bool) { return usage(syscall.RUSAGE_THREAD) }

// Process returns the CPU time the process has used, all threads.
func Process() (time.Duration, bool) { return usage(syscall.RUSAGE_SELF) }

func usage(who int) (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
