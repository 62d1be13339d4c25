package patrol

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan/geo"
)

// model is the national-v1 risk model's patrol block, with a crew of two
// and an hour's briefing.
var model = Params{RoadFactor: 1.3, SpeedKmh: 40, MinutesPerVisit: 10, Opens: 7, Closes: 22,
	OfficersPerBeat: 2, BriefingHours: 1}

// country lays n stations over Great Britain as plan/synth does: seats on
// a jittered grid, 62 stations within 9 km of each seat's centre, one and
// a half bases per seat within 6 km of it (about one base per 40
// stations). One station in ten needs a visit every 2 hours, the rest 2
// visits.
func country(n int, seed uint64) ([]Stop, []Base) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	seats := max(1, (n+61)/62)
	side := int(math.Ceil(math.Sqrt(float64(seats))))
	centres := make([]geo.Point, seats)
	for i := range centres {
		row, col := i/side, i%side
		centres[i] = geo.Point{Lat: 50.6 + (float64(row)+rng.Float64()*0.6)*(6.8/float64(side)),
			Lon: -4.6 + (float64(col)+rng.Float64()*0.6)*(6.0/float64(side))}
	}
	near := func(c geo.Point, km float64) geo.Point {
		r, a := km*math.Sqrt(rng.Float64()), rng.Float64()*2*math.Pi
		return geo.Point{Lat: c.Lat + r*math.Sin(a)/111.2, Lon: c.Lon + r*math.Cos(a)/(111.2*math.Cos(c.Lat*math.Pi/180))}
	}
	bases := make([]Base, max(1, seats*3/2))
	for i := range bases {
		bases[i] = Base{Name: fmt.Sprintf("Base %04d", i+1), At: near(centres[i%seats], 6)}
	}
	stops := make([]Stop, n)
	for i := range stops {
		stops[i] = Stop{ID: fmt.Sprintf("PS%06d", i+1), At: near(centres[i/62%seats], 9), Visits: 2}
		if rng.IntN(10) == 0 {
			stops[i].Visits, stops[i].EveryH = 0, 2
		}
	}
	return stops, bases
}

