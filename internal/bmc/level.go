package bmc

import "fmt"

// Level is an integration level of the architecture.
type Level int

const (
	// Autonomous: each nation sees with its own sensors and fires on its own
	// tracks.
	Autonomous Level = iota + 1
	// Step1 (partial integration): nations share early warning and tracks,
	// which cue their own sensors and add warning time, but a launch still
	// needs an own-sensor fire-control track.
	Step1
	// Step2 (full integration): a nation may launch on a partner's track;
	// one assignment across nations, deconflicted, each nation keeping
	// release authority over its own interceptors.
	Step2
)

// Levels lists the integration levels in order.
var Levels = []Level{Autonomous, Step1, Step2}

func (l Level) String() string {
	switch l {
	case Autonomous:
		return "autonomous"
	case Step1:
		return "step1"
	case Step2:
		return "step2"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// ParseLevel reads a level's name.
func ParseLevel(s string) (Level, error) {
	for _, l := range Levels {
		if l.String() == s {
			return l, nil
		}
	}
	return 0, fmt.Errorf("bmc: unknown integration level %q (want autonomous, step1 or step2)", s)
}

// Shares tells whether nations exchange warnings and tracks at this level.
func (l Level) Shares() bool { return l >= Step1 }

// Holding is what a nation holds of one threat under a battery's launch
// rule (Judge): whether its own sensors hold a track that meets the rule,
// and whether a partner's does.
type Holding struct {
	OwnFireControl     bool
	PartnerFireControl bool
}

// MayLaunch tells whether a battery may launch on a threat under the level:
// autonomous and step1 need a track of the battery's own nation that meets
// its launch rule; step2 accepts a partner's.
func (l Level) MayLaunch(p Holding) bool {
	if p.OwnFireControl {
		return true
	}
	return l == Step2 && p.PartnerFireControl
}
