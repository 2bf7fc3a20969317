// Package sim is the deterministic engine of a scenario run: it flies the
// raid, runs every nation's sensors, trackers and fused picture, carries
// the message sets between nations over the scenario's links, and runs each
// nation's battle management down to interceptor fly-outs, intercepts and
// kill assessments.
//
// # Entry points
//
// Run runs a decoded scenario (*scenario.File) in this process at the
// integration level and seed of its Options and returns the Result: the
// event log (Event, one typed record per line when WriteJSONL writes it)
// and the Summary computed from the log alone. Cue answers when each
// battery could first launch against one threat (Cues). Fly flies one
// threat as a run flies it. Parts, NewPart, RejoinPart and Conductor are
// the pieces Run assembles, exported for package fed, which runs the same
// parts as processes over NATS.
//
// # The pipeline
//
// Truth: each threat is flown once (ballistic.Solve, memoised across runs)
// and read from its ephemeris. Sensors: every radar scans at its revisit
// period (phase drawn from its own random stream) and reports detections
// (sensor.Radar.Observe: radar equation, Swerling, noise, clutter); an
// infrared system reports launches. Tracking: one tracker per radar
// (track.Tracker with a boost/ballistic IMM); confirmed tracks feed the
// owning nation's fused picture (fusion.Fuser: covariance intersection,
// system track numbers). Links: a nation shares the system tracks its own
// sensors made, every 5 s, and its launch warnings and kill assessments,
// with the nations it releases data to. As in Link 16's reporting
// responsibility, a track goes to a partner only if the partner hears no
// better report of the object (from itself, or from a nation that shares
// with it; better is of fire-control quality, or with a position variance
// half as large), so each object is reported by the nation best placed to,
// not by every nation that sees it; a reporter that falls silent for two
// report cycles is taken over. Messages (linkv1 envelopes) cross
// the lowest-latency path of links and exchange centers, delayed by latency,
// jitter and bandwidth, lost with the links' loss and during outages.
// Partners' tracks join the receiver's picture as contributions of another
// nation. A track report names the partners' tracks its sender fused into it
// (those the receiver hears itself), and a receiver takes a partner's new
// track into the system track one of them feeds, if it lies in that track's
// gate: as a Link 16 track number does, the name carries an object's track
// across nations when another one starts reporting it.
//
// Battle management is each nation's bmc.Manager, which decides; sim
// schedules it and carries out what it decides. Every second (its
// bmc.Tuning.CycleS) a nation's node prunes its picture and runs the
// manager's cycle (bmc.Manager.Decide): each battery may launch on a
// track of the picture that meets its interceptor type's launch rule
// (bmc.LaunchRule, judged on every contribution by bmc.Judge) and that the
// level allows (bmc.Level.MayLaunch); such a track is evaluated, assigned
// (under step2 across nations, each nation assigning its partners'
// batteries too — sites and interceptors from the architecture,
// inventories from their status reports — and engaging only what falls to
// its own), planned, released by the nation's own policy, and launched no
// earlier than its bmc.Timing allows: the C2 decision time from the
// track's cue (when the nation first held a track of the object), none
// for a battery whose release is delegated to it, and the battery's
// reaction from the fire-control track. Under step2 a launch is first
// claimed from every partner, and waits for their answers (see package
// bmc). The node sends the manager's messages (codec.go converts them to
// and from the wire), schedules its launch orders and deadlines, hands it
// its partners' messages and tells it of partners out of contact. At the
// intercept the node resolves the engagement against the truth: the kill
// vehicle homes on the object in flight nearest its aim point — the
// nation's track updated in flight, or the launch-time predicted intercept
// point if the track is lost — if that object is within its divert reach
// (whichever object the track was thought to follow), and kills it with
// probability Pk per interceptor, drawn from the battery's own random
// stream; the manager has the outcome after the kill-assessment time
// (bmc.Manager.Assess), when shoot-look-shoot doctrine allows one more
// salvo. The node's files: nation.go wires the manager, radar.go runs the
// sensors, trackers and picture, share.go what the nation shares and
// hears, codec.go the wire, outcome.go the explained outcomes.
//
// Every outcome explains itself: the manager tells, per system track, the
// gate of its chain the track got to (bmc.Finding, bmc.Reason), and at the
// end of a threat's flight a nation with batteries that knew of it and
// neither launched at it nor saw it killed logs a not_engaged event with the
// furthest gate the object's latest attempt reached and what was found
// there (outcome.go; docs/outcomes.md). The summary takes the defending
// nation's reason, else the furthest.
//
// Contact: nations that share send their status every 5 s. A partner not
// heard from for 15 s is out of contact (a contact_lost event): its tracks
// age out of the picture, and an engagement that would need its
// deconfliction goes ahead without its word in defence of an own asset, or
// when the nation takes the threat over from it (the partner could not be
// engaging it: see bmc.Manager.LostContact), still claimed from the
// partners in contact — step2 falls back to step1 with that partner, and
// to autonomous when no partner is left — until it is heard again
// (contact_restored). A partner's
// engagement request is logged and never executed: each nation's own
// battle management and release authority decide its launches.
//
// # Cues
//
// Cue answers "when could this battery first launch against that missile?"
// with the same code: it runs the scenario with that one threat as its raid
// and every battery's fire held, and reads the run's events — each radar's
// first detection, confirmed and fire-control track (track_fire_control),
// and each battery's may_launch, whose cue and time give its earliest
// launch by bmc.Timing. In a cue's run each battery is judged under every
// library interceptor type's launch rule, and every radar's tracks too, so
// that Cues.For answers for any type at any battery. Inside a larger raid the same threat is
// cued within a few seconds of that (see Cue for why they can differ).
//
// # Parts and the lockstep
//
// A run is a set of parts that share no memory: exercise control (the
// truth of the raid: launches, impacts, leakers) and one part per nation.
// They exchange only messages (linkv1 envelopes stamped with their arrival
// time) and kills. A part checks every message before it uses it
// (Part.Deliver: bounds on every string, list and number, ids the scenario
// has, kinds a nation takes) and logs what it refuses (message_rejected
// events, counted in the summary). A Conductor advances them in steps: windows of scenario
// time in which every part with something to do runs it, in parallel (the
// parts with the most radar scans in the window first, each core taking
// the next part as it finishes one). Each
// part promises when it may next send a message (radar scans, trackers and
// launches send nothing; battle management under step2, track reports,
// kill assessments and answers to claims do) and when it may next destroy
// a threat; a window ends one lookahead (the least transit time between
// two nations, at most 0.5 s) after the earliest send promise, and at the
// earliest kill promise, so no message crosses a window and every part
// learns a kill before it runs anything later. The event log is the
// window's events in time order, and the summary is computed from the log
// alone. Run does this in one
// process; package fed does the same over NATS, one process per nation,
// with the same results. Within a part, the costliest computations that
// change nothing of its state until they are done (a battle-management
// cycle's threat evaluations and engagement plans, a reporting cycle's
// track reports, a large radar scan's filter work: see package track) are
// worked out in parallel and then taken in order.
//
// With Options.States, Run also returns the state table (Result.States,
// package states): every threat and interceptor salvo as it flew, and
// every nation's system tracks as it believed them, every StateGridS and
// at the times of the events about each (states.go). A nation's part
// samples its picture between its actions, reading only, so the run is
// the same with or without it. package fed records none.
//
// # Determinism
//
// Every random draw comes from a stream named after its component (a radar,
// a link and its sender, a battery) and seeded with the run's seed; each
// part's queue orders ties by scheduling order, and messages are taken in
// (sender, sequence) order. The same scenario and seed give byte-identical
// events and summaries, in process or federated; a run's results do not
// depend on the machine's parallelism.
//
// # Illustrative choices and known limits
//
// The cycle times (1 s battle management, 5 s track reports, 30 s C2
// decision time unless the scenario sets it, 10 s battery reaction; the
// battle manager's are bmc's defaults) are illustrative, and so are the
// terminal types' launch requirements; the midcourse types' are derived
// from their kill vehicles' divert reach at a nominal engagement
// (docs/interceptors.md), which lets a GBI launch on an early-warning
// track. The re-entry ballistic coefficient battle management assumes
// (7,000 kg/m² unless a nation's doctrine says) is illustrative: a threat
// whose own is far from it is predicted seconds early or late. A cue
// starts the command chain's decision, not a radar's search: a
// fire-control radar finds its targets as it would uncued. The cue belongs
// to a system track: an object whose early-warning track ended before a
// fire-control radar acquired it is cued anew by the new track (Moscow's
// S-400 against the reference MRBM: cued at 58 s, again at 739 s), which a
// battery with delegated release does not wait for. Closely spaced objects
// (salvos a fraction of a second apart) can confuse the deconfliction's
// matching of claims to tracks, and leave a nation's picture with two
// system tracks of one object, which the nation may engage both of;
// docs/design/fused-picture.md tells why, and what range rates and
// reporting responsibility did about it.
package sim
