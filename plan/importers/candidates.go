package importers

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/electplan/electplan/plan"
	"go.yaml.in/yaml/v3"
)

// democracyClubLayout is the candidates CSV candidates.democracyclub.org.uk
// publishes today: one row per candidacy, booleans as t/f.
var democracyClubLayout = layout{kind: Candidates, format: "democracyclub", title: "Democracy Club candidates CSV",
	columns: []column{
		{key: "id", names: []string{"person_id"}, required: true},
		{key: "name", names: []string{"person_name"}, required: true},
		{key: "election", names: []string{"election_id"}},
		{key: "ballot", names: []string{"ballot_paper_id"}, required: true},
		{key: "date", names: []string{"election_date"}},
		{key: "current", names: []string{"election_current"}},
		{key: "party", names: []string{"party_name"}, required: true},
		{key: "party_id", names: []string{"party_id"}},
		{key: "post", names: []string{"post_label"}, required: true},
		{key: "cancelled", names: []string{"cancelled_poll"}},
		{key: "seats", names: []string{"seats_contested"}},
		{key: "gss", names: []string{"gss"}},
		{key: "by_election", names: []string{"by_election"}},
		{key: "elected", names: []string{"elected"}},
		{key: "mnis", names: []string{"mnis_id"}},
		{key: "twfy", names: []string{"twfy_id"}},
		{key: "parlparse", names: []string{"parlparse_id"}},
		{key: "twfy_url", names: []string{"theyworkforyou_url"}},
	}}

// yourNextMPLayout is the older YourNextMP export (2015–2019), still what
// many archived files are in.
var yourNextMPLayout = layout{kind: Candidates, format: "democracyclub", title: "YourNextMP candidates CSV (the older Democracy Club layout)",
	columns: []column{
		{key: "id", names: []string{"id"}, required: true},
		{key: "name", names: []string{"name"}, required: true},
		{key: "party", names: []string{"party", "party_name"}, required: true},
		{key: "post", names: []string{"constituency", "post_label"}, required: true},
		{key: "gss", names: []string{"gss_code"}},
		{key: "election", names: []string{"election"}},
		{key: "date", names: []string{"election_date"}},
		{key: "cancelled", names: []string{"cancelled_poll"}},
		{key: "elected", names: []string{"elected"}},
		{key: "parlparse", names: []string{"parlparse_id"}},
		{key: "twfy_url", names: []string{"theyworkforyou_url"}},
		{key: "mapit", names: []string{"mapit_url"}},
	}}

// mpIDColumns are the columns whose value means the person has been an MP:
// a non-partisan incumbency signal.
var mpIDColumns = []string{"mnis", "twfy", "parlparse", "twfy_url"}

// candidateRow is one candidacy as the file gives it.
type candidateRow struct {
	id, name, party, post string
	gss, ballot, election string
	date                  string
	cancelled             bool
	mpIDs                 []string
	pos                   plan.Pos
}

// readCandidates reads a Democracy Club or YourNextMP candidates CSV. Rows
// without a person id or name are errors; a person listed twice keeps the
// first row.
func readCandidates(src io.Reader, file string, c *collector) ([]candidateRow, *table, error) {
	t, err := readTable(src, file, []*layout{&democracyClubLayout, &yourNextMPLayout}, c)
	if err != nil {
		return nil, nil, err
	}
	var rows []candidateRow
	first := map[string]int{}
	for {
		ok, err := t.next()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			break
		}
		row := candidateRow{id: t.get("id"), name: t.get("name"), party: t.get("party"), post: t.get("post"),
			gss: t.get("gss"), ballot: t.get("ballot"), election: t.get("election"), date: t.get("date"), pos: t.pos("id")}
		if row.id == "" {
			c.err(t.pos("id"), "", "no "+t.colName("id")+" on this row", "every candidate needs their Democracy Club person id")
			continue
		}
		item := fmt.Sprintf("candidate %q", row.id)
		if row.name == "" {
			c.err(t.pos("name"), item, "no "+t.colName("name"), "every candidate needs their name as on the ballot paper")
			continue
		}
		if v := t.get("cancelled"); v != "" {
			b, ok := parseBool(v)
			if !ok {
				c.warn(t.pos("cancelled"), item, fmt.Sprintf("%s %q is not t or f", t.colName("cancelled"), v), "read as not cancelled")
			}
			row.cancelled = b
		}
		for _, key := range mpIDColumns {
			if v := t.get(key); v != "" && v != "0" {
				row.mpIDs = append(row.mpIDs, t.colName(key)+" "+v)
			}
		}
		if i, dup := first[row.id]; dup {
			if rows[i].ballot != row.ballot || rows[i].post != row.post {
				c.warn(row.pos, item, fmt.Sprintf("listed again (first at line %d) for %s", rows[i].pos.Line, orDash(row.post)),
					"kept the first row")
			}
			continue
		}
		first[row.id] = len(rows)
		rows = append(rows, row)
	}
	t.finish()
	if len(rows) == 0 && len(c.errs) == 0 {
		return nil, nil, fileProblem(file, t.header, "the file has a header but no candidates", "export it again once nominations are published")
	}
	return rows, t, nil
}

