package pdf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
)

// Annex E lays out every beat with its route and timetable, and Method
// points to it with the patrol totals.
func TestPatrolAnnex(t *testing.T) {
	p := buildExample(t, "general-election", plan.NewDate(2029, 4, 20))
	doc, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, doc)
	all := strings.Join(pages, "\f")
	annex := pageWith(t, pages, "Annex E: polling-day patrols", "Route quality")
	if method := pageWith(t, pages, "Every beat's route, map and timetable is in Annex E"); method >= annex {
		t.Errorf("the Method paragraph (page %d) is not before annex E (page %d)", method, annex)
	}
	for _, b := range p.Patrols.Beats {
		heading := fmt.Sprintf("%s from %s: %s", b.ID, b.Base, plan.Plural(len(b.Route), "station", "stations"))
		page := pageWith(t, pages, heading)
		if page < annex {
			t.Errorf("%s is laid out before annex E", b.ID)
		}
		// The timetable lists each station of the route with its first visit.
		first := b.Visits[0]
		if !strings.Contains(pages[page-1], first.At.In(plan.London).Format("15:04")) {
			t.Errorf("%s: the first visit time %s is not on its page", b.ID, first.At)
		}
	}
	if !strings.Contains(all, fmt.Sprintf("%d patrolled; %d with static officers", p.Patrols.Patrolled, p.Patrols.Static)) {
		t.Error("annex E does not give the stations patrolled and static")
	}
	// A beat's page shows its route map: the dashed route is navy.
	img := renderPage(t, doc, pageWith(t, pages, p.Patrols.Beats[0].ID+" from"), 60)
	if s := share(img, routeStroke, 30); s < 0.0001 {
		t.Errorf("no route drawn on the first beat's page (%.3f%% of the route colour)", 100*s)
	}
}
