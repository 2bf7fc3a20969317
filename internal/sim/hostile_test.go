package sim

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/link"
	"github.com/jrmd/jrmd/internal/link/linkv1"
)

// hostileMsg is one of the committed hostile messages
// (testdata/hostile/*.txtpb): an envelope in protobuf text format, with the
// reason it must be refused for on its "# want:" line.
type hostileMsg struct {
	name, want string
	env        *linkv1.Envelope
}

func hostile(t testing.TB) []hostileMsg {
	t.Helper()
	paths, err := filepath.Glob("testdata/hostile/*.txtpb")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no hostile messages: %v", err)
	}
	var out []hostileMsg
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m := hostileMsg{name: filepath.Base(p), env: &linkv1.Envelope{}}
		if err := prototext.Unmarshal(data, m.env); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if w, ok := strings.CutPrefix(line, "# want: "); ok {
				m.want = w
			}
		}
		if m.want == "" {
			t.Fatalf("%s: no # want: line", p)
		}
		out = append(out, m)
	}
	return out
}

// partners are the signing identities of the US's partners in the
// reference scenario, and a receiver of the US's that knows them.
func partners() (map[string]link.Identity, *link.Receiver) {
	ids := map[string]link.Identity{"DE": link.NewIdentity("DE", "node", [32]byte{3}), "RU": link.NewIdentity("RU", "node", [32]byte{2})}
	rx := &link.Receiver{Nation: "US", Keys: link.KeyRing{}}
	for _, id := range ids {
		rx.Keys[id.Node] = id.Public()
	}
	return ids, rx
}

// runningPart is the US's part of the reference run (step2, seed 7)
// stepped alone, second by second, to atS: its radars track the raid and
// its battle manager plans.
func runningPart(t testing.TB, atS float64) (*Part, float64) {
	t.Helper()
	p, err := NewPart(load(t, reference), Options{Level: bmc.Step2, Seed: 7}, "US")
	if err != nil {
		t.Fatal(err)
	}
	now := 0.0
	for now < atS {
		now++
		if rep := p.Step(Round{TimeS: now}); rep.Err != nil {
			t.Fatal(rep.Err)
		}
	}
	return p, now
}

// Every committed hostile message, signed by the partner it claims to
// come from (so the link accepts it: its body is the part's to check), is
// refused by a running part with its reason and logged as such, and the
// part keeps running to the end of the raid; a genuine message is taken.
func TestHostileMessagesAreRefused(t *testing.T) {
	ids, rx := partners()
	p, now := runningPart(t, 100)
	seq := uint64(0)
	open := func(env *linkv1.Envelope) *linkv1.Envelope {
		seq++
		data, err := ids[env.SenderNation].Seal(env, seq)
		if err != nil {
			t.Fatal(err)
		}
		opened, err := rx.Open(data)
		if err != nil {
			t.Fatalf("the link refused it: %v", err)
		}
		return opened
	}
	for _, m := range hostile(t) {
		err := p.Deliver(open(m.env))
		if !errors.Is(err, link.ErrInvalid) || !strings.Contains(err.Error(), m.want) {
			t.Errorf("%s: %v, want refused for %q", m.name, err, m.want)
		}
		now++
		rep := p.Step(Round{TimeS: now})
		if rep.Err != nil {
			t.Fatalf("%s: %v", m.name, rep.Err)
		}
		logged := 0
		for _, ev := range rep.Events {
			if ev.Type == EvMessageRejected && ev.Nation == "US" && ev.Count == 1 && strings.Contains(ev.Detail, m.want) {
				logged++
			}
		}
		if logged != 1 {
			t.Errorf("%s: %d message_rejected events of it in %v", m.name, logged, rep.Events)
		}
	}
	// A flood of bad messages, each refused for its own reason, costs a
	// bounded number of events, which count them all.
	for i := range 1000 {
		p.Deliver(open(&linkv1.Envelope{SenderNation: "RU", ReleasableTo: []string{"US"}, TimeS: now, ArrivalS: now,
			Body: &linkv1.Envelope_ClaimAck{ClaimAck: &linkv1.ClaimAck{Claimer: "US", Holder: fmt.Sprintf("X%d", i)}}}))
	}
	now++
	events, counted := 0, 0
	for _, ev := range p.Step(Round{TimeS: now}).Events {
		if ev.Type == EvMessageRejected {
			events++
			counted += ev.Count
		}
	}
	if events != maxRejectionEvents+1 || counted != 1000 {
		t.Errorf("1000 refusals logged as %d events counting %d, want %d events counting 1000", events, counted, maxRejectionEvents+1)
	}
	genuine := &linkv1.Envelope{SenderNation: "RU", ReleasableTo: []string{"US"}, TimeS: now, ArrivalS: now, Body: &linkv1.Envelope_NodeStatus{NodeStatus: &linkv1.NodeStatus{
		Node: "RU", Health: linkv1.Health_HEALTH_OK, Level: linkv1.IntegrationLevel_INTEGRATION_LEVEL_STEP2,
		Inventory: []*linkv1.BatteryInventory{{Battery: "s400-moscow", Remaining: 14}}}}}
	if err := p.Deliver(open(genuine)); err != nil {
		t.Errorf("a genuine status refused: %v", err)
	}
	for !math.IsInf(p.NextS(), 1) {
		if rep := p.Step(Round{TimeS: p.NextS()}); rep.Err != nil {
			t.Fatal(rep.Err)
		}
	}
	if end := p.EndS(); now >= end {
		t.Errorf("the part stopped at %v s, before the end at %v s", now, end)
	}
}

