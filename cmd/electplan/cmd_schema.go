package main

import (
	"github.com/electplan/electplan/plan"
	"github.com/spf13/cobra"
)

type schemaOptions struct {
	env *env
}

func newSchemaCmd(e *env, runF func(*schemaOptions) error) *cobra.Command {
	opts := &schemaOptions{env: e}
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the input standard as JSON Schema",
		Long: `Schema prints the input standard (schema: electplan/v1) as JSON Schema,
generated from the same types the loader uses. Save it next to your plan
files and point your editor at it so YAML is checked as you type; see
docs/editor-setup.md.`,
		Example: `  electplan schema > electplan-v1.schema.json`,
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(opts)
			}
			return schemaRun(opts)
		},
	}
}

func schemaRun(opts *schemaOptions) error {
	out, err := plan.JSONSchema()
	if err != nil {
		return err
	}
	_, err = opts.env.stdout.Write(out)
	return err
}
