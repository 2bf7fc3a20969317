package link

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"sync"

	"google.golang.org/protobuf/proto"

	"github.com/jrmd/jrmd/internal/link/linkv1"
)

// MaxMessageBytes bounds a message on the wire; anything larger is refused
// before decoding. Track reports are a few hundred bytes.
const MaxMessageBytes = 64 << 10

// Kind names an envelope's message set: in NATS subjects, and in the
// event log of a run (a lost message).
func Kind(env *linkv1.Envelope) string {
	switch env.Body.(type) {
	case *linkv1.Envelope_Track:
		return "track"
	case *linkv1.Envelope_TrackSet:
		return "track_set"
	case *linkv1.Envelope_LaunchWarning:
		return "launch_warning"
	case *linkv1.Envelope_EngagementRequest:
		return "request"
	case *linkv1.Envelope_EngagementClaim:
		return "claim"
	case *linkv1.Envelope_ClaimAck:
		return "claim_ack"
	case *linkv1.Envelope_EngagementRelease:
		return "release"
	case *linkv1.Envelope_EngagementStatus:
		return "status"
	case *linkv1.Envelope_KillAssessment:
		return "kill_assessment"
	case *linkv1.Envelope_NodeStatus:
		return "node_status"
	case *linkv1.Envelope_Heartbeat:
		return "heartbeat"
	case *linkv1.Envelope_Step:
		return "step"
	case *linkv1.Envelope_StepDone:
		return "step_done"
	case *linkv1.Envelope_ResendRequest:
		return "resend_request"
	case *linkv1.Envelope_Resent:
		return "resent"
	}
	return "other"
}

// Identity is a node's signing identity.
type Identity struct {
	Node   string // "NATION/node-id"
	Nation string
	Key    ed25519.PrivateKey
	// Incarnation is stamped on every envelope the identity seals: drawn
	// at random (NewIncarnation) each time a node's process starts, so its
	// partners tell a restarted node, or a second instance of it, from
	// the one they know.
	Incarnation []byte
}

// IncarnationBytes is the size of an incarnation and of a run identity.
const IncarnationBytes = 16

// NewIncarnation draws a fresh incarnation.
func NewIncarnation() []byte {
	b := make([]byte, IncarnationBytes)
	rand.Read(b) // never fails (crypto/rand)
	return b
}

// NewIdentity derives a node's key deterministically from a seed (for
// reproducible runs and tests; a deployment generates and stores keys),
// with a fresh incarnation.
func NewIdentity(nation, node string, seed [32]byte) Identity {
	return Identity{Node: nation + "/" + node, Nation: nation, Key: ed25519.NewKeyFromSeed(seed[:]), Incarnation: NewIncarnation()}
}

// Public returns the identity's public half for a KeyRing.
func (id Identity) Public() PublicIdentity {
	return PublicIdentity{Nation: id.Nation, Key: id.Key.Public().(ed25519.PublicKey)}
}

// PublicIdentity is what receivers know of a sender.
type PublicIdentity struct {
	Nation string
	Key    ed25519.PublicKey
}

// KeyRing maps node names to their public identities.
type KeyRing map[string]PublicIdentity

var marshal = proto.MarshalOptions{Deterministic: true}

// Seal stamps the envelope with the identity's sender, nation and
// incarnation and the sequence number, and returns the wire bytes: the
// Ed25519 signature over the envelope's deterministic encoding, then that
// encoding. The run identity (Envelope.run) is the caller's to set.
func (id Identity) Seal(env *linkv1.Envelope, seq uint64) ([]byte, error) {
	env.Sender, env.SenderNation, env.Seq, env.Incarnation = id.Node, id.Nation, seq, id.Incarnation
	body, err := marshal.Marshal(env)
	if err != nil {
		return nil, fmt.Errorf("link: encode: %w", err)
	}
	if len(body)+ed25519.SignatureSize > MaxMessageBytes {
		return nil, fmt.Errorf("link: message of %d bytes exceeds %d", len(body)+ed25519.SignatureSize, MaxMessageBytes)
	}
	out := make([]byte, ed25519.SignatureSize, ed25519.SignatureSize+len(body))
	copy(out, ed25519.Sign(id.Key, body))
	return append(out, body...), nil
}

