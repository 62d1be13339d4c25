package plan

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/electplan/electplan/riskmodel"
)

// The national comparison: every force's plan.json side by side, with the
// figures put on a common footing (per elector, per station, per
// candidate) and the plans that are inconsistent flagged, each with why.
// docs/compare.md states every rule for the national lead.

// ComparisonMarking is the protective marking of the national comparison:
// it gathers every force's plan, so it carries the highest marking a plan
// may have.
const ComparisonMarking = "OFFICIAL-SENSITIVE"

// DefaultStaleDays is how many days before the comparison date (or
// polling day, if earlier) a plan's as-of date may be before it is stale.
const DefaultStaleDays = 7

// NoParty is how a candidate without a party is shown in the tiers by
// party.
const NoParty = "(no party)"

// ComparedPlan is one plan.json read for the national comparison.
type ComparedPlan struct {
	// Path is the file it was read from.
	Path string
	// Schema is the file's "schema".
	Schema string
	// Plan is the plan. For a file written to another schema version it
	// holds only what could be read of its identity (force, election,
	// revision, as-of, model); its figures are not compared.
	Plan *Plan
}

// SchemaMatches reports whether the file is written to PlanSchema, the
// version this electplan compares.
func (c ComparedPlan) SchemaMatches() bool { return c.Schema == PlanSchema }

// ReadComparisonInputs reads the plans to compare. Each path is a
// plan.json file or a folder, in which the *.json files and the plan.json
// of each subfolder (one level down, never revisions/) are read. Files are
// read in path order; a file named twice is read once. onFile, if not nil,
// is called after each file with how many are done out of how many.
//
// A file written to another schema version is not an error: it is
// returned with what could be read of its identity, and the comparison
// flags it. A file that is not JSON, has no "schema", or cannot be read
// is an error, as are two plans of the same force for the same election;
// every such problem is reported at once.
func ReadComparisonInputs(paths []string, onFile func(done, total int)) ([]ComparedPlan, error) {
	files, err := comparisonFiles(paths)
	if err != nil {
		return nil, err
	}
	out := make([]ComparedPlan, len(files))
	errs := make([]error, len(files))
	var (
		mu   sync.Mutex
		done int
		wg   sync.WaitGroup
		next = make(chan int)
	)
	// Plans of big forces are megabytes of JSON: decode a few at once.
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = readComparedPlan(files[i])
				mu.Lock()
				done++
				if onFile != nil {
					onFile(done, len(files))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := duplicatePlans(out); err != nil {
		return nil, err
	}
	return out, nil
}

// comparisonFiles lists the files paths name, sorted and without repeats.
func comparisonFiles(paths []string) ([]string, error) {
	var files, errs []string
	seen := map[string]bool{}
	add := func(path string) {
		abs, err := filepath.Abs(path)
		if err != nil {
			abs = path
		}
		if !seen[abs] {
			seen[abs] = true
			files = append(files, filepath.Clean(path))
		}
	}
	for _, path := range paths {
		info, err := os.Stat(path)
		if err != nil {
			errs = append(errs, fmt.Sprintf("read %s: %v", path, unwrapPath(err)))
			continue
		}
		if !info.IsDir() {
			add(path)
			continue
		}
		found, err := plansInFolder(path)
		if err != nil {
			errs = append(errs, fmt.Sprintf("read %s: %v", path, unwrapPath(err)))
			continue
		}
		if len(found) == 0 {
			errs = append(errs, fmt.Sprintf("%s holds no plans: looked for *.json in it and plan.json one folder down", path))
		}
		for _, f := range found {
			add(f)
		}
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	slices.Sort(files)
	return files, nil
}

// unwrapPath drops the path an *fs.PathError repeats.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// plansInFolder lists dir's *.json files and the plan.json of each of its
// folders except revisions/ (the kept earlier revisions of a plan).
func plansInFolder(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		switch {
		case e.IsDir() && e.Name() != "revisions":
			if info, err := os.Stat(filepath.Join(path, "plan.json")); err == nil && !info.IsDir() {
				out = append(out, filepath.Join(path, "plan.json"))
			}
		case !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".json"):
			out = append(out, path)
		}
	}
	return out, nil
}

// ErrNotAPlan is matched (errors.Is) by the errors of ReadComparisonInputs
// for a file that is read but is not a plan.json: invalid input, not a
// failure.
var ErrNotAPlan = errors.New("not a plan.json")

type notAPlan struct{ err error }

func (e notAPlan) Error() string        { return e.err.Error() }
func (e notAPlan) Unwrap() error        { return e.err }
func (e notAPlan) Is(target error) bool { return target == ErrNotAPlan }

