package fed

import (
	"fmt"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/jrmd/jrmd/internal/link"
)

// StartServer runs an embedded NATS server on loopback with TLS, JetStream
// (file store in storeDir) and one user per node of the creds (exercise
// control, which keeps the event log in JetStream, and every nation), and
// returns it with the creds' TLS CA filled in.
func StartServer(creds map[string]Creds, storeDir string) (*server.Server, map[string]Creds, error) {
	srvTLS, ca, err := link.SelfSignedTLS()
	if err != nil {
		return nil, nil, err
	}
	var users []link.NationUser
	out := map[string]Creds{}
	for n, c := range creds {
		u, err := c.User()
		if err != nil {
			return nil, nil, fmt.Errorf("fed: %s: %w", n, err)
		}
		users = append(users, u)
		c.CAPEM = ca
		out[n] = c
	}
	s, err := link.StartServer(link.ServerOptions{Users: users, TLS: srvTLS, JetStreamDir: storeDir})
	if err != nil {
		return nil, nil, err
	}
	return s, out, nil
}

// URL is where clients reach an embedded server.
func URL(s *server.Server) string { return "tls://" + s.Addr().String() }
