package pdf

import (
	"fmt"
	"strings"
	"time"

	"github.com/electplan/electplan/plan"
	"github.com/paulmach/orb"
)

// patrolSummary is the paragraph in Method that points to annex E.
func (r *renderer) patrolSummary() {
	pp := r.p.Patrols
	if len(pp.Beats) == 0 && len(pp.Unplanned) == 0 {
		return
	}
	if len(pp.Beats) == 0 {
		r.pg.para("Patrols: no beats are planned. " + staticText(pp.Static))
		r.unplannedAlert()
		return
	}
	bases := map[string]bool{}
	for _, b := range pp.Beats {
		bases[b.Base] = true
	}
	text := fmt.Sprintf("Patrols: %s from %s make %s to %s, %.0f km in all, for %.1f officer-hours "+
		"(briefing and travel included). The routes are at most %.1f%% longer than the shortest possible. "+
		"%s static officers instead. Every beat's route, map and timetable is in Annex E.",
		plan.Plural(len(pp.Beats), "beat", "beats"), plan.Plural(len(bases), "base", "bases"),
		plan.Plural(pp.Visits, "visit", "visits"), plan.Plural(pp.Patrolled, "station", "stations"), pp.TotalKm, pp.OfficerHours,
		100*(pp.RouteRatio-1), plan.Plural(pp.Static, "station has", "stations have"))
	r.pg.para(text)
	r.unplannedAlert()
}

func (r *renderer) unplannedAlert() {
	pp := r.p.Patrols
	if len(pp.Unplanned) == 0 {
		return
	}
	head := fmt.Sprintf("%s not patrolled as often as %s band needs", plan.Plural(len(pp.Unplanned), "station is", "stations are"),
		map[bool]string{true: "its", false: "their"}[len(pp.Unplanned) == 1])
	if why, same := sharedReason(pp.Unplanned); same && len(pp.Unplanned) > 1 {
		r.pg.alert([]string{head + ": every one " + why + ".", "They are listed in plan.xlsx, sheet Patrols."})
		return
	}
	lines := []string{head + ":"}
	for i, u := range pp.Unplanned {
		if i == 10 {
			lines = append(lines, fmt.Sprintf("and %d more: see plan.xlsx, sheet Patrols.", len(pp.Unplanned)-10))
			break
		}
		lines = append(lines, u.Reason)
	}
	r.pg.alert(lines)
}

func staticText(n int) string {
	if n == 0 {
		return "No station has static officers."
	}
	return plan.Plural(n, "station has", "stations have") + " static officers."
}

// sharedReason reports whether every unplanned station was left off the
// beats for the same reason, and that reason without the station's id.
func sharedReason(us []plan.UnplannedStation) (string, bool) {
	var why string
	for i, u := range us {
		w := strings.TrimPrefix(u.Reason, "station "+u.Station+" ")
		if w == u.Reason || (i > 0 && w != why) {
			return "", false
		}
		why = w
	}
	return why, len(us) > 0
}

