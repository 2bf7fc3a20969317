package fed

import (
	"encoding/json"
	"math"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/jrmd/jrmd/internal/link"
	"github.com/jrmd/jrmd/internal/link/linkv1"
	"github.com/jrmd/jrmd/internal/sim"
)

// FuzzStepDone feeds arbitrary bytes to the decoding of a node's step
// answer (protobuf, then its JSON Lines of events): errors, never a
// panic, and what is accepted is usable by the conductor.
func FuzzStepDone(f *testing.F) {
	good, _ := proto.Marshal(&linkv1.StepDone{Round: 3, NextS: 12.5, Sent: map[string]uint64{"US": 2}, ArrivalS: map[string]float64{"US": 13}, LastSeq: map[string]uint64{"US": 7},
		Kills: []*linkv1.Kill{{Threat: 1, TimeS: 12}}, EventsJsonl: encodeEvents([]sim.Event{{TS: 12, Type: sim.EvKill, Nation: "RU", Threat: "x"}})})
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{})
	f.Add(make([]byte, 70_000))
	bad, _ := proto.Marshal(&linkv1.StepDone{Sent: map[string]uint64{"US": 1}, EventsJsonl: []byte(`{"t_s": 1, "nope": 2}`)})
	f.Add(bad)
	nan := math.NaN()
	for _, d := range []*linkv1.StepDone{{NextS: 3, SendS: &nan}, {NextS: 3, KillS: &nan}, {NextS: 3, ReplyArrivalS: map[string]float64{"US": nan}},
		{NextS: nan}, {NextS: 3, Sent: map[string]uint64{"US": 1}, ArrivalS: map[string]float64{"US": nan}}} {
		broken, _ := proto.Marshal(d)
		f.Add(broken)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d linkv1.StepDone
		if err := proto.Unmarshal(data, &d); err != nil {
			return
		}
		rep, err := report(&d, "RU", []string{"DE", "RU", "US"}, 6)
		if err != nil {
			return
		}
		for to := range rep.Sent {
			if _, ok := rep.ArrivalS[to]; !ok {
				t.Fatalf("accepted messages to %s with no arrival time", to)
			}
		}
		if math.IsNaN(rep.NextS) {
			t.Fatalf("accepted next %v from %v", rep.NextS, d.NextS)
		}
		for to, a := range rep.ArrivalS {
			if math.IsNaN(a) {
				t.Fatalf("accepted an arrival to %s of %v", to, a)
			}
		}
		if math.IsNaN(rep.SendS) || math.IsNaN(rep.KillS) {
			t.Fatalf("accepted promises send %v, kill %v", rep.SendS, rep.KillS)
		}
		for to, a := range rep.ReplyArrivalS {
			if math.IsNaN(a) {
				t.Fatalf("accepted a reply arrival to %s of %v", to, a)
			}
		}
	})
}

// FuzzCreds feeds arbitrary bytes to the creds decoder: errors, never a
// panic; accepted creds give a signing identity and a key ring.
func FuzzCreds(f *testing.F) {
	_, ca, err := link.SelfSignedTLS()
	if err != nil {
		f.Fatal(err)
	}
	all, err := NewCreds([]string{"US", "RU"}, ca)
	if err != nil {
		f.Fatal(err)
	}
	good, _ := json.Marshal(all["US"])
	f.Add(good)
	f.Add(good[:len(good)/3])
	f.Add([]byte(`{"nation":"US","node":"US/node","signing_key":"zz","peers":{}}`))
	f.Add([]byte(`{"nation":"US","node":"US/node","signing_key":"` + all["US"].Key + `","peers":{"x":{"nation":"RU","public_key":"00"}}}`))
	f.Add([]byte(`{"nation":"US","node":"US/node","signing_key":"` + all["US"].Key + `","tls_ca_pem":"junk","peers":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parseCreds(data)
		if err != nil {
			return
		}
		if _, err := c.identity(); err != nil {
			t.Fatalf("accepted creds without an identity: %v", err)
		}
		if _, err := c.keyRing(); err != nil {
			t.Fatalf("accepted creds without a key ring: %v", err)
		}
		if _, err := c.User(); err != nil {
			t.Fatalf("accepted creds without a NATS user: %v", err)
		}
		if tc, err := c.tlsConfig(); err != nil || tc == nil {
			t.Fatalf("accepted creds without a CA: %v", err)
		}
	})
}
