// Package timetable computes the statutory timetable of a UK Parliamentary
// election (general election or by-election) from its polling day, counting
// working days as Schedule 1 to the Representation of the People Act 1983
// does. It owns the working-day calendar (weekends, Christmas Eve, Christmas
// Day, Good Friday, the bank holidays of each UK nation, days of thanksgiving
// or mourning) and the rules for which nations' holidays each step counts.
// It knows nothing of policing beyond a one-line note per step of why the
// police care about it.
//
// All dates are civil dates held as time.Time at 00:00 UTC; inputs are
// reduced to their civil date first. Nothing here reads the clock.
package timetable

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Step names, in timetable order. They are the keys of Request.Overrides.
const (
	StepWritReceived                = "writ_received"
	StepDissolution                 = "dissolution"
	StepNoticeOfElection            = "notice_of_election"
	StepCloseOfNominations          = "close_of_nominations"
	StepStatementOfPersonsNominated = "statement_of_persons_nominated"
	StepRegistrationDeadline        = "registration_deadline"
	StepPostalVoteDeadline          = "postal_vote_deadline"
	StepProxyDeadline               = "proxy_deadline"
	StepPollingDay                  = "polling_day"
)

// holidayScope says whose bank holidays are non-working for a step.
type holidayScope int

const (
	// scopeUK: a bank holiday in any UK nation is non-working.
	scopeUK holidayScope = iota
	// scopeLocal: only the bank holidays of the election's nation are.
	scopeLocal
)

// stepRule is one row of the timetable. The table below is the single place
// that says how far each step is from the poll and whose holidays it counts.
type stepRule struct {
	name string
	// daysBefore is the working days before poll at a general election, and
	// for by-election steps counted back from the poll; daysBeforeNI, if not
	// zero, replaces it in Northern Ireland.
	daysBefore, daysBeforeNI int
	// generalScope is whose holidays count at a general election. At a
	// by-election only the constituency's nation counts, for every step.
	generalScope holidayScope
	general      bool // step exists at a general election
	byElection   bool // step exists at a by-election
	title        string
	triggers     string
}

// stepRules is the timetable in order. Evidence for the general-election
// scopes, from the poll of 12 December 2019, when Scotland's St Andrew's Day
// substitute fell on Monday 2 December:
//   - close of nominations was 14 November and, in England, the postal vote
//     deadline 26 November: both skip 2 December, so they count every UK
//     nation's holidays (the proxy deadline sits in the same regulation as
//     the postal one, so it is given the same scope);
//   - the registration deadline in England was 26 November, which does not
//     skip 2 December: registration counts only the local holidays. (Scotland
//     would have had 25 November; the Early Parliamentary General Election
//     Act 2019 aligned it to 26 November as a one-off.)
var stepRules = []stepRule{
	// name, days before poll (NI), general-election holiday scope, general, by-election
	{StepWritReceived, 0, 0, scopeLocal, false, true,
		"Writ received by the returning officer",
		"by-election formally under way; campaigning intensifies"},
	{StepDissolution, 25, 0, scopeUK, true, false,
		"Dissolution of Parliament",
		"no sitting MPs; incumbents campaign as candidates and lose parliamentary security cover"},
	{StepNoticeOfElection, 22, 0, scopeUK, true, true,
		"Notice of election (by 4pm)",
		"election formally called; canvassing, leafleting and campaign events step up"},
	{StepCloseOfNominations, 19, 0, scopeUK, true, true,
		"Close of nominations (4pm)",
		"candidates become public; intimidation of nominees"},
	{StepStatementOfPersonsNominated, 19, 0, scopeUK, true, true,
		"Statement of persons nominated and notice of poll (5pm)",
		"home addresses may appear unless withheld; polling station locations published"},
	{StepRegistrationDeadline, 12, 0, scopeLocal, true, true,
		"Voter registration deadline (midnight)",
		"last day to register; watch for bulk or false registrations"},
	{StepPostalVoteDeadline, 11, 14, scopeUK, true, true,
		"New postal vote applications (5pm)",
		"postal votes go out soon after; postal vote fraud and harvesting"},
	{StepProxyDeadline, 6, 0, scopeUK, true, true,
		"New proxy and voter authority certificate applications (5pm)",
		"proxy abuse and coercion of voters"},
	{StepPollingDay, 0, 0, scopeLocal, true, true,
		"Polling day (7am–10pm)",
		"polling-station incidents, personation, intimidation outside stations; count security"},
}

