package pdf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/riskmodel"
)

func (r *renderer) cover() {
	pg, p, f := r.pg, r.p, r.pg.f
	f.AddPage()
	f.SetY(38)
	pg.font("B", 11)
	pg.text(muted)
	f.CellFormat(bodyW, 6, strings.ToUpper(p.Force.Name), "", 1, "L", false, 0, "")
	pg.font("B", 26)
	pg.text(navy)
	f.CellFormat(bodyW, 13, p.Force.Operation, "", 1, "L", false, 0, "")
	pg.font("", 15)
	pg.text(ink)
	f.MultiCell(bodyW, 7, "Operational order: risk-assessed policing plan for the "+p.Election.Name, "", "L", false)
	f.Ln(3)
	pg.draw(navy)
	f.SetLineWidth(0.8)
	f.Line(marginL, f.GetY(), marginL+60, f.GetY())
	f.Ln(8)
	f.Bookmark("1. Cover and control", 0, -1)

	kind := "General election"
	if p.Election.Kind == "by-election" {
		kind = "By-election"
	}
	next := "—"
	if p.Summary.NextReview != nil {
		next = longDate(*p.Summary.NextReview)
	}
	model := fmt.Sprintf("%s %s (sha256 %s)", p.Model.ID, p.Model.Version, p.Model.SHA256)
	if !p.Model.Standard {
		model += " — NON-STANDARD MODEL"
	}
	pairs := [][2]string{
		{"Election", fmt.Sprintf("%s (%s)", p.Election.Name, p.Election.ID)},
		{"Kind", kind},
		{"Polling day", longDate(p.Election.PollingDay) + ", 07:00 to 22:00"},
		{"Force", fmt.Sprintf("%s (%s)", p.Force.Name, p.Force.Code)},
		{"Revision", fmt.Sprintf("%d, as of %s", p.Revision, longDate(p.AsOf))},
		{"Plan owner", p.Force.PlanOwner},
		{"Risk model", model},
		{"Inputs", "sha256 " + p.InputsSHA256},
		{"Next review", next},
		{"Marking", p.Force.Marking},
	}
	if p.Election.WritReceived != nil {
		pairs = slices.Insert(pairs, 3, [2]string{"Writ received", longDate(*p.Election.WritReceived)})
	}
	pg.keyValues(pairs, 34)
	if !p.Model.Standard {
		pg.alert([]string{"This plan was built with a NON-STANDARD risk model, not the national standard. " +
			"Its scores are not comparable with other forces' plans and the national comparison flags it."})
	}
	pg.font("B", 10)
	pg.text(navy)
	f.CellFormat(bodyW, 6, "Distribution", "", 1, "L", false, 0, "")
	pg.para(r.w.Distribution)

	pg.font("B", 10)
	pg.text(navy)
	f.CellFormat(bodyW, 6, "Document control", "", 1, "L", false, 0, "")
	rows := make([][]cell, 0, len(p.Revisions))
	for _, rev := range p.Revisions {
		rows = append(rows, []cell{num(rev.Revision), txt(rev.AsOf.String()), txt(rev.Summary), txt(rev.By)})
	}
	pg.table(widths([]string{"Rev.|C", "As of", "What changed", "By"}, 1, 1.6, 6, 2.6), rows)
}

// contentsPlaceholder reserves the contents page, filled in at the end
// when every section's page is known.
func (r *renderer) contentsPlaceholder() int {
	r.pg.f.AddPage()
	return r.pg.f.PageNo()
}

func (r *renderer) fillContents(at int) {
	pg, f := r.pg, r.pg.f
	last := f.PageNo()
	f.SetPage(at)
	// Drawing on an earlier page: state the font afresh so its content
	// stream does not inherit the last font used on it.
	if err := pg.loadFace("I"); err != nil {
		f.SetError(err)
		return
	}
	f.SetFont(family, "I", 1)
	pg.forgetState() // what the caches say was in force on the last page
	f.SetXY(marginL, marginTop)
	pg.font("B", 15)
	pg.text(navy)
	f.Bookmark("2. Contents", 0, -1)
	f.CellFormat(bodyW, 10, "2. Contents", "", 1, "L", false, 0, "")
	pg.draw(navy)
	f.SetLineWidth(0.5)
	f.Line(marginL, f.GetY(), marginL+bodyW, f.GetY())
	f.Ln(4)
	entries := pg.toc
	space := pageH - marginBottom - f.GetY()
	if float64(len(entries))*5.4 > space {
		entries = slices.DeleteFunc(slices.Clone(entries), func(e tocEntry) bool { return e.level > 0 })
	}
	for _, e := range entries {
		indent, style, size := 0.0, "B", 10.0
		if e.level > 0 {
			indent, style, size = 7, "", 9.5
		}
		pg.font(style, size)
		pg.text(ink)
		y := f.GetY()
		num := fmt.Sprint(e.page)
		titleW := f.GetStringWidth(e.title)
		numW := f.GetStringWidth(num)
		f.SetXY(marginL+indent, y)
		f.CellFormat(titleW+1, 5.4, e.title, "", 0, "L", false, e.link, "")
		dots := ""
		dotW := f.GetStringWidth(" .")
		if gap := bodyW - indent - titleW - numW - 4; gap > 0 {
			dots = strings.Repeat(" .", int(gap/dotW))
		}
		pg.text(rule)
		f.CellFormat(bodyW-indent-titleW-1-numW-1, 5.4, dots, "", 0, "R", false, e.link, "")
		pg.text(ink)
		f.CellFormat(numW+1, 5.4, num, "", 1, "R", false, e.link, "")
	}
	f.SetPage(last)
	pg.forgetState() // what the caches say was in force on the contents page
}

