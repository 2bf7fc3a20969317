package link

import (
	"crypto/ed25519"
	"errors"
	"fmt"

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
	}
	return "other"
}

// Identity is a node's signing identity.
type Identity struct {
	Node   string // "NATION/node-id"
	Nation string
	Key    ed25519.PrivateKey
}

// NewIdentity derives a node's key deterministically from a seed (for
// reproducible runs and tests; a deployment generates and stores keys).
func NewIdentity(nation, node string, seed [32]byte) Identity {
	return Identity{Node: nation + "/" + node, Nation: nation, Key: ed25519.NewKeyFromSeed(seed[:])}
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

// Seal stamps the envelope with the identity's sender, nation and the
// sequence number, and returns the wire bytes: the Ed25519 signature over
// the envelope's deterministic encoding, then that encoding.
func (id Identity) Seal(env *linkv1.Envelope, seq uint64) ([]byte, error) {
	env.Sender, env.SenderNation, env.Seq = id.Node, id.Nation, seq
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
)

// Receiver opens messages from known senders, remembering each sender's
// last accepted sequence number. Not safe for concurrent use.
type Receiver struct {
	Nation string // the receiving node's nation (releasability)
	Keys   KeyRing
	last   map[string]uint64
}

// Open checks and decodes a wire message: size, encoding, signature against
// the sender's registered key (over the bytes as received), that the sender's claimed nation is the key's,
// the sequence number (replay), releasability, and that every number is
// finite. Rejections wrap one of the Err values with the reason.
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
		return nil, fmt.Errorf("%w %q", ErrUnknownNode, env.Sender)
	}
	if !ed25519.Verify(pub.Key, body, sig) {
		return nil, fmt.Errorf("%w from %q", ErrForged, env.Sender)
	}
	if env.SenderNation != pub.Nation {
		return nil, fmt.Errorf("%w: %q claims %q, key is %q's", ErrWrongNation, env.Sender, env.SenderNation, pub.Nation)
	}
	if r.last == nil {
		r.last = map[string]uint64{}
	}
	if env.Seq <= r.last[env.Sender] {
		return nil, fmt.Errorf("%w: %q seq %d, last accepted %d", ErrReplayed, env.Sender, env.Seq, r.last[env.Sender])
	}
	if env.Body == nil {
		return nil, fmt.Errorf("%w from %q", ErrNoBody, env.Sender)
	}
	if r.Nation != "" && r.Nation != env.SenderNation && !contains(env.ReleasableTo, r.Nation) {
		return nil, fmt.Errorf("%w: %q sent to %v", ErrNotForMyNation, env.Sender, env.ReleasableTo)
	}
	if err := finite(env); err != nil {
		return nil, err
	}
	r.last[env.Sender] = env.Seq
	return env, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
