package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/riskmodel"
	"github.com/xuri/excelize/v2"
)

// The sheets of comparison.xlsx, in workbook order.
const (
	sheetCompareSummary = "Summary"
	sheetForces         = "Forces"
	sheetFlags          = "Flags"
	sheetNeutrality     = "Neutrality"
)

// The Forces columns a flag is shown on, by header.
const (
	colFlagCount = "Flags"
	colFlagged   = "Flagged for"
	colStale     = "Stale"
	colStandard  = "Model standard"
	colCompared  = "Compared"
)

// neutralityStatement is said beside the tiers by party.
const neutralityStatement = "Tiers are computed party-blind: the national risk model has no input for party, and each plan " +
	"records a permutation audit of its own inputs (parties rotated among candidates and renamed; nothing the model " +
	"computed may change)."

// comparer lays out comparison.xlsx with the plan workbook's writer: the
// same columns, cell kinds, styles, print setup and zip order.
type comparer struct {
	*writer
	c *plan.Comparison
	// pct are the percentage styles: plain, bold (totals), and
	// left-aligned (the Summary sheet).
	pct, pctBold, pctLeft int
	// attention is the conditional format of a cell that carries a flag.
	attention int
}

// RenderComparison lays the national comparison out as comparison.xlsx:
// Summary (national totals and the flagged forces), Forces (one row per
// force, the national totals below), Flags (one row per flag, with why
// and the next step) and Neutrality (candidate tiers by party, with each
// force's permutation audit). Header rows are frozen and filtered;
// numbers are numbers (percentages with a percent format), dates are
// dates, free text is text; a cell carrying a flag is shaded by a
// conditional format. The bytes depend only on c: the document and zip
// entry dates are c.AsOf.
func RenderComparison(c *plan.Comparison) ([]byte, error) {
	if c == nil {
		return nil, errors.New("render comparison.xlsx: no comparison")
	}
	f := excelize.NewFile()
	defer f.Close()
	// The writer's page setup reads the marking and date from a plan; a
	// comparison has no plan of its own, so it lends it those two. Every
	// sheet's header and footer is then the comparison's own.
	stand := &plan.Plan{Force: plan.ForceInfo{Marking: c.Marking, Operation: "National comparison"}, AsOf: c.AsOf}
	w := &comparer{writer: &writer{f: f, p: stand}, c: c}
	if err := w.setUpComparison(); err != nil {
		return nil, fmt.Errorf("render comparison.xlsx: %w", err)
	}
	for _, s := range []struct {
		name  string
		write func() error
	}{
		{sheetCompareSummary, w.summarySheet},
		{sheetForces, w.forcesSheet},
		{sheetFlags, w.flagsSheet},
		{sheetNeutrality, w.neutralitySheet},
	} {
		if err := s.write(); err != nil {
			return nil, fmt.Errorf("render comparison.xlsx: sheet %s: %w", s.name, err)
		}
	}
	var buf bytes.Buffer
	f.SetZipWriter(newSortedZip(zipTime(stand), w.rows))
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("render comparison.xlsx: write workbook: %w", err)
	}
	return buf.Bytes(), nil
}

func (w *comparer) setUpComparison() error {
	f, c := w.f, w.c
	if err := f.SetSheetName("Sheet1", sheetCompareSummary); err != nil {
		return fmt.Errorf("name sheet %s: %w", sheetCompareSummary, err)
	}
	for _, name := range []string{sheetForces, sheetFlags, sheetNeutrality} {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("add sheet %s: %w", name, err)
		}
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	w.st = st
	pctFmt := "0.0%"
	for _, s := range []struct {
		id    *int
		bold  bool
		align string
	}{{&w.pct, false, ""}, {&w.pctBold, true, ""}, {&w.pctLeft, false, "left"}} {
		style := &excelize.Style{CustomNumFmt: &pctFmt, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: s.align}}
		if s.bold {
			style.Font = &excelize.Font{Bold: true, Family: fontFamily, Size: fontSize}
		}
		if *s.id, err = f.NewStyle(style); err != nil {
			return fmt.Errorf("add percentage style: %w", err)
		}
	}
	// Excel's own "Neutral" colours: amber, as the PDF shades a flag.
	if w.attention, err = f.NewConditionalStyle(&excelize.Style{
		Font: &excelize.Font{Color: "9C5700", Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFEB9C"}},
	}); err != nil {
		return fmt.Errorf("add flag colour: %w", err)
	}
	stamp := zipTime(w.p).Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          "National comparison of election policing plans",
		Subject:        strings.Join(c.ElectionIDs(), ", "),
		Category:       c.Marking,
		Creator:        c.Generator,
		LastModifiedBy: c.Generator,
		Created:        stamp,
		Modified:       stamp,
	}); err != nil {
		return fmt.Errorf("set document properties: %w", err)
	}
	if err := f.SetAppProps(&excelize.AppProperties{Application: "electplan"}); err != nil {
		return fmt.Errorf("set application properties: %w", err)
	}
	return nil
}

