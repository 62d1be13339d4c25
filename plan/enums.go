package plan

// Enumerations of the input standard. Each is a lower-case word with
// hyphens, exactly as INPUT-V1 lists them. Values returns the allowed
// values in the order the standard gives them; the loader rejects anything
// else and the JSON Schema lists them, both from the same Values method.

// Enum is implemented by every enumerated type of the standard.
type Enum interface {
	Values() []string
}

// ElectionKind is general or by-election.
type ElectionKind string

// Election kinds.
const (
	General    ElectionKind = "general"
	ByElection ElectionKind = "by-election"
)

// Values lists the allowed election kinds.
func (ElectionKind) Values() []string { return []string{"general", "by-election"} }

// Nation is a UK nation; it decides which bank holidays count.
type Nation string

// Values lists the UK nations.
func (Nation) Values() []string {
	return []string{"england", "wales", "scotland", "northern-ireland"}
}

// Marking is the protective marking printed on every page.
type Marking string

// Protective markings.
const (
	Official          Marking = "official"
	OfficialSensitive Marking = "official-sensitive"
)

// Values lists the protective markings.
func (Marking) Values() []string { return []string{"official", "official-sensitive"} }

// Label is the marking as printed: "OFFICIAL-SENSITIVE" when unset.
func (m Marking) Label() string {
	if m == Official {
		return "OFFICIAL"
	}
	return "OFFICIAL-SENSITIVE"
}

// CommandRole is a role in the command structure.
type CommandRole string

// Command roles the plan refers to by name.
const (
	RoleGold           CommandRole = "gold"
	RoleSilver         CommandRole = "silver"
	RoleElectionSPOC   CommandRole = "election-spoc"
	RoleFEOA           CommandRole = "feoa"
	RoleBridgerContact CommandRole = "bridger-contact"
)

// Values lists the command roles.
func (CommandRole) Values() []string {
	return []string{"gold", "silver", "bronze-polling", "bronze-events", "bronze-counts",
		"bronze-candidate-safety", "bronze-intelligence", "bronze-investigation",
		"election-spoc", "feoa", "bridger-contact", "loggist", "media"}
}

// Setting is whether a constituency is urban, rural or mixed.
type Setting string

// Values lists the settings.
func (Setting) Values() []string { return []string{"urban", "rural", "mixed"} }

// Incumbency is whether a candidate is or was an MP.
type Incumbency string

// Values lists the incumbency values; empty means none.
func (Incumbency) Values() []string { return []string{"none", "former-mp", "sitting-mp"} }

// Prominence is a candidate's public profile.
type Prominence string

// Values lists the prominence levels; empty means local.
func (Prominence) Values() []string {
	return []string{"local", "regional", "national", "international"}
}

// ThreatHistory is the most serious behaviour against a candidate in the
// last 12 months.
type ThreatHistory string

// Values lists threat histories from least to most serious.
func (ThreatHistory) Values() []string {
	return []string{"none", "online-abuse", "harassment", "threats", "stalking", "approach", "assault"}
}

// Concern is a fixated-threat concern level.
type Concern string

// Values lists concern levels.
func (Concern) Values() []string { return []string{"none", "low", "moderate", "high"} }

// AbuseLevel is the volume and severity of online abuse.
type AbuseLevel string

// Values lists abuse levels.
func (AbuseLevel) Values() []string { return []string{"none", "low", "moderate", "high", "severe"} }

// ProtectiveMeasure is a measure already in place for a candidate.
type ProtectiveMeasure string

// Protective measures the plan refers to by name.
const (
	MeasureNamedContact     ProtectiveMeasure = "named-contact"
	MeasureSecurityBriefing ProtectiveMeasure = "security-briefing"
)

// Values lists protective measures.
func (ProtectiveMeasure) Values() []string {
	return []string{"named-contact", "security-briefing", "home-security", "private-security", "close-protection"}
}

// EventKind is the kind of an event.
type EventKind string

// Values lists event kinds.
func (EventKind) Values() []string {
	return []string{"hustings", "campaign", "protest", "media", "other"}
}

// PublicAccess says who may attend an event.
type PublicAccess string

// Values lists access kinds; empty means open.
func (PublicAccess) Values() []string { return []string{"open", "ticketed", "invite-only"} }

// ProtestLikelihood is what intelligence says about protest.
type ProtestLikelihood string

// Values lists protest likelihoods.
func (ProtestLikelihood) Values() []string { return []string{"none", "possible", "planned"} }

// Tension is the community tension around an event.
type Tension string

// Values lists tension levels.
func (Tension) Values() []string { return []string{"low", "medium", "high"} }

// Source says who told the police about an event.
type Source string

// Values lists sources; empty means police.
func (Source) Values() []string {
	return []string{"organiser", "candidate", "party", "returning-officer", "police"}
}

// RAG is a red, amber or green rating.
type RAG string

// Values lists RAG ratings.
func (RAG) Values() []string { return []string{"green", "amber", "red"} }

// MediaLevel is the media interest expected at a count.
type MediaLevel string

// Values lists media levels; empty means local.
func (MediaLevel) Values() []string { return []string{"local", "national"} }

// IncidentKind is the kind of an incident.
type IncidentKind string

// Values lists incident kinds.
func (IncidentKind) Values() []string {
	return []string{"online-abuse", "harassment", "threats", "criminal-damage", "disorder", "assault", "intimidation", "other"}
}

// Severity is an incident's severity.
type Severity string

// Values lists severities.
func (Severity) Values() []string { return []string{"low", "medium", "high"} }

// IncidentStatus is whether an incident is still open.
type IncidentStatus string

// Values lists incident statuses.
func (IncidentStatus) Values() []string { return []string{"open", "closed"} }