// Errors a receiver reports for rejected messages.
var (
	ErrTooLarge       = errors.New("link: message too large")
	ErrMalformed      = errors.New("link: malformed message")
	ErrUnknownNode    = errors.New("link: unknown sender")
	ErrForged         = errors.New("link: bad signature")
	ErrWrongNation    = errors.New("link: sender nation does not match its key")
	ErrReplayed       = errors.New("link: replayed or out-of-date sequence number")
	ErrNoBody         = errors.New("link: message has no body")
	ErrNotFinite      = errors.New("link: non-finite number")
	ErrNotForMyNation = errors.New("link: not releasable to this nation")
	ErrOtherRun       = errors.New("link: message of another run")
)

// Receiver opens messages from known senders. It keeps a sequence window
// per (sender, incarnation), so that no message — not even a valid one
// far ahead — of one incarnation can make it refuse another's. Safe for
// concurrent use.
type Receiver struct {
	Nation string // the receiving node's nation (releasability)
	Keys   KeyRing

	mu  sync.Mutex
	run []byte
	// windows: each sender's most recently used incarnations' windows, at
	// most maxIncarnations (a sender that keeps inventing incarnations
	// costs bounded memory).
	windows map[string][]*window
}

// SetRun makes the receiver refuse every message not of the run (see
// Envelope.run) but a node's announcement that does not know the run
// yet: a Heartbeat with no run.
func (r *Receiver) SetRun(run []byte) {
	r.mu.Lock()
	r.run = bytes.Clone(run)
	r.mu.Unlock()
}

// Open checks and decodes a wire message: size, encoding, signature against
// the sender's registered key (over the bytes as received), that the
// sender's claimed nation is the key's, the run, the sequence number
// (replay) within the sender's incarnation, releasability, that every
// number is finite and that the envelope's own fields are within bounds.
// Rejections wrap one of the Err values, or ErrInvalid, with the reason.
// What the body holds is its consumer's to check (see Check).
func (r *Receiver) Open(data []byte) (*linkv1.Envelope, error) {
	if len(data) > MaxMessageBytes {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(data))
	}
	if len(data) < ed25519.SignatureSize {
		return nil, fmt.Errorf("%w: %d bytes, shorter than a signature", ErrMalformed, len(data))
	}
	sig, body := data[:ed25519.SignatureSize], data[ed25519.SignatureSize:]
	env := &linkv1.Envelope{}
	if err := proto.Unmarshal(body, env); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	pub, ok := r.Keys[env.Sender]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownNode, clip(env.Sender))
	}
	if !ed25519.Verify(pub.Key, body, sig) {
		return nil, fmt.Errorf("%w from %q", ErrForged, env.Sender)
	}
	if env.SenderNation != pub.Nation {
		return nil, fmt.Errorf("%w: %q claims %q, key is %q's", ErrWrongNation, env.Sender, clip(env.SenderNation), pub.Nation)
	}
	if len(env.Incarnation) != IncarnationBytes {
		return nil, fmt.Errorf("%w: %q: incarnation of %d bytes, want %d", ErrMalformed, env.Sender, len(env.Incarnation), IncarnationBytes)
	}
	if env.Body == nil {
		return nil, fmt.Errorf("%w from %q", ErrNoBody, env.Sender)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, hello := env.Body.(*linkv1.Envelope_Heartbeat); r.run != nil && !bytes.Equal(env.Run, r.run) && !(hello && len(env.Run) == 0) {
		return nil, fmt.Errorf("%w: %q sent %s of run %x, this is run %x", ErrOtherRun, env.Sender, Kind(env), env.Run, r.run)
	}
	w := r.window(env.Sender, env.Incarnation)
	if err := w.check(env.Seq); err != nil {
		return nil, fmt.Errorf("%w: %q incarnation %x: %v", ErrReplayed, env.Sender, env.Incarnation, err)
	}
	if r.Nation != "" && r.Nation != env.SenderNation && !slices.Contains(env.ReleasableTo, r.Nation) {
		return nil, fmt.Errorf("%w: %q sent to %v", ErrNotForMyNation, env.Sender, env.ReleasableTo)
	}
	if err := finite(env); err != nil {
		return nil, fmt.Errorf("%w from %q", err, env.Sender)
	}
	if err := checkEnvelope(env); err != nil {
		return nil, fmt.Errorf("%w from %q", err, env.Sender)
	}
	w.accept(env.Seq)
	return env, nil
}

