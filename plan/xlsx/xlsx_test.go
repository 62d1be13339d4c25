package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/electplan/electplan/internal/golden"
	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/riskmodel"
	"github.com/xuri/excelize/v2"
)

// The examples and the dates their tests build them as of.
var examples = []struct {
	dir  string
	asOf plan.Date
}{
	{"general-election", plan.NewDate(2029, 4, 20)},
	{"by-election", plan.NewDate(2027, 3, 1)},
}

func buildDir(t testing.TB, dir string, asOf plan.Date) *plan.Plan {
	t.Helper()
	in, err := plan.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Build(in, riskmodel.National(), asOf)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func buildExample(t testing.TB, dir string, asOf plan.Date) *plan.Plan {
	t.Helper()
	return buildDir(t, filepath.Join("..", "..", "examples", dir), asOf)
}

func generalElection(t testing.TB) *plan.Plan {
	t.Helper()
	return buildExample(t, examples[0].dir, examples[0].asOf)
}

func render(t testing.TB, p *plan.Plan) []byte {
	t.Helper()
	b, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// open reads a rendered workbook back, as a spreadsheet program would.
func open(t testing.TB, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("open rendered workbook: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func rows(t testing.TB, f *excelize.File, sheet string) [][]string {
	t.Helper()
	r, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("read %s: %v", sheet, err)
	}
	return r
}

// cellOf is the cell in column header (by row 1's text) and row r.
func cellOf(t testing.TB, f *excelize.File, sheet, header string, r int) string {
	t.Helper()
	head := headers(t, f, sheet)
	i := slices.Index(head, header)
	if i < 0 {
		t.Fatalf("%s has no column %q (headers %q)", sheet, header, head)
	}
	c, err := excelize.CoordinatesToCellName(i+1, r)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// headers reads row 1 alone.
func headers(t testing.TB, f *excelize.File, sheet string) []string {
	t.Helper()
	it, err := f.Rows(sheet)
	if err != nil {
		t.Fatalf("read %s: %v", sheet, err)
	}
	defer it.Close()
	if !it.Next() {
		t.Fatalf("%s is empty", sheet)
	}
	head, err := it.Columns()
	if err != nil {
		t.Fatal(err)
	}
	return head
}

func value(t testing.TB, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func rawValue(t testing.TB, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// parts unzips a workbook into its package parts.
func parts(t testing.TB, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("unzip: %v", err)
	}
	out := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[zf.Name] = string(data)
	}
	return out
}

var listSheets = []string{
	sheetTimetable, sheetFlashpoints, sheetCandidates, sheetPollingStations, sheetCounts,
	sheetDeployments, sheetBeats, sheetPatrols, sheetDemand, sheetDecisionLog, sheetReviews, sheetRevisions,
}

func TestSheetsInOrder(t *testing.T) {
	f := open(t, render(t, generalElection(t)))
	want := []string{"Summary", "Timetable", "Flashpoints", "Candidates", "PollingStations", "Counts",
		"Deployments", "Beats", "Patrols", "Demand", "DecisionLog", "Reviews", "Model", "Revisions"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("opens on sheet %d, want Summary", got)
	}
}

func TestHeaders(t *testing.T) {
	f := open(t, render(t, generalElection(t)))
	want := map[string][]string{
		"Timetable": {"Step", "Title", "Date", "Working days before poll", "Earliest", "Latest", "Fixed", "Why it matters"},
		"Flashpoints": {"ID", "Kind", "Title", "Constituency", "Start", "End", "Venue", "Postcode", "Expected attendance",
			"Likelihood", "Impact", "Score", "Band", "Source", "Contributed by", "Officers", "Sergeants", "Inspectors", "PSU",
			"Officer-hours", "Deployment notes", "Factors"},
		"Candidates": {"ID", "Name", "Party", "Constituency", "Tier", "Band", "Residual likelihood", "Residual impact",
			"Residual score", "Inherent likelihood", "Inherent impact", "Inherent score", "Override", "Measures in place",
			"Tier measures", "Public events", "Named contact", "Contact name", "Briefing offered", "Contact preference",
			"Contributions", "Concerns", "Updates", "Briefing pack", "Factors", "Briefing given", "Notes"},
		"PollingStations": {"ID", "Name", "Constituency", "Address", "Postcode", "Latitude", "Longitude", "Districts",
			"Electorate", "RO rating", "RAG", "Likelihood", "Impact", "Score", "Band", "Visits", "Beat", "Static officers",
			"Officer-hours", "Station notes", "Deployment notes", "Factors", "Visited", "Notes"},
		"Counts": {"ID", "Constituencies", "Venue", "Address", "Postcode", "Start", "End", "Expected declaration",
			"Expected attendance", "Media", "Starts within 4h", "Sealing", "Likelihood", "Impact", "Score", "Band",
			"Officers", "Sergeants", "Inspectors", "PSU", "Search", "Officer-hours", "Notes", "Factors"},
		"Deployments": {"Kind", "ID", "Title", "Band", "Score", "Officers", "Sergeants", "Inspectors", "PSU",
			"Static officers", "Visits", "Officer-hours", "Notes"},
		"Demand": {"Date", "Officer-hours needed", "Officer-hours available", "Shortfall", "PSU needed", "PSU available",
			"Mutual aid officers", "Availability given", "Commitments kept", "At risk"},
		"DecisionLog": {"Number", "At", "By", "Decision", "Rationale", "Options rejected", "Review by", "Automatic"},
		"Reviews":     {"Date", "Reason", "Status"},
		"Model":       {"Item", "Value"},
		"Revisions":   {"Revision", "As of", "Summary", "By"},
	}
	for _, sheet := range slices.Sorted(maps.Keys(want)) {
		t.Run(sheet, func(t *testing.T) {
			if got := rows(t, f, sheet)[0]; !slices.Equal(got, want[sheet]) {
				t.Errorf("headers\n got %q\nwant %q", got, want[sheet])
			}
		})
	}
}

// TestOneRowPerItem checks every list sheet holds exactly the Plan's
// items, in the Plan's order.
func TestOneRowPerItem(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.dir, func(t *testing.T) {
			p := buildExample(t, ex.dir, ex.asOf)
			f := open(t, render(t, p))
			ids := func(sheet, header string) []string {
				var out []string
				col := slices.Index(rows(t, f, sheet)[0], header)
				for _, r := range rows(t, f, sheet)[1:] {
					if col < len(r) {
						out = append(out, r[col])
					} else {
						out = append(out, "")
					}
				}
				return out
			}
			var want []string
			for _, x := range p.Timetable {
				want = append(want, x.Step)
			}
			checkIDs(t, "Timetable", ids("Timetable", "Step"), want)
			want = nil
			for _, x := range p.Flashpoints {
				want = append(want, x.ID)
			}
			checkIDs(t, "Flashpoints", ids("Flashpoints", "ID"), want)
			want = nil
			for _, x := range p.Candidates {
				want = append(want, x.ID)
			}
			checkIDs(t, "Candidates", ids("Candidates", "ID"), want)
			want = nil
			for _, x := range p.PollingStations {
				want = append(want, x.ID)
			}
			checkIDs(t, "PollingStations", ids("PollingStations", "ID"), want)
			want = nil
			for _, x := range p.Counts {
				want = append(want, x.ID)
			}
			checkIDs(t, "Counts", ids("Counts", "ID"), want)
			want = nil
			for _, x := range p.Decisions {
				want = append(want, strconv.Itoa(x.Number))
			}
			checkIDs(t, "DecisionLog", ids("DecisionLog", "Number"), want)
			want = nil
			for _, x := range p.Reviews {
				want = append(want, x.Date.String())
			}
			checkIDs(t, "Reviews", ids("Reviews", "Date"), want)
			want = nil
			for _, x := range p.Revisions {
				want = append(want, strconv.Itoa(x.Revision))
			}
			checkIDs(t, "Revisions", ids("Revisions", "Revision"), want)

			// Demand: a row per day, then the totals.
			want = nil
			for _, x := range p.Demand {
				want = append(want, x.Date.String())
			}
			checkIDs(t, "Demand", ids("Demand", "Date"), append(want, "Total"))

			// Deployments: events, counts, stations of band medium and
			// above, then one row for the rest.
			want = nil
			low := 0
			for _, x := range p.Flashpoints {
				want = append(want, x.ID)
			}
			for _, x := range p.Counts {
				want = append(want, x.ID)
			}
			for _, x := range p.PollingStations {
				if x.Band.AtLeast(riskmodel.Medium) {
					want = append(want, x.ID)
				} else {
					low++
				}
			}
			if low == 0 {
				t.Fatal("the example has no low-band stations: the summary row is untested")
			}
			checkIDs(t, "Deployments", ids("Deployments", "ID"), append(want, ""))
			last := len(want) + 2
			if got, want := value(t, f, "Deployments", fmt.Sprintf("C%d", last)),
				fmt.Sprintf("%d polling stations below medium band, 2 patrol visits each", low); got != want {
				t.Errorf("Deployments summary row: %q, want %q", got, want)
			}
			if got, want := value(t, f, "Deployments", fmt.Sprintf("K%d", last)), strconv.Itoa(2*low); got != want {
				t.Errorf("Deployments summary visits: %s, want %s", got, want)
			}
		})
	}
}

func checkIDs(t *testing.T, sheet string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: %d rows %q,\nwant %d rows %q", sheet, len(got), got, len(want), want)
	}
}

