package ballistic

import "fmt"

// Missile is an illustrative multi-stage ballistic missile.
type Missile struct {
	Name string
}

// MissileNames lists the built-in missile classes.
func MissileNames() []string { return []string{"srbm", "mrbm", "irbm", "icbm"} }

// LookupMissile returns a built-in missile class by name.
func LookupMissile(name string) (Missile, error) {
	return Missile{}, fmt.Errorf("ballistic: unknown missile class %q", name)
}
