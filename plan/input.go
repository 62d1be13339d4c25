package plan

// The input standard v1. The yaml tags of these types are the standard:
// field names are fixed by INPUT-V1 and must never be renamed or repurposed.
// `jsonschema:"required"` marks a field the standard requires; the loader
// and the published JSON Schema both read that tag, so they cannot disagree.

// SchemaV1 is the value of the `schema` key every input file starts with.
const SchemaV1 = "electplan/v1"

// Document is one input file: the schema line plus any of the sections.
// Map sections (election, force, resources) may appear in one file only;
// list sections are concatenated across files.
type Document struct {
	Schema          string           `yaml:"schema" jsonschema:"required"`
	Election        *Election        `yaml:"election,omitempty"`
	Force           *Force           `yaml:"force,omitempty"`
	Resources       *Resources       `yaml:"resources,omitempty"`
	Command         []CommandMember  `yaml:"command,omitempty"`
	Constituencies  []Constituency   `yaml:"constituencies,omitempty"`
	Candidates      []Candidate      `yaml:"candidates,omitempty"`
	Events          []Event          `yaml:"events,omitempty"`
	PollingStations []PollingStation `yaml:"polling_stations,omitempty"`
	Counts          []Count          `yaml:"counts,omitempty"`
	Incidents       []Incident       `yaml:"incidents,omitempty"`
	Decisions       []Decision       `yaml:"decisions,omitempty"`
}

// Election describes the poll the plan is for.
type Election struct {
	ID             string            `yaml:"id" jsonschema:"required"`
	Name           string            `yaml:"name" jsonschema:"required"`
	Kind           ElectionKind      `yaml:"kind" jsonschema:"required"`
	PollingDay     Date              `yaml:"polling_day" jsonschema:"required"`
	Nation         Nation            `yaml:"nation,omitempty"`
	WritReceived   *Date             `yaml:"writ_received,omitempty"`
	NonWorkingDays []Date            `yaml:"non_working_days,omitempty"`
	Timetable      TimetableOverride `yaml:"timetable,omitempty"`

	Origin Origin `yaml:"-" json:"-"`
}

// Force is the police force writing the plan.
type Force struct {
	Name      string  `yaml:"name" jsonschema:"required"`
	Code      string  `yaml:"code" jsonschema:"required"`
	Operation string  `yaml:"operation" jsonschema:"required"`
	Marking   Marking `yaml:"marking,omitempty"`
	PlanOwner string  `yaml:"plan_owner" jsonschema:"required"`
	Area      string  `yaml:"area,omitempty"`
	// ConstituencyBoundaries is a GeoJSON file of constituency outlines.
	ConstituencyBoundaries string `yaml:"constituency_boundaries,omitempty"`

	Origin Origin `yaml:"-" json:"-"`
}

// CommandMember is one named role in the command structure.
type CommandMember struct {
	Role  CommandRole `yaml:"role" jsonschema:"required"`
	Name  string      `yaml:"name" jsonschema:"required"`
	Rank  string      `yaml:"rank,omitempty"`
	Phone string      `yaml:"phone,omitempty"`
	Email string      `yaml:"email,omitempty"`

	Origin Origin `yaml:"-" json:"-"`
}

// Constituency is a parliamentary constituency in the force area.
type Constituency struct {
	Code             string           `yaml:"code" jsonschema:"required"`
	Name             string           `yaml:"name" jsonschema:"required"`
	Electorate       int              `yaml:"electorate,omitempty" jsonschema:"minimum=0"`
	Setting          Setting          `yaml:"setting,omitempty"`
	ReturningOfficer ReturningOfficer `yaml:"returning_officer" jsonschema:"required"`

	Origin Origin `yaml:"-" json:"-"`
}

// ReturningOfficer is the (acting) returning officer for a constituency.
type ReturningOfficer struct {
	Name  string `yaml:"name" jsonschema:"required"`
	Phone string `yaml:"phone,omitempty"`
	Email string `yaml:"email,omitempty"`

	Origin Origin `yaml:"-" json:"-"`
}

