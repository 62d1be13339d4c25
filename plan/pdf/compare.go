package pdf

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/riskmodel"
)

// NeutralityStatement is what the comparison says of how tiers are
// computed, beside the tiers by party.
const NeutralityStatement = "Tiers are computed party-blind: the national risk model has no input for party, and each plan " +
	"records a permutation audit of its own inputs (parties rotated among candidates and renamed; nothing the model " +
	"computed may change)."

// flagShade is how a cell carrying a flag is shaded: amber, "look at this".
const flagShade = riskmodel.Medium

// RenderComparison lays the national comparison out as a PDF; see
// WriteComparison.
func RenderComparison(c *plan.Comparison) ([]byte, error) {
	var buf bytes.Buffer
	if err := WriteComparison(&buf, c); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteComparison lays the national comparison out on A4 landscape and
// writes it to w: first a one-page national summary (how many forces, how
// many flagged, the flags, national totals), then every force's figures,
// the flags in full with what to ask of each force, and the neutrality
// page (tiers by party, and each force's permutation audit). Every page
// is marked OFFICIAL-SENSITIVE with "page N of M". The same comparison
// gives the same bytes: the document date is the comparison's as-of date
// and the catalogue is written in a fixed order.
func WriteComparison(w io.Writer, c *plan.Comparison) error {
	pg, err := newLandscapePage()
	if err != nil {
		return err
	}
	f := pg.f
	fixDates(f, c.AsOf)
	f.SetTitle("National comparison of election policing plans, as of "+c.AsOf.String(), true)
	f.SetSubject(strings.Join(c.ElectionIDs(), ", "), true)
	f.SetAuthor("National portfolio lead for policing elections", true)
	f.SetCreator(c.Generator, true)
	f.SetProducer(c.Generator, true)
	f.SetLang("en-GB")
	pg.marking = c.Marking
	pg.left = "National comparison · as of " + c.AsOf.String()
	pg.right = plan.Plural(len(c.Forces), "force plan", "force plans")
	pg.foot = fmt.Sprintf("electplan compare · stale after %s", plan.Plural(c.StaleDays, "day", "days"))

	r := comparisonRenderer{pg: pg, c: c}
	r.summary()
	r.forces()
	r.flags()
	r.neutrality()
	if err := f.Error(); err != nil {
		return fmt.Errorf("lay out comparison.pdf: %w", err)
	}
	if err := output(f, w); err != nil {
		return fmt.Errorf("write comparison.pdf: %w", err)
	}
	return nil
}

type comparisonRenderer struct {
	pg *page
	c  *plan.Comparison
}

// summary is the first page: what the national lead needs at a glance.
func (r *comparisonRenderer) summary() {
	pg, c := r.pg, r.c
	pg.section("summary", "National comparison of election policing plans")
	names := map[string]string{}
	for _, f := range c.Forces {
		if f.ElectionName != "" {
			names[f.Election] = f.ElectionName
		}
	}
	var about []string
	for _, id := range c.ElectionIDs() {
		if n := names[id]; n != "" {
			about = append(about, fmt.Sprintf("%s (%s)", n, id))
		} else {
			about = append(about, id)
		}
	}
	lead := fmt.Sprintf("%s compared as of %s", plan.Plural(len(c.Forces), "force plan", "force plans"), longDate(c.AsOf))
	if len(about) > 0 {
		lead += ", for the " + strings.Join(about, "; ")
	}
	flaggedForces := c.FlaggedForces()
	switch flaggedForces {
	case 0:
		lead += ". No force is flagged: every plan was built with the current national standard model, is current, " +
			"complete, and within the range of the other forces."
	case len(c.Forces):
		lead += fmt.Sprintf(". Every force is flagged (%s in all); the reasons are below.", plan.Plural(len(c.Flags), "flag", "flags"))
	default:
		lead += fmt.Sprintf(". %s flagged as inconsistent with the others (%s); %s not.",
			countedAs(flaggedForces, "force is", "forces are"), plan.Plural(len(c.Flags), "flag", "flags"),
			countedAs(len(c.Forces)-flaggedForces, "is", "are"))
	}
	pg.para(lead)
	if caveat := c.MixedElections(); caveat != "" {
		pg.alert([]string{caveat})
	}
	if len(c.Flags) > 0 {
		pg.heading(1, "Forces flagged")
		rows := make([][]cell, 0, len(c.Flags))
		last := ""
		for _, fl := range c.Flags {
			force := forceLabel(fl.Force, fl.ForceCode)
			if force == last {
				force = ""
			} else {
				last = force
			}
			rows = append(rows, []cell{{text: force, bold: true}, banded(flagShade, fl.Label()), txt(fl.Why)})
		}
		pg.table(widthsIn(pg.bodyW, []string{"Force", "Flag", "Why"}, 2.3, 2.2, 8.5), rows)
	}
	r.totals()
}

func countedAs(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func forceLabel(name, code string) string {
	if code == "" || code == name {
		return name
	}
	return fmt.Sprintf("%s (%s)", name, code)
}

// totals are the national figures, as sums and rates of the sums.
func (r *comparisonRenderer) totals() {
	pg, c, t := r.pg, r.c, r.c.Totals
	pg.heading(1, "National totals")
	compared := fmt.Sprintf("%d of %d", c.ComparedForces(), len(c.Forces))
	if n := len(c.Forces) - c.ComparedForces(); n > 0 {
		compared += fmt.Sprintf(" (%s written to another schema version: not in the totals)", countedAs(n, "plan is", "plans are"))
	}
	electorate := thousands(t.Electorate) + " registered electors"
	if c.WithoutElectorate > 0 {
		electorate += fmt.Sprintf(" (%s gave none: left out of the rates per elector)", countedAs(c.WithoutElectorate, "force", "forces"))
	}
	pg.keyValues([][2]string{
		{"Forces compared", compared},
		{"Electorate", electorate},
		{"Flashpoints", fmt.Sprintf("%s events and counts: %s; %s high or very-high per 100,000 electors",
			thousands(t.Flashpoints), bandCounts(t.FlashpointsByBand), rateText(t.HighFlashpointsPer100k))},
		{"Polling stations", fmt.Sprintf("%s: %s red (%s), %s amber (%s), %s green (%s)", thousands(t.PollingStations),
			thousands(t.StationsByRAG["red"]), pctText(t.StationsPctByRAG["red"]), thousands(t.StationsByRAG["amber"]),
			pctText(t.StationsPctByRAG["amber"]), thousands(t.StationsByRAG["green"]), pctText(t.StationsPctByRAG["green"]))},
		{"Candidates", fmt.Sprintf("%s: %s; %s of tier high or very-high", thousands(t.Candidates), tierCounts(t.CandidatesByTier),
			pctText(t.HighTierPct))},
		{"Universal offer", fmt.Sprintf("%s have a named police contact (%s); %s have been offered the security briefing (%s)",
			thousands(t.NamedContact), pctText(t.NamedContactPct), thousands(t.BriefingOffered), pctText(t.BriefingOfferedPct))},
		{"Officer-hours", fmt.Sprintf("%s needed, %s available (%s and %s per 1,000 electors)", hoursText(t.OfficerHoursNeeded),
			hoursText(t.OfficerHoursAvailable), rateText(t.NeededPer1000), rateText(t.AvailablePer1000))},
		{"Shortfall", fmt.Sprintf("%s officer-hours, %s of what is needed", hoursText(t.ShortfallHours), pctText(t.ShortfallPct))},
		{"Overrides", plan.Plural(t.Overrides, "professional-judgement override", "professional-judgement overrides") + " of a candidate's tier"},
		{"Reviews overdue", thousands(t.ReviewsOverdue)},
	}, 38)
}

func bandCounts(m map[riskmodel.Band]int) string {
	var parts []string
	for _, b := range slices.Backward(riskmodel.Bands) {
		parts = append(parts, fmt.Sprintf("%s %s", thousands(m[b]), b))
	}
	return strings.Join(parts, ", ")
}

func tierCounts(m map[riskmodel.Tier]int) string {
	var parts []string
	for _, t := range slices.Backward(riskmodel.Tiers) {
		parts = append(parts, fmt.Sprintf("%s %s", thousands(m[t]), t))
	}
	return strings.Join(parts, ", ")
}

// thousands writes n with thousands separators: 1,234,567.
func thousands(n int) string {
	s := fmt.Sprint(max(n, -n))
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, d := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}

// hoursText writes officer-hours to one decimal place, with thousands
// separators.
func hoursText(h float64) string {
	tenths := int(h*10 + 0.5)
	if h < 0 {
		tenths = int(h*10 - 0.5)
	}
	frac := tenths % 10
	if frac < 0 {
		frac = -frac
	}
	return fmt.Sprintf("%s.%d", thousands(tenths/10), frac)
}

// noFigure stands for a figure that cannot be computed.
const noFigure = "—"

// pctText writes a percentage to one decimal place: "12.3%".
func pctText(r plan.Rate) string {
	if !r.Known {
		return noFigure
	}
	return fmt.Sprintf("%.1f%%", r.Value)
}

// rateText writes a rate per head to one decimal place.
func rateText(r plan.Rate) string {
	if !r.Known {
		return noFigure
	}
	return fmt.Sprintf("%.1f", r.Value)
}

// forces lays out every force's row in four tables: the plan itself,
// flashpoints and polling stations, candidates and the universal offer,
// and officer-hours. A cell that carries a flag is shaded; the last row
// of each is the nation's.
func (r *comparisonRenderer) forces() {
	pg, c := r.pg, r.c
	pg.section("forces", "Forces compared")
	pg.note("Cells shaded amber carry a flag (see Flags in full). A dash is a figure that cannot be computed: " +
		"no electorate given, nothing to divide by, or a plan written to another schema version. National rates are " +
		"computed from the national sums, not averaged over forces.")

	r.keepTogether(len(c.Forces), 2)
	pg.heading(1, "The plans: currency, model and completeness")
	var rows [][]cell
	for _, f := range c.Forces {
		rows = append(rows, r.planRow(f))
	}
	pg.table(widthsIn(pg.bodyW, []string{"Force", "Code", "Election", "Rev.|C", "As of", "Stale", "Model", "Standard",
		"Schema", "Neutrality audit", "Flags"}, 30, 22, 26, 10.5, 19, 17, 34, 25, 26, 23, 28.5), rows)

	national := &plan.ForceComparison{Force: "National", Figures: c.Totals, Compared: true}
	table := func(title string, headers []string, weights []float64, row func(*plan.ForceComparison) []cell) {
		r.keepTogether(len(c.Forces)+1, 1)
		pg.heading(1, title)
		rows := make([][]cell, 0, len(c.Forces)+1)
		for i := range c.Forces {
			f := &c.Forces[i]
			if !f.Compared {
				rows = append(rows, dashes(f.Force, len(headers)))
				continue
			}
			rows = append(rows, append([]cell{{text: f.Force, bold: true}}, row(f)...))
		}
		rows = append(rows, boldRow(append([]cell{txt(national.Force)}, row(national)...)))
		pg.table(widthsIn(pg.bodyW, append([]string{"Force"}, headers...), append([]float64{30}, weights...)...), rows)
	}
	table("Flashpoints and polling stations",
		[]string{"Electorate|R", "Very-high flashpoints|R", "High flashpoints|R", "Medium flashpoints|R", "Low flashpoints|R",
			"High + very-high per 100,000 electors|R", "Polling stations|R", "Red stations|R", "Amber stations|R",
			"Green stations|R", "Red %|R", "Amber %|R", "Green %|R"},
		[]float64{18, 19.5, 19.5, 19.5, 19.5, 22, 16, 15.5, 15.5, 15.5, 14, 14, 14},
		func(f *plan.ForceComparison) []cell {
			electorate := noFigure
			if f.Electorate > 0 {
				electorate = thousands(f.Electorate)
			}
			row := []cell{txt(electorate)}
			for _, b := range slices.Backward(riskmodel.Bands) {
				row = append(row, txt(thousands(f.FlashpointsByBand[b])))
			}
			row = append(row, metricCell(f, plan.MetricHighFlashpoints, rateText(f.HighFlashpointsPer100k)), txt(thousands(f.PollingStations)))
			for _, rag := range plan.RAGs {
				row = append(row, txt(thousands(f.StationsByRAG[rag])))
			}
			return append(row, metricCell(f, plan.MetricRedStations, pctText(f.StationsPctByRAG["red"])),
				metricCell(f, plan.MetricAmberStations, pctText(f.StationsPctByRAG["amber"])), txt(pctText(f.StationsPctByRAG["green"])))
		})
	table("Candidates and the universal offer",
		[]string{"Candidates|R", "Very-high tier|R", "High tier|R", "Enhanced tier|R", "Standard tier|R",
			"High + very-high %|R", "With a named contact|R", "Named contact %|R", "Offered a briefing|R", "Offered a briefing %|R"},
		[]float64{20, 20, 20, 20, 20, 22, 22, 20, 22, 22},
		func(f *plan.ForceComparison) []cell {
			row := []cell{txt(thousands(f.Candidates))}
			for _, t := range slices.Backward(riskmodel.Tiers) {
				row = append(row, txt(thousands(f.CandidatesByTier[t])))
			}
			return append(row, metricCell(f, plan.MetricHighTier, pctText(f.HighTierPct)),
				txt(thousands(f.NamedContact)), txt(pctText(f.NamedContactPct)), txt(thousands(f.BriefingOffered)), txt(pctText(f.BriefingOfferedPct)))
		})
	table("Officer-hours, overrides and reviews",
		[]string{"Officer-hours needed|R", "Officer-hours available|R", "Needed per 1,000 electors|R",
			"Available per 1,000 electors|R", "Shortfall (officer-hours)|R", "Shortfall % of needed|R", "Overrides|R", "Reviews overdue|R"},
		[]float64{26, 26, 24, 24, 26, 22, 20, 20},
		func(f *plan.ForceComparison) []cell {
			return []cell{txt(hoursText(f.OfficerHoursNeeded)), txt(hoursText(f.OfficerHoursAvailable)),
				metricCell(f, plan.MetricOfficerHoursNeed, rateText(f.NeededPer1000)), txt(rateText(f.AvailablePer1000)),
				txt(hoursText(f.ShortfallHours)), txt(pctText(f.ShortfallPct)), txt(thousands(f.Overrides)), txt(thousands(f.ReviewsOverdue))}
		})
}

// keepTogether starts a new page for a table of rows rows of about lines
// lines each, under a heading, when it would fit on a page of its own but
// not in what is left of this one.
func (r *comparisonRenderer) keepTogether(rows, lines int) {
	const heading, header, line = 12.0, 14.0, 3.7
	h := heading + header + float64(rows)*(float64(lines)*line+2*cellPad)
	if h < r.pg.h-marginTop-marginBottom {
		r.pg.ensure(h)
	}
}

// planRow is a force's plan: who, which revision, how current, which
// model, and its flags.
func (r *comparisonRenderer) planRow(f plan.ForceComparison) []cell {
	stale := txt("no")
	if f.Stale {
		stale = banded(flagShade, fmt.Sprintf("yes: %d days", f.AsOf.DaysUntil(staleFrom(r.c, f))))
	}
	model := txt(strings.TrimSpace(f.Model.ID + " " + f.Model.Version))
	if f.Flagged(plan.FlagOlderModel, "") {
		model = banded(flagShade, model.text)
	}
	standard := txt("standard")
	if !f.Model.Standard {
		standard = txt("NON-STANDARD")
	}
	if f.Flagged(plan.FlagNonStandardModel, "") {
		standard = banded(flagShade, standard.text)
	}
	if f.Model.ID == "" { // a file of another schema version may not say
		model, standard = txt(noFigure), txt(noFigure)
	}
	schema := txt(f.Schema)
	if !f.Compared {
		schema = banded(flagShade, f.Schema)
	}
	audit := txt(f.AuditResult())
	if f.Flagged(plan.FlagNeutralityAudit, "") {
		audit = banded(flagShade, audit.text)
	}
	var kinds []string
	for _, fl := range f.Flags {
		kinds = append(kinds, fl.Label())
	}
	flags := txt("none")
	if len(kinds) > 0 {
		flags = banded(flagShade, strings.Join(kinds, "; "))
	}
	rev := noFigure
	if f.Revision > 0 {
		rev = fmt.Sprint(f.Revision)
	}
	return []cell{{text: f.Force, bold: true}, txt(f.ForceCode), txt(f.Election), txt(rev),
		txt(f.AsOf.String()), stale, model, standard, schema, audit, flags}
}

// dashes is the row of a force whose figures are not compared.
func dashes(name string, n int) []cell {
	row := []cell{{text: name, bold: true}}
	for range n {
		row = append(row, txt(noFigure))
	}
	return row
}

// staleFrom is the date a force's plan is measured against: the
// comparison date, or polling day if earlier.
func staleFrom(c *plan.Comparison, f plan.ForceComparison) plan.Date {
	if !f.PollingDay.IsZero() && f.PollingDay.Before(c.AsOf) {
		return f.PollingDay
	}
	return c.AsOf
}

func boldRow(row []cell) []cell {
	for i := range row {
		row[i].bold = true
	}
	return row
}

// metricCell is a figure, shaded when the force is an outlier on it.
func metricCell(f *plan.ForceComparison, metric, text string) cell {
	if f.Flagged(plan.FlagOutlier, metric) {
		return banded(flagShade, text)
	}
	return txt(text)
}

// flags lists every flag with what to ask of the force, force by force,
// then the rules.
func (r *comparisonRenderer) flags() {
	pg, c := r.pg, r.c
	pg.section("flags", "Flags in full")
	if len(c.Flags) == 0 {
		pg.para("No force is flagged.")
	}
	for _, f := range c.Forces {
		if len(f.Flags) == 0 {
			continue
		}
		pg.heading(2, forceLabel(f.Force, f.ForceCode))
		about := fmt.Sprintf("File %s", f.File)
		if f.Revision > 0 {
			about += fmt.Sprintf(" · revision %d as of %s", f.Revision, f.AsOf)
		}
		if f.Election != "" {
			about += " · " + f.Election
		}
		pg.note(about)
		rows := make([][]cell, 0, len(f.Flags))
		for _, fl := range f.Flags {
			rows = append(rows, []cell{banded(flagShade, fl.Label()), txt(fl.Why), txt(capitalise(fl.NextStep) + ".")})
		}
		pg.table(widthsIn(pg.bodyW, []string{"Flag", "Why", "Next step"}, 2.2, 6.5, 4.3), rows)
	}
	pg.heading(1, "How the flags are decided")
	rules := [][]cell{
		{txt("schema mismatch"), txt(fmt.Sprintf("The file's \"schema\" is not %s. The force is listed but its figures are not compared.", plan.PlanSchema))},
		{txt("non-standard model"), txt("The plan was built with a model file other than the national standard.")},
		{txt("older model"), txt(fmt.Sprintf("The plan was built with the national model at a version below the newest among the plans "+
			"or in this electplan (here %s).", c.NewestNationalModel))},
		{txt("stale"), txt(fmt.Sprintf("The plan's as-of date is more than %s before the comparison date (%s), or before "+
			"polling day if that is earlier.", plan.Plural(c.StaleDays, "day", "days"), c.AsOf))},
		{txt("missing sections"), txt("The plan has no constituencies, polling stations, counts, candidates, timetable, " +
			"availability, or no command entry for gold, silver or the election SPOC.")},
		{txt("outlier"), txt("Compared with the other forces (at least 4) on red and amber stations %, high and very-high " +
			"flashpoints per 100,000 electors, candidates of tier high or very-high %, and officer-hours needed per 1,000 " +
			"electors: a zero where three-quarters of the others are above zero and at least 5 were to be expected; or a value " +
			"more than 3.5 robust standard deviations from the others' median (the larger of 1.4826 × their median absolute " +
			"deviation and what chance gives a force of its size) and further from it than 2 points (percentages) or half " +
			"the median (rates).")},
		{txt("neutrality audit"), txt("The plan records no party-permutation audit, or a failed one.")},
	}
	pg.table(widthsIn(pg.bodyW, []string{"Flag", "Rule (docs/compare.md has every detail)"}, 2.2, 10.8), rules)
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// neutrality shows candidate tiers by party nationally, beside how tiers
// are computed and each force's audit.
func (r *comparisonRenderer) neutrality() {
	pg, c := r.pg, r.c
	pg.section("neutrality", "Neutrality: candidate tiers by party")
	pg.para(NeutralityStatement)
	pg.note("Parties are as each force recorded them, for identification only. Differences between parties reflect the " +
		"threats, abuse, incumbency and prominence recorded for their candidates, never the party itself.")
	tiers := slices.Backward(riskmodel.Tiers)
	titles := []string{"Party", "Candidates|R"}
	for _, t := range tiers {
		titles = append(titles, "Tier "+string(t)+"|R")
	}
	titles = append(titles, "High + very-high %|R")
	var rows [][]cell
	for _, pt := range c.TiersByParty {
		row := []cell{{text: pt.Party, bold: true}, txt(thousands(pt.Candidates))}
		for _, t := range tiers {
			row = append(row, txt(thousands(pt.Tiers[t])))
		}
		high := pt.Tiers[riskmodel.TierHigh] + pt.Tiers[riskmodel.TierVeryHigh]
		rows = append(rows, append(row, txt(pctOf(high, pt.Candidates))))
	}
	t := c.Totals
	total := []cell{txt("All candidates"), txt(thousands(t.Candidates))}
	for _, tier := range tiers {
		total = append(total, txt(thousands(t.CandidatesByTier[tier])))
	}
	rows = append(rows, boldRow(append(total, txt(pctText(t.HighTierPct)))))
	pg.table(widthsIn(pg.bodyW, titles, 4, 1.3, 1.3, 1.3, 1.3, 1.3, 1.5), rows)

	pg.heading(1, "Each force's permutation audit")
	rows = rows[:0]
	for _, f := range c.Forces {
		result := txt(f.AuditResult())
		if f.Flagged(plan.FlagNeutralityAudit, "") {
			result = banded(flagShade, result.text)
		}
		cands, parties := noFigure, noFigure
		if f.Compared && f.Audit.Method != "" {
			cands, parties = thousands(f.Audit.Candidates), thousands(f.Audit.Parties)
		}
		detail := ""
		switch {
		case !f.Compared:
			detail = "written to another schema version"
		case f.Audit.Method == "":
			detail = "the plan records no audit"
		case f.Audit.Passed:
			detail = "parties rotated and renamed: nothing changed"
		default:
			detail = f.Audit.String()
		}
		rows = append(rows, []cell{{text: forceLabel(f.Force, f.ForceCode), bold: true}, txt(cands), txt(parties), result, txt(detail)})
	}
	pg.table(widthsIn(pg.bodyW, []string{"Force", "Candidates|R", "Parties|R", "Result", "Detail"}, 3.5, 1.2, 1, 1.4, 6), rows)
	if method := auditMethod(c); method != "" {
		pg.note("Method, as each plan records it: " + method + ".")
	}
}

// auditMethod is the audit method the plans record (the first, as every
// plan of this schema records the same).
func auditMethod(c *plan.Comparison) string {
	for _, f := range c.Forces {
		if f.Audit.Method != "" {
			return f.Audit.Method
		}
	}
	return ""
}

func pctOf(n, of int) string {
	if of == 0 {
		return noFigure
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
}
