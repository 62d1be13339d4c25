package xlsx

import (
	"fmt"
	"slices"
	"strings"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/riskmodel"
	"github.com/xuri/excelize/v2"
)

// Each sheet below walks one slice of the Plan in the Plan's order. None
// of them sorts, filters (beyond what a sheet is defined to show) or
// scores anything.

func (w *writer) summary() error {
	p, s := w.p, w.p.Summary
	t, err := w.openSheet(sheetSummary, []column{text("Item", 52), wrap("Value", 70)}, false)
	if err != nil {
		return err
	}
	t.left = true
	label := func(v string) excelize.Cell { return excelize.Cell{StyleID: w.st.label, Value: v} }
	rows := [][]any{
		{excelize.Cell{StyleID: w.st.title, Value: p.Force.Operation + " election policing plan"}, label(p.Force.Marking)},
		{"Operation", p.Force.Operation},
		{"Force", p.Force.Name},
		{"Force code", p.Force.Code},
		{"Election id", p.Election.ID},
		{"Election", p.Election.Name},
		{"Kind", p.Election.Kind},
		{"Polling day", p.Election.PollingDay},
		{"Revision", p.Revision},
		{"As of", p.AsOf},
		{"Plan owner", p.Force.PlanOwner},
		{"Protective marking", p.Force.Marking},
		{"Model id", p.Model.ID},
		{"Model version", p.Model.Version},
		{"Model SHA-256", p.Model.SHA256},
		{"Model standard", standardText(p.Model.Standard)},
		{"Inputs SHA-256", p.InputsSHA256},
		{"Generator", strings.TrimSpace(p.Generator.Name + " " + p.Generator.Version)},
		{},
		{label("Figures")},
	}
	for _, b := range slices.Backward(riskmodel.Bands) {
		rows = append(rows, []any{"Flashpoints (events and counts): " + string(b), s.FlashpointsByBand[b]})
	}
	for _, b := range slices.Backward(riskmodel.Bands[:3]) {
		rows = append(rows, []any{"Polling stations: " + b.RAG(), s.StationsByRAG[b.RAG()]})
	}
	for _, tier := range slices.Backward(riskmodel.Tiers) {
		rows = append(rows, []any{"Candidates: tier " + string(tier), s.CandidatesByTier[tier]})
	}
	rows = append(rows,
		[]any{"Events", s.Events},
		[]any{"Polling stations", s.PollingStations},
		[]any{"Counts", s.Counts},
		[]any{"Candidates", s.Candidates},
		[]any{"Universal offer: candidates with a named police contact", s.NamedContact},
		[]any{"Universal offer: candidates offered the security briefing", s.BriefingOffered},
		[]any{"Officer-hours needed", hours(s.OfficerHoursNeeded)},
		[]any{"Officer-hours available", hours(s.OfficerHoursAvailable)},
		[]any{"Shortfall (officer-hours)", hours(s.ShortfallHours)},
		[]any{"Days short", s.ShortDays},
		[]any{"Mutual aid (most officers needed on one day)", s.MutualAidOfficers},
		[]any{"Overrides of the model", s.Overrides},
		[]any{"Next review", s.NextReview},
		[]any{"Reviews overdue", s.ReviewsOverdue},
		[]any{},
		[]any{label("Warnings")},
	)
	if len(p.Warnings) == 0 {
		rows = append(rows, []any{"", "None."})
	}
	for i, warning := range p.Warnings {
		rows = append(rows, []any{fmt.Sprintf("Warning %d", i+1), warning})
	}
	for _, r := range rows {
		if err := t.put(r...); err != nil {
			return err
		}
	}
	return t.close()
}

func (w *writer) timetable() error {
	t, err := w.openList(sheetTimetable, []column{
		text("Step", 30), wrap("Title", 40), dateCol("Date"), whole("Working days before poll"),
		dateCol("Earliest"), dateCol("Latest"), text("Fixed", 7), wrap("Why it matters", 60),
	})
	if err != nil {
		return err
	}
	for _, s := range w.p.Timetable {
		if err := t.add(s.Step, s.Title, s.Date, s.WorkingDaysBeforePoll, s.Earliest, s.Latest, s.Fixed, s.Triggers); err != nil {
			return err
		}
	}
	return t.close()
}

