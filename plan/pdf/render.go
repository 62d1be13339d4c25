// Package pdf renders a finished plan as the operational order: IIMARCH
// under a cover and control sheet, protectively marked on every page,
// with contents, bookmarks, the 5×5 risk matrix and the annexes. It lays
// out what the plan holds and decides nothing.
package pdf

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"text/template"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/templates"
	"go.yaml.in/yaml/v3"
)

// wording is the fixed text of the order, from templates/wording.
type wording struct {
	Distribution             string   `yaml:"distribution"`
	Intent                   []string `yaml:"intent"`
	MethodCampaign           string   `yaml:"method_campaign"`
	MethodPolling            string   `yaml:"method_polling"`
	MethodCount              string   `yaml:"method_count"`
	Contingencies            []struct{ Title, Text string }
	CommunicationsRO         string   `yaml:"communications_ro"`
	CommunicationsOffer      string   `yaml:"communications_offer"`
	CommunicationsContribute string   `yaml:"communications_contribute"`
	CommunicationsMedia      string   `yaml:"communications_media"`
	HumanRights              []string `yaml:"human_rights"`
	OffencesNote             string   `yaml:"offences_note"`
	Offences                 []struct{ Law, Name, What string }
}

// loadWording reads the wording and fills in the plan's names.
func loadWording(p *plan.Plan) (*wording, error) {
	t, err := template.New("order").Option("missingkey=error").Parse(string(templates.OrderWording))
	if err != nil {
		return nil, fmt.Errorf("parse order wording: %w", err)
	}
	var buf bytes.Buffer
	vars := map[string]string{
		"Force": p.Force.Name, "Operation": p.Force.Operation, "Election": p.Election.Name,
		"PollingDay": longDate(p.Election.PollingDay), "Marking": p.Force.Marking,
	}
	if err := t.Execute(&buf, vars); err != nil {
		return nil, fmt.Errorf("fill order wording: %w", err)
	}
	var w wording
	if err := yaml.Unmarshal(buf.Bytes(), &w); err != nil {
		return nil, fmt.Errorf("read order wording: %w", err)
	}
	return &w, nil
}