func TestRowsCarryThePlan(t *testing.T) {
	p := generalElection(t)
	f := open(t, render(t, p))
	fp := p.Flashpoints[0]
	c := p.Candidates[slices.IndexFunc(p.Candidates, func(c plan.CandidateProfile) bool { return c.Override != nil })]
	ci := slices.IndexFunc(p.Candidates, func(x plan.CandidateProfile) bool { return x.ID == c.ID }) + 2
	cases := []struct {
		sheet, header string
		row           int
		want          string
	}{
		{"Flashpoints", "Title", 2, fp.Title},
		{"Flashpoints", "Band", 2, string(fp.Band)},
		{"Flashpoints", "Score", 2, strconv.Itoa(fp.Score)},
		{"Flashpoints", "Factors", 2, factors(fp.Factors)},
		{"Candidates", "Override", ci, fmt.Sprintf("%+d: %s (%s)", c.Override.Delta, c.Override.Rationale, c.Override.DecidedBy)},
		{"Candidates", "Named contact", ci, yesNo(c.UniversalOffer.NamedContact)},
		{"Candidates", "Tier", ci, string(c.Tier)},
		{"PollingStations", "RAG", 2, p.PollingStations[0].RAG},
		{"Counts", "Constituencies", 2, strings.Join(p.Counts[0].Constituencies, ", ")},
		{"DecisionLog", "Decision", 2, p.Decisions[0].Decision},
	}
	for _, tc := range cases {
		t.Run(tc.sheet+"/"+tc.header, func(t *testing.T) {
			if got := value(t, f, tc.sheet, cellOf(t, f, tc.sheet, tc.header, tc.row)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	if !strings.Contains(factors(fp.Factors), " +") {
		t.Errorf("factors %q: want points signed", factors(fp.Factors))
	}
}

func TestSummary(t *testing.T) {
	p := generalElection(t)
	f := open(t, render(t, p))
	got := map[string]string{}
	for _, r := range rows(t, f, "Summary") {
		if len(r) == 2 {
			got[r[0]] = r[1]
		}
	}
	want := map[string]string{
		"Operation":                 p.Force.Operation,
		"Election id":               p.Election.ID,
		"Polling day":               p.Election.PollingDay.String(),
		"As of":                     "2029-04-20",
		"Revision":                  "1",
		"Model SHA-256":             p.Model.SHA256,
		"Model standard":            "standard",
		"Inputs SHA-256":            p.InputsSHA256,
		"Officer-hours needed":      fmt.Sprintf("%.1f", p.Summary.OfficerHoursNeeded),
		"Officer-hours available":   fmt.Sprintf("%.1f", p.Summary.OfficerHoursAvailable),
		"Polling stations: green":   strconv.Itoa(p.Summary.StationsByRAG["green"]),
		"Candidates: tier standard": strconv.Itoa(p.Summary.CandidatesByTier[riskmodel.Standard]),
		"Next review":               p.Summary.NextReview.String(),
		"Warning 1":                 p.Warnings[0],
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Summary %q = %q, want %q", k, got[k], v)
		}
	}
	if title := value(t, f, "Summary", "A1"); title != "Op Pleidlais election policing plan" {
		t.Errorf("title %q", title)
	}
	style, err := f.GetCellStyle("Summary", "A1")
	if err != nil {
		t.Fatal(err)
	}
	if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("Summary title is not bold: %+v %v", s, err)
	}
}

func TestNonStandardModelIsSaid(t *testing.T) {
	p := generalElection(t)
	p.Model.Standard = false
	f := open(t, render(t, p))
	var standard string
	for _, r := range rows(t, f, "Summary") {
		if len(r) == 2 && r[0] == "Model standard" {
			standard = r[1]
		}
	}
	if standard != "NON-STANDARD" {
		t.Errorf("Summary model standard %q", standard)
	}
	var note string
	for _, r := range rows(t, f, "Model") {
		if len(r) > 0 && strings.Contains(r[0], "NON-STANDARD") {
			note = r[0]
		}
	}
	if note == "" {
		t.Error("the Model sheet does not say the model is non-standard")
	}
}

// TestDatesAndNumbers checks dates are Excel dates (numbers with a date
// format, in UK local time) and numbers are numbers.
func TestDatesAndNumbers(t *testing.T) {
	p := generalElection(t)
	f := open(t, render(t, p))
	fp := p.Flashpoints[0]
	cases := []struct {
		name, sheet, header string
		row                 int
		format, shown       string
	}{
		{"date", "Timetable", "Date", 2, "yyyy-mm-dd", p.Timetable[0].Date.String()},
		{"date-time", "Flashpoints", "Start", 2, "yyyy-mm-dd hh:mm", fp.Start.In(plan.London).Format("2006-01-02 15:04")},
		{"date-time after midnight", "Counts", "End", 2, "yyyy-mm-dd hh:mm", p.Counts[0].End.In(plan.London).Format("2006-01-02 15:04")},
		{"officer-hours", "Flashpoints", "Officer-hours", 2, "0.0", fmt.Sprintf("%.1f", fp.Deployment.OfficerHours)},
		{"whole number", "Flashpoints", "Expected attendance", 2, "0", strconv.Itoa(fp.ExpectedAttendance)},
		{"latitude", "PollingStations", "Latitude", 2, "0.00000", fmt.Sprintf("%.5f", p.PollingStations[0].Location.Lat)},
		{"demand date", "Demand", "Date", 2, "yyyy-mm-dd", p.Demand[0].Date.String()},
		{"decision time", "DecisionLog", "At", 2, "yyyy-mm-dd hh:mm", p.Decisions[0].At.In(plan.London).Format("2006-01-02 15:04")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cell := cellOf(t, f, tc.sheet, tc.header, tc.row)
			raw := rawValue(t, f, tc.sheet, cell)
			if _, err := strconv.ParseFloat(raw, 64); err != nil {
				t.Fatalf("%s!%s holds %q, not a number", tc.sheet, cell, raw)
			}
			if typ, _ := f.GetCellType(tc.sheet, cell); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%s!%s has type %v, want a number", tc.sheet, cell, typ)
			}
			id, err := f.GetCellStyle(tc.sheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			s, err := f.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			format := ""
			if s.CustomNumFmt != nil {
				format = *s.CustomNumFmt
			} else if s.NumFmt == 1 {
				format = "0"
			}
			if format != tc.format {
				t.Errorf("%s!%s number format %q, want %q", tc.sheet, cell, format, tc.format)
			}
			if got := value(t, f, tc.sheet, cell); got != tc.shown {
				t.Errorf("%s!%s shows %q, want %q", tc.sheet, cell, got, tc.shown)
			}
		})
	}
	// Excel's day 1 is 1900-01-01; the Plan's dates are midnight UTC, so
	// a date is a whole number.
	if got := rawValue(t, f, "Timetable", "C2"); got != strconv.Itoa(excelDay(p.Timetable[0].Date)) {
		t.Errorf("Timetable!C2 = %s, want day %d", got, excelDay(p.Timetable[0].Date))
	}
	if d := excelDay(plan.NewDate(2000, 1, 1)); d != 36526 {
		t.Errorf("2000-01-01 is day %d, want 36526", d)
	}
}

func TestFrozenHeaderAndFilter(t *testing.T) {
	p := generalElection(t)
	f := open(t, render(t, p))
	filters := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			filters[d.Scope] = d.RefersTo
		}
	}
	dataRows := map[string]int{
		"Timetable": len(p.Timetable), "Flashpoints": len(p.Flashpoints), "Candidates": len(p.Candidates),
		"PollingStations": len(p.PollingStations), "Counts": len(p.Counts), "Demand": len(p.Demand),
		"DecisionLog": len(p.Decisions), "Reviews": len(p.Reviews), "Revisions": len(p.Revisions),
		"Beats": len(p.Patrols.Beats),
	}
	for _, sheet := range listSheets {
		t.Run(sheet, func(t *testing.T) {
			panes, err := f.GetPanes(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
				t.Errorf("panes %+v, want frozen below row 1", panes)
			}
			head := rows(t, f, sheet)[0]
			n, ok := dataRows[sheet]
			if !ok { // Deployments
				n = len(rows(t, f, sheet)) - 1
			}
			last, _ := excelize.CoordinatesToCellName(len(head), n+1)
			if want := "'" + sheet + "'!$A$1:$" + strings.ReplaceAll(last, strconv.Itoa(n+1), "") + "$" + strconv.Itoa(n+1); filters[sheet] != want {
				t.Errorf("filter %q, want %q", filters[sheet], want)
			}
			style, _ := f.GetCellStyle(sheet, "A1")
			s, err := f.GetStyle(style)
			if err != nil {
				t.Fatal(err)
			}
			if s.Font == nil || !s.Font.Bold || s.Fill.Type != "pattern" || len(s.Fill.Color) == 0 {
				t.Errorf("header style %+v: want bold with a fill", s)
			}
		})
	}
	// The key/value sheets are not filtered.
	for _, sheet := range []string{"Summary", "Model"} {
		if _, ok := filters[sheet]; ok {
			t.Errorf("%s is filtered", sheet)
		}
	}
}

