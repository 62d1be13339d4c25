package plan

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/electplan/electplan/plan/timetable"
)

// validate checks what can only be checked across the whole folder:
// required sections, duplicate ids, references that must resolve, counts
// covering every constituency once, times in order and dates in range.
// The decoder has already checked each value on its own.
func validate(in *Inputs, p *problemList, first Pos, partial bool) {
	v := validator{in: in, p: p, first: first, partial: partial}
	v.sections()
	constituencies := v.constituencies()
	v.command()
	candidates := v.candidates(constituencies)
	events := v.events(constituencies, candidates)
	stations := v.stations(constituencies)
	v.counts(constituencies)
	v.incidents(candidates, events, stations)
	v.election()
	v.resources()
	v.decisions()
	v.geography()
}

type validator struct {
	in    *Inputs
	p     *problemList
	first Pos
	// partial is set when a file could not be read at all: checks across
	// files (references, counts covering every constituency, sections
	// present) would then report what that file holds as missing, so
	// they wait until it can be read.
	partial bool
}

// across adds a problem found by comparing files, unless a file could not
// be read (see partial).
func (v *validator) across(pos Pos, item, message, hint string) {
	if !v.partial {
		v.p.add(pos, item, message, hint)
	}
}

func (v *validator) sections() {
	in := v.in
	hint := func(section, file string) string {
		article := "a"
		if strings.ContainsRune("aeiou", rune(section[0])) {
			article = "an"
		}
		return fmt.Sprintf("add %s %s section, e.g. in %s (run `electplan init` for a template)", article, section, file)
	}
	if in.Election.Origin.Pos.File == "" {
		v.across(v.first, "", "no election section in any file", hint("election", "election.yaml"))
	}
	if in.Force.Origin.Pos.File == "" {
		v.across(v.first, "", "no force section in any file", hint("force", "election.yaml"))
	}
	if in.Resources.Origin.Pos.File == "" {
		v.across(v.first, "", "no resources section in any file", hint("resources", "resources.yaml"))
	}
	if len(in.Constituencies) == 0 {
		v.across(v.first, "", "no constituencies in any file", hint("constituencies", "election.yaml"))
	}
}

var constituencyCodeRE = regexp.MustCompile(`^[EWSN](14|07|05)\d{6}$`)

// LooksLikeConstituencyCode reports whether code has the form of an ONS
// Westminster constituency code (E14…, W07…, S14…, N05…).
func LooksLikeConstituencyCode(code string) bool { return constituencyCodeRE.MatchString(code) }

func (v *validator) constituencies() map[string]*Constituency {
	byCode := map[string]*Constituency{}
	for i := range v.in.Constituencies {
		c := &v.in.Constituencies[i]
		item := fmt.Sprintf("constituency %q", c.Code)
		if prev, dup := byCode[c.Code]; dup {
			v.p.add(c.Origin.Field("code"), item, "duplicate constituency code (also at "+prev.Origin.Pos.String()+")", "each constituency is listed once")
			continue
		}
		byCode[c.Code] = c
		if c.Code != "" && !constituencyCodeRE.MatchString(c.Code) {
			v.p.warn(c.Origin.Field("code"), item, "code does not look like an ONS constituency code",
				"ONS codes are E14, W07, S14 or N05 followed by six digits, e.g. E14001420")
		}
	}
	return byCode
}

func (v *validator) command() {
	if len(v.in.Command) == 0 && v.in.Force.Origin.Pos.File == "" {
		return // the missing force section is already reported
	}
	has := map[CommandRole]bool{}
	for _, m := range v.in.Command {
		has[m.Role] = true
	}
	pos := v.first
	if v.in.Force.Origin.Pos.File != "" {
		pos = v.in.Force.Origin.Pos
	}
	if len(v.in.Command) > 0 {
		pos = v.in.Command[0].Origin.Pos
	}
	for _, role := range []CommandRole{RoleGold, RoleSilver, RoleElectionSPOC} {
		if !has[role] {
			v.p.add(pos, "command", fmt.Sprintf("no %s in the command structure", role),
				fmt.Sprintf("add `- {role: %s, name: …}` to command", role))
		}
	}
}

// ref checks one reference to a constituency.
func (v *validator) constituencyRef(code string, at Pos, item string, known map[string]*Constituency) {
	if code == "" || len(known) == 0 {
		return
	}
	if _, ok := known[code]; !ok {
		v.across(at, item, fmt.Sprintf("constituency %q is not in constituencies", code), refHint(code, known))
	}
}

