package sim

import (
	"math"
	"math/rand/v2"

	"github.com/jrmd/jrmd/internal/scenario"
)

// network is the scenario's links between nodes (C2 nodes and exchange
// centers): messages between nations are routed over the lowest-latency
// path and delayed, lost or blocked hop by hop.
type network struct {
	links []*linkState
	adj   map[string][]int // node → indices of its links
	// member: exchange center → nations it serves (it relays only for them).
	member map[string]map[string]bool
	c2     map[string]string // nation → its C2 node
	routes map[[2]string][]int
}

type linkState struct {
	l   scenario.Link
	rng *rand.Rand
}

func newNetwork(f *scenario.File, rngFor func(string) *rand.Rand) *network {
	n := &network{adj: map[string][]int{}, member: map[string]map[string]bool{}, c2: map[string]string{}}
	for i, l := range f.Links {
		n.links = append(n.links, &linkState{l: l, rng: rngFor("link/" + l.From + "/" + l.To)})
		n.adj[l.From] = append(n.adj[l.From], i)
		n.adj[l.To] = append(n.adj[l.To], i)
	}
	for _, x := range f.Exchanges {
		n.member[x.ID] = map[string]bool{}
		for _, m := range x.Members {
			n.member[x.ID][m] = true
		}
	}
	for _, nat := range f.Nations {
		n.c2[nat.ID] = nat.C2
	}
	return n
}

// route returns the links of the lowest-latency path from one nation's C2
// to another's (Dijkstra; ties by link order), through exchange centers that
// serve both nations, or nil when there is none.
func (n *network) route(from, to string) []int {
	k := [2]string{from, to}
	if r, ok := n.routes[k]; ok {
		return r
	}
	if n.routes == nil {
		n.routes = map[[2]string][]int{}
	}
	r := n.findRoute(from, to)
	n.routes[k] = r
	return r
}

func (n *network) findRoute(from, to string) []int {
	src, dst := n.c2[from], n.c2[to]
	if src == "" || dst == "" {
		return nil
	}
	dist := map[string]float64{src: 0}
	prev := map[string]int{}
	done := map[string]bool{}
	for {
		u, best := "", math.Inf(1)
		for node, d := range dist {
			if !done[node] && (d < best || (d == best && node < u)) {
				u, best = node, d
			}
		}
		if u == "" || u == dst {
			break
		}
		done[u] = true
		for _, li := range n.adj[u] {
			l := n.links[li].l
			v := l.To
			if v == u {
				v = l.From
			}
			if m, isExchange := n.member[v]; isExchange && (!m[from] || !m[to]) {
				continue
			}
			if d := best + l.LatencyMs; d < distOr(dist, v) {
				dist[v], prev[v] = d, li
			}
		}
	}
	if _, ok := dist[dst]; !ok {
		return nil
	}
	var path []int
	for v := dst; v != src; {
		li := prev[v]
		path = append([]int{li}, path...)
		l := n.links[li].l
		if l.To == v {
			v = l.From
		} else {
			v = l.To
		}
	}
	return path
}

// via lists the exchange centers a path from a nation's C2 passes through,
// in order.
func (n *network) via(from string, path []int) []string {
	var out []string
	at := n.c2[from]
	for _, li := range path {
		l := n.links[li].l
		if l.From == at {
			at = l.To
		} else {
			at = l.From
		}
		if _, ok := n.member[at]; ok {
			out = append(out, at)
		}
	}
	return out
}

func distOr(d map[string]float64, k string) float64 {
	if v, ok := d[k]; ok {
		return v
	}
	return math.Inf(1)
}

// transit returns when a message of size bytes sent at t arrives over a
// path, or ok false when a hop loses it or is down. Latency: nominal plus
// Gaussian jitter (cut at ±3σ, never below zero) plus serialisation at the
// link's bandwidth.
func (n *network) transit(path []int, t float64, bytes int) (float64, bool) {
	for _, li := range path {
		ls := n.links[li]
		l := ls.l
		for _, o := range l.Outages {
			if t >= o.StartS && t < o.EndS {
				return 0, false
			}
		}
		if l.Loss > 0 && ls.rng.Float64() < l.Loss {
			return 0, false
		}
		j := math.Max(-3, math.Min(3, ls.rng.NormFloat64())) * l.JitterMs
		d := math.Max(0, l.LatencyMs+j) / 1e3
		if l.BandwidthKbps > 0 {
			d += float64(bytes*8) / (l.BandwidthKbps * 1e3)
		}
		t += d
	}
	return t, true
}

// minLatencyS is the least transit time over a path: every hop at its
// latency less three jitter deviations (where transit cuts the jitter),
// never below zero.
func (n *network) minLatencyS(path []int) float64 {
	s := 0.0
	for _, li := range path {
		l := n.links[li].l
		s += math.Max(0, l.LatencyMs-3*l.JitterMs) / 1e3
	}
	return s
}

// maxLatencyS bounds the transit time of a small message over a path: the
// deconfliction protocol waits this long for competing claims.
func (n *network) maxLatencyS(path []int) float64 {
	s := 0.0
	for _, li := range path {
		l := n.links[li].l
		s += (l.LatencyMs + 3*l.JitterMs) / 1e3
		if l.BandwidthKbps > 0 {
			s += 8 * 1024 / (l.BandwidthKbps * 1e3)
		}
	}
	return s
}
