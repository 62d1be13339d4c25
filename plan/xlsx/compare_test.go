package xlsx

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/plan/synth"
	"github.com/xuri/excelize/v2"
)

// testComparison is the synthetic national comparison (see
// synth.Comparison).
func testComparison(t testing.TB, name func(seed uint64) string) *plan.Comparison {
	t.Helper()
	c, err := synth.Comparison(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func renderComparison(t testing.TB, c *plan.Comparison) []byte {
	t.Helper()
	b, err := RenderComparison(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestComparisonSheets(t *testing.T) {
	c := testComparison(t, nil)
	f := open(t, renderComparison(t, c))
	if got, want := f.GetSheetList(), []string{"Summary", "Forces", "Flags", "Neutrality"}; !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	// Forces: one row per force under the header, then the nation's row
	// below a gap-free list.
	forces := rows(t, f, "Forces")
	if len(forces) != len(c.Forces)+2 {
		t.Fatalf("%d rows on Forces, want header, %d forces and the national row", len(forces), len(c.Forces))
	}
	head := forces[0]
	if len(head) != len(forceColumns()) {
		t.Errorf("%d headers, %d columns", len(head), len(forceColumns()))
	}
	for i, fc := range c.Forces {
		if forces[i+1][0] != fc.Force {
			t.Errorf("row %d is %q, want %q", i+2, forces[i+1][0], fc.Force)
		}
		if n := len(forces[i+1]); n > len(head) {
			t.Errorf("row %d has %d cells, more than the %d headers", i+2, n, len(head))
		}
	}
	if forces[len(forces)-1][0] != "National" {
		t.Errorf("last row %q, want the national totals", forces[len(forces)-1][0])
	}
	get := func(force, header string) string {
		t.Helper()
		r := slices.IndexFunc(c.Forces, func(fc plan.ForceComparison) bool { return fc.Force == force }) + 2
		if force == "National" {
			r = len(c.Forces) + 2
		}
		return value(t, f, "Forces", cellOf(t, f, "Forces", header, r))
	}
	for _, tt := range []struct{ force, header, want string }{
		{"Force 02", colStandard, "NON-STANDARD"},
		{"Force 02", colFlagged, "non-standard model"},
		{"Force 04", colStale, "Yes"},
		{"Force 04", "As of", "2029-04-01"},
		{"Force 06", "Red stations %", "0.0%"},
		{"Force 06", colFlagged, "outlier: red polling stations; outlier: amber polling stations"},
		{"Force 07", colCompared, "No"},
		{"Force 07", "Electorate", ""},
		{"Force 07", colFlagged, "schema mismatch"},
		{"Force 01", colFlagCount, "0"},
		{"Force 01", colFlagged, ""},
		{"National", "Electorate", fmt.Sprint(c.Totals.Electorate)},
		{"National", "Red stations %", fmt.Sprintf("%.1f%%", c.Totals.StationsPctByRAG["red"].Value)},
		{"National", "Officer-hours needed", fmt.Sprintf("%.1f", c.Totals.OfficerHoursNeeded)},
	} {
		if got := get(tt.force, tt.header); got != tt.want {
			t.Errorf("%s %s: %q, want %q", tt.force, tt.header, got, tt.want)
		}
	}
	// Numbers are numbers: a percentage is a fraction shown with a
	// percent format.
	r1 := cellOf(t, f, "Forces", "Red stations %", 2)
	if raw := rawValue(t, f, "Forces", r1); !strings.HasPrefix(raw, "0.0") {
		t.Errorf("Force 01 red stations %% is stored as %q, want a fraction", raw)
	}
	if typ, _ := f.GetCellType("Forces", cellOf(t, f, "Forces", "Electorate", 2)); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("electorate has cell type %v, want a number", typ)
	}

	// Flags: one row per flag, each with why and the next step.
	flags := rows(t, f, "Flags")
	if len(flags) != len(c.Flags)+1 {
		t.Fatalf("%d flag rows, want %d", len(flags)-1, len(c.Flags))
	}
	for i, fl := range c.Flags {
		if got := flags[i+1]; got[0] != fl.Force || got[3] != fl.Label() || got[5] != fl.Why || got[6] != fl.NextStep {
			t.Errorf("flag row %d: %q", i+2, got)
		}
	}

	// Neutrality: tiers by party, the statement, each force's audit.
	neutral := strings.Join(slices.Concat(rows(t, f, "Neutrality")...), "\n")
	for _, want := range []string{"Civic Democrats", "All candidates", neutralityStatement, "Audit result",
		"Force 01", "passed", "written to another schema version"} {
		if !strings.Contains(neutral, want) {
			t.Errorf("Neutrality lacks %q", want)
		}
	}
	summary := strings.Join(slices.Concat(rows(t, f, "Summary")...), "\n")
	for _, want := range []string{"National comparison of election policing plans", "OFFICIAL-SENSITIVE", "Forces flagged",
		"Force 06", "outlier: red polling stations"} {
		if !strings.Contains(summary, want) {
			t.Errorf("Summary lacks %q", want)
		}
	}
}

func TestComparisonFrozenFilteredAndShaded(t *testing.T) {
	c := testComparison(t, nil)
	f := open(t, renderComparison(t, c))
	filters := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			filters[d.Scope] = d.RefersTo
		}
	}
	for _, sheet := range []string{"Forces", "Flags", "Neutrality"} {
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: panes %+v, want the header row frozen", sheet, panes)
		}
		if filters[sheet] == "" {
			t.Errorf("%s has no filter", sheet)
		}
	}
	if want := fmt.Sprintf("'Forces'!$A$1:$BB$%d", len(c.Forces)+1); filters["Forces"] != want {
		t.Errorf("Forces filter %q, want %q (the national row outside it)", filters["Forces"], want)
	}
	// Flag cells are shaded by rules that read the row's flags, so the
	// shading follows a row when the sheet is sorted.
	formats, err := f.GetConditionalFormats("Forces")
	if err != nil {
		t.Fatal(err)
	}
	byHeader := map[string][]string{}
	for ref, rules := range formats {
		col, _, err := excelize.CellNameToCoordinates(strings.Split(ref, ":")[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rules {
			byHeader[forceColumns()[col-1].header] = append(byHeader[forceColumns()[col-1].header], r.Criteria+" "+r.Value)
		}
	}
	for header, want := range map[string]string{
		"Red stations %":            `ISNUMBER(SEARCH("outlier: red polling stations",$BA2))`,
		"Amber stations %":          `ISNUMBER(SEARCH("outlier: amber polling stations",$BA2))`,
		"Needed per 1,000 electors": `ISNUMBER(SEARCH("outlier: officer-hours needed",$BA2))`,
		colStandard:                 `ISNUMBER(SEARCH("non-standard model",$BA2))`,
		"Model version":             `ISNUMBER(SEARCH("older model",$BA2))`,
		colStale:                    `"Yes"`,
		colFlagged:                  `LEN($BA2)>0`,
		colFlagCount:                `0`,
	} {
		if got := strings.Join(byHeader[header], " | "); !strings.Contains(got, want) {
			t.Errorf("%s shaded by %q, want a rule with %q", header, got, want)
		}
	}
	if got := forceColumns()[colIndex(forceColumns(), colFlagged)-1].header; got != colFlagged {
		t.Fatal(got)
	}
	if col, _ := excelize.ColumnNumberToName(colIndex(forceColumns(), colFlagged)); col != "BA" {
		t.Errorf("Flagged for is column %s: update the rules above", col)
	}
}

func TestComparisonFreeTextIsText(t *testing.T) {
	planted := []string{`=HYPERLINK("http://x")`, "+44 police", "-1 force", "@SUM(A1)", "Force 05", "Force 06", "Force 07"}
	c := testComparison(t, func(seed uint64) string { return planted[seed-1] })
	b := renderComparison(t, c)
	f := open(t, b)
	for i := range c.Forces {
		cell := fmt.Sprintf("A%d", i+2)
		if formula, _ := f.GetCellFormula("Forces", cell); formula != "" {
			t.Errorf("Forces!%s holds formula %q", cell, formula)
		}
		if got := value(t, f, "Forces", cell); got != c.Forces[i].Force {
			t.Errorf("Forces!%s reads %q, want %q", cell, got, c.Forces[i].Force)
		}
	}
	for name, xml := range parts(t, b) {
		if strings.HasPrefix(name, "xl/worksheets/") && (strings.Contains(xml, "<f>") || strings.Contains(xml, "<f ")) {
			t.Errorf("%s contains a formula", name)
		}
	}
}

func TestComparisonByteIdentical(t *testing.T) {
	a := renderComparison(t, testComparison(t, nil))
	b := renderComparison(t, testComparison(t, nil))
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same comparison differ")
	}
	f := open(t, a)
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Created != "2029-04-20T00:00:00Z" || props.Category != "OFFICIAL-SENSITIVE" {
		t.Errorf("document properties %+v", props)
	}
	hf, err := f.GetHeaderFooter("Forces")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hf.OddHeader, "OFFICIAL-SENSITIVE") || !strings.Contains(hf.OddHeader, "National comparison – as of 2029-04-20") ||
		!strings.Contains(hf.OddFooter, "Page &P of &N") {
		t.Errorf("header %q footer %q", hf.OddHeader, hf.OddFooter)
	}
}
