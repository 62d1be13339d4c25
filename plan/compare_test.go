package plan_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/plan/synth"
	"github.com/electplan/electplan/riskmodel"
)

// compareDay is the comparison date of these tests, 13 days before the
// synthetic forces' polling day (2029-05-03).
var compareDay = plan.NewDate(2029, 4, 20)

// forcePlan builds a synthetic force of about 11 constituencies and 740
// polling stations, named "Force <seed>", with the inputs changed by edit
// (if not nil) and built with model m as of asOf.
func forcePlan(t testing.TB, seed uint64, edit func(*plan.Inputs), m *riskmodel.Model, asOf plan.Date) *plan.Plan {
	t.Helper()
	return scaledForcePlan(t, seed, 0.15, edit, m, asOf)
}

// scaledForcePlan is forcePlan for a force of scale times OneForce.
func scaledForcePlan(t testing.TB, seed uint64, scale float64, edit func(*plan.Inputs), m *riskmodel.Model, asOf plan.Date) *plan.Plan {
	t.Helper()
	in := synth.Generate(synth.OneForce(seed).Scaled(scale))
	in.Force.Name = fmt.Sprintf("Force %02d", seed)
	in.Force.Code = fmt.Sprintf("E230000%02d", seed)
	in.Force.Operation = fmt.Sprintf("Op Synthetic %d", seed)
	if edit != nil {
		edit(in)
	}
	p, err := plan.Build(in, m, asOf)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// noRedStations clears what makes a station red: the returning
// officer's rating and the incidents at the last election.
func noRedStations(in *plan.Inputs) {
	for i := range in.PollingStations {
		in.PollingStations[i].RORating = ""
		in.PollingStations[i].IncidentsLastElection = 0
	}
}

// nonStandardModel is the national model with one number changed.
func nonStandardModel(t testing.TB) *riskmodel.Model {
	t.Helper()
	src := riskmodel.NationalSource()
	changed := bytes.Replace(src, []byte("counter_protest: 2"), []byte("counter_protest: 3"), 1)
	if bytes.Equal(src, changed) {
		t.Fatal("the national model has no counter_protest: 2 to change")
	}
	m, err := riskmodel.Parse(changed)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func compared(ps ...*plan.Plan) []plan.ComparedPlan {
	out := make([]plan.ComparedPlan, len(ps))
	for i, p := range ps {
		out[i] = plan.ComparedPlan{Path: fmt.Sprintf("plans/%s.json", p.Force.Code), Schema: p.Schema, Plan: p}
	}
	return out
}

// flagSet lists the flags as "force: kind", sorted.
func flagSet(c *plan.Comparison) []string {
	var out []string
	for _, f := range c.Flags {
		out = append(out, f.Force+": "+string(f.Kind))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// The test: among seven force plans, exactly the one with a
// non-standard model, the stale one and the outlier are flagged, each
// for that reason only.
func TestCompareFlagsExactlyTheInconsistentForces(t *testing.T) {
	national := riskmodel.National()
	var plans []*plan.Plan
	for seed := uint64(1); seed <= 7; seed++ {
		m, asOf, edit := national, compareDay, func(*plan.Inputs) {}
		switch seed {
		case 2:
			m = nonStandardModel(t)
		case 4:
			asOf = compareDay.AddDays(-19)
		case 6:
			edit = noRedStations
		}
		plans = append(plans, forcePlan(t, seed, edit, m, asOf))
	}
	for _, p := range plans {
		if p.Force.Name != "Force 06" && p.Summary.StationsByRAG["red"] == 0 {
			t.Fatalf("%s has no red stations: the outlier would not stand out", p.Force.Name)
		}
	}
	if plans[5].Summary.StationsByRAG["red"] != 0 {
		t.Fatalf("Force 06 still has %d red stations", plans[5].Summary.StationsByRAG["red"])
	}
	c := plan.Compare(compared(plans...), plan.CompareOptions{AsOf: compareDay})
	want := []string{"Force 02: non-standard model", "Force 04: stale", "Force 06: outlier"}
	if got := flagSet(c); !slices.Equal(got, want) {
		t.Fatalf("flags %q, want %q\n%s", got, want, describeFlags(c))
	}
	if c.FlaggedForces() != 3 || len(c.Forces) != 7 {
		t.Errorf("%d of %d forces flagged, want 3 of 7", c.FlaggedForces(), len(c.Forces))
	}
	f6 := forceRow(t, c, "Force 06")
	if !f6.Flagged(plan.FlagOutlier, plan.MetricRedStations) {
		t.Errorf("Force 06 is not flagged for its red stations:\n%s", describeFlags(c))
	}
	for _, fl := range f6.Flags {
		if fl.Metric == plan.MetricRedStations && !strings.HasPrefix(fl.Why, "no red polling stations while 6 of 6 other forces have some; their median is ") {
			t.Errorf("why: %q", fl.Why)
		}
	}
	f4 := forceRow(t, c, "Force 04")
	if !f4.Stale || f4.StaleReason != "as of 2029-04-01, 19 days before 2029-04-20 (the comparison date); a plan more than 7 days older is stale" {
		t.Errorf("stale %v: %q", f4.Stale, f4.StaleReason)
	}
	f2 := forceRow(t, c, "Force 02")
	if f2.Model.Standard || !strings.Contains(f2.Flags[0].Why, "not the national standard model") {
		t.Errorf("Force 02 flag: %+v", f2.Flags)
	}
	// Rows are sorted by force name, and every flag says what to do next.
	for i, f := range c.Forces {
		if want := fmt.Sprintf("Force %02d", i+1); f.Force != want {
			t.Errorf("row %d is %s, want %s", i, f.Force, want)
		}
	}
	for _, fl := range c.Flags {
		if fl.Why == "" || fl.NextStep == "" || fl.File == "" {
			t.Errorf("flag without why, next step or file: %+v", fl)
		}
	}
}

func forceRow(t *testing.T, c *plan.Comparison, name string) *plan.ForceComparison {
	t.Helper()
	for i := range c.Forces {
		if c.Forces[i].Force == name {
			return &c.Forces[i]
		}
	}
	t.Fatalf("no row for %s", name)
	return nil
}

func describeFlags(c *plan.Comparison) string {
	var b strings.Builder
	for _, f := range c.Flags {
		fmt.Fprintf(&b, "  %s: %s: %s\n", f.Force, f.Label(), f.Why)
	}
	return b.String()
}

// Ordinary differences between forces are not outliers: several sets of
// normal forces give no flag at all, whether the forces are of one size
// or of sizes from 4 to 45 constituencies (a small force's figures move
// more by chance).
func TestOutlierRuleIgnoresNormalVariation(t *testing.T) {
	for _, tt := range []struct {
		first  uint64
		scales []float64
	}{
		{1, []float64{0.15}}, {11, []float64{0.15}}, {21, []float64{0.15}}, {31, []float64{0.15}},
		{1000, []float64{0.15, 0.05, 0.3, 0.1, 0.2, 0.6, 0.08}},
		{1008, []float64{0.15, 0.05, 0.3, 0.1, 0.2, 0.6, 0.08}},
	} {
		t.Run(fmt.Sprintf("seeds %d-%d of %d sizes", tt.first, tt.first+7, len(tt.scales)), func(t *testing.T) {
			var plans []*plan.Plan
			for i := range 8 {
				plans = append(plans, scaledForcePlan(t, tt.first+uint64(i), tt.scales[i%len(tt.scales)], nil,
					riskmodel.National(), compareDay))
			}
			c := plan.Compare(compared(plans...), plan.CompareOptions{AsOf: compareDay})
			if len(c.Flags) > 0 {
				t.Errorf("normal forces flagged:\n%s", describeFlags(c))
			}
		})
	}
}

// withSummary is p renamed, with electorate and summary changed by
// edit, for tests of the rules on exact figures.
func withSummary(p *plan.Plan, name string, electorate int, edit func(*plan.Summary)) *plan.Plan {
	q := *p
	q.Force.Name, q.Force.Code = name, name
	q.Election.Electorate = electorate
	s := q.Summary
	s.StationsByRAG = maps.Clone(s.StationsByRAG)
	edit(&s)
	q.Summary = s
	return &q
}

// stations sets a summary's polling stations, red of them red.
func stations(n, red int) func(*plan.Summary) {
	return func(s *plan.Summary) {
		s.PollingStations = n
		s.StationsByRAG = map[string]int{"red": red, "amber": 0, "green": n - red}
	}
}

// The outlier rule on exact figures (percentages of red stations): the
// zero rule, the robust z-score, the floor, chance for a force's size,
// the minimum number of peers, and leave-one-out.
func TestOutlierRule(t *testing.T) {
	base := forcePlan(t, 1, nil, riskmodel.National(), compareDay)
	tests := []struct {
		name     string
		peers    []int // red stations of 1,000
		stations int   // the subject's stations (1,000 if 0)
		red      int   // the subject's red stations
		flagged  []string
		why      string
	}{
		{"zero while every peer has some", []int{10, 12, 9, 11, 10}, 0, 0, []string{"Subject"},
			"no red polling stations while 5 of 5 other forces have some; their median is 1.0%"},
		{"zero while three-quarters have some (each zero sees the other)", []int{10, 12, 0, 11}, 0, 0, []string{"Peer 3", "Subject"},
			"no red polling stations while 3 of 4 other forces have some; their median is 1.0%"},
		{"zero while under three-quarters have some", []int{10, 12, 0, 0, 11}, 0, 0, nil, ""},
		{"zero in a force too small for it to stand out", []int{10, 12, 9, 11, 10}, 300, 0, nil, ""},
		{"too few peers", []int{10, 12, 9}, 0, 0, nil, ""},
		{"far above: z and floor both exceeded", []int{10, 12, 9, 11, 10, 13}, 0, 150, []string{"Subject"},
			"red polling stations 15.0%, unusually high against a median of 1.0% among the 6 other forces (robust z-score 43.3)"},
		{"far below: z and floor both exceeded", []int{100, 110, 90, 105, 95}, 0, 20, []string{"Subject"},
			"red polling stations 2.0%, unusually low against a median of 10.0% among the 5 other forces (robust z-score 8.4)"},
		{"z exceeded but within the 2-point floor", []int{10, 11, 10, 11, 10, 11}, 0, 28, nil, ""},
		{"beyond the floor but z within 3.5", []int{10, 60, 20, 70, 30, 50}, 0, 100, nil, ""},
		{"peers identical: chance sets the spread", []int{10, 10, 10, 10, 10}, 0, 35, []string{"Subject"},
			"red polling stations 3.5%, unusually high against a median of 1.0% among the 5 other forces (robust z-score 7.9)"},
		{"peers identical, within what chance gives a small force", []int{10, 10, 10, 10, 10}, 100, 4, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var plans []*plan.Plan
			for i, red := range tt.peers {
				plans = append(plans, withSummary(base, fmt.Sprintf("Peer %d", i+1), 800000, stations(1000, red)))
			}
			plans = append(plans, withSummary(base, "Subject", 800000, stations(cmp.Or(tt.stations, 1000), tt.red)))
			c := plan.Compare(compared(plans...), plan.CompareOptions{AsOf: compareDay})
			var flagged []string
			for _, f := range c.Flags {
				if f.Metric != plan.MetricRedStations {
					continue
				}
				flagged = append(flagged, f.Force)
				if f.Force == "Subject" && f.Why != tt.why {
					t.Errorf("why:\n got %q\nwant %q", f.Why, tt.why)
				}
			}
			slices.Sort(flagged)
			if !slices.Equal(flagged, tt.flagged) {
				t.Errorf("flagged %q, want %q\n%s", flagged, tt.flagged, describeFlags(c))
			}
		})
	}
}

// Where chance says nothing (officer-hours are not counts) and the other
// forces do not vary, the floor alone decides.
func TestOutlierRuleFloorAlone(t *testing.T) {
	base := forcePlan(t, 1, nil, riskmodel.National(), compareDay)
	for _, tt := range []struct {
		hours   float64
		flagged bool
	}{{2400, false}, {2401, true}, {3200, true}, {800, false}, {799, true}} {
		t.Run(fmt.Sprint(tt.hours), func(t *testing.T) {
			var plans []*plan.Plan
			for i := range 5 {
				plans = append(plans, withSummary(base, fmt.Sprintf("Peer %d", i+1), 800000,
					func(s *plan.Summary) { s.OfficerHoursNeeded = 1600 }))
			}
			plans = append(plans, withSummary(base, "Subject", 800000, func(s *plan.Summary) { s.OfficerHoursNeeded = tt.hours }))
			c := plan.Compare(compared(plans...), plan.CompareOptions{AsOf: compareDay})
			f := forceRow(t, c, "Subject")
			if got := f.Flagged(plan.FlagOutlier, plan.MetricOfficerHoursNeed); got != tt.flagged {
				t.Fatalf("flagged %v, want %v\n%s", got, tt.flagged, describeFlags(c))
			}
			if tt.hours == 3200 && f.Flags[0].Why != "officer-hours needed 4.0 per 1,000 electors, unusually high: "+
				"at least half of the 5 other forces have exactly 2.0 per 1,000 electors" {
				t.Errorf("why %q", f.Flags[0].Why)
			}
		})
	}
}

// A plan as of exactly the limit is current; a day older is stale. The
// limit counts back from polling day when the poll is before the
// comparison date.
func TestStaleRule(t *testing.T) {
	base := forcePlan(t, 1, nil, riskmodel.National(), compareDay)
	poll := base.Election.PollingDay // 2029-05-03
	tests := []struct {
		name      string
		asOf, on  plan.Date
		staleDays int
		stale     bool
		why       string
	}{
		{"7 days before the comparison date", compareDay.AddDays(-7), compareDay, 0, false, ""},
		{"8 days before the comparison date", compareDay.AddDays(-8), compareDay, 0, true,
			"as of 2029-04-12, 8 days before 2029-04-20 (the comparison date); a plan more than 7 days older is stale"},
		{"same day", compareDay, compareDay, 0, false, ""},
		{"after the comparison date", compareDay.AddDays(3), compareDay, 0, false, ""},
		{"14 days with --stale-days 14", compareDay.AddDays(-14), compareDay, 14, false, ""},
		{"15 days with --stale-days 14", compareDay.AddDays(-15), compareDay, 14, true,
			"as of 2029-04-05, 15 days before 2029-04-20 (the comparison date); a plan more than 14 days older is stale"},
		{"compared after the poll: 7 days before polling day", poll.AddDays(-7), poll.AddDays(20), 0, false, ""},
		{"compared after the poll: 8 days before polling day", poll.AddDays(-8), poll.AddDays(20), 0, true,
			"as of 2029-04-25, 8 days before 2029-05-03 (polling day); a plan more than 7 days older is stale"},
		{"1 day with --stale-days 1", compareDay.AddDays(-1), compareDay, 1, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := *base
			p.AsOf = tt.asOf
			c := plan.Compare(compared(&p), plan.CompareOptions{AsOf: tt.on, StaleDays: tt.staleDays})
			f := c.Forces[0]
			if f.Stale != tt.stale || f.StaleReason != tt.why {
				t.Errorf("stale %v %q, want %v %q", f.Stale, f.StaleReason, tt.stale, tt.why)
			}
			if got := f.Flagged(plan.FlagStale, ""); got != tt.stale {
				t.Errorf("flagged stale %v, want %v", got, tt.stale)
			}
		})
	}
}

// National totals are the sums of the forces' figures, and national
// rates come from the sums, not an average of the forces' rates.
func TestNationalTotalsAreTheSums(t *testing.T) {
	var plans []*plan.Plan
	for seed := uint64(1); seed <= 5; seed++ {
		plans = append(plans, forcePlan(t, seed, nil, riskmodel.National(), compareDay))
	}
	// One small force makes an average of rates differ from the rate of
	// the sums.
	plans = append(plans, forcePlan(t, 9, func(in *plan.Inputs) {
		for i := range in.Constituencies {
			in.Constituencies[i].Electorate = 18000
		}
	}, riskmodel.National(), compareDay))
	c := plan.Compare(compared(plans...), plan.CompareOptions{AsOf: compareDay})
	var electorate, stations, red, cands, named, high int
	var needed, available, short float64
	bands := map[riskmodel.Band]int{}
	for _, p := range plans {
		s := p.Summary
		electorate += p.Election.Electorate
		stations += s.PollingStations
		red += s.StationsByRAG["red"]
		cands += s.Candidates
		named += s.NamedContact
		high += s.FlashpointsByBand["high"] + s.FlashpointsByBand["very-high"]
		needed += s.OfficerHoursNeeded
		available += s.OfficerHoursAvailable
		short += s.ShortfallHours
		for b, n := range s.FlashpointsByBand {
			bands[b] += n
		}
	}
	tot := c.Totals
	if tot.Electorate != electorate || tot.PollingStations != stations || tot.StationsByRAG["red"] != red ||
		tot.Candidates != cands || tot.NamedContact != named {
		t.Errorf("totals %+v", tot)
	}
	for b, n := range bands {
		if tot.FlashpointsByBand[b] != n {
			t.Errorf("%s flashpoints %d, want %d", b, tot.FlashpointsByBand[b], n)
		}
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 0.05 {
			t.Errorf("%s %.4f, want %.4f", what, got, want)
		}
	}
	near("officer-hours needed", tot.OfficerHoursNeeded, needed)
	near("officer-hours available", tot.OfficerHoursAvailable, available)
	near("shortfall", tot.ShortfallHours, short)
	near("red %", tot.StationsPctByRAG["red"].Value, 100*float64(red)/float64(stations))
	near("named contact %", tot.NamedContactPct.Value, 100*float64(named)/float64(cands))
	near("high flashpoints per 100k", tot.HighFlashpointsPer100k.Value, 100000*float64(high)/float64(electorate))
	near("needed per 1,000", tot.NeededPer1000.Value, 1000*needed/float64(electorate))
	mean := 0.0
	for _, f := range c.Forces {
		mean += f.NeededPer1000.Value / float64(len(c.Forces))
	}
	if math.Abs(mean-tot.NeededPer1000.Value) < 0.01 {
		t.Errorf("the national rate %.3f is the mean of the forces' rates: it should come from the sums", mean)
	}
	// Tiers by party add up to the national tiers.
	sum := map[riskmodel.Tier]int{}
	for _, pt := range c.TiersByParty {
		for tier, n := range pt.Tiers {
			sum[tier] += n
		}
	}
	for _, tier := range riskmodel.Tiers {
		if sum[tier] != tot.CandidatesByTier[tier] {
			t.Errorf("tier %s: %d by party, %d in the totals", tier, sum[tier], tot.CandidatesByTier[tier])
		}
	}
}

// Tiers by party: parties by name, candidates without a party last as
// "(no party)"; each force's audit is carried to its row.
func TestTiersByParty(t *testing.T) {
	p := forcePlan(t, 1, func(in *plan.Inputs) {
		in.Candidates[0].Party = ""
		in.Candidates[1].Party = ""
	}, riskmodel.National(), compareDay)
	c := plan.Compare(compared(p), plan.CompareOptions{AsOf: compareDay})
	var parties []string
	total := 0
	for _, pt := range c.TiersByParty {
		parties = append(parties, pt.Party)
		total += pt.Candidates
	}
	want := []string{"Civic Democrats", "Commonwealth Party", "Green Future", "Heritage Party", "Independent", "Unity Party", plan.NoParty}
	if !slices.Equal(parties, want) {
		t.Errorf("parties %q, want %q", parties, want)
	}
	if last := c.TiersByParty[len(c.TiersByParty)-1]; last.Candidates != 2 {
		t.Errorf("%d candidates of no party, want 2", last.Candidates)
	}
	if total != len(p.Candidates) {
		t.Errorf("%d candidates by party, %d in the plan", total, len(p.Candidates))
	}
	if f := c.Forces[0]; f.AuditResult() != "passed" || f.Audit.Candidates != len(p.Candidates) {
		t.Errorf("audit %q %+v", f.AuditResult(), f.Audit)
	}
}

// A plan lacking parts of a complete plan gets one flag listing them.
func TestMissingSectionsFlagged(t *testing.T) {
	p := forcePlan(t, 1, nil, riskmodel.National(), compareDay)
	p.Counts = nil
	p.Resources.Days = nil
	p.Command = slices.DeleteFunc(p.Command, func(c plan.CommandEntry) bool { return c.Role == "silver" || c.Role == "gold" })
	c := plan.Compare(compared(p), plan.CompareOptions{AsOf: compareDay})
	if got := flagSet(c); !slices.Equal(got, []string{"Force 01: missing sections"}) {
		t.Fatalf("flags %q", got)
	}
	want := "the plan has no counts, no command entry for gold or silver and no availability (resources.availability)"
	if c.Flags[0].Why != want {
		t.Errorf("why %q, want %q", c.Flags[0].Why, want)
	}
}

// The model flags: a non-standard model, and a national model older than
// the newest among the plans (or than this electplan's).
func TestModelFlags(t *testing.T) {
	national := riskmodel.National()
	p := forcePlan(t, 1, nil, national, compareDay)
	withModel := func(name, version string, standard bool) *plan.Plan {
		q := *p
		q.Force.Name, q.Force.Code = name, name
		q.Model.Version, q.Model.Standard = version, standard
		return &q
	}
	tests := []struct {
		name   string
		plans  []*plan.Plan
		want   []string
		newest string
	}{
		{"all current", []*plan.Plan{withModel("A", "1.0.0", true), withModel("B", "1.0.0", true)}, nil, "1.0.0"},
		{"older than electplan's", []*plan.Plan{withModel("A", "0.9.0", true), withModel("B", "1.0.0", true)},
			[]string{"A: older model"}, "1.0.0"},
		{"older than another plan's", []*plan.Plan{withModel("A", "1.0.0", true), withModel("B", "1.10.0", true)},
			[]string{"A: older model"}, "1.10.0"},
		{"a pre-release is older than its release", []*plan.Plan{withModel("A", "1.1.0-rc.1", true), withModel("B", "1.1.0", true)},
			[]string{"A: older model"}, "1.1.0"},
		{"versions compare by number, not text", []*plan.Plan{withModel("A", "1.9.0", true), withModel("B", "1.10.0", true)},
			[]string{"A: older model"}, "1.10.0"},
		{"non-standard", []*plan.Plan{withModel("A", "1.0.0", false), withModel("B", "1.0.0", true)},
			[]string{"A: non-standard model"}, "1.0.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := plan.Compare(compared(tt.plans...), plan.CompareOptions{AsOf: compareDay})
			if got := flagSet(c); !slices.Equal(got, tt.want) {
				t.Errorf("flags %q, want %q", got, tt.want)
			}
			if c.NewestNationalModel != tt.newest {
				t.Errorf("newest %s, want %s", c.NewestNationalModel, tt.newest)
			}
		})
	}
}

// writePlan writes p's plan.json to path.
func writePlan(t *testing.T, path string, p *plan.Plan) {
	t.Helper()
	b, err := p.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Reading: a folder's *.json files and its subfolders' plan.json (never
// revisions/), files in path order; a plan of another schema version is
// a flagged row, not a failure.
func TestReadComparisonInputs(t *testing.T) {
	dir := t.TempDir()
	p1 := forcePlan(t, 1, nil, riskmodel.National(), compareDay)
	p2 := forcePlan(t, 2, nil, riskmodel.National(), compareDay)
	p3 := forcePlan(t, 3, nil, riskmodel.National(), compareDay)
	writePlan(t, filepath.Join(dir, "b.json"), p2)
	writePlan(t, filepath.Join(dir, "force-a", "plan.json"), p1)
	writePlan(t, filepath.Join(dir, "force-a", "revisions", "r001", "plan.json"), p1) // never read
	writePlan(t, filepath.Join(dir, "revisions", "plan.json"), p1)                    // never read
	writePlan(t, filepath.Join(dir, "deep", "x", "plan.json"), p1)                    // two levels down: not read
	b, err := p3.JSON()
	if err != nil {
		t.Fatal(err)
	}
	v2 := bytes.Replace(b, []byte(`"schema": "electplan-plan/v1"`), []byte(`"schema": "electplan-plan/v2"`), 1)
	v2 = bytes.Replace(v2, []byte(`"revision": 1`), []byte(`"revision": "one"`), 1) // a changed field does not lose the rest
	if err := os.WriteFile(filepath.Join(dir, "c.json"), v2, 0o644); err != nil {
		t.Fatal(err)
	}
	var progress []string
	got, err := plan.ReadComparisonInputs([]string{dir, filepath.Join(dir, "b.json")}, func(done, total int) {
		progress = append(progress, fmt.Sprintf("%d/%d", done, total))
	})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, c := range got {
		paths = append(paths, strings.TrimPrefix(c.Path, dir+string(filepath.Separator)))
	}
	if want := []string{"b.json", "c.json", filepath.Join("force-a", "plan.json")}; !slices.Equal(paths, want) {
		t.Errorf("read %q, want %q", paths, want)
	}
	if !slices.Equal(progress, []string{"1/3", "2/3", "3/3"}) {
		t.Errorf("progress %q", progress)
	}
	c := plan.Compare(got, plan.CompareOptions{AsOf: compareDay})
	if flags := flagSet(c); !slices.Equal(flags, []string{"Force 03: schema mismatch"}) {
		t.Fatalf("flags %q\n%s", flags, describeFlags(c))
	}
	f3 := forceRow(t, c, "Force 03")
	if f3.Compared || f3.ForceCode != "E23000003" || f3.Election != p3.Election.ID || !f3.AsOf.Equal(p3.AsOf.Time) {
		t.Errorf("schema-mismatch row %+v", f3)
	}
	if want := `written to schema "electplan-plan/v2", not electplan-plan/v1: its figures are not compared`; c.Flags[0].Why != want {
		t.Errorf("why %q", c.Flags[0].Why)
	}
	if c.ComparedForces() != 2 || c.Totals.PollingStations != p1.Summary.PollingStations+p2.Summary.PollingStations {
		t.Errorf("the mismatched plan counts in the totals: %d forces, %d stations", c.ComparedForces(), c.Totals.PollingStations)
	}
}

// What cannot be compared at all is an error naming the file, every
// problem at once.
func TestReadComparisonInputsErrors(t *testing.T) {
	p1 := forcePlan(t, 1, nil, riskmodel.National(), compareDay)
	p1b := *p1
	p1b.Revision, p1b.AsOf = 2, compareDay.AddDays(2)
	tests := []struct {
		name  string
		files map[string]any // a *plan.Plan or raw text
		args  []string
		want  []string
	}{
		{"not JSON", map[string]any{"a.json": p1, "notes.json": "meeting notes, not JSON"}, nil,
			[]string{"notes.json: not a plan.json:"}},
		{"no schema", map[string]any{"a.json": p1, "other.json": `{"force": "x"}`}, nil,
			[]string{`other.json: not a plan.json: no "schema"`}},
		{"two plans of one force", map[string]any{"a.json": p1, "b.json": &p1b}, nil,
			[]string{"a.json and ", "b.json are both plans of Force 01 (E23000001) for parl.2029-05-03 (revision 1 as of 2029-04-20, and revision 2 as of 2029-04-22)",
				"keep the latest revision, ", "b.json"}},
		{"a missing file", map[string]any{"a.json": p1}, []string{"no-such.json"}, []string{"read no-such.json: no such file or directory"}},
		{"an empty folder", map[string]any{"a.json": p1}, []string{"empty"}, []string{"empty holds no plans"}},
		{"every problem at once", map[string]any{"x.json": "[", "y.json": "{}"}, nil, []string{"x.json: not a plan.json", "y.json: not a plan.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			for name, v := range tt.files {
				switch v := v.(type) {
				case *plan.Plan:
					writePlan(t, filepath.Join("plans", name), v)
				case string:
					if err := os.MkdirAll("plans", 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join("plans", name), []byte(v), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := os.Mkdir("empty", 0o755); err != nil {
				t.Fatal(err)
			}
			args := append([]string{"plans"}, tt.args...)
			_, err := plan.ReadComparisonInputs(args, nil)
			if err == nil {
				t.Fatal("no error")
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q:\n%v", want, err)
				}
			}
		})
	}
}

// The comparison as JSON: rates to three places, an unknown rate null.
func TestComparisonJSON(t *testing.T) {
	p := forcePlan(t, 1, nil, riskmodel.National(), compareDay)
	q := *p
	q.Election.Electorate = 0
	c := plan.Compare(compared(&q), plan.CompareOptions{AsOf: compareDay})
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"high_flashpoints_per_100k_electors":null`, `"as_of":"2029-04-20"`, `"stale_days":7`,
		`"marking":"OFFICIAL-SENSITIVE"`, `"forces_without_electorate":1`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	var back plan.Comparison
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if got, want := back.Totals.StationsPctByRAG["red"].Value, c.Totals.StationsPctByRAG["red"].Value; math.Abs(got-want) > 0.001 {
		t.Errorf("red %% read back %.4f, want %.4f", got, want)
	}
}
