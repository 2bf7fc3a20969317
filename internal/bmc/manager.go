package bmc

import (
	"math"
	"slices"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
)

// Manager is one nation's battle manager. Its owner runs Decide every
// Tuning.CycleS, hands it its partners' messages (Receive) and the
// matches of their tracks to its own (Matched), tells it of partners out
// of contact and heard again (LostContact, Heard), and calls it back when
// what it ordered comes due (Launch, AckDeadline, Assess). Each call returns what it decided, in
// order. The manager is not safe for concurrent use.
type Manager struct {
	cfg      Config
	pic      Picture
	bats     []*Battery // own
	partners []*Battery // partners', as known

	now float64
	out []Output

	engaged   map[uint64]*Engagement
	dead      map[uint64]bool
	exhausted map[uint64]bool
	attempts  map[uint64]int // missed salvos per system track
	eval      map[uint64]*evaluation
	claims    Claims
	// pending are partners' claims not yet matched to a system track.
	pending map[string][]*Claim
	// offered: threats the integrated assignment gives to a partner's
	// battery, since when.
	offered map[uint64]offer
	lost    map[string]contact // partners out of contact
	// launchable: for each system track, the watched launch rules it has
	// met (a MayLaunch each).
	launchable map[uint64][]bool
	// stage: by system track, the furthest gate of the decision chain
	// found (further).
	stage []Reason
}

type offer struct {
	nation string
	sinceS float64
}

// Engagement is one battery's engagement of one system track.
type Engagement struct {
	STN     uint64
	Battery *Battery
	// Count is the interceptors to launch; once launched, those that were.
	Count   int
	Plan    intercept.Plan
	Asset   Asset // the asset it defends
	state   int
	waiting map[string]bool // partners whose acknowledgement is awaited
}

const (
	engPending = iota // waiting for deconfliction acknowledgements
	engReady          // launch ordered
	engFlying
	engDone
)

// New makes a nation's battle manager.
func New(cfg Config) *Manager {
	if cfg.Level == 0 {
		cfg.Level = Autonomous
	}
	if cfg.Earth == (geo.Earth{}) {
		cfg.Earth = geo.WGS84
	}
	cfg.Doctrine = cfg.Doctrine.withDefaults()
	cfg.Tuning = cfg.Tuning.withDefaults()
	m := &Manager{cfg: cfg, pic: cfg.Picture, bats: cfg.Batteries,
		engaged: map[uint64]*Engagement{}, dead: map[uint64]bool{}, exhausted: map[uint64]bool{}, attempts: map[uint64]int{},
		eval: map[uint64]*evaluation{}, claims: Claims{}, pending: map[string][]*Claim{}, offered: map[uint64]offer{},
		lost: map[string]contact{}, launchable: map[uint64][]bool{}}
	if cfg.Level == Step2 {
		for _, b := range cfg.Partners {
			m.partners = append(m.partners, &b)
		}
	}
	return m
}

// Batteries are the nation's own, with their inventories.
func (m *Manager) Batteries() []*Battery { return m.bats }

// Doctrine and Tuning are the manager's, defaults applied.
func (m *Manager) Doctrine() Doctrine { return m.cfg.Doctrine }
func (m *Manager) Tuning() Tuning     { return m.cfg.Tuning }

// Deconflicts tells whether the manager claims its launches from partners
// (step2, with partners to deconflict with): its Decide may then send.
func (m *Manager) Deconflicts() bool { return m.cfg.Level == Step2 && len(m.cfg.Deconflict) > 0 }

// contact is a partner out of contact, last heard at lastS.
type contact struct{ lastS float64 }

// Lost tells whether a partner is out of contact.
func (m *Manager) Lost(partner string) bool {
	_, lost := m.lost[partner]
	return lost
}

