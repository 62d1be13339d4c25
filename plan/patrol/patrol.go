// Package patrol plans polling-day patrols. It groups the polling stations
// that need patrol visits into beats around police bases, orders each
// beat's stations into a route that leaves from and returns to its base,
// and times the visits so that every station gets the visits its risk band
// asks for between the opening and the close of the poll. Stations with
// static officers are not patrolled: the caller leaves them out.
//
// Distances are great-circle (haversine) distances times a road factor,
// driven at an average speed; both come from the risk model. Planning is
// deterministic: the same stops, bases and parameters give the same result
// whatever order they are given in.
package patrol

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/electplan/electplan/internal/lots"
	"github.com/electplan/electplan/plan/geo"
)

// Stop is a polling station to patrol.
type Stop struct {
	ID string
	At geo.Point
	// Visits is how many times the station must be visited while the poll
	// is open, spread evenly through it (e.g. 2).
	Visits int
	// EveryH, when positive, is the most hours the station may go without
	// a visit while the poll is open, counted from the opening and up to the
	// close (e.g. 2). When both Visits and EveryH are set, both are met.
	EveryH float64
}

// Base is a police base that patrols start from and return to.
type Base struct {
	Name string
	At   geo.Point
}

// Params are the patrol parameters of the risk model.
type Params struct {
	// RoadFactor turns a straight-line distance into a road distance (1.3).
	RoadFactor float64
	// SpeedKmh is the average driving speed on roads.
	SpeedKmh float64
	// MinutesPerVisit is the time spent at each station on each visit.
	MinutesPerVisit float64
	// Opens and Closes are the poll's hours, in hours after midnight (7, 22).
	Opens, Closes float64
	// OfficersPerBeat is the number of officers crewing a beat; 0 or less
	// means 1.
	OfficersPerBeat int
	// BriefingHours is added once per beat for briefing and travel (e.g. 1).
	BriefingHours float64
}

// Visit is one visit to a station.
type Visit struct {
	Stop  string
	Round int     // 1 for the first time the route is driven
	At    float64 // arrival, in hours after midnight
}

// Beat is one patrol: a route from a base round its stations and back,
// driven Rounds times during the poll.
type Beat struct {
	ID    string // "B001", "B002"… in the order of Result.Beats
	Base  string
	Route []string // stop ids in route order; the base is implied at both ends
	// Rounds is how many times the route is driven during the poll: what
	// its most demanding station needs, or for a beat that does not fit,
	// as many as the poll has room for (possibly 0).
	Rounds int
	// Visits is the timetable: every visit of every round, in time order.
	// Round k (from 1) leaves the base at Opens + (k-1) × (Closes-Opens) /
	// Rounds.
	Visits []Visit
	// LoopKm is the road distance of one round: base → stops → base.
	LoopKm float64
	// LoopHours is one round's driving plus visiting time.
	LoopHours  float64
	DistanceKm float64 // LoopKm × Rounds
	// LowerBoundKm is a lower bound on the shortest possible round over the
	// same stations: the larger of the minimum spanning tree of base and
	// stops and the Held–Karp (1-tree) bound, times the road factor. No
	// route can be shorter, so LoopKm/LowerBoundKm bounds how far the route
	// is from the best one.
	LowerBoundKm float64
	// OfficerHours is OfficersPerBeat × (Rounds × LoopHours + BriefingHours),
	// or 0 for a beat with no rounds.
	OfficerHours float64
	// Fits reports that every visit is within the poll, every station gets
	// its visits and none waits longer than its EveryH for one.
	Fits bool
}

// Result is a patrol plan.
type Result struct {
	// Beats are ordered by base name, then most demanding first.
	Beats []Beat
	// Unplanned lists, sorted, the stops that cannot be patrolled as asked:
	// those with no usable location or visit need, no base to patrol from,
	// or too far from their base to be visited as often as they need. The
	// last kind are also on a beat of their own with Fits false, so the
	// plan can show the best that can be done. A stop id given more than
	// once is planned once and listed here too.
	Unplanned []string
	// Reasons says, for each id in Unplanned, why.
	Reasons map[string]string
	// TotalKm and OfficerHours are the sums over Beats.
	TotalKm, OfficerHours float64
}

// slack is the share of each round's time kept free when filling a beat,
// so a late start or a slow road does not run one round into the next.
const slack = 0.05

// hourEps absorbs rounding when comparing times in hours (under a
// millisecond).
const hourEps = 1e-7

