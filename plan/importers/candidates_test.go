package importers

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/electplan/electplan/plan"
)

// The Democracy Club CSV: the plan's candidates come in; cancelled polls,
// other constituencies and other elections are left out with a note; a
// row without gss is placed by its constituency name.
func TestCandidatesDemocracyClub(t *testing.T) {
	dir := readingPlan(t)
	r := mustImport(t, Request{Kind: Candidates, Format: "democracyclub", File: "testdata/dc_candidates.csv", Dir: dir})
	if r.Layout != "Democracy Club candidates CSV" || r.Rows != 6 || len(r.Added) != 3 {
		t.Fatalf("layout %q, %d rows, added %v", r.Layout, r.Rows, r.Added)
	}
	for _, want := range []string{
		"cancelled poll parl.ynys-mon.by.2027-03-18: 1 candidate left out",
		"rows for other elections left out: local.reading.2027-05-06",
		"1 candidate standing outside this plan's constituencies (E14001438 Reading Central) left out: Runcorn and Helsby E14001453",
		`candidate "74012" Richard Ashby: has an MP identifier (mnis_id 4821): incumbency set to former-mp as a suggestion`,
	} {
		if !notesContain(r, want) {
			t.Errorf("notes lack %q:\n%s", want, strings.Join(r.Notes, "\n"))
		}
	}
	in := load(t, dir)
	got := map[string]plan.Candidate{}
	for _, c := range in.Candidates {
		got[c.ID] = c
	}
	if c := got["74377"]; c.Name != "Tom Ellery" || c.Constituency != readingCode || c.Party != "Green Future" {
		t.Errorf("74377 (placed by name) = %+v", c)
	}
	if got["74012"].Incumbency != "former-mp" || got["74105"].Incumbency != "" {
		t.Errorf("incumbency: %q, %q", got["74012"].Incumbency, got["74105"].Incumbency)
	}
	text := readText(t, filepath.Join(dir, "candidates.yaml"))
	if !strings.Contains(text, `incumbency: former-mp # suggested by import: has an MP identifier (mnis_id 4821); sitting or former cannot be told from the file — confirm`) {
		t.Errorf("no suggestion comment:\n%s", text)
	}
	if !strings.Contains(text, `- id: "74012"`) {
		t.Errorf("ids are not written as quoted strings:\n%s", text)
	}
}

// The older YourNextMP layout is told from its header; its parlparse_id and
// theyworkforyou_url are MP identifiers too.
func TestCandidatesYourNextMP(t *testing.T) {
	dir := newPlan(t, "E14000878", "Reading East", plan.NewDate(2019, time.December, 12))
	r := mustImport(t, Request{Kind: Candidates, Format: "democracyclub", File: "testdata/ynmp_candidates_2019.csv", Dir: dir})
	if !strings.HasPrefix(r.Layout, "YourNextMP") || len(r.Added) != 2 {
		t.Fatalf("layout %q, added %v", r.Layout, r.Added)
	}
	if !notesContain(r, "(parlparse_id uk.org.publicwhip/person/90001, theyworkforyou_url https://www.theyworkforyou.com/mp/90001/harriet_vale/reading_east)") {
		t.Errorf("notes: %q", r.Notes)
	}
	if !notesContain(r, "Ynys Môn W07000047") {
		t.Errorf("the candidate elsewhere is not reported: %q", r.Notes)
	}
}

// The incumbency suggestion never overrides what the SPOC has set, and a
// re-import leaves it alone once written.
func TestIncumbencySuggestionRespectsTheSPOC(t *testing.T) {
	dir := readingPlan(t)
	writeText(t, filepath.Join(dir, "candidates.yaml"), `schema: electplan/v1
candidates:
  - id: "74012"
    name: Richard Ashby
    constituency: E14001438
    incumbency: sitting-mp
`)
	r := mustImport(t, Request{Kind: Candidates, Format: "democracyclub", File: "testdata/dc_candidates.csv", Dir: dir})
	if notesContain(r, "incumbency set to former-mp") {
		t.Errorf("suggested over the SPOC's value: %q", r.Notes)
	}
	in := load(t, dir)
	for _, c := range in.Candidates {
		if c.ID == "74012" && c.Incumbency != "sitting-mp" {
			t.Errorf("incumbency = %q, want the SPOC's sitting-mp", c.Incumbency)
		}
	}
	if len(r.Updated) != 1 || strings.Join(r.Updated[0].Fields, ",") != "party" {
		t.Errorf("updated %+v, want only the party added", r.Updated)
	}
}

func TestCandidatesNoneInThePlan(t *testing.T) {
	dir := newPlan(t, "E14001170", "Chorley", readingPoll)
	_, err := Import(Request{Kind: Candidates, Format: "democracyclub", File: "testdata/dc_candidates.csv", Dir: dir})
	ps := invalidProblems(t, err)
	if !strings.Contains(ps[0].Message, "none of the 6 candidates in the file is standing in this plan's constituencies (E14001170 Chorley)") {
		t.Errorf("got %s", ps[0])
	}
}

// --constituency places rows that carry no GSS code.
func TestCandidatesConstituencyFlag(t *testing.T) {
	dir := readingPlan(t)
	csv := filepath.Join(t.TempDir(), "c.csv")
	writeText(t, csv, "person_id,person_name,ballot_paper_id,party_name,post_label\n1,Ann Example,parl.x.by.2027-03-18,Example Party,Somewhere Else\n")
	r := mustImport(t, Request{Kind: Candidates, Format: "democracyclub", File: csv, Dir: dir, Constituency: readingCode})
	if len(r.Added) != 1 {
		t.Errorf("added %v", r.Added)
	}
}

func TestCandidateRowProblems(t *testing.T) {
	tests := []struct {
		name, csv, problem string
	}{
		{"no id", "person_id,person_name,ballot_paper_id,party_name,post_label\n,Ann,parl.a.2027-03-18,P,A\n", "c.csv:2:1: no person_id on this row"},
		{"no name", "person_id,person_name,ballot_paper_id,party_name,post_label\n7,,parl.a.2027-03-18,P,A\n", `c.csv:2:3: candidate "7": no person_name`},
		{"missing columns", "person_id,person_name,party_name\n7,Ann,P\n",
			"missing columns ballot_paper_id, post_label: the democracyclub format (Democracy Club candidates CSV) has them"},
		{"stations file", "Polling_Place_Id,Polling_Place_Name,Polling_Place_Address_1,Polling_Place_Postcode,Polling_Place_Easting,Polling_Place_Northing\n1,Hall,Road,AB1 2CD,0,0\n",
			"use `electplan import stations --format xpress-dc`"},
		{"hustings sheet", "Election ID,Title of event,Date (DD-MM-YYYY),Start time (00:00)\nparl.a.2027-03-18,H,01-03-2027,19:00\n",
			"use `electplan import hustings --format wcivf`"},
		{"header only", "person_id,person_name,ballot_paper_id,party_name,post_label\n", "the file has a header but no candidates"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &collector{}
			_, _, err := readCandidates(strings.NewReader(tt.csv), "c.csv", c)
			if err == nil {
				err = c.invalid()
			}
			if got := joinProblems(invalidProblems(t, err)); !strings.Contains(got, tt.problem) {
				t.Errorf("got\n%s\nwant %q", got, tt.problem)
			}
		})
	}
}
