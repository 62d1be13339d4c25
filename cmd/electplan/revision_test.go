package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/electplan/electplan/internal/golden"
	"github.com/electplan/electplan/plan"
	"github.com/xuri/excelize/v2"
)

// Three successive builds of an example with changed inputs give
// revisions 1 to 3, each kept, with the history in all three outputs,
// and diff explains each change in words.
func TestRevisionsChainAcrossThreeBuilds(t *testing.T) {
	dir := copyDir(t, "../../examples/general-election")
	out := filepath.Join(t.TempDir(), "op-pleidlais")
	build := func(asOf string, extra ...string) result {
		t.Helper()
		r := runCLI(t, append([]string{"build", dir, "--out", out, "--as-of", asOf}, extra...)...)
		if r.code != 0 {
			t.Fatalf("build as of %s: exit %d\n%s", asOf, r.code, r.stderr)
		}
		return r
	}
	build("2029-04-10")

	// Week two: intelligence now says protest is planned at the party
	// leader's rally (EV-15), and at the Llandudno hustings (EV-05).
	editAfter(t, filepath.Join(dir, "events.yaml"), "id: EV-15", "protest: possible", "protest: planned")
	editAfter(t, filepath.Join(dir, "events.yaml"), "id: EV-05", "protest: possible", "protest: planned")
	build("2029-04-17", "--previous", filepath.Join(out, "plan.json"))

	// Week three: a new hustings is announced and a candidate is offered
	// the briefing; the SPOC notes the review.
	b, err := os.ReadFile(filepath.Join(dir, "events.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, []byte(`  - id: EV-27
    kind: hustings
    title: Rhyl Rotary Club hustings
    constituency: W07000095
    venue: {name: Rhyl Town Hall, location: {lat: 53.3205, lon: -3.4901}, indoor: true, capacity: 250}
    start: 2029-04-30T19:00
    expected_attendance: 220
    livestreamed: true
    topics: [asylum]
`)...)
	if err := os.WriteFile(filepath.Join(dir, "events.yaml"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	r := build("2029-04-24", "--previous", filepath.Join(out, "plan.json"), "--note", "Weekly review: Rhyl Rotary hustings added.")
	if !strings.Contains(r.stdout, "Revision 3: Weekly review: Rhyl Rotary hustings added.") {
		t.Errorf("build did not report the revision:\n%s", r.stdout)
	}

	for i, rev := range []string{"r001", "r002", "r003"} {
		p, err := plan.ReadPlanFile(filepath.Join(out, "revisions", rev, "plan.json"))
		if err != nil {
			t.Fatal(err)
		}
		if p.Revision != i+1 || len(p.Revisions) != i+1 {
			t.Errorf("%s: revision %d with %d history entries", rev, p.Revision, len(p.Revisions))
		}
	}
	latest, err := plan.ReadPlanFile(filepath.Join(out, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if latest.Revision != 3 {
		t.Fatalf("the latest plan is revision %d", latest.Revision)
	}
	history := latest.Revisions
	if history[0].Summary != "First issue of the plan." || !strings.Contains(history[1].Summary, "EV-15 high → very-high") ||
		history[2].Summary != "Weekly review: Rhyl Rotary hustings added." {
		t.Errorf("history: %+v", history)
	}
	// The history is in the PDF and the XLSX too.
	files := textOf(t, readAll(t, out))
	for _, want := range []string{"Weekly review: Rhyl Rotary hustings added.", "First issue of the plan."} {
		if !strings.Contains(files["plan.pdf"], want) {
			t.Errorf("plan.pdf lacks the history line %q", want)
		}
	}
	x, err := excelize.OpenFile(filepath.Join(out, "plan.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows("Revisions")
	if err != nil || len(rows) != 4 {
		t.Errorf("Revisions sheet: %d rows (%v)", len(rows), err)
	}

	// diff explains each step in words.
	for _, step := range []struct{ name, old, new string }{
		{"r001-r002", "r001", "r002"}, {"r002-r003", "r002", "r003"}, {"identical", "r003", "r003"},
	} {
		args := []string{"diff", filepath.Join(out, "revisions", step.old, "plan.json"), filepath.Join(out, "revisions", step.new, "plan.json")}
		r := runCLI(t, args...)
		if r.code != 0 {
			t.Fatalf("diff: exit %d %s", r.code, r.stderr)
		}
		golden.Check(t, filepath.Join("testdata", "diff", step.name+".txt"), []byte(r.stdout))
		js := runCLI(t, append(args, "--format", "json")...)
		golden.Check(t, filepath.Join("testdata", "diff", step.name+".json"), []byte(js.stdout))
	}

	// Revisions once written are never overwritten.
	before, _ := os.ReadFile(filepath.Join(out, "revisions", "r003", "plan.json"))
	r = runCLI(t, "build", dir, "--out", out, "--as-of", "2029-04-25")
	if r.code == 0 || !strings.Contains(r.stderr, "already holds revision 3") {
		t.Errorf("a build without --previous into a plan's folder: exit %d %s", r.code, r.stderr)
	}
	after, _ := os.ReadFile(filepath.Join(out, "revisions", "r003", "plan.json"))
	if !bytes.Equal(before, after) {
		t.Error("revision 3 was overwritten")
	}
}

// editAfter replaces the first old after anchor in the file at path.
func editAfter(t *testing.T, path, anchor, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, anchor)
	j := strings.Index(s[max(i, 0):], old)
	if i < 0 || j < 0 {
		t.Fatalf("%s has no %q after %q", path, old, anchor)
	}
	s = s[:i+j] + new + s[i+j+len(old):]
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A SPOC who has restricted who may read the latest plan (it holds
// candidates' risk profiles) keeps that restriction when the next
// revision is built over it.
func TestNextRevisionKeepsTheLatestFilesPermissions(t *testing.T) {
	dir := copyDir(t, "../../examples/by-election")
	out := filepath.Join(t.TempDir(), "out")
	if r := runCLI(t, "build", dir, "--out", out, "--as-of", "2027-03-01"); r.code != 0 {
		t.Fatalf("first build: exit %d\n%s", r.code, r.stderr)
	}
	for _, name := range []string{"plan.pdf", "plan.xlsx", "plan.json"} {
		if err := os.Chmod(filepath.Join(out, name), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if r := runCLI(t, "build", dir, "--out", out, "--as-of", "2027-03-08", "--previous", filepath.Join(out, "plan.json")); r.code != 0 {
		t.Fatalf("second build: exit %d\n%s", r.code, r.stderr)
	}
	for _, name := range []string{"plan.pdf", "plan.xlsx", "plan.json"} {
		info, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v after the next revision, want -rw-------", name, info.Mode().Perm())
		}
	}
}

// When an output cannot even be started, writeOutputs waits for the
// outputs already under way before it cleans up, so none of them is left
// behind, finished or not.
func TestOutputsUnderWayAreCleanedUpWhenOneCannotStart(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir()) // where the pending files may be made
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "zz"), nil, 0o644); err != nil { // a file where a folder is needed
		t.Fatal(err)
	}
	var finished atomic.Bool
	outputs := []output{
		{"plan.pdf", func(w io.Writer) error {
			time.Sleep(100 * time.Millisecond)
			_, err := w.Write([]byte("%PDF-"))
			finished.Store(true)
			return err
		}},
		{"zz/blocked.pdf", func(io.Writer) error { return nil }},
	}
	if _, err := writeOutputs(dir, outputs); err == nil {
		t.Fatal("no error for an output that cannot be created")
	}
	if !finished.Load() {
		t.Error("writeOutputs returned while an output was still being written")
	}
	for _, d := range []string{dir, os.Getenv("TMPDIR")} {
		entries, err := os.ReadDir(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() != "zz" {
				t.Errorf("%s left in %s", e.Name(), d)
			}
		}
	}
}
