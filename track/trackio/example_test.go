package trackio_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/jrmd/jrmd/track"
	"github.com/jrmd/jrmd/track/trackio"
)

// A projectile climbing and slowing under gravity, seen once a second by
// one radar: the third detection confirms its track (3 of 5, the default),
// written at every time from then on.
func Example() {
	cfg, err := trackio.DecodeConfig("tracker.yaml", []byte("frame: enu\nmeasurement_sigma_m: 10\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	tk, model, err := cfg.NewTracker()
	if err != nil {
		fmt.Println(err)
		return
	}
	csv := "time,sensor_id,x,y,z\n0,radar,0,0,1000\n1,radar,0,0,1095\n2,radar,0,0,1180\n3,radar,0,0,1265\n"
	r := [3][3]float64{{100}, {0, 100}, {0, 0, 100}}
	w := trackio.NewWriter(os.Stdout, cfg.Frame)
	err = trackio.ReadMeasurementsCSV("detections.csv", strings.NewReader(csv), func(t float64, ds []trackio.Detection) error {
		var ms []track.Measurement
		for _, d := range ds {
			ms = append(ms, track.Measurement{TimeS: t, SensorID: d.SensorID, Model: model, Z: d.Pos, R: r, TruthID: -1})
		}
		if err := tk.Step(t, ms); err != nil {
			return err
		}
		w.WriteTracks(t, tk)
		return nil
	})
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// time,track_id,x,y,z,vx,vy,vz
	// 2,1,0.000,0.000,1180.032,0.000,0.000,80.193
	// 3,1,0.000,0.000,1262.107,0.000,0.000,73.316
}
