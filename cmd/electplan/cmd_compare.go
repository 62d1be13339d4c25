package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/plan/pdf"
	"github.com/electplan/electplan/plan/xlsx"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

type compareOptions struct {
	env       *env
	paths     []string
	out       string
	asOf      string
	staleDays int
	format    string
}

func newCompareCmd(e *env, runF func(*compareOptions) error) *cobra.Command {
	opts := &compareOptions{env: e}
	cmd := &cobra.Command{
		Use:   "compare FILE_OR_DIR... --out OUT",
		Short: "Compare every force's plan for the national lead: comparison.pdf and comparison.xlsx",
		Long: `Compare reads forces' plan.json files (or folders of them: each folder's
*.json files and the plan.json one folder down, never revisions/) and
writes the national comparison to OUT:

  comparison.pdf   a one-page national summary with every flagged force and
                   why, then each force's figures, the flags in full, and
                   candidate tiers by party with each plan's neutrality audit
  comparison.xlsx  the same as a workbook: Summary, Forces, Flags, Neutrality

Figures are put on a common footing (per 100,000 or 1,000 electors, per
cent of stations and candidates) and a plan is flagged when it was built
with a non-standard or older model, is of another schema version, is stale
(--stale-days before the comparison date or polling day), lacks parts of a
plan, or stands out from the other forces. docs/compare.md gives every rule.
Flags are findings, not errors: the exit code is 0 whatever is flagged.

Two plans of the same force and election are refused: keep the latest
revision of each. The same plans and --as-of give byte-identical files.

` + exitCodesHelp,
		Example: `  electplan compare plans/ --out national --as-of 2029-04-20
  electplan compare dyfed-powys/plan.json gwent/plan.json north-wales/ --out wales
  electplan compare plans/ --out national --stale-days 14 --format json > comparison.json`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("expected plan.json files or folders of them, got none")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			opts.paths = args
			if opts.out == "" {
				return usagef("--out is required: the folder to write comparison.pdf and comparison.xlsx to")
			}
			if opts.staleDays < 1 {
				return badValue(fmt.Errorf("--stale-days %d: give the number of days a plan may be old, 1 or more", opts.staleDays))
			}
			if err := checkFormat(opts.format, "text", "json"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return compareRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.out, "out", "", "folder to write comparison.pdf and comparison.xlsx to (created if needed)")
	f.StringVar(&opts.asOf, "as-of", "", "the comparison date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today)")
	f.IntVar(&opts.staleDays, "stale-days", plan.DefaultStaleDays, "flag a plan as of more than this many days before the comparison date (or polling day, if earlier)")
	f.StringVar(&opts.format, "format", "text", "what to print: text (a summary) or json (the whole comparison)")
	return cmd
}

func compareRun(opts *compareOptions) error {
	asOf, err := asOfDate(opts.asOf, opts.env)
	if err != nil {
		return err
	}
	bar := &readingBar{e: opts.env}
	plans, err := plan.ReadComparisonInputs(opts.paths, bar.update)
	bar.finish()
	if errors.Is(err, plan.ErrNotAPlan) {
		fmt.Fprintf(opts.env.stderr, "electplan: %v\n", err)
		return silentError{exitInvalid}
	}
	if err != nil {
		return err
	}
	c := plan.Compare(plans, plan.CompareOptions{AsOf: asOf, StaleDays: opts.staleDays})
	progress := newProgress(opts.env)
	progress.step("Writing comparison.pdf and comparison.xlsx")
	files, err := writeOutputs(opts.out, comparisonOutputs(c))
	if err != nil {
		return err
	}
	progress.done()
	if opts.format == "json" {
		return writeJSON(opts.env.stdout, c)
	}
	printComparison(opts.env.stdout, c)
	fmt.Fprintf(opts.env.stdout, "\nWrote the comparison to %s:\n", opts.out)
	for _, f := range files {
		fmt.Fprintf(opts.env.stdout, "  %-16s %s\n", f.name, humanBytes(f.size))
	}
	return nil
}

func comparisonOutputs(c *plan.Comparison) []output {
	return []output{
		{"comparison.pdf", func(w io.Writer) error { return pdf.WriteComparison(w, c) }},
		{"comparison.xlsx", func(w io.Writer) error {
			b, err := xlsx.RenderComparison(c)
			if err == nil {
				_, err = w.Write(b)
			}
			return err
		}},
	}
}

// printComparison says in a few lines what was compared and every flag.
func printComparison(w io.Writer, c *plan.Comparison) {
	fmt.Fprintf(w, "Compared %s as of %s (stale after %s).\n", plan.Plural(len(c.Forces), "force plan", "force plans"),
		c.AsOf, plan.Plural(c.StaleDays, "day", "days"))
	if caveat := c.MixedElections(); caveat != "" {
		fmt.Fprintln(w, "Note: "+caveat)
	}
	if len(c.Flags) == 0 {
		fmt.Fprintln(w, "No force is flagged.")
	} else {
		fmt.Fprintf(w, "%s of %d flagged (%s):\n", plan.Plural(c.FlaggedForces(), "force", "forces"), len(c.Forces),
			plan.Plural(len(c.Flags), "flag", "flags"))
		for _, f := range c.Flags {
			fmt.Fprintf(w, "  %s: %s: %s\n", f.Force, f.Label(), f.Why)
		}
	}
	t := c.Totals
	fmt.Fprintf(w, "\nNational: %d electors; %d polling stations (%d red); %d candidates (%d of tier high or very-high); "+
		"%.1f officer-hours needed, %.1f available, %.1f short\n", t.Electorate, t.PollingStations, t.StationsByRAG["red"],
		t.Candidates, t.CandidatesByTier["high"]+t.CandidatesByTier["very-high"], t.OfficerHoursNeeded,
		t.OfficerHoursAvailable, t.ShortfallHours)
}

// readingBar shows how many plans have been read, as a progress bar on a
// terminal; piped or scripted, it says nothing.
type readingBar struct {
	e   *env
	bar *progressbar.ProgressBar
}

func (b *readingBar) update(done, total int) {
	if !b.e.stderrTTY {
		return
	}
	if b.bar == nil {
		b.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(b.e.stderr),
			progressbar.OptionSetDescription("Reading plans"),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(50*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	_ = b.bar.Set(done) // a progress bar that cannot draw is no reason to stop
}

func (b *readingBar) finish() {
	if b.bar != nil {
		_ = b.bar.Finish()
	}
}
