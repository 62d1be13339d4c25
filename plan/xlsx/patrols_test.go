package xlsx

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/riskmodel"
	"github.com/xuri/excelize/v2"
)

// The Patrols sheet holds one row per patrolled station in beat and route
// order, with its first and last visits as real date-times inside the
// poll and a checked column for the visits made; the Beats sheet one row
// per beat with its route against the bound.
func TestPatrolSheets(t *testing.T) {
	p := generalElection(t)
	f := open(t, render(t, p))
	stations := 0
	for _, b := range p.Patrols.Beats {
		stations += len(b.Route)
	}
	rs := rows(t, f, sheetPatrols)
	if len(rs)-1 != stations || stations == 0 {
		t.Fatalf("%d station rows, the plan's beats have %d stations", len(rs)-1, stations)
	}
	if got := len(rows(t, f, sheetBeats)) - 2; got != len(p.Patrols.Beats) {
		t.Errorf("%d beat rows, want %d (plus the total)", got, len(p.Patrols.Beats))
	}
	b0 := p.Patrols.Beats[0]
	if rs[1][0] != b0.ID || rs[1][3] != b0.Route[0] || rs[2][3] != b0.Route[1] {
		t.Errorf("first rows %q, %q: want beat %s stations %s, %s in route order", rs[1], rs[2], b0.ID, b0.Route[0], b0.Route[1])
	}
	opens := time.Date(2029, 5, 3, 7, 0, 0, 0, time.UTC)
	closes := time.Date(2029, 5, 3, 22, 0, 0, 0, time.UTC)
	for r := 2; r <= stations+1; r++ {
		for _, col := range []string{"First visit", "Last visit"} {
			cell := cellOf(t, f, sheetPatrols, col, r)
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
	}
	dvs, err := f.GetDataValidations(sheetPatrols)
	if err != nil || len(dvs) != 1 || dvs[0].Type != "whole" {
		t.Fatalf("Patrols has data validations %+v (%v), want a whole number of visits made", dvs, err)
	}
}

// Stations that need visits but are on no beat follow the beats on the
// Patrols sheet, each with the reason, so the SPOC can arrange them.
func TestUnplannedStationsListed(t *testing.T) {
	in, err := plan.LoadDir(filepath.Join("..", "..", "examples", "by-election"))
	if err != nil {
		t.Fatal(err)
	}
	in.Resources.Bases = nil
	p, err := plan.Build(in, riskmodel.National(), plan.NewDate(2027, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, render(t, p))
	rs := rows(t, f, sheetPatrols)
	if len(rs)-1 != len(p.Patrols.Unplanned) || len(rs) < 2 {
		t.Fatalf("%d rows, want one per unplanned station (%d)", len(rs)-1, len(p.Patrols.Unplanned))
	}
	u := p.Patrols.Unplanned[0]
	row := rs[1]
	if row[0] != "none" || row[3] != u.Station || row[len(row)-1] != "Not on a beat: "+u.Reason {
		t.Errorf("first row %q: want beat none, station %s and the reason %q", row, u.Station, u.Reason)
	}
	beats := rows(t, f, sheetBeats)
	if total := beats[len(beats)-1]; !strings.Contains(strings.Join(total, " "), "each listed with the reason at the end of sheet Patrols") {
		t.Errorf("the Beats total row %q does not point to the stations listed", total)
	}
}
