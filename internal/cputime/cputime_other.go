//go:build !linux

package cputime

import "time"

// Thread is not available here.
func Thread() (time.Duration, bool) { return 0, false }

// Process is not available here.
func Process() (time.Duration, bool) { return 0, false }
