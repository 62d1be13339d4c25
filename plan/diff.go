package plan

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/electplan/electplan/riskmodel"
)

// Change is one difference between two revisions of a plan, in words a
// SPOC would write in a review log.
type Change struct {
	Section string `json:"section"`        // model, timetable, flashpoints, counts, polling_stations, candidates, incidents, decisions, demand, shortfall, reviews
	Item    string `json:"item,omitempty"` // the id of the item changed, if any
	Change  string `json:"change"`         // added, removed or changed
	Text    string `json:"text"`
}

// Sections in the order a diff reports them.
var diffSections = []string{"model", "timetable", "flashpoints", "counts", "polling_stations", "candidates",
	"incidents", "decisions", "demand", "shortfall", "reviews"}

// SectionTitle is a diff section in words.
func SectionTitle(section string) string {
	switch section {
	case "model":
		return "Risk model"
	case "timetable":
		return "Statutory timetable"
	case "flashpoints":
		return "Flashpoints (events)"
	case "counts":
		return "Counts"
	case "polling_stations":
		return "Polling stations"
	case "candidates":
		return "Candidates"
	case "incidents":
		return "Incidents"
	case "decisions":
		return "Decision log"
	case "demand":
		return "Officer-hours by day"
	case "shortfall":
		return "Shortfall and mutual aid"
	case "reviews":
		return "Reviews"
	}
	return section
}

// Diff lists what changed from old to new and why, section by section,
// items in a stable order. Two identical plans give no changes.
func Diff(old, new *Plan) []Change {
	var d differ
	d.model(old, new)
	d.timetable(old, new)
	d.flashpoints(old, new)
	d.counts(old, new)
	d.stations(old, new)
	d.candidates(old, new)
	d.incidents(old, new)
	d.decisions(old, new)
	d.demand(old, new)
	d.shortfall(old, new)
	d.reviews(old, new)
	slices.SortStableFunc(d.out, func(a, b Change) int {
		return cmp.Compare(slices.Index(diffSections, a.Section), slices.Index(diffSections, b.Section))
	})
	return d.out
}

type differ struct{ out []Change }

func (d *differ) add(section, item, change, format string, args ...any) {
	d.out = append(d.out, Change{Section: section, Item: item, Change: change, Text: fmt.Sprintf(format, args...)})
}

func (d *differ) model(old, new *Plan) {
	o, n := old.Model, new.Model
	if o == n {
		return
	}
	text := fmt.Sprintf("Risk model changed: %s %s → %s %s", o.ID, o.Version, n.ID, n.Version)
	if o.ID == n.ID && o.Version == n.Version {
		text = fmt.Sprintf("Risk model file changed (%s %s, sha256 %.12s → %.12s)", n.ID, n.Version, o.SHA256, n.SHA256)
	}
	switch {
	case o.Standard && !n.Standard:
		text += "; now NON-STANDARD"
	case !o.Standard && n.Standard:
		text += "; now the national standard"
	}
	d.add("model", "", "changed", "%s.", text)
}

func (d *differ) timetable(old, new *Plan) {
	byStep := map[string]TimetableStep{}
	for _, s := range old.Timetable {
		byStep[s.Step] = s
	}
	for _, s := range new.Timetable {
		o, ok := byStep[s.Step]
		if !ok {
			d.add("timetable", s.Step, "added", "%s: %s.", s.Title, shortDay(s.Date))
			continue
		}
		if o.Date != s.Date {
			fixed := ""
			if s.Fixed {
				fixed = " (fixed by the returning officer)"
			}
			d.add("timetable", s.Step, "changed", "%s: %s → %s%s.", s.Title, shortDay(o.Date), shortDay(s.Date), fixed)
		}
	}
}

func shortDay(d Date) string {
	if d.IsZero() {
		return "none"
	}
	return d.Format("Mon 2 Jan")
}

// scoreChange describes how an item's score moved: the band (or score)
// change and the factors that moved it.
func scoreChange(old, new Scored) string {
	moved := factorChanges(old.Factors, new.Factors)
	head := ""
	switch {
	case old.Band != new.Band:
		head = fmt.Sprintf("%s → %s", old.Band, new.Band)
	case old.Score != new.Score:
		head = fmt.Sprintf("score %d → %d, still %s", old.Score, new.Score, new.Band)
	case moved != "":
		head = fmt.Sprintf("score unchanged (%s %d)", new.Band, new.Score)
	default:
		return ""
	}
	if moved != "" {
		return head + ": " + moved
	}
	return head
}