// checkPlan checks everything a plan promises about its inputs.
func checkPlan(t *testing.T, stops []Stop, bases []Base, p Params, res Result) {
	t.Helper()
	byID := map[string]Stop{}
	for _, s := range stops {
		byID[s.ID] = s
	}
	baseAt := map[string]geo.Point{}
	for _, b := range bases {
		baseAt[b.Name] = b.At
	}
	unplanned := map[string]bool{}
	for _, id := range res.Unplanned {
		unplanned[id] = true
		if res.Reasons[id] == "" {
			t.Errorf("unplanned %s has no reason", id)
		}
	}
	if !slices.IsSorted(res.Unplanned) {
		t.Error("Unplanned is not sorted")
	}
	onBeat := map[string]string{}
	totalKm, totalHours := 0.0, 0.0
	window := p.Closes - p.Opens
	for bi, b := range res.Beats {
		if want := fmt.Sprintf("B%0*d", max(3, len(fmt.Sprint(len(res.Beats)))), bi+1); b.ID != want {
			t.Errorf("beat %d: id %s, want %s", bi, b.ID, want)
		}
		at, ok := baseAt[b.Base]
		if !ok {
			t.Fatalf("%s: base %q is not one of the bases", b.ID, b.Base)
		}
		if len(b.Route) == 0 {
			t.Fatalf("%s: empty route", b.ID)
		}
		// The loop starts and ends at the base.
		km, prev, rounds := 0.0, at, 0
		points := []geo.Point{at}
		for _, id := range b.Route {
			points = append(points, byID[id].At)
			s, ok := byID[id]
			if !ok {
				t.Fatalf("%s: unknown stop %s", b.ID, id)
			}
			if other, dup := onBeat[id]; dup {
				t.Errorf("stop %s is on %s and %s", id, other, b.ID)
			}
			onBeat[id] = b.ID
			if !b.Fits && !unplanned[id] {
				t.Errorf("%s does not fit but its stop %s is not in Unplanned", b.ID, id)
			}
			if b.Fits && unplanned[id] && !strings.Contains(res.Reasons[id], "more than once") {
				t.Errorf("%s fits but its stop %s is in Unplanned", b.ID, id)
			}
			// Each stop is patrolled from its nearest base.
			for _, other := range bases {
				if geo.DistanceKm(s.At, other.At) < geo.DistanceKm(s.At, at)-1e-9 {
					t.Errorf("%s: stop %s is patrolled from %s but %s is nearer", b.ID, id, b.Base, other.Name)
					break
				}
			}
			need := s.Visits
			if s.EveryH > 0 {
				need = max(need, int(math.Ceil(window/s.EveryH-1e-9)))
			}
			rounds = max(rounds, need)
			if b.Fits && need != b.Rounds {
				t.Errorf("%s (%d rounds) has stop %s needing %d", b.ID, b.Rounds, id, need)
			}
			km += geo.DistanceKm(prev, s.At)
			prev = s.At
		}
		km = (km + geo.DistanceKm(prev, at)) * p.RoadFactor
		if !near(b.LoopKm, km) {
			t.Errorf("%s: LoopKm %.6f, closed loop from the base is %.6f", b.ID, b.LoopKm, km)
		}
		if b.LoopKm < b.LowerBoundKm {
			t.Errorf("%s: LoopKm %.6f below its lower bound %.6f", b.ID, b.LoopKm, b.LowerBoundKm)
		}
		if mst := mstKm(sphere(points)) * p.RoadFactor; b.LowerBoundKm < mst*(1-1e-12) {
			t.Errorf("%s: lower bound %.6f below the minimum spanning tree %.6f", b.ID, b.LowerBoundKm, mst)
		}
		if b.LoopKm > 0 && b.LowerBoundKm <= 0 {
			t.Errorf("%s: lower bound %v", b.ID, b.LowerBoundKm)
		}
		if h := b.LoopKm/p.SpeedKmh + float64(len(b.Route))*p.MinutesPerVisit/60; !near(b.LoopHours, h) {
			t.Errorf("%s: LoopHours %v, want %v", b.ID, b.LoopHours, h)
		}
		if !near(b.DistanceKm, b.LoopKm*float64(b.Rounds)) {
			t.Errorf("%s: DistanceKm %v for %d rounds of %v", b.ID, b.DistanceKm, b.Rounds, b.LoopKm)
		}
		if b.Rounds > 0 && !near(b.OfficerHours, float64(max(1, p.OfficersPerBeat))*(float64(b.Rounds)*b.LoopHours+p.BriefingHours)) {
			t.Errorf("%s: OfficerHours %v", b.ID, b.OfficerHours)
		}
		totalKm += b.DistanceKm
		totalHours += b.OfficerHours
		checkTimetable(t, b, byID, p, rounds)
	}
	if !near(res.TotalKm, totalKm) || !near(res.OfficerHours, totalHours) {
		t.Errorf("totals %v km, %v h; beats add to %v km, %v h", res.TotalKm, res.OfficerHours, totalKm, totalHours)
	}
	for _, s := range stops {
		if onBeat[s.ID] == "" && !unplanned[s.ID] {
			t.Errorf("stop %s is neither on a beat nor unplanned", s.ID)
		}
	}
}

