// Program outside uses JRMD as a library from a module of its own. It
// tracks its own radar's detections of a missile (package track), predicts
// the tracked missile's flight to impact, and asks whether interceptors at
// a site could reach it, and how fast they would have to be (package
// intercept), all on JRMD's WGS-84 Earth (package geo).
package main

import (
	_ "embed"
	"fmt"
	"log"
	"math"
	"strconv"
	"strings"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/track"
)

// detections.csv is the radar's output: time (s after the missile's
// launch), slant range (m), azimuth and elevation (degrees).
//
//go:embed detections.csv
var detectionsCSV string

var (
	earth = geo.WGS84
	// The radar and the interceptor battery; both sites are illustrative.
	radarSite   = geo.LLA{LatDeg: 38.35, LonDeg: 37.79, AltM: 2000} // eastern Anatolia
	batterySite = geo.LLA{LatDeg: 54.48, LonDeg: 17.10}             // Redzikowo, Poland
)

const (
	sigmaRangeM   = 30     // the radar's 1σ range noise, m
	sigmaAngleRad = 0.5e-3 // its 1σ azimuth and elevation noise, rad
	decisionS     = 60     // from the last detection to an interceptor launch, s
)

func main() {
	log.SetFlags(0)
	radar := track.NewAER(earth, radarSite)
	scans, err := readScans(detectionsCSV, radar)
	if err != nil {
		log.Fatal(err)
	}

	// Track: an EKF with J2 ballistic dynamics in the scenario inertial
	// frame, and the standard gate, assignment and M-of-N confirmation.
	tk, err := track.New(track.Config{Filter: &track.EKF{Motion: track.NewBallistic(earth, 1)}})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range scans {
		if err := tk.Step(s[0].TimeS, s); err != nil {
			log.Fatal(err)
		}
	}
	var firm *track.Track
	for _, t := range tk.Tracks() {
		if t.Status == track.Confirmed && (firm == nil || t.Updates > firm.Updates) {
			firm = &t
		}
	}
	if firm == nil {
		log.Fatal("no confirmed track")
	}
	pos, vel := track.ToECEF(firm.State.X, firm.State.TimeS)
	p := earth.ToLLA(pos)
	fmt.Printf("%d detections in %d scans: track %d confirmed from %d of them\n",
		countDetections(scans), len(scans), firm.ID, firm.Updates)
	fmt.Printf("at %.0f s: %.2f°N %.2f°E, %.0f km up, %.2f km/s\n",
		firm.State.TimeS, p.LatDeg, p.LonDeg, p.AltM/1e3, geo.Vec3(vel).Norm()/1e3)

	// Predict: the track's state flown on by the same dynamics.
	f, err := predict(firm.State)
	if err != nil {
		log.Fatal(err)
	}
	impactECEF, _, _ := f.StateAt(f.endS)
	impact := earth.ToLLA(impactECEF)
	fmt.Printf("predicted impact at %.0f s: %.2f°N %.2f°E\n", f.endS, impact.LatDeg, impact.LonDeg)

	// Reach: could interceptors at the battery engage it, launching
	// decisionS after the last detection?
	for _, name := range []string{"gbi-6.3", "gbi-9"} {
		it, err := intercept.LookupInterceptor(name)
		if err != nil {
			log.Fatal(err)
		}
		res, err := intercept.Reach{
			Earth:        earth,
			Site:         batterySite,
			Threat:       f,
			ThreatEndS:   f.endS,
			Interceptor:  it,
			LaunchDelayS: firm.State.TimeS + decisionS,
		}.Solve()
		if err != nil {
			log.Fatal(err)
		}
		if res.Feasible {
			fmt.Printf("%s: can engage, intercepts from %.0f s to %.0f s", name, res.EarliestInterceptS, res.LatestInterceptS)
		} else {
			fmt.Printf("%s: cannot engage", name)
		}
		fmt.Printf("; the slowest that could: %.2f km/s\n", res.MinBurnoutSpeedMps/1e3)
	}
}

// readScans parses the detections into the tracker's measurements, one
// scan per time.
func readScans(csv string, radar *track.AER) ([][]track.Measurement, error) {
	r := [3][3]float64{{sigmaRangeM * sigmaRangeM}, {0, sigmaAngleRad * sigmaAngleRad}, {0, 0, sigmaAngleRad * sigmaAngleRad}}
	var scans [][]track.Measurement
	for i, line := range strings.Split(strings.TrimSpace(csv), "\n")[1:] {
		var v [4]float64
		fields := strings.Split(line, ",")
		if len(fields) != len(v) {
			return nil, fmt.Errorf("detections.csv:%d: %d fields, want 4", i+2, len(fields))
		}
		for j, s := range fields {
			var err error
			if v[j], err = strconv.ParseFloat(s, 64); err != nil {
				return nil, fmt.Errorf("detections.csv:%d: %v", i+2, err)
			}
		}
		m := track.Measurement{
			TimeS: v[0], SensorID: "radar", Model: radar, R: r,
			Z: [3]float64{v[1], v[2] * math.Pi / 180, v[3] * math.Pi / 180}, // range, azimuth, elevation
		}
		if n := len(scans); n > 0 && scans[n-1][0].TimeS == m.TimeS {
			scans[n-1] = append(scans[n-1], m)
		} else {
			scans = append(scans, []track.Measurement{m})
		}
	}
	return scans, nil
}

func countDetections(scans [][]track.Measurement) int {
	n := 0
	for _, s := range scans {
		n += len(s)
	}
	return n
}

// flight is a track's predicted flight, an intercept.Threat: its state
// propagated by the tracker's ballistic dynamics (gravity with J2, no
// drag) and kept every second to impact.
type flight struct {
	motion track.Ballistic
	t0     float64
	xs     [][6]float64 // inertial states at t0, t0+1 s, …
	endS   float64      // impact time
}

func predict(s track.State) (*flight, error) {
	f := &flight{motion: track.NewBallistic(earth, 0), t0: s.TimeS, xs: [][6]float64{s.X}}
	for len(f.xs) < 3600 {
		x := f.motion.Propagate(f.xs[len(f.xs)-1], 1)
		t := f.t0 + float64(len(f.xs))
		if pos, _ := track.ToECEF(x, t); earth.ToLLA(pos).AltM < 0 {
			lo, hi := t-1, t // the impact, to a millisecond
			for hi-lo > 1e-3 {
				mid := (lo + hi) / 2
				if pos, _ := track.ToECEF(f.state(mid), mid); earth.ToLLA(pos).AltM < 0 {
					hi = mid
				} else {
					lo = mid
				}
			}
			f.endS = lo
			return f, nil
		}
		f.xs = append(f.xs, x)
	}
	return nil, fmt.Errorf("the track does not come down within an hour")
}

// state is the inertial state at time tS, from the sample before it.
func (f *flight) state(tS float64) [6]float64 {
	i := min(int(tS-f.t0), len(f.xs)-1)
	return f.motion.Propagate(f.xs[i], tS-f.t0-float64(i))
}

// StateAt gives the ECEF position and Earth-relative velocity at time tS
// (s after the missile's launch), as intercept.Threat asks.
func (f *flight) StateAt(tS float64) (pos, vel geo.ECEF, ok bool) {
	if tS < f.t0 || tS > f.endS {
		return pos, vel, false
	}
	pos, vel = track.ToECEF(f.state(tS), tS)
	return pos, vel, true
}
