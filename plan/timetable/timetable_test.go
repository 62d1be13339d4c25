package timetable

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

func datePtr(t testing.TB, s string) *time.Time {
	t.Helper()
	d := day(t, s)
	return &d
}

// checkDates compares the named steps' dates with want (step name → date).
func checkDates(t *testing.T, tt Timetable, want map[string]string) {
	t.Helper()
	for _, name := range slices.Sorted(maps.Keys(want)) {
		s, ok := tt.Step(name)
		if !ok {
			t.Errorf("%s: step missing", name)
			continue
		}
		if got := s.Date.Format(time.DateOnly); got != want[name] {
			t.Errorf("%s = %s, want %s", name, got, want[name])
		}
	}
}

func TestComputeGeneral(t *testing.T) {
	tests := []struct {
		name string
		req  Request
		want map[string]string
		// wantDays overrides the statutory working days before poll.
		wantDays map[string]int
	}{
		{
			name: "2024 general election",
			req:  Request{PollingDay: day(t, "2024-07-04")},
			want: map[string]string{
				StepDissolution:                 "2024-05-30",
				StepNoticeOfElection:            "2024-06-04",
				StepCloseOfNominations:          "2024-06-07",
				StepStatementOfPersonsNominated: "2024-06-07",
				StepRegistrationDeadline:        "2024-06-18",
				StepPostalVoteDeadline:          "2024-06-19",
				StepProxyDeadline:               "2024-06-26",
				StepPollingDay:                  "2024-07-04",
			},
		},
		{
			// Scotland's St Andrew's Day substitute (2 December) is skipped
			// UK-wide for nominations and postal votes, but registration
			// counts only the local holidays. These are the published dates
			// (Electoral Commission timetable; English councils' notices).
			name: "2019 general election in england",
			req:  Request{PollingDay: day(t, "2019-12-12"), Nation: England},
			want: map[string]string{
				StepDissolution:          "2019-11-06",
				StepNoticeOfElection:     "2019-11-11",
				StepCloseOfNominations:   "2019-11-14",
				StepRegistrationDeadline: "2019-11-26",
				StepPostalVoteDeadline:   "2019-11-26",
				StepProxyDeadline:        "2019-12-04",
			},
		},
		{
			// The rule gives 25 November for registration in Scotland. In
			// 2019 the Early Parliamentary General Election Act aligned it to
			// 26 November, a one-off a caller supplies as an override.
			name: "2019 general election in scotland",
			req:  Request{PollingDay: day(t, "2019-12-12"), Nation: Scotland},
			want: map[string]string{
				StepDissolution:          "2019-11-06",
				StepCloseOfNominations:   "2019-11-14",
				StepRegistrationDeadline: "2019-11-25",
				StepPostalVoteDeadline:   "2019-11-26",
				StepProxyDeadline:        "2019-12-04",
			},
		},
		{
			name: "2015 general election",
			req:  Request{PollingDay: day(t, "2015-05-07")},
			want: map[string]string{StepCloseOfNominations: "2015-04-09"},
		},
		{
			name: "2017 general election",
			req:  Request{PollingDay: day(t, "2017-06-08")},
			want: map[string]string{StepCloseOfNominations: "2017-05-11"},
		},
		{
			// Beyond the gov.uk list: Easter 2029 is 1 April, so Good Friday
			// 30 March and Easter Monday 2 April are computed.
			name: "2029 general election from computed holidays",
			req:  Request{PollingDay: day(t, "2029-05-03")},
			want: map[string]string{
				StepDissolution:        "2029-03-27",
				StepNoticeOfElection:   "2029-04-03",
				StepCloseOfNominations: "2029-04-06",
			},
		},
		{
			name: "northern ireland postal votes 14 working days",
			req:  Request{PollingDay: day(t, "2024-07-04"), Nation: NorthernIreland},
			want: map[string]string{
				StepCloseOfNominations:   "2024-06-07",
				StepRegistrationDeadline: "2024-06-18",
				StepPostalVoteDeadline:   "2024-06-14",
			},
			wantDays: map[string]int{StepPostalVoteDeadline: 14},
		},
		{
			name: "wales",
			req:  Request{PollingDay: day(t, "2024-07-04"), Nation: Wales},
			want: map[string]string{StepPostalVoteDeadline: "2024-06-19"},
		},
		{
			name: "day of mourning",
			req: Request{
				PollingDay:     day(t, "2024-07-04"),
				NonWorkingDays: []time.Time{day(t, "2024-06-10")},
			},
			want: map[string]string{
				StepDissolution:          "2024-05-29",
				StepCloseOfNominations:   "2024-06-06",
				StepRegistrationDeadline: "2024-06-18",
			},
		},
		{
			name: "polling day given late in the evening in another zone",
			req:  Request{PollingDay: time.Date(2024, 7, 4, 23, 30, 0, 0, time.FixedZone("BST", 3600))},
			want: map[string]string{StepPollingDay: "2024-07-04", StepCloseOfNominations: "2024-06-07"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Compute(tc.req)
			if err != nil {
				t.Fatalf("Compute: %v", err)
			}
			checkDates(t, got, tc.want)
			if !slices.Equal(stepNamesOf(got), StepNames(false)) {
				t.Errorf("steps %v, want %v", stepNamesOf(got), StepNames(false))
			}
			if len(got.Warnings) > 0 {
				t.Errorf("unexpected warnings %q", got.Warnings)
			}
			for _, s := range got.Steps {
				r, _ := ruleFor(s.Name)
				want := r.daysBefore
				if d, ok := tc.wantDays[s.Name]; ok {
					want = d
				}
				if s.WorkingDaysBeforePoll != want {
					t.Errorf("%s: %d working days before poll, want %d", s.Name, s.WorkingDaysBeforePoll, want)
				}
				if s.Fixed || s.Earliest != nil || s.Latest != nil {
					t.Errorf("%s: fixed or windowed at a general election without overrides: %+v", s.Name, s)
				}
				if s.Title == "" || s.Triggers == "" {
					t.Errorf("%s: missing title or triggers", s.Name)
				}
				if s.Date.Location() != time.UTC || s.Date.Hour() != 0 {
					t.Errorf("%s: date %v not 00:00 UTC", s.Name, s.Date)
				}
			}
		})
	}
}

