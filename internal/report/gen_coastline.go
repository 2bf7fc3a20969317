//go:build ignore

// gen_coastline converts the Natural Earth 1:110m land boundaries, as
// TopoJSON in the npm package world-atlas, into coastline.txt, the compact
// polyline file this package embeds. It is run by hand, once per data
// update (see COASTLINE.md):
//
//	npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
//	go run gen_coastline.go package/land-110m.json > coastline.txt
//
// TopoJSON (https://github.com/topojson/topojson-specification) stores each
// arc once, quantized: positions are integers, each after the first a delta
// from the previous, and lon = x·scale[0] + translate[0], likewise lat.
// Every arc of the land object is coastline, except the edges Natural
// Earth adds where polygons are cut at the antimeridian and where
// Antarctica is closed along its southern edge; those segments are dropped.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
)

type topology struct {
	Type      string      `json:"type"`
	Arcs      [][][2]int  `json:"arcs"`
	Transform *transform  `json:"transform"`
	Objects   interface{} `json:"objects"`
}

type transform struct {
	Scale     [2]float64 `json:"scale"`
	Translate [2]float64 `json:"translate"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run gen_coastline.go land-110m.json > coastline.txt")
		os.Exit(2)
	}
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err)
	}
	var t topology
	if err := json.Unmarshal(b, &t); err != nil {
		fail(err)
	}
	if t.Type != "Topology" || t.Transform == nil {
		fail(fmt.Errorf("%s: not a quantized TopoJSON topology", os.Args[1]))
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintln(w, "# JRMD coastline: Natural Earth 1:110m land boundaries, version 4.1.0 (public domain),")
	fmt.Fprintln(w, "# from land-110m.json of the npm package world-atlas 2.0.2; see COASTLINE.md.")
	fmt.Fprintln(w, "# One polyline per line: LON,LAT pairs in decimal degrees, separated by spaces.")
	lines, points := 0, 0
	for _, arc := range t.Arcs {
		var line [][2]float64
		flush := func() {
			if len(line) >= 2 {
				for i, p := range line {
					if i > 0 {
						w.WriteByte(' ')
					}
					w.WriteString(num(p[0]) + "," + num(p[1]))
				}
				w.WriteByte('\n')
				lines++
				points += len(line)
			}
			line = line[:0]
		}
		x, y := 0, 0
		for _, d := range arc {
			x, y = x+d[0], y+d[1]
			p := [2]float64{
				round2(float64(x)*t.Transform.Scale[0] + t.Transform.Translate[0]),
				round2(float64(y)*t.Transform.Scale[1] + t.Transform.Translate[1]),
			}
			if n := len(line); n > 0 {
				q := line[n-1]
				if q == p {
					continue
				}
				if artificial(q, p) {
					flush()
				}
			}
			line = append(line, p)
		}
		flush()
	}
	fmt.Fprintf(os.Stderr, "%d polylines, %d points\n", lines, points)
}

// artificial reports a segment that is a cut, not a coast: along the
// antimeridian, or along the southern closing edge of Antarctica.
func artificial(a, b [2]float64) bool {
	if math.Abs(a[0]) >= 179.99 && math.Abs(b[0]) >= 179.99 {
		return true
	}
	return a[1] <= -84.99 && b[1] <= -84.99
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen_coastline:", err)
	os.Exit(1)
}
