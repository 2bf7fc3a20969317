package main

import (
	"fmt"
	"io"
	"sync"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/jrmd/jrmd/internal/ballistic"
	"github.com/jrmd/jrmd/internal/geo"
)

// site is a named place, WGS-84 degrees.
type site struct {
	Name string
	geo.LLA
}

// threat is one reference threat: a missile class flown from a launch area
// to a defended asset.
type threat struct {
	Name     string
	Class    string // a ballistic missile class
	From, To site
	Note     string // where the geometry comes from
}

// Launch areas and aim points of the reference architecture
// (joint-regional-2007, "Threats" and "Defended assets"); coordinates are
// rounded public city coordinates, as the reference gives them.
var (
	tabriz     = site{"Tabriz", geo.LLA{LatDeg: 38.08, LonDeg: 46.29}}
	semnan     = site{"Semnan", geo.LLA{LatDeg: 35.23, LonDeg: 53.92}}
	shahroud   = site{"Shahroud", geo.LLA{LatDeg: 36.20, LonDeg: 55.34}}
	kozelsk    = site{"Kozelsk", geo.LLA{LatDeg: 53.97, LonDeg: 35.80}}
	bucharest  = site{"Bucharest", geo.LLA{LatDeg: 44.43, LonDeg: 26.10}}
	berlin     = site{"Berlin", geo.LLA{LatDeg: 52.52, LonDeg: 13.40}}
	warsaw     = site{"Warsaw", geo.LLA{LatDeg: 52.23, LonDeg: 21.01}}
	washington = site{"Washington", geo.LLA{LatDeg: 38.90, LonDeg: -77.04}}
	newYork    = site{"New York", geo.LLA{LatDeg: 40.71, LonDeg: -74.01}}
)

// referenceThreats are the threats the demo flies. Ranges in the notes are
// great-circle distances on a 6,371 km sphere, rounded; the table prints the
// WGS-84 geodesic.
var referenceThreats = []threat{
	{
		Name: "Tabriz MRBM", Class: "mrbm", From: tabriz, To: bucharest,
		Note: "MRBM launch area of the reference (MRBM ~1,300-2,000 km). No defended asset of the reference " +
			"is that close to Tabriz (the nearest, Warsaw, is ~2,510 km), so the aim point is Bucharest (~1,820 km), " +
			"a European capital outside the reference's asset list.",
	},
	{
		Name: "Semnan IRBM", Class: "irbm", From: semnan, To: berlin,
		Note: "IRBM launch area and defended asset of the reference; ~3,700 km, inside the IRBM class's ~3,000-5,000 km.",
	},
	{
		Name: "Shahroud IRBM", Class: "irbm", From: shahroud, To: warsaw,
		Note: "IRBM launch area and defended asset of the reference; ~3,220 km.",
	},
	{
		Name: "Shahroud ICBM", Class: "icbm", From: shahroud, To: washington,
		Note: "ICBM class (~10,000 km) from an Iranian launch area, a capability the 2007 threat assessment " +
			"expected within years; ~10,340 km.",
	},
	{
		Name: "Semnan ICBM", Class: "icbm", From: semnan, To: newYork,
		Note: "ICBM class from an Iranian launch area to a US defended asset, as from Shahroud; ~10,040 km.",
	},
	{
		Name: "Kozelsk ICBM", Class: "icbm", From: kozelsk, To: washington,
		Note: "An ICBM field west of the Urals, for the 2007 debate on whether interceptors in Poland " +
			"could reach missiles flying from Russia to the United States; ~7,860 km.",
	},
}

func newDemoCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Fly the reference threats of the 2007 joint regional architecture",
		Long: `demo flies the illustrative threats of the reference architecture (a 2007 proposal
for a joint regional missile defense): minimum-energy trajectories over a rotating
WGS-84 Earth, each with the powered ascent of its missile class, and prints one row
per threat. The figures are illustrative, from public sources; see each row's note.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			trs, err := solveThreats(referenceThreats)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), newDemoJSON(referenceThreats, trs))
			}
			return writeDemo(cmd.OutOrStdout(), referenceThreats, trs)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array instead of the table")
	return cmd
}

// solveThreats solves every threat concurrently and returns the trajectories
// in the order of ts. A threat that does not solve is jrmd's failure: the
// reference cases are fixed and must all fly.
func solveThreats(ts []threat) ([]ballistic.Trajectory, error) {
	trs := make([]ballistic.Trajectory, len(ts))
	errs := make([]error, len(ts))
	var wg sync.WaitGroup
	for i, th := range ts {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					errs[i] = fmt.Errorf("internal error: %v", r)
				}
			}()
			trs[i], errs[i] = solveThreat(th)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, &failure{fmt.Errorf("demo: %s (%s → %s): %w", ts[i].Name, ts[i].From.Name, ts[i].To.Name, err)}
		}
	}
	return trs, nil
}

func solveThreat(th threat) (ballistic.Trajectory, error) {
	m, err := ballistic.LookupMissile(th.Class)
	if err != nil {
		return ballistic.Trajectory{}, err
	}
	return ballistic.Solve(ballistic.Request{
		From:    th.From.LLA,
		To:      th.To.LLA,
		Kind:    ballistic.MinimumEnergy,
		Earth:   geo.WGS84,
		Missile: &m,
	})
}

func writeDemo(w io.Writer, ts []threat, trs []ballistic.Trajectory) error {
	fmt.Fprint(w, "Reference threats of the 2007 joint regional architecture: minimum-energy trajectories,\n"+
		"rotating WGS-84 Earth, powered ascent of each missile class. Illustrative figures.\n\n")
	// Text columns are padded here so that they read left-aligned while the
	// tabwriter right-aligns the numbers.
	names, classes, routes := []string{"threat"}, []string{"class"}, []string{"from → to"}
	for _, th := range ts {
		names = append(names, th.Name)
		classes = append(classes, th.Class)
		routes = append(routes, th.From.Name+" → "+th.To.Name)
	}
	padRight(names)
	padRight(classes)
	padRight(routes)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\t%s\trange km\tburnout km/s\tflight-path °\tflight min:s\tapogee km\timpact error m\t\n",
		names[0], classes[0], routes[0])
	for i, tr := range trs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.2f\t%.1f\t%s\t%s\t%s\t\n",
			names[i+1], classes[i+1], routes[i+1],
			grouped(tr.RangeM/1000, 0), tr.BurnoutSpeedMps/1000, tr.FlightPathAngleDeg,
			minSec(tr.FlightTimeS), grouped(tr.ApogeeAltM/1000, 0), grouped(tr.ImpactErrorM, 1))
	}
	if err := tw.Flush(); err != nil {
		return writeErr(err)
	}
	fmt.Fprintln(w, "\nNotes")
	for _, th := range ts {
		fmt.Fprintf(w, "  %s: %s\n", th.Name, th.Note)
	}
	_, err := fmt.Fprintln(w, "\nOne threat in detail: jrmd trajectory --from LAT,LON --to LAT,LON --boost CLASS")
	return writeErr(err)
}

// demoJSON is one element of what demo --json prints.
type demoJSON struct {
	Threat string    `json:"threat"`
	Class  string    `json:"class"`
	From   placeJSON `json:"from"`
	To     placeJSON `json:"to"`
	Note   string    `json:"note"`
	resultJSON
}

type placeJSON struct {
	Name   string  `json:"name"`
	LatDeg float64 `json:"lat_deg"`
	LonDeg float64 `json:"lon_deg"`
}

func newDemoJSON(ts []threat, trs []ballistic.Trajectory) []demoJSON {
	out := make([]demoJSON, len(ts))
	for i, th := range ts {
		out[i] = demoJSON{
			Threat:     th.Name,
			Class:      th.Class,
			From:       placeJSON{th.From.Name, th.From.LatDeg, th.From.LonDeg},
			To:         placeJSON{th.To.Name, th.To.LatDeg, th.To.LonDeg},
			Note:       th.Note,
			resultJSON: newResultJSON(trs[i]),
		}
	}
	return out
}