func ruleFor(name string) (stepRule, bool) {
	for _, r := range stepRules {
		if r.name == name {
			return r, true
		}
	}
	return stepRule{}, false
}

// days returns the working days before poll of the step in nation n.
func (r stepRule) days(n Nation) int {
	if n == NorthernIreland && r.daysBeforeNI != 0 {
		return r.daysBeforeNI
	}
	return r.daysBefore
}

// StepNames returns the names of the steps of a general election or a
// by-election in timetable order. A by-election has writ_received and no
// dissolution.
func StepNames(byElection bool) []string {
	var names []string
	for _, r := range stepRules {
		if (byElection && r.byElection) || (!byElection && r.general) {
			names = append(names, r.name)
		}
	}
	return names
}

// StepTitle returns the plain-English title of a step, such as "Close of
// nominations (4pm)". An unknown name is returned unchanged.
func StepTitle(name string) string {
	if r, ok := ruleFor(name); ok {
		return r.title
	}
	return name
}

// StepTriggers returns the one-line note of why the police care about a
// step. An unknown name gives "".
func StepTriggers(name string) string {
	r, _ := ruleFor(name)
	return r.triggers
}

// Request describes the election whose timetable is wanted.
type Request struct {
	// PollingDay is required (or given as the polling_day override) and must
	// be a working day.
	PollingDay time.Time
	// ByElection selects the by-election timetable.
	ByElection bool
	// Nation is the constituency's nation: required for a by-election; at a
	// general election it is optional (default England) and decides the
	// local-holiday steps and the Northern Ireland postal-vote rule.
	Nation Nation
	// WritReceived is the day the returning officer received the writ
	// (by-elections only). It makes the legal windows computable.
	WritReceived *time.Time
	// Overrides are dates fixed by the returning officer, keyed by step name
	// (see StepNames). They replace computed dates.
	Overrides map[string]time.Time
	// NonWorkingDays are extra days of public thanksgiving or mourning.
	NonWorkingDays []time.Time
}

// Step is one dated step of the timetable.
type Step struct {
	Name  string    `json:"name"`
	Title string    `json:"title"`
	Date  time.Time `json:"date"`
	// WorkingDaysBeforePoll is counted with the step's holiday scope; for a
	// fixed step it is recomputed from the fixed date (see
	// Calendar.WorkingDaysBefore).
	WorkingDaysBeforePoll int `json:"working_days_before_poll"`
	// Earliest and Latest bound the legal date of a by-election's notice,
	// close of nominations and poll when the writ date is known (nil
	// otherwise; a fixed close of nominations alone gives the poll's). A
	// fixed earlier step narrows the windows after it, as the law counts
	// from the actual dates.
	Earliest *time.Time `json:"earliest,omitempty"`
	Latest   *time.Time `json:"latest,omitempty"`
	// Fixed is true when the returning officer fixed the date (an override).
	Fixed bool `json:"fixed"`
	// HolidayNations are the nations whose bank holidays were non-working
	// when counting this step.
	HolidayNations []Nation `json:"holiday_nations"`
	// Triggers says in one line why the police care about the step.
	Triggers string `json:"triggers"`
}

// Timetable is a computed timetable: its steps in timetable order (not
// re-sorted by date when overrides disorder them) and warnings about dates
// outside their legal windows. Warnings are advice, not errors.
type Timetable struct {
	ByElection bool     `json:"by_election"`
	Nation     Nation   `json:"nation"` // the nation asked for, England by default
	Steps      []Step   `json:"steps"`
	Warnings   []string `json:"warnings,omitempty"`
}

// Step returns the step with the given name, and whether there is one.
func (t Timetable) Step(name string) (Step, bool) {
	for _, s := range t.Steps {
		if s.Name == name {
			return s, true
		}
	}
	return Step{}, false
}