// Render lays the plan out as a PDF. The same plan always gives the same
// bytes: the document dates are the plan's as-of date and the catalogue is
// written in a fixed order.
func Render(p *plan.Plan) ([]byte, error) {
	var buf bytes.Buffer
	if err := Write(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write lays the plan out as a PDF and writes it to w.
func Write(w io.Writer, p *plan.Plan) error {
	words, err := loadWording(p)
	if err != nil {
		return err
	}
	pg, err := newPage()
	if err != nil {
		return err
	}
	f := pg.f
	fixDates(f, p.AsOf)
	f.SetTitle(fmt.Sprintf("%s: %s policing plan, revision %d", p.Force.Operation, p.Election.Name, p.Revision), true)
	f.SetSubject(p.Election.ID, true)
	f.SetAuthor(p.Force.Name, true)
	f.SetCreator("electplan "+p.Generator.Version, true)
	f.SetProducer("electplan "+p.Generator.Version, true)
	f.SetLang("en-GB")

	pg.marking = p.Force.Marking
	pg.left = fmt.Sprintf("%s · revision %d", p.Force.Operation, p.Revision)
	pg.right = p.Force.Name
	pg.foot = fmt.Sprintf("%s · as of %s", p.Election.ID, p.AsOf)

	r := renderer{pg: pg, p: p, w: words}
	r.cover()
	contentsPage := r.contentsPlaceholder()
	inParts := len(p.PollingStations)+len(p.Flashpoints)+len(p.Candidates) >= partsFrom
	parts := r.orderParts(inParts || lotsInOnePiece)
	first := 0
	if !inParts {
		for _, part := range parts {
			part.layOut(&r)
		}
	} else {
		finished, err := r.layOutParts(parts)
		if err != nil {
			return fmt.Errorf("lay out plan.pdf: %w", err)
		}
		if first, err = r.placeholders(finished); err != nil {
			return err
		}
		r.fillContents(contentsPage)
		if err := f.Error(); err != nil {
			return fmt.Errorf("lay out plan.pdf: %w", err)
		}
		if err := assemble(w, f, first, finished); err != nil {
			return fmt.Errorf("write plan.pdf: %w", err)
		}
		return nil
	}
	r.fillContents(contentsPage)
	if err := f.Error(); err != nil {
		return fmt.Errorf("lay out plan.pdf: %w", err)
	}
	if err := output(f, w); err != nil {
		return fmt.Errorf("write plan.pdf: %w", err)
	}
	return nil
}

// partsFrom is the size of plan (polling stations, flashpoints and
// candidates) from which the order is laid out in parts at once (see
// parts.go): national-scale plans. A force's plan is laid out in one
// piece, which takes no longer (each part costs the time to load and
// subset its fonts) and keeps the file smaller (each part carries its
// own).
var partsFrom = 10000

// In parts, annex B is laid out in lots of about stationsPerLot stations
// and annex E in lots of beatsPerLot beats, so that the parts of a big
// plan are of a size and none holds much of the document at once. Each
// lot starts a new page. (lotsInOnePiece cuts an order laid out in one
// piece into the same lots, for the tests that compare the two.)
var (
	stationsPerLot = 10000
	beatsPerLot    = 800
	lotsInOnePiece = false
)

// orderPart is a part of the order, and a rough measure of the work of
// laying it out (in rows of a register), by which parts are scheduled.
type orderPart struct {
	layOut func(*renderer)
	work   int
}

// orderParts are the order's parts after the cover and the contents, in
// order, each starting on a new page; annexes B and E are in lots if
// lots is set, else whole.
func (r *renderer) orderParts(lots bool) []orderPart {
	p := r.p
	stationsPerLot, beatsPerLot := stationsPerLot, beatsPerLot
	if !lots {
		stationsPerLot, beatsPerLot = math.MaxInt, math.MaxInt
	}
	// The sections draw the whole plan's maps, matrix and registers.
	whole := len(p.PollingStations) + len(p.Flashpoints) + len(p.Candidates)
	parts := []orderPart{
		{func(r *renderer) { r.summary(); r.information(); r.intent(); r.method() }, whole},
		{func(r *renderer) { r.administration(); r.risk(); r.communications(); r.humanRights() }, whole},
		{(*renderer).annexA, 2 * len(p.Candidates)}, // a candidate's block is a few rows
	}
	stations := map[string]int{}
	for _, s := range p.PollingStations {
		stations[s.Constituency]++
	}
	from, n := 0, 0
	for i, c := range p.Constituencies {
		n += stations[c.Code]
		if n >= stationsPerLot || i == len(p.Constituencies)-1 {
			lot := from
			parts = append(parts, orderPart{func(r *renderer) { r.annexB(lot, i+1) }, n})
			from, n = i+1, 0
		}
	}
	if len(p.Constituencies) == 0 {
		parts = append(parts, orderPart{func(r *renderer) { r.annexB(0, 0) }, 0})
	}
	parts = append(parts, orderPart{(*renderer).annexesCD, len(p.Counts) + len(p.Resources.Bases)})
	beats := p.Patrols.Beats
	visits := func(from, to int) int { // a beat's block is a map and a row per station
		n := 0
		for _, b := range beats[from:to] {
			n += len(b.Route) + 4
		}
		return n
	}
	first := min(len(beats), beatsPerLot)
	parts = append(parts, orderPart{func(r *renderer) { r.annexE(first) }, visits(0, first)})
	for from := beatsPerLot; from < len(beats); from += beatsPerLot {
		to := min(len(beats), from+beatsPerLot)
		parts = append(parts, orderPart{func(r *renderer) { r.beats(from, to) }, visits(from, to)})
	}
	return parts
}

type renderer struct {
	pg    *page
	p     *plan.Plan
	w     *wording
	names map[string]string // constituency names by code
	// the polling stations of each constituency, built on first use
	byConstituency map[string][]*plan.StationPlan
	maps           *mapIndex // the places on the maps, built on first use
}

func longDate(d plan.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("Monday 2 January 2006")
}

func shortDate(d plan.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("Mon 2 Jan 2006")
}

func dateTime(t plan.DateTime) string {
	if t.IsZero() {
		return ""
	}
	return t.In(plan.London).Format("Mon 2 Jan 15:04")
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}
