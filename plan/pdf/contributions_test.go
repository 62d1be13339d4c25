package pdf

import (
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
)

// Every event and incident a contribution added is shown with who it came
// from, and Communications lists every contribution.
func TestContributionsAttributedInThePDF(t *testing.T) {
	p := buildExample(t, "general-election", plan.NewDate(2029, 4, 20))
	doc, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, doc)
	flat := strings.Join(strings.Fields(strings.Join(pages, " ")), " ")
	// The incidents table: from its heading to the next section.
	all := strings.Join(pages, " ")
	start := strings.LastIndex(all, "4.4 Incidents so far")
	end := strings.Index(all[start:], "5. Intent")
	if start < 0 || end < 0 {
		t.Fatal("no incidents section")
	}
	incidentText := strings.Join(strings.Fields(all[start:start+end]), " ")
	events, incidents := 0, 0
	for _, e := range p.Flashpoints {
		if c := e.Contribution; c != nil {
			events++
			if !strings.Contains(flat, "from "+c.Contributor+" ("+c.Kind+")") {
				t.Errorf("event %s is not attributed to %s", e.ID, c.Contributor)
			}
		}
	}
	for _, inc := range p.Incidents {
		if c := inc.Contribution; c != nil {
			incidents++
			if !strings.Contains(incidentText, "from "+c.Contributor+" ("+c.Kind+")") {
				t.Errorf("incident %s is not attributed to %s", inc.ID, c.Contributor)
			}
		}
	}
	if events == 0 || incidents == 0 {
		t.Fatalf("the example has %d contributed events and %d contributed incidents: it should have both", events, incidents)
	}
	for _, c := range p.Contributions {
		if !strings.Contains(flat, c.Contributor) {
			t.Errorf("contribution %s (%s) is not listed", c.ID, c.Contributor)
		}
	}
}
