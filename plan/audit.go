package plan

import (
	"fmt"
	"reflect"
)

// NeutralityAudit records the party-permutation audit run on the inputs
// of every plan: the plan was scored again with every candidate's party
// moved to another candidate and renamed, and nothing the model computed
// (score, band, tier, factor) was allowed to change.
type NeutralityAudit struct {
	Method       string `json:"method"`
	Candidates   int    `json:"candidates"`
	Parties      int    `json:"parties"`
	Passed       bool   `json:"passed"`
	Differences  int    `json:"differences"`
	FirstFailure string `json:"first_failure,omitempty"`
}

// auditNeutrality rescores in with the parties rotated one place among
// the candidates and renamed, and compares every assessment with base.
// The build runs it on every plan, so each plan carries its own evidence;
// the test suite runs the exhaustive version over generated inputs.
func auditNeutrality(in *Inputs, base *Scores) NeutralityAudit {
	a := NeutralityAudit{Method: "parties rotated one place among candidates and renamed; every score, band, tier and factor compared",
		Candidates: len(in.Candidates)}
	parties := map[string]bool{}
	for _, c := range in.Candidates {
		parties[c.Party] = true
	}
	a.Parties = len(parties)
	moved := *in
	moved.Candidates = make([]Candidate, len(in.Candidates))
	for i := range in.Candidates {
		moved.Candidates[i] = in.Candidates[i]
		moved.Candidates[i].Party = "audit " + in.Candidates[(i+1)%len(in.Candidates)].Party
	}
	again := Score(&moved, base.Model, base.AsOf)
	diff := func(what string, x, y any) {
		if !reflect.DeepEqual(x, y) {
			if a.Differences == 0 {
				a.FirstFailure = what
			}
			a.Differences++
		}
	}
	for i := range base.Events {
		diff("event "+base.Events[i].Event.ID, base.Events[i].Assessment, again.Events[i].Assessment)
	}
	for i := range base.Stations {
		diff("station "+base.Stations[i].Station.ID, base.Stations[i].Assessment, again.Stations[i].Assessment)
	}
	for i := range base.Counts {
		diff("count "+base.Counts[i].Count.ID, base.Counts[i].Assessment, again.Counts[i].Assessment)
	}
	for i := range base.Candidates {
		diff("candidate "+base.Candidates[i].Candidate.ID, base.Candidates[i].Assessment, again.Candidates[i].Assessment)
	}
	a.Passed = a.Differences == 0
	return a
}

// String says the audit's result in a line.
func (a NeutralityAudit) String() string {
	if a.Passed {
		return fmt.Sprintf("passed: %d candidates of %d parties; parties rotated and renamed, nothing changed",
			a.Candidates, a.Parties)
	}
	return fmt.Sprintf("FAILED: %d assessments changed when parties were rotated (first: %s)", a.Differences, a.FirstFailure)
}
