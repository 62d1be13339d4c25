package importers

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
)

const docsCandidates = "../../docs/by-election/candidates-parl.reading-central.by.2027-03-18.csv"

// handWritten is a candidates file as a SPOC keeps it: comments, aligned
// line comments, a folded block, blank lines, risk fields and an override.
const handWritten = `# yaml-language-server: $schema=electplan-v1.schema.json
#
# Candidates for the Reading Central by-election.
schema: electplan/v1

candidates:
  # Former MP for a neighbouring seat; well known locally.
  - id: "74012"
    name: Richard Ashby
    constituency: E14001438
    party: Unity Party            # display only
    incumbency: former-mp
    prominence: regional
    threat_history: harassment    # INC-003, 21 Feb
    home_address: 1 Example Road, Reading
    override:
      tier_delta: 1
      rationale: >
        Doctored video shared widely after his
        nomination; street name posted.
      decided_by: Supt Kowalski

  - id: "74105"
    name: Priya Natrajan          # as first reported
    constituency: E14001438
    party: Civic Democrats
    briefing_offered: 2027-02-22
  - id: "99999"
    name: Withdrawn Candidate
    constituency: E14001438

# Withdrawn candidates stay listed until the SPOC removes them.
`

// The heart of it: re-importing updates what the import owns, adds the
// new, lists the gone, and leaves every other byte the SPOC wrote.
func TestMergeKeepsWhatTheSPOCWrote(t *testing.T) {
	dir := readingPlan(t)
	path := filepath.Join(dir, "candidates.yaml")
	writeText(t, path, handWritten)
	r := mustImport(t, Request{Kind: Candidates, Format: "democracyclub", File: docsCandidates, Dir: dir})

	if len(r.Added) != 6 || len(r.Updated) != 1 || r.Unchanged != 1 || len(r.NotInSource) != 1 {
		t.Fatalf("added %d, updated %v, unchanged %d, not in source %v", len(r.Added), r.Updated, r.Unchanged, r.NotInSource)
	}
	if u := r.Updated[0]; u.ID != "74105" || !slices.Equal(u.Details, []string{"name: Priya Natrajan → Priya Natarajan"}) {
		t.Errorf("update = %+v", u)
	}
	if n := r.NotInSource[0]; n.ID != "99999" || n.Name != "Withdrawn Candidate" {
		t.Errorf("not in source = %+v", n)
	}
	got := readText(t, path)
	// The unchanged candidate, its comments and the blank line after it are
	// byte for byte as written; so is everything before the list.
	unchanged := handWritten[:strings.Index(handWritten, `  - id: "74105"`)]
	if !strings.HasPrefix(got, unchanged) {
		t.Errorf("the unchanged part moved:\n%s", got)
	}
	for _, want := range []string{
		"  - id: \"74105\"\n    name: Priya Natarajan # as first reported\n    constituency: E14001438\n    party: Civic Democrats\n    briefing_offered: 2027-02-22\n",
		"  - id: \"99999\"\n    name: Withdrawn Candidate\n    constituency: E14001438\n  - id: \"74377\"\n",
		"    name: Sam Fletcher\n    constituency: E14001438\n    party: Independent\n\n# Withdrawn candidates stay listed until the SPOC removes them.\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("candidates.yaml lacks\n%s\ngot:\n%s", want, got)
		}
	}
	if bak := readText(t, path+".bak"); bak != handWritten {
		t.Errorf("the backup is not the previous file:\n%s", bak)
	}
	in := load(t, dir)
	for _, c := range in.Candidates {
		if c.ID == "74012" && (c.Override == nil || c.Override.Rationale != "Doctored video shared widely after his nomination; street name posted.\n" ||
			c.ThreatHistory != "harassment" || c.HomeAddress != "1 Example Road, Reading") {
			t.Errorf("74012 lost hand-entered fields: %+v", c)
		}
	}
}

