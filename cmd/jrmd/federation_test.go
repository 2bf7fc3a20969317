package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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

// Issue 6 acceptance: `jrmd federation up` (nodes as separate processes,
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

func TestFederationBadInput(t *testing.T) {
	ref := filepath.Join("..", "..", "scenarios", "joint-regional-2007.yaml")
	creds := filepath.Join(t.TempDir(), "creds")
	if code, _, stderr := execute("federation", "creds", ref, "--out", creds); code != 0 {
		t.Fatalf("federation creds: exit %d: %s", code, stderr)
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
		{[]string{"federation", "creds", ref}, "--out is required"},
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
