package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/internal/fed"
	"github.com/jrmd/jrmd/internal/sim"
)

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
