package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/internal/link"
)

// TestMain lets the test binary stand in for jrmd when a test's command
// starts child processes (federation up starts its nodes with
// os.Executable).
func TestMain(m *testing.M) {
	if os.Getenv("JRMD_TEST_AS_CLI") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// `jrmd federation up` (nodes as separate processes,
// embedded TLS NATS server) writes the same summary.json and events.jsonl
// as `jrmd run` with the same seed.
func TestFederationUpEqualsRun(t *testing.T) {
	t.Setenv("JRMD_TEST_AS_CLI", "1")
	dir := t.TempDir()
	ref := filepath.Join("..", "..", "scenarios", "joint-regional-2007.yaml")
	fedDir, runDir := filepath.Join(dir, "fed"), filepath.Join(dir, "run")
	code, _, stderr := execute("federation", "up", ref, "--integration", "step2", "--seed", "11", "--out", fedDir)
	if code != 0 {
		t.Fatalf("federation up: exit %d\n%s", code, stderr)
	}
	if strings.Contains(stderr, "rejected") {
		t.Errorf("messages rejected in a clean run:\n%s", stderr)
	}
	if code, _, stderr := execute("run", ref, "--integration", "step2", "--seed", "11", "--out", runDir); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	for _, name := range []string{"summary.json", "events.jsonl"} {
		a, err := os.ReadFile(filepath.Join(runDir, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(fedDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			t.Errorf("%s differs between jrmd run and jrmd federation up", name)
		}
	}
}

// writeCA writes a throwaway CA certificate, as a cluster's would be.
func writeCA(t *testing.T) string {
	t.Helper()
	_, ca, err := link.SelfSignedTLS()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, []byte(ca), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFederationBadInput(t *testing.T) {
	ref := filepath.Join("..", "..", "scenarios", "joint-regional-2007.yaml")
	creds := filepath.Join(t.TempDir(), "creds")
	if code, _, stderr := execute("federation", "creds", ref, "--out", creds, "--tls-ca", writeCA(t)); code != 0 {
		t.Fatalf("federation creds: exit %d: %s", code, stderr)
	}
	// Creds without the cluster's CA (as federation creds wrote without
	// --tls-ca) are refused.
	var us map[string]any
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(creds, "US.json"))), &us); err != nil {
		t.Fatal(err)
	}
	us["tls_ca_pem"] = ""
	data, _ := json.Marshal(us)
	noCA := filepath.Join(t.TempDir(), "no-ca.json")
	if err := os.WriteFile(noCA, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"node", "--nation", "US", "--scenario", ref, "--nats", "nats://127.0.0.1:1"}, "--creds is required"},
		{[]string{"node", "--nation", "US", "--scenario", ref, "--nats", "nats://127.0.0.1:1", "--creds", filepath.Join(creds, "RU.json")}, "RU's, not US's"},
		{[]string{"node", "--nation", "XX", "--scenario", ref, "--nats", "nats://127.0.0.1:1", "--creds", filepath.Join(creds, "nats-users.conf")}, "--creds"},
		{[]string{"node", "--nation", "US", "--scenario", ref, "--nats", "nats://127.0.0.1:1", "--creds", filepath.Join(creds, "US.json"), "--role", "relay"}, "--role"},
		{[]string{"node", "--nation", "US", "--scenario", ref, "--nats", "nats://127.0.0.1:1", "--creds", filepath.Join(creds, "US.json"), "--role", "exchange"}, "not a data-exchange center"},
		{[]string{"federation", "up", ref, "--nats", "nats://127.0.0.1:1"}, "--creds-dir"},
		{[]string{"federation", "up", ref, "--integration", "step3"}, "--integration"},
		{[]string{"node", "--nation", "US", "--scenario", ref, "--nats", "nats://127.0.0.1:1", "--creds", noCA}, "tls_ca_pem: missing"},
		{[]string{"federation", "creds", ref}, "--out is required"},
		{[]string{"federation", "creds", ref, "--out", t.TempDir()}, "--tls-ca is required"},
		{[]string{"federation", "creds", ref, "--out", t.TempDir(), "--tls-ca", ref}, "--tls-ca " + ref},
		{[]string{"federation", "nope"}, "unknown command"},
		{[]string{"federation"}, "federation up FILE"},
		{[]string{"federation", "up", ref, "--realtime", "--speed", "0"}, "--speed"},
	} {
		code, stdout, stderr := execute(c.args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", c.args, code, exitUsage, stderr)
		}
		checkOneLineError(t, stdout, stderr)
		if !strings.Contains(stderr, c.want) {
			t.Errorf("%v: %q does not say %q", c.args, stderr, c.want)
		}
	}
	info, err := os.Stat(filepath.Join(creds, "US.json"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("creds file mode %v, want 0600 (it holds a private key)", info.Mode().Perm())
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// What each host holds: a creds file has its own node's secrets and only
// public data of the others; nats-users.conf only public nkeys; exercise
// control, its nodes elsewhere, needs control.json alone.
func TestFederationCredsHoldNoOtherSecret(t *testing.T) {
	ref := filepath.Join("..", "..", "scenarios", "joint-regional-2007.yaml")
	dir := filepath.Join(t.TempDir(), "creds")
	if code, _, stderr := execute("federation", "creds", ref, "--out", dir, "--tls-ca", writeCA(t)); code != 0 {
		t.Fatalf("federation creds: exit %d: %s", code, stderr)
	}
	names := []string{"control", "US", "RU", "DE", "moscow-jdec"}
	secrets := map[string][]string{}
	for _, n := range names {
		var c map[string]any
		if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, n+".json"))), &c); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"nats_nkey_seed", "signing_key"} {
			s, _ := c[k].(string)
			if s == "" {
				t.Fatalf("%s.json: no %s", n, k)
			}
			secrets[n] = append(secrets[n], s)
		}
	}
	conf := readFile(t, filepath.Join(dir, "nats-users.conf"))
	for _, n := range names {
		for _, secret := range secrets[n] {
			if strings.Contains(conf, secret) {
				t.Errorf("nats-users.conf holds a secret of %s", n)
			}
			for _, other := range names {
				if other != n && strings.Contains(readFile(t, filepath.Join(dir, other+".json")), secret) {
					t.Errorf("%s.json holds a secret of %s", other, n)
				}
			}
		}
	}
	if strings.Count(conf, "nkey: \"U") != len(names) {
		t.Errorf("nats-users.conf: want %d nkey users:\n%s", len(names), conf)
	}
	// Exercise control with remote nodes reads control.json only: with
	// every other file gone, it gets as far as the (absent) server.
	ctl := filepath.Join(t.TempDir(), "control-only")
	if err := os.MkdirAll(ctl, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ctl, "control.json"), []byte(readFile(t, filepath.Join(dir, "control.json"))), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := execute("federation", "up", ref, "--nats", "tls://127.0.0.1:1", "--creds-dir", ctl, "--remote-nodes")
	if code == 0 || !strings.Contains(stderr, "connect") || strings.Contains(stderr, ".json") {
		t.Errorf("federation up --remote-nodes with control.json only: exit %d: %s", code, stderr)
	}
}
