package plan

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// libraryItems is what the YAML library reads a lot of a list as: its
// items, with their lines counted from first.
func libraryItems(data []byte, first int) ([]*yaml.Node, bool) {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.SequenceNode {
		return nil, false
	}
	shiftLines(&doc, first-1)
	return doc.Content[0].Content, true
}

// checkPlain holds plainItems to the library on one lot, reporting
// whether plainItems read it.
func checkPlain(t *testing.T, text string, first int) bool {
	t.Helper()
	got, ok := plainItems([]byte(text), first)
	if !ok {
		return false
	}
	want, libOK := libraryItems([]byte(text), first)
	if !libOK {
		t.Fatalf("read a lot the library refuses:\n%s", text)
	}
	a := yaml.Node{Kind: yaml.SequenceNode, Content: got}
	b := yaml.Node{Kind: yaml.SequenceNode, Content: want}
	if d := sameTree(&a, &b, "items"); d != "" {
		t.Fatalf("differs from the library at %s (plain first), reading:\n%s", d, text)
	}
	// Anchors and aliases are never read. (Comments are skipped, and
	// sameTree does not compare them: nothing reads them.)
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Anchor != "" || n.Alias != nil {
			t.Fatalf("the library found an anchor or alias in a lot plainItems read:\n%s", text)
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&b)
	return true
}

// plainStations is a list of n stations written as electplan writes a
// big list, at four spaces in, with some lines written as the importers
// write them, and others of the kinds read directly.
func plainStations(n int) string {
	var b strings.Builder
	for i := range n {
		if i%50 == 0 {
			fmt.Fprintf(&b, "\n  # --- Constituency %d: 41 polling places.\n    # From the council's export.\n", i)
		}
		if i%4 == 1 {
			fmt.Fprintf(&b, "    - id: \"%d\"  # the council's id\n      location: {lat: 53.%d, lon: -3.49226}\n", i, i)
			fmt.Fprintf(&b, "      districts: [CN-RH%d, 'B %d', \"C\"]\n      flags: []\n      map: {}\n", i, i)
			continue
		}
		fmt.Fprintf(&b, "    - id: \"%d\"\n      constituency: E141%05d\n      name: Scout Hut %d\n", 1000000+i, i, i)
		fmt.Fprintf(&b, "      location:\n        lat: 50.%d\n        lon: -4.%d\n", 607568585438145+i, 589182527947193+i)
		fmt.Fprintf(&b, "      districts:\n        - D%d\n        - 'E %d'\n      electorate: %d\n", i, i, 900+i)
		if i%3 == 0 {
			b.WriteString("      ro_rating: green\n      accessible: true\n      notes: Ysgol Gynradd Llanfair, ŵ ŷ — rear door [ramp]\n\n")
		}
		if i%5 == 0 {
			b.WriteString("      opened: 2024-07-04\n      room: 1st Floor\n      hall: ~\n")
		}
	}
	return b.String()
}

// The way electplan writes a big list is read directly, exactly as the
// library reads it.
func TestPlainListsReadAsTheLibraryReadsThem(t *testing.T) {
	if !checkPlain(t, plainStations(200), 17) {
		t.Fatal("the plain list was left to the library")
	}
}

// plainScalars are scalars plainItems reads, and oddScalars ones it
// reads or leaves to the library.
var plainScalars = []string{
	"Scout Hut 3", "E14001438", `"1000000"`, "'quoted'", `""`, "''", "1155", "-4.589182527947193", "0", "-0", "0.5",
	"2024-07-04", "1st Floor", "Hall, Church St", "a:b", "10:30", "x]", "a [b]", "~", "null", "True", "false", "yes",
	"y", "Ysgol Gynradd Llanfair ŵ ŷ", "Ty'n y Coed", `say "hi"`, "a=b", "über", "nb\u00a0sp", "-1x", "trailing  ",
	"'a' ", "1e3", "0x1F", "007", "2029-04-10T19:00", "2029-02-30", "2024-7-4", "2024-07-04T10:00:00Z",
	"2024-07-04t10:00:00+01:00", "2024-07-04 10:00:00.5", "0000-00-00", "20240-07-04", "2024-", "2024-07-04x",
	"01234 567890", "10 Downing Street", "-1 x", "1 000", "0x1F 2", "1e3 x", "1st", "12 ",
}