// Plan plans patrols for stops from bases. Each stop is patrolled from its
// nearest base (ties go to the base whose name sorts first); stops that
// need the route driven a different number of times go on different
// beats. Every stop ends up on exactly one beat, in Result.Unplanned, or
// (when it is too far from its base) both. Bases without a usable location
// are ignored. Unusable parameters leave every stop unplanned with the
// reason.
func Plan(stops []Stop, bases []Base, p Params) Result {
	var out unplanned
	ordered := slices.Clone(stops)
	slices.SortFunc(ordered, compareStops)
	if problems := p.problems(); len(problems) > 0 {
		reason := "no patrols planned: " + strings.Join(problems, "; ")
		for _, s := range ordered {
			out.add(s.ID, reason)
		}
		return out.result(nil)
	}
	pl := newPlanner(p)
	usable := usableBases(bases)
	var index *geo.Index
	if len(usable) > 0 {
		points := make([]geo.Point, len(usable))
		for i, b := range usable {
			points[i] = b.At
		}
		index = geo.NewIndex(points, 0)
	}

	// The nearest base of every stop that has a usable place, found on
	// every core: it is most of the work before the beats are built.
	nearest := make([]int, len(ordered))
	if index != nil {
		lots.Run(len(ordered), func(from, to int) {
			for i := from; i < to; i++ {
				if stopProblem(ordered[i]) == "" {
					nearest[i], _, _ = index.Nearest(ordered[i].At)
				}
			}
		})
	}
	var members []member
	for i, s := range ordered {
		if i > 0 && s.ID == ordered[i-1].ID {
			out.add(s.ID, fmt.Sprintf("station id %q is given more than once; it is planned once", s.ID))
			continue
		}
		if reason := stopProblem(s); reason != "" {
			out.add(s.ID, reason)
			continue
		}
		rounds, ok := pl.roundsNeeded(s)
		if !ok {
			out.add(s.ID, fmt.Sprintf("station %s asks for visits more often than once a minute; consider a static officer", s.ID))
			continue
		}
		if index == nil {
			out.add(s.ID, fmt.Sprintf("station %s has no police base to patrol from", s.ID))
			continue
		}
		members = append(members, member{stop: i, base: nearest[i], rounds: rounds})
	}
	slices.SortFunc(members, func(a, b member) int {
		return cmp.Or(cmp.Compare(a.base, b.base), cmp.Compare(b.rounds, a.rounds), cmp.Compare(a.stop, b.stop))
	})
	var groups []group
	for i := 0; i < len(members); {
		j := i
		g := group{base: members[i].base, rounds: members[i].rounds}
		for ; j < len(members) && members[j].base == g.base && members[j].rounds == g.rounds; j++ {
			g.stops = append(g.stops, members[j].stop)
		}
		groups = append(groups, g)
		i = j
	}

	built := pl.buildAll(groups, ordered, usable)
	var beats []Beat
	for gi, g := range groups {
		for _, bb := range built[gi] {
			beat, unserved := pl.timetable(bb, g, ordered, usable[g.base])
			for _, u := range unserved {
				out.add(u.id, u.reason)
			}
			beats = append(beats, beat)
		}
	}
	width := max(3, len(strconv.Itoa(len(beats))))
	for i := range beats {
		beats[i].ID = fmt.Sprintf("B%0*d", width, i+1)
	}
	return out.result(beats)
}

// member is a stop waiting to be put on a beat.
type member struct{ stop, base, rounds int }

// group is the stops of one base that need the same number of rounds.
type group struct {
	base, rounds int
	stops        []int // positions in the sorted stops, ascending
}

// builtBeat is a beat's route before it is timed.
type builtBeat struct {
	route   []int   // positions in the sorted stops, in route order
	boundKm float64 // lower bound on the straight-line loop
}

// planner holds the parameters, checked and with defaults filled in.
type planner struct {
	Params
	window, visitH float64
	officers       int
	maxRounds      int
}

func newPlanner(p Params) *planner {
	pl := &planner{Params: p, window: p.Closes - p.Opens, visitH: p.MinutesPerVisit / 60, officers: p.OfficersPerBeat}
	if pl.officers <= 0 {
		pl.officers = 1
	}
	pl.maxRounds = max(1, int(pl.window*60))
	return pl
}