// factorChanges words what moved between two factor lists: "protest:
// planned (was possible), +2; livestreamed or filmed, +1".
func factorChanges(old, new []riskmodel.Factor) string {
	key := func(f riskmodel.Factor) string { return f.Axis + "/" + f.Factor }
	was := map[string]riskmodel.Factor{}
	for _, f := range old {
		was[key(f)] = f
	}
	var parts []string
	seen := map[string]bool{}
	for _, f := range new {
		seen[key(f)] = true
		o, ok := was[key(f)]
		switch {
		case !ok:
			parts = append(parts, fmt.Sprintf("%s, %+d", f.Reason, f.Points))
		case o.Reason != f.Reason || o.Points != f.Points:
			parts = append(parts, fmt.Sprintf("%s (was %s), %+d", f.Reason, wasValue(o.Reason, f.Reason), f.Points-o.Points))
		}
	}
	for _, f := range old {
		if !seen[key(f)] {
			parts = append(parts, fmt.Sprintf("no longer %s, %+d", f.Reason, -f.Points))
		}
	}
	return strings.Join(parts, "; ")
}

// wasValue shortens an old reason to its changed value when both reasons
// read "label: value" with the same label.
func wasValue(old, new string) string {
	ol, ov, ok1 := strings.Cut(old, ": ")
	nl, _, ok2 := strings.Cut(new, ": ")
	if ok1 && ok2 && ol == nl {
		return ov
	}
	return old
}

// eventNoun names an event kind the way a SPOC would.
func eventNoun(kind string) string {
	switch kind {
	case "hustings":
		return "Hustings"
	case "campaign":
		return "Campaign event"
	case "protest":
		return "Protest"
	case "media":
		return "Media event"
	}
	return "Event"
}

func (d *differ) flashpoints(old, new *Plan) {
	was := map[string]FlashpointPlan{}
	for _, f := range old.Flashpoints {
		was[f.ID] = f
	}
	is := map[string]bool{}
	for _, f := range sortedBy(new.Flashpoints, func(f FlashpointPlan) string { return f.ID }) {
		is[f.ID] = true
		name := fmt.Sprintf("%s %s (%s)", eventNoun(f.Kind), f.ID, f.Title)
		o, ok := was[f.ID]
		if !ok {
			d.add("flashpoints", f.ID, "added", "Added %s %s (%s), %s at %s: %s %d.", strings.ToLower(eventNoun(f.Kind)), f.ID, f.Title,
				f.Start.In(London).Format("Mon 2 Jan 15:04"), f.Venue.Name, f.Band, f.Score)
			continue
		}
		if s := scoreChange(o.Scored, f.Scored); s != "" {
			d.add("flashpoints", f.ID, "changed", "%s: %s.", name, s)
		}
		if !o.Start.Equal(f.Start.Time) || o.Venue.Name != f.Venue.Name {
			d.add("flashpoints", f.ID, "changed", "%s moved: %s at %s → %s at %s.", name,
				o.Start.In(London).Format("Mon 2 Jan 15:04"), o.Venue.Name, f.Start.In(London).Format("Mon 2 Jan 15:04"), f.Venue.Name)
		}
		if o.ExpectedAttendance != f.ExpectedAttendance && o.Band == f.Band && o.Score == f.Score {
			d.add("flashpoints", f.ID, "changed", "%s: expected attendance %d → %d.", name, o.ExpectedAttendance, f.ExpectedAttendance)
		}
	}
	for _, o := range sortedBy(old.Flashpoints, func(f FlashpointPlan) string { return f.ID }) {
		if !is[o.ID] {
			d.add("flashpoints", o.ID, "removed", "Removed %s %s (%s).", strings.ToLower(eventNoun(o.Kind)), o.ID, o.Title)
		}
	}
}