// A field marked `# keep` is never changed, and the report says so.
func TestMergeKeepMark(t *testing.T) {
	dir := readingPlan(t)
	path := filepath.Join(dir, "candidates.yaml")
	text := strings.Replace(handWritten, "name: Priya Natrajan          # as first reported", "name: Priya Natrajan  # keep: as on the nomination paper", 1)
	writeText(t, path, text)
	r := mustImport(t, Request{Kind: Candidates, Format: "democracyclub", File: docsCandidates, Dir: dir})
	if len(r.Updated) != 0 || len(r.Kept) != 1 || r.Kept[0].ID != "74105" || !slices.Equal(r.Kept[0].Fields, []string{"name"}) {
		t.Errorf("updated %v, kept %v", r.Updated, r.Kept)
	}
	if !strings.Contains(readText(t, path), "name: Priya Natrajan  # keep: as on the nomination paper") {
		t.Error("the kept name changed")
	}
}

// Wherever and however the section is written, the import merges into it.
func TestMergeSectionShapes(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string // written over the scaffold; "" deletes
		check func(t *testing.T, dir string)
	}{
		{"empty flow list with the example below", nil, func(t *testing.T, dir string) {
			got := readText(t, filepath.Join(dir, "candidates.yaml"))
			if !strings.Contains(got, "candidates:\n  - id: \"74012\"") || !strings.Contains(got, "    party: Independent\n# candidates:\n#   - id: \"12345\"") {
				t.Errorf("got:\n%s", got)
			}
		}},
		{"null section", map[string]string{"candidates.yaml": "schema: electplan/v1\ncandidates:\n"}, nil},
		{"no section in the file", map[string]string{"candidates.yaml": "schema: electplan/v1\n# to come\n"}, func(t *testing.T, dir string) {
			if got := readText(t, filepath.Join(dir, "candidates.yaml")); !strings.HasPrefix(got, "schema: electplan/v1\n# to come\n\ncandidates:\n  - id:") {
				t.Errorf("got:\n%s", got)
			}
		}},
		{"no file", map[string]string{"candidates.yaml": ""}, func(t *testing.T, dir string) {
			got := readText(t, filepath.Join(dir, "candidates.yaml"))
			if !strings.HasPrefix(got, "# yaml-language-server: $schema=electplan-v1.schema.json\n#\n# Candidates, imported") {
				t.Errorf("new file:\n%s", got)
			}
			if _, err := os.Stat(filepath.Join(dir, "candidates.yaml.bak")); err == nil {
				t.Error("a backup of a file that did not exist")
			}
		}},
		{"section in another file", map[string]string{"candidates.yaml": "", "people.yaml": "schema: electplan/v1\ncandidates:\n  - id: \"74105\"\n    name: P\n    constituency: E14001438\n"},
			func(t *testing.T, dir string) {
				if _, err := os.Stat(filepath.Join(dir, "candidates.yaml")); err == nil {
					t.Error("candidates.yaml created beside people.yaml")
				}
				if got := readText(t, filepath.Join(dir, "people.yaml")); strings.Count(got, "- id:") != 8 {
					t.Errorf("people.yaml:\n%s", got)
				}
			}},
		{"flow list with items", map[string]string{"candidates.yaml": "schema: electplan/v1\ncandidates: [{id: \"74105\", name: P, constituency: E14001438, briefing_offered: 2027-02-22}]  # from the SoPN\n"},
			func(t *testing.T, dir string) {
				in := load(t, dir)
				if len(in.Candidates) != 8 || in.Candidates[0].BriefingOffered == nil || in.Candidates[0].Name != "Priya Natarajan" {
					t.Errorf("candidates: %+v", in.Candidates[0])
				}
			}},
		{"windows line endings", map[string]string{"candidates.yaml": strings.ReplaceAll(handWritten, "\n", "\r\n")}, func(t *testing.T, dir string) {
			got := readText(t, filepath.Join(dir, "candidates.yaml"))
			if strings.Count(got, "\n") != strings.Count(got, "\r\n") {
				t.Error("line endings mixed")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := readingPlan(t)
			for name, text := range tt.files {
				path := filepath.Join(dir, name)
				if text == "" {
					if err := os.Remove(path); err != nil {
						t.Fatal(err)
					}
					continue
				}
				writeText(t, path, text)
			}
			mustImport(t, Request{Kind: Candidates, Format: "democracyclub", File: docsCandidates, Dir: dir})
			if in := load(t, dir); len(in.Candidates) < 8 {
				t.Errorf("%d candidates after the import", len(in.Candidates))
			}
			if tt.check != nil {
				tt.check(t, dir)
			}
		})
	}
}

