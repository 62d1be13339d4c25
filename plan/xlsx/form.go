package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/electplan/electplan/plan"
	"github.com/xuri/excelize/v2"
)

// The contribution form: a workbook a candidate, agent or party fills in
// without knowing YAML, and `electplan import contribution` reads back.
// Its sheets and the cells of "About you" are the form's contract with
// ReadContributionForm: change them together.
const (
	formInstructions = "Instructions"
	formAbout        = "About you"
	formEvents       = "Events"
	formConcerns     = "Concerns"
	formIncidents    = "Incidents"
	formRows         = 30 // empty rows offered on each list sheet
)

// FormOptions are what the form is prefilled with.
type FormOptions struct {
	Force          string // force name, for the instructions
	Election       string // election name
	PollingDay     plan.Date
	ReturnTo       string // how to return the form, e.g. the SPOC's email
	Kind           plan.ContributorKind
	CandidateID    string
	CandidateName  string
	Constituency   string // the candidate's constituency code, for party forms the default
	Party          string
	Constituencies []string // codes offered in the events' constituency drop-down
}

// The "About you" rows: label, and whether a drop-down or date applies.
var aboutRows = []struct{ label, key string }{
	{"Contributing as", "kind"},
	{"Your name", "name"},
	{"Candidate id (for a candidate or agent)", "candidate"},
	{"Party (for a party)", "party"},
	{"Your role (e.g. election agent)", "role"},
	{"Phone", "phone"},
	{"Email", "email"},
	{"How often would you like updates?", "updates"},
	{"Do you agree that the police may use this information to plan the policing of the election?", "consent"},
	{"Consent given by (name)", "given_by"},
	{"Date consent given", "consent_date"},
}

var (
	eventColumns = []string{"Your reference", "Kind", "Title", "Constituency (ONS code)", "Date", "Start time",
		"End time", "Venue name", "Address", "Postcode", "Expected attendance", "Public access", "Livestreamed",
		"Topics", "Candidates attending (ids)"}
	concernColumns  = []string{"Category", "Details, in your words"}
	incidentColumns = []string{"Your reference", "Date", "Kind", "How serious", "What happened",
		"At your event (reference)", "Reported to police", "Crime reference"}
)

// ContributionForm writes the contribution form as an XLSX workbook.
func ContributionForm(o FormOptions) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	fw := formWriter{f: f, o: o}
	if err := fw.write(); err != nil {
		return nil, fmt.Errorf("write contribution form: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write contribution form: %w", err)
	}
	return buf.Bytes(), nil
}

type formWriter struct {
	f            *excelize.File
	o            FormOptions
	bold, head   int
	wrapped, day int
	clock        int
}

func (fw *formWriter) write() (err error) {
	f := fw.f
	check := func(e error) {
		if err == nil && e != nil {
			err = e
		}
	}
	if err := f.SetSheetName("Sheet1", formInstructions); err != nil {
		return err
	}
	for _, s := range []string{formAbout, formEvents, formConcerns, formIncidents} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	fw.bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 11}})
	check(err)
	fw.head, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "1F3864"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4F0"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	check(err)
	fw.wrapped, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	check(err)
	fmtDate, fmtTime := "yyyy-mm-dd", "hh:mm"
	fw.day, err = f.NewStyle(&excelize.Style{CustomNumFmt: &fmtDate})
	check(err)
	fw.clock, err = f.NewStyle(&excelize.Style{CustomNumFmt: &fmtTime})
	check(err)
	if err != nil {
		return err
	}
	check(fw.instructions())
	check(fw.about())
	check(fw.list(formEvents, eventColumns, []float64{12, 14, 34, 16, 12, 10, 10, 28, 30, 10, 12, 14, 12, 24, 24}, fw.eventValidations))
	check(fw.list(formConcerns, concernColumns, []float64{18, 90}, fw.concernValidations))
	check(fw.list(formIncidents, incidentColumns, []float64{12, 12, 16, 12, 60, 16, 12, 16}, fw.incidentValidations))
	f.SetActiveSheet(0)
	return err
}

