package importers

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/electplan/electplan/plan"
	"go.yaml.in/yaml/v3"
)

// wcivfLayout is the WhoCanIVoteFor hustings sheet Democracy Club keeps
// (and the CSV its "Download" gives). Column wording has changed over the
// years, so most columns match by their start.
var wcivfLayout = layout{kind: Hustings, format: "wcivf", title: "WhoCanIVoteFor hustings sheet",
	columns: []column{
		{key: "election", names: []string{"Election ID"}, required: true},
		{key: "title", names: []string{"Title of event"}, required: true},
		{key: "date", names: []string{"Date (DD-MM-YYYY)", "Date*"}, required: true},
		{key: "start", names: []string{"Start time (00:00)", "Start time*"}, required: true},
		{key: "end", names: []string{"End time (if known)", "End time*"}},
		{key: "venue", names: []string{"Location", "Location (*", "Name of event location*", "Venue*"}},
		{key: "address", names: []string{"Address of event location*", "Location address*", "Address*"}},
		{key: "postcode", names: []string{"Postcode of event location*", "Location postcode*", "Postcode*"}},
		{key: "link", names: []string{"Link to event information*", "Event link*", "URL"}},
		{key: "postlink", names: []string{"Link to post-event information*"}},
	}}

// defaultAttendance is written where the sheet cannot say how many will
// come: a conservative figure for a constituency hustings, flagged for the
// SPOC to confirm with the organiser.
const defaultAttendance = 100

// hustingRow is one row of the sheet, as text; it is checked only once
// it is known to be for one of the plan's constituencies, so a bad row for
// another ballot somewhere else never stops the import.
type hustingRow struct {
	election, title, date, start, end string
	venue, address, postcode, link    string
	pos, datePos, startPos, endPos    plan.Pos
}

// readHustings reads the sheet's rows.
func readHustings(src io.Reader, file string, c *collector) ([]hustingRow, *table, error) {
	t, err := readTable(src, file, []*layout{&wcivfLayout}, c)
	if err != nil {
		return nil, nil, err
	}
	var rows []hustingRow
	for {
		ok, err := t.next()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			break
		}
		rows = append(rows, hustingRow{
			election: t.get("election"), title: strings.Join(strings.Fields(t.get("title")), " "),
			date: t.get("date"), start: t.get("start"), end: t.get("end"),
			venue: t.get("venue"), address: t.get("address"), postcode: t.get("postcode"), link: t.get("link"),
			pos: t.pos("title"), datePos: t.pos("date"), startPos: t.pos("start"), endPos: t.pos("end"),
		})
	}
	t.finish()
	if len(rows) == 0 {
		return nil, nil, fileProblem(file, t.header, "the sheet has a header but no hustings", "download it again from WhoCanIVoteFor")
	}
	return rows, t, nil
}

