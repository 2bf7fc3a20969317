package track

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
)

// Shared scenario pieces of the tests.

var (
	semnan = geo.LLA{LatDeg: 35.23, LonDeg: 53.92}
	berlin = geo.LLA{LatDeg: 52.52, LonDeg: 13.40}
	// kurecik is the site of the AN/TPY-2 radar in eastern Turkey (public
	// location, rounded), which looks across the Semnan–Europe corridor.
	kurecik = geo.LLA{LatDeg: 38.35, LonDeg: 37.78, AltM: 1800}
)

// irbm is an impulsive minimum-energy Semnan → Berlin flight over the
// rotating WGS-84 Earth: free flight under J2 gravity only, the physics of
// the Ballistic motion model, so a filter with a small Q is consistent.
var irbm = sync.OnceValues(func() (ballistic.Trajectory, error) {
	return ballistic.Solve(ballistic.Request{From: semnan, To: berlin, Earth: geo.WGS84})
})

func irbmTruth(t testing.TB) *ballistic.Trajectory {
	t.Helper()
	tr, err := irbm()
	if err != nil {
		t.Fatal(err)
	}
	return &tr
}

// truthAt returns the scenario-inertial state of tr at scenario time tS
// for a launch at launchS.
func truthAt(t testing.TB, tr *ballistic.Trajectory, launchS, tS float64) [6]float64 {
	t.Helper()
	pos, vel, ok := tr.StateAt(tS - launchS)
	if !ok {
		t.Fatalf("no truth at %g s", tS)
	}
	return FromECEF(pos, vel, tS)
}

// aerCov is a diagonal AER covariance.
func aerCov(sigmaR, sigmaA float64) [3][3]float64 {
	return [3][3]float64{{sigmaR * sigmaR}, {0, sigmaA * sigmaA}, {0, 0, sigmaA * sigmaA}}
}

// measureAER returns a noisy AER measurement of the inertial state x with
// noise covariance diag(sr², sa², sa²), declaring covariance rDecl.
func measureAER(m *AER, x [6]float64, tS, sr, sa float64, rDecl [3][3]float64, rng *rand.Rand, sensor string, truth int) Measurement {
	z := m.Measure(x, tS)
	z[0] += sr * rng.NormFloat64()
	z[1] = math.Mod(z[1]+sa*rng.NormFloat64()+2*math.Pi, 2*math.Pi)
	z[2] += sa * rng.NormFloat64()
	return Measurement{TimeS: tS, SensorID: sensor, Model: m, Z: z, R: rDecl, TruthID: truth}
}

// visible reports whether x is above minEl as seen from the AER model's
// site.
func visible(m *AER, x [6]float64, tS, minElRad float64) bool {
	return m.Measure(x, tS)[2] >= minElRad
}

func randSPD6(rng *rand.Rand, scale float64) [6][6]float64 {
	var a [6][6]float64
	for i := range 6 {
		for j := range 6 {
			a[i][j] = rng.NormFloat64() * scale
		}
	}
	var p [6][6]float64
	for i := range 6 {
		for j := range 6 {
			for k := range 6 {
				p[i][j] += a[i][k] * a[j][k]
			}
		}
		p[i][i] += scale * scale * 0.1
	}
	return p
}

var fmtf = fmt.Sprintf

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed+1)) }
