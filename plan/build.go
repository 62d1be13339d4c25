package plan

import (
	"cmp"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/electplan/electplan/plan/timetable"
	"github.com/electplan/electplan/riskmodel"
)

// Version is electplan's version, printed in every plan. Release builds
// set it with -ldflags "-X github.com/electplan/electplan/plan.Version=…".
var Version = "0.1.0-dev"

// Build turns loaded, valid inputs into the finished plan as of asOf,
// scored with model m. It is revision 1; see BuildRevision for later ones.
func Build(in *Inputs, m *riskmodel.Model, asOf Date) (*Plan, error) {
	return BuildRevision(in, m, asOf, Revision{})
}

// Revision says which revision of a plan to build.
type Revision struct {
	// Previous is the last revision (nil for the first issue). The new
	// plan is its revision number plus one and carries its history.
	Previous *Plan
	// By is who made the revision; the plan owner if empty.
	By string
	// Note says what changed in the SPOC's words; if empty, electplan
	// words it from the differences with the previous revision.
	Note string
}

// BuildRevision builds a plan as the revision r describes.
func BuildRevision(in *Inputs, m *riskmodel.Model, asOf Date, r Revision) (*Plan, error) {
	if prev := r.Previous; prev != nil {
		if prev.Election.ID != in.Election.ID || prev.Force.Code != in.Force.Code {
			return nil, fmt.Errorf("the previous plan is for %s (%s), not %s (%s): give the previous revision of this plan",
				prev.Election.ID, prev.Force.Name, in.Election.ID, in.Force.Name)
		}
		if asOf.Before(prev.AsOf) {
			return nil, fmt.Errorf("as of %s is before the previous revision (%d, as of %s): a revision cannot go back in time",
				asOf, prev.Revision, prev.AsOf)
		}
	}
	tt, err := computeTimetable(in.Election)
	if err != nil {
		return nil, err
	}
	s := Score(in, m, asOf)
	audit := make(chan NeutralityAudit, 1)
	go func() { audit <- auditNeutrality(in, s) }() // runs while the plan is built
	p := &Plan{
		Schema:    PlanSchema,
		Generator: Generator{Name: "electplan", Version: Version},
		Model:     ModelRef{ID: m.ID, Version: m.Version, SHA256: m.SHA256(), Standard: m.Standard()},
		Election: ElectionInfo{ID: in.Election.ID, Name: in.Election.Name, Kind: string(in.Election.Kind),
			PollingDay: in.Election.PollingDay, Nation: string(in.Election.Nation), WritReceived: in.Election.WritReceived},
		Force: ForceInfo{Name: in.Force.Name, Code: in.Force.Code, Operation: in.Force.Operation,
			Marking: in.Force.Marking.Label(), PlanOwner: in.Force.PlanOwner},
		Revision:     1,
		AsOf:         asOf,
		InputsSHA256: in.InputsSHA256(),
		InputFiles:   slices.Clone(in.Sources),
	}
	b := builder{in: in, m: m, p: p, s: s, prev: r.Previous}
	b.timetable(tt)
	b.constituencies()
	b.command()
	b.flashpoints()
	b.stations()
	patrols := b.planPatrols() // runs while the rest is built
	b.counts()
	b.candidates()
	b.incidents()
	b.resources()
	b.maps()
	b.patrols(<-patrols)
	b.demand()
	b.decisions()
	b.revisions(r)
	b.reviews()
	b.summary()
	b.warnings(tt)
	p.NeutralityAudit = <-audit
	if !p.NeutralityAudit.Passed {
		return nil, fmt.Errorf("neutrality audit %s: this is a defect in electplan, please report it", p.NeutralityAudit)
	}
	b.revisionNote(r)
	return p, nil
}

type builder struct {
	in   *Inputs
	m    *riskmodel.Model
	p    *Plan
	s    *Scores
	prev *Plan // the previous revision, if any
}