// Compute returns the statutory timetable for req.
//
// General election: each step is its statutory number of working days before
// poll (dissolution 25, notice 22, nominations and statement 19, registration
// 12, postal votes 11 or 14 in Northern Ireland, proxies 6). A bank holiday
// anywhere in the UK is non-working for every step except the registration
// deadline, which counts only the nation's own holidays (see stepRules).
//
// By-election: only the nation's holidays count. With the writ date, notice of
// election defaults to its latest legal day (2nd working day after receipt)
// and close of nominations to 19 working days before poll clamped into its
// window (3rd working day after notice to 7th after receipt); each carries
// Earliest/Latest, and a polling day outside 17–19 working days after close of
// nominations gives a warning. Without the writ, notice and nominations are
// counted back 22 and 19 working days from poll.
//
// Overrides replace computed dates and mark the step Fixed. The statement of
// persons nominated follows a fixed close of nominations unless fixed itself.
// Errors (all reported together): no polling day, a missing or unknown nation,
// unknown override step names, a non-working polling day, a writ received on
// or after polling day, and conflicting polling-day or writ dates.
func Compute(req Request) (Timetable, error) {
	in, problems := normalise(req)
	cal := NewCalendar(in.NonWorkingDays)
	scope := func(s holidayScope) []Nation {
		if s == scopeUK && !in.ByElection {
			return slices.Clone(Nations)
		}
		return []Nation{in.Nation}
	}
	// A general-election poll must be a working day UK-wide, a by-election
	// poll in its own nation.
	if !in.PollingDay.IsZero() && in.Nation.valid() {
		if reason := cal.nonWorkingReason(in.PollingDay, scope(scopeUK)); reason != "" {
			day := formatDate(in.PollingDay)
			if reason == "a "+in.PollingDay.Weekday().String() {
				day = in.PollingDay.Format(time.DateOnly) // the reason names the weekday
			}
			problems = append(problems, fmt.Errorf("polling day %s is not a working day: it is %s", day, reason))
		}
	}
	if len(problems) > 0 {
		return Timetable{}, fmt.Errorf("compute timetable: %w", errors.Join(problems...))
	}
	if in.ByElection {
		return computeByElection(cal, in, scope(scopeLocal)), nil
	}
	return computeGeneral(cal, in, scope), nil
}

// normalise validates req, fills defaults and reduces every date to its civil
// date. It returns every problem it finds.
func normalise(req Request) (Request, []error) {
	var problems []error
	out := req
	out.Overrides = make(map[string]time.Time, len(req.Overrides))

	allowed := StepNames(req.ByElection)
	var unknown []string
	for name, d := range req.Overrides {
		if !slices.Contains(allowed, name) {
			unknown = append(unknown, fmt.Sprintf("%q", name))
			continue
		}
		if d.IsZero() {
			problems = append(problems, fmt.Errorf("override %s: no date given", name))
			continue
		}
		out.Overrides[name] = civilDate(d)
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		kind := "general election"
		if req.ByElection {
			kind = "by-election"
		}
		problems = append(problems, fmt.Errorf("unknown override step %s: allowed steps for a %s are %s",
			strings.Join(unknown, ", "), kind, strings.Join(allowed, ", ")))
	}

	switch {
	case req.Nation == "" && req.ByElection:
		problems = append(problems, fmt.Errorf("by-election: nation of the constituency is required (one of %s)", nationList()))
	case req.Nation == "":
		out.Nation = England
	case !req.Nation.valid():
		problems = append(problems, fmt.Errorf("unknown nation %q: want one of %s", req.Nation, nationList()))
	}

	if !req.PollingDay.IsZero() {
		out.PollingDay = civilDate(req.PollingDay)
	}
	if d, ok := out.Overrides[StepPollingDay]; ok {
		if !out.PollingDay.IsZero() && !d.Equal(out.PollingDay) {
			problems = append(problems, fmt.Errorf("override %s %s conflicts with polling day %s",
				StepPollingDay, formatDate(d), formatDate(out.PollingDay)))
		}
		out.PollingDay = d
	}
	if out.PollingDay.IsZero() {
		problems = append(problems, errors.New("polling day is required"))
	}

	out.WritReceived = nil
	if req.WritReceived != nil && !req.WritReceived.IsZero() {
		if !req.ByElection {
			problems = append(problems, errors.New("writ received date is for by-elections only"))
		} else {
			w := civilDate(*req.WritReceived)
			out.WritReceived = &w
		}
	}
	if d, ok := out.Overrides[StepWritReceived]; ok {
		if out.WritReceived != nil && !d.Equal(*out.WritReceived) {
			problems = append(problems, fmt.Errorf("override %s %s conflicts with writ received %s",
				StepWritReceived, formatDate(d), formatDate(*out.WritReceived)))
		}
		out.WritReceived = &d
	}
	if out.WritReceived != nil && !out.PollingDay.IsZero() && !out.WritReceived.Before(out.PollingDay) {
		problems = append(problems, fmt.Errorf("writ received %s is not before polling day %s",
			formatDate(*out.WritReceived), formatDate(out.PollingDay)))
	}

	out.NonWorkingDays = make([]time.Time, len(req.NonWorkingDays))
	for i, d := range req.NonWorkingDays {
		out.NonWorkingDays[i] = civilDate(d)
	}
	return out, problems
}