func (r *renderer) summary() {
	pg, p := r.pg, r.p
	s := p.Summary
	pg.section("summary", "3. Summary")
	pg.para(fmt.Sprintf("%s plans for %s across %s, with %s, %s and %s. "+
		"Every flashpoint and candidate has been scored with the national risk model without reference to party.",
		p.Force.Name, p.Election.Name, plan.Plural(len(p.Constituencies), "constituency", "constituencies"),
		plan.Plural(s.Events, "known event", "known events"), plan.Plural(s.PollingStations, "polling station", "polling stations"),
		plan.Plural(s.Counts, "count", "counts")))
	bands := []riskmodel.Band{riskmodel.VeryHigh, riskmodel.High, riskmodel.Medium, riskmodel.Low}
	var fp, st, ca [][]cell
	for _, b := range bands {
		fp = append(fp, []cell{banded(b, string(b)), num(s.FlashpointsByBand[b])})
	}
	for _, rag := range []string{"red", "amber", "green"} {
		st = append(st, []cell{banded(ragBand(rag), rag), num(s.StationsByRAG[rag])})
	}
	for _, t := range []riskmodel.Tier{riskmodel.TierVeryHigh, riskmodel.TierHigh, riskmodel.Enhanced, riskmodel.Standard} {
		ca = append(ca, []cell{banded(tierBand(t), string(t)), num(s.CandidatesByTier[t])})
	}
	r.sideBySide(
		[]string{"Events and counts by band", "Polling stations by RAG", "Candidates by tier"},
		[][][]cell{fp, st, ca})

	short := "none"
	if s.ShortfallHours > 0 {
		short = fmt.Sprintf("%.1f officer-hours on %s; mutual aid of up to %s needed", s.ShortfallHours,
			plan.Plural(s.ShortDays, "day", "days"), plan.Plural(s.MutualAidOfficers, "officer", "officers"))
	}
	next := "none scheduled"
	if s.NextReview != nil {
		next = longDate(*s.NextReview)
	}
	pg.keyValues([][2]string{
		{"Officer-hours", fmt.Sprintf("%.1f needed, %.1f available", s.OfficerHoursNeeded, s.OfficerHoursAvailable)},
		{"Shortfall", short},
		{"Universal offer", fmt.Sprintf("%d of %d candidates have a named contact; %d of %d have been offered the security briefing",
			s.NamedContact, s.Candidates, s.BriefingOffered, s.Candidates)},
		{"Overrides", fmt.Sprint(s.Overrides) + " (each in the decision log)"},
		{"Next review", next},
		{"Reviews overdue", fmt.Sprint(s.ReviewsOverdue)},
	}, 34)
	if len(p.Warnings) > 0 {
		pg.heading(1, "Points for the plan owner")
		pg.alert(p.Warnings)
	}
	top := r.topFlashpoints(8)
	if len(top) > 0 {
		pg.heading(1, "Highest-risk flashpoints to come")
		pg.table(widths([]string{"ID", "When", "Flashpoint", "Band", "Score|C"}, 1.4, 2.4, 6.5, 1.6, 1), top)
	}
}

// sideBySide lays out small two-column tables next to each other.
func (r *renderer) sideBySide(titles []string, tables [][][]cell) {
	pg, f := r.pg, r.pg.f
	gap := 6.0
	w := (bodyW - gap*float64(len(tables)-1)) / float64(len(tables))
	rows := 0
	for _, t := range tables {
		rows = max(rows, len(t))
	}
	h := 7 + float64(rows)*6
	pg.ensure(h + 4)
	y := f.GetY()
	for i, t := range tables {
		x := marginL + float64(i)*(w+gap)
		pg.font("B", 9)
		pg.text(navy)
		f.SetXY(x, y)
		f.CellFormat(w, 6, titles[i], "", 0, "L", false, 0, "")
		for j, row := range t {
			yy := y + 7 + float64(j)*6
			c := bandColours[row[0].band]
			pg.fill(c.fill)
			pg.text(c.text)
			pg.font("B", 8.5)
			f.SetXY(x, yy)
			f.CellFormat(w*0.6, 5.4, row[0].text, "", 0, "L", true, 0, "")
			pg.fill(zebraFill)
			pg.text(ink)
			pg.font("B", 9)
			f.CellFormat(w*0.4, 5.4, row[1].text, "", 0, "C", true, 0, "")
		}
	}
	pg.text(ink)
	f.SetXY(marginL, y+h+3)
}

// topFlashpoints lists the highest-scoring events and counts.
func (r *renderer) topFlashpoints(n int) [][]cell {
	type item struct {
		id, when, what string
		s              plan.Scored
	}
	var items []item
	// Events that are over by the as-of date are history: the summary
	// looks ahead.
	from := r.p.AsOf.At(0, 0)
	for _, e := range r.p.Flashpoints {
		if !e.End.IsZero() && e.End.Before(from.Time) {
			continue
		}
		items = append(items, item{e.ID, dateTime(e.Start), e.Title, e.Scored})
	}
	for _, c := range r.p.Counts {
		items = append(items, item{c.ID, dateTime(c.Start), "Count at " + c.Venue.Name, c.Scored})
	}
	for _, s := range r.p.PollingStations {
		if s.Band.AtLeast(riskmodel.High) {
			items = append(items, item{s.ID, "polling day", "Polling station: " + s.Name, s.Scored})
		}
	}
	slices.SortStableFunc(items, func(a, b item) int { return b.s.Score - a.s.Score })
	var rows [][]cell
	for _, it := range items {
		if len(rows) == n || it.s.Band == riskmodel.Low {
			break
		}
		rows = append(rows, []cell{txt(it.id), txt(it.when), txt(it.what), banded(it.s.Band, string(it.s.Band)), num(it.s.Score)})
	}
	return rows
}

