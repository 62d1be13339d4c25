package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// docCommand is one `$ electplan …` line of a doc and the output shown
// under it.
type docCommand struct {
	line   string
	args   []string
	output []string
}

// docCommands reads the `$ electplan` commands of the console blocks of a
// Markdown file, in order, with the output lines shown after each.
func docCommands(t *testing.T, md string) []docCommand {
	t.Helper()
	var cmds []docCommand
	inBlock := false
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "```console"):
			inBlock = true
		case strings.HasPrefix(line, "```"):
			inBlock = false
		case !inBlock:
		case strings.HasPrefix(line, "$ electplan "):
			cmds = append(cmds, docCommand{line: line, args: shellWords(t, strings.TrimPrefix(line, "$ electplan "))})
		case strings.HasPrefix(line, "$ "):
			t.Fatalf("doc runs a command the test cannot follow: %s", line)
		case len(cmds) > 0:
			cmds[len(cmds)-1].output = append(cmds[len(cmds)-1].output, line)
		}
	}
	return cmds
}

// shellWords splits a command line as a shell would, for the quoting the
// docs use ("Reading Central").
func shellWords(t *testing.T, s string) []string {
	t.Helper()
	var words []string
	var cur strings.Builder
	inQuote, started := false, false
	for _, r := range s {
		switch {
		case r == '"':
			inQuote, started = !inQuote, true
		case r == ' ' && !inQuote:
			if started {
				words = append(words, cur.String())
				cur.Reset()
				started = false
			}
		default:
			cur.WriteRune(r)
			started = true
		}
	}
	if inQuote {
		t.Fatalf("unclosed quote in %q", s)
	}
	if started {
		words = append(words, cur.String())
	}
	return words
}

// checkShownOutput checks that every output line the doc shows appears in
// the real output, in the same order; a line "…" stands for lines left out.
func checkShownOutput(t *testing.T, c docCommand, r result) {
	t.Helper()
	var got []string
	for _, l := range strings.Split(r.stdout+r.stderr, "\n") {
		got = append(got, strings.TrimRight(l, " "))
	}
	i := 0
	for _, want := range c.output {
		want = strings.TrimRight(want, " ")
		if want == "…" {
			continue
		}
		for i < len(got) && got[i] != want {
			i++
		}
		if i == len(got) {
			t.Errorf("%s\nthe doc shows a line the command does not print (or not in this order):\n%s\n--- real output:\n%s%s", c.line, want, r.stdout, r.stderr)
			return
		}
		i++
	}
}

