// Package doccheck holds no code, only the tests that keep the
// repository's documentation true: every relative link in README.md and
// docs/ leads to a file (and heading) that exists, README.md stays a
// front page of at most 8 KB, and the outside program of docs/library.md
// builds against the library, shows its code as it is and prints what the
// page says it prints.
package doccheck