// open starts a sheet (a list when list) and gives it the comparison's
// header and footer: the marking centred at top and bottom, "page N of
// M" at bottom right.
func (w *comparer) open(name string, cols []column, list bool) (*table, error) {
	var t *table
	var err error
	if list {
		t, err = w.openList(name, cols)
	} else {
		t, err = w.openSheet(name, cols, false)
	}
	if err != nil {
		return nil, err
	}
	marking := `&C&"-,Bold"` + hfText(w.c.Marking)
	if err := w.f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + hfText("National comparison – as of "+w.c.AsOf.String()) + marking + "&R&A",
		OddFooter: "&L" + hfText("electplan compare") + marking + "&RPage &P of &N",
	}); err != nil {
		return nil, fmt.Errorf("header and footer: %w", err)
	}
	return t, nil
}

// percent is a percentage cell (a fraction shown as "12.3%"), or blank
// when unknown.
func (w *comparer) percent(r plan.Rate, style int) any {
	if !r.Known {
		return nil
	}
	return excelize.Cell{StyleID: style, Value: r.Value / 100}
}

// rateCell is a rate per head, shown to one decimal place wherever it goes
// (as officer-hours are), or blank when unknown.
func rateCell(r plan.Rate) any {
	if !r.Known {
		return nil
	}
	return hours(r.Value)
}

func (w *comparer) summarySheet() error {
	c, s := w.c, w.c.Totals
	t, err := w.open(sheetCompareSummary, []column{text("Item", 52), wrap("Value", 70)}, false)
	if err != nil {
		return err
	}
	t.left = true
	label := func(v string) excelize.Cell { return excelize.Cell{StyleID: w.st.label, Value: v} }
	pct := func(r plan.Rate) any { return w.percent(r, w.pctLeft) }
	rows := [][]any{
		{excelize.Cell{StyleID: w.st.title, Value: "National comparison of election policing plans"}, label(c.Marking)},
		{"As of", c.AsOf},
		{"Elections", strings.Join(c.ElectionIDs(), ", ")},
		{"A plan is stale when older than (days)", c.StaleDays},
		{"Newest national model", c.NewestNationalModel},
		{"Force plans", len(c.Forces)},
		{"Force plans compared (this schema version)", c.ComparedForces()},
		{"Forces flagged", c.FlaggedForces()},
		{"Flags", len(c.Flags)},
		{"Generator", c.Generator},
		{},
		{label("National totals")},
		{"Electorate", s.Electorate},
		{"Forces that gave no electorate (left out of the rates per elector)", c.WithoutElectorate},
		{"Flashpoints (events and counts)", s.Flashpoints},
	}
	for _, b := range slices.Backward(riskmodel.Bands) {
		rows = append(rows, []any{"Flashpoints: " + string(b), s.FlashpointsByBand[b]})
	}
	rows = append(rows, []any{"High and very-high flashpoints per 100,000 electors", rateCell(s.HighFlashpointsPer100k)},
		[]any{"Polling stations", s.PollingStations})
	for _, rag := range plan.RAGs {
		rows = append(rows, []any{"Polling stations: " + rag, s.StationsByRAG[rag]},
			[]any{"Polling stations: " + rag + " %", pct(s.StationsPctByRAG[rag])})
	}
	rows = append(rows, []any{"Candidates", s.Candidates})
	for _, tier := range slices.Backward(riskmodel.Tiers) {
		rows = append(rows, []any{"Candidates: tier " + string(tier), s.CandidatesByTier[tier]})
	}
	rows = append(rows,
		[]any{"Candidates of tier high or very-high %", pct(s.HighTierPct)},
		[]any{"Universal offer: candidates with a named police contact", s.NamedContact},
		[]any{"Universal offer: named contact %", pct(s.NamedContactPct)},
		[]any{"Universal offer: candidates offered the security briefing", s.BriefingOffered},
		[]any{"Universal offer: offered a briefing %", pct(s.BriefingOfferedPct)},
		[]any{"Officer-hours needed", hours(s.OfficerHoursNeeded)},
		[]any{"Officer-hours available", hours(s.OfficerHoursAvailable)},
		[]any{"Officer-hours needed per 1,000 electors", rateCell(s.NeededPer1000)},
		[]any{"Officer-hours available per 1,000 electors", rateCell(s.AvailablePer1000)},
		[]any{"Shortfall (officer-hours)", hours(s.ShortfallHours)},
		[]any{"Shortfall % of needed", pct(s.ShortfallPct)},
		[]any{"Overrides of the model", s.Overrides},
		[]any{"Reviews overdue", s.ReviewsOverdue},
		[]any{},
		[]any{label("Forces flagged")},
	)
	if len(c.Flags) == 0 {
		rows = append(rows, []any{"", "None."})
	}
	for _, f := range c.Forces {
		if len(f.Flags) == 0 {
			continue
		}
		var labels []string
		for _, fl := range f.Flags {
			labels = append(labels, fl.Label())
		}
		rows = append(rows, []any{f.Force, strings.Join(labels, "; ")})
	}
	for _, r := range rows {
		if err := t.put(r...); err != nil {
			return err
		}
	}
	return t.close()
}

