package link

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/jrmd/jrmd/internal/link/linkv1"
)

func testIdentities() (Identity, Identity, *Receiver) {
	us := NewIdentity("US", "colorado-springs", [32]byte{1})
	ru := NewIdentity("RU", "moscow", [32]byte{2})
	r := &Receiver{Nation: "RU", Keys: KeyRing{us.Node: us.Public(), ru.Node: ru.Public()}}
	return us, ru, r
}

func track(stn uint64) *linkv1.Envelope {
	return &linkv1.Envelope{TimeS: 12.5, ReleasableTo: []string{"RU"}, Body: &linkv1.Envelope_Track{Track: &linkv1.TrackReport{
		SystemTrack: stn, SourceNation: "US", TimeS: 12, PositionM: &linkv1.Vector{X: 1, Y: 2, Z: 3}, Covariance: make([]float64, 21),
	}}}
}

func TestSealOpen(t *testing.T) {
	us, _, r := testIdentities()
	b, err := us.Seal(track(7), 1)
	if err != nil {
		t.Fatal(err)
	}
	env, err := r.Open(b)
	if err != nil {
		t.Fatal(err)
	}
	if env.GetTrack().GetSystemTrack() != 7 || env.Sender != "US/colorado-springs" || env.Seq != 1 {
		t.Errorf("opened %v", env)
	}
}