var oddScalars = []string{
	"089", "1a34-x", "[a, b", "{a: b", "[a]x", "[a] #c", "1e3", "0x1F", "0o17", "1_000", "123456789012345678901234", "2024-07-04", "2024-07-04 10:00:00",
	"1st Floor", "Hall, Church St", "a:b", "10:30", "x]", "a [b]", "{x}", "[x]", "~", "null", "Null", "NULL",
	"true", "True", "TRUE", "false", "yes", "no", "on", "off", "y", "n", ".5", ".inf", "+1", "-", "-x", "-1x", "<<",
	"&a x", "*a", "!x", "|", ">", "%x", "@x", "`x", "?x", ": x", "a: b", "ends:", "x #y", "#x", "trailing  ",
	"'It''s'", `"a\"b"`, `"a\tb"`, "Ysgol Gynradd Llanfair ŵ ŷ", "smile 😀", "nb\u00a0sp", "bom\ufeff", "del\x7f",
	"bell\x07", "line\u2028sep", "para\u2029sep", "next\u0085line", "\ufffe", "\uffff", "\ue000", "\U0010FFFF", "'open", `"open`, `"a" b`, "'a' ", "=", "a=b", "über", "\xff\xfe", "Ty'n y Coed", `say "hi"`,
}

// scalar picks a scalar, mostly a plain one, sometimes a flow list or
// mapping of them, sometimes with a comment after it.
func scalar(rng *rand.Rand) string {
	var s string
	switch r := rng.IntN(50); {
	case r == 0:
		s = oddScalars[rng.IntN(len(oddScalars))]
	case r < 6:
		s = flowOf(rng)
	default:
		s = plainScalars[rng.IntN(len(plainScalars))]
	}
	if rng.IntN(10) == 0 {
		s += []string{" # a comment", "  #", "#not", " # x: [y]"}[rng.IntN(4)]
	}
	return s
}

// flowOf writes a flow list or mapping on one line.
func flowOf(rng *rand.Rand) string {
	gap := func() string { return strings.Repeat(" ", rng.IntN(2)) }
	open, closing := "[", "]"
	if rng.IntN(2) == 0 {
		open, closing = "{", "}"
	}
	var parts []string
	for range rng.IntN(4) {
		v := plainScalars[rng.IntN(len(plainScalars))]
		switch rng.IntN(20) {
		case 0:
			v = oddScalars[rng.IntN(len(oddScalars))]
		case 1, 2:
			v = flowOddScalars[rng.IntN(len(flowOddScalars))]
		}
		if open == "{" {
			v = plainKeys[rng.IntN(len(plainKeys))] + ":" + []string{" ", "", "  "}[rng.IntN(3)] + v
		}
		parts = append(parts, v)
	}
	sep := []string{", ", ",", " , "}[rng.IntN(3)]
	tail := ""
	if rng.IntN(30) == 0 {
		tail = ","
	}
	return open + gap() + strings.Join(parts, sep) + tail + gap() + closing
}

// flowOddScalars have in them what a flow may end a scalar at, or not.
var flowOddScalars = []string{
	"a?b", "a?", "a ?b", "b? ", "?", "x!y", "a&b", "a*b", "a|b", "a>b", "a%b", "a@b", "a`b", "a'b", `a"b`, "a=b",
	"a<b", "a-b", "-a", "a -b", "a#b", "a #b", "a:b", "a: b", "a]b", "a}b", "a,b", "a[b", "a{b", "'a,b'", `"a]b"`,
}

var plainKeys = []string{"id", "name", "lat", "y", "on", "true", "null", "_x", "k9", "Name", "9k", "a-b", `"q"`}

// genItems writes a random block list at indent.
func genItems(rng *rand.Rand, b *strings.Builder, indent, depth int) {
	pad := strings.Repeat(" ", indent)
	for range 1 + rng.IntN(3) {
		if rng.IntN(9) == 0 {
			b.WriteString("\n")
		}
		if rng.IntN(9) == 0 {
			b.WriteString(strings.Repeat(" ", rng.IntN(8)) + "# a comment line\n")
		}
		dash := "- " + strings.Repeat(" ", rng.IntN(2))
		if depth > 2 || rng.IntN(4) == 0 {
			b.WriteString(pad + dash + scalar(rng) + "\n")
			continue
		}
		genMapping(rng, b, indent+len(dash), depth+1, pad+dash)
	}
}

