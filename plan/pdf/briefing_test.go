package pdf

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/riskmodel"
)

// Every candidate's pack holds what they can act on and nothing else: no
// other candidate's name, no score, tier or band, no intelligence, no
// deployment, no home address; and it is marked for them by name.
func TestBriefingPacksAreRedacted(t *testing.T) {
	// Plant home addresses, and an event whose title names two candidates,
	// in a copy of the example.
	dir := t.TempDir()
	copyExample(t, "../../examples/general-election", dir)
	edit := func(file, old, new string) {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s lacks %q", file, old)
		}
		if err := os.WriteFile(filepath.Join(dir, file), []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("events.yaml", "title: Bangor University Students' Union hustings",
		"title: \"Bangor University Students' Union hustings: Cadi Prŷs and Llŷr ap Iwan debate\"")
	in, err := plan.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var addresses []string
	for i := range in.Candidates {
		in.Candidates[i].HomeAddress = "1" + in.Candidates[i].ID + " Secret Row, Nowhere"
		addresses = append(addresses, in.Candidates[i].HomeAddress)
	}
	// As of a day before the planted hustings (17 April), so it is still
	// to come and in the packs.
	p, err := plan.Build(in, riskmodel.National(), plan.NewDate(2029, 4, 16))
	if err != nil {
		t.Fatal(err)
	}
	// What may never appear: intelligence and risk wording from the plan.
	var forbidden []string
	for _, e := range p.Flashpoints {
		for _, f := range e.Factors {
			if f.Axis == "likelihood" {
				forbidden = append(forbidden, f.Reason)
			}
		}
	}
	for _, inc := range p.Incidents {
		forbidden = append(forbidden, inc.Summary[:min(40, len(inc.Summary))])
	}
	for _, c := range p.Candidates {
		for _, k := range c.Concerns {
			forbidden = append(forbidden, k.Details[:min(40, len(k.Details))])
		}
	}
	forbidden = append(forbidden, addresses...)
	words := []string{"tier", "very-high", "score", "band", "officer-hours", "static officer", "PSU", "likelihood", "intelligence"}

	for _, c := range p.Candidates {
		doc, err := Briefing(p, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(pdfText(t, doc), "\n")
		flat := strings.Join(strings.Fields(text), " ")
		if !strings.Contains(flat, "For "+c.Name+" only") {
			t.Errorf("%s: pack not marked for the named recipient", c.ID)
		}
		for _, o := range p.Candidates {
			if o.ID != c.ID && o.Name != c.Name && strings.Contains(flat, o.Name) {
				t.Errorf("%s's pack names another candidate, %s", c.Name, o.Name)
			}
		}
		for _, s := range forbidden {
			if strings.Contains(flat, strings.Join(strings.Fields(s), " ")) {
				t.Errorf("%s's pack contains %q", c.Name, s)
			}
		}
		lower := strings.ToLower(flat)
		for _, w := range words {
			if strings.Contains(lower, strings.ToLower(w)) {
				t.Errorf("%s's pack contains %q", c.Name, w)
			}
		}
	}
	// The pack of a candidate at the renamed event shows it, redacted.
	doc, _ := Briefing(p, "71842")
	flat := strings.Join(strings.Fields(strings.Join(pdfText(t, doc), " ")), " ")
	if !strings.Contains(flat, "another candidate debate") || strings.Contains(flat, "Llŷr") {
		t.Errorf("the event naming another candidate is not shown redacted:\n%s", flat)
	}
}

func copyExample(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

// Packs print Welsh names, and are byte-identical for the same plan.
func TestBriefingPackWelshAndDeterministic(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext not found: install poppler-utils")
	}
	p := buildExample(t, "general-election", plan.NewDate(2029, 4, 20))
	a, err := Briefing(p, "70244") // Hywel Gŵyr Jones
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Briefing(p, "70244")
	if string(a) != string(b) {
		t.Error("two renders of the same pack differ")
	}
	if text := strings.Join(pdfText(t, a), "\n"); !strings.Contains(text, "Hywel Gŵyr Jones") {
		t.Error("the Welsh name does not print")
	}
	if _, err := Briefing(p, "no-such-id"); err == nil {
		t.Error("a pack for an unknown candidate")
	}
}

// Packs and the summary look ahead: an event over by the as-of date is
// not among a candidate's events or the highest-risk flashpoints to come.
func TestPastEventsLeftOut(t *testing.T) {
	p := buildExample(t, "general-election", plan.NewDate(2029, 4, 20))
	var past plan.FlashpointPlan
	for _, e := range p.Flashpoints {
		if e.ID == "EV-04" { // Bangor University hustings, 17 April
			past = e
		}
	}
	if past.ID == "" || !slices.Contains(past.Candidates, "71842") || past.Band != "high" {
		t.Fatalf("the example's EV-04 is not the past high hustings Cadi Prŷs attends: %+v", past)
	}
	doc, err := Briefing(p, "71842")
	if err != nil {
		t.Fatal(err)
	}
	if pack := strings.Join(pdfText(t, doc), " "); strings.Contains(pack, past.Title) {
		t.Error("the pack lists an event that is over")
	}
	order, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, order)
	summary := pages[pageWith(t, pages, "Highest-risk flashpoints to come")-1]
	top := summary[strings.Index(summary, "Highest-risk flashpoints to come"):]
	if strings.Contains(top, "EV-04") {
		t.Errorf("the summary lists EV-04, which is over:\n%s", top)
	}
}
