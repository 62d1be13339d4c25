package plan

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"text/template"
	"unicode"

	"github.com/electplan/electplan/templates"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// SchemaFileName is the JSON Schema file `init` writes into a plan folder;
// every scaffold file's yaml-language-server modeline points at it.
const SchemaFileName = "electplan-v1.schema.json"

// ScaffoldOptions are the values `electplan init` fills in. A zero value
// asks for a general-election folder with placeholders everywhere.
type ScaffoldOptions struct {
	ByElection       bool
	PollingDay       Date
	Nation           string
	ConstituencyCode string
	ConstituencyName string
	WritReceived     *Date
}

// Scaffold returns the files of a new plan folder, by name. A by-election
// needs the constituency code and name, the nation and the polling day.
func Scaffold(opts ScaffoldOptions) (map[string][]byte, error) {
	kind := "general"
	if opts.ByElection {
		kind = "by-election"
		var missing []string
		if opts.ConstituencyCode == "" {
			missing = append(missing, "constituency code")
		}
		if opts.ConstituencyName == "" {
			missing = append(missing, "constituency name")
		}
		if opts.Nation == "" {
			missing = append(missing, "nation")
		}
		if opts.PollingDay.IsZero() {
			missing = append(missing, "polling day")
		}
		if len(missing) > 0 {
			return nil, fmt.Errorf("a by-election folder needs its %s", strings.Join(missing, ", "))
		}
	}
	data := map[string]string{
		"PollingDay":       opts.PollingDay.String(),
		"Nation":           opts.Nation,
		"ConstituencyCode": opts.ConstituencyCode,
		"ConstituencyName": opts.ConstituencyName,
		"ElectionID":       ElectionID(opts.ByElection, opts.ConstituencyName, opts.PollingDay),
	}
	if !opts.PollingDay.IsZero() {
		data["Year"] = fmt.Sprint(opts.PollingDay.Year())
	}
	if opts.WritReceived != nil {
		data["WritReceived"] = opts.WritReceived.String()
	}
	files := map[string][]byte{}
	for _, dir := range []string{"init/common", "init/" + kind} {
		entries, err := fs.ReadDir(templates.Init, dir)
		if err != nil {
			return nil, fmt.Errorf("read scaffold %s: %w", dir, err)
		}
		for _, e := range entries {
			raw, err := fs.ReadFile(templates.Init, path.Join(dir, e.Name()))
			if err != nil {
				return nil, fmt.Errorf("read scaffold %s: %w", e.Name(), err)
			}
			name, isTemplate := strings.CutSuffix(e.Name(), ".tmpl")
			if isTemplate {
				t, err := template.New(name).Option("missingkey=zero").Parse(string(raw))
				if err != nil {
					return nil, fmt.Errorf("parse scaffold %s: %w", e.Name(), err)
				}
				var buf bytes.Buffer
				if err := t.Execute(&buf, data); err != nil {
					return nil, fmt.Errorf("render scaffold %s: %w", e.Name(), err)
				}
				raw = buf.Bytes()
			}
			files[name] = raw
		}
	}
	schema, err := JSONSchema()
	if err != nil {
		return nil, err
	}
	files[SchemaFileName] = schema
	cschema, err := ContributionJSONSchema()
	if err != nil {
		return nil, err
	}
	files[ContributionSchemaFileName] = cschema
	return files, nil
}

// ElectionID is the Democracy Club id of an election: parl.<date> for a
// general election, parl.<constituency-slug>.by.<date> for a by-election.
func ElectionID(byElection bool, constituencyName string, pollingDay Date) string {
	if pollingDay.IsZero() {
		return ""
	}
	if byElection {
		return "parl." + Slug(constituencyName) + ".by." + pollingDay.String()
	}
	return "parl." + pollingDay.String()
}

// Slug turns a name into the lower-case, hyphenated, accent-free form
// Democracy Club uses in ids: "Ynys Môn" → "ynys-mon".
func Slug(name string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	plain, _, err := transform.String(t, name)
	if err != nil {
		plain = name
	}
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(plain) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
		default:
			hyphen = true
		}
	}
	return b.String()
}
