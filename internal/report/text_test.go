package report

import (
	"math"
	"testing"

	"github.com/jrmd/jrmd/geo"
)

func TestGrouped(t *testing.T) {
	tests := []struct {
		v    float64
		prec int
		want string
	}{
		{3718.24, 1, "3 718.2"},
		{-1234567, 0, "-1 234 567"},
		{999.96, 1, "1 000.0"},
		{12.5, 1, "12.5"},
		{0, 0, "0"},
		{math.Copysign(0, -1), 1, "0.0"},
		{-0.00001, 1, "0.0"},
		{-0.06, 1, "-0.1"},
		{123456, 2, "123 456.00"},
		{math.NaN(), 1, "NaN"},
		{math.Inf(-1), 1, "-Inf"},
	}
	for _, tc := range tests {
		if got := Grouped(tc.v, tc.prec); got != tc.want {
			t.Errorf("Grouped(%g, %d) = %q, want %q", tc.v, tc.prec, got, tc.want)
		}
	}
}

func TestMinSec(t *testing.T) {
	for s, want := range map[float64]string{0: "0:00", 59.6: "1:00", 1023.2: "17:03", 3600: "60:00"} {
		if got := MinSec(s); got != want {
			t.Errorf("MinSec(%g) = %q, want %q", s, got, want)
		}
	}
}

func TestLatLon(t *testing.T) {
	for p, want := range map[geo.LLA]string{
		{LatDeg: 35.23, LonDeg: 53.92}:  "35.2300°N 53.9200°E",
		{LatDeg: -33.9, LonDeg: -77.04}: "33.9000°S 77.0400°W",
		{LatDeg: 0, LonDeg: 283}:        "0.0000°N 77.0000°W",
	} {
		if got := LatLon(p); got != want {
			t.Errorf("LatLon(%v) = %q, want %q", p, got, want)
		}
	}
}
