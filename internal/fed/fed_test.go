package fed

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jrmd/jrmd/internal/bmc"
	"github.com/jrmd/jrmd/internal/link/linkv1"
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
// server, every node in its own goroutine with its own connection. node,
// if set, adjusts a node's options (tests make a node misbehave); tap, if
// set, is called with the server's URL and the creds before the run.
func federate(t *testing.T, f *scenario.File, opt sim.Options, log *syncBuffer, node func(*NodeOptions), tap func(url string, creds map[string]Creds)) (*sim.Result, error) {
	t.Helper()
	ids, exchanges := Members(f)
	creds, err := NewCreds(append(slices.Clone(ids), exchanges...), "")
	if err != nil {
		t.Fatal(err)
	}
	s, creds, err := StartServer(creds, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown()
	url := URL(s)
	if tap != nil {
		tap(url, creds)
	}
	nodeErrs := make([]error, len(ids)+len(exchanges))
	var wg sync.WaitGroup
	for i, id := range ids {
		o := NodeOptions{Scenario: f, Creds: creds[id], URL: url, Log: log}
		if node != nil {
			node(&o)
		}
		wg.Go(func() { nodeErrs[i] = RunNode(o) })
	}
	for i, id := range exchanges {
		wg.Go(func() {
			nodeErrs[len(ids)+i] = RunExchange(ExchangeOptions{Scenario: f, Creds: creds[id], URL: url, Log: log})
		})
	}
	res, err := Conduct(ConductOptions{Scenario: f, Sim: opt, Creds: creds[Control], URL: url, Log: log})
	if err != nil {
		s.Shutdown() // let the nodes fail rather than hang
	}
	wg.Wait()
	return res, errors.Join(append(nodeErrs, err)...)
}

// A federated run of the reference scenario gives the
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
	// A tap with Germany's account hears everything addressed to Germany.
	var tapMu sync.Mutex
	heard := map[string]int{}
	var notForDE []string
	tap := func(url string, creds map[string]Creds) {
		n, err := creds["DE"].dial(url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(n.Close)
		if err := n.Subscribe(func(env *linkv1.Envelope) {
			tapMu.Lock()
			defer tapMu.Unlock()
			heard[env.SenderNation]++
			if !slices.Contains(env.ReleasableTo, "DE") {
				notForDE = append(notForDE, env.Sender)
			}
		}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := federate(t, f, opt, &log, nil, tap)
	if err != nil {
		t.Fatalf("%v\nlog:\n%s", err, log.String())
	}
	sameRun(t, want, got)
	if want.Summary.Totals.Killed == 0 {
		t.Errorf("the reference run killed nothing: the comparison proves little")
	}
	if strings.Contains(log.String(), "rejected") {
		t.Errorf("messages rejected in a clean run:\n%s", log.String())
	}
	// Russia releases its data to the US only: none of it reaches Germany,
	// directly or relayed (Germany hears of Russia's tracks from no one).
	tapMu.Lock()
	defer tapMu.Unlock()
	if heard["RU"] != 0 || len(notForDE) != 0 || heard["US"] == 0 {
		t.Errorf("Germany's account heard %v; messages not releasable to it: %v", heard, notForDE)
	}
	for _, ev := range got.Events {
		if ev.Nation == "DE" && strings.Contains(ev.Detail, "RU") {
			t.Errorf("Germany learned from Russia: %+v", ev)
		}
	}
	t.Logf("%d events, %d killed, %d leakers", len(got.Events), got.Summary.Totals.Killed, got.Summary.Totals.Leakers)
}

// Core NATS delivers at most once: what is in flight when a connection or
// a server is lost is gone. Here nodes lose messages as they might: the
// US ignores the first 3 messages from partners sent at or after 300 s,
// Russia the first 2 after 500 s (the US's reach it through the Moscow
// data-exchange center, and so do their copies), and Germany does not
// send its first answer to a step. The nodes notice what is missing
// (exercise control tells each how many messages, up to which sequence
// number, every partner sent it) and ask for it again; exercise control
// sends Germany that step again. No node is lost, and the run gives the
// same outputs as in one process.
func TestFederationRecoversLostMessages(t *testing.T) {
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
	got, err := federate(t, f, opt, &log, func(o *NodeOptions) {
		switch o.Creds.Nation {
		case "US":
			o.loseFromS, o.lose = 300, 3
		case "RU":
			o.loseFromS, o.lose = 500, 2
		case "DE":
			o.mute = 1
		}
	}, nil)
	if err != nil {
		t.Fatalf("%v\nlog:\n%s", err, log.String())
	}
	sameRun(t, want, got)
	text := log.String()
	for _, re := range []string{
		`(?m)^US: step \d+: still missing .+ after 1s: asking again$`,
		`(?m)^RU: step \d+: still missing \d+ of \d+ messages from US after 1s: asking again$`,
		`(?m)^US: RU asked for its messages again: sent \d+$`,
		`(?m)^control: no answer from DE to step \d+ after 1s: sending it again$`,
	} {
		if !regexp.MustCompile(re).MatchString(text) {
			t.Errorf("the log has no line matching %s:\n%s", re, text)
		}
	}
	if strings.Contains(text, "lost at") || strings.Contains(text, "rejected") {
		t.Errorf("a node lost, or messages rejected:\n%s", text)
	}
	t.Log(text)
}

// Faults, over real NATS, paced at 200× real time: Russia's node
// dies without a word at 200 s and starts again; the US–Russia link is cut from 600 s to 900 s.
// Exercise control drops the silent node and takes the new one back; the
// others notice the silence and degrade; no threat is engaged twice; the
// JetStream log holds every event of the run (Conduct reads the result back
// from it and checks it against the run's own record); Russia's tracks
// resume after it rejoins.
func TestFederationSurvivesNodeCrashAndPartition(t *testing.T) {
	f, err := scenario.Load(reference)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range f.Links {
		if l.From == "colorado-springs" && l.To == "moscow-jdec" {
			f.Links[i].Outages = append(f.Links[i].Outages, scenario.Outage{StartS: 600, EndS: 900})
		}
	}
	ids, exchanges := Members(f)
	creds, err := NewCreds(append(slices.Clone(ids), exchanges...), "")
	if err != nil {
		t.Fatal(err)
	}
	s, creds, err := StartServer(creds, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown()
	url := URL(s)
	var log syncBuffer
	const timeout = 5 * time.Second // generous: CI machines are loaded
	var wg sync.WaitGroup
	nodeErrs := make([]error, len(ids)+len(exchanges))
	for i, id := range exchanges {
		wg.Go(func() {
			nodeErrs[len(ids)+i] = RunExchange(ExchangeOptions{Scenario: f, Creds: creds[id], URL: url, Log: &log})
		})
	}
	for i, id := range ids {
		wg.Go(func() {
			o := NodeOptions{Scenario: f, Creds: creds[id], URL: url, Log: &log, StepTimeout: timeout}
			if id != "RU" {
				nodeErrs[i] = RunNode(o)
				return
			}
			o.crashAtS = 200
			if err := RunNode(o); !errors.Is(err, errCrashed) {
				nodeErrs[i] = fmt.Errorf("RU's first life ended with %v, want the crash", err)
				return
			}
			// Dead for a second and a half (up to 300 s of scenario time at
			// the pace below; enough for its partners to notice even on a
			// machine too loaded to keep the pace) after exercise control
			// gives up on it.
			time.Sleep(timeout + 1500*time.Millisecond)
			o.crashAtS = 0
			nodeErrs[i] = RunNode(o)
		})
	}
	res, err := Conduct(ConductOptions{Scenario: f, Sim: sim.Options{Level: bmc.Step2, Seed: 7}, Creds: creds[Control], URL: url, Log: &log,
		StepTimeout: timeout, Realtime: true, Speed: 200})
	if err != nil {
		s.Shutdown()
	}
	wg.Wait()
	if err := errors.Join(append(nodeErrs, err)...); err != nil {
		t.Fatalf("%v\nlog:\n%s", err, log.String())
	}
	first := map[string]float64{}
	for _, ev := range res.Events {
		k := ev.Type + " " + ev.Nation + " " + ev.To
		if _, ok := first[k]; !ok {
			first[k] = ev.TS
		}
	}
	lostS, ok1 := first["node_lost RU "]
	backS, ok2 := first["node_rejoined RU "]
	if !ok1 || !ok2 || !(lostS >= 200 && backS > lostS) {
		t.Fatalf("RU lost at %v (%v), rejoined at %v (%v): want lost at 200 s or after, then back", lostS, ok1, backS, ok2)
	}
	if _, ok := first["contact_lost US RU"]; !ok {
		t.Errorf("the US never noticed Russia's silence")
	}
	var ruTrackAfter, usHearsRUAfter float64 = -1, -1
	for _, ev := range res.Events {
		if ev.TS > backS && ev.Nation == "RU" && ev.Type == sim.EvTrackConfirmed && ruTrackAfter < 0 {
			ruTrackAfter = ev.TS
		}
		if ev.TS > 900 && ev.Nation == "US" && ev.To == "RU" && ev.Type == sim.EvContactRestored && usHearsRUAfter < 0 {
			usHearsRUAfter = ev.TS
		}
	}
	if ruTrackAfter < 0 {
		t.Errorf("Russia's radars made no track after it rejoined at %v s", backS)
	}
	if usHearsRUAfter < 0 || usHearsRUAfter > 900+2*5 {
		t.Errorf("US heard Russia again at %v s after the link came back at 900 s", usHearsRUAfter)
	}
	if d := res.Summary.Totals.DuplicateEngagements; d != 0 {
		t.Errorf("%d duplicate engagements through the faults", d)
	}
	if !strings.Contains(log.String(), "RU lost at") || !strings.Contains(log.String(), "RU rejoined at") {
		t.Errorf("exercise control's log does not tell of the loss and the rejoin:\n%s", log.String())
	}
	t.Log(log.String())
	t.Logf("RU lost at %.1f s, rejoined at %.1f s, first new RU track %.1f s; US heard RU again at %.1f s; %d events; %d killed, %d leakers, 0 duplicates",
		lostS, backS, ruTrackAfter, usHearsRUAfter, len(res.Events), res.Summary.Totals.Killed, res.Summary.Totals.Leakers)
}

// An engagement command for a US battery sent by another nation is never
// executed. Russia's node asks the US (autonomous: the US defends only
// what its own sensors see) to engage with Redzikowo and with a Russian
// battery; the US logs both as requests — one refused outright — and its
// batteries fire only on its own decisions: nothing at the Moscow MRBM,
// which in an autonomous run leaks.
func TestFederationRequestIsNeverACommand(t *testing.T) {
	f, err := scenario.Load(reference)
	if err != nil {
		t.Fatal(err)
	}
	var log syncBuffer
	sent := false
	opt := sim.Options{Level: bmc.Autonomous, Seed: 3}
	ru := func(o *NodeOptions) {
		if o.Creds.Nation != "RU" {
			return
		}
		o.extra = func(st *linkv1.Step) []*linkv1.Envelope {
			if sent || st.TimeS < 100 {
				return nil
			}
			sent = true
			var out []*linkv1.Envelope
			for stn := uint64(1); stn <= 8; stn++ {
				for _, b := range []string{"redzikowo", "s400-moscow"} {
					out = append(out, &linkv1.Envelope{TimeS: st.TimeS, ArrivalS: 150 + float64(stn), ReleasableTo: []string{"US"},
						Body: &linkv1.Envelope_EngagementRequest{EngagementRequest: &linkv1.EngagementRequest{
							SystemTrack: stn, RequestingNation: "RU", Battery: b, Reason: "defend Moscow"}}})
				}
			}
			return out
		}
	}
	res, err := federate(t, f, opt, &log, ru, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	requests, refused := 0, 0
	for _, ev := range res.Events {
		if ev.Type == sim.EvRequest && ev.Nation == "US" {
			requests++
			if strings.Contains(ev.Detail, "refused") {
				refused++
			}
		}
		if ev.Type == sim.EvLaunch && ev.Threat == "mrbm-moscow" {
			t.Errorf("a launch at the Moscow MRBM on Russia's request: %+v", ev)
		}
	}
	if requests != 16 || refused != 8 {
		t.Errorf("the US logged %d requests (%d refused), want 16 (8 refused: not its battery)", requests, refused)
	}
	for _, th := range res.Summary.Threats {
		if th.ID == "mrbm-moscow" && (th.Outcome != "leaked" || th.Shots != 0) {
			t.Errorf("mrbm-moscow: %s after %d shots, want leaked after none", th.Outcome, th.Shots)
		}
	}
}

// sameRun checks that a federated run's summary and event log are the
// in-process run's, byte for byte.
func sameRun(t *testing.T, want, got *sim.Result) {
	t.Helper()
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
}
