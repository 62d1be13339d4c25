// Package riskmodel owns the national risk model: the model file, and the
// pure functions that turn factors into likelihood, impact, score, band and
// an explanation of every point. It does no I/O and imports no project
// package.
//
// Neutrality is by construction: the factor types have no party field, and
// nothing here can tell one party from another.
package riskmodel

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed national-v1.yaml
var nationalV1 []byte

// Model is a loaded, checked risk model. Build one with National or Parse;
// its fields are read-only once built.
type Model struct {
	ID                string        `yaml:"id"`
	Version           string        `yaml:"version"`
	Title             string        `yaml:"title"`
	Description       string        `yaml:"description"`
	Bands             []BandDef     `yaml:"bands"`
	HighTensionTopics []string      `yaml:"high_tension_topics"`
	Flashpoint        FlashpointSet `yaml:"flashpoint"`
	Candidate         CandidateSet  `yaml:"candidate"`
	Tiers             []TierDef     `yaml:"tiers"`
	Deployments       DeploymentSet `yaml:"deployments"`
	Patrol            PatrolSet     `yaml:"patrol"`

	sha256   string
	standard bool
	source   []byte

	// Reasons that never change, worded once when the model is loaded.
	stationFloorReason, countFloorReason string
}

// BandDef is one band of the score.
type BandDef struct {
	Name    Band   `yaml:"name"`
	Min     int    `yaml:"min"`
	Max     int    `yaml:"max"`
	Colour  string `yaml:"colour"`
	Meaning string `yaml:"meaning"`
}

// FlashpointSet holds the points for events, polling stations and counts.
type FlashpointSet struct {
	Likelihood struct {
		Protest                  map[string]int `yaml:"protest"`
		CounterProtest           int            `yaml:"counter_protest"`
		ViolenceIndicated        int            `yaml:"violence_indicated"`
		Tension                  map[string]int `yaml:"tension"`
		TopicEach                int            `yaml:"topic_each"`
		TopicMax                 int            `yaml:"topic_max"`
		Livestreamed             int            `yaml:"livestreamed"`
		OpenAccess               int            `yaml:"open_access"`
		AttendingTier            map[string]int `yaml:"attending_tier"`
		IncidentEach             int            `yaml:"incident_each"`
		IncidentMax              int            `yaml:"incident_max"`
		LastElectionIncidentEach int            `yaml:"last_election_incident_each"`
		LastElectionIncidentMax  int            `yaml:"last_election_incident_max"`
		RORating                 map[string]int `yaml:"ro_rating"`
		Concurrency              int            `yaml:"concurrency"`
		ConcurrencyRadiusKm      float64        `yaml:"concurrency_radius_km"`
		Thresholds               []int          `yaml:"thresholds"`
	} `yaml:"likelihood"`
	Impact struct {
		CrowdThresholds       []int   `yaml:"crowd_thresholds"`
		AttendingHighTier     int     `yaml:"attending_high_tier"`
		OverCapacity          int     `yaml:"over_capacity"`
		PollingStationMinimum int     `yaml:"polling_station_minimum"`
		CountMinimum          int     `yaml:"count_minimum"`
		CountNationalMedia    int     `yaml:"count_national_media"`
		DistantBaseKm         float64 `yaml:"distant_base_km"`
		DistantBase           int     `yaml:"distant_base"`
	} `yaml:"impact"`
}

// CandidateSet holds the points for candidates' risk profiles.
type CandidateSet struct {
	Likelihood struct {
		ThreatHistory  map[string]int `yaml:"threat_history"`
		FixatedConcern map[string]int `yaml:"fixated_concern"`
		OnlineAbuse    map[string]int `yaml:"online_abuse"`
		IncidentEach   int            `yaml:"incident_each"`
		IncidentMax    int            `yaml:"incident_max"`
		Thresholds     []int          `yaml:"thresholds"`
	} `yaml:"likelihood"`
	Impact struct {
		Base              int            `yaml:"base"`
		Incumbency        map[string]int `yaml:"incumbency"`
		Prominence        map[string]int `yaml:"prominence"`
		HomeAddressPublic int            `yaml:"home_address_public"`
		PublicEventsMin   int            `yaml:"public_events_min"`
		PublicEvents      int            `yaml:"public_events"`
	} `yaml:"impact"`
	ResidualReduction struct {
		PersonalSecurity int `yaml:"personal_security"`
		HomeSecurity     int `yaml:"home_security"`
	} `yaml:"residual_reduction"`
}

