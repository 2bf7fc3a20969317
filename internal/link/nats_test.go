package link

import (
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

// federation starts a TLS server with users US, RU, DE and returns a
// dialler for nodes.
func federation(t *testing.T) (dial func(id Identity) *Node, ids map[string]Identity) {
	t.Helper()
	srvTLS, cliTLS := selfSignedTLS(t)
	users := []NationUser{{Nation: "US", Password: "us-pw"}, {Nation: "RU", Password: "ru-pw"}, {Nation: "DE", Password: "de-pw"}, {Nation: "jdec", Password: "jdec-pw"}}
	s, err := StartServer(ServerOptions{Users: users, TLS: srvTLS})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	ids = map[string]Identity{
		"US": NewIdentity("US", "colorado-springs", [32]byte{1}),
		"RU": NewIdentity("RU", "moscow", [32]byte{2}),
		"DE": NewIdentity("DE", "uedem", [32]byte{3}),
		// A data-exchange center serving the US and Russia.
		"jdec": NewIdentity("jdec", "moscow", [32]byte{4}),
	}
	keys := KeyRing{}
	for _, id := range ids {
		keys[id.Node] = id.Public()
	}
	pw := map[string]string{"US": "us-pw", "RU": "ru-pw", "DE": "de-pw", "jdec": "jdec-pw"}
	dial = func(id Identity) *Node {
		n, err := Dial(s.ClientURL(), id, pw[id.Nation], keys, cliTLS)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(n.Close)
		return n
	}
	return dial, ids
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
	dial, ids := federation(t)
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

// Security (issue 6): the server refuses a node publishing as another
// nation, and a nation subscribing to another's traffic; a forged or
// replayed message is rejected by the receiver with its reason.
func TestNATSSecurity(t *testing.T) {
	dial, ids := federation(t)
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
	users := []NationUser{{Nation: "US", Password: `p"w`, JetStream: true}, {Nation: "RU", Password: "ru-pw"}}
	if err := os.WriteFile(path, []byte(ServerConfig(users)), 0o600); err != nil {
		t.Fatal(err)
	}
	opts, err := server.ProcessConfigFile(path)
	if err != nil {
		t.Fatalf("%v\n%s", err, ServerConfig(users))
	}
	if len(opts.Users) != 2 {
		t.Fatalf("%d users, want 2", len(opts.Users))
	}
	for _, u := range opts.Users {
		pub, sub := permissions(NationUser{Nation: u.Username, JetStream: u.Username == "US"})
		if !slices.Equal(u.Permissions.Publish.Allow, pub) || !slices.Equal(u.Permissions.Subscribe.Allow, sub) {
			t.Errorf("%s: publish %v subscribe %v, want %v %v", u.Username, u.Permissions.Publish.Allow, u.Permissions.Subscribe.Allow, pub, sub)
		}
		if u.Username == "US" && u.Password != `p"w` {
			t.Errorf("password %q", u.Password)
		}
	}
}

// A data-exchange center relays between the nations it serves, only what
// is releasable to the addressee, bytes unchanged (the addressee checks
// the original sender's signature); it refuses anything else, and no one
// else can pose as a relay.
func TestExchangeRelays(t *testing.T) {
	dial, ids := federation(t)
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
