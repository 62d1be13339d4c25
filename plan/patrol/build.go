package patrol

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/electplan/electplan/plan/geo"
)

// buildAll builds the beats of every group, in parallel. Groups are
// independent and each result goes to its group's slot, so the outcome does
// not depend on scheduling.
func (pl *planner) buildAll(groups []group, stops []Stop, bases []Base) [][]builtBeat {
	out := make([][]builtBeat, len(groups))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(groups)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(groups) {
					return
				}
				out[i] = pl.buildGroup(groups[i], stops, bases[groups[i].base])
			}
		})
	}
	wg.Wait()
	return out
}

// buildGroup splits one group's stops into beats with a sweep: stops are
// taken in order of bearing from the base and each is put where it
// lengthens the current route least (cheapest insertion). When a stop
// would make a round longer than the round's share of the poll (less the
// slack), the route is improved and the stop tried again; if it still does
// not fit, the beat is closed and the stop starts the next. The sweep is
// tried from several bearings and the split with the fewest beats, then the
// fewest hours, is kept. A stop too far out to share a round has a beat of
// its own.
func (pl *planner) buildGroup(g group, stops []Stop, base Base) []builtBeat {
	limitH := pl.window / float64(g.rounds) * (1 - slack)
	at := newPlaces(base.At, g.stops, stops)
	var far []*route
	var sweep []int // places
	for k := 1; k < len(at.points); k++ {
		if pl.hours(2*at.dist(0, k), 1) > limitH {
			r := newRoute(at)
			r.add(k, nil, math.Inf(1))
			far = append(far, r)
			continue
		}
		sweep = append(sweep, k)
	}
	sweep = sweepOrder(at.points, sweep)

	var best []*route
	bestHours := math.Inf(1)
	starts := min(len(sweep), sweepStarts)
	for k := 0; k < starts && len(best) != 1; k++ { // one beat is as good as it gets
		// The first start is after the widest gap; the others spread evenly.
		from := k * len(sweep) / starts
		routes := pl.sweep(slices.Concat(sweep[from:], sweep[:from]), at, limitH)
		hours := 0.0
		for _, r := range routes {
			hours += pl.hours(r.km, len(r.nodes)-1)
		}
		if best == nil || len(routes) < len(best) || len(routes) == len(best) && hours < bestHours-hourEps {
			best, bestHours = routes, hours
		}
	}
	// The sweep's beats read round the compass; far stops follow.
	var out []builtBeat
	for _, r := range append(best, far...) {
		bb := r.finish()
		for i, k := range bb.route {
			bb.route[i] = g.stops[k-1]
		}
		out = append(out, bb)
	}
	return out
}

// sweepStarts is how many bearings the sweep is tried from.
const sweepStarts = 4

// sweep fills routes with the places in order, closing a route when the
// next will not fit even after improving it.
func (pl *planner) sweep(order []int, at *places, limitH float64) []*route {
	var out []*route
	r := newRoute(at)
	for _, k := range order {
		if r.add(k, pl, limitH) || r.improve() && r.add(k, pl, limitH) {
			continue
		}
		out = append(out, r)
		r = newRoute(at)
		r.add(k, nil, math.Inf(1))
	}
	if len(r.nodes) > 1 {
		out = append(out, r)
	}
	for _, r := range out {
		r.improve()
	}
	return out
}

// sweepOrder sorts places by bearing from the base, points[0] (on a local
// flat projection, which is ample for ordering), and starts the circle
// after the widest gap between bearings, so no cluster is split at an
// arbitrary due east.
func sweepOrder(points []geo.Point, places []int) []int {
	type polar struct {
		place      int
		angle, rad float64
	}
	base := points[0]
	ps := make([]polar, len(places))
	cosLat := math.Cos(base.Lat * math.Pi / 180)
	for i, k := range places {
		dx, dy := (points[k].Lon-base.Lon)*cosLat, points[k].Lat-base.Lat
		ps[i] = polar{place: k, angle: math.Atan2(dy, dx), rad: math.Hypot(dx, dy)}
	}
	slices.SortFunc(ps, func(a, b polar) int {
		return cmp.Or(cmp.Compare(a.angle, b.angle), cmp.Compare(a.rad, b.rad), cmp.Compare(a.place, b.place))
	})
	start, widest := 0, -1.0
	for i := range ps {
		gap := ps[i].angle - ps[(i+len(ps)-1)%len(ps)].angle
		if i == 0 {
			gap += 2 * math.Pi
		}
		if gap > widest {
			start, widest = i, gap
		}
	}
	out := make([]int, 0, len(ps))
	for i := range ps {
		out = append(out, ps[(start+i)%len(ps)].place)
	}
	return out
}

