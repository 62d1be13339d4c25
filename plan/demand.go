package plan

import (
	"cmp"
	"iter"
	"math"
	"slices"
	"time"
)

// A commitment's officer-hours fall on the days its window covers, split
// at midnight: a count from 22:00 to 03:00 puts two hours on polling day
// and three on the next.
type demandItem struct {
	Commitment
	psu   int
	start time.Time
	end   time.Time
}

// days yields each day the commitment's window covers with its
// officer-hours on that day, in order.
func (d demandItem) days() iter.Seq2[Date, float64] {
	return func(yield func(Date, float64) bool) {
		total := d.end.Sub(d.start).Hours()
		if total <= 0 {
			yield(DateOf(d.start.In(London)), d.OfficerHours)
			return
		}
		for t := d.start; t.Before(d.end); {
			day := DateOf(t.In(London))
			next := day.AddDays(1).At(0, 0).Time
			if next.After(d.end) {
				next = d.end
			}
			if !yield(day, d.OfficerHours*next.Sub(t).Hours()/total) {
				return
			}
			t = next
		}
	}
}

// demand sets each day's officer-hours needed against those available.
// When a day is short, commitments are kept in order of score (highest
// first) while they fit; the rest are at risk, and the shortfall is
// turned into the officers of mutual aid that would cover it.
func (b *builder) demand() {
	items := make([]demandItem, 0, len(b.p.Flashpoints)+len(b.p.PollingStations)+len(b.p.Patrols.Beats)+len(b.p.Counts))
	briefing := hours(b.m.Deployments.BriefingTravelHours)
	for _, f := range b.p.Flashpoints {
		if f.Deployment.OfficerHours == 0 && f.Deployment.PSU == 0 {
			continue
		}
		items = append(items, demandItem{Commitment: commitment("event", f.ID, f.Title, f.Scored, f.Deployment),
			psu: f.Deployment.PSU, start: f.Start.Add(-briefing), end: f.End.Time})
	}
	opens, closes := PollWindow(b.in.Election.PollingDay, b.m)
	for _, s := range b.p.PollingStations {
		items = append(items, demandItem{Commitment: commitment("polling-station", s.ID, s.Name, s.Scored, s.Deployment),
			psu: s.Deployment.PSU, start: opens.Add(-briefing), end: closes.Time})
	}
	for _, beat := range b.p.Patrols.Beats {
		items = append(items, demandItem{Commitment: Commitment{Kind: "patrol", ID: beat.ID, Title: beatTitle(beat),
			Score: beat.Score, Band: beat.Band, OfficerHours: beat.OfficerHours},
			start: opens.Add(-briefing), end: closes.Time})
	}
	for _, c := range b.p.Counts {
		items = append(items, demandItem{Commitment: commitment("count", c.ID, "Count at "+c.Venue.Name, c.Scored, c.Deployment),
			psu: c.Deployment.PSU, start: c.Start.Add(-briefing), end: c.End.Time})
	}

	days := map[Date]*DemandDay{}
	day := func(d Date) *DemandDay {
		if days[d] == nil {
			days[d] = &DemandDay{Date: d, Commitments: []Commitment{}, AtRisk: []Commitment{}}
		}
		return days[d]
	}
	shift := float64(b.p.Resources.ShiftHours)
	for _, a := range b.p.Resources.Days {
		d := day(a.Date)
		d.AvailabilityGiven = true
		d.OfficerHoursAvailable += float64(a.Officers+a.Sergeants+a.Inspectors) * shift
		d.PSUAvailable += a.PSU
	}
	for _, it := range items {
		for date, h := range it.days() {
			d := day(date)
			c := it.Commitment
			c.OfficerHours = round1(h)
			d.Commitments = append(d.Commitments, c)
			d.PSUNeeded += it.psu
		}
	}
	for _, d := range days {
		slices.SortStableFunc(d.Commitments, func(a, c Commitment) int {
			if n := cmp.Or(cmp.Compare(c.Score, a.Score), cmp.Compare(c.OfficerHours, a.OfficerHours),
				cmp.Compare(a.Kind, c.Kind)); n != 0 {
				return n
			}
			return naturalCompare(a.ID, c.ID) // only for a tie: it is the slowest
		})
		needed, used := 0.0, 0.0
		kept := d.Commitments[:0:0]
		for _, c := range d.Commitments {
			needed += c.OfficerHours
			if used+c.OfficerHours <= d.OfficerHoursAvailable+1e-9 {
				used += c.OfficerHours
				kept = append(kept, c)
			} else {
				d.AtRisk = append(d.AtRisk, c)
			}
		}
		d.Commitments = kept
		d.OfficerHoursNeeded = round1(needed)
		d.OfficerHoursAvailable = round1(d.OfficerHoursAvailable)
		d.Shortfall = round1(math.Max(0, needed-d.OfficerHoursAvailable))
		if d.Shortfall > 0 && shift > 0 {
			d.MutualAidOfficers = int(math.Ceil(d.Shortfall / shift))
		}
	}
	for _, d := range days {
		if len(d.Commitments) == 0 && len(d.AtRisk) == 0 && !d.AvailabilityGiven {
			continue
		}
		b.p.Demand = append(b.p.Demand, *d)
	}
	slices.SortFunc(b.p.Demand, func(a, c DemandDay) int { return a.Date.Compare(c.Date.Time) })
}

func commitment(kind, id, title string, s Scored, d Deployment) Commitment {
	return Commitment{Kind: kind, ID: id, Title: title, Score: s.Score, Band: s.Band, OfficerHours: d.OfficerHours}
}
