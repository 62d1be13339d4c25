package plan

import (
	"bytes"
	"regexp"
	"runtime"
	"sync"

	"go.yaml.in/yaml/v3"
)

// A big plan file is mostly one long list: a force's thousands of polling
// stations. Parsing YAML is most of the time spent reading such a file, so
// it is parsed in pieces on every core: the list is cut at lines that
// start an item, each piece is parsed on its own, and the items are put
// back in order with their own line numbers. What comes out is the tree
// the whole file parses to. Anything a piece cannot parse alone (a syntax
// error, an alias to an anchor in another piece) makes the whole file be
// parsed in one go, so problems are reported exactly as they always are.

// piecesFrom is the size of file from which it is parsed in pieces, and
// pieceBytes the least a piece is worth.
var (
	piecesFrom = 1 << 20
	pieceBytes = 256 << 10
)

// parseYAML parses data into root, in pieces if it is big.
func parseYAML(data []byte, root *yaml.Node) error {
	if len(data) >= piecesFrom {
		if list, ok := findList(data); ok {
			if parseInPieces(data, list, root) {
				return nil
			}
			*root = yaml.Node{}
		}
	}
	return yaml.Unmarshal(data, root)
}

// topKeyRE matches a top-level key whose value follows on the next lines.
var topKeyRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*):[ ]*(#.*)?\r?$`)

// list is the block sequence under a top-level key: the bytes from start
// to end hold its items, which start at the offsets in items (with their
// line numbers in lines, from 1); what follows it starts on line endLine.
type list struct {
	key        string
	start, end int
	endLine    int
	items      []int
	lines      []int
}

// otherBreaks are the line breaks YAML counts besides "\n" (and "\r\n"):
// next line, line separator and paragraph separator. A file with any of
// them, or a lone carriage return, is parsed whole, since the pieces'
// line numbers are counted in "\n".
var otherBreaks = []string{"\u0085", "\u2028", "\u2029"}

func hasOtherBreaks(data []byte) bool {
	for _, b := range otherBreaks {
		if bytes.Contains(data, []byte(b)) {
			return true
		}
	}
	for i := bytes.IndexByte(data, '\r'); i >= 0; {
		if i+1 >= len(data) || data[i+1] != '\n' {
			return true
		}
		next := bytes.IndexByte(data[i+1:], '\r')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// findList finds the longest block sequence under a top-level key, if it
// is most of the file.
func findList(data []byte) (list, bool) {
	if hasOtherBreaks(data) {
		return list{}, false
	}
	var best, cur list
	indent := -1 // the current list's items' indent; -1 outside a list
	line := 0
	content := false // whether the file has had anything but comments
	closeList := func(at int) {
		if indent >= 0 && len(cur.items) > 0 {
			cur.end, cur.endLine = at, line
			if cur.end-cur.start > best.end-best.start {
				best = cur
			}
		}
		indent = -1
	}
	for off := 0; off < len(data); {
		next := bytes.IndexByte(data[off:], '\n')
		if next < 0 {
			next = len(data)
		} else {
			next += off + 1
		}
		line++
		text := data[off:next]
		body := bytes.TrimLeft(text, " ")
		spaces := len(text) - len(body)
		trimmed := bytes.TrimRight(body, " \r\n")
		blank := len(trimmed) == 0 || trimmed[0] == '#'
		marker := bytes.HasPrefix(text, []byte("---")) || bytes.HasPrefix(text, []byte("..."))
		switch {
		case bytes.HasPrefix(text, []byte("%")) || bytes.IndexByte(text, '\t') >= 0 || marker && content:
			// Directives, tabs and a second document: leave the file whole.
			return list{}, false
		case blank:
		case indent >= 0 && len(cur.items) == 0:
			if isItem(trimmed) {
				indent = spaces
				cur.items, cur.lines = append(cur.items, off), append(cur.lines, line)
			} else {
				indent = -1
			}
		case indent >= 0 && spaces > indent:
		case indent >= 0 && spaces == indent && isItem(trimmed):
			cur.items, cur.lines = append(cur.items, off), append(cur.lines, line)
		default:
			closeList(off)
		}
		content = content || !blank && !marker
		if indent < 0 && spaces == 0 && !blank {
			if m := topKeyRE.FindSubmatch(bytes.TrimRight(text, "\n")); m != nil {
				cur = list{key: string(m[1]), start: next}
				indent = 0 // the list's indent is set by its first item
			}
		}
		off = next
	}
	closeList(len(data))
	return best, len(best.items) > 1 && 2*(best.end-best.start) >= len(data)
}

func isItem(trimmed []byte) bool {
	return trimmed[0] == '-' && (len(trimmed) == 1 || trimmed[1] == ' ')
}

// parseInPieces parses data with its list cut into pieces, reporting
// whether every piece parsed to what the whole would give.
func parseInPieces(data []byte, l list, root *yaml.Node) bool {
	n := min(runtime.GOMAXPROCS(0)*2, (l.end-l.start)/pieceBytes)
	if n < 2 {
		return false
	}
	// Cut after the first item, and at the first item at or after each
	// nth of the list.
	cuts := []int{0, 1} // indexes into l.items
	for k := 1; k < n; k++ {
		at := l.start + k*(l.end-l.start)/n
		i := cuts[len(cuts)-1] + 1
		for i < len(l.items) && l.items[i] < at {
			i++
		}
		if i < len(l.items) {
			cuts = append(cuts, i)
		}
	}
	// The first piece is the file up to the list's second item; the
	// others are lots of the list's items, read directly if they are
	// plain (see plainItems); the last is whatever follows the list,
	// parsed on its own too, so that each piece holds only what it would
	// hold in the whole file (an alias to an anchor in another piece is
	// an error, and the file is parsed whole).
	pieces := make([]yaml.Node, len(cuts)+1)
	ok := make([]bool, len(pieces))
	var wg sync.WaitGroup
	for p := range pieces {
		wg.Go(func() {
			from, end, line := 0, l.end, 1
			switch {
			case p == len(cuts):
				from, end, line = l.end, len(data), l.endLine
			case p > 0:
				from, line = l.items[cuts[p]], l.lines[cuts[p]]
			}
			if p+1 < len(cuts) {
				end = l.items[cuts[p+1]]
			}
			if 0 < p && p < len(cuts) {
				if items, read := plainItems(data[from:end], line); read {
					pieces[p].Kind = yaml.DocumentNode
					pieces[p].Content = []*yaml.Node{{Kind: yaml.SequenceNode, Tag: "!!seq", Content: items}}
					ok[p] = true
					return
				}
			}
			if yaml.Unmarshal(data[from:end], &pieces[p]) != nil {
				return
			}
			shiftLines(&pieces[p], line-1)
			ok[p] = true
		})
	}
	wg.Wait()
	for _, o := range ok {
		if !o {
			return false
		}
	}
	top, after := topPairs(&pieces[0], l.key)
	if top == nil || after != len(top.Content) || top.Content[after-1].Kind != yaml.SequenceNode {
		return false
	}
	seq := top.Content[after-1]
	for _, piece := range pieces[1 : len(pieces)-1] {
		if len(piece.Content) != 1 || piece.Content[0].Kind != yaml.SequenceNode {
			return false
		}
		seq.Content = append(seq.Content, piece.Content[0].Content...)
	}
	switch tail := &pieces[len(pieces)-1]; {
	case tail.Kind == 0 || tail.Kind == yaml.DocumentNode && len(tail.Content) == 0: // nothing but comments
	case tail.Kind == yaml.DocumentNode && len(tail.Content) == 1 && tail.Content[0].Kind == yaml.MappingNode &&
		tail.Content[0].Style == top.Style:
		top.Content = append(top.Content, tail.Content[0].Content...)
	default:
		return false
	}
	*root = pieces[0]
	return true
}

// topPairs finds key in a document's top-level map: the map, and the
// index just after key's value (0 if key is not there once).
func topPairs(doc *yaml.Node, key string) (*yaml.Node, int) {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, 0
	}
	top := doc.Content[0]
	after := 0
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == key {
			if after > 0 {
				return nil, 0
			}
			after = i + 2
		}
	}
	if after == 0 {
		return nil, 0
	}
	return top, after
}

// shiftLines moves a tree down by d lines.
func shiftLines(n *yaml.Node, d int) {
	n.Line += d
	for _, c := range n.Content {
		shiftLines(c, d)
	}
}
