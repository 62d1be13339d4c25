package importers

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/plan/geo"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Every sample export imports into a plan folder that validates; stations
// without coordinates are reported, never given a location.
func TestStationSamples(t *testing.T) {
	type station struct {
		id, name, address, postcode string
		districts                   []string
		grid                        [2]float64 // easting, northing; zero when none
		latLon                      [2]float64
	}
	tests := []struct {
		format, file string
		places       int
		first        station
		noCoords     int
		note         string
	}{
		{"xpress-dc", "wdiv_xpress_democracyclub_barnet_2019-05-23.csv", 1,
			station{id: "2322", name: "Flash Musicals Youth Theatre", address: "Methuen Road, Edgware", postcode: "HA8 6EZ", districts: []string{"EAA"}}, 1, ""},
		{"xpress-weblookup", "wdiv_xpress_weblookup_leeds.csv", 1,
			station{id: "5685", name: "Wigton Moor United Reformed Church", address: "(Rear Entrance), High Ash Drive, Leeds", postcode: "LS17 8RE", districts: []string{"ALA"}}, 1, ""},
		{"idox-eros", "wdiv_idox_eros_chorley.csv", 1,
			station{id: "1", name: "FAIR VIEW YOUTH & COMMUNITY CENTRE", address: "HIGHFIELD ROAD NORTH, ADLINGTON, CHORLEY, LANCS", postcode: "PR6 9RN"}, 1, ""},
		{"halarose", "wdiv_halarose_test.csv", 2,
			station{id: "19", name: "The Heron Theatre", address: "Beetham", districts: []string{"BEETHAM EAST (AD)"}, grid: [2]float64{349506, 479545}}, 0, ""},
		{"democracy-counts", "wdiv_democracycounts_stations_barnet.csv", 13,
			station{id: "B1/1", name: "Hadley Memorial Hall", address: "29 Hadley Highstone, Barnet, Herts", postcode: "EN5 4PU", districts: []string{"B1/1"}}, 13,
			`"B100/1" and "B101" (St Paul's Centre)`},
		{"fcs", "wdiv_fcs_waltham_forest.json", 2,
			station{id: "3250", name: "London Ability", address: "5 - 11 Ellingham Road, Leytonstone, London", postcode: "E15 2AU", districts: []string{"Cann Hall D"}}, 2, ""},
		{"eoni", "eoni_constructed_belfast.csv", 4,
			station{id: "1101", name: "Fane Street Primary School", address: "Fane Street, Belfast", postcode: "BT9 5BJ", latLon: [2]float64{54.5879, -5.94902}}, 2,
			"Irish Grid"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			dir := readingPlan(t)
			r := mustImport(t, Request{Kind: Stations, Format: tt.format, File: filepath.Join("testdata", tt.file), Dir: dir, Constituency: readingCode})
			if r.Records != tt.places || len(r.Added) != tt.places {
				t.Errorf("read %d places, added %d; want %d", r.Records, len(r.Added), tt.places)
			}
			if tt.note != "" && !notesContain(r, tt.note) {
				t.Errorf("notes lack %q: %q", tt.note, r.Notes)
			}
			in := load(t, dir)
			if len(in.PollingStations) != tt.places {
				t.Fatalf("folder has %d stations, want %d", len(in.PollingStations), tt.places)
			}
			s := in.PollingStations[0]
			want := tt.first
			if s.ID != want.id || s.Name != want.name || s.Address != want.address || s.Postcode != want.postcode ||
				!slices.Equal(s.Districts, want.districts) || s.Constituency != readingCode {
				t.Errorf("first station = %q %q %q %q %v %s\nwant %+v", s.ID, s.Name, s.Address, s.Postcode, s.Districts, s.Constituency, want)
			}
			switch {
			case want.grid != [2]float64{}:
				if s.Location == nil || !s.Location.Grid || s.Location.Easting != want.grid[0] || s.Location.Northing != want.grid[1] {
					t.Errorf("location = %+v, want grid %v", s.Location, want.grid)
				}
			case want.latLon != [2]float64{}:
				if s.Location == nil || math.Abs(s.Location.Lat-want.latLon[0]) > 1e-6 || math.Abs(s.Location.Lon-want.latLon[1]) > 1e-6 {
					t.Errorf("location = %+v, want %v", s.Location, want.latLon)
				}
			}
			missing := 0
			for _, s := range in.PollingStations {
				if s.Location == nil {
					missing++
				}
			}
			if missing != tt.noCoords {
				t.Errorf("%d stations without a location, want %d", missing, tt.noCoords)
			}
			if tt.noCoords > 0 && tt.format != "eoni" && !notesContain(r, "no coordinates in the export") {
				t.Errorf("missing coordinates not reported: %q", r.Notes)
			}
		})
	}
}

