package main

import (
	"fmt"

	"github.com/electplan/electplan/plan"
	"github.com/spf13/cobra"
)

type diffOptions struct {
	env      *env
	old, new string
	format   string
}

func newDiffCmd(e *env, runF func(*diffOptions) error) *cobra.Command {
	opts := &diffOptions{env: e}
	cmd := &cobra.Command{
		Use:   "diff OLD.json NEW.json",
		Short: "Say what changed between two revisions of a plan, and why",
		Long: `Diff compares two plan.json files, usually consecutive revisions, and says
what changed in the words a SPOC would write in a review log: flashpoints
added or removed, band changes with the factors that moved them, candidate
tier changes, officer-hours by day, the shortfall, the timetable and the
risk model. Two identical plans say so. The exit code is 0 either way.`,
		Example: `  electplan diff plan/revisions/r001/plan.json plan/revisions/r002/plan.json
  electplan diff old/plan.json new/plan.json --format json`,
		Args: exactArgs(2, "two plan.json files"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.old, opts.new = args[0], args[1]
			if err := checkFormat(opts.format, "text", "json"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return diffRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "text", "output format: text or json")
	return cmd
}

func diffRun(opts *diffOptions) error {
	old, err := plan.ReadPlanFile(opts.old)
	if err != nil {
		return err
	}
	new, err := plan.ReadPlanFile(opts.new)
	if err != nil {
		return err
	}
	changes := plan.Diff(old, new)
	if opts.format == "json" {
		if changes == nil {
			changes = []plan.Change{}
		}
		return writeJSON(opts.env.stdout, struct {
			Old     revisionRef   `json:"old"`
			New     revisionRef   `json:"new"`
			Changes []plan.Change `json:"changes"`
		}{refOf(old), refOf(new), changes})
	}
	w := opts.env.stdout
	fmt.Fprintf(w, "%s: revision %d (as of %s) → revision %d (as of %s)\n", new.Force.Operation,
		old.Revision, old.AsOf, new.Revision, new.AsOf)
	if old.Election.ID != new.Election.ID || old.Force.Code != new.Force.Code {
		fmt.Fprintf(w, "note: these are plans for different elections or forces (%s, %s and %s, %s)\n",
			old.Election.ID, old.Force.Name, new.Election.ID, new.Force.Name)
	}
	if len(changes) == 0 {
		fmt.Fprintln(w, "\nNo changes: the two plans are the same in every score, deployment, resource and date.")
		return nil
	}
	section := ""
	for _, c := range changes {
		if c.Section != section {
			section = c.Section
			fmt.Fprintf(w, "\n%s\n", plan.SectionTitle(section))
		}
		fmt.Fprintf(w, "  - %s\n", c.Text)
	}
	fmt.Fprintf(w, "\nIn a line: %s\n", plan.ChangeSummary(changes))
	return nil
}

type revisionRef struct {
	Election string    `json:"election"`
	Force    string    `json:"force"`
	Revision int       `json:"revision"`
	AsOf     plan.Date `json:"as_of"`
}

func refOf(p *plan.Plan) revisionRef {
	return revisionRef{Election: p.Election.ID, Force: p.Force.Code, Revision: p.Revision, AsOf: p.AsOf}
}
