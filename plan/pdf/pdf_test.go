package pdf

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/riskmodel"
)

// buildExample builds the plan of an example folder as of a fixed date.
func buildExample(t testing.TB, dir string, asOf plan.Date) *plan.Plan {
	t.Helper()
	in, err := plan.LoadDir(filepath.Join("..", "..", "examples", dir))
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Build(in, riskmodel.National(), asOf)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// pdfText reads a PDF back with poppler's pdftotext, as a reader would,
// one string per page.
func pdfText(t *testing.T, doc []byte) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext not found: install poppler-utils (the CI script does) to check PDFs as a reader sees them")
	}
	path := filepath.Join(t.TempDir(), "plan.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

func TestOrderReadsAsAnOperationalOrder(t *testing.T) {
	p := buildExample(t, "general-election", plan.NewDate(2029, 4, 20))
	doc, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, doc)
	if len(pages) < 20 {
		t.Fatalf("only %d pages", len(pages))
	}
	all := strings.Join(pages, "\n")
	// IIMARCH under a cover and control sheet, in order.
	last := -1
	for _, heading := range []string{"Op Pleidlais", "Contents", "3. Summary", "4. Information", "5. Intent", "6. Method",
		"7. Administration", "8. Risk assessment", "9. Communications", "10. Human rights and legal", "11. Annexes",
		"Annex A: candidates' risk profiles (RESTRICTED)", "Annex B: polling stations", "Annex C: counts",
		"Annex D: the risk model used", "Annex E: polling-day patrols"} {
		i := strings.Index(all[last+1:], heading)
		if i < 0 {
			t.Fatalf("heading %q missing or out of order", heading)
		}
		last += 1 + i
	}
	// The marking, page N of M, operation and revision on every page.
	for i, page := range pages {
		if n := strings.Count(page, "OFFICIAL-SENSITIVE"); n < 2 {
			t.Errorf("page %d: marking appears %d times, want top and bottom", i+1, n)
		}
		if !strings.Contains(page, "Op Pleidlais · revision 1") {
			t.Errorf("page %d: no operation and revision in the header", i+1)
		}
		want := "page " + itoa(i+1) + " of " + itoa(len(pages))
		if !strings.Contains(page, want) {
			t.Errorf("page %d: no %q", i+1, want)
		}
	}
	// Key figures and names as the plan holds them.
	for _, want := range []string{
		"Cadi Prŷs", "Hywel Gŵyr Jones", // Welsh names print
		"Helen Madoc-Davies",
		"electplan-national 1.0.0",
		"EV-05", "EV-14",
		"Rule 42", "s.114A",
	} {
		if !strings.Contains(all, want) && !strings.Contains(strings.ToLower(all), strings.ToLower(want)) {
			t.Errorf("the order does not mention %q", want)
		}
	}
	// Contents entries point at the pages the sections are on.
	for _, line := range strings.Split(pages[1], "\n") {
		if !strings.Contains(line, "8. Risk assessment") {
			continue
		}
		fields := strings.Fields(line)
		page := fields[len(fields)-1]
		n := 0
		for _, c := range page {
			n = n*10 + int(c-'0')
		}
		if n < 1 || n > len(pages) || !strings.Contains(pages[n-1], "8. Risk assessment") {
			t.Errorf("contents says risk assessment is on page %s", page)
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// Annex A is marked restricted on every one of its pages, and only there.
func TestAnnexAIsMarkedRestricted(t *testing.T) {
	p := buildExample(t, "general-election", plan.NewDate(2029, 4, 20))
	doc, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	inAnnexA := false
	seen := 0
	for i, page := range pdfText(t, doc) {
		if i == 1 {
			continue // the contents page names every annex
		}
		if strings.Contains(page, "Annex A: candidates' risk profiles (RESTRICTED)") {
			inAnnexA = true
		}
		if strings.Contains(page, "Annex B: polling stations") && !strings.Contains(page, "Annex A:") {
			inAnnexA = false
		}
		banner := strings.Contains(page, "ANNEX A RESTRICTED")
		if banner != inAnnexA {
			t.Errorf("page %d: restricted banner %v, in annex A %v", i+1, banner, inAnnexA)
		}
		if banner {
			seen++
		}
	}
	if seen == 0 {
		t.Error("no page of annex A carries the restricted banner")
	}
}

func TestSameInputsGiveIdenticalBytes(t *testing.T) {
	p := buildExample(t, "by-election", plan.NewDate(2027, 3, 1))
	a, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	q := buildExample(t, "by-election", plan.NewDate(2027, 3, 1))
	b, err := Render(q)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same plan differ")
	}
	if !bytes.Contains(a, []byte("D:20270301000000")) {
		t.Error("the creation date is not the as-of date")
	}
}

func TestNonStandardModelIsFlaggedOnTheCover(t *testing.T) {
	in, err := plan.LoadDir("../../examples/by-election")
	if err != nil {
		t.Fatal(err)
	}
	m, err := riskmodel.Parse(bytes.Replace(riskmodel.NationalSource(), []byte("counter_protest: 2"), []byte("counter_protest: 3"), 1))
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Build(in, m, plan.NewDate(2027, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	if cover := pdfText(t, doc)[0]; !strings.Contains(cover, "NON-STANDARD") {
		t.Errorf("cover does not flag the non-standard model:\n%s", cover)
	}
}

// Pages render as images a person can look at; a rendered page is not
// blank. (pdftoppm is poppler's renderer.)
func TestPagesRender(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Fatal("pdftoppm not found: install poppler-utils")
	}
	p := buildExample(t, "by-election", plan.NewDate(2027, 3, 1))
	doc, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "3", path, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if len(pngs) != 3 {
		t.Fatalf("rendered %d pages, want 3", len(pngs))
	}
	for _, png := range pngs {
		info, err := os.Stat(png)
		if err != nil || info.Size() < 4000 {
			t.Errorf("%s looks blank (%d bytes)", png, info.Size())
		}
	}
}

// A column too narrow for its longest word takes room from columns with
// room to spare; the table keeps its width, and a long text column gives
// before columns whose lines fit unwrapped are made to wrap.
func TestTableColumnsFitTheirWords(t *testing.T) {
	pg, err := newPage()
	if err != nil {
		t.Fatal(err)
	}
	cols := widths([]string{"ID", "Count", "Stations|R", "Summary"}, 1, 1, 1, 7)
	rows := [][]cell{
		{txt("INC-1"), txt("COUNT-DENBIGHSHIRE"), num(41), txt(strings.Repeat("a long summary that wraps anyway ", 8))},
		{txt("INC-2"), txt("COUNT-YM"), num(37), txt("short")},
	}
	got := pg.fitWords(cols, rows, 8)
	total := 0.0
	for _, c := range got {
		total += c.width
	}
	if math.Abs(total-bodyW) > 1e-6 {
		t.Errorf("the table is %.2f mm wide, want %.2f", total, bodyW)
	}
	pg.font("", 8)
	if need := pg.f.GetStringWidth("COUNT-DENBIGHSHIRE") + 2*cellPad + 2*pg.f.GetCellMargin(); got[1].width < need {
		t.Errorf("the Count column is %.1f mm, narrower than its longest word (%.1f mm)", got[1].width, need)
	}
	for _, i := range []int{0, 2} {
		for _, r := range rows {
			if n := len(pg.f.SplitText(r[i].text, got[i].width-2*cellPad)); n != 1 {
				t.Errorf("%q now wraps onto %d lines in a %.1f mm column, while Summary had room to spare", r[i].text, n, got[i].width)
			}
		}
	}
	if got[3].width >= cols[3].width {
		t.Error("the Summary column did not give the room")
	}
}
