package report

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/par"
	"github.com/jrmd/jrmd/sensor"
)

// What jrmd access --map computes and prints: a sensor's coverage map.

// FlyCoverage solves, flies and times every cell's trajectory, on the budget b;
// each cell's result depends only on its own inputs, so the map is the
// same whatever the scheduling.
func FlyCoverage(b par.Budget, req ballistic.Request, r *sensor.Radar, fixedRole string, cells []Cell) {
	b.Each(len(cells), func(i int) {
		c := &cells[i]
		q := req
		q.StepS = 0 // no samples needed
		if fixedRole == "launch" {
			q.To = c.Centre()
		} else {
			q.From = c.Centre()
		}
		tr, err := ballistic.Solve(q)
		if err != nil {
			return // Solved stays false: no such trajectory
		}
		ivs := sensor.Access(q.Earth, r, &tr, sensor.AccessOptions{})
		c.Solved, c.FlightS = true, tr.FlightTimeS
		if len(ivs) > 0 {
			c.Seen, c.SeenS, c.FirstS = true, sensor.TotalS(ivs), ivs[0].StartS
		}
	})
}

// CoverageTitle is the line drawn on a coverage map of r: what flies, from
// or to the fixed point.
func CoverageTitle(r *sensor.Radar, req ballistic.Request, fixedRole string, fixed geo.LLA, cellDeg float64) string {
	cells := "aim points"
	if fixedRole == "aim" {
		cells = "launch points"
	}
	flight := "impulsive"
	if req.Missile != nil {
		flight = req.Missile.Name
	}
	return fmt.Sprintf("jrmd access: %s at %s; %s %s trajectories, %s at %s; %s in %g° cells",
		r.ID, LatLon2(r.Site), flight, req.Kind, fixedRole, LatLon2(fixed), cells, cellDeg)
}

// CoverageSummary is what access --map --json prints.
type CoverageSummary struct {
	Sensor      SensorJSON `json:"sensor"`
	Fixed       fixedJSON  `json:"fixed"`
	Kind        string     `json:"kind"`
	Earth       string     `json:"earth"`
	Rotation    bool       `json:"rotation"`
	Boost       string     `json:"boost"`
	CellDeg     float64    `json:"cell_deg"`
	CellsTotal  int        `json:"cells_total"`
	CellsSolved int        `json:"cells_solved"`
	CellsSeen   int        `json:"cells_seen"`
	MaxSeenS    float64    `json:"max_seen_s"`
	GeoJSON     *string    `json:"geojson"`
	PNG         *string    `json:"png"`
	SVG         *string    `json:"svg"`
	Cells       []cellJSON `json:"cells"`
}

type fixedJSON struct {
	Role   string  `json:"role"`
	LatDeg float64 `json:"lat_deg"`
	LonDeg float64 `json:"lon_deg"`
}

type cellJSON struct {
	LatDeg  float64  `json:"lat_deg"`
	LonDeg  float64  `json:"lon_deg"`
	Solved  bool     `json:"solved"`
	Seen    bool     `json:"seen"`
	SeenS   float64  `json:"seen_s"`
	FirstS  *float64 `json:"first_s"`
	FlightS *float64 `json:"flight_s"`
}

// NewCoverageSummary sums up the flown coverage map cov of r, on cells of
// cellDeg; files are the files written.
func NewCoverageSummary(req ballistic.Request, r *sensor.Radar, cov *Coverage, cellDeg float64, files MapFiles) CoverageSummary {
	res := CoverageSummary{
		Sensor:   NewSensorJSON(r),
		Fixed:    fixedJSON{cov.FixedRole, cov.Fixed.LatDeg, cov.Fixed.LonDeg},
		Kind:     string(req.Kind),
		Earth:    req.Earth.Name,
		Rotation: req.Earth.Omega != 0,
		Boost:    BoostName(req.Missile),
		CellDeg:  cellDeg,
		Cells:    make([]cellJSON, len(cov.Cells)),
		GeoJSON:  fileJSON(files.GeoJSON),
		PNG:      fileJSON(files.PNG),
		SVG:      fileJSON(files.SVG),
	}
	for i, c := range cov.Cells {
		ctr := c.Centre()
		cj := cellJSON{LatDeg: ctr.LatDeg, LonDeg: ctr.LonDeg, Solved: c.Solved, Seen: c.Seen, SeenS: c.SeenS}
		res.CellsTotal++
		if c.Solved {
			res.CellsSolved++
			cj.FlightS = &cov.Cells[i].FlightS
		}
		if c.Seen {
			res.CellsSeen++
			cj.FirstS = &cov.Cells[i].FirstS
			res.MaxSeenS = math.Max(res.MaxSeenS, c.SeenS)
		}
		res.Cells[i] = cj
	}
	return res
}

// WriteCoverageSummary prints the summary of a coverage map.
func WriteCoverageSummary(w io.Writer, r *sensor.Radar, cov *Coverage, res CoverageSummary) error {
	best := -1
	for i, c := range cov.Cells {
		if c.Seen && (best < 0 || c.SeenS > cov.Cells[best].SeenS) {
			best = i
		}
	}
	longest := "none"
	if best >= 0 {
		longest = fmt.Sprintf("%s s, cell centred at %s", Grouped(cov.Cells[best].SeenS, 1), LatLon(cov.Cells[best].Centre()))
	}
	cellRole := "aim points"
	if cov.FixedRole == "aim" {
		cellRole = "launch points"
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	rows := [][2]string{
		{"sensor", DescribeSensor(r)},
		{cov.FixedRole, LatLon(cov.Fixed)},
		{"trajectories", fmt.Sprintf("%s, boost %s, %s", res.Kind, res.Boost, res.Earth)},
		{"cells", fmt.Sprintf("%d %s of %g° (%d with a trajectory, %d seen)", res.CellsTotal, cellRole, res.CellDeg, res.CellsSolved, res.CellsSeen)},
		{"longest in view", longest},
	}
	rows = append(rows, fileRows(res.GeoJSON, res.PNG, res.SVG)...)
	for _, row := range rows {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	return tw.Flush()
}
