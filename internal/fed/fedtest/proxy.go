// Package fedtest has what the federation's tests need to break it on
// purpose: a TCP proxy whose connections can be cut.
package fedtest

import (
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Proxy forwards TCP connections to a target address, both ways, until
// told to cut them.
type Proxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	pairs  []*pair
	refuse bool
}

// pair is a client's connection and the proxy's to the target.
type pair struct {
	client, target net.Conn
	hole           atomic.Bool // traffic is dropped
}

// NewProxy listens on a free loopback port and forwards every connection
// to target.
func NewProxy(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, target: target}
	go p.serve()
	return p, nil
}

// Addr is where clients connect.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Close stops the proxy and closes every connection.
func (p *Proxy) Close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.pairs {
		c.client.Close()
		c.target.Close()
	}
}

func (p *Proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		refuse := p.refuse
		p.mu.Unlock()
		if refuse {
			c.Close()
			continue
		}
		t, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		c2 := &pair{client: c, target: t}
		p.mu.Lock()
		p.pairs = append(p.pairs, c2)
		p.mu.Unlock()
		go c2.pipe(t, c)
		go c2.pipe(c, t)
	}
}

// pipe copies src to dst, dropping what it reads while the pair is cut.
func (c *pair) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !c.hole.Load() {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	dst.Close()
	src.Close()
}

// Cut drops, for hold, everything sent either way on the connections
// whose own end towards the target has one of the ports (all connections
// when none is given), then closes them; new connections are refused
// meanwhile. Clients learn of it only when the connections close, as
// after a network partition. It returns how many connections it cut.
func (p *Proxy) Cut(hold time.Duration, ports ...int) int {
	p.mu.Lock()
	p.refuse = true
	var cut []*pair
	keep := p.pairs[:0]
	for _, c := range p.pairs {
		if len(ports) == 0 || slices.Contains(ports, c.target.LocalAddr().(*net.TCPAddr).Port) {
			c.hole.Store(true)
			cut = append(cut, c)
		} else {
			keep = append(keep, c)
		}
	}
	p.pairs = keep
	p.mu.Unlock()
	time.Sleep(hold)
	for _, c := range cut {
		c.client.Close()
		c.target.Close()
	}
	p.mu.Lock()
	p.refuse = false
	p.mu.Unlock()
	return len(cut)
}
