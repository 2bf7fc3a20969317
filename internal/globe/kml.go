package globe

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/jrmd/jrmd/geo"
)

// KML 2.2 (OGC 07-147r2) with Google's gx extensions
// (developers.google.com/kml/documentation/kmlreference). Elements are
// in the schema's order: a Feature's name, description, TimeSpan,
// styleUrl, Style, ExtendedData, then its geometry or children.
const (
	kmlNS = "http://www.opengis.net/kml/2.2"
	gxNS  = "http://www.google.com/kml/ext/2.2"
)

type kmlRoot struct {
	XMLName  xml.Name    `xml:"kml"`
	NS       string      `xml:"xmlns,attr"`
	GX       string      `xml:"xmlns:gx,attr"`
	Document kmlDocument `xml:"Document"`
}

type kmlDocument struct {
	Name       string         `xml:"name"`
	Open       int            `xml:"open"`
	TimeSpan   *kmlTimeSpan   `xml:"TimeSpan"`
	Styles     []kmlStyle     `xml:"Style"`
	Placemarks []kmlPlacemark `xml:"Placemark"`
	Folders    []kmlFolder    `xml:"Folder"`
}

type kmlFolder struct {
	ID         string         `xml:"id,attr"`
	Name       string         `xml:"name"`
	Placemarks []kmlPlacemark `xml:"Placemark"`
}

type kmlTimeSpan struct {
	Begin string `xml:"begin"`
	End   string `xml:"end"`
}

type kmlStyle struct {
	ID         string         `xml:"id,attr,omitempty"`
	IconStyle  *kmlIconStyle  `xml:"IconStyle"`
	LabelStyle *kmlLabelStyle `xml:"LabelStyle"`
	LineStyle  *kmlLineStyle  `xml:"LineStyle"`
	PolyStyle  *kmlPolyStyle  `xml:"PolyStyle"`
}

type kmlIconStyle struct {
	Color string  `xml:"color"`
	Scale float64 `xml:"scale"`
	Icon  struct {
		Href string `xml:"href"`
	} `xml:"Icon"`
}

type kmlLabelStyle struct {
	Color string  `xml:"color"`
	Scale float64 `xml:"scale"`
}

type kmlLineStyle struct {
	Color string  `xml:"color"`
	Width float64 `xml:"width"`
}

type kmlPolyStyle struct {
	Color string `xml:"color"`
}

type kmlPlacemark struct {
	ID           string           `xml:"id,attr"`
	Name         string           `xml:"name"`
	Description  string           `xml:"description,omitempty"`
	TimeSpan     *kmlTimeSpan     `xml:"TimeSpan"`
	StyleURL     string           `xml:"styleUrl"`
	Style        *kmlStyle        `xml:"Style"`
	ExtendedData *kmlExtendedData `xml:"ExtendedData"`
	Point        *kmlPoint        `xml:"Point"`
	LineString   *kmlLineString   `xml:"LineString"`
	Polygon      *kmlPolygon      `xml:"Polygon"`
	Track        *kmlTrack        `xml:"gx:Track"`
}

type kmlExtendedData struct {
	Data []kmlData `xml:"Data"`
}

type kmlData struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value"`
}

type kmlPoint struct {
	AltitudeMode string `xml:"altitudeMode"`
	Coordinates  string `xml:"coordinates"`
}

type kmlLineString struct {
	Tessellate   int    `xml:"tessellate"`
	AltitudeMode string `xml:"altitudeMode"`
	Coordinates  string `xml:"coordinates"`
}

type kmlPolygon struct {
	Tessellate   int    `xml:"tessellate"`
	AltitudeMode string `xml:"altitudeMode"`
	Outer        struct {
		Ring struct {
			Coordinates string `xml:"coordinates"`
		} `xml:"LinearRing"`
	} `xml:"outerBoundaryIs"`
}

// kmlTrack is a gx:Track: every when, then every gx:coord ("lon lat alt",
// space-separated), as many of each.
type kmlTrack struct {
	AltitudeMode string   `xml:"altitudeMode"`
	When         []string `xml:"when"`
	Coord        []string `xml:"gx:coord"`
}

// kmlColor is a KML colour: aabbggrr in hex.
func kmlColor(c RGBA) string {
	return fmt.Sprintf("%02x%02x%02x%02x", c[3], c[2], c[1], c[0])
}

