package link

import (
	"crypto/tls"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jrmd/jrmd/internal/link/linkv1"
)

// Performance target: ≥ 50,000 track reports per second end to end (sign,
// publish, receive, verify, decode) through the embedded server on
// loopback, with p99 latency < 5 ms. Reports travel in signed sets of
// batch reports (one Ed25519 signature per set: per-report signatures cost
// ~100 µs of CPU each here, which no 2-core machine sustains at 50 k/s).
// The sub-benchmarks scale the number of receiving nodes (each set goes
// to every receiver), without and with TLS (the federation's default). Metrics: reports/s delivered (summed over
// receivers), and the p99 latency of a set from before sealing to after
// verification and decoding.
func BenchmarkTrackReportsThroughNATS(b *testing.B) {
	for _, tls := range []bool{false, true} {
		for _, receivers := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("tls=%v/receivers=%d", tls, receivers), func(b *testing.B) {
				benchThroughput(b, receivers, 100, tls)
			})
		}
	}
}

func benchThroughput(b *testing.B, receivers, batch int, withTLS bool) {
	nations := []string{"US", "RU", "DE", "FR", "UK"}[:receivers+1]
	var users []NationUser
	ids := map[string]Identity{}
	keys := KeyRing{}
	seeds := map[string]string{}
	for i, n := range nations {
		seed, pub, err := NewUserKey()
		if err != nil {
			b.Fatal(err)
		}
		seeds[n] = seed
		users = append(users, NationUser{Nation: n, NKey: pub})
		ids[n] = NewIdentity(n, "c2", [32]byte{byte(i + 1)})
		keys[ids[n].Node] = ids[n].Public()
	}
	opts := ServerOptions{Users: users}
	var cli *tls.Config
	if withTLS {
		srv, ca, err := SelfSignedTLS()
		if err != nil {
			b.Fatal(err)
		}
		if cli, err = ClientTLS(ca); err != nil {
			b.Fatal(err)
		}
		opts.TLS = srv
	}
	s, err := StartServer(opts)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Shutdown()
	sender, err := Dial(s.ClientURL(), ids[nations[0]], seeds[nations[0]], keys, cli)
	if err != nil {
		b.Fatal(err)
	}
	defer sender.Close()
	var mu sync.Mutex
	sent := map[uint64]time.Time{} // set id → send time
	var lat []time.Duration
	var wg sync.WaitGroup
	delivered := 0
	for _, n := range nations[1:] {
		r, err := Dial(s.ClientURL(), ids[n], seeds[n], keys, cli)
		if err != nil {
			b.Fatal(err)
		}
		defer r.Close()
		r.Rejected = func(err error) { b.Error(err) }
		if err := r.Subscribe(func(e *linkv1.Envelope) {
			set := e.GetTrackSet()
			mu.Lock()
			lat = append(lat, time.Since(sent[set.Tracks[0].SystemTrack]))
			delivered += len(set.Tracks)
			mu.Unlock()
			wg.Done()
		}); err != nil {
			b.Fatal(err)
		}
	}
	reports := make([]*linkv1.TrackReport, batch)
	for i := range reports {
		reports[i] = &linkv1.TrackReport{SourceNation: nations[0], TimeS: 1, PositionM: &linkv1.Vector{X: 7e6, Y: 1, Z: 2},
			VelocityMps: &linkv1.Vector{X: 1, Y: 7e3, Z: 3}, Covariance: make([]float64, 21), Quality: linkv1.TrackQuality_TRACK_QUALITY_FIRM}
	}
	b.ResetTimer()
	for i := range b.N {
		for k, r := range reports {
			r.SystemTrack = uint64(i*batch + k + 1)
		}
		env := &linkv1.Envelope{TimeS: float64(i % 1000), ReleasableTo: nations[1:], Body: &linkv1.Envelope_TrackSet{TrackSet: &linkv1.TrackReportSet{Tracks: reports}}}
		wg.Add(receivers)
		mu.Lock()
		sent[uint64(i*batch+1)] = time.Now()
		mu.Unlock()
		for _, to := range nations[1:] {
			if err := sender.Send(to, env); err != nil {
				b.Fatal(err)
			}
		}
		// Keep at most two sets in flight: latency, not queueing, is
		// what p99 should show.
		if i%2 == 1 {
			wg.Wait()
		}
	}
	wg.Wait()
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(delivered)/b.Elapsed().Seconds(), "reports/s")
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1e3, "p99_ms")
	}
}
