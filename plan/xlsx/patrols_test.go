package xlsx

import (
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// The Patrols sheet holds one row per planned visit, in beat and time
// order, each a real date-time inside the poll, with a drop-down to tick
// it off; the Beats sheet one row per beat with its route against the
// bound.
func TestPatrolSheets(t *testing.T) {
	p := generalElection(t)
	f := open(t, render(t, p))
	visits := 0
	for _, b := range p.Patrols.Beats {
		visits += len(b.Visits)
	}
	rs := rows(t, f, sheetPatrols)
	if len(rs)-1 != visits || visits == 0 {
		t.Fatalf("%d visit rows, the plan has %d visits", len(rs)-1, visits)
	}
	if got := len(rows(t, f, sheetBeats)) - 2; got != len(p.Patrols.Beats) {
		t.Errorf("%d beat rows, want %d (plus the total)", got, len(p.Patrols.Beats))
	}
	opens := time.Date(2029, 5, 3, 7, 0, 0, 0, time.UTC)
	closes := time.Date(2029, 5, 3, 22, 0, 0, 0, time.UTC)
	first := p.Patrols.Beats[0].Visits[0]
	if rs[1][0] != p.Patrols.Beats[0].ID || rs[1][4] != first.Station {
		t.Errorf("first row %q, want beat %s station %s", rs[1], p.Patrols.Beats[0].ID, first.Station)
	}
	for r := 2; r <= visits+1; r++ {
		cell := cellOf(t, f, sheetPatrols, "Planned time", r)
		raw, err := f.GetCellValue(sheetPatrols, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		serial, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			t.Fatalf("%s is %q, not a date-time", cell, raw)
		}
		at := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Add(time.Duration(serial * 24 * float64(time.Hour)))
		if at.Before(opens.Add(-time.Minute)) || at.After(closes.Add(time.Minute)) {
			t.Errorf("%s: visit at %s is outside the poll", cell, at)
		}
	}
	dvs, err := f.GetDataValidations(sheetPatrols)
	if err != nil || len(dvs) != 1 {
		t.Fatalf("Patrols has %d data validations (%v), want the Visited drop-down", len(dvs), err)
	}
}
