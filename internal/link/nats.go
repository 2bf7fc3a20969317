package link

import (
	"bytes"
	"cmp"
	"crypto/tls"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/jrmd/jrmd/internal/link/linkv1"
)

// Subjects: every message travels on jrmd.<SENDER-NATION>.<kind>.<TO-NATION>.
// A nation's account may publish only under its own name and subscribe only
// to what is addressed to it, so the server itself refuses a node that
// publishes as another nation, and data addressed to one partner never
// reaches another. A message relayed by a data-exchange center X (listed in
// the signed envelope's via) goes first to X, then travels on
// jrmd.X.relay.<NEXT>, its original signed bytes unchanged.
const subjectRoot = "jrmd"

// Subject is where a message of a kind from one nation to another travels.
func Subject(from, kind, to string) string {
	return strings.Join([]string{subjectRoot, from, kind, to}, ".")
}

// ErrServer wraps an error the server reports asynchronously (a
// permissions violation, a slow consumer): not a message refused.
var ErrServer = errors.New("link: server")

// InboxPrefix is where a user's replies come (nats.CustomInboxPrefix):
// each user has its own, and may subscribe to no other, so no one reads
// or answers another's requests — exercise control's to JetStream, which
// carry the run's event log, above all.
func InboxPrefix(user string) string { return "_INBOX." + user }

// permissions are what a user may publish and subscribe to, and no more:
// a nation publishes only under its own name and receives only what is
// addressed to it and the replies to its own requests; the JetStream user
// (exercise control, which keeps the event log) alone may use the
// JetStream API. No one may publish into an inbox: replies to requests
// come from the server (JetStream), which permissions do not restrict.
func permissions(u NationUser) (pub, sub []string) {
	pub, sub = []string{subjectRoot + "." + u.Nation + ".>"}, []string{subjectRoot + ".*.*." + u.Nation, InboxPrefix(u.Nation) + ".>"}
	if u.JetStream {
		pub = append(pub, "$JS.API.>")
	}
	return pub, sub
}

// ServerConfig is the authorization block of a nats-server configuration
// file giving each nation the same user and permissions as StartServer, for
// a federation on an external NATS cluster. Users are nkeys: the file
// holds only their public keys, nothing that lets one connect.
func ServerConfig(users []NationUser) string {
	var b strings.Builder
	b.WriteString("# jrmd federation: one user per node, an nkey (this file holds only public keys),\n" +
		"# publishing only under its own name, receiving only what is addressed to it\n" +
		"# and the replies to its own requests.\nauthorization {\n  users = [\n")
	for _, u := range users {
		pub, sub := permissions(u)
		fmt.Fprintf(&b, "    # %s\n    {nkey: %q, permissions: {publish: {allow: [%s]}, subscribe: {allow: [%s]}}}\n",
			u.Nation, u.NKey, quoted(pub), quoted(sub))
	}
	b.WriteString("  ]\n}\n")
	return b.String()
}