// TierDef maps a band to a candidate tier and what the tier gets.
type TierDef struct {
	Band     Band     `yaml:"band"`
	Tier     Tier     `yaml:"tier"`
	Measures []string `yaml:"measures"`
}

// DeploymentSet is what each band calls for, by kind of flashpoint.
type DeploymentSet struct {
	BriefingTravelHours float64                 `yaml:"briefing_travel_hours"`
	VisitHours          float64                 `yaml:"visit_hours"`
	DefaultEventHours   float64                 `yaml:"default_event_hours"`
	DefaultCountHours   float64                 `yaml:"default_count_hours"`
	Event               map[Band]DeploymentSpec `yaml:"event"`
	PollingStation      map[Band]DeploymentSpec `yaml:"polling_station"`
	Count               map[Band]DeploymentSpec `yaml:"count"`
}

// DeploymentSpec is the staffing a band calls for at one flashpoint.
type DeploymentSpec struct {
	Officers        int      `yaml:"officers" json:"officers"`
	Sergeants       int      `yaml:"sergeants" json:"sergeants"`
	Inspectors      int      `yaml:"inspectors" json:"inspectors"`
	PSUStandby      int      `yaml:"psu_standby" json:"psu"`
	StaticOfficers  int      `yaml:"static_officers" json:"static_officers,omitempty"`
	Visits          int      `yaml:"visits" json:"visits,omitempty"`
	VisitEveryHours float64  `yaml:"visit_every_hours" json:"visit_every_hours,omitempty"`
	SergeantVisits  int      `yaml:"sergeant_visits" json:"sergeant_visits,omitempty"`
	Search          bool     `yaml:"search" json:"search,omitempty"`
	Notes           []string `yaml:"notes" json:"notes,omitempty"`
}

// PatrolSet holds the polling-day patrol parameters.
type PatrolSet struct {
	RoadFactor      float64 `yaml:"road_factor"`
	AverageSpeedKmh float64 `yaml:"average_speed_kmh"`
	MinutesPerVisit float64 `yaml:"minutes_per_visit"`
	PollOpens       string  `yaml:"poll_opens"`
	PollCloses      string  `yaml:"poll_closes"`
}

var national = sync.OnceValue(func() *Model {
	m, err := parse(nationalV1, true)
	if err != nil {
		panic("riskmodel: the embedded national model is invalid: " + err.Error())
	}
	return m
})

// National returns the embedded national standard model.
func National() *Model { return national() }

// NationalSource returns the bytes of the embedded national model file.
func NationalSource() []byte { return slices.Clone(nationalV1) }

// Parse reads and checks a model file. A model is standard only if it is
// byte-for-byte the embedded national model; anything else is marked
// non-standard, and every output built with it says so.
func Parse(data []byte) (*Model, error) {
	return parse(data, bytes.Equal(data, nationalV1))
}

func parse(data []byte, standard bool) (*Model, error) {
	var m Model
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("model %s %s: %w", m.ID, m.Version, err)
	}
	sum := sha256.Sum256(data)
	m.sha256 = hex.EncodeToString(sum[:])
	m.stationFloorReason = fmt.Sprintf("an obstructed poll can be adjourned (rule 42): impact at least %d",
		m.Flashpoint.Impact.PollingStationMinimum)
	m.countFloorReason = fmt.Sprintf("a disrupted count delays the result: impact at least %d", m.Flashpoint.Impact.CountMinimum)
	m.standard = standard
	m.source = slices.Clone(data)
	return &m, nil
}

// SHA256 is the hex SHA-256 of the model file's bytes.
func (m *Model) SHA256() string { return m.sha256 }