// forceColumns are the Forces sheet's columns, in order.
func forceColumns() []column {
	pctCol := func(h string) column { return column{header: h, kind: kHours, width: numberWidth(h)} }
	return []column{
		text("Force", 26), text("Force code", 11), text("Election id", 18), wrap("Election", 30), dateCol("Polling day"),
		whole("Revision"), dateCol("As of"), text(colStale, 7), wrap("Stale because", 40),
		text("Model id", 20), text("Model version", 9), text(colStandard, 15), text("Schema", 18), text(colCompared, 9),
		whole("Electorate"), whole("Flashpoints"), whole("Flashpoints very-high"), whole("Flashpoints high"),
		whole("Flashpoints medium"), whole("Flashpoints low"),
		hoursCol("Very-high flashpoints per 100,000 electors"), hoursCol("High flashpoints per 100,000 electors"),
		hoursCol("Medium flashpoints per 100,000 electors"), hoursCol("Low flashpoints per 100,000 electors"),
		hoursCol("High + very-high flashpoints per 100,000 electors"),
		whole("Polling stations"), whole("Red stations"), whole("Amber stations"), whole("Green stations"),
		pctCol("Red stations %"), pctCol("Amber stations %"), pctCol("Green stations %"),
		whole("Candidates"), whole("Tier very-high"), whole("Tier high"), whole("Tier enhanced"), whole("Tier standard"),
		pctCol("Tier high or very-high %"), whole("With a named contact"), pctCol("Named contact %"),
		whole("Offered a briefing"), pctCol("Offered a briefing %"),
		hoursCol("Officer-hours needed"), hoursCol("Officer-hours available"),
		hoursCol("Needed per 1,000 electors"), hoursCol("Available per 1,000 electors"),
		hoursCol("Shortfall (officer-hours)"), pctCol("Shortfall % of needed"),
		whole("Overrides"), whole("Reviews overdue"), text("Neutrality audit", 16),
		whole(colFlagCount), wrap(colFlagged, 50), text("File", 36),
	}
}

// metricColumns are the Forces columns an outlier flag is about.
var metricColumns = map[string]string{
	plan.MetricRedStations:      "Red stations %",
	plan.MetricAmberStations:    "Amber stations %",
	plan.MetricHighFlashpoints:  "High + very-high flashpoints per 100,000 electors",
	plan.MetricHighTier:         "Tier high or very-high %",
	plan.MetricOfficerHoursNeed: "Needed per 1,000 electors",
}

