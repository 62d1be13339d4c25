package plan

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/electplan/electplan/internal/lots"
	"github.com/electplan/electplan/plan/geo"
	"github.com/electplan/electplan/riskmodel"
)

// Scores is every flashpoint and candidate of a plan folder scored by one
// model as of one date. Items keep the order of the inputs; callers sort.
type Scores struct {
	Model      *riskmodel.Model
	AsOf       Date
	Events     []ScoredEvent
	Stations   []ScoredStation
	Counts     []ScoredCount
	Candidates []ScoredCandidate
}

// ScoredEvent is an event with its window and assessment.
type ScoredEvent struct {
	Event      *Event
	Start, End DateTime
	Assessment riskmodel.Assessment
}

// ScoredStation is a polling station with its assessment.
type ScoredStation struct {
	Station    *PollingStation
	Assessment riskmodel.Assessment
}

// ScoredCount is a count with its window and assessment.
type ScoredCount struct {
	Count      *Count
	Start, End DateTime
	Assessment riskmodel.Assessment
}

// ScoredCandidate is a candidate with their risk profile.
type ScoredCandidate struct {
	Candidate    *Candidate
	Assessment   riskmodel.CandidateAssessment
	PublicEvents int
}

// Score scores every event, polling station, count and candidate. Only
// incidents dated on or before asOf count. Party is never read: the
// factors passed to the model have no field that could carry it.
func Score(in *Inputs, m *riskmodel.Model, asOf Date) *Scores {
	s := &Scores{Model: m, AsOf: asOf}
	inc := incidentsByTarget(in.Incidents, asOf)

	// Candidates first: their tiers feed the events and counts they attend.
	publicEvents := map[string]int{}
	for _, e := range in.Events {
		if e.PublicAccess == "invite-only" {
			continue
		}
		for _, id := range e.Candidates {
			publicEvents[id]++
		}
	}
	type tierOf struct {
		tier riskmodel.Tier
		who  string
	}
	tiers := map[string]tierOf{}
	for i := range in.Candidates {
		c := &in.Candidates[i]
		sc := ScoredCandidate{Candidate: c, PublicEvents: publicEvents[c.ID],
			Assessment: m.ScoreCandidate(candidateFactors(c, inc.candidates[c.ID], publicEvents[c.ID]))}
		s.Candidates = append(s.Candidates, sc)
		tiers[c.ID] = tierOf{sc.Assessment.Tier, fmt.Sprintf("%s (%s)", c.Name, c.ID)}
	}
	highest := func(ids []string) (riskmodel.Tier, string) {
		var best tierOf
		for _, id := range ids {
			if t, ok := tiers[id]; ok && t.tier.Rank() > best.tier.Rank() {
				best = t
			}
		}
		return best.tier, best.who
	}

	bases := make([]geo.Point, len(in.Resources.Bases))
	for i, b := range in.Resources.Bases {
		bases[i] = geo.Point{Lat: b.Location.Lat, Lon: b.Location.Lon}
	}
	baseIndex := geo.NewIndex(bases, 0)
	nearestBase := func(l *Location) *riskmodel.BaseDistance {
		if l == nil {
			return nil
		}
		i, km, ok := baseIndex.Nearest(geo.Point{Lat: l.Lat, Lon: l.Lon})
		if !ok {
			return nil
		}
		return &riskmodel.BaseDistance{Base: in.Resources.Bases[i].Name, Km: km}
	}

	eventFactors := make([]riskmodel.EventFactors, len(in.Events))
	for i := range in.Events {
		e := &in.Events[i]
		start, end := EventWindow(e, m)
		f := riskmodel.EventFactors{
			Livestreamed: e.Livestreamed, OpenAccess: e.PublicAccess == "" || e.PublicAccess == "open",
			Topics: e.Topics, Incidents: inc.events[e.ID], ExpectedAttendance: e.ExpectedAttendance,
			Indoor: e.Venue.Indoor, Capacity: e.Venue.Capacity, NearestBase: nearestBase(e.Venue.Location),
		}
		if intel := e.Intelligence; intel != nil {
			f.Protest, f.CounterProtest, f.ViolenceIndicated, f.Tension =
				string(intel.Protest), intel.CounterProtest, intel.ViolenceIndicated, string(intel.Tension)
		}
		f.AttendingTier, f.AttendingTierOf = highest(e.Candidates)
		eventFactors[i] = f
		s.Events = append(s.Events, ScoredEvent{Event: e, Start: start, End: end, Assessment: m.ScoreEvent(f)})
	}

	// A whole country's stations are scored on every core: each on its
	// own, into its own place.
	stationFactors := make([]riskmodel.StationFactors, len(in.PollingStations))
	s.Stations = make([]ScoredStation, len(in.PollingStations))
	lots.Run(len(in.PollingStations), func(from, to int) {
		for i := from; i < to; i++ {
			st := &in.PollingStations[i]
			f := riskmodel.StationFactors{Incidents: inc.stations[st.ID], IncidentsLastElection: st.IncidentsLastElection,
				RORating: string(st.RORating), NearestBase: nearestBase(st.Location)}
			stationFactors[i] = f
			s.Stations[i] = ScoredStation{Station: st, Assessment: m.ScoreStation(f)}
		}
	})

	standingIn := map[string][]string{}
	for _, cand := range in.Candidates {
		standingIn[cand.Constituency] = append(standingIn[cand.Constituency], cand.ID)
	}
	countFactors := make([]riskmodel.CountFactors, len(in.Counts))
	for i := range in.Counts {
		c := &in.Counts[i]
		start, end := CountWindow(c, in.Election.PollingDay, m)
		var standing []string
		for _, code := range c.Constituencies {
			standing = append(standing, standingIn[code]...)
		}
		f := riskmodel.CountFactors{ExpectedAttendance: c.ExpectedAttendance, Indoor: c.Venue.Indoor,
			Capacity: c.Venue.Capacity, NationalMedia: c.Media == "national", NearestBase: nearestBase(c.Venue.Location)}
		f.AttendingTier, f.AttendingTierOf = highest(standing)
		countFactors[i] = f
		s.Counts = append(s.Counts, ScoredCount{Count: c, Start: start, End: end, Assessment: m.ScoreCount(f)})
	}

	// Concurrency, judged on the bands found so far, then a second pass.
	fps := s.flashpoints(in.Election.PollingDay)
	for _, hit := range concurrent(fps, m.Flashpoint.Likelihood.ConcurrencyRadiusKm) {
		switch hit.kind {
		case kindEvent:
			eventFactors[hit.index].ConcurrentWith = hit.with
			s.Events[hit.index].Assessment = m.ScoreEvent(eventFactors[hit.index])
		case kindStation:
			stationFactors[hit.index].ConcurrentWith = hit.with
			s.Stations[hit.index].Assessment = m.ScoreStation(stationFactors[hit.index])
		case kindCount:
			countFactors[hit.index].ConcurrentWith = hit.with
			s.Counts[hit.index].Assessment = m.ScoreCount(countFactors[hit.index])
		}
	}
	return s
}