// checkTimetable checks a beat's visits: in time order, a visit per stop
// per round in route order, and for a beat that fits, every visit within
// the poll and every stop's need met.
func checkTimetable(t *testing.T, b Beat, byID map[string]Stop, p Params, needRounds int) {
	t.Helper()
	if len(b.Visits) != b.Rounds*len(b.Route) {
		t.Fatalf("%s: %d visits for %d rounds of %d stops", b.ID, len(b.Visits), b.Rounds, len(b.Route))
	}
	for i, v := range b.Visits {
		if want := b.Route[i%len(b.Route)]; v.Stop != want || v.Round != i/len(b.Route)+1 {
			t.Fatalf("%s: visit %d is %s in round %d, want %s in round %d", b.ID, i, v.Stop, v.Round, want, i/len(b.Route)+1)
		}
		if i > 0 && v.At < b.Visits[i-1].At {
			t.Fatalf("%s: visits out of time order at %d", b.ID, i)
		}
		// Whether or not the beat fits, nothing is timetabled outside the poll.
		if v.At < p.Opens || v.At > p.Closes {
			t.Errorf("%s: visit to %s at %s, outside the poll", b.ID, v.Stop, clock(v.At))
		}
	}
	if !b.Fits {
		if b.Rounds >= needRounds && b.LoopHours*float64(b.Rounds) <= p.Closes-p.Opens {
			t.Errorf("%s: marked as not fitting, but %d rounds of %.2f h fit", b.ID, b.Rounds, b.LoopHours)
		}
		return
	}
	if b.LoopHours > (p.Closes-p.Opens)/float64(b.Rounds)+1e-9 {
		t.Errorf("%s: a round takes %.2f h, longer than its share of the poll", b.ID, b.LoopHours)
	}
	times := map[string][]float64{}
	for _, v := range b.Visits {
		times[v.Stop] = append(times[v.Stop], v.At)
	}
	for _, id := range b.Route {
		s := byID[id]
		if len(times[id]) < s.Visits {
			t.Errorf("%s: %s has %d visits, needs %d", b.ID, id, len(times[id]), s.Visits)
		}
		if s.EveryH > 0 {
			last := p.Opens
			for _, at := range append(times[id], p.Closes) {
				if at-last > s.EveryH+1e-9 {
					t.Errorf("%s: %s waits %.2f h between visits, more than %v", b.ID, id, at-last, s.EveryH)
				}
				last = at
			}
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(a), math.Abs(b)) }

func TestPlanCountry(t *testing.T) {
	stops, bases := country(1500, 1)
	// A station on St Kilda, patrolled from the mainland, and one close to a base.
	stops = append(stops, Stop{ID: "ST-KILDA", At: geo.Point{Lat: 57.81, Lon: -8.58}, EveryH: 2},
		Stop{ID: "AT-BASE", At: bases[0].At, Visits: 3})
	res := Plan(stops, bases, model)
	checkPlan(t, stops, bases, model, res)
	if len(res.Beats) < len(bases) {
		t.Errorf("%d beats from %d bases", len(res.Beats), len(bases))
	}
	fits := 0
	for _, b := range res.Beats {
		if b.Fits {
			fits++
		}
	}
	if want := len(res.Beats) - 1; fits != want {
		t.Errorf("%d beats fit, want all but St Kilda's (%d)", fits, want)
	}
	if !slices.Equal(res.Unplanned, []string{"ST-KILDA"}) {
		t.Errorf("unplanned: %v", res.Unplanned)
	}
}

func TestFarStation(t *testing.T) {
	bala := Base{Name: "Bala", At: geo.Point{Lat: 52.911, Lon: -3.597}}
	stops := []Stop{
		{ID: "NEAR", At: geo.Point{Lat: 52.92, Lon: -3.60}, EveryH: 2},
		{ID: "FAR", At: geo.Point{Lat: 53.40, Lon: -3.30}, EveryH: 2}, // ~58 km north
		{ID: "FAR-BUT-TWICE", At: geo.Point{Lat: 53.40, Lon: -3.30}, Visits: 2},
	}
	res := Plan(stops, []Base{bala}, model)
	checkPlan(t, stops, []Base{bala}, model, res)
	if !slices.Equal(res.Unplanned, []string{"FAR"}) {
		t.Fatalf("unplanned %v, want [FAR]", res.Unplanned)
	}
	reason := res.Reasons["FAR"]
	for _, want := range []string{"station FAR is 58 km from the nearest base (Bala)", "one round takes 3.9 h", "every 2 h", "static officer"} {
		if !strings.Contains(reason, want) {
			t.Errorf("reason %q does not say %q", reason, want)
		}
	}
	var far *Beat
	for i, b := range res.Beats {
		if slices.Contains(b.Route, "FAR") {
			far = &res.Beats[i]
		}
	}
	if far == nil || far.Fits || !slices.Equal(far.Route, []string{"FAR"}) {
		t.Fatalf("FAR should be alone on a beat that does not fit: %+v", far)
	}
	// The best that can be done: as many 3.9-hour rounds as the poll holds.
	if far.Rounds != 3 {
		t.Errorf("FAR's beat has %d rounds, want 3", far.Rounds)
	}
}

func TestRoundsAndTimetable(t *testing.T) {
	for _, tc := range []struct {
		name       string
		stop       Stop
		rounds     int
		secondAt   string // when the second round reaches the stop
		firstVisit string
	}{
		{"every 2 h", Stop{EveryH: 2}, 8, "08:52", "07:00"},
		{"2 visits", Stop{Visits: 2}, 2, "14:30", "07:00"},
		{"every 0.3 h", Stop{EveryH: 0.3}, 50, "07:18", "07:00"},
		{"both", Stop{Visits: 9, EveryH: 2}, 9, "08:40", "07:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := Base{Name: "HQ", At: geo.Point{Lat: 52, Lon: -1}}
			tc.stop.ID, tc.stop.At = "S", base.At // at the base: no driving
			res := Plan([]Stop{tc.stop}, []Base{base}, model)
			if len(res.Beats) != 1 || !res.Beats[0].Fits {
				t.Fatalf("want one fitting beat: %+v", res)
			}
			b := res.Beats[0]
			if b.Rounds != tc.rounds {
				t.Errorf("rounds %d, want %d", b.Rounds, tc.rounds)
			}
			if got := clock(b.Visits[0].At); got != tc.firstVisit {
				t.Errorf("first visit %s, want %s", got, tc.firstVisit)
			}
			if got := clock(math.Floor(b.Visits[1].At*60) / 60); got != tc.secondAt {
				t.Errorf("second visit %s, want %s", got, tc.secondAt)
			}
		})
	}
}

