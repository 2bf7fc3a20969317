package report

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/jrmd/jrmd/ballistic"
	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/intercept"
	"github.com/jrmd/jrmd/internal/par"
)

// BoostName names a threat's powered ascent: its missile class, or none
// for an impulsive launch (m nil).
func BoostName(m *ballistic.Missile) string {
	if m == nil {
		return "none"
	}
	return m.Name
}

// SolveFootprint answers every cell of f for the battery q, on the budget
// b; each cell depends only on its own inputs, so the map is the same
// whatever the scheduling. It sets f's Title. progress, if set, is called
// with 1 as each cell is done, from several goroutines at once. The error
// is one of the cells' that failed.
func SolveFootprint(b par.Budget, q intercept.Footprint, f *Footprint, progress func(cells int)) error {
	f.Title = footprintTitle(q, f)
	pts := make([]geo.LLA, len(f.Points))
	for i, p := range f.Points {
		pts[i] = p.Pos
	}
	var mu sync.Mutex
	var first error
	b.Each(len(f.Cells), func(i int) {
		c := &f.Cells[i]
		var ans intercept.Cell
		var err error
		if f.CellRole == "aim" {
			ans, err = q.AimCell(c.Centre(), pts)
		} else {
			ans, err = q.LaunchCell(c.Centre(), pts)
		}
		c.Defended, c.Total = ans.Defended, ans.Total
		if err != nil {
			mu.Lock()
			if first == nil {
				first = err
			}
			mu.Unlock()
		}
		if progress != nil {
			progress(1)
		}
	})
	return first
}

func footprintTitle(q intercept.Footprint, f *Footprint) string {
	what := "aim points vs launches from " + placeNames(f.Points)
	if f.CellRole == "launch" {
		what = "launch points vs threats to " + placeNames(f.Points)
	}
	flight := "impulsive"
	if q.Missile != nil {
		flight = q.Missile.Name
	}
	it := q.Interceptor
	return fmt.Sprintf("jrmd footprint: %s, %s at %s, launch from %s s; %s; %s threats, %s",
		f.BatteryID, it.Name, KmPerS(it.BurnoutSpeedMps, -1), Grouped(q.LaunchDelayS, 0), what, flight, q.Earth.Name)
}

func placeNames(ps []Place) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// FootprintSummary is what footprint --json prints: the question, the
// count of cells defended against all, some and none of the points, and
// every cell.
type FootprintSummary struct {
	Battery      string              `json:"battery"`
	Site         PointJSON           `json:"site"`
	Interceptor  InterceptorJSON     `json:"interceptor"`
	LaunchDelayS float64             `json:"launch_delay_s"`
	Earth        string              `json:"earth"`
	Rotation     bool                `json:"rotation"`
	Boost        string              `json:"boost"`
	CellRole     string              `json:"cell_role"`
	Points       []namedPointJSON    `json:"points"`
	CellDeg      float64             `json:"cell_deg"`
	CellsTotal   int                 `json:"cells_total"`
	CellsFlown   int                 `json:"cells_flown"`
	CellsAll     int                 `json:"cells_defended_all"`
	CellsSome    int                 `json:"cells_defended_some"`
	CellsNone    int                 `json:"cells_defended_none"`
	GeoJSON      *string             `json:"geojson"`
	PNG          *string             `json:"png"`
	SVG          *string             `json:"svg"`
	Cells        []footprintCellJSON `json:"cells"`
}

type namedPointJSON struct {
	Name   string  `json:"name"`
	LatDeg float64 `json:"lat_deg"`
	LonDeg float64 `json:"lon_deg"`
}

type footprintCellJSON struct {
	LatDeg   float64 `json:"lat_deg"`
	LonDeg   float64 `json:"lon_deg"`
	Defended int     `json:"defended"`
	Total    int     `json:"total"`
}

// NewFootprintSummary sums up the solved footprint f of the battery q,
// on cells of cellDeg; files are the files written.
func NewFootprintSummary(q intercept.Footprint, f *Footprint, cellDeg float64, files MapFiles) FootprintSummary {
	s := FootprintSummary{
		Battery: f.BatteryID, Site: PointJSON{LatDeg: q.Site.LatDeg, LonDeg: q.Site.LonDeg},
		Interceptor: NewInterceptorJSON(q.Interceptor), LaunchDelayS: q.LaunchDelayS,
		Earth: q.Earth.Name, Rotation: q.Earth.Omega != 0, Boost: BoostName(q.Missile),
		CellRole: f.CellRole, CellDeg: cellDeg, CellsTotal: len(f.Cells), Cells: make([]footprintCellJSON, len(f.Cells)),
	}
	s.Interceptor.Source = ""
	for _, p := range f.Points {
		s.Points = append(s.Points, namedPointJSON{p.Name, p.Pos.LatDeg, p.Pos.LonDeg})
	}
	s.GeoJSON, s.PNG, s.SVG = fileJSON(files.GeoJSON), fileJSON(files.PNG), fileJSON(files.SVG)
	for i, c := range f.Cells {
		ctr := c.Centre()
		s.Cells[i] = footprintCellJSON{LatDeg: ctr.LatDeg, LonDeg: ctr.LonDeg, Defended: c.Defended, Total: c.Total}
		if c.Total == 0 {
			continue
		}
		s.CellsFlown++
		switch c.Defended {
		case c.Total:
			s.CellsAll++
		case 0:
			s.CellsNone++
		default:
			s.CellsSome++
		}
	}
	return s
}

// WriteFootprintSummary prints the summary s of the footprint f of the
// battery q as a two-column table.
func WriteFootprintSummary(w io.Writer, q intercept.Footprint, f *Footprint, s FootprintSummary) error {
	cellRole, pointRole, verb := "aim points", "launch points", "defended against"
	if f.CellRole == "launch" {
		cellRole, pointRole, verb = "launch points", "assets", "defending"
	}
	rotation := "rotating"
	if !s.Rotation {
		rotation = "not rotating"
	}
	pts := make([]string, len(f.Points))
	for i, p := range f.Points {
		pts[i] = fmt.Sprintf("%s (%s)", p.Name, LatLon2(p.Pos))
	}
	pct := func(n int) string {
		if s.CellsFlown == 0 {
			return ""
		}
		return fmt.Sprintf(" (%.0f%%)", 100*float64(n)/float64(s.CellsFlown))
	}
	rows := [][2]string{
		{"battery", f.BatteryID + " at " + LatLon(q.Site)},
		{"interceptor", DescribeInterceptor(q.Interceptor)},
		{"launch delay", Grouped(q.LaunchDelayS, 1) + " s after the threat's launch"},
		{"threats", fmt.Sprintf("minimum-energy, boost %s, %s %s", s.Boost, s.Earth, rotation)},
		{pointRole, strings.Join(pts, "; ")},
		{"cells", fmt.Sprintf("%d %s of %g° (%d with a trajectory)", s.CellsTotal, cellRole, s.CellDeg, s.CellsFlown)},
		{verb + " all", fmt.Sprintf("%d cells%s", s.CellsAll, pct(s.CellsAll))},
		{verb + " some", fmt.Sprintf("%d cells%s", s.CellsSome, pct(s.CellsSome))},
		{verb + " none", fmt.Sprintf("%d cells%s", s.CellsNone, pct(s.CellsNone))},
	}
	rows = append(rows, fileRows(s.GeoJSON, s.PNG, s.SVG)...)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, row := range rows {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	return tw.Flush()
}