// checkEnvelope bounds the envelope's own fields.
func checkEnvelope(env *linkv1.Envelope) error {
	var c Check
	c.Count("releasable_to", len(env.ReleasableTo), MaxNations)
	for _, n := range env.ReleasableTo {
		c.ID("releasable_to", n)
	}
	c.Count("via", len(env.Via), MaxNations)
	for _, x := range env.Via {
		c.ID("via", x)
	}
	if len(env.Run) != 0 && len(env.Run) != IncarnationBytes {
		c.Failf("run: %d bytes, want %d", len(env.Run), IncarnationBytes)
	}
	c.Time("time_s", env.TimeS)
	c.Time("arrival_s", env.ArrivalS)
	return c.Err()
}

// maxIncarnations bounds the incarnations of one sender a receiver keeps
// windows for: the node as it runs, the one before a restart, and room
// for impostors, least recently used forgotten first.
const maxIncarnations = 4

// WindowSize is how far below the highest sequence number accepted from
// an incarnation a receiver still accepts one not seen (a message re-sent
// or overtaken on another route), as IPsec's anti-replay window does
// (RFC 4303, section 3.4.3).
const WindowSize = 4096

// window is one incarnation's record of sequence numbers: the highest
// accepted, and which of the WindowSize below it were.
type window struct {
	incarnation string
	top         uint64
	seen        [WindowSize / 64]uint64 // bit s%WindowSize: s accepted
}

func (r *Receiver) window(sender string, incarnation []byte) *window {
	if r.windows == nil {
		r.windows = map[string][]*window{}
	}
	ws := r.windows[sender]
	for i, w := range ws {
		if w.incarnation == string(incarnation) {
			copy(ws[1:i+1], ws[:i]) // most recently used first
			ws[0] = w
			return w
		}
	}
	w := &window{incarnation: string(incarnation)}
	if len(ws) == maxIncarnations {
		ws = ws[:maxIncarnations-1]
	}
	r.windows[sender] = append([]*window{w}, ws...)
	return w
}

func (w *window) check(seq uint64) error {
	switch {
	case seq == 0:
		return errors.New("sequence number 0")
	case seq > w.top:
		return nil
	case w.top-seq >= WindowSize:
		return fmt.Errorf("seq %d is older than the window below %d", seq, w.top)
	case w.seen[seq%WindowSize/64]&(1<<(seq%64)) != 0:
		return fmt.Errorf("seq %d already accepted", seq)
	}
	return nil
}

func (w *window) accept(seq uint64) {
	if seq > w.top {
		if seq-w.top >= WindowSize {
			w.seen = [WindowSize / 64]uint64{}
		} else {
			for s := w.top + 1; s < seq; s++ {
				w.seen[s%WindowSize/64] &^= 1 << (s % 64)
			}
		}
		w.top = seq
	}
	w.seen[seq%WindowSize/64] |= 1 << (seq % 64)
}

// clip shortens a string an unknown sender chose, for an error message.
func clip(s string) string {
	if len(s) > MaxIDBytes {
		return s[:MaxIDBytes] + "…"
	}
	return s
}
