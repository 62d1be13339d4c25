package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/electplan/electplan/plan/timetable"
	"github.com/spf13/cobra"
)

type timetableOptions struct {
	env          *env
	pollingDay   string
	byElection   bool
	nation       string
	writReceived string
	nonWorking   []string
	format       string
}

func newTimetableCmd(e *env, runF func(*timetableOptions) error) *cobra.Command {
	opts := &timetableOptions{env: e}
	cmd := &cobra.Command{
		Use:   "timetable --polling-day YYYY-MM-DD",
		Short: "Print the statutory election timetable",
		Long: `Timetable counts the statutory steps of a UK Parliamentary election back
from polling day in working days (weekends, Christmas Eve, Christmas Day,
Good Friday and bank holidays do not count). At a general election a bank
holiday in any UK nation counts for the UK-wide steps; at a by-election only
the holidays of its nation count. Years beyond the embedded gov.uk list use
the bank-holiday rules.

For a by-election, --writ-received gives the earliest and latest legal dates
of notice, nominations and poll.`,
		Example: `  electplan timetable --polling-day 2029-05-03
  electplan timetable --polling-day 2024-07-04 --format json
  electplan timetable --polling-day 2027-03-18 --by-election --nation scotland --writ-received 2027-02-08`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			if err := checkFormat(opts.format, "text", "json"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return timetableRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.pollingDay, "polling-day", "", "polling day, YYYY-MM-DD (required)")
	f.BoolVar(&opts.byElection, "by-election", false, "a by-election: only the nation's bank holidays count")
	f.StringVar(&opts.nation, "nation", "", "england, wales, scotland or northern-ireland (required with --by-election)")
	f.StringVar(&opts.writReceived, "writ-received", "", "by-election: the day the returning officer received the writ")
	f.StringSliceVar(&opts.nonWorking, "non-working-day", nil, "an extra day of thanksgiving or mourning (repeatable)")
	f.StringVar(&opts.format, "format", "text", "output format: text or json")
	_ = cmd.MarkFlagRequired("polling-day")
	return cmd
}

func parseDay(flag, s string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, usagef("--%s %q is not a date: write YYYY-MM-DD", flag, s)
	}
	return d, nil
}

func timetableRun(opts *timetableOptions) error {
	req := timetable.Request{ByElection: opts.byElection, Nation: timetable.Nation(opts.nation)}
	var err error
	if req.PollingDay, err = parseDay("polling-day", opts.pollingDay); err != nil {
		return err
	}
	if opts.nation != "" {
		if req.Nation, err = timetable.ParseNation(opts.nation); err != nil {
			return badValue(err)
		}
	}
	if opts.byElection && opts.nation == "" {
		return usagef("--by-election needs --nation (england, wales, scotland or northern-ireland)")
	}
	if opts.writReceived != "" {
		if !opts.byElection {
			return usagef("--writ-received applies to by-elections: add --by-election")
		}
		w, err := parseDay("writ-received", opts.writReceived)
		if err != nil {
			return err
		}
		req.WritReceived = &w
	}
	for _, s := range opts.nonWorking {
		d, err := parseDay("non-working-day", s)
		if err != nil {
			return err
		}
		req.NonWorkingDays = append(req.NonWorkingDays, d)
	}
	tt, err := timetable.Compute(req)
	if err != nil {
		return badValue(errors.New(strings.TrimPrefix(err.Error(), "compute timetable: ")))
	}
	if opts.format == "json" {
		return writeTimetableJSON(opts.env, tt)
	}
	writeTimetableText(opts.env, tt)
	return nil
}

type timetableStepJSON struct {
	Step                  string  `json:"step"`
	Date                  string  `json:"date"`
	WorkingDaysBeforePoll int     `json:"working_days_before_poll"`
	Earliest              *string `json:"earliest,omitempty"`
	Latest                *string `json:"latest,omitempty"`
	Fixed                 bool    `json:"fixed,omitempty"`
}

func dayString(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

func writeTimetableJSON(e *env, tt timetable.Timetable) error {
	steps := make([]timetableStepJSON, 0, len(tt.Steps))
	for _, s := range tt.Steps {
		steps = append(steps, timetableStepJSON{
			Step: s.Name, Date: s.Date.Format(time.DateOnly), WorkingDaysBeforePoll: s.WorkingDaysBeforePoll,
			Earliest: dayString(s.Earliest), Latest: dayString(s.Latest), Fixed: s.Fixed,
		})
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(steps); err != nil {
		return err
	}
	for _, w := range tt.Warnings {
		fmt.Fprintln(e.stderr, "warning:", w)
	}
	return nil
}

func writeTimetableText(e *env, tt timetable.Timetable) {
	kind := "General election"
	if tt.ByElection {
		kind = "By-election (" + string(tt.Nation) + ")"
	}
	fmt.Fprintf(e.stdout, "%s timetable\n\n", kind)
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "DATE\tDAYS BEFORE POLL\tSTEP\tLEGAL WINDOW")
	for _, s := range tt.Steps {
		window := ""
		if s.Earliest != nil && s.Latest != nil {
			window = s.Earliest.Format("Mon 2 Jan") + " – " + s.Latest.Format("Mon 2 Jan")
		}
		title := s.Title
		if s.Fixed {
			title += " [fixed by RO]"
		}
		fmt.Fprintf(w, "%s\t%d\t%s\t%s\n", s.Date.Format("Mon 2 Jan 2006"), s.WorkingDaysBeforePoll, title, window)
	}
	w.Flush()
	for _, warning := range tt.Warnings {
		fmt.Fprintf(e.stdout, "\nwarning: %s", warning)
	}
	if len(tt.Warnings) > 0 {
		fmt.Fprintln(e.stdout)
	}
	fmt.Fprintf(e.stdout, "\nWorking days exclude weekends, Christmas Eve, Christmas Day, Good Friday and %s.\n",
		holidayScopeNote(tt))
}

func holidayScopeNote(tt timetable.Timetable) string {
	if tt.ByElection {
		return "the bank holidays of " + nationTitle(tt.Nation)
	}
	return "bank holidays anywhere in the UK (the registration deadline counts only those of " + nationTitle(tt.Nation) + ")"
}

func nationTitle(n timetable.Nation) string {
	if n == timetable.NorthernIreland {
		return "Northern Ireland"
	}
	return strings.ToUpper(string(n[:1])) + string(n[1:])
}