// Standard reports whether this is the embedded national standard model.
func (m *Model) Standard() bool { return m.standard }

// Source returns the bytes the model was read from.
func (m *Model) Source() []byte { return slices.Clone(m.source) }

// Ordered enumerations, least risk first. Points must not fall along them,
// or raising a single input could lower a score.
var orders = map[string][]string{
	"protest":         {"none", "possible", "planned"},
	"tension":         {"low", "medium", "high"},
	"attending_tier":  {"standard", "enhanced", "high", "very-high"},
	"ro_rating":       {"green", "amber", "red"},
	"threat_history":  {"none", "online-abuse", "harassment", "threats", "stalking", "approach", "assault"},
	"fixated_concern": {"none", "low", "moderate", "high"},
	"online_abuse":    {"none", "low", "moderate", "high", "severe"},
	"incumbency":      {"none", "former-mp", "sitting-mp"},
	"prominence":      {"local", "regional", "national", "international"},
}

// check refuses a model that is incomplete or not monotone.
func (m *Model) check() error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if m.ID == "" || m.Version == "" {
		fail("id and version are required")
	}
	// Bands: in order, covering 1–25 without gaps or overlaps.
	want := []Band{Low, Medium, High, VeryHigh}
	if len(m.Bands) != len(want) {
		fail("bands: want %d (low, medium, high, very-high), got %d", len(want), len(m.Bands))
	} else {
		next := 1
		for i, b := range m.Bands {
			if b.Name != want[i] {
				fail("bands: band %d is %q, want %q", i+1, b.Name, want[i])
			}
			if b.Min != next {
				fail("bands: %s starts at %d, want %d (no gaps or overlaps)", b.Name, b.Min, next)
			}
			if b.Max < b.Min {
				fail("bands: %s ends (%d) before it starts (%d)", b.Name, b.Max, b.Min)
			}
			next = b.Max + 1
		}
		if next != 26 {
			fail("bands: the last band ends at %d, want 25", next-1)
		}
	}
	checkThresholds := func(name string, t []int) {
		if len(t) != 4 {
			fail("%s: want 4 thresholds (for levels 2 to 5), got %d", name, len(t))
			return
		}
		for i := 1; i < len(t); i++ {
			if t[i] <= t[i-1] {
				fail("%s: thresholds must increase, got %v", name, t)
				return
			}
		}
		if t[0] < 1 {
			fail("%s: the first threshold must be at least 1", name)
		}
	}
	fl, fi := &m.Flashpoint.Likelihood, &m.Flashpoint.Impact
	cl, ci := &m.Candidate.Likelihood, &m.Candidate.Impact
	checkThresholds("flashpoint.likelihood.thresholds", fl.Thresholds)
	checkThresholds("flashpoint.impact.crowd_thresholds", fi.CrowdThresholds)
	checkThresholds("candidate.likelihood.thresholds", cl.Thresholds)
	checkOrdered := func(name string, points map[string]int) {
		order := orders[name[strings.LastIndex(name, ".")+1:]]
		for k := range points {
			if !slices.Contains(order, k) {
				fail("%s: unknown value %q (allowed: %s)", name, k, strings.Join(order, ", "))
			}
		}
		prev := 0
		for _, k := range order {
			p, ok := points[k]
			if !ok {
				fail("%s: no points for %q", name, k)
				continue
			}
			if p < prev {
				fail("%s: %q scores %d, less than the value below it (%d): more risk must never lower a score", name, k, p, prev)
			}
			prev = p
		}
	}
	checkOrdered("flashpoint.likelihood.protest", fl.Protest)
	checkOrdered("flashpoint.likelihood.tension", fl.Tension)
	checkOrdered("flashpoint.likelihood.attending_tier", fl.AttendingTier)
	checkOrdered("flashpoint.likelihood.ro_rating", fl.RORating)
	checkOrdered("candidate.likelihood.threat_history", cl.ThreatHistory)
	checkOrdered("candidate.likelihood.fixated_concern", cl.FixatedConcern)
	checkOrdered("candidate.likelihood.online_abuse", cl.OnlineAbuse)
	checkOrdered("candidate.impact.incumbency", ci.Incumbency)
	checkOrdered("candidate.impact.prominence", ci.Prominence)
	for name, v := range map[string]int{
		"counter_protest": fl.CounterProtest, "violence_indicated": fl.ViolenceIndicated,
		"topic_each": fl.TopicEach, "topic_max": fl.TopicMax, "livestreamed": fl.Livestreamed,
		"open_access": fl.OpenAccess, "incident_each": fl.IncidentEach, "incident_max": fl.IncidentMax,
		"last_election_incident_each": fl.LastElectionIncidentEach, "last_election_incident_max": fl.LastElectionIncidentMax,
		"concurrency": fl.Concurrency, "attending_high_tier": fi.AttendingHighTier, "over_capacity": fi.OverCapacity,
		"count_national_media": fi.CountNationalMedia, "distant_base": fi.DistantBase,
		"candidate incident_each": cl.IncidentEach, "candidate incident_max": cl.IncidentMax,
		"home_address_public": ci.HomeAddressPublic, "public_events": ci.PublicEvents,
		"residual_reduction.personal_security": m.Candidate.ResidualReduction.PersonalSecurity,
		"residual_reduction.home_security":     m.Candidate.ResidualReduction.HomeSecurity,
	} {
		if v < 0 {
			fail("%s: points must not be negative, got %d", name, v)
		}
	}
	for name, v := range map[string]int{"polling_station_minimum": fi.PollingStationMinimum,
		"count_minimum": fi.CountMinimum, "candidate impact base": ci.Base} {
		if v < 1 || v > 5 {
			fail("%s: must be 1 to 5, got %d", name, v)
		}
	}
	if fl.ConcurrencyRadiusKm <= 0 || fi.DistantBaseKm <= 0 {
		fail("concurrency_radius_km and distant_base_km must be positive")
	}
	if len(m.Tiers) != 4 {
		fail("tiers: want one per band, got %d", len(m.Tiers))
	} else {
		for i, t := range m.Tiers {
			if t.Band != want[i] {
				fail("tiers: tier %d is for band %q, want %q", i+1, t.Band, want[i])
			}
		}
	}
	d := &m.Deployments
	for kind, specs := range map[string]map[Band]DeploymentSpec{"event": d.Event, "polling_station": d.PollingStation, "count": d.Count} {
		for _, b := range want {
			if _, ok := specs[b]; !ok {
				fail("deployments.%s: no deployment for band %s", kind, b)
			}
		}
	}
	if d.VisitHours <= 0 || d.DefaultEventHours <= 0 || d.DefaultCountHours <= 0 || d.BriefingTravelHours < 0 {
		fail("deployments: visit_hours, default_event_hours and default_count_hours must be positive")
	}
	p := &m.Patrol
	if p.RoadFactor < 1 || p.AverageSpeedKmh <= 0 || p.MinutesPerVisit < 0 {
		fail("patrol: road_factor must be at least 1 and average_speed_kmh positive")
	}
	if _, _, err := p.PollHours(); err != nil {
		fail("patrol: %v", err)
	}
	return errors.Join(errs...)
}

// PollHours returns the poll's opening and closing times as hours after
// midnight (7 and 22 by default).
func (p PatrolSet) PollHours() (opens, closes float64, err error) {
	parse := func(s string) (float64, error) {
		var h, m int
		if _, err := fmt.Sscanf(s, "%d:%d", &h, &m); err != nil || h < 0 || h > 23 || m < 0 || m > 59 {
			return 0, fmt.Errorf("%q is not a time of day HH:MM", s)
		}
		return float64(h) + float64(m)/60, nil
	}
	if opens, err = parse(p.PollOpens); err != nil {
		return 0, 0, err
	}
	if closes, err = parse(p.PollCloses); err != nil {
		return 0, 0, err
	}
	if closes <= opens {
		return 0, 0, fmt.Errorf("the poll closes (%s) before it opens (%s)", p.PollCloses, p.PollOpens)
	}
	return opens, closes, nil
}
