package plan

import (
	"math"
	"testing"
	"time"

	"github.com/electplan/electplan/riskmodel"
)

// The general-election example's patrol plan covers every station that
// needs visits exactly once, from a real base, at its band's frequency,
// inside the poll, and its officer-hours reach polling day's demand.
func TestPatrolPlanCoversEveryStationAtItsFrequency(t *testing.T) {
	in, err := LoadDir("../examples/general-election")
	if err != nil {
		t.Fatal(err)
	}
	m := riskmodel.National()
	p, err := Build(in, m, NewDate(2029, 4, 20))
	if err != nil {
		t.Fatal(err)
	}
	pp := p.Patrols
	if len(pp.Beats) == 0 {
		t.Fatal("no beats")
	}
	bases := map[string]Location{}
	for _, b := range p.Resources.Bases {
		bases[b.Name] = b.Location
	}
	opens, closes := PollWindow(p.Election.PollingDay, m)

	onBeat := map[string]string{}
	for _, beat := range pp.Beats {
		if loc, ok := bases[beat.Base]; !ok || loc != beat.BaseLocation {
			t.Errorf("%s starts from %q, which is not a base of the force", beat.ID, beat.Base)
		}
		if !beat.Fits {
			t.Errorf("%s does not fit the poll", beat.ID)
		}
		if beat.RouteRatio < 1 || beat.LoopKm+0.05 < beat.LowerBoundKm {
			t.Errorf("%s: route %.1f km against a bound of %.1f km (ratio %.3f)", beat.ID, beat.LoopKm, beat.LowerBoundKm, beat.RouteRatio)
		}
		for _, id := range beat.Route {
			if prev, dup := onBeat[id]; dup {
				t.Errorf("station %s is on %s and %s", id, prev, beat.ID)
			}
			onBeat[id] = beat.ID
		}
	}
	visits := map[string][]time.Time{}
	for _, beat := range pp.Beats {
		for i, v := range beat.Visits {
			if v.At.Before(opens.Time) || v.At.After(closes.Time) {
				t.Errorf("%s: visit to %s at %s is outside the poll", beat.ID, v.Station, v.At)
			}
			if i > 0 && v.At.Before(beat.Visits[i-1].At.Time) {
				t.Errorf("%s: timetable out of order at %s", beat.ID, v.At)
			}
			if onBeat[v.Station] != beat.ID {
				t.Errorf("%s visits %s, which is not on its route", beat.ID, v.Station)
			}
			visits[v.Station] = append(visits[v.Station], v.At.Time)
		}
	}
	patrolled, static := 0, 0
	for _, s := range p.PollingStations {
		spec := m.Deployment("polling_station", s.Band)
		if spec.StaticOfficers > 0 {
			static++
			if _, ok := onBeat[s.ID]; ok {
				t.Errorf("station %s has static officers and is on a beat", s.ID)
			}
			continue
		}
		patrolled++
		beat, ok := onBeat[s.ID]
		if !ok {
			t.Errorf("station %s (%s) is on no beat", s.ID, s.Band)
			continue
		}
		if s.Deployment.Beat != beat {
			t.Errorf("station %s says beat %q, the plan says %s", s.ID, s.Deployment.Beat, beat)
		}
		times := visits[s.ID]
		if len(times) < spec.Visits {
			t.Errorf("station %s (%s): %d visits, its band needs %d", s.ID, s.Band, len(times), spec.Visits)
		}
		if every := spec.VisitEveryHours; every > 0 {
			last := opens.Time
			for _, at := range append(times, closes.Time) {
				if gap := at.Sub(last).Hours(); gap > every+1.0/60 {
					t.Errorf("station %s (%s): %.2f h without a visit, its band allows %.0f", s.ID, s.Band, gap, every)
				}
				last = at
			}
		}
		if s.Deployment.OfficerHours != 0 {
			t.Errorf("station %s keeps %.1f officer-hours of its own; the beat carries its visits", s.ID, s.Deployment.OfficerHours)
		}
	}
	if pp.Patrolled != patrolled || pp.Static != static || len(pp.Unplanned) != 0 {
		t.Errorf("patrolled %d (want %d), static %d (want %d), unplanned %v", pp.Patrolled, patrolled, pp.Static, static, pp.Unplanned)
	}
	if pp.RouteRatio < 1 || pp.RouteRatio > 1.1 || pp.WorstRouteRatio < pp.RouteRatio {
		t.Errorf("route ratio %.3f, worst %.3f", pp.RouteRatio, pp.WorstRouteRatio)
	}

	// The beats' officer-hours are polling day's patrol commitments.
	sum := 0.0
	for _, d := range p.Demand {
		if d.Date != p.Election.PollingDay {
			continue
		}
		for _, c := range append(d.Commitments, d.AtRisk...) {
			if c.Kind == "patrol" {
				sum += c.OfficerHours
			}
		}
	}
	if math.Abs(sum-pp.OfficerHours) > 0.05*float64(len(pp.Beats)) {
		t.Errorf("polling day carries %.1f patrol officer-hours, the beats cost %.1f", sum, pp.OfficerHours)
	}
}

// A station with no location cannot be put on a beat: it is listed with
// the reason and keeps its own estimate of officer-hours.
func TestStationWithoutLocationIsUnplanned(t *testing.T) {
	in, err := LoadDir("../examples/by-election")
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for i := range in.PollingStations {
		if s := &in.PollingStations[i]; s.Location != nil {
			s.Location, id = nil, s.ID
			break
		}
	}
	p, err := Build(in, riskmodel.National(), NewDate(2027, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Patrols.Unplanned) != 1 || p.Patrols.Unplanned[0].Station != id {
		t.Fatalf("unplanned %v, want station %s", p.Patrols.Unplanned, id)
	}
	if p.Patrols.AllFit {
		t.Error("all_fit with a station left off every beat")
	}
	for _, s := range p.PollingStations {
		if s.ID == id && (s.Deployment.Beat != "" || s.Deployment.OfficerHours == 0) {
			t.Errorf("station %s: beat %q, %.1f officer-hours", id, s.Deployment.Beat, s.Deployment.OfficerHours)
		}
	}
}

// A station too far from any base for even one round in the poll is on
// no beat's timetable: it keeps its own officer-hours and is listed as
// unplanned, so nothing it needs goes uncounted.
func TestStationBeyondAnyRoundKeepsItsHours(t *testing.T) {
	in, err := LoadDir("../examples/by-election")
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for i := range in.PollingStations {
		if s := &in.PollingStations[i]; s.Location != nil {
			l := LatLon(60.16, -1.15) // Lerwick, Shetland: a day's drive from Reading
			s.Location, id = &l, s.ID
			break
		}
	}
	p, err := Build(in, riskmodel.National(), NewDate(2027, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	unplanned := false
	for _, u := range p.Patrols.Unplanned {
		unplanned = unplanned || u.Station == id
	}
	if !unplanned {
		t.Errorf("station %s is not listed as unplanned: %v", id, p.Patrols.Unplanned)
	}
	for _, s := range p.PollingStations {
		if s.ID == id && (s.Deployment.Beat != "" || s.Deployment.OfficerHours == 0) {
			t.Errorf("station %s: beat %q, %.1f officer-hours: its visits are counted nowhere", id, s.Deployment.Beat, s.Deployment.OfficerHours)
		}
	}
}