func quoted(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

// NationUser is a nation's (or exercise control's, or an exchange
// center's) user on the server.
type NationUser struct {
	Nation string
	// NKey is the user's public nkey ("U…"); the node proves it holds the
	// seed by signing the server's challenge (nats.Nkey), so no secret
	// reaches the server.
	NKey      string
	JetStream bool // may use JetStream (the event log's keeper)
}

// NewUserKey makes a user nkey: the seed ("SU…", the node's secret) and
// its public key ("U…", for the server).
func NewUserKey() (seed, public string, err error) {
	kp, err := nkeys.CreateUser()
	if err != nil {
		return "", "", fmt.Errorf("link: nkey: %w", err)
	}
	s, err := kp.Seed()
	if err != nil {
		return "", "", fmt.Errorf("link: nkey: %w", err)
	}
	pub, err := kp.PublicKey()
	if err != nil {
		return "", "", fmt.Errorf("link: nkey: %w", err)
	}
	return string(s), pub, nil
}

// UserPublicKey returns the public key of a user nkey seed, or an error if
// the seed is not one.
func UserPublicKey(seed string) (string, error) {
	kp, err := nkeys.FromSeed([]byte(seed))
	if err != nil {
		return "", fmt.Errorf("link: nkey seed: %w", err)
	}
	pub, err := kp.PublicKey()
	if err != nil || !nkeys.IsValidPublicUserKey(pub) {
		return "", errors.New("link: nkey seed: not a user's (want SU…)")
	}
	return pub, nil
}

// ServerOptions configure an embedded NATS server. Zero values are
// defaults: a random loopback port, no TLS.
type ServerOptions struct {
	Host  string // default 127.0.0.1
	Port  int    // 0: a random free port
	Users []NationUser
	TLS   *tls.Config
	// JetStreamDir, if set, enables JetStream with its file store there.
	JetStreamDir string
}

// StartServer runs an embedded NATS server with one nkey user per nation
// and the permissions of ServerConfig.
func StartServer(o ServerOptions) (*server.Server, error) {
	if o.Host == "" {
		o.Host = "127.0.0.1"
	}
	if o.Port == 0 {
		o.Port = server.RANDOM_PORT
	}
	opts := &server.Options{Host: o.Host, Port: o.Port, NoLog: true, NoSigs: true, MaxPayload: MaxMessageBytes}
	for _, u := range o.Users {
		if u.Nation == "" || strings.ContainsAny(u.Nation, ".*> ") {
			return nil, fmt.Errorf("link: bad nation name %q for a NATS user", u.Nation)
		}
		if !nkeys.IsValidPublicUserKey(u.NKey) {
			return nil, fmt.Errorf("link: %s: %q is not a user's public nkey", u.Nation, u.NKey)
		}
		pub, sub := permissions(u)
		opts.Nkeys = append(opts.Nkeys, &server.NkeyUser{
			Nkey: u.NKey,
			Permissions: &server.Permissions{
				Publish:   &server.SubjectPermission{Allow: pub},
				Subscribe: &server.SubjectPermission{Allow: sub},
			},
		})
	}
	if o.JetStreamDir != "" {
		opts.JetStream, opts.StoreDir = true, o.JetStreamDir
	}
	if o.TLS != nil {
		opts.TLSConfig = o.TLS
		opts.TLS = true
		opts.TLSTimeout = 5
	}
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("link: NATS server: %w", err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return nil, errors.New("link: NATS server did not start within 10 s")
	}
	return s, nil
}

// Node is a nation's node on NATS: it seals and publishes envelopes, and
// opens what it receives, reporting each rejection with its reason.
//
// NATS delivers at most once: a message in flight when a connection or a
// server is lost is gone. A node can keep what it sends to chosen nations
// (Retain) so that an addressee missing some can have them again
// (Resend), until they are known to have arrived (Delivered).
type Node struct {
	id  Identity
	nc  *nats.Conn
	mu  sync.Mutex // seq, run, sent, lastKept; held from numbering to publishing
	seq uint64
	run []byte // stamped on what it sends (SetRun)
	rx  *Receiver
	sub *nats.Subscription
	// Messages kept per addressee, oldest first; only for addressees
	// named in Retain.
	sent     map[string]*outbox
	lastKept map[string]uint64 // the sequence number of the last message kept per addressee
	closing  atomic.Bool
	statusMu sync.Mutex
	status   func(string)
	// Rejected is called for every message refused by Open (bad signature,
	// replay, …) and for asynchronous server errors such as a permissions
	// violation (those wrap ErrServer).
	Rejected func(error)
}

// outbox is what a node keeps of its messages to one addressee.
type outbox struct {
	msgs  []kept
	bytes int
}

type kept struct {
	seq  uint64
	via  []string
	data []byte
}

// maxKeptBytes bounds what a node keeps for one addressee; past it the
// oldest messages are forgotten (and cannot be sent again). Exercise
// control confirms delivery at every step, so a node normally keeps only
// a step or two of messages.
const maxKeptBytes = 16 << 20

// Reconnection: a node whose connection drops tries every server it knows
// (those it was given and those the cluster announces) without end, every
// reconnectWait; the federation's own timeouts decide when to give up. A
// server that stops answering is noticed after a few missed pings.
const (
	reconnectWait = 250 * time.Millisecond
	pingInterval  = 5 * time.Second
)

// Dial connects a node to a NATS server as its nation's user, proving it
// holds the user's nkey seed. keys are the public identities of every node
// it accepts messages from. url may list several servers of a cluster,
// separated by commas.
//
// The node's sequence numbers count from 1 in its incarnation (drawn here
// unless the identity has one), so a node restarted is told from the one
// before by its incarnation, not by ever larger numbers.
func Dial(url string, id Identity, nkeySeed string, keys KeyRing, tlsConfig *tls.Config) (*Node, error) {
	if len(id.Incarnation) == 0 {
		id.Incarnation = NewIncarnation()
	}
	kp, err := nkeys.FromSeed([]byte(nkeySeed))
	if err != nil {
		return nil, fmt.Errorf("link: %s: nkey seed: %w", id.Node, err)
	}
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, fmt.Errorf("link: %s: nkey seed: %w", id.Node, err)
	}
	n := &Node{id: id, rx: &Receiver{Nation: id.Nation, Keys: keys}, sent: map[string]*outbox{}, lastKept: map[string]uint64{}}
	opts := []nats.Option{
		nats.Nkey(pub, kp.Sign),
		nats.Name(id.Node),
		nats.CustomInboxPrefix(InboxPrefix(id.Nation)),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { n.reject(fmt.Errorf("%w: %w", ErrServer, err)) }),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(reconnectWait),
		nats.PingInterval(pingInterval),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if !n.closing.Load() {
				n.note(fmt.Sprintf("disconnected from NATS: %v", err))
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) { n.note("reconnected to NATS at " + nc.ConnectedUrlRedacted()) }),
		nats.ClosedHandler(func(nc *nats.Conn) {
			if !n.closing.Load() {
				n.note(fmt.Sprintf("NATS connection closed: %v", nc.LastError()))
			}
		}),
	}
	if tlsConfig != nil {
		opts = append(opts, nats.Secure(tlsConfig))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, fmt.Errorf("link: %s: connect: %w", id.Node, err)
	}
	n.nc = nc
	return n, nil
}