// The EONI export is Windows-1252: names with accents come out right.
func TestEONIDecodesWindows1252(t *testing.T) {
	dir := readingPlan(t)
	r := mustImport(t, Request{Kind: Stations, Format: "eoni", File: "testdata/eoni_constructed_belfast.csv", Dir: dir, Constituency: readingCode})
	if !notesContain(r, "not UTF-8: read as Windows-1252") {
		t.Errorf("no decoding note: %q", r.Notes)
	}
	if !strings.Contains(readText(t, filepath.Join(dir, "polling-stations.yaml")), "name: Halla Pobail Naomh Bríd") {
		t.Error("the accented name was not decoded")
	}
}

// --boundaries places each station by its location; stations outside the
// plan's constituencies are left out, those without coordinates take
// --constituency or are reported.
func TestStationsByBoundaries(t *testing.T) {
	const cut = "testdata/pcon_jul2024_test_cut.geojson"
	t.Run("halarose by the generalised file", func(t *testing.T) {
		dir := newPlan(t, "E14001372", "Morecambe and Lunesdale", readingPoll)
		r := mustImport(t, Request{Kind: Stations, Format: "halarose", File: "testdata/wdiv_halarose_test.csv", Dir: dir, Boundaries: cut})
		if len(r.Added) != 2 {
			t.Errorf("added %v, want both venues", r.Added)
		}
	})
	// Beetham and Milnthorpe are in Westmorland and Lonsdale, but the
	// generalised (BUC) outline puts them 0.3–2.5 km inside Morecambe and
	// Lunesdale: the note must say where they went and why that can be.
	t.Run("generalised boundaries misplace border stations", func(t *testing.T) {
		dir := newPlan(t, "E14001580", "Westmorland and Lonsdale", readingPoll)
		c := &collector{}
		src, err := os.Open("testdata/wdiv_halarose_test.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		_, _, err = importStations(src, Request{Kind: Stations, Format: "halarose", File: "h.csv", Dir: dir, Boundaries: cut},
			newFolder(load(t, dir)), c, &Report{})
		if err == nil {
			t.Fatal("want no station placed")
		}
		if !slices.ContainsFunc(c.notes, func(n string) bool {
			return strings.Contains(n, `"19" The Heron Theatre (Morecambe and Lunesdale)`) && strings.Contains(n, "generalised")
		}) {
			t.Errorf("notes: %q", c.notes)
		}
	})
	t.Run("halarose is not in Reading", func(t *testing.T) {
		dir := readingPlan(t)
		_, err := Import(Request{Kind: Stations, Format: "halarose", File: "testdata/wdiv_halarose_test.csv", Dir: dir, Boundaries: cut})
		ps := invalidProblems(t, err)
		if !strings.Contains(ps[0].Message, "none of the 2 polling places in the file is in this plan's constituencies") {
			t.Errorf("got %s", ps[0])
		}
	})
	t.Run("reading export, no fallback", func(t *testing.T) {
		dir := readingPlan(t)
		r := mustImport(t, Request{Kind: Stations, Format: "xpress-dc", File: "../../docs/by-election/reading-central-polling-stations.csv", Dir: dir, Boundaries: cut})
		if len(r.Added) != 15 || !notesContain(r, "2 stations could not be placed in a constituency") {
			t.Errorf("added %d; notes %q", len(r.Added), r.Notes)
		}
	})
	t.Run("reading export, fallback", func(t *testing.T) {
		dir := readingPlan(t)
		r := mustImport(t, Request{Kind: Stations, Format: "xpress-dc", File: "../../docs/by-election/reading-central-polling-stations.csv", Dir: dir,
			Boundaries: cut, Constituency: readingCode})
		if len(r.Added) != 17 {
			t.Errorf("added %d, want 17", len(r.Added))
		}
	})
	t.Run("bad boundary file", func(t *testing.T) {
		dir := readingPlan(t)
		_, err := Import(Request{Kind: Stations, Format: "halarose", File: "testdata/wdiv_halarose_test.csv", Dir: dir,
			Boundaries: "testdata/wdiv_fcs_waltham_forest.json"})
		var fe *FlagError
		if !errors.As(err, &fe) || fe.Flag != "--boundaries" {
			t.Errorf("got %v, want a --boundaries flag error", err)
		}
	})
}