// LostContact notes a partner out of contact, last heard from at lastS. Its batteries are left out of the integrated assignment, and its
// answer to a claim is no longer awaited: an engagement goes ahead without
// it in defence of an own asset, or when the nation takes the threat over
// from it (see claim); else it is refused.
func (m *Manager) LostContact(partner string, lastS float64) {
	m.lost[partner] = contact{lastS: lastS}
}

// Heard notes a partner heard again.
func (m *Manager) Heard(partner string) { delete(m.lost, partner) }

// emit adds to the current call's outputs.
func (m *Manager) emit(o Output) { m.out = append(m.out, o) }

// begin starts a call at time now.
func (m *Manager) begin(now float64) {
	m.now, m.out = now, nil
}

// Receive takes a partner's message.
func (m *Manager) Receive(now float64, from string, msg Message) []Output {
	m.begin(now)
	switch x := msg.(type) {
	case *Claim:
		m.onClaim(from, x)
	case *Ack:
		m.onAck(from, x)
	case *Assessment:
		if stn, ok := m.pic.PartnerTrack(from, x.STN); ok && x.Kill {
			m.dead[stn] = true
		}
	case *Request:
		// A partner's request is only a request: this nation's own battle
		// management and release authority decide its engagements, and no
		// message makes a battery launch.
		detail := "from " + from + ": a request only; " + m.cfg.Nation + " decides its own engagements"
		if !slices.ContainsFunc(m.bats, func(b *Battery) bool { return b.ID == x.Battery }) {
			detail = "from " + from + ": refused: battery " + x.Battery + " is not " + m.cfg.Nation + "'s"
		}
		m.emit(Requested{R: x, Detail: detail})
	case *Status:
		for _, inv := range x.Inventory {
			for _, pb := range m.partners {
				if pb.Nation == from && pb.ID == inv.Battery {
					pb.Inventory = inv.Remaining
				}
			}
		}
	}
	return m.out
}

// ready orders the launch of a planned engagement.
func (m *Manager) ready(e *Engagement) {
	e.state = engReady
	m.emit(LaunchOrder{E: e, AtS: math.Max(m.now, e.Plan.LaunchS)})
}

// Launch fires an engagement ordered to launch now (LaunchOrder) if the
// battery still can: Launched, or nothing.
func (m *Manager) Launch(now float64, e *Engagement) []Output {
	m.begin(now)
	if e.state != engReady || m.dead[e.STN] {
		m.abandon(e)
		return m.out
	}
	b := e.Battery
	k := min(e.Count, b.Inventory)
	if k == 0 {
		m.abandon(e)
		return m.out
	}
	b.Inventory -= k
	e.Count = k
	e.state = engFlying
	m.emit(Launched{E: e, AssessAfterS: m.cfg.Doctrine.KillAssessS})
	return m.out
}

// Assess takes the kill assessment of a launched engagement: a killed
// threat is not engaged again; a missed one is, once, under
// shoot-look-shoot. Partners are told when the level shares.
func (m *Manager) Assess(now float64, e *Engagement, kill bool) []Output {
	m.begin(now)
	e.state = engDone
	if kill {
		m.dead[e.STN] = true
	} else if m.attempts[e.STN]++; !m.cfg.Doctrine.ShootLookShoot || m.attempts[e.STN] >= 2 {
		// Shoot-look-shoot is one look: a second salvo after a miss.
		m.exhausted[e.STN] = true
	}
	m.emit(Assessed{E: e, Kill: kill})
	delete(m.engaged, e.STN)
	if kill || m.cfg.Level != Step2 {
		m.claims.Clear(e.STN)
	}
	if m.cfg.Level.Shares() {
		m.emit(Send{To: m.cfg.ShareWith, Msg: &Assessment{STN: e.STN, Nation: m.cfg.Nation, Battery: e.Battery.ID, Kill: kill, TimeS: now}})
	}
	return m.out
}

// abandon gives an engagement up.
func (m *Manager) abandon(e *Engagement) {
	e.state = engDone
	delete(m.engaged, e.STN)
	m.claims.Release(e.STN, m.cfg.Nation)
}