// OnStatus sets where the node reports the life of its connection: lost,
// re-established, closed.
func (n *Node) OnStatus(f func(string)) {
	n.statusMu.Lock()
	defer n.statusMu.Unlock()
	n.status = f
}

func (n *Node) note(s string) {
	n.statusMu.Lock()
	f := n.status
	n.statusMu.Unlock()
	if f != nil {
		f(s)
	}
}

func (n *Node) reject(err error) {
	if n.Rejected != nil {
		n.Rejected(err)
	}
}

// Send seals the envelope as this node (next sequence number) and
// publishes it to a partner nation. Messages are published in the order
// of their sequence numbers.
func (n *Node) Send(to string, env *linkv1.Envelope) error {
	// A new envelope around the caller's body (read only): the caller's
	// message is not stamped, and the body is not copied.
	rel := env.ReleasableTo
	if len(rel) == 0 {
		rel = []string{to}
	}
	hop := to
	if len(env.Via) > 0 {
		hop = env.Via[0]
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.seq++
	env = &linkv1.Envelope{TimeS: env.TimeS, ArrivalS: env.ArrivalS, ReleasableTo: rel, Via: env.Via, Run: n.run, Body: env.Body}
	data, err := n.id.Seal(env, n.seq)
	if err != nil {
		return err
	}
	if box := n.sent[to]; box != nil && !redelivery(env) {
		box.keep(kept{seq: n.seq, via: env.Via, data: data})
		n.lastKept[to] = n.seq
	}
	return n.PublishRaw(Subject(n.id.Nation, Kind(env), hop), data)
}

// redelivery tells the messages of redelivery itself, which are not kept.
func redelivery(env *linkv1.Envelope) bool {
	switch env.Body.(type) {
	case *linkv1.Envelope_Resent, *linkv1.Envelope_ResendRequest:
		return true
	}
	return false
}

func (b *outbox) keep(m kept) {
	b.msgs = append(b.msgs, m)
	b.bytes += len(m.data)
	for b.bytes > maxKeptBytes {
		b.bytes -= len(b.msgs[0].data)
		b.msgs = b.msgs[1:]
	}
}

// Retain makes the node keep what it sends to these nations from now on
// (but requests for messages and copies), for Resend.
func (n *Node) Retain(nations ...string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, to := range nations {
		if n.sent[to] == nil {
			n.sent[to] = &outbox{}
		}
	}
}

// LastKept is the sequence number of the last message kept for a nation
// (0: none).
func (n *Node) LastKept(to string) uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.lastKept[to]
}