// places are a group's base (place 0) and stops (places 1…), with the
// straight-line distances between them cached as they are asked for.
type places struct {
	points   []geo.Point
	prepared []geo.Prepared
	km       []float64 // km[i*n+j], NaN until asked for; nil for a group too big to cache
	scratch  []float64 // for route matrices, one at a time
}

// maxCached is the most places whose distances are cached (8 MB).
const maxCached = 1024

func newPlaces(base geo.Point, ids []int, stops []Stop) *places {
	at := &places{points: make([]geo.Point, 0, len(ids)+1)}
	at.points = append(at.points, base)
	for _, s := range ids {
		at.points = append(at.points, stops[s].At)
	}
	at.prepared = make([]geo.Prepared, len(at.points))
	for i, p := range at.points {
		at.prepared[i] = geo.Prepare(p)
	}
	if n := len(at.points); n <= maxCached {
		at.km = make([]float64, n*n)
		for i := range at.km {
			at.km[i] = math.NaN()
		}
	}
	return at
}

func (at *places) dist(i, j int) float64 {
	if at.km == nil {
		return at.prepared[i].DistanceKm(at.prepared[j])
	}
	n := len(at.points)
	if v := at.km[i*n+j]; !math.IsNaN(v) {
		return v
	}
	v := at.prepared[i].DistanceKm(at.prepared[j])
	at.km[i*n+j], at.km[j*n+i] = v, v
	return v
}

// route is a beat being built: its nodes (the base first, then places in
// the order added) and the order they are visited in.
type route struct {
	at    *places
	nodes []int   // the place of each node
	tour  []int   // nodes in visiting order, the base (node 0) first
	km    float64 // straight-line length of the closed tour
	dirty bool    // changed since the last improve
}

func newRoute(at *places) *route {
	return &route{at: at, nodes: []int{0}, tour: []int{0}}
}

func (r *route) dist(i, j int) float64 { return r.at.dist(r.nodes[i], r.nodes[j]) }

// maxBeatStops caps a beat's stations, which only bites when visits take
// no time: the poll has room for 90 ten-minute visits, and routes stay
// quick to optimise.
const maxBeatStops = 120

// add inserts place k where it lengthens the tour least, if the round then
// takes no more than limitH and the beat has room (pl may be nil when
// limitH is infinite).
func (r *route) add(k int, pl *planner, limitH float64) bool {
	at, bestKm := 0, math.Inf(1)
	for i := range r.tour {
		a, b := r.tour[i], r.tour[(i+1)%len(r.tour)]
		pa, pb := r.nodes[a], r.nodes[b]
		if extra := r.at.dist(k, pa) + r.at.dist(k, pb) - r.dist(a, b); extra < bestKm {
			at, bestKm = i+1, extra
		}
	}
	n := len(r.nodes)
	if !math.IsInf(limitH, 1) && (pl.hours(r.km+bestKm, n) > limitH || n > maxBeatStops) {
		return false
	}
	r.nodes = append(r.nodes, k)
	r.tour = slices.Insert(r.tour, at, n)
	r.km += bestKm
	r.dirty = true
	return true
}

// improve shortens the tour by local search; it reports whether there was
// anything new to improve.
func (r *route) improve() bool {
	if !r.dirty {
		return false
	}
	r.dirty = false
	d := r.matrix()
	improve(d, r.tour)
	r.km = tourKm(d, r.tour)
	return true
}

// matrix is the route's distance matrix, in the group's scratch space:
// it holds until the next call for any route of the group.
func (r *route) matrix() distMatrix {
	n := len(r.nodes)
	if cap(r.at.scratch) < n*n {
		r.at.scratch = make([]float64, n*n, 2*n*n)
	}
	d := distMatrix{n: n, km: r.at.scratch[:n*n]}
	for i := range n {
		d.km[i*n+i] = 0
		for j := range i {
			v := r.dist(i, j)
			d.km[i*n+j], d.km[j*n+i] = v, v
		}
	}
	return d
}

// finish optimises the tour and returns it as a beat over places, with its
// lower bound.
func (r *route) finish() builtBeat {
	d := r.matrix()
	optimise(d, r.tour)
	r.km = tourKm(d, r.tour)
	bb := builtBeat{boundKm: lowerBoundKm(d, r.km)}
	for _, node := range r.tour[1:] {
		bb.route = append(bb.route, r.nodes[node])
	}
	return bb
}
