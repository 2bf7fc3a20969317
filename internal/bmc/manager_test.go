package bmc

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/fusion"
	"github.com/jrmd/jrmd/track"
)

// The battle manager's decisions, each on a constructed picture and
// without a run: one intermediate-range missile from Semnan (Iran) to
// Berlin, launched at 0 s, held by a nation's picture as one firm,
// precise track of its true state (1σ 10 m, 0.1 m/s: the precision
// matters little here, only that every launch rule is met and every plan
// commits), and batteries of ground-based interceptors in Poland.

var (
	berlin  = Asset{ID: "berlin", Nation: "DE", Pos: geo.LLA{LatDeg: 52.52, LonDeg: 13.40}, Value: 10}
	warsaw  = Asset{ID: "warsaw", Nation: "PL", Pos: geo.LLA{LatDeg: 52.23, LonDeg: 21.01}, Value: 8}
	flyOnce sync.Once
	flight  ballistic.Trajectory
)

// irbm is the threat's true flight (scenario time = time since launch).
func irbm(t *testing.T) *ballistic.Trajectory {
	t.Helper()
	flyOnce.Do(func() {
		m, err := ballistic.LookupMissile("irbm")
		if err != nil {
			t.Fatal(err)
		}
		flight, err = ballistic.Solve(ballistic.Request{From: geo.LLA{LatDeg: 35.23, LonDeg: 53.92}, To: berlin.Pos, Earth: geo.WGS84, Missile: &m})
		if err != nil {
			t.Fatal(err)
		}
	})
	return &flight
}

// picture is a fusion.Fuser as a nation's Picture.
type picture struct {
	*fusion.Fuser
	cueS map[uint64]float64
}

func newPicture() *picture {
	return &picture{Fuser: &fusion.Fuser{Motion: track.NewBallistic(geo.WGS84, 1)}, cueS: map[uint64]float64{}}
}

func (p *picture) PartnerTrack(nation string, stn uint64) (uint64, bool) {
	return p.Lookup("nation:"+nation, stn)
}

func (p *picture) CueS(stn uint64) (float64, bool) { c, ok := p.cueS[stn]; return c, ok }

// see puts the threat's true state at time now into the picture as the
// nation's own radar's track (its first report cues the track).
func (p *picture) see(t *testing.T, nation string, now float64) uint64 {
	t.Helper()
	pos, vel, ok := irbm(t).StateAt(now)
	if !ok {
		t.Fatalf("the threat is not in flight at %g s", now)
	}
	var cov [6][6]float64
	for i := range 3 {
		cov[i][i], cov[i+3][i+3] = 100, 0.01
	}
	stn, isNew, err := p.Update(fusion.Report{Source: "radar-" + nation, ID: 1, Nation: nation, TimeS: now,
		X: track.FromECEF(pos, vel, now), P: track.CovFromECEF(&cov, now), FireControl: true, Firm: true})
	if err != nil {
		t.Fatal(err)
	}
	if isNew {
		p.cueS[stn] = now
	}
	return stn
}

// gbi is a ground-based interceptor battery of a nation at a site, its
// release by the nation's C2 (30 s decision) unless delegated.
func gbi(t *testing.T, id, nation string, site geo.LLA, a Authority) *Battery {
	t.Helper()
	it, err := intercept.LookupInterceptor("gbi-9")
	if err != nil {
		t.Fatal(err)
	}
	return &Battery{ID: id, Nation: nation, Site: site, Pos: geo.WGS84.ToECEF(site), Interceptor: it, Inventory: 10,
		Timing: TimingFor(a, 30, it.ReactionS), Rule: LaunchRule(it.LaunchTrack)}
}

var (
	redzikowo = geo.LLA{LatDeg: 54.48, LonDeg: 17.10}
	gdansk    = geo.LLA{LatDeg: 54.35, LonDeg: 18.65}
)

