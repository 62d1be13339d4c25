package plan

import (
	"bytes"
	"regexp"
	"runtime"
	"slices"
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
// line numbers in lines, from 1).
type list struct {
	key        string
	start, end int
	items      []int
	lines      []int
}

// findList finds the longest block sequence under a top-level key, if it
// is most of the file.
func findList(data []byte) (list, bool) {
	var best, cur list
	indent := -1 // the current list's items' indent; -1 outside a list
	line := 0
	closeList := func(at int) {
		if indent >= 0 && len(cur.items) > 0 {
			cur.end = at
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
		switch {
		case bytes.HasPrefix(text, []byte("%")) && line < 3 || bytes.IndexByte(text, '\t') >= 0:
			return list{}, false // directives and tabs: leave the file whole
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
	// Cut at the first item at or after each nth of the list.
	cuts := []int{0} // indexes into l.items
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
	pieces := make([]yaml.Node, len(cuts))
	ok := make([]bool, len(cuts))
	var wg sync.WaitGroup
	for p, first := range cuts {
		wg.Go(func() {
			end := l.end
			if p+1 < len(cuts) {
				end = l.items[cuts[p+1]]
			}
			if p > 0 {
				if yaml.Unmarshal(data[l.items[first]:end], &pieces[p]) != nil {
					return
				}
				shiftLines(&pieces[p], l.lines[first]-1)
				ok[p] = true
				return
			}
			// The first piece is the file up to the second piece and
			// whatever follows the list, moved back down to its lines.
			text := slices.Concat(data[:end], data[l.end:])
			if yaml.Unmarshal(text, &pieces[0]) != nil {
				return
			}
			gap := bytes.Count(data[end:l.end], []byte("\n"))
			top, after := topPairs(&pieces[0], l.key)
			if top == nil {
				return
			}
			for _, n := range top.Content[after:] {
				shiftLines(n, gap)
			}
			ok[0] = true
		})
	}
	wg.Wait()
	for _, o := range ok {
		if !o {
			return false
		}
	}
	top, after := topPairs(&pieces[0], l.key)
	if top == nil || top.Content[after-1].Kind != yaml.SequenceNode {
		return false
	}
	seq := top.Content[after-1]
	for _, piece := range pieces[1:] {
		if len(piece.Content) != 1 || piece.Content[0].Kind != yaml.SequenceNode {
			return false
		}
		seq.Content = append(seq.Content, piece.Content[0].Content...)
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