// Delivered forgets the messages kept for a nation up to sequence number
// seq: the nation holds them.
func (n *Node) Delivered(to string, seq uint64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	box := n.sent[to]
	if box == nil {
		return
	}
	k := 0
	for k < len(box.msgs) && box.msgs[k].seq <= seq {
		box.bytes -= len(box.msgs[k].data)
		k++
	}
	box.msgs = slices.Clone(box.msgs[k:])
}

// Resend publishes again the messages kept for a nation numbered after
// seq, as they were signed, inside Resent envelopes (routed as the
// originals were), and returns how many. The addressee keeps those it
// does not hold (see Subscribe).
func (n *Node) Resend(to string, after uint64) (int, error) {
	n.mu.Lock()
	var again []kept
	if box := n.sent[to]; box != nil {
		i, _ := slices.BinarySearchFunc(box.msgs, after+1, func(m kept, seq uint64) int { return cmp.Compare(m.seq, seq) })
		again = slices.Clone(box.msgs[i:])
	}
	n.mu.Unlock()
	// Batches of consecutive messages with the same route, each within a
	// message's size with room for its envelope.
	const room = MaxMessageBytes - 1024
	count := 0
	for len(again) > 0 {
		batch, size := [][]byte{again[0].data}, len(again[0].data)
		k := 1
		for ; k < len(again) && slices.Equal(again[k].via, again[0].via) && size+len(again[k].data) <= room; k++ {
			batch = append(batch, again[k].data)
			size += len(again[k].data)
		}
		env := &linkv1.Envelope{ReleasableTo: []string{to}, Via: again[0].via, Body: &linkv1.Envelope_Resent{Resent: &linkv1.Resent{Messages: batch}}}
		if err := n.Send(to, env); err != nil {
			return count, err
		}
		count += len(batch)
		again = again[k:]
	}
	return count, nil
}

// SetRun binds the node to a run (see Envelope.run): it stamps what it
// sends with the run's identity, and refuses other runs' messages.
func (n *Node) SetRun(run []byte) {
	n.mu.Lock()
	n.run = bytes.Clone(run)
	n.mu.Unlock()
	n.rx.SetRun(run)
}

// Incarnation is the node's incarnation, stamped on what it sends.
func (n *Node) Incarnation() []byte { return n.id.Incarnation }

// PublishRaw publishes bytes as they are (tests use it to replay and forge).
func (n *Node) PublishRaw(subject string, data []byte) error {
	if err := n.nc.Publish(subject, data); err != nil {
		return fmt.Errorf("link: publish %s: %w", subject, err)
	}
	return nil
}

// Subscribe delivers every accepted message addressed to this node's
// nation to handle, in arrival order, and every rejection to Rejected.
func (n *Node) Subscribe(handle func(*linkv1.Envelope)) error {
	sub, err := n.nc.Subscribe(subjectRoot+".*.*."+n.id.Nation, func(m *nats.Msg) {
		env, err := n.rx.Open(m.Data)
		if err != nil {
			n.reject(fmt.Errorf("%s: %w", m.Subject, err))
			return
		}
		// The subject must agree with the signed envelope: a message cannot
		// be relabelled in transit.
		if err := checkSubject(m.Subject, env); err != nil {
			n.reject(err)
			return
		}
		if again, ok := env.Body.(*linkv1.Envelope_Resent); ok {
			for _, data := range again.Resent.Messages {
				orig, err := n.openCopy(env, data)
				if err != nil {
					n.reject(fmt.Errorf("%s: sent again: %w", m.Subject, err))
					continue
				}
				handle(orig)
			}
			return
		}
		handle(env)
	})
	if err != nil {
		return fmt.Errorf("link: subscribe: %w", err)
	}
	n.sub = sub
	return n.nc.Flush()
}

