package timetable

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// day parses a 2006-01-02 date for tests.
func day(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatalf("bad test date %q: %v", s, err)
	}
	return d
}

func dates(hs []Holiday) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Date.Format(time.DateOnly)
	}
	return out
}

func TestEaster(t *testing.T) {
	tests := []struct {
		year int
		want string
	}{
		{1818, "1818-03-22"}, // earliest possible date
		{1943, "1943-04-25"}, // latest possible date
		{1961, "1961-04-02"},
		{2000, "2000-04-23"},
		{2008, "2008-03-23"},
		{2011, "2011-04-24"},
		{2019, "2019-04-21"},
		{2024, "2024-03-31"},
		{2025, "2025-04-20"},
		{2029, "2029-04-01"},
		{2038, "2038-04-25"},
		{2285, "2285-03-22"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := Easter(tt.year).Format(time.DateOnly); got != tt.want {
				t.Errorf("Easter(%d) = %s, want %s", tt.year, got, tt.want)
			}
		})
	}
}

// TestEasterAgainstFile checks the computus against every Good Friday in the
// gov.uk list.
func TestEasterAgainstFile(t *testing.T) {
	for year := 2012; year <= 2028; year++ {
		list, ok := govukHolidays(divEnglandWales, year)
		if !ok {
			t.Fatalf("gov.uk list does not cover %d", year)
		}
		i := slices.IndexFunc(list, func(h Holiday) bool { return h.Title == "Good Friday" })
		if i < 0 {
			t.Fatalf("%d: no Good Friday in gov.uk list", year)
		}
		if got, want := Easter(year).AddDate(0, 0, -2), list[i].Date; !got.Equal(want) {
			t.Errorf("%d: Good Friday from computus %s, gov.uk %s", year, got.Format(time.DateOnly), want.Format(time.DateOnly))
		}
	}
}

// TestRulesMatchGovuk compares the rule-computed holidays with the gov.uk
// list for every year it covers. The only differences allowed are the
// one-off changes made by royal proclamation.
func TestRulesMatchGovuk(t *testing.T) {
	type oneOff struct {
		onlyInFile  []string // extra or moved days that no rule predicts
		onlyInRules []string // regular days that were moved that year
	}
	everywhere := map[int]oneOff{
		2012: {[]string{"2012-06-04", "2012-06-05"}, []string{"2012-05-28"}},               // spring moved; Diamond Jubilee
		2020: {[]string{"2020-05-08"}, []string{"2020-05-04"}},                             // early May moved to VE day
		2022: {[]string{"2022-06-02", "2022-06-03", "2022-09-19"}, []string{"2022-05-30"}}, // spring moved; Platinum Jubilee; state funeral
		2023: {[]string{"2023-05-08"}, nil},                                                // coronation
	}
	allowed := map[division]map[int]oneOff{
		divEnglandWales:    everywhere,
		divNorthernIreland: everywhere,
		divScotland: {
			2012: everywhere[2012],
			2020: everywhere[2020],
			2022: everywhere[2022],
			2023: everywhere[2023],
			2026: {[]string{"2026-06-15"}, nil}, // World Cup bank holiday
		},
	}
	for _, div := range []division{divEnglandWales, divScotland, divNorthernIreland} {
		for year := 2012; year <= 2028; year++ {
			t.Run(fmt.Sprintf("%s/%d", div, year), func(t *testing.T) {
				file, ok := govukHolidays(div, year)
				if !ok {
					t.Fatalf("gov.uk list does not cover %s %d", div, year)
				}
				fileDates, ruleDates := dates(file), dates(ruleHolidays(div, year))
				var onlyFile, onlyRules []string
				for _, d := range fileDates {
					if !slices.Contains(ruleDates, d) {
						onlyFile = append(onlyFile, d)
					}
				}
				for _, d := range ruleDates {
					if !slices.Contains(fileDates, d) {
						onlyRules = append(onlyRules, d)
					}
				}
				want := allowed[div][year]
				if !slices.Equal(onlyFile, want.onlyInFile) || !slices.Equal(onlyRules, want.onlyInRules) {
					t.Errorf("only in gov.uk list %v (allowed %v); only from rules %v (allowed %v)",
						onlyFile, want.onlyInFile, onlyRules, want.onlyInRules)
				}
			})
		}
	}
}