// hours is the time one round takes over a straight-line loop of km
// visiting n stops.
func (pl *planner) hours(km float64, n int) float64 {
	return km*pl.RoadFactor/pl.SpeedKmh + float64(n)*pl.visitH
}

// roundsNeeded is how many evenly spaced rounds meet s's need; ok is false
// for a need that no patrol could meet (more than a round a minute).
func (pl *planner) roundsNeeded(s Stop) (rounds int, ok bool) {
	need := float64(s.Visits)
	if s.EveryH > 0 {
		// Rounds Opens + k×window/R apart meet EveryH when window/R ≤ EveryH;
		// the epsilon keeps 15/0.3 = 50.000000000000007 from asking for 51.
		need = max(need, math.Ceil(pl.window/s.EveryH-1e-9))
	}
	if need > float64(pl.maxRounds) {
		return 0, false
	}
	return int(need), true
}

func (p Params) problems() []string {
	var out []string
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	if !finite(p.RoadFactor) || p.RoadFactor <= 0 {
		out = append(out, fmt.Sprintf("the road factor must be positive (got %v)", p.RoadFactor))
	}
	if !finite(p.SpeedKmh) || p.SpeedKmh <= 0 {
		out = append(out, fmt.Sprintf("the average speed must be a positive number of km/h (got %v)", p.SpeedKmh))
	}
	if !finite(p.MinutesPerVisit) || p.MinutesPerVisit < 0 {
		out = append(out, fmt.Sprintf("the minutes per visit must not be negative (got %v)", p.MinutesPerVisit))
	}
	if !finite(p.Opens) || !finite(p.Closes) || p.Opens < 0 || p.Closes <= p.Opens || p.Closes-p.Opens > 24 {
		out = append(out, fmt.Sprintf("the poll must open at or after midnight and close after it opens, within a day (got %v to %v)", p.Opens, p.Closes))
	}
	if !finite(p.BriefingHours) || p.BriefingHours < 0 {
		out = append(out, fmt.Sprintf("the briefing hours must not be negative (got %v)", p.BriefingHours))
	}
	return out
}

func usablePoint(p geo.Point) bool {
	return !math.IsNaN(p.Lat) && !math.IsNaN(p.Lon) && math.Abs(p.Lat) <= 90 && math.Abs(p.Lon) <= 180
}

func stopProblem(s Stop) string {
	switch {
	case !usablePoint(s.At):
		return fmt.Sprintf("station %s has no usable location (latitude %v, longitude %v)", s.ID, s.At.Lat, s.At.Lon)
	case s.Visits < 0 || math.IsNaN(s.EveryH) || math.IsInf(s.EveryH, 0) || s.EveryH < 0:
		return fmt.Sprintf("station %s has an unusable visit need (%d visits, every %v h)", s.ID, s.Visits, s.EveryH)
	case s.Visits == 0 && s.EveryH == 0:
		return fmt.Sprintf("station %s asks for no patrol visits", s.ID)
	}
	return ""
}

// compareStops orders stops by id, then by every other field, so the
// order never depends on the caller's.
func compareStops(a, b Stop) int {
	return cmp.Or(strings.Compare(a.ID, b.ID), cmp.Compare(a.At.Lat, b.At.Lat), cmp.Compare(a.At.Lon, b.At.Lon),
		cmp.Compare(a.Visits, b.Visits), cmp.Compare(a.EveryH, b.EveryH))
}

// usableBases returns the bases with a usable location, sorted by name
// (then location), so that nearest-base ties do not depend on input order.
func usableBases(bases []Base) []Base {
	var out []Base
	for _, b := range bases {
		if usablePoint(b.At) {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b Base) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.At.Lat, b.At.Lat), cmp.Compare(a.At.Lon, b.At.Lon))
	})
	return out
}

// unserved is a stop a beat cannot serve as asked, and why.
type unserved struct{ id, reason string }