// Candidate is a person standing for election. Party is recorded for
// identification and display only: nothing scored ever reads it.
type Candidate struct {
	ID                 string              `yaml:"id" jsonschema:"required"`
	Name               string              `yaml:"name" jsonschema:"required"`
	Constituency       string              `yaml:"constituency" jsonschema:"required"`
	Party              string              `yaml:"party,omitempty"`
	Incumbency         Incumbency          `yaml:"incumbency,omitempty"`
	Prominence         Prominence          `yaml:"prominence,omitempty"`
	ThreatHistory      ThreatHistory       `yaml:"threat_history,omitempty"`
	FixatedConcern     Concern             `yaml:"fixated_concern,omitempty"`
	OnlineAbuse        AbuseLevel          `yaml:"online_abuse,omitempty"`
	HomeAddressPublic  bool                `yaml:"home_address_public,omitempty"`
	HomeAddress        string              `yaml:"home_address,omitempty"`
	ProtectiveMeasures []ProtectiveMeasure `yaml:"protective_measures,omitempty"`
	BriefingOffered    *Date               `yaml:"briefing_offered,omitempty"`
	ContactPreference  string              `yaml:"contact_preference,omitempty"`
	Override           *Override           `yaml:"override,omitempty"`

	Origin Origin `yaml:"-" json:"-"`
}

// Override is a professional-judgement adjustment of one band step, with
// the reason. It is never silent: it goes to the decision log.
type Override struct {
	TierDelta int    `yaml:"tier_delta" jsonschema:"required,enum=-1,enum=1"`
	Rationale string `yaml:"rationale" jsonschema:"required"`
	DecidedBy string `yaml:"decided_by" jsonschema:"required"`

	Origin Origin `yaml:"-" json:"-"`
}

// Venue is where an event or count takes place.
type Venue struct {
	Name     string    `yaml:"name" jsonschema:"required"`
	Address  string    `yaml:"address,omitempty"`
	Postcode string    `yaml:"postcode,omitempty"`
	Location *Location `yaml:"location,omitempty"`
	Indoor   bool      `yaml:"indoor,omitempty"`
	Capacity int       `yaml:"capacity,omitempty" jsonschema:"minimum=0"`

	Origin Origin `yaml:"-" json:"-"`
}

// Event is a hustings, campaign event, protest or other gathering.
type Event struct {
	ID                 string        `yaml:"id" jsonschema:"required"`
	Kind               EventKind     `yaml:"kind" jsonschema:"required"`
	Title              string        `yaml:"title" jsonschema:"required"`
	Constituency       string        `yaml:"constituency" jsonschema:"required"`
	Venue              Venue         `yaml:"venue" jsonschema:"required"`
	Start              DateTime      `yaml:"start" jsonschema:"required"`
	End                *DateTime     `yaml:"end,omitempty"`
	ExpectedAttendance int           `yaml:"expected_attendance" jsonschema:"required,minimum=0"`
	Candidates         []string      `yaml:"candidates,omitempty"`
	PublicAccess       PublicAccess  `yaml:"public_access,omitempty"`
	Livestreamed       bool          `yaml:"livestreamed,omitempty"`
	Topics             []string      `yaml:"topics,omitempty"`
	Intelligence       *Intelligence `yaml:"intelligence,omitempty"`
	Source             Source        `yaml:"source,omitempty"`

	// Contribution is the contribution the event came from, if any.
	Contribution *Contribution `yaml:"-" json:"-"`
	Origin       Origin        `yaml:"-" json:"-"`
}

// Intelligence is what is known about protest and tension around an event.
type Intelligence struct {
	Protest           ProtestLikelihood `yaml:"protest,omitempty"`
	CounterProtest    bool              `yaml:"counter_protest,omitempty"`
	ViolenceIndicated bool              `yaml:"violence_indicated,omitempty"`
	Tension           Tension           `yaml:"tension,omitempty"`

	Origin Origin `yaml:"-" json:"-"`
}