func (fw *formWriter) instructions() error {
	f, o := fw.f, fw.o
	who := "you"
	if o.CandidateName != "" {
		who = o.CandidateName
	}
	lines := []string{
		fmt.Sprintf("Contributing to the %s policing plan", o.Election),
		"",
		fmt.Sprintf("%s is planning the policing of the %s. Candidates, their agents and parties may contribute to the plan if they wish: events you are planning, concerns you have, and incidents you have experienced. This form is for %s.", o.Force, o.Election, who),
		"",
		"How to fill it in",
		"1. About you: who you are, how to reach you, how often you would like updates, and your consent. We cannot use the form without your consent.",
		"2. Events: one row per public event you are planning (date as YYYY-MM-DD, times as HH:MM). The drop-downs list the allowed choices.",
		"3. Concerns: anything you are worried about, in your own words.",
		"4. Incidents: anything that has already happened: abuse, threats, damage, being followed. In an emergency always call 999, not this form.",
		"",
		"A candidate's form speaks only for that candidate. A party may tell us about events, but the police assess the risk themselves.",
		"",
		"What happens next: your events and incidents go into the police plan with a note that they came from you. Your police contact will get in touch about anything that needs it.",
		"",
	}
	if o.ReturnTo != "" {
		lines = append(lines, "Please return the completed form to: "+o.ReturnTo)
	}
	for i, l := range lines {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetCellStr(formInstructions, cell, l); err != nil {
			return err
		}
		style := fw.wrapped
		if i == 0 || l == "How to fill it in" {
			style = fw.bold
		}
		if err := f.SetCellStyle(formInstructions, cell, cell, style); err != nil {
			return err
		}
	}
	return f.SetColWidth(formInstructions, "A", "A", 110)
}

func (fw *formWriter) about() error {
	f, o := fw.f, fw.o
	if err := f.SetColWidth(formAbout, "A", "A", 58); err != nil {
		return err
	}
	if err := f.SetColWidth(formAbout, "B", "B", 40); err != nil {
		return err
	}
	prefill := map[string]string{"kind": string(o.Kind), "candidate": o.CandidateID, "party": o.Party, "updates": "weekly"}
	if o.Kind != plan.FromAgent {
		prefill["name"] = o.CandidateName
	}
	if o.Kind == plan.FromParty {
		prefill["name"] = ""
	}
	for i, r := range aboutRows {
		row := i + 1
		if err := f.SetCellStr(formAbout, fmt.Sprintf("A%d", row), r.label); err != nil {
			return err
		}
		if err := f.SetCellStyle(formAbout, fmt.Sprintf("A%d", row), fmt.Sprintf("A%d", row), fw.head); err != nil {
			return err
		}
		if v := prefill[r.key]; v != "" {
			if err := f.SetCellStr(formAbout, fmt.Sprintf("B%d", row), v); err != nil {
				return err
			}
		}
		cell := fmt.Sprintf("B%d", row)
		switch r.key {
		case "kind":
			if err := addList(f, formAbout, cell, plan.ContributorKind("").Values()...); err != nil {
				return err
			}
		case "updates":
			if err := addList(f, formAbout, cell, plan.UpdateFrequency("").Values()...); err != nil {
				return err
			}
		case "consent":
			if err := addList(f, formAbout, cell, "Yes", "No"); err != nil {
				return err
			}
		case "consent_date":
			if err := addDate(f, formAbout, cell, fw.day); err != nil {
				return err
			}
		}
	}
	return nil
}

func (fw *formWriter) list(sheet string, cols []string, widths []float64, validate func(sheet string) error) error {
	f := fw.f
	for i, c := range cols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(sheet, cell, c); err != nil {
			return err
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, widths[i]); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(cols), 1)
	if err := f.SetCellStyle(sheet, "A1", last, fw.head); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return validate(sheet)
}

// colRange is "X2:X<formRows+1>" for the column with the given header.
func colRange(cols []string, header string) string {
	i := slices.Index(cols, header)
	col, _ := excelize.ColumnNumberToName(i + 1)
	return fmt.Sprintf("%s2:%s%d", col, col, formRows+1)
}