// genMapping writes a random block mapping at indent, its first line
// starting with first.
func genMapping(rng *rand.Rand, b *strings.Builder, indent, depth int, first string) {
	pad := strings.Repeat(" ", indent)
	for i := range 1 + rng.IntN(4) {
		lead := pad
		if i == 0 {
			lead = first
		}
		key := plainKeys[rng.IntN(len(plainKeys)-3)]
		if rng.IntN(50) == 0 {
			key = plainKeys[rng.IntN(len(plainKeys))]
		}
		if rng.IntN(200) == 0 {
			lead += " " // a key out of line
		}
		switch r := rng.IntN(10); {
		case depth > 3 || r < 6:
			b.WriteString(lead + key + ":" + strings.Repeat(" ", 1+rng.IntN(2)) + scalar(rng) + "\n")
			if rng.IntN(200) == 0 {
				b.WriteString(pad + "   continued\n")
			}
		case r < 8:
			b.WriteString(lead + key + ":\n")
			genMapping(rng, b, indent+2+rng.IntN(2)*2, depth+1, strings.Repeat(" ", indent+2))
		case r < 9:
			b.WriteString(lead + key + ":" + strings.Repeat(" ", rng.IntN(2)) + "\n")
			genItems(rng, b, indent+rng.IntN(3), depth+1)
		case rng.IntN(10) == 0:
			b.WriteString(lead + key + ":\n") // empty, or the next key's value
		default:
			b.WriteString(lead + key + ": " + scalar(rng) + "\n")
		}
	}
}

// Random lists, in the plain style and out of it: whatever plainItems
// reads, it reads as the library does; and it reads a good share.
func TestPlainItemsMatchTheLibraryOnRandomLists(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	read := 0
	const n = 20000
	for range n {
		var b strings.Builder
		genItems(rng, &b, rng.IntN(5), 0)
		if checkPlain(t, b.String(), 1+rng.IntN(1000)) {
			read++
		}
	}
	if read < n/3 {
		t.Errorf("plainItems read %d of %d random lists; most plain ones should be read", read, n)
	}
	t.Logf("read %d of %d", read, n)
}

func FuzzPlainItems(f *testing.F) {
	f.Add("- id: x\n  name: Hall\n  location:\n    lat: 51.5\n    lon: -0.1\n  districts:\n    - A1\n", 3)
	f.Add("  - a: 'b'\n    c: \"d\"\n  - e\n", 1)
	f.Add("- k: 1st\n- k: 2024-07-04\n", 1)
	f.Add("- a:\n  - b\n", 1)
	f.Add("- a:\n    b: c\n   d: e\n", 1)
	f.Add("- [a?b]\n- {a: b?}\n", 1)
	f.Add("  # a comment\n  - id: \"5120\"  # id\n    location: {lat: 53.3, lon: -3.4}\n    districts: [CN-RH1, 'ŵ', \"x\"]\n", 9)
	f.Fuzz(func(t *testing.T, text string, first int) {
		first = 1 + first&0xffff
		checkPlain(t, text, first)
	})
}

// Every scalar, as an item and as a value, plainItems reads as the
// library does or leaves to it.
func TestPlainScalarsReadAsTheLibraryReadsThem(t *testing.T) {
	extra := []string{".5", "+1", "<<", "-.5", "1.", "-", "00", "0.0", "-01", "1__0", "123456789012345678", "1234567890123456789"}
	read := 0
	for _, s := range append(append(extra, plainScalars...), oddScalars...) {
		for _, text := range []string{"- " + s + "\n", "  - k: " + s + "\n    j: x\n"} {
			if checkPlain(t, text, 3) {
				read++
			}
		}
	}
	if read < len(plainScalars) {
		t.Errorf("read %d of the scalars", read)
	}
	// A line further out than the list ends it, and the lot is not a list.
	if checkPlain(t, "  - a\n- b\n", 1) {
		t.Error("read a lot with a line further out than its list")
	}
}
