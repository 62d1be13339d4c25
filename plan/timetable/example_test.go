package timetable_test

import (
	"fmt"
	"time"

	"github.com/electplan/electplan/plan/timetable"
)

func ExampleCompute() {
	tt, err := timetable.Compute(timetable.Request{
		PollingDay: time.Date(2024, 7, 4, 0, 0, 0, 0, time.UTC),
		Nation:     timetable.Wales,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range tt.Steps {
		fmt.Printf("%-2d %s  %s\n", s.WorkingDaysBeforePoll, s.Date.Format("Mon 02 Jan"), s.Title)
	}
	// Output:
	// 25 Thu 30 May  Dissolution of Parliament
	// 22 Tue 04 Jun  Notice of election (by 4pm)
	// 19 Fri 07 Jun  Close of nominations (4pm)
	// 19 Fri 07 Jun  Statement of persons nominated and notice of poll (5pm)
	// 12 Tue 18 Jun  Voter registration deadline (midnight)
	// 11 Wed 19 Jun  New postal vote applications (5pm)
	// 6  Wed 26 Jun  New proxy and voter authority certificate applications (5pm)
	// 0  Thu 04 Jul  Polling day (7am–10pm)
}

func ExampleCompute_byElection() {
	writ := time.Date(2025, 10, 30, 0, 0, 0, 0, time.UTC)
	tt, err := timetable.Compute(timetable.Request{
		PollingDay:   time.Date(2025, 12, 8, 0, 0, 0, 0, time.UTC),
		ByElection:   true,
		Nation:       timetable.England,
		WritReceived: &writ,
		Overrides:    map[string]time.Time{"nomination_day": writ},
	})
	fmt.Println(err)

	tt, err = timetable.Compute(timetable.Request{
		PollingDay:   time.Date(2025, 12, 8, 0, 0, 0, 0, time.UTC),
		ByElection:   true,
		Nation:       timetable.England,
		WritReceived: &writ,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range tt.Warnings {
		fmt.Println(w)
	}
	// Output:
	// compute timetable: unknown override step "nomination_day": allowed steps for a by-election are writ_received, notice_of_election, close_of_nominations, statement_of_persons_nominated, registration_deadline, postal_vote_deadline, proxy_deadline, polling_day
	// polling day 2025-12-08 (Monday) is outside the legal window 2025-11-27 (Thursday) to 2025-12-05 (Friday) (17th to 19th working day after close of nominations)
}
