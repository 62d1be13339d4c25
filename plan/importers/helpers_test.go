package importers

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/electplan/electplan/plan"
)

// newPlan writes a by-election plan folder as `electplan init` does, for
// the constituency given, and returns it. Its placeholders are left as
// they are: imports must succeed into a folder the SPOC has not finished.
func newPlan(t *testing.T, code, name string, pollingDay plan.Date) string {
	t.Helper()
	files, err := plan.Scaffold(plan.ScaffoldOptions{ByElection: true, ConstituencyCode: code, ConstituencyName: name,
		Nation: "england", PollingDay: pollingDay})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var (
	readingPoll = plan.NewDate(2027, time.March, 18)
	readingCode = "E14001438"
)

func readingPlan(t *testing.T) string {
	t.Helper()
	return newPlan(t, readingCode, "Reading Central", readingPoll)
}

// mustImport runs an import that must succeed without blocking.
func mustImport(t *testing.T, req Request) *Report {
	t.Helper()
	r, err := Import(req)
	if err != nil {
		t.Fatalf("import %s: %v", req.File, err)
	}
	if r.Blocked {
		t.Fatalf("import %s blocked:\n%v", req.File, (&plan.InvalidError{Problems: r.NewProblems}).Error())
	}
	for _, p := range r.Problems.Errors() {
		if !strings.Contains(p.Message, plan.PlaceholderMessage) {
			t.Errorf("import %s left a problem that is not a placeholder: %s", req.File, p)
		}
	}
	return r
}

// load reads the plan folder, accepting placeholder problems only.
func load(t *testing.T, dir string) *plan.Inputs {
	t.Helper()
	in, err := plan.LoadDir(dir)
	var invalid *plan.InvalidError
	if errors.As(err, &invalid) {
		for _, p := range invalid.Problems.Errors() {
			if !strings.Contains(p.Message, plan.PlaceholderMessage) {
				t.Fatalf("folder has a problem that is not a placeholder: %s", p)
			}
		}
	} else if err != nil {
		t.Fatal(err)
	}
	return in
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeText(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// invalidProblems returns the problems of an *plan.InvalidError, failing
// the test for any other outcome.
func invalidProblems(t *testing.T, err error) plan.Problems {
	t.Helper()
	var invalid *plan.InvalidError
	if !errors.As(err, &invalid) {
		t.Fatalf("want an *plan.InvalidError, got %v", err)
	}
	return invalid.Problems
}

func notesContain(r *Report, s string) bool {
	for _, n := range r.Notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// snapshot is every file of a folder, by name.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range entries {
		m[e.Name()] = readText(t, filepath.Join(dir, e.Name()))
	}
	return m
}

// joinProblems is the problems one per line, as the CLI prints them.
func joinProblems(ps plan.Problems) string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