func stepNamesOf(tt Timetable) []string {
	var out []string
	for _, s := range tt.Steps {
		out = append(out, s.Name)
	}
	return out
}

func TestComputeGeneralHolidayScope(t *testing.T) {
	got, err := Compute(Request{PollingDay: day(t, "2019-12-12"), Nation: Scotland})
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	for _, tc := range []struct {
		step string
		want []Nation
	}{
		{StepDissolution, Nations},
		{StepNoticeOfElection, Nations},
		{StepCloseOfNominations, Nations},
		{StepStatementOfPersonsNominated, Nations},
		{StepRegistrationDeadline, []Nation{Scotland}},
		{StepPostalVoteDeadline, Nations},
		{StepProxyDeadline, Nations},
		{StepPollingDay, []Nation{Scotland}},
	} {
		t.Run(tc.step, func(t *testing.T) {
			s, _ := got.Step(tc.step)
			if !slices.Equal(s.HolidayNations, tc.want) {
				t.Errorf("holiday nations %v, want %v", s.HolidayNations, tc.want)
			}
		})
	}
}

type window struct{ earliest, latest string }

func TestComputeByElection(t *testing.T) {
	// Writ received Thursday 30 October 2025. Notice: 30 Oct to Mon 3 Nov
	// (2nd working day after). Nominations: Tue 4 Nov (3rd working day after
	// the earliest notice) to Mon 10 Nov (7th after the writ). Poll: 17th
	// working day after 4 Nov = Thu 27 Nov; 19th after 10 Nov = Fri 5 Dec in
	// England, Mon 8 Dec in Scotland, whose St Andrew's Day substitute
	// (Mon 1 Dec) is not a working day there.
	writ := datePtr(t, "2025-10-30")
	tests := []struct {
		name         string
		req          Request
		want         map[string]string
		wantDays     map[string]int
		wantWindows  map[string]window
		wantWarnings []string // substrings, one per warning, in order
	}{
		{
			name: "england with writ",
			req:  Request{ByElection: true, Nation: England, PollingDay: day(t, "2025-12-04"), WritReceived: writ},
			want: map[string]string{
				StepWritReceived:                "2025-10-30",
				StepNoticeOfElection:            "2025-11-03",
				StepCloseOfNominations:          "2025-11-07",
				StepStatementOfPersonsNominated: "2025-11-07",
				StepRegistrationDeadline:        "2025-11-18",
				StepPostalVoteDeadline:          "2025-11-19",
				StepProxyDeadline:               "2025-11-26",
				StepPollingDay:                  "2025-12-04",
			},
			wantDays: map[string]int{
				StepWritReceived:       25,
				StepNoticeOfElection:   23,
				StepCloseOfNominations: 19,
				StepProxyDeadline:      6,
				StepPollingDay:         0,
			},
			wantWindows: map[string]window{
				StepNoticeOfElection:   {"2025-10-30", "2025-11-03"},
				StepCloseOfNominations: {"2025-11-04", "2025-11-10"},
				StepPollingDay:         {"2025-11-27", "2025-12-05"},
			},
		},
		{
			name: "scotland with writ skips st andrews substitute",
			req:  Request{ByElection: true, Nation: Scotland, PollingDay: day(t, "2025-12-04"), WritReceived: writ},
			want: map[string]string{
				StepNoticeOfElection:            "2025-11-03",
				StepCloseOfNominations:          "2025-11-06",
				StepStatementOfPersonsNominated: "2025-11-06",
				StepRegistrationDeadline:        "2025-11-17",
				StepPostalVoteDeadline:          "2025-11-18",
				StepProxyDeadline:               "2025-11-25",
			},
			wantDays: map[string]int{
				StepWritReceived:       24,
				StepNoticeOfElection:   22,
				StepCloseOfNominations: 19,
			},
			wantWindows: map[string]window{
				StepCloseOfNominations: {"2025-11-04", "2025-11-10"},
				StepPollingDay:         {"2025-11-27", "2025-12-08"},
			},
		},
		{
			name: "scotland poll on the last legal day",
			req:  Request{ByElection: true, Nation: Scotland, PollingDay: day(t, "2025-12-08"), WritReceived: writ},
			want: map[string]string{StepCloseOfNominations: "2025-11-10"},
		},
		{
			name:         "england poll after the window",
			req:          Request{ByElection: true, Nation: England, PollingDay: day(t, "2025-12-08"), WritReceived: writ},
			want:         map[string]string{StepCloseOfNominations: "2025-11-10"}, // clamped to the latest legal day
			wantWarnings: []string{"polling day 2025-12-08 (Monday) is outside the legal window 2025-11-27 (Thursday) to 2025-12-05 (Friday)"},
		},
		{
			name:         "england poll before the window",
			req:          Request{ByElection: true, Nation: England, PollingDay: day(t, "2025-11-20"), WritReceived: writ},
			want:         map[string]string{StepCloseOfNominations: "2025-11-04"}, // clamped to the earliest legal day
			wantWarnings: []string{"outside the legal window"},
		},
		{
			// Writ on Saturday 1 November: notice Mon 3 to Tue 4 Nov;
			// nominations Thu 6 to Tue 11 Nov; poll Mon 1 to Mon 8 Dec.
			name: "writ received on a saturday",
			req:  Request{ByElection: true, Nation: Wales, PollingDay: day(t, "2025-12-04"), WritReceived: datePtr(t, "2025-11-01")},
			want: map[string]string{
				StepWritReceived:       "2025-11-01",
				StepNoticeOfElection:   "2025-11-04",
				StepCloseOfNominations: "2025-11-07",
			},
			wantWindows: map[string]window{
				StepNoticeOfElection:   {"2025-11-03", "2025-11-04"},
				StepCloseOfNominations: {"2025-11-06", "2025-11-11"},
				StepPollingDay:         {"2025-12-01", "2025-12-08"},
			},
		},
		{
			name: "no writ yet counts back from poll",
			req:  Request{ByElection: true, Nation: England, PollingDay: day(t, "2025-12-04")},
			want: map[string]string{
				StepNoticeOfElection:   "2025-11-04",
				StepCloseOfNominations: "2025-11-07",
			},
			wantDays:     map[string]int{StepNoticeOfElection: 22, StepCloseOfNominations: 19},
			wantWindows:  map[string]window{StepNoticeOfElection: {}, StepPollingDay: {}},
			wantWarnings: []string{"writ not yet received"},
		},
		{
			name: "northern ireland by-election postal deadline",
			req:  Request{ByElection: true, Nation: NorthernIreland, PollingDay: day(t, "2025-12-04"), WritReceived: writ},
			want: map[string]string{StepPostalVoteDeadline: "2025-11-14"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Compute(tc.req)
			if err != nil {
				t.Fatalf("Compute: %v", err)
			}
			checkDates(t, got, tc.want)
			wantNames := StepNames(true)
			if tc.req.WritReceived == nil {
				wantNames = slices.DeleteFunc(wantNames, func(n string) bool { return n == StepWritReceived })
			}
			if !slices.Equal(stepNamesOf(got), wantNames) {
				t.Errorf("steps %v, want %v", stepNamesOf(got), wantNames)
			}
			for name, want := range tc.wantDays {
				if s, _ := got.Step(name); s.WorkingDaysBeforePoll != want {
					t.Errorf("%s: %d working days before poll, want %d", name, s.WorkingDaysBeforePoll, want)
				}
			}
			for name, w := range tc.wantWindows {
				s, _ := got.Step(name)
				if gotW := windowOf(s); gotW != w {
					t.Errorf("%s: window %v, want %v", name, gotW, w)
				}
			}
			for _, s := range got.Steps {
				if !slices.Equal(s.HolidayNations, []Nation{tc.req.Nation}) {
					t.Errorf("%s: holiday nations %v, want only %s", s.Name, s.HolidayNations, tc.req.Nation)
				}
			}
			checkWarnings(t, got.Warnings, tc.wantWarnings)
		})
	}
}

