package riskmodel

import (
	"fmt"
	"slices"
	"strings"
)

// Axes of the matrix.
const (
	Likelihood = "likelihood"
	Impact     = "impact"
)

// Factor is one contribution to a score: what it is, which axis, how many
// points, and the input that caused them, in words.
type Factor struct {
	Factor string `json:"factor"`
	Axis   string `json:"axis"`
	Points int    `json:"points"`
	Reason string `json:"reason"`
}

// Assessment is a scored item: likelihood and impact 1–5, their product,
// its band, and every factor behind them.
type Assessment struct {
	Likelihood int      `json:"likelihood"`
	Impact     int      `json:"impact"`
	Score      int      `json:"score"`
	Band       Band     `json:"band"`
	Factors    []Factor `json:"factors"`
}

// BaseDistance is how far an item is from the nearest police base.
type BaseDistance struct {
	Base string
	Km   float64
}

// EventFactors are the inputs that score an event. There is no party
// field, and nothing here may stand in for one.
type EventFactors struct {
	Protest            string // none, possible, planned
	CounterProtest     bool
	ViolenceIndicated  bool
	Tension            string // low, medium, high
	Topics             []string
	Livestreamed       bool
	OpenAccess         bool
	AttendingTier      Tier   // the highest tier among attending candidates
	AttendingTierOf    string // which candidate holds it, for the reason
	Incidents          []string
	ExpectedAttendance int
	Indoor             bool
	Capacity           int
	NearestBase        *BaseDistance
	ConcurrentWith     string // another medium-or-higher flashpoint near and at the same time
}

// StationFactors are the inputs that score a polling station.
type StationFactors struct {
	Incidents             []string
	IncidentsLastElection int
	RORating              string // green, amber, red or ""
	NearestBase           *BaseDistance
	ConcurrentWith        string
}

// CountFactors are the inputs that score a count.
type CountFactors struct {
	AttendingTier      Tier // the highest tier among candidates counted there
	AttendingTierOf    string
	ExpectedAttendance int
	Indoor             bool
	Capacity           int
	NationalMedia      bool
	NearestBase        *BaseDistance
	ConcurrentWith     string
}

// CandidateFactors are the inputs that score a candidate's risk profile.
// There is no party field, and nothing here may stand in for one.
type CandidateFactors struct {
	ThreatHistory     string
	FixatedConcern    string
	OnlineAbuse       string
	Incidents         []string
	Incumbency        string
	Prominence        string
	HomeAddressPublic bool
	PublicEvents      int
	PersonalSecurity  []string // private-security, close-protection in place
	HomeSecurity      bool
	Override          *Override
}

// Override is a professional-judgement move of one band step.
type Override struct {
	Delta     int    `json:"tier_delta"`
	Rationale string `json:"rationale"`
	DecidedBy string `json:"decided_by"`
}

// CandidateAssessment scores a candidate twice: inherent (before the
// protective measures in place) and residual (after them). Band is the
// residual band after any override; the tier follows it.
type CandidateAssessment struct {
	Inherent Assessment `json:"inherent"`
	Residual Assessment `json:"residual"`
	Band     Band       `json:"band"`
	Tier     Tier       `json:"tier"`
	Measures []string   `json:"measures"`
	Override *Override  `json:"override,omitempty"`
}

// tally collects factors for one axis.
type tally struct {
	axis    string
	factors []Factor
}

func (t *tally) add(factor string, points int, format string, args ...any) {
	if points == 0 {
		return
	}
	t.addText(factor, points, fmt.Sprintf(format, args...))
}

// addText adds a factor whose reason needs no formatting.
func (t *tally) addText(factor string, points int, reason string) {
	if points == 0 {
		return
	}
	t.factors = append(t.factors, Factor{Factor: factor, Axis: t.axis, Points: points, Reason: reason})
}

func (t *tally) sum() int {
	s := 0
	for _, f := range t.factors {
		s += f.Points
	}
	return s
}

// level maps points to 1–5 by thresholds (points needed for 2, 3, 4, 5).
func level(points int, thresholds []int) int {
	l := 1
	for _, t := range thresholds {
		if points >= t {
			l++
		}
	}
	return l
}

func clamp(v int) int { return min(max(v, 1), 5) }

func (m *Model) assess(l, i *tally) Assessment {
	like := level(l.sum(), m.Flashpoint.Likelihood.Thresholds)
	imp := clamp(i.sum())
	return m.assessment(like, imp, l, i)
}