// A plan with several constituencies needs --constituency or --boundaries.
func TestStationsNeedAConstituency(t *testing.T) {
	dir := readingPlan(t)
	election := filepath.Join(dir, "election.yaml")
	text := readText(t, election)
	text = strings.Replace(text, "constituencies:\n", "constituencies:\n  - code: E14001439\n    name: Reading West and Mid Berkshire\n    returning_officer:\n      name: <acting returning officer's name>\n", 1)
	writeText(t, election, text)
	_, err := Import(Request{Kind: Stations, Format: "halarose", File: "testdata/wdiv_halarose_test.csv", Dir: dir})
	var fe *FlagError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "give --constituency CODE or --boundaries FILE") {
		t.Errorf("got %v", err)
	}
	_, err = Import(Request{Kind: Stations, Format: "halarose", File: "testdata/wdiv_halarose_test.csv", Dir: dir, Constituency: "E14000001"})
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "is not one of this plan's constituencies") {
		t.Errorf("got %v", err)
	}
}

// Bad files are refused with a clear problem at file:line; awkward but
// readable ones are read, with a note.
func TestStationFileProblems(t *testing.T) {
	sample := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	xpress := sample("wdiv_xpress_democracyclub_barnet_2019-05-23.csv")
	header, _, _ := bytes.Cut(xpress, []byte("\n"))
	cp1252, _ := charmap.Windows1252.NewEncoder().Bytes(bytes.ReplaceAll(xpress, []byte("Flash Musicals"), []byte("Flâsh Musicals")))
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(bytes.ReplaceAll(xpress, []byte(","), []byte("\t")))
	long := append(append([]byte{}, header...), []byte("\n\"unclosed,"+strings.Repeat("x", maxRowBytes+10))...)
	tests := []struct {
		name, format string
		data         []byte
		problem      string // "" when the file must read
		note         string
	}{
		{"empty", "xpress-dc", nil, "1:1: the file is empty", ""},
		{"blank", "halarose", []byte("\n\n  \n"), "the file is empty", ""},
		{"xlsx", "xpress-dc", []byte("PK\x03\x04\x14\x00\x06\x00"), "Excel workbook", ""},
		{"binary", "xpress-dc", []byte("abc\x00\x01\x02"), "binary file", ""},
		{"header only", "xpress-dc", append(header, '\n'), "the file has no polling places", ""},
		{"no header", "xpress-dc", []byte("1,2,3\n4,5,6\n"), "no header row", ""},
		{"another format", "xpress-dc", sample("wdiv_xpress_weblookup_leeds.csv"),
			"missing columns Polling_Place_Id, Polling_Place_Name, Polling_Place_Address_1, Polling_Place_Postcode, Polling_Place_Easting, Polling_Place_Northing: the xpress-dc format (Xpress \"Democracy Club\" export) has them — this header looks like xpress-weblookup (Xpress WebLookup export): try --format xpress-weblookup", ""},
		{"candidates file", "halarose", sample("dc_candidates.csv"), "use `electplan import candidates --format democracyclub`", ""},
		{"districts file", "democracy-counts", sample("wdiv_democracycounts_districts_barnet.csv"), "import the stations file, the one with a PlaceName column", ""},
		{"json for csv", "halarose", sample("wdiv_fcs_waltham_forest.json"), "this is a JSON file, not CSV — FCS exports are JSON: try --format fcs", ""},
		{"csv for json", "fcs", sample("wdiv_halarose_test.csv"), "this is not JSON — this looks like the Halarose export: try --format halarose", ""},
		{"truncated json", "fcs", sample("wdiv_fcs_waltham_forest.json")[:700], "JSON", ""},
		{"json object", "fcs", []byte(`{"stations": []}`), "expected a JSON list of polling stations", ""},
		{"extra field", "halarose", append(sample("wdiv_halarose_test.csv"), []byte("1,2,3,4,5,6,7,LA7 7RJ,19,The Heron Theatre,3,Beetham,,,,,,,349506,479545,19,BEETHAM,extra,more\n")...),
			"wdiv.csv:7:", ""},
		{"unclosed quote", "xpress-dc", long, "a row longer than 1 MiB", ""},
		{"semicolons", "xpress-dc", bytes.ReplaceAll(xpress, []byte(","), []byte(";")), "", "semicolon-separated"},
		{"tabs, UTF-16", "xpress-dc", utf16, "", "UTF-16"},
		{"windows-1252", "xpress-dc", cp1252, "", "read as Windows-1252"},
		{"byte-order mark", "xpress-dc", append([]byte("\xef\xbb\xbf"), xpress...), "", ""},
		{"title rows", "xpress-dc", append([]byte("Polling stations export\nBarnet,2019\n\n"), xpress...), "", ""},
		{"excel sep line", "xpress-dc", append([]byte("sep=;\n"), bytes.ReplaceAll(xpress, []byte(","), []byte(";"))...), "", ""},
		{"crlf", "xpress-dc", bytes.ReplaceAll(xpress, []byte("\n"), []byte("\r\n")), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &collector{}
			sr, err := readStations(bytes.NewReader(tt.data), "wdiv.csv", tt.format, c)
			if err == nil {
				err = c.invalid()
			}
			if tt.problem == "" {
				if err != nil {
					t.Fatalf("want the file read, got %v", err)
				}
				if len(sr.places) == 0 {
					t.Fatal("no places read")
				}
				if tt.note != "" && !slices.ContainsFunc(c.notes, func(n string) bool { return strings.Contains(n, tt.note) }) {
					t.Errorf("notes lack %q: %q", tt.note, c.notes)
				}
				if tt.name == "windows-1252" && sr.places[0].name != "Flâsh Musicals Youth Theatre" {
					t.Errorf("name decoded as %q", sr.places[0].name)
				}
				return
			}
			ps := invalidProblems(t, err)
			if !strings.Contains(joinProblems(ps), tt.problem) {
				t.Errorf("problems:\n%s\nwant %q", joinProblems(ps), tt.problem)
			}
		})
	}
}