// TestBandsColouredByConditionalFormat checks every band, RAG and tier
// column is coloured by a rule, not a fixed fill, in the agreed colours.
func TestBandsColouredByConditionalFormat(t *testing.T) {
	p := generalElection(t)
	f := open(t, render(t, p))
	wantFill := map[string][2]string{ // fill, font
		"low": {"92D050", "000000"}, "green": {"92D050", "000000"}, "standard": {"92D050", "000000"},
		"medium": {"FFC000", "000000"}, "amber": {"FFC000", "000000"}, "enhanced": {"FFC000", "000000"},
		"high": {"C00000", "FFFFFF"}, "red": {"C00000", "FFFFFF"},
		"very-high": {"000000", "FFFFFF"},
	}
	cases := []struct {
		sheet, header string
		n             int
		values        []string
	}{
		{"Flashpoints", "Band", len(p.Flashpoints), []string{"low", "medium", "high", "very-high"}},
		{"Candidates", "Band", len(p.Candidates), []string{"low", "medium", "high", "very-high"}},
		{"Candidates", "Tier", len(p.Candidates), []string{"standard", "enhanced", "high", "very-high"}},
		{"PollingStations", "Band", len(p.PollingStations), []string{"low", "medium", "high", "very-high"}},
		{"PollingStations", "RAG", len(p.PollingStations), []string{"green", "amber", "red"}},
		{"PollingStations", "RO rating", len(p.PollingStations), []string{"green", "amber", "red"}},
		{"Counts", "Band", len(p.Counts), []string{"low", "medium", "high", "very-high"}},
		{"Deployments", "Band", len(rows(t, f, "Deployments")) - 1, []string{"low", "medium", "high", "very-high"}},
	}
	for _, tc := range cases {
		t.Run(tc.sheet+"/"+tc.header, func(t *testing.T) {
			formats, err := f.GetConditionalFormats(tc.sheet)
			if err != nil {
				t.Fatal(err)
			}
			from := cellOf(t, f, tc.sheet, tc.header, 2)
			to := cellOf(t, f, tc.sheet, tc.header, tc.n+1)
			rules, ok := formats[from+":"+to]
			if !ok {
				t.Fatalf("no conditional format on %s:%s (have %v)", from, to, slices.Sorted(maps.Keys(formats)))
			}
			var got []string
			for _, r := range rules {
				v := strings.Trim(r.Value, `"`)
				got = append(got, v)
				if r.Type != "cell" || (r.Criteria != "==" && r.Criteria != "equal to") || r.Format == nil {
					t.Errorf("rule %+v: want cell == value", r)
					continue
				}
				s, err := f.GetConditionalStyle(*r.Format)
				if err != nil {
					t.Fatal(err)
				}
				var fill, font string
				if len(s.Fill.Color) > 0 {
					fill = rgb(s.Fill.Color[0])
				}
				if s.Font != nil {
					font = rgb(s.Font.Color)
				}
				if w := wantFill[v]; fill != w[0] || font != w[1] {
					t.Errorf("%s: fill %q font %q, want %q on %q", v, fill, font, w[0], w[1])
				}
			}
			if !slices.Equal(got, tc.values) {
				t.Errorf("rules for %q, want %q", got, tc.values)
			}
			// The colour is the rule's alone: the cell has no fill of its own.
			id, _ := f.GetCellStyle(tc.sheet, from)
			if s, _ := f.GetStyle(id); s != nil && (s.Fill.Pattern != 0 || len(s.Fill.Color) > 0) {
				t.Errorf("%s has a fixed fill %+v", from, s.Fill)
			}
		})
	}
}