func TestPlanDeterministic(t *testing.T) {
	stops, bases := country(2000, 7)
	a := Plan(stops, bases, model)
	b := Plan(stops, bases, model)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs on the same inputs differ")
	}
	// Nor does the order of the inputs matter.
	rng := rand.New(rand.NewPCG(3, 4))
	rng.Shuffle(len(stops), func(i, j int) { stops[i], stops[j] = stops[j], stops[i] })
	rng.Shuffle(len(bases), func(i, j int) { bases[i], bases[j] = bases[j], bases[i] })
	if c := Plan(stops, bases, model); !reflect.DeepEqual(a, c) {
		t.Fatal("shuffled inputs give a different plan")
	}
}

func TestPlanOddInputs(t *testing.T) {
	hq := Base{Name: "HQ", At: geo.Point{Lat: 52, Lon: -1}}
	s := func(id string, lat, lon float64) Stop {
		return Stop{ID: id, At: geo.Point{Lat: lat, Lon: lon}, Visits: 2}
	}
	nan := math.NaN()
	for _, tc := range []struct {
		name      string
		stops     []Stop
		bases     []Base
		params    Params
		beats     int
		unplanned map[string]string // id → part of the reason
	}{
		{name: "nothing", params: model},
		{name: "no stops", bases: []Base{hq}, params: model},
		{name: "no bases", stops: []Stop{s("A", 52, -1)}, params: model,
			unplanned: map[string]string{"A": "no police base"}},
		{name: "only an unusable base", stops: []Stop{s("A", 52, -1)}, params: model,
			bases:     []Base{{Name: "Nowhere", At: geo.Point{Lat: nan, Lon: 0}}},
			unplanned: map[string]string{"A": "no police base"}},
		{name: "single base", stops: []Stop{s("A", 52.01, -1), s("B", 51.99, -1.01), s("C", 52, -0.98)},
			bases: []Base{hq}, params: model, beats: 1},
		{name: "NaN location", stops: []Stop{s("A", nan, -1), s("B", 52, math.Inf(1)), s("C", 52.01, -1)},
			bases: []Base{hq}, params: model, beats: 1,
			unplanned: map[string]string{"A": "no usable location", "B": "no usable location"}},
		{name: "unusable needs", stops: []Stop{{ID: "A", At: hq.At}, {ID: "B", At: hq.At, Visits: -1},
			{ID: "C", At: hq.At, EveryH: nan}, {ID: "D", At: hq.At, EveryH: 1e-300}},
			bases: []Base{hq}, params: model,
			unplanned: map[string]string{"A": "no patrol visits", "B": "unusable visit need", "C": "unusable visit need",
				"D": "more often than once a minute"}},
		{name: "duplicate id", stops: []Stop{s("A", 52.01, -1), s("A", 52.02, -1)}, bases: []Base{hq}, params: model,
			beats: 1, unplanned: map[string]string{"A": "more than once"}},
		{name: "unusable params", stops: []Stop{s("A", 52.01, -1)}, bases: []Base{hq},
			params:    Params{RoadFactor: 1.3, Opens: 22, Closes: 7},
			unplanned: map[string]string{"A": "average speed"}},
		{name: "no crew given", stops: []Stop{s("A", 52.01, -1)}, bases: []Base{hq},
			params: Params{RoadFactor: 1.3, SpeedKmh: 40, Opens: 7, Closes: 22}, beats: 1},
		{name: "visits take no time", stops: repeatStop(s("A", 52, -1), 300), bases: []Base{hq},
			params: Params{RoadFactor: 1.3, SpeedKmh: 40, Opens: 7, Closes: 22}, beats: 3},
		{name: "too far even for one round", stops: []Stop{s("A", 60, -1)}, bases: []Base{hq}, params: model,
			beats: 1, unplanned: map[string]string{"A": "cannot be visited 2 times between 07:00 and 22:00"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Plan(tc.stops, tc.bases, tc.params)
			if tc.params.problems() == nil {
				checkPlan(t, dedupe(tc.stops), tc.bases, tc.params, res)
			}
			if len(res.Beats) != tc.beats {
				t.Errorf("%d beats, want %d", len(res.Beats), tc.beats)
			}
			if len(res.Unplanned) != len(tc.unplanned) {
				t.Errorf("unplanned %v, want %d", res.Unplanned, len(tc.unplanned))
			}
			for id, want := range tc.unplanned {
				if !strings.Contains(res.Reasons[id], want) {
					t.Errorf("reason for %s is %q, want it to say %q", id, res.Reasons[id], want)
				}
			}
		})
	}
}

