package plan

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Most of a big list is written the plain way electplan itself writes
// YAML: block mappings and lists, one key and scalar a line, scalars plain
// or quoted without escapes, short flow lists and mappings of scalars on
// one line, comments; no anchors, tags or text over several lines. The
// YAML library reads that at about a microsecond a node, which on a whole
// country's polling stations is most of a second. plainItems reads a lot
// of such a list directly into the nodes the library makes, line and
// column included, and gives up on anything else, which the library then
// parses. So what it reads, it reads as the library does (the tests hold
// it to that on generated and fuzzed text), and what it does not, the
// library reads and reports as always. Comments are skipped: nothing in
// electplan reads them.

// plainLine is one line of a lot: its number, its indent, and its text
// after the indent, without the line break.
type plainLine struct {
	num, indent int
	text        []byte
}

// plainReader reads a lot's lines into nodes, which it takes from slabs
// (a big list has hundreds of thousands of them).
type plainReader struct {
	lines []plainLine
	i     int
	nodes []yaml.Node
	ptrs  []*yaml.Node
	keys  map[string]string // each key's text, made once
}

// plainItems reads data, the items of a block list starting on line
// first, into the list's item nodes, or reports that it cannot.
func plainItems(data []byte, first int) ([]*yaml.Node, bool) {
	r := plainReader{keys: map[string]string{}}
	if !r.split(data, first) || len(r.lines) == 0 {
		return nil, false
	}
	if !isDash(r.lines[0].text) {
		return nil, false
	}
	items, ok := r.seqItems(r.lines[0].indent, nil)
	return items, ok && r.i == len(r.lines) // no line further out than the list
}

// split cuts data into its lines that are neither blank nor comments,
// refusing any line with a character that is not printable (tabs and
// carriage returns among them).
func (r *plainReader) split(data []byte, first int) bool {
	r.lines = make([]plainLine, 0, bytes.Count(data, []byte("\n"))+1)
	num := first
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		line := data
		if end >= 0 {
			line, data = data[:end], data[end+1:]
		} else {
			data = nil
		}
		if !printable(line) {
			return false
		}
		text := bytes.TrimLeft(line, " ")
		if len(text) > 0 && text[0] != '#' {
			r.lines = append(r.lines, plainLine{num: num, indent: len(line) - len(text), text: text})
		}
		num++
	}
	return true
}

// at is where l's text from byte i starts: YAML counts columns in
// characters.
func (l plainLine) at(i int) plainLine {
	return plainLine{num: l.num, indent: l.indent + utf8.RuneCount(l.text[:i]), text: l.text[i:]}
}

func isDash(text []byte) bool {
	return text[0] == '-' && (len(text) == 1 || text[1] == ' ')
}

// node gives a new node from the slab.
func (r *plainReader) node(kind yaml.Kind, tag string, l plainLine) *yaml.Node {
	if len(r.nodes) == cap(r.nodes) {
		r.nodes = make([]yaml.Node, 0, 1024)
	}
	r.nodes = append(r.nodes, yaml.Node{Kind: kind, Tag: tag, Line: l.num, Column: l.indent + 1})
	return &r.nodes[len(r.nodes)-1]
}

// content gives n's children a slice of their own from the slab.
func (r *plainReader) content(n *yaml.Node, children []*yaml.Node) {
	if len(children) == 0 {
		return // as the library leaves an empty flow list or mapping
	}
	if len(r.ptrs)+len(children) > cap(r.ptrs) {
		r.ptrs = make([]*yaml.Node, 0, max(4096, len(children)))
	}
	from := len(r.ptrs)
	r.ptrs = append(r.ptrs, children...)
	n.Content = r.ptrs[from:len(r.ptrs):len(r.ptrs)]
}

// seqItems reads a block list's items at indent onto items.
func (r *plainReader) seqItems(indent int, items []*yaml.Node) ([]*yaml.Node, bool) {
	for r.i < len(r.lines) {
		l := r.lines[r.i]
		if l.indent < indent {
			break
		}
		if l.indent > indent || !isDash(l.text) {
			return nil, false
		}
		rest := bytes.TrimLeft(l.text[1:], " ")
		if len(rest) == 0 || isDash(rest) || rest[0] == '#' {
			return nil, false // an item on the next lines, or a list in a list
		}
		// The item's own text starts a line of its own, at its column.
		r.lines[r.i] = l.at(len(l.text) - len(rest))
		item, ok := r.value(r.lines[r.i].indent)
		if !ok {
			return nil, false
		}
		items = append(items, item)
	}
	return items, true
}