// computeTimetable computes the statutory timetable of the election.
// Validation has already run the same computation, so an error here means
// the inputs were not validated.
func computeTimetable(e Election) (timetable.Timetable, error) {
	req := timetable.Request{
		PollingDay: e.PollingDay.Time,
		ByElection: e.Kind == ByElection,
		Nation:     timetable.Nation(e.Nation),
	}
	if req.Nation == "" && !req.ByElection {
		req.Nation = timetable.England
	}
	if e.WritReceived != nil {
		w := e.WritReceived.Time
		req.WritReceived = &w
	}
	for _, d := range e.NonWorkingDays {
		req.NonWorkingDays = append(req.NonWorkingDays, d.Time)
	}
	if len(e.Timetable) > 0 {
		req.Overrides = map[string]time.Time{}
		for step, d := range e.Timetable {
			req.Overrides[step] = d.Time
		}
	}
	return timetable.Compute(req)
}

func (b *builder) timetable(tt timetable.Timetable) {
	for _, st := range tt.Steps {
		step := TimetableStep{Step: st.Name, Title: st.Title, Date: DateOf(st.Date),
			WorkingDaysBeforePoll: st.WorkingDaysBeforePoll, Fixed: st.Fixed, Triggers: st.Triggers}
		if st.Earliest != nil {
			d := DateOf(*st.Earliest)
			step.Earliest = &d
		}
		if st.Latest != nil {
			d := DateOf(*st.Latest)
			step.Latest = &d
		}
		b.p.Timetable = append(b.p.Timetable, step)
	}
}

func (b *builder) constituencies() {
	countOf := map[string]string{}
	for _, c := range b.in.Counts {
		for _, code := range c.Constituencies {
			countOf[code] = c.ID
		}
	}
	cands, stations := map[string]int{}, map[string]int{}
	for _, c := range b.in.Candidates {
		cands[c.Constituency]++
	}
	for _, s := range b.in.PollingStations {
		stations[s.Constituency]++
	}
	for _, c := range b.in.Constituencies {
		ro := c.ReturningOfficer
		b.p.Constituencies = append(b.p.Constituencies, ConstituencyInfo{
			Code: c.Code, Name: c.Name, Electorate: c.Electorate, Setting: string(c.Setting),
			ReturningOfficer: ContactEntry{Name: ro.Name, Phone: ro.Phone, Email: ro.Email},
			Candidates:       cands[c.Code], PollingStations: stations[c.Code], Count: countOf[c.Code],
		})
		b.p.Election.Electorate += c.Electorate
	}
}

// RoleTitle is a command role in words.
func RoleTitle(role string) string {
	switch role {
	case "gold":
		return "Gold (strategic command)"
	case "silver":
		return "Silver (tactical command)"
	case "election-spoc":
		return "Election single point of contact"
	case "feoa":
		return "Force elected official adviser"
	case "bridger-contact":
		return "Op Bridger contact"
	case "loggist":
		return "Loggist"
	case "media":
		return "Media and communications"
	}
	if rest, ok := strings.CutPrefix(role, "bronze-"); ok {
		return "Bronze (" + strings.ReplaceAll(rest, "-", " ") + ")"
	}
	return role
}

func (b *builder) command() {
	order := CommandRole("").Values()
	members := slices.Clone(b.in.Command)
	slices.SortStableFunc(members, func(a, c CommandMember) int {
		return cmp.Compare(slices.Index(order, string(a.Role)), slices.Index(order, string(c.Role)))
	})
	for _, c := range members {
		b.p.Command = append(b.p.Command, CommandEntry{Role: string(c.Role), Title: RoleTitle(string(c.Role)),
			Name: c.Name, Rank: c.Rank, Phone: c.Phone, Email: c.Email})
	}
}