// repeatStop is n copies of s with ids s.ID-1….
func repeatStop(s Stop, n int) []Stop {
	out := make([]Stop, n)
	for i := range out {
		out[i] = s
		out[i].ID = fmt.Sprintf("%s-%d", s.ID, i+1)
	}
	return out
}

// dedupe keeps the first of each id, as Plan does after sorting.
func dedupe(stops []Stop) []Stop {
	stops = slices.Clone(stops)
	slices.SortFunc(stops, compareStops)
	return slices.CompactFunc(stops, func(a, b Stop) bool { return a.ID == b.ID })
}

// sphere is the matrix of haversine distances between points.
func sphere(points []geo.Point) distMatrix {
	d := distMatrix{n: len(points), km: make([]float64, len(points)*len(points))}
	for i, p := range points {
		for j, q := range points {
			d.km[i*d.n+j] = geo.DistanceKm(p, q)
		}
	}
	return d
}

// plane is a distance matrix of points on a plane, where a tour crosses
// itself exactly when swapping two of its edges would shorten it.
func plane(pts [][2]float64) distMatrix {
	d := distMatrix{n: len(pts), km: make([]float64, len(pts)*len(pts))}
	for i, p := range pts {
		for j, q := range pts {
			d.km[i*d.n+j] = math.Hypot(p[0]-q[0], p[1]-q[1])
		}
	}
	return d
}

// optimumKm is the shortest tour by trying every order of nodes 1….
func optimumKm(d distMatrix) float64 {
	rest := make([]int, d.n-1)
	for i := range rest {
		rest[i] = i + 1
	}
	best := math.Inf(1)
	var permute func(k int)
	permute = func(k int) {
		if k == len(rest) {
			best = min(best, tourKm(d, append([]int{0}, rest...)))
			return
		}
		for i := k; i < len(rest); i++ {
			rest[k], rest[i] = rest[i], rest[k]
			permute(k + 1)
			rest[k], rest[i] = rest[i], rest[k]
		}
	}
	permute(0)
	return best
}

func crosses(a, b, c, d [2]float64) bool {
	orient := func(p, q, r [2]float64) float64 { return (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0]) }
	return orient(a, b, c)*orient(a, b, d) < 0 && orient(c, d, a)*orient(c, d, b) < 0
}