func (d *differ) counts(old, new *Plan) {
	was := map[string]CountPlan{}
	for _, c := range old.Counts {
		was[c.ID] = c
	}
	is := map[string]bool{}
	for _, c := range sortedBy(new.Counts, func(c CountPlan) string { return c.ID }) {
		is[c.ID] = true
		o, ok := was[c.ID]
		switch {
		case !ok:
			d.add("counts", c.ID, "added", "Added count %s at %s: %s %d.", c.ID, c.Venue.Name, c.Band, c.Score)
		default:
			if s := scoreChange(o.Scored, c.Scored); s != "" {
				d.add("counts", c.ID, "changed", "Count %s (%s): %s.", c.ID, c.Venue.Name, s)
			}
			if !o.Start.Equal(c.Start.Time) {
				d.add("counts", c.ID, "changed", "Count %s now starts %s (was %s).", c.ID,
					c.Start.In(London).Format("Mon 2 Jan 15:04"), o.Start.In(London).Format("Mon 2 Jan 15:04"))
			}
		}
	}
	for _, o := range sortedBy(old.Counts, func(c CountPlan) string { return c.ID }) {
		if !is[o.ID] {
			d.add("counts", o.ID, "removed", "Removed count %s (%s).", o.ID, o.Venue.Name)
		}
	}
}

func (d *differ) stations(old, new *Plan) {
	was := make(map[string]StationPlan, len(old.PollingStations))
	for _, s := range old.PollingStations {
		was[s.ID] = s
	}
	is := make(map[string]bool, len(new.PollingStations))
	for _, s := range sortedBy(new.PollingStations, func(s StationPlan) string { return s.ID }) {
		is[s.ID] = true
		o, ok := was[s.ID]
		if !ok {
			d.add("polling_stations", s.ID, "added", "Added polling station %s (%s): %s.", s.ID, s.Name, s.RAG)
			continue
		}
		switch {
		case o.RAG != s.RAG:
			why := factorChanges(o.Factors, s.Factors)
			if why != "" {
				why = ": " + why
			}
			d.add("polling_stations", s.ID, "changed", "Polling station %s (%s): %s → %s%s.", s.ID, s.Name, o.RAG, s.RAG, why)
		case o.Score != s.Score:
			d.add("polling_stations", s.ID, "changed", "Polling station %s (%s): score %d → %d, still %s: %s.", s.ID, s.Name,
				o.Score, s.Score, s.RAG, orUnchanged(factorChanges(o.Factors, s.Factors)))
		}
	}
	for _, o := range sortedBy(old.PollingStations, func(s StationPlan) string { return s.ID }) {
		if !is[o.ID] {
			d.add("polling_stations", o.ID, "removed", "Removed polling station %s (%s).", o.ID, o.Name)
		}
	}
}

func (d *differ) candidates(old, new *Plan) {
	was := map[string]CandidateProfile{}
	for _, c := range old.Candidates {
		was[c.ID] = c
	}
	is := map[string]bool{}
	for _, c := range sortedBy(new.Candidates, func(c CandidateProfile) string { return c.ID }) {
		is[c.ID] = true
		name := fmt.Sprintf("Candidate %s (%s)", c.Name, c.ID)
		o, ok := was[c.ID]
		if !ok {
			d.add("candidates", c.ID, "added", "Added %s: tier %s.", strings.ToLower(name[:1])+name[1:], c.Tier)
			continue
		}
		if o.Tier != c.Tier {
			why := factorChanges(o.Factors, c.Factors)
			switch {
			case o.Override == nil && c.Override != nil:
				why = joinNonEmpty(why, fmt.Sprintf("override %+d by %s", c.Override.Delta, c.Override.DecidedBy))
			case o.Override != nil && c.Override == nil:
				why = joinNonEmpty(why, "override removed")
			}
			if why != "" {
				why = ": " + why
			}
			d.add("candidates", c.ID, "changed", "%s: tier %s → %s%s.", name, o.Tier, c.Tier, why)
		} else if o.Residual.Score != c.Residual.Score {
			d.add("candidates", c.ID, "changed", "%s: residual score %d → %d, still tier %s: %s.", name,
				o.Residual.Score, c.Residual.Score, c.Tier, orUnchanged(factorChanges(o.Residual.Factors, c.Residual.Factors)))
		}
		if o.UniversalOffer.BriefingOffered == nil && c.UniversalOffer.BriefingOffered != nil {
			d.add("candidates", c.ID, "changed", "%s: security briefing offered %s.", name, c.UniversalOffer.BriefingOffered)
		}
		if !o.UniversalOffer.NamedContact && c.UniversalOffer.NamedContact {
			d.add("candidates", c.ID, "changed", "%s: named contact now in place.", name)
		}
	}
	for _, o := range sortedBy(old.Candidates, func(c CandidateProfile) string { return c.ID }) {
		if !is[o.ID] {
			d.add("candidates", o.ID, "removed", "Removed candidate %s (%s).", o.Name, o.ID)
		}
	}
}

