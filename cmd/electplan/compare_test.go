package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/plan/synth"
	"github.com/electplan/electplan/riskmodel"
	"github.com/xuri/excelize/v2"
)

// writeForcePlans writes six synthetic forces' plan.json files to a new
// folder, as the national lead would gather them: some as files, some as
// build output folders (with a kept revision, which compare ignores).
// Force B is built with a non-standard model, Force D is stale (as of
// 2029-04-01) and Force F has no red polling stations.
func writeForcePlans(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	asOf := plan.NewDate(2029, 4, 20)
	custom, err := riskmodel.Parse(bytes.Replace(riskmodel.NationalSource(), []byte("counter_protest: 2"), []byte("counter_protest: 3"), 1))
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"A", "B", "C", "D", "E", "F"} {
		in := synth.Generate(synth.OneForce(uint64(i + 1)).Scaled(0.15))
		in.Force.Name, in.Force.Code = "Force "+name, fmt.Sprintf("E2300000%d", i+1)
		m, built := riskmodel.National(), asOf
		switch name {
		case "B":
			m = custom
		case "D":
			built = plan.NewDate(2029, 4, 1)
		case "F":
			for j := range in.PollingStations {
				in.PollingStations[j].RORating, in.PollingStations[j].IncidentsLastElection = "", 0
			}
		}
		p, err := plan.Build(in, m, built)
		if err != nil {
			t.Fatal(err)
		}
		b, err := p.JSON()
		if err != nil {
			t.Fatal(err)
		}
		paths := []string{filepath.Join(dir, "force-"+strings.ToLower(name)+".json")}
		if i%2 == 1 { // a build's output folder
			out := filepath.Join(dir, "force-"+strings.ToLower(name))
			paths = []string{filepath.Join(out, "plan.json"), filepath.Join(out, "revisions", "r001", "plan.json")}
		}
		for _, path := range paths {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

func readComparison(t *testing.T, out string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, name := range []string{"comparison.pdf", "comparison.xlsx"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	return files
}

// pdfPages reads a PDF back with pdftotext, a page at a time.
func pdfPages(t *testing.T, doc []byte) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext not found: install poppler-utils")
	}
	path := filepath.Join(t.TempDir(), "comparison.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(text), "\f")
}

func squashSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// The national lead's job, end to end: compare a folder of force plans;
// both files are written, the first page says which forces are
// inconsistent and why, the workbook has a row per force, and the same
// plans give the same bytes.
func TestCompareEndToEnd(t *testing.T) {
	dir := writeForcePlans(t)
	out := filepath.Join(t.TempDir(), "national")
	r := runCLI(t, "compare", dir, "--out", out, "--as-of", "2029-04-20")
	if r.code != exitOK {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r.stderr != "" {
		t.Errorf("stderr is not a terminal: nothing belongs there, got %q", r.stderr)
	}
	for _, want := range []string{
		"Compared 6 force plans as of 2029-04-20 (stale after 7 days).",
		"3 forces of 6 flagged (4 flags):",
		"  Force B: non-standard model: built with electplan-national 1.0.0 (sha256 ",
		"  Force D: stale: as of 2029-04-01, 19 days before 2029-04-20 (the comparison date); a plan more than 7 days older is stale",
		"  Force F: outlier: red polling stations: no red polling stations while 5 of 5 other forces have some; their median is ",
		"Wrote the comparison to " + out + ":",
		"comparison.pdf", "comparison.xlsx",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	files := readComparison(t, out)

	first := squashSpace(pdfPages(t, files["comparison.pdf"])[0])
	for _, want := range []string{
		"National comparison of election policing plans",
		"6 force plans compared as of Friday 20 April 2029",
		"3 forces are flagged as inconsistent with the others",
		"Force B (E23000002) non-standard model", "not the national standard model",
		"Force D (E23000004) stale as of 2029-04-01, 19 days before 2029-04-20",
		"Force F (E23000006) outlier: red polling stations no red polling stations while 5 of 5 other forces have some",
		"National totals", "OFFICIAL-SENSITIVE", "page 1 of",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("the first page lacks %q:\n%s", want, first)
		}
	}
	for _, unflagged := range []string{"Force A", "Force C", "Force E"} {
		if strings.Contains(first, unflagged) {
			t.Errorf("the first page names %s, which has no flag", unflagged)
		}
	}

	f, err := excelize.OpenReader(bytes.NewReader(files["comparison.xlsx"]))
	if err != nil {
		t.Fatalf("comparison.xlsx does not open: %v", err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"Summary", "Forces", "Flags", "Neutrality"}; !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	rows, err := f.GetRows("Forces")
	if err != nil {
		t.Fatal(err)
	}
	var forces []string
	for _, row := range rows[1:] {
		forces = append(forces, row[0])
	}
	if want := []string{"Force A", "Force B", "Force C", "Force D", "Force E", "Force F", "National"}; !slices.Equal(forces, want) {
		t.Errorf("Forces rows %q, want one per force and the national totals", forces)
	}

	again := filepath.Join(t.TempDir(), "again")
	if r := runCLI(t, "compare", dir, "--out", again, "--as-of", "2029-04-20"); r.code != exitOK {
		t.Fatalf("second run: exit %d: %s", r.code, r.stderr)
	}
	for name, b := range readComparison(t, again) {
		if !bytes.Equal(b, files[name]) {
			t.Errorf("%s differs between two runs over the same plans", name)
		}
	}
}

func TestCompareFormatJSON(t *testing.T) {
	dir := writeForcePlans(t)
	out := filepath.Join(t.TempDir(), "national")
	r := runCLI(t, "compare", filepath.Join(dir, "force-a.json"), filepath.Join(dir, "force-b"), filepath.Join(dir, "force-c.json"),
		filepath.Join(dir, "force-d"), filepath.Join(dir, "force-e.json"), "--out", out, "--as-of", "2029-04-20", "--format", "json")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var c plan.Comparison
	if err := json.Unmarshal([]byte(r.stdout), &c); err != nil {
		t.Fatalf("stdout is not the comparison as JSON: %v\n%s", err, r.stdout)
	}
	if len(c.Forces) != 5 || c.StaleDays != 7 || c.AsOf.String() != "2029-04-20" {
		t.Errorf("%d forces, stale after %d, as of %s", len(c.Forces), c.StaleDays, c.AsOf)
	}
	var flags []string
	for _, f := range c.Flags {
		flags = append(flags, f.Force+": "+string(f.Kind))
	}
	if want := []string{"Force B: non-standard model", "Force D: stale"}; !slices.Equal(flags, want) {
		t.Errorf("flags %q, want %q", flags, want)
	}
	readComparison(t, out) // the files are written too
}

// --stale-days moves the line: Force D, 19 days old, is current at 30.
func TestCompareStaleDays(t *testing.T) {
	dir := writeForcePlans(t)
	r := runCLI(t, "compare", dir, "--out", filepath.Join(t.TempDir(), "out"), "--as-of", "2029-04-20", "--stale-days", "30")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if strings.Contains(r.stdout, "Force D") || !strings.Contains(r.stdout, "(stale after 30 days)") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
}

func TestCompareMistakes(t *testing.T) {
	dir := writeForcePlans(t)
	notJSON := filepath.Join(t.TempDir(), "minutes.json")
	if err := os.WriteFile(notJSON, []byte("Minutes of the Gold group"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(t.TempDir(), "empty.json")
	if err := os.WriteFile(empty, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	twice := filepath.Join(t.TempDir(), "force-a-again.json")
	b, err := os.ReadFile(filepath.Join(dir, "force-a.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(twice, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no plans", []string{"compare", "--out", out}, exitUsage, "expected plan.json files or folders of them, got none"},
		{"no --out", []string{"compare", dir}, exitUsage, "--out is required"},
		{"--stale-days 0", []string{"compare", dir, "--out", out, "--stale-days", "0"}, exitUsage, "--stale-days 0: give the number of days"},
		{"--stale-days not a number", []string{"compare", dir, "--out", out, "--stale-days", "week"}, exitUsage, "invalid argument"},
		{"bad --format", []string{"compare", dir, "--out", out, "--format", "csv"}, exitUsage, `--format "csv" is not one of text, json`},
		{"bad --as-of", []string{"compare", dir, "--out", out, "--as-of", "20/04/2029"}, exitUsage, "--as-of"},
		{"not JSON", []string{"compare", dir, notJSON, "--out", out}, exitInvalid, notJSON + ": not a plan.json"},
		{"every bad file at once", []string{"compare", dir, notJSON, empty, "--out", out}, exitInvalid, empty + ": not a plan.json"},
		{"no such file", []string{"compare", dir, "no-such.json", "--out", out}, exitFailure, "read no-such.json: no such file or directory"},
		{"one force twice", []string{"compare", dir, twice, "--out", out}, exitFailure, "keep the latest revision"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\n%s", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, r.stderr)
			}
			if _, err := os.Stat(filepath.Join(out, "comparison.pdf")); err == nil {
				t.Error("a comparison was written")
			}
		})
	}
}

// Plans for different elections are compared, with a caveat saying so on
// the terminal and in the PDF's summary.
func TestCompareMixedElections(t *testing.T) {
	dir := writeForcePlans(t)
	path := filepath.Join(dir, "force-a.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	p["election"].(map[string]any)["id"] = "parl.somewhere.by.2029-03-01"
	if b, err = json.Marshal(p); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	r := runCLI(t, "compare", dir, "--out", out, "--as-of", "2029-04-20")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	want := "These plans are for 2 different elections (parl.2029-05-03, parl.somewhere.by.2029-03-01)."
	if !strings.Contains(r.stdout, want) {
		t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
	}
	text, err := exec.Command("pdftotext", filepath.Join(out, "comparison.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(text)), " "), want) {
		t.Error("comparison.pdf does not carry the caveat")
	}
}

// On a terminal, reading shows a progress bar on stderr (the env's, not
// the process's); piped, nothing.
func TestCompareProgressBarOnlyOnATerminal(t *testing.T) {
	dir := writeForcePlans(t)
	for _, tty := range []bool{true, false} {
		t.Run(fmt.Sprintf("terminal %v", tty), func(t *testing.T) {
			var out, errOut bytes.Buffer
			e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, stderrTTY: tty,
				now:    func() time.Time { return time.Date(2029, 4, 20, 9, 0, 0, 0, time.UTC) },
				getenv: func(string) string { return "" }}
			if code := run([]string{"compare", dir, "--out", filepath.Join(t.TempDir(), "out"), "--as-of", "2029-04-20"}, e); code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			shown := strings.Contains(errOut.String(), "Reading plans") && strings.Contains(errOut.String(), "/6)")
			if shown != tty {
				t.Errorf("progress bar shown %v on a terminal %v: %q", shown, tty, errOut.String())
			}
			if !tty && errOut.Len() > 0 {
				t.Errorf("piped stderr holds %q", errOut.String())
			}
		})
	}
}