// The walkthrough in docs/by-election.md, command for command, as a new
// user would follow it: init, the SPOC's edits the doc shows, the three
// imports, validate, build; then the week-later edits, an updated export
// (dry run first) and the next revision. Every output line the doc shows
// must be what the command prints.
func TestByElectionWalkthrough(t *testing.T) {
	md, err := os.ReadFile("../../docs/by-election.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(md)
	cmds := docCommands(t, doc)

	// The doc's sources, where the doc expects them (run from the repository root).
	root := t.TempDir()
	sources, err := filepath.Glob("../../docs/by-election/*.csv")
	if err != nil || len(sources) != 4 {
		t.Fatalf("docs/by-election holds %d CSV files, want 4", len(sources))
	}
	if err := os.MkdirAll(filepath.Join(root, "docs", "by-election"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, src := range sources {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "docs", "by-election", filepath.Base(src)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(root)

	// edits are the changes the doc tells the SPOC to make, each checked to
	// be in the doc as written.
	type change struct{ file, old, new string }
	apply := func(changes ...change) func(t *testing.T) {
		return func(t *testing.T) {
			for _, c := range changes {
				for _, line := range strings.Split(strings.TrimSpace(c.new), "\n") {
					if !strings.Contains(doc, strings.TrimSpace(line)) {
						t.Fatalf("the test makes an edit the doc does not show: %q", line)
					}
				}
				edit(t, filepath.Join("reading-by", c.file), c.old, c.new)
			}
		}
	}
	steps := []struct {
		command string
		before  func(t *testing.T)
		code    int
	}{
		{command: `init reading-by --by-election --constituency E14001438 --constituency-name "Reading Central" --nation england --polling-day 2027-03-18 --writ-received 2027-02-10`},
		{command: "timetable --polling-day 2027-03-18 --by-election --nation england --writ-received 2027-02-10"},
		{command: "validate reading-by", code: exitInvalid, before: apply(
			change{"election.yaml", "  # timetable:\n  #   notice_of_election: YYYY-MM-DD\n  #   close_of_nominations: YYYY-MM-DD\n",
				"  timetable:\n    notice_of_election: 2027-02-12\n    close_of_nominations: 2027-02-19\n"})},
		{command: "validate reading-by", before: apply(
			change{"election.yaml", "<force name, e.g. Thames Valley Police>", "Thames Valley Police"},
			change{"election.yaml", "<force code, e.g. E23000029>", "E23000029"},
			change{"election.yaml", "<operation name, e.g. Op Ballot>", "Op Reading Vote"},
			change{"election.yaml", "<plan owner, e.g. Force Election SPOC>", "DI Helen Osei, Force Election SPOC"},
			change{"election.yaml", "<gold commander's name>", "ACC Fiona Markham"},
			change{"election.yaml", "<silver commander's name>", "Supt Adrian Kowalski"},
			change{"election.yaml", "<election SPOC's name>", "DI Helen Osei"},
			change{"election.yaml", "<phone>", "07700 900306"},
			change{"election.yaml", "<email>", "helen.osei@thamesvalley.police.example"},
			change{"election.yaml", "<acting returning officer's name>", "Diane Holloway"},
			change{"counts.yaml", "<count venue name>", "Rivermead Leisure Complex"},
			change{"counts.yaml", "<people expected inside, a whole number>", "300"},
			change{"resources.yaml", "  bases: []\n", "  bases:\n    - name: Reading Police Station, Castle Street\n      location: {lat: 51.45296, lon: -0.97646}\n" +
				"    - name: Loddon Valley Police Station, Lower Earley\n      location: {lat: 51.42517, lon: -0.91760}\n"},
			change{"resources.yaml", "      officers: <constables free that day, a whole number>\n      sergeants: 0\n      inspectors: 0\n      pcsos: 0\n      psu: 0\n",
				"      officers: 60\n      sergeants: 8\n      inspectors: 2\n      pcsos: 12\n      psu: 1\n    - date: 2027-03-19\n      officers: 20\n      sergeants: 3\n      inspectors: 1\n      pcsos: 0\n      psu: 0\n"})},
		{command: "import candidates docs/by-election/candidates-parl.reading-central.by.2027-03-18.csv --into reading-by"},
		{command: "import stations docs/by-election/reading-central-polling-stations.csv --format xpress-dc --constituency E14001438 --into reading-by"},
		{command: "import hustings docs/by-election/whocanivotefor-hustings.csv --into reading-by"},
		{command: "validate reading-by"},
		{command: "build reading-by --out reading-by-plan --as-of 2027-02-22"},
		{command: "import stations docs/by-election/reading-central-polling-stations-update.csv --format xpress-dc --constituency E14001438 --into reading-by --dry-run",
			before: apply(
				change{"candidates.yaml", "    incumbency: former-mp # suggested by import: has an MP identifier (mnis_id 4821, twfy_id 25091); sitting or former cannot be told from the file — confirm\n",
					"    incumbency: former-mp # confirmed: MP for Reading East 2010-2017\n    prominence: regional\n    threat_history: harassment\n    online_abuse: moderate\n    protective_measures: [named-contact]\n    briefing_offered: 2027-02-22\n"},
				change{"polling-stations.yaml", "    districts: [AB1, AB5]\n",
					"    districts: [AB1, AB5]\n    ro_rating: amber # acting RO, 24 Feb: town centre, late-night economy\n    notes: Tellers' dispute at 21:30 in 2024\n"},
				change{"polling-stations.yaml", "    postcode: RG30 2ND\n",
					"    postcode: RG30 2ND\n    location: {lat: 51.45712, lon: -1.01799} # from the RO's site plan\n"},
				change{"events.yaml", "    end: 2027-03-09T21:30\n    expected_attendance: 100 # estimate: not in the hustings sheet — confirm with the organiser\n",
					"    end: 2027-03-09T21:30\n    expected_attendance: 400 # organiser, 23 Feb: ticketless, expects a full hall\n    livestreamed: true\n"})},
		{command: "import stations docs/by-election/reading-central-polling-stations-update.csv --format xpress-dc --constituency E14001438 --into reading-by"},
		{command: "build reading-by --out reading-by-plan --as-of 2027-02-26 --previous reading-by-plan/plan.json"},
	}
	if len(cmds) != len(steps) {
		t.Fatalf("the doc has %d electplan commands, the test follows %d", len(cmds), len(steps))
	}
	var beforeDryRun map[string]string
	for i, step := range steps {
		c := cmds[i]
		if want := "$ electplan " + step.command; c.line != want {
			t.Fatalf("command %d of the doc is\n%s\nthe test follows\n%s", i+1, c.line, want)
		}
		if step.before != nil {
			step.before(t)
		}
		if strings.Contains(step.command, "--dry-run") {
			beforeDryRun = folderFiles(t, "reading-by")
		}
		r := runCLI(t, c.args...)
		if r.code != step.code {
			t.Fatalf("%s\nexit %d, want %d\nstdout:\n%s\nstderr:\n%s", c.line, r.code, step.code, r.stdout, r.stderr)
		}
		checkShownOutput(t, c, r)
		if strings.Contains(step.command, "--dry-run") && !sameFiles(beforeDryRun, folderFiles(t, "reading-by")) {
			t.Fatal("--dry-run changed the folder")
		}
	}

	// What the SPOC typed survived the re-import; what the council changed
	// came in; nothing was deleted; the previous file was kept.
	stations := readFile(t, "reading-by/polling-stations.yaml")
	for _, want := range []string{
		"    ro_rating: amber # acting RO, 24 Feb: town centre, late-night economy\n    notes: Tellers' dispute at 21:30 in 2024\n",
		"    location: {lat: 51.45712, lon: -1.01799} # from the RO's site plan\n",
		"name: St Giles' Parish Centre", `- id: "266"`, `- id: "271"`, "location: {easting: 471703, northing: 173391}",
	} {
		if !strings.Contains(stations, want) {
			t.Errorf("polling-stations.yaml lacks %q", want)
		}
	}
	if bak := readFile(t, "reading-by/polling-stations.yaml.bak"); bak != beforeDryRun["polling-stations.yaml"] {
		t.Error("polling-stations.yaml.bak is not the file before the import")
	}
	for _, f := range []string{"plan.pdf", "plan.xlsx", "plan.json", "revisions/r001/plan.json", "revisions/r002/plan.json"} {
		if _, err := os.Stat(filepath.Join("reading-by-plan", f)); err != nil {
			t.Errorf("the build did not write %s", f)
		}
	}
}

// Re-importing candidates and hustings keeps every field the SPOC typed;
// --dry-run writes nothing and says what would change.
func TestImportReimportKeepsHandEnteredFields(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rb")
	mustRun(t, "init", dir, "--by-election", "--constituency", "E14001438", "--constituency-name", "Reading Central",
		"--nation", "england", "--polling-day", "2027-03-18")
	const candidates = "../../docs/by-election/candidates-parl.reading-central.by.2027-03-18.csv"
	const hustings = "../../docs/by-election/whocanivotefor-hustings.csv"
	mustRun(t, "import", "candidates", candidates, "--into", dir)
	mustRun(t, "import", "hustings", hustings, "--into", dir)

	// The SPOC's risk entries, a correction pinned with # keep, and a
	// confirmed attendance.
	edit(t, filepath.Join(dir, "candidates.yaml"), "    name: Priya Natarajan\n    constituency: E14001438\n    party: Civic Democrats\n",
		"    name: Priya Natarajan\n    constituency: E14001438\n    party: Civic Democrats\n    threat_history: threats # INC-004\n    fixated_concern: moderate\n    home_address: 3 Example Close, Reading\n    override:\n      tier_delta: 1\n      rationale: Named in a fixated individual's posts\n      decided_by: Supt Kowalski\n")
	edit(t, filepath.Join(dir, "candidates.yaml"), "    name: Sam Fletcher\n", "    name: Samuel Fletcher # keep: as on the ballot paper\n")
	edit(t, filepath.Join(dir, "events.yaml"), "expected_attendance: 100 # estimate: not in the hustings sheet — confirm with the organiser",
		"expected_attendance: 250 # organiser")

	// An updated candidates CSV: a party renamed.
	src := filepath.Join(t.TempDir(), "candidates.csv")
	b, err := os.ReadFile(candidates)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, []byte(strings.ReplaceAll(string(b), "Civic Democrats", "Civic Democrats & Reformers")), 0o644); err != nil {
		t.Fatal(err)
	}

	before := folderFiles(t, dir)
	r := runCLI(t, "import", "candidates", src, "--into", dir, "--dry-run")
	if r.code != exitOK || !sameFiles(before, folderFiles(t, dir)) {
		t.Fatalf("dry run: exit %d, folder changed %v\n%s%s", r.code, !sameFiles(before, folderFiles(t, dir)), r.stdout, r.stderr)
	}
	for _, want := range []string{
		"candidates: 0 would be added, 1 would be updated, 7 unchanged, 0 in the folder but not in the import.",
		`  ~ "74105" Priya Natarajan`, "      party: Civic Democrats → Civic Democrats & Reformers",
		"  left as you wrote them (marked # keep):", `  = "74955" Sam Fletcher: name`,
		"Dry run: nothing written (would write candidates.yaml).",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, r.stdout)
		}
	}

	mustRun(t, "import", "candidates", src, "--into", dir)
	mustRun(t, "import", "hustings", hustings, "--into", dir)
	text := readFile(t, filepath.Join(dir, "candidates.yaml"))
	for _, want := range []string{
		"    party: Civic Democrats & Reformers\n    threat_history: threats # INC-004\n    fixated_concern: moderate\n    home_address: 3 Example Close, Reading\n    override:\n      tier_delta: 1\n      rationale: Named in a fixated individual's posts\n      decided_by: Supt Kowalski\n",
		"    name: Samuel Fletcher # keep: as on the ballot paper\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("candidates.yaml lacks\n%s\ngot:\n%s", want, text)
		}
	}
	if !strings.Contains(readFile(t, filepath.Join(dir, "events.yaml")), "expected_attendance: 250 # organiser") {
		t.Error("the confirmed attendance was replaced")
	}
	if bak := readFile(t, filepath.Join(dir, "candidates.yaml.bak")); bak != before["candidates.yaml"] {
		t.Error("candidates.yaml.bak is not the file before the import")
	}
}