// WriteKML writes the scene as a KML 2.2 document for Google Earth: a
// Style per kind, the entities without a layer, then a Folder per layer.
// Tracks are gx:Track with absolute altitudes, one Placemark per
// availability interval; points, lines and polygons carry a TimeSpan when
// they do not always exist (one Placemark per interval). Coordinates are lon,lat,alt: WGS-84 geodetic, metres above
// the ellipsoid. KML has no ellipsoids: a track's covariance is left out.
func (s *Scene) WriteKML(w io.Writer) error {
	if err := s.Validate(); err != nil {
		return err
	}
	root := kmlRoot{NS: kmlNS, GX: gxNS, Document: kmlDocument{Name: s.Name, Open: 1,
		TimeSpan: &kmlTimeSpan{Begin: s.iso(s.StartS), End: s.iso(s.StopS)}}}
	for _, k := range kinds {
		root.Document.Styles = append(root.Document.Styles, kmlStyleOf(string(k), styles[k]))
	}
	folders := map[string]*kmlFolder{}
	for _, l := range s.Layers {
		root.Document.Folders = append(root.Document.Folders, kmlFolder{ID: l.ID, Name: l.Name})
	}
	for i := range root.Document.Folders {
		folders[root.Document.Folders[i].ID] = &root.Document.Folders[i]
	}
	for i := range s.Entities {
		e := &s.Entities[i]
		pms := s.kmlPlacemarks(e)
		if f := folders[e.Layer]; f != nil {
			f.Placemarks = append(f.Placemarks, pms...)
		} else {
			root.Document.Placemarks = append(root.Document.Placemarks, pms...)
		}
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", " ")
	if err := enc.Encode(root); err != nil {
		return fmt.Errorf("globe: kml: %w", err)
	}
	bw.WriteString("\n")
	return bw.Flush()
}

func kmlStyleOf(id string, st style) kmlStyle {
	ks := kmlStyle{ID: id}
	if st.pixels > 0 {
		ks.IconStyle = &kmlIconStyle{Color: kmlColor(st.color), Scale: st.pixels / 10}
		// Google Earth's own dot, tinted by the colour.
		ks.IconStyle.Icon.Href = "http://maps.google.com/mapfiles/kml/shapes/shaded_dot.png"
		scale := 0.0
		if st.label {
			scale = 0.8
		}
		ks.LabelStyle = &kmlLabelStyle{Color: kmlColor(st.color), Scale: scale}
	}
	line := st.color
	line[3] = 255
	ks.LineStyle = &kmlLineStyle{Color: kmlColor(line), Width: st.width}
	ks.PolyStyle = &kmlPolyStyle{Color: kmlColor(st.color)}
	return ks
}

func (s *Scene) kmlPlacemarks(e *Entity) []kmlPlacemark {
	pm := kmlPlacemark{ID: e.ID, Name: e.Name, Description: e.Description, StyleURL: "#" + string(e.Kind)}
	if e.Color != nil {
		st := e.style()
		ks := kmlStyleOf("", st)
		pm.Style = &ks
	}
	data := []kmlData{{Name: "kind", Value: string(e.Kind)}}
	for _, k := range sortedKeys(e.Properties) {
		if k != "kind" {
			data = append(data, kmlData{Name: k, Value: e.Properties[k]})
		}
	}
	pm.ExtendedData = &kmlExtendedData{Data: data}
	switch {
	case e.Track != nil:
		// A gx:Track carries its own times; one per availability
		// interval, so that Google Earth draws no line across a gap.
		var out []kmlPlacemark
		for i, iv := range e.availability() {
			tr := &kmlTrack{AltitudeMode: "absolute"}
			for _, sm := range e.Track {
				if sm.TS < iv.StartS || sm.TS > iv.EndS {
					continue
				}
				p := geo.WGS84.ToLLA(sm.Pos)
				tr.When = append(tr.When, s.iso(sm.TS))
				tr.Coord = append(tr.Coord, fmtLon(p.LonDeg)+" "+fmtDeg(p.LatDeg)+" "+fmtM(p.AltM))
			}
			if len(tr.When) == 0 {
				continue
			}
			x := pm
			x.Track = tr
			if i > 0 {
				x.ID = e.ID + "-" + strconv.Itoa(i+1)
			}
			out = append(out, x)
		}
		return out
	case e.Point != nil:
		pm.Point = &kmlPoint{AltitudeMode: "absolute", Coordinates: kmlCoords([]geo.ECEF{*e.Point})}
	case e.Line != nil:
		ls := &kmlLineString{AltitudeMode: "absolute", Coordinates: kmlCoords(e.Line)}
		if e.Surface {
			ls.Tessellate, ls.AltitudeMode = 1, "clampToGround"
		}
		pm.LineString = ls
	case e.Polygon != nil:
		pg := &kmlPolygon{AltitudeMode: "absolute"}
		var b strings.Builder
		heights := false
		for i := 0; i <= len(e.Polygon); i++ {
			q := e.Polygon[i%len(e.Polygon)] // closed: the first point again
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(fmtLon(q.LonDeg) + "," + fmtDeg(q.LatDeg) + "," + fmtM(q.AltM))
			heights = heights || q.AltM != 0
		}
		if !heights {
			pg.Tessellate, pg.AltitudeMode = 1, "clampToGround"
		}
		pg.Outer.Ring.Coordinates = b.String()
		pm.Polygon = pg
	}
	av := e.availability()
	if len(av) == 0 {
		return []kmlPlacemark{pm}
	}
	out := make([]kmlPlacemark, len(av))
	for i, iv := range av {
		out[i] = pm
		out[i].TimeSpan = &kmlTimeSpan{Begin: s.iso(iv.StartS), End: s.iso(iv.EndS)}
		if i > 0 {
			out[i].ID = e.ID + "-" + strconv.Itoa(i+1)
		}
	}
	return out
}

// kmlCoords formats ECEF points as KML coordinates: lon,lat,alt tuples,
// WGS-84, separated by spaces.
func kmlCoords(ps []geo.ECEF) string {
	parts := make([]string, len(ps))
	for i, q := range ps {
		p := geo.WGS84.ToLLA(q)
		parts[i] = fmtLon(p.LonDeg) + "," + fmtDeg(p.LatDeg) + "," + fmtM(p.AltM)
	}
	return strings.Join(parts, " ")
}

func fmtDeg(v float64) string { return strconv.FormatFloat(round(v, perDeg), 'f', -1, 64) }
func fmtLon(v float64) string { return fmtDeg(lon180(v)) }

// fmtM formats a height to 1 cm; a launch point's −1e-9 m prints as 0.
func fmtM(v float64) string {
	v = round(v, perM)
	if v == 0 || math.Abs(v) < 0.005 {
		v = 0
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