// annexE lays out the patrol plan: the totals and the quality of the
// routes, every beat in one table, then each beat with its route map and
// timetable, ready to brief a crew from.
// annexE opens the patrol annex: what the beats are, the table of them
// and the first beats' routes and timetables, up to (not including) to.
func (r *renderer) annexE(to int) {
	pg, p := r.pg, r.p
	pp := p.Patrols
	pg.f.AddPage()
	pg.heading(1, "Annex E: polling-day patrols")
	pg.para(fmt.Sprintf("Stations whose band calls for visits are grouped into beats from their nearest base. "+
		"Each beat's route leaves the base, visits its stations in order and returns; it is driven as many times "+
		"(rounds) as its most demanding station needs, evenly between %s and %s, so every station gets its visits. "+
		"Distances are straight-line times a road factor of %.2g at an average of %.0f km/h, with %.0f minutes at each "+
		"station. Stations with static officers are not on beats.",
		pp.PollOpens, pp.PollCloses, pp.RoadFactor, pp.AverageSpeedKmh, pp.MinutesPerVisit))
	if len(pp.Beats) == 0 {
		why := "No beats are planned: no station needs patrol visits."
		if len(pp.Unplanned) > 0 {
			why = "No beats are planned."
		}
		pg.para(why + " " + staticText(pp.Static))
		r.unplannedAlert()
		return
	}
	pg.keyValues([][2]string{
		{"Beats", fmt.Sprintf("%d, crewed by %s each", len(pp.Beats), plan.Plural(pp.OfficersPerBeat, "officer", "officers"))},
		{"Stations", fmt.Sprintf("%d patrolled; %d with static officers", pp.Patrolled, pp.Static)},
		{"Visits", fmt.Sprint(pp.Visits)},
		{"Distance", fmt.Sprintf("%.0f km in all; one round of every beat %.0f km", pp.TotalKm, pp.RouteKm)},
		{"Officer-hours", fmt.Sprintf("%.1f", pp.OfficerHours)},
		{"Route quality", fmt.Sprintf("one round of every beat is %.0f km against a lower bound of %.0f km: at most %.1f%% longer "+
			"than the shortest possible (worst beat %.1f%%)", pp.RouteKm, pp.LowerBoundKm, 100*(pp.RouteRatio-1), 100*(pp.WorstRouteRatio-1))},
		{"Timetables", map[bool]string{true: "every beat fits the poll", false: "NOT every beat fits the poll: see below"}[pp.AllFit]},
	}, 38)
	r.unplannedAlert()

	var rows [][]cell
	for _, b := range pp.Beats {
		fits := "yes"
		if !b.Fits {
			fits = "NO"
		}
		rows = append(rows, []cell{txt(b.ID), txt(b.Base), num(len(b.Route)), banded(b.Band, string(b.Band)), num(b.Rounds),
			txt(fmt.Sprintf("%.1f (≥ %.1f)", b.LoopKm, b.LowerBoundKm)), txt(fmt.Sprintf("%.2f", b.LoopHours)),
			hrs(b.OfficerHours), txt(fits)})
	}
	pg.heading(2, "Beats")
	pg.compactTable(widths([]string{"Beat", "Base", "Stations|R", "Band", "Rounds|R", "Round km (bound)|R", "Round h|R",
		"Officer-hours|R", "Fits|C"}, 1.1, 4.5, 1.4, 1.5, 1.3, 2.5, 1.3, 2.0, 0.9), rows)

	r.beats(0, to)
}

// beats lays out the routes and timetables of beats from up to (not
// including) to; a lot after the first starts on a new page.
func (r *renderer) beats(from, to int) {
	p := r.p
	if from > 0 {
		r.pg.f.AddPage()
	}
	stations := make(map[string]*plan.StationPlan, len(p.PollingStations))
	for i := range p.PollingStations {
		stations[p.PollingStations[i].ID] = &p.PollingStations[i]
	}
	for _, b := range p.Patrols.Beats[from:to] {
		r.beatBlock(b, stations)
	}
}

