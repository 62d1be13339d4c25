package geo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/quadtree"
)

// Point is a WGS84 position in degrees.
type Point struct {
	Lat, Lon float64
}

// DistanceKm is the great-circle (haversine) distance between a and b.
func DistanceKm(a, b Point) float64 {
	return geo.DistanceHaversine(orb.Point{a.Lon, a.Lat}, orb.Point{b.Lon, b.Lat}) / 1000
}

// kmPerDegreeLat is the length of a degree of latitude, near enough for
// search boxes (which are then checked exactly).
const kmPerDegreeLat = 111.2

// refLatCos squeezes longitude so the quadtree's plane is roughly
// isotropic over the UK; queries re-check distances exactly.
var refLatCos = math.Cos(54.5 * math.Pi / 180)

// Index is a spatial index of points (a quadtree, from orb) answering
// nearest-point and within-radius queries in O(log n) rather than by a
// scan of every point.
type Index struct {
	tree   *quadtree.Quadtree
	points []Point
}

type indexed struct {
	at orb.Point
	i  int
}

func (x indexed) Point() orb.Point { return x.at }

func project(p Point) orb.Point { return orb.Point{p.Lon * refLatCos, p.Lat} }

// NewIndex indexes points; query results refer to them by position.
func NewIndex(points []Point) *Index {
	bound := orb.Bound{Min: orb.Point{-180 * refLatCos, -90}, Max: orb.Point{180 * refLatCos, 90}}
	x := &Index{tree: quadtree.New(bound), points: points}
	for i, p := range points {
		_ = x.tree.Add(indexed{at: project(p), i: i}) // inside the bound by construction
	}
	return x
}

// Len is the number of points indexed.
func (x *Index) Len() int { return len(x.points) }

// Nearest returns the position of the point nearest p and its distance in
// km; ok is false for an empty index. Ties go to the lower position.
func (x *Index) Nearest(p Point) (nearest int, km float64, ok bool) {
	if len(x.points) == 0 {
		return 0, 0, false
	}
	first := x.tree.Find(project(p)).(indexed)
	best, bestKm := first.i, DistanceKm(p, x.points[first.i])
	// The plane is only roughly isotropic: check everything as close as the
	// planar nearest, exactly.
	x.Within(p, bestKm, func(i int, d float64) {
		if d < bestKm || (d == bestKm && i < best) {
			best, bestKm = i, d
		}
	})
	return best, bestKm, true
}

// Within calls fn for every point within km of p, with its distance, in
// no particular order.
func (x *Index) Within(p Point, km float64, fn func(i int, km float64)) {
	dLat := km / kmPerDegreeLat
	maxLat := math.Min(math.Abs(p.Lat)+dLat, 89)
	dLon := km / (kmPerDegreeLat * math.Cos(maxLat*math.Pi/180))
	box := orb.Bound{
		Min: orb.Point{(p.Lon - dLon) * refLatCos, p.Lat - dLat},
		Max: orb.Point{(p.Lon + dLon) * refLatCos, p.Lat + dLat},
	}
	for _, hit := range x.tree.InBound(nil, box) {
		i := hit.(indexed).i
		if d := DistanceKm(p, x.points[i]); d <= km {
			fn(i, d)
		}
	}
}