func TestRuleHolidays(t *testing.T) {
	tests := []struct {
		name   string
		nation Nation
		year   int
		want   []string
	}{
		{"england 2029 beyond the file", England, 2029, []string{
			"2029-01-01", "2029-03-30", "2029-04-02", "2029-05-07", "2029-05-28", "2029-08-27", "2029-12-25", "2029-12-26"}},
		{"wales uses england and wales", Wales, 2030, []string{
			"2030-01-01", "2030-04-19", "2030-04-22", "2030-05-06", "2030-05-27", "2030-08-26", "2030-12-25", "2030-12-26"}},
		// 2033: Christmas on a Sunday → Boxing Day Monday 26, Christmas substitute Tuesday 27.
		// 1 January 2033 is a Saturday → Monday 3 and Tuesday 4 in Scotland.
		// St Andrew's Day 2033 is a Wednesday.
		{"scotland 2033 substitutes", Scotland, 2033, []string{
			"2033-01-03", "2033-01-04", "2033-04-15", "2033-05-02", "2033-05-30", "2033-08-01", "2033-11-30", "2033-12-26", "2033-12-27"}},
		// 2032: Christmas on a Saturday → Monday 27 and Tuesday 28;
		// St Patrick's Day Wednesday; Boyne Monday 12 July.
		{"northern ireland 2032", NorthernIreland, 2032, []string{
			"2032-01-01", "2032-03-17", "2032-03-26", "2032-03-29", "2032-05-03", "2032-05-31", "2032-07-12", "2032-08-30", "2032-12-27", "2032-12-28"}},
		// 2034: St Patrick's Day Friday; Boyne Wednesday; 2031: both at a weekend.
		{"northern ireland 2031 weekend substitutes", NorthernIreland, 2031, []string{
			"2031-01-01", "2031-03-17", "2031-04-11", "2031-04-14", "2031-05-05", "2031-05-26", "2031-07-14", "2031-08-25", "2031-12-25", "2031-12-26"}},
		// 2034: St Andrew's Day on a Thursday; 2035: Friday; 2036 Sunday → Monday 1 December.
		{"scotland 2036 st andrews substitute", Scotland, 2036, []string{
			"2036-01-01", "2036-01-02", "2036-04-11", "2036-05-05", "2036-05-26", "2036-08-04", "2036-12-01", "2036-12-25", "2036-12-26"}},
		// 2010: New Year on a Friday → 2 January (Saturday) moves to Monday 4.
		{"scotland 2010 before the file", Scotland, 2010, []string{
			"2010-01-01", "2010-01-04", "2010-04-02", "2010-05-03", "2010-05-31", "2010-08-02", "2010-11-30", "2010-12-27", "2010-12-28"}},
		{"unknown nation has none", Nation("mars"), 2029, []string{}},
	}
	cal := NewCalendar(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cal.Holidays(tt.nation, tt.year)
			if !slices.Equal(dates(got), tt.want) {
				t.Errorf("Holidays(%s, %d) = %v, want %v", tt.nation, tt.year, dates(got), tt.want)
			}
			for _, h := range got {
				if h.Nation != tt.nation || h.Title == "" {
					t.Errorf("holiday %+v: want nation %s and a title", h, tt.nation)
				}
			}
		})
	}
}

func TestHolidaysFromFile(t *testing.T) {
	cal := NewCalendar(nil)
	tests := []struct {
		name      string
		nation    Nation
		year      int
		wantDate  string
		wantTitle string
	}{
		{"state funeral", England, 2022, "2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II"},
		{"coronation in scotland", Scotland, 2023, "2023-05-08", "Bank holiday for the coronation of King Charles III"},
		{"st andrews substitute 2019", Scotland, 2019, "2019-12-02", "St Andrew’s Day"},
		{"boyne substitute 2020", NorthernIreland, 2020, "2020-07-13", "Battle of the Boyne (Orangemen’s Day)"},
		{"st patricks substitute 2019", NorthernIreland, 2019, "2019-03-18", "St Patrick’s Day"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := cal.Holidays(tt.nation, tt.year)
			i := slices.IndexFunc(hs, func(h Holiday) bool { return h.Date.Equal(day(t, tt.wantDate)) })
			if i < 0 {
				t.Fatalf("Holidays(%s, %d) = %v, want %s in it", tt.nation, tt.year, dates(hs), tt.wantDate)
			}
			if hs[i].Title != tt.wantTitle {
				t.Errorf("title %q, want %q", hs[i].Title, tt.wantTitle)
			}
		})
	}
	if first, last, ok := GovukYears(Wales); !ok || first != 2012 || last != 2028 {
		t.Errorf("GovukYears(Wales) = %d, %d, %v; want 2012, 2028, true", first, last, ok)
	}
}