// Coordinates: 0,0 and blank are none; nonsense and outside-the-UK
// values are reported and not written; swapped latitude and longitude get
// the hint.
func TestStationCoordinates(t *testing.T) {
	csv := "Add1,Add2,Add3,Add4,Add5,Add6,PostCode,StationCode,Xordinate,Yordinate,PlaceName\n" +
		"Hall Lane,Town,,,,,AB1 2CD,S1,471897,173505,Good Hall\n" +
		"Hall Lane,Town,,,,,AB1 2CD,S2,0,0,Zero Hall\n" +
		"Hall Lane,Town,,,,,AB1 2CD,S3,,,Blank Hall\n" +
		"Hall Lane,Town,,,,,AB1 2CD,S4,n/a,173505,Text Hall\n" +
		"Hall Lane,Town,,,,,AB1 2CD,S5,-5,173505,Negative Hall\n" +
		"Hall Lane,Town,,,,,AB1 2CD,S6,\"471,897.5\",173505,Comma Hall\n"
	c := &collector{}
	sr, err := readStations(strings.NewReader(csv), "s.csv", "democracy-counts", c)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, p := range sr.places {
		got[p.id] = p.loc != nil
	}
	want := map[string]bool{"S1": true, "S2": false, "S3": false, "S4": false, "S5": false, "S6": true}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s has location %v, want %v", id, got[id], w)
		}
	}
	if len(c.warns) != 2 || !strings.Contains(c.warns[0].Message, `easting "n/a" is not a number`) ||
		!strings.Contains(c.warns[1].Message, "not a British National Grid reference") {
		t.Errorf("warnings: %v", c.warns)
	}
	json := `[{"stationId": 1, "name": "Swapped", "latitude": -0.97, "longitude": 51.45},
	          {"stationId": "2", "name": "Right", "latitude": 51.45, "longitude": -0.97},
	          {"stationId": 3, "name": "Abroad", "latitude": 48.85, "longitude": 2.35}]`
	c = &collector{}
	sr, err = readStations(strings.NewReader(json), "s.json", "fcs", c)
	if err != nil {
		t.Fatal(err)
	}
	if sr.places[0].loc != nil || sr.places[1].loc == nil || sr.places[2].loc != nil {
		t.Errorf("locations: %v %v %v", sr.places[0].loc, sr.places[1].loc, sr.places[2].loc)
	}
	if len(c.warns) != 2 || !strings.Contains(c.warns[0].Hint, "swapped") || c.warns[1].Line != 3 {
		t.Errorf("warnings: %v", c.warns)
	}
}

func TestAssembleAddress(t *testing.T) {
	tests := []struct {
		name     string
		parts    []string
		postcode string
		wantName string
		address  string
		pc       string
	}{
		{"Hall", []string{"Hall", "1 High St", "", "Town"}, "ab1 2cd", "Hall", "1 High St, Town", "ab1 2cd"},
		{"", []string{"Hall", "1  High St", "Town", "AB1 2CD"}, "", "Hall", "1 High St, Town", "AB1 2CD"},
		{"Hall", []string{"1 High St", "1 High St", "AB1 2CD"}, "AB1 2CD", "Hall", "1 High St", "AB1 2CD"},
	}
	for _, tt := range tests {
		name := tt.name
		address, pc := assembleAddress(&name, tt.parts, tt.postcode)
		if name != tt.wantName || address != tt.address || pc != tt.pc {
			t.Errorf("assembleAddress(%q, %q, %q) = %q, %q, %q", tt.name, tt.parts, tt.postcode, name, address, pc)
		}
	}
}