func (r *renderer) information() {
	pg, p := r.pg, r.p
	pg.section("information", "4. Information")
	pg.heading(1, "4.1 The election")
	kind := "a UK Parliamentary general election"
	if p.Election.Kind == "by-election" {
		kind = "a UK Parliamentary by-election"
	}
	electorate := ""
	if p.Election.Electorate > 0 {
		electorate = fmt.Sprintf(", with %s registered electors", thousands(p.Election.Electorate))
	}
	pg.para(fmt.Sprintf("%s (%s) is %s. The poll is on %s from 07:00 to 22:00. The force area covers %s%s.",
		p.Election.Name, p.Election.ID, kind, longDate(p.Election.PollingDay),
		plan.Plural(len(p.Constituencies), "constituency", "constituencies"), electorate))

	pg.heading(1, "4.2 Constituencies and returning officers")
	var rows [][]cell
	for _, c := range p.Constituencies {
		ro := c.ReturningOfficer.Name
		if c.ReturningOfficer.Phone != "" {
			ro += "\n" + c.ReturningOfficer.Phone
		}
		if c.ReturningOfficer.Email != "" {
			ro += "\n" + c.ReturningOfficer.Email
		}
		electorate := ""
		if c.Electorate > 0 {
			electorate = fmt.Sprint(c.Electorate)
		}
		rows = append(rows, []cell{txt(c.Name + "\n" + c.Code), txt(electorate), num(c.Candidates), num(c.PollingStations), txt(c.Count), txt(ro)})
	}
	pg.table(widths([]string{"Constituency", "Electors|R", "Candidates|C", "Stations|C", "Count", "(Acting) returning officer"},
		3.2, 1.4, 1.4, 1.3, 2.4, 4.5), rows)

	pg.heading(1, "4.3 Statutory timetable")
	pg.para("Dates are counted in working days before polling day. Steps fixed by the returning officer are marked. " +
		"The right-hand column says why each step matters to the police.")
	rows = nil
	for _, s := range p.Timetable {
		t := s.Title
		if s.Fixed {
			t += " (fixed by the RO)"
		}
		if s.Earliest != nil && s.Latest != nil {
			t += fmt.Sprintf("\nlegal window %s to %s", s.Earliest.Format("2 Jan"), s.Latest.Format("2 Jan"))
		}
		rows = append(rows, []cell{txt(shortDate(s.Date)), num(s.WorkingDaysBeforePoll), txt(t), txt(s.Triggers)})
	}
	pg.table(widths([]string{"Date", "Working days before poll|C", "Step", "Why it matters to the police"}, 2.3, 1.5, 4.6, 5.2), rows)

	pg.heading(1, "4.4 Incidents so far")
	if len(p.Incidents) == 0 {
		pg.para("No incidents have been recorded this period.")
		return
	}
	rows = nil
	for _, inc := range p.Incidents {
		about := strings.Join(nonEmpty("candidate "+inc.Candidate, inc.Candidate, "event "+inc.Event, inc.Event,
			"station "+inc.PollingStation, inc.PollingStation), ", ")
		sev := cell{text: inc.Severity}
		if inc.Severity == "high" {
			sev = banded(riskmodel.High, "high")
		}
		summary := inc.Summary
		if c := inc.Contribution; c != nil {
			summary += "\nfrom " + c.Contributor + " (" + c.Kind + ")"
		}
		rows = append(rows, []cell{txt(inc.ID), txt(inc.Date.String()), txt(inc.Kind), sev, txt(about), txt(summary), txt(inc.Status)})
	}
	pg.table(widths([]string{"ID", "Date", "Kind", "Severity", "Concerns", "Summary", "Status"}, 1.4, 1.8, 1.9, 1.4, 2.2, 5.2, 1.2), rows)
}

// nonEmpty returns each label whose value is set; it takes label, value
// pairs.
func nonEmpty(pairs ...string) []string {
	var out []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			out = append(out, pairs[i])
		}
	}
	return out
}

func (r *renderer) intent() {
	r.pg.section("intent", "5. Intent")
	for _, para := range r.w.Intent {
		r.pg.para(para)
	}
}

