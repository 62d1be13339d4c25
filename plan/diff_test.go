package plan

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/electplan/electplan/riskmodel"
)

// A score that moves within its band or rating is a change a review log
// records, with the factor that moved; a figure that did not move is not
// reported as a change.
func TestDiffReportsScoreChangesWithinTheBand(t *testing.T) {
	in, err := LoadDir("../examples/by-election")
	if err != nil {
		t.Fatal(err)
	}
	old, err := Build(in, riskmodel.National(), NewDate(2027, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	b, err := old.JSON()
	if err != nil {
		t.Fatal(err)
	}
	new, err := ReadPlan(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	s := &new.PollingStations[0]
	s.Score++
	s.Factors = append(s.Factors, riskmodel.Factor{Factor: "incidents", Axis: "likelihood", Points: 1, Reason: "1 incident this period: INC-T1"})
	c := &new.Candidates[len(new.Candidates)-1]
	c.Residual.Score++
	c.Residual.Factors = append(c.Residual.Factors, riskmodel.Factor{Factor: "incidents", Axis: "likelihood", Points: 1, Reason: "1 incident this period: INC-T2"})
	new.Demand[len(new.Demand)-1].OfficerHoursNeeded += 10

	var text []string
	for _, ch := range Diff(old, new) {
		text = append(text, ch.Text)
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{
		"Polling station " + s.ID + " (" + s.Name + "): score", "still " + s.RAG + ": 1 incident this period: INC-T1",
		"residual score", "still tier " + string(c.Tier) + ": 1 incident this period: INC-T2",
		"available.",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in the diff:\n%s", want, all)
		}
	}
	for _, line := range text {
		if m := regexp.MustCompile(`available ([0-9.]+) → ([0-9.]+)`).FindStringSubmatch(line); m != nil && m[1] == m[2] {
			t.Errorf("an unchanged figure is reported as a change: %s", line)
		}
	}
}
