// Package synth generates synthetic plan inputs at any scale, from one
// force to the whole country, for tests and benchmarks. The same options
// and seed always give the same inputs. The people, parties and places it
// makes up are obviously synthetic; the shapes (how many stations per
// constituency, how events cluster, how risk is spread) follow the
// examples.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/electplan/electplan/plan"
	"go.yaml.in/yaml/v3"
)

// Options sizes the inputs.
type Options struct {
	Seed                   uint64
	Constituencies         int
	CandidatesPerSeat      int
	EventsPerSeat          int
	StationsPerSeat        int
	ConstituenciesPerCount int
	BasesPerSeat           float64
	PollingDay             plan.Date
}

// OneForce is about the size of a large force: ~75 constituencies and
// ~5,000 polling stations.
func OneForce(seed uint64) Options {
	return Options{Seed: seed, Constituencies: 75, CandidatesPerSeat: 7, EventsPerSeat: 5, StationsPerSeat: 67,
		ConstituenciesPerCount: 2, BasesPerSeat: 1.5, PollingDay: plan.NewDate(2029, 5, 3)}
}

// WholeCountry is the UK: 650 constituencies, ~4,500 candidates, ~3,000
// events and ~40,000 polling stations.
func WholeCountry(seed uint64) Options {
	return Options{Seed: seed, Constituencies: 650, CandidatesPerSeat: 7, EventsPerSeat: 5, StationsPerSeat: 62,
		ConstituenciesPerCount: 2, BasesPerSeat: 1.5, PollingDay: plan.NewDate(2029, 5, 3)}
}

// Scaled returns o with every count multiplied by f (at least one).
func (o Options) Scaled(f float64) Options {
	o.Constituencies = max(1, int(math.Round(float64(o.Constituencies)*f)))
	return o
}

var (
	parties    = []string{"Civic Democrats", "Unity Party", "Green Future", "Commonwealth Party", "Heritage Party", "Independent"}
	eventKinds = []plan.EventKind{"hustings", "hustings", "hustings", "campaign", "campaign", "protest", "media", "other"}
	protest    = []plan.ProtestLikelihood{"none", "none", "none", "none", "possible", "planned"}
	tension    = []plan.Tension{"low", "low", "low", "medium", "high"}
	topics     = []string{"housing", "local hospital", "asylum", "cost of living", "gaza", "bus services", "immigration"}
	placeKinds = []string{"Village Hall", "Primary School", "Community Centre", "Church Hall", "Library", "Sports Club", "Scout Hut"}
	// Most stations have no RO rating; of those that do, most are green. A
	// few per cent amber and under one per cent red, as in the examples.
	roRatings = append(append(append(make([]plan.RAG, 150), repeat[plan.RAG]("green", 40)...),
		repeat[plan.RAG]("amber", 8)...), "red", "red")
	counting    = []string{"Leisure Centre", "Town Hall", "Civic Centre", "Sports Hall"}
	firstNames  = []string{"Alex", "Sam", "Jo", "Rhian", "Dafydd", "Priya", "Tom", "Aisha", "Morgan", "Ewan", "Siân", "Llŷr"}
	familyNames = []string{"Smith", "Jones", "Khan", "Evans", "Campbell", "Patel", "Hughes", "Walker", "Roberts", "Gŵyr"}
)

// Risk is spread roughly as among real candidates: about one in seven an
// MP at dissolution, a few former MPs, most with no recorded threat.
var (
	threats = append(repeat[plan.ThreatHistory]("none", 30),
		"online-abuse", "online-abuse", "online-abuse", "harassment", "harassment", "threats", "stalking", "approach")
	abuse      = append(repeat[plan.AbuseLevel]("none", 12), "low", "low", "low", "moderate", "moderate", "high", "severe")
	incumbency = append(repeat[plan.Incumbency]("none", 24), "former-mp", "sitting-mp", "sitting-mp", "sitting-mp", "sitting-mp")
	prominence = append(repeat[plan.Prominence]("local", 20), "regional", "regional", "national")
)