// openCopy opens an original message carried again in a Resent envelope:
// every check of Open (signature, sender's nation, run, releasability,
// bounds) but the sequence number's, for the receiver may have accepted
// that number already (the caller takes each message once); it must be the
// envelope's sender's own message, of the same incarnation, and no
// envelope of copies itself.
func (n *Node) openCopy(outer *linkv1.Envelope, data []byte) (*linkv1.Envelope, error) {
	rx := &Receiver{Nation: n.rx.Nation, Keys: n.rx.Keys}
	n.mu.Lock()
	rx.SetRun(n.run)
	n.mu.Unlock()
	env, err := rx.Open(data)
	if err != nil {
		return nil, err
	}
	if env.Sender != outer.Sender || !bytes.Equal(env.Incarnation, outer.Incarnation) {
		return nil, fmt.Errorf("%w: %q (incarnation %x) sent again a message of %q (incarnation %x)", ErrMalformed, outer.Sender, outer.Incarnation, env.Sender, env.Incarnation)
	}
	if _, nested := env.Body.(*linkv1.Envelope_Resent); nested {
		return nil, fmt.Errorf("%w: copies inside copies from %q", ErrMalformed, outer.Sender)
	}
	return env, nil
}

// Conn is the node's NATS connection (for JetStream).
func (n *Node) Conn() *nats.Conn { return n.nc }

// checkSubject: a message comes from its signed sender, under its kind, or
// from the last exchange center its signed envelope names as relay.
func checkSubject(subject string, env *linkv1.Envelope) error {
	parts := strings.Split(subject, ".")
	if len(parts) == 4 && ((parts[1] == env.SenderNation && parts[2] == Kind(env) && len(env.Via) == 0) ||
		(parts[2] == "relay" && len(env.Via) > 0 && parts[1] == env.Via[len(env.Via)-1])) {
		return nil
	}
	return fmt.Errorf("%s: %w: subject does not match the signed sender, kind or relay", subject, ErrMalformed)
}

// Relay makes this node a data-exchange center: every message addressed to
// it is checked (signature, sequence, and that this center is on its
// signed route) and passed on, its bytes unchanged, to the next center of
// its route or its addressee — if release allows: both the sender's and
// the addressee's nations must be served by the center (members), and the
// addressee must be among the nations the message is releasable to.
// Anything else is refused (Rejected). other receives messages meant for
// the center itself (exercise control's).
func (n *Node) Relay(members map[string]bool, other func(*linkv1.Envelope)) error {
	me := n.id.Nation
	n.rx.Nation = "" // the center checks release itself, below
	sub, err := n.nc.Subscribe(subjectRoot+".*.*."+me, func(m *nats.Msg) {
		env, err := n.rx.Open(m.Data)
		if err != nil {
			n.reject(fmt.Errorf("%s: %w", m.Subject, err))
			return
		}
		i := slices.Index(env.Via, me)
		if i < 0 {
			if err := checkSubject(m.Subject, env); err != nil {
				n.reject(err)
				return
			}
			other(env)
			return
		}
		parts := strings.Split(m.Subject, ".")
		from := env.SenderNation
		if i > 0 {
			from = env.Via[i-1]
		}
		if len(parts) != 4 || parts[1] != from || (i == 0 && parts[2] != Kind(env)) || (i > 0 && parts[2] != "relay") {
			n.reject(fmt.Errorf("%s: %w: subject does not match the signed route", m.Subject, ErrMalformed))
			return
		}
		to := ""
		if len(env.ReleasableTo) == 1 {
			to = env.ReleasableTo[0]
		}
		if !members[env.SenderNation] || !members[to] {
			n.reject(fmt.Errorf("%s: %w: %s relays only between %v, not %s to %v", m.Subject, ErrNotForMyNation, me, keys(members), env.SenderNation, env.ReleasableTo))
			return
		}
		next := to
		if i+1 < len(env.Via) {
			next = env.Via[i+1]
		}
		if err := n.PublishRaw(Subject(me, "relay", next), m.Data); err != nil {
			n.reject(err)
		}
	})
	if err != nil {
		return fmt.Errorf("link: subscribe: %w", err)
	}
	n.sub = sub
	return n.nc.Flush()
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Flush waits until the server has everything sent so far.
func (n *Node) Flush() error { return n.nc.FlushTimeout(5 * time.Second) }

// Close drains and closes the connection (or closes it at once if it is
// down).
func (n *Node) Close() {
	if n.nc == nil {
		return
	}
	n.closing.Store(true)
	if err := n.nc.Drain(); err != nil {
		n.nc.Close()
	}
}
