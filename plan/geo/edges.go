package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// edgeIndex holds an outline's edges in horizontal bands of latitude, so
// that a point-in-polygon test casts its ray only across the edges of its
// own band, and a distance search looks at the nearest bands first. An
// outline of a thousand vertices then costs a few dozen edge tests per
// point instead of a thousand.
type edgeIndex struct {
	edges      [][2]orb.Point
	minLat     float64
	bandHeight float64 // degrees
	bands      [][]int32
}

func newEdgeIndex(shape orb.MultiPolygon) *edgeIndex {
	x := &edgeIndex{}
	for _, poly := range shape {
		for _, ring := range poly {
			if len(ring) < 3 {
				continue // encloses nothing
			}
			for i := 1; i < len(ring); i++ {
				x.edges = append(x.edges, [2]orb.Point{ring[i-1], ring[i]})
			}
			// Rings should be closed; close one that is not.
			if n := len(ring); ring[0] != ring[n-1] {
				x.edges = append(x.edges, [2]orb.Point{ring[n-1], ring[0]})
			}
		}
	}
	if len(x.edges) == 0 {
		return nil
	}
	b := shape.Bound()
	x.minLat = b.Min[1]
	n := max(1, len(x.edges)/4)
	x.bandHeight = (b.Max[1] - b.Min[1]) / float64(n)
	if x.bandHeight <= 0 {
		x.bandHeight, n = 1, 1
	}
	x.bands = make([][]int32, n)
	for i, e := range x.edges {
		lo, hi := x.band(min(e[0][1], e[1][1])), x.band(max(e[0][1], e[1][1]))
		for j := lo; j <= hi; j++ {
			x.bands[j] = append(x.bands[j], int32(i))
		}
	}
	return x
}

// band is the band holding latitude lat, clamped to the outline's bands.
func (x *edgeIndex) band(lat float64) int {
	return min(len(x.bands)-1, max(0, int((lat-x.minLat)/x.bandHeight)))
}

// contains casts a ray east from p and counts the edges it crosses (the
// even-odd rule, so holes and separate parts both come out right).
func (x *edgeIndex) contains(p orb.Point) bool {
	in := false
	for _, i := range x.bands[x.band(p[1])] {
		a, b := x.edges[i][0], x.edges[i][1]
		if (a[1] > p[1]) != (b[1] > p[1]) {
			if p[0] < a[0]+(p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
				in = !in
			}
		}
	}
	return in
}

// distanceKm is the distance from p to the nearest edge, searching bands
// outward from p's own and stopping once a band is further than the best
// edge found. Beyond limitKm it gives up and returns +Inf, so a point far
// from a detailed outline costs no more than one near it.
func (x *edgeIndex) distanceKm(p Point, limitKm float64) float64 {
	// Edges are short against the Earth's curve, so a flat projection
	// about p (longitude scaled by cos latitude) measures them to well
	// under 1%.
	kx := kmPerDegreeLat * math.Cos(p.Lat*math.Pi/180)
	ky := kmPerDegreeLat
	best := math.Inf(1)
	check := func(j int) {
		for _, i := range x.bands[j] {
			a, b := x.edges[i][0], x.edges[i][1]
			d := segmentDistance2((a[0]-p.Lon)*kx, (a[1]-p.Lat)*ky, (b[0]-p.Lon)*kx, (b[1]-p.Lat)*ky)
			best = min(best, d)
		}
	}
	home := int(math.Floor((p.Lat - x.minLat) / x.bandHeight))
	// A point far north or south of the outline starts at the nearest band
	// rather than walking the empty ones.
	for k := max(0, -home, home-len(x.bands)+1); ; k++ {
		below, above := home-k, home+k
		if below < 0 && above >= len(x.bands) {
			break
		}
		// The nearest any edge of band j can be is the latitude gap from
		// p to the band's nearer edge.
		gap := math.Max(0, float64(k-1)) * x.bandHeight * ky
		if gap*gap > best || gap > limitKm {
			break
		}
		if below >= 0 && below < len(x.bands) {
			check(below)
		}
		if k > 0 && above >= 0 && above < len(x.bands) {
			check(above)
		}
	}
	if best > limitKm*limitKm {
		return math.Inf(1)
	}
	return math.Sqrt(best)
}
