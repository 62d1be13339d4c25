package plan

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/electplan/electplan/riskmodel"
)

// plan.json holds what encoding/json would write (the same values), lays
// each top-level key and each list item on its own line, and reads back
// into the same plan.
func TestPlanJSON(t *testing.T) {
	in, err := LoadDir("../examples/by-election")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(in, riskmodel.National(), NewDate(2027, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.JSON()
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatalf("plan.json is not JSON: %v", err)
	}
	if err := json.Unmarshal(want, &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("plan.json does not hold the values encoding/json gives")
	}
	lines := strings.Split(strings.TrimSuffix(string(got), "\n"), "\n")
	items := len(p.PollingStations) + len(p.Flashpoints) + len(p.Candidates)
	if len(lines) < items {
		t.Errorf("%d lines for %d items: items are not one per line", len(lines), items)
	}
	if !strings.HasPrefix(lines[1], `  "schema": "electplan-plan/v1"`) {
		t.Errorf("second line %q", lines[1])
	}
	back, err := ReadPlan(bytes.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := back.JSON()
	if !bytes.Equal(got, again) {
		t.Error("plan.json does not survive a read and write")
	}
}

func TestReadPlanRefusesOtherFiles(t *testing.T) {
	for _, text := range []string{`{"schema": "electplan-plan/v9"}`, `{"x": 1}`, `not json`} {
		if _, err := ReadPlan(bytes.NewReader([]byte(text))); err == nil {
			t.Errorf("accepted %s", text)
		}
	}
}

// Every field of plan.json is documented in docs/plan-json.md.
func TestEveryPlanFieldIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/plan-json.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	var missing []string
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] || typ == reflect.TypeFor[Date]() || typ == reflect.TypeFor[DateTime]() {
			return
		}
		seen[typ] = true
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.Anonymous {
				walk(f.Type)
				continue
			}
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if !bytes.Contains(doc, []byte("`"+name+"`")) {
				missing = append(missing, typ.Name()+"."+name)
			}
			walk(f.Type)
		}
	}
	walk(reflect.TypeFor[Plan]())
	if len(missing) > 0 {
		t.Errorf("docs/plan-json.md does not document: %s", strings.Join(missing, ", "))
	}
}
