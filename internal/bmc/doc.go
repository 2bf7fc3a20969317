// Package bmc is battle management and command: integration levels and what
// each allows (Level.MayLaunch), the track a battery may launch on (its
// interceptor type's LaunchRule, judged on each nation's picture by
// Judge), release authority (Policy.Approve: only
// the owning nation's C2 releases its interceptors), deconfliction of
// engagements across nations (Claims), threat evaluation (Evaluate), the
// weapon-target assignment of threats to batteries (Assign, over package
// wta), how soon a battery may launch (Timing; TimingFor under its release
// Authority, the nation's C2 or the battery itself when delegated), and
// why a threat was not engaged (Reason, the gates of the decision chain in
// order).
package bmc
