package link

import (
	"crypto/tls"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

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

// permissions are what a user may publish and subscribe to: a nation
// publishes only under its own name and receives only what is addressed to
// it; a JetStream user (exercise control, which keeps the event log) may
// also use the JetStream API.
func permissions(u NationUser) (pub, sub []string) {
	pub, sub = []string{subjectRoot + "." + u.Nation + ".>", "_INBOX.>"}, []string{subjectRoot + ".*.*." + u.Nation, "_INBOX.>"}
	if u.JetStream {
		pub = append(pub, "$JS.API.>")
	}
	return pub, sub
}

// ServerConfig is the authorization block of a nats-server configuration
// file giving each nation the same user and permissions as StartServer, for
// a federation on an external NATS cluster.
func ServerConfig(users []NationUser) string {
	var b strings.Builder
	b.WriteString("# jrmd federation: one user per nation, publishing only under its own name,\n# receiving only what is addressed to it.\nauthorization {\n  users = [\n")
	for _, u := range users {
		pub, sub := permissions(u)
		fmt.Fprintf(&b, "    {user: %q, password: %q, permissions: {publish: {allow: [%s]}, subscribe: {allow: [%s]}}}\n",
			u.Nation, u.Password, quoted(pub), quoted(sub))
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

// NationUser is a nation's account on the server.
type NationUser struct {
	Nation, Password string
	JetStream        bool // may use JetStream (the event log's keeper)
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

// StartServer runs an embedded NATS server with one user per nation,
// permitted to publish only jrmd.<NATION>.> and to subscribe only
// jrmd.*.*.<NATION> (and its own reply inboxes).
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
		pub, sub := permissions(u)
		opts.Users = append(opts.Users, &server.User{
			Username: u.Nation, Password: u.Password,
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
type Node struct {
	id  Identity
	nc  *nats.Conn
	mu  sync.Mutex
	seq uint64
	rx  *Receiver
	sub *nats.Subscription
	// Rejected is called for every message refused by Open (bad signature,
	// replay, …) and for asynchronous server errors such as a permissions
	// violation.
	Rejected func(error)
}

// Dial connects a node to a NATS server as its nation's user. keys are the
// public identities of every node it accepts messages from.
//
// A node's sequence numbers start at the wall clock in nanoseconds, so a
// node restarted after a crash sends numbers its partners have not seen.
func Dial(url string, id Identity, password string, keys KeyRing, tlsConfig *tls.Config) (*Node, error) {
	n := &Node{id: id, rx: &Receiver{Nation: id.Nation, Keys: keys}, seq: uint64(time.Now().UnixNano())}
	opts := []nats.Option{
		nats.UserInfo(id.Nation, password),
		nats.Name(id.Node),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { n.reject(err) }),
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

func (n *Node) reject(err error) {
	if n.Rejected != nil {
		n.Rejected(err)
	}
}

// Send seals the envelope as this node (next sequence number) and
// publishes it to a partner nation.
func (n *Node) Send(to string, env *linkv1.Envelope) error {
	n.mu.Lock()
	n.seq++
	seq := n.seq
	n.mu.Unlock()
	// A new envelope around the caller's body (read only): the caller's
	// message is not stamped, and the body is not copied.
	rel := env.ReleasableTo
	if len(rel) == 0 {
		rel = []string{to}
	}
	env = &linkv1.Envelope{TimeS: env.TimeS, ArrivalS: env.ArrivalS, ReleasableTo: rel, Via: env.Via, Body: env.Body}
	data, err := n.id.Seal(env, seq)
	if err != nil {
		return err
	}
	if len(env.Via) > 0 {
		to = env.Via[0]
	}
	return n.PublishRaw(Subject(n.id.Nation, Kind(env), to), data)
}

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
		handle(env)
	})
	if err != nil {
		return fmt.Errorf("link: subscribe: %w", err)
	}
	n.sub = sub
	return n.nc.Flush()
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

// Close drains and closes the connection.
func (n *Node) Close() {
	if n.nc != nil {
		n.nc.Drain()
	}
}
