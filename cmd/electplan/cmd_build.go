package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/plan/pdf"
	"github.com/electplan/electplan/plan/xlsx"
	"github.com/google/renameio/v2"
	"github.com/spf13/cobra"
)

type buildOptions struct {
	env       *env
	dir       string
	out       string
	asOf      string
	model     string
	previous  string
	by        string
	note      string
	briefings bool
}

func newBuildCmd(e *env, runF func(*buildOptions) error) *cobra.Command {
	opts := &buildOptions{env: e}
	cmd := &cobra.Command{
		Use:   "build DIR --out OUT",
		Short: "Write the plan: plan.pdf, plan.xlsx and plan.json",
		Long: `Build validates DIR, scores every flashpoint and candidate with the national
risk model, allocates officers against what the force has, and writes the
plan to OUT:

  plan.pdf   the operational order (IIMARCH), protectively marked
  plan.xlsx  the working copy, one sheet per part of the plan
  plan.json  the exchange format the national lead compares

Invalid inputs write nothing and exit 3. Files are written atomically, so a
failed run never leaves a half-written file, and OUT may not be the input
folder. The same inputs, model and --as-of date give byte-identical files.

Keeping the plan under review: --previous OUT/plan.json builds the next
revision, carrying the revision history forward with a line saying what
changed (your --note, or worded from the differences). OUT keeps every
revision in OUT/revisions/r001, r002 …; OUT/plan.* are the latest. Nothing
earlier is ever overwritten.

` + exitCodesHelp,
		Example: `  electplan build examples/general-election --out out
  electplan build op-ballot --out plan --as-of 2029-04-10
  electplan build op-ballot --out plan --as-of 2029-04-17 --previous plan/plan.json --note "weekly review"
  SOURCE_DATE_EPOCH=1871510400 electplan build op-ballot --out plan`,
		Args: exactArgs(1, "one plan folder"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.dir = args[0]
			if opts.out == "" {
				return usagef("--out is required: the folder to write the plan to")
			}
			if runF != nil {
				return runF(opts)
			}
			return buildRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.out, "out", "", "folder to write plan.pdf, plan.xlsx and plan.json to (created if needed)")
	f.StringVar(&opts.asOf, "as-of", "", "the plan's date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today)")
	f.StringVar(&opts.model, "model", "", "build with this model file instead of the national standard (marked non-standard)")
	f.StringVar(&opts.previous, "previous", "", "the previous revision's plan.json: build the next revision")
	f.StringVar(&opts.by, "by", "", "who made this revision (default: the plan owner)")
	f.StringVar(&opts.note, "note", "", "what this revision changed, in a line (default: worded from the differences)")
	f.BoolVar(&opts.briefings, "briefings", false, "also write every candidate's briefing pack to OUT/briefings/<candidate-id>.pdf")
	return cmd
}

func buildRun(opts *buildOptions) error {
	if err := refuseInputFolder(opts.dir, opts.out); err != nil {
		return err
	}
	asOf, err := asOfDate(opts.asOf, opts.env)
	if err != nil {
		return err
	}
	m, err := loadModel(opts.model)
	if err != nil {
		return err
	}
	rev := plan.Revision{By: opts.by, Note: opts.note}
	if opts.previous != "" {
		if rev.Previous, err = plan.ReadPlanFile(opts.previous); err != nil {
			return fmt.Errorf("read the previous revision: %w", err)
		}
	}
	if err := checkOutFolder(opts.out, rev.Previous); err != nil {
		return err
	}
	progress := newProgress(opts.env)
	progress.step("Reading " + opts.dir)
	in, err := plan.LoadDir(opts.dir)
	if err != nil {
		return err
	}
	progress.step("Scoring and planning")
	p, err := plan.BuildRevision(in, m, asOf, rev)
	if err != nil {
		return err
	}
	outputs := planOutputs(p)
	if opts.briefings {
		p.MarkBriefingPacks()
		outputs = append(outputs, briefingOutputs(p)...)
		progress.step(fmt.Sprintf("Writing plan.pdf, plan.xlsx, plan.json and %s", plan.Plural(len(p.Candidates), "briefing pack", "briefing packs")))
	} else {
		progress.step("Writing plan.pdf, plan.xlsx and plan.json")
	}
	revDir := filepath.Join(opts.out, "revisions", fmt.Sprintf("r%03d", p.Revision))
	if err := refuseOtherRevision(revDir, p); err != nil {
		return err
	}
	files, err := writeOutputs(revDir, outputs)
	if err != nil {
		return err
	}
	if err := copyLatest(revDir, opts.out, files); err != nil {
		return err
	}
	progress.done()
	w := opts.env.stdout
	fmt.Fprintf(w, "Wrote %s revision %d as of %s to %s (kept as %s):\n", p.Force.Operation, p.Revision, p.AsOf,
		opts.out, filepath.Join("revisions", fmt.Sprintf("r%03d", p.Revision)))
	packs := 0
	for _, f := range files {
		if strings.HasPrefix(f.name, "briefings/") {
			packs++
			continue
		}
		fmt.Fprintf(w, "  %-10s %s\n", f.name, humanBytes(f.size))
	}
	if packs > 0 {
		fmt.Fprintf(w, "  briefings/ %s, one per candidate, each for the named candidate only\n", plan.Plural(packs, "pack", "packs"))
	}
	if p.Revision > 1 {
		fmt.Fprintf(w, "\nRevision %d: %s\n", p.Revision, p.Revisions[len(p.Revisions)-1].Summary)
	}
	printSummary(w, p)
	for _, warning := range p.Warnings {
		fmt.Fprintln(opts.env.stderr, "warning:", warning)
	}
	return nil
}

// checkOutFolder keeps the revision chain whole: an out folder that holds
// a plan only takes the next revision of that plan.
func checkOutFolder(out string, previous *plan.Plan) error {
	latest, err := plan.ReadPlanFile(filepath.Join(out, "plan.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s holds a plan.json electplan cannot read: %w; choose another --out", out, err)
	}
	switch {
	case previous == nil:
		return badValue(fmt.Errorf("%s already holds revision %d (as of %s): build the next revision with --previous %s, or choose another --out",
			out, latest.Revision, latest.AsOf, filepath.Join(out, "plan.json")))
	case previous.Revision != latest.Revision || previous.InputsSHA256 != latest.InputsSHA256 || !previous.AsOf.Equal(latest.AsOf.Time):
		return badValue(fmt.Errorf("%s holds revision %d (as of %s), but --previous is revision %d (as of %s): give --previous %s",
			out, latest.Revision, latest.AsOf, previous.Revision, previous.AsOf, filepath.Join(out, "plan.json")))
	}
	return nil
}

// refuseOtherRevision stops a build from replacing a kept revision with
// different files: revisions, once written, are never overwritten. The
// same revision built again from the same inputs is allowed (it is
// byte-identical).
func refuseOtherRevision(revDir string, p *plan.Plan) error {
	kept, err := plan.ReadPlanFile(filepath.Join(revDir, "plan.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil || kept.InputsSHA256 != p.InputsSHA256 || !kept.AsOf.Equal(p.AsOf.Time) || kept.Model != p.Model {
		return fmt.Errorf("%s already holds a different revision %d: earlier revisions are never overwritten; build the next revision with --previous", revDir, p.Revision)
	}
	return nil
}

// copyLatest makes the revision just written the latest in out.
func copyLatest(revDir, out string, files []written) error {
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8) // a few at once: a pack per candidate is thousands of files
	for i, f := range files {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = copyFile(filepath.Join(revDir, f.name), filepath.Join(out, f.name))
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// copyFile copies src to dst atomically (the copy is renamed into place
// when complete). The copy is made by the kernel where it can.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := renameio.NewPendingFile(dst, renameio.WithPermissions(0o644), renameio.WithExistingPermissions())
	if err != nil {
		return fmt.Errorf("write %s: %w", dst, err)
	}
	defer func() { _ = f.Cleanup() }() // a no-op once renamed into place
	if _, err := io.Copy(f, in); err != nil {
		return fmt.Errorf("write %s: %w", dst, err)
	}
	if err := f.CloseAtomicallyReplace(); err != nil {
		return fmt.Errorf("write %s: %w", dst, err)
	}
	return nil
}

// output is one file of the plan and how to write it.
type output struct {
	name  string
	write func(io.Writer) error
}

func planOutputs(p *plan.Plan) []output {
	return []output{
		{"plan.pdf", func(w io.Writer) error { return pdf.Write(w, p) }},
		{"plan.xlsx", func(w io.Writer) error {
			b, err := xlsx.Render(p)
			if err == nil {
				_, err = w.Write(b)
			}
			return err
		}},
		{"plan.json", p.WriteJSON},
	}
}

// briefingOutputs are the candidates' briefing packs.
func briefingOutputs(p *plan.Plan) []output {
	var out []output
	for _, c := range p.Candidates {
		id := c.ID
		out = append(out, output{"briefings/" + safeFileName(id) + ".pdf", func(w io.Writer) error { return pdf.WriteBriefing(w, p, id) }})
	}
	return out
}

// safeFileName keeps an id usable as a file name.
func safeFileName(id string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == 0 || r == ':' {
			return '_'
		}
		return r
	}, id)
}

