package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/plan/importers"
	"github.com/electplan/electplan/plan/xlsx"
	"github.com/google/renameio/v2"
	"github.com/spf13/cobra"
	"github.com/xuri/excelize/v2"
)

type importContributionOptions struct {
	env  *env
	file string
	into string
	id   string
}

func newImportContributionCmd(e *env, runF func(*importContributionOptions) error) *cobra.Command {
	opts := &importContributionOptions{env: e}
	cmd := &cobra.Command{
		Use:   "contribution FILE.xlsx --into DIR",
		Short: "Turn a returned contribution form into a contribution file",
		Long: `Import contribution reads a contribution form a candidate, agent or party
filled in (from 'electplan contribution-form') and writes it as a
contribution file in DIR/contributions/, then checks the plan folder as
validate does. Every problem in the form is listed by sheet and cell.

The file is named after who it speaks for: the candidate's id (an agent's
form: id-agent), or the party's name. An earlier contribution of the same
name is kept as .bak. Free text is copied as it was written: it is never
interpreted.`,
		Example: `  electplan import contribution returned/cadi-prys.xlsx --into op-pleidlais
  electplan import contribution green-future.xlsx --into op-pleidlais --id green-future-2`,
		Args: exactArgs(1, "the returned form (.xlsx)"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.file = args[0]
			if opts.into == "" {
				return usagef("--into is required: the plan folder the contribution is for")
			}
			if runF != nil {
				return runF(opts)
			}
			return importContributionRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.into, "into", "", "the plan folder (required)")
	cmd.Flags().StringVar(&opts.id, "id", "", "name the contribution file (default: the candidate's id or the party's name)")
	return cmd
}

func importContributionRun(opts *importContributionOptions) error {
	data, err := os.ReadFile(opts.file)
	if err != nil {
		return fmt.Errorf("read %s: %w", opts.file, err)
	}
	if info, err := os.Stat(opts.into); err != nil || !info.IsDir() {
		return fmt.Errorf("plan folder %s does not exist", opts.into)
	}
	doc, formProblems, err := xlsx.ReadContributionForm(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%s: %w", opts.file, err)
	}
	// Problems in the form are placed by sheet and cell: row and column
	// stand for line and column.
	var problems plan.Problems
	for _, p := range formProblems {
		col, row, err := excelize.CellNameToCoordinates(p.Cell)
		if err != nil {
			col, row = 1, 1
		}
		problems = append(problems, plan.Problem{File: opts.file, Line: row, Column: col, Item: p.Sheet + "!" + p.Cell,
			Message: p.Message, Hint: "correct the form and import it again", Severity: plan.SeverityError})
	}
	id := opts.id
	if id == "" {
		id = contributionFileID(doc)
	}
	name := path.Join(plan.ContributionsDir, id+".yaml")
	file := filepath.Join(opts.into, filepath.FromSlash(name))
	text, err := doc.YAML(fmt.Sprintf("Contribution from %s (%s), imported from the form %s.\nFree text is as the contributor wrote it.",
		doc.Contributor.Name, doc.Contributor.Kind, filepath.Base(opts.file)))
	if err != nil {
		return err
	}
	// The plan folder is checked with the contribution in it before
	// anything is written: a form that would break the plan is refused,
	// with every problem at once. Problems the folder had already are not
	// the form's.
	_, err = importers.LoadWith(opts.into, map[string][]byte{name: text})
	var invalid *plan.InvalidError
	if err != nil && !errors.As(err, &invalid) {
		return err
	}
	if invalid != nil {
		had := map[string]bool{}
		var was *plan.InvalidError
		if _, err := plan.LoadDir(opts.into); errors.As(err, &was) {
			for _, p := range was.Problems {
				had[p.Item+"\x00"+p.Message] = true
			}
		}
		for _, p := range invalid.Problems.Errors() {
			if had[p.Item+"\x00"+p.Message] {
				continue
			}
			if p.File == file {
				p.File = opts.file + " (as " + name + ")"
			}
			problems = append(problems, p)
		}
	}
	if len(problems) > 0 {
		fmt.Fprintf(opts.env.stderr, "Nothing was written: the form has %s.\n", plan.Plural(len(problems), "problem", "problems"))
		return &plan.InvalidError{Problems: problems}
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	if old, err := os.ReadFile(file); err == nil {
		if err := renameio.WriteFile(file+".bak", old, 0o644); err != nil {
			return fmt.Errorf("keep the earlier contribution: %w", err)
		}
	}
	if err := renameio.WriteFile(file, text, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	fmt.Fprintf(opts.env.stdout, "Wrote %s: %s, %s, %s.\n", file, plan.Plural(len(doc.Events), "event", "events"),
		plan.Plural(len(doc.Concerns), "concern", "concerns"), plan.Plural(len(doc.Incidents), "incident", "incidents"))
	if invalid != nil {
		fmt.Fprintf(opts.env.stdout, "%s still has problems of its own, not from this form: run electplan validate %s.\n", opts.into, opts.into)
		return nil
	}
	fmt.Fprintf(opts.env.stdout, "%s validates with the contribution.\n", opts.into)
	return nil
}

// contributionFileID names a contribution after who it speaks for.
func contributionFileID(doc *plan.ContributionDocument) string {
	switch {
	case doc.Contributor.Kind == plan.FromAgent && doc.Contributor.Candidate != "":
		return safeFileName(doc.Contributor.Candidate) + "-agent"
	case doc.Contributor.Candidate != "":
		return safeFileName(doc.Contributor.Candidate)
	case doc.Contributor.Party != "":
		return plan.Slug(doc.Contributor.Party)
	}
	return plan.Slug(strings.TrimSpace(doc.Contributor.Name))
}