func (w *writer) flashpoints() error {
	t, err := w.openList(sheetFlashpoints, []column{
		text("ID", 10), text("Kind", 14), wrap("Title", 40), text("Constituency", 12),
		dateTimeCol("Start"), dateTimeCol("End"), wrap("Venue", 30), text("Postcode", 10),
		whole("Expected attendance"), whole("Likelihood"), whole("Impact"), whole("Score"),
		coloured(text("Band", 10), byBand), text("Source", 12), wrap("Contributed by", 30),
		whole("Officers"), whole("Sergeants"), whole("Inspectors"), whole("PSU"), hoursCol("Officer-hours"),
		wrap("Deployment notes", 40), wrap("Factors", 70),
	})
	if err != nil {
		return err
	}
	for _, f := range w.p.Flashpoints {
		d := f.Deployment
		if err := t.add(f.ID, f.Kind, f.Title, f.Constituency, f.Start, f.End, f.Venue.Name, f.Venue.Postcode,
			f.ExpectedAttendance, f.Likelihood, f.Impact, f.Score, string(f.Band), f.Source, contributedBy(f.Contribution),
			d.Officers, d.Sergeants, d.Inspectors, d.PSU, d.OfficerHours, notes(d.Notes), factors(f.Factors)); err != nil {
			return err
		}
	}
	return t.close()
}

// The Candidates columns a SPOC keeps up to date, by header.
const (
	colNamedContact    = "Named contact"
	colBriefingOffered = "Briefing offered"
	colBriefingGiven   = "Briefing given"
	colVisited         = "Visited"
)

// validDates are the bounds of a date a SPOC may type.
var validDates = [2]plan.Date{plan.NewDate(2000, 1, 1), plan.NewDate(2100, 12, 31)}

// The Candidates sheet never shows a home address: the Plan holds none,
// and there is no column for one.
func (w *writer) candidates() error {
	cols := []column{
		text("ID", 10), text("Name", 26), text("Party", 22), text("Constituency", 12),
		coloured(text("Tier", 10), byTier), coloured(text("Band", 10), byBand),
		whole("Residual likelihood"), whole("Residual impact"), whole("Residual score"),
		whole("Inherent likelihood"), whole("Inherent impact"), whole("Inherent score"),
		wrap("Override", 50), wrap("Measures in place", 30), wrap("Tier measures", 40), whole("Public events"),
		text(colNamedContact, 10), text("Contact name", 22), dateCol(colBriefingOffered), wrap("Contact preference", 30),
		wrap("Contributions", 30), wrap("Concerns", 50), text("Updates", 10), text("Briefing pack", 10),
		wrap("Factors", 70), text(colBriefingGiven, 10), wrap("Notes", 40),
	}
	t, err := w.openList(sheetCandidates, cols)
	if err != nil {
		return err
	}
	for _, c := range w.p.Candidates {
		o := c.UniversalOffer
		if err := t.add(c.ID, c.Name, c.Party, c.Constituency, string(c.Tier), string(c.Band),
			c.Residual.Likelihood, c.Residual.Impact, c.Residual.Score,
			c.Inherent.Likelihood, c.Inherent.Impact, c.Inherent.Score,
			override(c.Override), strings.Join(c.InPlace, ", "), strings.Join(c.Measures, "; "), c.PublicEvents,
			o.NamedContact, o.ContactName, o.BriefingOffered, c.Contact, contributionsText(c.Contributions),
			concernsText(c.Concerns), c.Updates, c.BriefingPack, factors(c.Factors), nil, nil); err != nil {
			return err
		}
	}
	if err := t.validate(colIndex(cols, colNamedContact), dropList("Named police contact",
		"Has the candidate been given a named police contact?", "Yes", "No")); err != nil {
		return err
	}
	if err := t.validate(colIndex(cols, colBriefingGiven), dropList("Security briefing",
		"Has the security briefing been given?", "Yes", "No", "Declined")); err != nil {
		return err
	}
	dv := excelize.NewDataValidation(true)
	if err := dv.SetRange(excelDay(validDates[0]), excelDay(validDates[1]),
		excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	dv.SetInput("Briefing offered", "The date the security briefing was offered, as YYYY-MM-DD.")
	dv.SetError(excelize.DataValidationErrorStyleStop, "Briefing offered",
		fmt.Sprintf("Enter a date between %s and %s.", validDates[0], validDates[1]))
	if err := t.validate(colIndex(cols, colBriefingOffered), dv); err != nil {
		return err
	}
	return t.close()
}

// contributedBy names where an item came from, or "" if the police
// recorded it themselves.
func contributedBy(ref *plan.ContributionRef) string {
	if ref == nil {
		return ""
	}
	return fmt.Sprintf("%s (%s, contribution %s)", ref.Contributor, ref.Kind, ref.ID)
}

func contributionsText(refs []plan.ContributionRef) string {
	var out []string
	for _, r := range refs {
		s := fmt.Sprintf("%s (%s)", r.Contributor, r.Kind)
		if r.Received != nil {
			s += " received " + r.Received.String()
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

func concernsText(cs []plan.ConcernEntry) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Category+": "+c.Details)
	}
	return strings.Join(out, "; ")
}

// dropList is a list validation offering values, with a prompt.
func dropList(title, prompt string, values ...string) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	// The values are constants well inside the 255-character limit.
	if err := dv.SetDropList(values); err != nil {
		panic(err)
	}
	dv.SetInput(title, prompt)
	dv.SetError(excelize.DataValidationErrorStyleStop, title, "Choose "+strings.Join(values, ", ")+".")
	return dv
}

