package pdf

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/riskmodel"
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

// Without a base no beat can be planned: Method and annex E say so in one
// line each and name the reason once, not once per station.
func TestNoBasesNoBeats(t *testing.T) {
	in, err := plan.LoadDir(filepath.Join("..", "..", "examples", "by-election"))
	if err != nil {
		t.Fatal(err)
	}
	in.Resources.Bases = nil
	p, err := plan.Build(in, riskmodel.National(), plan.NewDate(2027, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Patrols.Beats) != 0 || len(p.Patrols.Unplanned) == 0 {
		t.Fatalf("want no beats and stations unplanned, got %d beats, %d unplanned", len(p.Patrols.Beats), len(p.Patrols.Unplanned))
	}
	doc, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	all := squash(strings.Join(pdfText(t, doc), " "))
	for _, want := range []string{
		"Patrols: no beats are planned.",
		fmt.Sprintf("%d stations are not patrolled as often as their band needs: every one has no police base to patrol from.", len(p.Patrols.Unplanned)),
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the order does not say %q", want)
		}
	}
	for _, never := range []string{"0 beats", "worst beat", "station " + p.Patrols.Unplanned[0].Station + " has no police base"} {
		if strings.Contains(all, never) {
			t.Errorf("the order says %q", never)
		}
	}
}
