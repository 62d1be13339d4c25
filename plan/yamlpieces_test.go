package plan

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// inPieces parses data as parseYAML does for a big file, in pieces of a
// few kilobytes, reporting whether it was parsed in pieces at all.
func inPieces(t *testing.T, data []byte) (yaml.Node, error, bool) {
	t.Helper()
	defer func(from, size int) { piecesFrom, pieceBytes = from, size }(piecesFrom, pieceBytes)
	piecesFrom, pieceBytes = 0, 2<<10
	var root yaml.Node
	err := parseYAML(data, &root)
	l, ok := findList(data)
	return root, err, ok && len(l.items) > 1
}

// A file with its list at the top, a document marker first, is still
// parsed in pieces; the ways of writing that make a file be parsed whole
// are found.
func TestWhichFilesAreParsedInPieces(t *testing.T) {
	base := stationsYAML(100, "  ", "\n")
	for text, want := range map[string]bool{
		base:                      true,
		"---\n" + base:            true,
		"%YAML 1.2\n---\n" + base: false,
		base + "---\nother: 1\n":  false,
		base + "...\n":            false,
		strings.Replace(base, "  - id", "\t- id", 1):        false,
		strings.Replace(base, "Hall 3'", "Hall\u20283'", 1): false,
		strings.ReplaceAll(base, "\n", "\r\n"):              true,
	} {
		if _, _, got := inPieces(t, []byte(text)); got != want {
			t.Errorf("in pieces %v, want %v, for a file starting %q", got, want, text[:min(len(text), 40)])
		}
	}
}

// sameTree reports where two node trees differ, or "".
func sameTree(a, b *yaml.Node, at string) string {
	if a.Kind != b.Kind || a.Style != b.Style || a.Tag != b.Tag || a.Value != b.Value || a.Anchor != b.Anchor ||
		a.Line != b.Line || a.Column != b.Column || len(a.Content) != len(b.Content) {
		return fmt.Sprintf("%s: %d:%d %q vs %d:%d %q", at, a.Line, a.Column, a.Value, b.Line, b.Column, b.Value)
	}
	if (a.Alias == nil) != (b.Alias == nil) {
		return at + ": alias"
	}
	if a.Alias != nil && (a.Alias.Line != b.Alias.Line || a.Alias.Column != b.Alias.Column) {
		return fmt.Sprintf("%s: alias to %d:%d vs %d:%d", at, a.Alias.Line, a.Alias.Column, b.Alias.Line, b.Alias.Column)
	}
	for i := range a.Content {
		if d := sameTree(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", at, i)); d != "" {
			return d
		}
	}
	return ""
}

// stationsYAML is a long list of stations written the ways a SPOC or an
// export might: comments, blank lines, quoted and block text, flow lists,
// with the list at indent and something after it.
func stationsYAML(n int, indent string, eol string) string {
	var b strings.Builder
	b.WriteString("# stations for the count" + eol + "schema: electplan/v1" + eol + "polling_stations:" + eol)
	for i := range n {
		fmt.Fprintf(&b, "%s- id: \"S%04d\"%s", indent, i, eol)
		fmt.Fprintf(&b, "%s  name: 'St Mary & St John''s Hall %d' # a comment%s", indent, i, eol)
		if i%7 == 0 {
			fmt.Fprintf(&b, "%s  notes: |%s%s    ramp at the side door%s%s%s    key from the caretaker%s", indent, eol, indent, eol, eol, indent, eol)
		}
		if i%11 == 0 {
			fmt.Fprintf(&b, "%s  access: >-%s%s    folded%s%s    text%s%s", indent, eol, indent, eol, indent, eol, eol)
		}
		fmt.Fprintf(&b, "%s  districts: [A%d, B%d]%s", indent, i, i, eol)
		fmt.Fprintf(&b, "%s  location:%s%s    lat: 51.%d%s%s    lon: -3.%d%s", indent, eol, indent, i, eol, indent, i, eol)
		if i%13 == 0 {
			b.WriteString(eol + "# next lot" + eol)
		}
	}
	b.WriteString("counts:" + eol + "  - id: C1" + eol + "    name: Leisure Centre" + eol)
	return b.String()
}

// A big file parsed in pieces gives the tree the whole file parses to,
// line and column numbers included.
func TestPiecesParseAsTheWhole(t *testing.T) {
	cases := map[string]string{
		"indented":     stationsYAML(400, "  ", "\n"),
		"at column 0":  stationsYAML(400, "", "\n"),
		"CRLF":         stationsYAML(400, "    ", "\r\n"),
		"list at end":  strings.Split(stationsYAML(300, "  ", "\n"), "counts:")[0],
		"kept newline": strings.ReplaceAll(stationsYAML(300, "  ", "\n"), "notes: |", "notes: |+"),
		"plain":        "schema: electplan/v1\npolling_stations:\n" + plainStations(300) + "counts: []\n",
		"plain, one odd item": "polling_stations:\n" + strings.Replace(plainStations(300), "Scout Hut 150\n",
			"Scout Hut 150 # a comment\n", 1),
	}
	for _, dir := range []string{"general-election", "by-election"} {
		for _, name := range []string{"polling-stations.yaml", "events.yaml", "candidates.yaml"} {
			if b, err := os.ReadFile(filepath.Join("..", "examples", dir, name)); err == nil {
				cases[dir+"/"+name] = string(b)
			}
		}
	}
	for name, text := range cases {
		var whole yaml.Node
		if err := yaml.Unmarshal([]byte(text), &whole); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err, split := inPieces(t, []byte(text))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !split && !strings.Contains(name, "/") {
			t.Errorf("%s: not parsed in pieces", name)
		}
		if d := sameTree(&whole, &got, name); d != "" {
			t.Errorf("differs at %s", d)
		}
	}
}