func (fw *formWriter) eventValidations(sheet string) error {
	f, o := fw.f, fw.o
	for _, v := range []struct {
		header string
		values []string
	}{
		{"Kind", plan.EventKind("").Values()},
		{"Public access", plan.PublicAccess("").Values()},
		{"Livestreamed", []string{"Yes", "No"}},
	} {
		if err := addList(f, sheet, colRange(eventColumns, v.header), v.values...); err != nil {
			return err
		}
	}
	if len(o.Constituencies) > 0 && len(strings.Join(o.Constituencies, ",")) < 250 {
		if err := addList(f, sheet, colRange(eventColumns, "Constituency (ONS code)"), o.Constituencies...); err != nil {
			return err
		}
	}
	if err := addDate(f, sheet, colRange(eventColumns, "Date"), fw.day); err != nil {
		return err
	}
	for _, h := range []string{"Start time", "End time"} {
		if err := addTime(f, sheet, colRange(eventColumns, h), fw.clock); err != nil {
			return err
		}
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = colRange(eventColumns, "Expected attendance")
	if err := dv.SetRange(0, 1000000, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "Expected attendance", "Enter a whole number of people.")
	return f.AddDataValidation(sheet, dv)
}

func (fw *formWriter) concernValidations(sheet string) error {
	return addList(fw.f, sheet, colRange(concernColumns, "Category"), plan.ConcernCategory("").Values()...)
}

func (fw *formWriter) incidentValidations(sheet string) error {
	f := fw.f
	if err := addList(f, sheet, colRange(incidentColumns, "Kind"), plan.IncidentKind("").Values()...); err != nil {
		return err
	}
	if err := addList(f, sheet, colRange(incidentColumns, "How serious"), plan.Severity("").Values()...); err != nil {
		return err
	}
	if err := addList(f, sheet, colRange(incidentColumns, "Reported to police"), "Yes", "No"); err != nil {
		return err
	}
	return addDate(f, sheet, colRange(incidentColumns, "Date"), fw.day)
}

func addList(f *excelize.File, sheet, sqref string, values ...string) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	if err := dv.SetDropList(values); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "Choose from the list", "Pick one of: "+strings.Join(values, ", "))
	return f.AddDataValidation(sheet, dv)
}

func addDate(f *excelize.File, sheet, sqref string, style int) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	if err := dv.SetRange(excelDay(validDates[0]), excelDay(validDates[1]),
		excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	dv.SetInput("Date", "A date, YYYY-MM-DD.")
	dv.SetError(excelize.DataValidationErrorStyleStop, "Date", "Enter a date, YYYY-MM-DD.")
	if err := f.AddDataValidation(sheet, dv); err != nil {
		return err
	}
	from, to, _ := strings.Cut(sqref, ":")
	if to == "" {
		to = from
	}
	return f.SetCellStyle(sheet, from, to, style)
}

func addTime(f *excelize.File, sheet, sqref string, style int) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	if err := dv.SetRange(0, 0.999999, excelize.DataValidationTypeTime, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	dv.SetInput("Time", "A time of day, HH:MM (24-hour clock).")
	dv.SetError(excelize.DataValidationErrorStyleStop, "Time", "Enter a time of day, HH:MM.")
	if err := f.AddDataValidation(sheet, dv); err != nil {
		return err
	}
	from, to, _ := strings.Cut(sqref, ":")
	return f.SetCellStyle(sheet, from, to, style)
}

// FormProblem is something wrong in a returned form, placed by sheet and
// cell.
type FormProblem struct {
	Sheet, Cell, Message string
}

func (p FormProblem) String() string { return fmt.Sprintf("%s!%s: %s", p.Sheet, p.Cell, p.Message) }

// ReadContributionForm reads a filled-in contribution form back into a
// contribution. It reports every problem it finds, by sheet and cell.
func ReadContributionForm(r io.Reader) (*plan.ContributionDocument, []FormProblem, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, nil, fmt.Errorf("read contribution form: %w", err)
	}
	defer f.Close()
	for _, s := range []string{formAbout, formEvents, formConcerns, formIncidents} {
		if idx, err := f.GetSheetIndex(s); err != nil || idx < 0 {
			return nil, nil, fmt.Errorf("read contribution form: no %q sheet: this is not an electplan contribution form", s)
		}
	}
	rd := formReader{f: f}
	doc := &plan.ContributionDocument{Schema: plan.ContributionSchemaV1}
	rd.readAbout(doc)
	rd.readEvents(doc)
	rd.readConcerns(doc)
	rd.readIncidents(doc)
	return doc, rd.problems, nil
}

type formReader struct {
	f        *excelize.File
	problems []FormProblem
}

func (rd *formReader) fail(sheet, cell, format string, args ...any) {
	rd.problems = append(rd.problems, FormProblem{sheet, cell, fmt.Sprintf(format, args...)})
}

// value is a cell's text as the person typed it (formatted), trimmed.
func (rd *formReader) value(sheet, cell string) string {
	v, _ := rd.f.GetCellValue(sheet, cell)
	return strings.TrimSpace(v)
}

// raw is a cell's stored value (a date is a serial number).
func (rd *formReader) raw(sheet, cell string) string {
	v, _ := rd.f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	return strings.TrimSpace(v)
}

