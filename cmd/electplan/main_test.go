package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/electplan/electplan/internal/golden"
)

// result is what one run of the CLI did.
type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs the command line as a user would, with a fixed clock and an
// empty environment, and nothing shared with other runs.
func runCLI(t *testing.T, args ...string) result {
	t.Helper()
	return runWithEnv(t, nil, args...)
}

// runWithEnv is runCLI with environment variables.
func runWithEnv(t *testing.T, vars map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{
		stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
		now:    func() time.Time { return time.Date(2029, 4, 20, 9, 0, 0, 0, time.UTC) },
		getenv: func(k string) string { return vars[k] },
	}
	code := run(args, e)
	return result{code, out.String(), errOut.String()}
}

// transcript renders a run for a golden file.
func (r result) transcript(args []string) string {
	return "$ electplan " + strings.Join(args, " ") + "\n" + r.stdout +
		"--- stderr\n" + r.stderr + "--- exit " + string(rune('0'+r.code)) + "\n"
}

// Whole CLI transcripts, compared with golden files (refresh: -update).
func TestTranscripts(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"validate valid folder", []string{"validate", "../../plan/testdata/minimal"}, exitOK},
		{"validate json valid", []string{"validate", "../../plan/testdata/minimal", "--format", "json"}, exitOK},
		{"timetable 2024 json", []string{"timetable", "--polling-day", "2024-07-04", "--format", "json"}, exitOK},
		{"timetable 2029 text", []string{"timetable", "--polling-day", "2029-05-03"}, exitOK},
		{"timetable by-election", []string{"timetable", "--polling-day", "2027-03-18", "--by-election", "--nation", "england", "--writ-received", "2027-02-10"}, exitOK},
		{"timetable weekend poll", []string{"timetable", "--polling-day", "2029-05-05"}, exitUsage},
		{"timetable missing flag", []string{"timetable"}, exitUsage},
		{"init weekend poll", []string{"init", "never-written", "--polling-day", "2029-05-05"}, exitUsage},
		{"init bad constituency code", []string{"init", "never-written", "--by-election", "--constituency", "X123",
			"--constituency-name", "Nowhere", "--nation", "england", "--polling-day", "2027-03-18"}, exitUsage},
		{"unknown command", []string{"buidl"}, exitUsage},
		{"unknown flag", []string{"validate", "x", "--formt", "json"}, exitUsage},
		{"bad format", []string{"validate", "x", "--format", "xml"}, exitUsage},
		{"missing folder", []string{"validate", "no-such-folder"}, exitFailure},
		{"score minimal", []string{"score", "../../plan/testdata/minimal", "--as-of", "2029-04-20"}, exitOK},
		{"score explain", []string{"score", "../../plan/testdata/minimal", "--as-of", "2029-04-20", "--explain", "101"}, exitOK},
		{"score unknown id", []string{"score", "../../plan/testdata/minimal", "--explain", "nope"}, exitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			golden.Check(t, filepath.Join("testdata", "transcripts", golden.Name(t.Name())+".txt"), []byte(r.transcript(tt.args)))
		})
	}
}

// copyDir copies a plan folder (and its contributions/) so a test can
// break it.
func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
	return to
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A folder broken several ways at once: one run reports every problem
// with its file, line and column, and exits 3.
func TestValidateReportsEveryProblemAtOnce(t *testing.T) {
	dir := copyDir(t, "../../plan/testdata/minimal")
	edit(t, filepath.Join(dir, "candidates.yaml"), "incumbency: sitting-mp", "incumbency: sitting_mp")
	edit(t, filepath.Join(dir, "events.yaml"), "start: 2029-04-20T19:00", "start: 2029-05-20T19:00")
	edit(t, filepath.Join(dir, "stations.yaml"), "{lat: 51.7502, lon: -1.2931}", "{lat: -1.2931, lon: 51.7502}")
	r := runCLI(t, "validate", dir)
	if r.code != exitInvalid {
		t.Fatalf("exit %d, want 3\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"candidates.yaml:11:17: candidate \"102\": incumbency:",
		"events.yaml:8:12: event \"H-01\": starts 2029-05-20, after polling day",
		"stations.yaml:10:15: station \"5002\": location: lat -1.2931, lon 51.7502 is outside the UK — latitude and longitude swapped?",
		"3 problems found",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if r.stdout != "" {
		t.Errorf("nothing belongs on stdout, got %q", r.stdout)
	}

	r = runCLI(t, "validate", dir, "--format", "json")
	var problems []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &problems); err != nil || r.code != exitInvalid {
		t.Fatalf("json report: exit %d, %v\n%s", r.code, err, r.stdout)
	}
	if len(problems) != 3 || problems[0]["line"] != float64(11) || problems[0]["column"] != float64(17) {
		t.Errorf("json problems: %v", problems)
	}
}

func TestInitFoldersValidateWithOnlyPlaceholdersToFill(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--by-election", "--constituency", "E14001438", "--constituency-name", "Reading Central", "--nation", "england", "--polling-day", "2027-03-18"},
	} {
		dir := filepath.Join(t.TempDir(), "plan")
		r := runCLI(t, append([]string{"init", dir}, args...)...)
		if r.code != exitOK {
			t.Fatalf("init %v: exit %d\n%s", args, r.code, r.stderr)
		}
		r = runCLI(t, "validate", dir, "--format", "json")
		var problems []struct{ Message, Severity string }
		if err := json.Unmarshal([]byte(r.stdout), &problems); err != nil {
			t.Fatal(err)
		}
		if len(problems) == 0 {
			t.Errorf("init %v: placeholders were silently accepted", args)
		}
		for _, p := range problems {
			if p.Severity == "error" && !strings.Contains(p.Message, "still to be filled in") {
				t.Errorf("init %v: a problem other than a placeholder: %+v", args, p)
			}
		}
		// init refuses a folder that is not empty.
		if r := runCLI(t, "init", dir); r.code != exitFailure || !strings.Contains(r.stderr, "not empty") {
			t.Errorf("init into a non-empty folder: exit %d, %s", r.code, r.stderr)
		}
	}
}

func TestInitByElectionNeedsItsValues(t *testing.T) {
	r := runCLI(t, "init", filepath.Join(t.TempDir(), "x"), "--by-election", "--nation", "wales")
	if r.code != exitUsage || !strings.Contains(r.stderr, "constituency code, constituency name, polling day") {
		t.Errorf("exit %d, stderr %s", r.code, r.stderr)
	}
}

func TestVersion(t *testing.T) {
	r := runCLI(t, "version")
	if r.code != 0 || !strings.Contains(r.stdout, "risk model electplan-national 1.0.0 (sha256 ") {
		t.Errorf("version: %d %q", r.code, r.stdout)
	}
}

func TestHelpListsExitCodes(t *testing.T) {
	r := runCLI(t, "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "3  invalid input") {
		t.Errorf("help: %d\n%s", r.code, r.stdout)
	}
}
