package pdf

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/template"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/templates"
	"go.yaml.in/yaml/v3"
)

// briefingWords is the fixed text of a briefing pack.
type briefingWords struct {
	Intro          string   `yaml:"intro"`
	UniversalOffer string   `yaml:"universal_offer"`
	HowToReport    []string `yaml:"how_to_report"`
	EventsNote     string   `yaml:"events_note"`
	CountNote      string   `yaml:"count_note"`
	Safety         []struct {
		Title  string   `yaml:"title"`
		Points []string `yaml:"points"`
	} `yaml:"safety"`
	OffencesNote string   `yaml:"offences_note"`
	Offences     []string `yaml:"offences"`
}

// WriteBriefing writes the briefing pack of one candidate: their police
// contacts, the universal offer, how to report, their own public events in
// the plan, polling day and their count, safety and home-address advice,
// and offences in plain words. A pack holds nothing about any other
// candidate (another candidate's name in an event's title is replaced), no
// risk score, tier or band, no intelligence, no deployment, and no home
// address. It is marked for the named recipient.
func WriteBriefing(w io.Writer, p *plan.Plan, candidateID string) error {
	i := slices.IndexFunc(p.Candidates, func(c plan.CandidateProfile) bool { return c.ID == candidateID })
	if i < 0 {
		return fmt.Errorf("briefing pack: no candidate %q in the plan", candidateID)
	}
	c := p.Candidates[i]
	words, err := loadBriefingWords(p, c)
	if err != nil {
		return err
	}
	pg, err := newPage()
	if err != nil {
		return err
	}
	f := pg.f
	fixDates(f, p.AsOf)
	f.SetTitle(fmt.Sprintf("Briefing pack for %s: %s", c.Name, p.Election.Name), true)
	f.SetAuthor(p.Force.Name, true)
	f.SetCreator("electplan "+p.Generator.Version, true)
	f.SetProducer("electplan "+p.Generator.Version, true)
	f.SetLang("en-GB")
	pg.marking = "OFFICIAL · PERSONAL"
	pg.left = p.Force.Name
	pg.right = "For " + c.Name + " only"
	pg.foot = "Prepared " + p.AsOf.String()

	b := briefing{pg: pg, p: p, c: c, words: words, redact: otherNames(p, c)}
	b.cover()
	b.contacts()
	b.events()
	b.pollingDay()
	b.staySafe()
	b.offences()
	if err := f.Error(); err != nil {
		return fmt.Errorf("lay out briefing pack for %s: %w", c.ID, err)
	}
	return output(f, w)
}

