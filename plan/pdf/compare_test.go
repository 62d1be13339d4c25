package pdf

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/plan/synth"
)

// testComparison is the synthetic national comparison (see
// synth.Comparison).
func testComparison(t testing.TB) *plan.Comparison {
	t.Helper()
	c, err := synth.Comparison(nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestComparisonReadsAsANationalSummary(t *testing.T) {
	c := testComparison(t)
	doc, err := RenderComparison(c)
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, doc)
	if len(pages) < 4 {
		t.Fatalf("only %d pages", len(pages))
	}
	// The first page is the national summary: the count, every flagged
	// force with its flag and why, and the national totals.
	first := pages[0]
	for _, want := range []string{
		"National comparison of election policing plans",
		"7 force plans compared as of Friday 20 April 2029",
		"4 forces are flagged as inconsistent with the others (5 flags); 3 are not.",
		"Force 02 (E23000002)", "non-standard model", "not the national standard model",
		"Force 04 (E23000004)", "stale", "as of 2029-04-01, 19 days before 2029-04-20",
		"Force 06 (E23000006)", "outlier: red polling stations", "no red polling stations while 5 of 5 other forces have some",
		"Force 07 (E23000007)", "schema mismatch",
		"National totals", "Officer-hours",
	} {
		if !strings.Contains(squash(first), squash(want)) {
			t.Errorf("the summary page lacks %q:\n%s", want, first)
		}
	}
	if strings.Contains(first, "Force 01") || strings.Contains(first, "Force 03") {
		t.Errorf("the summary page names a force with no flag:\n%s", first)
	}
	all := squash(strings.Join(pages, "\n"))
	last := -1
	for _, heading := range []string{"Forces compared", "The plans: currency, model and completeness",
		"Flashpoints and polling stations", "Candidates and the universal offer", "Officer-hours, overrides and reviews", "Flags in full",
		"How the flags are decided", "Neutrality: candidate tiers by party", "Each force's permutation audit"} {
		i := strings.Index(all[last+1:], squash(heading))
		if i < 0 {
			t.Fatalf("heading %q missing or out of order", heading)
		}
		last += 1 + i
	}
	for _, want := range []string{squash(NeutralityStatement), "Civic Democrats", "Unity Party", "All candidates",
		"parties rotated and renamed: nothing changed", "Ask the force to rebuild the plan with the national standard model"} {
		if !strings.Contains(all, want) {
			t.Errorf("the comparison lacks %q", want)
		}
	}
	for i, page := range pages {
		if n := strings.Count(page, "OFFICIAL-SENSITIVE"); n < 2 {
			t.Errorf("page %d: marking appears %d times, want top and bottom", i+1, n)
		}
		if want := fmt.Sprintf("page %d of %d", i+1, len(pages)); !strings.Contains(page, want) {
			t.Errorf("page %d: no %q", i+1, want)
		}
	}
}

// squash collapses runs of white space, as pdftotext's layout spreads
// text over columns and lines.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestComparisonIsByteIdenticalAndLandscape(t *testing.T) {
	a, err := RenderComparison(testComparison(t))
	if err != nil {
		t.Fatal(err)
	}
	b, err := RenderComparison(testComparison(t))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same comparison differ")
	}
	if !bytes.Contains(a, []byte("D:20290420000000")) {
		t.Error("the creation date is not the comparison's as-of date")
	}
	if !bytes.Contains(a, []byte("/MediaBox [0 0 841.89 595.28]")) {
		t.Error("the comparison is not on A4 landscape")
	}
}

// The comparison's pages render as images; set COMPARISON_PNG to a
// folder to keep them and look.
func TestComparisonPagesRender(t *testing.T) {
	doc, err := RenderComparison(testComparison(t))
	if err != nil {
		t.Fatal(err)
	}
	pngs := renderPages(t, doc, 60, os.Getenv("COMPARISON_PNG"), "comparison")
	if len(pngs) < 4 {
		t.Fatalf("rendered %d pages", len(pngs))
	}
	for _, png := range pngs {
		if info, err := os.Stat(png); err != nil || info.Size() < 4000 {
			t.Errorf("%s looks blank", png)
		}
	}
}