func (m *Model) assessment(like, imp int, l, i *tally) Assessment {
	return Assessment{
		Likelihood: like, Impact: imp, Score: like * imp, Band: m.BandOf(like * imp),
		Factors: append(slices.Clone(l.factors), i.factors...),
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// MatchTopics returns the high-tension topics an agenda touches, in the
// agenda's order, each once.
func (m *Model) MatchTopics(topics []string) []string {
	var out []string
	for _, t := range topics {
		lt := strings.ToLower(t)
		for _, h := range m.HighTensionTopics {
			if strings.Contains(lt, strings.ToLower(h)) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// flashpointLikelihood adds the factors common to every kind of flashpoint.
func (m *Model) incidentsFactor(l *tally, incidents []string) {
	p := m.Flashpoint.Likelihood
	if n := len(incidents); n > 0 {
		l.add("incidents", min(n*p.IncidentEach, p.IncidentMax), "%s this period: %s",
			plural(n, "incident", "incidents"), strings.Join(incidents, ", "))
	}
}

func (m *Model) attendingFactors(l, i *tally, tier Tier, who string) {
	if tier == "" {
		return
	}
	l.add("attending-candidate-tier", m.Flashpoint.Likelihood.AttendingTier[string(tier)],
		"attending candidate %s is tier %s", who, tier)
	if tier.Rank() >= TierHigh.Rank() {
		i.add("prominent-person", m.Flashpoint.Impact.AttendingHighTier,
			"a candidate of tier high or above attends (%s)", who)
	}
}

func (m *Model) concurrencyFactor(l *tally, with string) {
	if with != "" {
		l.add("concurrency", m.Flashpoint.Likelihood.Concurrency,
			"%s (medium or higher) is within %g km at the same time", with, m.Flashpoint.Likelihood.ConcurrencyRadiusKm)
	}
}

func (m *Model) crowdFactor(i *tally, attendance int) {
	t := m.Flashpoint.Impact.CrowdThresholds
	lvl := level(attendance, t)
	bound := "more than " + fmt.Sprint(t[len(t)-1]-1)
	if lvl <= len(t) {
		bound = "up to " + fmt.Sprint(t[lvl-1]-1)
	}
	i.add("crowd", lvl, "expected attendance %d (%s)", attendance, bound)
}

func (m *Model) capacityFactor(i *tally, indoor bool, attendance, capacity int) {
	if indoor && capacity > 0 && attendance > capacity {
		i.add("over-capacity", m.Flashpoint.Impact.OverCapacity, "%d expected indoors, capacity %d", attendance, capacity)
	}
}

func (m *Model) distanceFactor(i *tally, d *BaseDistance) {
	p := m.Flashpoint.Impact
	if d != nil && d.Km > p.DistantBaseKm {
		i.add("distance-to-base", p.DistantBase, "nearest base %s is %.1f km away (over %g km)", d.Base, d.Km, p.DistantBaseKm)
	}
}

// floor adds the points that lift the impact to a minimum.
func floor(i *tally, factor string, minimum int, reason string) {
	if s := i.sum(); s < minimum {
		i.addText(factor, minimum-s, reason)
	}
}

// ScoreEvent scores a hustings, campaign event, protest or other event.
func (m *Model) ScoreEvent(f EventFactors) Assessment {
	p := m.Flashpoint.Likelihood
	l, i := &tally{axis: Likelihood}, &tally{axis: Impact}
	l.add("protest", p.Protest[f.Protest], "protest: %s", f.Protest)
	if f.CounterProtest {
		l.addText("counter-protest", p.CounterProtest, "counter-protest expected")
	}
	if f.ViolenceIndicated {
		l.addText("violence-indicated", p.ViolenceIndicated, "intelligence indicates violence")
	}
	l.add("tension", p.Tension[f.Tension], "community tension: %s", f.Tension)
	if hot := m.MatchTopics(f.Topics); len(hot) > 0 {
		l.add("high-tension-topics", min(len(hot)*p.TopicEach, p.TopicMax), "high-tension topics on the agenda: %s", strings.Join(hot, ", "))
	}
	if f.Livestreamed {
		l.addText("livestreamed", p.Livestreamed, "livestreamed or filmed")
	}
	if f.OpenAccess {
		l.addText("open-access", p.OpenAccess, "public access: open")
	}
	m.attendingFactors(l, i, f.AttendingTier, f.AttendingTierOf)
	m.incidentsFactor(l, f.Incidents)
	m.concurrencyFactor(l, f.ConcurrentWith)

	m.crowdFactor(i, f.ExpectedAttendance)
	m.capacityFactor(i, f.Indoor, f.ExpectedAttendance, f.Capacity)
	m.distanceFactor(i, f.NearestBase)
	return m.assess(l, i)
}

// ScoreStation scores a polling station on polling day.
func (m *Model) ScoreStation(f StationFactors) Assessment {
	p := m.Flashpoint.Likelihood
	l, i := &tally{axis: Likelihood}, &tally{axis: Impact}
	m.incidentsFactor(l, f.Incidents)
	if n := f.IncidentsLastElection; n > 0 {
		l.add("last-election-incidents", min(n*p.LastElectionIncidentEach, p.LastElectionIncidentMax),
			"%s at the last election", plural(n, "incident", "incidents"))
	}
	if f.RORating != "" {
		l.add("returning-officer-rating", p.RORating[f.RORating], "returning officer rated it %s", f.RORating)
	}
	m.concurrencyFactor(l, f.ConcurrentWith)

	floor(i, "polling-station", m.Flashpoint.Impact.PollingStationMinimum, m.stationFloorReason)
	m.distanceFactor(i, f.NearestBase)
	return m.assess(l, i)
}

// ScoreCount scores a count.
func (m *Model) ScoreCount(f CountFactors) Assessment {
	l, i := &tally{axis: Likelihood}, &tally{axis: Impact}
	// The floor lifts the crowd level only; the factors after it add to it.
	m.crowdFactor(i, f.ExpectedAttendance)
	floor(i, "count", m.Flashpoint.Impact.CountMinimum, m.countFloorReason)
	m.attendingFactors(l, i, f.AttendingTier, f.AttendingTierOf)
	m.concurrencyFactor(l, f.ConcurrentWith)
	if f.NationalMedia {
		i.addText("national-media", m.Flashpoint.Impact.CountNationalMedia, "national media at the count")
	}
	m.capacityFactor(i, f.Indoor, f.ExpectedAttendance, f.Capacity)
	m.distanceFactor(i, f.NearestBase)
	return m.assess(l, i)
}

// ScoreCandidate scores a candidate's risk profile: inherent, residual
// after protective measures, then any override of one band step.
func (m *Model) ScoreCandidate(f CandidateFactors) CandidateAssessment {
	p := m.Candidate
	l, i := &tally{axis: Likelihood}, &tally{axis: Impact}
	l.add("threat-history", p.Likelihood.ThreatHistory[f.ThreatHistory], "threat history: %s", f.ThreatHistory)
	l.add("fixated-concern", p.Likelihood.FixatedConcern[f.FixatedConcern], "fixated-threat concern: %s", f.FixatedConcern)
	l.add("online-abuse", p.Likelihood.OnlineAbuse[f.OnlineAbuse], "online abuse: %s", f.OnlineAbuse)
	if n := len(f.Incidents); n > 0 {
		l.add("incidents", min(n*p.Likelihood.IncidentEach, p.Likelihood.IncidentMax), "%s this period: %s",
			plural(n, "incident", "incidents"), strings.Join(f.Incidents, ", "))
	}
	i.addText("base", p.Impact.Base, "harm to a person is at least moderate")
	i.add("incumbency", p.Impact.Incumbency[f.Incumbency], "%s (profile carried over from being an MP)", f.Incumbency)
	i.add("prominence", p.Impact.Prominence[f.Prominence], "prominence: %s", f.Prominence)
	if f.HomeAddressPublic {
		i.addText("home-address-public", p.Impact.HomeAddressPublic, "home address is published")
	}
	if f.PublicEvents >= p.Impact.PublicEventsMin {
		i.add("public-events", p.Impact.PublicEvents, "%d public events in the plan (%d or more)", f.PublicEvents, p.Impact.PublicEventsMin)
	}
	like := level(l.sum(), p.Likelihood.Thresholds)
	imp := clamp(i.sum())
	inherent := m.assessment(like, imp, l, i)

	// Residual: measures in place lower the likelihood axis, never below 1.
	r := &tally{axis: Likelihood}
	if len(f.PersonalSecurity) > 0 {
		r.add("protective-measures", -p.ResidualReduction.PersonalSecurity, "%s in place: residual likelihood lower", strings.Join(f.PersonalSecurity, " and "))
	}
	if f.HomeSecurity {
		r.add("protective-measures", -p.ResidualReduction.HomeSecurity, "home-security in place: residual likelihood lower")
	}
	resLike := max(like+r.sum(), 1)
	residual := Assessment{Likelihood: resLike, Impact: imp, Score: resLike * imp, Band: m.BandOf(resLike * imp),
		Factors: append(slices.Clone(inherent.Factors), r.factors...)}

	ca := CandidateAssessment{Inherent: inherent, Residual: residual, Band: residual.Band}
	if f.Override != nil && f.Override.Delta != 0 {
		o := *f.Override
		ca.Override = &o
		ca.Band = residual.Band.Step(o.Delta)
	}
	t := m.TierOf(ca.Band)
	ca.Tier, ca.Measures = t.Tier, slices.Clone(t.Measures)
	return ca
}

// Deployment returns what band b calls for at a flashpoint of the given
// kind ("event", "polling_station" or "count").
func (m *Model) Deployment(kind string, b Band) DeploymentSpec {
	var specs map[Band]DeploymentSpec
	switch kind {
	case "event":
		specs = m.Deployments.Event
	case "polling_station":
		specs = m.Deployments.PollingStation
	case "count":
		specs = m.Deployments.Count
	}
	d := specs[b]
	d.Notes = slices.Clone(d.Notes)
	return d
}