// config is a nation's battle manager over pic with its batteries.
func config(nation string, level Level, pic *picture, bats ...*Battery) Config {
	return Config{Nation: nation, Level: level, Picture: pic, Assets: []Asset{berlin, warsaw}, Batteries: bats}
}

// t0 is when the picture first holds the threat in these tests: it can be
// engaged from Poland, with a second salvo after a miss (an intercept some
// 260 s later, the impact at 1,102 s).
const t0 = 400.0

// of returns the outputs of type T.
func of[T Output](outs []Output) []T {
	var got []T
	for _, o := range outs {
		if x, ok := o.(T); ok {
			got = append(got, x)
		}
	}
	return got
}

// sent is the message of type T the outputs send (nil if none).
func sent[T Message](t *testing.T, outs []Output) T {
	t.Helper()
	var zero T
	for _, s := range of[Send](outs) {
		if m, ok := s.Msg.(T); ok {
			return m
		}
	}
	return zero
}

// Two nations each plan to engage the one threat with a battery of their
// own and claim it from each other (neither knows the other's batteries,
// so no integrated assignment shares the raid out first), their claims
// crossing on the links. Whatever the order, exactly one launches: the
// nation with the earlier claim or, of claims of one time, the first by
// name; the other gives its engagement up and, holding the winner's
// claim, does not engage the threat again. So too when the winner's
// answer reaches the other before its claim does (jitter can reorder
// them).
func TestDeconflictionBetweenTwoNations(t *testing.T) {
	for _, c := range []struct {
		name       string
		aS, bS     float64 // when each decides (and claims)
		ackFirst   bool    // A's answer reaches B before A's claim
		wantLaunch string
	}{
		{"claims of one time", t0, t0, false, "A"},
		{"A's claim first", t0, t0 + 1, false, "A"},
		{"B's claim first", t0 + 1, t0, false, "B"},
		{"A's claim first, its answer overtaking it", t0, t0 + 1, true, "A"},
	} {
		pa, pb := newPicture(), newPicture()
		pa.see(t, "A", c.aS)
		pb.see(t, "B", c.bS)
		mk := func(nation, peer string, pic *picture, site geo.LLA) *Manager {
			cfg := config(nation, Step2, pic, gbi(t, "gbi-"+nation, nation, site, ByC2))
			cfg.Deconflict = []Peer{{Nation: peer, RoundTripS: 0.4}}
			return New(cfg)
		}
		a, b := mk("A", "B", pa, redzikowo), mk("B", "A", pb, gdansk)
		outs := map[string][]Output{"A": a.Decide(c.aS), "B": b.Decide(c.bS)}
		claimA, claimB := sent[*Claim](t, outs["A"]), sent[*Claim](t, outs["B"])
		if claimA == nil || claimB == nil {
			t.Fatalf("%s: claims %+v %+v: want both nations claiming (outputs %v)", c.name, claimA, claimB, outs)
		}
		if n := len(of[LaunchOrder](outs["A"])) + len(of[LaunchOrder](outs["B"])); n != 0 {
			t.Fatalf("%s: %d launches ordered before deconfliction", c.name, n)
		}
		// The claims arrive and are answered; the answers arrive; the
		// deadlines for them pass; each decides again.
		at := max(c.aS, c.bS) + 0.2
		toB := a.Receive(at, "B", claimB)
		outs["A"] = append(outs["A"], toB...)
		if c.ackFirst {
			outs["B"] = append(outs["B"], b.Receive(at+0.1, "A", sent[*Ack](t, toB))...)
		}
		toA := b.Receive(at+0.2, "A", claimA)
		outs["B"] = append(outs["B"], toA...)
		outs["A"] = append(outs["A"], a.Receive(at+0.3, "B", sent[*Ack](t, toA))...)
		if !c.ackFirst {
			outs["B"] = append(outs["B"], b.Receive(at+0.3, "A", sent[*Ack](t, toB))...)
		}
		for _, m := range []*Manager{a, b} {
			n := m.cfg.Nation
			for _, d := range of[AckDeadline](outs[n]) {
				outs[n] = append(outs[n], m.AckDeadline(d.AtS, d.E)...)
			}
			pic := map[string]*picture{"A": pa, "B": pb}[n]
			pic.see(t, n, at+1)
			outs[n] = append(outs[n], m.Decide(at+1)...)
		}
		for _, n := range []string{"A", "B"} {
			launches, plans, refused := len(of[LaunchOrder](outs[n])), len(of[Planned](outs[n])), len(of[ClaimRefused](outs[n]))
			if n == c.wantLaunch && (launches != 1 || plans != 1 || refused != 0) {
				t.Errorf("%s: %s ordered %d launches of %d plans, %d refused: want its one engagement launched", c.name, n, launches, plans, refused)
			}
			if n != c.wantLaunch && (launches != 0 || plans != 1 || refused != 1) {
				t.Errorf("%s: %s ordered %d launches of %d plans, %d refused: want its one engagement refused, none launched", c.name, n, launches, plans, refused)
			}
		}
	}
}