// What a piece cannot parse alone is parsed whole: an alias to an anchor
// in an earlier piece resolves, and a syntax error is the whole file's.
// So are files whose lines YAML counts differently, and files of more
// than one document.
func TestPiecesFallBackToTheWhole(t *testing.T) {
	base := stationsYAML(400, "  ", "\n")
	withAlias := strings.Replace(base, "districts: [A0, B0]", "districts: &d [A0, B0]", 1)
	withAlias = strings.Replace(withAlias, "districts: [A390, B390]", "districts: *d", 1)
	// An anchor defined again further down the list, and used after it:
	// the alias takes the later definition.
	redefined := strings.Replace(base, "districts: [A1, B1]", "districts: &d [A1, B1]", 1)
	redefined = strings.Replace(redefined, "districts: [A380, B380]", "districts: &d [A380, B380]", 1)
	redefined += "defaults: *d\n"
	// A quoted text opened in an early item and closed after the list.
	quoted := strings.Replace(base, "name: 'St Mary & St John''s Hall 5'", `name: "St Mary`, 1)
	quoted += `end: x"` + "\n"
	cases := map[string]string{
		"alias": withAlias, "anchor defined again": redefined, "quote across the list": quoted,
		"syntax error":         strings.Replace(base, "name: 'St Mary & St John''s Hall 390'", "name: 'unclosed", 1),
		"second document":      "schema: electplan/v1\npolling_stations: [FIRST]\n---\n" + base,
		"line separator":       strings.Replace(base, "St Mary & St John''s Hall 3'", "St Mary\u2028Hall 3'", 1),
		"next line":            strings.Replace(base, "St Mary & St John''s Hall 3'", "St Mary\u0085Hall 3'", 1),
		"lone carriage return": strings.Replace(base, "# a comment\n", "# a comment\r", 7),
	}
	for name, text := range cases {
		var whole yaml.Node
		wantErr := yaml.Unmarshal([]byte(text), &whole)
		got, err, _ := inPieces(t, []byte(text))
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Errorf("%s: error %v, want %v", name, err, wantErr)
		}
		if wantErr == nil {
			if d := sameTree(&whole, &got, name); d != "" {
				t.Errorf("differs at %s", d)
			}
		}
	}
}

// A long list decoded on every core gives the items and the problems,
// in order, that decoding it one by one gives: here with problems spread
// through the list, and with aliases that expand past the budget.
func TestItemsDecodedAtOnceAsOneByOne(t *testing.T) {
	broken := stationsYAML(300, "  ", "\n")
	broken = strings.Replace(broken, "lat: 51.17", "lat: north", 1)
	broken = strings.Replace(broken, "districts: [A150, B150]", "districtz: [A150, B150]", 1)
	broken = strings.Replace(broken, "lon: -3.290", "lon: 12.5.1", 1)
	// Every station names the same 300 districts: 120,000 values in all,
	// past a budget of 50,000.
	defer func(n int) { maxNodes = n }(maxNodes)
	maxNodes = 50_000
	var laughs strings.Builder
	laughs.WriteString("schema: electplan/v1\npolling_stations:\n  - id: S0\n    districts: &d [" +
		strings.Repeat("D, ", 299) + "D]\n")
	for i := 1; i < 400; i++ {
		fmt.Fprintf(&laughs, "  - id: S%d\n    districts: *d\n", i)
	}
	for name, text := range map[string]string{"problems": broken, "aliases": laughs.String()} {
		decode := func(at int) (*Document, Problems) {
			defer func(n int) { parallelItems = n }(parallelItems)
			parallelItems = at
			var problems problemList
			doc, _ := parseDocument([]byte(text), "polling-stations.yaml", &problems)
			return doc, problems.list
		}
		oneByOne, wantProblems := decode(1 << 30)
		atOnce, gotProblems := decode(2)
		if len(wantProblems) == 0 {
			t.Fatalf("%s: no problems to compare", name)
		}
		if name == "aliases" && !strings.Contains(fmt.Sprint(wantProblems), "too many values") {
			t.Fatalf("aliases: the budget was not spent: %v", wantProblems[:1])
		}
		if fmt.Sprint(gotProblems) != fmt.Sprint(wantProblems) {
			t.Errorf("%s: problems differ:\n%v\n%v", name, gotProblems, wantProblems)
		}
		if fmt.Sprintf("%+v", atOnce) != fmt.Sprintf("%+v", oneByOne) {
			t.Errorf("%s: documents differ", name)
		}
	}
}
