package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/electplan/electplan/riskmodel"
	"pgregory.net/rapid"
)

// The neutrality guarantee: permuting or renaming parties among candidates
// changes nothing the model computes. These tests check it over generated
// folders and over every example, and check that the check itself can
// fail (TestNeutralityCheckCatchesALeak).

// scoreFunc is what the neutrality check audits.
type scoreFunc func(in *Inputs, m *riskmodel.Model, asOf Date) *Scores

// blindView is everything scored, keyed by id, with nothing that could
// carry party: if two views are equal, no score, band, tier or factor
// differs.
func blindView(s *Scores) []byte {
	type item struct {
		ID string
		A  any
	}
	var items []item
	for _, e := range s.Events {
		items = append(items, item{"event " + e.Event.ID, e.Assessment})
	}
	for _, st := range s.Stations {
		items = append(items, item{"station " + st.Station.ID, st.Assessment})
	}
	for _, c := range s.Counts {
		items = append(items, item{"count " + c.Count.ID, c.Assessment})
	}
	for _, c := range s.Candidates {
		items = append(items, item{"candidate " + c.Candidate.ID, c.Assessment})
	}
	slices.SortFunc(items, func(a, b item) int {
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	b, err := json.Marshal(items)
	if err != nil {
		panic(err)
	}
	return b
}

// repartied returns a copy of in whose candidates' parties are permuted by
// perm and renamed by rename.
func repartied(in *Inputs, perm []int, rename func(string) string) *Inputs {
	out := *in
	out.Candidates = slices.Clone(in.Candidates)
	for i := range out.Candidates {
		out.Candidates[i].Party = rename(in.Candidates[perm[i]].Party)
	}
	return &out
}

// checkPartyBlind scores in, and in with parties permuted and renamed,
// and reports the first difference.
func checkPartyBlind(in *Inputs, score scoreFunc, perm []int, rename func(string) string) error {
	m, asOf := riskmodel.National(), in.Election.PollingDay.AddDays(-14)
	before := blindView(score(in, m, asOf))
	after := blindView(score(repartied(in, perm, rename), m, asOf))
	if !bytes.Equal(before, after) {
		return fmt.Errorf("scores changed when parties were permuted:\nbefore %s\nafter  %s", before, after)
	}
	return nil
}

// checkPlanPartyBlind builds the whole plan both ways and compares
// everything but the party labels themselves: scores, bands, tiers,
// deployments, officer-hours by day, shortfalls, decisions, summary.
func checkPlanPartyBlind(t interface{ Fatal(...any) }, in *Inputs, perm []int, rename func(string) string) error {
	m, asOf := riskmodel.National(), in.Election.PollingDay.AddDays(-14)
	view := func(in *Inputs) []byte {
		p, err := Build(in, m, asOf)
		if err != nil {
			t.Fatal(err)
		}
		for i := range p.Candidates {
			p.Candidates[i].Party = ""
		}
		b, err := p.JSON()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if before, after := view(in), view(repartied(in, perm, rename)); !bytes.Equal(before, after) {
		return fmt.Errorf("the plan changed when parties were permuted (%d vs %d bytes)", len(before), len(after))
	}
	return nil
}

var partyPool = []string{"Civic Democrats", "Unity Party", "Cymru Newydd", "Green Future", "Independent", ""}

// genInputs draws a small but complete folder: candidates with any risk
// profile and party, events they attend, stations and a count.
func genInputs(t *rapid.T) *Inputs {
	in := &Inputs{}
	in.Election = Election{ID: "parl.2029-05-03", Kind: General, PollingDay: NewDate(2029, 5, 3)}
	in.Constituencies = []Constituency{{Code: "E14000001"}, {Code: "E14000002"}}
	in.Resources.Bases = []Base{{Name: "Central", Location: LatLon(51.75, -1.25)}}
	nc := rapid.IntRange(1, 8).Draw(t, "candidates")
	for i := range nc {
		in.Candidates = append(in.Candidates, Candidate{
			ID: fmt.Sprintf("c%d", i), Name: fmt.Sprintf("Candidate %d", i),
			Constituency:      in.Constituencies[i%2].Code,
			Party:             rapid.SampledFrom(partyPool).Draw(t, "party"),
			Incumbency:        Incumbency(rapid.SampledFrom(Incumbency("").Values()).Draw(t, "incumbency")),
			Prominence:        Prominence(rapid.SampledFrom(Prominence("").Values()).Draw(t, "prominence")),
			ThreatHistory:     ThreatHistory(rapid.SampledFrom(ThreatHistory("").Values()).Draw(t, "threat")),
			FixatedConcern:    Concern(rapid.SampledFrom(Concern("").Values()).Draw(t, "fixated")),
			OnlineAbuse:       AbuseLevel(rapid.SampledFrom(AbuseLevel("").Values()).Draw(t, "abuse")),
			HomeAddressPublic: rapid.Bool().Draw(t, "home public"),
		})
	}
	ne := rapid.IntRange(0, 8).Draw(t, "events")
	for i := range ne {
		e := Event{ID: fmt.Sprintf("e%d", i), Kind: "hustings", Constituency: in.Constituencies[i%2].Code,
			Start:              NewDate(2029, 4, 10+i%5).At(19, 0),
			ExpectedAttendance: rapid.IntRange(10, 3000).Draw(t, "attendance"),
			Livestreamed:       rapid.Bool().Draw(t, "live"),
			Venue: Venue{Name: "Hall", Indoor: true, Capacity: 500,
				Location: &Location{Lat: 51.75 + float64(i%3)*0.005, Lon: -1.25}},
			Intelligence: &Intelligence{Protest: ProtestLikelihood(rapid.SampledFrom(ProtestLikelihood("").Values()).Draw(t, "protest"))},
		}
		for j := range nc {
			if rapid.Bool().Draw(t, "attends") {
				e.Candidates = append(e.Candidates, in.Candidates[j].ID)
			}
		}
		in.Events = append(in.Events, e)
	}
	for i := range rapid.IntRange(0, 6).Draw(t, "stations") {
		in.PollingStations = append(in.PollingStations, PollingStation{ID: fmt.Sprintf("s%d", i),
			Constituency: in.Constituencies[i%2].Code, Location: &Location{Lat: 51.76, Lon: -1.24 + float64(i)*0.01},
			RORating: RAG(rapid.SampledFrom([]string{"", "green", "amber", "red"}).Draw(t, "ro"))})
	}
	in.Counts = []Count{{ID: "k1", Constituencies: []string{"E14000001", "E14000002"}, ExpectedAttendance: 300,
		Venue: Venue{Name: "Town Hall", Location: &Location{Lat: 51.752, Lon: -1.257}}}}
	return in
}

func TestPartyPermutationChangesNothingOnGeneratedInputs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := genInputs(t)
		perm := rapid.Permutation(indexes(len(in.Candidates))).Draw(t, "perm")
		suffix := rapid.SampledFrom([]string{"", " (renamed)", "Zz"}).Draw(t, "rename")
		rename := func(p string) string { return p + suffix }
		if err := checkPartyBlind(in, Score, perm, rename); err != nil {
			t.Fatal(err)
		}
		if err := checkPlanPartyBlind(t, in, perm, rename); err != nil {
			t.Fatal(err)
		}
	})
}

