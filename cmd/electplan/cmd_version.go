package main

import (
	"fmt"
	"runtime/debug"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/riskmodel"
	"github.com/spf13/cobra"
)

// version and commit are set at build time with -ldflags "-X main.version=…";
// commit falls back to the VCS revision Go records in the binary.
var (
	version = "0.1.0-dev"
	commit  = ""
)

func buildCommit() string {
	if commit != "" {
		return commit
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return s.Value[:12]
			}
		}
	}
	return "unknown"
}

func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and risk model",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			m := riskmodel.National()
			fmt.Fprintf(e.stdout, "electplan %s (commit %s)\nrisk model %s %s (sha256 %s)\ninput standard %s\n",
				version, buildCommit(), m.ID, m.Version, m.SHA256(), plan.SchemaV1)
			return nil
		},
	}
}
