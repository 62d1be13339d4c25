package plan

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every shipped example validates cleanly: no problems and no warnings.
func TestEveryExampleValidates(t *testing.T) {
	dirs, _ := filepath.Glob("../examples/*")
	if len(dirs) < 2 {
		t.Fatalf("found %d example folders", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			in, err := LoadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range in.Warnings {
				t.Errorf("warning: %s", w)
			}
		})
	}
}

// Every example and scaffold file starts with the modeline that points an
// editor at the JSON Schema.
func TestEveryFileHasTheSchemaModeline(t *testing.T) {
	files, _ := filepath.Glob("../examples/*/*.yaml")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("# yaml-language-server: $schema=../../docs/"+SchemaFileName+"\n")) {
			t.Errorf("%s does not start with the schema modeline", f)
		}
	}
	scaffolds, err := Scaffold(ScaffoldOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range scaffolds {
		if strings.HasSuffix(name, ".yaml") && !bytes.HasPrefix(b, []byte("# yaml-language-server: $schema="+SchemaFileName+"\n")) {
			t.Errorf("init writes %s without the schema modeline", name)
		}
	}
}