func (r *renderer) method() {
	pg, p := r.pg, r.p
	pg.section("method", "6. Method")
	pg.heading(1, "6.1 Overview map")
	r.overviewMap()
	pg.heading(1, "6.2 Campaign: flashpoint register")
	pg.para(r.w.MethodCampaign)
	var rows [][]cell
	for _, e := range p.Flashpoints {
		what := e.Title + "\n" + e.Venue.Name
		if c := e.Contribution; c != nil {
			what += "\nfrom " + c.Contributor + " (" + c.Kind + ")"
		}
		rows = append(rows, []cell{txt(e.ID), txt(dateTime(e.Start)), txt(what),
			txt(r.constituencyName(e.Constituency)), txt(fmt.Sprint(e.ExpectedAttendance)),
			banded(e.Band, fmt.Sprintf("%s %d", e.Band, e.Score)), txt(deploymentText(e.Deployment))})
	}
	pg.table(widths([]string{"ID", "When", "Event and venue", "Constituency", "Crowd|R", "Band", "Deployment"},
		1.3, 2, 4.6, 2.1, 1.3, 1.7, 3.5), rows)

	pg.heading(1, "6.3 Polling day: stations and visits")
	pg.para(r.w.MethodPolling)
	type tally struct{ red, amber, green, visits int }
	byCons := map[string]*tally{}
	hours := 0.0
	for _, s := range p.PollingStations {
		t := byCons[s.Constituency]
		if t == nil {
			t = &tally{}
			byCons[s.Constituency] = t
		}
		switch s.RAG {
		case "red":
			t.red++
		case "amber":
			t.amber++
		default:
			t.green++
		}
		t.visits += s.Deployment.Visits
		hours += s.Deployment.OfficerHours
	}
	rows = nil
	for _, c := range p.Constituencies {
		t := byCons[c.Code]
		if t == nil {
			t = &tally{}
		}
		rows = append(rows, []cell{txt(c.Name), num(t.red), num(t.amber), num(t.green), num(t.visits)})
	}
	pg.table(widths([]string{"Constituency", "Red|C", "Amber|C", "Green|C", "Patrol visits|C"}, 5, 1.3, 1.3, 1.3, 1.8), rows)
	pg.note(fmt.Sprintf("Polling-day station deployments other than patrols: %.1f officer-hours in all. Every station is listed in Annex B.", hours))
	r.patrolSummary()
	rows = nil
	for _, s := range p.PollingStations {
		if s.RAG == "green" {
			continue
		}
		ro := s.RORating
		if ro == "" {
			ro = "—"
		}
		rows = append(rows, []cell{txt(s.ID), txt(s.Name + ", " + s.Postcode), txt(r.constituencyName(s.Constituency)), txt(ro),
			banded(ragBand(s.RAG), fmt.Sprintf("%s %d", s.RAG, s.Score)), txt(stationDeployment(s.Deployment))})
	}
	if len(rows) > 0 {
		pg.heading(1, "6.4 Red and amber polling stations")
		pg.para("Why each scored as it did is in section 8.2.")
		pg.compactTable(widths([]string{"ID", "Station", "Constituency", "RO", "RAG", "Deployment"}, 1.1, 5, 2.6, 0.9, 1.3, 3.2), rows)
	}

	pg.heading(1, "6.5 Count and declaration")
	pg.para(r.w.MethodCount)
	rows = nil
	for _, c := range p.Counts {
		within := "yes"
		if !c.StartsWithin4Hours {
			within = "NO: the RO must publish why"
		}
		decl := ""
		if c.ExpectedDeclaration != nil {
			decl = dateTime(*c.ExpectedDeclaration)
		}
		names := make([]string, len(c.Constituencies))
		for i, code := range c.Constituencies {
			names[i] = r.constituencyName(code)
		}
		rows = append(rows, []cell{txt(c.ID), txt(c.Venue.Name + "\n" + c.Venue.Postcode), txt(strings.Join(names, "\n")),
			txt(dateTime(c.Start) + "\nwithin 4 h: " + within + "\ndeclaration " + decl), banded(c.Band, fmt.Sprintf("%s %d", c.Band, c.Score)),
			txt(deploymentText(c.Deployment))})
	}
	pg.table(widths([]string{"ID", "Venue", "Constituencies", "Times", "Band", "Deployment"}, 1.8, 3, 2.6, 3, 1.5, 3.5), rows)

	pg.heading(1, "6.6 Contingencies")
	for _, c := range r.w.Contingencies {
		pg.ensure(20)
		pg.font("B", 9.5)
		pg.text(navy)
		pg.f.MultiCell(bodyW, lineH, c.Title, "", "L", false)
		pg.para(c.Text)
	}
}

// candidateName is the name of the candidate with id, or the id.
func (r *renderer) candidateName(id string) string {
	for _, c := range r.p.Candidates {
		if c.ID == id {
			return c.Name
		}
	}
	return id
}

// constituencyName is the name of the constituency with code, or the
// code itself if the plan has no such constituency.
// stationsIn are the polling stations of a constituency, in the plan's
// order.
func (r *renderer) stationsIn(code string) []*plan.StationPlan {
	if r.byConstituency == nil {
		r.byConstituency = map[string][]*plan.StationPlan{}
		for i := range r.p.PollingStations {
			s := &r.p.PollingStations[i]
			r.byConstituency[s.Constituency] = append(r.byConstituency[s.Constituency], s)
		}
	}
	return r.byConstituency[code]
}

func (r *renderer) constituencyName(code string) string {
	if r.names == nil {
		r.names = make(map[string]string, len(r.p.Constituencies))
		for _, c := range r.p.Constituencies {
			r.names[c.Code] = c.Name
		}
	}
	if n, ok := r.names[code]; ok {
		return n
	}
	return code
}

// deploymentText describes a deployment in a line or two.
func deploymentText(d plan.Deployment) string {
	var parts []string
	if d.StaticOfficers > 0 {
		parts = append(parts, plan.Plural(d.StaticOfficers, "static officer", "static officers"))
	}
	if d.Officers > 0 {
		parts = append(parts, plan.Plural(d.Officers, "officer", "officers"))
	}
	if d.Sergeants > 0 {
		parts = append(parts, plan.Plural(d.Sergeants, "sergeant", "sergeants"))
	}
	if d.Inspectors > 0 {
		parts = append(parts, plan.Plural(d.Inspectors, "inspector", "inspectors"))
	}
	if d.PSU > 0 {
		parts = append(parts, plan.Plural(d.PSU, "PSU on standby", "PSUs on standby"))
	}
	if d.Visits > 0 && d.StaticOfficers == 0 {
		parts = append(parts, plan.Plural(d.Visits, "patrol visit", "patrol visits"))
	}
	if d.Search {
		parts = append(parts, "search before the first box")
	}
	s := strings.Join(append(parts, d.Notes...), "; ")
	if d.OfficerHours > 0 {
		s += fmt.Sprintf(" (%.1f officer-hours)", d.OfficerHours)
	}
	return s
}

