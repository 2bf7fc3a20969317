package link

import (
	"errors"
	"math"
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
	// Replay: the same message twice, and an older one after a newer.
	_, _, r := testIdentities()
	newer, _ := us.Seal(track(2), 20)
	if _, err := r.Open(newer); err != nil {
		t.Fatal(err)
	}
	for _, b := range [][]byte{newer, good} {
		if _, err := r.Open(b); !errors.Is(err, ErrReplayed) {
			t.Errorf("replay: %v", err)
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
