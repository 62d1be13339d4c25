package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
)

// NewArea makes an area from an outline in WGS84 (longitude, latitude).
func NewArea(code, name string, shape orb.MultiPolygon) Area {
	return Area{Code: code, Name: name, bound: shape.Bound(), shape: shape, edges: newEdgeIndex(shape)}
}

// ParseArea reads one area from GeoJSON: a Polygon or MultiPolygon
// geometry, a Feature holding one, or a FeatureCollection. In a collection
// of several areas, such as the ONS file of every police force area, the
// feature whose code property (PFA20CD …) equals code is taken; a
// collection of one is taken whatever its code.
func ParseArea(data []byte, code string) (Area, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return Area{}, fmt.Errorf("not GeoJSON: %w", err)
	}
	switch head.Type {
	case "Polygon", "MultiPolygon":
		props, _ := json.Marshal(map[string]string{"code": code})
		data = []byte(`{"type":"Feature","properties":` + string(props) + `,"geometry":` + string(data) + `}`)
		fallthrough
	case "Feature":
		// A lone feature need not carry a code: it is the force's area.
		var f struct {
			Type       string          `json:"type"`
			Properties map[string]any  `json:"properties"`
			Geometry   json.RawMessage `json:"geometry"`
		}
		if err := json.Unmarshal(data, &f); err != nil {
			return Area{}, fmt.Errorf("not GeoJSON: %w", err)
		}
		if c, _ := areaNames(f.Properties); c == "" {
			if f.Properties == nil {
				f.Properties = map[string]any{}
			}
			f.Properties["code"] = code
		}
		one, err := json.Marshal(f)
		if err != nil {
			return Area{}, err
		}
		data = []byte(`{"type":"FeatureCollection","features":[` + string(one) + `]}`)
	case "FeatureCollection":
	case "":
		return Area{}, errors.New(`not GeoJSON: no "type"`)
	default:
		return Area{}, fmt.Errorf("GeoJSON %s is not an area: give a Polygon, MultiPolygon, Feature or FeatureCollection", head.Type)
	}
	b, err := ParseBoundaries(data)
	if err != nil {
		return Area{}, err
	}
	if b.Len() == 1 {
		return b.areas[0], nil
	}
	if a, ok := b.Area(code); ok {
		return a, nil
	}
	var codes []string
	for _, a := range b.areas {
		codes = append(codes, a.Code)
		if len(codes) == 5 {
			codes = append(codes, "…")
			break
		}
	}
	return Area{}, fmt.Errorf("the file holds %d areas and none has code %s (it has %s)", b.Len(), code, strings.Join(codes, ", "))
}

// Areas returns the areas in file order.
func (b *Boundaries) Areas() []Area { return b.areas }

// Shape is the area's outline, longitude then latitude.
func (a Area) Shape() orb.MultiPolygon { return a.shape }

// Bound is the area's bounding box.
func (a Area) Bound() orb.Bound { return a.bound }

// IsZero reports whether the area has no outline.
func (a Area) IsZero() bool { return a.edges == nil }

// Contains reports whether p is inside the area (holes excluded). The
// bounding box is checked first, so most points far away cost one
// comparison.
func (a Area) Contains(p Point) bool {
	pt := orb.Point{p.Lon, p.Lat}
	return a.edges != nil && a.bound.Contains(pt) && a.edges.contains(pt)
}

// OutsideKm is how far p lies outside the area, in kilometres: 0 when p
// is inside, else the distance to the nearest edge of the outline.
func (a Area) OutsideKm(p Point) float64 { return a.OutsideKmUpTo(p, math.Inf(1)) }

// OutsideKmUpTo is OutsideKm for a point at most limitKm outside, and
// +Inf for one further out: cheaper for a point far from a detailed
// outline.
func (a Area) OutsideKmUpTo(p Point, limitKm float64) float64 {
	if a.IsZero() || a.Contains(p) {
		return 0
	}
	return a.edges.distanceKm(p, limitKm)
}

// segmentDistance2 is the squared distance from the origin to segment a–b.
func segmentDistance2(ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = max(0, min(1, -(ax*dx+ay*dy)/l))
	}
	x, y := ax+t*dx, ay+t*dy
	return x*x + y*y
}

// Simplified returns the outline with vertices closer than toleranceKm to
// the simplified line removed (Douglas–Peucker), for drawing. Rings that
// shrink below a triangle are dropped.
func (a Area) Simplified(toleranceKm float64) orb.MultiPolygon {
	deg := toleranceKm / kmPerDegreeLat
	out := make(orb.MultiPolygon, 0, len(a.shape))
	for _, poly := range a.shape {
		var p orb.Polygon
		for _, ring := range poly {
			r := simplify.DouglasPeucker(deg).Ring(ring.Clone())
			if len(r) >= 4 {
				p = append(p, r)
			}
		}
		if len(p) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// boundsCellDeg is the size of the cells of a Boundaries grid: about
// 11 km of latitude, so a town's constituencies share a few cells and a
// Highland one spans a few hundred.
const boundsCellDeg = 0.1

func boundsCell(lat, lon float64) cellKey {
	return cellKey{int32(math.Floor(lat / boundsCellDeg)), int32(math.Floor(lon / boundsCellDeg))}
}

// maxAreaCells is the most grid cells one area is listed in: an area
// larger than that (a country, or a file's mistake) is checked for every
// point instead.
const maxAreaCells = 4096

// index lists each area, in file order, in every cell its bounding box
// meets.
func (b *Boundaries) index() {
	b.cells = map[cellKey][]int32{}
	for i, a := range b.areas {
		lo, hi := boundsCell(a.bound.Min[1], a.bound.Min[0]), boundsCell(a.bound.Max[1], a.bound.Max[0])
		if (int64(hi.row)-int64(lo.row)+1)*(int64(hi.col)-int64(lo.col)+1) > maxAreaCells {
			b.wide = append(b.wide, int32(i))
			continue
		}
		for r := lo.row; r <= hi.row; r++ {
			for c := lo.col; c <= hi.col; c++ {
				k := cellKey{r, c}
				b.cells[k] = append(b.cells[k], int32(i))
			}
		}
	}
}