func (r *renderer) administration() {
	pg, p := r.pg, r.p
	pg.section("administration", "7. Administration")
	pg.heading(1, "7.1 Command structure")
	var rows [][]cell
	for _, c := range p.Command {
		contact := strings.Join(slices.DeleteFunc([]string{c.Phone, c.Email}, func(s string) bool { return s == "" }), "\n")
		rows = append(rows, []cell{txt(c.Title), txt(strings.TrimSpace(c.Rank + " " + c.Name)), txt(contact)})
	}
	pg.table(widths([]string{"Role", "Name", "Contact"}, 4, 4, 4.5), rows)

	pg.heading(1, "7.2 Resources and demand by day")
	pg.para(fmt.Sprintf("Demand is the officer-hours of every deployment in this plan, set against the people the force has "+
		"made available for election duties (shift of %d hours). Where a day is short, the highest-scoring commitments are kept "+
		"and the rest are listed as at risk.", p.Resources.ShiftHours))
	rows = nil
	for _, d := range p.Demand {
		short := ""
		if d.Shortfall > 0 {
			short = fmt.Sprintf("%.1f", d.Shortfall)
		}
		aid := ""
		if d.MutualAidOfficers > 0 {
			aid = fmt.Sprint(d.MutualAidOfficers)
		}
		avail := fmt.Sprintf("%.1f", d.OfficerHoursAvailable)
		if !d.AvailabilityGiven {
			avail = "not given"
		}
		shortCell := txt(short)
		if d.Shortfall > 0 {
			shortCell = banded(riskmodel.High, short)
		}
		rows = append(rows, []cell{txt(shortDate(d.Date)), hrs(d.OfficerHoursNeeded), txt(avail), shortCell,
			txt(fmt.Sprintf("%d / %d", d.PSUNeeded, d.PSUAvailable)), txt(aid), num(len(d.Commitments) + len(d.AtRisk))})
	}
	pg.table(widths([]string{"Day", "Officer-hours needed|R", "Available|R", "Shortfall|R", "PSU needed / available|C",
		"Mutual aid officers|C", "Commitments|C"}, 2.4, 1.7, 1.6, 1.5, 1.8, 1.6, 1.6), rows)

	pg.heading(1, "7.3 Shortfall and mutual aid")
	var atRisk [][]cell
	for _, d := range p.Demand {
		for _, c := range d.AtRisk {
			atRisk = append(atRisk, []cell{txt(shortDate(d.Date)), txt(c.Kind + " " + c.ID), txt(c.Title),
				banded(c.Band, fmt.Sprintf("%s %d", c.Band, c.Score)), hrs(c.OfficerHours)})
		}
	}
	if len(atRisk) == 0 {
		pg.para("Demand is within the officers made available on every day planned. No mutual aid is needed on the present plan.")
	} else {
		pg.para(fmt.Sprintf("Demand exceeds availability on %s, %.1f officer-hours in all. Mutual aid of up to %s "+
			"on the worst day would cover it. Until then these commitments are at risk:",
			plan.Plural(p.Summary.ShortDays, "day", "days"), p.Summary.ShortfallHours, plan.Plural(p.Summary.MutualAidOfficers, "officer", "officers")))
		pg.table(widths([]string{"Day", "Commitment", "Title", "Band", "Officer-hours|R"}, 2.2, 2.6, 5.6, 1.8, 1.6), atRisk)
	}

	pg.heading(1, "7.4 Decision log")
	rows = nil
	for _, d := range p.Decisions {
		what := d.Decision + "\nRationale: " + d.Rationale
		if d.OptionsRejected != "" {
			what += "\nOptions rejected: " + d.OptionsRejected
		}
		if d.ReviewBy != nil {
			what += "\nReview by " + d.ReviewBy.String()
		}
		by := d.By
		if d.Automatic {
			by += "\n(recorded automatically)"
		}
		rows = append(rows, []cell{num(d.Number), txt(d.At.In(plan.London).Format("2 Jan 2006 15:04")), txt(by), txt(what)})
	}
	if len(rows) == 0 {
		pg.para("No decisions recorded yet.")
	} else {
		pg.table(widths([]string{"No.|C", "When", "By", "Decision"}, 0.8, 2, 2.6, 9.2), rows)
	}

	pg.heading(1, "7.5 Review schedule")
	rows = nil
	for _, rv := range p.Reviews {
		status := cell{text: rv.Status}
		switch rv.Status {
		case plan.ReviewOverdue:
			status = banded(riskmodel.High, "OVERDUE")
		case plan.ReviewDue:
			status = banded(riskmodel.Medium, "next due")
		case plan.ReviewDone:
			status = banded(riskmodel.Low, "done")
		case plan.ReviewBeforePlan:
			status = txt("before this plan")
		}
		rows = append(rows, []cell{txt(shortDate(rv.Date)), txt(rv.Reason), status})
	}
	pg.table(widths([]string{"Date", "Review point", "Status"}, 2.4, 7, 2.2), rows)

	pg.heading(1, "7.6 Revision history")
	rows = nil
	for _, rev := range p.Revisions {
		rows = append(rows, []cell{num(rev.Revision), txt(rev.AsOf.String()), txt(rev.Summary), txt(rev.By)})
	}
	pg.table(widths([]string{"Rev.|C", "As of", "What changed", "By"}, 1, 1.6, 6, 2.6), rows)
}

func (r *renderer) risk() {
	pg, p := r.pg, r.p
	pg.section("risk", "8. Risk assessment")
	pg.para(fmt.Sprintf("Every flashpoint is scored likelihood × impact on the 5×5 matrix of the National Risk Register, "+
		"with the national model %s %s. Party is never an input: the model's factors have no field that could carry it, "+
		"and a property test proves that permuting parties among candidates changes no score.", p.Model.ID, p.Model.Version))
	pg.heading(1, "8.1 The matrix")
	r.matrix()
	pg.heading(1, "8.2 Why each flashpoint scored as it did")
	var rows [][]cell
	add := func(id, what string, s plan.Scored) {
		rows = append(rows, []cell{txt(id), txt(what), banded(s.Band, fmt.Sprintf("%s\n%d×%d = %d", s.Band, s.Likelihood, s.Impact, s.Score)),
			txt(factorRun(s.Factors))})
	}
	for _, e := range p.Flashpoints {
		add(e.ID, e.Title, e.Scored)
	}
	for _, c := range p.Counts {
		add(c.ID, "Count at "+c.Venue.Name, c.Scored)
	}
	for _, s := range p.PollingStations {
		if s.RAG != "green" {
			add(s.ID, "Polling station: "+s.Name, s.Scored)
		}
	}
	pg.table(widths([]string{"ID", "Flashpoint", "Band", "Factors (L likelihood, I impact; points: input)"}, 1.4, 4, 1.8, 7.4), rows)
	pg.note("Green polling stations score on their impact floor alone (an obstructed poll can be adjourned) and, where set, " +
		"distance from the nearest base; their factors are in plan.xlsx and plan.json.")
	pg.heading(1, "8.3 Candidates")
	pg.para(fmt.Sprintf("Each candidate's risk profile, inherent (before protective measures) and residual (after them), with every "+
		"factor and its points, is in Annex A, which is restricted. By tier: %d very-high, %d high, %d enhanced, %d standard. "+
		"Tiers decide the measures in Annex A; every candidate gets the universal offer whatever their tier (section 9).",
		p.Summary.CandidatesByTier[riskmodel.TierVeryHigh], p.Summary.CandidatesByTier[riskmodel.TierHigh],
		p.Summary.CandidatesByTier[riskmodel.Enhanced], p.Summary.CandidatesByTier[riskmodel.Standard]))
}

