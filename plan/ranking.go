package plan

import (
	"cmp"
	"slices"
	"strings"

	"github.com/electplan/electplan/riskmodel"
)

// Kinds of flashpoint other than events, whose kind is the event kind.
const (
	KindPollingStation = "polling-station"
	KindCount          = "count"
)

// RankedFlashpoint is one flashpoint in a ranking: an event, polling
// station or count.
type RankedFlashpoint struct {
	Kind         string `json:"kind"`
	ID           string `json:"id"`
	Title        string `json:"title"`
	Constituency string `json:"constituency"`
	riskmodel.Assessment
}

// RankedCandidate is one candidate in a ranking. It carries no party: the
// ranking is what the model computed, and the model never saw party.
type RankedCandidate struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Constituency string `json:"constituency"`
	PublicEvents int    `json:"public_events"`
	riskmodel.CandidateAssessment
}

// Flashpoints returns every flashpoint, highest score first; ties by band,
// then kind (events, counts, stations), then id.
func (s *Scores) Flashpoints() []RankedFlashpoint {
	out := make([]RankedFlashpoint, 0, len(s.Events)+len(s.Counts)+len(s.Stations))
	for _, e := range s.Events {
		out = append(out, RankedFlashpoint{Kind: string(e.Event.Kind), ID: e.Event.ID, Title: e.Event.Title,
			Constituency: e.Event.Constituency, Assessment: e.Assessment})
	}
	for _, c := range s.Counts {
		out = append(out, RankedFlashpoint{Kind: KindCount, ID: c.Count.ID, Title: "Count at " + c.Count.Venue.Name,
			Constituency: strings.Join(c.Count.Constituencies, ", "), Assessment: c.Assessment})
	}
	for _, st := range s.Stations {
		out = append(out, RankedFlashpoint{Kind: KindPollingStation, ID: st.Station.ID, Title: st.Station.Name,
			Constituency: st.Station.Constituency, Assessment: st.Assessment})
	}
	kindOrder := func(k string) int {
		switch k {
		case KindPollingStation:
			return 2
		case KindCount:
			return 1
		}
		return 0
	}
	slices.SortStableFunc(out, func(a, b RankedFlashpoint) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(b.Band.Rank(), a.Band.Rank()),
			cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// RankedCandidates returns every candidate, highest tier first; ties by
// residual score, inherent score, then name and id.
func (s *Scores) RankedCandidates() []RankedCandidate {
	out := make([]RankedCandidate, 0, len(s.Candidates))
	for _, c := range s.Candidates {
		out = append(out, RankedCandidate{ID: c.Candidate.ID, Name: c.Candidate.Name,
			Constituency: c.Candidate.Constituency, PublicEvents: c.PublicEvents, CandidateAssessment: c.Assessment})
	}
	slices.SortStableFunc(out, func(a, b RankedCandidate) int {
		return cmp.Or(cmp.Compare(b.Tier.Rank(), a.Tier.Rank()), cmp.Compare(b.Residual.Score, a.Residual.Score),
			cmp.Compare(b.Inherent.Score, a.Inherent.Score), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return out
}
