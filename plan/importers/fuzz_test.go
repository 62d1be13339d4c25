package importers

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding/charmap"
)

// Fuzz targets, one per family of reader and one for the merge. Their
// seed corpora (the samples and broken variants of them) run in every
// `go test`; `go test -fuzz FuzzX ./plan/importers` explores further. The
// property is the same throughout: never panic, and end with either
// records or an error that says what is wrong.

// seedVariants adds a file and the ways it is commonly broken.
func seedVariants(f *testing.F, data []byte) {
	f.Helper()
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add(bytes.ReplaceAll(data, []byte(","), []byte(";")))
	f.Add(bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")))
	f.Add(append([]byte("\xef\xbb\xbf"), data...))
	f.Add(bytes.ReplaceAll(data, []byte("\""), nil))
	if enc, err := charmap.Windows1252.NewEncoder().Bytes(bytes.ReplaceAll(data, []byte("e"), []byte("é"))); err == nil {
		f.Add(enc)
	}
	if header, _, ok := bytes.Cut(data, []byte("\n")); ok {
		f.Add(header)
	}
}

func seedFile(f *testing.F, path string) []byte {
	f.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return data
}

// checkOutcome is the property every reader keeps.
func checkOutcome(t *testing.T, n int, err error, c *collector) {
	t.Helper()
	if err == nil {
		err = c.invalid()
	}
	if err == nil {
		if n == 0 {
			t.Fatal("no records and no error")
		}
		return
	}
	var invalid *plan.InvalidError
	if !errors.As(err, &invalid) || len(invalid.Problems) == 0 {
		t.Fatalf("error is not a placed problem: %v", err)
	}
	for _, p := range invalid.Problems {
		if p.Line < 1 || p.Column < 1 || p.Message == "" {
			t.Fatalf("problem without a place or message: %+v", p)
		}
	}
}

func FuzzDemocracyClub(f *testing.F) {
	seedVariants(f, seedFile(f, "testdata/dc_candidates.csv"))
	seedVariants(f, seedFile(f, "testdata/ynmp_candidates_2019.csv"))
	f.Add([]byte{})
	f.Add([]byte("person_id,person_name,ballot_paper_id,party_name,post_label\n\"7,Ann\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &collector{}
		rows, _, err := readCandidates(bytes.NewReader(data), "c.csv", c)
		checkOutcome(t, len(rows), err, c)
	})
}

// csvStationFormats are the stations formats read as CSV.
var csvStationFormats = []string{"xpress-dc", "xpress-weblookup", "idox-eros", "halarose", "democracy-counts", "eoni"}

func FuzzStationsCSV(f *testing.F) {
	for i, file := range []string{
		"wdiv_xpress_democracyclub_barnet_2019-05-23.csv", "wdiv_xpress_weblookup_leeds.csv", "wdiv_idox_eros_chorley.csv",
		"wdiv_halarose_test.csv", "wdiv_democracycounts_stations_barnet.csv", "eoni_constructed_belfast.csv",
	} {
		data := seedFile(f, filepath.Join("testdata", file))
		f.Add(data, uint8(i))
		f.Add(data[:len(data)*2/3], uint8(i))
		f.Add(bytes.ReplaceAll(data, []byte(","), []byte("\t")), uint8(i))
		f.Add(data, uint8(i+1)) // the wrong format
	}
	f.Add(seedFile(f, "testdata/wdiv_democracycounts_districts_barnet.csv"), uint8(4))
	f.Add([]byte("PK\x03\x04"), uint8(0))
	f.Add([]byte("Polling_Place_Id,Polling_Place_Name\n\"unclosed"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		c := &collector{}
		sr, err := readStations(bytes.NewReader(data), "s.csv", csvStationFormats[int(format)%len(csvStationFormats)], c)
		n := 0
		if sr != nil {
			n = len(sr.places)
		}
		checkOutcome(t, n, err, c)
	})
}

func FuzzFCS(f *testing.F) {
	data := seedFile(f, "testdata/wdiv_fcs_waltham_forest.json")
	seedVariants(f, data)
	f.Add([]byte(`[{"stationId": "1", "name": "Hall", "latitude": 51.5, "longitude": -0.1}]`))
	f.Add([]byte(`[{"stationId": {}, "name": 7}]`))
	f.Add([]byte(`[{"id": 1e400, "name": "Hall"}]`))
	f.Add([]byte(`{"type": "FeatureCollection"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &collector{}
		sr, err := readStations(bytes.NewReader(data), "s.json", "fcs", c)
		n := 0
		if sr != nil {
			n = len(sr.places)
		}
		checkOutcome(t, n, err, c)
	})
}

func FuzzWCIVF(f *testing.F) {
	seedVariants(f, seedFile(f, "testdata/wcivf_hustings.csv"))
	seedVariants(f, seedFile(f, "../../docs/by-election/whocanivotefor-hustings.csv"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &collector{}
		rows, _, err := readHustings(bytes.NewReader(data), "h.csv", c)
		checkOutcome(t, len(rows), err, c)
		for _, r := range rows {
			parseSheetDate(r.date)
			parseClock(r.start)
		}
	})
}

// FuzzMerge merges a fixed import into whatever the candidates file
// holds. A file that is not valid YAML, or not the standard, is refused
// or left alone; whatever is written must parse and hold every id.
func FuzzMerge(f *testing.F) {
	f.Add([]byte(handWritten))
	f.Add([]byte(strings.ReplaceAll(handWritten, "\n", "\r\n")))
	f.Add([]byte("schema: electplan/v1\ncandidates: []\n"))
	f.Add([]byte("schema: electplan/v1\ncandidates:\n"))
	f.Add([]byte("schema: electplan/v1\ncandidates: [{id: \"1\"}, {id: \"74012\", name: X}]  # c\nevents: []\n"))
	f.Add([]byte("schema: electplan/v1\ncandidates:\n-   id: \"74012\"\n    name: X\n# foot\n"))
	f.Add([]byte("schema: electplan/v1\ncandidates:\n  -\n    id: \"74012\"\n  - id: &a \"7\"\n    name: *a\n"))
	f.Add([]byte("schema: electplan/v1\ncandidates: {id: 1}\n"))
	f.Add([]byte("candidates: [\n"))
	f.Add([]byte("schema: electplan/v1\ncandidates:\n  - id: \"74012\"\n    name: >\n      long\n      name\n    party: x # keep\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "candidates.yaml"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		recs := []record{
			{id: "74012", name: "Richard Ashby", fields: []field{{path: "id", value: textNode("74012")},
				{path: "name", value: textNode("Richard Ashby")}, {path: "party", value: textNode("Unity Party")},
				{path: "incumbency", value: plainNode("former-mp"), ifUnset: true, comment: "# suggested"}}},
			{id: "5", name: "New", fields: []field{{path: "id", value: textNode("5")}, {path: "name", value: textNode("New")}}},
		}
		m, err := mergeRecords(dir, candidatesSection, recs, func(*yaml.Node) bool { return true })
		if err != nil {
			return // refused: not YAML, or a merge the guard caught
		}
		for _, w := range m.writes {
			var doc yaml.Node
			if err := yaml.Unmarshal(w.data, &doc); err != nil {
				t.Fatalf("merged %s is not YAML: %v\n%s", w.Name, err, w.data)
			}
			seq := mapValue(doc.Content[0], "candidates")
			ids := map[string]bool{}
			for _, item := range seq.Content {
				ids[scalarAt(item, "id")] = true
			}
			if !ids["74012"] || !ids["5"] {
				t.Fatalf("merged %s lacks an imported id:\n%s", w.Name, w.data)
			}
		}
	})
}