// forceValues is one row of the Forces sheet; figures are blank for a
// plan whose figures are not compared.
func (w *comparer) forceValues(f *plan.ForceComparison, pctStyle int) []any {
	pct := func(r plan.Rate) any { return w.percent(r, pctStyle) }
	standard := "standard"
	if !f.Model.Standard {
		standard = "NON-STANDARD"
	}
	if f.Model.ID == "" {
		standard = ""
	}
	var rev any
	if f.Revision > 0 {
		rev = f.Revision
	}
	var labels []string
	for _, fl := range f.Flags {
		labels = append(labels, fl.Label())
	}
	row := []any{f.Force, f.ForceCode, f.Election, f.ElectionName, f.PollingDay, rev, f.AsOf, f.Stale, f.StaleReason,
		f.Model.ID, f.Model.Version, standard, f.Schema, f.Compared}
	if !f.Compared {
		row = append(row, make([]any, 36)...)
		return append(row, nil, len(f.Flags), strings.Join(labels, "; "), f.File)
	}
	var electorate any
	if f.Electorate > 0 {
		electorate = f.Electorate
	}
	row = append(row, electorate, f.Flashpoints)
	for _, b := range slices.Backward(riskmodel.Bands) {
		row = append(row, f.FlashpointsByBand[b])
	}
	for _, b := range slices.Backward(riskmodel.Bands) {
		row = append(row, rateCell(f.FlashpointsPer100kBand[b]))
	}
	row = append(row, rateCell(f.HighFlashpointsPer100k), f.PollingStations)
	for _, rag := range plan.RAGs {
		row = append(row, f.StationsByRAG[rag])
	}
	for _, rag := range plan.RAGs {
		row = append(row, pct(f.StationsPctByRAG[rag]))
	}
	row = append(row, f.Candidates)
	for _, tier := range slices.Backward(riskmodel.Tiers) {
		row = append(row, f.CandidatesByTier[tier])
	}
	return append(row, pct(f.HighTierPct), f.NamedContact, pct(f.NamedContactPct), f.BriefingOffered, pct(f.BriefingOfferedPct),
		f.OfficerHoursNeeded, f.OfficerHoursAvailable, rateCell(f.NeededPer1000), rateCell(f.AvailablePer1000),
		f.ShortfallHours, pct(f.ShortfallPct), f.Overrides, f.ReviewsOverdue, f.AuditResult(),
		len(f.Flags), strings.Join(labels, "; "), f.File)
}

func (w *comparer) forcesSheet() error {
	c := w.c
	cols := forceColumns()
	t, err := w.open(sheetForces, cols, true)
	if err != nil {
		return err
	}
	for i := range c.Forces {
		if err := t.add(w.forceValues(&c.Forces[i], w.pct)...); err != nil {
			return err
		}
	}
	// The national totals, on the row below the list so the filter
	// leaves them alone.
	national := &plan.ForceComparison{Force: "National", Figures: c.Totals, Compared: true, Model: plan.ModelRef{Standard: true}}
	values := w.forceValues(national, w.pctBold)
	for i := 1; i <= colIndex(cols, colCompared)-1; i++ {
		values[i] = nil // identity, currency and model describe a plan, not the nation
	}
	values[len(values)-4] = nil // the audit
	values[len(values)-3] = nil // the flag count
	if err := t.putAt(t.row+1, true, values...); err != nil {
		return err
	}
	if err := w.shadeFlags(t, cols); err != nil {
		return err
	}
	return t.close()
}

// shadeFlags shades, by conditional format, every Forces cell that
// carries a flag: the flag count and list, a stale as-of, a non-standard
// or older model, a schema mismatch, a failed or missing audit, and the
// figure an outlier is about. The formulas read the row's own "Flagged
// for" cell, so the shading follows the row when the sheet is sorted.
func (w *comparer) shadeFlags(t *table, cols []column) error {
	if t.dataEnd < 2 {
		return nil
	}
	flagged, err := excelize.CoordinatesToCellName(colIndex(cols, colFlagged), 2, true)
	if err != nil {
		return err
	}
	flagged = strings.TrimSuffix(flagged, "$2") + "2" // column fixed, row relative
	mentions := func(label string) string {
		return fmt.Sprintf("ISNUMBER(SEARCH(%s,%s))", quoteFormulaText(label), flagged)
	}
	shade := []struct {
		header string
		rule   excelize.ConditionalFormatOptions
	}{
		{colFlagCount, excelize.ConditionalFormatOptions{Type: "cell", Criteria: ">", Value: "0"}},
		{colFlagged, excelize.ConditionalFormatOptions{Type: "formula", Criteria: fmt.Sprintf("LEN(%s)>0", flagged)}},
		{colStale, excelize.ConditionalFormatOptions{Type: "cell", Criteria: "==", Value: quoteFormulaText("Yes")}},
		{colStandard, excelize.ConditionalFormatOptions{Type: "formula", Criteria: mentions(string(plan.FlagNonStandardModel))}},
		{"Model version", excelize.ConditionalFormatOptions{Type: "formula", Criteria: mentions(string(plan.FlagOlderModel))}},
		{"Schema", excelize.ConditionalFormatOptions{Type: "formula", Criteria: mentions(string(plan.FlagSchemaMismatch))}},
		{colCompared, excelize.ConditionalFormatOptions{Type: "cell", Criteria: "==", Value: quoteFormulaText("No")}},
		{"Neutrality audit", excelize.ConditionalFormatOptions{Type: "formula", Criteria: mentions(string(plan.FlagNeutralityAudit))}},
	}
	for _, m := range plan.OutlierMetrics {
		shade = append(shade, struct {
			header string
			rule   excelize.ConditionalFormatOptions
		}{metricColumns[m.Key], excelize.ConditionalFormatOptions{Type: "formula",
			Criteria: mentions(plan.Flag{Kind: plan.FlagOutlier, Metric: m.Key}.Label())}})
	}
	for _, s := range shade {
		ref, err := columnRange(colIndex(cols, s.header), 2, t.dataEnd)
		if err != nil {
			return err
		}
		rule := s.rule
		rule.Format = &w.attention
		if err := w.f.SetConditionalFormat(sheetForces, ref, []excelize.ConditionalFormatOptions{rule}); err != nil {
			return fmt.Errorf("shade %s: %w", s.header, err)
		}
	}
	return nil
}

