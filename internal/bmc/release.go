package bmc

import (
	"fmt"
	"slices"

	"github.com/jrmd/jrmd/geo"
)

// Zone is a circle on the ground.
type Zone struct {
	Center  geo.LLA
	RadiusM float64
}

// PolicyKind is a kind of release policy.
type PolicyKind string

// The release policies.
const (
	// Automatic (the default, also ""): every launch battle management
	// plans is released.
	Automatic PolicyKind = "automatic"
	// AssetsOnly: only launches in defence of the listed assets.
	AssetsOnly PolicyKind = "assets-only"
	// Never: hold fire.
	Never PolicyKind = "never"
)

// Policy is a nation's release policy for its own interceptors. Only the
// owning nation's C2 applies it; a partner's request is only a request.
type Policy struct {
	Kind PolicyKind
	// Assets the nation defends under assets-only.
	Assets []string
	// NoIntercept: never intercept over these circles.
	NoIntercept []Zone
}

// Approve decides a launch: the asset the threat endangers, and the
// predicted intercept point. It returns the reason for a refusal.
func (p Policy) Approve(e geo.Earth, asset string, pip geo.LLA) (bool, string) {
	switch p.Kind {
	case "", Automatic:
	case Never:
		return false, "release policy: hold fire"
	case AssetsOnly:
		if !slices.Contains(p.Assets, asset) {
			return false, fmt.Sprintf("release policy: %q is not an asset this nation defends", asset)
		}
	default:
		return false, fmt.Sprintf("release policy: unknown kind %q", p.Kind)
	}
	for _, z := range p.NoIntercept {
		if d, _, _ := e.Inverse(z.Center, pip); d <= z.RadiusM {
			return false, fmt.Sprintf("release policy: intercept point within %.0f km of a no-intercept zone's centre", z.RadiusM/1e3)
		}
	}
	return true, ""
}