// factorRun lists factors as one running text, which packs a long list
// into a few lines of a table cell.
func factorRun(fs []riskmodel.Factor) string {
	return strings.ReplaceAll(factorLines(fs), "\n", "; ")
}

func factorLines(fs []riskmodel.Factor) string {
	var out []string
	for _, f := range fs {
		unit := ""
		if f.Factor == "protective-measures" {
			unit = " step"
		}
		out = append(out, fmt.Sprintf("%s %+d%s: %s", strings.ToUpper(f.Axis[:1]), f.Points, unit, f.Reason))
	}
	return strings.Join(out, "\n")
}

func (r *renderer) communications() {
	pg, p := r.pg, r.p
	pg.section("communications", "9. Communications")
	pg.heading(1, "9.1 Returning officers")
	pg.para(r.w.CommunicationsRO)
	pg.heading(1, "9.2 The universal candidate offer")
	pg.para(r.w.CommunicationsOffer)
	var rows [][]cell
	cands := slices.Clone(p.Candidates)
	slices.SortStableFunc(cands, func(a, b plan.CandidateProfile) int {
		return strings.Compare(r.constituencyName(a.Constituency)+a.Name, r.constituencyName(b.Constituency)+b.Name)
	})
	for _, c := range cands {
		contact := cell{text: "not yet"}
		if c.UniversalOffer.NamedContact {
			contact = txt("yes: " + c.UniversalOffer.ContactName)
		}
		briefing := banded(riskmodel.Medium, "NOT YET")
		if c.UniversalOffer.BriefingOffered != nil {
			briefing = txt(c.UniversalOffer.BriefingOffered.String())
		}
		contributed := "—"
		if len(c.Contributions) > 0 {
			contributed = "received"
			if rec := c.Contributions[0].Received; rec != nil {
				contributed = "received " + rec.Format("2 Jan")
			}
		}
		pack := "—"
		if c.BriefingPack {
			pack = "written"
		}
		rows = append(rows, []cell{txt(c.Name), txt(c.Party), txt(r.constituencyName(c.Constituency)), contact, briefing,
			txt(contributed), txt(pack)})
	}
	pg.compactTable(widths([]string{"Candidate", "Party (display only)", "Constituency", "Named contact", "Briefing offered",
		"Contribution", "Pack"}, 3.0, 2.4, 2.4, 2.9, 2.0, 2.0, 1.1), rows)
	pg.heading(1, "9.3 How candidates and parties contribute")
	pg.para(r.w.CommunicationsContribute)
	if len(p.Contributions) == 0 {
		pg.para("No contributions have been received yet.")
	} else {
		rows = nil
		for _, c := range p.Contributions {
			speaks := c.Party
			if c.Candidate != "" {
				speaks = r.candidateName(c.Candidate)
			}
			received := "—"
			if c.Received != nil {
				received = c.Received.Format("2 Jan")
			}
			rows = append(rows, []cell{txt(c.Contributor), txt(c.Kind), txt(speaks), txt(received), txt(c.Updates),
				txt(plan.Plural(c.Events, "event", "events") + ", " + plan.Plural(c.Incidents, "incident", "incidents") + ", " +
					plan.Plural(c.Concerns, "concern", "concerns"))})
		}
		pg.table(widths([]string{"From", "Kind", "For", "Received", "Updates", "Contributed"}, 3.6, 1.4, 3, 1.5, 1.6, 3.5), rows)
		pg.note("Events and incidents a contribution added are marked with where they came from throughout this order. " +
			"Concerns are recorded with the candidate's risk profile in Annex A.")
	}
	pg.heading(1, "9.4 Media")
	pg.para(r.w.CommunicationsMedia)
}

func (r *renderer) humanRights() {
	pg, p := r.pg, r.p
	pg.section("legal", "10. Human rights and legal")
	pg.heading(1, "10.1 Rights engaged")
	for _, para := range r.w.HumanRights {
		pg.para(para)
	}
	pg.heading(1, "10.2 Proportionality of each dedicated deployment")
	var rows [][]cell
	add := func(id, what string, s plan.Scored, d plan.Deployment) {
		if d.Officers+d.Sergeants+d.Inspectors+d.StaticOfficers+d.PSU == 0 {
			return
		}
		rows = append(rows, []cell{txt(id), txt(what), banded(s.Band, fmt.Sprintf("%s %d", s.Band, s.Score)),
			txt(deploymentText(d)), txt(topReasons(s.Factors, 2))})
	}
	for _, e := range p.Flashpoints {
		add(e.ID, e.Title, e.Scored, e.Deployment)
	}
	for _, c := range p.Counts {
		add(c.ID, "Count at "+c.Venue.Name, c.Scored, c.Deployment)
	}
	for _, s := range p.PollingStations {
		add(s.ID, "Polling station: "+s.Name, s.Scored, s.Deployment)
	}
	if len(rows) == 0 {
		pg.para("No dedicated deployments.")
	} else {
		pg.note("The two largest factors of each score; all of them are in section 8.2.")
		pg.table(widths([]string{"ID", "Flashpoint", "Band", "Deployment", "Justified by"}, 1.3, 3.4, 1.3, 3.9, 4.7), rows)
	}
	pg.heading(1, "10.3 Offences quick reference")
	pg.note(r.w.OffencesNote)
	rows = nil
	for _, o := range r.w.Offences {
		rows = append(rows, []cell{txt(o.Law), cell{text: o.Name, bold: true}, txt(o.What)})
	}
	pg.table(widths([]string{"Law", "Offence", "What to report, in plain words"}, 3, 3, 8.6), rows)
}