// PollingStation is a polling place as the council lists it.
type PollingStation struct {
	ID                    string    `yaml:"id" jsonschema:"required"`
	Constituency          string    `yaml:"constituency" jsonschema:"required"`
	Name                  string    `yaml:"name" jsonschema:"required"`
	Address               string    `yaml:"address,omitempty"`
	Postcode              string    `yaml:"postcode,omitempty"`
	Location              *Location `yaml:"location,omitempty"`
	Districts             []string  `yaml:"districts,omitempty"`
	Electorate            int       `yaml:"electorate,omitempty" jsonschema:"minimum=0"`
	IncidentsLastElection int       `yaml:"incidents_last_election,omitempty" jsonschema:"minimum=0"`
	RORating              RAG       `yaml:"ro_rating,omitempty"`
	Notes                 string    `yaml:"notes,omitempty"`

	Origin Origin `yaml:"-" json:"-"`
}

// Count is a counting venue and the constituencies counted there.
type Count struct {
	ID                  string     `yaml:"id" jsonschema:"required"`
	Constituencies      []string   `yaml:"constituencies" jsonschema:"required"`
	Venue               Venue      `yaml:"venue" jsonschema:"required"`
	Start               *DateTime  `yaml:"start,omitempty"`
	ExpectedDeclaration *DateTime  `yaml:"expected_declaration,omitempty"`
	ExpectedAttendance  int        `yaml:"expected_attendance" jsonschema:"required,minimum=0"`
	Media               MediaLevel `yaml:"media,omitempty"`

	Origin Origin `yaml:"-" json:"-"`
}

// Resources is what the force has available for election duties.
type Resources struct {
	Bases        []Base         `yaml:"bases,omitempty"`
	Availability []Availability `yaml:"availability" jsonschema:"required"`
	ShiftHours   int            `yaml:"shift_hours,omitempty" jsonschema:"minimum=1,maximum=24"`

	Origin Origin `yaml:"-" json:"-"`
}

// Base is a police station or deployment base.
type Base struct {
	Name     string   `yaml:"name" jsonschema:"required"`
	Location Location `yaml:"location" jsonschema:"required"`

	Origin Origin `yaml:"-" json:"-"`
}

// Availability is how many people are free for election duties on a day.
type Availability struct {
	Date       Date `yaml:"date" jsonschema:"required"`
	Officers   int  `yaml:"officers" jsonschema:"required,minimum=0"`
	Sergeants  int  `yaml:"sergeants,omitempty" jsonschema:"minimum=0"`
	Inspectors int  `yaml:"inspectors,omitempty" jsonschema:"minimum=0"`
	PCSOs      int  `yaml:"pcsos,omitempty" jsonschema:"minimum=0"`
	PSU        int  `yaml:"psu,omitempty" jsonschema:"minimum=0"`

	Origin Origin `yaml:"-" json:"-"`
}

// Incident is something that has happened since the plan was first made.
type Incident struct {
	ID             string         `yaml:"id" jsonschema:"required"`
	Date           Date           `yaml:"date" jsonschema:"required"`
	Kind           IncidentKind   `yaml:"kind" jsonschema:"required"`
	Severity       Severity       `yaml:"severity" jsonschema:"required"`
	Candidate      string         `yaml:"candidate,omitempty"`
	Event          string         `yaml:"event,omitempty"`
	PollingStation string         `yaml:"polling_station,omitempty"`
	Summary        string         `yaml:"summary" jsonschema:"required"`
	Status         IncidentStatus `yaml:"status" jsonschema:"required"`

	// Contribution is the contribution the incident came from, if any.
	Contribution *Contribution `yaml:"-" json:"-"`
	Origin       Origin        `yaml:"-" json:"-"`
}

// Decision is one entry of the plan owner's decision log.
type Decision struct {
	At              DateTime `yaml:"at" jsonschema:"required"`
	By              string   `yaml:"by" jsonschema:"required"`
	Decision        string   `yaml:"decision" jsonschema:"required"`
	Rationale       string   `yaml:"rationale" jsonschema:"required"`
	OptionsRejected string   `yaml:"options_rejected,omitempty"`
	ReviewBy        *Date    `yaml:"review_by,omitempty"`

	Origin Origin `yaml:"-" json:"-"`
}