// randomTour is n random points on a plane and a random tour of them
// from node 0.
func randomTour(rng *rand.Rand, n int) ([][2]float64, distMatrix, []int) {
	pts := make([][2]float64, n)
	for i := range pts {
		pts[i] = [2]float64{rng.Float64(), rng.Float64()}
	}
	tour := append([]int{0}, rng.Perm(n-1)...)
	for i := 1; i < n; i++ {
		tour[i]++
	}
	return pts, plane(pts), tour
}

// checkTour checks that t is a tour from node 0, no longer than it was,
// and does not cross itself.
func checkTour(t *testing.T, name string, pts [][2]float64, d distMatrix, tour []int, beforeKm float64) {
	t.Helper()
	n := len(tour)
	if tour[0] != 0 || !isPermutation(tour) {
		t.Fatalf("%s: %v is not a tour from the base", name, tour)
	}
	if after := tourKm(d, tour); after > beforeKm+1e-12 {
		t.Fatalf("%s: the tour grew from %v to %v", name, beforeKm, after)
	}
	for i := range n {
		for j := i + 2; j < n; j++ {
			if i == 0 && j == n-1 {
				continue
			}
			if crosses(pts[tour[i]], pts[tour[i+1]], pts[tour[j]], pts[tour[(j+1)%n]]) {
				t.Fatalf("%s: tour %v crosses itself", name, tour)
			}
		}
	}
}

// improve (2-opt and Or-opt) against every possible tour of up to 7
// stops: never longer than where it started, never crossing itself, and
// close to the best.
func TestImproveAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for n := 2; n <= 8; n++ { // the base and up to 7 stops
		worst, sum := 1.0, 0.0
		const trials = 300
		for trial := range trials {
			pts, d, tour := randomTour(rng, n)
			name := fmt.Sprintf("n=%d trial %d", n, trial)
			before, best := tourKm(d, tour), optimumKm(d)

			exactTour := slices.Clone(tour)
			exact(d, exactTour)
			checkTour(t, name+" exact", pts, d, exactTour, before)
			if got := tourKm(d, exactTour); got > best+1e-12 {
				t.Errorf("%s: exact found %v, the optimum is %v", name, got, best)
			}

			improve(d, tour)
			checkTour(t, name, pts, d, tour, before)
			ratio := tourKm(d, tour) / best
			if ratio > 1.06 {
				t.Errorf("%s: improve is %.1f%% over the optimum", name, (ratio-1)*100)
			}
			worst, sum = max(worst, ratio), sum+ratio

			if lb := lowerBoundKm(d, tourKm(d, tour)); lb > best+1e-9 || lb < mstKm(d)-1e-12 {
				t.Errorf("%s: lower bound %v, optimum %v, MST %v", name, lb, best, mstKm(d))
			}
		}
		if mean := sum / trials; mean > 1.01 {
			t.Errorf("n=%d: improve is on average %.2f%% over the optimum", n, (mean-1)*100)
		}
		t.Logf("n=%d: improve/optimum mean %.4f, worst %.4f", n, sum/trials, worst)
	}
}

// optimise (iterated local search above ten nodes) against the exact
// dynamic programme.
func TestOptimiseAgainstExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for n := 11; n <= 14; n++ {
		worst := 1.0
		for trial := range 40 {
			pts, d, tour := randomTour(rng, n)
			name := fmt.Sprintf("n=%d trial %d", n, trial)
			before := tourKm(d, tour)
			best := slices.Clone(tour)
			exact(d, best)
			optimise(d, tour)
			checkTour(t, name, pts, d, tour, before)
			ratio := tourKm(d, tour) / tourKm(d, best)
			if ratio > 1.02 {
				t.Errorf("%s: optimise is %.1f%% over the optimum", name, (ratio-1)*100)
			}
			worst = max(worst, ratio)
			if lb := lowerBoundKm(d, tourKm(d, tour)); lb > tourKm(d, best)+1e-9 {
				t.Errorf("%s: lower bound %v above the optimum %v", name, lb, tourKm(d, best))
			}
		}
		t.Logf("n=%d: optimise/optimum worst %.4f", n, worst)
	}
}

// twoOptGain is the most a single 2-opt move would shorten t by.
func twoOptGain(d distMatrix, t []int) float64 {
	n, best := len(t), 0.0
	for i := range n {
		for j := i + 2; j < n; j++ {
			a, b, c, e := t[i], t[i+1], t[j], t[(j+1)%n]
			best = max(best, d.at(a, b)+d.at(c, e)-d.at(a, c)-d.at(b, e))
		}
	}
	return best
}