// importHustings turns the rows for the plan's constituencies into
// events. The constituency comes from the ballot in the Election ID
// (parl.reading-central.by.2027-03-18), else --constituency, else the
// plan's only one. The sheet lists hustings everywhere: rows for other
// ballots and elections are left out with a count.
func importHustings(src io.Reader, req Request, f *folder, c *collector, r *Report) ([]record, func(*yaml.Node) bool, error) {
	rows, t, err := readHustings(src, req.File, c)
	if err != nil {
		return nil, nil, err
	}
	r.Layout, r.Rows = t.layout.title, t.rows
	electionType, _, _ := strings.Cut(f.in.Election.ID, ".")
	pollingDay := f.in.Election.PollingDay
	fallback := req.Constituency
	if fallback == "" {
		fallback, _ = f.only()
	}
	var otherBallots, noConstituency, noStart, noVenue []string
	touched := map[string]bool{}
	ids := map[string]int{}
	seen := map[string]bool{}
	var repeated []string
	var recs []record
	for _, row := range rows {
		if et, _, _ := strings.Cut(row.election, "."); electionType != "" && strings.Contains(row.election, ".") && et != electionType {
			otherBallots = append(otherBallots, row.election)
			continue
		}
		code := ""
		if slug := ballotSlug(row.election); slug != "" {
			k, ok := f.byName(slug)
			if !ok {
				otherBallots = append(otherBallots, row.election)
				continue
			}
			code = k
		} else {
			code = fallback
		}
		if code == "" {
			noConstituency = append(noConstituency, fmt.Sprintf("%q (%s)", row.title, orDash(row.election)))
			continue
		}
		if row.title == "" {
			c.err(row.pos, "", "hustings with no title", "every row needs the Title of event")
			continue
		}
		item := fmt.Sprintf("hustings %q", row.title)
		day, ok := parseSheetDate(row.date)
		if !ok {
			c.err(row.datePos, item, fmt.Sprintf("date %q is not a date like 02-03-2027", row.date), "dates are DD-MM-YYYY")
			continue
		}
		if !pollingDay.IsZero() && day.After(pollingDay) {
			c.warn(row.datePos, item, fmt.Sprintf("on %s, after polling day (%s)", day, pollingDay), "left out: check the date in the sheet")
			continue
		}
		id := hustingsID(row.election, row.title, day)
		sig := strings.Join([]string{row.election, row.title, row.date, row.start, row.end, row.venue, row.address, row.postcode, row.link}, "\x00")
		if seen[sig] {
			repeated = append(repeated, fmt.Sprintf("%q (line %d)", row.title, row.pos.Line))
			continue
		}
		seen[sig] = true
		if n := ids[id]; n > 0 {
			ids[id] = n + 1
			id = fmt.Sprintf("%s-%d", id, n+1)
		} else {
			ids[id] = 1
		}
		fields := []field{
			{path: "id", value: textNode(id)},
			{path: "kind", value: plainNode("hustings"), ifUnset: true},
			{path: "title", value: textNode(row.title), comment: linkComment(row.link)},
			{path: "constituency", value: textNode(code)},
		}
		if row.venue != "" {
			fields = append(fields, field{path: "venue.name", value: textNode(strings.Join(strings.Fields(row.venue), " "))})
		} else {
			fields = append(fields, field{path: "venue.name", value: textNode("<venue: not in the hustings sheet>"), ifUnset: true})
			noVenue = append(noVenue, fmt.Sprintf("%q %s", id, row.title))
		}
		if row.address != "" {
			fields = append(fields, field{path: "venue.address", value: textNode(strings.Join(strings.Fields(row.address), " "))})
		}
		if row.postcode != "" {
			fields = append(fields, field{path: "venue.postcode", value: textNode(strings.ToUpper(strings.Join(strings.Fields(row.postcode), " ")))})
		}
		var start plan.DateTime
		if row.start == "" {
			fields = append(fields, field{path: "start", value: textNode(fmt.Sprintf("<start time on %s, e.g. %sT19:00>", day, day)), ifUnset: true})
			noStart = append(noStart, fmt.Sprintf("%q %s", id, row.title))
		} else {
			h, m, ok := parseClock(row.start)
			if !ok {
				c.err(row.startPos, item, fmt.Sprintf("start time %q is not a time like 19:30", row.start), "times are HH:MM, UK local time")
				continue
			}
			start = day.At(h, m)
			fields = append(fields, field{path: "start", value: plainNode(start.String())})
		}
		if row.end != "" && !start.IsZero() {
			h, m, ok := parseClock(row.end)
			switch end := day.At(h, m); {
			case !ok:
				c.warn(row.endPos, item, fmt.Sprintf("end time %q is not a time like 21:00", row.end), "end left out: it defaults to start + 2 hours")
			case !end.After(start.Time):
				c.warn(row.endPos, item, fmt.Sprintf("ends at %s, not after it starts (%s)", row.end, start.Clock()), "end left out: it defaults to start + 2 hours")
			default:
				fields = append(fields, field{path: "end", value: plainNode(end.String())})
			}
		}
		fields = append(fields, field{path: "expected_attendance", value: intNode(defaultAttendance), ifUnset: true,
			comment: "# estimate: not in the hustings sheet — confirm with the organiser",
			note:    fmt.Sprintf("expected_attendance set to %d as an estimate (the sheet does not say): confirm with the organiser", defaultAttendance)})
		touched[code] = true
		recs = append(recs, record{id: id, name: row.title, constituency: code, fields: fields})
	}
	if len(otherBallots) > 0 {
		c.note(fmt.Sprintf("%s for other ballots left out (%s)", plan.Plural(len(otherBallots), "hustings", "hustings"),
			listNames(uniqueSorted(otherBallots), 4)))
	}
	if len(noConstituency) > 0 {
		c.note(fmt.Sprintf("%s name only the election, not a constituency, and are left out: %s — give --constituency CODE to import them",
			plan.Plural(len(noConstituency), "hustings", "hustings"), listNames(noConstituency, 5)))
	}
	if len(repeated) > 0 {
		c.note("rows repeating an earlier row exactly, read once: " + listNames(repeated, 5))
	}
	if len(noStart) > 0 {
		c.note("no start time in the sheet, so start is a placeholder for you to fill in: " + listNames(noStart, 5))
	}
	if len(noVenue) > 0 {
		c.note("no location in the sheet, so venue.name is a placeholder for you to fill in: " + listNames(noVenue, 5))
	}
	if len(recs) == 0 && len(c.errs) == 0 {
		return nil, nil, fileProblem(req.File, t.header,
			fmt.Sprintf("none of the %s in the sheet is for this plan's constituencies (%s)", plan.Plural(len(rows), "hustings", "hustings"), f.list()),
			"the Election ID names the ballot (parl.reading-central.by.2027-03-18); give --constituency CODE for rows that name only the election")
	}
	r.Records = len(recs)
	return recs, func(item *yaml.Node) bool {
		return touched[scalarAt(item, "constituency")] && scalarAt(item, "kind") == "hustings"
	}, nil
}

