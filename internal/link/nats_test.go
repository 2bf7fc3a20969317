package link

import (
	"context"
	"crypto/tls"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/jrmd/jrmd/internal/link/linkv1"
)

// selfSignedTLS makes a throwaway certificate for 127.0.0.1 and the client
// configuration that trusts it.
func selfSignedTLS(t *testing.T) (*tls.Config, *tls.Config) {
	t.Helper()
	srv, ca, err := SelfSignedTLS()
	if err != nil {
		t.Fatal(err)
	}
	cli, err := ClientTLS(ca)
	if err != nil {
		t.Fatal(err)
	}
	return srv, cli
}

// federation starts a TLS server (JetStream, for exercise control) with
// users US, RU, DE, a data-exchange center and control, and returns a
// dialler for nodes and the users' nkey seeds.
func federation(t *testing.T) (dial func(id Identity) *Node, ids map[string]Identity, seeds map[string]string) {
	t.Helper()
	srvTLS, cliTLS := selfSignedTLS(t)
	var users []NationUser
	seeds = map[string]string{}
	for _, n := range []string{"US", "RU", "DE", "jdec", "control"} {
		seed, pub, err := NewUserKey()
		if err != nil {
			t.Fatal(err)
		}
		seeds[n] = seed
		users = append(users, NationUser{Nation: n, NKey: pub, JetStream: n == "control"})
	}
	s, err := StartServer(ServerOptions{Users: users, TLS: srvTLS, JetStreamDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	ids = map[string]Identity{
		"US": NewIdentity("US", "colorado-springs", [32]byte{1}),
		"RU": NewIdentity("RU", "moscow", [32]byte{2}),
		"DE": NewIdentity("DE", "uedem", [32]byte{3}),
		// A data-exchange center serving the US and Russia.
		"jdec":    NewIdentity("jdec", "moscow", [32]byte{4}),
		"control": NewIdentity("control", "node", [32]byte{5}),
	}
	keys := KeyRing{}
	for _, id := range ids {
		keys[id.Node] = id.Public()
	}
	dial = func(id Identity) *Node {
		n, err := Dial(s.ClientURL(), id, seeds[id.Nation], keys, cliTLS)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(n.Close)
		return n
	}
	return dial, ids, seeds
}

// inbox collects what a node accepts and rejects.
type inbox struct {
	mu       sync.Mutex
	got      []*linkv1.Envelope
	rejected []error
}

func (b *inbox) attach(t *testing.T, n *Node) {
	n.Rejected = func(err error) { b.mu.Lock(); b.rejected = append(b.rejected, err); b.mu.Unlock() }
	if err := n.Subscribe(func(e *linkv1.Envelope) { b.mu.Lock(); b.got = append(b.got, e); b.mu.Unlock() }); err != nil {
		t.Fatal(err)
	}
}

func (b *inbox) wait(cond func() bool) bool {
	for range 200 {
		b.mu.Lock()
		ok := cond()
		b.mu.Unlock()
		if ok {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

// Over a real NATS server with TLS: a partner receives what is sent to it,
// a nation it was not sent to receives nothing.
func TestNATSDeliversOnlyToTheAddressee(t *testing.T) {
	dial, ids, _ := federation(t)
	us, ru, de := dial(ids["US"]), dial(ids["RU"]), dial(ids["DE"])
	var ruBox, deBox inbox
	ruBox.attach(t, ru)
	deBox.attach(t, de)
	if err := us.Send("RU", track(42)); err != nil {
		t.Fatal(err)
	}
	us.Flush()
	if !ruBox.wait(func() bool { return len(ruBox.got) == 1 }) || ruBox.got[0].GetTrack().GetSystemTrack() != 42 {
		t.Fatalf("RU got %v, rejected %v", ruBox.got, ruBox.rejected)
	}
	time.Sleep(100 * time.Millisecond)
	if len(deBox.got) != 0 || len(deBox.rejected) != 0 {
		t.Errorf("DE saw %v / %v", deBox.got, deBox.rejected)
	}
}

// Security: the server refuses a node publishing as another
// nation, and a nation subscribing to another's traffic; a forged or
// replayed message is rejected by the receiver with its reason.
func TestNATSSecurity(t *testing.T) {
	dial, ids, _ := federation(t)
	us, ru, de := dial(ids["US"]), dial(ids["RU"]), dial(ids["DE"])
	var usBox, ruBox, deBox inbox
	usBox.attach(t, us)
	ruBox.attach(t, ru)
	deBox.attach(t, de)

	// 1. US publishes on RU's subject: the server refuses it.
	data, _ := ids["US"].Seal(track(1), 1)
	us.PublishRaw(Subject("RU", "track", "DE"), data)
	us.Flush()
	if !usBox.wait(func() bool { return len(usBox.rejected) > 0 }) || !strings.Contains(strings.ToLower(usBox.rejected[0].Error()), "permission") {
		t.Errorf("impersonation: US errors %v", usBox.rejected)
	}

	// 2. DE tries to listen to what is addressed to RU: refused too.
	if _, err := de.nc.Subscribe(subjectRoot+".*.*.RU", func(*nats.Msg) {}); err == nil {
		de.Flush()
		if !deBox.wait(func() bool { return len(deBox.rejected) > 0 }) {
			t.Error("DE subscribed to RU's traffic without an error")
		}
	}

	// 3. A forger with the US account but not the US node's key.
	forger := NewIdentity("US", "colorado-springs", [32]byte{66})
	forged, _ := forger.Seal(track(2), 100)
	us.PublishRaw(Subject("US", "track", "RU"), forged)
	// 4. A genuine message, then the same bytes again (replay).
	good, _ := ids["US"].Seal(track(3), 200)
	us.PublishRaw(Subject("US", "track", "RU"), good)
	us.PublishRaw(Subject("US", "track", "RU"), good)
	us.Flush()
	if !ruBox.wait(func() bool { return len(ruBox.got) == 1 && len(ruBox.rejected) == 2 }) {
		t.Fatalf("RU accepted %d, rejected %v", len(ruBox.got), ruBox.rejected)
	}
	if !errors.Is(ruBox.rejected[0], ErrForged) || !errors.Is(ruBox.rejected[1], ErrReplayed) {
		t.Errorf("rejections %v, want forged then replayed", ruBox.rejected)
	}
	if len(deBox.got) != 0 {
		t.Errorf("DE received %v", deBox.got)
	}
}

// The configuration for an external cluster gives the same permissions as
// the embedded server: a nats-server loading it refuses a nation
// publishing under another's name.
func TestServerConfigLoads(t *testing.T) {
	path := t.TempDir() + "/jrmd.conf"
	var users []NationUser
	for _, n := range []string{"US", "RU"} {
		_, pub, err := NewUserKey()
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, NationUser{Nation: n, NKey: pub, JetStream: n == "US"})
	}
	if err := os.WriteFile(path, []byte(ServerConfig(users)), 0o600); err != nil {
		t.Fatal(err)
	}
	opts, err := server.ProcessConfigFile(path)
	if err != nil {
		t.Fatalf("%v\n%s", err, ServerConfig(users))
	}
	if len(opts.Nkeys) != 2 || len(opts.Users) != 0 {
		t.Fatalf("%d nkey users and %d others, want 2 and none", len(opts.Nkeys), len(opts.Users))
	}
	for i, u := range opts.Nkeys {
		if u.Nkey != users[i].NKey {
			t.Errorf("user %d: nkey %s, want %s", i, u.Nkey, users[i].NKey)
		}
		pub, sub := permissions(users[i])
		if !slices.Equal(u.Permissions.Publish.Allow, pub) || !slices.Equal(u.Permissions.Subscribe.Allow, sub) {
			t.Errorf("%s: publish %v subscribe %v, want %v %v", users[i].Nation, u.Permissions.Publish.Allow, u.Permissions.Subscribe.Allow, pub, sub)
		}
	}
}

// A data-exchange center relays between the nations it serves, only what
// is releasable to the addressee, bytes unchanged (the addressee checks
// the original sender's signature); it refuses anything else, and no one
// else can pose as a relay.
func TestExchangeRelays(t *testing.T) {
	dial, ids, _ := federation(t)
	us, ru, de, jdec := dial(ids["US"]), dial(ids["RU"]), dial(ids["DE"]), dial(ids["jdec"])
	var ruBox, deBox, xBox inbox
	ruBox.attach(t, ru)
	deBox.attach(t, de)
	jdec.Rejected = func(err error) { xBox.mu.Lock(); xBox.rejected = append(xBox.rejected, err); xBox.mu.Unlock() }
	if err := jdec.Relay(map[string]bool{"US": true, "RU": true}, func(*linkv1.Envelope) {}); err != nil {
		t.Fatal(err)
	}
	via := func(id uint64, to string) *linkv1.Envelope {
		e := track(id)
		e.Via, e.ReleasableTo = []string{"jdec"}, []string{to}
		return e
	}
	if err := us.Send("RU", via(7, "RU")); err != nil {
		t.Fatal(err)
	}
	if err := us.Send("DE", via(8, "DE")); err != nil { // DE is not served by the center
		t.Fatal(err)
	}
	us.Flush()
	if !ruBox.wait(func() bool { return len(ruBox.got) == 1 }) || ruBox.got[0].GetTrack().GetSystemTrack() != 7 || ruBox.got[0].SenderNation != "US" {
		t.Fatalf("RU got %v, rejected %v", ruBox.got, ruBox.rejected)
	}
	if !xBox.wait(func() bool { return len(xBox.rejected) == 1 }) || !errors.Is(xBox.rejected[0], ErrNotForMyNation) {
		t.Errorf("the center's refusals: %v, want one for DE", xBox.rejected)
	}
	// Germany poses as a relay of a US message it made up: Russia refuses it.
	forged, err := ids["DE"].Seal(via(9, "RU"), 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := de.PublishRaw(Subject("DE", "relay", "RU"), forged); err != nil {
		t.Fatal(err)
	}
	de.Flush()
	if !ruBox.wait(func() bool { return len(ruBox.rejected) == 1 }) {
		t.Fatalf("RU accepted a relay by a nation: got %v", ruBox.got)
	}
	time.Sleep(100 * time.Millisecond)
	if len(deBox.got) != 0 || len(ruBox.got) != 1 {
		t.Errorf("DE got %v; RU got %d messages", deBox.got, len(ruBox.got))
	}
}

// Request and reply are isolated: a nation's account can neither listen
// to the replies to others' requests (exercise control's JetStream
// replies carry the run's event log) nor answer in their place, nor use
// JetStream at all; exercise control's JetStream requests work.
func TestNATSInboxesAreIsolated(t *testing.T) {
	dial, ids, _ := federation(t)
	ru, ctl := dial(ids["RU"]), dial(ids["control"])
	var ruBox inbox
	ruBox.attach(t, ru)
	var mu sync.Mutex
	var heard []string
	for _, subject := range []string{"_INBOX.>", InboxPrefix("control") + ".>", ">"} {
		if _, err := ru.Conn().Subscribe(subject, func(m *nats.Msg) { mu.Lock(); heard = append(heard, m.Subject); mu.Unlock() }); err != nil {
			t.Fatal(err)
		}
	}
	if err := ru.Conn().Publish(InboxPrefix("control")+".forged", []byte("{}")); err != nil {
		t.Fatal(err)
	}
	ru.Flush()
	// Exercise control's JetStream requests, answered on its inbox.
	js, err := jetstream.New(ctl.Conn())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "LOG", Subjects: []string{"jrmd.control.log.>"}}); err != nil {
		t.Fatalf("control's JetStream request: %v", err)
	}
	if _, err := js.Publish(ctx, "jrmd.control.log.x", []byte("event")); err != nil {
		t.Fatalf("control's JetStream publish: %v", err)
	}
	// RU's account has no JetStream API.
	ruJS, err := jetstream.New(ru.Conn())
	if err != nil {
		t.Fatal(err)
	}
	short, cancel2 := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel2()
	if _, err := ruJS.Stream(short, "LOG"); err == nil {
		t.Error("RU's account read the event log stream's info")
	}
	want := []string{`"_INBOX.>"`, `"_INBOX.control.>"`, `">"`, `"_INBOX.control.forged"`}
	if !ruBox.wait(func() bool {
		n := 0
		for _, w := range want {
			for _, e := range ruBox.rejected {
				if strings.Contains(e.Error(), w) && strings.Contains(strings.ToLower(e.Error()), "permissions violation") {
					n++
					break
				}
			}
		}
		return n == len(want)
	}) {
		t.Errorf("the server's refusals to RU: %v, want each of %v", ruBox.rejected, want)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(heard) != 0 {
		t.Errorf("RU's account heard %v", heard)
	}
}

// NATS drops what is in flight when a connection is lost: a node keeps
// what it sent to the nations it retains for, and sends it again on
// request, inside Resent envelopes routed as the originals were (here
// through a data-exchange center); the addressee gets the original signed
// messages, sequence numbers and all, and refuses a copy of another
// node's message or a forged one. Delivered forgets what has arrived.
func TestNodeSendsLostMessagesAgain(t *testing.T) {
	dial, ids, _ := federation(t)
	us, ru, de, jdec := dial(ids["US"]), dial(ids["RU"]), dial(ids["DE"]), dial(ids["jdec"])
	us.Retain("RU", "DE")
	toRU := func(stn uint64) *linkv1.Envelope {
		e := track(stn)
		e.Via = []string{"jdec"}
		return e
	}
	toDE := func(stn uint64) *linkv1.Envelope {
		e := track(stn)
		e.ReleasableTo = []string{"DE"}
		return e
	}
	send := func(to string, e *linkv1.Envelope) {
		t.Helper()
		if err := us.Send(to, e); err != nil {
			t.Fatal(err)
		}
	}
	// Sent before anyone listens: lost.
	for stn := uint64(1); stn <= 4; stn++ {
		send("RU", toRU(stn))
		send("DE", toDE(100+stn))
	}
	us.Flush()
	if err := jdec.Relay(map[string]bool{"US": true, "RU": true}, func(*linkv1.Envelope) {}); err != nil {
		t.Fatal(err)
	}
	var ruBox, deBox inbox
	ruBox.attach(t, ru)
	deBox.attach(t, de)
	send("RU", toRU(5))
	send("DE", toDE(105))
	us.Flush()
	if !ruBox.wait(func() bool { return len(ruBox.got) == 1 }) || !deBox.wait(func() bool { return len(deBox.got) == 1 }) {
		t.Fatalf("RU got %d, DE %d messages, want 1 each", len(ruBox.got), len(deBox.got))
	}
	if got, want := us.LastKept("DE"), deBox.got[0].Seq; got != want {
		t.Errorf("LastKept(DE) = %d, want the last message's %d", got, want)
	}
	n, err := us.Resend("RU", 0)
	if err != nil || n != 5 {
		t.Fatalf("Resend(RU, 0) = %d, %v; want 5", n, err)
	}
	us.Flush()
	if !ruBox.wait(func() bool { return len(ruBox.got) == 6 }) {
		t.Fatalf("RU got %d messages after the resend, want 6; rejected %v", len(ruBox.got), ruBox.rejected)
	}
	for k, e := range ruBox.got[1:] {
		if e.SenderNation != "US" || e.GetTrack().GetSystemTrack() != uint64(k+1) || !slices.Equal(e.Via, []string{"jdec"}) {
			t.Errorf("copy %d: from %s, track %d, via %v; want US's track %d via jdec", k, e.SenderNation, e.GetTrack().GetSystemTrack(), e.Via, k+1)
		}
	}
	if ruBox.got[5].Seq != ruBox.got[0].Seq {
		t.Errorf("the copy of the last message has sequence number %d, the original %d", ruBox.got[5].Seq, ruBox.got[0].Seq)
	}
	// DE holds the first two: only the three after them are sent again.
	// The messages to Russia and Germany alternate, so Germany's second is
	// numbered six before its fifth.
	us.Delivered("DE", deBox.got[0].Seq-6)
	if n, err := us.Resend("DE", 0); err != nil || n != 3 {
		t.Errorf("Resend(DE, 0) after Delivered = %d, %v; want 3", n, err)
	}
	us.Flush()
	if !deBox.wait(func() bool { return len(deBox.got) == 4 }) {
		t.Fatalf("DE got %d messages, want 4", len(deBox.got))
	}
	if got := deBox.got[1].GetTrack().GetSystemTrack(); got != 103 {
		t.Errorf("the first copy DE got is track %d, want 103", got)
	}
	// Germany sends Russia, as copies, a message of the US's and a forgery.
	usMsg, err := ids["US"].Seal(track(77), 1)
	if err != nil {
		t.Fatal(err)
	}
	forged, err := NewIdentity("DE", "uedem", [32]byte{66}).Seal(track(78), 2)
	if err != nil {
		t.Fatal(err)
	}
	again := &linkv1.Envelope{ReleasableTo: []string{"RU"}, Body: &linkv1.Envelope_Resent{Resent: &linkv1.Resent{Messages: [][]byte{usMsg, forged}}}}
	if err := de.Send("RU", again); err != nil {
		t.Fatal(err)
	}
	de.Flush()
	if !ruBox.wait(func() bool { return len(ruBox.rejected) == 2 }) {
		t.Fatalf("RU rejected %v, want two copies", ruBox.rejected)
	}
	if !errors.Is(ruBox.rejected[0], ErrMalformed) || !errors.Is(ruBox.rejected[1], ErrForged) {
		t.Errorf("rejections %v, want another node's message, then a forgery", ruBox.rejected)
	}
	if len(ruBox.got) != 6 {
		t.Errorf("RU accepted %d messages, want 6", len(ruBox.got))
	}
}
