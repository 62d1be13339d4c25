package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/electplan/electplan/plan"
	"github.com/spf13/cobra"
)

type validateOptions struct {
	env    *env
	dir    string
	format string
}

func newValidateCmd(e *env, runF func(*validateOptions) error) *cobra.Command {
	opts := &validateOptions{env: e}
	cmd := &cobra.Command{
		Use:   "validate DIR",
		Short: "Check a plan folder and list every problem at once",
		Long: `Validate reads every .yaml/.yml file in DIR as the input standard
(schema: electplan/v1) and reports every problem at once, each as
file:line:col: item: what — hint. A valid folder prints a one-line summary.

` + exitCodesHelp,
		Example: `  electplan validate examples/general-election
  electplan validate op-ballot --format json | jq '.[].message'`,
		Args: exactArgs(1, "one plan folder"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.dir = args[0]
			if err := checkFormat(opts.format, "text", "json"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return validateRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "text", "output format: text or json")
	return cmd
}

func validateRun(opts *validateOptions) error {
	in, err := plan.LoadDir(opts.dir)
	var invalid *plan.InvalidError
	if err != nil && !errors.As(err, &invalid) {
		return err
	}
	if opts.format == "json" {
		problems := plan.Problems{}
		if invalid != nil {
			problems = invalid.Problems
		} else {
			problems = append(problems, in.Warnings...)
		}
		enc := json.NewEncoder(opts.env.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(problems); err != nil {
			return err
		}
		if invalid != nil {
			return silentError{exitInvalid}
		}
		return nil
	}
	if invalid != nil {
		return invalid
	}
	for _, w := range in.Warnings {
		fmt.Fprintln(opts.env.stderr, w)
	}
	fmt.Fprintf(opts.env.stdout, "%s: valid — %s\n", opts.dir, summaryLine(in))
	return nil
}

// summaryLine counts what a folder holds, in words.
func summaryLine(in *plan.Inputs) string {
	s := fmt.Sprintf("%s, %s, %s, %s, %s",
		plan.Plural(len(in.Constituencies), "constituency", "constituencies"),
		plan.Plural(len(in.Candidates), "candidate", "candidates"),
		plan.Plural(len(in.Events), "event", "events"),
		plan.Plural(len(in.PollingStations), "polling station", "polling stations"),
		plan.Plural(len(in.Counts), "count", "counts"))
	if n := len(in.Contributions); n > 0 {
		s += ", " + plan.Plural(n, "contribution", "contributions")
	}
	if n := len(in.Warnings); n > 0 {
		s += fmt.Sprintf(" (%s)", plan.Plural(n, "warning", "warnings"))
	}
	return s
}
