package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A candidate fills in the spreadsheet form the SPOC sent; the returned
// form imports into a contribution that validates, and the next plan shows
// their event and concern as theirs.
func TestContributionFormRoundTripThroughTheCommandLine(t *testing.T) {
	dir := copyDir(t, filepath.Join("..", "..", "examples", "general-election"))
	form := filepath.Join(t.TempDir(), "70412.xlsx")
	if r := runCLI(t, "contribution-form", "--plan", dir, "--candidate", "70412", "--out", form); r.code != 0 {
		t.Fatalf("contribution-form: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Filled in as a person would in a spreadsheet program.
	f, err := excelize.OpenFile(form)
	if err != nil {
		t.Fatal(err)
	}
	for sheet, cells := range map[string]map[string]any{
		"About you": {"B5": "Candidate", "B6": "07700 900412", "B7": "candidate70412@example", "B9": "Yes", "B11": "2029-04-15"},
		"Events": {"A2": "E1", "B2": "campaign", "C2": "Market day stall, Holyhead", "E2": "2029-04-27", "F2": "10:00",
			"G2": "13:00", "H2": "Holyhead market", "J2": "LL65 1HH", "K2": 60, "L2": "open", "M2": "No"},
		"Concerns": {"A2": "online-abuse", "B2": "Replies under my posts name the market stall and its times"},
	} {
		for cell, v := range cells {
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	r := runCLI(t, "import", "contribution", form, "--into", dir)
	if r.code != 0 {
		t.Fatalf("import contribution: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	written := filepath.Join(dir, "contributions", "70412.yaml")
	text, err := os.ReadFile(written)
	if err != nil {
		t.Fatalf("no contribution file: %v\n%s", err, r.stdout)
	}
	for _, want := range []string{"schema: electplan-contribution/v1", "Market day stall, Holyhead", "online-abuse", "police_use: true"} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("the contribution lacks %q:\n%s", want, text)
		}
	}
	if r := runCLI(t, "validate", dir); r.code != 0 || !strings.Contains(r.stdout, "valid") {
		t.Fatalf("validate after import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	out := filepath.Join(t.TempDir(), "out")
	if r := runCLI(t, "build", dir, "--out", out, "--as-of", "2029-04-20"); r.code != 0 {
		t.Fatalf("build: exit %d\n%s", r.code, r.stderr)
	}
	plan, err := os.ReadFile(filepath.Join(out, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(plan, []byte("Market day stall, Holyhead")) || !bytes.Contains(plan, []byte(`"70412"`)) {
		t.Error("the contributed event is not in the plan")
	}
}

// A form that would break the plan is refused whole: every problem at
// once, placed by sheet and cell, and nothing written.
func TestRefusedFormWritesNothing(t *testing.T) {
	dir := copyDir(t, filepath.Join("..", "..", "examples", "general-election"))
	form := filepath.Join(t.TempDir(), "70412.xlsx")
	if r := runCLI(t, "contribution-form", "--plan", dir, "--candidate", "70412", "--out", form); r.code != 0 {
		t.Fatalf("contribution-form: exit %d\n%s", r.code, r.stderr)
	}
	f, err := excelize.OpenFile(form)
	if err != nil {
		t.Fatal(err)
	}
	for sheet, cells := range map[string]map[string]any{
		"About you": {"B5": "Candidate", "B9": "No", "B11": "2029-04-15"},
		"Events":    {"A2": "E1", "B2": "campaign", "C2": "Market day stall", "E2": "2029-04-31", "F2": "10:00"},
	} {
		for cell, v := range cells {
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	r := runCLI(t, "import", "contribution", form, "--into", dir)
	if r.code != 3 {
		t.Fatalf("exit %d, want 3\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{form + ":9:2: About you!B9: consent is \"No\"", "Events!E2", "Nothing was written"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("no %q in\n%s", want, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "contributions", "70412.yaml")); err == nil {
		t.Error("the refused contribution was written")
	}
	if r := runCLI(t, "validate", dir); r.code != 0 {
		t.Errorf("the folder no longer validates: exit %d\n%s", r.code, r.stderr)
	}
}

// A party form for a party no candidate stands for is refused before
// anything is written, naming the parties that do stand, or the plan's
// spelling when only the case differs.
func TestPartyFormForAnUnknownParty(t *testing.T) {
	dir := filepath.Join("..", "..", "examples", "general-election")
	for party, want := range map[string]string{
		"Nonexistent Party": `stands no candidate in ` + dir + `; the parties standing are: Civic Democrats, Commonwealth Party,`,
		"green future":      `--party "green future": the plan spells it "Green Future"`,
	} {
		form := filepath.Join(t.TempDir(), "party.xlsx")
		r := runCLI(t, "contribution-form", "--plan", dir, "--party", party, "--out", form)
		if r.code != exitUsage || !strings.Contains(r.stderr, want) {
			t.Errorf("--party %q: exit %d, stderr %q; want exit %d and %q", party, r.code, r.stderr, exitUsage, want)
		}
		if _, err := os.Stat(form); !os.IsNotExist(err) {
			t.Errorf("--party %q: the form was written", party)
		}
	}
	form := filepath.Join(t.TempDir(), "party.xlsx")
	if r := runCLI(t, "contribution-form", "--plan", dir, "--party", "Green Future", "--out", form); r.code != 0 {
		t.Errorf("a party that stands: exit %d\n%s", r.code, r.stderr)
	}
}
