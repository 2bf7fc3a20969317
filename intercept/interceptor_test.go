package intercept

import (
	"strings"
	"testing"
)

// The library's types pass the checks a scenario's own types get, and a
// battery's overrides replace only what they give.
func TestLibraryInterceptorsValidate(t *testing.T) {
	for _, it := range Interceptors() {
		if err := it.Validate(); err != nil {
			t.Errorf("%s: %v", it.Name, err)
		}
	}
	it, _ := LookupInterceptor("thaad")
	it.MinInterceptAltM, it.Pk = 200e3, 0
	err := it.Validate()
	for _, want := range []string{"max_intercept_alt_m: 150000 m: not above the lowest intercept altitude, 200000 m", "pk: 0: want above 0 to 1"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate: %v, want %q", err, want)
		}
	}
	b := Overrides{Pk: 0.5, LaunchSigmaMps: 5}.Apply(it)
	if b.Pk != 0.5 || b.LaunchTrack.MaxVelocitySigmaMps != 5 || b.LaunchTrack.MaxPositionSigmaM != 200 || b.ReactionS != 10 {
		t.Errorf("overrides applied: %+v", b)
	}
}