// Stations split over two files are updated where they are; new ones go
// to the conventional file.
func TestMergeSplitFiles(t *testing.T) {
	dir := readingPlan(t)
	if err := os.Remove(filepath.Join(dir, "polling-stations.yaml")); err != nil {
		t.Fatal(err)
	}
	north := "schema: electplan/v1\npolling_stations:\n  - id: \"242\"\n    constituency: E14001438\n    name: Caversham Library\n    ro_rating: red\n"
	south := "schema: electplan/v1\npolling_stations:\n  - id: \"357\"\n    constituency: E14001438\n    name: Whitley CC\n    notes: car park floods\n"
	writeText(t, filepath.Join(dir, "polling-stations-north.yaml"), north)
	writeText(t, filepath.Join(dir, "polling-stations-south.yaml"), south)
	r := mustImport(t, Request{Kind: Stations, Format: "xpress-dc", File: "../../docs/by-election/reading-central-polling-stations.csv", Dir: dir, Constituency: readingCode})
	if len(r.Added) != 15 || len(r.Updated) != 2 {
		t.Fatalf("added %d, updated %v", len(r.Added), r.Updated)
	}
	s := readText(t, filepath.Join(dir, "polling-stations-south.yaml"))
	if !strings.Contains(s, "name: Whitley Community Centre") || !strings.Contains(s, "notes: car park floods") {
		t.Errorf("south:\n%s", s)
	}
	if n := readText(t, filepath.Join(dir, "polling-stations-north.yaml")); strings.Count(n, "- id:") != 16 || !strings.Contains(n, "ro_rating: red") {
		t.Errorf("north (the first file with the section takes new stations):\n%s", n)
	}
}

// --dry-run reports the changes and writes nothing; importing the same
// file twice changes nothing the second time.
func TestDryRunAndIdempotence(t *testing.T) {
	dir := readingPlan(t)
	before := snapshot(t, dir)
	r := mustImport(t, Request{Kind: Stations, Format: "xpress-dc", File: "../../docs/by-election/reading-central-polling-stations.csv", Dir: dir,
		Constituency: readingCode, DryRun: true})
	if len(r.Added) != 17 || len(r.Writes) != 1 || r.Written() {
		t.Errorf("dry run: added %d, writes %v, written %v", len(r.Added), r.Writes, r.Written())
	}
	if after := snapshot(t, dir); !mapsEqual(before, after) {
		t.Error("the dry run changed the folder")
	}
	mustImport(t, Request{Kind: Stations, Format: "xpress-dc", File: "../../docs/by-election/reading-central-polling-stations.csv", Dir: dir, Constituency: readingCode})
	once := snapshot(t, dir)
	again := mustImport(t, Request{Kind: Stations, Format: "xpress-dc", File: "../../docs/by-election/reading-central-polling-stations.csv", Dir: dir, Constituency: readingCode})
	if again.Unchanged != 17 || len(again.Writes) != 0 {
		t.Errorf("second import: unchanged %d, writes %v", again.Unchanged, again.Writes)
	}
	if twice := snapshot(t, dir); !mapsEqual(once, twice) {
		t.Error("the second import changed the folder")
	}
}