func windowOf(s Step) window {
	var w window
	if s.Earliest != nil {
		w.earliest = s.Earliest.Format(time.DateOnly)
	}
	if s.Latest != nil {
		w.latest = s.Latest.Format(time.DateOnly)
	}
	return w
}

func checkWarnings(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("warnings %q, want %d matching %q", got, len(want), want)
		return
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("warning %d = %q, want it to contain %q", i, got[i], want[i])
		}
	}
}

func TestComputeOverrides(t *testing.T) {
	writ := datePtr(t, "2025-10-30")
	tests := []struct {
		name         string
		req          Request
		fixed        []string
		want         map[string]string
		wantDays     map[string]int
		wantWindows  map[string]window
		wantWarnings []string
	}{
		{
			name: "general election notice fixed a day early",
			req: Request{PollingDay: day(t, "2024-07-04"), Overrides: map[string]time.Time{
				StepNoticeOfElection: day(t, "2024-06-03"),
			}},
			fixed:        []string{StepNoticeOfElection},
			want:         map[string]string{StepNoticeOfElection: "2024-06-03", StepCloseOfNominations: "2024-06-07"},
			wantDays:     map[string]int{StepNoticeOfElection: 23, StepCloseOfNominations: 19},
			wantWarnings: []string{"not the statutory 2024-06-04 (Tuesday)"},
		},
		{
			name: "general election override equal to the statutory date",
			req: Request{PollingDay: day(t, "2024-07-04"), Overrides: map[string]time.Time{
				StepPollingDay:    day(t, "2024-07-04"),
				StepProxyDeadline: time.Date(2024, 6, 26, 17, 0, 0, 0, time.UTC),
			}},
			fixed:    []string{StepProxyDeadline, StepPollingDay},
			want:     map[string]string{StepProxyDeadline: "2024-06-26"},
			wantDays: map[string]int{StepProxyDeadline: 6},
		},
		{
			name: "polling day given only as an override",
			req: Request{Overrides: map[string]time.Time{
				StepPollingDay: day(t, "2024-07-04"),
			}},
			fixed: []string{StepPollingDay},
			want:  map[string]string{StepDissolution: "2024-05-30"},
		},
		{
			// Fixed nominations on Mon 10 Nov (its latest legal day): the
			// statement follows it and the poll window becomes the 17th to
			// 19th working day after it (Wed 3 to Fri 5 Dec).
			name: "by-election nominations fixed by the returning officer",
			req: Request{ByElection: true, Nation: England, PollingDay: day(t, "2025-12-04"), WritReceived: writ,
				Overrides: map[string]time.Time{StepCloseOfNominations: day(t, "2025-11-10")}},
			fixed: []string{StepCloseOfNominations},
			want: map[string]string{
				StepCloseOfNominations:          "2025-11-10",
				StepStatementOfPersonsNominated: "2025-11-10",
			},
			wantDays: map[string]int{StepCloseOfNominations: 18, StepStatementOfPersonsNominated: 18},
			wantWindows: map[string]window{
				StepCloseOfNominations: {"2025-11-04", "2025-11-10"},
				StepPollingDay:         {"2025-12-03", "2025-12-05"},
			},
		},
		{
			name: "by-election nominations fixed too late",
			req: Request{ByElection: true, Nation: England, PollingDay: day(t, "2025-12-04"), WritReceived: writ,
				Overrides: map[string]time.Time{StepCloseOfNominations: day(t, "2025-11-12")}},
			fixed: []string{StepCloseOfNominations},
			wantWarnings: []string{
				"polling day 2025-12-04 (Thursday) is outside the legal window 2025-12-05 (Friday) to 2025-12-09 (Tuesday)",
				"close of nominations (4pm) fixed on 2025-11-12 (Wednesday) is outside the legal window 2025-11-04 (Tuesday) to 2025-11-10 (Monday)",
			},
		},
		{
			// Notice fixed on Mon 3 Nov: nominations may close from Thu 6 Nov.
			name: "by-election notice fixed narrows the nominations window",
			req: Request{ByElection: true, Nation: England, PollingDay: day(t, "2025-12-04"), WritReceived: writ,
				Overrides: map[string]time.Time{StepNoticeOfElection: day(t, "2025-11-03")}},
			fixed:       []string{StepNoticeOfElection},
			wantWindows: map[string]window{StepCloseOfNominations: {"2025-11-06", "2025-11-10"}},
		},
		{
			name: "by-election fixed on a weekend",
			req: Request{ByElection: true, Nation: England, PollingDay: day(t, "2025-12-04"), WritReceived: writ,
				Overrides: map[string]time.Time{StepProxyDeadline: day(t, "2025-11-29")}},
			fixed:        []string{StepProxyDeadline},
			wantDays:     map[string]int{StepProxyDeadline: 3},
			wantWarnings: []string{"not a working day: it is a Saturday"},
		},
		{
			name: "writ given as an override",
			req: Request{ByElection: true, Nation: England, PollingDay: day(t, "2025-12-04"),
				Overrides: map[string]time.Time{StepWritReceived: day(t, "2025-10-30")}},
			fixed:       []string{StepWritReceived},
			want:        map[string]string{StepNoticeOfElection: "2025-11-03"},
			wantWindows: map[string]window{StepPollingDay: {"2025-11-27", "2025-12-05"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Compute(tc.req)
			if err != nil {
				t.Fatalf("Compute: %v", err)
			}
			checkDates(t, got, tc.want)
			for _, s := range got.Steps {
				if want := slices.Contains(tc.fixed, s.Name); s.Fixed != want {
					t.Errorf("%s: Fixed = %v, want %v", s.Name, s.Fixed, want)
				}
			}
			for name, want := range tc.wantDays {
				if s, _ := got.Step(name); s.WorkingDaysBeforePoll != want {
					t.Errorf("%s: %d working days before poll, want %d", name, s.WorkingDaysBeforePoll, want)
				}
			}
			for name, w := range tc.wantWindows {
				s, _ := got.Step(name)
				if gotW := windowOf(s); gotW != w {
					t.Errorf("%s: window %v, want %v", name, gotW, w)
				}
			}
			checkWarnings(t, got.Warnings, tc.wantWarnings)
		})
	}
}

func TestComputeErrors(t *testing.T) {
	tests := []struct {
		name string
		req  Request
		want []string // substrings of the error
	}{
		{
			name: "unknown override step",
			req: Request{PollingDay: day(t, "2024-07-04"), Overrides: map[string]time.Time{
				"nomination_day": day(t, "2024-06-07"),
			}},
			want: []string{`unknown override step "nomination_day"`, "dissolution, notice_of_election, close_of_nominations"},
		},
		{
			name: "dissolution at a by-election",
			req: Request{ByElection: true, Nation: England, PollingDay: day(t, "2025-12-04"), Overrides: map[string]time.Time{
				StepDissolution: day(t, "2025-10-30"),
			}},
			want: []string{`unknown override step "dissolution"`, "writ_received, notice_of_election"},
		},
		{
			name: "polling day on a saturday",
			req:  Request{PollingDay: day(t, "2024-07-06")},
			want: []string{"polling day 2024-07-06 is not a working day: it is a Saturday"},
		},
		{
			name: "polling day on christmas day",
			req:  Request{ByElection: true, Nation: England, PollingDay: day(t, "2025-12-25")},
			want: []string{"it is Christmas Day"},
		},
		{
			name: "scottish by-election on st andrews substitute",
			req:  Request{ByElection: true, Nation: Scotland, PollingDay: day(t, "2025-12-01")},
			want: []string{"it is a bank holiday in scotland (St Andrew’s Day)"},
		},
		{
			name: "general election on the battle of the boyne",
			req:  Request{PollingDay: day(t, "2024-07-12"), Nation: England},
			want: []string{"bank holiday in northern-ireland"},
		},
		{
			name: "polling day missing",
			req:  Request{},
			want: []string{"polling day is required"},
		},
		{
			name: "every problem reported together",
			req: Request{ByElection: true, Overrides: map[string]time.Time{
				"b": day(t, "2024-06-07"), "a": day(t, "2024-06-07"),
			}},
			want: []string{`unknown override step "a", "b"`, "nation of the constituency is required", "polling day is required"},
		},
		{
			name: "unknown nation",
			req:  Request{PollingDay: day(t, "2024-07-04"), Nation: "cornwall"},
			want: []string{`unknown nation "cornwall"`},
		},
		{
			name: "non-working polling day reported with other problems",
			req: Request{PollingDay: day(t, "2024-07-06"), Overrides: map[string]time.Time{
				"nominations": day(t, "2024-06-07"),
			}},
			want: []string{`unknown override step "nominations"`, "is not a working day"},
		},
		{
			name: "writ after poll",
			req:  Request{ByElection: true, Nation: Wales, PollingDay: day(t, "2025-12-04"), WritReceived: datePtr(t, "2025-12-05")},
			want: []string{"writ received 2025-12-05 (Friday) is not before polling day"},
		},
		{
			name: "writ at a general election",
			req:  Request{PollingDay: day(t, "2024-07-04"), WritReceived: datePtr(t, "2024-05-30")},
			want: []string{"writ received date is for by-elections only"},
		},
		{
			name: "conflicting polling day override",
			req: Request{PollingDay: day(t, "2024-07-04"), Overrides: map[string]time.Time{
				StepPollingDay: day(t, "2024-07-11"),
			}},
			want: []string{"conflicts with polling day"},
		},
		{
			name: "override without a date",
			req: Request{PollingDay: day(t, "2024-07-04"), Overrides: map[string]time.Time{
				StepProxyDeadline: {},
			}},
			want: []string{"override proxy_deadline: no date given"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compute(tc.req)
			if err == nil {
				t.Fatal("Compute succeeded, want an error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "compute timetable: ") {
				t.Errorf("error %q lacks context", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q, want it to contain %q", msg, w)
				}
			}
		})
	}
}

// TestComputeEnglishByElectionOnScottishHoliday is the counterpart of the
// Scottish error case: 1 December 2025 is a working day in England.
func TestComputeEnglishByElectionOnScottishHoliday(t *testing.T) {
	if _, err := Compute(Request{ByElection: true, Nation: England, PollingDay: day(t, "2025-12-01")}); err != nil {
		t.Fatalf("Compute: %v", err)
	}
}

func TestStepNamesAndTitles(t *testing.T) {
	tests := []struct {
		name       string
		byElection bool
		want       []string
	}{
		{"general", false, []string{StepDissolution, StepNoticeOfElection, StepCloseOfNominations,
			StepStatementOfPersonsNominated, StepRegistrationDeadline, StepPostalVoteDeadline, StepProxyDeadline, StepPollingDay}},
		{"by-election", true, []string{StepWritReceived, StepNoticeOfElection, StepCloseOfNominations,
			StepStatementOfPersonsNominated, StepRegistrationDeadline, StepPostalVoteDeadline, StepProxyDeadline, StepPollingDay}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := StepNames(tc.byElection)
			if !slices.Equal(got, tc.want) {
				t.Errorf("StepNames(%v) = %v, want %v", tc.byElection, got, tc.want)
			}
			for _, n := range got {
				if StepTitle(n) == n || StepTriggers(n) == "" {
					t.Errorf("%s: missing title or triggers", n)
				}
			}
		})
	}
	if got := StepTitle(StepCloseOfNominations); got != "Close of nominations (4pm)" {
		t.Errorf("StepTitle(close_of_nominations) = %q", got)
	}
	if got := StepTitle("nope"); got != "nope" {
		t.Errorf("StepTitle(unknown) = %q, want it unchanged", got)
	}
}
