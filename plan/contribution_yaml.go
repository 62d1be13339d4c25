package plan

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"

	"github.com/electplan/electplan/templates"
	"go.yaml.in/yaml/v3"
)

// YAML writes the contribution as a contribution file, with the modeline
// that points an editor at the contribution schema (which `electplan
// init` writes into every plan folder) and a comment saying where it came
// from.
func (d *ContributionDocument) YAML(origin string) ([]byte, error) {
	doc := *d
	doc.Schema = ContributionSchemaV1
	var body bytes.Buffer
	enc := yaml.NewEncoder(&body)
	enc.SetIndent(2) // as the examples and templates are written
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("write contribution: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("write contribution: %w", err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# yaml-language-server: $schema=../%s\n#\n", ContributionSchemaFileName)
	for _, line := range strings.Split(strings.TrimSpace(origin), "\n") {
		fmt.Fprintf(&b, "# %s\n", line)
	}
	b.Write(body.Bytes())
	return b.Bytes(), nil
}

// ContributionTemplateOptions prefill the YAML contribution template.
type ContributionTemplateOptions struct {
	Kind          ContributorKind
	CandidateID   string
	CandidateName string
	Party         string
	Force         string
	Election      string
}

// ContributionTemplate returns a commented contribution file to fill in,
// for those who prefer YAML to the form.
func ContributionTemplate(o ContributionTemplateOptions) ([]byte, error) {
	t, err := template.New("contribution").Option("missingkey=zero").Parse(string(templates.ContributionTemplate))
	if err != nil {
		return nil, fmt.Errorf("parse contribution template: %w", err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, o); err != nil {
		return nil, fmt.Errorf("render contribution template: %w", err)
	}
	return b.Bytes(), nil
}
