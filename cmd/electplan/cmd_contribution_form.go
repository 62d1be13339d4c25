package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/plan/xlsx"
	"github.com/google/renameio/v2"
	"github.com/spf13/cobra"
)

type contributionFormOptions struct {
	env       *env
	planDir   string
	candidate string
	party     string
	agent     bool
	out       string
}

func newContributionFormCmd(e *env, runF func(*contributionFormOptions) error) *cobra.Command {
	opts := &contributionFormOptions{env: e}
	cmd := &cobra.Command{
		Use:   "contribution-form (--candidate ID | --party NAME) --out FILE.xlsx|FILE.yaml",
		Short: "Write a form a candidate, agent or party fills in to contribute to the plan",
		Long: `Contribution-form writes a form for a candidate, their agent or a party to
tell the police about events they are planning, concerns and incidents,
and to give consent to police use. FILE.xlsx is a spreadsheet form with
instructions, drop-downs and date checks, for people who do not use YAML;
FILE.yaml is a commented contribution file to fill in instead.

With --plan, the form is prefilled from the plan folder: the candidate's
name, the force, the election and the SPOC's email to return it to.

Turn a returned spreadsheet form into a contribution with
'electplan import contribution FILE.xlsx --into DIR'.`,
		Example: `  electplan contribution-form --plan op-pleidlais --candidate 71842 --out cadi-prys.xlsx
  electplan contribution-form --plan op-pleidlais --candidate 69810 --agent --out agent-69810.xlsx
  electplan contribution-form --plan op-pleidlais --party "Green Future" --out green-future.xlsx
  electplan contribution-form --candidate 71842 --out 71842.yaml`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			if (opts.candidate == "") == (opts.party == "") {
				return usagef("give --candidate ID or --party NAME (one of them)")
			}
			if opts.agent && opts.candidate == "" {
				return usagef("--agent goes with --candidate: the agent speaks for that candidate")
			}
			if opts.out == "" {
				return usagef("--out is required: FILE.xlsx for the spreadsheet form, FILE.yaml for the YAML template")
			}
			if ext := strings.ToLower(filepath.Ext(opts.out)); ext != ".xlsx" && ext != ".yaml" && ext != ".yml" {
				return usagef("--out %s: the form is written as .xlsx or .yaml", opts.out)
			}
			if runF != nil {
				return runF(opts)
			}
			return contributionFormRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.planDir, "plan", "", "the plan folder, to prefill the form")
	f.StringVar(&opts.candidate, "candidate", "", "the candidate's id: a form for them (or, with --agent, their agent)")
	f.BoolVar(&opts.agent, "agent", false, "the form is for the candidate's agent")
	f.StringVar(&opts.party, "party", "", "the party's name: a form for the party")
	f.StringVar(&opts.out, "out", "", "where to write the form: .xlsx or .yaml")
	return cmd
}

func contributionFormRun(opts *contributionFormOptions) error {
	o := xlsx.FormOptions{Kind: plan.FromCandidate, CandidateID: opts.candidate, Party: opts.party}
	switch {
	case opts.party != "":
		o.Kind = plan.FromParty
	case opts.agent:
		o.Kind = plan.FromAgent
	}
	if opts.planDir != "" {
		in, err := plan.LoadDir(opts.planDir)
		var invalid *plan.InvalidError
		if err != nil && !errors.As(err, &invalid) {
			return err
		}
		if err := prefillForm(&o, in); err != nil {
			return err
		}
	}
	var data []byte
	var err error
	if strings.EqualFold(filepath.Ext(opts.out), ".xlsx") {
		data, err = xlsx.ContributionForm(o)
	} else {
		data, err = plan.ContributionTemplate(plan.ContributionTemplateOptions{Kind: o.Kind, CandidateID: o.CandidateID,
			CandidateName: o.CandidateName, Party: o.Party, Force: o.Force, Election: o.Election})
	}
	if err != nil {
		return err
	}
	if err := renameio.WriteFile(opts.out, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", opts.out, err)
	}
	who := o.CandidateName
	if who == "" {
		who = o.CandidateID + o.Party
	}
	fmt.Fprintf(opts.env.stdout, "Wrote a contribution form for %s (%s) to %s.\n", who, o.Kind, opts.out)
	if strings.EqualFold(filepath.Ext(opts.out), ".xlsx") {
		fmt.Fprintf(opts.env.stdout, "When it comes back: electplan import contribution %s --into PLAN-FOLDER\n", opts.out)
	} else {
		fmt.Fprintln(opts.env.stdout, "When it comes back, put it in the plan folder's contributions/ folder and run electplan validate.")
	}
	return nil
}

// prefillForm fills the form's details from the plan folder.
func prefillForm(o *xlsx.FormOptions, in *plan.Inputs) error {
	o.Force, o.Election, o.PollingDay = in.Force.Name, in.Election.Name, in.Election.PollingDay
	for _, c := range in.Constituencies {
		o.Constituencies = append(o.Constituencies, c.Code)
	}
	for _, m := range in.Command {
		if m.Role == plan.RoleElectionSPOC && m.Email != "" {
			o.ReturnTo = fmt.Sprintf("%s, %s (%s)", strings.TrimSpace(m.Rank+" "+m.Name), m.Email, in.Force.Name)
		}
	}
	if o.CandidateID == "" {
		return checkParty(o.Party, in)
	}
	for _, c := range in.Candidates {
		if c.ID == o.CandidateID {
			o.CandidateName, o.Constituency = c.Name, c.Constituency
			if o.Party == "" {
				o.Party = c.Party
			}
			return nil
		}
	}
	return badValue(fmt.Errorf("--candidate %s is not a candidate in %s", o.CandidateID, in.Dir))
}

// checkParty refuses a party form for a party that stands no candidate in
// the plan (a typo would file the party's events and concerns under a name
// on no ballot paper), naming the parties that do. Before nominations, with no candidates yet, any party
// may have a form.
func checkParty(party string, in *plan.Inputs) error {
	if party == "" || len(in.Candidates) == 0 {
		return nil
	}
	var parties []string
	for _, c := range in.Candidates {
		if c.Party == party {
			return nil
		}
		if c.Party != "" && !slices.Contains(parties, c.Party) {
			parties = append(parties, c.Party)
		}
	}
	slices.Sort(parties)
	for _, p := range parties {
		if strings.EqualFold(p, party) {
			return badValue(fmt.Errorf("--party %q: the plan spells it %q", party, p))
		}
	}
	return badValue(fmt.Errorf("--party %q stands no candidate in %s; the parties standing are: %s",
		party, in.Dir, strings.Join(parties, ", ")))
}