// Mistakes in the command line are usage errors (exit 2); files that
// cannot be imported are invalid input (exit 3), placed and explained;
// files that cannot be read are failures (exit 1).
func TestImportErrors(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rb")
	mustRun(t, "init", dir, "--by-election", "--constituency", "E14001438", "--constituency-name", "Reading Central",
		"--nation", "england", "--polling-day", "2027-03-18")
	const samples = "../../plan/importers/testdata/"
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no kind", []string{"import"}, exitUsage, "import what? choose candidates, stations, hustings or contribution"},
		{"unknown kind", []string{"import", "voters", "x.csv"}, exitUsage, `unknown import "voters"`},
		{"no --into", []string{"import", "candidates", "x.csv"}, exitUsage, "--into is required"},
		{"no file", []string{"import", "hustings", "--into", dir}, exitUsage, "expected one hustings sheet (CSV), got 0 argument(s)"},
		{"stations need --format", []string{"import", "stations", "x.csv", "--into", dir}, exitUsage, "--format is required: one of xpress-dc, xpress-weblookup, idox-eros, halarose, democracy-counts, fcs, eoni"},
		{"unknown format", []string{"import", "stations", "x.csv", "--format", "xpress", "--into", dir}, exitUsage, `--format "xpress" is not one of`},
		{"unknown constituency", []string{"import", "stations", samples + "wdiv_halarose_test.csv", "--format", "halarose", "--constituency", "E14000001", "--into", dir},
			exitUsage, "--constituency: E14000001 is not one of this plan's constituencies (E14001438 Reading Central)"},
		{"missing file", []string{"import", "candidates", "no-such.csv", "--into", dir}, exitFailure, "read no-such.csv: no such file or directory"},
		{"missing folder", []string{"import", "candidates", samples + "dc_candidates.csv", "--into", dir + "-nope"}, exitFailure, "does not exist: start it with `electplan init"},
		{"wrong format", []string{"import", "stations", samples + "wdiv_xpress_weblookup_leeds.csv", "--format", "xpress-dc", "--into", dir}, exitInvalid,
			"wdiv_xpress_weblookup_leeds.csv:1:1: missing columns Polling_Place_Id, Polling_Place_Name, Polling_Place_Address_1, Polling_Place_Postcode, Polling_Place_Easting, Polling_Place_Northing: the xpress-dc format (Xpress \"Democracy Club\" export) has them — this header looks like xpress-weblookup (Xpress WebLookup export): try --format xpress-weblookup"},
		{"wrong import", []string{"import", "candidates", samples + "wcivf_hustings.csv", "--into", dir}, exitInvalid,
			"use `electplan import hustings --format wcivf`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := folderFiles(t, dir)
			r := runCLI(t, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, want %d; stderr:\n%s\nwant it to contain %q", r.code, tt.code, r.stderr, tt.stderr)
			}
			if !sameFiles(before, folderFiles(t, dir)) {
				t.Error("a failed import changed the folder")
			}
		})
	}
}