// The release policy decides a planned launch: automatic releases it,
// assets-only only in defence of a listed asset, never holds fire, and a
// no-intercept zone refuses an intercept over it. A refusal is logged
// (Denied) with its reason and is the finding that explains the threat;
// nothing is launched. Delegated release drops the command chain's
// decision time: the battery launches 20 s sooner than under its C2's
// 30 s decision from the cue (its reaction, 10 s, remains).
func TestReleasePolicy(t *testing.T) {
	decide := func(p Policy, a Authority) ([]Output, *Manager) {
		pic := newPicture()
		pic.see(t, "US", t0)
		cfg := config("US", Autonomous, pic, gbi(t, "redzikowo", "US", redzikowo, a))
		cfg.Policy = p
		m := New(cfg)
		return m.Decide(t0), m
	}
	plans := of[Planned](func() []Output { o, _ := decide(Policy{}, ByC2); return o }())
	if len(plans) != 1 {
		t.Fatalf("automatic release: %d plans, want 1", len(plans))
	}
	pip := plans[0].E.Plan.PIP
	madrid := geo.LLA{LatDeg: 40.42, LonDeg: -3.70}
	for _, c := range []struct {
		name   string
		p      Policy
		denied string // the reason, "" if released
	}{
		{"default", Policy{}, ""},
		{"automatic", Policy{Kind: Automatic}, ""},
		{"assets-only, Berlin listed", Policy{Kind: AssetsOnly, Assets: []string{"warsaw", "berlin"}}, ""},
		{"assets-only, Berlin not listed", Policy{Kind: AssetsOnly, Assets: []string{"warsaw"}}, `"berlin" is not an asset this nation defends`},
		{"never", Policy{Kind: Never}, "hold fire"},
		{"no intercept over the intercept point", Policy{NoIntercept: []Zone{{Center: pip, RadiusM: 100e3}}}, "no-intercept zone"},
		{"no intercept over Madrid", Policy{NoIntercept: []Zone{{Center: madrid, RadiusM: 100e3}}}, ""},
		{"automatic but no intercept over it", Policy{Kind: Automatic, NoIntercept: []Zone{{Center: pip, RadiusM: 100e3}}}, "no-intercept zone"},
	} {
		outs, m := decide(c.p, ByC2)
		launches, denied, findings := of[LaunchOrder](outs), of[Denied](outs), of[Finding](outs)
		if c.denied == "" {
			if len(launches) != 1 || len(denied) != 0 {
				t.Errorf("%s: %d launches ordered, denied %v: want it released", c.name, len(launches), denied)
			}
			continue
		}
		if len(launches) != 0 || len(denied) != 1 || !strings.Contains(denied[0].Why, c.denied) {
			t.Errorf("%s: %d launches ordered, denied %+v: want it denied saying %q", c.name, len(launches), denied, c.denied)
		}
		if len(findings) != 1 || findings[0].Reason != ReleaseDenied || m.Explain(findings[0]) != denied[0].Why {
			t.Errorf("%s: findings %+v: want release_denied, explained as the refusal", c.name, findings)
		}
	}
	launchS := map[Authority]float64{}
	for _, a := range []Authority{ByC2, Delegated} {
		outs, _ := decide(Policy{}, a)
		if p := of[Planned](outs); len(p) == 1 {
			launchS[a] = p[0].E.Plan.LaunchS
		}
	}
	if launchS[ByC2] != t0+DefaultDecisionS || launchS[Delegated] != t0+10 {
		t.Errorf("cued at %g s, the launch by C2 at %g s and delegated at %g s; want %g and %g", t0, launchS[ByC2], launchS[Delegated], t0+DefaultDecisionS, t0+10)
	}
}

