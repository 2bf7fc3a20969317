package geo

import (
	"math"
	"strings"
	"testing"
)

func TestParseLatLon(t *testing.T) {
	tests := []struct {
		in   string
		want LLA
		err  string // substring of the error; "" for success
	}{
		{"38.9,-77.0", LLA{38.9, -77.0, 0}, ""},
		{" 10 , 20 , 300 ", LLA{10, 20, 300}, ""},
		{"-90,360", LLA{-90, 360, 0}, ""},
		{"95,10", LLA{}, "latitude 95"},
		{"abc", LLA{}, "want LAT,LON"},
		{"1,2,3,4", LLA{}, "want LAT,LON"},
		{"", LLA{}, "want LAT,LON"},
		{"NaN,0", LLA{}, "not a number"},
		{"0,Inf", LLA{}, "not a number"},
		{"0,0,-20000", LLA{}, "altitude"},
	}
	for _, tt := range tests {
		got, err := ParseLatLon(tt.in)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ParseLatLon(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseLatLon(%q) error %v, want one containing %q", tt.in, err, tt.err)
		case err != nil && !strings.HasPrefix(err.Error(), "geo: "):
			t.Errorf("ParseLatLon(%q) error %q lacks the package prefix", tt.in, err)
		}
	}
}

// FuzzParseLatLon checks that ParseLatLon never panics and that whatever it
// accepts is finite and in range.
func FuzzParseLatLon(f *testing.F) {
	for _, s := range []string{"95,10", "abc", "1,2,3,4", "", "NaN,0", "38.9,-77.0", "0,0,1e9", "-90,-180,-12000",
		"1e400,0", "0x1p-2,3", "+5,-5", ",", "1,,2", "90.0000000000001,0", "0,360.0000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseLatLon(s)
		if err != nil {
			if p != (LLA{}) {
				t.Errorf("ParseLatLon(%q) failed but returned %+v", s, p)
			}
			if !strings.HasPrefix(err.Error(), "geo: ") || strings.Contains(err.Error(), "\n") {
				t.Errorf("ParseLatLon(%q): error %q is not one line with the package prefix", s, err)
			}
			return
		}
		for _, v := range []float64{p.LatDeg, p.LonDeg, p.AltM} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("ParseLatLon(%q) = %+v: not finite", s, p)
			}
		}
		if p.LatDeg < -90 || p.LatDeg > 90 || p.LonDeg < -180 || p.LonDeg > 360 || p.AltM < -12000 || p.AltM > 1e9 {
			t.Fatalf("ParseLatLon(%q) = %+v: out of range", s, p)
		}
	})
}