func (w *comparer) flagsSheet() error {
	cols := []column{text("Force", 26), text("Force code", 11), text("Election id", 18), text("Flag", 34),
		text("Kind", 20), wrap("Why", 70), wrap("Next step", 50), text("File", 36)}
	t, err := w.open(sheetFlags, cols, true)
	if err != nil {
		return err
	}
	for _, f := range w.c.Flags {
		if err := t.add(f.Force, f.ForceCode, f.Election, f.Label(), string(f.Kind), f.Why, f.NextStep, f.File); err != nil {
			return err
		}
	}
	if t.dataEnd >= 2 {
		ref, err := columnRange(colIndex(cols, "Flag"), 2, t.dataEnd)
		if err != nil {
			return err
		}
		if err := w.f.SetConditionalFormat(sheetFlags, ref, []excelize.ConditionalFormatOptions{
			{Type: "formula", Criteria: "LEN($D2)>0", Format: &w.attention}}); err != nil {
			return fmt.Errorf("shade flags: %w", err)
		}
	}
	return t.close()
}

func (w *comparer) neutralitySheet() error {
	c := w.c
	cols := []column{text("Party", 30), whole("Candidates"), whole("Tier very-high"), whole("Tier high"),
		whole("Tier enhanced"), whole("Tier standard"), column{header: "Tier high or very-high %", kind: kHours, width: 14}}
	t, err := w.open(sheetNeutrality, cols, true)
	if err != nil {
		return err
	}
	for _, pt := range c.TiersByParty {
		high := pt.Tiers[riskmodel.TierHigh] + pt.Tiers[riskmodel.TierVeryHigh]
		var share any
		if pt.Candidates > 0 {
			share = excelize.Cell{StyleID: w.pct, Value: float64(high) / float64(pt.Candidates)}
		}
		row := []any{pt.Party, pt.Candidates}
		for _, tier := range slices.Backward(riskmodel.Tiers) {
			row = append(row, pt.Tiers[tier])
		}
		if err := t.add(append(row, share)...); err != nil {
			return err
		}
	}
	total := []any{"All candidates", c.Totals.Candidates}
	for _, tier := range slices.Backward(riskmodel.Tiers) {
		total = append(total, c.Totals.CandidatesByTier[tier])
	}
	if err := t.putAt(t.row+1, true, append(total, w.percent(c.Totals.HighTierPct, w.pctBold))...); err != nil {
		return err
	}
	if err := t.putAt(t.row+2, false, neutralityStatement); err != nil {
		return err
	}
	head := func(values ...string) []any {
		out := make([]any, len(values))
		for i, v := range values {
			out[i] = excelize.Cell{StyleID: w.st.header, Value: v}
		}
		return out
	}
	if err := t.putAt(t.row+2, false, head("Force", "Candidates", "Parties", "Audit result", "Detail")...); err != nil {
		return err
	}
	for _, f := range c.Forces {
		var cands, parties any
		detail := f.Audit.String()
		switch {
		case !f.Compared:
			detail = "written to another schema version"
		case f.Audit.Method == "":
			detail = "the plan records no audit"
		default:
			cands, parties = f.Audit.Candidates, f.Audit.Parties
		}
		if err := t.put(f.Force, cands, parties, f.AuditResult(), detail); err != nil {
			return err
		}
	}
	if method := auditMethod(c); method != "" {
		if err := t.putAt(t.row+2, false, "Method, as each plan records it: "+method+"."); err != nil {
			return err
		}
	}
	return t.close()
}

// auditMethod is the audit method the plans record.
func auditMethod(c *plan.Comparison) string {
	for _, f := range c.Forces {
		if f.Audit.Method != "" {
			return f.Audit.Method
		}
	}
	return ""
}
