// Package cputime reads the CPU time (user + system) a thread or the
// process has used, for benchmarks on machines shared with other work,
// where the wall clock also counts time spent waiting for a core (user +
// system time; false where the system does not tell).
package cputime