func refHint[T any](id string, known map[string]T) string {
	keys := make([]string, 0, len(known))
	for k := range known {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		return "the list it refers to is empty or could not be read"
	}
	if m := nearest(id, keys); m != "" {
		return fmt.Sprintf("did you mean %q?", m)
	}
	if len(keys) <= 8 {
		return "known: " + strings.Join(keys, ", ")
	}
	return "check the id against the list it refers to"
}

func (v *validator) candidates(constituencies map[string]*Constituency) map[string]*Candidate {
	byID := map[string]*Candidate{}
	for i := range v.in.Candidates {
		c := &v.in.Candidates[i]
		item := fmt.Sprintf("candidate %q", c.ID)
		if prev, dup := byID[c.ID]; dup {
			v.p.add(c.Origin.Field("id"), item, "duplicate candidate id (also at "+prev.Origin.Pos.String()+")", "candidate ids are unique")
			continue
		}
		byID[c.ID] = c
		v.constituencyRef(c.Constituency, c.Origin.Field("constituency"), item, constituencies)
		if c.BriefingOffered != nil && !v.in.Election.PollingDay.IsZero() && c.BriefingOffered.After(v.in.Election.PollingDay) {
			v.p.warn(c.Origin.Field("briefing_offered"), item, "briefing offered after polling day", "check the date")
		}
	}
	return byID
}

func (v *validator) events(constituencies map[string]*Constituency, candidates map[string]*Candidate) map[string]*Event {
	byID := map[string]*Event{}
	poll := v.in.Election.PollingDay
	for i := range v.in.Events {
		e := &v.in.Events[i]
		item := fmt.Sprintf("event %q", e.ID)
		if prev, dup := byID[e.ID]; dup {
			v.p.add(e.Origin.Field("id"), item, "duplicate event id (also at "+prev.Origin.Pos.String()+")", "event ids are unique")
			continue
		}
		byID[e.ID] = e
		v.constituencyRef(e.Constituency, e.Origin.Field("constituency"), item, constituencies)
		for j, id := range e.Candidates {
			if _, ok := candidates[id]; !ok {
				v.across(e.Origin.Field(fmt.Sprintf("candidates[%d]", j)), item,
					fmt.Sprintf("candidate %q is not in candidates", id), refHint(id, candidates))
			}
		}
		if e.End != nil && !e.Start.IsZero() && !e.End.After(e.Start.Time) {
			v.p.add(e.Origin.Field("end"), item, fmt.Sprintf("ends (%s) before it starts (%s)", e.End, e.Start), "check the times")
		}
		if !poll.IsZero() && !e.Start.IsZero() && e.Start.Date().After(poll) {
			v.p.add(e.Origin.Field("start"), item, fmt.Sprintf("starts %s, after polling day %s", e.Start.Date(), poll),
				"the plan covers the campaign up to polling day: check the date or remove the event")
		}
		if e.Venue.Indoor && e.Venue.Capacity > 0 && e.ExpectedAttendance > 2*e.Venue.Capacity {
			v.p.warn(e.Origin.Field("expected_attendance"), item,
				fmt.Sprintf("expected attendance %d is more than twice the venue capacity %d", e.ExpectedAttendance, e.Venue.Capacity),
				"check both figures")
		}
	}
	return byID
}

func (v *validator) stations(constituencies map[string]*Constituency) map[string]*PollingStation {
	byID := map[string]*PollingStation{}
	for i := range v.in.PollingStations {
		s := &v.in.PollingStations[i]
		item := fmt.Sprintf("station %q", s.ID)
		if prev, dup := byID[s.ID]; dup {
			v.p.add(s.Origin.Field("id"), item, "duplicate station id (also at "+prev.Origin.Pos.String()+")", "station ids are unique")
			continue
		}
		byID[s.ID] = s
		v.constituencyRef(s.Constituency, s.Origin.Field("constituency"), item, constituencies)
	}
	return byID
}