// Shoot-look-shoot: after a kill assessment that finds a miss, doctrine
// with shoot-look-shoot engages the threat once more (a second salvo at
// the same track); after a second miss, or a kill, or a miss without that
// doctrine, the threat is not engaged again.
func TestShootLookShoot(t *testing.T) {
	for _, c := range []struct {
		name     string
		sls      bool
		outcomes []bool // the salvos' kill assessments, kill true
		salvos   int    // launched
	}{
		{"miss, then shoot-look-shoot", true, []bool{false, false}, 2},
		{"kill", true, []bool{true}, 1},
		{"miss, without the doctrine", false, []bool{false}, 1},
	} {
		pic := newPicture()
		stn := pic.see(t, "US", t0)
		cfg := config("US", Autonomous, pic, gbi(t, "redzikowo", "US", redzikowo, ByC2))
		cfg.Doctrine = Doctrine{Salvo: 1, ShootLookShoot: c.sls}
		m := New(cfg)
		now, salvos := t0, 0
		outs := m.Decide(now)
		for i := 0; ; i++ {
			orders := of[LaunchOrder](outs)
			if len(orders) == 0 {
				break
			}
			o := orders[0]
			if len(orders) != 1 || o.E.STN != stn {
				t.Fatalf("%s: launch orders %+v: want one, at system track %d", c.name, orders, stn)
			}
			fired := of[Launched](m.Launch(o.AtS, o.E))
			if len(fired) != 1 || fired[0].E.Count != 1 {
				t.Fatalf("%s: ordered at %g s, launched %+v", c.name, o.AtS, fired)
			}
			salvos++
			if i >= len(c.outcomes) {
				t.Fatalf("%s: a salvo more than the %d expected", c.name, len(c.outcomes))
			}
			// The kill assessment, then the next cycles on a fresh track.
			now = o.AtS + 5
			pic.see(t, "US", now)
			if a := of[Assessed](m.Assess(now, o.E, c.outcomes[i])); len(a) != 1 || a[0].Kill != c.outcomes[i] {
				t.Fatalf("%s: assessed %+v", c.name, a)
			}
			outs = nil
			for range 3 {
				now++
				pic.see(t, "US", now)
				outs = append(outs, m.Decide(now)...)
			}
		}
		if salvos != c.salvos {
			t.Errorf("%s: %d salvos, want %d", c.name, salvos, c.salvos)
		}
	}
}

