package xlsx

import (
	"strings"

	"github.com/electplan/electplan/plan"
)

// The patrol sheets: Beats, one row per beat with its route's length
// against the lower bound, and Patrols, one row per planned visit in
// beat and time order, with a column to tick each visit off on the day.
const (
	sheetBeats   = "Beats"
	sheetPatrols = "Patrols"
)

func (w *writer) beats() error {
	t, err := w.openList(sheetBeats, []column{
		text("Beat", 8), wrap("Base", 30), text("Constituencies", 22), whole("Stations"), coloured(text("Band", 10), byBand),
		whole("Score"), whole("Rounds"), hoursCol("Round km"), hoursCol("Lower bound km"), coordCol("Route ratio"),
		hoursCol("Round hours"), hoursCol("Total km"), hoursCol("Officer-hours"), text("Fits the poll", 9),
		wrap("Route", 70),
	})
	if err != nil {
		return err
	}
	for _, b := range w.p.Patrols.Beats {
		if err := t.add(b.ID, b.Base, strings.Join(b.Constituencies, ", "), len(b.Route), string(b.Band), b.Score,
			b.Rounds, b.LoopKm, b.LowerBoundKm, b.RouteRatio, b.LoopHours, b.DistanceKm, hours(b.OfficerHours), b.Fits,
			strings.Join(b.Route, " → ")); err != nil {
			return err
		}
	}
	pp := w.p.Patrols
	if err := t.putAt(t.row+1, true, "Total", nil, nil, pp.Patrolled, nil, nil, nil, pp.RouteKm, pp.LowerBoundKm,
		pp.RouteRatio, nil, pp.TotalKm, hours(pp.OfficerHours), pp.AllFit, unplannedText(pp.Unplanned)); err != nil {
		return err
	}
	return t.close()
}

func unplannedText(us []plan.UnplannedStation) string {
	if len(us) == 0 {
		return "Every station that needs visits is on a beat."
	}
	parts := make([]string, len(us))
	for i, u := range us {
		parts[i] = u.Reason
	}
	return "Not patrolled as needed: " + strings.Join(parts, "; ")
}

func (w *writer) patrols() error {
	cols := []column{
		text("Beat", 8), wrap("Base", 30), whole("Round"), whole("Order"), text("Station", 10), wrap("Station name", 34),
		text("Constituency", 12), coloured(text("RAG", 8), byRAG), dateTimeCol("Planned time"),
		text(colVisited, 9), wrap("Notes", 40),
	}
	t, err := w.openList(sheetPatrols, cols)
	if err != nil {
		return err
	}
	stations := make(map[string]*plan.StationPlan, len(w.p.PollingStations))
	for i := range w.p.PollingStations {
		stations[w.p.PollingStations[i].ID] = &w.p.PollingStations[i]
	}
	for _, b := range w.p.Patrols.Beats {
		order, round := 0, 0
		for _, v := range b.Visits {
			if v.Round != round {
				order, round = 0, v.Round
			}
			order++
			var name, constituency, rag string
			if s := stations[v.Station]; s != nil {
				name, constituency, rag = s.Name, s.Constituency, s.RAG
			}
			if err := t.add(b.ID, b.Base, v.Round, order, v.Station, name, constituency, rag, v.At, nil, nil); err != nil {
				return err
			}
		}
	}
	if err := t.validate(colIndex(cols, colVisited), dropList("Visited",
		"Has this visit been made?", "Yes", "No")); err != nil {
		return err
	}
	return t.close()
}