// readComparedPlan reads one file, leniently when its schema is another
// version's.
func readComparedPlan(path string) (ComparedPlan, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return ComparedPlan{}, fmt.Errorf("read %s: %w", path, unwrapPath(err))
	}
	var head struct {
		Schema string `json:"schema"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return ComparedPlan{}, notAPlan{fmt.Errorf("%s: not a plan.json: %v", path, err)}
	}
	if head.Schema == "" {
		return ComparedPlan{}, notAPlan{fmt.Errorf("%s: not a plan.json: no \"schema\" (a plan.json starts {\"schema\": %q, …})", path, PlanSchema)}
	}
	c := ComparedPlan{Path: path, Schema: head.Schema}
	if head.Schema == PlanSchema {
		if c.Plan, err = ReadPlan(bytes.NewReader(b)); err != nil {
			return ComparedPlan{}, notAPlan{fmt.Errorf("%s: %w", path, err)}
		}
		return c, nil
	}
	// Another version: take what identity it shares with this one, field
	// by field, so one changed field does not lose the rest.
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(b, &raw) // an object: the schema was read from it
	p := &Plan{Schema: head.Schema}
	for key, v := range map[string]any{"force": &p.Force, "election": &p.Election, "revision": &p.Revision,
		"as_of": &p.AsOf, "model": &p.Model} {
		if msg, ok := raw[key]; ok {
			_ = json.Unmarshal(msg, v) // unreadable: left empty, shown as unknown
		}
	}
	c.Plan = p
	return c, nil
}

// forceKey identifies a force in the comparison: its code, else its name.
func forceKey(p *Plan) string {
	return cmp.Or(p.Force.Code, p.Force.Name)
}

// duplicatePlans refuses two plans of one force for one election: the
// comparison would count the force twice.
func duplicatePlans(plans []ComparedPlan) error {
	type key struct{ force, election string }
	first := map[key]int{}
	var errs []error
	for i, c := range plans {
		if forceKey(c.Plan) == "" {
			continue // no force named: nothing to match on
		}
		k := key{forceKey(c.Plan), c.Plan.Election.ID}
		j, ok := first[k]
		if !ok {
			first[k] = i
			continue
		}
		a, b := plans[j], c
		latest := b
		if a.Plan.Revision > b.Plan.Revision || (a.Plan.Revision == b.Plan.Revision && a.Plan.AsOf.After(b.Plan.AsOf)) {
			latest = a
		}
		errs = append(errs, fmt.Errorf("%s and %s are both plans of %s for %s (revision %d as of %s, and revision %d as of %s): "+
			"compare one plan per force and election; keep the latest revision, %s, and move the other out of the way",
			a.Path, b.Path, forceName(a.Plan), cmp.Or(a.Plan.Election.ID, "the same election"),
			a.Plan.Revision, a.Plan.AsOf, b.Plan.Revision, b.Plan.AsOf, latest.Path))
	}
	return errors.Join(errs...)
}

func forceName(p *Plan) string {
	switch {
	case p.Force.Name != "" && p.Force.Code != "":
		return fmt.Sprintf("%s (%s)", p.Force.Name, p.Force.Code)
	case p.Force.Name != "":
		return p.Force.Name
	}
	return cmp.Or(p.Force.Code, "an unnamed force")
}

// CompareOptions are the settings of a comparison.
type CompareOptions struct {
	// AsOf is the comparison date.
	AsOf Date
	// StaleDays is how old a plan may be (see DefaultStaleDays, used when
	// StaleDays is 0 or less).
	StaleDays int
}

// Comparison is the national comparison: one row per force, national
// totals, the flags and the candidate tiers by party. Its JSON form is
// what `electplan compare --format json` prints.
type Comparison struct {
	AsOf      Date   `json:"as_of"`
	StaleDays int    `json:"stale_days"`
	Marking   string `json:"marking"`
	Generator string `json:"generator"`
	// NewestNationalModel is the highest version of the national model
	// among the plans and this electplan's own: older versions are flagged.
	NewestNationalModel string `json:"newest_national_model"`
	// Forces are the plans compared, by force name then election.
	Forces []ForceComparison `json:"forces"`
	// Totals are the sums over the forces whose figures are compared;
	// national rates are computed from the sums, never averaged.
	Totals Figures `json:"totals"`
	// WithoutElectorate is how many compared forces gave no electorate:
	// their counts are in the totals but not in the national rates per
	// elector.
	WithoutElectorate int `json:"forces_without_electorate"`
	// Flags are every force's flags, in force order.
	Flags []Flag `json:"flags"`
	// TiersByParty counts candidates by party and tier nationally.
	TiersByParty []PartyTiers `json:"tiers_by_party"`
}

// FlaggedForces is how many forces have at least one flag.
func (c *Comparison) FlaggedForces() int {
	n := 0
	for _, f := range c.Forces {
		if len(f.Flags) > 0 {
			n++
		}
	}
	return n
}

// ComparedForces is how many forces have figures in the comparison (not
// a schema mismatch).
func (c *Comparison) ComparedForces() int {
	n := 0
	for _, f := range c.Forces {
		if f.Compared {
			n++
		}
	}
	return n
}

// ForceComparison is one force's row of the comparison.
type ForceComparison struct {
	File         string `json:"file"`
	Force        string `json:"force"`
	ForceCode    string `json:"force_code"`
	Election     string `json:"election"`
	ElectionName string `json:"election_name"`
	PollingDay   Date   `json:"polling_day"`
	Schema       string `json:"schema"`
	// Compared is false for a plan of another schema version: only its
	// identity is shown and its figures are left out of every total.
	Compared    bool     `json:"compared"`
	Revision    int      `json:"revision"`
	AsOf        Date     `json:"as_of"`
	Stale       bool     `json:"stale"`
	StaleReason string   `json:"stale_reason,omitempty"`
	Model       ModelRef `json:"model"`
	Figures     `json:"figures"`
	Audit       NeutralityAudit `json:"neutrality_audit"`
	Flags       []Flag          `json:"flags"`
}

// Flagged reports whether the force has a flag of kind k (and, if metric
// is not empty, for that metric).
func (f *ForceComparison) Flagged(k FlagKind, metric string) bool {
	return slices.ContainsFunc(f.Flags, func(fl Flag) bool { return fl.Kind == k && (metric == "" || fl.Metric == metric) })
}

// AuditResult says the force's neutrality audit in a few words.
func (f *ForceComparison) AuditResult() string {
	switch {
	case !f.Compared:
		return "not compared"
	case f.Audit.Method == "":
		return "not recorded"
	case f.Audit.Passed:
		return "passed"
	}
	return fmt.Sprintf("FAILED (%d changed)", f.Audit.Differences)
}

// Figures are a force's (or the nation's) headline figures, with the
// rates that put forces of different sizes on a common footing.
type Figures struct {
	Electorate int `json:"electorate"`
	// Flashpoints are events and counts.
	Flashpoints            int                     `json:"flashpoints"`
	FlashpointsByBand      map[riskmodel.Band]int  `json:"flashpoints_by_band"`
	FlashpointsPer100kBand map[riskmodel.Band]Rate `json:"flashpoints_per_100k_electors_by_band"`
	HighFlashpointsPer100k Rate                    `json:"high_flashpoints_per_100k_electors"`
	PollingStations        int                     `json:"polling_stations"`
	StationsByRAG          map[string]int          `json:"polling_stations_by_rag"`
	StationsPctByRAG       map[string]Rate         `json:"polling_stations_pct_by_rag"`
	Candidates             int                     `json:"candidates"`
	CandidatesByTier       map[riskmodel.Tier]int  `json:"candidates_by_tier"`
	HighTierPct            Rate                    `json:"candidates_high_tier_pct"`
	NamedContact           int                     `json:"candidates_with_named_contact"`
	NamedContactPct        Rate                    `json:"candidates_with_named_contact_pct"`
	BriefingOffered        int                     `json:"candidates_offered_briefing"`
	BriefingOfferedPct     Rate                    `json:"candidates_offered_briefing_pct"`
	OfficerHoursNeeded     float64                 `json:"officer_hours_needed"`
	OfficerHoursAvailable  float64                 `json:"officer_hours_available"`
	NeededPer1000          Rate                    `json:"officer_hours_needed_per_1000_electors"`
	AvailablePer1000       Rate                    `json:"officer_hours_available_per_1000_electors"`
	ShortfallHours         float64                 `json:"shortfall_hours"`
	ShortfallPct           Rate                    `json:"shortfall_pct_of_needed"`
	Overrides              int                     `json:"overrides"`
	ReviewsOverdue         int                     `json:"reviews_overdue"`
}

// Rate is a percentage or a rate per head of electorate. It is unknown
// (Known false, JSON null, shown as a dash) when what it divides by is
// zero: no electorate given, no polling stations, no candidates.
type Rate struct {
	Value float64
	Known bool
}

func rateOf(num, den, per float64) Rate {
	if den <= 0 {
		return Rate{}
	}
	return Rate{Value: num / den * per, Known: true}
}

// MarshalJSON writes the rate to three decimal places, or null.
func (r Rate) MarshalJSON() ([]byte, error) {
	if !r.Known {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, math.Round(r.Value*1000)/1000, 'f', -1, 64), nil
}

// UnmarshalJSON reads a number or null.
func (r *Rate) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*r = Rate{}
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("rate %s is not a number", b)
	}
	*r = Rate{Value: v, Known: true}
	return nil
}

// RAGs are the polling-station ratings, worst first.
var RAGs = []string{"red", "amber", "green"}

func newFigures() Figures {
	f := Figures{FlashpointsByBand: map[riskmodel.Band]int{}, FlashpointsPer100kBand: map[riskmodel.Band]Rate{},
		StationsByRAG: map[string]int{}, StationsPctByRAG: map[string]Rate{}, CandidatesByTier: map[riskmodel.Tier]int{}}
	for _, b := range riskmodel.Bands {
		f.FlashpointsByBand[b] = 0
	}
	for _, r := range RAGs {
		f.StationsByRAG[r] = 0
	}
	for _, t := range riskmodel.Tiers {
		f.CandidatesByTier[t] = 0
	}
	return f
}

// figuresOf takes a plan's headline figures from its summary.
func figuresOf(p *Plan) Figures {
	f, s := newFigures(), p.Summary
	f.Electorate = p.Election.Electorate
	for _, b := range riskmodel.Bands {
		f.FlashpointsByBand[b] = s.FlashpointsByBand[b]
		f.Flashpoints += s.FlashpointsByBand[b]
	}
	for _, r := range RAGs {
		f.StationsByRAG[r] = s.StationsByRAG[r]
	}
	f.PollingStations = s.PollingStations
	for _, t := range riskmodel.Tiers {
		f.CandidatesByTier[t] = s.CandidatesByTier[t]
	}
	f.Candidates = s.Candidates
	f.NamedContact, f.BriefingOffered = s.NamedContact, s.BriefingOffered
	f.OfficerHoursNeeded, f.OfficerHoursAvailable, f.ShortfallHours = s.OfficerHoursNeeded, s.OfficerHoursAvailable, s.ShortfallHours
	f.Overrides, f.ReviewsOverdue = s.Overrides, s.ReviewsOverdue
	f.setRates(&f)
	return f
}

// add adds g's counts to f.
func (f *Figures) add(g *Figures) {
	f.Electorate += g.Electorate
	f.Flashpoints += g.Flashpoints
	for b, n := range g.FlashpointsByBand {
		f.FlashpointsByBand[b] += n
	}
	f.PollingStations += g.PollingStations
	for r, n := range g.StationsByRAG {
		f.StationsByRAG[r] += n
	}
	f.Candidates += g.Candidates
	for t, n := range g.CandidatesByTier {
		f.CandidatesByTier[t] += n
	}
	f.NamedContact += g.NamedContact
	f.BriefingOffered += g.BriefingOffered
	f.OfficerHoursNeeded = round1(f.OfficerHoursNeeded + g.OfficerHoursNeeded)
	f.OfficerHoursAvailable = round1(f.OfficerHoursAvailable + g.OfficerHoursAvailable)
	f.ShortfallHours = round1(f.ShortfallHours + g.ShortfallHours)
	f.Overrides += g.Overrides
	f.ReviewsOverdue += g.ReviewsOverdue
}

// setRates computes f's rates from its counts. Rates per elector divide
// the counts in perElector (f itself for a force; for the nation, the sums
// over the forces that gave an electorate, so a force without one does
// not inflate them).
func (f *Figures) setRates(perElector *Figures) {
	e := float64(perElector.Electorate)
	high := perElector.FlashpointsByBand[riskmodel.High] + perElector.FlashpointsByBand[riskmodel.VeryHigh]
	for _, b := range riskmodel.Bands {
		f.FlashpointsPer100kBand[b] = rateOf(float64(perElector.FlashpointsByBand[b]), e, 100_000)
	}
	f.HighFlashpointsPer100k = rateOf(float64(high), e, 100_000)
	f.NeededPer1000 = rateOf(perElector.OfficerHoursNeeded, e, 1000)
	f.AvailablePer1000 = rateOf(perElector.OfficerHoursAvailable, e, 1000)
	for _, r := range RAGs {
		f.StationsPctByRAG[r] = rateOf(float64(f.StationsByRAG[r]), float64(f.PollingStations), 100)
	}
	highTier := f.CandidatesByTier[riskmodel.TierHigh] + f.CandidatesByTier[riskmodel.TierVeryHigh]
	f.HighTierPct = rateOf(float64(highTier), float64(f.Candidates), 100)
	f.NamedContactPct = rateOf(float64(f.NamedContact), float64(f.Candidates), 100)
	f.BriefingOfferedPct = rateOf(float64(f.BriefingOffered), float64(f.Candidates), 100)
	f.ShortfallPct = rateOf(f.ShortfallHours, f.OfficerHoursNeeded, 100)
}

// FlagKind is the kind of a consistency flag.
type FlagKind string

// The flags, in the order a force's flags are listed.
const (
	FlagSchemaMismatch   FlagKind = "schema mismatch"
	FlagNonStandardModel FlagKind = "non-standard model"
	FlagOlderModel       FlagKind = "older model"
	FlagStale            FlagKind = "stale"
	FlagMissingSections  FlagKind = "missing sections"
	FlagOutlier          FlagKind = "outlier"
	FlagNeutralityAudit  FlagKind = "neutrality audit"
)

// Flag is one reason a force's plan is inconsistent with the others.
type Flag struct {
	Force     string   `json:"force"`
	ForceCode string   `json:"force_code"`
	Election  string   `json:"election"`
	File      string   `json:"file"`
	Kind      FlagKind `json:"kind"`
	// Metric is the OutlierMetric an outlier flag is about.
	Metric string `json:"metric,omitempty"`
	// Why says what was found, in words, with the figures.
	Why string `json:"why"`
	// NextStep says what the national lead can ask of the force.
	NextStep string `json:"next_step"`
}

// Label is the flag's kind, with the metric for an outlier.
func (f Flag) Label() string {
	if f.Kind == FlagOutlier {
		if m, ok := metricByKey(f.Metric); ok {
			return "outlier: " + m.Title
		}
	}
	return string(f.Kind)
}

// OutlierMetric is a distribution the comparison looks for outliers in.
type OutlierMetric struct {
	Key   string
	Title string
	// None says the metric is zero, in words ("no red polling stations").
	None string
	// Percent is true for a percentage; otherwise it is a rate per head.
	Percent bool
	Unit    string
	// Hint is where the force might look if the figure is not real.
	Hint string
	// Value is the force's value.
	Value func(f *Figures) Rate
	// Items is how many items (stations, candidates, 100,000s of
	// electors) the force's value is a share or rate of, for the spread
	// chance alone would give it; 0 when the value is not a count.
	Items func(f *Figures) float64
}

// Outlier metrics' keys.
const (
	MetricRedStations      = "red_stations_pct"
	MetricAmberStations    = "amber_stations_pct"
	MetricHighFlashpoints  = "high_flashpoints_per_100k"
	MetricHighTier         = "high_tier_candidates_pct"
	MetricOfficerHoursNeed = "officer_hours_needed_per_1000"
)

// OutlierMetrics are the distributions checked for outliers, in the order
// their flags are listed.
var OutlierMetrics = []OutlierMetric{
	{Key: MetricRedStations, Title: "red polling stations", None: "no red polling stations", Percent: true, Unit: "%",
		Hint:  "the returning officers' station ratings and the incidents at stations at the last election",
		Value: func(f *Figures) Rate { return f.StationsPctByRAG["red"] },
		Items: func(f *Figures) float64 { return float64(f.PollingStations) }},
	{Key: MetricAmberStations, Title: "amber polling stations", None: "no amber polling stations", Percent: true, Unit: "%",
		Hint:  "the returning officers' station ratings and the incidents at stations at the last election",
		Value: func(f *Figures) Rate { return f.StationsPctByRAG["amber"] },
		Items: func(f *Figures) float64 { return float64(f.PollingStations) }},
	{Key: MetricHighFlashpoints, Title: "high and very-high flashpoints", None: "no high or very-high flashpoints",
		Unit: "per 100,000 electors", Hint: "the events known to the force and their intelligence, and the electorate",
		Value: func(f *Figures) Rate { return f.HighFlashpointsPer100k },
		Items: func(f *Figures) float64 { return float64(f.Electorate) / 100_000 }},
	{Key: MetricHighTier, Title: "candidates of tier high or very-high", None: "no candidates of tier high or very-high",
		Percent: true, Unit: "%", Hint: "the candidates' threat history, abuse and incidents recorded",
		Value: func(f *Figures) Rate { return f.HighTierPct },
		Items: func(f *Figures) float64 { return float64(f.Candidates) }},
	{Key: MetricOfficerHoursNeed, Title: "officer-hours needed", None: "no officer-hours needed",
		Unit: "per 1,000 electors", Hint: "the deployments the plan holds and the electorate",
		Value: func(f *Figures) Rate { return f.NeededPer1000 },
		Items: func(*Figures) float64 { return 0 }}, // hours are not a count of chance events
}

// chance is what chance alone gives a force with items items if its true
// value were med: the count expected, and the standard error of its
// value (binomial for a percentage, Poisson for a rate per head). With no
// chance model (items 0) the count is unbounded and the error 0.
func (m OutlierMetric) chance(items, med float64) (expected, se float64) {
	switch {
	case items <= 0:
		return math.Inf(1), 0
	case m.Percent:
		p := med / 100
		return p * items, 100 * math.Sqrt(p*(1-p)/items)
	}
	return med * items, math.Sqrt(med*items) / items
}

func metricByKey(key string) (OutlierMetric, bool) {
	i := slices.IndexFunc(OutlierMetrics, func(m OutlierMetric) bool { return m.Key == key })
	if i < 0 {
		return OutlierMetric{}, false
	}
	return OutlierMetrics[i], true
}

// Format writes a value of the metric with its unit: "1.1%", "3.2 per
// 100,000 electors".
func (m OutlierMetric) Format(v float64) string {
	if m.Percent {
		return fmt.Sprintf("%.1f%%", v)
	}
	return fmt.Sprintf("%.1f %s", v, m.Unit)
}

// The outlier rule's constants (docs/compare.md).
const (
	outlierMinPeers    = 4      // other forces with the metric
	outlierZ           = 3.5    // robust z-score above which a value is an outlier …
	outlierFloorPoints = 2.0    // … and further from the median than this (percentages, in points)
	outlierFloorShare  = 0.5    // … or than this share of the median (rates per head)
	madScale           = 1.4826 // makes the MAD estimate the standard deviation of a normal distribution
	outlierMinExpected = 5.0    // a zero counts when at least this many were expected (chance of none under 1%)
)

// PartyTiers is one party's candidates by tier, nationally.
type PartyTiers struct {
	Party      string                 `json:"party"`
	Candidates int                    `json:"candidates"`
	Tiers      map[riskmodel.Tier]int `json:"tiers"`
}

// Compare compares the plans. Every plan gives one row; the rows are
// sorted by force name, then election. It never fails: what cannot be
// compared is flagged.
func Compare(plans []ComparedPlan, opts CompareOptions) *Comparison {
	if opts.StaleDays <= 0 {
		opts.StaleDays = DefaultStaleDays
	}
	c := &Comparison{AsOf: opts.AsOf, StaleDays: opts.StaleDays, Marking: ComparisonMarking,
		Generator: "electplan " + Version, Forces: []ForceComparison{}, Flags: []Flag{}, TiersByParty: []PartyTiers{}}
	national := riskmodel.National()
	c.NewestNationalModel = national.Version
	for _, cp := range plans {
		if cp.SchemaMatches() && cp.Plan.Model.ID == national.ID && compareVersions(cp.Plan.Model.Version, c.NewestNationalModel) > 0 {
			c.NewestNationalModel = cp.Plan.Model.Version
		}
	}
	for _, cp := range plans {
		c.Forces = append(c.Forces, c.row(cp, opts, national.ID))
	}
	slices.SortStableFunc(c.Forces, func(a, b ForceComparison) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Force), strings.ToLower(b.Force)), cmp.Compare(a.Force, b.Force),
			cmp.Compare(a.Election, b.Election), cmp.Compare(a.File, b.File))
	})
	c.outliers()
	c.totals()
	c.tiersByParty(plans)
	for i := range c.Forces {
		f := &c.Forces[i]
		slices.SortStableFunc(f.Flags, func(a, b Flag) int { return cmp.Compare(flagRank(a), flagRank(b)) })
		c.Flags = append(c.Flags, f.Flags...)
	}
	return c
}

// flagRank orders a force's flags: by kind, outliers by metric.
func flagRank(f Flag) int {
	kinds := []FlagKind{FlagSchemaMismatch, FlagNonStandardModel, FlagOlderModel, FlagStale, FlagMissingSections,
		FlagOutlier, FlagNeutralityAudit}
	r := slices.Index(kinds, f.Kind) * 100
	if f.Kind == FlagOutlier {
		r += slices.IndexFunc(OutlierMetrics, func(m OutlierMetric) bool { return m.Key == f.Metric })
	}
	return r
}

// row makes one force's row and the flags that need only its own plan.
func (c *Comparison) row(cp ComparedPlan, opts CompareOptions, nationalID string) ForceComparison {
	p := cp.Plan
	if p == nil {
		p = &Plan{}
	}
	f := ForceComparison{
		File: cp.Path, Force: cmp.Or(p.Force.Name, p.Force.Code, filepath.Base(cp.Path)), ForceCode: p.Force.Code,
		Election: p.Election.ID, ElectionName: p.Election.Name, PollingDay: p.Election.PollingDay,
		Schema: cp.Schema, Compared: cp.SchemaMatches(), Revision: p.Revision, AsOf: p.AsOf, Model: p.Model,
		Figures: newFigures(), Flags: []Flag{},
	}
	flag := func(k FlagKind, metric, next, why string, args ...any) {
		f.Flags = append(f.Flags, Flag{Force: f.Force, ForceCode: f.ForceCode, Election: f.Election, File: f.File,
			Kind: k, Metric: metric, Why: fmt.Sprintf(why, args...), NextStep: next})
	}
	if !f.Compared {
		flag(FlagSchemaMismatch, "", fmt.Sprintf("ask the force for a plan.json in %s (rebuild with this electplan), or compare with an electplan that reads %s", PlanSchema, cp.Schema),
			"written to schema %q, not %s: its figures are not compared", cp.Schema, PlanSchema)
	} else {
		f.Figures = figuresOf(p)
		f.Audit = p.NeutralityAudit
	}
	if f.Compared && !p.Model.Standard {
		flag(FlagNonStandardModel, "", "ask the force to rebuild the plan with the national standard model (build without --model)",
			"built with %s, not the national standard model: its scores are not comparable with other forces'", modelName(p.Model))
	}
	if f.Compared && p.Model.ID == nationalID && compareVersions(p.Model.Version, c.NewestNationalModel) < 0 {
		flag(FlagOlderModel, "", "ask the force to rebuild the plan with the current electplan",
			"built with version %s of the national model; the newest is %s", p.Model.Version, c.NewestNationalModel)
	}
	if stale, why := staleness(p.AsOf, p.Election.PollingDay, opts.AsOf, opts.StaleDays); stale {
		f.Stale, f.StaleReason = true, why
		flag(FlagStale, "", "ask the force for its current revision (build --previous)", "%s", why)
	}
	if f.Compared {
		if missing := missingSections(p); len(missing) > 0 {
			flag(FlagMissingSections, "", "ask the force to complete its inputs and rebuild",
				"the plan has %s", joinAnd(missing))
		}
		switch {
		case f.Audit.Method == "":
			flag(FlagNeutralityAudit, "", "ask the force to rebuild the plan with the current electplan, which audits every build",
				"the plan records no party-permutation audit")
		case !f.Audit.Passed:
			flag(FlagNeutralityAudit, "", "report it: a written plan should never carry a failed audit",
				"the party-permutation audit %s", f.Audit)
		}
	}
	return f
}

func modelName(m ModelRef) string {
	s := strings.TrimSpace(m.ID + " " + m.Version)
	if s == "" {
		s = "an unnamed model"
	}
	if len(m.SHA256) >= 12 {
		s += " (sha256 " + m.SHA256[:12] + "…)"
	}
	return s
}

// staleness says whether a plan as of asOf is stale: more than days days
// before the comparison date, or polling day if that is earlier. A plan
// with no as-of date cannot be judged.
func staleness(asOf, pollingDay, comparedOn Date, days int) (bool, string) {
	if asOf.IsZero() {
		return false, ""
	}
	ref, what := comparedOn, "the comparison date"
	if !pollingDay.IsZero() && (ref.IsZero() || pollingDay.Before(ref)) {
		ref, what = pollingDay, "polling day"
	}
	if ref.IsZero() {
		return false, ""
	}
	age := asOf.DaysUntil(ref)
	if age <= days {
		return false, ""
	}
	return true, fmt.Sprintf("as of %s, %d days before %s (%s); a plan more than %s older is stale",
		asOf, age, ref, what, Plural(days, "day", "days"))
}

// missingSections lists what a complete plan has and this one lacks.
func missingSections(p *Plan) []string {
	var out []string
	if len(p.Constituencies) == 0 {
		out = append(out, "no constituencies")
	}
	if len(p.PollingStations) == 0 {
		out = append(out, "no polling stations")
	}
	if len(p.Counts) == 0 {
		out = append(out, "no counts")
	}
	if len(p.Candidates) == 0 {
		out = append(out, "no candidates")
	}
	if len(p.Timetable) == 0 {
		out = append(out, "no timetable")
	}
	var roles []string
	for _, role := range []string{"gold", "silver", "election-spoc"} {
		if !slices.ContainsFunc(p.Command, func(c CommandEntry) bool { return c.Role == role }) {
			roles = append(roles, role)
		}
	}
	if len(roles) > 0 {
		out = append(out, "no command entry for "+joinOr(roles))
	}
	if len(p.Resources.Days) == 0 {
		out = append(out, "no availability (resources.availability)")
	}
	return out
}

func joinAnd(items []string) string { return joinWords(items, "and") }
func joinOr(items []string) string  { return joinWords(items, "or") }

func joinWords(items []string, last string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + last + " " + items[len(items)-1]
}

// outliers flags, for each metric, the forces whose value stands out from
// the other forces' (leave-one-out, so an outlier cannot hide itself by
// pulling the median or the spread towards it).
func (c *Comparison) outliers() {
	for _, m := range OutlierMetrics {
		for i := range c.Forces {
			f := &c.Forces[i]
			x := m.Value(&f.Figures)
			if !f.Compared || !x.Known {
				continue
			}
			var others []float64
			for j := range c.Forces {
				if v := m.Value(&c.Forces[j].Figures); j != i && c.Forces[j].Compared && v.Known {
					others = append(others, v.Value)
				}
			}
			if why, ok := outlier(m, &f.Figures, x.Value, others); ok {
				f.Flags = append(f.Flags, Flag{Force: f.Force, ForceCode: f.ForceCode, Election: f.Election, File: f.File,
					Kind: FlagOutlier, Metric: m.Key, Why: why,
					NextStep: "ask the force whether this reflects its area or a gap in its inputs: check " + m.Hint})
			}
		}
	}
}

// outlier applies the outlier rule (docs/compare.md) to a force's value
// x against the other forces' values, and says why when it is one.
func outlier(m OutlierMetric, f *Figures, x float64, others []float64) (string, bool) {
	n := len(others)
	if n < outlierMinPeers {
		return "", false
	}
	med := median(others)
	expected, chanceSE := m.chance(m.Items(f), med)
	// A zero only stands out where chance alone would rarely give one:
	// a small force may well have no red station.
	if x == 0 && expected >= outlierMinExpected {
		above := 0
		for _, v := range others {
			if v > 0 {
				above++
			}
		}
		if 4*above >= 3*n {
			return fmt.Sprintf("%s while %d of %d other forces have some; their median is %s",
				m.None, above, n, m.Format(med)), true
		}
	}
	dev := make([]float64, n)
	for i, v := range others {
		dev[i] = math.Abs(v - med)
	}
	// The spread is the other forces' (the MAD, scaled to estimate a
	// standard deviation), but never less than chance alone would give a
	// force of this size: a small force's percentages move a lot by
	// chance, and a few similar forces can have a MAD near 0.
	spread := max(madScale*median(dev), chanceSE)
	floor := outlierFloorPoints
	if !m.Percent {
		floor = outlierFloorShare * med
	}
	diff := math.Abs(x - med)
	if diff <= floor {
		return "", false
	}
	direction := "high"
	if x < med {
		direction = "low"
	}
	if spread == 0 {
		return fmt.Sprintf("%s %s, unusually %s: at least half of the %d other forces have exactly %s",
			m.Title, m.Format(x), direction, n, m.Format(med)), true
	}
	z := diff / spread
	if z <= outlierZ {
		return "", false
	}
	return fmt.Sprintf("%s %s, unusually %s against a median of %s among the %d other forces (robust z-score %.1f)",
		m.Title, m.Format(x), direction, m.Format(med), n, z), true
}

// median is the middle value (the mean of the middle two); xs is not
// changed.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// totals sums the compared forces' counts and computes the national rates
// from the sums.
func (c *Comparison) totals() {
	t, rated := newFigures(), newFigures()
	for i := range c.Forces {
		f := &c.Forces[i]
		if !f.Compared {
			continue
		}
		t.add(&f.Figures)
		if f.Electorate > 0 {
			rated.add(&f.Figures)
		} else {
			c.WithoutElectorate++
		}
	}
	t.setRates(&rated)
	c.Totals = t
}

// tiersByParty counts candidates by party and tier across the compared
// plans, parties by name with candidates of no party last.
func (c *Comparison) tiersByParty(plans []ComparedPlan) {
	byParty := map[string]*PartyTiers{}
	for _, cp := range plans {
		if !cp.SchemaMatches() {
			continue
		}
		for _, cand := range cp.Plan.Candidates {
			party := strings.TrimSpace(cand.Party)
			if party == "" {
				party = NoParty
			}
			pt := byParty[party]
			if pt == nil {
				pt = &PartyTiers{Party: party, Tiers: map[riskmodel.Tier]int{}}
				for _, t := range riskmodel.Tiers {
					pt.Tiers[t] = 0
				}
				byParty[party] = pt
			}
			pt.Candidates++
			pt.Tiers[cand.Tier]++
		}
	}
	for _, pt := range byParty {
		c.TiersByParty = append(c.TiersByParty, *pt)
	}
	slices.SortFunc(c.TiersByParty, func(a, b PartyTiers) int {
		if (a.Party == NoParty) != (b.Party == NoParty) {
			if a.Party == NoParty {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(strings.ToLower(a.Party), strings.ToLower(b.Party)), cmp.Compare(a.Party, b.Party))
	})
}

// compareVersions compares two semantic versions ("1.2.3", a leading "v"
// allowed): numeric parts in order, a missing part counting as 0, and a
// pre-release ("1.0.0-rc.1") before its release. Parts that are not
// numbers compare as text.
func compareVersions(a, b string) int {
	split := func(v string) (core []string, pre string) {
		v = strings.TrimPrefix(strings.TrimSpace(v), "v")
		v, _, _ = strings.Cut(v, "+")
		v, pre, _ = strings.Cut(v, "-")
		return strings.Split(v, "."), pre
	}
	ac, ap := split(a)
	bc, bp := split(b)
	for i := range max(len(ac), len(bc)) {
		x, y := "0", "0"
		if i < len(ac) {
			x = ac[i]
		}
		if i < len(bc) {
			y = bc[i]
		}
		if c := comparePart(x, y); c != 0 {
			return c
		}
	}
	switch {
	case ap == bp:
		return 0
	case ap == "":
		return 1
	case bp == "":
		return -1
	}
	as, bs := strings.Split(ap, "."), strings.Split(bp, ".")
	for i := range min(len(as), len(bs)) {
		if c := comparePart(as[i], bs[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(as), len(bs))
}

func comparePart(x, y string) int {
	nx, errx := strconv.Atoi(x)
	ny, erry := strconv.Atoi(y)
	switch {
	case errx == nil && erry == nil:
		return cmp.Compare(nx, ny)
	case errx == nil:
		return -1 // numbers before text, as semver orders pre-release parts
	case erry == nil:
		return 1
	}
	return cmp.Compare(x, y)
}

// MixedElections is the caveat when the plans compared are for more than
// one election, or "" when they are for one.
func (c *Comparison) MixedElections() string {
	ids := c.ElectionIDs()
	if len(ids) < 2 {
		return ""
	}
	return fmt.Sprintf("These plans are for %d different elections (%s). Polls differ in scale and timetable, so the "+
		"per-elector figures and outlier flags compare like with like only among plans for the same election.",
		len(ids), strings.Join(ids, ", "))
}

// ElectionIDs lists the elections the compared plans are for, sorted.
func (c *Comparison) ElectionIDs() []string {
	var out []string
	for _, f := range c.Forces {
		if f.Election != "" && !slices.Contains(out, f.Election) {
			out = append(out, f.Election)
		}
	}
	slices.Sort(out)
	return out
}
