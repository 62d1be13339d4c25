// Package xlsx renders a finished plan as plan.xlsx, the SPOC's working
// copy: one sheet per part of the plan, header rows frozen and filtered,
// bands coloured by conditional format, dates as dates and numbers as
// numbers, protectively marked when printed.
//
// It owns layout only. Every row comes from a slice or total the Plan
// already holds, in the order the Plan gives, so the workbook can never
// disagree with plan.pdf or plan.json. Free text is always written as a
// text cell, never as a formula, and the same Plan gives byte-identical
// bytes.
package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/electplan/electplan/plan"
	"github.com/xuri/excelize/v2"
)

// The sheets, in workbook order: the ones PLAN-OUTPUT.md names, with
// the patrol sheets (Beats, Patrols) after Deployments and Revisions
// last.
const (
	sheetSummary         = "Summary"
	sheetTimetable       = "Timetable"
	sheetFlashpoints     = "Flashpoints"
	sheetCandidates      = "Candidates"
	sheetPollingStations = "PollingStations"
	sheetCounts          = "Counts"
	sheetDeployments     = "Deployments"
	sheetDemand          = "Demand"
	sheetDecisionLog     = "DecisionLog"
	sheetReviews         = "Reviews"
	sheetModel           = "Model"
	sheetRevisions       = "Revisions"
)

var sheetOrder = []string{
	sheetSummary, sheetTimetable, sheetFlashpoints, sheetCandidates, sheetPollingStations, sheetCounts,
	sheetDeployments, sheetBeats, sheetPatrols, sheetDemand, sheetDecisionLog, sheetReviews, sheetModel, sheetRevisions,
}

// writer holds what every sheet needs while the workbook is built.
type writer struct {
	f    *excelize.File
	p    *plan.Plan
	st   styles
	rows map[string]*sheetRows // by sheet part, for the zip writer
}

// Render lays p out as an XLSX workbook and returns its bytes. It never
// changes p. The bytes depend only on p: document dates and zip entry
// times are p.AsOf at 00:00 UTC, and zip entries are written in a fixed
// order. A nil plan is an error.
func Render(p *plan.Plan) ([]byte, error) {
	if p == nil {
		return nil, errors.New("render plan.xlsx: no plan")
	}
	f := excelize.NewFile()
	defer f.Close() // removes any temporary files a large streamed sheet used.

	w := &writer{f: f, p: p}
	if err := w.setUp(); err != nil {
		return nil, fmt.Errorf("render plan.xlsx: %w", err)
	}
	sheets := []struct {
		name  string
		write func() error
	}{
		{sheetSummary, w.summary},
		{sheetTimetable, w.timetable},
		{sheetFlashpoints, w.flashpoints},
		{sheetCandidates, w.candidates},
		{sheetPollingStations, w.pollingStations},
		{sheetCounts, w.counts},
		{sheetDeployments, w.deployments},
		{sheetBeats, w.beats},
		{sheetPatrols, w.patrols},
		{sheetDemand, w.demand},
		{sheetDecisionLog, w.decisionLog},
		{sheetReviews, w.reviews},
		{sheetModel, w.model},
		{sheetRevisions, w.revisions},
	}
	for _, s := range sheets {
		if err := s.write(); err != nil {
			return nil, fmt.Errorf("render plan.xlsx: sheet %s: %w", s.name, err)
		}
	}

	var buf bytes.Buffer
	f.SetZipWriter(newSortedZip(zipTime(p), w.rows))
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("render plan.xlsx: write workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// setUp creates the sheets in order, the styles and the document
// properties.
func (w *writer) setUp() error {
	f, p := w.f, w.p
	// A new file has one sheet, Sheet1: it becomes Summary, the sheet the
	// workbook opens on.
	if err := f.SetSheetName("Sheet1", sheetOrder[0]); err != nil {
		return fmt.Errorf("name sheet %s: %w", sheetOrder[0], err)
	}
	for _, name := range sheetOrder[1:] {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("add sheet %s: %w", name, err)
		}
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	w.st = st

	generator := p.Generator.Name
	if generator == "" {
		generator = "electplan"
	}
	creator := generator
	if p.Generator.Version != "" {
		creator += " " + p.Generator.Version
	}
	stamp := zipTime(p).Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          p.Force.Operation + " election policing plan",
		Subject:        p.Election.Name,
		Category:       p.Force.Marking,
		Creator:        creator,
		LastModifiedBy: creator,
		Created:        stamp,
		Modified:       stamp,
		Revision:       fmt.Sprint(p.Revision),
	}); err != nil {
		return fmt.Errorf("set document properties: %w", err)
	}
	if err := f.SetAppProps(&excelize.AppProperties{Application: generator}); err != nil {
		return fmt.Errorf("set application properties: %w", err)
	}
	return nil
}

// zipTime is the one time the workbook carries: the plan's as-of date at
// 00:00 UTC, never the clock. Zip times start in 1980, so an earlier (or
// missing) as-of date gives 1980-01-01.
func zipTime(p *plan.Plan) time.Time {
	t := time.Date(p.AsOf.Year(), p.AsOf.Month(), p.AsOf.Day(), 0, 0, 0, 0, time.UTC)
	if t.Year() < 1980 {
		return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t
}
