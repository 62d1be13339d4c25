package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/paulmach/orb"
)

// Area is one named area of a boundary file: an ONS code and name (such
// as a constituency's PCON24CD and PCON24NM) and its outline.
type Area struct {
	Code, Name string

	bound orb.Bound
	shape orb.MultiPolygon
	edges *edgeIndex
}

// Boundaries is a set of areas read from a GeoJSON FeatureCollection in
// WGS84, such as the ONS constituency boundaries, for point-in-polygon
// lookups. A grid of cells lists the areas whose bounding box meets each
// cell, so a lookup among the 650 constituencies tests only the one or
// two whose box holds the point.
type Boundaries struct {
	areas []Area
	cells map[cellKey][]int32
	wide  []int32 // areas too large for the grid, checked for every point
}

// codeKeyRE and nameKeyRE find the ONS code and name properties of a
// boundary file whatever its vintage: PCON24CD/PCON24NM, PFA20CD/PFA20NM …
// (the Welsh-name property, …NMW, is not the name).
var (
	codeKeyRE = regexp.MustCompile(`(?i)^[a-z]*\d*cd$`)
	nameKeyRE = regexp.MustCompile(`(?i)^[a-z]*\d*nm$`)
)

type geoJSONCollection struct {
	Type     string           `json:"type"`
	Features []geoJSONFeature `json:"features"`
}

type geoJSONFeature struct {
	Properties map[string]any `json:"properties"`
	Geometry   *struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

// ParseBoundaries reads a GeoJSON FeatureCollection of Polygon and
// MultiPolygon features. The code and name of each area come from the
// properties ending in CD and NM (ONS style), else from "code" and "name".
// Features of other geometry types are skipped; a file with no usable
// area is an error.
func ParseBoundaries(data []byte) (*Boundaries, error) {
	var fc geoJSONCollection
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, fmt.Errorf("not GeoJSON: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, errors.New(`not a GeoJSON FeatureCollection (no "type": "FeatureCollection")`)
	}
	b := &Boundaries{}
	for i, f := range fc.Features {
		if f.Geometry == nil {
			continue
		}
		var rings [][][][]float64
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				return nil, fmt.Errorf("feature %d: polygon coordinates: %w", i+1, err)
			}
			rings = [][][][]float64{p}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &rings); err != nil {
				return nil, fmt.Errorf("feature %d: multipolygon coordinates: %w", i+1, err)
			}
		default:
			continue
		}
		var shape orb.MultiPolygon
		for _, p := range rings {
			poly, err := toPolygon(p)
			if err != nil {
				return nil, fmt.Errorf("feature %d: %w", i+1, err)
			}
			if len(poly) > 0 {
				shape = append(shape, poly)
			}
		}
		if len(shape) == 0 {
			return nil, fmt.Errorf("feature %d has no ring of three or more points: it is not an area", i+1)
		}
		code, name := areaNames(f.Properties)
		if code == "" {
			return nil, fmt.Errorf("feature %d has no code property (such as PCON24CD)", i+1)
		}
		b.areas = append(b.areas, NewArea(code, name, shape))
	}
	if len(b.areas) == 0 {
		return nil, errors.New("no Polygon or MultiPolygon features")
	}
	b.index()
	return b, nil
}

// toPolygon reads a GeoJSON polygon's rings, leaving out rings of fewer
// than three points (they enclose nothing). A position that is not a
// longitude and latitude is an error: a file in British National Grid
// metres would otherwise be read as a vast area.
func toPolygon(rings [][][]float64) (orb.Polygon, error) {
	p := make(orb.Polygon, 0, len(rings))
	for _, ring := range rings {
		r := make(orb.Ring, 0, len(ring))
		for _, c := range ring {
			if len(c) < 2 {
				continue
			}
			if math.Abs(c[0]) > 180 || math.Abs(c[1]) > 90 {
				return nil, fmt.Errorf("position [%g, %g] is not a longitude and latitude: GeoJSON is WGS84 (EPSG:4326); "+
					"a file in British National Grid metres (EPSG:27700) needs converting, e.g. ogr2ogr -t_srs EPSG:4326", c[0], c[1])
			}
			r = append(r, orb.Point{c[0], c[1]})
		}
		if len(r) >= 3 {
			p = append(p, r)
		}
	}
	return p, nil
}

// areaNames picks the code and name properties, in sorted key order so
// the choice never depends on map iteration.
func areaNames(props map[string]any) (code, name string) {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s, ok := props[k].(string)
		if !ok {
			continue
		}
		s = strings.TrimSpace(s)
		switch {
		case code == "" && codeKeyRE.MatchString(k):
			code = s
		case name == "" && nameKeyRE.MatchString(k):
			name = s
		}
	}
	if code == "" {
		code, _ = props["code"].(string)
	}
	if name == "" {
		name, _ = props["name"].(string)
	}
	return code, name
}

// Len is the number of areas.
func (b *Boundaries) Len() int { return len(b.areas) }

// Find returns the area containing p. Where generalised outlines overlap,
// the first area in the file wins; a point in no area reports false.
func (b *Boundaries) Find(p Point) (Area, bool) {
	// The grid cell and the wide areas each list areas in file order;
	// the first in the file wins.
	best := -1
	for _, list := range [][]int32{b.cells[boundsCell(p.Lat, p.Lon)], b.wide} {
		for _, i := range list {
			if (best < 0 || int(i) < best) && b.areas[i].Contains(p) {
				best = int(i)
				break
			}
		}
	}
	if best < 0 {
		return Area{}, false
	}
	return b.areas[best], true
}

// Area returns the area with the given code.
func (b *Boundaries) Area(code string) (Area, bool) {
	for _, a := range b.areas {
		if a.Code == code {
			return a, true
		}
	}
	return Area{}, false
}