// rgb drops the alpha of an ARGB colour.
func rgb(c string) string {
	c = strings.ToUpper(c)
	if len(c) == 8 {
		return c[2:]
	}
	return c
}

func TestSPOCColumnsHaveDropDowns(t *testing.T) {
	p := generalElection(t)
	f := open(t, render(t, p))
	byRange := func(sheet string) map[string]*excelize.DataValidation {
		dvs, err := f.GetDataValidations(sheet)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]*excelize.DataValidation{}
		for _, dv := range dvs {
			out[dv.Sqref] = dv
		}
		return out
	}
	cases := []struct {
		sheet, header  string
		n              int
		typ, f1, f2    string
		wantInputShown bool
	}{
		{"Candidates", "Named contact", len(p.Candidates), "list", `"Yes,No"`, "", true},
		{"Candidates", "Briefing given", len(p.Candidates), "list", `"Yes,No,Declined"`, "", true},
		{"Candidates", "Briefing offered", len(p.Candidates), "date", "36526", "73415", true},
		{"PollingStations", "Visited", len(p.PollingStations), "list", `"Yes,No"`, "", true},
	}
	for _, tc := range cases {
		t.Run(tc.sheet+"/"+tc.header, func(t *testing.T) {
			ref := cellOf(t, f, tc.sheet, tc.header, 2) + ":" + cellOf(t, f, tc.sheet, tc.header, tc.n+1)
			dv := byRange(tc.sheet)[ref]
			if dv == nil {
				t.Fatalf("no validation on %s (have %v)", ref, slices.Sorted(maps.Keys(byRange(tc.sheet))))
			}
			if dv.Type != tc.typ || dv.Formula1 != tc.f1 || dv.Formula2 != tc.f2 {
				t.Errorf("validation %s %q %q, want %s %q %q", dv.Type, dv.Formula1, dv.Formula2, tc.typ, tc.f1, tc.f2)
			}
			if tc.typ == "date" && dv.Operator != "between" {
				t.Errorf("date validation operator %q", dv.Operator)
			}
			if dv.ShowInputMessage != tc.wantInputShown || dv.Prompt == nil || *dv.Prompt == "" {
				t.Errorf("validation has no input message")
			}
		})
	}
	// The briefing dates already offered sit in the validated column as dates.
	i := slices.IndexFunc(p.Candidates, func(c plan.CandidateProfile) bool { return c.UniversalOffer.BriefingOffered != nil })
	cell := cellOf(t, f, "Candidates", "Briefing offered", i+2)
	if got := value(t, f, "Candidates", cell); got != p.Candidates[i].UniversalOffer.BriefingOffered.String() {
		t.Errorf("briefing offered shows %q", got)
	}
}