func (v *validator) counts(constituencies map[string]*Constituency) {
	countedAt := map[string]*Count{}
	ids := map[string]*Count{}
	poll := v.in.Election.PollingDay
	for i := range v.in.Counts {
		c := &v.in.Counts[i]
		item := fmt.Sprintf("count %q", c.ID)
		if prev, dup := ids[c.ID]; dup {
			v.p.add(c.Origin.Field("id"), item, "duplicate count id (also at "+prev.Origin.Pos.String()+")", "count ids are unique")
			continue
		}
		ids[c.ID] = c
		for j, code := range c.Constituencies {
			at := c.Origin.Field(fmt.Sprintf("constituencies[%d]", j))
			v.constituencyRef(code, at, item, constituencies)
			if prev, dup := countedAt[code]; dup {
				v.p.add(at, item, fmt.Sprintf("constituency %q is also counted at count %q", code, prev.ID),
					"every constituency is counted at exactly one count")
				continue
			}
			countedAt[code] = c
		}
		if poll.IsZero() {
			continue
		}
		closeOfPoll := poll.At(22, 0)
		start := closeOfPoll
		if c.Start != nil {
			start = *c.Start
			if start.Before(closeOfPoll.Time) {
				v.p.add(c.Origin.Field("start"), item, fmt.Sprintf("starts %s, before the poll closes at 22:00 on %s", start, poll),
					"a count starts after close of poll")
			} else if start.Sub(closeOfPoll.Time) > 4*time.Hour {
				v.p.warn(c.Origin.Field("start"), item, fmt.Sprintf("starts %s, more than 4 hours after close of poll", start),
					"the count must start within 4 hours of close of poll, or the returning officer publishes why")
			}
		}
		if c.ExpectedDeclaration != nil && !c.ExpectedDeclaration.After(start.Time) {
			v.p.add(c.Origin.Field("expected_declaration"), item,
				fmt.Sprintf("declaration (%s) is not after the count starts (%s)", c.ExpectedDeclaration, start), "check the times")
		}
	}
	for _, c := range v.in.Constituencies {
		if _, ok := countedAt[c.Code]; !ok && c.Code != "" {
			v.across(c.Origin.Pos, fmt.Sprintf("constituency %q", c.Code), "is not counted at any count",
				"add its code to the constituencies of one count")
		}
	}
}

func (v *validator) incidents(candidates map[string]*Candidate, events map[string]*Event, stations map[string]*PollingStation) {
	ids := map[string]*Incident{}
	for i := range v.in.Incidents {
		inc := &v.in.Incidents[i]
		item := fmt.Sprintf("incident %q", inc.ID)
		if prev, dup := ids[inc.ID]; dup {
			v.p.add(inc.Origin.Field("id"), item, "duplicate incident id (also at "+prev.Origin.Pos.String()+")", "incident ids are unique")
			continue
		}
		ids[inc.ID] = inc
		if _, ok := candidates[inc.Candidate]; inc.Candidate != "" && !ok {
			v.across(inc.Origin.Field("candidate"), item, fmt.Sprintf("candidate %q is not in candidates", inc.Candidate), refHint(inc.Candidate, candidates))
		}
		if _, ok := events[inc.Event]; inc.Event != "" && !ok {
			v.across(inc.Origin.Field("event"), item, fmt.Sprintf("event %q is not in events", inc.Event), refHint(inc.Event, events))
		}
		if _, ok := stations[inc.PollingStation]; inc.PollingStation != "" && !ok {
			v.across(inc.Origin.Field("polling_station"), item, fmt.Sprintf("polling station %q is not in polling_stations", inc.PollingStation), refHint(inc.PollingStation, stations))
		}
	}
}