// A partner's request is only a request: it is logged, with whose
// decision it is (or refused outright for a battery not the nation's),
// and nothing else follows from it: no plan, no claim, no launch. The
// nation's own battle management and release authority decide: holding
// fire, it denies the launch its own cycle plans; without the threat in
// its picture, it plans nothing.
func TestRequestIsOnlyARequest(t *testing.T) {
	for _, c := range []struct {
		name     string
		holds    bool // the threat is in the nation's picture
		policy   Policy
		battery  string
		says     string
		denied   int
		launches int
	}{
		{"holding fire, the threat in its picture", true, Policy{Kind: Never}, "redzikowo", "a request only; US decides its own engagements", 1, 0},
		{"a battery not its own", true, Policy{Kind: Never}, "s400-moscow", "refused: battery s400-moscow is not US's", 1, 0},
		{"the threat not in its picture", false, Policy{}, "redzikowo", "a request only", 0, 0},
	} {
		pic := newPicture()
		if c.holds {
			pic.see(t, "US", t0)
		}
		cfg := config("US", Step2, pic, gbi(t, "redzikowo", "US", redzikowo, ByC2))
		cfg.Policy = c.policy
		m := New(cfg)
		outs := m.Receive(t0, "RU", &Request{STN: 1, Nation: "RU", Battery: c.battery, InterceptS: t0 + 200, Reason: "defend Berlin"})
		if r := of[Requested](outs); len(outs) != 1 || len(r) != 1 || !strings.Contains(r[0].Detail, c.says) {
			t.Errorf("%s: the request gave %+v: want it logged only, saying %q", c.name, outs, c.says)
		}
		outs = m.Decide(t0)
		if p, l, s, d := len(of[Planned](outs)), len(of[LaunchOrder](outs)), len(of[Send](outs)), len(of[Denied](outs)); p != 0 || l != c.launches || s != 0 || d != c.denied {
			t.Errorf("%s: then the cycle planned %d, ordered %d launches, sent %d messages, denied %d: want %d denied and nothing else",
				c.name, p, l, s, d, c.denied)
		}
	}
}

