package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/plan/importers"
	"github.com/spf13/cobra"
)

type importOptions struct {
	env          *env
	kind         importers.Kind
	file         string
	into         string
	format       string
	constituency string
	boundaries   string
	dryRun       bool
}

const importMergeHelp = `Merging: records are matched by id. The import sets only the fields it
owns and leaves every other field and comment as you wrote them; new
records are added; records no longer in the file are listed, never
deleted. A field with "# keep" on its line is never changed by an import.
Only the items that change are rewritten; the previous file is kept as
<file>.bak. --dry-run shows the changes and writes nothing.

The folder is then validated exactly as validate does. Nothing is written
if the import would cause a problem other than a placeholder left for you
to fill in.`

// newImportCmd is the parent of the import subcommands; each kind of file
// has its own constructor, so more can be added beside them. runF, for
// tests, replaces the run of candidates, stations and hustings.
func newImportCmd(e *env, runF func(*importOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Bring candidates, polling stations and hustings in from the files they come in",
		Long: `Import reads the files Democracy Club and councils publish and merges them
into a plan folder:

  candidates    the Democracy Club candidates CSV (or the older YourNextMP CSV)
  stations      a council election-management export of polling stations
  hustings      the WhoCanIVoteFor hustings sheet
  contribution  a contribution form a candidate, agent or party returned
                (see its own help: it is kept as a contribution file)

Candidates, stations and hustings files are taken as they come: comma,
semicolon, tab or pipe separated, UTF-8, UTF-16 or Windows-1252, title rows
above the header. A file in the wrong layout is refused with the columns it
lacks and the --format it looks like.

` + importMergeHelp + `

` + exitCodesHelp,
		Example: `  electplan import candidates candidates-parl.reading-central.csv --into reading-by
  electplan import stations reading-export.csv --format xpress-dc --constituency E14001438 --into reading-by
  electplan import hustings hustings.csv --into reading-by --dry-run`,
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown import %q: choose candidates, stations, hustings or contribution", args[0])
			}
			return usagef("import what? choose candidates, stations, hustings or contribution")
		},
	}
	cmd.AddCommand(
		newImportCandidatesCmd(e, runF),
		newImportStationsCmd(e, runF),
		newImportHustingsCmd(e, runF),
		newImportContributionCmd(e, nil),
	)
	return cmd
}

func newImportCandidatesCmd(e *env, runF func(*importOptions) error) *cobra.Command {
	opts := &importOptions{env: e, kind: importers.Candidates}
	cmd := &cobra.Command{
		Use:   "candidates FILE --into DIR",
		Short: "Import the Democracy Club candidates CSV",
		Long: `Import candidates reads the candidates CSV from candidates.democracyclub.org.uk
(person_id, person_name, ballot_paper_id, party_name, post_label …) or the
older YourNextMP layout (id, name, party, constituency, gss_code …); the
layout is told from the header row.

The import owns id (the Democracy Club person id), name, constituency and
party (for display only). The constituency comes from the gss/gss_code
column, else --constituency, else the constituency name matched against
the plan's. Candidates elsewhere, in cancelled polls or in other elections
are left out with a note.

A person with an MP identifier (mnis_id, twfy_id, parlparse_id,
theyworkforyou_url) has been an MP; whether they are a sitting or former
MP cannot be told from the file. Where you have not set incumbency, the
import writes incumbency: former-mp with a comment asking you to confirm.

` + importMergeHelp + `

` + exitCodesHelp,
		Example: `  electplan import candidates candidates.csv --into reading-by
  electplan import candidates candidates.csv --into reading-by --dry-run`,
		Args: exactArgs(1, "one candidates CSV file"),
		RunE: func(_ *cobra.Command, args []string) error {
			return runImport(opts, args, runF)
		},
	}
	importFlags(cmd, opts, "democracyclub")
	return cmd
}