// Every import ends with validate's report of the folder.
func TestImportReportsValidation(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rb")
	mustRun(t, "init", dir, "--by-election", "--constituency", "E14001438", "--constituency-name", "Reading Central",
		"--nation", "england", "--polling-day", "2027-03-18")
	r := runCLI(t, "import", "stations", "../../plan/importers/testdata/wdiv_fcs_waltham_forest.json", "--format", "fcs", "--into", dir)
	if r.code != exitOK {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	v := runCLI(t, "validate", dir)
	if !strings.HasSuffix(r.stderr, v.stderr) || !strings.Contains(r.stdout, ": 13 placeholders still to fill in before build (listed above).") {
		t.Errorf("import's validation:\n%s%s\nvalidate's:\n%s", r.stdout, r.stderr, v.stderr)
	}
	if !strings.Contains(r.stdout, `  note: no --constituency or --boundaries: every station is placed in the plan's one constituency, E14001438 Reading Central`) ||
		!strings.Contains(r.stdout, `2 stations have no coordinates in the export: "3250" London Ability, "3251" Wesleyan Christian Centre`) {
		t.Errorf("notes:\n%s", r.stdout)
	}
}

func mustRun(t *testing.T, args ...string) result {
	t.Helper()
	r := runCLI(t, args...)
	if r.code != exitOK {
		t.Fatalf("electplan %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// folderFiles is every file directly in dir, by name.
func folderFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range entries {
		if !e.IsDir() {
			m[e.Name()] = readFile(t, filepath.Join(dir, e.Name()))
		}
	}
	return m
}

func sameFiles(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
