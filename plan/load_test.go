package plan

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/electplan/electplan/internal/golden"
)

// minimal reads the smallest valid plan folder, as file name → text.
func minimal(t testing.TB) map[string]string {
	t.Helper()
	files := map[string]string{}
	entries, err := os.ReadDir("testdata/minimal")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata/minimal", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(b)
	}
	return files
}

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

// replace edits one file of the folder, failing the test if old is absent
// so a case can never silently test nothing.
func replace(t *testing.T, files map[string]string, name, old, new string) {
	t.Helper()
	if !strings.Contains(files[name], old) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	files[name] = strings.Replace(files[name], old, new, 1)
}

func problemStrings(err error) []string {
	var invalid *InvalidError
	if !errors.As(err, &invalid) {
		return nil
	}
	out := make([]string, len(invalid.Problems))
	for i, p := range invalid.Problems {
		out[i] = p.String()
	}
	return out
}

func TestMinimalFolderIsValid(t *testing.T) {
	in, err := Load(mapFS(minimal(t)), "ep")
	if err != nil {
		t.Fatalf("minimal folder: %v", err)
	}
	if len(in.Warnings) > 0 {
		t.Errorf("warnings: %v", in.Warnings)
	}
	if got := len(in.Candidates); got != 2 {
		t.Errorf("candidates: got %d, want 2", got)
	}
	st := in.PollingStations[0]
	if !st.Location.Grid || st.Location.Lat < 51.7 || st.Location.Lat > 51.8 {
		t.Errorf("grid reference not converted: %+v", st.Location)
	}
	if got := in.Candidates[1].Name; got != "Llŷr ap Iwan" {
		t.Errorf("Welsh name: got %q", got)
	}
	if p := in.Candidates[1].Origin.Field("incumbency"); p.Line != 11 || p.Column != 17 {
		t.Errorf("origin of incumbency: got %v", p)
	}
}

// Each case breaks the minimal folder in one way; its golden file holds the
// whole report, so a message that changes or a problem that appears or
// vanishes fails the test. Refresh with `go test ./plan -update`.
func TestValidationProblems(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, files map[string]string)
	}{
		{
			name: "unknown key with a near miss",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "events.yaml", "expected_attendance: 150", "expected_atendance: 150")
			},
		},
		{
			name: "unknown key far from any",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "candidates.yaml", "party: Civic Democrats", "favourite_colour: blue")
			},
		},
		{
			name: "wrong types",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "events.yaml", "expected_attendance: 150", "expected_attendance: lots")
				replace(t, f, "events.yaml", "indoor: true", "indoor: yes")
				replace(t, f, "events.yaml", `candidates: ["101"]`, `candidates: "101"`)
				replace(t, f, "stations.yaml", "officers: 120", `officers: "120"`)
			},
		},
		{
			name: "a day that does not exist",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "stations.yaml", "date: 2029-04-12", "date: 2029-04-31")
			},
		},
		{
			name: "whole numbers are not truncated or read as octal",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "events.yaml", "expected_attendance: 150", "expected_attendance: 12.5")
				replace(t, f, "election.yaml", "electorate: 74000", "electorate: 0755")
			},
		},
		{
			name: "duplicate base name",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "stations.yaml", "  bases: [{name: St Aldates Police Station, location: {lat: 51.7496, lon: -1.2577}}]\n", "  bases:\n    - {name: Central, location: {lat: 51.75, lon: -1.25}}\n    - {name: Central, location: {lat: 51.76, lon: -1.26}}\n")
			},
		},
		{
			name: "duplicate key",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "candidates.yaml", "name: Ann Example", "name: Ann Example\n    name: Ann Other")
			},
		},
		{
			name: "missing required field",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "candidates.yaml", "    constituency: E14001419\n", "")
			},
		},
		{
			name: "bad enum value",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "candidates.yaml", "incumbency: sitting-mp", "incumbency: sitting_mp")
				replace(t, f, "events.yaml", "kind: hustings", "kind: husting")
				replace(t, f, "election.yaml", "kind: general", "kind: snap")
			},
		},
		{
			name: "unparseable dates and times",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "stations.yaml", "date: 2029-05-03", "date: 03/05/2029")
				replace(t, f, "events.yaml", "start: 2029-04-20T19:00", "start: 2029-04-20")
			},
		},
		{
			name: "end before start",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "events.yaml", "start: 2029-04-20T19:00", "start: 2029-04-20T19:00\n    end: 2029-04-20T18:00")
			},
		},
		{
			name: "duplicate ids",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "candidates.yaml", `id: "102"`, `id: "101"`)
			},
		},
		{
			name: "references that do not resolve",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "events.yaml", `candidates: ["101"]`, `candidates: ["101", "109"]`)
				replace(t, f, "candidates.yaml", "constituency: E14001419", "constituency: E14001491")
				replace(t, f, "stations.yaml", `candidate: "101"`, `candidate: "101", event: H-99, polling_station: "5003"`)
			},
		},
		{
			name: "constituency counted twice and not at all",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "stations.yaml", "constituencies: [E14001419, E14001420]", "constituencies: [E14001419, E14001419]")
			},
		},
		{
			name: "location outside the UK, swapped",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "stations.yaml", "{lat: 51.7502, lon: -1.2931}", "{lat: -1.2931, lon: 51.7502}")
				replace(t, f, "events.yaml", "{lat: 51.752, lon: -1.258}", "{lat: 40.4, lon: -3.7}")
			},
		},
		{
			name: "event after polling day",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "events.yaml", "start: 2029-04-20T19:00", "start: 2029-05-04T19:00")
			},
		},
		{
			name: "override without rationale",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "candidates.yaml", "incumbency: sitting-mp", "incumbency: sitting-mp\n    override: {tier_delta: 1, decided_by: Supt B Silver}")
			},
		},
		{
			name: "missing schema",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "candidates.yaml", "schema: electplan/v1\n", "")
			},
		},
		{
			name: "unknown schema",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "candidates.yaml", "schema: electplan/v1", "schema: electplan/v2")
			},
		},
		{
			name: "yaml syntax error",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "candidates.yaml", "name: Ann Example", "name: Ann: Example")
			},
		},
		{
			name: "map section in two files",
			edit: func(t *testing.T, f map[string]string) {
				f["more.yaml"] = "schema: electplan/v1\nresources:\n  availability: [{date: 2029-05-03, officers: 1}]\n  bases: [{name: Central, location: {lat: 51.75, lon: -1.25}}]\n"
			},
		},
		{
			name: "missing sections and command roles",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "election.yaml", "  - {role: silver, name: Supt B Silver}\n", "")
				delete(f, "stations.yaml")
			},
		},
		{
			name: "placeholder left from init",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "election.yaml", "operation: Op Ballot", "operation: <operation name, e.g. Op Ballot>")
			},
		},
		{
			name: "count before close of poll",
			edit: func(t *testing.T, f map[string]string) {
				replace(t, f, "stations.yaml", "expected_attendance: 300", "expected_attendance: 300\n    start: 2029-05-03T21:00")
			},
		},
		{
			name: "two documents in one file and an empty file",
			edit: func(t *testing.T, f map[string]string) {
				f["extra.yaml"] = "# notes\n---\nschema: electplan/v1\n---\nschema: electplan/v1\n"
				f["empty.yaml"] = "# nothing yet\n"
			},
		},
		{
			name: "tabs for indentation",
			edit: func(t *testing.T, f map[string]string) {
				f["zz.yaml"] = "schema: electplan/v1\ncandidates:\n\t- id: x\n"
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := minimal(t)
			tt.edit(t, files)
			_, err := Load(mapFS(files), "ep")
			if err == nil {
				t.Fatal("no problems reported")
			}
			golden.Check(t, filepath.Join("testdata", "validate", golden.Name(t.Name())+".golden"),
				[]byte(strings.Join(problemStrings(err), "\n")+"\n"))
		})
	}
}

