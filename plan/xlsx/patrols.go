package xlsx

import (
	"fmt"
	"strings"
	"time"

	"github.com/electplan/electplan/plan"
	"github.com/xuri/excelize/v2"
)

// The patrol sheets: Beats, one row per beat with its route's length
// against the lower bound, and Patrols, one row per station in beat and
// route order with its planned visit times and a column for the visits
// made on the day.
const (
	sheetBeats   = "Beats"
	sheetPatrols = "Patrols"

	colVisitsMade = "Visits made"
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
	if len(us) > 10 {
		return fmt.Sprintf("Not patrolled as needed: %d stations, each listed with the reason at the end of sheet %s.", len(us), sheetPatrols)
	}
	parts := make([]string, len(us))
	for i, u := range us {
		parts[i] = u.Reason
	}
	return "Not patrolled as needed: " + strings.Join(parts, "; ")
}

func (w *writer) patrols() error {
	cols := []column{
		text("Beat", 8), wrap("Base", 30), whole("Order"), text("Station", 10), wrap("Station name", 34),
		text("Constituency", 12), coloured(text("RAG", 8), byRAG), whole("Visits"), dateTimeCol("First visit"),
		text("Then every", 10), dateTimeCol("Last visit"), wrap("Planned times", 40), whole(colVisitsMade), wrap("Notes", 40),
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
		times := make(map[string][]plan.DateTime, len(b.Route))
		for _, v := range b.Visits {
			times[v.Station] = append(times[v.Station], v.At)
		}
		for i, id := range b.Route {
			var name, constituency, rag string
			if s := stations[id]; s != nil {
				name, constituency, rag = s.Name, s.Constituency, s.RAG
			}
			ts := times[id]
			var first, last any
			every := ""
			clock := make([]string, len(ts))
			for k, at := range ts {
				clock[k] = at.In(plan.London).Format("15:04")
			}
			if len(ts) > 0 {
				first, last = ts[0], ts[len(ts)-1]
			}
			if len(ts) > 1 {
				step := ts[len(ts)-1].Sub(ts[0].Time) / time.Duration(len(ts)-1)
				every = fmt.Sprintf("%d h %02d", int(step.Hours()), int(step.Minutes())%60)
			}
			if err := t.add(b.ID, b.Base, i+1, id, name, constituency, rag, len(ts), first, every, last,
				strings.Join(clock, ", "), nil, nil); err != nil {
				return err
			}
		}
	}
	// Stations that need visits but are on no beat follow, with the
	// reason, so the SPOC can see and arrange them.
	for _, u := range w.p.Patrols.Unplanned {
		var name, constituency, rag string
		if s := stations[u.Station]; s != nil {
			name, constituency, rag = s.Name, s.Constituency, s.RAG
		}
		if err := t.add("none", nil, nil, u.Station, name, constituency, rag, 0, nil, nil, nil, nil, nil,
			"Not on a beat: "+u.Reason); err != nil {
			return err
		}
	}
	made := excelize.NewDataValidation(true)
	if err := made.SetRange(0, 999, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	made.SetInput(colVisitsMade, "How many of the planned visits were made on the day?")
	made.SetError(excelize.DataValidationErrorStyleStop, colVisitsMade, "Give a whole number of visits.")
	if err := t.validate(colIndex(cols, colVisitsMade), made); err != nil {
		return err
	}
	return t.close()
}