// orUnchanged is a list of moved factors, or says none moved (a score
// can move with no factor changing only through rounding in the model).
func orUnchanged(moved string) string {
	if moved == "" {
		return "no factor changed"
	}
	return moved
}

func joinNonEmpty(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func (d *differ) incidents(old, new *Plan) {
	was := map[string]bool{}
	for _, i := range old.Incidents {
		was[i.ID] = true
	}
	for _, i := range new.Incidents {
		if !was[i.ID] {
			d.add("incidents", i.ID, "added", "New incident %s (%s, %s severity, %s): %s", i.ID, i.Date, i.Severity, i.Kind, i.Summary)
		}
	}
}

func (d *differ) decisions(old, new *Plan) {
	key := func(e DecisionEntry) string { return e.At.String() + "\x00" + e.Decision }
	was := map[string]bool{}
	for _, e := range old.Decisions {
		was[key(e)] = true
	}
	for _, e := range new.Decisions {
		if !was[key(e)] {
			d.add("decisions", fmt.Sprint(e.Number), "added", "Decision %d (%s, %s): %s", e.Number,
				e.At.In(London).Format("2 Jan 15:04"), e.By, e.Decision)
		}
	}
}

func (d *differ) demand(old, new *Plan) {
	was := map[Date]DemandDay{}
	for _, day := range old.Demand {
		was[day.Date] = day
	}
	for _, day := range new.Demand {
		o := was[day.Date]
		if math.Abs(o.OfficerHoursNeeded-day.OfficerHoursNeeded) < 0.05 && math.Abs(o.OfficerHoursAvailable-day.OfficerHoursAvailable) < 0.05 {
			continue
		}
		var parts []string
		if math.Abs(o.OfficerHoursNeeded-day.OfficerHoursNeeded) >= 0.05 {
			parts = append(parts, fmt.Sprintf("officer-hours needed %.1f → %.1f", o.OfficerHoursNeeded, day.OfficerHoursNeeded))
		}
		if math.Abs(o.OfficerHoursAvailable-day.OfficerHoursAvailable) >= 0.05 {
			parts = append(parts, fmt.Sprintf("available %.1f → %.1f", o.OfficerHoursAvailable, day.OfficerHoursAvailable))
		} else {
			parts = append(parts, fmt.Sprintf("%.1f available", day.OfficerHoursAvailable))
		}
		d.add("demand", day.Date.String(), "changed", "%s: %s.", shortDay(day.Date), strings.Join(parts, ", "))
	}
}

func (d *differ) shortfall(old, new *Plan) {
	o, n := old.Summary, new.Summary
	if math.Abs(o.ShortfallHours-n.ShortfallHours) < 0.05 && o.MutualAidOfficers == n.MutualAidOfficers {
		return
	}
	say := func(s Summary) string {
		if s.ShortfallHours == 0 {
			return "none"
		}
		return fmt.Sprintf("%.1f officer-hours on %s (mutual aid of up to %s)", s.ShortfallHours,
			Plural(s.ShortDays, "day", "days"), Plural(s.MutualAidOfficers, "officer", "officers"))
	}
	d.add("shortfall", "", "changed", "Shortfall: %s → %s.", say(o), say(n))
	was := map[Date]DemandDay{}
	for _, day := range old.Demand {
		was[day.Date] = day
	}
	for _, day := range new.Demand {
		var gone []string
		for _, c := range day.AtRisk {
			if !slices.ContainsFunc(was[day.Date].AtRisk, func(x Commitment) bool { return x.Kind == c.Kind && x.ID == c.ID }) {
				gone = append(gone, c.Kind+" "+c.ID)
			}
		}
		if len(gone) > 0 {
			d.add("shortfall", day.Date.String(), "changed", "%s: now at risk: %s.", shortDay(day.Date), strings.Join(gone, ", "))
		}
	}
}

func (d *differ) reviews(old, new *Plan) {
	if o, n := old.Summary.ReviewsOverdue, new.Summary.ReviewsOverdue; o != n {
		d.add("reviews", "", "changed", "Reviews overdue: %d → %d.", o, n)
	}
}

// sortedBy returns items sorted by key in natural order, so ids like
// "PS-2" come before "PS-10".
func sortedBy[T any](items []T, key func(T) string) []T {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b T) int { return naturalCompare(key(a), key(b)) })
	return out
}