func TestPrintSetup(t *testing.T) {
	p := generalElection(t)
	f := open(t, render(t, p))
	titles := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Titles" {
			titles[d.Scope] = d.RefersTo
		}
	}
	for _, sheet := range f.GetSheetList() {
		t.Run(sheet, func(t *testing.T) {
			hf, err := f.GetHeaderFooter(sheet)
			if err != nil || hf == nil {
				t.Fatalf("no header/footer: %v", err)
			}
			centre := `&C&"-,Bold"OFFICIAL-SENSITIVE&R`
			if !strings.Contains(hf.OddHeader, centre) || !strings.Contains(hf.OddFooter, centre) {
				t.Errorf("marking not centred top and bottom: %q / %q", hf.OddHeader, hf.OddFooter)
			}
			if !strings.Contains(hf.OddHeader, "&LOp Pleidlais – revision 1&C") {
				t.Errorf("header %q lacks the operation and revision", hf.OddHeader)
			}
			if !strings.Contains(hf.OddFooter, "Page &P of &N") {
				t.Errorf("footer %q lacks page N of M", hf.OddFooter)
			}
			layout, err := f.GetPageLayout(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if layout.Orientation == nil || *layout.Orientation != "landscape" ||
				layout.FitToWidth == nil || *layout.FitToWidth != 1 || layout.FitToHeight == nil || *layout.FitToHeight != 0 {
				t.Errorf("layout %+v: want landscape, one page wide", layout)
			}
			props, err := f.GetSheetProps(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if props.FitToPage == nil || !*props.FitToPage {
				t.Error("fit to page is off: the width fit would be ignored")
			}
			if want := "'" + sheet + "'!$1:$1"; titles[sheet] != want {
				t.Errorf("print titles %q, want %q", titles[sheet], want)
			}
		})
	}
}

func TestHeaderFooterEscapesAmpersands(t *testing.T) {
	p := generalElection(t)
	p.Force.Operation = "Op Cross & Ballot"
	p.Force.Marking = "OFFICIAL & SENSITIVE"
	f := open(t, render(t, p))
	hf, err := f.GetHeaderFooter("Flashpoints")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hf.OddHeader, "Op Cross && Ballot") || !strings.Contains(hf.OddHeader, "OFFICIAL && SENSITIVE") {
		t.Errorf("header %q: & not escaped", hf.OddHeader)
	}
}

