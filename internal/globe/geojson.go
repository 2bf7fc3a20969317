package globe

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/jrmd/jrmd/geo"
)

type gjCollection struct {
	Type     string      `json:"type"`
	Features []gjFeature `json:"features"`
}

type gjFeature struct {
	Type       string         `json:"type"`
	ID         string         `json:"id"`
	Geometry   gjGeometry     `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type gjGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// WriteGeoJSON writes the scene as an RFC 7946 FeatureCollection:
// positions are [lon, lat, height] (WGS-84, metres above the ellipsoid);
// a track is a LineString whose times are the property t_s (s after the
// epoch, one per position); a point a Point; a line a LineString; a
// polygon a Polygon (its ring closed). Properties: id, name, kind, layer,
// availability (pairs of times) and the entity's own.
func (s *Scene) WriteGeoJSON(w io.Writer) error {
	if err := s.Validate(); err != nil {
		return err
	}
	fc := gjCollection{Type: "FeatureCollection", Features: make([]gjFeature, 0, len(s.Entities))}
	for i := range s.Entities {
		e := &s.Entities[i]
		props := map[string]any{"name": e.Name, "kind": string(e.Kind), "epoch": s.iso(0)}
		if e.Layer != "" {
			props["layer"] = e.Layer
		}
		for k, v := range e.Properties {
			props[k] = v
		}
		if av := e.availability(); len(av) > 0 {
			pairs := make([][2]float64, len(av))
			for j, iv := range av {
				pairs[j] = [2]float64{round(iv.StartS, perS), round(iv.EndS, perS)}
			}
			props["availability_s"] = pairs
		}
		var g gjGeometry
		switch {
		case e.Track != nil:
			pts := make([]geo.ECEF, len(e.Track))
			ts := make([]float64, len(e.Track))
			for j, sm := range e.Track {
				pts[j], ts[j] = sm.Pos, round(sm.TS, perS)
			}
			g = gjGeometry{"LineString", gjCoords(pts)}
			props["t_s"] = ts
		case e.Point != nil:
			g = gjGeometry{"Point", gjCoords([]geo.ECEF{*e.Point})[0]}
		case e.Line != nil:
			g = gjGeometry{"LineString", gjCoords(e.Line)}
		case e.Polygon != nil:
			ring := make([][3]float64, 0, len(e.Polygon)+1)
			for j := 0; j <= len(e.Polygon); j++ {
				q := e.Polygon[j%len(e.Polygon)]
				ring = append(ring, [3]float64{round(lon180(q.LonDeg), perDeg), round(q.LatDeg, perDeg), round(q.AltM, perM)})
			}
			g = gjGeometry{"Polygon", [][][3]float64{ring}}
		}
		fc.Features = append(fc.Features, gjFeature{Type: "Feature", ID: e.ID, Geometry: g, Properties: props})
	}
	b, err := json.Marshal(fc)
	if err != nil {
		return fmt.Errorf("globe: geojson: %w", err)
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

func gjCoords(ps []geo.ECEF) [][3]float64 {
	out := make([][3]float64, len(ps))
	for i, q := range ps {
		p := geo.WGS84.ToLLA(q)
		out[i] = [3]float64{round(lon180(p.LonDeg), perDeg), round(p.LatDeg, perDeg), round(p.AltM, perM)}
	}
	return out
}

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