// Every way a message can be wrong is rejected with its reason.
func TestOpenRejects(t *testing.T) {
	us, ru, _ := testIdentities()
	good, _ := us.Seal(track(1), 5)
	mallory := NewIdentity("US", "colorado-springs", [32]byte{9}) // right name, wrong key
	forged, _ := mallory.Seal(track(1), 6)
	tampered := append([]byte(nil), good...)
	tampered[len(tampered)/2] ^= 1
	// RU's node signing as RU but claiming to be the US node: the key
	// registered for that name is the US one.
	spoof := NewIdentity("RU", "moscow", [32]byte{2})
	spoof.Node = "US/colorado-springs"
	spoofed, _ := spoof.Seal(track(1), 7)
	// A valid RU node claiming US nationality in the envelope.
	e := track(1)
	lying := ru
	lying.Nation = "US"
	wrongNation, _ := lying.Seal(e, 8)
	nan := track(1)
	nan.GetTrack().PositionM.X = math.NaN()
	nanBytes, _ := us.Seal(nan, 9)
	private := track(1)
	private.ReleasableTo = nil
	privBytes, _ := us.Seal(private, 10)
	empty := &linkv1.Envelope{}
	emptyBytes, _ := us.Seal(empty, 11)
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"too large", make([]byte, MaxMessageBytes+1), ErrTooLarge},
		{"garbage", []byte{0xff, 0xff, 0xff}, ErrMalformed},
		{"forged key", forged, ErrForged},
		{"tampered", tampered, nil}, // malformed or forged, depending on the byte
		{"spoofed sender", spoofed, ErrForged},
		{"wrong nation", wrongNation, ErrWrongNation},
		{"NaN", nanBytes, ErrNotFinite},
		{"not releasable", privBytes, ErrNotForMyNation},
		{"no body", emptyBytes, ErrNoBody},
	} {
		_, _, r := testIdentities()
		_, err := r.Open(tc.data)
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

// Replay protection: each (sender, incarnation, sequence number) once,
// within a window below the highest; an incarnation's numbers, however
// large, do not touch another's window.
func TestOpenSequenceWindows(t *testing.T) {
	us, _, r := testIdentities()
	open := func(id Identity, seq uint64) error {
		b, err := id.Seal(track(seq), seq)
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.Open(b)
		return err
	}
	if err := open(us, 20); err != nil {
		t.Fatal(err)
	}
	// The same bytes twice.
	b, _ := us.Seal(track(21), 21)
	if _, err := r.Open(b); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Open(b); !errors.Is(err, ErrReplayed) {
		t.Errorf("the same message twice: %v, want replayed", err)
	}
	// An older number not seen yet (overtaken, or re-sent) is taken; seen
	// ones and those older than the window are not.
	if err := open(us, 5); err != nil {
		t.Errorf("unseen seq 5 below 21: %v", err)
	}
	for _, seq := range []uint64{5, 20, 0} {
		if err := open(us, seq); !errors.Is(err, ErrReplayed) {
			t.Errorf("seq %d again: %v, want replayed", seq, err)
		}
	}
	if err := open(us, 21+WindowSize); err != nil {
		t.Fatal(err)
	}
	if err := open(us, 21); !errors.Is(err, ErrReplayed) {
		t.Errorf("seq 21, a window below the top: %v", err)
	}
	if err := open(us, 22); err != nil {
		t.Errorf("seq 22, the window's last: %v", err)
	}
	if err := open(us, 22+WindowSize); err != nil {
		t.Errorf("seq one past a window's jump: %v", err)
	}
	// Another incarnation with the same key (a restarted node, or an
	// impostor with the node's key) and a huge number: its own window.
	other := us
	other.Incarnation = NewIncarnation()
	if err := open(other, 1<<62); err != nil {
		t.Fatal(err)
	}
	if err := open(us, 23+WindowSize); err != nil {
		t.Errorf("the first incarnation after another's jump: %v", err)
	}
	// Many incarnations cost bounded memory: the least recently used
	// windows are forgotten.
	for range 3 * maxIncarnations {
		id := us
		id.Incarnation = NewIncarnation()
		if err := open(id, 1); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(r.windows[us.Node]); n != maxIncarnations {
		t.Errorf("%d windows kept for one sender, want %d", n, maxIncarnations)
	}
}

// A receiver bound to a run refuses other runs' messages and those
// without a run, but for a node's announcement before it knows the run.
func TestOpenRun(t *testing.T) {
	us, _, r := testIdentities()
	run, other := bytes.Repeat([]byte{1}, IncarnationBytes), bytes.Repeat([]byte{2}, IncarnationBytes)
	r.SetRun(run)
	hello := func(run []byte) *linkv1.Envelope {
		return &linkv1.Envelope{ReleasableTo: []string{"RU"}, Run: run, Body: &linkv1.Envelope_Heartbeat{Heartbeat: &linkv1.Heartbeat{Node: us.Node}}}
	}
	withRun := func(e *linkv1.Envelope, run []byte) *linkv1.Envelope { e.Run = run; return e }
	for i, tc := range []struct {
		env  *linkv1.Envelope
		want error
	}{
		{withRun(track(1), run), nil},
		{withRun(track(1), other), ErrOtherRun},
		{withRun(track(1), nil), ErrOtherRun},
		{hello(nil), nil},
		{hello(other), ErrOtherRun},
		{hello(run), nil},
		{withRun(track(1), []byte{1, 2, 3}), ErrOtherRun},
	} {
		b, err := us.Seal(tc.env, uint64(i+1))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Open(b); !errors.Is(err, tc.want) && !(tc.want == nil && err == nil) {
			t.Errorf("%d: %v, want %v", i, err, tc.want)
		}
	}
	// A message without an incarnation is malformed.
	none := us
	none.Incarnation = nil
	b, _ := none.Seal(withRun(track(1), run), 100)
	if _, err := r.Open(b); !errors.Is(err, ErrMalformed) {
		t.Errorf("no incarnation: %v", err)
	}
}

// The envelope's own lists and strings are bounded.
func TestOpenBounds(t *testing.T) {
	us, _, r := testIdentities()
	long := track(1)
	long.ReleasableTo = append(long.ReleasableTo, strings.Repeat("x", MaxIDBytes+1))
	many := track(1)
	for range MaxNations + 1 {
		many.Via = append(many.Via, "jdec")
	}
	late := track(1)
	late.TimeS = MaxTimeS + 1
	for i, e := range []*linkv1.Envelope{long, many, late} {
		b, err := us.Seal(e, uint64(i+1))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Open(b); !errors.Is(err, ErrInvalid) {
			t.Errorf("%d: %v, want invalid", i, err)
		}
	}
}

func FuzzOpen(f *testing.F) {
	us, _, _ := testIdentities()
	b, _ := us.Seal(track(3), 1)
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add([]byte{})
	body, _ := proto.Marshal(&linkv1.Envelope{Sender: "US/colorado-springs", Seq: 9})
	f.Add(append(make([]byte, 64), body...)) // a well-formed envelope with a zero signature
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _, r := testIdentities()
		env, err := r.Open(data)
		if (env == nil) == (err == nil) {
			t.Fatalf("env %v err %v", env, err)
		}
	})
}

// Benchmark: sign and verify one track report (the cost per message of the
// federation's security).
func BenchmarkSealOpen(b *testing.B) {
	us, _, r := testIdentities()
	env := track(1)
	var seq uint64
	for b.Loop() {
		seq++
		data, err := us.Seal(env, seq)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Open(data); err != nil {
			b.Fatal(err)
		}
	}
}