// hustingsID is a stable id for a sheet row: the same election, title and
// date give the same id on every import.
func hustingsID(election, title string, day plan.Date) string {
	sum := sha256.Sum256([]byte(election + "\x00" + strings.ToLower(title) + "\x00" + day.String()))
	return "H-" + hex.EncodeToString(sum[:4])
}

// linkComment keeps the event's link as a comment: the standard has no
// field for it, and the SPOC will want it.
func linkComment(link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	return "# " + strings.Join(strings.Fields(link), " ")
}

var sheetDateLayouts = []string{
	"02-01-2006", "2-1-2006", "02/01/2006", "2/1/2006", "02.01.2006",
	"2006-01-02", "2006-Jan-02", "2006-January-02", "2 January 2006", "2 Jan 2006", "Monday 2 January 2006",
}

// parseSheetDate reads the sheet's DD-MM-YYYY and the other forms it has
// used (YYYY-MM-DD, YYYY-Month-DD).
func parseSheetDate(s string) (plan.Date, bool) {
	s = strings.Join(strings.Fields(s), " ")
	for _, l := range sheetDateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return plan.DateOf(t), true
		}
	}
	return plan.Date{}, false
}

// parseClock reads 19:30, 19.30, 1930, 7pm and 7:30pm.
func parseClock(s string) (hour, minute int, ok bool) {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	pm, am := strings.HasSuffix(s, "pm"), strings.HasSuffix(s, "am")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "pm"), "am")
	var hs, ms string
	switch {
	case strings.ContainsAny(s, ":."):
		i := strings.IndexAny(s, ":.")
		hs, ms = s[:i], s[i+1:]
		if len(ms) > 2 && ms[2] == ':' { // 19:30:00
			ms = ms[:2]
		}
	case len(s) == 4:
		hs, ms = s[:2], s[2:]
	default:
		hs, ms = s, "0"
	}
	h, errH := strconv.Atoi(hs)
	m, errM := strconv.Atoi(ms)
	if errH != nil || errM != nil || m < 0 || m > 59 || h < 0 || h > 23 || len(ms) > 2 {
		return 0, 0, false
	}
	if pm || am {
		if h < 1 || h > 12 {
			return 0, 0, false
		}
		if pm && h != 12 {
			h += 12
		}
		if am && h == 12 {
			h = 0
		}
	}
	return h, m, true
}
