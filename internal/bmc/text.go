package bmc

import "fmt"

// Names lists the integration levels' names, in order.
func (Level) Names() []string {
	names := make([]string, len(Levels))
	for i, l := range Levels {
		names[i] = l.String()
	}
	return names
}

// UnmarshalText reads a level's name (a scenario's integration key).
func (l *Level) UnmarshalText(b []byte) error {
	v, err := ParseLevel(string(b))
	if err == nil {
		*l = v
	}
	return err
}

// Names lists the release authorities' names, the default first.
func (Authority) Names() []string { return []string{string(ByC2), string(Delegated)} }

// UnmarshalText reads a release authority's name (a battery's release
// key).
func (a *Authority) UnmarshalText(b []byte) error {
	switch v := Authority(b); v {
	case ByC2, Delegated:
		*a = v
		return nil
	}
	return fmt.Errorf("bmc: unknown release authority %q (want c2 or delegated)", b)
}

// Names lists the release policies' names, the default first.
func (PolicyKind) Names() []string {
	return []string{string(Automatic), string(AssetsOnly), string(Never)}
}

// UnmarshalText reads a release policy's name (a nation's release.policy
// key).
func (k *PolicyKind) UnmarshalText(b []byte) error {
	switch v := PolicyKind(b); v {
	case Automatic, AssetsOnly, Never:
		*k = v
		return nil
	}
	return fmt.Errorf("bmc: unknown release policy %q (want automatic, assets-only or never)", b)
}