func TestColumnWidths(t *testing.T) {
	p := generalElection(t)
	b := render(t, p)
	f := open(t, b)
	for _, tc := range []struct {
		sheet, header string
		atLeast       float64
		atMost        float64
		wrap          bool
	}{
		{"Flashpoints", "Factors", 40, maxWrapWidth, true},
		{"Flashpoints", "ID", 6, 20, false},
		{"Candidates", "Override", 30, maxWrapWidth, true},
		{"DecisionLog", "Rationale", 30, maxWrapWidth, true},
		{"PollingStations", "Notes", 20, maxWrapWidth, true},
	} {
		cell := cellOf(t, f, tc.sheet, tc.header, 1)
		col := strings.TrimRight(cell, "0123456789")
		w, err := f.GetColWidth(tc.sheet, col)
		if err != nil {
			t.Fatal(err)
		}
		if w < tc.atLeast || w > tc.atMost {
			t.Errorf("%s %s width %v, want %v–%v", tc.sheet, tc.header, w, tc.atLeast, tc.atMost)
		}
		id, _ := f.GetCellStyle(tc.sheet, cellOf(t, f, tc.sheet, tc.header, 2))
		s, _ := f.GetStyle(id)
		if got := s != nil && s.Alignment != nil && s.Alignment.WrapText; got != tc.wrap {
			t.Errorf("%s %s wraps %v, want %v", tc.sheet, tc.header, got, tc.wrap)
		}
	}
	// Excel wants <col> elements in ascending order (excelize's stream
	// writer emits them reversed unless set last first).
	colRE := regexp.MustCompile(`<col min="(\d+)"`)
	for name, xml := range parts(t, b) {
		if !strings.HasPrefix(name, "xl/worksheets/") {
			continue
		}
		prev := 0
		for _, m := range colRE.FindAllStringSubmatch(xml, -1) {
			n, _ := strconv.Atoi(m[1])
			if n <= prev {
				t.Errorf("%s: columns out of order (%d after %d)", name, n, prev)
				break
			}
			prev = n
		}
	}
}

