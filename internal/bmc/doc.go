// Package bmc is battle management and command: a nation's battle manager
// (Manager) and the rules it decides by.
//
// # The battle manager
//
// A Manager is one nation's battle manager, a component with state and no
// clock of its own. Its inputs are the time of each call; the nation's
// fused picture (Picture, which its owner keeps: a *fusion.Fuser and the
// time each of its tracks entered it); its batteries, with their inventories, timing and launch rules
// (Battery); its release policy (Policy) and doctrine (Doctrine); its
// partners' batteries as the architecture tells them (their inventories
// from their Status messages); and its partners' messages (Message:
// Claim, Ack, Assessment, Request, Status). Each call returns what it
// decided, in order (Output): engagements assigned, planned and released
// (Planned), release refusals (Denied), claims and their answers (Send of
// a Claim or an Ack; Claimed, ClaimRefused, Degraded), launch orders
// (LaunchOrder, then Launched), kill assessments (Assessed, and a Send of
// an Assessment), and what it finds on the way (MayLaunch, Requested, and
// Finding: the gate of the decision chain a threat reached, Reason).
//
// Its owner schedules it and carries out what it decides:
//
//	m := bmc.New(bmc.Config{Nation: "US", Level: bmc.Step2, Picture: pic,
//		Assets: assets, Batteries: bats, Partners: theirs, Deconflict: peers})
//	// every m.Tuning().CycleS:      do(m.Decide(now))
//	// a partner's message arrives:  do(m.Receive(now, from, msg))
//	// a partner falls silent:       m.SetLost(partner, true)
//
// where do sends each Send's message to each partner it names, calls
// m.Launch at a LaunchOrder's time and m.AckDeadline at an AckDeadline's,
// flies a Launched engagement's interceptors and calls m.Assess with the
// outcome AssessAfterS after the intercept, and logs the rest. The manager
// never reads the truth, the network or a wire format: package sim does,
// in one process or in each node of a federation, and converts its
// messages to and from the message sets on the wire.
//
// # The decision chain
//
// Each cycle (Decide) takes the picture's system tracks in turn. A battery
// may launch on a track that meets its interceptor type's launch rule
// (LaunchRule, judged on each nation's contribution by Judge) under the
// integration level (Level.MayLaunch: its own nation's track, or a
// partner's under step2). A track some battery may launch on is evaluated
// (Predict: its flight through the atmosphere on the nation's assumed
// re-entry ballistic coefficient; Threatened: the defended asset its
// impact threatens; intercept.Reach: which batteries can reach it from
// their earliest launch, Timing), then assigned to batteries (Assign,
// over package wta; under step2 the partners' batteries too, so that
// every nation computes much the same assignment and engages what falls
// to its own, taking over what a partner leaves unclaimed for
// Tuning.ClaimGraceS), planned (intercept.Engagement.Plan), released by
// the nation's own policy (Policy.Approve; a partner's Request is only a
// request) and, under step2, claimed from the partners first: the earliest
// claim holds, ties by nation (Claims), and the launch waits for every
// partner's answer. A partner out of contact cannot answer: the
// engagement then goes ahead without its word in defence of the nation's
// own asset, or when the nation takes the threat over from it (the
// partner could not be engaging it: the threat's asset is not its, it has
// not claimed it, none of its batteries could reach it), still claimed
// from the partners in contact. A kill assessment that finds a miss lets
// shoot-look-shoot doctrine engage the threat once more. Where a threat
// stops on this chain is its Reason, in the chain's order.
//
// # Configuration
//
// Config, Doctrine and Tuning take their defaults where zero (the Default
// constants, in one place: config.go), as does TimingFor's decision time.
package bmc
