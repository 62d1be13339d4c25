package timetable

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"
)

// govukBankHolidays is a copy of https://www.gov.uk/bank-holidays.json. It
// holds one-off days (jubilees, a state funeral, a coronation) that no rule
// predicts; years it does not cover are computed from the rules.
//
//go:embed uk_bank_holidays.json
var govukBankHolidays []byte

// Holiday is a bank holiday in one nation.
type Holiday struct {
	Date   time.Time `json:"date"`
	Title  string    `json:"title"`
	Notes  string    `json:"notes,omitempty"` // "Substitute day", "Extra bank holiday" or empty
	Nation Nation    `json:"nation"`
}

// Calendar answers working-day questions for the election timetable. Non-
// working days are Saturdays, Sundays, Christmas Eve, Christmas Day, Good
// Friday, the bank holidays of the nations asked about, and the extra days
// (of thanksgiving or mourning) given to NewCalendar.
//
// Bank holidays come from the embedded gov.uk list for the years it covers
// and from the current statutory rules for other years. A Calendar is safe for
// concurrent use. The zero Calendar is usable and has no extra days.
type Calendar struct {
	extra map[time.Time]bool

	mu    sync.Mutex
	cache map[divisionYear]map[time.Time]Holiday
}

type divisionYear struct {
	div  division
	year int
}

// NewCalendar returns a Calendar in which the given days are non-working in
// every nation, in addition to weekends and holidays. Each day is reduced to
// its civil date.
func NewCalendar(extraNonWorking []time.Time) *Calendar {
	c := &Calendar{extra: make(map[time.Time]bool, len(extraNonWorking))}
	for _, d := range extraNonWorking {
		c.extra[civilDate(d)] = true
	}
	return c
}

// Holidays returns the bank holidays of nation n in year, sorted by date. It
// uses the embedded gov.uk list when that covers the year for the nation's
// division and the rules otherwise. An unknown nation has no holidays.
// Christmas Eve is not a bank holiday and is not listed, though it is never
// a working day.
func (c *Calendar) Holidays(n Nation, year int) []Holiday {
	set := c.divisionHolidays(n.division(), year)
	out := make([]Holiday, 0, len(set))
	for _, h := range set {
		h.Nation = n
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return out
}

// IsWorkingDay reports whether d is a working day for a timetable that counts
// the bank holidays of nations. It is false on a Saturday, Sunday, Christmas
// Eve, Christmas Day, Good Friday, an extra non-working day, or a bank holiday
// of any of nations. With no nations only the UK-wide days count.
func (c *Calendar) IsWorkingDay(d time.Time, nations []Nation) bool {
	return c.nonWorkingReason(civilDate(d), nations) == ""
}

// nonWorkingReason returns why d is not a working day, or "" if it is one.
func (c *Calendar) nonWorkingReason(d time.Time, nations []Nation) string {
	switch wd := d.Weekday(); wd {
	case time.Saturday, time.Sunday:
		return "a " + wd.String()
	}
	if d.Month() == time.December && d.Day() == 24 {
		return "Christmas Eve"
	}
	if d.Month() == time.December && d.Day() == 25 {
		return "Christmas Day"
	}
	if d.Equal(Easter(d.Year()).AddDate(0, 0, -2)) {
		return "Good Friday"
	}
	if c.extra[d] {
		return "a day of thanksgiving or mourning"
	}
	for _, n := range nations {
		if h, ok := c.divisionHolidays(n.division(), d.Year())[d]; ok {
			return fmt.Sprintf("a bank holiday in %s (%s)", n, h.Title)
		}
	}
	return ""
}

// AddWorkingDays returns the date n working days after d (n > 0) or before d
// (n < 0), not counting d itself: AddWorkingDays(poll, -19, …) is the 19th
// working day before poll. The result is always a working day unless n is 0,
// when d's civil date is returned unchanged.
func (c *Calendar) AddWorkingDays(d time.Time, n int, nations []Nation) time.Time {
	d = civilDate(d)
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDate(0, 0, step)
		if c.IsWorkingDay(d, nations) {
			n--
		}
	}
	return d
}

