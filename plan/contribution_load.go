package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

var contributionIDRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// loadContributions reads the plan folder's contributions/ folder, checks
// every contribution against the merged inputs, and applies those that
// pass: their events and incidents join the plan, marked with where they
// came from. A refused contribution adds nothing, and says why.
func loadContributions(fsys fs.FS, display string, in *Inputs, p *problemList) error {
	entries, err := fs.ReadDir(fsys, ContributionsDir)
	if err != nil {
		return nil // no contributions folder: nobody has contributed yet
	}
	for _, e := range entries {
		ext := strings.ToLower(path.Ext(e.Name()))
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		name := path.Join(ContributionsDir, e.Name())
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("read %s: %w", filepath.Join(display, name), err)
		}
		sum := sha256.Sum256(data)
		in.Sources = append(in.Sources, SourceFile{Name: name, SHA256: hex.EncodeToString(sum[:])})
		file := filepath.Join(display, name)
		before := len(p.list.Errors())
		doc, ok := parseContribution(data, file, p)
		if !ok {
			continue
		}
		c := &Contribution{ID: strings.TrimSuffix(e.Name(), path.Ext(e.Name())), File: name, ContributionDocument: *doc}
		checkContribution(c, file, in, p)
		if len(p.list.Errors()) == before {
			applyContribution(c, in)
		}
	}
	return nil
}

// checkContribution enforces what a contribution may say: consent is
// given, it speaks only for its own candidate (or, from a party, its own
// candidates), a party sets no risk fields, and everything it names exists.
func checkContribution(c *Contribution, file string, in *Inputs, p *problemList) {
	item := fmt.Sprintf("contribution %q", c.ID)
	at := func(o Origin, key string) Pos { return o.Field(key) }
	if !contributionIDRE.MatchString(c.ID) {
		p.add(Pos{File: file, Line: 1, Column: 1}, item, "the file name is not a usable contribution id",
			"name the file with letters, digits and hyphens only, e.g. 71842.yaml or green-future.yaml")
	}
	if c.Consent.Origin.Has("police_use") && !c.Consent.PoliceUse {
		p.add(at(c.Consent.Origin, "police_use"), item, "no consent to police use: the contribution is refused",
			"the contributor must agree to police use (police_use: true) before it can be used; until then move the file out of "+ContributionsDir+"/")
	}
	candidates := map[string]*Candidate{}
	for i := range in.Candidates {
		candidates[in.Candidates[i].ID] = &in.Candidates[i]
	}
	constituencies := map[string]bool{}
	for _, k := range in.Constituencies {
		constituencies[k.Code] = true
	}
	who := c.Contributor
	var own *Candidate
	switch who.Kind {
	case FromCandidate, FromAgent:
		if who.Candidate == "" {
			p.add(who.Origin.Pos, item, "contributor.candidate is missing: who this contribution speaks for",
				"give the candidate's id, e.g. candidate: \"71842\"")
		} else if own = candidates[who.Candidate]; own == nil {
			p.add(at(who.Origin, "candidate"), item, fmt.Sprintf("candidate %q is not in candidates", who.Candidate),
				refHint(who.Candidate, candidates))
		}
	case FromParty:
		if strings.TrimSpace(who.Party) == "" {
			p.add(who.Origin.Pos, item, "contributor.party is missing: which party this contribution is from",
				"give the party's name as it appears on the ballot paper")
		} else if len(in.Candidates) > 0 && !slices.ContainsFunc(in.Candidates, func(k Candidate) bool { return k.Party == who.Party }) {
			p.warn(at(who.Origin, "party"), item, fmt.Sprintf("no candidate stands for %q", who.Party),
				"check the spelling against the candidates' party names")
		}
	}
	eventIDs := map[string]bool{}
	poll := in.Election.PollingDay
	for i, e := range c.Events {
		eitem := fmt.Sprintf("%s: event %q", item, contributedID(e.ID, "E", i))
		if e.ID != "" {
			if eventIDs[e.ID] {
				p.add(at(e.Origin, "id"), eitem, "duplicate event id in this contribution", "event ids are unique")
			}
			eventIDs[e.ID] = true
		}
		if who.Kind == FromParty && e.Intelligence != nil {
			p.add(at(e.Origin, "intelligence"), eitem, "a party may add events but not set risk fields (intelligence)",
				"remove intelligence: the police assess protest and tension themselves")
		}
		if e.Constituency != "" && !constituencies[e.Constituency] {
			p.add(at(e.Origin, "constituency"), eitem, fmt.Sprintf("constituency %q is not in constituencies", e.Constituency),
				refHint(e.Constituency, constituencies))
		}
		if e.Constituency == "" && own == nil {
			p.add(e.Origin.Pos, eitem, "missing constituency", "say which constituency the event is in (its ONS code)")
		}
		for j, id := range e.Candidates {
			pos := at(e.Origin, fmt.Sprintf("candidates[%d]", j))
			cand := candidates[id]
			switch {
			case cand == nil:
				p.add(pos, eitem, fmt.Sprintf("candidate %q is not in candidates", id), refHint(id, candidates))
			case who.Kind != FromParty && id != who.Candidate:
				p.add(pos, eitem, fmt.Sprintf("names candidate %q: a candidate's contribution may speak only for its own candidate (%s)", id, who.Candidate),
					"list only your own candidate; other candidates can contribute for themselves")
			case who.Kind == FromParty && cand.Party != who.Party:
				p.add(pos, eitem, fmt.Sprintf("names candidate %q, who is not a %s candidate: a party may speak only for its own candidates", id, who.Party),
					"list only your party's candidates")
			}
		}
		if !poll.IsZero() && e.Start.Date().After(poll) {
			p.add(at(e.Origin, "start"), eitem, fmt.Sprintf("starts %s, after polling day %s", e.Start.Date(), poll), "check the date")
		}
		if e.End != nil && !e.End.After(e.Start.Time) {
			p.add(at(e.Origin, "end"), eitem, "ends before it starts", "check the times")
		}
	}
	events := map[string]bool{}
	for _, e := range in.Events {
		events[e.ID] = true
	}
	for i, inc := range c.Incidents {
		iitem := fmt.Sprintf("%s: incident %q", item, contributedID(inc.ID, "I", i))
		if inc.Event != "" && !eventIDs[inc.Event] && !events[inc.Event] {
			p.add(at(inc.Origin, "event"), iitem, fmt.Sprintf("event %q is not in this contribution or the plan", inc.Event),
				"give the id of one of your events, or of an event in the plan")
		}
		if !poll.IsZero() && inc.Date.After(poll.AddDays(1)) {
			p.add(at(inc.Origin, "date"), iitem, "dated after polling day", "check the date")
		}
	}
}

