package xlsx

import (
	"bytes"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
	"github.com/xuri/excelize/v2"
)

// fillForm writes answers into a form as a person would in a spreadsheet.
func fillForm(t *testing.T, form []byte, cells map[string]map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(form))
	if err != nil {
		t.Fatal(err)
	}
	for sheet, values := range cells {
		for cell, v := range values {
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestContributionFormRoundTrip(t *testing.T) {
	form, err := ContributionForm(FormOptions{Force: "North Wales Police", Election: "UK Parliamentary General Election 2029",
		Kind: plan.FromCandidate, CandidateID: "71842", CandidateName: "Cadi Prŷs", ReturnTo: "spoc@example"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(form))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); strings.Join(got, ",") != "Instructions,About you,Events,Concerns,Incidents" {
		t.Fatalf("sheets %v", got)
	}
	dvs, err := f.GetDataValidations("Events")
	if err != nil || len(dvs) < 6 {
		t.Errorf("Events has %d validations (%v): want drop-downs and date and time checks", len(dvs), err)
	}
	filled := fillForm(t, form, map[string]map[string]any{
		"About you": {"B5": "Candidate", "B6": "07700 900871", "B7": "cadi@example", "B9": "Yes",
			"B11": excelDay(plan.NewDate(2028, 4, 11)) /* a date cell holds a serial */},
		"Events": {"A2": "E1", "B2": "campaign", "C2": "=Street surgery, Bangor", "E2": "2029-04-21", "F2": 10.5 / 24,
			"G2": "12:30", "H2": "Bangor High Street", "J2": "LL57 1DN", "K2": 40, "L2": "open", "M2": "No", "N2": "housing, buses"},
		"Concerns":  {"A2": "stalking", "B2": "Worried he will come to street surgeries"},
		"Incidents": {"B2": "2029-04-09", "C2": "online-abuse", "D2": "medium", "E2": "Abusive replies", "G2": "Yes", "H2": "NWP-1"},
	})
	doc, problems, err := ReadContributionForm(bytes.NewReader(filled))
	if err != nil || len(problems) > 0 {
		t.Fatalf("read back: %v %v", err, problems)
	}
	c := doc.Contributor
	if c.Kind != plan.FromCandidate || c.Name != "Cadi Prŷs" || c.Candidate != "71842" || c.Phone != "07700 900871" {
		t.Errorf("contributor: %+v", c)
	}
	if !doc.Consent.PoliceUse || doc.Consent.Date.String() != "2028-04-11" || doc.Consent.GivenBy != "Cadi Prŷs" {
		t.Errorf("consent: %+v", doc.Consent)
	}
	if len(doc.Events) != 1 {
		t.Fatalf("%d events", len(doc.Events))
	}
	e := doc.Events[0]
	if e.Title != "=Street surgery, Bangor" || e.Start.String() != "2029-04-21T10:30" || e.End == nil ||
		e.End.String() != "2029-04-21T12:30" || e.ExpectedAttendance != 40 || len(e.Topics) != 2 {
		t.Errorf("event: %+v", e)
	}
	if len(doc.Concerns) != 1 || doc.Concerns[0].Category != "stalking" {
		t.Errorf("concerns: %+v", doc.Concerns)
	}
	if len(doc.Incidents) != 1 || !doc.Incidents[0].ReportedToPolice || doc.Incidents[0].Date.String() != "2029-04-09" {
		t.Errorf("incidents: %+v", doc.Incidents)
	}
	// The YAML written from it reads back through the loader's types.
	text, err := doc.YAML("test")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "title: =Street surgery, Bangor") && !strings.Contains(string(text), `title: '=Street surgery, Bangor'`) {
		t.Errorf("free text changed on the way to YAML:\n%s", text)
	}
}

func TestContributionFormProblems(t *testing.T) {
	form, err := ContributionForm(FormOptions{Kind: plan.FromCandidate, CandidateID: "101"})
	if err != nil {
		t.Fatal(err)
	}
	filled := fillForm(t, form, map[string]map[string]any{
		"About you": {"B2": "Ann Example"},
		"Events":    {"B2": "rally", "C2": "Big rally", "E2": "next Tuesday", "K2": "lots"},
	})
	_, problems, err := ReadContributionForm(bytes.NewReader(filled))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	for _, want := range []string{
		"About you!B9: consent is not given",
		"About you!B11: the date consent was given is missing",
		`Events!B2: kind "rally": choose one of`,
		`Events!E2: "next Tuesday" is not a date`,
		`Events!K2: expected attendance "lots"`,
		"Events!H2: the event has no venue",
	} {
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("missing problem %q in:\n%s", want, strings.Join(got, "\n"))
		}
	}
	if _, _, err := ReadContributionForm(bytes.NewReader([]byte("not a workbook"))); err == nil {
		t.Error("a non-workbook was read")
	}
}
