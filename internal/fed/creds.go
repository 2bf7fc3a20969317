package fed

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/jrmd/jrmd/internal/link"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
)

// Control is the name exercise control (the coordinator) goes by on the
// network: its NATS user and its nodes' nation.
const Control = "control"

// Creds is what one node needs to join a federation, and no more: its own
// secrets — the seed of its NATS user's nkey and its Ed25519 signing key —
// and what is public: every node's public signing key and the CA of the
// NATS servers' TLS certificates. No creds file holds another node's
// secret, so a host holds only its own node's (exercise control's host
// included); the servers hold only public nkeys (ServerConfig). A creds
// file is secret: mode 0600.
type Creds struct {
	Nation string `json:"nation"`
	Node   string `json:"node"`
	NKey   string `json:"nats_nkey_seed"` // the NATS user's nkey seed, "SU…"
	Key    string `json:"signing_key"`    // hex Ed25519 seed
	CAPEM  string `json:"tls_ca_pem"`
	// Peers: every node of the federation (itself included) → its nation
	// and public signing key.
	Peers map[string]Peer `json:"peers"`
}

// Peer is another node's public identity.
type Peer struct {
	Nation    string `json:"nation"`
	PublicKey string `json:"public_key"` // hex
}

// NewCreds makes the credentials of a federation: one node per nation plus
// exercise control, each with a fresh signing key pair and NATS nkey,
// every node knowing every other's public key. caPEM is the servers' CA
// (LoadCreds refuses creds without one; StartServer fills it in).
func NewCreds(nations []string, caPEM string) (map[string]Creds, error) {
	all := append([]string{Control}, nations...)
	keys := map[string]ed25519.PrivateKey{}
	peers := map[string]Peer{}
	for _, n := range all {
		if n == "" || strings.ContainsAny(n, ".*>/ ") || len(n) > link.MaxIDBytes {
			return nil, fmt.Errorf("fed: %q cannot name a nation on the network", n)
		}
		_, k, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		keys[n] = k
		peers[nodeName(n)] = Peer{Nation: n, PublicKey: hex.EncodeToString(k.Public().(ed25519.PublicKey))}
	}
	out := map[string]Creds{}
	for _, n := range all {
		seed, _, err := link.NewUserKey()
		if err != nil {
			return nil, err
		}
		out[n] = Creds{Nation: n, Node: nodeName(n), NKey: seed, Key: hex.EncodeToString(keys[n].Seed()), CAPEM: caPEM, Peers: peers}
	}
	return out, nil
}

// User is the node's user on the NATS servers (public: for ServerConfig
// and StartServer).
func (c Creds) User() (link.NationUser, error) {
	pub, err := link.UserPublicKey(c.NKey)
	if err != nil {
		return link.NationUser{}, fmt.Errorf("nats_nkey_seed: %w", err)
	}
	return link.NationUser{Nation: c.Nation, NKey: pub, JetStream: c.Nation == Control}, nil
}

// Members names every node of a scenario's federation but exercise
// control: its nations, then its data-exchange centers.
func Members(f *scenario.File) (nations, exchanges []string) {
	nations = sim.Parts(f)[1:]
	for _, x := range f.Exchanges {
		exchanges = append(exchanges, x.ID)
	}
	return nations, exchanges
}

func nodeName(nation string) string { return nation + "/node" }

// LoadCreds reads a creds file.
func LoadCreds(path string) (Creds, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Creds{}, err
	}
	c, err := parseCreds(data)
	if err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

func parseCreds(data []byte) (Creds, error) {
	var c Creds
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, err
	}
	if _, err := c.identity(); err != nil {
		return c, err
	}
	if _, err := c.User(); err != nil {
		return c, err
	}
	if _, err := c.keyRing(); err != nil {
		return c, err
	}
	if c.CAPEM == "" {
		return c, fmt.Errorf("tls_ca_pem: missing: a node checks the NATS servers' certificate against it (jrmd federation creds --tls-ca)")
	}
	if _, err := c.tlsConfig(); err != nil {
		return c, err
	}
	return c, nil
}

// Write saves the creds readable by the owner only.
func (c Creds) Write(path string) error {
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o600)
}

func (c Creds) identity() (link.Identity, error) {
	seed, err := hex.DecodeString(c.Key)
	if err != nil || len(seed) != ed25519.SeedSize {
		return link.Identity{}, fmt.Errorf("signing_key: want %d hex-encoded bytes", ed25519.SeedSize)
	}
	if c.Nation == "" || c.Node == "" {
		return link.Identity{}, fmt.Errorf("nation and node must be set")
	}
	if p, ok := c.Peers[c.Node]; !ok || p.Nation != c.Nation || p.PublicKey != hex.EncodeToString(ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)) {
		return link.Identity{}, fmt.Errorf("peers: %s: not this node's nation and public key", c.Node)
	}
	return link.Identity{Node: c.Node, Nation: c.Nation, Key: ed25519.NewKeyFromSeed(seed)}, nil
}

func (c Creds) keyRing() (link.KeyRing, error) {
	ring := link.KeyRing{}
	for node, p := range c.Peers {
		k, err := hex.DecodeString(p.PublicKey)
		if err != nil || len(k) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("peers: %s: public_key: want %d hex-encoded bytes", node, ed25519.PublicKeySize)
		}
		ring[node] = link.PublicIdentity{Nation: p.Nation, Key: k}
	}
	return ring, nil
}

func (c Creds) tlsConfig() (*tls.Config, error) {
	if c.CAPEM == "" {
		return nil, nil
	}
	return link.ClientTLS(c.CAPEM)
}

// connect dials as the creds' node, logging rejected messages to w.
func (c Creds) connect(url string, w io.Writer) (*link.Node, *logger, error) {
	n, err := c.dial(url)
	if err != nil {
		return nil, nil, err
	}
	log := newLogger(w, c.Nation)
	n.Rejected = log.rejected
	return n, log, nil
}

// dial connects as the creds' node.
func (c Creds) dial(url string) (*link.Node, error) {
	id, err := c.identity()
	if err != nil {
		return nil, err
	}
	ring, err := c.keyRing()
	if err != nil {
		return nil, err
	}
	tc, err := c.tlsConfig()
	if err != nil {
		return nil, err
	}
	return link.Dial(url, id, c.NKey, ring, tc)
}
