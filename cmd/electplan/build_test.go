package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
	"github.com/xuri/excelize/v2"
)

func readAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, name := range []string{"plan.pdf", "plan.xlsx", "plan.json"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	return files
}

// The main job, end to end: every example builds, and the three files
// are what they claim to be.
func TestBuildEveryExample(t *testing.T) {
	for _, ex := range []struct{ dir, asOf string }{{"general-election", "2029-04-20"}, {"by-election", "2027-03-01"}} {
		t.Run(ex.dir, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			r := runCLI(t, "build", "../../examples/"+ex.dir, "--out", out, "--as-of", ex.asOf)
			if r.code != exitOK {
				t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			files := readAll(t, out)
			if !bytes.HasPrefix(files["plan.pdf"], []byte("%PDF-")) {
				t.Error("plan.pdf is not a PDF")
			}
			if _, err := excelize.OpenReader(bytes.NewReader(files["plan.xlsx"])); err != nil {
				t.Errorf("plan.xlsx does not open: %v", err)
			}
			p, err := plan.ReadPlan(bytes.NewReader(files["plan.json"]))
			if err != nil {
				t.Fatal(err)
			}
			if p.AsOf.String() != ex.asOf || p.Revision != 1 || !p.Model.Standard {
				t.Errorf("plan.json: as of %s, revision %d, standard %v", p.AsOf, p.Revision, p.Model.Standard)
			}
			if !strings.Contains(r.stdout, "Wrote "+p.Force.Operation+" revision 1") {
				t.Errorf("stdout does not say what was written:\n%s", r.stdout)
			}
		})
	}
}

func TestBuildIsByteIdentical(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, out := range []string{a, b} {
		if r := runCLI(t, "build", "../../examples/general-election", "--out", out, "--as-of", "2029-04-20"); r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
	}
	fa, fb := readAll(t, a), readAll(t, b)
	for name := range fa {
		if !bytes.Equal(fa[name], fb[name]) {
			t.Errorf("%s differs between two builds with the same as-of date", name)
		}
	}
}

// Without --as-of the build date comes from SOURCE_DATE_EPOCH, then the
// clock, so reproducible builds need no flag.
func TestAsOfFromSourceDateEpoch(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	// 2029-04-21 10:00 UTC.
	r := runWithEnv(t, map[string]string{"SOURCE_DATE_EPOCH": "1871460000"}, "build", "../../examples/general-election", "--out", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	p, err := plan.ReadPlanFile(filepath.Join(out, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if p.AsOf.String() != "2029-04-21" {
		t.Errorf("as of %s, want 2029-04-21", p.AsOf)
	}
}

func TestInvalidInputWritesNothing(t *testing.T) {
	dir := copyDir(t, "../../examples/by-election")
	edit(t, filepath.Join(dir, "candidates.yaml"), "schema: electplan/v1", "schema: electplan/v1\nbogus: true")
	out := filepath.Join(t.TempDir(), "out")
	r := runCLI(t, "build", dir, "--out", out)
	if r.code != exitInvalid || !strings.Contains(r.stderr, `candidates.yaml:`) || !strings.Contains(r.stderr, `unknown key "bogus"`) {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("an invalid build created the output folder")
	}
}

// A rebuild that fails keeps the previous outputs whole.
func TestFailedBuildKeepsEarlierOutputs(t *testing.T) {
	dir := copyDir(t, "../../examples/by-election")
	out := filepath.Join(t.TempDir(), "out")
	if r := runCLI(t, "build", dir, "--out", out, "--as-of", "2027-03-01"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	before := readAll(t, out)
	edit(t, filepath.Join(dir, "events.yaml"), "kind: hustings", "kind: rally")
	if r := runCLI(t, "build", dir, "--out", out, "--as-of", "2027-03-02", "--previous", filepath.Join(out, "plan.json")); r.code != exitInvalid {
		t.Fatalf("exit %d", r.code)
	}
	after := readAll(t, out)
	for name := range before {
		if !bytes.Equal(before[name], after[name]) {
			t.Errorf("%s changed after a failed build", name)
		}
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 4 {
		t.Errorf("the out folder holds %d entries, want the 3 outputs and revisions/", len(entries))
	}
}

func TestBuildRefusesTheInputFolder(t *testing.T) {
	dir := copyDir(t, "../../examples/by-election")
	for _, out := range []string{dir, filepath.Join(dir, "plan")} {
		r := runCLI(t, "build", dir, "--out", out)
		if r.code != exitUsage || !strings.Contains(r.stderr, "inside the input folder") {
			t.Errorf("--out %s: exit %d, %s", out, r.code, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "plan.pdf")); err == nil {
		t.Error("a plan was written into the input folder")
	}
}

// textOf extracts what a reader would see: pdftotext for the PDF, every
// part of the XLSX zip, and the JSON as it is.
func textOf(t *testing.T, files map[string][]byte) map[string]string {
	t.Helper()
	out := map[string]string{"plan.json": string(files["plan.json"])}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext not found: install poppler-utils")
	}
	pdfPath := filepath.Join(t.TempDir(), "plan.pdf")
	if err := os.WriteFile(pdfPath, files["plan.pdf"], 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", "-enc", "UTF-8", pdfPath, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	out["plan.pdf"] = string(text)
	zr, err := zip.NewReader(bytes.NewReader(files["plan.xlsx"]), int64(len(files["plan.xlsx"])))
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		all.Write(b)
	}
	out["plan.xlsx"] = all.String()
	return out
}

// Home addresses may be held for police use but never printed: plant one
// on every candidate and prove no output holds any of them.
func TestNoOutputHoldsAHomeAddress(t *testing.T) {
	dir := copyDir(t, "../../examples/general-election")
	path := filepath.Join(dir, "candidates.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var planted []string
	var lines []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "home_address:") {
			continue // replaced below
		}
		lines = append(lines, line)
		if strings.HasPrefix(line, "    name: ") {
			addr := fmt.Sprintf("%d Cuddfan Lane, Tregarth LL57 %dZQ", 100+len(planted), len(planted)%10)
			planted = append(planted, addr)
			lines = append(lines, `    home_address: "`+addr+`"`)
		}
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	if r := runCLI(t, "build", dir, "--out", out, "--as-of", "2029-04-20"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if len(planted) < 40 {
		t.Fatalf("planted only %d addresses", len(planted))
	}
	for name, text := range textOf(t, readAll(t, out)) {
		for _, addr := range planted {
			if strings.Contains(text, addr) || strings.Contains(text, strings.Split(addr, ",")[0]) {
				t.Errorf("%s contains the home address %q", name, addr)
			}
		}
	}
}

// Free text that looks like a formula stays text in the working copy.
func TestFormulaLikeTextStaysText(t *testing.T) {
	dir := copyDir(t, "../../examples/by-election")
	edit(t, filepath.Join(dir, "events.yaml"), "title: ", `title: '=HYPERLINK("http://evil.example","click")' # `)
	out := filepath.Join(t.TempDir(), "out")
	if r := runCLI(t, "build", dir, "--out", out, "--as-of", "2027-03-01"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	f, err := excelize.OpenFile(filepath.Join(out, "plan.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Flashpoints")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for r, row := range rows {
		for c, v := range row {
			if !strings.HasPrefix(v, "=HYPERLINK") {
				continue
			}
			found = true
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if formula, _ := f.GetCellFormula("Flashpoints", cell); formula != "" {
				t.Errorf("%s became the formula %q", cell, formula)
			}
		}
	}
	if !found {
		t.Error("the formula-like title is not in the Flashpoints sheet as text")
	}
}
