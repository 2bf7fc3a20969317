// Package cputime reads the CPU time (user + system) a thread or the
// process has used, for benchmarks on machines shared with other work,
// where the wall clock also counts time spent waiting for a core. Where the
// system does not tell (outside Linux), the functions return false.
package cputime
