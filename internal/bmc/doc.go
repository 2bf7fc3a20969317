// Package bmc is battle management and command: integration levels and what
// each allows (Level.MayLaunch), release authority (Policy.Approve: only
// the owning nation's C2 releases its interceptors), deconfliction of
// engagements across nations (Claims), threat evaluation (Evaluate) and the
// weapon-target assignment of threats to batteries (Assign, over package
// wta).
package bmc