// value reads the mapping or scalar that starts on the current line, at
// indent.
func (r *plainReader) value(indent int) (*yaml.Node, bool) {
	if _, _, ok := keyOf(r.lines[r.i].text); ok {
		return r.mapping(indent)
	}
	l := r.lines[r.i]
	r.i++
	return r.scalar(l)
}

// keyOf splits a line "key: value" or "key:" into its key and the value
// after the spaces, if it is one.
func keyOf(text []byte) (key, rest []byte, ok bool) {
	i := 0
	for i < len(text) && (text[i] == '_' || 'a' <= text[i]|0x20 && text[i]|0x20 <= 'z' || i > 0 && '0' <= text[i] && text[i] <= '9') {
		i++
	}
	// (YAML takes a key of this kind only within 1,024 characters.)
	if i == 0 || i > 128 || i == len(text) || text[i] != ':' || i+1 < len(text) && text[i+1] != ' ' {
		return nil, nil, false
	}
	return text[:i], bytes.TrimLeft(text[i+1:], " "), true
}

// mapping reads a block mapping whose keys are at indent.
func (r *plainReader) mapping(indent int) (*yaml.Node, bool) {
	m := r.node(yaml.MappingNode, "!!map", r.lines[r.i])
	var pairs [32]*yaml.Node
	kv := pairs[:0]
	for r.i < len(r.lines) {
		l := r.lines[r.i]
		if l.indent < indent {
			break
		}
		key, rest, ok := keyOf(l.text)
		if l.indent > indent || !ok {
			return nil, false
		}
		k := r.node(yaml.ScalarNode, "", l)
		if k.Value, ok = r.keys[string(key)]; !ok {
			k.Value = string(key)
			r.keys[k.Value] = k.Value
		}
		k.Tag, _ = plainTag(k.Value) // a key is a word, which it always knows
		var v *yaml.Node
		if len(rest) > 0 && rest[0] != '#' { // the value on the same line
			r.i++
			v, ok = r.scalar(l.at(len(l.text) - len(rest)))
		} else { // a list or mapping on the lines after, further in
			r.i++
			if r.i == len(r.lines) || r.lines[r.i].indent <= indent {
				return nil, false // an empty value
			}
			in := r.lines[r.i].indent
			if isDash(r.lines[r.i].text) {
				v = r.node(yaml.SequenceNode, "!!seq", r.lines[r.i])
				var items []*yaml.Node
				items, ok = r.seqItems(in, nil)
				r.content(v, items)
			} else {
				v, ok = r.mapping(in)
			}
			if ok && r.i < len(r.lines) && r.lines[r.i].indent > indent {
				return nil, false // the value's lines end further in than the key
			}
		}
		if !ok {
			return nil, false
		}
		kv = append(kv, k, v)
	}
	r.content(m, kv)
	return m, true
}

// scalar reads a scalar or a flow list or mapping that is the whole of
// l's text, but for a comment.
func (r *plainReader) scalar(l plainLine) (*yaml.Node, bool) {
	var n *yaml.Node
	var used int
	ok := false
	if c := l.text[0]; c == '[' || c == '{' {
		n, used, ok = r.flow(l)
	} else {
		n, used, ok = r.scalarAt(l, 0, false)
	}
	return n, ok && ends(l.text[used:])
}

// ends reports whether the rest of a line is blank or a comment.
func ends(rest []byte) bool {
	t := bytes.TrimLeft(rest, " ")
	return len(t) == 0 || t[0] == '#' && len(t) < len(rest)
}