// colIndex is the 1-based column of header; it panics if there is none,
// which is a mistake in this file.
func colIndex(cols []column, header string) int {
	i := slices.IndexFunc(cols, func(c column) bool { return c.header == header })
	if i < 0 {
		panic("xlsx: no column " + header)
	}
	return i + 1
}

func (w *writer) pollingStations() error {
	cols := []column{
		text("ID", 10), wrap("Name", 34), text("Constituency", 12), wrap("Address", 34), text("Postcode", 10),
		coordCol("Latitude"), coordCol("Longitude"), text("Districts", 14), whole("Electorate"),
		coloured(text("RO rating", 10), byRAG), coloured(text("RAG", 8), byRAG),
		whole("Likelihood"), whole("Impact"), whole("Score"), coloured(text("Band", 10), byBand),
		whole("Visits"), text("Beat", 8), whole("Static officers"), hoursCol("Officer-hours"),
		wrap("Station notes", 40), wrap("Deployment notes", 30), wrap("Factors", 70),
		text(colVisited, 9), wrap("Notes", 40),
	}
	t, err := w.openList(sheetPollingStations, cols)
	if err != nil {
		return err
	}
	for _, s := range w.p.PollingStations {
		var lat, lon any
		if s.Location != nil {
			lat, lon = s.Location.Lat, s.Location.Lon
		}
		var electorate any
		if s.Electorate > 0 { // 0 means not given.
			electorate = s.Electorate
		}
		d := s.Deployment
		if err := t.add(s.ID, s.Name, s.Constituency, s.Address, s.Postcode, lat, lon,
			strings.Join(s.Districts, ", "), electorate, s.RORating, s.RAG,
			s.Likelihood, s.Impact, s.Score, string(s.Band),
			d.Visits, d.Beat, d.StaticOfficers, d.OfficerHours, s.Notes, notes(d.Notes), factors(s.Factors), nil, nil); err != nil {
			return err
		}
	}
	if err := t.validate(colIndex(cols, colVisited), dropList("Visited",
		"Has the station been visited on polling day?", "Yes", "No")); err != nil {
		return err
	}
	return t.close()
}

func (w *writer) counts() error {
	t, err := w.openList(sheetCounts, []column{
		text("ID", 22), text("Constituencies", 22), wrap("Venue", 30), wrap("Address", 30), text("Postcode", 10),
		dateTimeCol("Start"), dateTimeCol("End"), dateTimeCol("Expected declaration"), whole("Expected attendance"),
		text("Media", 10), text("Starts within 4h", 9), wrap("Sealing", 50),
		whole("Likelihood"), whole("Impact"), whole("Score"), coloured(text("Band", 10), byBand),
		whole("Officers"), whole("Sergeants"), whole("Inspectors"), whole("PSU"), text("Search", 8), hoursCol("Officer-hours"),
		wrap("Notes", 40), wrap("Factors", 70),
	})
	if err != nil {
		return err
	}
	for _, c := range w.p.Counts {
		d := c.Deployment
		if err := t.add(c.ID, strings.Join(c.Constituencies, ", "), c.Venue.Name, c.Venue.Address, c.Venue.Postcode,
			c.Start, c.End, c.ExpectedDeclaration, c.ExpectedAttendance, c.Media, c.StartsWithin4Hours, c.Sealing,
			c.Likelihood, c.Impact, c.Score, string(c.Band),
			d.Officers, d.Sergeants, d.Inspectors, d.PSU, d.Search, d.OfficerHours, notes(d.Notes), factors(c.Factors)); err != nil {
			return err
		}
	}
	return t.close()
}

