package main

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/internal/fed"
)

func newNodeCmd() *cobra.Command {
	var nation, scenarioPath, url, credsPath, role string
	cmd := &cobra.Command{
		Use:   "node --nation NAME --scenario FILE --nats URL --creds FILE [--role nation|exchange]",
		Short: "Run one nation's command node (or a data-exchange center) of a federation",
		Long: `node runs one nation's command node — its sensors, trackers, fused picture, battle
management and batteries — as a member of a federation over NATS. It signs everything
it sends with the key in its creds file and accepts only messages signed by the nodes
listed there. Exercise control (jrmd federation up) sets the seed and integration level
and paces the run; the node exits when the run ends.

With --role exchange, NAME is a data-exchange center of the scenario: it relays the
messages routed through it between the nations it serves — only those releasable to
their addressee, bytes unchanged, so the addressee still checks the sender's signature.

The creds file (jrmd federation creds) holds the node's NATS nkey seed and signing key,
every node's public key and the cluster's CA: keep it secret.`,
		Example: "  jrmd node --nation PL --scenario joint-regional-2007.yaml --nats tls://nats-1:4222 --creds PL.json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, f := range []struct{ name, v string }{{"nation", nation}, {"scenario", scenarioPath}, {"nats", url}, {"creds", credsPath}} {
				if f.v == "" {
					return fmt.Errorf("--%s is required", f.name)
				}
			}
			if role != "nation" && role != "exchange" {
				return fmt.Errorf("--role %q: want nation or exchange", role)
			}
			f, err := loadScenario(scenarioPath, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			creds, err := fed.LoadCreds(credsPath)
			if err != nil {
				return fmt.Errorf("--creds: %w", err)
			}
			if creds.Nation != nation {
				return fmt.Errorf("--creds %s: the creds are %s's, not %s's", credsPath, creds.Nation, nation)
			}
			nations, exchanges := fed.Members(f)
			if role == "exchange" {
				if !slices.Contains(exchanges, nation) {
					return fmt.Errorf("--nation %q: not a data-exchange center of %s (%v)", nation, scenarioPath, exchanges)
				}
				if err := fed.RunExchange(fed.ExchangeOptions{Scenario: f, Creds: creds, URL: url, Log: cmd.ErrOrStderr()}); err != nil {
					return &failure{err}
				}
				return nil
			}
			if !slices.Contains(nations, nation) {
				return fmt.Errorf("--nation %q: not a nation of %s (%v)", nation, scenarioPath, nations)
			}
			if err := fed.RunNode(fed.NodeOptions{Scenario: f, Creds: creds, URL: url, Log: cmd.ErrOrStderr()}); err != nil {
				return &failure{err}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&nation, "nation", "", "the `NATION` this node commands")
	cmd.Flags().StringVar(&scenarioPath, "scenario", "", "scenario `FILE` (the same as exercise control's)")
	cmd.Flags().StringVar(&url, "nats", "", "NATS server `URL`, e.g. tls://127.0.0.1:4222")
	cmd.Flags().StringVar(&credsPath, "creds", "", "the node's creds `FILE` (jrmd federation creds)")
	cmd.Flags().StringVar(&role, "role", "nation", "node role: nation, or exchange for a data-exchange center")
	return cmd
}