// timetable times a built beat and checks it against its stops' needs. It
// returns, in route order, the stops the beat cannot serve as asked.
func (pl *planner) timetable(bb builtBeat, g group, stops []Stop, base Base) (Beat, []unserved) {
	beat := Beat{Base: base.Name, Rounds: g.rounds}
	legs := make([]float64, 0, len(bb.route)+1) // road km of each leg, the return last
	prev := base.At
	for _, s := range bb.route {
		beat.Route = append(beat.Route, stops[s].ID)
		legs = append(legs, geo.DistanceKm(prev, stops[s].At)*pl.RoadFactor)
		prev = stops[s].At
	}
	legs = append(legs, geo.DistanceKm(prev, base.At)*pl.RoadFactor)
	for _, km := range legs {
		beat.LoopKm += km
	}
	beat.LoopHours = beat.LoopKm/pl.SpeedKmh + float64(len(bb.route))*pl.visitH
	// Rounding can make the bound a hair longer than an optimal route.
	beat.LowerBoundKm = min(bb.boundKm*pl.RoadFactor, beat.LoopKm)

	if beat.LoopHours*float64(beat.Rounds) > pl.window+hourEps {
		// Too long for the rounds asked: drive as many as fit, spread evenly.
		beat.Rounds = 0
		if beat.LoopHours > 0 {
			beat.Rounds = min(g.rounds, int(math.Floor(pl.window/beat.LoopHours+1e-9)))
		}
	}
	for r := range beat.Rounds {
		at := pl.Opens + float64(r)*pl.window/float64(beat.Rounds)
		for i, s := range bb.route {
			if i > 0 {
				at += pl.visitH
			}
			at += legs[i] / pl.SpeedKmh
			beat.Visits = append(beat.Visits, Visit{Stop: stops[s].ID, Round: r + 1, At: at})
		}
	}
	beat.DistanceKm = beat.LoopKm * float64(beat.Rounds)
	if beat.Rounds > 0 {
		beat.OfficerHours = float64(pl.officers) * (float64(beat.Rounds)*beat.LoopHours + pl.BriefingHours)
	}

	var out []unserved
	for _, s := range bb.route {
		if pl.serves(beat, stops[s]) {
			continue
		}
		if len(bb.route) == 1 {
			out = append(out, unserved{stops[s].ID, fmt.Sprintf("station %s is %.0f km from the nearest base (%s): one round takes %.1f h, so it cannot be visited %s; consider a static officer",
				stops[s].ID, geo.DistanceKm(stops[s].At, base.At), base.Name, beat.LoopHours, pl.need(stops[s]))})
		} else {
			out = append(out, unserved{stops[s].ID, fmt.Sprintf("station %s is on a beat from %s whose round takes %.1f h, so it cannot be visited %s",
				stops[s].ID, base.Name, beat.LoopHours, pl.need(stops[s]))})
		}
	}
	beat.Fits = len(out) == 0
	return beat, out
}

// serves reports whether the beat's timetable meets s's need: enough
// visits, all within the poll, none further apart than EveryH.
func (pl *planner) serves(beat Beat, s Stop) bool {
	var times []float64
	for _, v := range beat.Visits {
		if v.Stop != s.ID {
			continue
		}
		if v.At < pl.Opens-hourEps || v.At > pl.Closes+hourEps {
			return false
		}
		times = append(times, v.At)
	}
	if len(times) == 0 || len(times) < s.Visits {
		return false
	}
	if s.EveryH > 0 {
		last := pl.Opens
		for _, at := range append(times, pl.Closes) {
			if at-last > s.EveryH+hourEps {
				return false
			}
			last = at
		}
	}
	return true
}

// need says how often s must be visited, for messages.
func (pl *planner) need(s Stop) string {
	if s.EveryH > 0 && math.Ceil(pl.window/s.EveryH-1e-9) >= float64(s.Visits) {
		return "every " + strconv.FormatFloat(s.EveryH, 'f', -1, 64) + " h"
	}
	return fmt.Sprintf("%d times between %s and %s", s.Visits, clock(pl.Opens), clock(pl.Closes))
}

// clock formats hours after midnight as hh:mm.
func clock(h float64) string {
	m := int(math.Round(h * 60))
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// unplanned collects stops that cannot be planned and why.
type unplanned struct {
	ids     []string
	reasons map[string]string
}

func (u *unplanned) add(id, reason string) {
	if u.reasons == nil {
		u.reasons = map[string]string{}
	}
	if r, ok := u.reasons[id]; ok {
		u.reasons[id] = r + "; " + reason
		return
	}
	u.ids = append(u.ids, id)
	u.reasons[id] = reason
}

func (u *unplanned) result(beats []Beat) Result {
	res := Result{Beats: beats, Unplanned: slices.Sorted(slices.Values(u.ids)), Reasons: u.reasons}
	if res.Reasons == nil {
		res.Reasons = map[string]string{}
	}
	for _, b := range beats {
		res.TotalKm += b.DistanceKm
		res.OfficerHours += b.OfficerHours
	}
	return res
}
