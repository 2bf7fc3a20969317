package fed

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"maps"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/jrmd/jrmd/internal/fed/fedtest"
	"github.com/jrmd/jrmd/internal/scenario"
)

// The multi-host recipe of docs/federation-cluster.md, on one machine:
// three nats-server processes (built from the nats-server module JRMD
// depends on) with TLS routes, each configured from the document's sample
// (loopback addresses and temporary paths put in), certificates with the
// EKUs and SANs the document asks for, credentials from `jrmd federation
// creds`, every node a `jrmd node` process and exercise control `jrmd
// federation up --remote-nodes --replicas 3`.
//
// First, the server exercise control is connected to is made the leader
// of the event log's stream, the US node is connected to it too, and a
// third of the way through the reference run (by events logged) that
// server is killed (SIGKILL): the run's outputs are byte-identical to
// `jrmd run`'s all the same, no node is lost, exercise control logs the
// event log's failure as it happens and its recovery, and the clients
// that were on the server log its loss and their reconnection. Then, the
// server restarted, a second run with the US node connected through a
// TCP proxy has that connection cut for a second (everything either way
// dropped) and closed: the same outputs again.
func TestClusterSurvivesServerLossAndCutConnection(t *testing.T) {
	dir := t.TempDir()
	bin := buildBinaries(t, dir)
	f, err := scenario.Load(reference)
	if err != nil {
		t.Fatal(err)
	}
	nations, exchanges := Members(f)
	ref, err := filepath.Abs(reference)
	if err != nil {
		t.Fatal(err)
	}
	c := startCluster(t, dir, bin)
	credsDir := filepath.Join(dir, "creds")
	runCmd(t, bin.jrmd, "federation", "creds", ref, "--out", credsDir, "--tls-ca", c.caFile)
	for _, s := range c.servers {
		data, err := os.ReadFile(filepath.Join(credsDir, "nats-users.conf"))
		if err != nil {
			t.Fatal(err)
		}
		// Next to the server's configuration, as the document says.
		if err := os.WriteFile(filepath.Join(s.dir, "nats-users.conf"), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c.start(t)
	runDir := filepath.Join(dir, "run")
	runCmd(t, bin.jrmd, "run", ref, "--integration", "step2", "--seed", "7", "--out", runDir)
	total := bytes.Count(mustRead(t, filepath.Join(runDir, "events.jsonl")), []byte("\n"))
	urls := c.urls()
	control, err := LoadCreds(filepath.Join(credsDir, Control+".json"))
	if err != nil {
		t.Fatal(err)
	}

	// federation starts exercise control; then r.nodes starts the nodes
	// of nations and r.start the exchange center, whose joining starts
	// the run; r.wait waits for the end of them all.
	federation := func(name string) *fedRun {
		r := &fedRun{out: filepath.Join(dir, name), logs: map[string]*syncBuffer{}}
		var cmds []*exec.Cmd
		cmd := func(who string, args ...string) {
			x := exec.Command(bin.jrmd, args...)
			r.logs[who] = &syncBuffer{}
			x.Stdout, x.Stderr = r.logs[who], r.logs[who]
			if err := x.Start(); err != nil {
				t.Fatal(err)
			}
			cmds = append(cmds, x)
		}
		cmd(Control, "federation", "up", ref, "--integration", "step2", "--seed", "7", "--nats", urls,
			"--creds-dir", credsDir, "--remote-nodes", "--replicas", "3", "--out", r.out)
		r.nodes = func(nodeURL func(nation string) string) {
			for _, n := range nations {
				cmd(n, "node", "--nation", n, "--scenario", ref, "--nats", nodeURL(n), "--creds", filepath.Join(credsDir, n+".json"))
			}
		}
		r.start = func() {
			for _, x := range exchanges {
				cmd(x, "node", "--nation", x, "--role", "exchange", "--scenario", ref, "--nats", urls, "--creds", filepath.Join(credsDir, x+".json"))
			}
		}
		// wait waits for every process to end, for at most two minutes
		// (a run takes seconds): those still running then are killed.
		r.wait = func() error {
			done := make(chan []string)
			go func() {
				var errs []string
				for _, x := range cmds {
					if err := x.Wait(); err != nil {
						errs = append(errs, fmt.Sprintf("%v: %v", x.Args[1:3], err))
					}
				}
				done <- errs
			}()
			var errs []string
			select {
			case errs = <-done:
			case <-time.After(2 * time.Minute):
				for _, x := range cmds {
					x.Process.Kill()
				}
				errs = append(<-done, "still running after 2 minutes")
			}
			if len(errs) > 0 {
				return fmt.Errorf("%s", strings.Join(errs, "; "))
			}
			return nil
		}
		t.Cleanup(func() {
			for _, x := range cmds {
				x.Process.Kill() // an error for those that ended
			}
		})
		return r
	}
	check := func(r *fedRun) {
		t.Helper()
		if err := r.wait(); err != nil {
			t.Errorf("%v\n%s", err, r.dump())
		}
		for _, name := range []string{"summary.json", "events.jsonl"} {
			a, b := mustRead(t, filepath.Join(runDir, name)), mustRead(t, filepath.Join(r.out, name))
			if !bytes.Equal(a, b) {
				t.Errorf("%s differs between jrmd run and the federation (%d and %d bytes)", name, len(a), len(b))
			}
		}
		if strings.Contains(r.logs[Control].String(), "lost at") {
			t.Errorf("exercise control lost a node")
		}
		for who, log := range r.logs {
			if strings.Contains(log.String(), "rejected") {
				t.Errorf("%s rejected messages", who)
			}
		}
	}
	var connected []string // the nodes on the killed server

	// 1. The server with exercise control and the US node on it dies, after
	// the event log's leader is put there. (The US node is given that
	// server alone; it learns of the others from the cluster.)
	r := federation("fed-1")
	victim := -1
	waitFor(t, r, "exercise control to connect", func() bool {
		for k, on := range c.clients(t) {
			if slices.Contains(on, Control) {
				victim = k
			}
		}
		return victim >= 0
	})
	r.nodes(func(n string) string {
		if n == "US" {
			return "tls://" + c.servers[victim].clientAddr
		}
		return urls
	})
	var asked time.Time
	waitFor(t, r, "every nation's node to connect, and the stream's leader on "+c.servers[victim].name, func() bool {
		on := c.clients(t)
		if len(slices.Concat(on[0], on[1], on[2])) < len(nations)+1 {
			return false
		}
		if leader, _ := c.stream(t); leader != victim {
			if time.Since(asked) > time.Second {
				stepDown(t, control, urls)
				asked = time.Now()
			}
			return false
		}
		connected = on[victim]
		return true
	})
	r.start()
	waitFor(t, r, "a third of the run's events in the event log", func() bool {
		_, msgs := c.stream(t)
		return msgs >= total/3
	})
	c.servers[victim].kill(t)
	t.Logf("killed %s, the event log's leader, with %v on it", c.servers[victim].name, connected)
	if !slices.Contains(connected, "US") {
		t.Errorf("the US node was not on the server killed")
	}
	check(r)
	// The stream's loss of its leader is told as it happens, and its
	// recovery.
	for _, re := range []string{`(?m)^control: event log: JetStream did not store event \d+: .*; publishing it again$`,
		`(?m)^control: event log: JetStream stores events again \(after .+\)$`} {
		if !regexp.MustCompile(re).MatchString(r.logs[Control].String()) {
			t.Errorf("exercise control's log has no line matching %s", re)
		}
	}
	for _, n := range connected {
		if !slices.Contains(nations, n) && n != Control {
			continue
		}
		for _, re := range []string{`(?m)^` + n + `: disconnected from NATS`, `(?m)^` + n + `: reconnected to NATS at tls://127\.0\.0\.1:\d+$`} {
			if !regexp.MustCompile(re).MatchString(r.logs[n].String()) {
				t.Errorf("%s's log has no line matching %s:\n%s", n, re, r.logs[n].String())
			}
		}
	}
	if t.Failed() {
		t.Fatalf("after the server's loss:\n%s", r.dump())
	}

	// 2. The server back, the US node's connection is cut and restored.
	c.servers[victim].run(t)
	c.waitHealthy(t)
	proxy, err := fedtest.NewProxy(c.servers[0].clientAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	_, before := c.stream(t)
	r = federation("fed-2")
	r.nodes(func(n string) string {
		if n == "US" {
			return "tls://" + proxy.Addr()
		}
		return urls
	})
	r.start()
	waitFor(t, r, fmt.Sprintf("a third of the second run's events in the event log (%d before it)", before), func() bool {
		_, msgs := c.stream(t)
		return msgs-before >= total/3
	})
	if n := proxy.Cut(time.Second); n != 1 {
		t.Errorf("cut %d connections, want the US node's", n)
	}
	check(r)
	for _, re := range []string{`(?m)^US: disconnected from NATS`, `(?m)^US: reconnected to NATS`} {
		if !regexp.MustCompile(re).MatchString(r.logs["US"].String()) {
			t.Errorf("the US node's log has no line matching %s:\n%s", re, r.logs["US"].String())
		}
	}
	if t.Failed() {
		t.Logf("%s", r.dump())
	}
}

type binaries struct{ natsServer, jrmd string }

// buildBinaries builds nats-server (from the module in go.mod) and jrmd.
func buildBinaries(t *testing.T, dir string) binaries {
	t.Helper()
	b := binaries{natsServer: filepath.Join(dir, "nats-server"), jrmd: filepath.Join(dir, "jrmd")}
	for pkg, out := range map[string]string{"github.com/nats-io/nats-server/v2": b.natsServer, "github.com/jrmd/jrmd/cmd/jrmd": b.jrmd} {
		cmd := exec.Command("go", "build", "-o", out, pkg)
		if data, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, data)
		}
	}
	return b
}

// cluster is three nats-server processes on loopback.
type cluster struct {
	caFile  string
	servers []*natsServer
}

type natsServer struct {
	name, dir, conf   string
	clientAddr        string
	monitor           string // http://127.0.0.1:port
	bin               string
	cmd               *exec.Cmd
	log               *syncBuffer
	clientPort, route int
}

// startCluster writes the certificates and the servers' configurations
// (from docs/federation-cluster.md's sample); start starts them.
func startCluster(t *testing.T, dir string, bin binaries) *cluster {
	t.Helper()
	doc := string(mustRead(t, filepath.Join("..", "..", "docs", "federation-cluster.md")))
	const marker = "<!-- The cluster test writes its servers' configurations from this block. -->\n```conf\n"
	i := strings.Index(doc, marker)
	if i < 0 {
		t.Fatalf("docs/federation-cluster.md has no sample configuration after %q", marker)
	}
	sample := doc[i+len(marker):]
	sample = sample[:strings.Index(sample, "```")]
	ports := freePorts(t, 9)
	c := &cluster{caFile: filepath.Join(dir, "ca.pem")}
	caKey, caCert := newCA(t, c.caFile)
	for k := range 3 {
		s := &natsServer{name: fmt.Sprintf("nats-%d", k+1), dir: filepath.Join(dir, fmt.Sprintf("nats-%d", k+1)), bin: bin.natsServer,
			clientPort: ports[3*k], route: ports[3*k+1]}
		s.clientAddr = "127.0.0.1:" + strconv.Itoa(s.clientPort)
		s.monitor = "http://127.0.0.1:" + strconv.Itoa(ports[3*k+2])
		if err := os.MkdirAll(s.dir, 0o700); err != nil {
			t.Fatal(err)
		}
		// The certificate the document asks for: serverAuth and clientAuth,
		// SANs for every name the server is dialled by (here 127.0.0.1).
		newServerCert(t, caKey, caCert, s.name, filepath.Join(s.dir, "server-cert.pem"), filepath.Join(s.dir, "server-key.pem"))
		c.servers = append(c.servers, s)
	}
	for _, s := range c.servers {
		conf := sample
		subst := [][2]string{
			{"server_name: nats-1", "server_name: " + s.name},
			{"0.0.0.0:4222", s.clientAddr},
			{"0.0.0.0:6222", "127.0.0.1:" + strconv.Itoa(s.route)},
			{"/etc/nats/ca.pem", c.caFile},
			{"/etc/nats/", s.dir + "/"},
			{"/var/lib/nats/jetstream", filepath.Join(s.dir, "jetstream")},
		}
		for k, o := range c.servers {
			subst = append(subst, [2]string{fmt.Sprintf("tls://nats-%d:6222", k+1), "tls://127.0.0.1:" + strconv.Itoa(o.route)})
		}
		for _, r := range subst {
			if !strings.Contains(conf, r[0]) {
				t.Fatalf("the sample configuration has no %q:\n%s", r[0], sample)
			}
			conf = strings.ReplaceAll(conf, r[0], r[1])
		}
		s.conf = filepath.Join(s.dir, "nats.conf")
		if err := os.WriteFile(s.conf, []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func (c *cluster) start(t *testing.T) {
	t.Helper()
	for _, s := range c.servers {
		s.run(t)
	}
	c.waitHealthy(t)
}

func (s *natsServer) run(t *testing.T) {
	t.Helper()
	s.log = &syncBuffer{}
	s.cmd = exec.Command(s.bin, "-c", s.conf, "-m", strings.TrimPrefix(s.monitor, "http://127.0.0.1:"))
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cmd := s.cmd
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
}

func (s *natsServer) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	s.cmd.Wait()
}

// waitHealthy waits until every server is up and JetStream is ready.
func (c *cluster) waitHealthy(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for _, s := range c.servers {
		for {
			resp, err := http.Get(s.monitor + "/healthz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s not healthy (%v):\n%s", s.name, err, s.log.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

func (c *cluster) urls() string {
	var u []string
	for _, s := range c.servers {
		u = append(u, "tls://"+s.clientAddr)
	}
	return strings.Join(u, ",")
}

// clients returns the nodes connected to each running server.
func (c *cluster) clients(t *testing.T) [3][]string {
	t.Helper()
	var out [3][]string
	for k, s := range c.servers {
		var cz server.Connz
		if !s.getJSON(s.monitor+"/connz", &cz) {
			continue
		}
		for _, ci := range cz.Conns {
			if node, ok := strings.CutSuffix(ci.Name, "/node"); ok {
				out[k] = append(out[k], node)
			}
		}
	}
	return out
}

// stream returns which server leads the event log's stream (-1: none
// known) and how many messages it holds.
func (c *cluster) stream(t *testing.T) (leader, msgs int) {
	t.Helper()
	for _, s := range c.servers {
		var js server.JSInfo
		if !s.getJSON(s.monitor+"/jsz?accounts=true&streams=true", &js) {
			continue
		}
		for _, a := range js.AccountDetails {
			for _, st := range a.Streams {
				if st.Name != LogStream || st.Cluster == nil {
					continue
				}
				for k, o := range c.servers {
					if o.name == st.Cluster.Leader {
						return k, int(st.State.Msgs)
					}
				}
			}
		}
	}
	return -1, 0
}

func (s *natsServer) getJSON(url string, v any) bool {
	if s.cmd == nil || s.cmd.ProcessState != nil {
		return false
	}
	resp, err := http.Get(url)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	return resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(v) == nil
}

// stepDown asks the event log's stream to elect another leader.
func stepDown(t *testing.T, control Creds, urls string) {
	t.Helper()
	n, err := control.dial(urls)
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	if _, err := n.Conn().Request("$JS.API.STREAM.LEADER.STEPDOWN."+LogStream, nil, 5*time.Second); err != nil {
		t.Logf("stream leader step-down: %v", err)
	}
}

// fedRun is a federated run of processes: exercise control's and the
// nodes' outputs, keyed by node.
type fedRun struct {
	out   string
	logs  map[string]*syncBuffer
	nodes func(url func(nation string) string)
	start func()
	wait  func() error
}

// waitFor polls cond until it holds, for at most a minute; then the test
// fails with every process's output.
func waitFor(t *testing.T, r *fedRun, what string, cond func() bool) {
	t.Helper()
	const wait = time.Minute
	for deadline := time.Now().Add(wait); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s:\n%s", wait, what, r.dump())
		}
	}
}

// dump is every process's output.
func (r *fedRun) dump() string {
	var b strings.Builder
	for _, who := range slices.Sorted(maps.Keys(r.logs)) {
		fmt.Fprintf(&b, "--- %s:\n%s", who, r.logs[who].String())
	}
	return b.String()
}

func runCmd(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", filepath.Base(name), args, err, out)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ls []net.Listener
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

func newCA(t *testing.T, path string) (*ecdsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "jrmd federation CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, path, "CERTIFICATE", der)
	return key, cert
}

func newServerCert(t *testing.T, caKey *ecdsa.PrivateKey, ca *x509.Certificate, name, certPath, keyPath string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		DNSNames: []string{name, "localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, certPath, "CERTIFICATE", der)
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, keyPath, "EC PRIVATE KEY", kder)
}

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}