func computeGeneral(cal *Calendar, in Request, scope func(holidayScope) []Nation) Timetable {
	tt := Timetable{Nation: in.Nation}
	for _, r := range stepRules {
		if !r.general {
			continue
		}
		nations := scope(r.generalScope)
		statutory := cal.AddWorkingDays(in.PollingDay, -r.days(in.Nation), nations)
		s := newStep(r, statutory, r.days(in.Nation), nations)
		if d, ok := in.Overrides[r.name]; ok {
			s.fix(cal, d, in.PollingDay)
			if !d.Equal(statutory) {
				tt.Warnings = append(tt.Warnings, fmt.Sprintf("%s fixed on %s, not the statutory %s (%d working days before poll)",
					lowerFirst(r.title), formatDate(d), formatDate(statutory), r.days(in.Nation)))
			}
		}
		tt.Steps = append(tt.Steps, s)
	}
	followNominations(cal, &tt, in)
	tt.Warnings = append(tt.Warnings, dateWarnings(cal, tt, in)...)
	return tt
}

func computeByElection(cal *Calendar, in Request, nations []Nation) Timetable {
	tt := Timetable{ByElection: true, Nation: in.Nation}
	poll := in.PollingDay
	back := func(name string) Step {
		r, _ := ruleFor(name)
		return newStep(r, cal.AddWorkingDays(poll, -r.days(in.Nation), nations), r.days(in.Nation), nations)
	}
	fixIfOverridden := func(s *Step) {
		if d, ok := in.Overrides[s.Name]; ok {
			s.fix(cal, d, poll)
		}
	}
	writ := in.WritReceived

	notice := back(StepNoticeOfElection)
	nominations := back(StepCloseOfNominations)
	pollStep := back(StepPollingDay)
	fixIfOverridden(&notice)
	fixIfOverridden(&nominations)
	fixIfOverridden(&pollStep)

	if writ != nil {
		r, _ := ruleFor(StepWritReceived)
		ws := newStep(r, *writ, cal.WorkingDaysBefore(*writ, poll, nations), nations)
		fixIfOverridden(&ws)
		tt.Steps = append(tt.Steps, ws)

		// Notice: by the 2nd working day after receipt of the writ; it
		// cannot be earlier than the day of receipt.
		noticeEarliest := cal.firstWorkingDayFrom(*writ, nations)
		noticeLatest := cal.AddWorkingDays(*writ, 2, nations)
		notice.setWindow(noticeEarliest, noticeLatest)
		if !notice.Fixed {
			notice.move(cal, noticeLatest, poll)
		}

		// Nominations: from the 3rd working day after the notice to the 7th
		// working day after receipt of the writ.
		noticeBase := noticeEarliest
		if notice.Fixed {
			noticeBase = notice.Date
		}
		nomEarliest := cal.AddWorkingDays(noticeBase, 3, nations)
		nomLatest := cal.AddWorkingDays(*writ, 7, nations)
		nominations.setWindow(nomEarliest, nomLatest)
		if !nominations.Fixed {
			nominations.move(cal, clamp(nominations.Date, nomEarliest, nomLatest), poll)
		}

		// Poll: 17th to 19th working day after close of nominations.
		pollStep.setWindow(cal.AddWorkingDays(nomEarliest, 17, nations), cal.AddWorkingDays(nomLatest, 19, nations))
	} else {
		tt.Warnings = append(tt.Warnings, "writ not yet received: notice of election and close of nominations are counted back from polling day; the returning officer's dates may differ")
	}
	if nominations.Fixed {
		// The law counts the poll from the actual close of nominations.
		pollStep.setWindow(cal.AddWorkingDays(nominations.Date, 17, nations), cal.AddWorkingDays(nominations.Date, 19, nations))
	}

	tt.Steps = append(tt.Steps, notice, nominations)
	for _, name := range []string{StepStatementOfPersonsNominated, StepRegistrationDeadline, StepPostalVoteDeadline, StepProxyDeadline} {
		s := back(name)
		fixIfOverridden(&s)
		tt.Steps = append(tt.Steps, s)
	}
	tt.Steps = append(tt.Steps, pollStep)
	followNominations(cal, &tt, in)

	if p := pollStep; p.Earliest != nil {
		if p.Date.Before(*p.Earliest) || p.Date.After(*p.Latest) {
			tt.Warnings = append(tt.Warnings, fmt.Sprintf("polling day %s is outside the legal window %s to %s (17th to 19th working day after close of nominations)",
				formatDate(p.Date), formatDate(*p.Earliest), formatDate(*p.Latest)))
		}
	}
	tt.Warnings = append(tt.Warnings, dateWarnings(cal, tt, in)...)
	return tt
}