// contributedID is the id of the i'th event or incident of a contribution
// as written, or a number if it has none.
func contributedID(id, prefix string, i int) string {
	if id != "" {
		return id
	}
	return fmt.Sprintf("%s%d", prefix, i+1)
}

// applyContribution adds a checked contribution's events and incidents to
// the inputs, each carrying its provenance.
func applyContribution(c *Contribution, in *Inputs) {
	in.Contributions = append(in.Contributions, c)
	source := Source("candidate")
	if c.Contributor.Kind == FromParty {
		source = "party"
	}
	var ownConstituency string
	for _, cand := range in.Candidates {
		if cand.ID == c.Contributor.Candidate {
			ownConstituency = cand.Constituency
		}
	}
	planID := map[string]string{}
	for i, e := range c.Events {
		id := c.ID + "-" + contributedID(e.ID, "E", i)
		if e.ID != "" {
			planID[e.ID] = id
		}
		ev := Event{ID: id, Kind: e.Kind, Title: e.Title, Constituency: e.Constituency, Venue: e.Venue, Start: e.Start,
			End: e.End, ExpectedAttendance: e.ExpectedAttendance, Candidates: slices.Clone(e.Candidates),
			PublicAccess: e.PublicAccess, Livestreamed: e.Livestreamed, Topics: slices.Clone(e.Topics),
			Intelligence: e.Intelligence, Source: source, Contribution: c, Origin: e.Origin}
		if ev.Constituency == "" {
			ev.Constituency = ownConstituency
		}
		if len(ev.Candidates) == 0 && c.Contributor.Candidate != "" {
			ev.Candidates = []string{c.Contributor.Candidate}
		}
		in.Events = append(in.Events, ev)
	}
	for i, inc := range c.Incidents {
		event := inc.Event
		if id, ok := planID[event]; ok {
			event = id
		}
		severity := inc.Severity
		if severity == "" {
			severity = "medium"
		}
		summary := inc.Summary
		if inc.ReportedToPolice {
			summary += " (reported to police"
			if inc.CrimeReference != "" {
				summary += ", ref " + inc.CrimeReference
			}
			summary += ")"
		}
		in.Incidents = append(in.Incidents, Incident{ID: c.ID + "-" + contributedID(inc.ID, "I", i), Date: inc.Date,
			Kind: inc.Kind, Severity: severity, Candidate: c.Contributor.Candidate, Event: event, Summary: summary,
			Status: "open", Contribution: c, Origin: inc.Origin})
	}
}
