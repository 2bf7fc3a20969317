package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/internal/fed"
	"github.com/jrmd/jrmd/internal/link"
)

func newFederationCredsCmd() *cobra.Command {
	var out, caPath string
	cmd := &cobra.Command{
		Use:   "creds FILE --out DIR",
		Short: "Make the credentials of a federation for an external NATS cluster",
		Long: `creds writes, for the scenario's nations, data-exchange centers and exercise control,
one creds file each and nats-users.conf, the authorization block to include in every
server of the NATS cluster.

A creds file (NAME.json, mode 0600) holds that node's own secrets — its NATS user's
nkey seed and its Ed25519 signing key — and public data: every node's public signing
key and the cluster's CA (--tls-ca, required: nodes accept a server only with a
certificate from it). Copy each file to its node's host only; exercise control's host
needs only control.json. nats-users.conf holds only public nkeys: one user per node,
publishing only under its own name and receiving only what is addressed to it and
the replies to its own requests (exercise control alone may use JetStream).`,
		Example: "  jrmd federation creds scenarios/joint-regional-2007.yaml --out creds/ --tls-ca ca.pem",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return errors.New("--out is required")
			}
			f, err := loadScenario(args[0], cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if caPath == "" {
				return errors.New("--tls-ca is required: the PEM file of the CA that signed the NATS servers' certificates (nodes connect only to a server with a certificate from it; for publicly trusted certificates, the system's bundle, e.g. /etc/ssl/certs/ca-certificates.crt)")
			}
			data, err := os.ReadFile(caPath)
			if err != nil {
				return fmt.Errorf("--tls-ca: %w", err)
			}
			if _, err := link.ClientTLS(string(data)); err != nil {
				return fmt.Errorf("--tls-ca %s: %w", caPath, err)
			}
			ca := string(data)
			nations, exchanges := fed.Members(f)
			creds, err := fed.NewCreds(append(nations, exchanges...), ca)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(out, 0o700); err != nil {
				return &failure{err}
			}
			var users []link.NationUser
			var names []string
			for n := range creds {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				if err := creds[n].Write(filepath.Join(out, n+".json")); err != nil {
					return &failure{err}
				}
				u, err := creds[n].User()
				if err != nil {
					return &failure{err}
				}
				users = append(users, u)
			}
			if err := os.WriteFile(filepath.Join(out, "nats-users.conf"), []byte(link.ServerConfig(users)), 0o600); err != nil {
				return &failure{err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %d creds files and nats-users.conf to %s\n", len(names), out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the creds files and nats-users.conf to this `DIR`")
	cmd.Flags().StringVar(&caPath, "tls-ca", "", "PEM `FILE` of the NATS cluster's certificate authority (required)")
	return cmd
}