// written is a file that was written, and its size.
type written struct {
	name string
	size int64
}

// writeOutputs renders every output at once (they are independent), each
// into a temporary file beside its final name, put on disk as soon as it
// is written. Only when all have succeeded are they renamed into place,
// so a failure leaves no partial file and no mix of old and new outputs.
func writeOutputs(dir string, outputs []output) ([]written, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	pending := make([]*renameio.PendingFile, len(outputs))
	errs := make([]error, len(outputs))
	defer func() {
		for _, f := range pending {
			if f != nil {
				_ = f.Cleanup() // a no-op once renamed into place
			}
		}
	}()
	var wg sync.WaitGroup
	// Outputs already started finish before the files are cleaned up.
	defer wg.Wait()
	sem := make(chan struct{}, max(3, runtime.GOMAXPROCS(0))) // the three plan files together; packs queue
	for i, o := range outputs {
		path := filepath.Join(dir, o.name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("create %s: %w", filepath.Dir(path), err)
		}
		f, err := renameio.NewPendingFile(path, renameio.WithPermissions(0o644), renameio.WithExistingPermissions())
		if err != nil {
			return nil, fmt.Errorf("write %s: %w", path, err)
		}
		pending[i] = f
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := o.write(f); err != nil {
				errs[i] = fmt.Errorf("write %s: %w", path, err)
				return
			}
			// On disk while the other outputs are still being written,
			// rather than all at the end.
			if err := f.Sync(); err != nil {
				errs[i] = fmt.Errorf("write %s: %w", path, err)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := make([]written, len(outputs))
	for i, f := range pending {
		info, err := f.Stat()
		if err != nil {
			return nil, err
		}
		if err := f.CloseAtomicallyReplace(); err != nil {
			return nil, fmt.Errorf("write %s: %w", filepath.Join(dir, outputs[i].name), err)
		}
		out[i] = written{outputs[i].name, info.Size()}
	}
	return out, nil
}

// refuseInputFolder stops a build writing into its own input folder,
// where the outputs would be mixed with (or mistaken for) inputs.
func refuseInputFolder(in, out string) error {
	absIn, err1 := filepath.Abs(in)
	absOut, err2 := filepath.Abs(out)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if absOut == absIn || strings.HasPrefix(absOut, absIn+string(filepath.Separator)) {
		return badValue(fmt.Errorf("--out %s is inside the input folder %s: write the plan somewhere else", out, in))
	}
	return nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

func printSummary(w interface{ Write([]byte) (int, error) }, p *plan.Plan) {
	s := p.Summary
	fmt.Fprintf(w, "\nFlashpoints (events and counts): %d very-high, %d high, %d medium, %d low\n",
		s.FlashpointsByBand["very-high"], s.FlashpointsByBand["high"], s.FlashpointsByBand["medium"], s.FlashpointsByBand["low"])
	fmt.Fprintf(w, "Polling stations: %d red, %d amber, %d green\n", s.StationsByRAG["red"], s.StationsByRAG["amber"], s.StationsByRAG["green"])
	fmt.Fprintf(w, "Candidates: %d very-high, %d high, %d enhanced, %d standard; %d of %d offered the security briefing\n",
		s.CandidatesByTier["very-high"], s.CandidatesByTier["high"], s.CandidatesByTier["enhanced"], s.CandidatesByTier["standard"],
		s.BriefingOffered, s.Candidates)
	fmt.Fprintf(w, "Officer-hours: %.1f needed, %.1f available", s.OfficerHoursNeeded, s.OfficerHoursAvailable)
	if s.ShortfallHours > 0 {
		fmt.Fprintf(w, "; %.1f short on %s, mutual aid of up to %s", s.ShortfallHours,
			plan.Plural(s.ShortDays, "day", "days"), plan.Plural(s.MutualAidOfficers, "officer", "officers"))
	}
	fmt.Fprintln(w)
	if s.NextReview != nil {
		fmt.Fprintf(w, "Next review: %s\n", s.NextReview)
	}
}