// orOptGain is the most moving one run of up to three stops would shorten
// t by.
func orOptGain(d distMatrix, t []int) float64 {
	n, best := len(t), 0.0
	for size := 1; size <= 3 && size <= n-2; size++ {
		for i := 1; i+size <= n; i++ {
			for j := range n {
				if j >= i-1 && j <= i+size-1 {
					continue
				}
				moved := slices.Clone(t)
				moveRun(moved, i, size, j, false)
				best = max(best, tourKm(d, t)-tourKm(d, moved))
				moved = slices.Clone(t)
				moveRun(moved, i, size, j, true)
				best = max(best, tourKm(d, t)-tourKm(d, moved))
			}
		}
	}
	return best
}

// improve leaves no 2-opt or Or-opt move that would shorten the tour,
// whatever its size.
func TestImproveIsLocallyOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, n := range []int{10, 25, 60} {
		for trial := range 30 {
			pts, d, tour := randomTour(rng, n)
			name := fmt.Sprintf("n=%d trial %d", n, trial)
			before := tourKm(d, tour)
			improve(d, tour)
			checkTour(t, name, pts, d, tour, before)
			if g := twoOptGain(d, tour); g > 1e-9 {
				t.Errorf("%s: a 2-opt move would still save %v", name, g)
			}
			if g := orOptGain(d, tour); g > 1e-9 {
				t.Errorf("%s: an Or-opt move would still save %v", name, g)
			}
		}
	}
}

// The neighbour-list search behind the kicks: with every node a neighbour
// it misses no 2-opt move.
func TestSearchRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for trial := range 200 {
		pts, d, tour := randomTour(rng, neighbours+1)
		name := fmt.Sprintf("trial %d", trial)
		before := tourKm(d, tour)
		s := newSearch(d)
		s.start(slices.Clone(tour))
		s.run()
		at := slices.Index(s.t, 0)
		got := slices.Concat(s.t[at:], s.t[:at])
		checkTour(t, name, pts, d, got, before)
		if g := twoOptGain(d, got); g > 1e-9 {
			t.Errorf("%s: a 2-opt move would still save %v", name, g)
		}
	}
}

func isPermutation(t []int) bool {
	s := slices.Sorted(slices.Values(t))
	for i, v := range s {
		if v != i {
			return false
		}
	}
	return true
}

// Routes must be short and the bound tight enough to mean something: on a
// generated force the routes are on average within 0.5% of their bounds
// (about 0.2% as built).
func TestRouteQuality(t *testing.T) {
	stops, bases := country(5000, 2)
	res := Plan(stops, bases, model)
	ratio, worst := meanRatio(res)
	t.Logf("%d beats, mean LoopKm/LowerBoundKm %.4f, worst %.4f", len(res.Beats), ratio, worst)
	if ratio > 1.005 {
		t.Errorf("mean LoopKm/LowerBoundKm %.4f, want at most 1.005", ratio)
	}
}

func meanRatio(res Result) (mean, worst float64) {
	n := 0
	for _, b := range res.Beats {
		if b.LowerBoundKm > 0 {
			r := b.LoopKm / b.LowerBoundKm
			mean += r
			worst = max(worst, r)
			n++
		}
	}
	return mean / float64(max(1, n)), worst
}

func BenchmarkPlan(b *testing.B) {
	for _, n := range []int{5000, 40000} {
		b.Run(fmt.Sprintf("%d-stations", n), func(b *testing.B) {
			stops, bases := country(n, 1)
			var res Result
			for b.Loop() {
				res = Plan(stops, bases, model)
			}
			ratio, _ := meanRatio(res)
			b.ReportMetric(ratio, "loop/bound")
			b.ReportMetric(float64(len(res.Beats)), "beats")
		})
	}
}