func candidateFactors(c *Candidate, incidents []string, publicEvents int) riskmodel.CandidateFactors {
	f := riskmodel.CandidateFactors{
		ThreatHistory: orDefault(string(c.ThreatHistory), "none"), FixatedConcern: orDefault(string(c.FixatedConcern), "none"),
		OnlineAbuse: orDefault(string(c.OnlineAbuse), "none"), Incidents: incidents,
		Incumbency: orDefault(string(c.Incumbency), "none"), Prominence: orDefault(string(c.Prominence), "local"),
		HomeAddressPublic: c.HomeAddressPublic, PublicEvents: publicEvents,
	}
	for _, pm := range c.ProtectiveMeasures {
		switch pm {
		case "private-security", "close-protection":
			f.PersonalSecurity = append(f.PersonalSecurity, string(pm))
		case "home-security":
			f.HomeSecurity = true
		}
	}
	if o := c.Override; o != nil {
		f.Override = &riskmodel.Override{Delta: o.TierDelta, Rationale: o.Rationale, DecidedBy: o.DecidedBy}
	}
	return f
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// EventWindow is when an event runs: its start, and its end or the
// model's default duration after the start.
func EventWindow(e *Event, m *riskmodel.Model) (start, end DateTime) {
	start = e.Start
	if e.End != nil {
		return start, *e.End
	}
	return start, DateTime{start.Add(hours(m.Deployments.DefaultEventHours))}
}

// CountWindow is when a count runs: from its start (22:00 on polling day
// by default) to the expected declaration, or the model's default length.
func CountWindow(c *Count, pollingDay Date, m *riskmodel.Model) (start, end DateTime) {
	start = pollingDay.At(22, 0)
	if c.Start != nil {
		start = *c.Start
	}
	if c.ExpectedDeclaration != nil {
		return start, *c.ExpectedDeclaration
	}
	return start, DateTime{start.Add(hours(m.Deployments.DefaultCountHours))}
}

// PollWindow is when the poll is open on polling day.
func PollWindow(pollingDay Date, m *riskmodel.Model) (opens, closes DateTime) {
	o, c, _ := m.Patrol.PollHours() // checked when the model was loaded
	midnight := pollingDay.At(0, 0)
	return DateTime{midnight.Add(hours(o))}, DateTime{midnight.Add(hours(c))}
}

func hours(h float64) time.Duration { return time.Duration(h * float64(time.Hour)) }

// incidentsOf holds the ids of incidents this period by what they name.
type incidentsOf struct {
	candidates, events, stations map[string][]string
}

func incidentsByTarget(incidents []Incident, asOf Date) incidentsOf {
	sorted := slices.Clone(incidents)
	slices.SortStableFunc(sorted, func(a, b Incident) int {
		return cmp.Or(a.Date.Compare(b.Date.Time), cmp.Compare(a.ID, b.ID))
	})
	out := incidentsOf{map[string][]string{}, map[string][]string{}, map[string][]string{}}
	for _, inc := range sorted {
		if !asOf.IsZero() && inc.Date.After(asOf) {
			continue // not yet happened as of the plan's date
		}
		if inc.Candidate != "" {
			out.candidates[inc.Candidate] = append(out.candidates[inc.Candidate], inc.ID)
		}
		if inc.Event != "" {
			out.events[inc.Event] = append(out.events[inc.Event], inc.ID)
		}
		if inc.PollingStation != "" {
			out.stations[inc.PollingStation] = append(out.stations[inc.PollingStation], inc.ID)
		}
	}
	return out
}

// Kinds of flashpoint, for concurrency and labels.
const (
	kindEvent = iota
	kindStation
	kindCount
)

// flashpoint is the common view of events, stations and counts that the
// concurrency check needs.
type flashpoint struct {
	kind, index int
	label       string
	at          geo.Point
	start, end  time.Time
	band        riskmodel.Band
}

func (s *Scores) flashpoints(pollingDay Date) []flashpoint {
	out := make([]flashpoint, 0, len(s.Events)+len(s.Stations)+len(s.Counts))
	add := func(kind, index int, label string, l *Location, start, end time.Time, b riskmodel.Band) {
		if l != nil {
			out = append(out, flashpoint{kind, index, label, geo.Point{Lat: l.Lat, Lon: l.Lon}, start, end, b})
		}
	}
	for i, e := range s.Events {
		add(kindEvent, i, "event "+e.Event.ID, e.Event.Venue.Location, e.Start.Time, e.End.Time, e.Assessment.Band)
	}
	opens, closes := PollWindow(pollingDay, s.Model)
	for i, st := range s.Stations {
		add(kindStation, i, "station "+st.Station.ID, st.Station.Location, opens.Time, closes.Time, st.Assessment.Band)
	}
	for i, c := range s.Counts {
		add(kindCount, i, "count "+c.Count.ID, c.Count.Venue.Location, c.Start.Time, c.End.Time, c.Assessment.Band)
	}
	return out
}

type concurrency struct {
	kind, index int
	with        string
}

// concurrent finds, for each flashpoint, the nearest other flashpoint of
// medium band or above within radiusKm whose time overlaps its own. It
// uses a spatial index of the medium-or-higher flashpoints, so the work
// grows with the number of flashpoints, not its square.
func concurrent(fps []flashpoint, radiusKm float64) []concurrency {
	var hot []int
	var points []geo.Point
	for i, f := range fps {
		if f.band.AtLeast(riskmodel.Medium) {
			hot = append(hot, i)
			points = append(points, f.at)
		}
	}
	index := geo.NewIndex(points, radiusKm)
	var out []concurrency
	for i, f := range fps {
		best, bestKm := -1, 0.0
		index.Within(f.at, radiusKm, func(j int, km float64) {
			o := fps[hot[j]]
			if hot[j] == i || !o.start.Before(f.end) || !f.start.Before(o.end) {
				return
			}
			if best < 0 || km < bestKm || (km == bestKm && o.label < fps[best].label) {
				best, bestKm = hot[j], km
			}
		})
		if best >= 0 {
			out = append(out, concurrency{f.kind, f.index, fps[best].label})
		}
	}
	return out
}
