package geo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
)

// Point is a WGS84 position in degrees.
type Point struct {
	Lat, Lon float64
}

// DistanceKm is the great-circle (haversine) distance between a and b.
func DistanceKm(a, b Point) float64 {
	return geo.DistanceHaversine(orb.Point{a.Lon, a.Lat}, orb.Point{b.Lon, b.Lat}) / 1000
}

// Prepared is a point ready for many distances: the cosine of its
// latitude, which every haversine distance from it needs, is worked out
// once. Distances between prepared points are DistanceKm's, to the bit.
type Prepared struct {
	Point
	cosLat float64
}

// Prepare readies p for distances.
func Prepare(p Point) Prepared {
	return Prepared{Point: p, cosLat: math.Cos(p.Lat * math.Pi / 180.0)}
}

// DistanceKm is DistanceKm(a.Point, b.Point), computed as orb's
// haversine computes it, term for term, with the cosines already known.
func (a Prepared) DistanceKm(b Prepared) float64 {
	dLat := (a.Lat - b.Lat) * math.Pi / 180.0
	dLon := (a.Lon - b.Lon) * math.Pi / 180.0
	dLat2Sin := math.Sin(dLat / 2)
	dLon2Sin := math.Sin(dLon / 2)
	h := dLat2Sin*dLat2Sin + b.cosLat*a.cosLat*dLon2Sin*dLon2Sin
	return 2.0 * orb.EarthRadius * math.Atan2(math.Sqrt(h), math.Sqrt(1-h)) / 1000
}

// kmPerDegreeLat is the length of a degree of latitude on the haversine
// sphere (Earth radius 6,378.137 km).
const kmPerDegreeLat = orb.EarthRadius * math.Pi / 180 / 1000

// Index is a spatial index of points: a grid of cells in latitude and
// longitude, each holding the points inside it. Queries look only at the
// cells that can hold an answer and then check distances exactly, so
// answering one query costs about the same whatever the number of points.
type Index struct {
	points           []Prepared
	cellLat, cellLon float64 // cell size in degrees
	cells            map[cellKey][]int32
}

type cellKey struct{ row, col int32 }

// NewIndex indexes points with cells about cellKm across; 0 picks a size
// that puts a point or two in each occupied cell. Query results refer to
// points by position.
func NewIndex(points []Point, cellKm float64) *Index {
	if cellKm <= 0 {
		cellKm = autoCellKm(points)
	}
	x := &Index{points: make([]Prepared, len(points)), cellLat: cellKm / kmPerDegreeLat, cells: map[cellKey][]int32{}}
	// Longitude cells are sized at 55°N; queries widen their search by the
	// true width of a degree at their own latitude, so this only tunes speed.
	x.cellLon = cellKm / (kmPerDegreeLat * math.Cos(55*math.Pi/180))
	for i, p := range points {
		x.points[i] = Prepare(p)
		k := x.key(p)
		x.cells[k] = append(x.cells[k], int32(i))
	}
	return x
}

// autoCellKm spreads the points' bounding box over about as many cells as
// there are points.
func autoCellKm(points []Point) float64 {
	if len(points) < 2 {
		return 50
	}
	minLat, maxLat, minLon, maxLon := 90.0, -90.0, 180.0, -180.0
	for _, p := range points {
		minLat, maxLat = math.Min(minLat, p.Lat), math.Max(maxLat, p.Lat)
		minLon, maxLon = math.Min(minLon, p.Lon), math.Max(maxLon, p.Lon)
	}
	h := (maxLat - minLat) * kmPerDegreeLat
	w := (maxLon - minLon) * kmPerDegreeLat * math.Cos((minLat+maxLat)/2*math.Pi/180)
	return math.Max(1, math.Sqrt(math.Max(h*w, 1)/float64(len(points))))
}

func (x *Index) key(p Point) cellKey {
	return cellKey{int32(math.Floor(p.Lat / x.cellLat)), int32(math.Floor(p.Lon / x.cellLon))}
}

// Len is the number of points indexed.
func (x *Index) Len() int { return len(x.points) }

// Within calls fn for every point within km of p, with its distance, in
// no particular order.
func (x *Index) Within(p Point, km float64, fn func(i int, km float64)) {
	dLat := km / kmPerDegreeLat
	edge := math.Min(math.Abs(p.Lat)+dLat, 89.9) // where a degree of longitude is narrowest
	dLon := km / (kmPerDegreeLat * math.Cos(edge*math.Pi/180))
	lo, hi := x.key(Point{p.Lat - dLat, p.Lon - dLon}), x.key(Point{p.Lat + dLat, p.Lon + dLon})
	from := Prepare(p)
	for r := lo.row; r <= hi.row; r++ {
		for c := lo.col; c <= hi.col; c++ {
			for _, i := range x.cells[cellKey{r, c}] {
				if d := from.DistanceKm(x.points[i]); d <= km {
					fn(int(i), d)
				}
			}
		}
	}
}

// Nearest returns the position of the point nearest p and its distance in
// km; ok is false for an empty index. Ties go to the lower position.
func (x *Index) Nearest(p Point) (nearest int, km float64, ok bool) {
	if len(x.points) == 0 {
		return 0, 0, false
	}
	best, bestKm := -1, math.Inf(1)
	consider := func(i int, d float64) {
		if d < bestKm || (d == bestKm && i < best) {
			best, bestKm = i, d
		}
	}
	// Search squares of growing radius until one holds a point, then once
	// more at the distance of the best found, which is exact.
	cellKm := x.cellLat * kmPerDegreeLat
	for radius := cellKm; ; radius *= 2 {
		x.Within(p, radius, consider)
		if best >= 0 {
			break
		}
		if radius > 2*math.Pi*orb.EarthRadius/1000 {
			from := Prepare(p)
			for i, q := range x.points { // points on the far side of the world
				consider(i, from.DistanceKm(q))
			}
			break
		}
	}
	x.Within(p, bestKm, consider)
	return best, bestKm, true
}