// WorkingDaysBefore returns how many working days d is before poll: the
// number of working days from d (inclusive) up to poll (exclusive), so that
// WorkingDaysBefore(AddWorkingDays(poll, -k, ns), poll, ns) == k. A non-
// working d counts from the next working day. A d after poll gives a negative
// count (the working days after poll up to and including d); d == poll gives 0.
func (c *Calendar) WorkingDaysBefore(d, poll time.Time, nations []Nation) int {
	d, poll = civilDate(d), civilDate(poll)
	count := 0
	switch {
	case d.Before(poll):
		for x := d; x.Before(poll); x = x.AddDate(0, 0, 1) {
			if c.IsWorkingDay(x, nations) {
				count++
			}
		}
	case d.After(poll):
		for x := d; x.After(poll); x = x.AddDate(0, 0, -1) {
			if c.IsWorkingDay(x, nations) {
				count--
			}
		}
	}
	return count
}

// firstWorkingDayFrom returns d if it is a working day, else the next one.
func (c *Calendar) firstWorkingDayFrom(d time.Time, nations []Nation) time.Time {
	d = civilDate(d)
	if c.IsWorkingDay(d, nations) {
		return d
	}
	return c.AddWorkingDays(d, 1, nations)
}

// divisionHolidays returns the bank holidays of div in year keyed by date,
// from the gov.uk list when it covers the year and from the rules otherwise.
// The map is shared and must not be modified.
func (c *Calendar) divisionHolidays(div division, year int) map[time.Time]Holiday {
	if div == "" {
		return nil
	}
	key := divisionYear{div, year}
	c.mu.Lock()
	defer c.mu.Unlock()
	if set, ok := c.cache[key]; ok {
		return set
	}
	list, ok := govukHolidays(div, year)
	if !ok {
		list = ruleHolidays(div, year)
	}
	set := make(map[time.Time]Holiday, len(list))
	for _, h := range list {
		set[h.Date] = h
	}
	if c.cache == nil {
		c.cache = make(map[divisionYear]map[time.Time]Holiday)
	}
	c.cache[key] = set
	return set
}

// govukData is the parsed embedded list: holidays per division and year, and
// the first and last year each division covers.
type govukData struct {
	byYear     map[divisionYear][]Holiday
	first, end map[division]int
}

var loadGovuk = sync.OnceValue(func() govukData {
	var raw map[string]struct {
		Division string `json:"division"`
		Events   []struct {
			Title string `json:"title"`
			Date  string `json:"date"`
			Notes string `json:"notes"`
		} `json:"events"`
	}
	if err := json.Unmarshal(govukBankHolidays, &raw); err != nil {
		// The file is embedded at build time, so a bad file is a programmer error.
		panic(fmt.Sprintf("timetable: parse embedded uk_bank_holidays.json: %v", err))
	}
	data := govukData{
		byYear: make(map[divisionYear][]Holiday),
		first:  make(map[division]int),
		end:    make(map[division]int),
	}
	for name, div := range raw {
		d := division(name)
		for _, e := range div.Events {
			t, err := time.Parse(time.DateOnly, e.Date)
			if err != nil {
				panic(fmt.Sprintf("timetable: parse embedded uk_bank_holidays.json: %s: %v", name, err))
			}
			y := t.Year()
			if f, ok := data.first[d]; !ok || y < f {
				data.first[d] = y
			}
			if y > data.end[d] {
				data.end[d] = y
			}
			k := divisionYear{d, y}
			data.byYear[k] = append(data.byYear[k], Holiday{Date: t, Title: e.Title, Notes: e.Notes})
		}
	}
	return data
})

// govukHolidays returns the gov.uk list for div in year, and whether the list
// covers that year.
func govukHolidays(div division, year int) ([]Holiday, bool) {
	data := loadGovuk()
	first, ok := data.first[div]
	if !ok || year < first || year > data.end[div] {
		return nil, false
	}
	return data.byYear[divisionYear{div, year}], true
}

// GovukYears returns the first and last year the embedded gov.uk bank-holiday
// list covers for nation n; outside them holidays are computed from the rules.
// ok is false for an unknown nation.
func GovukYears(n Nation) (first, last int, ok bool) {
	data := loadGovuk()
	first, ok = data.first[n.division()]
	return first, data.end[n.division()], ok
}

