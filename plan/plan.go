package plan

import "github.com/electplan/electplan/riskmodel"

// PlanSchema is the schema id of plan.json, the exchange format.
const PlanSchema = "electplan-plan/v1"

// Plan is a finished, risk-assessed policing plan: every list sorted and
// every total computed, so the PDF, XLSX and JSON renderers only lay it
// out and can never disagree. Its JSON form is plan.json (see
// docs/plan-json.md); field names there are part of the exchange format.
type Plan struct {
	Schema       string       `json:"schema"`
	Generator    Generator    `json:"generator"`
	Model        ModelRef     `json:"model"`
	Election     ElectionInfo `json:"election"`
	Force        ForceInfo    `json:"force"`
	Revision     int          `json:"revision"`
	AsOf         Date         `json:"as_of"`
	InputsSHA256 string       `json:"inputs_sha256"`
	InputFiles   []SourceFile `json:"input_files"`

	Constituencies  []ConstituencyInfo    `json:"constituencies"`
	Command         []CommandEntry        `json:"command"`
	Timetable       []TimetableStep       `json:"timetable"`
	Flashpoints     []FlashpointPlan      `json:"flashpoints"`
	PollingStations []StationPlan         `json:"polling_stations"`
	Counts          []CountPlan           `json:"counts"`
	Candidates      []CandidateProfile    `json:"candidates"`
	Incidents       []IncidentEntry       `json:"incidents"`
	Resources       ResourcesInfo         `json:"resources"`
	Patrols         PatrolPlan            `json:"patrols"`
	Demand          []DemandDay           `json:"demand"`
	Decisions       []DecisionEntry       `json:"decisions"`
	Reviews         []Review              `json:"reviews"`
	Contributions   []ContributionSummary `json:"contributions"`
	Revisions       []RevisionEntry       `json:"revisions"`
	NeutralityAudit NeutralityAudit       `json:"neutrality_audit"`
	Warnings        []string              `json:"warnings"`
	Summary         Summary               `json:"summary"`

	// Map is the outlines the PDF's maps draw; not in plan.json.
	Map MapData `json:"-"`
}

// Generator names the program that built the plan.
type Generator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// ModelRef identifies the risk model a plan was built with.
type ModelRef struct {
	ID       string `json:"id"`
	Version  string `json:"version"`
	SHA256   string `json:"sha256"`
	Standard bool   `json:"standard"`
}

// ElectionInfo is the election the plan is for.
type ElectionInfo struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Kind         string `json:"kind"`
	PollingDay   Date   `json:"polling_day"`
	Nation       string `json:"nation,omitempty"`
	WritReceived *Date  `json:"writ_received,omitempty"`
	Electorate   int    `json:"electorate"`
}

// ForceInfo is the force that owns the plan.
type ForceInfo struct {
	Name      string `json:"name"`
	Code      string `json:"code"`
	Operation string `json:"operation"`
	Marking   string `json:"marking"`
	PlanOwner string `json:"plan_owner"`
}

// ConstituencyInfo is a constituency and its returning officer.
type ConstituencyInfo struct {
	Code             string       `json:"code"`
	Name             string       `json:"name"`
	Electorate       int          `json:"electorate,omitempty"`
	Setting          string       `json:"setting,omitempty"`
	ReturningOfficer ContactEntry `json:"returning_officer"`
	Candidates       int          `json:"candidates"`
	PollingStations  int          `json:"polling_stations"`
	Count            string       `json:"count"`
}

