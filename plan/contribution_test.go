package plan

import (
	"strings"
	"testing"
)

const candidateContribution = `schema: electplan-contribution/v1
contributor: {kind: candidate, name: Ann Example, candidate: "101", received: 2029-04-11}
consent: {police_use: true, given_by: Ann Example, date: 2029-04-11}
updates: weekly
events:
  - id: E1
    kind: campaign
    title: Street stall
    venue: {name: Cowley Road, location: {lat: 51.745, lon: -1.236}}
    start: 2029-04-21T10:30
    expected_attendance: 30
concerns:
  - {category: harassment, details: "Shouted at in the street twice"}
incidents:
  - {id: I1, date: 2029-04-09, kind: harassment, summary: "Followed home from the stall", event: E1, reported_to_police: true, crime_reference: TVP-1}
`

func withContribution(t *testing.T, name, text string) map[string]string {
	files := minimal(t)
	files["contributions/"+name] = text
	return files
}

func TestContributionJoinsThePlanWithProvenance(t *testing.T) {
	in, err := Load(mapFS(withContribution(t, "101.yaml", candidateContribution)), "ep")
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Contributions) != 1 {
		t.Fatalf("%d contributions applied", len(in.Contributions))
	}
	var ev *Event
	for i := range in.Events {
		if in.Events[i].ID == "101-E1" {
			ev = &in.Events[i]
		}
	}
	if ev == nil || ev.Source != "candidate" || ev.Contribution == nil || ev.Constituency != "E14001419" ||
		len(ev.Candidates) != 1 || ev.Candidates[0] != "101" {
		t.Fatalf("contributed event: %+v", ev)
	}
	var inc *Incident
	for i := range in.Incidents {
		if in.Incidents[i].ID == "101-I1" {
			inc = &in.Incidents[i]
		}
	}
	if inc == nil || inc.Candidate != "101" || inc.Event != "101-E1" || inc.Severity != "medium" ||
		!strings.Contains(inc.Summary, "reported to police, ref TVP-1") || inc.Contribution == nil {
		t.Fatalf("contributed incident: %+v", inc)
	}
	if !strings.HasPrefix(in.Sources[len(in.Sources)-1].Name, "contributions/") {
		t.Error("the contribution is not among the plan's input files")
	}
}

func TestContributionsAreRefused(t *testing.T) {
	tests := []struct {
		name, file, old, new, want string
	}{
		{"without consent", "101.yaml", "police_use: true", "police_use: false",
			`ep/contributions/101.yaml:3:23: contribution "101": no consent to police use: the contribution is refused`},
		{"consent missing", "101.yaml", "consent: {police_use: true, given_by: Ann Example, date: 2029-04-11}\n", "",
			`ep/contributions/101.yaml:1:1: contribution: missing required key "consent"`},
		{"naming another candidate", "101.yaml", "    expected_attendance: 30\n", "    expected_attendance: 30\n    candidates: [\"101\", \"102\"]\n",
			`contribution "101": event "E1": names candidate "102": a candidate's contribution may speak only for its own candidate (101)`},
		{"a party event without a constituency", "unity.yaml", `contributor: {kind: candidate, name: Ann Example, candidate: "101", received: 2029-04-11}`,
			`contributor: {kind: party, name: Unity North, party: Unity Party}`,
			`contribution "unity": event "E1": missing constituency`},
		{"a plan file in contributions", "101.yaml", "schema: electplan-contribution/v1", "schema: electplan/v1",
			`ep/contributions/101.yaml:1:9: this is a plan file, not a contribution`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := candidateContribution
			if !strings.Contains(text, tt.old) {
				t.Fatalf("no %q", tt.old)
			}
			text = strings.Replace(text, tt.old, tt.new, 1)
			in, err := Load(mapFS(withContribution(t, tt.file, text)), "ep")
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("want %q in:\n%v", tt.want, err)
			}
			if in != nil && len(in.Contributions) != 0 {
				t.Error("a refused contribution was applied")
			}
		})
	}
}

// A party may add events for its own candidates but set no risk fields.
func TestPartyContribution(t *testing.T) {
	party := `schema: electplan-contribution/v1
contributor: {kind: party, name: Unity Oxford, party: Unity Party}
consent: {police_use: true, given_by: Organiser, date: 2029-04-11}
events:
  - kind: campaign
    title: Rally
    constituency: E14001420
    venue: {name: Town Hall}
    start: 2029-04-22T18:00
    expected_attendance: 200
    candidates: ["102"]
`
	in, err := Load(mapFS(withContribution(t, "unity.yaml", party)), "ep")
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Contributions) != 1 || in.Events[len(in.Events)-1].Source != "party" {
		t.Fatal("party event not applied as source party")
	}
	if len(in.Warnings) != 0 {
		t.Errorf("warnings for a party that stands: %v", in.Warnings)
	}
	// A party name no candidate stands for is most likely misspelt.
	typo := strings.Replace(strings.Replace(party, "party: Unity Party", "party: Unity Partty", 1), `    candidates: ["102"]`+"\n", "", 1)
	in, err = Load(mapFS(withContribution(t, "unity.yaml", typo)), "ep")
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Warnings) != 1 || !strings.Contains(in.Warnings[0].String(), `no candidate stands for "Unity Partty"`) {
		t.Errorf("warnings %v, want one about the party no candidate stands for", in.Warnings)
	}
	for _, bad := range []struct{ old, new, want string }{
		{"    expected_attendance: 200\n", "    expected_attendance: 200\n    intelligence: {protest: planned}\n",
			"a party may add events but not set risk fields (intelligence)"},
		{`candidates: ["102"]`, `candidates: ["101"]`, `names candidate "101", who is not a Unity Party candidate`},
	} {
		_, err := Load(mapFS(withContribution(t, "unity.yaml", strings.Replace(party, bad.old, bad.new, 1))), "ep")
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("want %q, got %v", bad.want, err)
		}
	}
}