// ruleHolidays computes the bank holidays of div in year from the current
// rules (Banking and Financial Dealings Act 1971 and the royal proclamations
// that fix the regular days). It applies today's rules to every year, so it
// is wrong for years before a holiday existed (St Andrew's Day before 2007,
// for example) and knows nothing of one-off days.
func ruleHolidays(div division, year int) []Holiday {
	easter := Easter(year)
	var fixed []Holiday // days that move to the next free weekday at a weekend
	var list []Holiday
	add := func(d time.Time, title string) { list = append(list, Holiday{Date: d, Title: title}) }
	fix := func(m time.Month, day int, title string) {
		fixed = append(fixed, Holiday{Date: ymd(year, m, day), Title: title})
	}

	fix(time.January, 1, "New Year’s Day")
	if div == divScotland {
		fix(time.January, 2, "2nd January")
	}
	if div == divNorthernIreland {
		fix(time.March, 17, "St Patrick’s Day")
	}
	add(easter.AddDate(0, 0, -2), "Good Friday")
	if div != divScotland {
		add(easter.AddDate(0, 0, 1), "Easter Monday")
	}
	add(nthWeekday(year, time.May, time.Monday, 1), "Early May bank holiday")
	add(nthWeekday(year, time.May, time.Monday, -1), "Spring bank holiday")
	if div == divNorthernIreland {
		fix(time.July, 12, "Battle of the Boyne (Orangemen’s Day)")
	}
	if div == divScotland {
		add(nthWeekday(year, time.August, time.Monday, 1), "Summer bank holiday")
		fix(time.November, 30, "St Andrew’s Day")
	} else {
		add(nthWeekday(year, time.August, time.Monday, -1), "Summer bank holiday")
	}
	fix(time.December, 25, "Christmas Day")
	fix(time.December, 26, "Boxing Day")

	// Days on a weekday keep their date; then each weekend day, in calendar
	// order, takes the next weekday not already a holiday. This gives the
	// gov.uk pairs: Christmas on a Saturday → Monday 27 and Tuesday 28;
	// 1 January on a Saturday in Scotland → Monday 3 and Tuesday 4.
	taken := make(map[time.Time]bool)
	for _, h := range list {
		taken[h.Date] = true
	}
	for _, h := range fixed {
		if !isWeekend(h.Date) {
			taken[h.Date] = true
			list = append(list, h)
		}
	}
	for _, h := range fixed {
		if !isWeekend(h.Date) {
			continue
		}
		d := h.Date
		for isWeekend(d) || taken[d] {
			d = d.AddDate(0, 0, 1)
		}
		taken[d] = true
		list = append(list, Holiday{Date: d, Title: h.Title, Notes: "Substitute day"})
	}
	slices.SortFunc(list, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return list
}

// Easter returns Easter Sunday of the Gregorian calendar year, at 00:00 UTC
// (the anonymous Gregorian computus of Meeus, Jones and Butcher).
func Easter(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	n := h + l - 7*m + 114
	return ymd(year, time.Month(n/31), n%31+1)
}

// nthWeekday returns the nth wd of month (n = 1 first, n = -1 last).
func nthWeekday(year int, month time.Month, wd time.Weekday, n int) time.Time {
	if n < 0 {
		last := ymd(year, month+1, 0)
		return last.AddDate(0, 0, -((int(last.Weekday()) - int(wd) + 7) % 7))
	}
	first := ymd(year, month, 1)
	return first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7+7*(n-1))
}

func isWeekend(d time.Time) bool {
	return d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
}

func ymd(year int, m time.Month, day int) time.Time {
	return time.Date(year, m, day, 0, 0, 0, 0, time.UTC)
}

// civilDate reduces t to its civil date (as read in t's own location) at
// 00:00 UTC, the form every date in this package takes.
func civilDate(t time.Time) time.Time {
	return ymd(t.Year(), t.Month(), t.Day())
}

// formatDate renders a civil date as 2006-01-02 (Monday).
func formatDate(d time.Time) string {
	return d.Format(time.DateOnly) + " (" + d.Weekday().String() + ")"
}