func venueInfo(v Venue) VenueInfo {
	return VenueInfo{Name: v.Name, Address: v.Address, Postcode: v.Postcode, Location: v.Location,
		Indoor: v.Indoor, Capacity: v.Capacity}
}

// staffHours is the deployment's officer-hours for a window of the given
// length: everyone on it for the window plus briefing and travel.
func (b *builder) staffHours(d riskmodel.DeploymentSpec, windowHours float64) float64 {
	staff := float64(d.Officers + d.Sergeants + d.Inspectors)
	return round1(staff * (windowHours + b.m.Deployments.BriefingTravelHours))
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

func deploymentOf(d riskmodel.DeploymentSpec, hours float64) Deployment {
	notes := d.Notes
	if notes == nil {
		notes = []string{}
	}
	return Deployment{Officers: d.Officers, Sergeants: d.Sergeants, Inspectors: d.Inspectors, PSU: d.PSUStandby,
		StaticOfficers: d.StaticOfficers, Visits: d.Visits, Search: d.Search, OfficerHours: hours, Notes: notes}
}

func (b *builder) flashpoints() {
	for _, e := range b.s.Events {
		ev := e.Event
		spec := b.m.Deployment("event", e.Assessment.Band)
		hours := 0.0
		if spec.Officers+spec.Sergeants+spec.Inspectors > 0 {
			hours = b.staffHours(spec, e.End.Sub(e.Start.Time).Hours())
		}
		source := string(ev.Source)
		if source == "" {
			source = "police"
		}
		fp := FlashpointPlan{
			ID: ev.ID, Kind: string(ev.Kind), Title: ev.Title, Constituency: ev.Constituency,
			Start: e.Start, End: e.End, Venue: venueInfo(ev.Venue), ExpectedAttendance: ev.ExpectedAttendance,
			Candidates: nonNil(ev.Candidates), Source: source,
			Scored: scoredOf(e.Assessment), Deployment: deploymentOf(spec, hours),
		}
		if ev.Contribution != nil {
			fp.Contribution = ev.Contribution.Ref()
		}
		b.p.Flashpoints = append(b.p.Flashpoints, fp)
	}
	slices.SortStableFunc(b.p.Flashpoints, func(a, c FlashpointPlan) int {
		if n := cmp.Or(cmp.Compare(c.Score, a.Score), a.Start.Compare(c.Start.Time)); n != 0 {
			return n
		}
		return naturalCompare(a.ID, c.ID)
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return slices.Clone(s)
}

// stationDeployment is the polling-day deployment a station's band calls
// for: patrol visits, or static officers for the whole poll.
func (b *builder) stationDeployment(band riskmodel.Band) Deployment {
	spec := b.m.Deployment("polling_station", band)
	opens, closes, _ := b.m.Patrol.PollHours()
	poll := closes - opens
	visits := spec.Visits
	if spec.VisitEveryHours > 0 {
		visits = int(math.Ceil(poll / spec.VisitEveryHours))
	}
	visitHours := b.m.Deployments.VisitHours
	hours := float64(visits)*visitHours +
		float64(spec.StaticOfficers)*(poll+b.m.Deployments.BriefingTravelHours) +
		float64(spec.SergeantVisits)*visitHours
	d := deploymentOf(spec, round1(hours))
	d.Visits = visits
	if spec.SergeantVisits > 0 {
		d.Sergeants = max(d.Sergeants, 1)
	}
	return d
}

func (b *builder) stations() {
	order := map[string]int{}
	for i, c := range b.in.Constituencies {
		order[c.Code] = i
	}
	b.p.PollingStations = make([]StationPlan, 0, len(b.s.Stations))
	byBand := map[riskmodel.Band]Deployment{} // the same for every station of a band
	deployment := func(band riskmodel.Band) Deployment {
		d, ok := byBand[band]
		if !ok {
			d = b.stationDeployment(band)
			byBand[band] = d
		}
		d.Notes = slices.Clone(d.Notes)
		return d
	}
	for _, st := range b.s.Stations {
		ps := st.Station
		b.p.PollingStations = append(b.p.PollingStations, StationPlan{
			ID: ps.ID, Name: ps.Name, Constituency: ps.Constituency, Address: ps.Address, Postcode: ps.Postcode,
			Location: ps.Location, Districts: nonNil(ps.Districts), Electorate: ps.Electorate,
			RORating: string(ps.RORating), Notes: ps.Notes, RAG: st.Assessment.Band.RAG(),
			Scored: scoredOf(st.Assessment), Deployment: deployment(st.Assessment.Band),
		})
	}
	slices.SortStableFunc(b.p.PollingStations, func(a, c StationPlan) int {
		if a.Constituency != c.Constituency {
			if n := cmp.Compare(order[a.Constituency], order[c.Constituency]); n != 0 {
				return n
			}
		}
		return naturalCompare(a.ID, c.ID)
	})
}

func (b *builder) counts() {
	poll := b.in.Election.PollingDay
	closeOfPoll := poll.At(22, 0)
	for _, sc := range b.s.Counts {
		c := sc.Count
		spec := b.m.Deployment("count", sc.Assessment.Band)
		cp := CountPlan{
			ID: c.ID, Constituencies: slices.Clone(c.Constituencies), Venue: venueInfo(c.Venue),
			Start: sc.Start, End: sc.End, ExpectedDeclaration: c.ExpectedDeclaration,
			ExpectedAttendance: c.ExpectedAttendance, Media: orDefault(string(c.Media), "local"),
			StartsWithin4Hours: !sc.Start.After(closeOfPoll.Add(4 * time.Hour)),
			Sealing: "If counting pauses between 19:00 and 09:00, ballot papers and documents are sealed and " +
				"secured, with police watching the store until counting resumes.",
			Scored:     scoredOf(sc.Assessment),
			Deployment: deploymentOf(spec, b.staffHours(spec, sc.End.Sub(sc.Start.Time).Hours())),
		}
		b.p.Counts = append(b.p.Counts, cp)
	}
	slices.SortStableFunc(b.p.Counts, func(a, c CountPlan) int {
		return cmp.Or(a.Start.Compare(c.Start.Time), naturalCompare(a.ID, c.ID))
	})
}

// namedContact is the force's named contact for candidates: the Op
// Bridger contact, else the election SPOC.
func (b *builder) namedContact() string {
	for _, role := range []CommandRole{RoleBridgerContact, RoleElectionSPOC} {
		for _, c := range b.in.Command {
			if c.Role == role {
				return strings.TrimSpace(c.Rank + " " + c.Name)
			}
		}
	}
	return ""
}

func (b *builder) candidates() {
	contact := b.namedContact()
	byID := map[string]*Candidate{}
	for i := range b.in.Candidates {
		byID[b.in.Candidates[i].ID] = &b.in.Candidates[i]
	}
	for _, rc := range b.s.RankedCandidates() {
		c := byID[rc.ID]
		var inPlace []string
		named := false
		for _, pm := range c.ProtectiveMeasures {
			inPlace = append(inPlace, string(pm))
			named = named || pm == MeasureNamedContact
		}
		offer := UniversalOffer{NamedContact: named, BriefingOffered: c.BriefingOffered}
		if named {
			offer.ContactName = contact
		}
		profile := CandidateProfile{
			ID: c.ID, Name: c.Name, Party: c.Party, Constituency: c.Constituency,
			Tier: rc.Tier, Band: rc.Band, Inherent: scoredOf(rc.Inherent), Residual: scoredOf(rc.Residual),
			Measures: nonNil(rc.Measures), InPlace: nonNil(inPlace), Override: rc.Override, PublicEvents: rc.PublicEvents,
			UniversalOffer: offer, Contact: c.ContactPreference, Factors: rc.Residual.Factors,
			Contributions: []ContributionRef{}, Concerns: []ConcernEntry{},
		}
		b.addContributions(&profile)
		b.p.Candidates = append(b.p.Candidates, profile)
	}
	b.contributions()
}

// addContributions attaches to a candidate's profile the contributions
// made for them: their own and their agent's, and a party's that names
// them at an event.
func (b *builder) addContributions(profile *CandidateProfile) {
	for _, c := range b.in.Contributions {
		mine := c.Contributor.Candidate == profile.ID
		if !mine && c.Contributor.Kind == FromParty {
			for _, e := range c.Events {
				mine = mine || slices.Contains(e.Candidates, profile.ID)
			}
		}
		if !mine {
			continue
		}
		profile.Contributions = append(profile.Contributions, *c.Ref())
		if c.Contributor.Kind == FromParty {
			continue // a party's concerns are its own, not the candidate's
		}
		for _, k := range c.Concerns {
			profile.Concerns = append(profile.Concerns, ConcernEntry{Category: string(k.Category), Details: k.Details, Contribution: c.ID})
		}
		if c.Updates != "" {
			profile.Updates = string(c.Updates)
		}
	}
}

func (b *builder) contributions() {
	b.p.Contributions = []ContributionSummary{}
	for _, c := range b.in.Contributions {
		b.p.Contributions = append(b.p.Contributions, ContributionSummary{ContributionRef: *c.Ref(),
			Candidate: c.Contributor.Candidate, Party: c.Contributor.Party, Consent: c.Consent.Date,
			Updates: string(c.Updates), Events: len(c.Events), Incidents: len(c.Incidents), Concerns: len(c.Concerns)})
	}
}

// MarkBriefingPacks records that this build writes every candidate's
// briefing pack.
func (p *Plan) MarkBriefingPacks() {
	for i := range p.Candidates {
		p.Candidates[i].BriefingPack = true
	}
}

func (b *builder) incidents() {
	for _, inc := range b.in.Incidents {
		if inc.Date.After(b.p.AsOf) {
			continue
		}
		entry := IncidentEntry{ID: inc.ID, Date: inc.Date, Kind: string(inc.Kind),
			Severity: string(inc.Severity), Candidate: inc.Candidate, Event: inc.Event,
			PollingStation: inc.PollingStation, Summary: inc.Summary, Status: string(inc.Status)}
		if inc.Contribution != nil {
			entry.Contribution = inc.Contribution.Ref()
		}
		b.p.Incidents = append(b.p.Incidents, entry)
	}
	slices.SortStableFunc(b.p.Incidents, func(a, c IncidentEntry) int {
		return cmp.Or(a.Date.Compare(c.Date.Time), naturalCompare(a.ID, c.ID))
	})
}

func (b *builder) resources() {
	r := b.in.Resources
	b.p.Resources.ShiftHours = r.ShiftHours
	if r.ShiftHours == 0 {
		b.p.Resources.ShiftHours = 8
	}
	for _, base := range r.Bases {
		b.p.Resources.Bases = append(b.p.Resources.Bases, BaseInfo{Name: base.Name, Location: base.Location})
	}
	for _, a := range r.Availability {
		b.p.Resources.Days = append(b.p.Resources.Days, AvailabilityInfo{Date: a.Date, Officers: a.Officers,
			Sergeants: a.Sergeants, Inspectors: a.Inspectors, PCSOs: a.PCSOs, PSU: a.PSU})
	}
	slices.SortStableFunc(b.p.Resources.Days, func(a, c AvailabilityInfo) int { return a.Date.Compare(c.Date.Time) })
}

// recordedAt is when an automatic decision was first recorded: the time
// it carries in the previous revision, or this revision's as-of date, so
// the log is never rewritten by a later revision.
func (b *builder) recordedAt(decision string) DateTime {
	if b.prev != nil {
		for _, d := range b.prev.Decisions {
			if d.Automatic && d.Decision == decision {
				return d.At
			}
		}
	}
	return b.p.AsOf.At(9, 0)
}

func (b *builder) decisions() {
	n := 0
	for _, d := range b.in.Decisions {
		if d.At.Date().After(b.p.AsOf) {
			continue // not yet made as of the plan's date
		}
		n++
		b.p.Decisions = append(b.p.Decisions, DecisionEntry{Number: n, At: d.At, By: d.By, Decision: d.Decision,
			Rationale: d.Rationale, OptionsRejected: d.OptionsRejected, ReviewBy: d.ReviewBy})
	}
	if !b.m.Standard() {
		n++
		decision := fmt.Sprintf("Plan built with a non-standard risk model: %s %s (sha256 %s).", b.m.ID, b.m.Version, b.m.SHA256())
		b.p.Decisions = append(b.p.Decisions, DecisionEntry{Number: n, At: b.recordedAt(decision), By: b.in.Force.PlanOwner, Automatic: true,
			Decision:  decision,
			Rationale: "Recorded automatically: plans built with any model other than the national standard are not directly comparable and are flagged in the national comparison."})
	}
	for _, c := range b.p.Candidates {
		if c.Override == nil {
			continue
		}
		n++
		dir := "up"
		if c.Override.Delta < 0 {
			dir = "down"
		}
		decision := fmt.Sprintf("Candidate %s (%s): risk band moved one step %s by professional judgement, from %s to %s (tier %s).",
			c.Name, c.ID, dir, c.Residual.Band, c.Band, c.Tier)
		b.p.Decisions = append(b.p.Decisions, DecisionEntry{Number: n, At: b.recordedAt(decision), By: c.Override.DecidedBy,
			Automatic: true, Decision: decision, Rationale: c.Override.Rationale})
	}
}

func (b *builder) revisions(r Revision) {
	if r.Previous != nil {
		b.p.Revision = r.Previous.Revision + 1
		b.p.Revisions = slices.Clone(r.Previous.Revisions)
	}
	by := r.By
	if by == "" {
		by = b.in.Force.PlanOwner
	}
	b.p.Revisions = append(b.p.Revisions, RevisionEntry{Revision: b.p.Revision, AsOf: b.p.AsOf, By: by})
}

// revisionNote says in the history what this revision changed: the
// SPOC's note, else the differences from the previous revision in a line.
func (b *builder) revisionNote(r Revision) {
	entry := &b.p.Revisions[len(b.p.Revisions)-1]
	switch {
	case r.Note != "":
		entry.Summary = r.Note
	case r.Previous == nil:
		entry.Summary = "First issue of the plan."
	default:
		entry.Summary = ChangeSummary(Diff(r.Previous, b.p))
	}
}

// reviews lays out the review schedule: close of nominations, each week of
// the campaign, the day before poll, and the day after any high-severity
// incident. A point is done when a revision was made on or after it and
// before the next point; points before the first revision predate the plan.
func (b *builder) reviews() {
	poll := b.in.Election.PollingDay
	points := map[Date]string{}
	addPoint := func(d Date, reason string) {
		if d.After(poll) {
			return
		}
		if prev, ok := points[d]; ok {
			reason = prev + "; " + reason
		}
		points[d] = reason
	}
	var start Date
	for _, st := range b.p.Timetable {
		if st.Step == timetable.StepCloseOfNominations {
			addPoint(st.Date, "close of nominations: candidates known")
		}
		if st.Step == timetable.StepDissolution || st.Step == timetable.StepNoticeOfElection || st.Step == timetable.StepWritReceived {
			if start.IsZero() || st.Date.Before(start) {
				start = st.Date
			}
		}
	}
	if !start.IsZero() {
		for d, week := start.AddDays(7), 1; d.Before(poll.AddDays(-1)); d, week = d.AddDays(7), week+1 {
			addPoint(d, fmt.Sprintf("weekly review (campaign week %d)", week))
		}
	}
	addPoint(poll.AddDays(-1), "day before poll")
	for _, inc := range b.p.Incidents {
		if inc.Severity == "high" {
			addPoint(inc.Date.AddDays(1), "after high-severity incident "+inc.ID)
		}
	}
	dates := make([]Date, 0, len(points))
	for d := range points {
		dates = append(dates, d)
	}
	slices.SortFunc(dates, func(a, c Date) int { return a.Compare(c.Time) })
	first := b.p.Revisions[0].AsOf
	nextDue := false
	for _, d := range dates {
		status := ReviewUpcoming
		switch {
		case d.Before(first):
			status = ReviewBeforePlan
		case b.reviewedBetween(d, d.AddDays(reviewWithinDays)):
			status = ReviewDone
		case d.Before(b.p.AsOf):
			status = ReviewOverdue
		case !nextDue:
			status, nextDue = ReviewDue, true
		}
		b.p.Reviews = append(b.p.Reviews, Review{Date: d, Reason: points[d], Status: status})
	}
}

// reviewWithinDays is how soon after a review point a revision must be
// made for the review to count as done: one revision can answer several
// points that fell due close together (an incident the day before the
// weekly review), but a week missed stays missed.
const reviewWithinDays = 7

// reviewedBetween reports whether a revision was made on or after from and
// before to (to zero: no end).
func (b *builder) reviewedBetween(from, to Date) bool {
	for _, r := range b.p.Revisions {
		if !r.AsOf.Before(from) && (to.IsZero() || r.AsOf.Before(to)) {
			return true
		}
	}
	return false
}

func (b *builder) summary() {
	p := b.p
	sum := Summary{
		FlashpointsByBand: map[riskmodel.Band]int{}, StationsByRAG: map[string]int{"green": 0, "amber": 0, "red": 0},
		CandidatesByTier: map[riskmodel.Tier]int{},
		Events:           len(p.Flashpoints), PollingStations: len(p.PollingStations), Counts: len(p.Counts), Candidates: len(p.Candidates),
	}
	for _, band := range riskmodel.Bands {
		sum.FlashpointsByBand[band] = 0
	}
	for _, t := range riskmodel.Tiers {
		sum.CandidatesByTier[t] = 0
	}
	for _, f := range p.Flashpoints {
		sum.FlashpointsByBand[f.Band]++
	}
	for _, c := range p.Counts {
		sum.FlashpointsByBand[c.Band]++
	}
	for _, s := range p.PollingStations {
		sum.StationsByRAG[s.RAG]++
	}
	for _, c := range p.Candidates {
		sum.CandidatesByTier[c.Tier]++
		if c.UniversalOffer.NamedContact {
			sum.NamedContact++
		}
		if c.UniversalOffer.BriefingOffered != nil {
			sum.BriefingOffered++
		}
		if c.Override != nil {
			sum.Overrides++
		}
	}
	for _, d := range p.Demand {
		sum.OfficerHoursNeeded += d.OfficerHoursNeeded
		sum.OfficerHoursAvailable += d.OfficerHoursAvailable
		sum.ShortfallHours += d.Shortfall
		sum.MutualAidOfficers = max(sum.MutualAidOfficers, d.MutualAidOfficers)
		if d.Shortfall > 0 {
			sum.ShortDays++
		}
	}
	sum.OfficerHoursNeeded, sum.OfficerHoursAvailable, sum.ShortfallHours =
		round1(sum.OfficerHoursNeeded), round1(sum.OfficerHoursAvailable), round1(sum.ShortfallHours)
	for _, r := range p.Reviews {
		if r.Status == ReviewOverdue {
			sum.ReviewsOverdue++
		}
		if (r.Status == ReviewDue || r.Status == ReviewUpcoming) && sum.NextReview == nil {
			d := r.Date
			sum.NextReview = &d
		}
	}
	p.Summary = sum
}

func (b *builder) warnings(tt timetable.Timetable) {
	p := b.p
	var w []string
	if !p.Model.Standard {
		w = append(w, fmt.Sprintf("Built with a non-standard risk model (%s %s): not comparable with other forces' plans.", p.Model.ID, p.Model.Version))
	}
	w = append(w, tt.Warnings...)
	// What validate warned about stays in front of the plan owner: a place
	// far outside the force area is often a slip that moves a score.
	for _, pr := range b.in.Warnings {
		if slices.Contains(tt.Warnings, pr.Message) {
			continue // already said
		}
		file := filepath.ToSlash(strings.TrimPrefix(pr.File, b.in.Dir+string(filepath.Separator)))
		text := fmt.Sprintf("%s:%d: %s: %s", file, pr.Line, pr.Item, pr.Message)
		if pr.Hint != "" {
			text += " — " + pr.Hint
		}
		w = append(w, text+".")
	}
	if n := len(p.Candidates) - p.Summary.BriefingOffered; n > 0 {
		w = append(w, fmt.Sprintf("%d of %d candidates have not yet been offered the security briefing.", n, len(p.Candidates)))
	}
	missing := 0
	for _, s := range p.PollingStations {
		if s.Location == nil {
			missing++
		}
	}
	if missing > 0 {
		w = append(w, fmt.Sprintf("%d polling stations have no location: they cannot be mapped or put on a patrol route.", missing))
	}
	if n := len(p.Patrols.Unplanned); n > 0 {
		w = append(w, fmt.Sprintf("%s not patrolled as often as %s band needs: see the patrol plan's unplanned stations.",
			Plural(n, "polling station is", "polling stations are"), map[bool]string{true: "its", false: "their"}[n == 1]))
	}
	for _, c := range p.Counts {
		if !c.StartsWithin4Hours {
			w = append(w, fmt.Sprintf("Count %s starts more than 4 hours after close of poll: the returning officer must publish why.", c.ID))
		}
	}
	for _, d := range p.Demand {
		if !d.AvailabilityGiven {
			w = append(w, fmt.Sprintf("No availability is given for %s, when %.1f officer-hours are needed.", d.Date, d.OfficerHoursNeeded))
		}
	}
	for _, d := range p.Demand {
		if d.PSUNeeded > d.PSUAvailable {
			available := "none is"
			if d.PSUAvailable > 0 {
				available = Plural(d.PSUAvailable, "is", "are")
			}
			w = append(w, fmt.Sprintf("On %s %s needed on standby and %s available: ask for mutual aid.",
				d.Date.Format("Mon 2 Jan"), Plural(d.PSUNeeded, "police support unit is", "police support units are"), available))
		}
	}
	if p.Summary.ShortDays > 0 {
		w = append(w, fmt.Sprintf("Demand exceeds availability on %s: %.1f officer-hours short in all; mutual aid of up to %s is needed.",
			Plural(p.Summary.ShortDays, "day", "days"), p.Summary.ShortfallHours, Plural(p.Summary.MutualAidOfficers, "officer", "officers")))
	}
	if p.Summary.ReviewsOverdue > 0 {
		w = append(w, fmt.Sprintf("%s overdue.", Plural(p.Summary.ReviewsOverdue, "scheduled review is", "scheduled reviews are")))
	}
	if w == nil {
		w = []string{}
	}
	p.Warnings = w
}

// naturalCompare orders ids with numbers by value: "PS-2" before "PS-10".
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitsPrefix(a), digitsPrefix(b)
		if da != "" && db != "" {
			na, nb := strings.TrimLeft(da, "0"), strings.TrimLeft(db, "0")
			if c := cmp.Or(cmp.Compare(len(na), len(nb)), cmp.Compare(na, nb)); c != 0 {
				return c
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func digitsPrefix(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// Plural is "1 thing" or "n things", for messages and documents.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