// topReasons names the largest factors of a score.
func topReasons(fs []riskmodel.Factor, n int) string {
	sorted := slices.Clone(fs)
	slices.SortStableFunc(sorted, func(a, b riskmodel.Factor) int { return b.Points - a.Points })
	var out []string
	for _, f := range sorted {
		if len(out) == n || f.Points <= 0 {
			break
		}
		out = append(out, fmt.Sprintf("%s (%+d)", f.Reason, f.Points))
	}
	return strings.Join(out, "; ")
}

func (r *renderer) annexA() {
	pg := r.pg
	pg.banner = restrictedBanner
	pg.section("annexes", "11. Annexes")
	pg.para("Annex A: candidates' risk profiles (restricted); Annex B: polling stations; Annex C: counts; " +
		"Annex D: the risk model used; Annex E: polling-day patrols.")
	r.candidates()
	pg.banner = ""
}

// annexB lays out the polling stations of constituencies from up to (not
// including) to; the first lot opens the annex and every lot starts on a
// new page.
func (r *renderer) annexB(from, to int) {
	pg, p := r.pg, r.p
	pg.f.AddPage()
	if from == 0 {
		pg.heading(1, "Annex B: polling stations")
		pg.para("One line per polling place: the council's id, the place and its postcode, polling districts, electors, " +
			"the returning officer's rating, the RAG rating with its score, and the polling-day deployment.")
	}
	for _, c := range p.Constituencies[from:to] {
		var rows [][]cell
		for _, s := range r.stationsIn(c.Code) {
			place := s.Name
			if s.Postcode != "" {
				place += ", " + s.Postcode
			}
			ro := s.RORating
			if ro == "" {
				ro = "—"
			}
			electorate := ""
			if s.Electorate > 0 {
				electorate = fmt.Sprint(s.Electorate)
			}
			rows = append(rows, []cell{txt(s.ID), txt(place), txt(strings.Join(s.Districts, ", ")), txt(electorate), txt(ro),
				banded(ragBand(s.RAG), fmt.Sprintf("%s %d", s.RAG, s.Score)), txt(stationDeployment(s.Deployment))})
		}
		if len(rows) == 0 {
			continue
		}
		pg.heading(2, fmt.Sprintf("%s (%s): %s", c.Name, c.Code, plan.Plural(len(rows), "station", "stations")))
		r.constituencyMap(c.Code)
		pg.compactTable(widths([]string{"ID", "Polling place", "Districts", "Electors|R", "RO", "RAG", "Polling-day deployment"},
			1.2, 5.4, 1.6, 1.1, 0.9, 1.3, 2.9), rows)
	}
}

func (r *renderer) annexesCD() {
	pg, p := r.pg, r.p
	pg.f.AddPage()
	pg.heading(1, "Annex C: counts")
	for _, c := range p.Counts {
		names := make([]string, len(c.Constituencies))
		for i, code := range c.Constituencies {
			names[i] = r.constituencyName(code)
		}
		decl := "not given"
		if c.ExpectedDeclaration != nil {
			decl = dateTime(*c.ExpectedDeclaration)
		}
		pg.heading(2, fmt.Sprintf("%s: %s", c.ID, c.Venue.Name))
		pg.keyValues([][2]string{
			{"Constituencies", strings.Join(names, ", ")},
			{"Venue", strings.Trim(strings.Join([]string{c.Venue.Name, c.Venue.Address, c.Venue.Postcode}, ", "), ", ")},
			{"Starts", dateTime(c.Start) + " (within 4 hours of close of poll: " + yesNo(c.StartsWithin4Hours) + ")"},
			{"Declaration", decl},
			{"Attendance", fmt.Sprintf("%d expected inside; media interest %s", c.ExpectedAttendance, c.Media)},
			{"Risk", fmt.Sprintf("%s: %d × %d = %d", c.Band, c.Likelihood, c.Impact, c.Score)},
			{"Deployment", deploymentText(c.Deployment)},
			{"Search", map[bool]string{true: "Search before the first ballot box arrives, then at irregular intervals; badge-controlled access.",
				false: "No search required at this band; badge-controlled access as the returning officer directs."}[c.Deployment.Search]},
			{"Sealing", c.Sealing},
		}, 30)
	}
	r.annexD()
}

// candidates is annex A.
func (r *renderer) candidates() {
	pg, p := r.pg, r.p
	pg.heading(1, "Annex A: candidates' risk profiles (RESTRICTED)")
	pg.para("Restricted to the election SPOC, the Op Bridger contact, the FEOA and command. Candidates of enhanced tier and " +
		"above are set out one by one, highest tier first; standard-tier candidates, who get the universal offer, are listed " +
		"together at the end. Party is shown for identification only: it is not an input to any score. No home address is " +
		"held in this plan.")
	var standard [][]cell
	for _, c := range p.Candidates {
		if c.Tier == riskmodel.Standard {
			standard = append(standard, []cell{txt(c.Name), txt(orDash(c.Party)), txt(r.constituencyName(c.Constituency)),
				txt(fmt.Sprintf("%d×%d = %d", c.Residual.Likelihood, c.Residual.Impact, c.Residual.Score)),
				txt(shortFactors(c.Factors)), txt(offerText(c.UniversalOffer))})
			continue
		}
		r.candidateBlock(c)
	}
	if len(standard) > 0 {
		pg.heading(2, fmt.Sprintf("Standard tier: %s", plan.Plural(len(standard), "candidate", "candidates")))
		pg.compactTable(widths([]string{"Candidate", "Party", "Constituency", "Residual", "Factors", "Universal offer"},
			3, 2.4, 2.4, 1.3, 3.2, 3.3), standard)
	}
}

