package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/electplan/electplan/plan"
	"github.com/spf13/cobra"
)

// Exit codes, listed in the root command's help.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	exitInvalid = 3
)

const exitCodesHelp = `Exit codes:
  0  success
  1  failure (a file could not be read or written, or another error)
  2  usage: an unknown command or flag, or a missing argument
  3  invalid input: every problem is listed as file:line:col: item: what — hint`

// usageError is a mistake in how the command was called: the exit code is
// 2, and the usage is shown unless the mistake is in a flag's value
// rather than the shape of the command line (quiet).
type usageError struct {
	err   error
	quiet bool
}

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{err: fmt.Errorf(format, args...)}
}

// badValue is a usage mistake in a flag's value: said plainly, without
// the whole usage.
func badValue(err error) error {
	return usageError{err: err, quiet: true}
}

// silentError carries an exit code for a failure the command has already
// reported in full (validate's JSON report, say).
type silentError struct{ code int }

func (e silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// run is main without os.Exit: it runs one command line and returns the
// exit code.
func run(args []string, e *env) int {
	root := newRootCmd(e)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var silent silentError
	if errors.As(err, &silent) {
		return silent.code
	}
	var invalid *plan.InvalidError
	if errors.As(err, &invalid) {
		fmt.Fprintln(e.stderr, invalid.Error())
		return exitInvalid
	}
	var usage usageError
	if errors.As(err, &usage) && usage.quiet {
		fmt.Fprintf(e.stderr, "electplan: %v\n", err)
		return exitUsage
	}
	if errors.As(err, &usage) || isCobraUsageError(err) {
		fmt.Fprintf(e.stderr, "electplan: %v\n\n", err)
		if cmd == nil {
			cmd = root
		}
		fmt.Fprint(e.stderr, cmd.UsageString())
		return exitUsage
	}
	fmt.Fprintf(e.stderr, "electplan: %v\n", err)
	return exitFailure
}

// isCobraUsageError recognises the usage errors cobra makes itself.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command") || strings.HasPrefix(msg, "unknown flag") ||
		strings.HasPrefix(msg, "unknown shorthand flag") || strings.Contains(msg, "flag needs an argument") ||
		strings.HasPrefix(msg, "required flag") || strings.HasPrefix(msg, "invalid argument")
}

func newRootCmd(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "electplan",
		Short: "Risk-assessed policing plans for UK election periods",
		Long: `electplan turns a force's election inputs (candidates, hustings and other
events, polling stations, counts, resources, incidents) into a standard,
risk-assessed policing plan: an IIMARCH operational order (PDF), a working
copy (XLSX) and an exchange file (JSON) the national lead can compare.

Flashpoints and candidates are scored party-blind, every score explains
itself, and officers are allocated against what the force has.

` + exitCodesHelp,
		Example: `  electplan init op-ballot                      # start a plan folder
  electplan validate op-ballot                  # check it: every problem at once
  electplan timetable --polling-day 2029-05-03  # the statutory timetable
  electplan build op-ballot --out plan-r1       # write plan.pdf, plan.xlsx, plan.json`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetIn(e.stdin)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err: err} })
	root.CompletionOptions.HiddenDefaultCmd = false

	root.AddCommand(
		newInitCmd(e, nil),
		newValidateCmd(e, nil),
		newTimetableCmd(e, nil),
		newScoreCmd(e, nil),
		newBuildCmd(e, nil),
		newDiffCmd(e, nil),
		newCompareCmd(e, nil),
		newImportCmd(e, nil),
		newContributionFormCmd(e, nil),
		newSchemaCmd(e, nil),
		newVersionCmd(e),
	)
	return root
}

// exactArgs is cobra.ExactArgs whose error counts as a usage mistake.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("expected %s, got %d argument(s)", what, len(args))
		}
		return nil
	}
}

// noArgs refuses positional arguments as a usage mistake.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	return nil
}

// checkFormat validates a --format value.
func checkFormat(format string, allowed ...string) error {
	for _, a := range allowed {
		if format == a {
			return nil
		}
	}
	return usagef("--format %q is not one of %s", format, strings.Join(allowed, ", "))
}