func TestDocumentProperties(t *testing.T) {
	p := generalElection(t)
	f := open(t, render(t, p))
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Title != "Op Pleidlais election policing plan" {
		t.Errorf("title %q", props.Title)
	}
	if props.Creator != "electplan "+p.Generator.Version {
		t.Errorf("creator %q", props.Creator)
	}
	if props.Created != "2029-04-20T00:00:00Z" || props.Modified != "2029-04-20T00:00:00Z" {
		t.Errorf("created %q modified %q, want the as-of date", props.Created, props.Modified)
	}
}

// TestFreeTextIsNeverAFormula plants text that a spreadsheet would take
// for a formula and checks each is stored, and read back, as the exact
// text.
func TestFreeTextIsNeverAFormula(t *testing.T) {
	planted := []string{`=HYPERLINK("http://x")`, "+44 1234", "-1 trick", "@SUM(A1)"}
	p := generalElection(t)
	type place struct{ sheet, header string }
	var at []place
	for i, s := range planted {
		p.Flashpoints[i].Title = s
		p.Decisions[i].Decision = s
		p.Decisions[i].Rationale = s
		p.Candidates[i].Name = s
		p.PollingStations[i].Notes = s
		p.Revisions[0].Summary = s
	}
	at = append(at, place{"Flashpoints", "Title"}, place{"DecisionLog", "Decision"}, place{"DecisionLog", "Rationale"},
		place{"Candidates", "Name"}, place{"PollingStations", "Station notes"})
	p.Warnings = append(p.Warnings, planted...)
	b := render(t, p)
	f := open(t, b)
	for _, pl := range at {
		for i, s := range planted {
			t.Run(fmt.Sprintf("%s/%s/%s", pl.sheet, pl.header, s), func(t *testing.T) {
				cell := cellOf(t, f, pl.sheet, pl.header, i+2)
				formula, err := f.GetCellFormula(pl.sheet, cell)
				if err != nil {
					t.Fatal(err)
				}
				if formula != "" {
					t.Errorf("%s!%s holds formula %q", pl.sheet, cell, formula)
				}
				if got := value(t, f, pl.sheet, cell); got != s {
					t.Errorf("%s!%s reads %q, want %q", pl.sheet, cell, got, s)
				}
				if typ, _ := f.GetCellType(pl.sheet, cell); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
					t.Errorf("%s!%s has type %v, want text", pl.sheet, cell, typ)
				}
			})
		}
	}
	// No cell anywhere holds a formula: the workbook has no <f> element.
	for name, xml := range parts(t, b) {
		if strings.HasPrefix(name, "xl/worksheets/") && (strings.Contains(xml, "<f>") || strings.Contains(xml, "<f ")) {
			t.Errorf("%s contains a formula", name)
		}
	}
	summary := strings.Join(slices.Concat(rows(t, f, "Summary")...), "\n")
	for _, s := range planted {
		if !strings.Contains(summary, s) {
			t.Errorf("warning %q missing from Summary", s)
		}
	}
}

// TestNoHomeAddress plants home addresses in the inputs and checks none
// reaches any part of the workbook.
func TestNoHomeAddress(t *testing.T) {
	src := filepath.Join("..", "..", "examples", "general-election")
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	const plantedAddress = "17 Sentinel Terrace, Plantville"
	path := filepath.Join(dir, "candidates.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Every candidate with an address keeps it; the first also gets the
	// planted one.
	existing := regexp.MustCompile(`(?m)^\s*home_address:\s*(.+)$`).FindAllStringSubmatch(string(data), -1)
	if len(existing) == 0 {
		t.Fatal("the example has no home addresses to check")
	}
	text := strings.Replace(string(data), "home_address: "+existing[0][1], "home_address: "+plantedAddress, 1)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	addresses := []string{plantedAddress}
	for _, m := range existing[1:] {
		addresses = append(addresses, strings.TrimSpace(m[1]))
	}
	p := buildDir(t, dir, examples[0].asOf)
	b := render(t, p)
	f := open(t, b)
	for _, sheet := range f.GetSheetList() {
		for r, row := range rows(t, f, sheet) {
			for c, v := range row {
				for _, a := range addresses {
					if strings.Contains(v, a) {
						t.Errorf("%s row %d column %d holds home address %q", sheet, r+1, c+1, a)
					}
				}
			}
		}
	}
	for name, xml := range parts(t, b) {
		for _, a := range addresses {
			if strings.Contains(xml, a) || strings.Contains(xml, strings.ReplaceAll(a, "'", "&#39;")) {
				t.Errorf("%s holds home address %q", name, a)
			}
		}
	}
}

func TestByteIdenticalRenders(t *testing.T) {
	p := generalElection(t)
	first := render(t, p)
	for i := range 3 {
		if again := render(t, p); !bytes.Equal(first, again) {
			t.Fatalf("render %d differs from the first", i+2)
		}
	}
	names := slices.Collect(maps.Keys(parts(t, first)))
	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first part %s, want [Content_Types].xml", zr.File[0].Name)
	}
	for _, zf := range zr.File {
		if !zf.Modified.Equal(zipTime(p)) {
			t.Errorf("%s stamped %v, want the as-of date", zf.Name, zf.Modified)
		}
	}
	if len(names) < 12 {
		t.Errorf("only %d parts", len(names))
	}
}