// candidateBlock sets out one candidate's risk profile.
func (r *renderer) candidateBlock(c plan.CandidateProfile) {
	pg, f := r.pg, r.pg.f
	pg.ensure(40)
	y := f.GetY()
	b := tierBand(c.Tier)
	pg.fill(bandColours[b].fill)
	pg.text(bandColours[b].text)
	pg.font("B", 8.5)
	f.SetXY(marginL+bodyW-34, y)
	f.CellFormat(34, 6, "tier "+string(c.Tier), "", 0, "C", true, 0, "")
	pg.text(navy)
	pg.font("B", 11)
	f.SetXY(marginL, y)
	f.CellFormat(bodyW-36, 6, c.Name, "", 1, "L", false, 0, "")
	pg.font("", 8.5)
	pg.text(muted)
	f.CellFormat(bodyW, 4.5, fmt.Sprintf("%s · %s · id %s", r.constituencyName(c.Constituency), orDash(c.Party), c.ID), "", 1, "L", false, 0, "")
	pg.text(ink)
	f.Ln(1)
	pairs := [][2]string{
		{"Inherent", fmt.Sprintf("%d × %d = %d (%s)", c.Inherent.Likelihood, c.Inherent.Impact, c.Inherent.Score, c.Inherent.Band)},
		{"Residual", fmt.Sprintf("%d × %d = %d (%s), after measures in place: %s", c.Residual.Likelihood, c.Residual.Impact,
			c.Residual.Score, c.Residual.Band, orNone(c.InPlace))},
		{"Factors", factorLines(c.Factors)},
	}
	if c.Override != nil {
		pairs = append(pairs, [2]string{"Override", fmt.Sprintf("%+d band to %s by %s: %s", c.Override.Delta, c.Band,
			c.Override.DecidedBy, c.Override.Rationale)})
	}
	pairs = append(pairs,
		[2]string{"Tier measures", strings.Join(c.Measures, "; ")},
		[2]string{"Universal offer", offerText(c.UniversalOffer)})
	if c.Contact != "" || c.Updates != "" {
		pairs = append(pairs, [2]string{"Updates", strings.Trim(c.Contact+"; "+c.Updates, "; ")})
	}
	for _, k := range c.Concerns {
		pairs = append(pairs, [2]string{"Concern", k.Category + ": " + k.Details + " (contribution " + k.Contribution + ")"})
	}
	pg.keyValues(pairs, 28)
}

func offerText(o plan.UniversalOffer) string {
	s := "named contact: not yet"
	if o.NamedContact {
		s = "named contact: " + o.ContactName
	}
	if o.BriefingOffered != nil {
		return s + "; briefing offered " + o.BriefingOffered.String()
	}
	return s + "; briefing NOT YET offered"
}

// shortFactors lists factors as "reason +n" in one line.
func shortFactors(fs []riskmodel.Factor) string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %+d", f.Factor, f.Points))
	}
	return strings.Join(out, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// restrictedBanner runs under the header of every page of Annex A.
const restrictedBanner = "ANNEX A RESTRICTED: candidates' personal risk information. Do not copy into briefings."

// stationDeployment says a station's polling-day deployment in a few words.
func stationDeployment(d plan.Deployment) string {
	switch {
	case d.StaticOfficers > 0:
		return fmt.Sprintf("%s all day (%.1f h)", plan.Plural(d.StaticOfficers, "static officer", "static officers"), d.OfficerHours)
	case d.Visits > 0 && d.Beat != "":
		// The officer-hours are the beat's, counted once in annex E.
		return fmt.Sprintf("%s on beat %s", plan.Plural(d.Visits, "patrol visit", "patrol visits"), d.Beat)
	case d.Visits > 0:
		return fmt.Sprintf("%s, on no beat (%.1f h)", plan.Plural(d.Visits, "patrol visit", "patrol visits"), d.OfficerHours)
	}
	return deploymentText(d)
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

func (r *renderer) annexD() {
	pg, p := r.pg, r.p
	pg.f.AddPage()
	pg.heading(1, "Annex D: the risk model used")
	status := "the national standard model"
	if !p.Model.Standard {
		status = "NOT the national standard model: scores are not comparable with other forces"
	}
	pg.keyValues([][2]string{
		{"Model", p.Model.ID}, {"Version", p.Model.Version}, {"SHA-256", p.Model.SHA256}, {"Status", status},
	}, 30)
	m := riskmodel.National()
	if p.Model.Standard {
		pg.heading(2, "Bands")
		var rows [][]cell
		for _, b := range m.Bands {
			rows = append(rows, []cell{banded(b.Name, string(b.Name)), txt(fmt.Sprintf("%d–%d", b.Min, b.Max)), txt(b.Meaning)})
		}
		pg.table(widths([]string{"Band", "Score", "Meaning"}, 2, 1.5, 8), rows)
		pg.heading(2, "Deployments by band")
		rows = nil
		for _, b := range riskmodel.Bands {
			rows = append(rows, []cell{banded(b, string(b)), txt(specText(m.Deployment("event", b))),
				txt(specText(m.Deployment("polling_station", b))), txt(specText(m.Deployment("count", b)))})
		}
		pg.table(widths([]string{"Band", "Event", "Polling station (07:00–22:00)", "Count"}, 1.6, 4, 4, 4), rows)
		pg.heading(2, "Candidate tiers")
		rows = nil
		for _, t := range m.Tiers {
			rows = append(rows, []cell{banded(t.Band, string(t.Tier)), txt(strings.Join(t.Measures, "; "))})
		}
		pg.table(widths([]string{"Tier", "Measures"}, 2, 10), rows)
	}
	pg.note("The model, each factor's points and why, and how to propose a change are set out in docs/risk-model.md. " +
		"Factors never include party or anything that stands in for it.")
}

func specText(d riskmodel.DeploymentSpec) string {
	return deploymentText(plan.Deployment{Officers: d.Officers, Sergeants: d.Sergeants, Inspectors: d.Inspectors,
		PSU: d.PSUStandby, StaticOfficers: d.StaticOfficers, Visits: d.Visits, Search: d.Search, Notes: d.Notes})
}
