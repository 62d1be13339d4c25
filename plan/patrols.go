package plan

import (
	"fmt"
	"math"
	"slices"

	"github.com/electplan/electplan/plan/geo"
	"github.com/electplan/electplan/plan/patrol"
	"github.com/electplan/electplan/riskmodel"
)

// PatrolPlan is the polling-day patrol plan: the stations that need patrol
// visits grouped into beats, each a route from a base and back driven as
// often as its most demanding station needs, with a timetable of visits.
// Stations with static officers are not on beats.
type PatrolPlan struct {
	// PollOpens and PollCloses are the poll's hours, HH:MM.
	PollOpens       string  `json:"poll_opens"`
	PollCloses      string  `json:"poll_closes"`
	RoadFactor      float64 `json:"road_factor"`
	AverageSpeedKmh float64 `json:"average_speed_kmh"`
	MinutesPerVisit float64 `json:"minutes_per_visit"`
	OfficersPerBeat int     `json:"officers_per_beat"`
	// Beats are ordered by base, then most demanding first.
	Beats []PatrolBeat `json:"beats"`
	// Unplanned are the stations that need visits but are not patrolled
	// as their band needs, with why.
	Unplanned []UnplannedStation `json:"unplanned"`
	// Patrolled is the number of stations on beats; Static the number
	// covered by static officers instead.
	Patrolled int `json:"patrolled_stations"`
	Static    int `json:"static_stations"`
	Visits    int `json:"visits"`
	// TotalKm is the road distance of every round of every beat;
	// OfficerHours what the beats cost, briefing included.
	TotalKm      float64 `json:"total_km"`
	OfficerHours float64 `json:"officer_hours"`
	// RouteKm is the length of one round of every beat, LowerBoundKm the
	// sum of the beats' lower bounds, and RouteRatio the one over the
	// other: how much longer the routes are, at most, than the best.
	RouteKm      float64 `json:"route_km"`
	LowerBoundKm float64 `json:"lower_bound_km"`
	RouteRatio   float64 `json:"route_ratio"`
	// WorstRouteRatio is the largest ratio of any beat.
	WorstRouteRatio float64 `json:"worst_route_ratio"`
	// AllFit is true when every beat's timetable fits the poll.
	AllFit bool `json:"all_fit"`
}

// PatrolBeat is one beat.
type PatrolBeat struct {
	ID             string   `json:"id"`
	Base           string   `json:"base"`
	BaseLocation   Location `json:"base_location"`
	Constituencies []string `json:"constituencies"`
	// Route is the station ids in the order they are visited; the base is
	// the start and end of every round.
	Route []string `json:"route"`
	// Band is the highest band among the beat's stations, Score the
	// highest score: the beat's priority when officers are short.
	Band  riskmodel.Band `json:"band"`
	Score int            `json:"score"`
	// Rounds is how many times the route is driven.
	Rounds       int     `json:"rounds"`
	LoopKm       float64 `json:"loop_km"`
	LowerBoundKm float64 `json:"lower_bound_km"`
	RouteRatio   float64 `json:"route_ratio"`
	LoopHours    float64 `json:"loop_hours"`
	DistanceKm   float64 `json:"distance_km"`
	OfficerHours float64 `json:"officer_hours"`
	Fits         bool    `json:"fits"`
	// Visits is the timetable, in time order.
	Visits []PatrolVisit `json:"visits"`
}

// PatrolVisit is one planned visit.
type PatrolVisit struct {
	Station string   `json:"station"`
	Round   int      `json:"round"`
	At      DateTime `json:"at"`
}

// UnplannedStation is a station not patrolled as its band needs.
type UnplannedStation struct {
	Station string `json:"station"`
	Reason  string `json:"reason"`
}

// OfficersPerBeat is the crew of a polling-day patrol: one officer, as
// station visits are single-crewed.
const OfficersPerBeat = 1

// patrolInputs is what the patrol planner was given, kept for putting its
// result into the plan.
type patrolInputs struct {
	res        patrol.Result
	static     int
	noLocation []string
}

// planPatrols starts planning the polling-day beats from the stations'
// bands and the force's bases, and delivers the result on the channel.
// It reads the station plans and changes nothing, so the rest of the plan
// can be built meanwhile.
func (b *builder) planPatrols() <-chan patrolInputs {
	pp := b.m.Patrol
	opens, closes, _ := pp.PollHours() // checked when the model was loaded
	params := patrol.Params{
		RoadFactor: pp.RoadFactor, SpeedKmh: pp.AverageSpeedKmh, MinutesPerVisit: pp.MinutesPerVisit,
		Opens: opens, Closes: closes, OfficersPerBeat: OfficersPerBeat,
		BriefingHours: b.m.Deployments.BriefingTravelHours,
	}
	var in patrolInputs
	var stops []patrol.Stop
	for i := range b.p.PollingStations {
		s := &b.p.PollingStations[i]
		spec := b.m.Deployment("polling_station", s.Band)
		if spec.StaticOfficers > 0 {
			in.static++
			continue
		}
		if spec.Visits == 0 && spec.VisitEveryHours == 0 {
			continue
		}
		if s.Location == nil {
			in.noLocation = append(in.noLocation, s.ID)
			continue
		}
		stops = append(stops, patrol.Stop{ID: s.ID, At: geo.Point{Lat: s.Location.Lat, Lon: s.Location.Lon},
			Visits: spec.Visits, EveryH: spec.VisitEveryHours})
	}
	bases := make([]patrol.Base, len(b.in.Resources.Bases))
	for i, base := range b.in.Resources.Bases {
		bases[i] = patrol.Base{Name: base.Name, At: geo.Point{Lat: base.Location.Lat, Lon: base.Location.Lon}}
	}
	out := make(chan patrolInputs, 1)
	go func() {
		in.res = patrol.Plan(stops, bases, params)
		out <- in
	}()
	return out
}

