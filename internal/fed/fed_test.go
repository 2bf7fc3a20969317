package fed

import (
	"bytes"
	"errors"
	"sync"
	"testing"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/internal/sim"
)

const reference = "../../scenarios/joint-regional-2007.yaml"

// syncBuffer is a log several goroutines write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// federate runs a scenario as a federation over an embedded TLS NATS
// server, every node in its own goroutine with its own connection.
func federate(t *testing.T, f *scenario.File, opt sim.Options, log *syncBuffer) (*sim.Result, error) {
	t.Helper()
	ids := sim.Parts(f)[1:]
	creds, err := NewCreds(ids, "")
	if err != nil {
		t.Fatal(err)
	}
	s, creds, err := StartServer(creds)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown()
	url := URL(s)
	nodeErrs := make([]error, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() {
			nodeErrs[i] = RunNode(NodeOptions{Scenario: f, Creds: creds[id], URL: url, Log: log})
		})
	}
	res, err := Conduct(ConductOptions{Scenario: f, Sim: opt, Creds: creds[Control], URL: url, Log: log})
	if err != nil {
		s.Shutdown() // let the nodes fail rather than hang
	}
	wg.Wait()
	return res, errors.Join(append(nodeErrs, err)...)
}

// Issue 6 acceptance: a federated run of the reference scenario gives the
// same summary and event log as the in-process run of the same seed.
func TestFederationEqualsInProcessRun(t *testing.T) {
	f, err := scenario.Load(reference)
	if err != nil {
		t.Fatal(err)
	}
	opt := sim.Options{Level: bmc.Step2, Seed: 7}
	want, err := sim.Run(f, opt)
	if err != nil {
		t.Fatal(err)
	}
	var log syncBuffer
	got, err := federate(t, f, opt, &log)
	if err != nil {
		t.Fatalf("%v\nlog:\n%s", err, log.String())
	}
	var a, b bytes.Buffer
	want.Summary.WriteJSON(&a)
	got.Summary.WriteJSON(&b)
	if a.String() != b.String() {
		t.Errorf("summaries differ:\nin process:\n%s\nfederated:\n%s", a.String(), b.String())
	}
	a.Reset()
	b.Reset()
	sim.WriteJSONL(&a, want.Events)
	sim.WriteJSONL(&b, got.Events)
	if a.String() != b.String() {
		t.Errorf("event logs differ (%d vs %d events)", len(want.Events), len(got.Events))
	}
	if want.Summary.Totals.Killed == 0 {
		t.Errorf("the reference run killed nothing: the comparison proves little")
	}
	if log.String() != "" {
		t.Errorf("messages rejected in a clean run:\n%s", log.String())
	}
	t.Logf("%d events, %d killed, %d leakers", len(got.Events), got.Summary.Totals.Killed, got.Summary.Totals.Leakers)
}
