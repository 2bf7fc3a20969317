package link

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/jrmd/jrmd/internal/link/linkv1"
)

// selfSignedTLS makes a throwaway certificate for 127.0.0.1 and the client
// configuration that trusts it.
func selfSignedTLS(t *testing.T) (*tls.Config, *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "jrmd test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}, MinVersion: tls.VersionTLS12},
		&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
}

// federation starts a TLS server with users US, RU, DE and returns a
// dialler for nodes.
func federation(t *testing.T) (dial func(id Identity) *Node, ids map[string]Identity) {
	t.Helper()
	srvTLS, cliTLS := selfSignedTLS(t)
	users := []NationUser{{"US", "us-pw"}, {"RU", "ru-pw"}, {"DE", "de-pw"}}
	s, err := StartServer(ServerOptions{Users: users, TLS: srvTLS})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	ids = map[string]Identity{
		"US": NewIdentity("US", "colorado-springs", [32]byte{1}),
		"RU": NewIdentity("RU", "moscow", [32]byte{2}),
		"DE": NewIdentity("DE", "uedem", [32]byte{3}),
	}
	keys := KeyRing{}
	for _, id := range ids {
		keys[id.Node] = id.Public()
	}
	pw := map[string]string{"US": "us-pw", "RU": "ru-pw", "DE": "de-pw"}
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