// fuzzPart is the running part FuzzDeliver delivers to, kept from one
// input to the next (building and running one to the raid costs more than
// an input should), and built afresh when it reaches the end of the raid.
var fuzzPart struct {
	sync.Mutex
	p   *Part
	now float64
	seq uint64
}

// FuzzDeliver feeds arbitrary envelopes, signed by a partner of the US
// (the first byte picks which), through the link's receiver to a running
// US part, which is then stepped: a message is taken or refused with a
// reason, never a panic, and the part keeps stepping. The harness delivers
// each message at the part's next step (arrival_s 0); everything else is
// the fuzzer's.
func FuzzDeliver(f *testing.F) {
	for _, m := range hostile(f) {
		b, err := proto.Marshal(m.env)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(m.env.SenderNation == "RU", b)
	}
	// Genuine messages of every kind a part takes, to mutate.
	vec := &linkv1.Vector{X: 3.4e6, Y: 3.1e6, Z: 4.6e6}
	cov := make([]float64, 21)
	for _, k := range []int{0, 6, 11, 15, 18, 20} {
		cov[k] = 1e4
	}
	for _, e := range []*linkv1.Envelope{
		{Body: &linkv1.Envelope_Track{Track: &linkv1.TrackReport{SystemTrack: 4, SourceNation: "RU", TimeS: 100, PositionM: vec, VelocityMps: &linkv1.Vector{X: 1e3, Y: 2e3, Z: 1e3}, Covariance: cov,
			Quality: linkv1.TrackQuality_TRACK_QUALITY_FIRE_CONTROL, Correlated: []*linkv1.TrackRef{{Nation: "US", SystemTrack: 1}}}}},
		{Body: &linkv1.Envelope_EngagementClaim{EngagementClaim: &linkv1.EngagementClaim{SystemTrack: 4, Nation: "RU", Battery: "s400-moscow",
			PlannedLaunchS: 120, PlannedInterceptS: 300, Interceptors: 2, PositionM: vec, VelocityMps: vec, ClaimTimeS: 100}}},
		{Body: &linkv1.Envelope_ClaimAck{ClaimAck: &linkv1.ClaimAck{SystemTrack: 1, Claimer: "US", Holder: "RU"}}},
		{Body: &linkv1.Envelope_KillAssessment{KillAssessment: &linkv1.KillAssessment{SystemTrack: 4, Nation: "RU", Battery: "s400-moscow", Outcome: linkv1.Outcome_OUTCOME_KILL, TimeS: 100}}},
		{Body: &linkv1.Envelope_EngagementRequest{EngagementRequest: &linkv1.EngagementRequest{SystemTrack: 1, RequestingNation: "RU", Battery: "redzikowo", Reason: "defend"}}},
	} {
		e.ReleasableTo, e.TimeS = []string{"US"}, 100
		b, err := proto.Marshal(e)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(true, b)
	}
	ids, rx := partners()
	f.Fuzz(func(t *testing.T, fromRU bool, body []byte) {
		env := &linkv1.Envelope{}
		if err := proto.Unmarshal(body, env); err != nil {
			return
		}
		id := ids["DE"]
		if fromRU {
			id = ids["RU"]
		}
		fuzzPart.Lock()
		defer fuzzPart.Unlock()
		if fuzzPart.p == nil || math.IsInf(fuzzPart.p.NextS(), 1) {
			fuzzPart.p, fuzzPart.now = runningPart(t, 100)
		}
		p := fuzzPart.p
		fuzzPart.seq++
		env.ArrivalS = 0
		data, err := id.Seal(env, fuzzPart.seq)
		if err != nil {
			return // too large to send
		}
		opened, err := rx.Open(data)
		if err != nil {
			return
		}
		if err := p.Deliver(opened); err != nil && !errors.Is(err, link.ErrInvalid) {
			t.Fatalf("refused without a reason: %v", err)
		}
		for range 2 {
			fuzzPart.now++
			rep := p.Step(Round{TimeS: fuzzPart.now})
			if rep.Err != nil {
				t.Fatal(rep.Err)
			}
			for _, ev := range rep.Events {
				if math.IsNaN(ev.TS) || math.IsInf(ev.TS, 0) || ev.TS > fuzzPart.now {
					t.Fatalf("an event at %v s, stepping to %v s: %+v", ev.TS, fuzzPart.now, ev)
				}
			}
			if next := p.NextS(); !(next > fuzzPart.now) {
				t.Fatalf("next action at %v s after stepping to %v s", next, fuzzPart.now)
			}
		}
	})
}
