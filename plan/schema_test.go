package plan

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// jsonValue turns a YAML node into the value a JSON Schema validator sees,
// keeping YAML's own typing (an unquoted 12 is a number, a quoted "12" is
// text, an unquoted date is text).
func jsonValue(t *testing.T, n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		return jsonValue(t, n.Content[0])
	case yaml.AliasNode:
		return jsonValue(t, n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = jsonValue(t, n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		out := []any{}
		for _, c := range n.Content {
			out = append(out, jsonValue(t, c))
		}
		return out
	}
	switch n.ShortTag() {
	case "!!int", "!!float":
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil {
			t.Fatalf("line %d: %v", n.Line, err)
		}
		return f
	case "!!bool":
		return n.Value == "true"
	case "!!null":
		return nil
	}
	return n.Value
}

func compiledSchema(t *testing.T) *jsonschema.Schema {
	raw, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The published JSON Schema accepts every file of every valid folder.
func TestSchemaAcceptsExamples(t *testing.T) {
	s := compiledSchema(t)
	files, _ := filepath.Glob("../examples/*/*.yaml")
	more, _ := filepath.Glob("testdata/minimal/*.yaml")
	files = append(files, more...)
	if len(files) < 10 {
		t.Fatalf("found only %d files", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var n yaml.Node
		if err := yaml.Unmarshal(data, &n); err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(jsonValue(t, &n)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// The schema is not a rubber stamp: it refuses what the standard refuses.
func TestSchemaRefusesBadFiles(t *testing.T) {
	s := compiledSchema(t)
	for name, text := range map[string]string{
		"unknown key":      "schema: electplan/v1\ncandidates: [{id: a, name: b, constituency: E14000001, colour: red}]\n",
		"bad enum":         "schema: electplan/v1\ncandidates: [{id: a, name: b, constituency: E14000001, incumbency: mp}]\n",
		"missing required": "schema: electplan/v1\ncandidates: [{id: a, name: b}]\n",
		"wrong schema":     "schema: electplan/v2\n",
		"text for number":  "schema: electplan/v1\nresources: {availability: [{date: 2029-05-03, officers: many}]}\n",
		"bad location":     "schema: electplan/v1\nresources: {availability: [], bases: [{name: x, location: {lat: 51}}]}\n",
	} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(text), &n); err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(jsonValue(t, &n)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