func (rd *formReader) date(sheet, cell string) (plan.Date, bool) {
	raw := rd.raw(sheet, cell)
	if raw == "" {
		return plan.Date{}, false
	}
	if n, err := strconv.ParseFloat(raw, 64); err == nil {
		t, err := excelize.ExcelDateToTime(n, false)
		if err == nil {
			return plan.DateOf(t), true
		}
	}
	for _, layout := range []string{time.DateOnly, "02/01/2006", "2/1/2006", "02-01-2006"} {
		if t, err := time.Parse(layout, raw); err == nil {
			return plan.DateOf(t), true
		}
	}
	rd.fail(sheet, cell, "%q is not a date: write it as YYYY-MM-DD", raw)
	return plan.Date{}, false
}

// clock reads a time of day as hours and minutes.
func (rd *formReader) clock(sheet, cell string) (h, m int, ok bool) {
	raw := rd.raw(sheet, cell)
	if raw == "" {
		return 0, 0, false
	}
	if n, err := strconv.ParseFloat(raw, 64); err == nil && n >= 0 && n < 1 {
		mins := int(math.Round(n * 24 * 60))
		return mins / 60, mins % 60, true
	}
	for _, layout := range []string{"15:04", "15.04", "3:04pm", "3pm"} {
		if t, err := time.Parse(layout, strings.ToLower(raw)); err == nil {
			return t.Hour(), t.Minute(), true
		}
	}
	rd.fail(sheet, cell, "%q is not a time of day: write it as HH:MM", raw)
	return 0, 0, false
}

func yes(s string) bool {
	switch strings.ToLower(s) {
	case "yes", "y", "true":
		return true
	}
	return false
}

func (rd *formReader) readAbout(doc *plan.ContributionDocument) {
	v := map[string]string{}
	cellOf := map[string]string{}
	for i, r := range aboutRows {
		cell := fmt.Sprintf("B%d", i+1)
		cellOf[r.key] = cell
		v[r.key] = rd.value(formAbout, cell)
	}
	kind := plan.ContributorKind(strings.ToLower(v["kind"]))
	if !slices.Contains(kind.Values(), string(kind)) {
		rd.fail(formAbout, cellOf["kind"], "contributing as %q: choose candidate, agent or party", v["kind"])
	}
	doc.Contributor = plan.Contributor{Kind: kind, Name: v["name"], Candidate: v["candidate"], Party: v["party"],
		Role: v["role"], Phone: v["phone"], Email: v["email"]}
	if doc.Contributor.Name == "" {
		rd.fail(formAbout, cellOf["name"], "your name is missing")
	}
	if u := strings.ToLower(v["updates"]); u != "" {
		if !slices.Contains(plan.UpdateFrequency("").Values(), u) {
			rd.fail(formAbout, cellOf["updates"], "updates %q: choose none, as-needed, weekly or daily", v["updates"])
		} else {
			doc.Updates = plan.UpdateFrequency(u)
		}
	}
	doc.Consent.PoliceUse = yes(v["consent"])
	switch {
	case v["consent"] == "":
		rd.fail(formAbout, cellOf["consent"], "consent is not given: without it the police cannot use this form")
	case !doc.Consent.PoliceUse:
		rd.fail(formAbout, cellOf["consent"], "consent is %q: without consent to police use the police cannot use this form", v["consent"])
	}
	doc.Consent.GivenBy = v["given_by"]
	if doc.Consent.GivenBy == "" {
		doc.Consent.GivenBy = doc.Contributor.Name
	}
	if d, ok := rd.date(formAbout, cellOf["consent_date"]); ok {
		doc.Consent.Date = d
		doc.Contributor.Received = &d
	} else if rd.raw(formAbout, cellOf["consent_date"]) == "" {
		rd.fail(formAbout, cellOf["consent_date"], "the date consent was given is missing")
	}
}

// rows returns the non-empty data rows of a list sheet, with their row
// numbers, as maps from header to cell name.
func (rd *formReader) rows(sheet string, cols []string) []map[string]string {
	var out []map[string]string
	rows, _ := rd.f.GetRows(sheet)
	for r := 1; r < len(rows); r++ {
		if strings.TrimSpace(strings.Join(rows[r], "")) == "" {
			continue
		}
		cells := map[string]string{}
		for i, h := range cols {
			cells[h], _ = excelize.CoordinatesToCellName(i+1, r+1)
		}
		out = append(out, cells)
	}
	return out
}