// ContactEntry is a named person with how to reach them.
type ContactEntry struct {
	Name  string `json:"name"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// CommandEntry is one role in the command structure.
type CommandEntry struct {
	Role  string `json:"role"`
	Title string `json:"title"`
	Name  string `json:"name"`
	Rank  string `json:"rank,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// TimetableStep is one statutory step, with why police care about it.
type TimetableStep struct {
	Step                  string `json:"step"`
	Title                 string `json:"title"`
	Date                  Date   `json:"date"`
	WorkingDaysBeforePoll int    `json:"working_days_before_poll"`
	Earliest              *Date  `json:"earliest,omitempty"`
	Latest                *Date  `json:"latest,omitempty"`
	Fixed                 bool   `json:"fixed"`
	Triggers              string `json:"triggers"`
}

// Deployment is what a flashpoint's band calls for, in people and
// officer-hours.
type Deployment struct {
	Officers       int `json:"officers"`
	Sergeants      int `json:"sergeants"`
	Inspectors     int `json:"inspectors"`
	PSU            int `json:"psu"`
	StaticOfficers int `json:"static_officers,omitempty"`
	Visits         int `json:"visits,omitempty"`
	// Beat is the patrol beat that makes a station's visits.
	Beat         string   `json:"beat,omitempty"`
	Search       bool     `json:"search,omitempty"`
	OfficerHours float64  `json:"officer_hours"`
	Notes        []string `json:"notes"`
}

// Scored is the common part of every scored item.
type Scored struct {
	Likelihood int                `json:"likelihood"`
	Impact     int                `json:"impact"`
	Score      int                `json:"score"`
	Band       riskmodel.Band     `json:"band"`
	Factors    []riskmodel.Factor `json:"factors"`
}

func scoredOf(a riskmodel.Assessment) Scored {
	return Scored{Likelihood: a.Likelihood, Impact: a.Impact, Score: a.Score, Band: a.Band, Factors: a.Factors}
}

// VenueInfo is where a flashpoint takes place.
type VenueInfo struct {
	Name     string    `json:"name"`
	Address  string    `json:"address,omitempty"`
	Postcode string    `json:"postcode,omitempty"`
	Location *Location `json:"location,omitempty"`
	Indoor   bool      `json:"indoor"`
	Capacity int       `json:"capacity,omitempty"`
}

// FlashpointPlan is an event in the flashpoint register.
type FlashpointPlan struct {
	ID                 string    `json:"id"`
	Kind               string    `json:"kind"`
	Title              string    `json:"title"`
	Constituency       string    `json:"constituency"`
	Start              DateTime  `json:"start"`
	End                DateTime  `json:"end"`
	Venue              VenueInfo `json:"venue"`
	ExpectedAttendance int       `json:"expected_attendance"`
	Candidates         []string  `json:"candidates"`
	Source             string    `json:"source"`
	// Contribution is where the event came from if a candidate, agent or
	// party contributed it.
	Contribution *ContributionRef `json:"contribution,omitempty"`
	Scored
	Deployment Deployment `json:"deployment"`
}

// StationPlan is a polling station with its rating and polling-day plan.
type StationPlan struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Constituency string    `json:"constituency"`
	Address      string    `json:"address,omitempty"`
	Postcode     string    `json:"postcode,omitempty"`
	Location     *Location `json:"location,omitempty"`
	Districts    []string  `json:"districts"`
	Electorate   int       `json:"electorate,omitempty"`
	RORating     string    `json:"ro_rating,omitempty"`
	Notes        string    `json:"notes,omitempty"`
	RAG          string    `json:"rag"`
	Scored
	Deployment Deployment `json:"deployment"`
}

// CountPlan is a count with its security plan.
type CountPlan struct {
	ID                  string    `json:"id"`
	Constituencies      []string  `json:"constituencies"`
	Venue               VenueInfo `json:"venue"`
	Start               DateTime  `json:"start"`
	End                 DateTime  `json:"end"`
	ExpectedDeclaration *DateTime `json:"expected_declaration,omitempty"`
	ExpectedAttendance  int       `json:"expected_attendance"`
	Media               string    `json:"media"`
	StartsWithin4Hours  bool      `json:"starts_within_4_hours"`
	Sealing             string    `json:"sealing"`
	Scored
	Deployment Deployment `json:"deployment"`
}

// CandidateProfile is a candidate's risk profile and the universal offer.
// It never holds a home address.
type CandidateProfile struct {
	ID             string              `json:"id"`
	Name           string              `json:"name"`
	Party          string              `json:"party"`
	Constituency   string              `json:"constituency"`
	Tier           riskmodel.Tier      `json:"tier"`
	Band           riskmodel.Band      `json:"band"`
	Inherent       Scored              `json:"inherent"`
	Residual       Scored              `json:"residual"`
	Measures       []string            `json:"measures"`
	InPlace        []string            `json:"measures_in_place"`
	Override       *riskmodel.Override `json:"override,omitempty"`
	PublicEvents   int                 `json:"public_events"`
	UniversalOffer UniversalOffer      `json:"universal_offer"`
	Contact        string              `json:"contact_preference,omitempty"`
	Factors        []riskmodel.Factor  `json:"factors"`
	// Contributions are the contributions made for this candidate (by
	// them, their agent, or their party naming them at an event).
	Contributions []ContributionRef `json:"contributions"`
	// Concerns are what the candidate's contributions worry about, in
	// their words.
	Concerns []ConcernEntry `json:"concerns"`
	// Updates is how often the candidate asked for updates, if they said.
	Updates string `json:"updates,omitempty"`
	// BriefingPack is true when this build wrote the candidate's briefing
	// pack (build --briefings).
	BriefingPack bool `json:"briefing_pack"`
}

// ConcernEntry is a concern a contribution raised.
type ConcernEntry struct {
	Category     string `json:"category"`
	Details      string `json:"details"`
	Contribution string `json:"contribution"`
}

// ContributionSummary is one contribution the plan used.
type ContributionSummary struct {
	ContributionRef
	Candidate string `json:"candidate,omitempty"`
	Party     string `json:"party,omitempty"`
	Consent   Date   `json:"consent"`
	Updates   string `json:"updates,omitempty"`
	Events    int    `json:"events"`
	Incidents int    `json:"incidents"`
	Concerns  int    `json:"concerns"`
}

