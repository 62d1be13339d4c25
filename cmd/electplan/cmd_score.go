package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/riskmodel"
	"github.com/spf13/cobra"
)

type scoreOptions struct {
	env     *env
	dir     string
	format  string
	explain string
	model   string
	asOf    string
	all     bool
}

func newScoreCmd(e *env, runF func(*scoreOptions) error) *cobra.Command {
	opts := &scoreOptions{env: e}
	cmd := &cobra.Command{
		Use:   "score DIR",
		Short: "Score flashpoints and candidates, with the why",
		Long: `Score validates DIR, then scores every flashpoint (events, counts and
polling stations) and every candidate with the national risk model:
likelihood × impact on the 5×5 matrix, a band, and each factor with its
points and the input that caused them. Party is never an input.

Flashpoints are listed highest score first, then candidates highest tier
first. Polling stations in the low band are counted rather than listed
unless --all is given. --explain ID shows one item's factor breakdown.`,
		Example: `  electplan score examples/general-election
  electplan score examples/general-election --explain EV-05
  electplan score op-ballot --format json --as-of 2029-04-20 > scores.json`,
		Args: exactArgs(1, "one plan folder"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.dir = args[0]
			if err := checkFormat(opts.format, "text", "json"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return scoreRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", "text", "output format: text or json")
	f.StringVar(&opts.explain, "explain", "", "show the factor breakdown of the item with this id")
	f.StringVar(&opts.model, "model", "", "score with this model file instead of the national standard (marked non-standard)")
	f.StringVar(&opts.asOf, "as-of", "", "score as of this date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today)")
	f.BoolVar(&opts.all, "all", false, "list low-band polling stations too")
	return cmd
}

func scoreRun(opts *scoreOptions) error {
	asOf, err := asOfDate(opts.asOf, opts.env)
	if err != nil {
		return err
	}
	m, err := loadModel(opts.model)
	if err != nil {
		return err
	}
	in, err := plan.LoadDir(opts.dir)
	if err != nil {
		return err
	}
	scores := plan.Score(in, m, asOf)
	flashpoints, candidates := scores.Flashpoints(), scores.RankedCandidates()
	if opts.explain != "" {
		return explain(opts.env.stdout, m, opts.explain, opts.format, flashpoints, candidates)
	}
	if opts.format == "json" {
		return writeJSON(opts.env.stdout, scoreReport{Model: modelRefOf(m), AsOf: asOf,
			Flashpoints: flashpoints, Candidates: candidates})
	}
	w := opts.env.stdout
	paint := painter(opts.env.stdoutTTY)
	fmt.Fprintf(w, "Model: %s\nAs of: %s\n\n", modelLine(m), asOf)
	fmt.Fprintln(w, "FLASHPOINTS, highest score first")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCORE\tL×I\tBAND\tKIND\tID\tCONSTITUENCY\tTITLE")
	hidden := 0
	for _, f := range flashpoints {
		if !opts.all && f.Kind == plan.KindPollingStation && f.Band == riskmodel.Low {
			hidden++
			continue
		}
		fmt.Fprintf(tw, "%5d\t%d×%d\t%s\t%s\t%s\t%s\t%s\n", f.Score, f.Likelihood, f.Impact, paint(f.Band, string(f.Band)),
			f.Kind, f.ID, f.Constituency, f.Title)
	}
	tw.Flush()
	if hidden > 0 {
		fmt.Fprintf(w, "(%s in the low band not listed; --all lists them)\n", plan.Plural(hidden, "polling station", "polling stations"))
	}
	fmt.Fprintln(w, "\nCANDIDATES, highest tier first (party is not an input)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TIER\tRESIDUAL\tINHERENT\tID\tCONSTITUENCY\tNAME")
	for _, c := range candidates {
		note := ""
		if c.Override != nil {
			note = fmt.Sprintf(" (override %+d)", c.Override.Delta)
		}
		fmt.Fprintf(tw, "%s\t%2d (%d×%d)\t%2d (%d×%d)\t%s\t%s\t%s%s\n", paint(c.Band, string(c.Tier)), c.Residual.Score,
			c.Residual.Likelihood, c.Residual.Impact, c.Inherent.Score, c.Inherent.Likelihood, c.Inherent.Impact,
			c.ID, c.Constituency, c.Name, note)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nExplain any item: electplan score %s --explain ID\n", opts.dir)
	return nil
}

// scoreReport is the JSON form of `score`.
type scoreReport struct {
	Model       modelRef                `json:"model"`
	AsOf        plan.Date               `json:"as_of"`
	Flashpoints []plan.RankedFlashpoint `json:"flashpoints"`
	Candidates  []plan.RankedCandidate  `json:"candidates"`
}

type modelRef struct {
	ID       string `json:"id"`
	Version  string `json:"version"`
	SHA256   string `json:"sha256"`
	Standard bool   `json:"standard"`
}

func modelRefOf(m *riskmodel.Model) modelRef {
	return modelRef{ID: m.ID, Version: m.Version, SHA256: m.SHA256(), Standard: m.Standard()}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// painter colours band names on a terminal and leaves them plain when
// piped. Every colour code has the same length so tables stay aligned.
func painter(tty bool) func(b riskmodel.Band, label string) string {
	codes := map[riskmodel.Band]string{
		riskmodel.Low: "\x1b[32m", riskmodel.Medium: "\x1b[33m", riskmodel.High: "\x1b[31m", riskmodel.VeryHigh: "\x1b[07m",
	}
	return func(b riskmodel.Band, label string) string {
		text := fmt.Sprintf("%-9s", label)
		if !tty {
			return text
		}
		return codes[b] + text + "\x1b[0m"
	}
}

func explain(w io.Writer, m *riskmodel.Model, id, format string, fps []plan.RankedFlashpoint, cands []plan.RankedCandidate) error {
	var matchF []plan.RankedFlashpoint
	var matchC []plan.RankedCandidate
	for _, f := range fps {
		if f.ID == id {
			matchF = append(matchF, f)
		}
	}
	for _, c := range cands {
		if c.ID == id {
			matchC = append(matchC, c)
		}
	}
	if len(matchF)+len(matchC) == 0 {
		return fmt.Errorf("no event, polling station, count or candidate has id %q", id)
	}
	if format == "json" {
		return writeJSON(w, struct {
			Model       modelRef                `json:"model"`
			Flashpoints []plan.RankedFlashpoint `json:"flashpoints,omitempty"`
			Candidates  []plan.RankedCandidate  `json:"candidates,omitempty"`
		}{modelRefOf(m), matchF, matchC})
	}
	for i, f := range matchF {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s %s: %s\nconstituency: %s\n\n", f.Kind, f.ID, f.Title, f.Constituency)
		explainAssessment(w, m, f.Assessment, m.Flashpoint.Likelihood.Thresholds)
	}
	for i, c := range matchC {
		if i > 0 || len(matchF) > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "candidate %s: %s\nconstituency: %s\n\nInherent (before protective measures):\n", c.ID, c.Name, c.Constituency)
		explainAssessment(w, m, c.Inherent, m.Candidate.Likelihood.Thresholds)
		fmt.Fprintln(w, "\nResidual (after protective measures in place):")
		explainAssessment(w, m, c.Residual, m.Candidate.Likelihood.Thresholds)
		if o := c.Override; o != nil {
			fmt.Fprintf(w, "\nOverride %+d band by %s: %s\n", o.Delta, o.DecidedBy, o.Rationale)
		}
		fmt.Fprintf(w, "\nBand %s → tier %s: %s\n", c.Band, c.Tier, strings.Join(c.Measures, "; "))
	}
	return nil
}

func explainAssessment(w io.Writer, m *riskmodel.Model, a riskmodel.Assessment, thresholds []int) {
	for _, axis := range []string{riskmodel.Likelihood, riskmodel.Impact} {
		total := 0
		var lines []riskmodel.Factor
		for _, f := range a.Factors {
			if f.Axis != axis {
				continue
			}
			if f.Factor != "protective-measures" { // steps on the axis, not points
				total += f.Points
			}
			lines = append(lines, f)
		}
		value, rule := a.Likelihood, fmt.Sprintf("levels 2–5 from %v points", thresholds)
		if axis == riskmodel.Impact {
			value, rule = a.Impact, "kept within 1–5"
		}
		fmt.Fprintf(w, "  %s %d (%s; %s)\n", axis, value, plan.Plural(total, "point", "points"), rule)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, f := range lines {
			unit := ""
			if f.Factor == "protective-measures" {
				unit = " step"
			}
			fmt.Fprintf(tw, "    %+d%s\t%s\t%s\n", f.Points, unit, f.Factor, f.Reason)
		}
		tw.Flush()
	}
	fmt.Fprintf(w, "  score %d × %d = %d: %s (%s)\n", a.Likelihood, a.Impact, a.Score, a.Band, m.BandDef(a.Band).Meaning)
}
