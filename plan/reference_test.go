package plan

import (
	"os"
	"testing"

	"github.com/electplan/electplan/internal/golden"
)

// The published docs must match the code: refresh with -update.
func TestDocsMatchTheStandard(t *testing.T) {
	golden.Check(t, "../docs/input-standard.md", Reference())
	schema, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "../docs/"+SchemaFileName, schema)
	golden.Check(t, "../docs/contribution-standard.md", ContributionReference())
	cschema, err := ContributionJSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "../docs/"+ContributionSchemaFileName, cschema)
}

func TestSchemaFileInInitIsCurrent(t *testing.T) {
	files, err := Scaffold(ScaffoldOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../docs/" + SchemaFileName)
	if err != nil {
		t.Fatal(err)
	}
	if string(files[SchemaFileName]) != string(want) {
		t.Error("init writes a schema that differs from docs/" + SchemaFileName)
	}
}
