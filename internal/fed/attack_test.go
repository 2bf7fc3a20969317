package fed

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/nats-io/nats.go"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/link"
	"github.com/jrmd/jrmd/internal/link/linkv1"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
)

// sameRunBut checks that a federated run under attack gave the in-process
// run's results but for the refusals it logged and counted, and returns
// the count of messages each refused.
func sameRunBut(t *testing.T, want, got *sim.Result) map[string]int {
	t.Helper()
	var kept []sim.Event
	for _, ev := range got.Events {
		if ev.Type != sim.EvMessageRejected {
			kept = append(kept, ev)
		}
	}
	var a, b bytes.Buffer
	sim.WriteJSONL(&a, want.Events)
	sim.WriteJSONL(&b, kept)
	if a.String() != b.String() {
		t.Errorf("the event log but for the refusals differs from the in-process run's (%d vs %d events)", len(want.Events), len(kept))
	}
	rejected := map[string]int{"total": got.Summary.Totals.MessagesRejected}
	s := got.Summary
	s.Totals.MessagesRejected = 0
	s.Nations = nil
	for _, n := range got.Summary.Nations {
		rejected[n.ID] = n.MessagesRejected
		n.MessagesRejected = 0
		s.Nations = append(s.Nations, n)
	}
	a.Reset()
	b.Reset()
	want.Summary.WriteJSON(&a)
	s.WriteJSON(&b)
	if a.String() != b.String() {
		t.Errorf("the summary but for the refusals differs:\nin process:\n%s\nfederated:\n%s", a.String(), b.String())
	}
	return rejected
}

// A second process holding Germany's credentials (a standby, a node
// restarted while the first still runs, or an attacker) sends the US one
// valid, signed message with a sequence number far ahead of Germany's,
// and announces itself to exercise control. Receivers used to keep the
// highest number accepted per sender: the US then refused every genuine
// German message as replayed, waited for them and left the run. Now each
// incarnation has its own window, a node takes messages only from the
// incarnation exercise control confirmed, and exercise control reports the
// second instance: the run is the in-process run's, but for the two
// refusals.
func TestFederationImpostorCannotSilenceANation(t *testing.T) {
	f, err := scenario.Load(reference)
	if err != nil {
		t.Fatal(err)
	}
	opt := sim.Options{Level: bmc.Step2, Seed: 7}
	want, err := sim.Run(f, opt)
	if err != nil {
		t.Fatal(err)
	}
	digest, err := Digest(f)
	if err != nil {
		t.Fatal(err)
	}
	var (
		log   syncBuffer
		url   string
		creds map[string]Creds
		once  sync.Once
	)
	opt.Progress = func(frac float64) {
		if frac < 0.05 {
			return
		}
		once.Do(func() {
			n, err := creds["DE"].dial(url)
			if err != nil {
				t.Error(err)
				return
			}
			defer n.Close()
			id, err := creds["DE"].identity()
			if err != nil {
				t.Error(err)
				return
			}
			id.Incarnation = n.Incarnation()
			status := &linkv1.Envelope{ReleasableTo: []string{"US"}, TimeS: 100, ArrivalS: 100, Run: RunID(digest, 7, "step2"),
				Body: &linkv1.Envelope_NodeStatus{NodeStatus: &linkv1.NodeStatus{Node: "DE", Health: linkv1.Health_HEALTH_OK,
					Level: linkv1.IntegrationLevel_INTEGRATION_LEVEL_STEP2, Inventory: []*linkv1.BatteryInventory{{Battery: "patriot-berlin", Remaining: 16}}}}}
			data, err := id.Seal(status, 1<<62)
			if err != nil {
				t.Error(err)
				return
			}
			if err := n.PublishRaw(link.Subject("DE", link.Kind(status), "US"), data); err != nil {
				t.Error(err)
			}
			if err := n.Send(Control, &linkv1.Envelope{Body: &linkv1.Envelope_Heartbeat{Heartbeat: &linkv1.Heartbeat{Node: id.Node}}}); err != nil {
				t.Error(err)
			}
			n.Flush()
		})
	}
	// The impostor hears all that is addressed to Germany, exercise
	// control's steps too: never the incarnation of Germany's node.
	var (
		tapMu   sync.Mutex
		steps   int
		learned []string
	)
	tap := func(u string, c map[string]Creds) {
		url, creds = u, c
		n, err := c["DE"].dial(u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(n.Close)
		if _, err := n.Conn().Subscribe("jrmd.*.*.DE", func(m *nats.Msg) {
			env := &linkv1.Envelope{}
			if proto.Unmarshal(m.Data[64:], env) != nil {
				return
			}
			tapMu.Lock()
			defer tapMu.Unlock()
			if st := env.GetStep(); st != nil {
				steps++
				for node := range st.Incarnations {
					if strings.HasPrefix(node, "DE/") {
						learned = append(learned, node)
					}
				}
			}
		}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := federate(t, f, opt, &log, nil, tap)
	if err != nil {
		t.Fatalf("%v\nlog:\n%s", err, log.String())
	}
	tapMu.Lock()
	if steps == 0 || len(learned) != 0 {
		t.Errorf("of %d steps to Germany the impostor heard, some told it the incarnation of %v", steps, learned)
	}
	tapMu.Unlock()
	rejected := sameRunBut(t, want, got)
	if rejected["US"] != 1 || rejected["total"] != 2 {
		t.Errorf("messages refused %v, want the US 1 and exercise control 1", rejected)
	}
	for _, w := range []string{"US: rejected: DE/node: node_status of incarnation", "which exercise control has not confirmed",
		"control: rejected: DE/node: a second instance of DE's node"} {
		if !strings.Contains(log.String(), w) {
			t.Errorf("the log does not say %q:\n%s", w, log.String())
		}
	}
}

// Germany's own node (compromised, or broken) sends the US the committed
// reproducer of a launch warning that crashed the US node: an empty
// warning_id from a sensor that is not Germany's. The US refuses it with
// the reason, logs and counts it, and the run completes as the in-process
// run but for that refusal.
func TestFederationMalformedMessageIsRefused(t *testing.T) {
	f, err := scenario.Load(reference)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../sim/testdata/hostile/launch-warning-empty-id.txtpb")
	if err != nil {
		t.Fatal(err)
	}
	bad := &linkv1.Envelope{}
	if err := prototext.Unmarshal(data, bad); err != nil {
		t.Fatal(err)
	}
	opt := sim.Options{Level: bmc.Step2, Seed: 7}
	want, err := sim.Run(f, opt)
	if err != nil {
		t.Fatal(err)
	}
	var log syncBuffer
	sent := false
	de := func(o *NodeOptions) {
		if o.Creds.Nation != "DE" {
			return
		}
		o.extra = func(st *linkv1.Step) []*linkv1.Envelope {
			if sent || st.TimeS < 100 {
				return nil
			}
			sent = true
			return []*linkv1.Envelope{bad}
		}
	}
	got, err := federate(t, f, opt, &log, de, nil)
	if err != nil {
		t.Fatalf("%v\nlog:\n%s", err, log.String())
	}
	rejected := sameRunBut(t, want, got)
	if rejected["US"] != 1 || rejected["total"] != 1 {
		t.Errorf("messages refused %v, want the US 1", rejected)
	}
	if !strings.Contains(log.String(), "US: rejected: sim: US refused launch_warning from DE/node: link: invalid message: warning_id: empty") {
		t.Errorf("the US's log does not give the reason:\n%s", log.String())
	}
}
