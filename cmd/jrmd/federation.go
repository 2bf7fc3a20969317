package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/internal/fed"
	"github.com/jrmd/jrmd/internal/link"
	"github.com/jrmd/jrmd/internal/sim"
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

func newFederationCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "federation",
		Short: "Run a scenario as a federation of national nodes over NATS",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return errors.New("federation: name what to do: jrmd federation up FILE, or jrmd federation creds FILE --out DIR")
		},
	}
	cmd.AddCommand(newFederationUpCmd(), newFederationCredsCmd())
	return cmd
}

func newFederationUpCmd() *cobra.Command {
	var rf runFlags
	var url, credsDir string
	var remote, realtime bool
	var speed float64
	var replicas int
	cmd := &cobra.Command{
		Use:   "up FILE",
		Short: "Start every node of a scenario and run it in lockstep",
		Long: `up runs a scenario as a federation: every nation's command node is its own process
(jrmd node), exercise control runs here and paces them in lockstep over NATS, with
every message signed and checked. The result equals jrmd run's for the same seed:
the same summary, the same event log.

By default it starts an embedded NATS server (TLS, one user per nation allowed to
publish only under its own name), makes throwaway credentials, and starts the nodes
on this machine. With --nats URL and --creds-dir DIR (from jrmd federation creds) it
uses an external NATS cluster and starts the nodes here with their creds from DIR;
with --remote-nodes as well it starts no nodes and waits for them to join from other
machines, and needs only DIR/control.json (exercise control's own secrets and every
node's public key): the control host holds no nation's secret.

Time is lockstep: exercise control advances scenario time and every node answers each
step, as fast as they go. --realtime paces the steps to the wall clock (--speed times
real time) for exercises and live viewing; results are the same either way.

A node that stops answering a step for 30 s is dropped from the run (at once when a
node started here exits; its partners notice the silence and degrade, see jrmd run);
started again, it rejoins at the current step with its inventory from the run's event
log, which exercise control keeps in JetStream (with --out, in DIR/jetstream). A lost
node is part of the result: the run completes, summary.json lists it under lost_nodes,
and the command exits 0; it fails only when exercise control itself cannot go on.

Messages lost with a connection or a server (NATS delivers at most once) are asked for
again. The event log's stream has --replicas copies, by default three on a cluster (it
then survives the loss of a server) and one on a single server.`,
		Example: "  jrmd federation up scenarios/joint-regional-2007.yaml --integration step2 --seed 7 --out out/",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := parseLevel(rf.level)
			if err != nil {
				return err
			}
			if !(speed > 0 && speed <= maxSpeedFactor) {
				return fmt.Errorf("--speed %v: want a factor above 0 and at most %g", speed, maxSpeedFactor)
			}
			if replicas < 0 || replicas > 5 {
				return fmt.Errorf("--replicas %d: want 1 to 5 (JetStream's limit)", replicas)
			}
			if (url == "") != (credsDir == "") {
				return errors.New("--nats and --creds-dir go together (an external cluster needs the creds it was configured with)")
			}
			if remote && url == "" {
				return errors.New("--remote-nodes needs --nats and --creds-dir")
			}
			f, err := loadScenario(args[0], cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			nations, exchanges := fed.Members(f)
			members := append(slices.Clone(nations), exchanges...)
			creds := map[string]fed.Creds{}
			if credsDir == "" {
				if creds, err = fed.NewCreds(members, ""); err != nil {
					return &failure{err}
				}
				store := filepath.Join(rf.out, "jetstream")
				if rf.out == "" {
					if store, err = os.MkdirTemp("", "jrmd-jetstream-"); err != nil {
						return &failure{err}
					}
					defer os.RemoveAll(store)
				}
				s, withCA, err := fed.StartServer(creds, store)
				if err != nil {
					return &failure{err}
				}
				defer s.Shutdown()
				creds, url = withCA, fed.URL(s)
				dir, err := os.MkdirTemp("", "jrmd-creds-")
				if err != nil {
					return &failure{err}
				}
				defer os.RemoveAll(dir)
				credsDir = dir
				for n, c := range creds {
					if err := c.Write(filepath.Join(dir, n+".json")); err != nil {
						return &failure{err}
					}
				}
			} else {
				// Exercise control needs its own creds only; the nodes it
				// starts here, theirs.
				need := []string{fed.Control}
				if !remote {
					need = append(need, members...)
				}
				for _, n := range need {
					c, err := fed.LoadCreds(filepath.Join(credsDir, n+".json"))
					if err != nil {
						return fmt.Errorf("--creds-dir: %w", err)
					}
					if c.Nation != n {
						return fmt.Errorf("--creds-dir: %s.json holds %s's creds", n, c.Nation)
					}
					creds[n] = c
				}
			}
			stderr := &lockedWriter{w: cmd.ErrOrStderr()}
			var nodes []*exec.Cmd
			if !remote {
				scenarioAbs, err := filepath.Abs(args[0])
				if err != nil {
					return err
				}
				exe, err := os.Executable()
				if err != nil {
					return &failure{err}
				}
				for _, n := range members {
					role := "nation"
					if slices.Contains(exchanges, n) {
						role = "exchange"
					}
					c := exec.Command(exe, "node", "--nation", n, "--role", role, "--scenario", scenarioAbs, "--nats", url, "--creds", filepath.Join(credsDir, n+".json"))
					c.Stdout = prefixed(stderr, n)
					c.Stderr = prefixed(stderr, n)
					if err := c.Start(); err != nil {
						return &failure{fmt.Errorf("starting the node of %s: %w", n, err)}
					}
					nodes = append(nodes, c)
				}
			}
			// Each node's end is told to exercise control at once: a node
			// that dies is dropped without waiting for its silence.
			exits := make(chan fed.Exit, len(nodes))
			nodeErrs := make([]error, len(nodes))
			var ended sync.WaitGroup
			for i, c := range nodes {
				ended.Go(func() {
					nodeErrs[i] = c.Wait()
					exits <- fed.Exit{Node: members[i], Err: nodeErrs[i]}
				})
			}
			allEnded := make(chan struct{})
			go func() { ended.Wait(); close(allEnded) }()
			kill := func() {
				for _, c := range nodes {
					c.Process.Kill()
				}
				<-allEnded
			}
			bar := newProgress(stderr, "federated run", "%", 100)
			res, err := fed.Conduct(fed.ConductOptions{Scenario: f, Sim: sim.Options{Level: l, Seed: rf.seed, Progress: byFraction(bar)},
				Creds: creds[fed.Control], URL: url, Log: stderr, Realtime: realtime, Speed: speed, Replicas: replicas, Exits: exits})
			bar.done()
			if err != nil {
				kill()
				return &failure{err}
			}
			// The nodes stop with the run; one still running after a grace
			// period (lost, and waiting for a step that will not come) is
			// ended. A node that failed is part of the result (the
			// summary's lost_nodes), not a failure of the run.
			select {
			case <-allEnded:
			case <-time.After(nodeGrace):
				kill()
			}
			for i, err := range nodeErrs {
				if err != nil {
					fmt.Fprintf(stderr, "node %s: %v\n", members[i], err)
				}
			}
			return rf.report(cmd, res)
		},
	}
	rf.add(cmd)
	cmd.Flags().StringVar(&url, "nats", "", "external NATS `URL` (default: an embedded server)")
	cmd.Flags().StringVar(&credsDir, "creds-dir", "", "`DIR` of creds files from jrmd federation creds (with --nats; with --remote-nodes only control.json)")
	cmd.Flags().BoolVar(&remote, "remote-nodes", false, "start no nodes here: they join from other machines")
	cmd.Flags().BoolVar(&realtime, "realtime", false, "pace the run to the wall clock")
	cmd.Flags().Float64Var(&speed, "speed", 1, "with --realtime, scenario seconds per wall-clock second")
	cmd.Flags().IntVar(&replicas, "replicas", 0, "`N` copies of the JetStream event log, 1 to 5 (default: 3 on a cluster, 1 on a single server)")
	return cmd
}

// nodeGrace is how long federation up waits, after the run, for its nodes
// to exit before ending them.
const nodeGrace = 10 * time.Second

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

// lockedWriter serialises writes of several goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// prefixed writes each line a child process prints as "[NAME] line".
func prefixed(w io.Writer, name string) io.Writer {
	return &linePrefixer{w: w, prefix: "[" + name + "] "}
}

type linePrefixer struct {
	w       io.Writer
	prefix  string
	pending []byte
}

func (l *linePrefixer) Write(p []byte) (int, error) {
	l.pending = append(l.pending, p...)
	for {
		i := bytes.IndexByte(l.pending, '\n')
		if i < 0 {
			return len(p), nil
		}
		if _, err := fmt.Fprintf(l.w, "%s%s\n", l.prefix, l.pending[:i]); err != nil {
			return 0, err
		}
		l.pending = l.pending[i+1:]
	}
}