// UniversalOffer records whether the offer every candidate must get has
// been made: a named police contact and a security briefing.
type UniversalOffer struct {
	NamedContact    bool   `json:"named_contact"`
	ContactName     string `json:"contact_name,omitempty"`
	BriefingOffered *Date  `json:"briefing_offered"`
}

// IncidentEntry is an incident so far.
type IncidentEntry struct {
	ID             string `json:"id"`
	Date           Date   `json:"date"`
	Kind           string `json:"kind"`
	Severity       string `json:"severity"`
	Candidate      string `json:"candidate,omitempty"`
	Event          string `json:"event,omitempty"`
	PollingStation string `json:"polling_station,omitempty"`
	Summary        string `json:"summary"`
	Status         string `json:"status"`
	// Contribution is where the incident came from if a contributor
	// reported it.
	Contribution *ContributionRef `json:"contribution,omitempty"`
}

// ResourcesInfo is what the force has: bases and daily availability.
type ResourcesInfo struct {
	ShiftHours int                `json:"shift_hours"`
	Bases      []BaseInfo         `json:"bases"`
	Days       []AvailabilityInfo `json:"availability"`
}

// BaseInfo is a police base.
type BaseInfo struct {
	Name     string   `json:"name"`
	Location Location `json:"location"`
}

// AvailabilityInfo is the people available on one day.
type AvailabilityInfo struct {
	Date       Date `json:"date"`
	Officers   int  `json:"officers"`
	Sergeants  int  `json:"sergeants"`
	Inspectors int  `json:"inspectors"`
	PCSOs      int  `json:"pcsos"`
	PSU        int  `json:"psu"`
}

// DemandDay sets one day's officer-hours needed against those available.
// When short, the highest-scoring commitments are kept and the rest are
// listed as at risk, with the mutual aid that would cover them.
type DemandDay struct {
	Date                  Date         `json:"date"`
	OfficerHoursNeeded    float64      `json:"officer_hours_needed"`
	OfficerHoursAvailable float64      `json:"officer_hours_available"`
	Shortfall             float64      `json:"shortfall"`
	PSUNeeded             int          `json:"psu_needed"`
	PSUAvailable          int          `json:"psu_available"`
	MutualAidOfficers     int          `json:"mutual_aid_officers"`
	AvailabilityGiven     bool         `json:"availability_given"`
	Commitments           []Commitment `json:"commitments"`
	AtRisk                []Commitment `json:"at_risk"`
}

// Commitment is one flashpoint's officer-hours on one day.
type Commitment struct {
	Kind         string         `json:"kind"`
	ID           string         `json:"id"`
	Title        string         `json:"title"`
	Score        int            `json:"score"`
	Band         riskmodel.Band `json:"band"`
	OfficerHours float64        `json:"officer_hours"`
}

// DecisionEntry is one numbered entry of the decision log.
type DecisionEntry struct {
	Number          int      `json:"number"`
	At              DateTime `json:"at"`
	By              string   `json:"by"`
	Decision        string   `json:"decision"`
	Rationale       string   `json:"rationale"`
	OptionsRejected string   `json:"options_rejected,omitempty"`
	ReviewBy        *Date    `json:"review_by,omitempty"`
	Automatic       bool     `json:"automatic"`
}

// Review is a point in the review schedule and where it stands.
type Review struct {
	Date   Date   `json:"date"`
	Reason string `json:"reason"`
	Status string `json:"status"` // done, due, overdue, upcoming, before-plan
}

// Review statuses.
const (
	ReviewDone       = "done"
	ReviewDue        = "due"
	ReviewOverdue    = "overdue"
	ReviewUpcoming   = "upcoming"
	ReviewBeforePlan = "before-plan"
)

// RevisionEntry is one revision in the plan's history.
type RevisionEntry struct {
	Revision int    `json:"revision"`
	AsOf     Date   `json:"as_of"`
	Summary  string `json:"summary"`
	By       string `json:"by"`
}

// Summary holds the plan's headline figures.
type Summary struct {
	FlashpointsByBand     map[riskmodel.Band]int `json:"flashpoints_by_band"`
	StationsByRAG         map[string]int         `json:"polling_stations_by_rag"`
	CandidatesByTier      map[riskmodel.Tier]int `json:"candidates_by_tier"`
	Events                int                    `json:"events"`
	PollingStations       int                    `json:"polling_stations"`
	Counts                int                    `json:"counts"`
	Candidates            int                    `json:"candidates"`
	NamedContact          int                    `json:"candidates_with_named_contact"`
	BriefingOffered       int                    `json:"candidates_offered_briefing"`
	OfficerHoursNeeded    float64                `json:"officer_hours_needed"`
	OfficerHoursAvailable float64                `json:"officer_hours_available"`
	ShortfallHours        float64                `json:"shortfall_hours"`
	ShortDays             int                    `json:"short_days"`
	MutualAidOfficers     int                    `json:"mutual_aid_officers"`
	Overrides             int                    `json:"overrides"`
	NextReview            *Date                  `json:"next_review"`
	ReviewsOverdue        int                    `json:"reviews_overdue"`
}