func newImportStationsCmd(e *env, runF func(*importOptions) error) *cobra.Command {
	opts := &importOptions{env: e, kind: importers.Stations}
	cmd := &cobra.Command{
		Use:   "stations FILE --format F --into DIR",
		Short: "Import polling stations from a council election-management export",
		Long: `Import stations reads a council's polling-station export:

  xpress-dc         Xpress "Democracy Club" CSV (Polling_Place_Id …)
  xpress-weblookup  Xpress WebLookup CSV (PollingPlaceId …)
  idox-eros         Idox Eros CSV (PollingStationNumber, PollingStationName …)
  halarose          Halarose CSV (PollingVenueID, PollingVenueEasting …)
  democracy-counts  Democracy Counts stations CSV (StationCode, PlaceName …)
  fcs               FCS JSON
  eoni              EONI, Northern Ireland (PREM_ID, PREM_X_4326 …)

Exports list one row per elector's address; the plan gets one station per
polling place, with its district references. Grid references are kept as
given (easting/northing) and checked against the UK; blank or 0,0
coordinates are reported as missing, never invented. The import owns id,
constituency, name, address, postcode, location and districts.

The constituency comes from --constituency, or from each station's
location with --boundaries (an ONS constituency GeoJSON): stations outside
the plan's constituencies are left out, stations without coordinates take
--constituency. The generalised ONS file (BUC) can put a station near a
boundary on the wrong side; the full-resolution file (BFC) does not. A plan
with one constituency needs neither flag.

` + importMergeHelp + `

` + exitCodesHelp,
		Example: `  electplan import stations export.csv --format xpress-dc --constituency E14001438 --into reading-by
  electplan import stations export.csv --format halarose --boundaries pcon_jul2024_uk_buc.geojson --into op-ballot
  electplan import stations stations.json --format fcs --into op-ballot --dry-run`,
		Args: exactArgs(1, "one export file"),
		RunE: func(_ *cobra.Command, args []string) error {
			if opts.format == "" {
				return usagef("--format is required: one of %s", strings.Join(importers.Formats(importers.Stations), ", "))
			}
			return runImport(opts, args, runF)
		},
	}
	importFlags(cmd, opts, "")
	cmd.Flags().StringVar(&opts.boundaries, "boundaries", "", "constituency boundaries (GeoJSON, e.g. the ONS file) to place stations by location")
	return cmd
}

func newImportHustingsCmd(e *env, runF func(*importOptions) error) *cobra.Command {
	opts := &importOptions{env: e, kind: importers.Hustings}
	cmd := &cobra.Command{
		Use:   "hustings FILE --into DIR",
		Short: "Import the WhoCanIVoteFor hustings sheet",
		Long: `Import hustings reads the WhoCanIVoteFor hustings sheet (Election ID, Title
of event, Date (DD-MM-YYYY), Start time (00:00), End time (if known),
Location, Link to event information) as events of kind hustings.

Each event's id is derived from its election, title and date, so
re-importing the sheet finds the same events. The constituency comes from
the ballot in the Election ID, else --constituency, else the plan's only
one; hustings for other ballots are left out. The sheet does not give the
expected attendance: new events get 100 with a comment asking you to
confirm with the organiser. The event's link is kept as a comment.

` + importMergeHelp + `

` + exitCodesHelp,
		Example: `  electplan import hustings hustings.csv --into reading-by
  electplan import hustings hustings.csv --into reading-by --dry-run`,
		Args: exactArgs(1, "one hustings sheet (CSV)"),
		RunE: func(_ *cobra.Command, args []string) error {
			return runImport(opts, args, runF)
		},
	}
	importFlags(cmd, opts, "wcivf")
	return cmd
}

// importFlags adds the flags every import has.
func importFlags(cmd *cobra.Command, opts *importOptions, defaultFormat string) {
	f := cmd.Flags()
	f.StringVar(&opts.into, "into", "", "the plan folder to import into (required)")
	f.StringVar(&opts.format, "format", defaultFormat, "file format: "+strings.Join(importers.Formats(opts.kind), ", "))
	f.StringVar(&opts.constituency, "constituency", "", "ONS code of the constituency for records the file does not place")
	f.BoolVar(&opts.dryRun, "dry-run", false, "show what would change; write nothing")
}

func runImport(opts *importOptions, args []string, runF func(*importOptions) error) error {
	opts.file = args[0]
	if opts.into == "" {
		return usagef("--into is required: the plan folder to import into")
	}
	if err := checkFormat(opts.format, importers.Formats(opts.kind)...); err != nil {
		return err
	}
	if runF != nil {
		return runF(opts)
	}
	return importRun(opts)
}

func importRun(opts *importOptions) error {
	rep, err := importers.Import(importers.Request{Kind: opts.kind, Format: opts.format, File: opts.file, Dir: opts.into,
		Constituency: opts.constituency, Boundaries: opts.boundaries, DryRun: opts.dryRun})
	var flagErr *importers.FlagError
	if errors.As(err, &flagErr) {
		return badValue(err)
	}
	if err != nil {
		return err
	}
	writeImportReport(opts.env.stdout, opts.env.stderr, rep)
	if rep.Blocked {
		return silentError{exitInvalid}
	}
	return nil
}