// The boundary reader takes the ONS code and name properties (not the
// Welsh name), Polygon and MultiPolygon features, and refuses what is not
// a FeatureCollection of areas.
func TestParseBoundaries(t *testing.T) {
	data, err := os.ReadFile("testdata/pcon_jul2024_test_cut.geojson")
	if err != nil {
		t.Fatal(err)
	}
	b, err := geo.ParseBoundaries(data)
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 10 {
		t.Errorf("%d areas, want 10", b.Len())
	}
	reading := plan.GridRef(472047, 173669) // Central Library, Reading
	if a, ok := b.Find(geo.Point{Lat: reading.Lat, Lon: reading.Lon}); !ok || a.Code != "E14001438" || a.Name != "Reading Central" {
		t.Errorf("Find = %+v, %v", a, ok)
	}
	if _, ok := b.Find(geo.Point{Lat: 48.85, Lon: 2.35}); ok {
		t.Error("Paris is in a constituency")
	}
	multi := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"PCON24CD":"W07000001","PCON24NM":"Ynys Môn","PCON24NMW":"Ynys Môn (cy)"},
	  "geometry":{"type":"MultiPolygon","coordinates":[[[[-4.7,53.1],[-4.0,53.1],[-4.0,53.45],[-4.7,53.45],[-4.7,53.1]]],[[[-4.9,53.2],[-4.8,53.2],[-4.8,53.3],[-4.9,53.2]]]]}},
	  {"type":"Feature","properties":{"name":"a line"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]}`
	b, err = geo.ParseBoundaries([]byte(multi))
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := b.Find(geo.Point{Lat: 53.3, Lon: -4.3}); !ok || a.Name != "Ynys Môn" || b.Len() != 1 {
		t.Errorf("Find = %+v, %v; %d areas", a, ok, b.Len())
	}
	for _, bad := range []string{`[]`, `{"type":"Feature"}`, `{"type":"FeatureCollection","features":[]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`,
		`not json`} {
		if _, err := geo.ParseBoundaries([]byte(bad)); err == nil {
			t.Errorf("ParseBoundaries(%s) accepted", bad)
		}
	}
}

// A location the SPOC pinned with # keep stays, whatever the export says.
func TestKeepOnAFlowLocation(t *testing.T) {
	dir := readingPlan(t)
	path := filepath.Join(dir, "polling-stations.yaml")
	writeText(t, path, "schema: electplan/v1\npolling_stations:\n  - id: \"204\"\n    constituency: E14001438\n    name: Central Library\n"+
		"    location: {lat: 51.4575, lon: -0.9641}  # keep: the entrance, not the car park\n")
	r := mustImport(t, Request{Kind: Stations, Format: "xpress-dc", File: "../../docs/by-election/reading-central-polling-stations.csv", Dir: dir, Constituency: readingCode})
	if len(r.Kept) != 1 || r.Kept[0].ID != "204" || !slices.Equal(r.Kept[0].Fields, []string{"location"}) {
		t.Errorf("kept %+v", r.Kept)
	}
	// The item is rewritten (its address and districts came in), so the
	// spacing before the comment may change; the value and comment stay.
	if got := readText(t, path); !strings.Contains(got, "    location: {lat: 51.4575, lon: -0.9641} # keep: the entrance, not the car park\n") {
		t.Errorf("the pinned location changed:\n%s", got)
	}
}

// A file at the conventional name that is not an input file of the
// standard is never overwritten.
func TestNonStandardFileIsNotOverwritten(t *testing.T) {
	dir := readingPlan(t)
	path := filepath.Join(dir, "polling-stations.yaml")
	writeText(t, path, "# notes from the RO meeting\nstations: to follow\n")
	_, err := Import(Request{Kind: Stations, Format: "halarose", File: "testdata/wdiv_halarose_test.csv", Dir: dir, Constituency: readingCode})
	if err == nil || !strings.Contains(err.Error(), "is there but is not an input file of the standard") {
		t.Errorf("got %v", err)
	}
	if readText(t, path) != "# notes from the RO meeting\nstations: to follow\n" {
		t.Error("the file was overwritten")
	}
}