// A plan with no bases is valid, but the SPOC is told what it costs.
func TestNoBasesWarned(t *testing.T) {
	files := minimal(t)
	replace(t, files, "stations.yaml", "  bases: [{name: St Aldates Police Station, location: {lat: 51.7496, lon: -1.2577}}]\n", "")
	in, err := Load(mapFS(files), "ep")
	if err != nil {
		t.Fatal(err)
	}
	want := "ep/stations.yaml:17:3: warning: resources: no bases: polling-day patrol beats cannot be planned"
	if len(in.Warnings) != 1 || !strings.HasPrefix(in.Warnings[0].String(), want) {
		t.Errorf("warnings %v, want one starting %q", in.Warnings, want)
	}
}

func TestProblemsAreSortedAndComplete(t *testing.T) {
	// Several problems in several files come back together, in order.
	files := minimal(t)
	replace(t, files, "candidates.yaml", "incumbency: sitting-mp", "incumbency: sitting")
	replace(t, files, "events.yaml", "kind: hustings", "kind: rally")
	replace(t, files, "stations.yaml", "officers: 120", "officers: -5")
	got := problemStrings(func() error { _, err := Load(mapFS(files), "ep"); return err }())
	if len(got) != 3 {
		t.Fatalf("got %d problems, want 3:\n%s", len(got), strings.Join(got, "\n"))
	}
	for i, prefix := range []string{"ep/candidates.yaml:", "ep/events.yaml:", "ep/stations.yaml:"} {
		if !strings.HasPrefix(got[i], prefix) {
			t.Errorf("problem %d: %q does not start with %q", i, got[i], prefix)
		}
	}
}

func TestEmptyFolder(t *testing.T) {
	_, err := Load(mapFS(map[string]string{"notes.txt": "hello"}), "ep")
	got := problemStrings(err)
	want := "ep:1:1: no .yaml or .yml files in this folder — run `electplan init ep` to start a plan folder"
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// A "billion laughs" file: nine levels of aliases, each ten times the one
// below. The decoder never expands aliases beyond the depth of the
// standard's types, so it is refused with a short report, not expanded.
func TestAliasBombIsRefusedCheaply(t *testing.T) {
	files := minimal(t)
	var b strings.Builder
	b.WriteString("schema: electplan/v1\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 9; i++ {
		fmt.Fprintf(&b, "x%d: &a%d [", i, i)
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("candidates: *a8\n")
	files["bomb.yaml"] = b.String()
	_, err := Load(mapFS(files), "ep")
	got := problemStrings(err)
	if len(got) == 0 || len(got) > 30 {
		t.Fatalf("want a short refusal, got %d problems", len(got))
	}
	if !strings.Contains(strings.Join(got, "\n"), `candidate #1: expected a map of keys, got a list`) {
		t.Errorf("want the candidates refused, got:\n%s", strings.Join(got, "\n"))
	}
}