// patrols puts the planned beats into the plan and each patrolled station
// on its beat. A station's own officer-hours then keep only what is not
// patrol (static officers, sergeant visits): the beat carries the rest.
func (b *builder) patrols(in patrolInputs) {
	pp := b.m.Patrol
	res := in.res
	out := PatrolPlan{PollOpens: pp.PollOpens, PollCloses: pp.PollCloses, RoadFactor: pp.RoadFactor,
		AverageSpeedKmh: pp.AverageSpeedKmh, MinutesPerVisit: pp.MinutesPerVisit, OfficersPerBeat: OfficersPerBeat,
		Beats: []PatrolBeat{}, Unplanned: []UnplannedStation{}, AllFit: true, Static: in.static}
	byID := make(map[string]*StationPlan, len(b.p.PollingStations))
	for i := range b.p.PollingStations {
		byID[b.p.PollingStations[i].ID] = &b.p.PollingStations[i]
	}
	baseAt := map[string]Location{}
	for _, base := range b.p.Resources.Bases {
		baseAt[base.Name] = base.Location
	}
	noLocation := in.noLocation

	day := b.in.Election.PollingDay
	for _, beat := range res.Beats {
		pb := PatrolBeat{ID: beat.ID, Base: beat.Base, BaseLocation: baseAt[beat.Base], Route: beat.Route,
			Rounds: beat.Rounds, LoopKm: round1(beat.LoopKm), LowerBoundKm: round1(beat.LowerBoundKm),
			RouteRatio: ratio(beat.LoopKm, beat.LowerBoundKm), LoopHours: round2(beat.LoopHours),
			DistanceKm: round1(beat.DistanceKm), OfficerHours: round1(beat.OfficerHours), Fits: beat.Fits,
			Band: riskmodel.Low, Constituencies: []string{}, Visits: make([]PatrolVisit, len(beat.Visits))}
		for _, id := range beat.Route {
			s := byID[id]
			if s.Band.Rank() > pb.Band.Rank() {
				pb.Band = s.Band
			}
			pb.Score = max(pb.Score, s.Score)
			if !slices.Contains(pb.Constituencies, s.Constituency) {
				pb.Constituencies = append(pb.Constituencies, s.Constituency)
			}
			if beat.Rounds > 0 { // a beat with no room for a round visits nobody
				s.Deployment = b.patrolledDeployment(s.Deployment, beat.ID)
			}
		}
		for i, v := range beat.Visits {
			minutes := int(math.Round(v.At * 60))
			pb.Visits[i] = PatrolVisit{Station: v.Stop, Round: v.Round, At: day.At(minutes/60, minutes%60)}
		}
		out.Beats = append(out.Beats, pb)
		out.Patrolled += len(beat.Route)
		out.Visits += len(beat.Visits)
		out.TotalKm += beat.DistanceKm
		out.OfficerHours += beat.OfficerHours
		out.RouteKm += beat.LoopKm
		out.LowerBoundKm += beat.LowerBoundKm
		out.WorstRouteRatio = max(out.WorstRouteRatio, pb.RouteRatio)
		out.AllFit = out.AllFit && beat.Fits
	}
	for _, id := range noLocation {
		out.Unplanned = append(out.Unplanned, UnplannedStation{Station: id,
			Reason: fmt.Sprintf("station %s has no location, so it is on no beat: give its location or plan its visits by hand", id)})
	}
	for _, id := range res.Unplanned {
		out.Unplanned = append(out.Unplanned, UnplannedStation{Station: id, Reason: res.Reasons[id]})
	}
	slices.SortFunc(out.Unplanned, func(a, c UnplannedStation) int { return naturalCompare(a.Station, c.Station) })
	out.AllFit = out.AllFit && len(out.Unplanned) == 0
	out.RouteRatio = ratio(out.RouteKm, out.LowerBoundKm)
	out.TotalKm, out.OfficerHours = round1(out.TotalKm), round1(out.OfficerHours)
	out.RouteKm, out.LowerBoundKm = round1(out.RouteKm), round1(out.LowerBoundKm)
	b.p.Patrols = out
}

// patrolledDeployment is a station's deployment once a beat covers its
// visits: the visits stay, their officer-hours move to the beat.
func (b *builder) patrolledDeployment(d Deployment, beat string) Deployment {
	d.Beat = beat
	visitHours := float64(d.Visits) * b.m.Deployments.VisitHours
	d.OfficerHours = round1(math.Max(0, d.OfficerHours-visitHours))
	note := fmt.Sprintf("patrol beat %s", beat)
	if !slices.Contains(d.Notes, note) {
		d.Notes = append(slices.Clone(d.Notes), note)
	}
	return d
}

// ratio is a/b to three places, or 1 when b is nothing (a beat whose one
// station is at its base).
func ratio(a, b float64) float64 {
	if b <= 0 {
		return 1
	}
	return math.Round(a/b*1000) / 1000
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// beatTitle names a beat for the demand and the plan's tables.
func beatTitle(beat PatrolBeat) string {
	return fmt.Sprintf("Patrol beat %s from %s: %s", beat.ID, beat.Base, Plural(len(beat.Route), "station", "stations"))
}