func TestIsWorkingDay(t *testing.T) {
	cal := NewCalendar([]time.Time{time.Date(2022, 9, 19, 15, 30, 0, 0, time.FixedZone("BST", 3600))})
	all := Nations
	tests := []struct {
		date    string
		nations []Nation
		want    bool
	}{
		{"2024-07-04", all, true},
		{"2024-07-06", nil, false},                         // Saturday
		{"2024-07-07", nil, false},                         // Sunday
		{"2024-12-24", nil, false},                         // Christmas Eve, not a bank holiday
		{"2024-12-25", nil, false},                         // Christmas Day
		{"2029-03-30", nil, false},                         // Good Friday beyond the file
		{"2024-05-27", nil, true},                          // spring bank holiday, no nation asked
		{"2024-05-27", []Nation{Scotland}, false},          // spring bank holiday
		{"2019-12-02", []Nation{England}, true},            // St Andrew's substitute is Scottish only
		{"2019-12-02", []Nation{England, Scotland}, false}, // … but counts when Scotland does
		{"2024-07-12", []Nation{NorthernIreland}, false},   // Battle of the Boyne
		{"2024-07-12", []Nation{England, Wales}, true},     //
		{"2024-04-01", []Nation{Scotland}, true},           // Easter Monday is not a Scottish holiday
		{"2024-04-01", []Nation{Wales}, false},             //
		{"2029-12-31", nil, true},                          // Hogmanay is a working day
		{"2022-09-19", nil, false},                         // extra day (given in BST) is non-working
		{"2022-09-20", []Nation{England, Scotland}, true},  //
		{"2030-01-02", []Nation{Scotland}, false},          // computed 2nd January
		{"2030-01-02", []Nation{NorthernIreland}, true},    //
		{"2031-03-17", []Nation{NorthernIreland}, false},   // computed St Patrick's substitute
		{"2031-03-17", []Nation{Scotland, England}, true},  //
		{"2030-08-05", []Nation{Scotland}, false},          // first Monday in August
		{"2030-08-26", []Nation{Scotland}, true},           //
		{"2030-08-26", []Nation{NorthernIreland}, false},   // last Monday in August
		{"2030-12-02", []Nation{Scotland}, false},          // St Andrew's 2030 is a Saturday
		{"2030-12-02", []Nation{England, Wales, Nation("")}, true},
	}
	for _, tt := range tests {
		t.Run(tt.date+"/"+strings.Join(nationStrings(tt.nations), "+"), func(t *testing.T) {
			if got := cal.IsWorkingDay(day(t, tt.date), tt.nations); got != tt.want {
				t.Errorf("IsWorkingDay(%s, %v) = %v, want %v", tt.date, tt.nations, got, tt.want)
			}
		})
	}
}

func nationStrings(ns []Nation) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = string(n)
	}
	return out
}

func TestAddWorkingDays(t *testing.T) {
	cal := NewCalendar(nil)
	tests := []struct {
		name    string
		from    string
		n       int
		nations []Nation
		want    string
	}{
		{"zero returns the day", "2024-07-06", 0, nil, "2024-07-06"},
		{"one back from monday is friday", "2024-07-08", -1, nil, "2024-07-05"},
		{"one forward from friday is monday", "2024-07-05", 1, nil, "2024-07-08"},
		{"from a saturday forward", "2024-07-06", 1, nil, "2024-07-08"},
		{"from a saturday back", "2024-07-06", -1, nil, "2024-07-05"},
		{"over easter in england", "2024-04-02", -1, []Nation{England}, "2024-03-28"},
		{"over easter in scotland", "2024-04-02", -1, []Nation{Scotland}, "2024-04-01"},
		{"over christmas", "2024-12-23", 1, []Nation{England}, "2024-12-27"},
		{"christmas eve and day need no nation", "2025-12-23", 1, nil, "2025-12-26"},
		{"boxing day needs a nation", "2025-12-23", 1, []Nation{Wales}, "2025-12-29"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cal.AddWorkingDays(day(t, tt.from), tt.n, tt.nations)
			if got.Format(time.DateOnly) != tt.want {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got.Format(time.DateOnly), tt.want)
			}
			if got.Location() != time.UTC || got.Hour() != 0 {
				t.Errorf("AddWorkingDays returned %v, want 00:00 UTC", got)
			}
		})
	}
}

func TestWorkingDaysBefore(t *testing.T) {
	cal := NewCalendar(nil)
	poll := day(t, "2019-12-12")
	for _, ns := range [][]Nation{{England}, {Scotland}, Nations} {
		for k := 0; k <= 40; k++ {
			d := cal.AddWorkingDays(poll, -k, ns)
			if got := cal.WorkingDaysBefore(d, poll, ns); got != k {
				t.Errorf("%v: WorkingDaysBefore(AddWorkingDays(poll, -%d)) = %d", ns, k, got)
			}
			after := cal.AddWorkingDays(poll, k, ns)
			if got := cal.WorkingDaysBefore(after, poll, ns); got != -k {
				t.Errorf("%v: WorkingDaysBefore(AddWorkingDays(poll, %d)) = %d, want %d", ns, k, got, -k)
			}
		}
	}
	tests := []struct {
		name string
		d    string
		want int
	}{
		{"saturday counts from monday", "2019-12-07", 3},
		{"friday", "2019-12-06", 4},
		{"poll itself", "2019-12-12", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cal.WorkingDaysBefore(day(t, tt.d), poll, []Nation{England}); got != tt.want {
				t.Errorf("WorkingDaysBefore(%s) = %d, want %d", tt.d, got, tt.want)
			}
		})
	}
}

func TestParseNation(t *testing.T) {
	tests := []struct {
		in      string
		want    Nation
		wantErr bool
	}{
		{"england", England, false},
		{" Wales ", Wales, false},
		{"SCOTLAND", Scotland, false},
		{"northern-ireland", NorthernIreland, false},
		{"Northern Ireland", NorthernIreland, false},
		{"ni", NorthernIreland, false},
		{"britain", "", true},
		{"", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseNation(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseNation(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), "northern-ireland") {
				t.Errorf("error %q should list the nations", err)
			}
		})
	}
}