// beatBlock draws one beat: a heading, its route map on the left and the
// timetable on the right, kept together on one page.
func (r *renderer) beatBlock(b plan.PatrolBeat, stations map[string]*plan.StationPlan) {
	pg := r.pg
	f := pg.f
	const mapW, mapH, gap, rowH, size = 64.0, 58.0, 4.0, 4.2, 7.0
	tableH := float64(len(b.Route)+2) * rowH
	pg.ensure(12 + max(mapH, tableH) + 4)
	title := fmt.Sprintf("%s from %s: %s, %s, %.1f km a round", b.ID, b.Base, plan.Plural(len(b.Route), "station", "stations"),
		plan.Plural(b.Rounds, "round", "rounds"), b.LoopKm)
	pg.heading(2, title)
	y0 := f.GetY()

	// The route map: the base, the stations in order, the way round.
	var marks []mark
	route := orb.LineString{}
	if pt, ok := point(&b.BaseLocation); ok {
		marks = append(marks, mark{kind: markBase, at: pt})
		route = append(route, pt)
	}
	for i, id := range b.Route {
		s := stations[id]
		if s == nil {
			continue
		}
		if pt, ok := point(s.Location); ok {
			marks = append(marks, mark{kind: markStation, at: pt, band: ragBand(s.RAG), label: fmt.Sprint(i + 1), rank: i})
			route = append(route, pt)
		}
	}
	if len(route) > 1 {
		route = append(route, route[0])
		view, _ := boundOf(marks)
		pg.drawMap(mapSpec{view: fitView(view), area: r.p.Map.Area, marks: marks, routes: []orb.LineString{route}, scale: 1.3},
			marginL, y0, mapW, mapH)
	}

	// The timetable: each station's first visit, how often after, and last.
	x := marginL + mapW + gap
	w := pg.bodyW - mapW - gap
	cols := widthsIn(w, []string{"Station (in route order)", "RAG|C", "First|C", "Every|C", "Last|C"}, 6.3, 1.2, 1.1, 1.3, 1.1)
	byStation := map[string][]time.Time{}
	for _, v := range b.Visits {
		byStation[v.Station] = append(byStation[v.Station], v.At.In(plan.London))
	}
	pg.lineHeader(x, y0, w, rowH, size, cols)
	y := y0 + rowH + 1
	for i, id := range b.Route {
		s := stations[id]
		name, rag := id, "green"
		if s != nil {
			name, rag = id+" "+s.Name, s.RAG
		}
		times := byStation[id]
		first, every, last := "—", "—", "—"
		if len(times) > 0 {
			first, last = times[0].Format("15:04"), times[len(times)-1].Format("15:04")
		}
		if len(times) > 1 {
			step := times[len(times)-1].Sub(times[0]) / time.Duration(len(times)-1)
			every = hoursMinutes(step)
		}
		pg.lineRow(x, y, w, rowH, size, cols, []cell{txt(fmt.Sprintf("%d. %s", i+1, name)), banded(ragBand(rag), rag),
			txt(first), txt(every), txt(last)}, i%2 == 1)
		y += rowH
	}
	pg.font("", size)
	pg.text(muted)
	fits := "Every visit falls within the poll."
	if !b.Fits {
		fits = "This beat cannot give every station its visits: see the alert above."
	}
	summary := fmt.Sprintf("%s One round takes %s. Route %.1f km against a lower bound of %.1f km. "+
		"%.1f officer-hours. %s", r.roundStarts(b), clockDuration(b.LoopHours), b.LoopKm, b.LowerBoundKm, b.OfficerHours, fits)
	f.SetXY(x, y+1)
	f.MultiCell(w, 3.4, summary, "", "L", false)
	pg.text(ink)
	f.SetXY(marginL, max(y0+mapH, f.GetY())+4)
}

func clockDuration(h float64) string {
	m := int(h*60 + 0.5)
	return fmt.Sprintf("%d h %02d", m/60, m%60)
}

// roundStarts says when a beat's rounds leave the base: evenly through
// the poll, the first at its opening.
func (r *renderer) roundStarts(b plan.PatrolBeat) string {
	pp := r.p.Patrols
	opens, err1 := time.Parse("15:04", pp.PollOpens)
	closes, err2 := time.Parse("15:04", pp.PollCloses)
	if err1 != nil || err2 != nil || b.Rounds == 0 {
		return ""
	}
	step := closes.Sub(opens) / time.Duration(b.Rounds)
	if b.Rounds > 4 {
		return fmt.Sprintf("Rounds leave %s every %s from %s.", b.Base, hoursMinutes(step), opens.Format("15:04"))
	}
	starts := make([]string, b.Rounds)
	for k := range starts {
		starts[k] = opens.Add(time.Duration(k) * step).Format("15:04")
	}
	if b.Rounds == 1 {
		return fmt.Sprintf("The round leaves %s at %s.", b.Base, starts[0])
	}
	return fmt.Sprintf("Rounds leave %s at %s and %s.", b.Base, strings.Join(starts[:len(starts)-1], ", "), starts[len(starts)-1])
}

// hoursMinutes writes an interval as "1 h 52", whole minutes (an interval
// of 1 h 52 min 30 s is every 1 h 52, as the visit times show it).
func hoursMinutes(d time.Duration) string {
	m := int(d / time.Minute)
	return fmt.Sprintf("%d h %02d", m/60, m%60)
}