// A partner out of contact cannot answer a claim. The nation takes a
// threat over from it — engages it without its word, claiming it from the
// partners still in contact — when the partner could not be engaging it,
// so that no duplicate engagement follows whether the partner's node is
// lost or only the link to it: the threat's asset is not the partner's,
// the partner has claimed it neither before nor since its track was
// matched, its claims have had time to arrive since it fell silent, and
// none of its batteries could reach the threat. Otherwise the engagement
// is refused as before, unless it defends the nation's own asset. Here the
// US (a battery at Redzikowo) deconflicts with Russia (a battery at
// Moscow, out of reach of the missile bound for Berlin) and Germany.
func TestLostPartnersThreatsTakenOver(t *testing.T) {
	s400, err := intercept.LookupInterceptor("s-400")
	if err != nil {
		t.Fatal(err)
	}
	moscow := geo.LLA{LatDeg: 55.75, LonDeg: 37.62}
	russian := Battery{ID: "s400-moscow", Nation: "RU", Site: moscow, Pos: geo.WGS84.ToECEF(moscow), Interceptor: s400, Inventory: 16,
		Timing: TimingFor(Delegated, 0, s400.ReactionS), Rule: LaunchRule(s400.LaunchTrack)}
	const lastS = t0 - 20 // Russia last heard
	for _, c := range []struct {
		name        string
		deLost      bool     // Germany out of contact too
		silentS     float64  // since Russia was last heard, s
		berlinOf    string   // the nation Berlin belongs to
		ruBattery   *Battery // Russia's battery (nil: the one at Moscow)
		ruClaim     bool     // Russia claimed the threat before it fell silent
		ruClaimLate bool     // … before its track was in the US's picture
		want        string   // "launch", "claim" (from Germany first) or "refused"
		says        string   // the degraded or refused event's reason
	}{
		{"Germany in contact", false, 20, "DE", nil, false, false, "claim", "taken over from RU"},
		{"Germany out of contact too, Berlin no nation's", true, 20, "", nil, false, false, "launch", "taken over from RU, DE"},
		{"Germany out of contact too, Berlin Germany's", true, 20, "DE", nil, false, false, "refused", "no contact with DE; berlin is DE's to defend"},
		{"Russia claimed it", false, 20, "DE", nil, true, false, "none", ""},
		{"Russia claimed it before its track was held", false, 20, "DE", nil, false, true, "refused", "it claimed it"},
		{"Russia's battery could reach it", false, 20, "DE", gbi(t, "gbi-ru", "RU", gdansk, Delegated), false, false, "refused", "its gbi-ru could reach it"},
		{"Russia silent for a moment only", false, 1, "DE", nil, false, false, "refused", "its claims may be on their way"},
		{"Berlin Russia's to defend", false, 20, "RU", nil, false, false, "refused", "berlin is RU's to defend"},
		{"Berlin the US's own", false, 20, "US", nil, false, false, "claim", "engaging in defence of own asset"},
	} {
		pic := newPicture()
		cfg := config("US", Step2, pic, gbi(t, "redzikowo", "US", redzikowo, ByC2))
		cfg.Assets[0].Nation = c.berlinOf
		rb := russian
		if c.ruBattery != nil {
			rb = *c.ruBattery
		}
		cfg.Partners = []Battery{rb}
		cfg.Deconflict = []Peer{{Nation: "RU", RoundTripS: 0.4}, {Nation: "DE", RoundTripS: 0.3}}
		m := New(cfg)
		claimS := t0 - 25
		pos, vel, _ := irbm(t).StateAt(claimS)
		ruClaim := &Claim{STN: 7, Nation: "RU", Battery: rb.ID, Pos: pos, Vel: vel, TimeS: claimS, Interceptors: 1}
		if c.ruClaim {
			pic.see(t, "US", claimS)
		}
		if c.ruClaim || c.ruClaimLate {
			if a := sent[*Ack](t, m.Receive(claimS, "RU", ruClaim)); a == nil || a.Holder != "RU" {
				t.Fatalf("%s: Russia's claim answered %+v", c.name, a)
			}
		}
		m.LostContact("RU", t0-c.silentS)
		if c.deLost {
			m.LostContact("DE", lastS)
		}
		pic.see(t, "US", t0)
		outs := m.Decide(t0)
		launches, claims, refused, degraded := of[LaunchOrder](outs), sent[*Claim](t, outs), of[ClaimRefused](outs), of[Degraded](outs)
		var to []string
		for _, s := range of[Send](outs) {
			to = append(to, s.To...)
		}
		got := "none"
		switch {
		case len(launches) == 1 && claims == nil:
			got = "launch"
		case len(launches) == 0 && claims != nil && slices.Equal(to, []string{"DE"}):
			got = "claim"
		case len(refused) == 1 && len(launches) == 0 && claims == nil:
			got = "refused"
		}
		if got != c.want {
			t.Errorf("%s: launches %v, claim %+v to %v, refused %v: want %s", c.name, launches, claims, to, refused, c.want)
		}
		why := ""
		if len(degraded) == 1 {
			why = degraded[0].Why
		} else if len(refused) == 1 {
			why = refused[0].Why
		}
		if !strings.Contains(why, c.says) {
			t.Errorf("%s: %q, want it saying %q", c.name, why, c.says)
		}
		if got != "claim" {
			continue
		}
		// Germany's answer releases the launch.
		e := of[Claimed](outs)[0].E
		if l := of[LaunchOrder](m.Receive(t0+0.3, "DE", &Ack{STN: e.STN, Claimer: "US", Holder: "US"})); len(l) != 1 {
			t.Errorf("%s: Germany's answer ordered %d launches, want 1", c.name, len(l))
		}
		// Russia, heard again, claims the threat: the US holds it.
		m.Heard("RU")
		pos, vel, _ = irbm(t).StateAt(t0 + 2)
		if a := sent[*Ack](t, m.Receive(t0+2, "RU", &Claim{STN: 9, Nation: "RU", Battery: rb.ID, Pos: pos, Vel: vel, TimeS: t0 + 2})); a == nil || a.Holder != "US" {
			t.Errorf("%s: Russia, heard again, claims the threat: answered %+v, want held by US", c.name, a)
		}
	}
}