func (rd *formReader) readEvents(doc *plan.ContributionDocument) {
	s := formEvents
	for i, c := range rd.rows(s, eventColumns) {
		get := func(h string) string { return rd.value(s, c[h]) }
		e := plan.ContributedEvent{ID: get("Your reference"), Kind: plan.EventKind(strings.ToLower(get("Kind"))),
			Title: get("Title"), Constituency: get("Constituency (ONS code)"),
			Venue:        plan.Venue{Name: get("Venue name"), Address: get("Address"), Postcode: get("Postcode")},
			PublicAccess: plan.PublicAccess(strings.ToLower(get("Public access"))), Livestreamed: yes(get("Livestreamed"))}
		if e.ID == "" {
			e.ID = fmt.Sprintf("E%d", i+1)
		}
		if !slices.Contains(e.Kind.Values(), string(e.Kind)) {
			rd.fail(s, c["Kind"], "kind %q: choose one of %s", get("Kind"), strings.Join(e.Kind.Values(), ", "))
		}
		if e.PublicAccess != "" && !slices.Contains(e.PublicAccess.Values(), string(e.PublicAccess)) {
			rd.fail(s, c["Public access"], "public access %q: choose open, ticketed or invite-only", get("Public access"))
		}
		if e.Title == "" {
			rd.fail(s, c["Title"], "the event has no title")
		}
		if e.Venue.Name == "" {
			rd.fail(s, c["Venue name"], "the event has no venue")
		}
		day, ok := rd.date(s, c["Date"])
		if !ok && rd.raw(s, c["Date"]) == "" {
			rd.fail(s, c["Date"], "the event has no date")
		}
		if h, m, ok2 := rd.clock(s, c["Start time"]); ok && ok2 {
			e.Start = day.At(h, m)
		} else if ok && rd.raw(s, c["Start time"]) == "" {
			rd.fail(s, c["Start time"], "the event has no start time")
		}
		if h, m, ok2 := rd.clock(s, c["End time"]); ok && ok2 {
			end := day.At(h, m)
			e.End = &end
		}
		if n := get("Expected attendance"); n != "" {
			v, err := strconv.Atoi(n)
			if err != nil || v < 0 {
				rd.fail(s, c["Expected attendance"], "expected attendance %q: enter a whole number of people", n)
			}
			e.ExpectedAttendance = v
		} else {
			rd.fail(s, c["Expected attendance"], "how many people do you expect?")
		}
		for _, t := range strings.FieldsFunc(get("Topics"), func(r rune) bool { return r == ',' || r == ';' }) {
			if t = strings.TrimSpace(t); t != "" {
				e.Topics = append(e.Topics, t)
			}
		}
		e.Candidates = strings.FieldsFunc(get("Candidates attending (ids)"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
		doc.Events = append(doc.Events, e)
	}
}

func (rd *formReader) readConcerns(doc *plan.ContributionDocument) {
	s := formConcerns
	for _, c := range rd.rows(s, concernColumns) {
		k := plan.ContributedConcern{Category: plan.ConcernCategory(strings.ToLower(rd.value(s, c["Category"]))),
			Details: rd.value(s, c["Details, in your words"])}
		if !slices.Contains(k.Category.Values(), string(k.Category)) {
			k.Category = "other"
		}
		if k.Details == "" {
			rd.fail(s, c["Details, in your words"], "the concern has no details")
		}
		doc.Concerns = append(doc.Concerns, k)
	}
}

func (rd *formReader) readIncidents(doc *plan.ContributionDocument) {
	s := formIncidents
	for i, c := range rd.rows(s, incidentColumns) {
		get := func(h string) string { return rd.value(s, c[h]) }
		inc := plan.ContributedIncident{ID: get("Your reference"), Kind: plan.IncidentKind(strings.ToLower(get("Kind"))),
			Severity: plan.Severity(strings.ToLower(get("How serious"))), Summary: get("What happened"),
			Event: get("At your event (reference)"), ReportedToPolice: yes(get("Reported to police")),
			CrimeReference: get("Crime reference")}
		if inc.ID == "" {
			inc.ID = fmt.Sprintf("I%d", i+1)
		}
		if !slices.Contains(inc.Kind.Values(), string(inc.Kind)) {
			rd.fail(s, c["Kind"], "kind %q: choose one of %s", get("Kind"), strings.Join(inc.Kind.Values(), ", "))
		}
		if inc.Severity != "" && !slices.Contains(inc.Severity.Values(), string(inc.Severity)) {
			rd.fail(s, c["How serious"], "how serious %q: choose low, medium or high", get("How serious"))
		}
		if inc.Summary == "" {
			rd.fail(s, c["What happened"], "say what happened")
		}
		if d, ok := rd.date(s, c["Date"]); ok {
			inc.Date = d
		} else if rd.raw(s, c["Date"]) == "" {
			rd.fail(s, c["Date"], "the incident has no date")
		}
		doc.Incidents = append(doc.Incidents, inc)
	}
}
