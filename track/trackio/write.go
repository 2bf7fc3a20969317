package trackio

import (
	"bufio"
	"io"
	"strconv"

	"github.com/jrmd/jrmd/track"
)

// TracksHeader is the first line of a tracks file.
const TracksHeader = "time,track_id,x,y,z,vx,vy,vz"

// Writer writes a tracks file: the header, then every confirmed track at
// every scan time, in the tracker's order, positions and velocities in
// the configuration's frame (ECEF: Earth-relative velocity) to the
// millimetre. Call Flush at the end.
type Writer struct {
	bw   *bufio.Writer
	ecef bool
	buf  []byte
}

// NewWriter starts a tracks file in the frame on w.
func NewWriter(w io.Writer, frame Frame) *Writer {
	bw := bufio.NewWriter(w)
	bw.WriteString(TracksHeader + "\n")
	return &Writer{bw: bw, ecef: frame == FrameECEF}
}

// WriteTracks writes the tracker's confirmed tracks at time t (a track
// not updated at t is predicted to it). An error writing shows at Flush.
func (w *Writer) WriteTracks(t float64, tk *track.Tracker) {
	for k := range tk.Tracks() {
		tr := &tk.Tracks()[k]
		if tr.Status != track.Confirmed {
			continue
		}
		s := tr.State
		if s.TimeS != t {
			s = tk.Predicted(tr, t)
		}
		pos := [3]float64{s.X[0], s.X[1], s.X[2]}
		vel := [3]float64{s.X[3], s.X[4], s.X[5]}
		if w.ecef {
			p, v := track.ToECEF(s.X, t)
			pos, vel = p, v
		}
		buf := strconv.AppendFloat(w.buf[:0], t, 'f', -1, 64)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(tr.ID), 10)
		for _, v := range [6]float64{pos[0], pos[1], pos[2], vel[0], vel[1], vel[2]} {
			buf = appendMillis(append(buf, ','), v)
		}
		w.buf = append(buf, '\n')
		w.bw.Write(w.buf)
	}
}

// Flush writes what is buffered and returns the first error writing.
func (w *Writer) Flush() error { return w.bw.Flush() }

// appendMillis appends v with three decimals (mm, mm/s), writing a value
// that rounds to zero as 0.000 whatever its sign, so that output compares
// byte for byte.
func appendMillis(buf []byte, v float64) []byte {
	n := len(buf)
	buf = strconv.AppendFloat(buf, v, 'f', 3, 64)
	if string(buf[n:]) == "-0.000" {
		buf = append(buf[:n], "0.000"...)
	}
	return buf
}