// ChangeSummary says in one line what a list of changes amounts to, for a
// plan's revision history: "EV-14 high → very-high; 1 event added; 2 new
// incidents; shortfall now 6.5 officer-hours".
func ChangeSummary(changes []Change) string {
	if len(changes) == 0 {
		return "Reviewed: no change to scores, deployments or resources."
	}
	var parts []string
	count := func(section, change string) int {
		n := 0
		for _, c := range changes {
			if c.Section == section && c.Change == change {
				n++
			}
		}
		return n
	}
	for _, c := range changes {
		if c.Section == "model" {
			parts = append(parts, strings.TrimSuffix(c.Text, "."))
		}
	}
	var banded []string
	for _, c := range changes {
		if (c.Section == "flashpoints" || c.Section == "counts") && c.Change == "changed" && strings.Contains(c.Text, " → ") &&
			!strings.Contains(c.Text, " moved: ") && !strings.Contains(c.Text, "): score ") && !strings.Contains(c.Text, "now starts") {
			_, after, _ := strings.Cut(c.Text, "): ")
			band, _, _ := strings.Cut(after, ":")
			banded = append(banded, c.Item+" "+strings.TrimSuffix(band, "."))
		}
	}
	if len(banded) > 3 {
		banded = append(banded[:3], fmt.Sprintf("%d more band changes", len(banded)-3))
	}
	rag, scores := 0, 0
	for _, c := range changes {
		if c.Section == "polling_stations" && c.Change == "changed" {
			if strings.Contains(c.Text, "): score ") {
				scores++
			} else {
				rag++
			}
		}
	}
	parts = append(parts, banded...)
	for _, s := range []struct{ section, change, one, many string }{
		{"flashpoints", "added", "event added", "events added"},
		{"flashpoints", "removed", "event removed", "events removed"},
		{"counts", "added", "count added", "counts added"},
		{"polling_stations", "changed", "", ""}, // RAG and score changes, counted above
		{"polling_stations", "added", "polling station added", "polling stations added"},
		{"candidates", "added", "candidate added", "candidates added"},
		{"candidates", "removed", "candidate removed", "candidates removed"},
		{"incidents", "added", "new incident", "new incidents"},
		{"decisions", "added", "new decision", "new decisions"},
	} {
		if s.section == "polling_stations" && s.change == "changed" {
			if rag > 0 {
				parts = append(parts, Plural(rag, "polling station RAG change", "polling station RAG changes"))
			}
			if scores > 0 {
				parts = append(parts, Plural(scores, "polling station score change", "polling station score changes")+" within the rating")
			}
			continue
		}
		if n := count(s.section, s.change); n > 0 {
			parts = append(parts, Plural(n, s.one, s.many))
		}
	}
	tiers := 0
	for _, c := range changes {
		if c.Section == "candidates" && strings.Contains(c.Text, ": tier ") {
			tiers++
		}
	}
	if tiers > 0 {
		parts = append(parts, Plural(tiers, "candidate tier change", "candidate tier changes"))
	}
	for _, c := range changes {
		if c.Section == "shortfall" && c.Item == "" {
			_, now, _ := strings.Cut(c.Text, " → ")
			parts = append(parts, "shortfall now "+strings.TrimSuffix(now, "."))
		}
	}
	if len(parts) == 0 {
		return Plural(len(changes), "change", "changes") + " (timetable, demand or reviews)."
	}
	return strings.Join(parts, "; ") + "."
}
