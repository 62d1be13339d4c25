package plan

import (
	"strings"
	"testing"

	"github.com/electplan/electplan/riskmodel"
)

// A revision answers every review point that fell due in the week before
// it (an incident the day before a weekly review is one review, not an
// overdue one), but a week with no revision at all stays overdue.
func TestReviewsDoneByTheRevisionThatMakesThem(t *testing.T) {
	in, err := LoadDir("../examples/general-election")
	if err != nil {
		t.Fatal(err)
	}
	m := riskmodel.National()
	first, err := Build(in, m, NewDate(2029, 4, 1))
	if err != nil {
		t.Fatal(err)
	}
	in.Incidents = append(in.Incidents, Incident{ID: "INC-T1", Date: NewDate(2029, 4, 22), Kind: "threats",
		Severity: "high", Summary: "Threat to a candidate", Status: "open"})
	second, err := BuildRevision(in, m, NewDate(2029, 4, 24), Revision{Previous: first, By: "DI Test"})
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, r := range second.Reviews {
		status[r.Reason] = string(r.Status)
	}
	if got := status["after high-severity incident INC-T1"]; got != string(ReviewDone) {
		t.Errorf("the review after INC-T1 is %q, want done by this revision (all: %v)", got, status)
	}
	weeklyOverdue := 0
	for reason, s := range status {
		if s == string(ReviewOverdue) && strings.HasPrefix(reason, "weekly review") {
			weeklyOverdue++
		}
	}
	if weeklyOverdue == 0 {
		t.Errorf("no weekly review between 1 and 17 April is overdue, though no revision was made then: %v", status)
	}
}