// importCandidates reads the candidates and turns those standing in the
// plan's constituencies into records. The constituency comes from the
// file's GSS code, else --constituency, else the constituency (or ballot)
// name matched against the plan's. Cancelled polls, other elections and
// other polling days are left out with a note.
func importCandidates(src io.Reader, req Request, f *folder, c *collector, r *Report) ([]record, func(*yaml.Node) bool, error) {
	rows, t, err := readCandidates(src, req.File, c)
	if err != nil {
		return nil, nil, err
	}
	r.Layout, r.Rows = t.layout.title, t.rows
	electionType, _, _ := strings.Cut(f.in.Election.ID, ".")
	pollingDay := f.in.Election.PollingDay
	cancelled := map[string]int{}
	var otherElections, otherDays, elsewhere []string
	touched := map[string]bool{}
	var recs []record
	for _, row := range rows {
		if row.cancelled {
			cancelled[orDash(row.ballot)]++
			continue
		}
		if et := electionOf(row); electionType != "" && et != "" && et != electionType {
			otherElections = appendUnique(otherElections, orDash(firstNonEmpty(row.election, row.ballot)))
			continue
		}
		if d, err := plan.ParseDate(row.date); row.date != "" && err == nil && !pollingDay.IsZero() && d != pollingDay {
			otherDays = appendUnique(otherDays, row.date)
			continue
		}
		code := ""
		switch {
		case row.gss != "":
			if _, ok := f.codes[row.gss]; ok {
				code = row.gss
			}
		case req.Constituency != "":
			code = req.Constituency
		default:
			if k, ok := f.byName(row.post); ok {
				code = k
			} else if k, ok := f.byName(ballotSlug(row.ballot)); ok {
				code = k
			}
		}
		if code == "" {
			elsewhere = append(elsewhere, strings.TrimSpace(row.post+" "+row.gss))
			continue
		}
		touched[code] = true
		fields := []field{
			{path: "id", value: textNode(row.id)},
			{path: "name", value: textNode(row.name)},
			{path: "constituency", value: textNode(code)},
		}
		if row.party != "" {
			fields = append(fields, field{path: "party", value: textNode(row.party)})
		}
		if len(row.mpIDs) > 0 {
			ids := strings.Join(row.mpIDs, ", ")
			fields = append(fields, field{path: "incumbency", value: plainNode("former-mp"), ifUnset: true,
				comment: "# suggested by import: has an MP identifier (" + ids + "); sitting or former cannot be told from the file — confirm",
				note: "has an MP identifier (" + ids + "): incumbency set to former-mp as a suggestion — " +
					"whether they are a sitting or a former MP cannot be told from the file: confirm, and set sitting-mp if they were the MP at dissolution"})
		}
		recs = append(recs, record{id: row.id, name: row.name, constituency: code, fields: fields})
	}
	for _, ballot := range slices.Sorted(maps.Keys(cancelled)) {
		c.note(fmt.Sprintf("cancelled poll %s: %s left out (a cancelled or uncontested poll has no campaign to police)",
			ballot, plan.Plural(cancelled[ballot], "candidate", "candidates")))
	}
	if len(otherElections) > 0 {
		c.note("rows for other elections left out: " + listNames(otherElections, 5))
	}
	if len(otherDays) > 0 {
		c.note(fmt.Sprintf("rows for polling days other than %s left out: %s", pollingDay, listNames(otherDays, 5)))
	}
	if len(elsewhere) > 0 {
		c.note(fmt.Sprintf("%s standing outside this plan's constituencies (%s) left out: %s",
			plan.Plural(len(elsewhere), "candidate", "candidates"), f.list(), listNames(uniqueSorted(elsewhere), 5)))
	}
	if len(recs) == 0 {
		return nil, nil, fileProblem(req.File, t.header,
			fmt.Sprintf("none of the %s in the file is standing in this plan's constituencies (%s)", plan.Plural(len(rows), "candidate", "candidates"), f.list()),
			"check the file is for this election; if it has no gss column and names the constituency differently, give --constituency")
	}
	r.Records = len(recs)
	return recs, func(item *yaml.Node) bool { return touched[scalarAt(item, "constituency")] }, nil
}

// electionOf is the election type of a row: "parl" of parl.2024-07-04.
func electionOf(row candidateRow) string {
	id := firstNonEmpty(row.election, row.ballot)
	if !strings.Contains(id, ".") {
		return "" // YourNextMP's "2015": no type to compare
	}
	et, _, _ := strings.Cut(id, ".")
	return et
}

// ballotSlug is the constituency slug of a ballot paper id:
// parl.reading-central.by.2027-03-18 → reading-central.
func ballotSlug(ballot string) string {
	parts := strings.Split(ballot, ".")
	if len(parts) < 3 {
		return ""
	}
	return parts[1]
}

// parseBool reads t/f, true/false, yes/no, 1/0 and y/n.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "t", "true", "yes", "y", "1":
		return true, true
	case "f", "false", "no", "n", "0", "":
		return false, true
	}
	return false, false
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func appendUnique(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func uniqueSorted(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return slices.Compact(out)
}
