package plan

// Contributions let candidates, their agents and parties contribute to a
// plan if they wish (Speaker's Conference, paragraph 45): events they are
// planning, concerns, incidents they have experienced, and how often they
// want updates. Each is one YAML file in the plan folder's contributions/
// folder (or an XLSX form turned into one by `electplan import
// contribution`). Provenance is kept: every event and incident a
// contribution adds says which contribution it came from.

// ContributionSchemaV1 is the schema of a contribution file.
const ContributionSchemaV1 = "electplan-contribution/v1"

// ContributionsDir is the folder, inside a plan folder, that holds the
// contribution files.
const ContributionsDir = "contributions"

// ContributionDocument is one contribution file.
type ContributionDocument struct {
	Schema      string                `yaml:"schema" jsonschema:"required"`
	Contributor Contributor           `yaml:"contributor" jsonschema:"required"`
	Consent     Consent               `yaml:"consent" jsonschema:"required"`
	Updates     UpdateFrequency       `yaml:"updates,omitempty"`
	Events      []ContributedEvent    `yaml:"events,omitempty"`
	Concerns    []ContributedConcern  `yaml:"concerns,omitempty"`
	Incidents   []ContributedIncident `yaml:"incidents,omitempty"`

	Origin Origin `yaml:"-" json:"-"`
}

// Contributor is who a contribution is from and how to reach them.
type Contributor struct {
	Kind      ContributorKind `yaml:"kind" jsonschema:"required"`
	Name      string          `yaml:"name" jsonschema:"required"`
	Candidate string          `yaml:"candidate,omitempty"`
	Party     string          `yaml:"party,omitempty"`
	Role      string          `yaml:"role,omitempty"`
	Phone     string          `yaml:"phone,omitempty"`
	Email     string          `yaml:"email,omitempty"`
	Received  *Date           `yaml:"received,omitempty"`

	Origin Origin `yaml:"-" json:"-"`
}

// Consent records the contributor's agreement that the police may use
// what they contribute. Without it the contribution is refused.
type Consent struct {
	PoliceUse bool   `yaml:"police_use" jsonschema:"required"`
	GivenBy   string `yaml:"given_by" jsonschema:"required"`
	Date      Date   `yaml:"date" jsonschema:"required"`

	Origin Origin `yaml:"-" json:"-"`
}

// ContributedEvent is an event a contributor is planning.
type ContributedEvent struct {
	ID                 string        `yaml:"id,omitempty"`
	Kind               EventKind     `yaml:"kind" jsonschema:"required"`
	Title              string        `yaml:"title" jsonschema:"required"`
	Constituency       string        `yaml:"constituency,omitempty"`
	Venue              Venue         `yaml:"venue" jsonschema:"required"`
	Start              DateTime      `yaml:"start" jsonschema:"required"`
	End                *DateTime     `yaml:"end,omitempty"`
	ExpectedAttendance int           `yaml:"expected_attendance" jsonschema:"required,minimum=0"`
	Candidates         []string      `yaml:"candidates,omitempty"`
	PublicAccess       PublicAccess  `yaml:"public_access,omitempty"`
	Livestreamed       bool          `yaml:"livestreamed,omitempty"`
	Topics             []string      `yaml:"topics,omitempty"`
	Intelligence       *Intelligence `yaml:"intelligence,omitempty"`

	Origin Origin `yaml:"-" json:"-"`
}

// ContributedConcern is something a contributor is worried about, in their words.
// Free text is never interpreted.
type ContributedConcern struct {
	Category ConcernCategory `yaml:"category" jsonschema:"required"`
	Details  string          `yaml:"details" jsonschema:"required"`

	Origin Origin `yaml:"-" json:"-"`
}

// ContributedIncident is something a contributor has experienced.
type ContributedIncident struct {
	ID               string       `yaml:"id,omitempty"`
	Date             Date         `yaml:"date" jsonschema:"required"`
	Kind             IncidentKind `yaml:"kind" jsonschema:"required"`
	Severity         Severity     `yaml:"severity,omitempty"`
	Summary          string       `yaml:"summary" jsonschema:"required"`
	Event            string       `yaml:"event,omitempty"`
	ReportedToPolice bool         `yaml:"reported_to_police,omitempty"`
	CrimeReference   string       `yaml:"crime_reference,omitempty"`

	Origin Origin `yaml:"-" json:"-"`
}

// ContributorKind is who a contribution is from.
type ContributorKind string

// Contributor kinds.
const (
	FromCandidate ContributorKind = "candidate"
	FromAgent     ContributorKind = "agent"
	FromParty     ContributorKind = "party"
)

// Values lists contributor kinds.
func (ContributorKind) Values() []string { return []string{"candidate", "agent", "party"} }

// UpdateFrequency is how often a contributor wants updates.
type UpdateFrequency string

// Values lists update frequencies.
func (UpdateFrequency) Values() []string { return []string{"none", "as-needed", "weekly", "daily"} }

// ConcernCategory is what a concern is about.
type ConcernCategory string

// Values lists concern categories.
func (ConcernCategory) Values() []string {
	return []string{"online-abuse", "harassment", "threats", "stalking", "home-security", "event-security",
		"polling-day", "count", "other"}
}

// Contribution is a contribution file as loaded: its id (the file name
// without .yaml), the file, and what it says.
type Contribution struct {
	ID   string
	File string
	ContributionDocument
}

// ContributionRef says which contribution an item came from.
type ContributionRef struct {
	ID          string `json:"id"`
	File        string `json:"file"`
	Kind        string `json:"kind"`
	Contributor string `json:"contributor"`
	Received    *Date  `json:"received,omitempty"`
}

// Ref is the provenance record of contribution c.
func (c *Contribution) Ref() *ContributionRef {
	return &ContributionRef{ID: c.ID, File: c.File, Kind: string(c.Contributor.Kind), Contributor: c.Contributor.Name,
		Received: c.Contributor.Received}
}
