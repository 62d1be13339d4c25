package importers

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/electplan/electplan/plan"
)

func TestHustingsSheet(t *testing.T) {
	dir := readingPlan(t)
	r := mustImport(t, Request{Kind: Hustings, Format: "wcivf", File: "testdata/wcivf_hustings.csv", Dir: dir})
	if len(r.Added) != 4 {
		t.Fatalf("added %v, want 4", r.Added)
	}
	for _, want := range []string{
		"1 hustings for other ballots left out (parl.runcorn-and-helsby.by.2027-03-18)",
		`rows repeating an earlier row exactly, read once: "Caversham hustings" (line 8)`,
		"no start time in the sheet, so start is a placeholder for you to fill in",
		"expected_attendance set to 100 as an estimate",
	} {
		if !notesContain(r, want) {
			t.Errorf("notes lack %q:\n%s", want, strings.Join(r.Notes, "\n"))
		}
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0].String(), "wcivf_hustings.csv:5:") ||
		!strings.Contains(r.Warnings[0].Message, "after polling day") {
		t.Errorf("warnings: %v", r.Warnings)
	}
	// The placeholder start is the one new problem: it does not block.
	if len(r.NewProblems) != 1 || !strings.Contains(r.NewProblems[0].Message, "start: "+plan.PlaceholderMessage) {
		t.Errorf("new problems: %v", r.NewProblems)
	}
	text := readText(t, filepath.Join(dir, "events.yaml"))
	for _, want := range []string{
		"title: Churches Together in Reading hustings # https://churches-together-reading.example/hustings",
		"postcode: RG1 2HX",
		"start: 2027-03-09T19:00\n    end: 2027-03-09T21:30",
		`start: <start time on 2027-03-15, e.g. 2027-03-15T19:00>`,
		"expected_attendance: 100 # estimate: not in the hustings sheet — confirm with the organiser",
		"title: Radio Berkshire phone-in", // election-level id: the plan's only constituency
	} {
		if !strings.Contains(text, want) {
			t.Errorf("events.yaml lacks %q:\n%s", want, text)
		}
	}

	// The same sheet again: the ids are stable, so nothing changes.
	again := mustImport(t, Request{Kind: Hustings, Format: "wcivf", File: "testdata/wcivf_hustings.csv", Dir: dir})
	if len(again.Added) != 0 || again.Unchanged != 4 || len(again.Writes) != 0 {
		t.Errorf("re-import: added %v, updated %v, unchanged %d, writes %v", again.Added, again.Updated, again.Unchanged, again.Writes)
	}
}

// Once the SPOC fills in the start and the attendance, a re-import keeps
// them; when the organiser then publishes a time, it replaces nothing the
// SPOC typed but the owned start.
func TestHustingsReimportKeepsFilledPlaceholders(t *testing.T) {
	dir := readingPlan(t)
	mustImport(t, Request{Kind: Hustings, Format: "wcivf", File: "testdata/wcivf_hustings.csv", Dir: dir})
	path := filepath.Join(dir, "events.yaml")
	text := readText(t, path)
	text = strings.Replace(text, "<start time on 2027-03-15, e.g. 2027-03-15T19:00>", "2027-03-15T19:30", 1)
	text = strings.Replace(text, "expected_attendance: 100 # estimate: not in the hustings sheet — confirm with the organiser",
		"expected_attendance: 180 # organiser, 1 March", 1)
	writeText(t, path, text)
	r := mustImport(t, Request{Kind: Hustings, Format: "wcivf", File: "testdata/wcivf_hustings.csv", Dir: dir})
	if len(r.Writes) != 0 {
		t.Errorf("re-import would write %v", r.Writes)
	}
	if got := readText(t, path); got != text {
		t.Errorf("file changed:\n%s", got)
	}
}

func TestParseSheetDate(t *testing.T) {
	tests := map[string]string{
		"02-03-2027": "2027-03-02", "2-3-2027": "2027-03-02", "02/03/2027": "2027-03-02", "2027-03-02": "2027-03-02",
		"2027-Mar-02": "2027-03-02", "2027-March-02": "2027-03-02", " 2 March 2027 ": "2027-03-02",
		"31-02-2027": "", "03-2027": "", "": "",
	}
	for in, want := range tests {
		d, ok := parseSheetDate(in)
		if got := d.String(); got != want || ok != (want != "") {
			t.Errorf("parseSheetDate(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestParseClock(t *testing.T) {
	tests := map[string]string{
		"19:30": "19:30", "7:30": "07:30", "19.30": "19:30", "1930": "19:30", "7pm": "19:00", "7:30 pm": "19:30",
		"12pm": "12:00", "12am": "00:00", "19:30:00": "19:30", "19": "19:00",
		"25:00": "", "7:60": "", "13pm": "", "evening": "", "": "", "1:234": "",
	}
	for in, want := range tests {
		h, m, ok := parseClock(in)
		got := ""
		if ok {
			got = plan.NewDate(2027, time.March, 2).At(h, m).Clock()
		}
		if got != want {
			t.Errorf("parseClock(%q) = %q, want %q", in, got, want)
		}
	}
}

// Hustings ids depend on the election, title and date only.
func TestHustingsID(t *testing.T) {
	d := plan.NewDate(2027, time.March, 2)
	a := hustingsID("parl.reading-central.by.2027-03-18", "Churches Together hustings", d)
	if a != hustingsID("parl.reading-central.by.2027-03-18", "churches together HUSTINGS", d) {
		t.Error("the id depends on the title's case")
	}
	if a == hustingsID("parl.reading-central.by.2027-03-18", "Churches Together hustings", d.AddDays(1)) {
		t.Error("the id does not depend on the date")
	}
	if a != "H-3fcd4750" {
		t.Errorf("id = %s: ids must not change between releases, or re-imports duplicate every event", a)
	}
}
