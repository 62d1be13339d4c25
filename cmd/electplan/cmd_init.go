package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/plan/timetable"
	"github.com/spf13/cobra"
)

type initOptions struct {
	env              *env
	dir              string
	byElection       bool
	constituencyCode string
	constituencyName string
	nation           string
	pollingDay       string
	writReceived     string
}

func newInitCmd(e *env, runF func(*initOptions) error) *cobra.Command {
	opts := &initOptions{env: e}
	cmd := &cobra.Command{
		Use:   "init DIR",
		Short: "Write a ready-to-fill plan folder",
		Long: `Init writes a new plan folder from the built-in templates: one YAML file per
section, every field explained in a comment, and the JSON Schema your
editor can use to check the files as you type. Values in <angle brackets>
are placeholders; validate lists every one still to fill in.

With --by-election it writes a one-constituency folder with the election,
constituency, count and polling day already filled in.

Init refuses a folder that is not empty, so nothing is ever overwritten.`,
		Example: `  electplan init op-ballot
  electplan init op-ballot --polling-day 2029-05-03 --nation wales
  electplan init reading-by --by-election --constituency E14001438 \
      --constituency-name "Reading Central" --nation england --polling-day 2027-03-18`,
		Args: exactArgs(1, "the folder to create"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.dir = args[0]
			if runF != nil {
				return runF(opts)
			}
			return initRun(opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.byElection, "by-election", false, "write a one-constituency by-election folder")
	f.StringVar(&opts.constituencyCode, "constituency", "", "by-election: ONS constituency code, e.g. E14001438")
	f.StringVar(&opts.constituencyName, "constituency-name", "", "by-election: constituency name")
	f.StringVar(&opts.nation, "nation", "", "england, wales, scotland or northern-ireland")
	f.StringVar(&opts.pollingDay, "polling-day", "", "polling day, YYYY-MM-DD")
	f.StringVar(&opts.writReceived, "writ-received", "", "by-election: the day the returning officer received the writ")
	return cmd
}

func initRun(opts *initOptions) error {
	so := plan.ScaffoldOptions{ByElection: opts.byElection, ConstituencyCode: opts.constituencyCode,
		ConstituencyName: opts.constituencyName}
	if opts.nation != "" {
		n, err := timetable.ParseNation(opts.nation)
		if err != nil {
			return badValue(err)
		}
		so.Nation = string(n)
	}
	if opts.pollingDay != "" {
		d, err := plan.ParseDate(opts.pollingDay)
		if err != nil {
			return usagef("--polling-day: %v", err)
		}
		so.PollingDay = d
	}
	if opts.writReceived != "" {
		d, err := plan.ParseDate(opts.writReceived)
		if err != nil {
			return usagef("--writ-received: %v", err)
		}
		so.WritReceived = &d
	}
	if !opts.byElection && (opts.constituencyCode != "" || opts.constituencyName != "" || opts.writReceived != "") {
		return usagef("--constituency, --constituency-name and --writ-received go with --by-election")
	}
	if opts.constituencyCode != "" && !plan.LooksLikeConstituencyCode(opts.constituencyCode) {
		return badValue(fmt.Errorf("--constituency %q is not an ONS constituency code: they look like E14001438 (England), W07000081 (Wales), S14000021 (Scotland) or N05000001 (Northern Ireland)", opts.constituencyCode))
	}
	if !so.PollingDay.IsZero() && (so.Nation != "" || !opts.byElection) {
		req := timetable.Request{PollingDay: so.PollingDay.Time, ByElection: opts.byElection, Nation: timetable.Nation(so.Nation)}
		if so.WritReceived != nil {
			w := so.WritReceived.Time
			req.WritReceived = &w
		}
		if _, err := timetable.Compute(req); err != nil {
			return badValue(errors.New(strings.TrimPrefix(err.Error(), "compute timetable: ")))
		}
	}
	files, err := plan.Scaffold(so)
	if err != nil {
		return usagef("%v: give --constituency, --constituency-name, --nation and --polling-day", err)
	}
	if err := writeNewFolder(opts.dir, files); err != nil {
		return err
	}
	kind := "general-election"
	if opts.byElection {
		kind = "by-election"
	}
	fmt.Fprintf(opts.env.stdout, "Wrote a %s plan folder to %s (%d files).\n\nNext:\n", kind, opts.dir, len(files))
	fmt.Fprintf(opts.env.stdout, "  1. Fill in the <placeholders>: electplan validate %s lists every one.\n", opts.dir)
	fmt.Fprintf(opts.env.stdout, "  2. Import candidates, polling stations and hustings, or type them in.\n")
	fmt.Fprintf(opts.env.stdout, "  3. electplan build %s --out %s-plan\n", opts.dir, filepath.Clean(opts.dir))
	return nil
}

// writeNewFolder creates dir holding files, all or nothing: the files are
// written into a temporary folder beside it which is then renamed. An
// existing empty folder is replaced; a non-empty one is refused.
func writeNewFolder(dir string, files map[string][]byte) error {
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil && len(entries) > 0:
		return fmt.Errorf("%s is not empty: init writes only into a new or empty folder, so nothing is overwritten", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("init %s: %w", dir, err)
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("init %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(parent, ".electplan-init-*")
	if err != nil {
		return fmt.Errorf("init %s: %w", dir, err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(tmp, name), files[name], 0o644); err != nil {
			return fmt.Errorf("init %s: %w", dir, err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("init %s: %w", dir, err)
	}
	if err == nil && len(entries) == 0 {
		_ = os.Remove(dir) // the empty folder is replaced by the new one
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("init %s: %w", dir, err)
	}
	return nil
}