// TestByteIdenticalAcrossProcesses renders in a second process (whose map
// iteration order and temporary files differ) and compares the bytes.
func TestByteIdenticalAcrossProcesses(t *testing.T) {
	const env = "ELECTPLAN_XLSX_RENDER_TO"
	if out := os.Getenv(env); out != "" {
		if err := os.WriteFile(out, render(t, generalElection(t)), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	out := filepath.Join(t.TempDir(), "plan.xlsx")
	cmd := exec.Command(os.Args[0], "-test.run=^TestByteIdenticalAcrossProcesses$")
	cmd.Env = append(os.Environ(), env+"="+out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("render in a second process: %v\n%s", err, msg)
	}
	other, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(render(t, generalElection(t)), other) {
		t.Error("a second process renders different bytes")
	}
}

func TestEmptyPlan(t *testing.T) {
	p := &plan.Plan{AsOf: plan.NewDate(2029, 4, 20), Force: plan.ForceInfo{Operation: "Op Empty", Marking: "OFFICIAL"}}
	f := open(t, render(t, p))
	for _, sheet := range listSheets {
		r := rows(t, f, sheet)
		want := 1
		if sheet == "Demand" || sheet == "Beats" {
			want = 2 // the totals row
		}
		if len(r) != want {
			t.Errorf("%s has %d rows, want %d", sheet, len(r), want)
		}
	}
}

func TestNilPlan(t *testing.T) {
	if _, err := Render(nil); err == nil {
		t.Error("no error for a nil plan")
	}
}

func TestLineCount(t *testing.T) {
	for _, tc := range []struct {
		s       string
		perLine int
		want    int
	}{
		{"", 10, 1},
		{"short", 10, 1},
		{"two words", 5, 2},
		{"two words", 9, 1},
		{"one\ntwo", 40, 2},
		{strings.Repeat("x", 25), 10, 3}, // a long word breaks
	} {
		width := (float64(tc.perLine) + 0.5) / charsPerWidth
		if got := lineCount(tc.s, width); got != tc.want {
			t.Errorf("lineCount(%q) in %d characters = %d, want %d", tc.s, tc.perLine, got, tc.want)
		}
	}
}

// TestGolden keeps a readable dump of the by-election workbook (every
// cell as shown, with each sheet's panes, filter, colours and drop-downs)
// under testdata, so a change of layout shows in review. Refresh it with
// go test ./plan/xlsx -update.
func TestGolden(t *testing.T) {
	ex := examples[1]
	f := open(t, render(t, buildExample(t, ex.dir, ex.asOf)))
	golden.Check(t, filepath.Join("testdata", ex.dir+".golden"), dump(t, f))
}

func dump(t *testing.T, f *excelize.File) []byte {
	var b bytes.Buffer
	filters := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			filters[d.Scope] = d.RefersTo
		}
	}
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "== %s\n", sheet)
		panes, _ := f.GetPanes(sheet)
		fmt.Fprintf(&b, "frozen: %v %s; filter: %s\n", panes.Freeze, panes.TopLeftCell, filters[sheet])
		formats, _ := f.GetConditionalFormats(sheet)
		for _, ref := range slices.Sorted(maps.Keys(formats)) {
			var vs []string
			for _, r := range formats[ref] {
				vs = append(vs, r.Value)
			}
			fmt.Fprintf(&b, "colour %s: %s\n", ref, strings.Join(vs, " "))
		}
		dvs, _ := f.GetDataValidations(sheet)
		for _, dv := range dvs {
			fmt.Fprintf(&b, "validate %s: %s %s %s\n", dv.Sqref, dv.Type, dv.Formula1, dv.Formula2)
		}
		for i, r := range rows(t, f, sheet) {
			fmt.Fprintf(&b, "%d\t%s\n", i+1, strings.Join(r, "\t"))
		}
	}
	return b.Bytes()
}

// BenchmarkRender renders the general election with its polling
// stations cloned to about 40,000, the size of the largest force areas.
func BenchmarkRender(b *testing.B) {
	p := generalElection(b)
	base := p.PollingStations
	stations := make([]plan.StationPlan, 0, 40_000)
	for i := 0; len(stations) < cap(stations); i++ {
		s := base[i%len(base)]
		s.ID = fmt.Sprintf("%s-%d", s.ID, i/len(base))
		stations = append(stations, s)
	}
	p.PollingStations = stations
	b.ReportAllocs()
	var size int
	for b.Loop() {
		out, err := Render(p)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size)/(1<<20), "MB")
}