func (v *validator) election() {
	e := &v.in.Election
	if e.Origin.Pos.File == "" {
		return
	}
	item := "election"
	if e.Kind == ByElection {
		if e.Nation == "" {
			v.p.add(e.Origin.Pos, item, "a by-election needs its nation", "add nation: england, wales, scotland or northern-ireland (it decides which bank holidays count)")
		}
		if len(v.in.Constituencies) > 1 {
			v.p.warn(v.in.Constituencies[1].Origin.Pos, item, fmt.Sprintf("a by-election plan lists %d constituencies", len(v.in.Constituencies)), "a by-election is normally for one constituency")
		}
		if e.ID != "" && !strings.Contains(e.ID, ".by.") {
			v.p.warn(e.Origin.Field("id"), item, fmt.Sprintf("id %q does not look like a by-election id", e.ID), "Democracy Club by-election ids look like parl.<constituency-slug>.by.<date>")
		}
	}
	if e.Kind == General && e.ID != "" && !e.PollingDay.IsZero() && e.ID != "parl."+e.PollingDay.String() {
		v.p.warn(e.Origin.Field("id"), item, fmt.Sprintf("id %q does not match the polling day", e.ID), "the Democracy Club id of this general election is parl."+e.PollingDay.String())
	}
	if e.PollingDay.IsZero() {
		return
	}
	if wd := e.PollingDay.Weekday(); wd == time.Saturday || wd == time.Sunday {
		v.p.add(e.Origin.Field("polling_day"), item, fmt.Sprintf("polling day %s is a %s", e.PollingDay, wd), "polls are held on working days, by convention a Thursday")
	} else if wd != time.Thursday {
		v.p.warn(e.Origin.Field("polling_day"), item, fmt.Sprintf("polling day %s is a %s", e.PollingDay, wd), "UK polls are by convention held on a Thursday")
	}
	if e.WritReceived != nil {
		if e.Kind != ByElection {
			v.p.warn(e.Origin.Field("writ_received"), item, "writ_received is used for by-elections only", "remove it, or set kind: by-election")
		} else if !e.WritReceived.Before(e.PollingDay) {
			v.p.add(e.Origin.Field("writ_received"), item, "the writ is received after polling day", "check the dates")
		}
	}
	v.timetable()
	allowed := timetable.StepNames(e.Kind == ByElection)
	for _, step := range slices.Sorted(maps.Keys(e.Timetable)) {
		date := e.Timetable[step]
		at := e.Origin.Field("timetable")
		if !slices.Contains(allowed, step) {
			v.p.add(at, item, fmt.Sprintf("timetable step %q is not a step of this election", step), enumHint(step, allowed))
			continue
		}
		if step != timetable.StepPollingDay && date.After(e.PollingDay) {
			v.p.add(at, item, fmt.Sprintf("timetable step %s (%s) is after polling day", step, date), "check the date")
		}
	}
}

// timetable runs the statutory timetable on the election as given, so a
// date the law does not allow is reported here rather than at build time.
func (v *validator) timetable() {
	e := &v.in.Election
	if e.Kind == ByElection && e.Nation == "" {
		return // already reported
	}
	if wd := e.PollingDay.Weekday(); e.PollingDay.IsZero() || wd == time.Saturday || wd == time.Sunday {
		return // already reported
	}
	for step := range e.Timetable {
		if !slices.Contains(timetable.StepNames(e.Kind == ByElection), step) {
			return // reported below, with a hint
		}
	}
	tt, err := computeTimetable(*e)
	if err != nil {
		v.p.add(e.Origin.Field("polling_day"), "election", strings.TrimPrefix(err.Error(), "compute timetable: "),
			"check polling_day, writ_received and the timetable dates")
		return
	}
	for _, w := range tt.Warnings {
		v.p.warn(e.Origin.Field("timetable"), "election", w, "the returning officer's fixed dates win; check them with the RO")
	}
}

func (v *validator) resources() {
	bases := map[string]Pos{}
	for _, b := range v.in.Resources.Bases {
		if prev, dup := bases[b.Name]; dup {
			v.p.add(b.Origin.Field("name"), fmt.Sprintf("base %q", b.Name), "duplicate base name (also at "+prev.String()+")",
				"give each base its own name: patrol beats and maps name the base they start from")
			continue
		}
		bases[b.Name] = b.Origin.Field("name")
	}
	if len(v.in.Resources.Bases) == 0 && v.in.Resources.Origin.Pos.File != "" {
		v.p.warn(v.in.Resources.Origin.Field("bases"), "resources", "no bases: polling-day patrol beats cannot be planned and distance to a base is not scored",
			"add the police stations officers will work from under resources.bases, each with a name and location")
	}
	seen := map[Date]bool{}
	for _, a := range v.in.Resources.Availability {
		if seen[a.Date] {
			v.p.add(a.Origin.Field("date"), fmt.Sprintf("availability %s", a.Date), "this day is listed twice", "give one entry per day")
		}
		seen[a.Date] = true
	}
}

func (v *validator) decisions() {
	for i := 1; i < len(v.in.Decisions); i++ {
		prev, d := v.in.Decisions[i-1], v.in.Decisions[i]
		if d.At.Before(prev.At.Time) {
			v.p.warn(d.Origin.Field("at"), fmt.Sprintf("decision %q", d.At.String()), "is earlier than the entry before it",
				"the decision log is kept in time order; entries are numbered as listed")
		}
	}
}