// deploymentStationBand is the band from which a polling station's
// deployment gets its own row; the stations below it share one summary
// row.
const deploymentStationBand = riskmodel.Medium

func (w *writer) deployments() error {
	t, err := w.openList(sheetDeployments, []column{
		text("Kind", 15), text("ID", 22), wrap("Title", 44), coloured(text("Band", 10), byBand), whole("Score"),
		whole("Officers"), whole("Sergeants"), whole("Inspectors"), whole("PSU"), whole("Static officers"),
		whole("Visits"), hoursCol("Officer-hours"), wrap("Notes", 44),
	})
	if err != nil {
		return err
	}
	row := func(kind, id, title string, s plan.Scored, d plan.Deployment) error {
		return t.add(kind, id, title, string(s.Band), s.Score, d.Officers, d.Sergeants, d.Inspectors, d.PSU,
			d.StaticOfficers, d.Visits, d.OfficerHours, notes(d.Notes))
	}
	for _, f := range w.p.Flashpoints {
		if err := row("event", f.ID, f.Title, f.Scored, f.Deployment); err != nil {
			return err
		}
	}
	for _, c := range w.p.Counts {
		if err := row("count", c.ID, "Count at "+c.Venue.Name, c.Scored, c.Deployment); err != nil {
			return err
		}
	}
	// The stations below deploymentStationBand are summed into one row:
	// listing hundreds of identical patrol visits here would bury the
	// deployments that matter (each is on the PollingStations sheet).
	var low plan.Deployment
	var lowStations int
	var lowNotes []string
	noted := map[string]bool{}
	visitsEach := -1
	for _, s := range w.p.PollingStations {
		if s.Band.AtLeast(deploymentStationBand) {
			if err := row("polling station", s.ID, s.Name, s.Scored, s.Deployment); err != nil {
				return err
			}
			continue
		}
		d := s.Deployment
		lowStations++
		low.Officers += d.Officers
		low.Sergeants += d.Sergeants
		low.Inspectors += d.Inspectors
		low.PSU += d.PSU
		low.StaticOfficers += d.StaticOfficers
		low.Visits += d.Visits
		low.OfficerHours += d.OfficerHours
		for _, n := range d.Notes {
			if !noted[n] {
				noted[n] = true
				lowNotes = append(lowNotes, n)
			}
		}
		switch visitsEach {
		case -1:
			visitsEach = d.Visits
		case d.Visits:
		default:
			visitsEach = -2 // the stations differ
		}
	}
	if lowStations > 0 {
		title := fmt.Sprintf("%d polling stations below %s band", lowStations, deploymentStationBand)
		if visitsEach >= 0 {
			title += fmt.Sprintf(", %d patrol visits each", visitsEach)
		}
		if err := t.add("polling station", "", title, string(deploymentStationBand.Step(-1)), nil,
			low.Officers, low.Sergeants, low.Inspectors, low.PSU, low.StaticOfficers, low.Visits,
			low.OfficerHours, notes(lowNotes)); err != nil {
			return err
		}
	}
	return t.close()
}

func (w *writer) demand() error {
	t, err := w.openList(sheetDemand, []column{
		dateCol("Date"), hoursCol("Officer-hours needed"), hoursCol("Officer-hours available"), hoursCol("Shortfall"),
		whole("PSU needed"), whole("PSU available"), whole("Mutual aid officers"), text("Availability given", 10),
		whole("Commitments kept"), wrap("At risk", 60),
	})
	if err != nil {
		return err
	}
	for _, d := range w.p.Demand {
		atRisk := make([]string, len(d.AtRisk))
		for i, c := range d.AtRisk {
			atRisk[i] = fmt.Sprintf("%s %s (%.1f)", c.Kind, c.ID, c.OfficerHours)
		}
		if err := t.add(d.Date, d.OfficerHoursNeeded, d.OfficerHoursAvailable, d.Shortfall, d.PSUNeeded, d.PSUAvailable,
			d.MutualAidOfficers, d.AvailabilityGiven, len(d.Commitments), strings.Join(atRisk, "; ")); err != nil {
			return err
		}
	}
	// The totals are the Plan's own (Summary), written as values, on the
	// row below the list so the filter leaves them alone.
	s := w.p.Summary
	if err := t.putAt(t.row+1, true, "Total", s.OfficerHoursNeeded, s.OfficerHoursAvailable, s.ShortfallHours,
		nil, nil, s.MutualAidOfficers, nil, nil,
		fmt.Sprintf("%d day(s) short; mutual aid is the most officers needed on any one day", s.ShortDays)); err != nil {
		return err
	}
	return t.close()
}

