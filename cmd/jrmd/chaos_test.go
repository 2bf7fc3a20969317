package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/jrmd/jrmd/internal/fed"
	"github.com/jrmd/jrmd/internal/fed/fedtest"
	"github.com/jrmd/jrmd/internal/link"
	"github.com/jrmd/jrmd/internal/scenario"
)

// A lost node is an outcome of the run, not a failure of it: `federation
// up` runs the reference federation with every node its own process
// (this test binary standing in for jrmd), through a TCP proxy in front
// of the NATS server. A quarter of the way through the run (by events
// logged) Russia's node is killed with SIGKILL; half-way, the US node's
// connection is cut for a second (everything it sends or is sent dropped)
// and then closed, and it reconnects. The command exits 0, writes both
// files, lists Russia (and only Russia) in the summary's lost_nodes, has
// no duplicate engagement, and its events.jsonl holds exactly the events
// of the run's JetStream log.
func TestFederationUpSurvivesKilledNodeAndCutConnection(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("finds the node processes in /proc")
	}
	t.Setenv("JRMD_TEST_AS_CLI", "1")
	ref := filepath.Join("..", "..", "scenarios", "joint-regional-2007.yaml")
	f, err := scenario.Load(ref)
	if err != nil {
		t.Fatal(err)
	}
	nations, exchanges := fed.Members(f)
	creds, err := fed.NewCreds(append(nations, exchanges...), "")
	if err != nil {
		t.Fatal(err)
	}
	s, creds, err := fed.StartServer(creds, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown()
	dir := t.TempDir()
	credsDir, fedDir, runDir := filepath.Join(dir, "creds"), filepath.Join(dir, "fed"), filepath.Join(dir, "run")
	if err := os.Mkdir(credsDir, 0o700); err != nil {
		t.Fatal(err)
	}
	for n, c := range creds {
		if err := c.Write(filepath.Join(credsDir, n+".json")); err != nil {
			t.Fatal(err)
		}
	}
	proxy, err := fedtest.NewProxy(s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	if code, _, stderr := execute("run", ref, "--integration", "step2", "--seed", "7", "--out", runDir); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	total := len(readLines(t, filepath.Join(runDir, "events.jsonl")))

	type outcome struct {
		code           int
		stdout, stderr string
	}
	done := make(chan outcome, 1)
	go func() {
		code, stdout, stderr := execute("federation", "up", ref, "--integration", "step2", "--seed", "7", "--out", fedDir,
			"--nats", "tls://"+proxy.Addr(), "--creds-dir", credsDir)
		done <- outcome{code, stdout, stderr}
	}()
	var out outcome
	killed, cut := false, 0
	for running := true; running; {
		select {
		case out = <-done:
			running = false
			continue
		case <-time.After(10 * time.Millisecond):
		}
		logged := streamMessages(t, s)
		switch {
		case !killed && logged >= total/4:
			pid := childProcess(t, "--nation", "RU")
			if pid == 0 {
				continue // not started yet
			}
			if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
			t.Logf("killed RU's node (pid %d) at %d of about %d events", pid, logged, total)
		case killed && cut == 0 && logged >= total/2:
			port := clientPort(t, s, "US/node")
			cut = proxy.Cut(time.Second, port)
			t.Logf("cut the US node's connection (%d) for 1 s at %d events", cut, logged)
		}
	}
	if out.code != 0 {
		t.Fatalf("federation up: exit %d\n%s", out.code, out.stderr)
	}
	if !killed || cut != 1 {
		t.Fatalf("the run ended before the faults (RU killed: %v, connections cut: %d)", killed, cut)
	}
	for _, want := range []string{"RU lost at", "[US] US: disconnected from NATS", "[US] US: reconnected to NATS"} {
		if !strings.Contains(out.stderr, want) {
			t.Errorf("stderr does not tell %q:\n%s", want, out.stderr)
		}
	}
	if strings.Contains(out.stderr, "rejected") || strings.Contains(out.stderr, "US lost") {
		t.Errorf("messages rejected, or the US node lost:\n%s", out.stderr)
	}
	// The summary's keys are a public interface: read as a user would.
	var sum struct {
		LostNodes []struct {
			Nation string  `json:"nation"`
			LostS  float64 `json:"lost_s"`
			Why    string  `json:"why"`
		} `json:"lost_nodes"`
		Totals struct {
			Killed               int `json:"killed"`
			Leakers              int `json:"leakers"`
			DuplicateEngagements int `json:"duplicate_engagements"`
		} `json:"totals"`
	}
	data, err := os.ReadFile(filepath.Join(fedDir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	if len(sum.LostNodes) != 1 || sum.LostNodes[0].Nation != "RU" || !strings.Contains(sum.LostNodes[0].Why, "signal: killed") || !(sum.LostNodes[0].LostS > 0) {
		t.Errorf("lost_nodes = %+v, want RU alone, killed", sum.LostNodes)
	}
	if d := sum.Totals.DuplicateEngagements; d != 0 {
		t.Errorf("%d duplicate engagements", d)
	}
	events := readLines(t, filepath.Join(fedDir, "events.jsonl"))
	inStream := streamContents(t, s, creds[fed.Control])
	slices.Sort(events)
	slices.Sort(inStream)
	if !slices.Equal(events, inStream) {
		t.Errorf("events.jsonl (%d events) is not the JetStream log (%d events)", len(events), len(inStream))
	}
	t.Logf("%d events; %d killed, %d leakers; RU lost at %.1f s", len(events), sum.Totals.Killed, sum.Totals.Leakers, sum.LostNodes[0].LostS)
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines
}

// streamMessages is how many events the server's event-log stream holds.
func streamMessages(t *testing.T, s *server.Server) int {
	t.Helper()
	js, err := s.Jsz(&server.JSzOptions{Accounts: true, Streams: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range js.AccountDetails {
		for _, st := range a.Streams {
			if st.Name == fed.LogStream {
				return int(st.State.Msgs)
			}
		}
	}
	return 0
}

// streamContents reads the event-log stream as exercise control.
func streamContents(t *testing.T, s *server.Server, c fed.Creds) []string {
	t.Helper()
	tc, err := link.ClientTLS(c.CAPEM)
	if err != nil {
		t.Fatal(err)
	}
	kp, err := nkeys.FromSeed([]byte(c.NKey))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	nc, err := nats.Connect("tls://"+s.Addr().String(), nats.Nkey(pub, kp.Sign), nats.CustomInboxPrefix(link.InboxPrefix(c.Nation)), nats.Secure(tc))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cons, err := js.OrderedConsumer(ctx, fed.LogStream, jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	want := streamMessages(t, s)
	var out []string
	for len(out) < want {
		batch, err := cons.Fetch(want-len(out), jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for m := range batch.Messages() {
			out = append(out, string(m.Data()))
			n++
		}
		if n == 0 {
			t.Fatalf("read %d of the stream's %d messages", len(out), want)
		}
	}
	return out
}

// childProcess finds this process's child started with the arguments
// given, in that order (0: none).
func childProcess(t *testing.T, args ...string) int {
	t.Helper()
	dirs, err := filepath.Glob("/proc/[0-9]*")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join(args, "\x00") + "\x00"
	for _, d := range dirs {
		stat, err := os.ReadFile(filepath.Join(d, "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces.
		fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(fields) < 2 || fields[1] != strconv.Itoa(os.Getpid()) {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join(d, "cmdline"))
		if strings.Contains(string(cmdline), want) {
			pid, _ := strconv.Atoi(filepath.Base(d))
			return pid
		}
	}
	return 0
}

// clientPort is the port, as the server sees it, of a named client's
// connection.
func clientPort(t *testing.T, s *server.Server, name string) int {
	t.Helper()
	cz, err := s.Connz(&server.ConnzOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cz.Conns {
		if c.Name == name {
			return c.Port
		}
	}
	t.Fatalf("no client named %s among %d", name, len(cz.Conns))
	return 0
}
