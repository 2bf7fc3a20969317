//go:build !linux

package cputime

import "time"

// Thread is not available here (see the package doc).
func Thread() (time.Duration, bool) { return 0, false }

// Process is not available here (see the package doc).
func Process() (time.Duration, bool) { return 0, false }