func (w *writer) decisionLog() error {
	t, err := w.openList(sheetDecisionLog, []column{
		whole("Number"), dateTimeCol("At"), text("By", 30), wrap("Decision", 50), wrap("Rationale", 60),
		wrap("Options rejected", 40), dateCol("Review by"), text("Automatic", 10),
	})
	if err != nil {
		return err
	}
	for _, d := range w.p.Decisions {
		if err := t.add(d.Number, d.At, d.By, d.Decision, d.Rationale, d.OptionsRejected, d.ReviewBy, d.Automatic); err != nil {
			return err
		}
	}
	return t.close()
}

func (w *writer) reviews() error {
	t, err := w.openList(sheetReviews, []column{dateCol("Date"), wrap("Reason", 50), text("Status", 12)})
	if err != nil {
		return err
	}
	for _, r := range w.p.Reviews {
		if err := t.add(r.Date, r.Reason, r.Status); err != nil {
			return err
		}
	}
	return t.close()
}

func (w *writer) revisions() error {
	t, err := w.openList(sheetRevisions, []column{whole("Revision"), dateCol("As of"), wrap("Summary", 60), text("By", 36)})
	if err != nil {
		return err
	}
	for _, r := range w.p.Revisions {
		if err := t.add(r.Revision, r.AsOf, r.Summary, r.By); err != nil {
			return err
		}
	}
	return t.close()
}

// model shows the model the plan was built with and, below it, the band
// table of the national standard. The Plan holds only the model's
// reference, so the table is the national one, said so in a note.
func (w *writer) model() error {
	p := w.p
	t, err := w.openSheet(sheetModel, []column{
		text("Item", 16), text("Value", 11), text("", 11), text("", 10), wrap("", 60),
	}, true)
	if err != nil {
		return err
	}
	head := func(values ...string) []any {
		out := make([]any, len(values))
		for i, v := range values {
			out[i] = excelize.Cell{StyleID: w.st.header, Value: v}
		}
		return out
	}
	rows := [][]any{
		head("Item", "Value"),
		{"Model id", p.Model.ID},
		{"Version", p.Model.Version},
		{"SHA-256", p.Model.SHA256},
		{"Standard", standardText(p.Model.Standard)},
		{},
		{},
		head("Band", "Min score", "Max score", "Colour", "Meaning"),
	}
	for _, r := range rows {
		if err := t.put(r...); err != nil {
			return err
		}
	}
	national := riskmodel.National()
	first := t.row + 1
	for _, b := range national.Bands {
		if err := t.put(string(b.Name), b.Min, b.Max, b.Colour, b.Meaning); err != nil {
			return err
		}
	}
	if err := t.colour(1, first, t.row, byBand); err != nil {
		return err
	}
	note := fmt.Sprintf("The band table is the national standard model's (%s %s).", national.ID, national.Version)
	if !p.Model.Standard {
		note = fmt.Sprintf("This plan was built with a NON-STANDARD model; the band table is the national standard's "+
			"(%s %s), for comparison, and the model file used may band scores differently.", national.ID, national.Version)
	}
	if err := t.putAt(t.row+2, false, note); err != nil {
		return err
	}
	return t.close()
}

func standardText(standard bool) string {
	if standard {
		return "standard"
	}
	return "NON-STANDARD"
}

// factors lays out the factors behind a score as
// "factor +n (reason); …", in the Plan's order.
func factors(fs []riskmodel.Factor) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("%s %+d (%s)", f.Factor, f.Points, f.Reason)
	}
	return strings.Join(parts, "; ")
}

func notes(ns []string) string { return strings.Join(ns, "; ") }

// override lays out a tier override as "-1: rationale (decided by)".
func override(o *riskmodel.Override) string {
	if o == nil {
		return ""
	}
	s := fmt.Sprintf("%+d: %s", o.Delta, o.Rationale)
	if o.DecidedBy != "" {
		s += " (" + o.DecidedBy + ")"
	}
	return s
}