// followNominations moves an unfixed statement of persons nominated to the
// date of close of nominations: both happen the same day, so a fixed close
// of nominations carries the statement with it.
func followNominations(cal *Calendar, tt *Timetable, in Request) {
	var nom *Step
	for i := range tt.Steps {
		s := &tt.Steps[i]
		switch s.Name {
		case StepCloseOfNominations:
			nom = s
		case StepStatementOfPersonsNominated:
			if nom != nil && !s.Fixed && !s.Date.Equal(nom.Date) {
				s.move(cal, nom.Date, in.PollingDay)
			}
		}
	}
}

// dateWarnings flags fixed dates outside their windows or on non-working
// days, and steps that fall on or after polling day.
func dateWarnings(cal *Calendar, tt Timetable, in Request) []string {
	var out []string
	for _, s := range tt.Steps {
		name := lowerFirst(s.Title)
		if s.Name != StepPollingDay && !s.Date.Before(in.PollingDay) {
			out = append(out, fmt.Sprintf("%s on %s is not before polling day", name, formatDate(s.Date)))
		}
		if !s.Fixed || s.Name == StepPollingDay || s.Name == StepWritReceived {
			continue // the writ may arrive on any day; the poll was checked already
		}
		if reason := cal.nonWorkingReason(s.Date, s.HolidayNations); reason != "" {
			out = append(out, fmt.Sprintf("%s fixed on %s, which is not a working day: it is %s", name, formatDate(s.Date), reason))
		}
		if s.Earliest != nil && (s.Date.Before(*s.Earliest) || s.Date.After(*s.Latest)) {
			out = append(out, fmt.Sprintf("%s fixed on %s is outside the legal window %s to %s",
				name, formatDate(s.Date), formatDate(*s.Earliest), formatDate(*s.Latest)))
		}
	}
	return out
}

func newStep(r stepRule, d time.Time, daysBefore int, nations []Nation) Step {
	return Step{
		Name:                  r.name,
		Title:                 r.title,
		Date:                  d,
		WorkingDaysBeforePoll: daysBefore,
		HolidayNations:        slices.Clone(nations),
		Triggers:              r.triggers,
	}
}

// fix sets a date fixed by the returning officer.
func (s *Step) fix(cal *Calendar, d, poll time.Time) {
	s.move(cal, d, poll)
	s.Fixed = true
}

// move re-dates the step and recounts its working days before poll.
func (s *Step) move(cal *Calendar, d, poll time.Time) {
	s.Date = d
	s.WorkingDaysBeforePoll = cal.WorkingDaysBefore(d, poll, s.HolidayNations)
}

func (s *Step) setWindow(earliest, latest time.Time) {
	s.Earliest, s.Latest = &earliest, &latest
}

// clamp returns d moved into [lo, hi]; lo wins if the window is empty.
func clamp(d, lo, hi time.Time) time.Time {
	if d.After(hi) {
		d = hi
	}
	if d.Before(lo) {
		d = lo
	}
	return d
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