// An import that would leave a real problem writes nothing and says why:
// here the organiser moved a hustings to start after the end the SPOC had
// typed in.
func TestBlockedImportWritesNothing(t *testing.T) {
	dir := readingPlan(t)
	sheet := filepath.Join(t.TempDir(), "hustings.csv")
	writeText(t, sheet, "Election ID,Title of event,Date (DD-MM-YYYY),Start time (00:00),Location\n"+
		"parl.reading-central.by.2027-03-18,Caversham hustings,15-03-2027,19:30,St Andrew's Church\n")
	mustImport(t, Request{Kind: Hustings, Format: "wcivf", File: sheet, Dir: dir})
	path := filepath.Join(dir, "events.yaml")
	writeText(t, path, strings.Replace(readText(t, path), "start: 2027-03-15T19:30\n", "start: 2027-03-15T19:30\n    end: 2027-03-15T21:00\n", 1))
	before := snapshot(t, dir)
	writeText(t, sheet, strings.Replace(readText(t, sheet), "19:30", "21:30", 1))
	r, err := Import(Request{Kind: Hustings, Format: "wcivf", File: sheet, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Blocked || len(r.NewProblems) != 1 || !strings.Contains(r.NewProblems[0].Message, "ends (2027-03-15T21:00) before it starts (2027-03-15T21:30)") {
		t.Fatalf("blocked %v, new problems %v", r.Blocked, r.NewProblems)
	}
	if after := snapshot(t, dir); !mapsEqual(before, after) {
		t.Error("a blocked import wrote to the folder")
	}
}

// Problems already in the folder are not the import's: it goes ahead.
func TestImportIntoAFolderWithOtherProblems(t *testing.T) {
	dir := readingPlan(t)
	path := filepath.Join(dir, "resources.yaml")
	writeText(t, path, strings.Replace(readText(t, path), "shift_hours: 8", "shift_hours: 30", 1))
	r, err := Import(Request{Kind: Candidates, Format: "democracyclub", File: docsCandidates, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if r.Blocked || !r.Written() || len(r.NewProblems) != 0 {
		t.Errorf("blocked %v, written %v, new problems %v", r.Blocked, r.Written(), r.NewProblems)
	}
	if !slices.ContainsFunc(r.Problems, func(p plan.Problem) bool { return strings.Contains(p.Message, "shift_hours") }) {
		t.Errorf("the folder's own problem is not reported: %v", r.Problems)
	}
}

func TestImportIntoAMissingFolder(t *testing.T) {
	_, err := Import(Request{Kind: Candidates, Format: "democracyclub", File: docsCandidates, Dir: filepath.Join(t.TempDir(), "nope")})
	if err == nil || !strings.Contains(err.Error(), "start it with `electplan init") {
		t.Errorf("got %v", err)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// A general-election folder straight from init has no constituencies yet:
// the import says so instead of leaving every record out.
func TestImportIntoAFolderWithoutConstituencies(t *testing.T) {
	files, err := plan.Scaffold(plan.ScaffoldOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range files {
		writeText(t, filepath.Join(dir, name), string(data))
	}
	_, err = Import(Request{Kind: Candidates, Format: "democracyclub", File: docsCandidates, Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "has no constituencies the import can use: list them in election.yaml") {
		t.Errorf("got %v", err)
	}
}

// A finished plan refers to boundary files beside its YAML; the import
// validates the folder with them, and says when an imported hustings looks
// like one the SPOC typed in under another id.
func TestImportIntoTheExampleFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "by-election")
	if err := os.CopyFS(dir, os.DirFS("../../examples/by-election")); err != nil {
		t.Fatal(err)
	}
	r := mustImport(t, Request{Kind: Hustings, Format: "wcivf", File: "../../docs/by-election/whocanivotefor-hustings.csv", Dir: dir, DryRun: true})
	if len(r.Problems.Errors()) != 0 || !notesContain(r, `event "H-573f7df5" Churches Together in Reading hustings looks like "BE-02" in events.yaml (the same title and day)`) {
		t.Errorf("problems %v\nnotes:\n%s", r.Problems, strings.Join(r.Notes, "\n"))
	}
	r = mustImport(t, Request{Kind: Stations, Format: "xpress-dc", File: "../../docs/by-election/reading-central-polling-stations.csv", Dir: dir, DryRun: true})
	if len(r.Added) != 0 || len(r.Updated) == 0 || r.Blocked {
		t.Errorf("added %d, updated %d, blocked %v", len(r.Added), len(r.Updated), r.Blocked)
	}
}