// plainOrOpt is orOpt as first written, reading the matrix at every step:
// the reference the faster loop must agree with, move for move.
func plainOrOpt(d distMatrix, t []int) bool {
	n, moved := len(t), false
	for again := true; again; {
		again = false
		for size := 1; size <= 3 && size <= n-2; size++ {
			for i := 1; i+size <= n; i++ {
				prev, first, last, next := t[i-1], t[i], t[i+size-1], t[(i+size)%n]
				saved := d.at(prev, first) + d.at(last, next) - d.at(prev, next)
				for j := range n {
					if j >= i-1 && j <= i+size-1 {
						continue
					}
					p, q := t[j], t[(j+1)%n]
					pq := d.at(p, q)
					forward := d.at(p, first) + d.at(last, q) - pq
					backward := d.at(p, last) + d.at(first, q) - pq
					if min(forward, backward) < saved-gainKm {
						moveRun(t, i, size, j, backward < forward)
						moved, again = true, true
						break
					}
				}
			}
		}
	}
	return moved
}

// randomPoints scatters n points over a patch of southern England; on a
// grid of grid × grid places if grid > 0, so that distances tie.
func randomPoints(rng *rand.Rand, n, grid int) []geo.Point {
	pts := make([]geo.Point, n)
	for i := range pts {
		if grid > 0 {
			pts[i] = geo.Point{Lat: 51 + float64(rng.IntN(grid))*0.01, Lon: -1 + float64(rng.IntN(grid))*0.01}
		} else {
			pts[i] = geo.Point{Lat: 51 + rng.Float64()*0.3, Lon: -1 + rng.Float64()*0.5}
		}
	}
	return pts
}

func TestOrOptMakesThePlainLoopsMoves(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 2000 {
		n := 3 + rng.IntN(40)
		grid := 0
		if trial%3 == 0 {
			grid = 4
		}
		pts := randomPoints(rng, n, grid)
		d := sphere(pts)
		tour := make([]int, n) // the base first, the rest in a random order
		for i := range tour {
			tour[i] = i
		}
		rng.Shuffle(n-1, func(a, b int) { tour[a+1], tour[b+1] = tour[b+1], tour[a+1] })
		want, got := slices.Clone(tour), slices.Clone(tour)
		wantMoved, gotMoved := plainOrOpt(d, want), orOpt(d, got)
		if gotMoved != wantMoved || !slices.Equal(got, want) {
			t.Fatalf("trial %d, %d nodes: orOpt gives %v (moved %t), the plain loop %v (moved %t)", trial, n, got, gotMoved, want, wantMoved)
		}
	}
}

// plainOneTree is oneTree's spanning tree as first written, scanning
// every node on each pass: the reference for the listed version.
func plainOneTree(d distMatrix, pi []float64, deg []int) float64 {
	n := d.n
	key, parent, done := make([]float64, n), make([]int, n), make([]bool, n)
	for i := range n {
		deg[i], key[i], parent[i] = 0, math.Inf(1), -1
	}
	total := 0.0
	for u, added := 1, 1; ; added++ {
		done[u] = true
		if added == n-1 {
			break
		}
		next, nextKey := -1, math.Inf(1)
		for v := 1; v < n; v++ {
			if done[v] {
				continue
			}
			if w := d.at(u, v) + pi[u] + pi[v]; w < key[v] {
				key[v], parent[v] = w, u
			}
			if key[v] < nextKey {
				next, nextKey = v, key[v]
			}
		}
		u = next
		total += nextKey
		deg[u]++
		deg[parent[u]]++
	}
	return joinNodeZero(d, pi, deg, total)
}

func TestOneTreeIsThePlainScans(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for trial := range 2000 {
		n := 3 + rng.IntN(40)
		grid := 6
		if trial%2 == 0 {
			grid = 0
		}
		pts := randomPoints(rng, n, grid)
		d := sphere(pts)
		pi := make([]float64, n)
		for i := 1; i < n; i++ {
			pi[i] = (rng.Float64() - 0.5) * float64(trial%3)
		}
		wantDeg, gotDeg := make([]int, n), make([]int, n)
		want := plainOneTree(d, pi, wantDeg)
		got := oneTree(d, pi, gotDeg, make([]float64, n), make([]int, n), make([]int, n), make([]int, n))
		if math.Float64bits(got) != math.Float64bits(want) || !slices.Equal(gotDeg, wantDeg) {
			t.Fatalf("trial %d, %d nodes: %v %v, the plain scans %v %v", trial, n, got, gotDeg, want, wantDeg)
		}
	}
}