func TestPartyPermutationChangesNothingOnExamples(t *testing.T) {
	dirs, _ := filepath.Glob("../examples/*")
	if len(dirs) < 2 {
		t.Fatalf("want at least two example folders, found %v", dirs)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			in, err := LoadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			n := len(in.Candidates)
			perms := map[string][]int{"reverse": reversed(n), "rotate": rotated(n)}
			renames := map[string]func(string) string{
				"same names": func(p string) string { return p },
				"renamed":    func(p string) string { return "Party of " + p },
			}
			for pn, perm := range perms {
				for rn, rename := range renames {
					if err := checkPartyBlind(in, Score, perm, rename); err != nil {
						t.Errorf("%s, %s: %v", pn, rn, err)
					}
					if err := checkPlanPartyBlind(t, in, perm, rename); err != nil {
						t.Errorf("%s, %s: %v", pn, rn, err)
					}
				}
			}
		})
	}
}

// The check must be able to fail: a scorer that lets one party's
// candidates off an incident is caught.
func TestNeutralityCheckCatchesALeak(t *testing.T) {
	leaky := func(in *Inputs, m *riskmodel.Model, asOf Date) *Scores {
		s := Score(in, m, asOf)
		for i, c := range s.Candidates {
			if c.Candidate.Party == "Unity Party" {
				s.Candidates[i].Assessment.Residual.Score--
			}
		}
		return s
	}
	in := &Inputs{Election: Election{PollingDay: NewDate(2029, 5, 3)}, Candidates: []Candidate{
		{ID: "a", Party: "Unity Party", ThreatHistory: "threats"}, {ID: "b", Party: "Civic Democrats"},
	}}
	if err := checkPartyBlind(in, leaky, []int{1, 0}, func(p string) string { return p }); err == nil {
		t.Fatal("a party-aware scorer passed the neutrality check")
	}
	if err := checkPartyBlind(in, Score, []int{1, 0}, func(p string) string { return p }); err != nil {
		t.Fatalf("the real scorer failed: %v", err)
	}
}

func indexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func reversed(n int) []int {
	out := indexes(n)
	slices.Reverse(out)
	return out
}

func rotated(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = (i + 1) % n
	}
	return out
}