// writeImportReport says what was read, what changes, what was written and
// how the folder now validates (problems on stderr, as validate).
func writeImportReport(stdout, stderr io.Writer, r *importers.Report) {
	one, many := recordNoun(r.Kind)
	fmt.Fprintf(stdout, "Read %s (%s): %s, %s.\n", r.File, r.Layout,
		plan.Plural(r.Rows, "row", "rows"), plan.Plural(r.Records, one, many))
	for _, n := range r.Notes {
		fmt.Fprintf(stdout, "  note: %s\n", n)
	}
	for _, w := range r.Warnings {
		fmt.Fprintln(stderr, w)
	}
	verb := ""
	if r.DryRun || r.Blocked {
		verb = "would be "
	}
	fmt.Fprintf(stdout, "%s: %d %sadded, %d %supdated, %d unchanged, %d in the folder but not in the import.\n",
		r.Section, len(r.Added), verb, len(r.Updated), verb, r.Unchanged, len(r.NotInSource))
	const maxListed = 30
	listChanges(stdout, "+", r.Added, maxListed, false)
	listChanges(stdout, "~", r.Updated, maxListed, true)
	if len(r.NotInSource) > 0 {
		fmt.Fprintln(stdout, "  not in the import (kept, not deleted: remove them yourself if they are gone):")
		listChanges(stdout, "?", r.NotInSource, maxListed, false)
	}
	if len(r.Kept) > 0 {
		fmt.Fprintln(stdout, "  left as you wrote them (marked # keep):")
		listChanges(stdout, "=", r.Kept, maxListed, true)
	}
	var names []string
	for _, w := range r.Writes {
		names = append(names, w.Name)
	}
	switch {
	case r.Blocked:
		fmt.Fprintf(stdout, "Nothing written: the import would cause the problems below in %s (lines are as the files would be written): fix the folder or the file, then import again.\n", r.Dir)
		fmt.Fprintln(stderr, (&plan.InvalidError{Problems: r.NewProblems}).Error())
		return
	case len(r.Writes) == 0:
		fmt.Fprintf(stdout, "Nothing to write: %s is up to date with %s.\n", r.Dir, r.File)
	case r.DryRun:
		fmt.Fprintf(stdout, "Dry run: nothing written (would write %s).\n", strings.Join(names, ", "))
	default:
		var parts []string
		for _, w := range r.Writes {
			if w.Backup != "" {
				parts = append(parts, fmt.Sprintf("%s (the previous version is %s)", w.Name, w.Backup))
			} else {
				parts = append(parts, w.Name+" (new)")
			}
		}
		fmt.Fprintf(stdout, "Wrote %s.\n", strings.Join(parts, ", "))
	}
	writeValidation(stdout, stderr, r)
}

// writeValidation reports the folder as validate would: problems and the
// count on stderr, or the one-line summary on stdout.
func writeValidation(stdout, stderr io.Writer, r *importers.Report) {
	errs := r.Problems.Errors()
	dir := r.Dir
	if r.DryRun {
		dir += " (as the import would leave it)"
	}
	if len(errs) == 0 {
		for _, w := range r.Problems {
			fmt.Fprintln(stderr, w)
		}
		fmt.Fprintf(stdout, "%s: valid — %s\n", dir, summaryLine(r.After))
		return
	}
	fmt.Fprintln(stderr, (&plan.InvalidError{Problems: r.Problems}).Error())
	placeholders := 0
	for _, p := range errs {
		if strings.Contains(p.Message, plan.PlaceholderMessage) {
			placeholders++
		}
	}
	if placeholders == len(errs) {
		fmt.Fprintf(stdout, "%s: %s still to fill in before build (listed above).\n", dir, plan.Plural(placeholders, "placeholder", "placeholders"))
		return
	}
	fmt.Fprintf(stdout, "%s: %s to fix before build, none caused by this import (listed above).\n", dir, plan.Plural(len(errs), "problem", "problems"))
}

func listChanges(w io.Writer, mark string, cs []importers.Change, limit int, withFields bool) {
	for i, c := range cs {
		if i == limit {
			fmt.Fprintf(w, "  … and %d more\n", len(cs)-limit)
			return
		}
		line := fmt.Sprintf("  %s %q %s", mark, c.ID, c.Name)
		switch {
		case len(c.Details) > 0:
			fmt.Fprintln(w, line)
			for _, d := range c.Details {
				fmt.Fprintf(w, "      %s\n", d)
			}
			continue
		case withFields && len(c.Fields) > 0:
			line += ": " + strings.Join(c.Fields, ", ")
		}
		fmt.Fprintln(w, line)
	}
}

// recordNoun is what a record of the kind is called, one and many.
func recordNoun(k importers.Kind) (string, string) {
	switch k {
	case importers.Candidates:
		return "candidate", "candidates"
	case importers.Stations:
		return "polling place", "polling places"
	}
	return "hustings", "hustings"
}