// scalarAt reads the scalar at l.text[at:], in a flow list or mapping
// if flow, giving its node and where it ends.
func (r *plainReader) scalarAt(l plainLine, at int, flow bool) (*yaml.Node, int, bool) {
	text := l.text[at:]
	here := l.at(at)
	switch c := text[0]; c {
	case '"', '\'':
		end := bytes.IndexByte(text[1:], c) + 1
		if end == 0 || bytes.IndexByte(text[1:end], '\\') >= 0 {
			return nil, 0, false
		}
		n := r.node(yaml.ScalarNode, "!!str", here)
		n.Value = string(text[1:end])
		n.Style = yaml.DoubleQuotedStyle
		if c == '\'' {
			n.Style = yaml.SingleQuotedStyle
		}
		return n, at + end + 1, true
	case '-':
		if len(text) < 2 || text[1] < '0' || text[1] > '9' {
			return nil, 0, false
		}
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`', '<', '.', '+':
		return nil, 0, false
	}
	end := len(text)
	if i := bytes.Index(text, []byte(" #")); i >= 0 {
		end = i
	}
	if flow {
		if i := bytes.IndexAny(text[:end], ",]}"); i >= 0 {
			end = i
		}
		if bytes.ContainsAny(text[:end], ":#[{?") { // '?' too ends a plain scalar in a flow
			return nil, 0, false
		}
	}
	used := end
	text = bytes.TrimRight(text[:end], " ")
	if text[len(text)-1] == ':' || bytes.Contains(text, []byte(": ")) {
		return nil, 0, false
	}
	n := r.node(yaml.ScalarNode, "", here)
	n.Value = string(text)
	var ok bool
	if n.Tag, ok = plainTag(n.Value); !ok {
		n.Tag, ok = libraryTag(n.Value)
	}
	return n, at + used, ok
}

// flow reads a flow list or mapping of scalars on one line, at the
// start of l's text, giving its node and where it ends.
func (r *plainReader) flow(l plainLine) (*yaml.Node, int, bool) {
	text := l.text
	n := r.node(yaml.SequenceNode, "!!seq", l)
	closing := byte(']')
	if text[0] == '{' {
		n.Kind, n.Tag, closing = yaml.MappingNode, "!!map", '}'
	}
	n.Style = yaml.FlowStyle
	var kids [16]*yaml.Node
	c := kids[:0]
	skip := func(i int) int {
		for i < len(text) && text[i] == ' ' {
			i++
		}
		return i
	}
	i := skip(1)
	for i < len(text) && text[i] != closing {
		if closing == '}' {
			key, rest, ok := keyOf(text[i:])
			if !ok || len(rest) == 0 {
				return nil, 0, false
			}
			k := r.node(yaml.ScalarNode, "", l.at(i))
			k.Value = string(key)
			k.Tag, _ = plainTag(k.Value) // a word, as above
			c = append(c, k)
			i = len(text) - len(rest)
		}
		v, end, ok := r.scalarAt(l, i, true)
		if !ok {
			return nil, 0, false
		}
		c = append(c, v)
		i = skip(end)
		if i < len(text) && text[i] == ',' {
			if i = skip(i + 1); i < len(text) && text[i] == closing {
				return nil, 0, false // an empty entry
			}
		} else if i < len(text) && text[i] != closing {
			return nil, 0, false
		}
	}
	if i == len(text) {
		return nil, 0, false // more lines
	}
	r.content(n, c)
	return n, i + 1, true
}

// timestampLayouts are the forms of date and time the YAML library takes
// a plain scalar starting "YYYY-" as: anything else so starting is text.
var timestampLayouts = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

func isDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// libraryTag asks the YAML library what a plain scalar resolves to, for
// the few that plainTag does not know ("1st", "0123").
func libraryTag(s string) (string, bool) {
	var doc yaml.Node
	if yaml.Unmarshal([]byte(s), &doc) != nil || len(doc.Content) != 1 {
		return "", false
	}
	n := doc.Content[0]
	return n.Tag, n.Kind == yaml.ScalarNode && n.Style == 0 && n.Value == s
}

// printable reports whether s is text YAML takes as it is, on one
// line: printable characters of the Basic Multilingual Plane, none that
// YAML counts as a line break.
func printable(s []byte) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r < 0xa0 || r > 0xfffd || r == 0x2028 || r == 0x2029 || r == utf8.RuneError && size == 1 {
			return false // r < 0xa0 includes next line, U+0085
		}
		i += size
	}
	return true
}

// plainTag is the tag the YAML library resolves a plain scalar to, for
// the scalars it knows at sight: a decimal integer or fraction, a date,
// true, false or null as YAML 1.2 spells them, or text that cannot be a
// number or a date (a space rules out any number YAML reads).
func plainTag(s string) (string, bool) {
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool", true
	case "~", "null", "Null", "NULL":
		return "!!null", true
	}
	c := s[0] // never '.', '+' or '<', which the reader leaves to the library
	if c != '-' && (c < '0' || c > '9') {
		return "!!str", true
	}
	if len(s) > 4 && s[4] == '-' && isDigits(s[:4]) { // a date, or text
		for _, layout := range timestampLayouts {
			if _, err := time.Parse(layout, s); err == nil {
				return "!!timestamp", true
			}
		}
		return "!!str", true
	}
	if strings.IndexByte(s, ' ') >= 0 { // no number has a space: "01234 567890"
		return "!!str", true
	}
	i := 0
	if c == '-' {
		i++
	}
	digits := i
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	whole := i - digits
	if whole == 0 || whole > 18 || whole > 1 && s[digits] == '0' {
		return "", false
	}
	if i == len(s) {
		return "!!int", true
	}
	if s[i] != '.' {
		return "", false
	}
	i++
	frac := i
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i != len(s) || i == frac || i-frac > 30 {
		return "", false
	}
	return "!!float", true
}