// Briefing renders WriteBriefing into memory.
func Briefing(p *plan.Plan, candidateID string) ([]byte, error) {
	var buf bytes.Buffer
	if err := WriteBriefing(&buf, p, candidateID); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func loadBriefingWords(p *plan.Plan, c plan.CandidateProfile) (*briefingWords, error) {
	t, err := template.New("briefing").Option("missingkey=error").Parse(string(templates.BriefingWording))
	if err != nil {
		return nil, fmt.Errorf("parse briefing wording: %w", err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, map[string]string{"Force": p.Force.Name, "Election": p.Election.Name,
		"PollingDay": longDate(p.Election.PollingDay), "Name": c.Name}); err != nil {
		return nil, fmt.Errorf("fill briefing wording: %w", err)
	}
	var w briefingWords
	if err := yaml.Unmarshal(buf.Bytes(), &w); err != nil {
		return nil, fmt.Errorf("read briefing wording: %w", err)
	}
	return &w, nil
}

// otherNames replaces the names of every other candidate with a neutral
// phrase, so no text borrowed from the plan (an event's title, say) can
// carry them into this candidate's pack.
func otherNames(p *plan.Plan, c plan.CandidateProfile) *strings.Replacer {
	var pairs []string
	for _, o := range p.Candidates {
		if o.ID != c.ID && o.Name != "" && o.Name != c.Name {
			pairs = append(pairs, o.Name, "another candidate")
		}
	}
	return strings.NewReplacer(pairs...)
}

type briefing struct {
	pg     *page
	p      *plan.Plan
	c      plan.CandidateProfile
	words  *briefingWords
	redact *strings.Replacer
}

func (b *briefing) heading(title string) {
	b.pg.heading(1, title)
}

func (b *briefing) cover() {
	pg, p, c, f := b.pg, b.p, b.c, b.pg.f
	f.AddPage()
	f.SetY(34)
	pg.font("B", 10)
	pg.text(muted)
	f.CellFormat(bodyW, 6, strings.ToUpper(p.Force.Name), "", 1, "L", false, 0, "")
	pg.font("B", 22)
	pg.text(navy)
	f.MultiCell(bodyW, 10, "Your safety during the election", "", "L", false)
	pg.font("", 13)
	pg.text(ink)
	who := c.Name
	if c.Party != "" {
		who += ", " + c.Party
	}
	f.MultiCell(bodyW, 6.5, fmt.Sprintf("A briefing pack for %s, candidate for %s at the %s on %s.",
		who, b.constituencyName(), p.Election.Name, longDate(p.Election.PollingDay)), "", "L", false)
	f.Ln(4)
	f.Bookmark("Your briefing pack", 0, -1)
	pg.para(b.words.Intro)
	b.heading("The offer to every candidate")
	pg.para(b.words.UniversalOffer)
	offer := "We will offer you a security briefing: your named contact will be in touch, or call them to arrange it."
	if d := c.UniversalOffer.BriefingOffered; d != nil {
		offer = "Your security briefing was offered on " + longDate(*d) + ". If you have not had it yet, or want it again for your team, ask your named contact."
	}
	pg.para(offer)
}

func (b *briefing) constituencyName() string {
	for _, k := range b.p.Constituencies {
		if k.Code == b.c.Constituency {
			return k.Name
		}
	}
	return b.c.Constituency
}

// contacts lists the force's contacts for the candidate: their named
// contact, the election SPOC, the Op Bridger contact and the FEOA.
func (b *briefing) contacts() {
	pg, p, c := b.pg, b.p, b.c
	b.heading("Your police contacts")
	var rows [][]cell
	if c.UniversalOffer.NamedContact {
		for _, m := range p.Command {
			if strings.TrimSpace(m.Rank+" "+m.Name) == c.UniversalOffer.ContactName {
				rows = append(rows, []cell{{text: "Your named contact", bold: true}, txt(c.UniversalOffer.ContactName), txt(m.Phone), txt(m.Email)})
			}
		}
		if len(rows) == 0 {
			rows = append(rows, []cell{{text: "Your named contact", bold: true}, txt(c.UniversalOffer.ContactName), txt(""), txt("")})
		}
	}
	for _, role := range []struct{ role, title string }{
		{"election-spoc", "Election single point of contact"},
		{"bridger-contact", "Op Bridger contact (candidates' and MPs' security)"},
		{"feoa", "Force elected official adviser"},
	} {
		for _, m := range p.Command {
			if m.Role == role.role {
				rows = append(rows, []cell{txt(role.title), txt(strings.TrimSpace(m.Rank + " " + m.Name)), txt(m.Phone), txt(m.Email)})
			}
		}
	}
	if !c.UniversalOffer.NamedContact {
		pg.para("You will be given a named police contact. Until then, the contacts below will help you.")
	}
	pg.table(widths([]string{"", "Name", "Phone", "Email"}, 3.6, 3, 2.3, 5.2), rows)
	b.heading("How to report")
	pg.bulletList(b.words.HowToReport)
}

// events lists the candidate's own public events still to come: when
// and where, nothing of how they are policed.
func (b *briefing) events() {
	pg, p, c := b.pg, b.p, b.c
	b.heading("Your events we know about")
	from := p.AsOf.At(0, 0)
	var rows [][]cell
	for _, e := range sortedEvents(p.Flashpoints) {
		if !slices.Contains(e.Candidates, c.ID) || (!e.End.IsZero() && e.End.Before(from.Time)) {
			continue
		}
		place := b.redact.Replace(e.Venue.Name)
		if e.Venue.Postcode != "" {
			place += ", " + e.Venue.Postcode
		}
		rows = append(rows, []cell{txt(dateTime(e.Start)), txt(b.redact.Replace(e.Title)), txt(place)})
	}
	if len(rows) == 0 {
		pg.para("We have no public events of yours still to come in our plan. Please tell your named contact what you are planning.")
		return
	}
	pg.para(b.words.EventsNote)
	pg.table(widths([]string{"When", "Event", "Where"}, 2.2, 5.2, 5), rows)
}

func sortedEvents(events []plan.FlashpointPlan) []plan.FlashpointPlan {
	out := slices.Clone(events)
	slices.SortStableFunc(out, func(a, b plan.FlashpointPlan) int { return a.Start.Compare(b.Start.Time) })
	return out
}

func (b *briefing) pollingDay() {
	pg, p, c := b.pg, b.p, b.c
	b.heading("Polling day and your count")
	pg.para(fmt.Sprintf("The poll is on %s, from 07:00 to 22:00. Police will visit polling stations through the day; "+
		"tell your named contact, or call 101, if you see anything that worries you. Call 999 if anyone is in danger.",
		longDate(p.Election.PollingDay)))
	for _, k := range p.Counts {
		if !slices.Contains(k.Constituencies, c.Constituency) {
			continue
		}
		decl := "not yet known"
		if k.ExpectedDeclaration != nil {
			decl = dateTime(*k.ExpectedDeclaration)
		}
		pg.keyValues([][2]string{
			{"Count venue", strings.Trim(strings.Join([]string{k.Venue.Name, k.Venue.Address, k.Venue.Postcode}, ", "), ", ")},
			{"Counting starts", dateTime(k.Start)},
			{"Declaration expected", decl},
		}, 40)
	}
	pg.para(b.words.CountNote)
	var rows [][]cell
	for _, s := range p.Timetable {
		switch s.Step {
		case "close_of_nominations", "postal_vote_deadline", "proxy_deadline", "polling_day":
			rows = append(rows, []cell{txt(shortDate(s.Date)), txt(s.Title)})
		}
	}
	if len(rows) > 0 {
		b.heading("Key dates")
		pg.table(widths([]string{"Date", "What"}, 3, 9), rows)
	}
}

func (b *briefing) staySafe() {
	pg := b.pg
	b.heading("Staying safe")
	for _, s := range b.words.Safety {
		pg.ensure(30)
		pg.font("B", 10)
		pg.text(navy)
		pg.f.MultiCell(bodyW, lineH+0.4, s.Title, "", "L", false)
		pg.bulletList(s.Points)
	}
}

func (b *briefing) offences() {
	b.heading("What to report")
	b.pg.para(b.words.OffencesNote)
	b.pg.bulletList(b.words.Offences)
}