// Generate makes inputs of the given size.
func Generate(o Options) *plan.Inputs {
	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	pick := func(n int) int { return rng.IntN(n) }
	poll := o.PollingDay
	in := &plan.Inputs{Dir: "synthetic"}
	in.Election = plan.Election{ID: "parl." + poll.String(), Name: "UK Parliamentary General Election (synthetic)",
		Kind: plan.General, PollingDay: poll, Nation: "england"}
	in.Force = plan.Force{Name: "Synthetic Constabulary", Code: "E23999999", Operation: "Op Synthetic",
		PlanOwner: "Force Election SPOC"}
	in.Command = []plan.CommandMember{{Role: "gold", Name: "ACC Gold"}, {Role: "silver", Name: "Supt Silver"},
		{Role: "election-spoc", Name: "DI Spoc"}, {Role: "bridger-contact", Name: "Insp Bridger"}}

	// Constituencies are laid over Great Britain on a jittered grid, so
	// stations cluster around towns as they do in life.
	side := int(math.Ceil(math.Sqrt(float64(o.Constituencies))))
	type centre struct{ lat, lon float64 }
	centres := make([]centre, o.Constituencies)
	for i := range o.Constituencies {
		row, colm := i/side, i%side
		centres[i] = centre{
			lat: 50.6 + (float64(row)+rng.Float64()*0.6)*(6.8/float64(side)),
			lon: -4.6 + (float64(colm)+rng.Float64()*0.6)*(6.0/float64(side)),
		}
		code := fmt.Sprintf("E14%06d", 100000+i)
		in.Constituencies = append(in.Constituencies, plan.Constituency{Code: code, Name: fmt.Sprintf("Synthetic %d", i+1),
			Electorate: 70000 + pick(8000), Setting: "mixed", ReturningOfficer: plan.ReturningOfficer{Name: fmt.Sprintf("RO %d", i+1)}})
	}
	near := func(c centre, km float64) *plan.Location {
		r := km * math.Sqrt(rng.Float64())
		a := rng.Float64() * 2 * math.Pi
		lat := c.lat + r*math.Sin(a)/111.2
		lon := c.lon + r*math.Cos(a)/(111.2*math.Cos(c.lat*math.Pi/180))
		return &plan.Location{Lat: lat, Lon: lon}
	}
	nBases := max(1, int(float64(o.Constituencies)*o.BasesPerSeat))
	for i := range nBases {
		c := centres[i%len(centres)]
		in.Resources.Bases = append(in.Resources.Bases, plan.Base{Name: fmt.Sprintf("Base %d", i+1), Location: *near(c, 6)})
	}

	for ci, c := range in.Constituencies {
		var ids []string
		for k := range o.CandidatesPerSeat {
			id := fmt.Sprintf("%d", 100000+ci*o.CandidatesPerSeat+k)
			ids = append(ids, id)
			cand := plan.Candidate{ID: id, Constituency: c.Code,
				Name:          firstNames[pick(len(firstNames))] + " " + familyNames[pick(len(familyNames))],
				Party:         parties[k%len(parties)],
				Incumbency:    incumbency[pick(len(incumbency))],
				Prominence:    prominence[pick(len(prominence))],
				ThreatHistory: threats[pick(len(threats))],
				OnlineAbuse:   abuse[pick(len(abuse))],
			}
			if pick(3) > 0 {
				d := poll.AddDays(-20 + pick(10))
				cand.BriefingOffered = &d
			}
			if pick(4) == 0 {
				cand.ProtectiveMeasures = []plan.ProtectiveMeasure{"named-contact"}
			}
			in.Candidates = append(in.Candidates, cand)
		}
		for k := range o.EventsPerSeat {
			start := poll.AddDays(-24+pick(23)).At(10+pick(10), 0)
			ev := plan.Event{ID: fmt.Sprintf("E%d-%d", ci+1, k+1), Kind: eventKinds[pick(len(eventKinds))],
				Title: fmt.Sprintf("Synthetic event %d in %s", k+1, c.Name), Constituency: c.Code,
				Venue: plan.Venue{Name: "Venue " + fmt.Sprint(k+1), Location: near(centres[ci], 5), Indoor: pick(3) > 0,
					Capacity: 100 + pick(900)},
				Start: start, ExpectedAttendance: 20 + pick(1500), Livestreamed: pick(4) == 0,
				Candidates: []string{ids[pick(len(ids))], ids[pick(len(ids))]},
				Topics:     []string{topics[pick(len(topics))]},
				Intelligence: &plan.Intelligence{Protest: protest[pick(len(protest))], Tension: tension[pick(len(tension))],
					CounterProtest: pick(10) == 0},
			}
			end := plan.DateTime{Time: start.Add(2 * 3600 * 1e9)}
			ev.End = &end
			in.Events = append(in.Events, ev)
		}
		for k := range o.StationsPerSeat {
			in.PollingStations = append(in.PollingStations, plan.PollingStation{
				ID: fmt.Sprintf("%d", 1000000+ci*o.StationsPerSeat+k), Constituency: c.Code,
				Name:     fmt.Sprintf("%s %s", placeKinds[pick(len(placeKinds))], fmt.Sprint(k+1)),
				Location: near(centres[ci], 9), Districts: []string{fmt.Sprintf("D%d", k+1)},
				Electorate: 300 + pick(2300), IncidentsLastElection: max(0, pick(40)-37), RORating: roRatings[pick(len(roRatings))],
			})
		}
	}
	per := max(1, o.ConstituenciesPerCount)
	for i := 0; i < len(in.Constituencies); i += per {
		var codes []string
		for j := i; j < min(i+per, len(in.Constituencies)); j++ {
			codes = append(codes, in.Constituencies[j].Code)
		}
		decl := poll.AddDays(1).At(2+pick(3), 0)
		in.Counts = append(in.Counts, plan.Count{ID: fmt.Sprintf("COUNT-%d", i/per+1), Constituencies: codes,
			Venue: plan.Venue{Name: fmt.Sprintf("%s %d", counting[pick(len(counting))], i/per+1), Location: near(centres[i], 3), Indoor: true,
				Capacity: 800},
			ExpectedDeclaration: &decl, ExpectedAttendance: 250 + pick(300)})
	}
	for d := poll.AddDays(-27); !d.After(poll.AddDays(1)); d = d.AddDays(1) {
		officers := 4 * o.Constituencies
		if d == poll {
			officers = 30 * o.Constituencies
		}
		in.Resources.Availability = append(in.Resources.Availability, plan.Availability{Date: d, Officers: officers,
			Sergeants: officers / 8, Inspectors: officers / 40, PSU: max(1, o.Constituencies/20)})
	}
	return in
}

// WriteFolder writes inputs as a plan folder of YAML files, split as a
// force would split them, so the whole pipeline (loading included) can be
// measured. dir must not exist or be empty.
func WriteFolder(dir string, in *plan.Inputs) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := map[string]plan.Document{
		"election.yaml":         {Election: &in.Election, Force: &in.Force, Command: in.Command, Constituencies: in.Constituencies},
		"candidates.yaml":       {Candidates: in.Candidates},
		"events.yaml":           {Events: in.Events},
		"polling-stations.yaml": {PollingStations: in.PollingStations},
		"counts.yaml":           {Counts: in.Counts},
		"resources.yaml":        {Resources: &in.Resources},
	}
	for name, doc := range files {
		doc.Schema = plan.SchemaV1
		b, err := yaml.Marshal(doc)
		if err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func repeat[T any](v T, n int) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = v
	}
	return out
}
