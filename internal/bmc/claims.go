package bmc

import "sort"

// Claim is a nation's announced intent to engage a threat with a battery.
type Claim struct {
	Threat  uint64 // system track (or threat) number
	Nation  string
	Battery string
	TimeS   float64 // when the claim was made
}

// Claims is the deconfliction register: the first claim on a threat holds
// (earliest time; ties by nation, then battery, so every node decides the
// same way from the same claims); later claims by other nations are refused
// unless doctrine allows more than one engaging nation.
type Claims struct {
	byThreat map[uint64][]Claim
}

// Add records a claim and reports whether it holds.
func (c *Claims) Add(cl Claim) bool {
	if c.byThreat == nil {
		c.byThreat = map[uint64][]Claim{}
	}
	list := append(c.byThreat[cl.Threat], cl)
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.TimeS != b.TimeS {
			return a.TimeS < b.TimeS
		}
		if a.Nation != b.Nation {
			return a.Nation < b.Nation
		}
		return a.Battery < b.Battery
	})
	c.byThreat[cl.Threat] = list
	return list[0].Nation == cl.Nation
}

// Holder is the nation holding a threat, "" if unclaimed.
func (c *Claims) Holder(threat uint64) string {
	if l := c.byThreat[threat]; len(l) > 0 {
		return l[0].Nation
	}
	return ""
}

// Release removes a nation's claims on a threat (e.g. after a kill or when
// it can no longer engage), letting the next claim hold.
func (c *Claims) Release(threat uint64, nation string) {
	l := c.byThreat[threat][:0]
	for _, cl := range c.byThreat[threat] {
		if cl.Nation != nation {
			l = append(l, cl)
		}
	}
	c.byThreat[threat] = l
}
